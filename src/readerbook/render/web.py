"""The web edition: a static site to open from its folder or upload as it is
to a course site (no server, no build step, no network).

- ``index.html``: the contents (the preface, every text with its headings,
  the index);
- one page per text (``<slug>.html``): the text in the EPUB's own semantic
  XHTML (the same writer, ``xhtml.TextRenderer``), with its paragraph numbers
  and anchors, and its notes after each part, as the EPUB has them — so a
  note reference is a link within the page, which ``web.js`` shows as a
  pop-up (on click, or on hover); without script it leads to the note and back;
- ``preface.html``, ``sources.html``, ``book-index.html``: the preface, the
  sources and permissions, and the index, whose locators and "Also quoted
  in" links lead into the text pages.

Pages are polyglot XHTML (well-formed XML, served as HTML), in the texts'
languages, with a skip link, banner, navigation, main and contentinfo
landmarks, and one h1 each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..assemble import AssembledText, Book, TocEntry
from ..sources import SOURCES_FILE, SOURCES_TITLE
from ..xmlescape import escape
from .indexpage import epub_index, shared_section
from .pdf import has_index
from .sourcespage import sources_section
from .xhtml import XHTML_NS, TextRenderer, attr

CONTENTS = "index.html"  # a web server's default page: the folder's address opens the contents
PREFACE = "preface.html"
SOURCES = "sources.html"
INDEX = "book-index.html"
RESERVED = {CONTENTS, PREFACE, SOURCES, INDEX}
STYLESHEETS = ("css/epub.css", "css/web.css")
SCRIPT = "web.js"
PACKAGE_STYLES = Path(__file__).resolve().parent.parent / "styles"


@dataclass
class WebPages:
    """Which page of the web edition holds each EPUB file (and so each anchor)."""

    book: Book
    of_file: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self.of_file["text/titlepage.xhtml"] = CONTENTS
        self.of_file["text/index.xhtml"] = INDEX
        self.of_file[SOURCES_FILE] = SOURCES
        if self.book.preface is not None:
            for part in self.book.preface.parts:
                self.of_file[part.file] = PREFACE
        for text in self.book.texts:
            for part in text.parts:
                self.of_file[part.file] = self.page(text)

    def page(self, text: AssembledText) -> str:
        name = f"{text.slug}.html"
        return f"{text.slug}-text.html" if name in RESERVED else name

    def of_anchor(self, anchor: str) -> str:
        try:
            file = self.book.where(anchor)
        except KeyError:
            file = self.book.epub_file(anchor)  # the title page's and the index's own anchors
        return self.of_file[file]

    def href(self, anchor: str, here: str) -> str:
        page = self.of_anchor(anchor)
        return f"#{anchor}" if page == here else f"{page}#{anchor}"


@dataclass
class WebRenderer(TextRenderer):
    """The EPUB's XHTML writer, linking between the web edition's pages."""

    pages: WebPages | None = None
    here: str = ""

    def href(self, anchor: str) -> str:
        return self.pages.href(anchor, self.here)


def web_edition(book: Book, styles: Path) -> dict[str, bytes]:
    """Every file of the web edition, by its path in the folder."""
    pages = WebPages(book)
    order: list[tuple[str, str]] = []  # (page, title) in reading order, for previous / next
    if book.preface is not None:
        order.append((PREFACE, "Preface"))
    order.extend((pages.page(t), t.title) for t in book.texts)
    if book.sources:
        order.append((SOURCES, SOURCES_TITLE))
    if has_index(book):
        order.append((INDEX, "Index"))
    files: dict[str, str | bytes] = {CONTENTS: contents_page(book, pages, order)}
    if book.preface is not None:
        files[PREFACE] = preface_page(book, pages, order)
    for text in book.texts:
        files[pages.page(text)] = text_page(book, text, pages, order)
    if book.sources:
        files[SOURCES] = sources_page(book, order)
    if has_index(book):
        files[INDEX] = index_page(book, pages, order)
    files["css/epub.css"] = _asset(styles, "epub.css")
    files["css/web.css"] = _asset(styles, "web.css")
    files[SCRIPT] = _asset(styles, "web.js")
    return {name: data.encode("utf-8") if isinstance(data, str) else data for name, data in files.items()}


def _asset(styles: Path, name: str) -> bytes:
    """The project's own stylesheet or script where it has one, else readerbook's."""
    own = styles / name
    return (own if own.is_file() else PACKAGE_STYLES / name).read_bytes()


def web_page(book: Book, title: str, main: str, lang: str, nav: str, here: str) -> str:
    """One page: skip link, banner with the book's navigation, main, and the
    same navigation again at the foot."""
    m = book.manifest
    links = "".join(f'<link rel="stylesheet" href={attr(c)}/>' for c in STYLESHEETS)
    full_title = title if here == CONTENTS else f"{title} — {m.title}"
    return (
        "<!DOCTYPE html>\n"
        f"<html {XHTML_NS} lang={attr(lang)} xml:lang={attr(lang)}>\n"
        '<head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>'
        f"<title>{escape(full_title)}</title>{links}"
        f'<script src="{SCRIPT}" defer="defer"></script></head>\n'
        '<body>\n<a class="skip-link" href="#main">Skip to the text</a>\n'
        f'<header class="site"><p class="site-title"><a href="{CONTENTS}">{escape(m.title)}</a></p>'
        f'<nav aria-label="Book">{nav}</nav></header>\n'
        f'<main id="main" tabindex="-1">\n{main}\n</main>\n'
        f'<footer class="site"><nav aria-label="Book, again">{nav}</nav></footer>\n'
        "</body>\n</html>\n"
    )


def book_nav(here: str, order: list[tuple[str, str]]) -> str:
    """Contents, the previous and next pages in reading order, and the index."""
    names = [p for p, _ in order]
    at = names.index(here) if here in names else -1
    links = []
    if at > 0:
        page, title = order[at - 1]
        links.append(f'<a rel="prev" href={attr(page)}>← {escape(title)}</a>')
    links.append(f'<a href="{CONTENTS}"{_current(here == CONTENTS)}>Contents</a>')
    if INDEX in names:
        links.append(f'<a href="{INDEX}"{_current(here == INDEX)}>Index</a>')
    if 0 <= at < len(order) - 1:
        page, title = order[at + 1]
        links.append(f'<a rel="next" href={attr(page)}>{escape(title)} →</a>')
    return "<ul>" + "".join(f"<li>{link}</li>" for link in links) + "</ul>"


def _current(yes: bool) -> str:
    return ' aria-current="page"' if yes else ""


def contents_page(book: Book, pages: WebPages, order: list[tuple[str, str]]) -> str:
    m = book.manifest
    items = []
    if book.preface is not None:
        sub = _toc(pages, book.preface.toc, CONTENTS)
        items.append(f'<li><a href="{PREFACE}">Preface</a>{sub}</li>')
    for text in book.texts:
        author = f' <span class="toc-author">{escape(text.entry.author)}</span>' if text.entry.author else ""
        items.append(
            f"<li><a href={attr(pages.page(text))}>{escape(text.title)}</a>{author}"
            f"{_toc(pages, text.toc, CONTENTS)}</li>"
        )
    if book.sources:
        items.append(f"<li><a href={attr(SOURCES)}>{escape(SOURCES_TITLE)}</a></li>")
    if has_index(book):
        items.append(f'<li><a href="{INDEX}">Index</a></li>')
    sub = f'<p class="subtitle">{escape(m.subtitle)}</p>' if m.subtitle else ""
    editor = f'<p class="editor">Edited by {escape(m.editor)}</p>' if m.editor else ""
    main = (
        f'<section class="titlepage" aria-labelledby="book-title"><h1 class="book-title" id="book-title">'
        f"{escape(m.title)}</h1>{sub}{editor}</section>"
        '<nav class="contents" role="doc-toc" aria-labelledby="contents-title">'
        f'<h2 id="contents-title">Contents</h2><ol>{"".join(items)}</ol></nav>'
    )
    return web_page(book, m.title, main, m.language, book_nav(CONTENTS, order), CONTENTS)


def _toc(pages: WebPages, entries: list[TocEntry], here: str) -> str:
    if not entries:
        return ""
    items = "".join(
        f"<li><a href={attr(pages.href(e.id, here))}>{escape(e.title)}</a>{_toc(pages, e.children, here)}</li>"
        for e in entries
    )
    return f"<ol>{items}</ol>"


def preface_page(book: Book, pages: WebPages, order: list[tuple[str, str]]) -> str:
    r = WebRenderer(book, book.preface, "epub", pages=pages, here=PREFACE)
    body = "\n".join(r.blocks(part.blocks) for part in book.preface.parts)
    main = (
        '<section id="preface" class="preface" epub:type="preface" role="doc-preface" aria-labelledby="preface-title">'
        f'<h1 class="front-title" id="preface-title">Preface</h1>{body}</section>'
    )
    return web_page(book, "Preface", main, book.manifest.language, book_nav(PREFACE, order), PREFACE)


def text_page(book: Book, text: AssembledText, pages: WebPages, order: list[tuple[str, str]]) -> str:
    """One text, whole: its opener, then its parts (the EPUB's documents),
    each followed by the notes first cited in it, as in the EPUB."""
    here = pages.page(text)
    r = WebRenderer(book, text, "epub", pages=pages, here=here)
    body = []
    for part in text.parts:
        r.current_file = part.file  # the notes, and the statement for notes without text, go by part
        body.append(r.blocks(part.blocks) + r.footnotes(part.file))
    main = (
        f'<section id={attr(text.slug)} class="text" epub:type="chapter" role="doc-chapter" '
        f"aria-label={attr(text.title)}>{r.opener()}{''.join(body)}</section>"
    )
    # The page is in the text's language: hyphenation, voices and quotation marks follow it.
    return web_page(book, text.title, main, text.language, book_nav(here, order), here)


def sources_page(book: Book, order: list[tuple[str, str]]) -> str:
    """Sources and permissions: the EPUB's page (it links only outward, or within itself)."""
    body = sources_section(book, "epub")
    return web_page(book, SOURCES_TITLE, body, book.manifest.language, book_nav(SOURCES, order), SOURCES)


def index_page(book: Book, pages: WebPages, order: list[tuple[str, str]]) -> str:
    def locate(anchor: str) -> str:
        return pages.href(anchor, INDEX)

    body = epub_index(book, book.index, book.index_terms, shared_section(book, "epub", locate), locate=locate)
    return web_page(book, "Index", body, book.manifest.language, book_nav(INDEX, order), INDEX)
