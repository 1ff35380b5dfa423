"""What the footnote conventions share: the context they work in, note labels,
and the shapes references take in running text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..state import NoteDef, State, Unit

# A unit that opens like a note or a list item, and the label it opens with.
_DEF = re.compile(
    r"^(?P<label>\[(?P<b>\d{1,3}\*?|[A-Za-z](?=\](?![^\W\d_])))\]|\((?P<p>\d{1,3})\)|(?P<n>\d{1,3}\*?)[.)]|(?P<s>[*†‡§¶]{1,3})"
    r"|(?P<g>\d{1,3})(?=[A-Z“\"‘])|(?P<w>\d{1,3})(?=\s+[A-Z“\"‘(]))\s*(?P<rest>\S.*)$",
    re.S,
)


def def_label(text: str, spaced: bool = False) -> tuple[str, str, str] | None:
    """(label, kind, rest) when a unit opens like a note or a list item.

    Kinds: ``b`` [n], ``p`` (n), ``n`` n. or n), ``s`` a symbol, ``g`` a number
    glued to a capital; ``w`` a bare number and a space (``1 The Board…``),
    only where ``spaced`` allows it (page feet and notes lists)."""
    m = _DEF.match(text)
    if not m:
        return None
    for kind in ("b", "p", "n", "s", "g", "w"):
        if m.group(kind):
            if kind == "w" and not spaced:
                return None
            return m.group(kind), kind, m.group("rest")
    return None


# Reference shapes.  ``kind`` orders the evidence: a bracketed number is
# explicit; a number glued to a word, or standing after a sentence, must fit
# the running sequence and have its note.
# "[12]", "[[12]]", "[12a]", "[12*]", and a web copy's spaced "[ 12 ]".
BRACKET = re.compile(r"\s?\[\[?(?P<pad> ?)(?P<v>\d{1,3}|[A-Za-z])(?P<sub>(?<=\d)[a-z]?)(?P<star>\*?)(?P=pad)\]\]?")
PAREN = re.compile(r"(?<![)\d])\s?\((?P<v>\d{1,3})\)")  # not "12(b)(6)": a statute's subsections
GLUED = re.compile(r"(?<=[^\W\d_]|[.,;:!?”’\"')\]])(?<![\s(\[])(?P<v>\d{1,3})(?=[\s”’\"),;:.\]]|$)")
SPACED = re.compile(r"(?<=[.,;:!?”’\"')\]]) (?P<v>\d{1,3})(?= [A-Z“\"‘(]|$)")
SYMBOL = re.compile(r"(?<=\S)(?P<v>\*{1,3}|†{1,2}|‡{1,2})(?=[\s,.;:)”’\"]|$)")
NOTES_HEADING = re.compile(
    r"^(?:notes?|end\s?notes|foot\s?notes|references|anmerkungen|fußnoten|remarques|notas|note)\s*[.:]?$", re.I
)


@dataclass
class Candidate:
    """A place in the text that may be a note reference."""

    unit: Unit
    start: int
    end: int
    label: str
    value: int | None  # the number, for numbered labels
    kind: str  # bracket | paren | glued | spaced | symbol | superscript | link
    in_note: bool = False
    target: str = ""  # a linked reference: the id of the note it points at
    series: int = 0  # which run of numbers it belongs to (numbering may restart)
    form: str = ""  # how it is written beyond its kind (a bracket's inner padding)


@dataclass
class Fit:
    score: float  # 0 … 1
    evidence: str


@dataclass
class NoteContext:
    """The text's units as the conventions see them, and what they found."""

    state: State
    units: list[Unit]
    taken: set[int] = field(default_factory=set)  # indexes of units that became notes
    defs: list[NoteDef] = field(default_factory=list)
    markers: set[str] = field(default_factory=set)  # reference kinds the found notes are cited by
    direct: list[tuple[Unit, int, int, str, NoteDef]] = field(default_factory=list)  # references made by a convention
    spaced_labels: bool = False

    def free(self) -> list[int]:
        return [k for k in range(len(self.units)) if k not in self.taken]

    def add(self, d: NoteDef) -> None:
        self.defs.append(d)


def position(unit: Unit, offset: int = 0) -> tuple[int, int]:
    """Where a place stands in reading order: (source line, offset in it)."""
    return (unit.line_at(offset), offset)


@dataclass(frozen=True)
class Convention:
    """A footnote convention: how well it fits a text, and how to take its notes."""

    name: str
    markers: tuple[str, ...]  # the reference shapes its notes are cited by
    fit: Callable[[NoteContext], Fit]
    extract: Callable[[NoteContext], int]  # returns how many notes it took
    description: str = ""


def note_def(label: str, units: list[Unit], marker: str, convention: str) -> NoteDef:
    d = NoteDef(label, label, units, 0, marker)
    d.convention = convention  # type: ignore[attr-defined]
    return d


def strip_label(unit: Unit, rest: str) -> tuple[Unit, str]:
    """The unit without its opening label, and the label as written."""
    cut = len(unit.text) - len(rest)
    return after_label(unit, cut), unit.text[:cut]


def after_label(unit: Unit, cut: int) -> Unit:
    """``unit.sub(cut)``, still citing the label's line when the label stood
    on a line of its own ("[1]" above the note's text): the note holds that
    line, or the nothing-lost audit finds it in no output."""
    rest = unit.sub(cut)
    label_line = unit.line_at(0)
    if label_line not in rest.lines:
        rest.spans.insert(0, (0, label_line))  # a line that gives the text no characters
    return rest
