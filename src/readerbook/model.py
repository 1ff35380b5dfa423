"""The typed document model that flows from normalization to the renderers.

Blocks and inlines carry the source lines they came from, so diagnostics,
the review page and the nothing-lost audit can point at the original file.
"""

from __future__ import annotations

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
    """Words that the index points at."""

    term_id: str
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
