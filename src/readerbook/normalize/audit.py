"""The nothing-lost audit: every word of the source is in the output, or in a
recorded removal.

Each output piece (the metadata lines, each top-level block, each note) names
the source lines it came from.  The audit checks that

1. every non-blank source line belongs to exactly one piece or was removed
   with a recorded reason, and
2. each piece holds the same letters and digits, in the same order, as its
   source lines (typography, joins and re-hyphenation change only punctuation
   and spacing; note and list labels are counted where they stood).

It compares against the source after the recorded emendations.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..model import (
    BlockQuote,
    Document,
    Epigraph,
    FigurePlaceholder,
    Heading,
    Letter,
    ListBlock,
    Note,
    Paragraph,
    SectionBreak,
    inline_text,
)
from ..source import Line


@dataclass(frozen=True)
class AuditProblem:
    lines: tuple[int, ...]
    message: str


_NOT_ALNUM = re.compile(r"[\W_]+")


def alnum(text: str) -> str:
    """Letters and digits only, case-folded: what the audit compares."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def _block_text(block) -> str:
    if isinstance(block, Paragraph):
        return inline_text(block.inlines, refs=True)
    if isinstance(block, Heading):
        return (block.label or "") + " " + inline_text(block.inlines, refs=True)
    if isinstance(block, (BlockQuote, Epigraph)):
        inner = " ".join(_block_text(b) for b in block.blocks)
        return inner + " " + inline_text(block.attribution or [], refs=True)
    if isinstance(block, Letter):
        return " ".join(_block_text(b) for b in block.blocks)
    if isinstance(block, ListBlock):
        labels = block.labels or [""] * len(block.items)
        return " ".join(lab + " " + " ".join(_block_text(b) for b in item) for lab, item in zip(labels, block.items))
    if isinstance(block, FigurePlaceholder):
        return inline_text(block.caption, refs=True)
    if isinstance(block, SectionBreak):
        return ""
    raise TypeError(type(block).__name__)


def _note_text(note: Note) -> str:
    return note.marker + " " + " ".join(_block_text(b) for b in note.blocks)


def audit(lines: list[Line], doc: Document) -> list[AuditProblem]:
    """Check ``doc`` against the source ``lines`` (after emendations)."""
    by_no = {line.no: line.text for line in lines}
    removed = {no for c in doc.changes if c.kind == "removed" for no in c.lines}
    dropped = [c for c in doc.changes if c.kind in ("dropped-marker", "removed-text")]
    pieces: list[tuple[tuple[int, ...], str, str]] = []
    front = sorted((c.lines, c.text) for c in doc.changes if c.kind == "front-matter")
    if front:
        pieces.append((tuple(n for lines_, _ in front for n in lines_), " ".join(t for _, t in front), "front matter"))
    for block in doc.blocks:
        pieces.append((tuple(block.lines), _block_text(block), type(block).__name__))
    for note in doc.notes:
        if not note.missing:
            pieces.append((tuple(note.lines), _note_text(note), f"note {note.label}"))

    problems: list[AuditProblem] = []
    owner: dict[int, str] = {}
    for lines_, text, what in pieces:
        for no in lines_:
            if no in owner:
                problems.append(AuditProblem((no,), f"line is in two places: {owner[no]} and {what}"))
            owner[no] = what
        source = alnum(" ".join(by_no.get(no, "") for no in lines_))
        out = alnum(text)
        for c in dropped:
            if set(c.lines) & set(lines_):
                source = source.replace(alnum(c.text), "", 1) if alnum(c.text) in source else source
        if source != out:
            problems.append(
                AuditProblem(tuple(lines_), f"{what} does not match its source lines: {_diff(source, out)}")
            )
    for line in lines:
        if line.text.strip() and alnum(line.text) and line.no not in owner and line.no not in removed:
            problems.append(
                AuditProblem(
                    (line.no,), f"source line is in no output and no recorded removal: {line.text.strip()[:60]!r}"
                )
            )
    return problems


def _diff(a: str, b: str) -> str:
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return f"source …{a[max(0, i - 20) : i + 20]}… vs output …{b[max(0, i - 20) : i + 20]}…"
