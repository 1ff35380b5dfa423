"""The build, written down once: manifest → texts → normalize and study
(``prepare_book``) → assemble (``assemble_book``: the Book, a value) →
render → write.  Each step is a function that can be called and tested alone.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import os
import shutil
import sys
import tempfile
import threading
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .assemble import Book, assemble_texts, typeset_manifest
from .diagnostics import Diagnostic, Diagnostics, ErrorKind, ReaderbookError, Severity
from .index import TermMarker, Vocabulary, mark_terms  # here: worker processes forked from this one have it
from .manifest import Manifest, TextEntry, load_manifest
from .model import Document
from .normalize import Lexicon, TextOptions, normalize_source
from .normalize.audit import audit
from .quotations import quoted_paragraphs
from .source import SourceText, read_source
from .workers import WorkerPool, forked_pool, process_pool, worker_count


def progress(message: str) -> None:
    """Stage-by-stage progress on an interactive terminal; silent when piped or in CI."""
    if sys.stderr.isatty() and not os.environ.get("CI"):
        print(f"  … {message}", file=sys.stderr, flush=True)


@dataclass
class BuildResult:
    book: Book | None  # None when the build was skipped: nothing had changed
    outputs: dict[str, Path] = field(default_factory=dict)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    skipped: bool = False  # nothing had changed since the last build
    normalized: list[str] = field(default_factory=list)  # texts normalized afresh (the rest were reused)
    laid_out: list[str] = field(default_factory=list)  # PDF parts laid out afresh (the rest were reused)
    parts: int = 0  # PDF parts in all


def shown_path(manifest: Manifest, path: Path) -> str:
    """A path as messages show it: relative to the project where possible."""
    try:
        return str(path.resolve().relative_to(manifest.root))
    except ValueError:
        return str(path)


def text_options(manifest: Manifest, entry: TextEntry) -> TextOptions:
    return TextOptions(
        layout=entry.layout,
        emendations=entry.emendations,
        missing_notes=entry.missing_notes,
        block_quotes=entry.block_quotes,
        not_block_quotes=entry.not_block_quotes,
        manifest_path=shown_path(manifest, manifest.path),
        book_language=manifest.language,
        language=entry.language,
        encoding=entry.encoding,
        pages=entry.pages,
        start=entry.start,
        end=entry.end,
    )


def options_from_mapping(data: dict) -> TextOptions:
    """TextOptions from book.yaml's per-text keys given as a mapping (``from``
    and ``to`` as in book.yaml; ``pages`` as a range like ``12-30``)."""
    from .manifest import parse_pages

    data = dict(data)
    if "from" in data:
        data["start"] = data.pop("from")
    if "to" in data:
        data["end"] = data.pop("to")
    if "pages" in data and not isinstance(data["pages"], tuple):
        data["pages"] = parse_pages(data["pages"])
    return TextOptions(**data)


def read_texts(manifest: Manifest, diagnostics: Diagnostics) -> list[SourceText]:
    """Read and decode every text, collecting all read errors before stopping."""
    sources, errors = [], []
    for entry in manifest.texts:
        try:
            source = read_source(
                entry.file, shown_path(manifest, entry.file), diagnostics, text_options(manifest, entry)
            )
        except ReaderbookError as exc:
            errors.extend(exc.diagnostics)
            continue
        if not any(line.text.strip() for line in source.lines):
            diagnostics.error(
                "RB204", "the text is empty", path=source.shown, hint="add the text, or remove its entry from book.yaml"
            )
        sources.append(source)
    if errors:
        raise ReaderbookError(errors + diagnostics.errors)
    if diagnostics.errors:
        raise ReaderbookError(diagnostics.errors)
    return sources


def build_lexicon(sources: list[SourceText]) -> Lexicon:
    """The book's word evidence: the sum of each text's (counts add up)."""
    lexicon = Lexicon()
    for source in sources:
        words, hyphenated = _text_lexicon("\n".join(line.text for line in source.lines))
        lexicon.words.update(words)
        lexicon.hyphenated.update(hyphenated)
    return lexicon


@lru_cache(maxsize=64)
def _text_lexicon(text: str):
    """One text's word counts, kept for the next build in this process
    (readerbook serve, watch): after an edit, only the edited text is counted
    again — a third of a second on the shipped reader."""
    lexicon = Lexicon()
    lexicon.add_text(text)
    return lexicon.words, lexicon.hyphenated


@dataclass(frozen=True)
class Study:
    """What to find in a text where it is normalized, for the book's
    apparatus: the index vocabulary's phrases (``marker``) and the quoted
    words that shared quotations are looked for among."""

    slug: str
    marker: TermMarker | None = None  # when the book has an index
    quotations: bool = False


@dataclass(frozen=True)
class StudiedText:
    """One text as assembly takes it: normalized, its index terms marked,
    and the quoted words of its paragraphs (quotations.QuotedParagraph)."""

    doc: Document
    quoted: tuple = ()


def study_text(doc: Document, study: Study) -> StudiedText:
    quoted = quoted_paragraphs(doc) if study.quotations else ()
    return StudiedText(mark_terms(doc, study.marker, study.slug), quoted)


def normalize_texts(
    manifest: Manifest,
    sources: list[SourceText],
    diagnostics: Diagnostics,
    store=None,
    pool=None,
    marker: TermMarker | None = None,
    preface: Path | None = None,
    forked: WorkerPool | None = None,
) -> tuple[list[StudiedText], list | None]:
    """Normalize, audit and study every text, in parallel processes when
    there are several to do; with a ``cache.NormalizedStore``, a text whose
    source, settings and hyphen evidence are unchanged is reused instead.
    ``pool``: worker processes to use (else some are started for the job);
    ``marker``: the index vocabulary's phrases; ``preface``: the editor's
    preface, read and set meanwhile; ``forked``: a small book's second process
    (workers.forked_pool), which shares the texts with this one.  Returns the
    texts and the preface's blocks."""
    lexicon = build_lexicon(sources)
    results: dict[int, tuple] = {}
    todo = []
    for i, (entry, source) in enumerate(zip(manifest.texts, sources)):
        options = text_options(manifest, entry)
        study = Study(entry.slug, marker, manifest.shared_quotations)
        kept = store.get(source, options, lexicon) if store is not None else None
        if kept is not None:
            results[i] = (study_text(kept[0], study), kept[1], [], False)
        else:
            todo.append((i, TextJob(source, options, lexicon, study, store)))
    for i, _ in todo:
        progress(f"normalizing {sources[i].shown}")
    size = sum(job.size() for _, job in todo)
    jobs = [job for _, job in todo] + ([PrefaceJob(preface)] if preface is not None else [])
    if pool is not None and size > SMALL_BOOK:
        done = list(pool.map(prepare_job, jobs))
    elif pool is None and len(todo) > 1 and worker_count() > 1 and size > SMALL_BOOK:
        with process_pool(min(worker_count(), len(jobs))) as own:
            done = list(own.map(prepare_job, jobs))
    elif forked is not None and len(jobs) > 1:
        # A small book: this process and the forked worker share the jobs, longest first.
        done = _normalize_shared(jobs, forked, prepare_job)
    elif pool is None and len(todo) > 1 and worker_count() > 1 and (late := forked_pool(1)) is not None:
        # Small in characters though not in bytes (PDFs, say): its worker is forked now.
        with late:
            done = _normalize_shared(jobs, late, prepare_job)
    else:
        # A small book is normalized sooner here: a given pool's workers are
        # still starting (warming up for the PDF), and new ones would have to
        # be started by the fork server and import readerbook first.
        done = [prepare_job(job) for job in jobs]
    editors = done.pop() if preface is not None else None
    for (i, job), result in zip(todo, done):
        results[i] = result
        if result[3]:
            store.fresh.append(job.source.shown)
    studied, errors = [], []
    for i in range(len(sources)):
        text, found, failed, _ = results[i]
        diagnostics.extend(found)
        errors.extend(failed)
        if text is not None:
            studied.append(text)
    if errors or diagnostics.errors:
        raise ReaderbookError(errors + diagnostics.errors)
    return studied, editors


