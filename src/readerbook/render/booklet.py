"""The finished PDF imposed as a booklet, for saddle stitching.

A saddle-stitched booklet is a stack of sheets folded once in the middle and
stapled through the fold.  Each side of a sheet carries two pages side by
side, so the sheet side is twice the page (A3 for an A4 book).  Folded and
nested, sheet 1 is the outermost: its front holds the last page (left) and
page 1 (right), its back page 2 (left) and the second-to-last page (right);
sheet 2 holds the next pages in, and so on.

The booklet is made from the finished PDF, not laid out again, so its pages
are the book's pages exactly.  Each page is placed by its TrimBox (the page
as trimmed, without bleed or marks): the booklet is for printing on sheets
twice the page size and folding, where there is nothing to trim.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..manifest import PAGES_PER_SHEET


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """Sheet sides in printing order, each as (left page, right page), 1-based;
    ``None`` is a blank slot (when ``pages`` is not a multiple of four)."""
    total = -(-pages // PAGES_PER_SHEET) * PAGES_PER_SHEET

    def page(n: int) -> int | None:
        return n if n <= pages else None

    sides = []
    for sheet in range(total // PAGES_PER_SHEET):
        outer, inner = 2 * sheet + 1, total - 2 * sheet
        sides.append((page(inner), page(outer)))  # front: the later page on the left
        sides.append((page(outer + 1), page(inner - 1)))  # back
    return sides


def impose(pdf: bytes) -> bytes:
    """``pdf`` imposed two-up in booklet order (see ``booklet_order``)."""
    with pikepdf.open(io.BytesIO(pdf)) as src, pikepdf.new() as out:
        forms: dict[int, pikepdf.Object] = {}
        x0, y0, x1, y1 = _trim(src.pages[0])
        width, height = x1 - x0, y1 - y0
        for left, right in booklet_order(len(src.pages)):
            resources = Dictionary()
            drawing = []
            for slot, number in enumerate((left, right)):
                if number is None:
                    continue
                if number not in forms:
                    forms[number] = out.copy_foreign(_page_form(src.pages[number - 1]))
                name = Name(f"/P{number}")
                resources[name] = forms[number]
                px0, py0, _, _ = _trim(src.pages[number - 1])
                # The page's trimmed corner at the slot's corner.
                dx, dy = slot * width - px0, -py0
                drawing.append(f"q 1 0 0 1 {dx:.4f} {dy:.4f} cm {name} Do Q")
            sheet = Dictionary(
                Type=Name.Page,
                MediaBox=Array([0, 0, round(2 * width, 4), round(height, 4)]),
                Resources=Dictionary(XObject=resources),
                Contents=out.make_stream("\n".join(drawing).encode()),
            )
            out.pages.append(pikepdf.Page(sheet))
        buffer = io.BytesIO()
        out.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
        return buffer.getvalue()


def _trim(page: pikepdf.Page) -> tuple[float, float, float, float]:
    box = page.obj.get("/TrimBox") or page.mediabox
    return tuple(float(v) for v in box)  # type: ignore[return-value]


def _page_form(page: pikepdf.Page) -> pikepdf.Object:
    """The page as a form XObject clipped to its TrimBox."""
    form = page.as_form_xobject()
    form.BBox = Array([round(v, 4) for v in _trim(page)])
    return form
