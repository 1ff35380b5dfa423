"""Produce the output files' bytes from the book model.  Only the build folder
is written here (print.html, index.html, pagemap.json: kept for inspection,
timing and EPUB-only rebuilds); dist/ is written by the pipeline."""

from __future__ import annotations

import concurrent.futures
import subprocess
from functools import lru_cache
from pathlib import Path

from ..assemble import Book
from ..diagnostics import Diagnostics
from ..manifest import Manifest, length_mm
from ..pagemap import PageMap, content_hash, first_anchors
from .cover import cover_image
from .epub import CSS_HREF, EpubDocument, package_epub
from .indexpage import epub_index, shared_section
from .pdf import PrintPart, PrintSettings, contents_targets, has_index, print_parts, render_print_html
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
    book: Book,
    formats: tuple[str, ...],
    styles: Path,
    work: Path,
    diagnostics: Diagnostics,
    pool=None,
) -> dict[str, bytes]:
    """The outputs' bytes.  The PDF comes first: its page map feeds the EPUB.
    ``pool``: worker processes to lay out the PDF's parts in."""
    produced: dict[str, bytes] = {}
    # The cover is drawn meanwhile (Pillow lets go of the interpreter while it
    # rasterizes and compresses): a tenth of a second off a cold EPUB build.
    background = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    cover = background.submit(cover_image, book, work) if "epub" in formats else None
    background.shutdown(wait=False)
    settings = print_settings(book.manifest)
    parts = print_parts(book, toc_pages=dict.fromkeys(contents_targets(book)))
    print_css = (styles / "print.css").read_text(encoding="utf-8")
    # Same parts, same stylesheets: same pages (the page map can be reused).
    source_hash = content_hash(*(p.sections for p in parts), print_css, settings.css())
    if "pdf" in formats:
        produced["pdf"] = render_pdf(book, parts, print_css, settings, work, source_hash, diagnostics, pool)
        if book.manifest.print_options.booklet:
            from .booklet import impose

            produced["booklet"] = impose(produced["pdf"])
    elif "epub" in formats:
        book.page_map = PageMap.load(work / "pagemap.json", source_hash)
        if book.page_map is None:
            diagnostics.warning(
                "RB602",
                "the EPUB has no page-list: the print edition's pages are not known for this content",
                hint="build the PDF too (readerbook build) to record them",
            )
    if "epub" in formats:
        produced["epub"] = render_epub(book, styles, work, cover.result())
    return produced


def print_settings(manifest: Manifest) -> PrintSettings:
    """The print edition's settings from book.yaml (its ``print:`` section too)."""
    shop = manifest.print_options
    return PrintSettings(
        manifest.page_size,
        manifest.packet_margin,
        bleed_mm=length_mm(shop.bleed) if shop.bleed else 0.0,
        marks=shop.marks,
        pad_to=shop.pad_to,
    )


def render_pdf(
    book: Book,
    parts: list[PrintPart],
    print_css: str,
    settings: PrintSettings,
    work: Path,
    source_hash: str,
    diagnostics: Diagnostics,
    pool=None,
) -> bytes:
    # A missing book face (RB601) is reported before the build, by readerbook.preflight.
    work.mkdir(parents=True, exist_ok=True)
    (work / "print.css").write_text(print_css, encoding="utf-8")
    (work / "book-settings.css").write_text(settings.css(), encoding="utf-8")
    from .parts import lay_out_book  # not needed, so not imported, for an EPUB-only build

    laid_out = lay_out_book(book, parts, settings, work, pool)
    # The same book as one document, its index with the pages just found:
    # what WeasyPrint alone would be given (see benchmarks/bench.py).
    (work / "print.html").write_text(render_print_html(book, laid_out.pages, parts), encoding="utf-8")
    book.page_map = PageMap(source_hash, first_anchors(laid_out.page_anchors, lambda a: book.epub_file(a) is not None))
    book.page_map.save(work / "pagemap.json")
    book.print_layout = laid_out
    return laid_out.pdf


def render_epub(book: Book, styles: Path, work: Path | None = None, cover: bytes | None = None) -> bytes:
    """The EPUB's bytes.  ``work``: the build folder (the cover is kept
    there); ``cover``: the cover PNG, if already drawn."""
    css = (styles / "epub.css").read_text(encoding="utf-8")
    back = ([sources_document(book)] if book.sources else []) + ([index_document(book)] if has_index(book) else [])
    m = book.manifest
    print_source = None
    if book.page_map is not None:
        print_source = f"{m.title}, print edition (PDF, {m.page_size}), {m.date.isoformat()}"
    return package_epub(
        book,
        css,
        extra_back=back,
        accessibility=accessibility(book),
        print_source=print_source,
        cover_png=cover if cover is not None else cover_image(book, work),
    )


def sources_document(book: Book) -> EpubDocument:
    from ..sources import SOURCES_FILE, SOURCES_TITLE
    from .sourcespage import sources_section

    body = sources_section(book, "epub")
    lang = book.manifest.language
    return EpubDocument("sources", SOURCES_FILE, SOURCES_TITLE, page(SOURCES_TITLE, body, lang, [CSS_HREF]))


def index_document(book: Book) -> EpubDocument:
    lang = book.manifest.language

    def href(anchor: str) -> str:
        return f"{book.where(anchor).rsplit('/', 1)[-1]}#{anchor}"

    body = epub_index(book, book.index, book.index_terms, shared_section(book, "epub", href))
    return EpubDocument("index", "text/index.xhtml", "Index", page("Index", body, lang, [CSS_HREF]), "index")


def accessibility(book: Book) -> dict[str, list[str]]:
    """EPUB Accessibility 1.1 discovery metadata, true of what this build contains."""
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "alternativeText"]
    if has_index(book):
        features.append("index")
    if book.page_map is not None:
        features.append("printPageNumbers")
    parts = ["a navigable table of contents", "landmarks", "semantic headings", "notes linked both ways"]
    if has_index(book):
        parts.append("an index")
    if book.page_map is not None:
        parts.append("the page numbers of the print edition")
    summary = (
        "A text-only reader with " + ", ".join(parts[:-1]) + " and " + parts[-1] + ". "
        "The only image is the cover, which has a text alternative; there is no audio or video and no known hazard."
    )
    return {
        "schema:accessMode": ["textual"],
        "schema:accessModeSufficient": ["textual"],
        "schema:accessibilityFeature": features,
        "schema:accessibilityHazard": ["none"],
        "schema:accessibilitySummary": [summary],
    }
