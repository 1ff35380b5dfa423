"""Produce the output files' bytes from the book model (nothing is written here
except the build folder's print.html, kept for inspection and timing)."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from ..assemble import Book
from ..diagnostics import Diagnostics
from .epub import package_epub
from .pdf import PrintSettings, layout, render_print_html, write_pdf

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
    return write_pdf(document, book.manifest.language, book.manifest.date)


def render_epub(book: Book, styles: Path) -> bytes:
    css = (styles / "epub.css").read_text(encoding="utf-8")
    return package_epub(book, css)
