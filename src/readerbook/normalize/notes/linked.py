"""Notes a structured source links: a reference is a link (``<a href="#fn1">``,
``epub:type="noteref"``, a Word footnote reference) to an element that holds
the note.  The link's text is the label (``1``, ``[12]``, ``(3)``, ``*``); the
note is the element with the link's target and the paragraphs that follow
it in the same place (a notes list, ``<p class="information">``), up to the
next note.  Notes never linked to, standing among the others, are kept as
orphans."""

from __future__ import annotations

import re

from ...ir import ANCHOR, LINK, NOTE_REF, SUPERSCRIPT
from .base import NOTES_HEADING, Convention, Fit, NoteContext, after_label, note_def

# A note's label: a number, a symbol, a letter, or a roman numeral (Word numbers endnotes i, ii, iii).
LABEL = re.compile(r"^\s*[\[(]?\s*(?P<l>\d{1,4}[a-z]?|[*†‡§¶]{1,3}|[A-Za-z]|[ivxlc]{1,7}|[IVXLC]{1,7})\s*[\])]?\s*\.?$")
NOTES_CONTAINERS = ("footnotes",)


def _target(value: str) -> str:
    """A link's target id (``#fn1`` → ``fn1``; ``ch2.xhtml#n3`` stays as written, as the EPUB reader writes anchors)."""
    return value[1:] if value.startswith("#") else value


def _anchors(ctx: NoteContext) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for k, unit in enumerate(ctx.units):
        for s in unit.styles:
            if s.kind == ANCHOR and s.value:
                out.setdefault(s.value, (k, s.start))
    return out


def _references(ctx: NoteContext, anchors):
    """(unit index, start, end, label, target unit) for each link that cites a note.

    A note's own label is often a link back to its reference (PG's ``[1]``,
    Word's and Markdown's back-links): a link at the start of a unit, to a
    unit that links here, is that back-link, not a reference."""
    links_to: dict[int, set[int]] = {}
    opens_back: dict[int, set[int]] = {}  # a paragraph that opens with a link: the units it links to
    for k, unit in enumerate(ctx.units):
        for s in unit.styles:
            if s.kind in (LINK, NOTE_REF):
                t = anchors.get(_target(s.value))
                if t is not None:
                    links_to.setdefault(k, set()).add(t[0])
                    if (
                        s.start <= 1
                        and s.end < len(unit.text.rstrip())
                        and unit.hint
                        and unit.hint.kind in ("p", "item")
                    ):
                        opens_back.setdefault(k, set()).add(t[0])
    for k, unit in enumerate(ctx.units):
        if k in ctx.taken:
            continue
        sups = [(s.start, s.end) for s in unit.styles if s.kind == SUPERSCRIPT]
        for s in unit.styles:
            if s.kind not in (LINK, NOTE_REF) or s.end <= s.start:
                continue
            target = anchors.get(_target(s.value))
            if target is None or target[0] == k:
                continue
            if k in links_to.get(target[0], ()) and _back_link(unit, ctx.units[target[0]], s.start, k > target[0]):
                continue  # the back-link from a note to its reference
            text = unit.text[s.start : s.end]
            m = LABEL.match(text)
            # A link to a paragraph that opens with a link back here is a note's reference even
            # unmarked (an EPUB converted by Calibre, whose superscripts are in its stylesheet).
            noted = (
                s.kind == NOTE_REF
                or any(a <= s.start and s.end <= b for a, b in sups)
                or k in opens_back.get(target[0], ())
            )
            in_notes = _in_notes(ctx.units[target[0]])
            if m and (noted or in_notes or text.strip().startswith(("[", "("))):
                start, end = s.start, s.end
                if 0 < start and end < len(unit.text) and unit.text[start - 1] + unit.text[end] in ("[]", "()"):
                    start, end = (
                        start - 1,
                        end + 1,
                    )  # brackets set around the link (<sup>[<a>1</a>]</sup>) are the marker's
                yield k, start, end, m.group("l"), target[0]


def _back_link(source, target, start: int, later: bool) -> bool:
    """Of two units that link to each other, which link goes back: the one
    from the notes to the text; failing that evidence (a note citing a note),
    the one that opens its unit and stands after the other (a reference comes
    before its note)."""
    if _in_notes(source) != _in_notes(target):
        return _in_notes(source)
    return start <= 1 and later


def _in_notes(unit) -> bool:
    hint = unit.hint
    return hint is not None and (
        any(c in hint.container for c in NOTES_CONTAINERS)
        or any(c in ("footnote", "footnotes", "endnote", "endnotes", "note", "notes") for c in hint.classes)
    )


def fit(ctx: NoteContext) -> Fit:
    if not any(u.hint is not None for u in ctx.units):
        return Fit(0.0, "no links (not a structured source)")
    refs = list(_references(ctx, _anchors(ctx)))
    return Fit(min(1.0, len(refs) / 2), f"{len(refs)} links to notes")


