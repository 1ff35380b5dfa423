"""Which marks in the text are note references, and which note each cites.

Candidates are the shapes the found notes are cited by (``[12]``, ``(3)``,
``word.4``, ``*``…).  A numbered candidate is a reference when it fits the
running sequence — real references run 1, 2, 3… in reading order, restarting
where a new series of notes starts — which is what tells them from years,
quantities and list labels; a number glued to a word, or standing bare after
a sentence, must also have its note.  A symbol is a reference when a note
with that symbol follows.

Each reference cites the nearest note with its label that follows it in the
text (a note list closes its chapter, a page's notes stand at its foot, a
note under its paragraph follows it); failing that, the nearest before it.
"""

from __future__ import annotations

import bisect
import re

from ...ir import SUPERSCRIPT
from ..pdflayout import NOTE_LABEL
from ..state import NoteDef, State, Unit
from ..thresholds import THRESHOLDS
from .base import BRACKET, GLUED, PAREN, SPACED, SYMBOL, Candidate, NoteContext


def find_references(ctx: NoteContext, body: list[Unit]) -> None:
    state = ctx.state
    defs = [d for d in ctx.defs if d.label]
    by_label: dict[str, list[tuple[tuple[int, int], NoteDef]]] = {}
    for d in defs:
        by_label.setdefault(d.label, []).append((_def_position(d), d))
    for entries in by_label.values():
        entries.sort(key=lambda e: e[0])

    note_units = [u for d in ctx.defs for u in d.units]
    direct = {(id(u), s) for u, s, _, _, _ in ctx.direct}
    cands = list(_candidates(ctx, body, False)) + list(_candidates(ctx, note_units, True))
    cands = [c for c in cands if (id(c.unit), c.start) not in direct]
    accepted = _accept(state, cands, by_label, ctx)

    for c in accepted:
        d = _cited_note(by_label.get(c.label, []), (c.unit.line_at(c.start), c.start))
        key = _key(d) if d is not None else f"missing:{c.series}:{c.label}"
        c.unit.refs.append((c.start, c.end, c.label, key))
    for unit, s, e, label, d in ctx.direct:
        unit.refs.append((s, e, label, _key(d)))
    for d in ctx.defs:
        d.key = _key(d)
    _report_gaps(state, accepted)


def _key(d: NoteDef) -> str:
    first = d.units[0] if d.units else None
    return f"{d.convention}:{first.first_line if first else 0}:{d.label}"


def _def_position(d: NoteDef) -> tuple[int, int]:
    """Where a note stood in the source: its first line (page-foot notes and
    notes in a list keep the lines they came from)."""
    return (d.units[0].first_line, 0) if d.units else (0, 0)


def _cited_note(entries, at: tuple[int, int]) -> NoteDef | None:
    if not entries:
        return None
    positions = [p for p, _ in entries]
    i = bisect.bisect_right(positions, at)
    if i < len(entries):
        return entries[i][1]
    return entries[-1][1]


