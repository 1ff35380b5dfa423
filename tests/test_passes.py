"""Unit tests, one group per normalization pass."""

from __future__ import annotations

from conftest import norm, norm_diag
from readerbook.model import (
    BlockQuote,
    Epigraph,
    FigurePlaceholder,
    Heading,
    Letter,
    ListBlock,
    Paragraph,
    SectionBreak,
    inline_text,
)
from readerbook.normalize.unwrap import Lexicon

LONG = (
    "This sentence is long enough to look like the body of a paragraph in an ordinary essay, "
    "and it goes on for a while so that the detectors see a real paragraph here."
)


def texts(doc, kind=Paragraph):
    return [inline_text(b.inlines) for b in doc.blocks if isinstance(b, kind)]


def kinds(doc, name):
    return [c for c in doc.changes if c.kind == name]


# ------------------------------------------------------------ emendations


def test_emendation_applied_and_recorded():
    from readerbook.manifest import Emendation

    doc = norm(f"{LONG}\n\nIf 1 thought so, {LONG}\n", emendations=(Emendation("If 1 thought", "If I thought", "OCR"),))
    assert any("If I thought" in t for t in texts(doc))
    [change] = kinds(doc, "emendation")
    assert change.lines == (3,) and "OCR" in change.detail


def test_emendation_that_matches_nothing_fails_naming_book_yaml():
    import pytest

    from readerbook.diagnostics import ReaderbookError
    from readerbook.manifest import Emendation

    with pytest.raises(ReaderbookError) as err:
        norm(LONG, emendations=(Emendation("nowhere", "x", "why", 1, 12),))
    d = err.value.diagnostics[0]
    assert d.code == "RB301" and d.path == "book.yaml" and d.line == 12


# ------------------------------------------------------------ layout


def test_layout_detection():
    assert norm(f"{LONG}\n\n{LONG}\n\n{LONG}\n").layout == "blocks"
    assert norm(f"{LONG}\n{LONG}\n{LONG}\n{LONG}\n").layout == "lines"
    wrapped = "\n".join(["A line of hard-wrapped prose, about seventy characters in all, runs on"] * 12)
    assert norm(wrapped).layout == "wrapped"


def test_layout_override_decides_the_paragraphs():
    """book.yaml's layout is not only recorded: the text is read by it."""
    wrapped = "\n".join(
        [
            "The first line of a hard-wrapped paragraph runs on past the middle",
            "of the page, and the second line carries the same sentence further",
            "along, while the third line brings it at last to its full stop.",
        ]
        * 4
    )
    lines = set(wrapped.splitlines())
    detected = norm(wrapped)
    assert detected.layout == "wrapped" and any(p not in lines for p in texts(detected))  # lines joined
    as_lines = norm(wrapped, layout="lines")
    assert as_lines.layout == "lines"
    assert len(texts(as_lines)) > 1 and all(p in lines for p in texts(as_lines))  # never joined


# ------------------------------------------------------------ unwrap and hyphens


def test_wrapped_lines_join_into_paragraphs():
    doc = norm("""
        The first paragraph of a hard-wrapped text runs over several lines of
        roughly the same width, the way a PDF extraction or an e-text does it,
        and ends here with a full stop.

        The second paragraph starts after a blank line and also runs over more
        than one line of text before it comes to its end with a full stop too.
        """)
    assert doc.layout == "wrapped"
    paras = texts(doc)
    assert len(paras) == 2
    assert paras[0].startswith("The first paragraph") and paras[0].endswith("full stop.")
    assert "lines of roughly" in paras[0]


def test_hyphen_decisions_use_book_evidence():
    lex = Lexicon()
    lex.add_text("the petty-bourgeois layer; a revolutionary party; twenty three volume")
    assert lex.decide_hyphen("revolu", "tionary") == (False, "'revolutionary' is spelt closed elsewhere in the book")
    assert lex.decide_hyphen("petty", "bourgeois")[0] is True
    assert lex.decide_hyphen("Russo", "Japanese")[0] is True
    assert lex.decide_hyphen("twenty", "three")[0] is True
    assert lex.decide_hyphen("insur", "rection")[0] is False


