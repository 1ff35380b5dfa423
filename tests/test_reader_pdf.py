"""The PDF reader: lines in reading order, with their styles and layout.

Small PDFs are made here with WeasyPrint; the real PDFs of the development
corpus (``/work/shared/corpus/pdf``) are read a few pages at a time, and
those tests are skipped where the corpus is absent.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from types import SimpleNamespace

import pytest

from readerbook.diagnostics import Diagnostics, ReaderbookError
from readerbook.ir import BOLD, ITALIC, SUPERSCRIPT
from readerbook.readers import read_source, reader_for
from readerbook.readers.pdf import _Ch, _make_line, read_pdf

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"
TARRANT = CORPUS / "scotus-tarrant-v-herrmann-2013-slip.pdf"
FEDREG = CORPUS / "federal-register-2020-17221-faa-737max.pdf"
NCSC = CORPUS / "ncsc-gift-surplus-v-state-2022.pdf"
WHITEHEAD = CORPUS / "whitehead-intro-to-mathematics-pg-latex.pdf"

STYLE = """
@page { size: 420pt 595pt; margin: 40pt; }
body { font-family: serif; font-size: 10pt; line-height: 1.3; }
h1 { font-size: 18pt; margin: 0 0 12pt 0; }
sup { font-size: 65%; }
.cols { columns: 2; column-gap: 18pt; text-align: justify; }
.note { position: absolute; bottom: 0; left: 0; width: 100%; font-size: 8pt; }
.note hr { width: 18%; margin: 0 0 3pt 0; border: 0; border-top: 0.5pt solid black; }
.side { position: absolute; left: -30pt; top: 200pt; transform: rotate(-90deg); font-size: 7pt; }
.ghost { color: white; font-size: 6pt; position: absolute; bottom: -20pt; left: 0; }
"""

PAGE = """
<h1>The Heading of the Piece</h1>
<div class="cols">
<p>Alpha paragraph begins the left column. It says that the <em>emphasised</em> word and the
<strong>strong</strong> word stand here, and that a note is called here.<sup>1</sup> The text goes
on for a while so that it fills some lines of the column.</p>
<p>Beta paragraph continues the left column with more words about nothing in particular, written
only to take up room on the page and to make lines.</p>
<p>Gamma paragraph may begin in the right column. More words follow it, many more words, to make
the right column hold several lines of running text as well.</p>
<p>Delta paragraph ends the right column with a final sentence or two, and then the page is done.</p>
</div>
<div class="note"><hr><p>1 The note at the foot of the page, set in a smaller size.</p></div>
<div class="side">ROTATED MARGIN TEXT</div>
<div class="ghost">INVISIBLE PRINTER MARK 0042</div>
"""

SECOND = """
<p style="break-before: page">A second page with the ﬁnal word on the ﬂoor, and nothing else.</p>
"""


def _pdf(body: str, title: str = "A Test Reader", author: str = "Jane Q. Writer") -> bytes:
    import weasyprint

    head = f'<title>{title}</title><meta name="author" content="{author}"><style>{STYLE}</style>'
    return weasyprint.HTML(string=f"<html><head>{head}</head><body>{body}</body></html>").write_pdf()


def _read(data: bytes, pages=None, name: str = "test.pdf"):
    options = SimpleNamespace(pages=pages) if pages else None
    return read_pdf(Path(name), name, data, Diagnostics(), options)


def _styled(line, kind: str) -> list[str]:
    return [line.text[s.start : s.end] for s in line.styles if s.kind == kind]


@pytest.fixture(scope="module")
def sample():
    return _read(_pdf(PAGE + SECOND))


def _line(source, start: str):
    found = [line for line in source.lines if line.text.startswith(start)]
    assert found, f"no line starts with {start!r}"
    return found[0]


# --- made PDFs


@pytest.mark.layout
def test_source_and_metadata(sample):
    assert sample.format == "pdf" and sample.encoding == "pdf"
    assert sample.meta == {"title": "A Test Reader", "author": "Jane Q. Writer", "pages": "2"}
    assert [line.no for line in sample.lines] == list(range(1, len(sample.lines) + 1))
    first = sample.lines[0]
    assert first.where == "p. 1, line 1" and first.layout.page == 1
    assert sample.place(first.no) == "p. 1, line 1"
    for line in sample.lines:
        assert line.text == line.text.strip() and "\t" not in line.text and "  " not in line.text


@pytest.mark.layout
def test_reading_order_heading_columns_note(sample):
    texts = [line.text for line in sample.lines if line.layout.page == 1]
    order = [
        "The Heading of the Piece",
        "Alpha paragraph",
        "Beta paragraph",
        "Gamma paragraph",
        "Delta paragraph",
        "1 The note at the foot",
    ]
    positions = [next(i for i, t in enumerate(texts) if t.startswith(start)) for start in order]
    assert positions == sorted(positions)
    alpha, gamma = _line(sample, "Alpha"), _line(sample, "Gamma")
    assert alpha.layout.column == 0 and gamma.layout.column == 1
    assert alpha.layout.col_x1 < gamma.layout.col_x0
    assert gamma.layout.col_x0 == pytest.approx(gamma.layout.x0, abs=1)
    # Lines of one column never take words from the other.
    assert "Gamma" not in alpha.text and all(len(line.text) < 40 for line in sample.lines if line.layout.column == 1)


@pytest.mark.layout
def test_heading_layout(sample):
    heading = _line(sample, "The Heading")
    body = _line(sample, "Alpha")
    assert heading.layout.size == 18.0 and body.layout.size == 10.0
    assert heading.layout.bold and not body.layout.bold
    assert _styled(heading, BOLD) == ["The Heading of the Piece"]
    assert heading.layout.line_in_page == 1 and heading.layout.top < body.layout.top


@pytest.mark.layout
def test_italic_bold_superscript_runs(sample):
    italic = next(line for line in sample.lines if "emphasised" in line.text)
    assert _styled(italic, ITALIC) == ["emphasised"]
    bold = next(line for line in sample.lines if "strong" in line.text)
    assert _styled(bold, BOLD) == ["strong"]
    called = next(line for line in sample.lines if "called here" in line.text)
    assert "here.1" in called.text
    assert _styled(called, SUPERSCRIPT) == ["1"]
    assert called.layout.size == 10.0  # the body size, not the superscript's
    assert not called.layout.italic and not called.layout.bold


@pytest.mark.layout
def test_page_foot_note_is_small_and_has_its_rule(sample):
    note = _line(sample, "1 The note at the foot")
    assert note.layout.size == 8.0
    assert note.layout.rule_above
    assert not _styled(note, SUPERSCRIPT)  # a line all in a small size is not superscript
    assert not any(line.layout.rule_above for line in sample.lines if line is not note)


@pytest.mark.layout
def test_rotated_and_invisible_text_come_last_as_margin_furniture(sample):
    page1 = [line for line in sample.lines if line.layout.page == 1]
    margin = [line for line in page1 if line.layout.column == -1]
    assert sorted(line.text for line in margin) == ["INVISIBLE PRINTER MARK 0042", "ROTATED MARGIN TEXT"]
    assert page1[-len(margin) :] == margin
    assert [line.layout.line_in_page for line in page1] == list(range(1, len(page1) + 1))


@pytest.mark.layout
def test_ligatures_expanded(sample):
    line = _line(sample, "A second page")
    assert "final word on the floor" in line.text
    assert line.where == "p. 2, line 1"


@pytest.mark.layout
def test_pages_option_keeps_physical_page_numbers(sample):
    data = _pdf(PAGE + SECOND)
    second = _read(data, pages=(2, 2))
    assert second.lines[0].text.startswith("A second page")
    assert second.lines[0].no == 1 and second.lines[0].where == "p. 2, line 1"
    assert second.lines[0].layout.page == 2 and second.meta["pages"] == "2"
    with pytest.raises(ReaderbookError) as caught:
        _read(data, pages=(2, 5))
    (d,) = caught.value.diagnostics
    assert d.code == "RB207" and "2 pages" in d.message


@pytest.mark.layout
def test_trivial_metadata_left_out():
    source = _read(_pdf("<p>Text.</p>", title="Microsoft Word - draft 3.docx", author="localuser"))
    assert source.meta == {"pages": "1"}


@pytest.mark.layout
def test_letters_stacked_in_the_margin_are_one_margin_line():
    style = "position: absolute; right: -25pt; top: 100pt; width: 7pt; font-size: 7pt; word-break: break-all"
    source = _read(
        _pdf("<p>" + "Running text of the page, long enough for a line. " * 6 + f'</p><div style="{style}">DRAFT</div>')
    )
    assert source.lines[-1].text == "DRAFT" and source.lines[-1].layout.column == -1
    assert all(line.layout.column == 0 for line in source.lines[:-1])


@pytest.mark.layout
def test_metadata_from_xmp():
    import pikepdf

    document = pikepdf.open(io.BytesIO(_pdf("<p>Text.</p>")))
    with document.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp["dc:title"] = "Title From XMP"
        xmp["dc:creator"] = ["Ann Author"]
    del document.docinfo["/Title"]
    del document.docinfo["/Author"]
    out = io.BytesIO()
    document.save(out)
    assert _read(out.getvalue()).meta == {"title": "Title From XMP", "author": "Ann Author", "pages": "1"}


@pytest.mark.layout
def test_text_rule_lines_are_kept_and_mark_the_next_line():
    body = "<p>" + "A line of running text. " * 20 + "</p><p>——————</p><p>2 A note after a rule of dashes.</p>"
    source = _read(_pdf(body))
    rule = _line(source, "——")
    note = _line(source, "2 A note")
    assert rule.text == "——————" and not rule.layout.rule_above
    assert note.layout.rule_above


@pytest.mark.layout
def test_scanned_pdf_has_no_text_layer():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), "white").save(buffer, "PNG")
    png = base64.b64encode(buffer.getvalue()).decode()
    data = _pdf(f'<img src="data:image/png;base64,{png}" style="width: 300pt">')
    with pytest.raises(ReaderbookError) as caught:
        _read(data, name="scan.pdf")
    (d,) = caught.value.diagnostics
    assert d.code == "RB205" and d.path == "scan.pdf"
    assert d.message == "this PDF has no text layer: it is a scanned image"
    assert "ocrmypdf" in d.hint


@pytest.mark.layout
def test_a_scanned_page_among_text_pages_is_warned_about():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), "white").save(buffer, "PNG")
    png = base64.b64encode(buffer.getvalue()).decode()
    body = (
        "<p>Page one has text.</p>"
        + f'<img style="display: block; break-before: page; width: 300pt" src="data:image/png;base64,{png}">'
    )
    diagnostics = Diagnostics()
    source = read_pdf(Path("mixed.pdf"), "mixed.pdf", _pdf(body), diagnostics)
    # The page's image stands where it stood, as a figure (a text-less line), and the warning says its text is missing.
    assert [line.text for line in source.lines] == ["Page one has text.", ""]
    assert source.lines[1].hint.kind == "figure" and source.lines[1].layout.page == 2
    (d,) = diagnostics.warnings
    assert d.code == "RB205" and "page 2 " in d.message and d.path == "mixed.pdf"


@pytest.mark.layout
def test_damaged_and_encrypted_pdfs():
    with pytest.raises(ReaderbookError) as caught:
        _read(b"%PDF-1.4\nthis is not really a PDF\n", name="broken.pdf")
    (d,) = caught.value.diagnostics
    assert d.code == "RB201" and d.path == "broken.pdf" and d.hint

    import pikepdf

    plain = pikepdf.open(io.BytesIO(_pdf("<p>Secret text.</p>")))
    out = io.BytesIO()
    plain.save(out, encryption=pikepdf.Encryption(owner="owner", user="user"))
    with pytest.raises(ReaderbookError) as caught:
        _read(out.getvalue(), name="locked.pdf")
    (d,) = caught.value.diagnostics
    assert d.code == "RB201" and "encrypted" in d.message and "locked.pdf" in d.message
    assert "decrypt" in d.hint


@pytest.mark.layout
def test_registry_reads_pdf_by_content(tmp_path):
    path = tmp_path / "disguised.txt"
    path.write_bytes(_pdf("<p>Plain words in a PDF.</p>"))
    assert reader_for(path, path.read_bytes()[:8]).name == "pdf"
    source = read_source(path, "disguised.txt", Diagnostics())
    assert source.format == "pdf" and source.lines[0].text == "Plain words in a PDF."


def _ch(text, x0, width=5.0, size=10.0, base=100.0, style=0):
    return _Ch(x0, x0 + width, base - 0.8 * size, base + 0.2 * size, base, size, text, style, text == " ")


def _chars(text: str, x0: float = 0.0, **kw) -> list[_Ch]:
    out, x = [], x0
    for t in text:
        out.append(_ch(t, x, **kw))
        x += 5.0
    return out


def test_soft_hyphens():
    inside = _make_line(_chars("co\u00adop\u00aderate"), 0)
    assert inside.text == "cooperate"
    at_end = _make_line(_chars("co\u00adop\u00ad"), 0)
    assert at_end.text == "coop-"


def test_ligatures_accents_and_nfc():
    line = _make_line(_chars("\ufb01ne e\u0301\ufb00ort"), 0)
    assert line.text == "fine \u00e9ffort"
    # A spacing accent drawn over its letter (as TeX and some PDF writers do).
    chars = _chars("Orsted", 0.0)
    chars.append(_ch("\u00a8", 0.5, width=4.0, base=97.0))
    assert _make_line(chars, 0).text == "\u00d6rsted"


def test_superscript_needs_smaller_and_raised():
    chars = _chars("word", 0.0) + [_ch("2", 20.0, width=3.0, size=6.5, base=96.0)]
    line = _make_line(chars, 0)
    assert line.text == "word2" and _styled(line, SUPERSCRIPT) == ["2"]
    small_only = _chars("word", 0.0) + [_ch("2", 20.0, width=3.0, size=6.5, base=100.0)]
    assert not _styled(_make_line(small_only, 0), SUPERSCRIPT)


# --- the corpus

corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the development corpus is not here")


def _corpus(path: Path, pages):
    if not path.is_file():
        pytest.skip(f"{path.name} is not in the corpus")
    return read_pdf(path, path.name, path.read_bytes(), Diagnostics(), SimpleNamespace(pages=pages))


@corpus
def test_tarrant_superscript_marker_and_footnote():
    source = _corpus(TARRANT, (7, 7))
    assert source.meta["pages"] == "30" and "Tarrant" in source.meta["title"]
    assert source.lines[0].text.startswith("Cite as: 569 U. S.")
    called = next(line for line in source.lines if "comments1" in line.text)
    assert "interpretive comments1 explain" in called.text
    assert _styled(called, SUPERSCRIPT) == ["1"]
    note = _line(source, "1 Interpretive comments were included")
    assert note.layout.rule_above and note.layout.size < called.layout.size
    assert _styled(note, SUPERSCRIPT) == ["1"]
    rule = source.lines[note.no - 2]
    assert set(rule.text) == {"—"} and rule.no < note.no
    assert called.where.startswith("p. 7, line ")
    assert _styled(_line(source, "§1.01(b), id., at 9."), ITALIC) == ["id.,"]


@corpus
def test_federal_register_three_columns_and_margin_furniture():
    source = _corpus(FEDREG, (2, 3))
    page2 = [line for line in source.lines if line.layout.page == 2]
    assert page2[0].text.startswith("Federal Register / Vol. 85, No. 152")
    body = [line for line in page2 if line.layout.column >= 0]
    columns = [line.layout.column for line in body[1:]]
    assert columns == sorted(columns) and set(columns) == {0, 1, 2}
    starts = {c: next(line for line in body[1:] if line.layout.column == c).text for c in (0, 1, 2)}
    assert starts == {
        0: "Hatta International Airport in Jakarta,",
        1: "altitude disagree alert,5 and may affect",
        2: "and the Ethiopian Civil Aviation",
    }
    assert _styled(_line(source, "altitude disagree alert,5"), SUPERSCRIPT) == ["5"]
    # Column edges are each column's own.
    edges = {line.layout.column: (line.layout.col_x0, line.layout.col_x1) for line in body[1:]}
    assert edges[0][1] < edges[1][0] and edges[1][1] < edges[2][0]
    # Notes at the foot of each column follow a short rule.
    assert [line.text.split()[0] for line in page2 if line.layout.rule_above] == ["1", "5", "7"]
    margin = [line for line in page2 if line.layout.column == -1]
    assert any(line.text.startswith("VerDate Sep<11>2014") for line in margin)
    assert any(line.text.startswith("jbell on DSK") for line in margin)
    assert page2[-len(margin) :] == margin
    assert all(line.layout.column >= 0 for line in page2[: -len(margin)])


@corpus
def test_federal_register_first_page_header_and_sidebar():
    source = _corpus(FEDREG, (1, 1))
    texts = [line.text for line in source.lines]
    # The masthead stands over a rule drawn across the page: its two sides
    # (the section's name, the issue) are read before the columns under it.
    assert texts[:6] == [
        "47698",
        "Proposed Rules",
        "Federal Register",
        "Vol. 85, No. 152",
        "Thursday, August 6, 2020",
        "This section of the FEDERAL REGISTER",
    ]
    sidebar = _line(source, "Federal Register")
    assert sidebar.layout.column == 2 and sidebar.layout.bold
    assert texts.index("Federal Register") < texts.index("proposal, explain the reason for any")
    assert not any("https://www.regulations.gov. Follow the" in t and "proposed" in t for t in texts)


@corpus
def test_state_court_opinion_from_word():
    source = _corpus(NCSC, (9, 9))
    assert "author" not in source.meta  # "localuser" says nothing
    assert source.meta["pages"] == "23"
    called = _line(source, "Sandhill.2")
    assert _styled(called, SUPERSCRIPT) == ["2"] and _styled(called, ITALIC) == ["Sandhill"]
    note = _line(source, "2 Plaintiffs argue")
    assert note.layout.rule_above and note.layout.size == 11.0
    heading = _line(source, "A. The Predominant-Factor Test")
    assert heading.layout.bold
    assert {line.layout.column for line in source.lines} == {0}


@corpus
def test_latex_book_accents_ligatures_notes_and_index_columns():
    source = _corpus(WHITEHEAD, (26, 26))
    text = "\n".join(line.text for line in source.lines)
    assert "In 1820, Öersted, a Dane" in text and "Ampère" in text
    assert not any(ch in text for ch in "\ufb00\ufb01\ufb02\ufb03\ufb04")
    note = _line(source, "∗Electricity and Magnetism")
    assert note.layout.rule_above and _styled(note, SUPERSCRIPT) == ["∗"]
    assert _styled(note, ITALIC) == ["Electricity and Magnetism"]
    index = _corpus(WHITEHEAD, (216, 217))
    page = [line for line in index.lines if line.layout.page == 216]
    assert page[0].text == "INDEX"
    assert _line(index, "Abel, 127").layout.column == 0
    assert _line(index, "Beaconsfield, Lord, 28").layout.column == 1
    texts = [line.text for line in page]
    assert texts.index("Ball, W. W. R., 43") < texts.index("Beaconsfield, Lord, 28")
