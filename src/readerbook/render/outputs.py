"""Produce the output files' bytes from the book model (nothing is written here
except the build folder's print.html, kept for inspection and timing)."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from ..assemble import Book
from ..diagnostics import Diagnostics
from .epub import CSS_HREF, EpubDocument, package_epub
from .indexpage import epub_index, shared_section
from .pdf import PrintSettings, layout, render_print_html, render_print_index_html, write_pdf
from .xhtml import page

BOOK_FONT = "EB Garamond"


@lru_cache(maxsize=1)
def book_font_installed() -> bool:
    try:
        out = subprocess.run(["fc-list", ":family"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return True  # cannot tell; WeasyPrint will fall back quietly
    return BOOK_FONT.lower() in out.lower()


def render(
    book: Book, formats: tuple[str, ...], styles: Path, work: Path, diagnostics: Diagnostics
) -> dict[str, bytes]:
    produced: dict[str, bytes] = {}
    if "pdf" in formats:
        produced["pdf"] = render_pdf(book, styles, work, diagnostics)
    if "epub" in formats:
        produced["epub"] = render_epub(book, styles)
    return produced


def render_pdf(book: Book, styles: Path, work: Path, diagnostics: Diagnostics) -> bytes:
    if not book_font_installed():
        diagnostics.warning(
            "RB601",
            f"the book face '{BOOK_FONT}' is not installed; the PDF falls back to another serif",
            hint="install it with: apt-get install fonts-ebgaramond",
        )
    html = render_print_html(book)
    work.mkdir(parents=True, exist_ok=True)
    (work / "print.html").write_text(html, encoding="utf-8")
    shutil.copyfile(styles / "print.css", work / "print.css")
    settings = PrintSettings(book.manifest.page_size, book.manifest.packet_margin)
    (work / "book-settings.css").write_text(settings.css(), encoding="utf-8")
    document = layout(html, work, settings)
    if has_index(book):
        # The index is laid out last, on its own, once the pages of everything
        # it points at are known, so its page numbers are literal and merged
        # into ranges; it starts on the page the book kept for it.
        pages = anchor_pages(document)
        start = pages["index"]
        index_html = render_print_index_html(book, pages, start)
        (work / "index.html").write_text(index_html, encoding="utf-8")
        index_doc = layout(index_html, work, settings)
        document = document.copy(document.pages[: start - 1] + index_doc.pages)
    return write_pdf(document, book.manifest.language, book.manifest.date)


def anchor_pages(document) -> dict[str, int]:
    """Every anchor of the laid-out document and the page (1-based) it stands on."""
    return {name: n for n, page in enumerate(document.pages, start=1) for name in page.anchors}


def render_epub(book: Book, styles: Path) -> bytes:
    css = (styles / "epub.css").read_text(encoding="utf-8")
    back = []
    if has_index(book):
        back.append(index_document(book))
    return package_epub(book, css, extra_back=back)


def has_index(book: Book) -> bool:
    return bool(book.index or book.shared)


def index_document(book: Book) -> EpubDocument:
    lang = book.manifest.language

    def href(anchor: str) -> str:
        return f"{book.where(anchor).rsplit('/', 1)[-1]}#{anchor}"

    body = epub_index(book, book.index, book.index_terms, shared_section(book, "epub", href))
    return EpubDocument("index", "text/index.xhtml", "Index", page("Index", body, lang, [CSS_HREF]), "index")
