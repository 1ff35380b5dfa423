"""What the normalization passes share: units of text with their source lines."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostics
from ..ir import Hint, Layout, Line, Style
from ..manifest import Emendation
from ..model import Block, Change, Note, TextMeta


@dataclass(frozen=True)
class TextOptions:
    """The per-text settings normalization honours (a subset of book.yaml)."""

    layout: str = "auto"
    emendations: tuple[Emendation, ...] = ()
    missing_notes: str = "keep"
    block_quotes: tuple[str, ...] = ()
    not_block_quotes: tuple[str, ...] = ()
    manifest_path: str = "book.yaml"
    language: str | None = None  # None: detected
    book_language: str = "en"  # the book's, for texts too short to tell
    encoding: str | None = None  # None: detected
    pages: tuple[int, int] | None = None  # a PDF excerpt: first and last page, 1-based
    start: str | None = None  # an excerpt: from this heading or these opening words…
    end: str | None = None  # …up to (not including) this one


@dataclass
class Unit:
    """A candidate block: text joined from one or more source lines.

    ``spans`` maps offsets in ``text`` to source line numbers, so a position
    anywhere in a joined paragraph still names its original line.
    """

    text: str
    spans: list[tuple[int, int]]  # (offset in text, source line number), ascending
    gap_before: int = 0  # blank source lines before this unit
    indent: int = 0  # leading spaces of its first source line
    width: int = 0  # longest source line except the last (wrapped text)
    nlines: int = 1
    page_break_before: bool = False
    # Note references found in ``text``: (start, end, source label, note key).
    refs: list[tuple[int, int, str, str]] = field(default_factory=list)
    styles: list[Style] = field(default_factory=list)  # offsets in ``text``
    hint: Hint | None = None  # the first line's, from a structured source
    layout: Layout | None = None  # the first line's, from a PDF
    rest_indent: int | None = None  # the least indentation of its lines after the first
    role: str = ""  # verse | verbatim: lines kept as lines (see lineblocks.py)
    line_indents: list[int] = field(default_factory=list)  # a kept line block: each line's indentation

    @classmethod
    def from_line(cls, line: Line, gap_before: int = 0, page_break_before: bool = False) -> Unit:
        stripped = line.text.strip()
        indent = len(line.text) - len(line.text.lstrip(" "))
        styles = [s.shifted(-indent) for s in line.styles if s.end >= indent and s.start <= indent + len(stripped)]
        styles = [Style(max(s.start, 0), min(s.end, len(stripped)), s.kind, s.value) for s in styles]
        return cls(
            stripped, [(0, line.no)], gap_before, indent, 0, 1, page_break_before, [], styles, line.hint, line.layout
        )

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(sorted({no for _, no in self.spans}))

    @property
    def first_line(self) -> int:
        return self.spans[0][1]

    def line_at(self, offset: int) -> int:
        i = bisect.bisect_right([o for o, _ in self.spans], offset) - 1
        return self.spans[max(i, 0)][1]

    def append(self, other: Unit, sep: str) -> None:
        base = len(self.text) + len(sep)
        self.text += sep + other.text
        self.spans.extend((base + o, no) for o, no in other.spans)
        self.refs.extend((base + s, base + e, lab, key) for s, e, lab, key in other.refs)
        self.styles.extend(s.shifted(base) for s in other.styles)
        self.nlines += other.nlines

    def sub(self, start: int, end: int | None = None) -> Unit:
        """A unit for text[start:end], its spans, references and styles shifted accordingly."""
        end = len(self.text) if end is None else end
        first = self.line_at(start)
        rest = [(o - start, no) for o, no in self.spans if start < o < end]
        unit = Unit(self.text[start:end], [(0, first)] + rest, 0, self.indent, self.width, self.nlines)
        unit.refs = [(s - start, e - start, lab, key) for s, e, lab, key in self.refs if start <= s and e <= end]
        unit.styles = [
            Style(max(s.start, start) - start, min(s.end, end) - start, s.kind, s.value)
            for s in self.styles
            if s.start < end and s.end > start or s.start == s.end and start <= s.start <= end
        ]
        unit.hint, unit.layout = self.hint, self.layout
        return unit

    def delete(self, ranges: list[tuple[int, int]]):
        """Remove ``text[a:b]`` for each range, shifting spans, references and
        styles; returns the function that maps an old offset to its new one."""
        ranges = sorted(ranges)

        def moved(pos: int) -> int:
            shift = 0
            for a, b in ranges:
                if b <= pos:
                    shift += b - a
                elif a < pos:
                    shift += pos - a
            return pos - shift

        text, last = [], 0
        for a, b in ranges:
            text.append(self.text[last:a])
            last = b
        text.append(self.text[last:])
        self.text = "".join(text)
        spans: dict[int, int] = {}
        for o, no in self.spans:
            spans.setdefault(moved(o), no)
        self.spans = sorted(spans.items()) or [(0, self.first_line)]
        self.refs = [(moved(s), moved(e), lab, key) for s, e, lab, key in self.refs if moved(e) > moved(s)]
        self.styles = [
            Style(moved(s.start), moved(s.end), s.kind, s.value)
            for s in self.styles
            if moved(s.end) > moved(s.start) or s.start == s.end
        ]
        return moved

    def styled(self, kind: str) -> list[Style]:
        return [s for s in self.styles if s.kind == kind]

    def words(self) -> int:
        return len(self.text.split())

    def line_ranges(self) -> list[tuple[int, int]]:
        """(start, end) of each line of the text, newlines left out."""
        out, start = [], 0
        for k, ch in enumerate(self.text):
            if ch == "\n":
                out.append((start, k))
                start = k + 1
        out.append((start, len(self.text)))
        return out


@dataclass
class NoteDef:
    """A note's text as found in the source, before it is parsed into blocks."""

    key: str
    label: str
    units: list[Unit]
    segment: int = 0  # which stretch of the text its numbering applies to
    marker: str = ""  # the label as written (``12.``, ``[3]``, ``[Footnote 4:``)
    convention: str = ""  # the footnote convention that found it
    anchor: str = ""  # a linked note: the id references point at


