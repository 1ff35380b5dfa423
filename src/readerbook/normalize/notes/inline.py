"""Notes set inline, in parentheses, numbered: ``… the hand (1. Professor
Turner's observations. …) is …`` — each becomes a note, cited where it stood.
The numbering restarts per chapter, and is what tells these from ordinary
parentheses."""

from __future__ import annotations

import re

from .base import Convention, Fit, NoteContext, note_def

OPEN = re.compile(r"\((?P<n>\d{1,3})\.\s+(?=\S)")
MIN_WORDS = 2


def _matches(ctx: NoteContext):
    """(unit index, start, end of the note text, closing paren, number) in reading order."""
    for k in ctx.free():
        text = ctx.units[k].text
        for m in OPEN.finditer(text):
            close = _closing(text, m.start())
            if close is None:
                continue
            body = text[m.end() : close]
            if len(body.split()) < MIN_WORDS:
                continue
            yield k, m.start(), m.end(), close, int(m.group("n"))


def _closing(text: str, at: int) -> int | None:
    depth = 0
    for i in range(at, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return None


def _in_sequence(ctx: NoteContext):
    expected = 1
    for match in _matches(ctx):
        n = match[4]
        if n == expected or n == 1 or expected < n <= expected + 1:
            expected = n + 1
            yield match


def fit(ctx: NoteContext) -> Fit:
    found = list(_in_sequence(ctx))
    return Fit(min(1.0, len(found) / 3), f"{len(found)} numbered notes in parentheses, in sequence")


def extract(ctx: NoteContext) -> int:
    found = list(_in_sequence(ctx))
    by_unit: dict[int, list] = {}
    for match in found:
        by_unit.setdefault(match[0], []).append(match)
    for k, matches in by_unit.items():
        unit = ctx.units[k]
        cuts: list[tuple[int, int]] = []
        made = []
        for _, start, body_start, close, n in matches:
            note_unit = unit.sub(body_start, close)
            d = note_def(str(n), [note_unit], "", "inline-parenthetical")
            ctx.add(d)
            label_at, label_end = start + 1, start + 1 + len(str(n))
            made.append((label_at, label_end, str(n), d))
            # The brackets and the note's text go (and the space before them:
            # the mark follows the word); the number stays as the reference.
            lead = start - 1 if start > 0 and unit.text[start - 1] == " " else start
            cuts += [(lead, start + 1), (label_end, close + 1)]
            ctx.state.record("note", note_unit.lines, f"note {n}, set inline in parentheses, taken as a note", "")
        moved = unit.delete(cuts)
        for s, e, label, d in made:
            ctx.direct.append((unit, moved(s), moved(e), label, d))
    return len(found)


CONVENTION = Convention(
    "inline-parenthetical", (), fit, extract, "numbered notes set in parentheses inside the sentence: (1. …)"
)
