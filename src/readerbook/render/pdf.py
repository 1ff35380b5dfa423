"""The print edition's HTML, and its layout by WeasyPrint.

``print_parts`` renders the book as parts that are laid out independently
(``parts.py`` lays them out in parallel, ``join.py`` joins them);
``part_document`` makes one part a document of its own; ``render_print_html``
gives the whole book as one document (kept at build/print.html, so it can be
timed or inspected alone); ``layout`` returns WeasyPrint's laid-out
``Document``, whose ``pages[i].anchors`` the page map and tests read.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
from dataclasses import dataclass
from pathlib import Path

from .. import ids
from ..assemble import Book, TocEntry
from ..sources import SOURCES_ANCHOR, SOURCES_TITLE
from ..xmlescape import escape
from .xhtml import TextRenderer, attr

PAGE_SIZES = {"A4": "A4", "letter": "letter"}
PACKET_MARGIN = "52mm"
# The book's own stylesheet and the one made from book.yaml's settings (both
# written to build/ beside the HTML).
STYLESHEETS = ("print.css", "book-settings.css")


# WeasyPrint draws printer's marks inside the CSS bleed area, from its outer
# edge over half its width.  Marks need room beyond the bleed the print shop
# asked for (a crop mark inside it would print on a bleeding background), so
# the CSS bleed is that bleed plus this much; the join then sets each page's
# BleedBox to the bleed asked for.
MARKS_ROOM_MM = 7.0


@dataclass(frozen=True)
class PrintSettings:
    page_size: str = "A4"
    packet_margin: bool = False
    bleed_mm: float = 0.0  # book.yaml print: bleed
    marks: tuple[str, ...] = ()  # book.yaml print: marks ("crop", "cross")
    pad_to: int | None = None  # book.yaml print: signature (4 for a booklet)

    @property
    def boxed(self) -> bool:
        """Pages larger than the trimmed page (bleed, marks): a blank page
        must be laid out like the others, not merely added."""
        return bool(self.css_bleed_mm)

    @property
    def css_bleed_mm(self) -> float:
        """The CSS bleed: the bleed asked for, and room for the marks."""
        return self.bleed_mm + (MARKS_ROOM_MM if self.marks else 0.0)

    def css(self) -> str:
        """book-settings.css: linked after print.css, so it wins where they differ."""
        size = PAGE_SIZES.get(self.page_size, "A4")
        css = f"@page {{ size: {size}; }}\n"
        if self.css_bleed_mm:
            marks = " ".join(self.marks) or "none"
            css += f"@page {{ bleed: {self.css_bleed_mm:g}mm; marks: {marks}; }}\n"
        if self.packet_margin:  # room for the student's notes on the outer side
            css += (
                f"@page :left {{ margin-left: {PACKET_MARGIN}; }}\n@page :right {{ margin-right: {PACKET_MARGIN}; }}\n"
            )
        return css


@dataclass(frozen=True)
class PrintPart:
    """A stretch of the book laid out on its own: it begins on a recto and
    nothing in it depends on the page it begins on, so parts can be laid out
    in parallel and joined."""

    name: str
    sections: str
    stamp_folios: bool = True  # else the part sets its own (the index) or has none (the front matter)
    css: str = ""


def print_head(book: Book, stylesheets: tuple[str, ...] = STYLESHEETS, title: str | None = None) -> list[str]:
    m = book.manifest
    authors = sorted({t.entry.author for t in book.texts if t.entry.author})
    return [
        f"<title>{escape(title or m.title)}</title>",
        '<meta charset="utf-8"/>',
        f'<meta name="author" content={attr("; ".join(authors))}/>',
        f'<meta name="description" content={attr(m.subtitle or m.title)}/>',
        '<meta name="generator" content="readerbook"/>',
        f'<meta name="dcterms.created" content="{m.date.isoformat()}T00:00:00Z"/>',
        f'<meta name="dcterms.modified" content="{m.date.isoformat()}T00:00:00Z"/>',
    ] + [f'<link rel="stylesheet" href={attr(s)}/>' for s in stylesheets]


def print_parts(book: Book, toc_pages: dict[str, int | None] | None = None) -> list[PrintPart]:
    """The book's parts before the index: front matter, preface, one per text.

    ``toc_pages``: literal page numbers for the contents (a ``None`` value
    stands for a number not yet known); without it the contents take theirs
    from target-counter(), as one whole document would."""
    m = book.manifest
    parts = [PrintPart("front", front_matter(book, toc_pages), stamp_folios=False)]
    if book.preface is not None:
        r = TextRenderer(book, book.preface, "print")
        parts.append(
            PrintPart(
                "preface",
                f'<section class="preface" id="preface"><h1 class="front-title" data-short="Preface" '
                f"data-author={attr(m.title)}>Preface</h1>{r.blocks(book.preface.parts[0].blocks)}</section>",
            )
        )
    for text in book.texts:
        r = TextRenderer(book, text, "print")
        blocks = "\n".join(r.blocks(p.blocks) for p in text.parts)
        # The opener carries the running-head strings; the page CSS shows them
        # with first-except, so the opening page itself has no running head.
        opener = r.opener(running_heads=(text.entry.short_title, text.entry.author or m.title))
        lang = f" lang={attr(text.language)}" if text.language != m.language else ""
        parts.append(
            PrintPart(text.slug, f'<section class="text" id={attr(text.slug)}{lang}>{opener}{blocks}</section>')
        )
    if book.sources:
        from .sourcespage import sources_section

        parts.append(PrintPart("sources", sources_section(book, "print")))
    return parts


def render_print_html(book: Book, pages: dict[str, int] | None = None, parts: list[PrintPart] | None = None) -> str:
    """The whole print edition as one HTML document.

    readerbook lays the book out part by part (see ``parts``); this is the
    same book in one piece, kept at build/print.html so anyone can time or
    inspect WeasyPrint alone on it: its contents take their page numbers
    from target-counter().  With ``pages`` the index is included, its
    locators taken from them.  ``parts``: the parts, if already rendered."""
    body = [front_matter(book) if p.name == "front" else p.sections for p in parts or print_parts(book)]
    if has_index(book):
        if pages is None:
            body.append(index_opening(book) + "</section>")
        else:
            body.append(index_sections(book, pages))
    return _document(book.manifest, print_head(book), body)


def front_matter(book: Book, toc_pages: dict[str, int | None] | None = None) -> str:
    return half_title(book) + title_page(book) + contents(book, toc_pages)


def part_document(book: Book, part: PrintPart, link_targets: frozenset[str] = frozenset()) -> str:
    """One part as a document of its own.

    Links into other parts need a target here for WeasyPrint to draw and tag
    them: empty, absolutely positioned (so they move nothing) elements carry
    those ids; the join points the links at the real places."""
    head = print_head(book) + [f"<style>{LINK_TARGETS}{NO_FOLIOS if part.stamp_folios else ''}{part.css}</style>"]
    targets = ""
    if link_targets:
        spans = "".join(f"<span id={attr(t)}></span>" for t in sorted(link_targets))
        targets = f'<div class="link-targets" aria-hidden="true">{spans}</div>'
    return _document(book.manifest, head, [targets + part.sections])


# The folios of joined parts are stamped at the join (they depend on where a
# part lands); the parts themselves leave the folio boxes empty.
NO_FOLIOS = "@page :left { @bottom-left { content: none; } } @page :right { @bottom-right { content: none; } }"
LINK_TARGETS = ".link-targets { position: absolute; top: 0; left: 0; width: 0; height: 0; overflow: hidden; }"


def has_index(book: Book) -> bool:
    return bool(book.index or book.shared)


def _document(m, head: list[str], parts: list[str], body_class: str = "print") -> str:
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html>\n"
        f"<html lang={attr(m.language)}>\n<head>{''.join(head)}</head>\n"
        f'<body class="{body_class}">\n{body}\n</body>\n</html>\n'
    )


def index_opening(book: Book) -> str:
    return (
        f'<section class="index-section" id="{ids.INDEX}"><h1 class="front-title" data-short="Index" '
        f"data-author={attr(book.manifest.title)}>Index</h1>"
    )


def index_sections(book: Book, pages: dict[str, int]) -> str:
    """The index with literal page numbers: it is laid out once the pages of
    everything it points at are known, so locators can be merged into ranges."""
    from .indexpage import print_index, shared_section

    shared = shared_section(book, "print", lambda a: f"#{a}", pages)
    return index_opening(book) + print_index(book, book.index, book.index_terms, pages, shared) + "</section>"


def index_part(book: Book, pages: dict[str, int], start: int) -> PrintPart:
    """The index as the last part.  It is laid out last, so it knows the page
    it begins on and numbers its own pages."""
    folios = f"@page:first {{ counter-reset: page {start}; }}"
    return PrintPart("index", index_sections(book, pages), stamp_folios=False, css=folios)


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


# Stands for a page number not yet known: as wide as any this book will have,
# so the contents take as many pages with it as with the real numbers.
UNKNOWN_PAGE = "000"


def contents(book: Book, pages: dict[str, int | None] | None = None) -> str:
    """Table of contents: page numbers literal from ``pages``, else from target-counter()."""

    def row(anchor: str, title: str, cls: str, extra: str = "") -> str:
        number = ""
        if pages is not None:
            known = pages.get(anchor)
            number = f" data-page={attr(str(known) if known is not None else UNKNOWN_PAGE)}"
        return f'<li class={attr(cls)}><a href="#{anchor}"{number}>{escape(title)}</a>{extra}</li>'

    def children(entries: list[TocEntry]) -> list[str]:
        out = []
        for e in entries:
            out.append(row(e.id, e.title, f"toc-h{e.level}"))
            out.extend(children(e.children))
        return out

    rows = []
    if book.preface is not None:
        rows.append(row("preface", "Preface", "toc-front"))
    for text in book.texts:
        author = f'<span class="toc-author">{escape(text.entry.author)}</span>' if text.entry.author else ""
        rows.append(row(text.slug, text.title, "toc-text", author))
        rows.extend(children(text.toc))
    if book.sources:
        rows.append(row(SOURCES_ANCHOR, SOURCES_TITLE, "toc-back"))
    if has_index(book):
        rows.append(row("index", "Index", "toc-back"))
    return f'<nav class="contents" id="contents"><h1 class="contents-title">Contents</h1><ol>{"".join(rows)}</ol></nav>'


def contents_targets(book: Book) -> list[str]:
    """The anchors the contents give page numbers for."""

    def walk(entries):
        for e in entries:
            yield e.id
            yield from walk(e.children)

    out = ["preface"] if book.preface is not None else []
    for text in book.texts:
        out.append(text.slug)
        out.extend(walk(text.toc))
    out += [SOURCES_ANCHOR] if book.sources else []
    return out + (["index"] if has_index(book) else [])


def layout(html: str, base_url: Path):
    """Lay out print HTML (its stylesheets linked from ``base_url``); the
    result exposes pages and their anchors."""
    import weasyprint

    # The stylesheets are linked from the document, as author stylesheets: a
    # stylesheet passed to render() is a user stylesheet, and print.css
    # would override it.
    document = weasyprint.HTML(string=html, base_url=str(base_url) + "/").render()
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


def write_pdf(document, date: _dt.date) -> bytes:
    """A laid-out document as a tagged PDF, its timestamps pinned to ``date``."""
    with source_date_epoch(date):
        return document.write_pdf(pdf_tags=True)
