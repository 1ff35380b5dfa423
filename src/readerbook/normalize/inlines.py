"""A unit's text as inlines (note references, emphasis, line breaks): the
one inline builder, used by every detector of structure."""

from __future__ import annotations

from ..ir import BOLD, ITALIC
from ..model import Emph, Inline, LineBreak, NoteRef, Str, Strong
from .state import Unit


def inlines_of(unit: Unit, start: int = 0, end: int | None = None) -> list[Inline]:
    """Unit text as inlines: note references split out, italic and bold runs
    as emphasis, line breaks (``\n`` in a unit) as LineBreak."""
    end = len(unit.text) if end is None else end
    refs = sorted(r for r in unit.refs if r[0] >= start and r[1] <= end)
    styles = [
        s for s in unit.styles if s.kind in (ITALIC, BOLD) and s.end > s.start and s.end > start and s.start < end
    ]
    points = {start, end}
    for s, e, _, _ in refs:
        points.update((s, e))
    for st in styles:
        points.update((max(st.start, start), min(st.end, end)))
    cuts = sorted(points)
    ref_at = {s: (e, label, key) for s, e, label, key in refs}
    runs: list[tuple[frozenset, Inline]] = []
    skip_to = start
    for a, b in zip(cuts, cuts[1:] + [end]):
        if a in ref_at:
            e, label, key = ref_at[a]
            # A marker's span takes the space before it (removing it leaves no
            # double space); its line is the one its label stands on.
            label_at = a + len(unit.text[a:e]) - len(unit.text[a:e].lstrip())
            runs.append((frozenset(), NoteRef(key, label, unit.line_at(label_at))))
            skip_to = e
        if a < skip_to or a >= b:
            continue
        active = frozenset(st.kind for st in styles if st.start <= a and st.end >= b)
        piece = unit.text[a:b]
        for k, part in enumerate(piece.split("\n")):
            if k:
                runs.append((active, LineBreak()))
            if part:
                runs.append((active, Str(part)))
    out: list[Inline] = []
    prev: frozenset | None = None
    for active, node in runs:
        if not active:
            if isinstance(node, Str) and out and isinstance(out[-1], Str) and prev == active:
                out[-1].text += node.text
            else:
                out.append(node)
            prev = active
            continue
        if prev == active and out and isinstance(out[-1], (Emph, Strong)):
            inner = out[-1]
            while inner.children and isinstance(inner.children[-1], (Emph, Strong)):
                inner = inner.children[-1]
            if isinstance(node, Str) and inner.children and isinstance(inner.children[-1], Str):
                inner.children[-1].text += node.text
            else:
                inner.children.append(node)
            continue
        wrapped: Inline = node
        for kind in sorted(active, reverse=True):  # bold outside italic
            wrapped = Emph([wrapped]) if kind == ITALIC else Strong([wrapped])
        out.append(wrapped)
        prev = active
    _strip_edges(out)
    return out


def _strip_edges(out: list[Inline]) -> None:
    while out and isinstance(out[0], LineBreak):
        out.pop(0)
    while out and isinstance(out[-1], LineBreak):
        out.pop()
    first = _edge_str(out, 0)
    if first is not None:
        first.text = first.text.lstrip()
    last = _edge_str(out, -1)
    if last is not None:
        last.text = last.text.rstrip()
    _drop_empty(out)


def _edge_str(seq: list[Inline], at: int) -> Str | None:
    while seq:
        node = seq[at]
        if isinstance(node, Str):
            return node
        if isinstance(node, (Emph, Strong)):
            seq = node.children
            continue
        return None
    return None


def _drop_empty(seq: list[Inline]) -> None:
    for node in list(seq):
        if isinstance(node, (Emph, Strong)):
            _drop_empty(node.children)
            if not node.children:
                seq.remove(node)
        elif isinstance(node, Str) and not node.text:
            seq.remove(node)


def plain(unit: Unit) -> str:
    """Unit text without note markers."""
    text, pos = [], 0
    for s, e, _, _ in sorted(unit.refs):
        text.append(unit.text[pos:s])
        pos = e
    text.append(unit.text[pos:])
    return "".join(text).strip()
