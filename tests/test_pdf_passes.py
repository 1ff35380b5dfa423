"""The normalization passes read a PDF's layout: small PDFs made with
WeasyPrint, whose furniture, paragraphs, headings, quotations and notes are
known, normalized through the one pipeline every format goes through."""

from __future__ import annotations

import pytest

from readerbook.api import normalize_file
from readerbook.model import BlockQuote, Heading, NoteRef, Paragraph, block_inlines, inline_text, iter_blocks

weasyprint = pytest.importorskip("weasyprint")
pytestmark = pytest.mark.layout  # the PDFs read here are made with WeasyPrint

SHIPS = (
    "Ships came into the harbour at every tide, and the pilots who brought them in kept a careful record "
    "of each arrival, its cargo and its master. "
)
QUAY = (
    "The warehouses along the quay were built of brick after the great fire, and their owners petitioned "
    "the council for a new road to the market. "
)
STORM = "The master of the schooner set down what he saw of the storm in a letter to the owners. "
QUOTED = (
    "We lay off the point for two days and two nights, and no boat could reach us, for the sea ran higher "
    "than any of us had seen it, and the wind did not fall until the third morning. "
)

REPORT_CSS = """
@page { size: A5; margin: 2.2cm 1.8cm;
  @top-center { content: "A Report on the Harbour"; font-size: 9pt; }
  @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-family: serif; font-size: 11pt; line-height: 1.35; text-align: justify; }
p { margin: 0; text-indent: 1.5em; }
h1 { font-size: 18pt; font-weight: bold; margin: 0 0 10pt 0; }
h2 { font-size: 14pt; font-weight: bold; margin: 14pt 0 6pt 0; }
h3 { font-size: 11pt; font-weight: bold; margin: 10pt 0 4pt 0; }
blockquote { margin: 8pt 2.5em; font-size: 10pt; }
blockquote p { text-indent: 0; }
.fn { float: footnote; font-size: 8.5pt; text-indent: 0; }
::footnote-marker { content: counter(footnote); vertical-align: super; font-size: 6pt; }
::footnote-call { content: counter(footnote); vertical-align: super; font-size: 6pt; }
"""

REPORT = (
    "<h1>On the Harbour</h1><p style='text-indent:0'>by Ada Example</p>"
    "<h2>The Evidence</h2>"
    f"<p>{SHIPS * 3}</p>"
    f"<p>Witnesses spoke of the storm.<span class='fn'>The storm of March is entered in the log of the "
    f"harbour office.</span> {QUAY * 2}</p>"
    f"<p>{STORM}He wrote of it plainly, in words the committee quoted in full:</p>"
    f"<blockquote><p>{QUOTED * 2}</p></blockquote>"
    f"<p style='text-indent:0'>and the committee accepted his account without reserve.</p>"
    f"<p>{SHIPS * 4}</p>"
    "<h2>The Findings</h2>"
    f"<p>{QUAY * 4}</p><h3>The Pilots</h3><p>{SHIPS * 4}</p><p>{QUAY * 5}</p><p>{SHIPS * 3}</p>"
)

COLUMNS_CSS = """
@page { size: A4; margin: 2cm; }
body { font-family: serif; font-size: 10pt; line-height: 1.3; text-align: justify; }
p { margin: 0; text-indent: 1.5em; }
.cols { columns: 2; column-gap: 2.5em; }
"""
COLUMNS = f"<div class='cols'><p>{SHIPS * 8}</p><p>{SHIPS * 6}</p><p>{QUAY * 8}</p><p>{QUAY * 7}</p></div>"


# Pages of a fixed height, each with its notes at the foot under a short rule
# (the note runs on to the next page's foot), a line printed sideways in the
# margin, and the same opening lines on every page (text, not running heads).
RULED_CSS = """
@page { size: A5; margin: 2cm; }
body { font-family: serif; font-size: 11pt; line-height: 1.35; text-align: justify; }
p { margin: 0; text-indent: 1.5em; }
sup { font-size: 6.5pt; }
.page { height: 16.5cm; position: relative; page-break-after: always; }
.foot { position: absolute; bottom: 0; left: 0; right: 0; font-size: 8.5pt; line-height: 1.3; }
.foot hr { width: 30%; margin: 0 0 3pt 0; border: 0; border-top: 0.6pt solid black; }
.foot p { text-indent: 1em; }
.margin { position: fixed; left: -1.5cm; top: 7cm; transform: rotate(-90deg); transform-origin: left top; font-size: 7pt; }
"""
RULED = (
    "<div class='margin'>Draft copy for the committee</div>"
    f"<div class='page'><p>{SHIPS * 3}</p><p>The harbour master gave evidence in two parts.<sup>1</sup> {SHIPS * 2}</p>"
    "<div class='foot'><hr/><p>1 Entered in the harbour log for the year, with the names of the pilots who were "
    "on duty and the hours of the tides that week, as the</p></div></div>"
    f"<div class='page'><p>{SHIPS * 5}</p><p>{SHIPS * 2}</p>"
    "<div class='foot'><hr/><p style='text-indent:0'>clerk of the harbour office set them down.</p></div></div>"
    f"<div class='page'><p>{SHIPS * 5}</p></div>"
)


def _pdf(tmp_path_factory, name: str, css: str, body: str, head: str = ""):
    path = tmp_path_factory.mktemp("pdf") / f"{name}.pdf"
    html = f"<html lang='en'><head><meta charset='utf-8'>{head}<style>{css}</style></head><body>{body}</body></html>"
    weasyprint.HTML(string=html).write_pdf(path)
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    head = "<title>On the Harbour</title><meta name='author' content='Ada Example'>"  # the PDF's metadata
    doc, _ = normalize_file(_pdf(tmp_path_factory, "report", REPORT_CSS, REPORT, head))
    return doc