def _candidates(ctx: NoteContext, units: list[Unit], in_note: bool):
    markers = ctx.markers
    for unit in units:
        text = unit.text
        if not markers and ctx.state.layout == "structured":
            continue
        if "superscript" in markers:  # a PDF's raised labels (before the shapes that read digits alone)
            for s in unit.styles:
                raised = text[s.start : s.end]
                if s.kind == SUPERSCRIPT and NOTE_LABEL.match(raised.strip()):
                    a = s.start + len(raised) - len(raised.lstrip())
                    label = raised.strip()
                    value = int(label) if label.isdecimal() else None
                    yield Candidate(unit, a, a + len(label), label, value, "superscript", in_note)
        for m in BRACKET.finditer(text):
            if m.start() == 0 and not in_note:
                continue
            v = m.group("v")
            label = v + m.group("sub") + m.group("star")
            value = int(v) if v.isdecimal() else None
            yield Candidate(unit, m.start(), m.end(), label, value, "bracket", in_note, form=m.group("pad"))
        if "paren" in markers:
            for m in PAREN.finditer(text):
                if m.start() > 0:
                    yield Candidate(unit, m.start(), m.end(), m.group("v"), int(m.group("v")), "paren", in_note)
        if "symbol" in markers:
            for m in SYMBOL.finditer(text):
                yield Candidate(unit, m.start(), m.end(), m.group("v"), None, "symbol", in_note)
        if not in_note and "glued" in markers:
            for m in GLUED.finditer(text):
                if m.group("v").startswith("0") or _CODE.search(text, max(0, m.start() - 8), m.start()):
                    continue  # "3.04", "(CA5 2011)": decimals and numbers glued to a code in capitals cite nothing
                yield Candidate(unit, m.start(), m.end(), m.group("v"), int(m.group("v")), "glued", in_note)
        if not in_note and "spaced" in markers:
            for m in SPACED.finditer(text):
                yield Candidate(unit, m.start(), m.end(), m.group("v"), int(m.group("v")), "spaced", in_note)


# A word of one to three capitals standing alone (a court's, a bill's code),
# to which a glued number belongs.
_CODE = re.compile(r"(?<![^\W\d_])[A-Z]{1,3}$")


def explained(ctx: NoteContext, body: list[Unit], shape: str) -> tuple[int, int]:
    """How well one reference shape explains the text's notes: (notes it
    cites, references beyond one per note).  Nothing is recorded."""
    by_label: dict[str, list] = {}
    for d in ctx.defs:
        if d.label:
            by_label.setdefault(d.label, []).append((_def_position(d), d))
    for entries in by_label.values():
        entries.sort(key=lambda e: e[0])
    saved = ctx.markers
    ctx.markers = {shape}
    cands = [c for c in _candidates(ctx, body, False) if c.kind == shape]
    ctx.markers = saved
    accepted = _accept(ctx.state, cands, by_label, ctx, quiet=True)
    cited = {id(_cited_note(by_label.get(c.label, []), (c.unit.line_at(c.start), c.start))) for c in accepted}
    cited.discard(id(None))
    return len(cited), len(accepted) - len(cited)


