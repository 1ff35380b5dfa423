"""What a PDF's layout says, measured once for the passes that read it.

A PDF line carries where it stood on its page (:class:`~readerbook.ir.Layout`).
The passes share these measures of the whole text, taken from that evidence:

- the *body size*: the size most of the text is set in (by characters);
- each column's *edges*: where its lines start (the most common left edge of
  the lines set in the column's own size, so hanging labels and first-line
  indents do not move it) and end (a high percentile of their right ends),
  and whether the column is justified;
- the typical *line pitch* of each size (the distance from one line's top to
  the next one's, within a column);
- whether the text marks its paragraphs with a first-line indent.

And the shapes the passes look for, from one line or unit: centred, set in
(a block quotation), set in type of its own (a heading).  Every number is in
:mod:`.thresholds`.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from ..ir import SUPERSCRIPT, Layout, Line
from .headings import FRONT_LABELS, LETTER_ALONE, is_label_only, kind_of, weight
from .thresholds import THRESHOLDS

# A superscript that labels a note: a number, or a note symbol (TeX sets its
# asterisk as the operator ∗).
NOTE_LABEL = re.compile(r"^(?:\d{1,3}|[*∗†‡§¶]{1,3})$")
_MATH = re.compile(r"[=<>+±×÷∑∫√−]")
Key = tuple[int, int]  # (page, column)


def size_of(value: float) -> float:
    """A size rounded to the nearest half point: sizes closer than that are one."""
    return round(value * 2) / 2


@dataclass
class Geometry:
    body_size: float
    edges: dict[Key, tuple[float, float]] = field(default_factory=dict)
    justified: dict[Key, bool] = field(default_factory=dict)
    pitches: dict[float, float] = field(default_factory=dict)  # size -> typical pitch
    indent_style: bool = False
    divisions: set[int] = field(default_factory=set)  # lines that name a division (see furniture.py)

    def edge(self, layout: Layout) -> tuple[float, float]:
        return self.edges.get((layout.page, layout.column), (layout.col_x0, layout.col_x1))

    def pitch(self, size: float) -> float:
        got = self.pitches.get(size_of(size))
        if got is None and self.pitches:
            near = min(self.pitches, key=lambda s: abs(s - size))
            got = self.pitches[near] * size / near if near else None
        return got or 1.2 * size

    def is_justified(self, layout: Layout) -> bool:
        return self.justified.get((layout.page, layout.column), True)


def pdf_lines(lines: list[Line]) -> list[Line]:
    """The lines that stand in the page's text area (not margin furniture)."""
    return [x for x in lines if x.layout is not None and x.layout.column >= 0 and x.text.strip()]


