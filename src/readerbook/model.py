"""The typed document model that flows from normalization to the renderers.

Blocks and inlines carry the source lines they came from, so diagnostics,
the review page and the nothing-lost audit can point at the original file.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------- inlines


@dataclass
class Str:
    text: str


@dataclass
class Emph:
    children: list[Inline]


@dataclass
class Strong:
    children: list[Inline]


@dataclass
class LineBreak:
    pass


@dataclass
class NoteRef:
    """A reference to a note; ``key`` is the note's key within its text.

    ``label`` is the marker as the source wrote it (``12``, ``1*``, ``†``), kept
    for the report and the audit; the printed number is assigned in assembly.
    """

    key: str
    label: str
    line: int | None = None


@dataclass
class IndexMark:
    """Words that the index points at: ``id`` is the anchor the index links to,
    ``entry`` the vocabulary entry (or subentry) they are an occurrence of."""

    id: str
    entry: str
    children: list[Inline]


Inline = Str | Emph | Strong | LineBreak | NoteRef | IndexMark

# ---------------------------------------------------------------- blocks


@dataclass
class Paragraph:
    inlines: list[Inline]
    lines: tuple[int, ...] = ()
    number: int | None = None  # paragraph number within its text (assembly)
    kind: str = "body"  # body | salutation | signature | dateline | attribution | speech | direction
    speaker: list[Inline] | None = None  # a play's speech: who speaks (kind "speech")


@dataclass
class Heading:
    level: int
    inlines: list[Inline]
    label: str | None = None  # e.g. "Chapter I" kept apart from the title
    lines: tuple[int, ...] = ()
    number: int | None = None  # heading number within its text (assembly)


@dataclass
class BlockQuote:
    blocks: list[Block]
    attribution: list[Inline] | None = None
    lines: tuple[int, ...] = ()
    number: int | None = None


@dataclass
class Epigraph:
    blocks: list[Block]
    attribution: list[Inline] | None = None
    lines: tuple[int, ...] = ()


@dataclass
class ListBlock:
    ordered: bool
    items: list[list[Block]]
    start: int = 1
    labels: list[str] | None = None  # the source's own labels, kept when irregular; a definition list's terms
    lines: tuple[int, ...] = ()
    number: int | None = None
    style: str = ""  # "definitions": each item defines the term in ``labels``


@dataclass
class Letter:
    """A letter quoted in full: salutation, body, closing (signature, date)."""

    blocks: list[Block]
    lines: tuple[int, ...] = ()
    number: int | None = None


@dataclass
class FigurePlaceholder:
    """A figure the source refers to but does not contain."""

    caption: list[Inline]
    lines: tuple[int, ...] = ()


@dataclass
class SectionBreak:
    lines: tuple[int, ...] = ()


@dataclass
class Verse:
    """Lines of verse: each line kept as a line, stanzas kept apart.

    ``indents`` holds each line's indentation in steps (0 = flush), as the
    source set it; it may be empty when all lines are flush.
    """

    stanzas: list[list[list[Inline]]]  # stanzas -> lines -> inlines
    lines: tuple[int, ...] = ()
    indents: list[list[int]] = field(default_factory=list)
    number: int | None = None


@dataclass
class Preformatted:
    """Text kept verbatim, line for line (a plain-text table, a grammar, code)."""

    text: str
    lines: tuple[int, ...] = ()
    number: int | None = None


@dataclass
class Table:
    """A table the source marks up as one (HTML, DOCX): rows of cells."""

    rows: list[list[list[Inline]]]  # rows -> cells -> inlines
    header_rows: int = 0
    lines: tuple[int, ...] = ()
    number: int | None = None


Block = (
    Paragraph
    | Heading
    | BlockQuote
    | Epigraph
    | ListBlock
    | Letter
    | FigurePlaceholder
    | SectionBreak
    | Verse
    | Preformatted
    | Table
)


@dataclass
class Note:
    key: str
    label: str  # as in the source
    blocks: list[Block]
    lines: tuple[int, ...] = ()
    marker: str = ""  # the source's own marker before the note text (audit and review)
    missing: bool = False  # the source cites it but does not include its text
    orphan: bool = False  # the source includes it but never cites it
    number: int | None = None  # assigned in assembly


@dataclass
class TextMeta:
    title: str | None = None
    subtitle: str | None = None
    author: str | None = None
    lines: tuple[int, ...] = ()
    rights: str | None = None  # the terms the source's own metadata states (an EPUB's dc:rights)


@dataclass
class Change:
    """One thing a normalization pass did, with the source lines it touched."""

    pass_name: str
    kind: str  # e.g. removed, joined-hyphen, kept-hyphen, page-join, heading, emendation
    lines: tuple[int, ...]
    detail: str
    text: str = ""


@dataclass(repr=False)
class Document:
    """One normalized text: what the normalizer hands to assembly."""

    source: Path
    shown: str
    layout: str
    meta: TextMeta
    blocks: list[Block]
    notes: list[Note]
    changes: list[Change] = field(default_factory=list)
    encoding: str = "utf-8"
    source_lines: list = field(default_factory=list)  # the source after emendations, for audit and review
    language: str = "en"  # BCP 47 code: detected, or set in book.yaml


def _document_repr(self) -> str:
    return f"<Document {self.shown}: {len(self.blocks)} blocks, {len(self.notes)} notes>"


Document.__repr__ = _document_repr


def inline_text(inlines: list[Inline], *, refs: bool = False) -> str:
    """Plain text of inline content (note markers included only on request)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Str):
            out.append(node.text)
        elif isinstance(node, (Emph, Strong, IndexMark)):
            out.append(inline_text(node.children, refs=refs))
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, NoteRef) and refs:
            out.append(node.label)
    return "".join(out)


