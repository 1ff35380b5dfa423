"""The outputs, as a registry: each declares its name, where it goes, what it
needs and how it is made.  ``readerbook build --format``, ``watch``,
``serve`` and the pipeline all read ``OUTPUTS``; adding an output is adding
one entry to it (and the module that renders it).

Only the build folder is written here (pagemap.json, kept for EPUB-only
rebuilds); the pipeline writes each output's bytes to its place, once every
output has succeeded.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import enum
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from ..assemble import Book
from ..diagnostics import Diagnostics
from ..manifest import Manifest, length_mm
from ..model import Document
from ..pagemap import PageMap, content_hash, first_anchors
from .cover import cover_image
from .epub import CSS_HREF, EpubDocument, package_epub
from .indexpage import epub_index, shared_section
from .pdf import PrintPart, PrintSettings, contents_targets, has_index, print_parts, render_print_html
from .xhtml import page

BOOK_FONT = "EB Garamond"

# An output's bytes: one file, or a folder as {relative path: bytes}.
Produced = bytes | str | dict[str, bytes]


class Need(enum.Enum):
    """What an output needs beyond the assembled book."""

    LAYOUT = "layout"  # the print edition laid out (worker processes start at once)
    PAGE_MAP = "page-map"  # the print pages: this build's layout, else the last one's while the content is unchanged
    COVER = "cover"  # the cover image (drawn in a thread meanwhile)


@dataclass(frozen=True)
class Output:
    name: str  # the --format name
    summary: str  # for --help
    place: Callable[[Path, Path, str], Path]  # (dist folder, build folder, book slug) → the file or folder written
    make: Callable[[Rendering], Produced]
    needs: frozenset[Need] = frozenset()
    default: bool = False  # built by --format all
    # A build-folder companion is not asked for: every build writes it once
    # what it needs is there (the review page always; the print HTML with the PDF).
    companion: bool = False
    preview: bool = False  # what readerbook serve shows first, after every save
    when: Callable[[Manifest], bool] | None = None  # a companion book.yaml asks for (else always)
    shown: bool = True  # said ("wrote: …") and checked by the no-op cache; not the build folder's files
    one_text: Callable[[Document], str] | None = None  # one normalized text alone (readerbook normalize --format)


class Rendering:
    """One build's rendering: what outputs need, each made once, when first
    asked for.  ``lay_out``: the print edition will be laid out in this build
    (so the page map comes from it)."""

    def __init__(
        self, book: Book, styles: Path, work: Path, diagnostics: Diagnostics, pool=None, lay_out=False, cover=None
    ):
        self.book, self.styles, self.work, self.diagnostics, self.pool = book, styles, work, diagnostics, pool
        self.lay_out = lay_out
        if cover is not None:
            self.cover = cover  # started before the book was assembled (start_cover)

    @cached_property
    def settings(self) -> PrintSettings:
        return print_settings(self.book.manifest)

    @cached_property
    def parts(self) -> list[PrintPart]:
        return print_parts(self.book, toc_pages=dict.fromkeys(contents_targets(self.book)))

    @cached_property
    def print_css(self) -> str:
        return (self.styles / "print.css").read_text(encoding="utf-8")

    @cached_property
    def source_hash(self) -> str:
        # Same parts, same stylesheets: same pages (the page map can be reused).
        return content_hash(*(p.sections for p in self.parts), self.print_css, self.settings.css())

    @cached_property
    def layout(self):
        """The print edition laid out (render.parts.PrintLayout)."""
        return render_pdf(
            self.book,
            self.parts,
            self.print_css,
            self.settings,
            self.work,
            self.diagnostics,
            self.pool,
        )

    @cached_property
    def page_map(self) -> PageMap | None:
        """The print pages: from this build's layout (and recorded for the
        next EPUB-only build), else from the last one while the content is unchanged."""
        if self.lay_out:
            book = self.book
            found = PageMap(
                self.source_hash, first_anchors(self.layout.page_anchors, lambda a: book.epub_file(a) is not None)
            )
            found.save(self.work / "pagemap.json")
            return found
        recorded = self.work / "pagemap.json"
        # (The hash renders every print part's HTML: not worth it when no map was recorded.)
        found = PageMap.load(recorded, self.source_hash) if recorded.exists() else None
        if found is None:
            self.diagnostics.warning(
                "RB602",
                "the EPUB has no page-list: the print edition's pages are not known for this content",
                hint="build the PDF too (readerbook build) to record them",
            )
        return found

    @cached_property
    def paged(self) -> Book:
        """The book with the print pages, as a new value: the assembled book
        is not changed (outputs made without the page map stay the same
        whatever else the build makes)."""
        return dataclasses.replace(self.book, page_map=self.page_map)

    @cached_property
    def cover(self) -> concurrent.futures.Future:
        return start_cover(self.book.manifest, self.work)

    @property
    def laid_out(self):
        """The print layout, if this build made one (a cached_property keeps it in __dict__)."""
        return self.__dict__.get("layout")

    def make(self, output: Output) -> Produced:
        if Need.LAYOUT in output.needs:
            self.layout  # noqa: B018
        if Need.PAGE_MAP in output.needs:
            self.page_map  # noqa: B018
        return output.make(self)


def _file(suffix: str) -> Callable[[Path, Path, str], Path]:
    return lambda out, _work, slug: out / f"{slug}{suffix}"


def _built(name: str) -> Callable[[Path, Path, str], Path]:
    return lambda _out, work, _slug: work / name


def _per_text(one_text: Callable[[Document], str], suffix: str) -> Callable[[Rendering], dict[str, bytes]]:
    """A folder with one file per text, named by its slug."""
    return lambda r: {f"{t.slug}{suffix}": one_text(t.doc).encode("utf-8") for t in r.book.texts}


def _markdown(doc: Document) -> str:
    from ..export import to_markdown

    return to_markdown(doc)


def _json(doc: Document) -> str:
    from ..export import to_json

    return to_json(doc) + "\n"


def _booklet(r: Rendering) -> bytes:
    from .booklet import impose

    return impose(r.layout.pdf)


def _review(r: Rendering) -> str:
    from ..review import render_review

    return render_review(r.book, r.diagnostics)


def _web(r: Rendering) -> dict[str, bytes]:
    from .web import web_edition

    return web_edition(r.book, r.styles)


# The one list of outputs.  They are made in this order: those that lay out
# the print edition first (their page map feeds the EPUB's page-list), the
# build-folder companions last (the review page lists every warning given).
OUTPUTS: tuple[Output, ...] = (
    Output(
        "pdf",
        "the typeset PDF for the print shop",
        _file(".pdf"),
        lambda r: r.layout.pdf,
        frozenset({Need.LAYOUT, Need.PAGE_MAP}),  # the pages it lays out are recorded for the EPUB
        default=True,
    ),
    Output(
        "epub",
        "the EPUB 3 for e-readers",
        _file(".epub"),
        lambda r: render_epub(r.paged, r.styles, r.work, r.cover),
        frozenset({Need.PAGE_MAP, Need.COVER}),
        default=True,
    ),
    Output(
        "web",
        "a static web edition: a folder to open or upload as it is",
        _file("-web"),
        _web,
        preview=True,
    ),
    Output(
        "md",
        "each text normalized, as Markdown (a folder)",
        _file("-md"),
        _per_text(_markdown, ".md"),
        one_text=_markdown,
    ),
    Output(
        "json",
        "each text normalized, as the JSON model (a folder)",
        _file("-json"),
        _per_text(_json, ".json"),
        one_text=_json,
    ),
    Output(
        "booklet",
        "the PDF imposed two-up for saddle stitching, when book.yaml says print: booklet",
        _file("-booklet.pdf"),
        _booklet,
        frozenset({Need.LAYOUT}),
        companion=True,
        when=lambda manifest: manifest.print_options.booklet,
    ),
    Output(
        "print-html",
        "the book as one print HTML document, as WeasyPrint alone would be given it",
        _built("print.html"),
        lambda r: render_print_html(r.book, r.layout.pages, r.parts),
        frozenset({Need.LAYOUT}),
        companion=True,
        shown=False,
    ),
    Output("review", "the review page", _built("review.html"), _review, companion=True, shown=False),
)


def choices() -> tuple[str, ...]:
    """The outputs one can ask for (--format), in the registry's order."""
    return tuple(o.name for o in OUTPUTS if not o.companion)


