"""Print-shop output (book.yaml ``print:``): signature padding, bleed, marks,
the booklet imposed for saddle stitching; and a stylesheet WeasyPrint reads
without a warning."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import have
from readerbook import cli
from readerbook.diagnostics import ReaderbookError
from readerbook.manifest import PrintOptions, load_manifest
from readerbook.render.booklet import booklet_order, impose
from readerbook.render.join import Finish, PlacedPart, join
from readerbook.render.pdf import MARKS_ROOM_MM, PrintSettings

pikepdf = pytest.importorskip("pikepdf")

ROOT = Path(__file__).resolve().parents[1]
A6 = (105 * 72 / 25.4, 148 * 72 / 25.4)  # the trimmed page in points


def numbered_pages(count: int, css: str = "") -> bytes:
    """``count`` A6 pages, each saying only which page it is."""
    import weasyprint

    body = "".join(
        f'<p style="break-before:{"page" if n > 1 else "auto"};font-size:30pt">Page{n}</p>' for n in range(1, count + 1)
    )
    style = f"@page {{ size: A6; margin: 10mm; }} {css}"
    return weasyprint.HTML(string=f"<html><head><style>{style}</style></head><body>{body}</body></html>").write_pdf()


def words_in(pdf: Path, page: int, x: float, width: float, height: float) -> str:
    """The text pdftotext finds in a region of a page (points, at 72 dpi)."""
    return subprocess.run(
        ["pdftotext", "-r", "72", "-f", str(page), "-l", str(page), "-x", str(int(x)), "-y", "0"]
        + ["-W", str(int(width)), "-H", str(int(height)), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()


# --- booklet order ----------------------------------------------------------


def test_booklet_order_nests_the_sheets():
    # Eight pages on two sheets folded together: the outer sheet carries
    # 8|1 on its front and 2|7 on its back, the inner one 6|3 and 4|5.
    assert booklet_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert booklet_order(4) == [(4, 1), (2, 3)]


def test_booklet_order_leaves_blank_slots_up_to_a_whole_sheet():
    # Six pages need two sheets (eight slots); the last two slots are blank.
    assert booklet_order(6) == [(None, 1), (2, None), (6, 3), (4, 5)]
    every = [n for side in booklet_order(13) for n in side if n is not None]
    assert sorted(every) == list(range(1, 14))


@pytest.mark.skipif(not have("pdftotext"), reason="poppler-utils not installed")
@pytest.mark.layout
def test_imposed_sheets_hold_the_pages_in_booklet_order(tmp_path):
    # Bleed and crop marks on the pages: the booklet places the trimmed pages.
    source = numbered_pages(8, "@page { bleed: 3mm; marks: crop; }")
    out = tmp_path / "booklet.pdf"
    out.write_bytes(impose(source))
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 4
        x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].mediabox)
        assert (x1 - x0, y1 - y0) == pytest.approx((2 * A6[0], A6[1]), abs=0.01)  # twice the page, side by side
    width, height = A6
    halves = [
        (words_in(out, side, 0, width, height), words_in(out, side, width, width, height)) for side in range(1, 5)
    ]
    assert halves == [
        (["Page8"], ["Page1"]),
        (["Page2"], ["Page7"]),
        (["Page6"], ["Page3"]),
        (["Page4"], ["Page5"]),
    ]


# --- the join: blank pages, padding, bleed box -------------------------------


@pytest.mark.layout
def test_join_pads_to_the_signature_with_laid_out_blank_pages():
    css = "@page { bleed: 10mm; marks: crop; }"
    blank = numbered_pages(0, css)  # an empty document: one empty page with the book's boxes and marks
    parts = [PlacedPart(numbered_pages(3, css), 1, frozenset()), PlacedPart(numbered_pages(2, css), 5, frozenset())]
    pdf = join(parts, finish=Finish(blank=blank, pad_to=8, bleed_pt=3 * 72 / 25.4))
    with pikepdf.open(io.BytesIO(pdf)) as book:
        # 3 pages, an empty verso (page 4), 2 pages, then pages 7 and 8 to make up the signature.
        assert len(book.pages) == 8
        trims = {tuple(round(float(v), 2) for v in page.obj.TrimBox) for page in book.pages}
        assert trims == {(0.0, 0.0, round(A6[0], 2), round(A6[1], 2))}  # blank pages too
        bleed = [float(v) for v in book.pages[6].obj.BleedBox]
        assert bleed == pytest.approx([-8.504, -8.504, A6[0] + 8.504, A6[1] + 8.504], abs=0.01)


@pytest.mark.layout
def test_join_without_finishing_adds_nothing():
    parts = [PlacedPart(numbered_pages(3), 1, frozenset())]
    with pikepdf.open(io.BytesIO(join(parts))) as book:
        assert len(book.pages) == 3


# --- settings and book.yaml ---------------------------------------------------


def test_marks_get_room_beyond_the_bleed():
    css = PrintSettings("A4", bleed_mm=3, marks=("crop",)).css()
    assert f"bleed: {3 + MARKS_ROOM_MM:g}mm" in css and "marks: crop" in css
    assert "bleed" not in PrintSettings("A4").css()
    assert "marks: none" in PrintSettings("A4", bleed_mm=3).css()


BOOK = """\
title: A Test Reader
identifier: urn:x
date: 2026-01-01
texts:
  - file: texts/a.txt
    title: A Short Title
