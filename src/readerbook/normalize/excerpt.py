"""Excerpts: a course reader prints part of a book.  book.yaml's ``from:``
names the heading or the opening words where the excerpt starts, ``to:``
where the next part starts (not included); ``pages:`` for a PDF is applied
by the reader.  Everything outside is removed and recorded; the notes the
excerpt cites come with it, the others are left out and counted (in the
note-linking pass)."""

from __future__ import annotations

import re
import unicodedata

from ..diagnostics import Diagnostic, ReaderbookError, Severity
from .state import State


def _fold(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", text).strip().casefold()


def cut_excerpt(state: State) -> None:
    start, end = state.options.start, state.options.end
    if not start and not end:
        return
    units = state.units
    first, last = 0, len(units)
    if start:
        first = _find(units, start, 0)
        if first is None:
            _fail(state, "from", start)
    if end:
        found = _find(units, end, first + 1)
        if found is None:
            _fail(state, "to", end)
        last = found
    cut = [u for k, u in enumerate(units) if k < first or k >= last]
    for unit in cut:
        state.record("removed", unit.lines, "outside the excerpt (from/to in book.yaml)", unit.text[:80])
    state.units = units[first:last]
    state.excerpt = True
    what = " ".join(x for x in (f"from “{start}”" if start else "", f"to “{end}”" if end else "") if x)
    state.record("excerpt", (), f"excerpt {what}: {len(state.units)} of {len(units)} paragraphs kept")


def _find(units, target: str, after: int) -> int | None:
    want = _fold(target)
    for k in range(after, len(units)):
        if _fold(units[k].text).startswith(want):
            return k
    return None


def _fail(state: State, key: str, value: str) -> None:
    raise ReaderbookError(
        [
            Diagnostic(
                "RB308",
                Severity.ERROR,
                f"excerpt '{key}: {value}' for {state.shown} matches no heading or paragraph opening",
                state.options.manifest_path,
                hint="give the heading or the first words of a paragraph as the text has them",
            )
        ]
    )