def test_line_end_hyphen_in_wrapped_text_is_recorded():
    doc = norm("""
        In the years before the war the movement was, in the main, a revolu-
        tionary one, and the petty-bourgeois intellectuals who led it were at
        home in every petty-bourgeois salon of the capital, where the petty-
        bourgeois reader found them, and they wrote at length about it all.
        """)
    text = texts(doc)[0]
    assert "revolutionary" in text and "petty-bourgeois reader" in text
    decisions = {c.kind for c in doc.changes if "hyphen" in c.kind}
    assert decisions == {"joined-hyphen", "kept-hyphen"}


def test_dash_at_line_end_joins_without_space():
    doc = norm("""
        A new theory of the state and of the party, which the author describes—
        “socialism in one country”—was adopted in its stead by the congress of
        the party at the end of the year, and the matter was settled for them.
        """)
    assert "describes—“socialism" in texts(doc)[0]


# ------------------------------------------------------------ page furniture


def test_page_numbers_running_heads_and_footnote_blocks():
    page = (
        "Body text that runs across the page in lines of a similar width, as a\n"
        "typeset page does when it is extracted to text by a PDF tool today,\n"
    )
    text = (
        page * 3
        + "and the sentence goes on across the page break into the next page\n\f"
        + "THE HISTORY OF THE PARTY                    12\n"
        + "where it ends at last.\n\n"
        + page * 3
        + "with a full stop.\n\f"
        + "THE HISTORY OF THE PARTY                    13\n"
        + page * 3
        + "and the end.\n\f"
        + "THE HISTORY OF THE PARTY                    14\n"
        + page * 2
        + "and that is all.\n"
    )
    doc = norm(text, dedent=False)
    removed = [c.detail for c in kinds(doc, "removed")]
    assert removed.count("running head") == 3
    assert "form feed (page break)" in removed
    assert "where it ends at last" in texts(doc)[0]  # joined across the page break


def test_isolated_page_number_removed():
    body = "A line of hard-wrapped prose, about seventy characters in all, runs on\n" * 8
    doc = norm(body + "ending here.\n\n\n28\n\n" + body + "ending too.\n", dedent=False)
    assert [c.text for c in kinds(doc, "removed")] == ["28"]
    assert not any(t.strip() == "28" for t in texts(doc))


def test_year_on_its_own_line_is_not_a_page_number():
    doc = norm(f"{LONG}\nPost-October\n1918\n{LONG}\n{LONG}\n")
    assert [inline_text(h.inlines) for h in doc.blocks if isinstance(h, Heading)] == ["Post-October", "1918"]


# ------------------------------------------------------------ web debris


def test_caption_debris_and_trailer_removed():
    doc = norm(f"""
        {LONG}

        Portrait of Lenin Image public domainLenin in 1920 / Image: public domain

        {LONG}

        Last updated on 5 August 2009
        """)
    reasons = [c.detail for c in kinds(doc, "removed")]
    assert reasons == ["image caption and credit (web debris)", "web page trailer"]
    assert len(texts(doc)) == 2
    assert not [b for b in doc.blocks if isinstance(b, SectionBreak)]


# ------------------------------------------------------------ front matter


def test_title_author_subtitle():
    doc = norm(f"""
        On the Problem of Things

        Jane Q. Writer

        Things: A Study; Or, the Long History of Things

        {LONG}
        """)
    assert (doc.meta.title, doc.meta.author, doc.meta.subtitle) == (
        "On the Problem of Things",
        "Jane Q. Writer",
        "Things: A Study; Or, the Long History of Things",
    )