@dataclass
class State:
    """Everything a pass may read or change; passes run in the order of PASSES."""

    path: Path
    shown: str
    options: TextOptions
    lexicon: object
    diagnostics: Diagnostics
    lines: list[Line]
    source_lines: list[Line] = field(default_factory=list)  # after emendations, before anything else
    layout: str = "auto"
    body_width: int = 0
    base_indent: int = 0  # the indentation most lines of the text have
    paragraph_indent: int | None = None  # the first-line indent of its paragraphs, if it uses one
    page_starts: set[int] = field(default_factory=set)  # lines that begin a new page
    removed: set[int] = field(default_factory=set)  # lines removed as furniture or debris
    line_roles: dict[int, tuple[str, int]] = field(default_factory=dict)  # line -> (verse|verbatim, group)
    units: list[Unit] = field(default_factory=list)
    foot_units: list[Unit] = field(default_factory=list)  # page-bottom note blocks
    meta: TextMeta = field(default_factory=TextMeta)
    meta_units: list[tuple[str, Unit]] = field(default_factory=list)
    # Note definitions found in the text: (key, source label, units of its text),
    # and for each, the index in ``units`` before which its section stood.
    note_defs: list[NoteDef] = field(default_factory=list)
    language: str = "en"
    format: str = "text"  # the reader that read the source
    source_meta: dict = field(default_factory=dict)  # what the file says of the work (HTML title, PDF info)
    convention: str = ""  # the footnote convention that fitted best
    source: object = None  # the SourceText being normalized
    heading_levels: dict[int, int] = field(default_factory=dict)  # structured sources: heading -> its h-level
    excerpt: bool = False  # book.yaml asked for part of the text (from/to)
    underlined: dict[int, str] = field(default_factory=dict)  # line -> the character of the rule under it
    running_title: str | None = None  # the work's name as its running head gives it (a title of last resort)
    preamble_meta: dict[str, str] = field(default_factory=dict)  # title and author a document's own fields state
    layout_quotes: set[int] = field(default_factory=set)  # structured sources: units quoted only for layout
    # An article's abstract and keywords (their first lines): the author's paragraphs, set
    # in and smaller by the journal's design, not a quotation
    opening_paragraphs: set[int] = field(default_factory=set)
    opening_heads: set[int] = field(default_factory=set)  # …and the abstract's heading ("Abstract", run in or not)
    supplied_heads: set[int] = field(default_factory=set)  # …where the source sets the abstract apart without one
    blocks: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    current_pass: str = ""

    def record(self, kind: str, lines, detail: str, text: str = "") -> None:
        if isinstance(lines, int):
            lines = (lines,)
        if kind in ("removed", "moved"):
            self.removed.update(lines)
        self.changes.append(Change(self.current_pass, kind, tuple(lines), detail, text))