@pytest.fixture(scope="module")
def columns(tmp_path_factory):
    doc, _ = normalize_file(_pdf(tmp_path_factory, "columns", COLUMNS_CSS, COLUMNS))
    return doc


@pytest.fixture(scope="module")
def ruled(tmp_path_factory):
    doc, _ = normalize_file(_pdf(tmp_path_factory, "ruled", RULED_CSS, RULED))
    return doc


def _text(block) -> str:
    return " ".join(inline_text(seq) for seq in block_inlines(block))


def _paragraphs(doc) -> list[str]:
    return [_text(b) for b in doc.blocks if isinstance(b, Paragraph)]


def test_layout_is_pdf(report):
    assert report.layout == "pdf"
    assert any(c.kind == "layout" and "'pdf'" in c.detail for c in report.changes)


def test_running_heads_and_folios_are_removed_and_recorded(report):
    removed = [c for c in report.changes if c.kind == "removed"]
    heads = [c for c in removed if c.detail == "running head"]
    folios = [c for c in removed if c.detail == "page number"]
    assert len(heads) >= 3 and all(c.text == "A Report on the Harbour" for c in heads)
    assert len(folios) >= 3
    everything = " ".join(_text(b) for b in iter_blocks(report.blocks))
    assert "A Report on the Harbour" not in everything


def test_headings_from_type_and_their_levels(report):
    assert (report.meta.title, report.meta.author) == ("On the Harbour", "Ada Example")  # the title page
    headings = [(inline_text(b.inlines), b.level) for b in report.blocks if isinstance(b, Heading)]
    # Larger type heads the smaller: the bold body-size heading nests under the larger ones.
    assert headings == [("The Evidence", 2), ("The Findings", 2), ("The Pilots", 3)]


def test_paragraphs_from_indents_and_a_page_break(report):
    paragraphs = _paragraphs(report)
    # Each paragraph is whole: it opens where the source's opens and runs to its end.
    assert any(
        p.startswith("Ships came") and p.endswith("its master.") and p.count("Ships came") == 3 for p in paragraphs
    )
    assert any(p.startswith("Witnesses spoke of the storm.") for p in paragraphs)
    assert any(p.startswith("The master of the schooner") and p.endswith("in full:") for p in paragraphs)
    # The paragraph set flush after the quotation is its own.
    assert "and the committee accepted his account without reserve." in paragraphs
    # Lines joined with spaces, no line-end hyphen left.
    assert not any("  " in p or p.endswith("-") for p in paragraphs)


def test_indented_smaller_text_is_a_block_quotation(report):
    quotes = [b for b in report.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 1
    text = " ".join(_text(p) for p in quotes[0].blocks)
    assert text.startswith("We lay off the point") and text.count("third morning") == 2


def test_page_foot_note_with_superscript_reference(report):
    assert len(report.notes) == 1
    note = report.notes[0]
    assert note.label == "1" and not note.orphan and not note.missing
    assert " ".join(_text(b) for b in note.blocks).startswith("The storm of March is entered")
    refs = [
        (block, node)
        for block in iter_blocks(report.blocks)
        for seq in block_inlines(block)
        for node in seq
        if isinstance(node, NoteRef)
    ]
    assert len(refs) == 1 and refs[0][1].key == note.key
    assert _text(refs[0][0]).startswith("Witnesses spoke of the storm.")
    assert any(c.kind == "moved" and "page-bottom notes" in c.detail for c in report.changes)
    # The note's text is not left in the body.
    assert not any("entered in the log" in p for p in _paragraphs(report))


def test_two_columns_read_in_order_and_a_paragraph_cut_by_the_column_joins(columns):
    paragraphs = _paragraphs(columns)
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Ships came") and paragraphs[2].startswith("The warehouses")
    # The third paragraph runs from the foot of the left column into the right one.
    assert paragraphs[2].count("The warehouses along the quay") == 8
    assert paragraphs[3].count("The warehouses along the quay") == 7


def test_margin_text_is_removed_and_recorded(ruled):
    margin = [c for c in ruled.changes if c.kind == "removed" and "margin" in c.detail]
    assert len(margin) == 3 and all(c.text == "Draft copy for the committee" for c in margin)


def test_lines_repeated_within_the_text_are_no_running_heads(ruled):
    assert not any(c.detail == "running head" for c in ruled.changes)
    assert sum(p.count("Ships came into the harbour") for p in _paragraphs(ruled)) == 17


def test_note_under_a_rule_runs_on_to_the_next_page(ruled):
    assert len(ruled.notes) == 1
    note = ruled.notes[0]
    text = " ".join(_text(b) for b in note.blocks)
    assert text.startswith("Entered in the harbour log") and text.endswith(
        "as the clerk of the harbour office set them down."
    )
    assert not note.orphan
    moved = [c for c in ruled.changes if c.kind == "moved"]
    assert len(moved) == 2  # one block at each page's foot
    refs = [n for b in ruled.blocks for seq in block_inlines(b) for n in seq if isinstance(n, NoteRef)]
    assert [r.key for r in refs] == [note.key]


def test_nothing_is_lost(report, columns, ruled):
    """Every source line is in the output or in a recorded removal (the audit)."""
    from readerbook.normalize.audit import audit

    for doc in (report, columns, ruled):
        assert audit(doc.source_lines, doc) == []
