"""Footnotes: find note texts and note references, whatever the convention.

Conventions recognised:

- ``[12]`` / ``[[12]]`` / ``[1*]`` references, notes listed at the end
  (``12. …``, ``[12] …``, ``1*. …``), with or without a "Notes" heading;
- superscripts flattened into the text (``Marxism.1``, ``economy,140``,
  ``movement.”4``) with notes at page bottoms (moved here by the furniture pass);
- ``[Footnote 1: …]`` blocks; ``[1] …`` notes right after the citing paragraph;
- ``(1)`` references with ``NOTES:`` lists restarting per chapter;
- symbol notes (``*``, ``†``, ``‡``).

The sequence decides what is a reference: real references run 1, 2, 3… in
reading order, which is what tells them from years, quantities and labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .state import NoteDef, State, Unit
from .unwrap import join_units

_DEF = re.compile(
    r"^(?P<label>\[(?P<b>\d{1,3}\*?)\]|\((?P<p>\d{1,3})\)|(?P<n>\d{1,3}\*?)[.)]|(?P<s>[*†‡§¶]{1,3})"
    r"|(?P<g>\d{1,3})(?=[A-Z“\"‘]))\s*(?P<rest>\S.*)$",
    re.S,
)
_FOOTNOTE_OPEN = re.compile(r"^\[(?:Foot)?note\s+(?P<l>[\w*†‡]+)\s*:\s*", re.I)
_NOTES_HEADING = re.compile(r"^(?:notes?|end ?notes|foot ?notes|references)\s*:?$", re.I)
_HEADINGISH = re.compile(r"^(?:chapter|part|book|section)\b|^[A-Z0-9 ,.'’:;-]{3,60}$")

# Reference candidates.  ``kind`` orders the evidence: a bracketed number is
# explicit, a glued digit must fit the running sequence.
_BRACKET = re.compile(r"\s?\[\[?(?P<v>\d{1,3})(?P<star>\*?)\]\]?")
_PAREN = re.compile(r"\s?\((?P<v>\d{1,3})\)")
_GLUED = re.compile(r"(?<=[^\W\d_]|[.,;:!?”’\"')\]])(?<![\s(\[])(?P<v>\d{1,3})(?=[\s”’\"),;:.\]]|$)")
_SYMBOL = re.compile(r"(?<=\S)(?P<v>[*†‡]{1,3})(?=[\s,.;:)”’\"]|$)")


@dataclass
class _Cand:
    unit: int  # index into the sequence of scanned units
    start: int
    end: int
    label: str
    value: int | None
    kind: str  # bracket | paren | glued | symbol


def def_label(text: str) -> tuple[str, str, str] | None:
    """(label, kind, rest) when a unit opens like a note or list item."""
    m = _DEF.match(text)
    if not m:
        return None
    for kind in ("b", "p", "n", "s", "g"):
        if m.group(kind):
            return m.group(kind), kind, m.group("rest")
    return None


def extract_notes(state: State) -> None:
    units = state.units
    taken: set[int] = set()
    defs: list[NoteDef] = []
    sections: list[int] = []  # unit index at which each notes section starts

    # 1. Page-bottom note blocks (wrapped text): one note per labelled line.
    for foot in state.foot_units:
        block = _split_foot_block(state, foot)
        if block and not block[0].label and defs:
            # The block opens with the rest of a note begun at the previous page's foot.
            for unit in block.pop(0).units:
                join_units(state, defs[-1].units[-1], unit, "line")
        defs.extend(block)

    # 2. [Footnote N: …] blocks, wherever they stand.
    i = 0
    while i < len(units):
        m = _FOOTNOTE_OPEN.match(units[i].text)
        if m:
            j = i
            while j < len(units) and not units[j].text.rstrip().endswith("]"):
                j += 1
            j = min(j, len(units) - 1)
            parts = [units[k] for k in range(i, j + 1)]
            first = parts[0].sub(m.end())
            last_text = parts[-1].text.rstrip()
            if last_text.endswith("]"):
                if len(parts) == 1:
                    first = first.sub(0, len(first.text.rstrip()) - 1)
                else:
                    parts[-1] = parts[-1].sub(0, len(last_text) - 1)
            defs.append(NoteDef(m.group("l"), m.group("l"), [first] + parts[1:], segment=-(i + 1), marker=m.group(0)))
            taken.update(range(i, j + 1))
            state.record(
                "note", tuple(n for u in parts for n in u.lines), f"[Footnote {m.group('l')}: …] block taken as a note"
            )
            i = j + 1
            continue
        i += 1

    # 3. Notes sections: under a "Notes" heading, or a trailing run of labelled units.
    for start, end, heading in _notes_sections(units, taken):
        seg = len(sections)
        sections.append(start)
        if heading is not None:
            taken.add(heading)
            state.record(
                "removed", units[heading].lines, "notes heading (notes are set by readerbook)", units[heading].text
            )
        current: NoteDef | None = None
        for k in range(start, end):
            unit = units[k]
            parsed = def_label(unit.text)
            if parsed:
                label, _, rest = parsed
                current = NoteDef(
                    label,
                    label,
                    [unit.sub(len(unit.text) - len(rest))],
                    segment=seg,
                    marker=unit.text[: len(unit.text) - len(rest)],
                )
                defs.append(current)
            elif current is not None:
                current.units.append(unit)
            taken.add(k)
        state.record(
            "notes-section",
            tuple(n for k in range(start, end) for n in units[k].lines),
            f"notes section of {sum(1 for d in defs if d.segment == seg)} notes",
        )

    # 4. "[1] …" notes placed right after the paragraph that cites them.
    for k, unit in enumerate(units):
        if k in taken:
            continue
        parsed = def_label(unit.text)
        if not parsed or parsed[1] not in ("b", "p", "s"):
            continue
        label, kind, rest = parsed
        marker = {"b": f"[{label}]", "p": f"({label})", "s": label}[kind]
        before = [units[x] for x in range(max(0, k - 3), k) if x not in taken]
        if any(marker in _strip_leading_label(u.text) for u in before):
            defs.append(
                NoteDef(
                    label,
                    label,
                    [unit.sub(len(unit.text) - len(rest))],
                    segment=-(k + 1),
                    marker=unit.text[: len(unit.text) - len(rest)],
                )
            )
            taken.add(k)

    state.note_defs = defs
    state.units = [u for k, u in enumerate(units) if k not in taken]
    _find_references(state, defs, sorted(sections), taken, units)


def _strip_leading_label(text: str) -> str:
    parsed = def_label(text)
    return parsed[2] if parsed else text


def _split_foot_block(state: State, foot: Unit) -> list[NoteDef]:
    """Split a page-bottom block into notes, re-joining each note's lines."""
    lines: list[Unit] = []
    offsets = [o for o, _ in foot.spans] + [len(foot.text) + 1]
    for (o, no), nxt in zip(foot.spans, offsets[1:]):
        text = foot.text[o:nxt].rstrip("\n").strip()
        if text:
            lines.append(Unit(text, [(0, no)]))
    defs: list[NoteDef] = []
    for line in lines:
        parsed = def_label(line.text)
        if parsed and parsed[1] in ("n", "g", "b", "s"):
            label, _, rest = parsed
            defs.append(
                NoteDef(
                    label,
                    label,
                    [line.sub(len(line.text) - len(rest))],
                    segment=0,
                    marker=line.text[: len(line.text) - len(rest)],
                )
            )
        elif defs:
            join_units(state, defs[-1].units[-1], line, "line")
        else:
            # Text above the first label: the tail of a note begun on the previous page.
            defs.append(NoteDef("", "", [line], segment=0))
    return defs