def body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in pdf_lines(lines):
        sizes[size_of(line.layout.size)] += len(line.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 10.0


def measure(lines: list[Line], divisions: set[int] | None = None) -> Geometry:
    """The text's measures, from the lines that stand in its text area."""
    text = pdf_lines(lines)
    geo = Geometry(body_size(lines), divisions=set(divisions or ()))
    by_col: dict[Key, list[Line]] = {}
    for line in text:
        by_col.setdefault((line.layout.page, line.layout.column), []).append(line)
    # Column edges: from the lines set in the column's own most common size.
    fallback: dict[int, list[tuple[float, float]]] = {}
    for key, members in by_col.items():
        sizes = Counter(size_of(x.layout.size) for x in members)
        own = sizes.most_common(1)[0][0]
        sample = [x.layout for x in members if abs(x.layout.size - own) < THRESHOLDS.pdf_size_step]
        if len(sample) < 4:
            continue
        lefts = Counter(round(x.x0) for x in sample)
        best = max(lefts.values())
        left = min(v for v, n in lefts.items() if n == best)
        left = min((x.x0 for x in sample if round(x.x0) == left), default=float(left))
        ends = sorted(x.x1 for x in sample)
        right = ends[int(0.9 * (len(ends) - 1))]
        geo.edges[key] = (left, right)
        at_edge = sum(1 for x in ends if x >= right - 0.5 * own)
        geo.justified[key] = at_edge >= THRESHOLDS.pdf_justified_share * len(ends)
        fallback.setdefault(key[1], []).append((left, right))
    for key, members in by_col.items():
        if key in geo.edges:
            continue
        known = fallback.get(key[1])
        if known:
            geo.edges[key] = (statistics.median(a for a, _ in known), statistics.median(b for _, b in known))
        else:
            lay = members[0].layout
            geo.edges[key] = (lay.col_x0, lay.col_x1)
    # Line pitch of each size, within columns.
    deltas: dict[float, list[float]] = {}
    for members in by_col.values():
        for a, b in zip(members, members[1:]):
            la, lb = a.layout, b.layout
            if size_of(la.size) != size_of(lb.size):
                continue
            d = lb.top - la.top
            if 0.8 * la.size <= d <= 2.6 * la.size:
                deltas.setdefault(size_of(la.size), []).append(d)
    geo.pitches = {s: statistics.median(v) for s, v in deltas.items() if len(v) >= 3}
    # Indented paragraphs: of the lines after a short line that ends a
    # sentence (a paragraph's end), how many are set in.
    from .unwrap import ends_sentence

    opened = indented = 0
    for key, members in by_col.items():
        left, right = geo.edges[key]
        for a, b in zip(members, members[1:]):
            if abs(a.layout.size - b.layout.size) >= THRESHOLDS.pdf_size_step:
                continue
            if is_short(geo, a.layout) and ends_sentence(a.text.strip()) and a.layout.x0 <= left + a.layout.size:
                opened += 1
                if b.layout.x0 - left >= THRESHOLDS.pdf_indent * b.layout.size:
                    indented += 1
    geo.indent_style = opened > 0 and indented >= THRESHOLDS.pdf_indent_style * opened
    return geo


def geometry(state) -> Geometry:
    """The text's measures, taken once its furniture is gone (cached on the state)."""
    geo = getattr(state, "_pdf_geometry", None)
    if geo is None:
        geo = measure(state.lines, getattr(state, "_pdf_divisions", set()))
        state._pdf_geometry = geo
    return geo


# --------------------------------------------------------------- shapes


def is_short(geo: Geometry, lay: Layout) -> bool:
    """A line that stops well short of its column's right edge."""
    left, right = geo.edge(lay)
    if geo.is_justified(lay):
        return lay.x1 < right - THRESHOLDS.pdf_short_justified * lay.size
    return lay.x1 < left + THRESHOLDS.pdf_short_ragged * (right - left)


def fills(geo: Geometry, lay: Layout) -> bool:
    """A line that runs to (nearly) its column's right edge."""
    _, right = geo.edge(lay)
    return lay.x1 >= right - THRESHOLDS.pdf_fill * lay.size


def centred(lay: Layout, left: float, right: float) -> bool:
    """Set in on both sides, its middle at the column's middle."""
    em = lay.size
    middle = (lay.x0 + lay.x1) / 2
    return (
        abs(middle - (left + right) / 2) <= THRESHOLDS.pdf_centre * em
        and lay.x0 >= left + THRESHOLDS.pdf_centre_inset * em
        and lay.x1 <= right - THRESHOLDS.pdf_centre_inset * em
    )


def larger(geo: Geometry, lay: Layout) -> bool:
    return lay.size >= THRESHOLDS.pdf_heading_size * geo.body_size


def is_label(text: str) -> bool:
    """A line that is only a division's label ("I", "A", "3", "CHAPTER II")."""
    t = text.strip()
    return is_label_only(t) or bool(LETTER_ALONE.match(t))


def display_words(text: str) -> bool:
    """Words, not a formula or a drawing's letters: some word of two letters or more."""
    return not _MATH.search(text) and any(sum(c.isalpha() for c in w) >= 2 for w in text.split())


def heading_by_type(geo: Geometry, lay: Layout, text: str) -> bool:
    """Set apart by its type: larger than the body, wholly bold, or centred
    in capitals (or a division's label or name, centred)."""
    t = text.strip()
    if not t:
        return False
    if is_label(t) and (centred(lay, lay.col_x0, lay.col_x1) or lay.bold or larger(geo, lay)):
        return True
    if not display_words(t):
        return False
    if larger(geo, lay) or lay.bold:
        return True
    if centred(lay, lay.col_x0, lay.col_x1):
        kind = kind_of(t)
        return weight(t) == 2 or kind.kind in ("front", "back") or bool(FRONT_LABELS.match(t))
    return False


def superscript_label_at(line_text: str, styles, at: int = 0) -> tuple[int, int] | None:
    """A superscript note label starting at ``at`` (spaces skipped): (start, end)."""
    while at < len(line_text) and line_text[at] == " ":
        at += 1
    for s in styles:
        if s.kind == SUPERSCRIPT and s.start == at and s.end > s.start:
            if NOTE_LABEL.match(line_text[s.start : s.end].strip()):
                return s.start, s.end
    return None