SMALL_BOOK = 1_000_000  # characters


WORKER_QUEUE = 2  # jobs a worker holds: one under way, the next waiting, so that it never waits to be given one


def _normalize_shared(jobs: list, pool, work=None) -> list:
    """Every job's result, in order, done by this process and the pool's one
    worker together, longest first, each taking the next job as it becomes
    free.  This process starts at once and its results are where they are
    needed, so it takes the longest; the worker holds ``WORKER_QUEUE`` jobs,
    topped up as each is done (giving it one the moment it is free cost
    four hundredths of a second each time: the pool's threads wait for the
    interpreter while this process normalizes).  Shares fixed beforehand by
    length left one of the two idle for a tenth of a second: texts of equal
    length do not take equal time.  ``work``: what to do with a job
    (``prepare_job``)."""
    work = work or prepare_job
    waiting = deque(sorted(range(len(jobs)), key=lambda k: -jobs[k].size()))
    taking = threading.Lock()  # the worker is topped up from the pool's own thread
    given: dict[int, concurrent.futures.Future] = {}
    done: dict[int, object] = {}

    def next_job() -> int | None:
        with taking:
            return waiting.popleft() if waiting else None

    def top_up(finished: concurrent.futures.Future | None = None) -> None:
        if finished is not None and (finished.cancelled() or finished.exception() is not None):
            return  # the build stops: pool.results raises it
        fresh = []
        with taking:  # taken and recorded at once: once nothing waits, ``given`` is complete
            while waiting and sum(not f.done() for f in given.values()) < WORKER_QUEUE:
                k = waiting.popleft()
                given[k] = pool.submit(work, jobs[k])
                fresh.append(given[k])
        for future in fresh:  # (outside the lock: a job already done calls back at once)
            future.add_done_callback(top_up)

    here = next_job()
    top_up()
    while here is not None:
        done[here] = work(jobs[here])
        here = next_job()
    with taking:
        futures = list(given.items())
    done.update(zip([k for k, _ in futures], pool.results([f for _, f in futures])))
    return [done[k] for k in range(len(jobs))]