def test_author_first_then_title():
    doc = norm(f"Tony Writer\n\nA Book About Things\n\n4. The First Chapter\n\n{LONG}\n\n{LONG}\n")
    # one chapter of a book: the chapter is the text's title, the book its subtitle
    assert (doc.meta.author, doc.meta.title, doc.meta.subtitle) == (
        "Tony Writer",
        "The First Chapter",
        "A Book About Things",
    )
    assert isinstance(doc.blocks[0], Heading) and doc.blocks[0].level == 2


def test_section_label_is_not_a_title():
    doc = norm(f"PREFACE\n\n{LONG}\n\nINTRODUCTION\n\n{LONG}\n")
    assert doc.meta.title is None
    assert len([b for b in doc.blocks if isinstance(b, Heading)]) == 2


# ------------------------------------------------------------ structure


def test_headings_not_fooled_by_questions_slogans_or_quotes():
    doc = norm(f"""
        {LONG}

        What is needed?

        {LONG}

        “Enrich Yourselves!”

        {LONG}

        Bolshevisation of all strata of the party!

        {LONG}
        """)
    assert [inline_text(b.inlines) for b in doc.blocks if isinstance(b, Heading)] == ["“Enrich Yourselves!”"]


def test_chapter_label_and_title_merge():
    doc = norm(f"CHAPTER I\n\nA VISION\n\n{LONG}\n\n{LONG}\n")
    h = doc.blocks[0]
    assert isinstance(h, Heading) and h.label == "CHAPTER I" and inline_text(h.inlines) == "A VISION"


def test_epigraph_with_attribution():
    doc = norm(f"""
        Title of an Essay
        “In a word, everything that was said is contradicted by what was done, and that is the point.”
        Someone’s letter to Another, 1913
        Introduction
        {LONG}
        {LONG}
        """)
    ep = doc.blocks[0]
    assert isinstance(ep, Epigraph) and inline_text(ep.attribution) == "Someone’s letter to Another, 1913"


def test_block_quotes_by_signals():
    doc = norm(f"""
        {LONG}

        He describes the position of the newspaper in March thus:

        … an extreme confusion of political perspectives, which was made worse by the events of the week.

        … During this same period, and even weeks earlier, the leader was thundering in his letters.

        {LONG}
        """)
    quotes = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 1 and len(quotes[0].blocks) == 2


def test_editor_marks_block_quotes():
    doc = norm(
        f"{LONG}\n\nA plain paragraph the editor knows to be a quotation, with nothing to say so.\n\n{LONG}\n",
        block_quotes=("A plain paragraph the editor",),
    )
    assert any(isinstance(b, BlockQuote) for b in doc.blocks)


def test_bracket_labelled_lines_without_references_are_a_list():
    doc = norm(f"""
        {LONG} It required the following:
        [1] Acceptance of the party program,
        [2] Financial support of the party
        [3] Membership and participation in a party organization
        {LONG}
        """)
    [lst] = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert len(lst.items) == 3 and lst.labels == ["[1]", "[2]", "[3]"]
    assert not doc.notes


def test_letter_with_salutation_signature_and_date():
    doc = norm(f"""
        {LONG}

        A letter to the Plenum of the Central Committee

        Dear comrades,

        {LONG}

        1. I considered and consider now that I could bring forward objections of principle.

        {LONG}

        (Signed) L. Writer

        January, 15, 1925

        {LONG}
        """)
    [letter] = [b for b in doc.blocks if isinstance(b, Letter)]
    assert [p.kind for p in letter.blocks] == [
        "letter-title",
        "salutation",
        "body",
        "body",
        "body",
        "signature",
        "dateline",
    ]


def test_figure_reference_becomes_placeholder():
    doc = norm(f"{LONG}\n\nFig 1. The implied history of the movement\n\n{LONG}\n")
    [fig] = [b for b in doc.blocks if isinstance(b, FigurePlaceholder)]
    assert inline_text(fig.caption) == "Fig 1. The implied history of the movement"


def test_double_blank_lines_are_a_section_break():
    doc = norm(f"{LONG}\n\n\n{LONG}\n\n{LONG}\n")
    assert isinstance(doc.blocks[1], SectionBreak)


