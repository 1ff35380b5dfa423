"""``[Footnote 1: …]`` blocks (Project Gutenberg's convention), wherever they
stand, over several paragraphs, and with a closing bracket the source lost."""

from __future__ import annotations

import re

from .base import Convention, Fit, NoteContext, after_label, note_def

OPEN = re.compile(r"^\[(?:Foot)?note\s+(?P<l>[\w*†‡]+)\s*[:.]\s*", re.I)
MAX_UNITS = 8  # a note's paragraphs; past this without a closing bracket, the bracket was lost


def fit(ctx: NoteContext) -> Fit:
    n = sum(1 for u in ctx.units if OPEN.match(u.text))
    return Fit(min(1.0, n / 2), f"{n} [Footnote n: …] blocks")


def extract(ctx: NoteContext) -> int:
    units, state = ctx.units, ctx.state
    found = 0
    i = 0
    while i < len(units):
        m = OPEN.match(units[i].text) if i not in ctx.taken else None
        if not m:
            i += 1
            continue
        j = i
        closed = False
        while j < len(units) and j - i < MAX_UNITS:
            if j > i and OPEN.match(units[j].text):
                break
            if _closes(units[j].text, opening=(j == i)):
                closed = True
                break
            j += 1
        if not closed:
            j = i  # the closing bracket is missing: the note is its first paragraph
            state.diagnostics.warning(
                "RB406",
                f"[Footnote {m.group('l')}: …] has no closing bracket; its first paragraph is taken as the note",
                path=state.shown,
                line=units[i].first_line,
            )
        parts = [units[k] for k in range(i, j + 1)]
        pieces = [after_label(parts[0], m.end()), *parts[1:]]
        if closed:
            pieces[-1] = pieces[-1].sub(0, len(pieces[-1].text.rstrip()) - 1)
        ctx.add(note_def(m.group("l"), pieces, m.group(0), "footnote-blocks"))
        ctx.taken.update(range(i, j + 1))
        state.record(
            "note", tuple(n for u in parts for n in u.lines), f"[Footnote {m.group('l')}: …] block taken as a note"
        )
        found += 1
        i = j + 1
    return found


def _closes(text: str, opening: bool) -> bool:
    """Does this paragraph end the block: a final bracket that closes more than it opens."""
    t = text.rstrip()
    if not t.endswith("]"):
        return False
    depth = t.count("[") - t.count("]")
    return depth <= 0 if opening else depth < 0


CONVENTION = Convention(
    "footnote-blocks", ("bracket", "symbol"), fit, extract, "[Footnote n: …] blocks after the citing paragraph"
)