def _notes_sections(units: list[Unit], taken: set[int]):
    """Yield (start, end, heading index) for each notes section."""
    n = len(units)
    found = []
    i = 0
    while i < n:
        if i not in taken and _NOTES_HEADING.match(units[i].text.strip()):
            j = i + 1
            labelled = 0
            while j < n and j not in taken:
                t = units[j].text.strip()
                if def_label(t):
                    labelled += 1
                elif labelled == 0 or _HEADINGISH.match(t) and len(t) < 60:
                    break
                j += 1
            if labelled:
                found.append((i + 1, j, i))
                i = j
                continue
        i += 1
    if found:
        return found
    # No heading: the earliest trailing run, starting at label 1 (or 1*), in
    # which labelled units dominate and no note runs on for long.
    for s in range(n):
        if s in taken:
            continue
        parsed = def_label(units[s].text)
        if not parsed or parsed[0].rstrip("*") != "1" or parsed[1] == "g":
            continue
        labelled, streak, ok = 0, 0, True
        cited_here: set[str] = set()
        for k in range(s, n):
            if k in taken:
                continue
            parsed_k = def_label(units[k].text)
            if parsed_k:
                if parsed_k[1] == "b" and parsed_k[0] in cited_here:
                    ok = False  # "[2] …" right after a paragraph citing [2]: notes after paragraphs
                    break
                labelled += 1
                streak = 0
                cited_here = set()
            else:
                streak += 1
                cited_here |= {m.group("v") + m.group("star") for m in _BRACKET.finditer(units[k].text)}
                if streak > 4:
                    ok = False
                    break
        total = sum(1 for k in range(s, n) if k not in taken)
        if ok and labelled >= 2 and labelled >= 0.5 * total and _cited_before(units, s, taken):
            return [(s, n, None)]
    return []


