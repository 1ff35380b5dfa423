"""Court opinions and agency decisions: the caption over the opinion as its
title page, the case's name as the title, a web copy's panel label, quoted
statute text cited on the next line, and the closed compounds of legal
English at line ends."""

from __future__ import annotations

import pytest

from conftest import norm
from readerbook.model import BlockQuote, Heading, ListBlock, Paragraph, inline_text, iter_blocks
from readerbook.normalize.caption import case_name_style
from readerbook.normalize.unwrap import Lexicon

LONG = (
    "This matter comes before the court on the motion of the defendants to dismiss the complaint, "
    "which the parties have fully briefed, and the court now rules on it for the reasons below."
)
MORE = (
    "The plaintiffs are tenants of the housing of the city and an association of them, and they allege "
    "that the ordinance burdens their right to petition the council in several ways."
)


def paragraphs(doc) -> list[str]:
    return [inline_text(b.inlines) for b in doc.blocks if isinstance(b, Paragraph)]


def headings(doc) -> list[str]:
    return [inline_text(b.inlines) for b in doc.blocks if isinstance(b, Heading)]


def front(doc) -> list[str]:
    return [c.text for c in doc.changes if c.kind == "front-matter" and c.lines]


WEB_COPY = f"""
Court: U.S. District Court — District of Eastland
Docket Number(s): 2:19CV100
Date: May 1, 2021

Case Description
512 F.Supp.3d 100

RIVERTON TENANTS UNION, the Riverton Housing Council, Ann Smith, and Bob Jones, Plaintiffs,
v.
The CITY OF RIVERTON, Mary Doe, in her official capacity as Mayor of Riverton, Defendants,
and
Carl Poe, in his official capacity as Clerk of the Council, Defendant-Intervenor.

2:19CV100
United States District Court, D. Eastland.

Signed May 1, 2021

Jane Roe, Roe & Partners LLP, Springfield, for Plaintiffs.

MEMORANDUM OPINION AND ORDER

SMITH, JR., District Judge

{LONG}

I. BACKGROUND

{MORE}
"""


def test_a_web_copys_caption_is_its_title_page_and_the_case_its_title():
    doc = norm(WEB_COPY)
    # The first party named on each side, "The" dropped, out of capitals.
    assert doc.meta.title == "Riverton Tenants Union v. City of Riverton"
    assert doc.meta.author is None
    assert headings(doc) == ["I. BACKGROUND"]
    taken = front(doc)
    for line in ("512 F.Supp.3d 100", "v.", "and", "2:19CV100", "United States District Court, D. Eastland.",
                 "Signed May 1, 2021", "MEMORANDUM OPINION AND ORDER"):  # fmt: skip
        assert line in taken
    assert any(t.startswith("RIVERTON TENANTS UNION") for t in taken)
    assert any(t.startswith("Carl Poe") for t in taken)
    # Counsel written as a sentence, the byline and the opinion stay.
    assert paragraphs(doc)[:3] == [
        "Jane Roe, Roe & Partners LLP, Springfield, for Plaintiffs.",
        "SMITH, JR., District Judge",
        LONG,
    ]


def test_a_web_pages_panel_label_under_its_fields_is_removed_and_recorded():
    doc = norm(WEB_COPY)
    [label] = [c for c in doc.changes if c.text == "Case Description"]
    assert label.kind == "removed" and "panel label" in label.detail and label.lines == (5,)
    everything = " ".join(inline_text(s) for b in iter_blocks(doc.blocks) for s in [getattr(b, "inlines", [])])
    assert "Case Description" not in everything


def test_a_panel_label_must_stand_under_the_fields():
    doc = norm(f"Case Description\n\n{LONG}\n\n{MORE}\n")
    assert not any(c.kind == "removed" and c.text == "Case Description" for c in doc.changes)


def test_a_matters_caption_fields_are_no_paragraphs_but_its_headnote_is():
    doc = norm(f"""
        Matter of John DOE, Respondent
        Decided March 3, 2021
        U.S. Department of Justice Executive Office for Immigration Review Board of Immigration Appeals
        A conviction under a statute that lists its substances in the alternative is divisible, so the record decides.
        FOR RESPONDENT: Ann Lee, Esquire, Newark, New Jersey
        FOR THE DEPARTMENT OF HOMELAND SECURITY: Sam Park, Assistant Chief Counsel
        BEFORE: Board Panel: SMITH and JONES, Appellate Immigration Judges.
        SMITH, Appellate Immigration Judge:
        {LONG}
        I. ISSUE
        {MORE}
        """)
    assert doc.meta.title == "Matter of John DOE, Respondent"
    paras = paragraphs(doc)
    assert paras[0].startswith("A conviction under a statute")
    assert paras[1] == "SMITH, Appellate Immigration Judge:"
    assert not any(p.startswith(("FOR ", "BEFORE", "Decided", "U.S. Department")) for p in paras)
    assert headings(doc) == ["I. ISSUE"]


