"""Figures in every source format: e-text markers (the ``figures`` pass) and
images on a PDF's pages (the PDF reader), each set as a FigurePlaceholder."""

from __future__ import annotations

import pytest

from conftest import norm
from readerbook.model import FigurePlaceholder, Paragraph, Preformatted, inline_text
from readerbook.normalize.audit import audit

LONG = (
    "This sentence is long enough to look like the body of a paragraph in an ordinary essay, "
    "and it goes on for a while so that the detectors see a real paragraph here."
)
WRAPPED = (
    "The first paragraph of a wrapped text runs on over several lines as an\n"
    "e-text's paragraphs do, each line about as long as the one before it, and\n"
    "it ends with a full stop like any other paragraph of prose would do.\n"
)


def figures(doc) -> list[str]:
    # Typography ties "Fig." to its number with a no-break space; compared as plain spaces.
    return [inline_text(b.caption).replace("\xa0", " ") for b in doc.blocks if isinstance(b, FigurePlaceholder)]


def paragraphs(doc) -> list[str]:
    return [inline_text(b.inlines) for b in doc.blocks if isinstance(b, Paragraph)]


def changes(doc, kind: str) -> list:
    return [c for c in doc.changes if c.kind == kind]


def test_markers_in_their_spellings_become_placeholders_with_their_captions():
    doc = norm(
        f"{WRAPPED}\n[Illustration]\n\n{WRAPPED}\n[ILLUSTRATION: The old mill at dawn.]\n\n"
        f"{WRAPPED}\n[Fig.3. Foetus of an orang.]\n\n{WRAPPED}\n[Frontispiece--The author at his desk.]\n\n{WRAPPED}"
    )
    assert figures(doc) == ["", "The old mill at dawn.", "Fig.3. Foetus of an orang.", "The author at his desk."]
    removed = [c.text for c in changes(doc, "removed-text") if c.detail == "e-text figure marker"]
    assert removed == ["[Illustration", "[ILLUSTRATION:", "[Frontispiece--"]
    assert len(changes(doc, "figure")) == 4
    assert audit(doc.source_lines, doc) == []


def test_a_marker_over_several_lines_and_a_blank_line_is_one_figure():
    doc = norm(
        f"{WRAPPED}\n  [Illustration: Plate II.\n  Reservations in Minnesota.\n\n"
        f"  I Red Lake. II White Earth. III Cass\n  Lake. IV Leech Lake.]\n\n{WRAPPED}"
    )
    [caption] = figures(doc)
    assert caption.startswith("Plate II.\nReservations in Minnesota.")
    assert caption.endswith("IV Leech Lake.")
    assert len(paragraphs(doc)) == 2
    assert audit(doc.source_lines, doc) == []


def test_a_short_two_line_marker_is_a_figure_not_lines_kept_as_lines():
    doc = norm(f"{WRAPPED}\n  [Illustration: Plate III.\n  Red Lake and Leech Lake Records.]\n\n{WRAPPED}")
    assert figures(doc) == ["Plate III.\nRed Lake and Leech Lake Records."]


def test_text_after_a_marker_on_its_line_stays_text_after_the_figure():
    doc = norm(
        f"{WRAPPED}\n[Music: Treble clef, sixteenth notes.] &c.\n[Music: Treble clef, eighth notes.] &c.\n\n{WRAPPED}"
    )
    assert figures(doc) == ["Treble clef, sixteenth notes.", "Treble clef, eighth notes."]
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "FigurePlaceholder", "Paragraph", "FigurePlaceholder", "Paragraph", "Paragraph"]
    assert paragraphs(doc)[1:3] == ["&c.", "&c."]
    assert audit(doc.source_lines, doc) == []


def test_a_marker_inside_a_paragraph_is_set_after_it_and_the_paragraph_reads_on():
    doc = norm(
        "The outline still remains somewhat pointed, although the margin of the\n"
        "upper part is folded inwards, in one of them very narrowly. [Fig. 3.\n"
        "Foetus of an orang. Exact copy of a photograph.] The following woodcut\n"
        "is an accurate copy of a photograph of the foetus of an orang.\n\n"
        f"{WRAPPED}"
    )
    assert figures(doc) == ["Fig. 3. Foetus of an orang. Exact copy of a photograph."]
    first = paragraphs(doc)[0]
    assert "very narrowly. The following woodcut is an accurate copy" in first
    assert isinstance(doc.blocks[1], FigurePlaceholder)
    assert any("set after it" in c.detail for c in changes(doc, "figure"))
    assert audit(doc.source_lines, doc) == []


