"""Lay out the print edition part by part, in parallel processes, and join it.

A part (the front matter, the preface, each text, the index) begins on a
recto and its layout does not depend on the page it begins on: folios are
stamped at the join, cross-references between texts are by paragraph, and
links into other parts are resolved by name when the parts are joined.  So:

1. every part but the index is laid out at once, the contents with stand-in
   page numbers (only their page count matters yet);
2. their page counts place them in the book; then the contents with the real
   numbers, the index (which needs every page) and the folios are laid out;
3. the parts are joined (``join``).

A laid-out part is kept under build/parts/ with a hash of everything that
shapes it, so after an edit only the parts whose pages changed are laid out
again.  Each worker holds one part at a time, so memory is bounded by the
largest part, not by the book.
"""

from __future__ import annotations

import concurrent.futures
import datetime as _dt
import hashlib
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..assemble import Book
from ..workers import process_pool, worker_count
from .pdf import (
    PrintPart,
    PrintSettings,
    _document,
    contents_targets,
    has_index,
    index_part,
    layout,
    part_document,
    print_head,
    print_parts,
    write_pdf,
)

PARTS_DIR = "parts"
FRONT_PROBE = "front-probe"
BLANK = "blank"  # an empty page with the book's page boxes and marks (print: bleed, marks)
PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class LayoutJob:
    """What a worker needs to lay out one part (it is sent to another process)."""

    name: str
    html: str
    base_url: str
    date: _dt.date
    link_targets: frozenset[str]
    key: str


@dataclass
class LaidOutPart:
    name: str
    key: str
    pdf: bytes
    # Per page, the part's own anchors and where they stand (CSS px from the
    # top left); the stand-ins for links into other parts are left out.
    anchors: list[dict[str, tuple[float, float]]]

    @property
    def pages(self) -> int:
        return len(self.anchors)


@dataclass
class PrintLayout:
    """The joined book: its bytes and, per page, the anchors that stand on it."""

    pdf: bytes
    page_anchors: list[dict[str, tuple[float, float]]]
    pages: dict[str, int]  # anchor → page (1-based)
    laid_out: list[str] = field(default_factory=list)  # parts laid out this time (the rest came from build/parts)
    parts: int = 0  # parts in all (the folios count as one)
    html: str = ""  # the whole book as one document (build/print.html)


def lay_out(job: LayoutJob) -> LaidOutPart:
    """Lay out one part and write its PDF (runs in a worker process)."""
    document = layout(job.html, Path(job.base_url))
    anchors = [
        {name: (pos[0], pos[1]) for name, pos in page.anchors.items() if name not in job.link_targets}
        for page in document.pages
    ]
    return LaidOutPart(job.name, job.key, write_pdf(document, job.date), anchors)