def test_a_party_named_with_its_firm_keeps_it_and_a_caption_without_connector_is_none():
    doc = norm(f"""
        IN THE SUPREME COURT OF EASTLAND

        No. 12A34-5

        Filed 2 March 2022

        ACME WIDGETS, INC., and BETA TOOLS, LLC, Plaintiffs,

        v.

        STATE OF EASTLAND, ex rel. JOHN ROE, GOVERNOR, in his official capacity.

        {LONG}

        HUDSON, Justice.

        {MORE}
        """)
    assert doc.meta.title == "Acme Widgets, Inc. v. State of Eastland"
    assert "IN THE SUPREME COURT OF EASTLAND" in front(doc) and "No. 12A34-5" in front(doc)
    assert paragraphs(doc)[0] == LONG  # the procedural history before the byline is the court's prose
    plain = norm(f"IN THE SUPREME COURT OF EASTLAND\n\nNo. 12A34-5\n\n{LONG}\n\n{MORE}\n")
    assert not any("court caption" in c.detail for c in plain.changes)


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("GIFT SURPLUS, LLC V. STATE EX REL. COOPER", "Gift Surplus, LLC v. State ex rel. Cooper"),
        ("FISHER v. UNIVERSITY OF TEXAS AT AUSTIN", "Fisher v. University of Texas at Austin"),
        ("Tarrant Regional Water Dist. v. Herrmann", "Tarrant Regional Water Dist. v. Herrmann"),
        ("A REPORT ON THE HARBOUR", "A REPORT ON THE HARBOUR"),  # no case: left as it is
    ],
)
def test_a_cases_name_is_written_as_a_case_is(head, title):
    assert case_name_style(head) == title


STATUTE = f"""
{LONG}

Plaintiffs further challenge the section that restricts who may deliver a completed ballot. It reads:

(b) Delivering Ballots to the Board.--The sealed envelope in which a ballot has been placed shall be delivered to the board by the voter.

(1) All ballots issued under this Article shall be delivered by mail or in person by the voter or a near relative.
Gen. Stat. § 163-231(b)(1). Subsection (b)(1) has been in force since 1967.

{MORE}

The terms "vote" or "voting" shall include all action necessary to make a vote effective in any election.
Id. § 10310(c)(1).

{LONG}
"""


def test_statute_text_its_citation_follows_on_the_next_line_is_a_block_quotation():
    doc = norm(STATUTE)
    quotes = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 2
    first = [inline_text(p.inlines) for p in quotes[0].blocks]
    assert [t[:4] for t in first] == ["(b) ", "(1) "]  # each subsection a paragraph of it, not a list item
    assert not any(isinstance(b, ListBlock) for b in iter_blocks(doc.blocks))
    assert inline_text(quotes[1].blocks[0].inlines).startswith("The terms")
    # The citations stay the author's paragraphs.
    assert "Id. § 10310(c)(1)." in paragraphs(doc)
    assert any(p.startswith("Gen. Stat. § 163") and p.endswith("since 1967.") for p in paragraphs(doc))


def test_a_paragraph_followed_by_prose_on_the_next_line_is_no_quotation():
    doc = norm(f"{LONG}\n\n{MORE}\nThe council answered the complaint in the spring.\n\n{LONG}\n")
    assert not any(isinstance(b, BlockQuote) for b in doc.blocks)


@pytest.mark.parametrize("word", ["hereinafter", "thereof", "whereupon", "heretofore", "therein"])
def test_legal_englishs_closed_compounds_join_at_a_line_end(word):
    for at in range(4, len(word) - 2):
        keep, why = Lexicon().decide_hyphen(word[:at], word[at:])
        assert not keep, (word[:at], why)


def test_only_the_particles_make_a_closed_compound():
    lexicon = Lexicon()
    lexicon.add_text("here and there, now and then")
    keep, why = lexicon.decide_hyphen("here", "and")  # "here-and-now": two words of the book
    assert keep and "both words" in why