@dataclass(frozen=True)
class TextJob:
    """One text to normalize and study, with what it needs: its settings,
    the book's word evidence, what to study, where to keep the result."""

    source: SourceText
    options: TextOptions
    lexicon: Lexicon
    study: Study
    store: object = None  # cache.NormalizedStore

    def size(self) -> int:
        return sum(len(line.text) for line in self.source.lines)


@dataclass(frozen=True)
class PrefaceJob:
    """The editor's preface, read and set while the texts are normalized
    (whichever process is free takes it)."""

    path: Path

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0


def prepare_job(job: TextJob | PrefaceJob):
    """One text, as a worker does it: normalized (and kept in the store, when
    it normalized cleanly), then studied.  Returns (the studied text or None,
    diagnostics found, errors that stopped it, whether it was stored).
    A ``PrefaceJob`` returns the editor's preface as blocks."""
    if isinstance(job, PrefaceJob):
        from .apparatus import editors_preface

        return editors_preface(job.path)
    source, options, lexicon, study, store = job.source, job.options, job.lexicon, job.study, job.store
    doc, found, failed, asked = normalize_job((source, options, lexicon))
    if doc is None:
        return None, found, failed, False
    stored = store is not None and not failed and not any(d.severity is Severity.ERROR for d in found)
    if stored:
        store.put(source, options, doc, found, asked)
    return study_text(doc, study), found, failed, stored


def normalize_job(job: tuple[SourceText, TextOptions, Lexicon]):
    """One text, as a worker does it: (document or None, diagnostics found,
    errors that stopped it, the lexicon's answers it relied on)."""
    from .cache import LexiconView

    source, options, lexicon = job
    found, view = Diagnostics(), LexiconView(lexicon)
    try:
        doc = normalize_one(source, options, view, found)
    except ReaderbookError as exc:
        return None, found.items, list(exc.diagnostics), {}
    return doc, found.items, [], view.asked