def _accept(state: State, cands: list[Candidate], by_label, ctx: NoteContext, quiet: bool = False) -> list[Candidate]:
    """Keep the candidates that behave like note references, in reading order."""
    cands.sort(key=lambda c: (c.in_note, c.unit.line_at(c.start), c.start))
    accepted: list[Candidate] = []
    expected = {"": 1, "*": 1}
    seen: dict[str, int] = {}
    first_form: dict[str, tuple[str, str]] = {}  # label -> how its first reference is written
    cited_def: dict[str, NoteDef] = {}  # label -> the note its latest reference cites
    has_defs = bool(by_label)
    slack = THRESHOLDS.note_glued_slack
    taken_spans: set[tuple[int, int]] = set()
    series_no = 0
    for c in cands:
        span = (id(c.unit), c.start)
        if span in taken_spans:
            continue
        line = c.unit.line_at(c.start)
        entries = by_label.get(c.label, [])
        if c.kind == "symbol" or (c.value is None and c.kind in ("bracket", "superscript")):
            # A symbol or a letter is a reference when a note with that label follows (or, in a note, exists).
            if entries and (c.in_note or any(p > (line, c.start) for p, _ in entries)):
                accepted.append(c)
                taken_spans.add(span)
            continue
        if c.in_note:
            if entries:
                accepted.append(c)
                taken_spans.add(span)
            continue
        series = "*" if c.label.endswith("*") else ""
        v, exp = c.value, expected[series]
        if c.kind in ("spaced", "superscript") and not entries:
            continue  # a bare number after a sentence, or a raised one (an exponent), is a reference only if its note exists
        if c.kind == "glued" and not entries and not (ctx.state.foot_units and v in (exp, exp + 1)):
            continue  # a glued number without its note: only where notes stood at page feet, in strict sequence
        if c.kind == "bracket" and not has_defs:
            pass  # references whose notes the source lost: the sequence alone decides
        elif not entries and c.kind not in ("bracket", "glued"):
            continue
        at = (line, c.start)
        nearest = _cited_note(entries, at)
        restart = (
            v == 1
            and exp > 1
            and (nearest is not None and nearest is not cited_def.get(c.label) or not has_defs and c.kind == "bracket")
        )
        # A second reference to a note is written as the first was: "[2]" in a
        # quotation is no repeat of a web copy's "[ 2 ]" or a bare "2".
        repeat = c.label in seen and c.kind == "bracket" and first_form.get(c.label) == (c.kind, c.form)
        in_run = exp - 1 <= v <= exp + slack and v > 0
        if not (in_run or restart or repeat):
            continue
        if v == exp - 1 and c.label not in seen and not restart and c.label == str(v) + ("*" if series else ""):
            continue  # a number repeated right after itself is no new reference (but "6b" after "6a" is)
        if c.label in seen and not restart and first_form.get(c.label) != (c.kind, c.form):
            continue  # a number already cited, written another way: the author's "[2]", not a note's
        if restart:
            exp = 1
            series_no += 1
        c.series = series_no
        if c.label in seen and not restart and v < exp and not quiet:
            state.diagnostics.warning(
                "RB402",
                f"note reference {c.label} appears again (first on line {seen[c.label]})",
                path=state.shown,
                line=line,
            )
            state.record("note-warning", line, f"repeated reference {c.label}")
        seen[c.label] = seen.get(c.label, line) if not restart else line
        if restart or c.label not in first_form:
            first_form[c.label] = (c.kind, c.form)
        if restart:
            for lab in [x for x in seen if x != c.label]:
                seen.pop(lab)
        expected[series] = max(exp, v + 1)
        if nearest is not None:
            cited_def[c.label] = nearest
        accepted.append(c)
        taken_spans.add(span)
    # References with no notes at all are believed only where the bracketed
    # numbers mostly run in sequence: numbers cited out of order ("[4] … [20]
    # … [16]") are keys to a bibliography, not notes.
    noteless = [c for c in accepted if c.kind == "bracket" and not by_label.get(c.label) and not c.in_note]
    if noteless:
        pool = [c for c in cands if c.kind == "bracket" and not c.in_note and not by_label.get(c.label)]
        if len(noteless) < SEQUENCE_SHARE * len(pool):
            dropped = {id(c) for c in noteless}
            accepted = [c for c in accepted if id(c) not in dropped]
    ctx.accepted_kinds = {c.kind for c in accepted}  # type: ignore[attr-defined]
    return accepted


SEQUENCE_SHARE = 0.6  # share of bracketed numbers that must run in sequence to be notes whose texts were lost


def _report_gaps(state: State, accepted: list[Candidate]) -> None:
    """Numbers skipped in a series of references are reported once each."""
    for series in ("", "*"):
        values = []
        for c in accepted:
            if c.value is None or c.in_note or c.label.endswith("*") != (series == "*"):
                continue
            if c.value == 1 and values:
                _gaps(state, values, series)
                values = []
            values.append(c)
        _gaps(state, values, series)


def _gaps(state: State, run: list[Candidate], series: str) -> None:
    have = set()
    for c in run:
        missing = [x for x in range(1, c.value) if x not in have]
        if missing and c.value not in have:
            label = ", ".join(f"{x}{series}" for x in missing)
            line = c.unit.line_at(c.start)
            state.diagnostics.warning(
                "RB401",
                f"note numbering skips {label} before {c.label}",
                path=state.shown,
                line=line,
                hint="the source may have lost a reference here; an emendation can restore a damaged marker",
            )
            state.record("note-warning", line, f"numbering skips {label}")
        have.update(range(1, c.value + 1))