def _cited_before(units: list[Unit], s: int, taken: set[int]) -> bool:
    """Without a "Notes" heading, a labelled run is notes only if the text
    before it cites such labels: a numbered list at the end is not notes."""
    body = " ".join(units[k].text for k in range(s) if k not in taken)
    return bool(_BRACKET.search(body) or _PAREN.search(body) or len(list(_GLUED.finditer(body))) >= 2)


def _find_references(
    state: State, defs: list[NoteDef], sections: list[int], taken: set[int], all_units: list[Unit]
) -> None:
    """Find references in body units and note texts; key each to its note."""
    body = state.units
    labels = {d.label for d in defs}
    has_foot = bool(state.foot_units)
    use_paren = any(d.label and re.fullmatch(r"\d+", d.label) for d in defs) and any(
        _DEF.match(u.text) and _DEF.match(u.text).group("p") for u in all_units
    )
    use_symbol = any(re.fullmatch(r"[*†‡]+", d.label or "") for d in defs)

    # Candidates in reading order: body first, then note texts.
    scanned: list[Unit] = list(body)
    note_units = [u for d in defs for u in d.units]
    cands: list[_Cand] = []
    for idx, unit in enumerate(scanned + note_units):
        in_note = idx >= len(scanned)
        text = unit.text
        for m in _BRACKET.finditer(text):
            if m.start() == 0 and not in_note:
                continue
            cands.append(_Cand(idx, m.start(), m.end(), m.group("v") + m.group("star"), int(m.group("v")), "bracket"))
        if use_paren:
            for m in _PAREN.finditer(text):
                if m.start() > 0:
                    cands.append(_Cand(idx, m.start(), m.end(), m.group("v"), int(m.group("v")), "paren"))
        if use_symbol:
            for m in _SYMBOL.finditer(text):
                cands.append(_Cand(idx, m.start(), m.end(), m.group("v"), None, "symbol"))
        if not in_note:
            for m in _GLUED.finditer(text):
                cands.append(_Cand(idx, m.start(), m.end(), m.group("v"), int(m.group("v")), "glued"))
    cands.sort(key=lambda c: (c.unit, c.start))

    bracket_count = sum(1 for c in cands if c.kind == "bracket" and c.unit < len(scanned))
    allow_glued = has_foot or bracket_count < 2
    accepted = _accept_sequence(state, cands, allow_glued, labels, len(scanned), scanned + note_units)

    # Key each reference: an after-paragraph note claims the nearest earlier
    # reference with its label; otherwise the notes section that follows it.
    inline_defs = {(d.label, -d.segment - 1): d for d in defs if d.segment < 0}
    unit_pos = {id(u): k for k, u in enumerate(all_units)}
    keyed: dict[str, NoteDef] = {}
    for d in defs:
        d.key = f"{d.segment}:{d.label}"
        keyed.setdefault(d.key, d)
    for c in accepted:
        unit = (scanned + note_units)[c.unit]
        pos = unit_pos.get(id(unit))
        seg = 0
        if c.unit < len(scanned) and pos is not None:
            owner = _inline_owner(inline_defs, c.label, pos)
            if owner is not None:
                seg = owner.segment
            elif sections:
                later = [k for k, s in enumerate(sections) if s > pos]
                seg = later[0] if later else len(sections) - 1
        elif c.unit >= len(scanned):
            seg = _segment_of_note_unit(defs, unit)
        key = f"{seg}:{c.label}"
        unit.refs.append((c.start, c.end, c.label, key))