def normalize_one(source: SourceText, options: TextOptions, lexicon, diagnostics: Diagnostics) -> Document:
    """One text: normalized, audited for lost words, and looked over for an editor.
    Messages about a PDF or a web page cite the page and line, or the element."""
    found = Diagnostics()
    try:
        doc = _normalize_one(source, options, lexicon, found)
    finally:
        for d in found:
            if source.format != "text" and d.path == source.shown and d.line is not None:
                d = dataclasses.replace(d, place=source.place(d.line))
            diagnostics.add(d)
    return doc


def _normalize_one(source: SourceText, options: TextOptions, lexicon, diagnostics: Diagnostics) -> Document:
    doc = normalize_source(source, options, lexicon, diagnostics)
    for problem in audit(doc.source_lines, doc) if doc.layout != "markdown" else ():
        # A failed audit is readerbook's fault, not the editor's: say where, and build on.
        diagnostics.warning(
            "RB390",
            f"nothing-lost audit: {problem.message}",
            path=source.shown,
            line=problem.lines[0] if problem.lines else None,
            hint="please report this, with the passage",
        )
    editorial_warnings(doc, diagnostics)
    if not doc.blocks:
        diagnostics.error(
            "RB302",
            "no paragraphs were found in this text",
            path=source.shown,
            hint="check the file, or set 'layout:' for it in book.yaml",
        )
    return doc


LONG_PARAGRAPH = 2500  # words: longer usually means paragraphs were run together


def editorial_warnings(doc, diagnostics: Diagnostics) -> None:
    """Things in a normalized text that deserve an editor's look."""
    from .model import Paragraph, block_inlines, inline_text, iter_blocks, numbered_units
    from .normalize.joining import ends_sentence

    units = list(numbered_units(doc.blocks))
    if units:
        last = units[-1]
        text = " ".join(inline_text(seq) for b in iter_blocks([last]) for seq in block_inlines(b)).rstrip()
        if text and not ends_sentence(text) and not text.endswith(("”", "’", '"', ")")):
            diagnostics.warning(
                "RB303",
                "the text ends in the middle of a sentence: the source may be cut short",
                path=doc.shown,
                line=last.lines[-1] if last.lines else None,
                hint="compare with the original; the preface should say the text is incomplete",
            )
    from .model import Heading

    for p in [b for b in doc.blocks if isinstance(b, (Paragraph, Heading))]:
        text = inline_text(p.inlines).strip()
        # A page number has at most three digits (a year standing as a heading is
        # none); isdecimal, not isdigit: a superscript ² is a digit int() refuses.
        if text.isdecimal() and len(text) <= 3:
            diagnostics.warning(
                "RB304",
                f"a line holding only the number {text} was kept in the text",
                path=doc.shown,
                line=p.lines[0] if p.lines else None,
                hint="if it is a page number, an emendation can remove it",
            )
        words = len(text.split())
        if isinstance(p, Paragraph) and words > LONG_PARAGRAPH:
            diagnostics.warning(
                "RB305",
                f"a paragraph of {words} words: paragraphs may have been run together",
                path=doc.shown,
                line=p.lines[0] if p.lines else None,
                hint="check the layout, or set 'layout:' for this text in book.yaml",
            )
    for line in doc.source_lines:
        if "\ufffd" in line.text:
            diagnostics.warning(
                "RB206",
                "the source has undecodable characters (shown as �)",
                path=doc.shown,
                line=line.no,
                hint="re-save the text as UTF-8 from the original",
            )
            break


def load_book(manifest_path: str | Path, diagnostics: Diagnostics, store=None, pool=None) -> Book:
    """Manifest → texts → normalize → assemble, with the editorial apparatus.
    ``store``: a ``cache.NormalizedStore`` of texts normalized before;
    ``pool``: worker processes for normalizing."""
    return assemble_book(prepare_book(load_manifest(manifest_path), diagnostics, store, pool), diagnostics)


