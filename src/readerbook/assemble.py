"""Assembly: the texts numbered, divided into EPUB documents and their
anchors placed (the ids themselves are minted in ``ids``).

Notes are numbered 1…N per text in reading order of their first reference
(a note cited inside another note is numbered where that note is read), or
continuously through the book when book.yaml says so: the numbered notes are
new values, the normalized documents are never changed, so one set of
documents can be assembled any number of times.  Paragraphs and headings
come numbered within their text from normalization; their anchors depend
only on the text's slug and the paragraph's position, so they survive
rebuilds of an unchanged text.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field

from . import ids
from .manifest import Manifest, TextEntry
from .model import (
    Document,
    Heading,
    IndexMark,
    Note,
    NoteRef,
    block_inlines,
    inline_nodes,
    inline_text,
    iter_blocks,
    numbered_units,
)

WORDS_PER_MINUTE = 230


@dataclass
class Part:
    """A stretch of a text that becomes one EPUB document (a chapter)."""

    id: str
    title: str
    blocks: list
    file: str  # EPUB file name, relative to the package folder


@dataclass
class TocEntry:
    id: str
    title: str
    level: int
    children: list[TocEntry] = field(default_factory=list)


@dataclass(frozen=True, eq=False, repr=False)
class AssembledText:
    """One text of the book, numbered and divided into EPUB documents.  A
    value: nothing changes it once assembled (the index, shared quotations
    and page map are the Book's, computed beside it)."""

    entry: TextEntry
    doc: Document
    position: int  # 1-based position in the book (0: the preface)
    parts: list[Part]
    notes: list[Note]  # numbered, in number order
    note_by_key: dict[str, Note]
    ref_ids: dict[int, str]  # each note reference's id, by object id of the NoteRef
    toc: list[TocEntry]
    words: int
    paragraphs: int
    first_refs: dict[str, str] = field(default_factory=dict)  # note key -> id of its first reference
    note_files: dict[str, str] = field(default_factory=dict)  # note key -> EPUB document holding the note
    missing_by_file: dict[str, list[int]] = field(
        default_factory=dict
    )  # EPUB document -> numbers of notes without text
    anchors: dict[str, str] = field(default_factory=dict)  # every anchor in the text -> its EPUB document

    @property
    def slug(self) -> str:
        return self.entry.slug

    @property
    def id(self) -> str:
        return ids.text(self.slug)

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def language(self) -> str:
        """The text's language: set in book.yaml, else detected."""
        return self.entry.language or getattr(self.doc, "language", "") or "en"

    @property
    def source_id(self) -> str:
        """The text's entry on the Sources and permissions page."""
        return ids.source_entry(self.slug)

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))

    def __repr__(self) -> str:  # the model is large: never print it whole
        return f"<AssembledText {self.slug}: {self.paragraphs} paragraphs, {len(self.notes)} notes>"

    def note_id(self, note: Note) -> str:
        return ids.note(self.slug, note.number)

    def ref_id(self, ref: NoteRef) -> str:
        return self.ref_ids[id(ref)]

    def first_ref_id(self, note: Note) -> str | None:
        return self.first_refs.get(note.key)

    def note_file(self, note: Note) -> str:
        """The EPUB document that holds a note: the one that holds its first
        reference, so that reading systems which pop up only same-document
        notes (Thorium, Kobo) pop it up."""
        return self.note_files[note.key]

    def missing_statement_id(self, file: str | None = None) -> str:
        """The id of the one statement that stands for the notes whose text the
        source lacks: per EPUB document (``file``), or for the whole text in print."""
        position = 1 if file is None else [p.file for p in self.parts].index(file) + 1
        return ids.missing_notes(self.slug, position)

    def missing_in(self, file: str | None = None) -> list[int]:
        """Numbers of the notes without text cited in one EPUB document (or the whole text)."""
        if file is None:
            return sorted({n for numbers in self.missing_by_file.values() for n in numbers})
        return self.missing_by_file.get(file, [])


