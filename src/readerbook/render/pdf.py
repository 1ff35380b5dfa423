"""The print edition: one HTML document typeset by WeasyPrint.

``render_print_html`` writes the document (kept at build/print.html so its
layout can be timed or inspected alone); ``layout`` returns WeasyPrint's laid
out ``Document`` so tests and the page map can read ``pages[i].anchors``;
``write_pdf`` serialises it.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ..assemble import Book, TocEntry
from .xhtml import TextRenderer, attr

PAGE_SIZES = {"A4": "A4", "letter": "letter"}


@dataclass(frozen=True)
class PrintSettings:
    page_size: str = "A4"
    packet_margin: bool = False

    def css(self) -> str:
        size = PAGE_SIZES.get(self.page_size, "A4")
        outer = "52mm" if self.packet_margin else "24mm"
        return (
            f"@page {{ size: {size}; }}\n"
            f"@page :left {{ margin-left: {outer}; }}\n"
            f"@page :right {{ margin-right: {outer}; }}\n"
        )


def render_print_html(
    book: Book, front: list[str] = (), back: list[str] = (), stylesheets: list[str] = ("print.css",)
) -> str:
    m = book.manifest
    authors = sorted({t.entry.author for t in book.texts if t.entry.author})
    head = [
        f"<title>{escape(m.title)}</title>",
        '<meta charset="utf-8"/>',
        f'<meta name="author" content={attr("; ".join(authors))}/>',
        f'<meta name="description" content={attr(m.subtitle or m.title)}/>',
        '<meta name="generator" content="readerbook"/>',
        f'<meta name="dcterms.created" content="{m.date.isoformat()}T00:00:00Z"/>',
        f'<meta name="dcterms.modified" content="{m.date.isoformat()}T00:00:00Z"/>',
    ] + [f'<link rel="stylesheet" href={attr(s)}/>' for s in stylesheets]
    parts = [half_title(book), title_page(book), contents(book)]
    if book.preface is not None:
        r = TextRenderer(book, book.preface, "print")
        parts.append(
            f'<section class="preface" id="preface"><h1 class="front-title" data-short="Preface" '
            f"data-author={attr(m.title)}>Preface</h1>{r.blocks(book.preface.parts[0].blocks)}</section>"
        )
    parts.extend(front)
    for text in book.texts:
        r = TextRenderer(book, text, "print")
        blocks = "\n".join(r.blocks(p.blocks) for p in text.parts)
        short = text.entry.short_title
        author = text.entry.author or m.title
        # The opener carries the running-head strings; the page CSS shows them
        # with first-except, so the opening page itself has no running head.
        opener = r.opener(running_heads=(short, author))
        parts.append(f'<section class="text" id={attr(text.slug)}>{opener}{blocks}</section>')
    parts.extend(back)
    if book.index or book.shared:
        parts.append(index_opening(book) + "</section>")  # keeps the index's first page and its TOC entry
    return _document(m, head, parts)


def _document(m, head: list[str], parts: list[str], body_class: str = "print") -> str:
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html>\n"
        f"<html lang={attr(m.language)}>\n<head>{''.join(head)}</head>\n"
        f'<body class="{body_class}">\n{body}\n</body>\n</html>\n'
    )


def index_opening(book: Book) -> str:
    return (
        f'<section class="index-section" id="index"><h1 class="front-title" data-short="Index" '
        f"data-author={attr(book.manifest.title)}>Index</h1>"
    )


def render_print_index_html(
    book: Book, pages: dict[str, int], start: int, stylesheets: list[str] = ("print.css",)
) -> str:
    """The index alone, numbered on from page ``start``, with literal page numbers."""
    from .indexpage import print_index, shared_section

    m = book.manifest
    head = ['<meta charset="utf-8"/>', f"<title>{escape(m.title)} — Index</title>"]
    head += [f'<link rel="stylesheet" href={attr(s)}/>' for s in stylesheets]
    head.append(f"<style>@page:first {{ counter-reset: page {start}; }}</style>")
    shared = shared_section(book, "print", lambda a: f"#{a}", pages)
    body = index_opening(book) + print_index(book, book.index, book.index_terms, pages, shared) + "</section>"
    return _document(m, head, [body])


def half_title(book: Book) -> str:
    return f'<section class="half-title" id="half-title"><p class="half-title-text">{escape(book.manifest.title)}</p></section>'


def title_page(book: Book) -> str:
    m = book.manifest
    sub = f'<p class="subtitle">{escape(m.subtitle)}</p>' if m.subtitle else ""
    editor = f'<p class="editor">Edited by {escape(m.editor)}</p>' if m.editor else ""
    lines = "".join(
        f'<li><span class="tp-title">{escape(t.title)}</span><span class="tp-author">'
        f"{escape(t.entry.author or 'author not named in the source')}</span></li>"
        for t in book.texts
    )
    pub = f'<p class="publisher">{escape(m.publisher)}</p>' if m.publisher else ""
    return (
        f'<section class="title-page" id="title-page"><h1 class="book-title">{escape(m.title)}</h1>{sub}{editor}'
        f'<ul class="tp-texts">{lines}</ul>{pub}'
        f'<p class="imprint">Compiled {m.date.isoformat()} · {escape(m.identifier)}</p></section>'
    )


def contents(book: Book, extra: list[tuple[str, str]] = ()) -> str:
    """Table of contents with page numbers from target-counter()."""
    rows = []
    if book.preface is not None:
        rows.append(_toc_row("preface", "Preface", "toc-front"))
    for anchor, title in book_front_entries(book):
        rows.append(_toc_row(anchor, title, "toc-front"))
    for text in book.texts:
        author = f'<span class="toc-author">{escape(text.entry.author)}</span>' if text.entry.author else ""
        rows.append(f'<li class="toc-text"><a href="#{text.slug}">{escape(text.title)}</a>{author}</li>')
        rows.extend(_toc_children(text.toc))
    for anchor, title in list(extra) + book_back_entries(book):
        rows.append(_toc_row(anchor, title, "toc-back"))
    if book.index or book.shared:
        rows.append(_toc_row("index", "Index", "toc-back"))
    return f'<nav class="contents" id="contents"><h1 class="contents-title">Contents</h1><ol>{"".join(rows)}</ol></nav>'


def book_front_entries(book: Book) -> list[tuple[str, str]]:
    return list(getattr(book, "front_entries", []))


def book_back_entries(book: Book) -> list[tuple[str, str]]:
    return list(getattr(book, "back_entries", []))


def _toc_row(anchor: str, title: str, cls: str) -> str:
    return f'<li class={attr(cls)}><a href="#{anchor}">{escape(title)}</a></li>'


def _toc_children(entries: list[TocEntry]) -> list[str]:
    out = []
    for e in entries:
        out.append(f'<li class="toc-h{e.level}"><a href="#{e.id}">{escape(e.title)}</a></li>')
        out.extend(_toc_children(e.children))
    return out


def layout(html: str, base_url: Path, settings: PrintSettings):
    """Lay out the print HTML; the result exposes pages and their anchors."""
    import weasyprint

    doc = weasyprint.HTML(string=html, base_url=str(base_url) + "/")
    document = doc.render(stylesheets=[weasyprint.CSS(string=settings.css())])
    numbers_to_outer_margin(document)
    return document


PNUM_GAP = 3 * 96 / 25.4  # 3 mm in CSS pixels


def numbers_to_outer_margin(document) -> None:
    """Paragraph numbers stand in the outer margin.

    CSS places them in the left margin; on recto pages the outer margin is the
    right one, so there they are moved across once the pages are laid out.
    They are absolutely positioned, so moving them changes no line or page.
    (This reads WeasyPrint's laid-out boxes; if their shape ever changes, the
    numbers simply stay in the left margin.)"""
    for page in document.pages:
        try:
            box = page._page_box
            if box.page_type.side != "right":
                continue
            right_edge = box.content_box_x() + box.width
            for child in box.descendants():
                element = getattr(child, "element", None)
                if element is None or child.element_tag != "span" or "pnum" not in (element.get("class") or ""):
                    continue
                if not hasattr(child, "translate"):
                    continue
                texts = (
                    [d for d in child.descendants() if type(d).__name__ == "TextBox"]
                    if hasattr(child, "descendants")
                    else []
                )
                if not texts:
                    continue
                number_left = min(t.position_x for t in texts)
                child.translate(right_edge + PNUM_GAP - number_left, 0)
        except AttributeError:  # pragma: no cover - a WeasyPrint without these internals
            return


@contextlib.contextmanager
def source_date_epoch(date: _dt.date):
    """Pin embedded timestamps (fontTools stamps font subsets with the clock)
    to SOURCE_DATE_EPOCH if the caller set it, else to the book's date."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(
        int(_dt.datetime(date.year, date.month, date.day, tzinfo=_dt.UTC).timestamp())
    )
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def write_pdf(document, language: str, date: _dt.date) -> bytes:
    with source_date_epoch(date):
        return document.write_pdf(pdf_tags=True, uncompressed_pdf=False)