def test_brackets_that_only_look_like_markers_are_text():
    doc = norm(
        f"{LONG} He met Sir George Smart [Music Director] there.\n\n"
        "[Plates and Figures were numbered continuously within each report.]\n\n"
        f"[Illustration: a caption whose bracket never closes\n\n{LONG}\n\n{LONG}\n\n{LONG}\n\n{LONG}\n"
    )
    assert figures(doc) == []
    text = " ".join(paragraphs(doc))
    assert "[Music Director]" in text and "Plates and Figures" in text and "never closes" in text


def test_a_marker_in_a_web_page_paragraph_is_a_figure_too():
    from pathlib import Path

    from readerbook.diagnostics import Diagnostics
    from readerbook.normalize import TextOptions, normalize_source
    from readerbook.readers.html import read_html

    body = f"<p>{LONG}</p><p>[Illustration: The harbour at night.]</p><p>{LONG}</p>"
    data = f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()
    src = read_html(Path("page.html"), "page.html", data, Diagnostics())
    doc = normalize_source(src, TextOptions(), diagnostics=Diagnostics())
    assert figures(doc) == ["The harbour at night."]
    assert len(paragraphs(doc)) == 2


# --- images on a PDF's pages


def _png(width: int, height: int, colour: str) -> str:
    import base64
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _figure_pdf() -> bytes:
    import weasyprint

    body = (
        f"<p>{LONG} <img src='{_png(8, 8, 'black')}' style='width:6pt;height:6pt'> {LONG}</p>"
        f"<img src='{_png(200, 120, 'red')}' style='display:block;width:200pt;height:120pt'>"
        "<p>Figure 1. A red square drawn for the test.</p>"
        f"<p>{LONG}</p>"
        f"<div style='break-before:page'><img src='{_png(300, 400, 'blue')}' style='width:300pt;height:400pt'></div>"
    )
    style = "@page{size:A5;margin:2cm} body{font:10pt serif}"
    return weasyprint.HTML(string=f"<html><head><style>{style}</style></head><body>{body}</body></html>").write_pdf()


@pytest.mark.layout
def test_images_on_pdf_pages_are_figures_in_their_places_with_the_caption_beside_them():
    from pathlib import Path

    from readerbook.diagnostics import Diagnostics
    from readerbook.normalize import TextOptions, normalize_source
    from readerbook.readers.pdf import read_pdf

    diagnostics = Diagnostics()
    src = read_pdf(Path("figs.pdf"), "figs.pdf", _figure_pdf(), diagnostics)
    marks = [line for line in src.lines if line.hint is not None and line.hint.kind == "figure"]
    # The two images big enough to be figures, not the bullet-sized one; the second alone on page 2.
    assert [m.layout.page for m in marks] == [1, 2]
    assert all(m.text == "" for m in marks)
    texts = [line.text for line in src.lines]
    at = texts.index("")
    caption = next(k for k, t in enumerate(texts) if t.startswith("Figure 1."))
    assert at < caption and any(t.startswith("This sentence") for t in texts[:at])
    assert "image" in marks[0].where and src.place(marks[0].no) == marks[0].where

    doc = normalize_source(src, TextOptions(), diagnostics=Diagnostics())
    figs = [b for b in doc.blocks if isinstance(b, FigurePlaceholder)]
    assert [inline_text(f.caption).replace("\xa0", " ") for f in figs] == [
        "Figure 1. A red square drawn for the test.",
        "",
    ]
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "FigurePlaceholder", "Paragraph", "FigurePlaceholder"]
    recorded = [c for c in doc.changes if c.kind == "figure" and "image not reproduced" in c.detail]
    assert len(recorded) == 2 and all(c.text.startswith("p. ") for c in recorded)
    assert audit(doc.source_lines, doc) == []


def test_markers_inside_a_paragraph_and_on_their_own_line_in_one_block_keep_their_order():
    doc = norm(
        "The outline still remains somewhat pointed, although the margin of the [Fig. 4.\n"
        "The ear.] upper part is folded inwards, in one of them very narrowly indeed, as\n"
        "the woodcut shows, and the point is seen in many other animals as well.\n"
        "[Illustration: The skull.] The next paragraph starts after the second figure.\n\n"
        f"{WRAPPED}"
    )
    assert figures(doc) == ["Fig. 4. The ear.", "The skull."]
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "FigurePlaceholder", "FigurePlaceholder", "Paragraph", "Paragraph"]
    assert "margin of the upper part is folded" in paragraphs(doc)[0]
    assert paragraphs(doc)[1] == "The next paragraph starts after the second figure."
    assert audit(doc.source_lines, doc) == []


