"""Laying out the print edition in parts and joining them, on small documents."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from helpers import have
from readerbook.render.join import PlacedPart, join
from readerbook.render.parts import links_out, place

pypdf = pytest.importorskip("pypdf")

CSS = (
    "@page { size: A6; margin: 12mm; } h1 { bookmark-level: 1; } h2 { bookmark-level: 2; }"
    " .t { position: absolute; width: 0; height: 0; }"
)
FOLIOS = "@page { @bottom-center { content: counter(page); } }"


def part(body: str, css: str = CSS) -> bytes:
    import weasyprint

    head = f'<meta charset="utf-8"/><title>Joined</title><style>{css}</style>'
    return weasyprint.HTML(string=f'<html lang="en"><head>{head}</head><body>{body}</body></html>').write_pdf(
        pdf_tags=True
    )


def folio_document(pages: int) -> bytes:
    """Empty pages numbered 1, 2, …, as readerbook's folio document."""
    body = "".join(f'<div style="height:1px;break-before:{"page" if n else "auto"}"></div>' for n in range(pages))
    return part(body, CSS + FOLIOS)


def test_parts_begin_on_rectos():
    starts, after = place([("front", 6), ("preface", 3), ("a", 16), ("b", 10)])
    assert starts == {"front": 1, "preface": 7, "a": 11, "b": 27}
    assert after == 37


def test_links_out_are_targets_the_part_does_not_hold():
    sections = '<section id="a"><p id="a-1"><a href="#a-2">x</a> <a href="#b-7">y</a></p><p id="a-2"></p></section>'
    assert links_out(sections) == {"b-7"}


@pytest.fixture(scope="module")
def joined():
    # Part A (one page) links forward into C; B (two pages) links back into A;
    # C stands in for A's target with nothing: it has the real one.
    a = part(
        '<h1 id="a">Alpha</h1><p id="a-1">See <a href="#c-2">the last part</a>.</p><span class="t" id="c-2"></span>'
    )
    b = part(
        '<h1 id="b">Beta</h1><p>Back to <a href="#a-1">alpha</a>.</p>'
        '<h2 id="b-2" style="break-before:page">Beta, second</h2><span class="t" id="a-1"></span>'
    )
    c = part('<h1 id="c">Gamma</h1><p>First page.</p><p id="c-2" style="break-before:page">The target.</p>')
    placed = [
        PlacedPart(a, 1, frozenset({"a", "a-1"})),
        PlacedPart(b, 3, frozenset({"b", "b-2"})),
        PlacedPart(c, 5, frozenset({"c", "c-2"})),
    ]
    pdf = join(placed, folio_document(6), {n: n for n in (1, 3, 4, 5, 6)})
    return pypdf.PdfReader(io.BytesIO(pdf)), pdf


@pytest.mark.layout
def test_pages_in_order_with_an_empty_verso(joined):
    reader, _ = joined
    assert len(reader.pages) == 6
    assert reader.pages[1].extract_text().strip() == ""  # the verso after part A


@pytest.mark.layout
def test_links_resolve_to_the_part_that_holds_the_target(joined):
    reader, _ = joined
    dests = reader.named_destinations
    assert reader.get_destination_page_number(dests["c-2"]) == 5  # page 6, not A's stand-in on page 1
    assert reader.get_destination_page_number(dests["a-1"]) == 0  # page 1, not B's stand-in
    links = [a.get_object()["/Dest"] for page in reader.pages for a in page.get("/Annots", [])]
    assert sorted(links) == ["a-1", "c-2"]


@pytest.mark.layout
def test_outline_part_after_part(joined):
    reader, _ = joined
    top = [(i.title, reader.get_destination_page_number(i)) for i in reader.outline if not isinstance(i, list)]
    assert top == [("Alpha", 0), ("Beta", 2), ("Gamma", 4)]
    nested = [i for i in reader.outline if isinstance(i, list)]
    assert [(i.title, reader.get_destination_page_number(i)) for i in nested[0]] == [("Beta, second", 3)]


@pytest.mark.layout
def test_one_structure_tree_with_unique_parent_keys(joined):
    reader, _ = joined
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    (document,) = root["/K"]
    assert document.get_object()["/S"] == "/Document"
    headings = [k.get_object()["/S"] for k in document.get_object()["/K"]]
    assert headings.count("/H1") == 3
    nums = root["/ParentTree"]["/Nums"]
    keys = [int(k) for k in nums[::2]]
    assert len(keys) == len(set(keys))
    used = [p["/StructParents"] for p in reader.pages if "/StructParents" in p]
    used += [a.get_object()["/StructParent"] for p in reader.pages for a in p.get("/Annots", [])]
    assert sorted(used) == sorted(keys)
    assert root["/ParentTreeNextKey"] == max(keys) + 1


@pytest.mark.skipif(not have("pdftotext"), reason="poppler-utils not installed")
@pytest.mark.layout
def test_folios_stamped_where_asked(joined, tmp_path):
    _, pdf = joined
    path = tmp_path / "j.pdf"
    path.write_bytes(pdf)
    pages = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split("\f")
    last_lines = [p.strip().splitlines()[-1] if p.strip() else "" for p in pages[:6]]
    assert [line.split()[-1] if line else "" for line in last_lines] == ["1", "", "3", "4", "5", "6"]


@pytest.mark.layout
def test_joined_pdf_passes_the_tagged_pdf_checks(joined, tmp_path):
    pdfua = pytest.importorskip("pdfua")
    del pdfua
    _, pdf = joined
    path = tmp_path / "j.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", "--min-severity", "error", str(path)], capture_output=True, text=True
    )
    assert "ERROR" not in out.stdout, out.stdout
