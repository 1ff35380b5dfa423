"""What a PDF's layout says, measured once for the passes that read it.

A PDF line carries where it stood on its page (:class:`~readerbook.ir.Layout`).
The passes share these measures of the whole text, taken from that evidence:

- the *body size*: the size most of the text is set in (by characters);
- each column's *edges*: where its full lines start (of the places where
  many start, the one nearest the text's usual edge, so hanging labels,
  first-line indents, code or a long quotation do not move it) and where its
  lines end (a high percentile of their right ends), and whether the column
  is justified;
- the typical *line pitch* of each size (the step from one line to the next
  within a column);
- whether the text marks its paragraphs with a first-line indent (or a
  hanging label), and the usual indent.

And the shapes the passes look for, from one line or unit: centred, set in
(a block quotation), set in type of its own (a heading), with the PDF
branches of :mod:`.structure` (headings, their levels from type before kind,
block quotations).  Every number is in :mod:`.thresholds`.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace

from ..ir import SUPERSCRIPT, Layout, Line
from .headings import (
    FRONT_LABELS,
    LETTER_ALONE,
    RANKS,
    Kind,
    assign_levels,
    is_label_only,
    kind_of,
    outline_rank,
    weight,
)
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
    indent_style: bool = False  # paragraphs open with a first line set in (or out)
    paragraph_indent: float | None = None  # the usual first-line indent, in points
    divisions: set[int] = field(default_factory=set)  # lines that name a division (see furniture.py)
    centred: set[int] = field(default_factory=set)  # first lines of units set centred (see pdfunits.py)

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


def _body_over_small(geo: Geometry, members: list[Line], small: float) -> bool:
    """The column's lines in the body's size all stand above those in the
    smaller size: the text's last lines over its notes."""
    body = [x.layout.top for x in members if abs(x.layout.size - geo.body_size) < THRESHOLDS.pdf_size_step]
    under = [x.layout.top for x in members if abs(x.layout.size - small) < THRESHOLDS.pdf_size_step]
    return bool(body) and max(body) < min(under)


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
    # The left edge is where many of them start; of such places (a block
    # quotation's lines may be as many as the body's), the one nearest the
    # text's usual edge for that column.  A column mostly of smaller type
    # under some of the body's (the text's last lines over its endnotes, hung
    # under their numbers) takes its edges from the body's lines, or, too few
    # for edges of their own, the text's usual ones.
    samples: dict[Key, list[Layout]] = {}
    for key, members in by_col.items():
        sizes = Counter(size_of(x.layout.size) for x in members)
        own = sizes.most_common(1)[0][0]
        if own < geo.body_size - THRESHOLDS.pdf_size_step and _body_over_small(geo, members, own):
            own = geo.body_size
        sample = [x.layout for x in members if abs(x.layout.size - own) < THRESHOLDS.pdf_size_step]
        if len(sample) >= THRESHOLDS.pdf_column_lines:
            samples[key] = sample
    # The lines that run to the column's right edge are its prose: their
    # starts, not those of code or lists set in, show where the column begins.
    rights: dict[Key, float] = {}
    prose: dict[Key, list[Layout]] = {}
    for key, sample in samples.items():
        ends = sorted(x.x1 for x in sample)
        rights[key] = ends[int(0.9 * (len(ends) - 1))]
        full = [x for x in sample if x.x1 >= rights[key] - THRESHOLDS.pdf_fill * x.size]
        prose[key] = full if len(full) >= 3 else sample
    usual: dict[int, float] = {}
    for column in {k[1] for k in samples}:
        modes = sorted(Counter(round(x.x0) for x in v).most_common(1)[0][0] for k, v in prose.items() if k[1] == column)
        usual[column] = modes[len(modes) // 2]
    fallback: dict[int, list[tuple[float, float]]] = {}
    for key, sample in samples.items():
        lefts = Counter(round(x.x0) for x in prose[key])
        most = max(lefts.values())
        common = [v for v, n in lefts.items() if n >= THRESHOLDS.pdf_edge_share * most]
        left = min(common, key=lambda v: (abs(v - usual[key[1]]), v))
        left = min((x.x0 for x in sample if round(x.x0) == left), default=float(left))
        right = rights[key]
        own = sample[0].size
        ends = sorted(x.x1 for x in sample)
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
            d = advance(la, lb)
            if 0.8 * la.size <= d <= 2.6 * la.size:
                deltas.setdefault(size_of(la.size), []).append(d)
    geo.pitches = {s: statistics.median(v) for s, v in deltas.items() if len(v) >= 3}
    # Paragraphs marked by their first line: of the lines after a short line
    # that ends a sentence (a paragraph's end), how many are set in (an
    # indent) or out (a hanging number).
    from .joining import ends_sentence

    opened = indented = 0
    indents: Counter[int] = Counter()
    for key, members in by_col.items():
        left, right = geo.edges[key]
        for a, b in zip(members, members[1:]):
            if abs(a.layout.size - b.layout.size) >= THRESHOLDS.pdf_size_step:
                continue
            if is_short(geo, a.layout) and ends_sentence(a.text.strip()) and a.layout.x0 <= left + a.layout.size:
                opened += 1
                if abs(b.layout.x0 - left) >= THRESHOLDS.pdf_indent * b.layout.size:
                    indented += 1
                    indents[round(b.layout.x0 - left)] += 1
    geo.indent_style = opened > 0 and indented >= THRESHOLDS.pdf_indent_style * opened
    if indents:
        geo.paragraph_indent = float(indents.most_common(1)[0][0])
    return geo


def advance(a: Layout, b: Layout) -> float:
    """How far the line ``b`` stands below ``a``: the lesser of the steps of
    their tops and of their bottoms (a tall or a raised glyph moves one)."""
    return min(b.top - a.top, b.bottom - a.bottom)


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
    inset_left, inset_right = lay.x0 - left, right - lay.x1
    return (
        on_middle(lay, left, right)
        and inset_left >= THRESHOLDS.pdf_centre_inset * em
        and inset_right >= THRESHOLDS.pdf_centre_inset * em
    )


def on_middle(lay: Layout, left: float, right: float) -> bool:
    """The line's middle stands at the column's: within a fixed share of an
    em, or of its distance from the edges (a short line far from both)."""
    inset_left, inset_right = lay.x0 - left, right - lay.x1
    slack = max(THRESHOLDS.pdf_centre * lay.size, THRESHOLDS.pdf_centre_share * (inset_left + inset_right))
    return abs(inset_left - inset_right) <= 2 * slack


def larger(geo: Geometry, lay: Layout) -> bool:
    return lay.size >= THRESHOLDS.pdf_heading_size * geo.body_size


def is_label(text: str) -> bool:
    """A line that is only a division's label ("I", "A", "3", "CHAPTER II")."""
    t = text.strip()
    return is_label_only(t) or bool(LETTER_ALONE.match(t))


def display_words(text: str) -> bool:
    """Words, not a formula or a drawing's letters: some word of two letters or more."""
    return not _MATH.search(text) and any(sum(c.isalpha() for c in w) >= 2 for w in text.split())


def unit_centred(geo: Geometry, unit) -> bool:
    return unit.first_line in geo.centred


def heading_by_type(geo: Geometry, lay: Layout, text: str, is_centred: bool) -> bool:
    """Set apart by its type: larger than the body, wholly bold, or centred
    in capitals (or a division's label or name, centred)."""
    t = text.strip()
    if not t:
        return False
    if is_label(t) and (is_centred or lay.bold or larger(geo, lay)):
        return True
    if not display_words(t):
        return False
    if larger(geo, lay) or lay.bold:
        return True
    if is_centred:
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


# --------------------------------------------------------------- structure (PDF branches of structure.py)

_OPENS = ("“", '"', "‘", "'", "„", "«", "(", "[", "§", "¶")
_LABELLED_KINDS = (
    "part",
    "chapter",
    "scene",
    "front",
    "back",
    "decimal",
    "roman",
    "number",
    "letter",
    "numbered",
    "lettered",
)


def heading_shape(state, unit, t: str, prev, nxt) -> bool:
    """A heading in a PDF: a unit set apart by its type (see
    :func:`heading_by_type`), or the name of a division the running heads
    gave; and shaped like a heading, not a sentence or a run-in label."""
    geo = geometry(state)
    words = t.split()
    if not words or unit.role or nxt is None:
        return False
    if unit.first_line in geo.divisions:
        return True
    if unit.nlines > THRESHOLDS.pdf_heading_lines or len(words) > THRESHOLDS.pdf_heading_words:
        return False
    if not heading_by_type(geo, unit.layout, t, unit_centred(geo, unit)):
        return False
    if not (t[0].isupper() or t[0].isdigit() or t.startswith(_OPENS)):
        return False
    core = t.rstrip("”’\"'»")
    if core.endswith((",", ";", ":", "--", "—", "–", "-")):
        return False  # a run-in label, a salutation, a line broken off
    kind = kind_of(t)
    if core.endswith(".") and kind.weight != 2 and kind.kind not in _LABELLED_KINDS:
        return False  # a sentence set apart (a signature, "It is so ordered.")
    lay = unit.layout
    if not (larger(geo, lay) or lay.bold or is_label(t)) and nxt.layout is not None:
        # Set apart only by being centred: it heads prose or another heading,
        # not a table's columns (a ruled table read whole is a verbatim unit:
        # the line over it is its title) or a drawing's letters.
        heads = nxt.role != "verbatim" and (
            nxt.words() > THRESHOLDS.title_line_words
            or heading_by_type(geo, nxt.layout, nxt.text, unit_centred(geo, nxt))
        )
        if not heads:
            return False
    return True


def typed_heading(state, units, i: int) -> bool:
    """The unit at ``i`` is a heading by its type (for the detectors that would
    read its opening label as a list item's)."""
    unit = units[i]
    if unit.layout is None:
        return False
    prev = units[i - 1] if i > 0 else None
    nxt = units[i + 1] if i + 1 < len(units) else None
    return heading_shape(state, unit, unit.text.strip(), prev, nxt)


def title_line(state, unit) -> bool:
    """The title under a label ("CHAPTER II" / "VARIABLES"): set as a heading
    too, and no label itself (``I`` over ``A`` are two headings)."""
    t = unit.text.strip()
    if not t or is_label(t) or unit.role or unit.layout is None:
        return False
    if unit.nlines > THRESHOLDS.pdf_heading_lines or len(t.split()) > THRESHOLDS.pdf_heading_words:
        return False
    geo = geometry(state)
    return heading_by_type(geo, unit.layout, t, unit_centred(geo, unit)) and not t.rstrip().endswith((":", ",", ";"))


def block_quote(state, units, i: int, prev_text: str) -> bool:
    """A block quotation in a PDF: lines set in on both sides; or set in on
    the left where the text introduces a quotation (a colon before it, an
    opening quotation mark, an ellipsis or a lower-case start); or set smaller
    than the text around it."""
    from .joining import ends_sentence

    geo = geometry(state)
    unit = units[i]
    lay = unit.layout
    t = unit.text.strip()
    if not t or unit.role or lay is None:
        return False
    em = geo.body_size
    left, right = lay.col_x0, lay.col_x1
    if unit_centred(geo, unit) or unit.words() < THRESHOLDS.title_line_words:
        return False  # a display line (a formula, a title), not a quotation
    inset_left = lay.x0 - left >= THRESHOLDS.pdf_quote_inset * em
    inset_right = right - lay.x1 >= THRESHOLDS.pdf_quote_inset * em
    introduced = (
        prev_text.rstrip().endswith((":", ","))
        or t.startswith(("“", '"', "‘", "[", "…", ". . .", "..."))
        or t[:1].islower()
        or i > 0
        and units[i - 1].nlines >= 2
        and not ends_sentence(prev_text)  # a sentence runs into it
    )
    if inset_left and (inset_right or introduced):
        return True
    around = [
        u.layout.size
        for u in (units[i - 1] if i > 0 else None, units[i + 1] if i + 1 < len(units) else None)
        if u is not None and u.layout is not None
    ]
    smaller = bool(around) and all(lay.size <= s - THRESHOLDS.pdf_size_step for s in around)
    return smaller and unit.nlines >= 2 and (inset_left or introduced)


def continues_quote(state, units, j: int) -> bool:
    """The next paragraph of a block quotation: set in like the one before it."""
    unit, before = units[j], units[j - 1]
    if unit.layout is None or before.layout is None or unit.role:
        return False
    geo = geometry(state)
    em = geo.body_size
    lay, b = unit.layout, before.layout
    set_in = lay.x0 - lay.col_x0 >= THRESHOLDS.pdf_quote_inset * em
    return set_in and abs(lay.x0 - b.x0) < em and abs(lay.size - b.size) < THRESHOLDS.pdf_size_step


# --------------------------------------------------------------- heading levels

# Labels a PDF's headings carry that the text's kinds leave plain: a statute's
# section sign, and a paragraph letter in parentheses ("(a) Applicability").
_SECTION_SIGN = re.compile(r"^§+\s*\d")
_PAREN_LETTER = re.compile(r"^\([a-z]\)\s+\S")


def _kind(text: str, label: str | None) -> Kind:
    kind = kind_of(text, label)
    t = (label or text).strip()
    if kind.kind == "plain" and _SECTION_SIGN.match(t):
        return Kind("numbered", RANKS["numbered"], kind.weight)
    if kind.kind == "plain" and _PAREN_LETTER.match(t):
        return Kind("lettered", RANKS["lettered"], kind.weight)
    return kind


def _letter_run(kind: Kind, text: str, previous: str | None) -> Kind:
    """A "C" or "D." after "B": a letter of a lettered run, not a roman numeral."""
    m = re.match(r"^([A-Z])(?:[.)]\s+\S|\.?$)", text.strip())
    if not m or previous is None or kind.kind not in ("roman", "numbered") or ord(m.group(1)) != ord(previous) + 1:
        return kind
    alone = len(text.strip().rstrip(".")) == 1
    return Kind(
        "letter" if alone else "lettered", RANKS["letter" if alone else "lettered"], kind.weight, scheme="upper"
    )


def heading_levels(state, blocks: list) -> None:
    """Levels of a PDF's headings: their type first (larger above smaller,
    centred above set flush, bold above regular, as a reader sees them), then
    their kinds (see headings.py) among headings set alike.  A heading right
    after another, or after a paragraph that introduces what follows (ending
    with a colon: "amend part 39 as follows:"), nests under the heading above."""
    from ..model import Heading, Paragraph, inline_text

    geo = geometry(state)
    placed = {line.no: line.layout for line in state.lines if line.layout is not None}
    found = []
    for k, block in enumerate(blocks):
        if not isinstance(block, Heading):
            continue
        lays = [placed[n] for n in block.lines if n in placed]
        first = block.lines[0] if block.lines else None
        if first in geo.divisions:
            look = (float("-inf"), False, False)  # named by the running heads: the text's divisions
        elif lays:
            look = (-size_of(lays[0].size), first not in geo.centred, not all(x.bold for x in lays))
        else:
            look = (0.0, True, True)
        before = blocks[k - 1] if k > 0 else None
        introduced = isinstance(before, Paragraph) and inline_text(before.inlines).rstrip().endswith(":")
        found.append((block, look, isinstance(before, Heading) or introduced))
    looks = sorted({look for _, look, _ in found})
    items = []
    letters: dict[tuple, str] = {}  # the last lettered label of each look
    for block, look, under in found:
        text = (block.label or inline_text(block.inlines)).strip()
        kind = _letter_run(_kind(inline_text(block.inlines), block.label), text, letters.get(look))
        if kind.kind in ("letter", "lettered"):
            letters[look] = text[0]
        rank = looks.index(look) + kind.rank / 10  # kinds rank below one step of type
        items.append((_TypedKind(kind.kind, rank, kind.weight, kind.depth, kind.scheme, looks.index(look)), under))
    for (block, _, _), level in zip(found, assign_levels(items)):
        block.level = min(level + 1, 6)


@dataclass(frozen=True)
class _TypedKind(Kind):
    """A heading's kind with the type it is set in: two headings of one kind
    set in different type are of different styles."""

    look: int = 0

    @property
    def style(self) -> tuple:
        return (*super().style, self.look)

    def outlined(self, index: int) -> Kind:
        return replace(self, rank=self.look + outline_rank(index) / 10)  # still below one step of type