def extract(ctx: NoteContext) -> int:
    anchors = _anchors(ctx)
    refs = list(_references(ctx, anchors))
    targets = sorted({t for *_, t in refs})
    if not targets:
        return 0
    # Notes among the cited ones that nothing cites (their anchors stand like the others').
    region = set()
    for t in targets:
        region.add(ctx.units[t].hint.container if ctx.units[t].hint else "")
    starts = set(targets)
    citing = {k for k, *_ in refs}  # a unit whose label links to a note cites it: it is no note itself
    for k, unit in enumerate(ctx.units):
        if k in starts or k in ctx.taken or k in citing or not _in_notes(unit):
            continue
        if unit.hint is not None and unit.hint.kind in ("p", "item") and unit.hint.container in region:
            if any(s.kind == ANCHOR and s.start == 0 for s in unit.styles) and LABEL.match(unit.text.split(" ", 1)[0]):
                starts.add(k)
    ordered = sorted(starts)
    # A heading that only announces the notes ("FOOTNOTES:") goes with them.
    for t in ordered:
        h = t - 1
        while h >= 0 and h in ctx.taken:
            h -= 1
        if h >= 0 and h not in starts and NOTES_HEADING.match(ctx.units[h].text.strip()):
            ctx.taken.add(h)
            ctx.state.record(
                "removed", ctx.units[h].lines, "notes heading (readerbook sets the notes)", ctx.units[h].text
            )
    defs = {}
    pieces: dict[int, tuple] = {}  # unit index -> (the unit as it stands in its note, offset shift)
    for n, t in enumerate(ordered):
        end = ordered[n + 1] if n + 1 < len(ordered) else len(ctx.units)
        members = [t]
        for k in range(t + 1, end):
            u = ctx.units[k]
            if k in ctx.taken or u.hint is None or u.hint.kind in ("heading", "break") or u.role:
                break
            if not _continues(ctx.units[t], u):
                break
            members.append(k)
        first = ctx.units[t]
        label, marker, cut = _own_label(first.text)
        cited = [r for r in refs if r[4] == t]
        if cited:
            label = cited[0][3]
        rest = [ctx.units[k] for k in members[1:]]
        if not cut and len(members) > 1 and LABEL.match(first.text):
            # The label set apart above the note's text (Substack's number link, then its paragraphs):
            # the marker; its line is cited by the note's first paragraph for the audit.
            marker = first.text
            head = after_label(ctx.units[members[1]], 0)
            head.spans.insert(0, (0, first.line_at(0)))
            rest = rest[1:]
            pieces[members[1]] = (head, 0)
        else:
            head = after_label(first, cut)
        pieces[t] = (head, cut)
        for k in members[1:]:
            pieces.setdefault(k, (ctx.units[k], 0))
        d = note_def(label, [head] + rest, marker, "linked")
        d.anchor = next((s.value for s in first.styles if s.kind == ANCHOR), "")
        ctx.add(d)
        defs[t] = d
        ctx.taken.update(members)
        ctx.state.record("note", tuple(n for k in members for n in ctx.units[k].lines), f"linked note {label}")
    for k, start, end, label, t in refs:
        if k in pieces:  # a note citing another note
            unit, shift = pieces[k]
            if start >= shift:
                ctx.direct.append((unit, start - shift, end - shift, label, defs[t]))
        elif k not in ctx.taken:
            ctx.direct.append((ctx.units[k], start, end, label, defs[t]))
    return len(defs)


def _continues(first, unit) -> bool:
    """A paragraph after a note's first belongs to it when it stands in the
    same place and carries no anchor of its own."""
    a, b = first.hint, unit.hint
    if a is None or b is None:
        return False
    inside = b.container.startswith(a.container + ">")
    if any(s.kind == ANCHOR and s.start == 0 for s in unit.styles) and not inside:
        return False  # (a cell of a table set inside the note may open with a reference of its own)
    same_place = a.container == b.container or inside
    return same_place and (set(a.classes) == set(b.classes) or _in_notes(unit))


def _own_label(text: str) -> tuple[str, str, int]:
    """The label a note's text opens with (``1.``, ``[12]``, ``12``), as written, and where its text starts."""
    m = re.match(r"^\s*(?:\[(?P<b>[^\]]{1,6})\]|\((?P<p>[^)]{1,6})\)|(?P<n>\d{1,4}[a-z]?|[*†‡]{1,3})[.)]?)\s+", text)
    if not m:
        return "", "", 0
    label = m.group("b") or m.group("p") or m.group("n")
    return label, text[: m.end()], m.end()


CONVENTION = Convention("linked", ("link",), fit, extract, "references linked to their notes by the source")