@dataclass(frozen=True)
class PreparedBook:
    """The texts normalized and studied, before assembly."""

    manifest: Manifest  # as the book prints it: described by its texts, typeset
    texts: list[StudiedText]
    vocabulary: Vocabulary | None = None  # when book.yaml names an index
    preface: list | None = None  # the editor's preface as blocks, when read with the texts


def prepare_book(manifest: Manifest, diagnostics: Diagnostics, store=None, pool=None) -> PreparedBook:
    """Read, normalize and study every text (see ``normalize_texts``)."""
    from .index import load_vocabulary

    vocab = load_vocabulary(manifest.index, shown_path(manifest, manifest.index)) if manifest.index else None
    marker = TermMarker.for_vocabulary(vocab) if vocab is not None else None
    # A small book's second process is forked first, so that it has started by
    # the time the texts are read and their words counted (see normalize_texts).
    forked = forked_pool(1, start_now=True) if pool is None and _small_book(manifest) else None
    with forked if forked is not None else contextlib.nullcontext():
        sources = read_texts(manifest, diagnostics)
        studied, editors = normalize_texts(
            manifest, sources, diagnostics, store, pool, marker, manifest.preface, forked=forked
        )
    return PreparedBook(printed_manifest(manifest, [s.doc for s in studied]), studied, vocab, editors)


def _small_book(manifest: Manifest) -> bool:
    """Several texts, and not a million characters between them (their files'
    bytes, before they are read: a text has no more characters than bytes)."""
    if len(manifest.texts) < 2 or worker_count() < 2:
        return False
    try:
        return sum(entry.file.stat().st_size for entry in manifest.texts) <= SMALL_BOOK
    except OSError:
        return False  # reading the texts will say what is wrong


def printed_manifest(manifest: Manifest, docs: list[Document]) -> Manifest:
    """The manifest as the book prints it: described by its texts (``described``), typeset."""
    manifest = described(manifest, docs)
    return typeset_manifest(manifest, [d.language or manifest.language for d in docs])


def book_of(
    manifest: Manifest, docs: list[Document], diagnostics: Diagnostics, vocabulary: Vocabulary | None = None
) -> Book:
    """The book of documents normalized elsewhere (``normalize_file``, a
    test), one per text of ``manifest``, studied and assembled as a build does."""
    marker = TermMarker.for_vocabulary(vocabulary) if vocabulary is not None else None
    studied = [study_text(d, Study(e.slug, marker, manifest.shared_quotations)) for e, d in zip(manifest.texts, docs)]
    return assemble_book(PreparedBook(printed_manifest(manifest, docs), studied, vocabulary), diagnostics)


def assemble_book(prepared: PreparedBook, diagnostics: Diagnostics) -> Book:
    """The book, made once: the texts assembled, then what is computed from
    them — the preface, the sources, the shared quotations, the index — each
    a value handed to the ``Book``, which nothing changes after."""
    from .apparatus import build_preface
    from .index import build_index, locate_marks, warn_unmatched
    from .quotations import also_quoted, find_shared
    from .sources import collect_sources, source_anchors, warn_missing_rights

    progress("assembling the book, preface and index")
    manifest = prepared.manifest
    texts = assemble_texts(manifest, [s.doc for s in prepared.texts])
    preface = build_preface(manifest, texts, editors=prepared.preface)
    sources = collect_sources(texts)
    warn_missing_rights(sources, shown_path(manifest, manifest.path), diagnostics)
    shared = find_shared(texts, [s.quoted for s in prepared.texts]) if manifest.shared_quotations else []
    index, terms = [], {}
    vocab = prepared.vocabulary
    if vocab is not None:
        locators = locate_marks(texts)
        warn_unmatched(vocab, locators, diagnostics)
        index = build_index(texts, vocab, locators)
        terms = {e.term: e.id for e in vocab.entries}
    anchors: dict[str, str] = {}
    for text in [*texts, preface]:
        anchors.update(text.anchors)
    anchors.update(source_anchors(texts))
    return Book(
        manifest,
        tuple(texts),
        preface,
        index=tuple(index),
        index_terms=terms,
        shared=tuple(shared),
        sources=tuple(sources),
        anchors=anchors,
        also=also_quoted(shared),
    )