def _inline_owner(inline_defs, label: str, pos: int):
    best = None
    for (lab, at), d in inline_defs.items():
        if lab == label and at > pos and (best is None or at < best[0]):
            best = (at, d)
    return best[1] if best else None


def _segment_of_note_unit(defs: list[NoteDef], unit: Unit) -> int:
    for d in defs:
        if any(u is unit for u in d.units):
            return d.segment
    return 0


def _accept_sequence(
    state: State, cands: list[_Cand], allow_glued: bool, labels: set[str], body_count: int, units: list[Unit]
) -> list[_Cand]:
    """Keep the candidates that behave like note references."""
    accepted: list[_Cand] = []
    expected = {"": 1, "*": 1}
    seen: dict[str, int] = {}
    for c in cands:
        series = "*" if c.label.endswith("*") else ""
        line = units[c.unit].line_at(c.start)
        if c.kind == "symbol":
            if c.label in labels:
                accepted.append(c)
            continue
        if c.kind == "glued" and not allow_glued:
            continue
        v, exp = c.value, expected[series]
        if c.kind == "glued":
            # A glued number must continue the sequence (allowing a skipped or
            # repeated number): that is what tells it from a year or quantity.
            if not (exp - 1 <= v <= exp + 2) or v == 0:
                continue
            if v == exp - 1 and c.label not in seen:
                continue
        if c.label in seen and c.unit < body_count:
            state.diagnostics.warning(
                "RB402",
                f"note reference {c.label} appears again (first on line {seen[c.label]})",
                path=state.shown,
                line=line,
            )
            state.record("note-warning", line, f"duplicate reference {c.label}")
        elif v < exp - 1 and c.unit < body_count and c.label not in seen:
            state.diagnostics.warning(
                "RB404",
                f"note reference {c.label} is out of sequence (expected {exp}{series})",
                path=state.shown,
                line=line,
            )
        seen.setdefault(c.label, line)
        if c.unit < body_count:
            expected[series] = max(exp, v + 1)
        accepted.append(c)
    _report_gaps(state, accepted, units)
    return accepted


def _report_gaps(state: State, accepted: list[_Cand], units: list[Unit]) -> None:
    """Numbers never cited anywhere (body or notes) are reported once each."""
    for series in ("", "*"):
        found = sorted(
            ((c.value, c) for c in accepted if c.value and c.label.endswith("*") == (series == "*")),
            key=lambda vc: (vc[0], vc[1].unit, vc[1].start),
        )
        values = {v for v, _ in found}
        for v, c in found:
            gap = [x for x in range(1, v) if x not in values]
            if gap:
                missing = ", ".join(f"{x}{series}" for x in gap)
                line = units[c.unit].line_at(c.start)
                state.diagnostics.warning(
                    "RB401",
                    f"note numbering skips {missing} before {c.label}",
                    path=state.shown,
                    line=line,
                    hint="the source may have lost a reference here; an emendation can restore a damaged marker",
                )
                state.record("note-warning", line, f"numbering skips {missing}")
                values.update(gap)