class _Refs(HTMLParser):
    """The ids a part defines and the in-document links it makes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name == "href" and value and value.startswith("#"):
                self.hrefs.add(value[1:])


def links_out(sections: str) -> frozenset[str]:
    """Anchors a part links to that stand in other parts."""
    refs = _Refs()
    refs.feed(sections)
    refs.close()
    return frozenset(refs.hrefs - refs.ids)


def code_version() -> str:
    """What in readerbook's own code and WeasyPrint shapes a part's pages."""
    from importlib.metadata import version  # not importing WeasyPrint itself: the workers do that

    here = Path(__file__).parent
    h = hashlib.sha256(version("weasyprint").encode())
    for name in ("pdf.py", "parts.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()


class PartStore:
    """Laid-out parts kept in build/parts/, one file pair per part."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get(self, name: str, key: str) -> LaidOutPart | None:
        try:
            meta = json.loads((self.folder / f"{name}.json").read_text(encoding="utf-8"))
            if meta.get("key") != key:
                return None
            pdf = (self.folder / f"{name}.pdf").read_bytes()
        except (OSError, ValueError):
            return None
        if hashlib.sha256(pdf).hexdigest() != meta.get("pdf_sha256"):
            return None
        anchors = [{n: tuple(pos) for n, pos in page.items()} for page in meta["anchors"]]
        return LaidOutPart(name, key, pdf, anchors)

    def put(self, part: LaidOutPart, html: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{part.name}.html").write_text(html, encoding="utf-8")
        (self.folder / f"{part.name}.pdf").write_bytes(part.pdf)
        meta = {"key": part.key, "pdf_sha256": hashlib.sha256(part.pdf).hexdigest(), "anchors": part.anchors}
        (self.folder / f"{part.name}.json").write_text(json.dumps(meta), encoding="utf-8")

    def keep_only(self, names: set[str]) -> None:
        """Forget parts the book no longer has (a text removed or renamed)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.stem not in names:
                path.unlink(missing_ok=True)


class Layouts:
    """Runs layout jobs: from the store when unchanged, else in worker processes."""

    def __init__(self, store: PartStore, pool, settings: PrintSettings, base_url: Path, date: _dt.date):
        self.store, self.settings, self.base_url, self.date = store, settings, base_url, date
        self.version = code_version()
        self.pool, self.own_pool = pool, pool is None
        self.laid_out: list[str] = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if self.pool is not None and self.own_pool:
            # On an error or Ctrl-C, do not wait for layouts under way: the
            # workers end with this process.
            self.pool.shutdown(wait=exc_type is None, cancel_futures=True)

    def job(self, name: str, html: str, link_targets: frozenset[str]) -> LayoutJob:
        h = hashlib.sha256()
        for piece in (self.version, html, self.settings.css(), self.date.isoformat()):
            h.update(piece.encode("utf-8"))
        for css in sorted(self.base_url.glob("*.css")):
            h.update(css.read_bytes())
        return LayoutJob(name, html, str(self.base_url), self.date, link_targets, h.hexdigest())

    def run(self, jobs: list[LayoutJob]) -> dict[str, LaidOutPart]:
        done: dict[str, LaidOutPart] = {}
        todo = []
        for job in jobs:
            kept = self.store.get(job.name, job.key)
            if kept is not None:
                done[job.name] = kept
            else:
                todo.append(job)
        todo.sort(key=lambda j: len(j.html), reverse=True)  # longest first: the best balance
        if len(todo) == 1 and self.own_pool:
            results = [lay_out(job) for job in todo]
        elif todo:
            results = list(self._pool().map(lay_out, todo))
        else:
            results = []
        for job, part in zip(todo, results):
            self.store.put(part, job.html)
            if job.name not in (FRONT_PROBE, BLANK):  # helpers, not parts of the book
                self.laid_out.append(job.name)
            done[job.name] = part
        return done

    def _pool(self) -> concurrent.futures.ProcessPoolExecutor:
        if self.pool is None:
            self.pool = process_pool(worker_count())
        return self.pool


def lay_out_book(
    book: Book, parts: list[PrintPart] | None, settings: PrintSettings, work: Path, pool=None
) -> PrintLayout:
    """Lay out and join the book.  ``parts``: from ``print_parts`` with
    stand-in page numbers for the contents (rendered here if not given);
    ``pool``: worker processes (else one is started, one worker per core),
    shut down once the parts are laid out."""
    from .join import Finish, PlacedPart, join

    store = PartStore(work / PARTS_DIR)
    date = book.manifest.date
    unknown: dict[str, int | None] = dict.fromkeys(contents_targets(book))
    parts = parts or print_parts(book, toc_pages=unknown)
    with Layouts(store, pool, settings, work, date) as layouts:
        targets = {p.name: links_out(p.sections) for p in parts}
        # The front matter is laid out twice: first with stand-in page numbers
        # (only its page count matters then), last with the real ones.
        name = {p.name: FRONT_PROBE if p.name == "front" else p.name for p in parts}
        laid = layouts.run(
            [layouts.job(name[p.name], part_document(book, p, targets[p.name]), targets[p.name]) for p in parts]
        )
        # The contents' final numbers may, in principle, change how many pages
        # they take; then everything after them moves and is placed again.
        front_pages = laid.pop(FRONT_PROBE).pages
        for _attempt in range(3):
            starts, index_start = place(
                [(p.name, front_pages if p.name == "front" else laid[p.name].pages) for p in parts]
            )
            pages = first_pages(book_pages(laid, starts, [p.name for p in parts if p.name != "front"]))
            toc = {a: pages.get(a) for a in unknown}
            toc["index"] = index_start if has_index(book) else None
            front = next(p for p in print_parts(book, toc_pages=toc) if p.name == "front")
            second = [layouts.job("front", part_document(book, front, targets["front"]), targets["front"])]
            if has_index(book):
                ix = index_part(book, pages, index_start)
                ix_targets = links_out(ix.sections)
                second.append(layouts.job("index", part_document(book, ix, ix_targets), ix_targets))
            folio_map = folio_pages(parts, laid, starts)
            second.append(layouts.job("folios", folio_document(book, index_start - 1, folio_map), frozenset()))
            if settings.boxed:
                second.append(layouts.job(BLANK, folio_document(book, 1, [], marks=True), frozenset()))
            final = layouts.run(second)
            if final["front"].pages == front_pages:
                break
            front_pages = final["front"].pages
        else:  # pragma: no cover - the contents would not settle
            raise RuntimeError("the table of contents does not settle on a page count")
        laid.update(final)
        laid_out = list(layouts.laid_out)
    if pool is not None:
        # Every part is laid out: end the workers now, so that their memory
        # is given back before the join, the main process's largest step.
        pool.shutdown()
    order = [p.name for p in parts] + (["index"] if has_index(book) else [])
    starts["index"] = index_start
    store.keep_only(set(order) | {"folios", FRONT_PROBE, BLANK})
    placed = [PlacedPart(laid[n].pdf, starts[n], frozenset(a for page in laid[n].anchors for a in page)) for n in order]
    finish = Finish(
        blank=laid[BLANK].pdf if settings.boxed else None,
        pad_to=settings.pad_to,
        bleed_pt=settings.bleed_mm * PT_PER_MM if settings.boxed else None,
    )
    pdf = join(placed, laid["folios"].pdf, {book_page: book_page for book_page in folio_map}, finish)
    page_anchors = book_pages(laid, starts, order)
    if settings.pad_to:  # the blank pages the join added at the end
        page_anchors.extend({} for _ in range(-len(page_anchors) % settings.pad_to))
    return PrintLayout(pdf, page_anchors, first_pages(page_anchors), laid_out, len(order) + 1)


def place(counts: list[tuple[str, int]]) -> tuple[dict[str, int], int]:
    """The page each part begins on (always a recto: odd), and the page after the last."""
    starts, page = {}, 1
    for name, count in counts:
        starts[name] = page
        page += count
        if page % 2 == 0:
            page += 1  # an empty verso, so that the next part begins on a recto
    return starts, page


def book_pages(laid: dict[str, LaidOutPart], starts: dict[str, int], names: list[str]) -> list[dict]:
    """Per page of the book, the anchors on it: the named parts placed where
    they begin, every other page (an empty verso, a part left out) empty."""
    pages: list[dict] = []
    for name in sorted(names, key=starts.__getitem__):
        pages.extend({} for _ in range(starts[name] - 1 - len(pages)))
        pages.extend(laid[name].anchors)
    return pages


def first_pages(page_anchors: list[dict]) -> dict[str, int]:
    pages: dict[str, int] = {}
    for n, page in enumerate(page_anchors, start=1):
        for anchor in page:
            pages.setdefault(anchor, n)
    return pages


def folio_pages(parts: list[PrintPart], laid: dict[str, LaidOutPart], starts: dict[str, int]) -> list[int]:
    """Book pages that take a stamped folio."""
    return [starts[p.name] + i for p in parts if p.stamp_folios for i in range(laid[p.name].pages)]


FOLIO_CSS = ".folio-page { height: 1px; break-before: page; } .folio-page:first-child { break-before: auto; } .no-folio { page: front; }"
# The folios are drawn over pages that have their printer's marks already.
NO_MARKS = "@page { marks: none; }"


def folio_document(book: Book, last_page: int, folios: list[int], marks: bool = False) -> str:
    """Pages 1..last_page with nothing on them but the folio where one is due,
    set by the same page rules as the book's own (``marks``: and the printer's
    marks, for a page that has none of its own)."""
    wanted = set(folios)
    pages = "".join(
        f'<div class="folio-page{"" if n in wanted else " no-folio"}"></div>' for n in range(1, last_page + 1)
    )
    css = FOLIO_CSS + ("" if marks else NO_MARKS)
    return _document(book.manifest, print_head(book) + [f"<style>{css}</style>"], [pages])
