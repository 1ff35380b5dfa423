"""Print details tested on small documents."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import have
from readerbook.render.pdf import PrintSettings, layout, numbers_to_outer_margin

pytestmark = pytest.mark.layout  # every test here lays pages out

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not have("pdftotext"), reason="poppler-utils not installed")
def test_paragraph_numbers_stand_in_the_outer_margin(tmp_path):
    import weasyprint

    html = (
        "<html><head><style>@page{size:A6;margin:15mm 20mm} p{position:relative;break-after:page}"
        ".pnum{position:absolute;left:-10mm;width:7mm;text-align:right;font-size:7pt}</style></head><body>"
        + "".join(f'<p><span class="pnum">{n}</span>Paragraph {n}.</p>' for n in (1, 2, 3))
        + "</body></html>"
    )
    doc = weasyprint.HTML(string=html).render()
    numbers_to_outer_margin(doc)
    doc.write_pdf(tmp_path / "p.pdf")
    pages = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "p.pdf"), "-"], capture_output=True, text=True
    ).stdout.split("\f")
    assert pages[0].strip().endswith("1")  # recto: number after the text, in the right margin
    assert pages[1].strip().startswith("2")  # verso: number before the text, in the left margin
    assert pages[2].strip().endswith("3")


@pytest.mark.parametrize("page_size,mm", [("A4", (210, 297)), ("letter", (215.9, 279.4))])
def test_page_size_reaches_the_page(tmp_path, page_size, mm):
    """book.yaml's page_size is the size of the laid-out page (CSS px: 96 to the inch)."""
    shutil.copy(ROOT / "styles" / "print.css", tmp_path / "print.css")
    (tmp_path / "book-settings.css").write_text(PrintSettings(page_size).css())
    html = (
        '<html><head><link rel="stylesheet" href="print.css"/><link rel="stylesheet" href="book-settings.css"/>'
        "</head><body><p>One page.</p></body></html>"
    )
    page = layout(html, tmp_path).pages[0]
    assert (round(page.width * 25.4 / 96, 1), round(page.height * 25.4 / 96, 1)) == mm


def test_course_packet_margin_narrows_the_text(tmp_path):
    """book.yaml's settings reach the layout (they must win over print.css)."""
    shutil.copy(ROOT / "styles" / "print.css", tmp_path / "print.css")
    html = (
        '<html><head><link rel="stylesheet" href="print.css"/><link rel="stylesheet" href="book-settings.css"/>'
        f'</head><body><p>{"words and more words " * 300}<span id="end">end</span></p></body></html>'
    )
    ends = []
    for packet in (False, True):
        (tmp_path / "book-settings.css").write_text(PrintSettings("A4", packet).css())
        doc = layout(html, tmp_path)
        ends.append(next((n, page.anchors["end"][1]) for n, page in enumerate(doc.pages) if "end" in page.anchors))
    assert ends[1] > ends[0]  # a narrower measure: the paragraph ends further on