def test_narrow_paragraph_in_wrapped_text_is_a_block_quote():
    body = "A line of hard-wrapped prose, about seventy-five characters long, runs on\n"
    quote = "and a quoted passage set to a measure narrower than that\n"
    doc = norm(body * 5 + "to the end.\n\n" + quote * 4 + "ends.\n\n" + body * 5 + "done.\n", dedent=False)
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "BlockQuote", "Paragraph"]


# ------------------------------------------------------------ typography


def test_typography():
    doc = norm(f"""He said "it's the 'real' thing" -- and pp. 12-14 say so... V. I. Lenin agreed. {LONG}\n""")
    t = texts(doc)[0]
    assert "“it’s the ‘real’ thing”" in t
    assert "—" in t and "pp.\u00a012–14" in t and "so…" in t and "V.\u00a0I.\u00a0Lenin" in t


def test_typography_is_idempotent_on_curly_text():
    doc = norm("“Already curly,” she said — it’s fine… and pp.\u00a012–14 too. " + LONG + "\n")
    assert texts(doc)[0].startswith("“Already curly,” she said — it’s fine… and pp.\u00a012–14 too.")


# ------------------------------------------------------------ decoding


def test_warnings_name_file_and_line():
    _, d = norm_diag(f"{LONG} [1]\n\n{LONG} [3]\n\n1. A note.\n\n3. Another note.\n")
    [w] = d.warnings
    assert w.code == "RB401" and w.line == 3 and "skips 2" in w.message


def test_outline_labels_nest_in_the_order_their_schemes_appear():
    from readerbook.normalize.headings import assign_levels, kind_of

    titles = ["I. BACKGROUND", "A. Parties", "B. Laws", "1. Requests", "2. Ballots", "C. History", "II. ANALYSIS"]
    titles += ["A. Claims", "1. Standing", "a. Injury", "2. Merits", "III. CONCLUSION"]
    levels = assign_levels([(kind_of(t), False) for t in titles])
    assert levels == [1, 2, 2, 3, 3, 2, 1, 2, 3, 4, 3, 1]
    # C, L (not I, V, X) after A. and B. are letters, not roman hundreds and fifties.
    assert kind_of("C. House Bill").style == kind_of("A. Parties").style


def test_a_judges_byline_is_no_heading():
    doc = norm("""
        MEMORANDUM OPINION AND ORDER

        SMITH, JR., District Judge

        This matter comes before the court on the motion of the defendants to dismiss the complaint, which is fully briefed.
        """)
    headings = [inline_text(b.inlines) for b in doc.blocks if isinstance(b, Heading)]
    assert "SMITH, JR., District Judge" not in headings


def test_a_paragraph_cut_by_star_paging_is_joined_in_one_line_per_paragraph_text():
    long = "word " * 30
    doc = norm(f"""
        The first paragraph, which ends its sentence properly and then stops here.

        [590 F.Supp.3d 855]

        The second paragraph {long} runs on to the page's end and is adopted by the
        [590 F.Supp.3d 856]

        State Board of Elections. It then goes on.

        [590 F.Supp.3d 857]

        A third paragraph.
        """)
    paras = [inline_text(b.inlines) for b in doc.blocks if isinstance(b, Paragraph)]
    assert any("adopted by the State Board of Elections. It then goes on." in p for p in paras)
    assert not any("F.Supp" in p for p in paras)


# ------------------------------------------------------------ extracted PDF text