"""
PROSE = (
    "A paragraph of prose that is long enough to be taken for a paragraph of an essay, "
    "and which goes on a little further so that it reads like one."
)


def project(tmp_path: Path, print_section: str) -> Path:
    (tmp_path / "texts").mkdir(exist_ok=True)
    (tmp_path / "texts" / "a.txt").write_text(f"A Short Title\n\n{PROSE}\n\n{PROSE}\n", encoding="utf-8")
    (tmp_path / "book.yaml").write_text(BOOK + textwrap.dedent(print_section), encoding="utf-8")
    return tmp_path / "book.yaml"


def test_print_section_read(tmp_path):
    m = load_manifest(project(tmp_path, "print:\n  signature: 16\n  bleed: 0.125in\n  marks: crop cross\n"))
    assert m.print_options == PrintOptions(16, "0.125in", ("crop", "cross"), False)
    assert m.print_options.pad_to == 16
    assert load_manifest(project(tmp_path, "print:\n  booklet: true\n")).print_options.pad_to == 4
    assert load_manifest(project(tmp_path, "")).print_options == PrintOptions()


@pytest.mark.parametrize(
    "section, expected",
    [
        ("print:\n  signature: 6\n", ["book.yaml:8:14", "RB104", "multiple of 4"]),
        ("print:\n  signature: 0\n", ["book.yaml:8:14", "RB104", "multiple of 4"]),
        ("print:\n  bleed: 3\n", ["book.yaml:8:10", "RB104", "'bleed'", "3mm"]),
        ("print:\n  bleed: 3 cm\n", ["book.yaml:8:10", "RB104", "up to 25mm"]),
        ("print:\n  marks: dots\n", ["book.yaml:8:10", "RB104", "crop, cross"]),
        ("print:\n  booklet: yes please\n", ["book.yaml:8:12", "RB103", "true or false"]),
        ("print:\n  signatur: 8\n", ["book.yaml:8:3", "RB102", "did you mean 'signature'"]),
        ("print: 8\n", ["book.yaml:7:8", "RB103", "the print section must be a mapping"]),
    ],
)
def test_print_section_errors_name_the_place(tmp_path, section, expected):
    with pytest.raises(ReaderbookError) as err:
        load_manifest(project(tmp_path, section))
    shown = [d.format() for d in err.value.diagnostics]
    assert len(shown) == 1
    for fragment in expected:
        assert fragment in shown[0].replace(str(tmp_path) + "/", "")


@pytest.mark.layout
def test_print_options_reach_the_built_pdf_and_booklet(tmp_path):
    manifest = project(tmp_path, "print:\n  signature: 8\n  bleed: 3mm\n  marks: crop\n  booklet: true\n")
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    assert cli.main(["build", str(manifest), "--format", "pdf"]) == 0
    dist = tmp_path / "dist"
    with pikepdf.open(dist / "a-test-reader.pdf") as pdf, pikepdf.open(dist / "a-test-reader-booklet.pdf") as bk:
        pages = len(pdf.pages)
        assert pages % 8 == 0
        trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
        media = [float(v) for v in pdf.pages[-1].mediabox]
        # Room for the bleed and the marks on every page, the padding's blank pages too.
        assert media[0] == pytest.approx(trim[0] - (3 + MARKS_ROOM_MM) * 72 / 25.4, abs=0.01)
        assert [float(v) for v in pdf.pages[-1].obj.BleedBox][0] == pytest.approx(-3 * 72 / 25.4, abs=0.01)
        assert len(bk.pages) == pages // 2
        assert float(bk.pages[0].mediabox[2]) == pytest.approx(2 * (trim[2] - trim[0]), abs=0.01)
    # The blank pages added for the print shop keep the PDF a valid tagged one.
    pytest.importorskip("pdfua")
    out = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", "--min-severity", "error", str(dist / "a-test-reader.pdf")],
        capture_output=True,
        text=True,
    )
    assert "ERROR" not in out.stdout, out.stdout


# --- the stylesheet -----------------------------------------------------------


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_weasyprint_reads_the_print_stylesheets_without_a_warning():
    import weasyprint

    caught = _Warnings()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(caught)
    try:
        weasyprint.CSS(filename=str(ROOT / "styles" / "print.css"))
        weasyprint.CSS(string=PrintSettings("A4", True, bleed_mm=3, marks=("crop", "cross"), pad_to=8).css())
    finally:
        logger.removeHandler(caught)
    assert caught.messages == []
