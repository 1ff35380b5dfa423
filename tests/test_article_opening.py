"""A scholarly article's opening as pdftotext and a journal's web page give
it: the authors (their affiliation marks left out) become the text's author,
affiliations, addresses, dates and DOI are recorded as front matter, the
abstract stands under its heading and the keyword lines are paragraphs of
their own — the author's words, kept. Expected answers are the texts below."""

from __future__ import annotations

from readerbook.api import normalize_file
from readerbook.model import BlockQuote, Heading, Paragraph, block_inlines, inline_text, iter_blocks
from readerbook.normalize.article import author_names, join_names


def _blocks(doc) -> list[tuple[str, str]]:
    out = []
    for b in doc.blocks:
        words = " ".join(inline_text(s) for x in iter_blocks([b]) for s in block_inlines(x))
        out.append((type(b).__name__, " ".join(words.replace("\u2019", "'").split())))
    return out


def _read(tmp_path, text: str, name: str = "article.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc, diagnostics = normalize_file(path)
    assert not [d for d in diagnostics if d.code == "RB390"]  # the audit: nothing lost
    return doc


BODY = (
    "1. Introduction\n\n"
    "The harbour pilots kept their ledgers from the first years of the port.\n"
    "Every arrival was entered with the master's name and the cargo, and the\n"
    "dues were noted beside it in another hand. The ledgers run without a gap\n"
    "from the opening of the new quay to the great storm, and they are kept\n"
    "in the council's archive with the letters of the owners to the pilots.\n\n"
    "The owners wrote often, and mostly of money: of the dues they thought too\n"
    "high, of the pilots they thought too slow, and of the tides, which they\n"
    "thought the pilots could have read better. The pilots answered seldom,\n"
    "and their answers are short; but the ledgers answer for them, entry by\n"
    "entry, and it is the ledgers that this article reads from end to end.\n"
)

HEADED = (
    "Tidal Ledgers and the Harbour Economy\n\n"
    "Ann Writer¹, Bo Reader² and Cy Scholar¹*\n\n"
    "¹ Department of History, University of Somewhere, Somewhere, UK\n"
    "² School of Economics, Other University, Elsewhere, USA\n"
    "* Corresponding author: ann.writer@somewhere.ac.uk\n\n"
    "Received 3 March 2021; accepted 9 September 2021\n"
    "DOI: 10.1234/jhs.2021.0042\n\n"
    "Abstract\n\n"
    "This article reads the ledgers kept by the harbour pilots over two\n"
    "centuries and asks what they tell of the port's trade, its masters\n"
    "and its storms. We find that the pilots recorded more than the dues.\n\n"
    "Keywords: harbour; pilots; ledgers; tides\n"
    "JEL Classification: N73, N93\n\n" + BODY
)


def test_author_names_leave_out_the_marks():
    assert author_names("Ann Writer¹, Bo Reader² and Cy Scholar¹*") == ["Ann Writer", "Bo Reader", "Cy Scholar"]
    assert author_names("Ada Example1, Ben Sample2,* and Cy Scholar1") == ["Ada Example", "Ben Sample", "Cy Scholar"]
    assert author_names("Jean-Paul Dupont†") == ["Jean-Paul Dupont"]
    assert author_names("The harbour pilots kept ledgers.") is None
    assert author_names("ann@somewhere.ac.uk") is None
    assert join_names(["A B", "C D", "E F"]) == "A B, C D and E F"


def test_a_headed_abstract_its_keywords_and_the_filing_lines(tmp_path):
    doc = _read(tmp_path, HEADED)
    assert doc.meta.title == "Tidal Ledgers and the Harbour Economy"
    assert doc.meta.author == "Ann Writer, Bo Reader and Cy Scholar"
    blocks = _blocks(doc)
    assert blocks[:4] == [
        ("Heading", "Abstract"),
        (
            "Paragraph",
            "This article reads the ledgers kept by the harbour pilots over two centuries and asks what they "
            "tell of the port's trade, its masters and its storms. We find that the pilots recorded more than the dues.",
        ),
        ("Paragraph", "Keywords: harbour; pilots; ledgers; tides"),
        ("Paragraph", "JEL Classification: N73, N93"),
    ]
    assert blocks[4] == ("Heading", "1. Introduction")
    body = " ".join(t for _, t in blocks)
    for gone in ("University of Somewhere", "ann.writer@", "Received 3 March", "10.1234", "Other University"):
        assert gone not in body
        assert any(gone in c.text for c in doc.changes if c.kind == "front-matter")


def test_a_run_in_abstract_is_parted_from_its_label(tmp_path):
    text = (
        "Pilots and Their Ledgers\n\n"
        "Ada Example1,2 and Ben Sample3\n\n"
        "1 Institute of Maritime History, Port University\n"
        "2 ada@port.edu\n\n"
        "Abstract: The pilots' ledgers are read here for what they tell of the\n"
        "trade of the port and of the masters who came to it.\n\n"
        "Key words: ledgers, pilots\n\n" + BODY
    )
    doc = _read(tmp_path, text)
    assert doc.meta.author == "Ada Example and Ben Sample"
    assert _blocks(doc)[:3] == [
        ("Heading", "Abstract"),
        (
            "Paragraph",
            "The pilots' ledgers are read here for what they tell of the trade of the port and of the masters "
            "who came to it.",
        ),
        ("Paragraph", "Key words: ledgers, pilots"),
    ]
    assert not [b for b in doc.blocks if isinstance(b, BlockQuote)]


def test_a_line_naming_an_institution_under_a_title_alone_is_the_texts(tmp_path):
    # No authors stand over it: the line is no article's affiliation but the text's own heading.
    text = "Notes on the Harbour\n\nSchool of Navigation, Whitby\n\n" + BODY.replace("1. Introduction\n\n", "")
    doc = _read(tmp_path, text)
    assert doc.meta.author is None
    assert not [c for c in doc.changes if c.detail == "affiliation or filing line recorded"]
    assert "School of Navigation, Whitby" in " ".join(t for _, t in _blocks(doc))


def test_paragraphs_and_headings_are_still_themselves(tmp_path):
    doc = _read(tmp_path, HEADED)
    assert isinstance(doc.blocks[0], Heading) and isinstance(doc.blocks[1], Paragraph)


JOURNAL_PAGE = """<html><head><title>Journal of Harbour Studies | Volume 12</title>
<meta name="citation_title" content="Tidal Ledgers and the Harbour Economy">
<meta name="citation_author" content="Writer, Ann">
<meta name="citation_author" content="Reader, Bo">
<meta name="citation_author" content="Cy Scholar">
</head><body><main><article>
<h1>Tidal Ledgers and the Harbour Economy</h1>
<p class="authors">Ann Writer<sup>1</sup>, Bo Reader<sup>2</sup> and Cy Scholar<sup>1</sup></p>
<p class="affiliation"><sup>1</sup> Department of History, University of Somewhere</p>
<p class="affiliation"><sup>2</sup> School of Economics, Other University</p>
<p class="doi">DOI: 10.1234/jhs.2021.0042</p>
<div class="abstract"><p>This article reads the ledgers kept by the harbour pilots over two centuries.</p></div>
<p class="keywords"><b>Keywords:</b> harbour; pilots; ledgers; tides</p>
<h2>1. Introduction</h2>
<p>The harbour pilots kept their ledgers from the first years of the port. Every arrival was entered
with the master's name and the cargo, and the dues were noted beside it in another hand.</p>
<p>The owners wrote often, and mostly of money: of the dues they thought too high, of the pilots
they thought too slow, and of the tides.</p>
</article></main></body></html>
"""


def test_a_journal_page_its_citation_tags_and_its_abstract(tmp_path):
    doc = _read(tmp_path, JOURNAL_PAGE, "article.html")
    assert doc.meta.title == "Tidal Ledgers and the Harbour Economy"  # not the page's <title>
    assert doc.meta.author == "Ann Writer, Bo Reader and Cy Scholar"  # every citation_author, in order
    assert _blocks(doc)[:4] == [
        ("Heading", "Abstract"),  # the abstract's class says what it is
        ("Paragraph", "This article reads the ledgers kept by the harbour pilots over two centuries."),
        ("Paragraph", "Keywords: harbour; pilots; ledgers; tides"),
        ("Heading", "1. Introduction"),
    ]
    recorded = " ".join(c.text for c in doc.changes if c.kind == "front-matter")
    for words in ("University of Somewhere", "Other University", "10.1234"):
        assert words in recorded
    assert [c.text for c in doc.changes if c.kind == "supplied"] == ["Abstract"]


def test_a_journal_page_whose_abstract_has_its_heading_is_given_no_other(tmp_path):
    page = JOURNAL_PAGE.replace('<div class="abstract"><p>', '<div class="abstract"><h2>Abstract</h2><p>')
    doc = _read(tmp_path, page, "article.html")
    assert [t for k, t in _blocks(doc)].count("Abstract") == 1
    assert not [c for c in doc.changes if c.kind == "supplied"]


def test_a_summary_opening_a_text_with_no_article_over_it_is_left_alone(tmp_path):
    # No authors or affiliations: "Summary." is the text's own paragraph, run in as written.
    text = "Notes on the Harbour\n\nSummary. The pilots kept ledgers, and the owners wrote letters.\n\n" + BODY
    doc = _read(tmp_path, text)
    assert ("Heading", "Summary") not in _blocks(doc)
    assert any(t.startswith("Summary. The pilots kept ledgers") for _, t in _blocks(doc))