@dataclass(frozen=True, eq=False, repr=False)
class Book:
    """The assembled book: the texts and everything computed from them (the
    preface, sources, shared quotations, index), made once by
    ``pipeline.assemble_book`` and never changed after.  Renderers that know
    more (the print pages) make a new value with ``dataclasses.replace``."""

    manifest: Manifest
    texts: tuple[AssembledText, ...]
    preface: AssembledText | None = None
    index: tuple = ()  # IndexGroup, see index.py
    index_terms: dict[str, str] = field(default_factory=dict)  # term -> entry id
    shared: tuple = ()  # SharedPassage, see quotations.py
    sources: tuple = ()  # TextSource per text, see sources.py
    page_map: object = None  # PageMap of the print edition, when known (pagemap.py)
    anchors: dict[str, str] = field(default_factory=dict)  # every anchor -> the EPUB document that holds it
    also: dict[str, dict[int, list]] = field(default_factory=dict)  # slug -> paragraph -> [(passage, other places)]

    @property
    def slug(self) -> str:
        return self.manifest.slug

    def __repr__(self) -> str:
        return f"<Book {self.slug}: {len(self.texts)} texts>"

    def where(self, anchor: str) -> str:
        """The EPUB file that holds an anchor."""
        return self.anchors[anchor]

    def epub_file(self, anchor: str) -> str | None:
        """The EPUB file that holds this anchor of the print edition, if it has one."""
        if anchor in self.anchors:
            return self.anchors[anchor]
        if anchor in (ids.HALF_TITLE, ids.TITLE_PAGE, ids.CONTENTS):
            return "text/titlepage.xhtml"
        if ids.in_back_matter(anchor):
            return "text/index.xhtml"
        return None

    def also_quoted(self, text: AssembledText) -> dict[int, list]:
        """Paragraph number -> [(passage, other occurrences)] for the passages
        of ``text`` quoted in other texts too."""
        return self.also.get(text.slug, {})


# Texts longer than this are split into one EPUB document per chapter.
SPLIT_WORDS = 6000


# The editor's words in book.yaml that the outputs print: they get the
# typography the texts get (curly quotes, dashes, ellipses), once, here.
BOOK_DISPLAY = ("title", "subtitle", "editor", "publisher")
TEXT_DISPLAY = ("title", "short_title", "subtitle", "author", "source", "year", "description", "rights")


def typeset_manifest(manifest: Manifest, languages: list[str] | None = None) -> Manifest:
    """The manifest with its printed strings typeset (each text's in its
    language: set, else ``languages``, as detected); the keys that are
    matched against the texts (from, to, block_quotes, emendations) stay
    as the editor wrote them."""
    from .normalize.typography import typeset

    def display(obj, names: tuple[str, ...], language: str):
        changed = {n: typeset(v, language) for n in names if (v := getattr(obj, n))}
        return dataclasses.replace(obj, **changed)

    detected = languages or [manifest.language] * len(manifest.texts)
    texts = tuple(display(e, TEXT_DISPLAY, e.language or lang) for e, lang in zip(manifest.texts, detected))
    return dataclasses.replace(display(manifest, BOOK_DISPLAY, manifest.language), texts=texts)


def assemble_texts(manifest: Manifest, docs: list[Document]) -> list[AssembledText]:
    """The texts numbered and divided, in book order.  ``manifest``: as the
    book prints it (``typeset_manifest``); ``docs``: normalized (so their
    paragraphs and headings carry their numbers), left as they are given."""
    texts = []
    counter = 0
    for position, (entry, doc) in enumerate(zip(manifest.texts, docs), start=1):
        if manifest.note_numbering == "per-text":
            counter = 0
        assembled, counter = _assemble_text(entry, doc, position, counter)
        texts.append(assembled)
    return texts


def note_refs(blocks: list):
    """Every note reference in ``blocks``, in reading order."""
    return inline_nodes(blocks, NoteRef)


def index_marks(blocks: list):
    """Every index mark in ``blocks``, in reading order."""
    return inline_nodes(blocks, IndexMark)