def iter_blocks(blocks: list[Block]):
    """Every block, depth first, containers before their content."""
    for block in blocks:
        yield block
        if isinstance(block, (BlockQuote, Epigraph, Letter)):
            yield from iter_blocks(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_blocks(item)


def numbered_units(blocks: list[Block]):
    """The blocks that carry paragraph numbers: top-level paragraphs, quotations
    and lists, and each paragraph of a letter (a letter is read as prose)."""
    for block in blocks:
        if isinstance(block, Letter):
            yield from (p for p in block.blocks if isinstance(p, Paragraph))
        elif isinstance(block, (Paragraph, BlockQuote, ListBlock, Verse, Preformatted, Table)):
            yield block


def inline_nodes(blocks: list[Block], kind: type):
    """Every inline of ``kind`` in ``blocks``, in reading order, inside
    emphasis and index marks too."""
    for block in iter_blocks(blocks):
        for seq in block_inlines(block):
            yield from _nodes_in(seq, kind)


def _nodes_in(seq: list[Inline], kind: type):
    for node in seq:
        if isinstance(node, kind):
            yield node
        if isinstance(node, (Emph, Strong, IndexMark)):
            yield from _nodes_in(node.children, kind)


def block_inlines(block: Block) -> list[list[Inline]]:
    """The inline sequences held directly by a block."""
    if isinstance(block, Paragraph):
        return [block.speaker, block.inlines] if block.speaker else [block.inlines]
    if isinstance(block, Heading):
        return [block.inlines]
    if isinstance(block, Verse):
        return [line for stanza in block.stanzas for line in stanza]
    if isinstance(block, Table):
        return [cell for row in block.rows for cell in row]
    if isinstance(block, FigurePlaceholder):
        return [block.caption]
    if isinstance(block, (BlockQuote, Epigraph)) and block.attribution:
        return [block.attribution]
    return []


def map_inlines(blocks: list[Block], change) -> list[Block]:
    """The blocks with ``change`` applied to every inline sequence they hold,
    as new values: a block whose sequences ``change`` returns unchanged (the
    same list) is kept as it is, so the blocks given are never altered."""

    def seq(inlines):
        return change(inlines) if inlines is not None else None

    def one(block: Block) -> Block:
        if isinstance(block, Paragraph):
            new = dataclasses.replace(block, speaker=seq(block.speaker), inlines=seq(block.inlines))
            return block if new.speaker is block.speaker and new.inlines is block.inlines else new
        if isinstance(block, Heading):
            inlines = seq(block.inlines)
            return block if inlines is block.inlines else dataclasses.replace(block, inlines=inlines)
        if isinstance(block, (BlockQuote, Epigraph)):
            attribution = seq(block.attribution)  # read before the blocks, as iter_blocks does
            inner = many(block.blocks)
            if inner is block.blocks and attribution is block.attribution:
                return block
            return dataclasses.replace(block, blocks=inner, attribution=attribution)
        if isinstance(block, Letter):
            inner = many(block.blocks)
            return block if inner is block.blocks else dataclasses.replace(block, blocks=inner)
        if isinstance(block, ListBlock):
            items = [many(item) for item in block.items]
            if all(new is old for new, old in zip(items, block.items)):
                return block
            return dataclasses.replace(block, items=items)
        if isinstance(block, Verse):
            stanzas = [[seq(line) for line in stanza] for stanza in block.stanzas]
            if all(n is o for new, old in zip(stanzas, block.stanzas) for n, o in zip(new, old)):
                return block
            return dataclasses.replace(block, stanzas=stanzas)
        if isinstance(block, Table):
            rows = [[seq(cell) for cell in row] for row in block.rows]
            if all(n is o for new, old in zip(rows, block.rows) for n, o in zip(new, old)):
                return block
            return dataclasses.replace(block, rows=rows)
        if isinstance(block, FigurePlaceholder):
            caption = seq(block.caption)
            return block if caption is block.caption else dataclasses.replace(block, caption=caption)
        return block

    def many(items: list[Block]) -> list[Block]:
        new = [one(b) for b in items]
        return items if all(n is o for n, o in zip(new, items)) else new

    return many(blocks)