def described(manifest: Manifest, docs: list[Document]) -> Manifest:
    """The manifest with what book.yaml may leave to the texts filled in from
    them: each text's title, subtitle and author where its entry names only
    the file, and the book's language where book.yaml gives none."""
    texts = tuple(entry.described_by(doc.meta) for entry, doc in zip(manifest.texts, docs))
    return dataclasses.replace(manifest, texts=texts, language=manifest.language or book_language(docs))


def book_language(docs: list[Document]) -> str:
    """The language most of the book is in: each text's detected language,
    weighed by its length (the first text's wins a tie)."""
    weight: dict[str, int] = {}
    for doc in docs:
        language = doc.language or "en"
        weight[language] = weight.get(language, 0) + sum(len(line.text) for line in doc.source_lines)
    return max(weight, key=weight.get, default="en")


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write beside the destination, then rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def styles_dir(manifest: Manifest) -> Path:
    own = manifest.root / "styles"
    if (own / "print.css").is_file() and (own / "epub.css").is_file():
        return own
    return Path(__file__).parent / "styles"


def build(
    manifest_path: str | Path = "book.yaml",
    out_dir: str | Path | None = None,
    formats: tuple[str, ...] | None = None,
    build_dir: str | Path | None = None,
    jobs: int | None = None,
    wait: bool = True,
) -> BuildResult:
    """Build the reader: the outputs named in ``formats`` (see
    ``render.outputs.OUTPUTS``; default: those ``--format all`` builds).
    Outputs are only written once every one succeeded.
    ``jobs``: worker processes (default: one per core).  One build at a time
    per project (``lock.py``): with another one running, ``wait`` for it
    (saying so), or, with ``wait=False``, stop with RB604."""
    from .lock import project_lock
    from .render import outputs as registry

    formats = tuple(formats) if formats else registry.defaults()
    unknown = [f for f in formats if f not in registry.choices()]
    if unknown:
        raise ReaderbookError(
            [
                Diagnostic(
                    "RB000",
                    Severity.ERROR,
                    f"unknown output format {', '.join(unknown)}",
                    hint="one of: " + ", ".join(registry.choices()),
                )
            ],
            ErrorKind.CONFIG,
        )
    manifest = load_manifest(manifest_path)
    out = Path(out_dir) if out_dir else manifest.root / "dist"
    work = Path(build_dir) if build_dir else manifest.root / "build"
    # One lock per project, in its own build/ whatever ``build_dir`` says: the
    # outputs in dist/ are shared.  Taken before the no-op check, since
    # cache.json and the outputs it vouches for may be half replaced by the
    # build that holds it.
    locks = manifest.root / "build"
    from .preflight import require_writable

    require_writable(locks, "build folder", shown_path(manifest, locks))
    with project_lock(locks, wait, shown=shown_path(manifest, locks)):
        return _build_locked(manifest, out, work, formats, jobs)