def _assemble_text(entry: TextEntry, doc: Document, position: int, counter: int):
    """One text, its notes numbered on from ``counter``: (the text, the last number)."""
    slug = entry.slug
    in_source = {n.key: n for n in doc.notes}
    note_by_key: dict[str, Note] = {}  # numbered copies: the document's notes are not changed
    ordered: list[Note] = []
    ref_ids: dict[int, str] = {}
    first_ref: dict[str, str] = {}
    seen: dict[str, int] = {}  # references to each note so far

    def number(note: Note) -> Note:
        nonlocal counter
        counter += 1
        numbered = dataclasses.replace(note, number=counter)
        note_by_key[note.key] = numbered
        ordered.append(numbered)
        return numbered

    def visit(blocks):
        for ref in note_refs(blocks):
            if ref.key not in in_source:
                continue
            note = note_by_key.get(ref.key)
            if note is None:
                note = number(in_source[ref.key])
                rid = ids.noteref(slug, note.number)
                first_ref[note.key] = rid
                ref_ids[id(ref)] = rid
                visit(note.blocks)  # a note cited inside this note is numbered where this note is read
            else:
                seen[note.key] = seen.get(note.key, 1) + 1
                ref_ids[id(ref)] = ids.noteref(slug, note.number, seen[note.key])

    visit(doc.blocks)
    for note in doc.notes:  # notes never cited come last, numbered on
        if note.key not in note_by_key:
            visit(number(note).blocks)

    paragraphs = sum(1 for _ in numbered_units(doc.blocks))
    words = sum(len(inline_text(seq).split()) for block in iter_blocks(doc.blocks) for seq in block_inlines(block))

    where: dict[str, str] = {}
    parts = _split_parts(slug, entry, doc, words)
    toc = []
    for part in parts:
        for block in part.blocks:
            if isinstance(block, Heading):
                hid = ids.heading(slug, block.number)
                where[hid] = part.file
                title = inline_text(block.inlines)
                label = f"{block.label}: " if block.label else ""
                entry_ = TocEntry(hid, _toc_title(label + title), block.level)
                if block.level > 2 and toc and toc[-1].level < block.level:
                    toc[-1].children.append(entry_)
                else:
                    toc.append(entry_)
        for block in numbered_units(part.blocks):
            where[ids.paragraph(slug, block.number)] = part.file
        _register(where, part.blocks, part.file, ref_ids)
    where[ids.text(slug)] = parts[0].file
    # Each note lives in the EPUB document of its first reference (after it, at
    # the document's end); a note first cited inside another note lives with
    # that note, which is numbered (so placed) before it.  A note never cited
    # closes its text.
    note_file: dict[str, str] = {}
    for note in ordered:
        rid = first_ref.get(note.key)
        file = where.get(rid, parts[-1].file) if rid else parts[-1].file
        note_file[note.key] = file
        where[ids.note(slug, note.number)] = file
        _register(where, note.blocks, file, ref_ids)
    # Notes whose text the source lacks share one statement per document.
    missing_by_file: dict[str, list[int]] = {}
    for node, file in _refs_with_files(parts, ordered, note_file):
        note = note_by_key.get(node.key)
        if note is not None and note.missing and note.number not in missing_by_file.get(file, []):
            missing_by_file.setdefault(file, []).append(note.number)
    for k, part in enumerate(parts, start=1):
        if part.file in missing_by_file:
            where[ids.missing_notes(slug, k)] = part.file
    text = AssembledText(
        entry,
        doc,
        position,
        parts,
        ordered,
        note_by_key,
        ref_ids,
        toc,
        words,
        paragraphs,
        first_refs=first_ref,
        note_files=note_file,
        missing_by_file={f: sorted(ns) for f, ns in missing_by_file.items()},
        anchors=where,
    )
    return text, counter


def _register(where: dict[str, str], blocks: list, file: str, ref_ids: dict[int, str]) -> None:
    """The note references and index marks in ``blocks`` stand in ``file``."""
    for ref in note_refs(blocks):
        if id(ref) in ref_ids:
            where[ref_ids[id(ref)]] = file
    for mark in index_marks(blocks):
        where[mark.id] = file


def _refs_with_files(parts: list[Part], notes: list[Note], note_file: dict[str, str]):
    """Every note reference with the EPUB document it stands in."""
    for file, blocks in [(p.file, p.blocks) for p in parts] + [(note_file[n.key], n.blocks) for n in notes]:
        for node in note_refs(blocks):
            yield node, file


def _toc_title(text: str) -> str:
    # Headings set in capitals in the source read better in a table of contents in title case.
    if text.isupper():
        return " ".join(w.capitalize() if not re.fullmatch(r"[IVXLC]+:?", w) else w for w in text.split())
    return text


def _split_parts(slug: str, entry: TextEntry, doc: Document, words: int) -> list[Part]:
    blocks = doc.blocks
    cuts = [k for k, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 2]
    if words < SPLIT_WORDS or len(cuts) < 2:
        return [Part(ids.text(slug), entry.title, blocks, ids.part_file(slug, 1))]
    starts = [0] + [c for c in cuts if c > 0]
    parts = []
    for n, (a, b) in enumerate(zip(starts, starts[1:] + [len(blocks)]), start=1):
        chunk = blocks[a:b]
        title = next((inline_text(x.inlines) for x in chunk if isinstance(x, Heading)), entry.title)
        parts.append(Part(ids.part(slug, n), title, chunk, ids.part_file(slug, n)))
    return parts