def test_one_paragraph_per_line_joins_a_long_line_cut_by_a_page_whatever_its_case():
    head = "Cite as 9 Dec. 100 (2020) Decision #7"
    text = (
        f"{head}\n{LONG}\n{LONG} See Jones v. Smith, 141\n 100\n\n"
        f"{head}\nS. Ct. 754 (2021).\n{LONG}\nII. SHORT HEADING\n 101\n\n"
        f"{head}\nThe next page opens a paragraph.\n{LONG}\n 102\n\n"
        f"{head}\n{LONG}\n"
    )
    doc = norm(text, dedent=False, layout="lines")
    paras = [t.replace("\xa0", " ") for t in texts(doc)]
    assert any(p.endswith("See Jones v. Smith, 141 S. Ct. 754 (2021).") for p in paras)
    assert "The next page opens a paragraph." in paras  # a heading-like short line is no cut paragraph


def test_a_broken_word_runs_on_into_a_line_set_in_further():
    doc = norm(
        "No. 11–345.      Argued October 10, 2012\n"
        "The University of Texas at Austin considers race as one of various fac-\n"
        "  tors in its undergraduate admissions process, which the court upheld\n"
        "  after a long trial and a longer appeal, and so the case came here.\n",
        dedent=False,
        layout="wrapped",
    )
    from readerbook.export import to_markdown

    assert "various factors in its undergraduate" in to_markdown(doc)


def test_self_compounds_keep_their_hyphen():
    lex = Lexicon()
    assert lex.decide_hyphen("self", "confidence")[0] is True
    assert lex.decide_hyphen("self", "ishness")[0] is False  # "selfishness"
    lex.add_text("selfconfidence")
    assert lex.decide_hyphen("self", "confidence")[0] is False  # the book's own spelling wins


def test_a_lower_case_part_line_is_prose_not_a_label():
    from readerbook.normalize.unwrap import standalone_line

    assert standalone_line("Part II")
    assert not standalone_line("part and concurring in judgment). “The Constitution")


def test_form_fed_first_page_head_and_second_head_lines():
    line = "Body text that runs across the page in lines of a similar width, as a"

    def page(n: int) -> str:
        return f"{line}\n" * 4 + f"and page {n} ends.\n"

    def head(n: int) -> str:
        if n % 2:
            return f"\f                  Reported: 9 Q. B. 1            {n}\n\n"
        return f"\f{n}           THE CASE OF THE WIDOW\n\n"

    text = "(Draft)              MICHAELMAS TERM, 1901                       1\n\n"
    text += "                         Summary\n\n" + page(1)
    for n in (2, 3):
        text += head(n) + "                         Summary\n\n" + page(n)
    for n in (4, 5, 6, 7):
        text += head(n) + "                    Opinion\n\n" + page(n)
    doc = norm(text, dedent=False)
    removed = [c.text for c in kinds(doc, "removed") if c.detail == "running head"]
    assert any("MICHAELMAS TERM" in t for t in removed)
    assert removed.count("Summary") == 2  # the division's label under the heads of its later pages
    assert doc.meta.title != "Summary"  # a division's label alone is no title
    headings = [inline_text(h.inlines) for h in doc.blocks if isinstance(h, Heading)]
    assert headings.count("Summary") == 1
    assert not any("MICHAELMAS" in t or "Summary" in t for t in texts(doc))


def test_a_caption_line_running_on_is_no_running_head_and_a_bracketed_date_stays_with_it():
    line = "Body text that runs across the page in lines of a similar width, as a"
    caption = (
        "ANNA SMITH, PETITIONER v. THE UNIVERSITY\n"
        "          OF SOMEWHERE ET AL.\n"
        " ON WRIT OF CERTIORARI TO THE COURT OF APPEALS FOR\n"
        "            THE TENTH CIRCUIT OF THE NATION\n"
        "                        [June 24, 2013]\n"
    )
    text = ""
    for n in range(1, 5):
        text += f"\fTHE CASE OF THE WIDOW            {n}\n\n" + "SUPREME COURT\n__________\n\n" + caption + "\n"
        text += f"{line}\n" * 4 + "and ends.\n"
    doc = norm(text.lstrip("\f"), dedent=False)
    removed = [c.text for c in kinds(doc, "removed")]
    assert not any(t.startswith("ANNA SMITH") for t in removed)
    assert not any("June 24" in t for t in texts(doc)) and not any("June 24" in t for t in texts(doc, BlockQuote))