def _drawing_pdf() -> bytes:
    import weasyprint

    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' width='200pt' height='120pt' viewBox='0 0 200 120'>"
        "<line x1='10' y1='110' x2='190' y2='110' stroke='black'/>"
        "<line x1='10' y1='110' x2='10' y2='10' stroke='black'/>"
        "<path d='M10 110 Q 100 0 190 40' stroke='black' fill='none'/>"
        "<text x='2' y='10' font-size='9'>Y</text><text x='150' y='60' font-size='9'>The curve</text>"
        "</svg>"
    )
    cells = "".join(f"<td>cell {k} of the ruled table holds words</td>" for k in range(3))
    table = "<table style='border-collapse:collapse'>" + f"<tr>{cells}</tr>" * 6 + "</table>"
    body = (
        f"<p>{LONG}</p><div>{svg}</div><p>Fig. 1.</p><p>{LONG}</p>"
        f"<style>td{{border:1px solid black;padding:2pt}}</style>{table}<p>{LONG}</p>"
    )
    style = "@page{size:A5;margin:2cm} body{font:10pt serif}"
    return weasyprint.HTML(string=f"<html><head><style>{style}</style></head><body>{body}</body></html>").write_pdf()


@pytest.mark.layout
def test_a_drawing_made_of_paths_is_a_figure_its_labels_part_of_it_a_ruled_table_is_not():
    from pathlib import Path

    from readerbook.diagnostics import Diagnostics
    from readerbook.normalize import TextOptions, normalize_source
    from readerbook.readers.pdf import read_pdf

    src = read_pdf(Path("drawing.pdf"), "drawing.pdf", _drawing_pdf(), Diagnostics())
    marks = [line for line in src.lines if line.hint is not None and line.hint.kind == "figure"]
    assert [m.where.split(" (")[0] for m in marks] == ["p. 1, drawing 1"]  # the table's rules are no drawing
    doc = normalize_source(src, TextOptions(), diagnostics=Diagnostics())
    figs = [b for b in doc.blocks if isinstance(b, FigurePlaceholder)]
    assert [inline_text(f.caption).replace("\xa0", " ") for f in figs] == ["Fig. 1."]
    labels = [c.text for c in doc.changes if c.kind == "removed" and "label inside a figure" in c.detail]
    assert sorted(labels) == ["The curve", "Y"]
    # The ruled table is read as one: a row a line, its cells left to right.
    tables = [b for b in doc.blocks if isinstance(b, Preformatted)]
    assert len(tables) == 1
    rows = tables[0].text.split("\n")
    assert len(rows) == 6
    cells = [w for k in range(3) for w in f"cell {k} of the ruled table holds words".split()]
    assert all(row.split() == cells for row in rows)
    assert all(row.index("cell 0") < row.index("cell 1") < row.index("cell 2") for row in rows)
    assert audit(doc.source_lines, doc) == []


def test_images_of_a_web_page_are_figures_or_recorded_as_left_out():
    from pathlib import Path

    from readerbook.diagnostics import Diagnostics
    from readerbook.normalize import TextOptions, normalize_source
    from readerbook.readers.html import read_html

    body = (
        f"<p>{LONG} <img src='img/star.png' alt='*'> {LONG}</p>"
        "<figure><img src='img/map.png' alt='A map'><figcaption>The valley in 1850.</figcaption></figure>"
        "<p><img src='img/harbour.jpg' alt='The harbour at night, from the pier.'></p>"
        "<p><img src='img/rule.gif'></p><p><img src='img/flourish.png' alt=''></p>"
        f"<p>{LONG}</p>"
    )
    data = f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()
    src = read_html(Path("page.html"), "page.html", data, Diagnostics())
    assert sorted(src.omitted) == [
        ("image (the figure's caption stands for it)", "A map"),
        ("image inside the text", "*"),
        ("image without alt text", "flourish.png"),
        ("image without alt text", "rule.gif"),
    ]
    doc = normalize_source(src, TextOptions(), diagnostics=Diagnostics())
    assert figures(doc) == ["The valley in 1850.", "The harbour at night, from the pier."]
    left_out = [c.text for c in doc.changes if c.kind == "omitted"]
    assert {"A map", "*", "flourish.png", "rule.gif"} <= set(left_out)


def test_a_figure_without_a_caption_goes_through_markdown_and_back(tmp_path):
    from readerbook.export import to_markdown
    from readerbook.model import FigurePlaceholder
    from readerbook.pipeline import normalize_file

    prose = "The argument of this paragraph runs on for a while so that it reads as prose and not as a heading."
    (tmp_path / "a.txt").write_text(f"{prose}\n\n[Illustration]\n\n{prose}\n", encoding="utf-8")
    doc, _ = normalize_file(tmp_path / "a.txt")
    markdown = to_markdown(doc)
    assert "[Figure not reproduced]" in markdown and "[Figure not reproduced: ]" not in markdown
    (tmp_path / "a.md").write_text(markdown, encoding="utf-8")
    again, found = normalize_file(tmp_path / "a.md")
    figures = [b for b in again.blocks if isinstance(b, FigurePlaceholder)]
    assert len(figures) == 1 and not figures[0].caption
    assert not [d for d in found if d.code == "RB390"]
