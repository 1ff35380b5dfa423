"""Multi-column PDFs read column by column: a round trip.

A text whose paragraphs are known is set in columns by WeasyPrint (CSS
``columns``), with elements across the page between the runs of columns — a
title, a ruled table whose cells stand where the columns do, a paragraph
set the full width — and read back: every paragraph must come out whole and
in the order written, the list's items each whole, and the table as one
block, a row a line, where it stood.
"""

from __future__ import annotations

import pytest

from readerbook.api import normalize_file
from readerbook.model import Heading, ListBlock, Paragraph, Preformatted, block_inlines, inline_text

weasyprint = pytest.importorskip("weasyprint")
pytestmark = pytest.mark.layout  # the PDFs read here are made with WeasyPrint

WORDS = (
    "harbour pilots tides cargo master ledger warehouse council market schooner storm letter owners "
    "quay brick fire road record arrival evidence committee witness account reserve"
).split()


def _paragraph(n: int, words: int) -> str:
    """Paragraph ``n``: its first and last words name it, the words between
    differ from one paragraph to the next."""
    middle = " ".join(WORDS[(n * 7 + k) % len(WORDS)] for k in range(words))
    return f"Item {n} begins {middle} and item {n} ends."


def _css(columns: int) -> str:
    return f"""
@page {{ size: A4; margin: 1.5cm; }}
body {{ font-family: serif; font-size: 9pt; line-height: 1.25; }}
h1 {{ font-size: 16pt; text-align: center; margin: 0 0 8pt 0; }}
p {{ margin: 0; text-indent: 1em; text-align: justify; }}
.cols {{ columns: {columns}; column-gap: 12pt; }}
.wide {{ margin: 8pt 0; }}
.byline {{ text-align: center; text-indent: 0; margin: 0 0 10pt 0; }}
ul {{ margin: 0; padding: 0; list-style-position: inside; }}
li {{ text-indent: 1em; text-align: justify; }}
table {{ width: 100%; border-collapse: collapse; margin: 8pt 0; font-size: 8pt; }}
th, td {{ border: 0.5pt solid black; padding: 1pt 3pt; text-align: left; }}
"""


TABLE = (
    "<table><tr><th>Action</th><th>Labour cost</th><th>Parts cost</th><th>Cost per product</th></tr>"
    "<tr><td>Rewire the harbour crane</td><td>4 hours</td><td>$20</td><td>$360</td></tr>"
    "<tr><td>Paint the quay</td><td>9 hours</td><td>$75</td><td>$840</td></tr></table>"
)


def _body() -> str:
    first = "".join(f"<p>{_paragraph(n, 40 + 9 * (n % 4))}</p>" for n in range(1, 8))
    items = "".join(f"<li>{_paragraph(n, 14 + 5 * (n % 3))}</li>" for n in range(8, 12))
    second = "".join(f"<p>{_paragraph(n, 40 + 9 * (n % 4))}</p>" for n in range(12, 18))
    wide = f"<p class='wide'>{_paragraph(18, 60)}</p>"
    third = "".join(f"<p>{_paragraph(n, 30 + 9 * (n % 4))}</p>" for n in range(19, 24))
    return (
        "<h1>A Paper Set in Columns</h1><p class='byline'>by Ada Example</p>"
        f"<div class='cols'>{first}<ul>{items}</ul></div>{TABLE}"
        f"<div class='cols'>{second}</div>{wide}<div class='cols'>{third}</div>"
    )


def _text(block) -> str:
    return " ".join(inline_text(seq) for seq in block_inlines(block))


@pytest.fixture(scope="module", params=[2, 3], ids=["two-columns", "three-columns"])
def paper(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / f"columns-{request.param}.pdf"
    html = f"<html lang='en'><head><meta charset='utf-8'><style>{_css(request.param)}</style></head>"
    weasyprint.HTML(string=f"{html}<body>{_body()}</body></html>").write_pdf(path)
    doc, _ = normalize_file(path)
    return doc


def test_paragraphs_come_out_whole_and_in_order(paper):
    read = []
    for block in paper.blocks:
        if isinstance(block, Paragraph):
            read.append(_text(block))
        elif isinstance(block, ListBlock):
            read.extend(" ".join(_text(b) for b in item) for item in block.items)
    read = [p for p in read if p != "by Ada Example"]  # the byline: front matter or a paragraph of its own
    expected = list(range(1, 24))
    assert [int(p.split()[1]) for p in read] == expected
    for n, text in zip(expected, read):
        assert text.startswith(f"Item {n} begins ") and text.endswith(f"and item {n} ends.")
        assert text.count("Item ") == 1 and text.count(" item ") == 1  # nothing of another paragraph


def test_the_list_keeps_its_items(paper):
    lists = [b for b in paper.blocks if isinstance(b, ListBlock)]
    assert len(lists) == 1 and len(lists[0].items) == 4


def test_a_ruled_table_across_the_columns_is_one_block_where_it_stood(paper):
    kinds = [type(b).__name__ for b in paper.blocks]
    assert kinds.count("Preformatted") == 1
    at = kinds.index("Preformatted")
    assert isinstance(paper.blocks[at - 1], ListBlock)  # after the first run of columns…
    assert _text(paper.blocks[at + 1]).startswith("Item 12 begins")  # …before the second
    rows = [row.split() for row in paper.blocks[at].text.split("\n")]
    assert rows == [
        "Action Labour cost Parts cost Cost per product".split(),
        "Rewire the harbour crane 4 hours $20 $360".split(),
        "Paint the quay 9 hours $75 $840".split(),
    ]
    # The cells stand one under another.
    lines = paper.blocks[at].text.split("\n")
    assert len({line.index(cell) for line, cell in zip(lines, ("Labour", "4 hours", "9 hours"))}) == 1


def test_the_title_heads_the_text(paper):
    first = paper.blocks[0]
    if isinstance(first, Heading):
        assert inline_text(first.inlines) == "A Paper Set in Columns"
    else:
        assert paper.meta.title == "A Paper Set in Columns"
    assert not any(isinstance(b, Preformatted) and "Item" in b.text for b in paper.blocks)