def test_a_quotation_lowered_to_fit_the_sentence_that_leads_into_it():
    doc = norm(
        f"{LONG}\nWe observed that\n"
        "[t]he respondent has not explained how a defendant could be convicted twice for one act of possession.\n"
        "Id. at 221. The court went on to other matters in the rest of its long opinion on the question.\n",
        layout="lines",
    )
    quotes = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 1 and not doc.notes


def test_a_text_without_a_title_line_takes_its_running_head_as_title():
    line = "Body text that runs across the page in lines of a similar width, as a"
    ends = ["and so it began.", "as the clerk said.", "in the spring.", "without delay.", "at great length."]
    ends += ["before the court.", "with costs.", "and no more."]
    text = f"{line}\n" * 4 + ends[0] + "\n"
    for n in range(2, 9):
        head = f"{n}        THE CASE OF THE WIDOW" if n % 2 == 0 else f"         Reported: 9 Q. B. 1        {n}"
        text += f"\f{head}\n\n" + f"{line}\n" * 4 + ends[n - 1] + "\n"
    doc = norm(text, dedent=False)
    assert doc.meta.title == "THE CASE OF THE WIDOW"  # not the citation, which carries numbers
    titled = norm("On the Law of Widows and Their Estates\n\n" + text, dedent=False)
    assert titled.meta.title == "On the Law of Widows and Their Estates"


def test_a_journal_documents_neighbours_are_removed_and_its_preamble_names_it():
    body = "The agency proposes to adopt a new rule for the airplanes named here, as the summary says."
    doc, d = norm_diag(f"""
        This section of the FEDERAL REGISTER
        contains notices to the public of the proposed
        issuance of rules.

        RIN 2120–AA64

        Airworthiness Directives; Example Airplanes

        AGENCY: Federal Aviation Administration (FAA), DOT.

        ACTION: Notice of proposed rulemaking.

        {body}

        [FR Doc. 2020–17221 Filed 8–5–20; 8:45 am]

        BILLING CODE 4910–13–P

        DEPARTMENT OF TRANSPORTATION

        Airworthiness Directives; Another Company Airplanes

        {body}
        """)
    assert (doc.meta.title, doc.meta.author) == (
        "Airworthiness Directives; Example Airplanes",
        "Federal Aviation Administration",
    )
    text = " ".join(inline_text(b.inlines) for b in doc.blocks if hasattr(b, "inlines"))
    assert "Another Company" not in text and "BILLING CODE" not in text and "This section" not in text
    assert text.count("as the summary says") == 1
    assert [w.code for w in d.warnings if w.code == "RB306"] == ["RB306"]


def test_title_from_the_files_metadata_when_the_text_names_none():
    from readerbook.diagnostics import Diagnostics
    from readerbook.normalize import normalize_source
    from readerbook.normalize.state import TextOptions
    from readerbook.source import source_from_string

    text = "This is the first paragraph of a document whose title page names nothing at all, as many do.\n"
    source = source_from_string(text)
    source = type(source)(**{**source.__dict__, "meta": {"title": "11-889 Example v. Other (06/13/2013)"}})
    doc = normalize_source(source, TextOptions(), diagnostics=Diagnostics())
    assert doc.meta.title == "Example v. Other"


def test_a_numbered_heading_right_under_a_stray_one_returns_to_its_series():
    from readerbook.normalize.headings import assign_levels, kind_of

    items = [
        (kind_of("TO ARTARIA.", "279."), False),
        (kind_of("Ragged Rascal"), False),
        (kind_of("TO RIES.", "280."), True),  # right under, with nothing between
        (kind_of("The Trade Question"), False),
        (kind_of("1920 – 1921"), False),
        (kind_of("The Union Question"), True),  # unnumbered: nests under the heading above it
    ]
    assert assign_levels(items) == [1, 2, 1, 2, 3, 4]