OPINION_CSS = """
@page { size: A5; margin: 2.2cm 1.8cm;
  @top-center { content: "ACME WIDGETS, INC. v. STATE EX REL. ROE"; font-size: 9pt; } }
@page :first { @top-center { content: none; } }
body { font-family: serif; font-size: 11pt; line-height: 1.35; text-align: justify; }
p { margin: 0; text-indent: 1.5em; }
.c { text-align: center; text-indent: 0; margin: 6pt 0; }
.l { text-indent: 0; margin: 6pt 0; }
"""
OPINION = (
    "<p class='c'>IN THE SUPREME COURT OF EASTLAND</p><p class='c'>No. 12A34-5</p>"
    "<p class='c'>Filed 2 March 2022</p><p class='l'>ACME WIDGETS, INC., Plaintiff,</p><p class='c'>v.</p>"
    "<p class='l'>STATE OF EASTLAND, ex rel. JOHN ROE, GOVERNOR, in his official capacity.</p>"
    "<p class='l'>HUDSON, Justice.</p>" + f"<p>{LONG * 4}</p><p>{MORE * 4}</p>" * 4
)


@pytest.mark.layout
def test_a_pdf_opinions_running_head_names_the_case(tmp_path):
    weasyprint = pytest.importorskip("weasyprint")
    from readerbook.api import normalize_file

    path = tmp_path / "opinion.pdf"
    html = (
        f"<html lang='en'><head><meta charset='utf-8'><style>{OPINION_CSS}</style></head><body>{OPINION}</body></html>"
    )
    weasyprint.HTML(string=html).write_pdf(path)
    doc, _ = normalize_file(path)
    assert sum(c.detail == "running head" for c in doc.changes) >= 3
    # The running head's name of the case, not the caption's first parties (no "ex rel." there).
    assert doc.meta.title == "Acme Widgets, Inc. v. State ex rel. Roe"
    assert any("No. 12A34-5" in t for t in front(doc)) and "v." in front(doc)
    # The side after "v." is the caption's too, though the display lines above stop at the "v.".
    assert paragraphs(doc)[0] == "HUDSON, Justice."


def test_the_caption_repeated_over_each_opinion_is_taken_and_the_opinions_stay():
    doc = norm(f"""
        {LONG}

        {MORE}

        SUPREME COURT OF EASTLAND

        Syllabus

        JANE ROE, PETITIONER v. CITY OF RIVERTON ET AL.

        ON WRIT OF CERTIORARI TO THE COURT OF APPEALS FOR

        THE NORTHERN CIRCUIT

        [June 24, 2013]

        JUSTICE SMITH, dissenting.

        {LONG}
        """)
    over = [c.text for c in doc.changes if c.detail == "court caption over an opinion taken as front matter"]
    assert over == [
        "SUPREME COURT OF EASTLAND",
        "JANE ROE, PETITIONER v. CITY OF RIVERTON ET AL.",
        "ON WRIT OF CERTIORARI TO THE COURT OF APPEALS FOR",
        "THE NORTHERN CIRCUIT",
        "[June 24, 2013]",
    ]
    assert "Syllabus" in headings(doc)  # the division's label between the court and the parties stays
    assert paragraphs(doc)[-2:] == ["JUSTICE SMITH, dissenting.", LONG]
    assert paragraphs(doc)[:2] == [LONG, MORE]


def test_matter_of_fact_is_no_caption():
    doc = norm(f"Matter of fact, the council never met that spring.\n\nFiled 2 March 2022\n\n{LONG}\n\n{MORE}\n")
    assert not any("caption" in c.detail for c in doc.changes)
    assert "Filed 2 March 2022" in paragraphs(doc)


def test_a_running_head_that_names_no_case_makes_no_caption():
    from readerbook.normalize.caption import division_captions
    from readerbook.normalize.state import Unit

    units = [Unit(t, [(0, n)]) for n, t in enumerate(["A REPORT ON THE HARBOUR", "Filed 2 March 2022", LONG], 1)]
    assert division_captions(units, "A REPORT ON THE HARBOUR") == []
    case = [units[1], Unit("ROE v. DOE ET AL.", [(0, 4)]), units[2]]
    assert division_captions(case, "ROE v. DOE") == [0, 1]  # the case's name, and the date filed above it


def test_a_judges_byline_ending_in_a_colon_introduces_the_opinion_not_a_quotation():
    doc = norm(f"""
        Matter of John DOE, Respondent
        SMITH, Appellate Immigration Judge:
        {LONG}
        I. ISSUE
        {MORE}
        """)
    assert not any(isinstance(b, BlockQuote) for b in doc.blocks)
    assert LONG in paragraphs(doc)