def text_formats() -> dict[str, Callable[[Document], str]]:
    """The outputs that can show one normalized text (readerbook normalize --format)."""
    return {o.name: o.one_text for o in OUTPUTS if o.one_text is not None}


def defaults() -> tuple[str, ...]:
    """What --format all builds."""
    return tuple(o.name for o in OUTPUTS if o.default)


def previews() -> tuple[str, ...]:
    """What readerbook serve builds first after a save."""
    return tuple(o.name for o in OUTPUTS if o.preview)


def selected(formats: tuple[str, ...], manifest: Manifest | None = None) -> list[Output]:
    """The outputs a build makes for ``formats``: those asked for, then the
    companions whose needs they bring (the print HTML and the booklet come
    with the layout), those that book.yaml must ask for only if ``manifest`` does."""
    asked = [o for o in OUTPUTS if o.name in formats and not o.companion]
    brought = frozenset().union(*(o.needs for o in asked))
    return asked + [
        o
        for o in OUTPUTS
        if o.companion and o.needs <= brought and (o.when is None or (manifest is not None and o.when(manifest)))
    ]


def needs(formats: tuple[str, ...]) -> frozenset[Need]:
    return frozenset().union(*(o.needs for o in selected(formats)))


@lru_cache(maxsize=1)
def book_font_installed() -> bool:
    try:
        out = subprocess.run(["fc-list", ":family"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return True  # cannot tell; WeasyPrint will fall back quietly
    return BOOK_FONT.lower() in out.lower()


def start_cover(manifest: Manifest, work: Path | None) -> concurrent.futures.Future:
    """The cover, drawn in a thread meanwhile (Pillow lets go of the
    interpreter while it rasterizes and compresses)."""
    background = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    future = background.submit(cover_image, manifest, work)
    background.shutdown(wait=False)
    return future


@contextlib.contextmanager
def drawing_cover(manifest: Manifest, work: Path, formats: tuple[str, ...]):
    """The cover, if an output of ``formats`` needs it, drawn while the build
    assembles and renders the book: started once the texts are normalized
    (the manifest as printed names their authors).  It is drawn in a worker
    process forked for it when this process runs one thread (importing
    Pillow and the drawing's own Python would otherwise take turns with the
    build's on one interpreter: a quarter of a second of CPU, on the core the
    normalization left idle), else in a thread.  Yields the cover's Future,
    or None; a build that fails ends the worker at once."""
    if Need.COVER not in needs(formats):
        yield None
        return
    from ..workers import forked_pool

    pool = forked_pool(1)
    if pool is None:
        yield start_cover(manifest, work)
        return
    with pool:
        yield pool.submit(cover_image, manifest, work)


def render(
    book: Book,
    formats: tuple[str, ...],
    styles: Path,
    work: Path,
    diagnostics: Diagnostics,
    pool=None,
    cover: concurrent.futures.Future | None = None,
) -> tuple[dict[str, Produced], Rendering]:
    """Every selected output's bytes by name, made in the registry's order.
    ``pool``: worker processes to lay out the PDF's parts in; ``cover``: the
    cover, if already started (``start_cover``)."""
    outputs = selected(formats, book.manifest)
    wanted = frozenset().union(*(o.needs for o in outputs))
    rendering = Rendering(book, styles, work, diagnostics, pool, lay_out=Need.LAYOUT in wanted, cover=cover)
    if Need.COVER in wanted:
        rendering.cover  # noqa: B018 - started now, drawn while the rest is made
    return {o.name: rendering.make(o) for o in outputs}, rendering


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
    diagnostics: Diagnostics,
    pool=None,
):
    """Lay out the print edition (render.parts.PrintLayout).
    A missing book face (RB601) is reported before the build, by readerbook.preflight."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "print.css").write_text(print_css, encoding="utf-8")
    (work / "book-settings.css").write_text(settings.css(), encoding="utf-8")
    from .parts import lay_out_book  # not needed, so not imported, for an EPUB-only build

    return lay_out_book(book, parts, settings, work, pool)


def render_epub(
    book: Book, styles: Path, work: Path | None = None, cover: bytes | concurrent.futures.Future | None = None
) -> bytes:
    """The EPUB's bytes.  ``work``: the build folder (the cover is kept
    there); ``cover``: the cover PNG, or its Future, if already started."""
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
        cover=cover if cover is not None else cover_image(book.manifest, work),
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
