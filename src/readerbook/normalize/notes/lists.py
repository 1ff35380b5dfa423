"""Notes listed together: under a heading (``FOOTNOTES:``, ``Notes``,
``NOTES:``, ``ENDNOTES``, ``Footnotes`` with a rule under it) at the end of a
chapter or of the text, or — with no heading — as a numbered run closing a
section (``1. The same idea…`` after a paper's signature).  Numbering may
restart with each list.

A labelled run without a heading is notes only if the section before it
cites its labels (``[1]``, ``(1)``, ``word.1``) and it closes the section
(a heading or the end follows): a numbered list inside a section is a list.
"""

from __future__ import annotations

from ..headings import kind_of, weight
from ..thresholds import THRESHOLDS
from .base import (
    BRACKET,
    GLUED,
    NOTES_HEADING,
    PAREN,
    SPACED,
    Convention,
    Fit,
    NoteContext,
    after_label,
    def_label,
    note_def,
)


def _read(unit) -> str:
    """The unit as its reader shows it: an item of a list its source numbers
    by itself (Word's list numbering, an HTML ``<ol>``) has its number only in
    its hint, and is read with the number set before it."""
    hint = unit.hint
    if hint is not None and hint.kind == "item" and hint.label and hint.label[:1].isdecimal():
        if not unit.text.lstrip().startswith(hint.label):
            return f"{hint.label} {unit.text}"
    return unit.text


def _headed(ctx: NoteContext):
    """(heading index, first, end) of each list under a notes heading."""
    units, n = ctx.units, len(ctx.units)
    i = 0
    while i < n:
        if i not in ctx.taken and NOTES_HEADING.match(units[i].text.strip()):
            j = i + 1
            labelled, first = 0, i + 1
            while j < n and j not in ctx.taken:
                t = _read(units[j]).strip()
                if def_label(t, spaced=True):
                    if not labelled:
                        first = j
                    labelled += 1
                elif labelled == 0 and j > i + 1:
                    break
                elif labelled and _heading_like(t):
                    break
                j += 1
            if labelled:
                # A line between the heading and the first note belongs to no
                # note: it stays in the text (it was lost).
                yield i, first, j
                i = j
                continue
        i += 1


def _heading_like(text: str) -> bool:
    words = text.split()
    if not words or len(words) > THRESHOLDS.heading_max_words or text.rstrip().endswith((",", ";", "!", "?", ":")):
        return False
    kind = kind_of(text)
    if kind.kind in ("part", "chapter", "front", "back", "scene", "numbered", "decimal", "roman"):
        return not def_label(text)
    return weight(text) == 2 and 2 <= len(words) <= 10  # a single word in capitals may be a signature


def _runs(ctx: NoteContext):
    """(first, end) of each labelled run starting at 1 that closes a section."""
    units, n = ctx.units, len(ctx.units)
    s = 0
    while s < n:
        parsed = def_label(_read(units[s])) if s not in ctx.taken else None
        if not parsed or parsed[0].rstrip("*") != "1" or parsed[1] == "g":
            s += 1
            continue
        expected, streak, k, labelled = 2, 0, s + 1, 1
        labels = {parsed[0].rstrip("*")}
        while k < n and k not in ctx.taken:
            t = _read(units[k])
            p = def_label(t)
            if p and p[0].rstrip("*").isdecimal() and int(p[0].rstrip("*")) in (expected, expected - 1):
                expected = int(p[0].rstrip("*")) + 1
                labelled += 1
                labels.add(p[0].rstrip("*"))
                streak = 0
            elif _heading_like(t.strip()):
                break
            elif str(expected) in {m.group("v") for m in BRACKET.finditer(t)}:
                streak = THRESHOLDS.note_section_max_run + 1  # it cites the run's next label: body, not a note
                break
            else:
                streak += 1
                if streak > THRESHOLDS.note_section_max_run:
                    break
            k += 1
        end = k
        while end > s and (end - 1) in ctx.taken:
            end -= 1
        closes = k >= n or _heading_like(units[k].text.strip()) or k in ctx.taken
        if labelled >= 1 and closes and streak <= 1 and _cited_before(ctx, s, labels):
            yield s, end
            s = end
            continue
        s += 1


def _cited_before(ctx: NoteContext, s: int, wanted: set[str]) -> bool:
    """Does the text before unit ``s`` (back to the previous list or heading)
    cite most of these labels?"""
    start = s - 1
    while start >= 0 and start not in ctx.taken and not _heading_like(ctx.units[start].text.strip()):
        start -= 1
    body = " ".join(ctx.units[k].text for k in range(start + 1, s) if k not in ctx.taken)
    cited = set()
    for pattern in (BRACKET, PAREN, GLUED, SPACED):
        cited |= {m.group("v") for m in pattern.finditer(body)}
    return len(cited & wanted) >= max(1, 0.5 * len(wanted))


def _lists(ctx: NoteContext):
    found = [(h, a, b) for h, a, b in _headed(ctx)]
    inside = {k for h, a, b in found for k in range(h, b)}
    found += [(None, a, b) for a, b in _runs(ctx) if not inside & set(range(a, b))]
    return sorted(found, key=lambda x: x[1])


def fit(ctx: NoteContext) -> Fit:
    found = _lists(ctx)
    notes = sum(1 for _, a, b in found for k in range(a, b) if def_label(_read(ctx.units[k]), spaced=True))
    headed = sum(1 for h, _, _ in found if h is not None)
    return Fit(min(1.0, notes / 2), f"{notes} notes in {len(found)} lists ({headed} under a notes heading)")


def extract(ctx: NoteContext) -> int:
    state = ctx.state
    found = 0
    for heading, a, b in _lists(ctx):
        if heading is not None:
            ctx.taken.add(heading)
            state.record(
                "removed",
                ctx.units[heading].lines,
                "notes heading (readerbook sets the notes)",
                ctx.units[heading].text,
            )
        current = None
        count = 0
        form = None  # the list's own label form: a label of another form inside a note is the note's text
        for k in range(a, b):
            unit = ctx.units[k]
            read = _read(unit)
            parsed = def_label(read, spaced=heading is not None)
            if parsed and form is not None and parsed[1] != form and current is not None:
                parsed = None
            if parsed and form is None:
                form = parsed[1]
            if parsed:
                label, _, rest = parsed
                cut = max(0, len(unit.text) - len(rest))  # a label read from the hint is no part of the text
                current = note_def(label, [after_label(unit, cut)], unit.text[:cut], "notes-list")
                ctx.add(current)
                count += 1
            elif current is not None:
                current.units.append(unit)
            else:
                continue  # before the first note: no note's, so the text's
            ctx.taken.add(k)
        found += count
        state.record(
            "notes-section",
            tuple(n for k in range(a, b) for n in ctx.units[k].lines),
            f"list of {count} notes" + (" under a notes heading" if heading is not None else " closing its section"),
        )
    return found


CONVENTION = Convention(
    "notes-list",
    ("bracket", "paren", "glued", "spaced", "symbol"),
    fit,
    extract,
    "notes listed at the end of a chapter or of the text",
)