def _build_locked(manifest: Manifest, out: Path, work: Path, formats: tuple[str, ...], jobs: int | None) -> BuildResult:
    from . import cache
    from .render import outputs as registry
    from .workers import layout_workers, worker_count

    key = cache.inputs_key(manifest, styles_dir(manifest), out, formats)
    hit = cache.lookup(work, key)
    if hit is not None:
        outputs, diagnostics = hit
        return BuildResult(None, outputs, diagnostics, skipped=True)
    diagnostics = Diagnostics()
    from .preflight import Plan, preflight

    # Before the long work: output folders, fonts, readable inputs, the index.
    preflight(Plan(manifest, out, work, formats), diagnostics)
    store = cache.NormalizedStore(work / "normalized")
    # The layout workers start at once: they load WeasyPrint and the book's
    # faces while this process reads and normalizes the texts.
    workers = (
        layout_workers(worker_count(jobs), str(styles_dir(manifest) / "print.css"))
        if registry.Need.LAYOUT in registry.needs(formats)
        else contextlib.nullcontext()
    )
    with workers as pool:
        prepared = prepare_book(manifest, diagnostics, store, pool)
        with registry.drawing_cover(prepared.manifest, work, formats) as cover:
            book = assemble_book(prepared, diagnostics)
            progress(
                "rendering " + ", ".join(formats) + (" (laying out the PDF takes longest)" if pool is not None else "")
            )
            produced, rendering = registry.render(book, formats, styles_dir(manifest), work, diagnostics, pool, cover)
    result = BuildResult(book, {}, diagnostics, normalized=list(store.fresh))
    if rendering.laid_out is not None:
        result.laid_out, result.parts = list(rendering.laid_out.laid_out), rendering.laid_out.parts
    work.mkdir(parents=True, exist_ok=True)
    for output in registry.selected(formats, manifest):
        target = output.place(out, work, manifest.slug)
        try:
            write_output(target, produced[output.name])
        except OSError as exc:  # checked before the build; the disk may still fill up or be unmounted
            raise ReaderbookError(
                [Diagnostic("RB603", Severity.ERROR, f"cannot write the output: {exc.strerror or exc}", str(target))],
                ErrorKind.CONFIG,
            ) from None
        if output.shown:
            result.outputs[output.name] = target
    cache.store(work, key, result.outputs, diagnostics)
    return result


def write_output(target: Path, data: bytes | str | dict[str, bytes]) -> None:
    """One output: a file, or a folder given as {relative path: bytes}."""
    if isinstance(data, dict):
        atomic_write_folder(target, data)
    else:
        atomic_write(target, data)


def atomic_write_folder(path: Path, files: dict[str, bytes]) -> None:
    """Write a folder beside the destination, then swap it in: a reader sees
    the old folder or the new one, never a half-written one (between the two
    renames, for an instant, none)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        for name, data in files.items():
            target = fresh / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        fresh.chmod(0o777 & ~_umask())  # mkdtemp creates 0700; outputs are ordinary folders
        old = None
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent))
            os.replace(path, old / path.name)
        os.replace(fresh, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def check(manifest_path: str | Path = "book.yaml") -> tuple[Book, Diagnostics]:
    """Validate the manifest and texts and normalize them, building nothing."""
    diagnostics = Diagnostics()
    book = load_book(manifest_path, diagnostics)
    return book, diagnostics


def normalize_file(
    path: str | Path, options: dict | TextOptions | None = None, book: str | Path | None = None
) -> tuple[Document, Diagnostics]:
    """Read and normalize one source file, as a build would, and audit it.

    ``options``: book.yaml per-text settings (a mapping of the keys book.yaml
    takes, or TextOptions); ``book``: a manifest whose settings for this file,
    and whose other texts' hyphen evidence, apply.
    """
    diagnostics = Diagnostics()
    path = Path(path)
    lexicon_sources: list[SourceText] = []
    if book is not None:
        manifest = load_manifest(book)
        entry = next((e for e in manifest.texts if e.file.resolve() == path.resolve()), None)
        if entry is None:
            raise ValueError(f"{path} is not a text of {book}")
        opts = text_options(manifest, entry)
        lexicon_sources = [
            read_source(e.file, shown_path(manifest, e.file), Diagnostics(), text_options(manifest, e))
            for e in manifest.texts
        ]
    elif isinstance(options, TextOptions):
        opts = options
    else:
        opts = options_from_mapping(options or {})
    source = read_source(path, str(path), diagnostics, opts)
    lexicon = build_lexicon(lexicon_sources or [source])
    doc = normalize_one(source, opts, lexicon, diagnostics)
    return doc, diagnostics
