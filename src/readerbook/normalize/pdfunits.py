"""From a PDF's lines to units: paragraphs read from where the lines stood.

The lines of a column join into one paragraph unless the page says a new one
starts:

- a vertical gap wider than :data:`~.thresholds.Thresholds.pdf_paragraph_gap`
  times the line pitch;
- a line set in (a first-line indent) or out (a hanging label such as a
  paragraph number) from the lines before it, where the paragraph's own lines
  have settled (the first line of a paragraph may stand apart from the rest:
  an indent, a hanging ``¶ 12`` or list label);
- a short line ending a sentence before it;
- a change of type: a line set larger or bold after (or before) one that is
  not, unless the first runs to the column's edge (a run-in label such as
  ``SUMMARY:`` in bold at the start of a line);
- a centred line, or a division's label (``I``, ``A``, ``CHAPTER II``).

A paragraph cut by a column or page break goes on in the next column when the
first line there is set like a continuation: in a text that marks its
paragraphs by a first-line indent (or a hanging label), a line at the
continuation lines' place continues the paragraph whatever the sentence;
otherwise the paragraph goes on when it did not end a sentence.  Hyphens at
joins are decided by :func:`~.unwrap.join_units` (book-wide, recorded).

Lines that are no prose (a displayed formula, the letters of a drawing, the
pieces of a fraction set above and below its line) are set aside, so the
paragraph around them reads on, and kept after it line for line (verbatim).
Whether the typesetter breaks words at line ends is read from the share of
full lines ending with a hyphen: where it does not (a word processor's
default), every line-end hyphen is kept.

Each unit's ``layout`` is made to describe the unit: its left (the least of
its lines') and right edges, the column's measured edges, its size, and bold
or italic only when every line is.  A run of display lines (centred, bold,
or set in type of their own) at the head of the text or of a division is a
title block (the court, the docket, the parties; a title page): recorded as
front matter, neither headings nor paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..ir import BOLD, ITALIC, Layout, Line, Style
from . import pdflayout as pl
from .article import marked_authors
from .figures import CAPTION, CAPTION_LABEL
from .headings import kind_of, weight
from .joining import ends_sentence, join_units
from .state import State, Unit
from .thresholds import THRESHOLDS

_WORD_BREAK = re.compile(r"[^\W\d_][-\u2010]$")
_SECTION_NUMBER = re.compile(r"^(?:\d{1,3}|[IVXLC]{1,7})[.:]\s+\S")


def pdf_units(state: State) -> list[Unit]:
    geo = pl.geometry(state)
    placed = [x for x in state.lines if (x.text.strip() or is_figure(x)) and x.no not in state.removed]
    figures = {x.no for x in placed if is_figure(x)}
    labels = _labels(state, [x for x in placed if x.no in figures], placed)
    placed = [x for x in placed if x.no not in labels]
    lines = [x for x in placed if x.no not in figures]
    _hyphenation(state, geo, lines)
    apart = {lines[k].no for k in _fragments(geo, lines)}
    recent: list[Line] = []  # the last lines placed, whatever their paragraph
    units: list[Unit] = []
    members: list[list[Line]] = []
    pending: list[Line] = []  # fragments set aside while the paragraph around them goes on
    waiting: list[Line] = []  # figures standing in the paragraph, set after it
    lines = placed
    for k, line in enumerate(lines):
        if line.no in figures:
            waiting.append(line)
            continue
        if table_row(line):
            if pending:
                _flush(units, members, pending)
            _flush_figures(units, members, waiting)
            _table_line(units, members, line)
            recent = []
            continue
        if line.no in apart:
            pending.append(line)
            continue
        unit = Unit.from_line(line, 0, line.no in state.page_starts)
        if units and line.layout is not None and members[-1][-1].layout is not None and not table_row(members[-1][-1]):
            prev = members[-1][-1]
            nxt = next((x for x in lines[k + 1 :] if x.no not in apart and x.no not in figures), None)
            a, b = prev.layout, line.layout
            same_column = a.page == b.page and a.column == b.column and b.top > a.top - 0.5 * a.size
            if same_column:
                new, gap = _starts(geo, members[-1], prev, line, nxt, recent)
            else:
                new, gap = _starts_after_break(geo, units[-1], members[-1], prev, line, nxt), False
            if not new:
                join_units(state, units[-1], unit, "line" if a.page == b.page else "page-join")
                members[-1].append(line)
                recent = (recent + [line])[-THRESHOLDS.pdf_recent_lines :]
                continue
            unit.gap_before = 1 if gap else 0
        if pending:
            _flush(units, members, pending)
        _flush_figures(units, members, waiting)
        units.append(unit)
        members.append([line])
        recent = (recent + [line])[-THRESHOLDS.pdf_recent_lines :]
    if pending:
        _flush(units, members, pending)
    _flush_figures(units, members, waiting)
    for unit, group in zip(units, members):
        if group[0].layout is not None and unit.role != "figure":  # a figure keeps its image's box
            unit.layout = _unit_layout(geo, group)
            if _centred_group(geo, group):
                geo.centred.add(unit.first_line)
        _merge_runs(unit)
    return _title_blocks(state, geo, units)


# ------------------------------------------------------------------ hyphenation


def _hyphenation(state: State, geo: pl.Geometry, lines: list[Line]) -> None:
    """Does the typesetter break words at line ends?  One that does (TeX, a
    hyphenating layout program) ends a good share of its full lines with a
    hyphen; one that does not (a word processor's default) leaves only the
    hyphens of compounds there, on a line or two in a hundred: then every
    line-end hyphen is the author's, and :func:`~.unwrap.join_units` keeps it."""
    full = [x for x in lines if x.layout is not None and pl.fills(geo, x.layout) and len(x.text.strip()) > 1]
    if len(full) < THRESHOLDS.pdf_hyphen_lines:
        return
    broken = sum(1 for x in full if _WORD_BREAK.search(x.text.rstrip()))
    if broken < THRESHOLDS.pdf_hyphenating * len(full):
        state.unhyphenated = True  # type: ignore[attr-defined]
        state.record("layout", (), f"line-end hyphens on {broken} of {len(full)} full lines: the text breaks no words")


# ------------------------------------------------------------------ fragments


def _fragments(geo: pl.Geometry, lines: list[Line]) -> set[int]:
    """Lines that are no part of the prose around them: a formula or the
    letters of a drawing (no word of two letters), and the pieces of an
    inline formula set above or below its line (a short line whose box
    overlaps a neighbour's)."""
    out: set[int] = set()
    for k, line in enumerate(lines):
        lay = line.layout
        if lay is None or pl.is_label(line.text) and _set_centred(geo, lay):
            continue  # a division's label ("I", "A", "1") stands centred
        if not any(sum(c.isalpha() for c in w) >= 2 for w in line.text.split()):
            if not _sentence_end(lines[k - 1] if k else None, line):
                out.add(k)
            continue
        if lay.x1 - lay.x0 > THRESHOLDS.pdf_fragment_width * lay.size:
            continue
        for j in (k - 1, k + 1):
            other = lines[j].layout if 0 <= j < len(lines) else None
            if other is None or other.page != lay.page or other.column != lay.column:
                continue
            if min(lay.bottom, other.bottom) - max(lay.top, other.top) > THRESHOLDS.pdf_size_step:
                out.add(k)
                break
    return out


def _sentence_end(prev: Line | None, line: Line) -> bool:
    """A line of figures ("2020.", "0686.") that ends the sentence the line
    above left open, set under it at its left edge: the paragraph's last
    line, not a formula."""
    a, b = (prev.layout if prev is not None else None), line.layout
    return (
        a is not None
        and b is not None
        and a.page == b.page
        and a.column == b.column
        and abs(a.x0 - b.x0) <= THRESHOLDS.pdf_size_step
        and 0 <= b.top - a.bottom < b.size
        and not ends_sentence(prev.text.rstrip())
        and ends_sentence(line.text.rstrip())
    )


def is_figure(line: Line) -> bool:
    """An image the reader found on the page (no text; see readers/pdf.py)."""
    return line.hint is not None and line.hint.kind == "figure" and not line.text.strip()


def _labels(state: State, figures: list[Line], lines: list[Line]) -> set[int]:
    """Text set inside a figure's box (a drawing's letters, "Weights", an axis's
    name): part of the figure, not of the text — when it is as sparse as a
    drawing's labels are (text set over a picture that fills the page stays
    text).  A caption inside the box stays, for the figure to take.  Recorded."""
    out: set[int] = set()
    for fig in figures:
        box = fig.layout
        inside = [
            x
            for x in lines
            if x.text.strip()
            and x.layout is not None
            and (_within(x.layout, box, THRESHOLDS.pdf_size_step) or _beside(x.layout, box) and _label_like(x.text))
        ]
        inside = [x for x in inside if not CAPTION.match(x.text.strip()) and not CAPTION_LABEL.match(x.text.strip())]
        chars = sum(len(x.text.replace(" ", "")) for x in inside)
        area = (box.x1 - box.x0) * (box.bottom - box.top)
        if not inside or chars > THRESHOLDS.pdf_drawing_text * area / 1000:
            continue
        for x in inside:
            out.add(x.no)
            state.record("removed", x.no, f"a label inside a figure ({fig.where}): part of it, not text", x.text)
    return out


def _within(lay, box, slack: float) -> bool:
    return (
        lay.page == box.page
        and lay.column >= 0
        and box.x0 - slack <= lay.x0
        and lay.x1 <= box.x1 + slack
        and box.top - slack <= lay.top
        and lay.bottom <= box.bottom + slack
    )


def _beside(lay, box) -> bool:
    """In the figure's column, level with it (a label set beside or just over or under its paths)."""
    margin = THRESHOLDS.pdf_label_margin * (box.size or lay.size)
    return (
        lay.page == box.page
        and lay.column == box.column
        and box.top - margin <= lay.top
        and lay.bottom <= box.bottom + margin
    )


def _label_like(text: str) -> bool:
    """A drawing's label ("O x M 1 A X", "The crown"): a word or two, letters and figures."""
    return sum(1 for w in text.split() if sum(c.isalpha() for c in w) >= 2) <= THRESHOLDS.pdf_label_words


def table_row(line: Line) -> bool:
    """A row of a ruled table, read whole by the reader (see readers/pdf.py)."""
    return line.hint is not None and line.hint.kind == "pre" and line.layout is not None


def _table_line(units: list[Unit], members: list[list[Line]], line: Line) -> None:
    """A table's rows make one unit kept line for line, as the reader padded them."""
    last = members[-1][-1] if members else None
    if last is not None and table_row(last) and last.hint.group == line.hint.group:
        units[-1].append(Unit.from_line(line), "\n")
        units[-1].nlines += 1
        units[-1].line_indents.append(0)
        members[-1].append(line)
        return
    unit = Unit.from_line(line)
    unit.role = "verbatim"
    unit.nlines = 1
    unit.line_indents = [0]
    units.append(unit)
    members.append([line])


def _flush_figures(units: list[Unit], members: list[list[Line]], waiting: list[Line]) -> None:
    """Figures that stood in a paragraph (or between two), each a unit of its own after it."""
    for line in waiting:
        unit = Unit.from_line(line)
        unit.role = "figure"
        units.append(unit)
        members.append([line])
    waiting.clear()


def _flush(units: list[Unit], members: list[list[Line]], pending: list[Line]) -> None:
    """Set-aside fragments become one unit kept line for line (a formula, a drawing's letters)."""
    unit = Unit.from_line(pending[0])
    for line in pending[1:]:
        unit.append(Unit.from_line(line), "\n")
    unit.role = "verbatim"
    unit.nlines = len(pending)
    unit.line_indents = [0] * len(pending)
    units.append(unit)
    members.append(list(pending))
    pending.clear()


# ------------------------------------------------------------------ within a column


def _centred(geo: pl.Geometry, line: Line, *around: Line | None) -> bool:
    """A centred line, not one line of a block set in on both sides (a
    quotation): such a block's lines share their edges."""
    lay = line.layout
    if not _set_centred(geo, lay):
        return False
    for other in around:
        o = other.layout if other is not None else None
        if o is None or o.page != lay.page or o.column != lay.column:
            continue
        if abs(o.x0 - lay.x0) <= 1.0 or abs(o.x1 - lay.x1) <= 1.0:
            return False  # an edge shared with the line above or below
    return True


def _starts(
    geo: pl.Geometry, cur: list[Line], prev: Line, line: Line, nxt: Line | None, recent: list[Line]
) -> tuple[bool, bool]:
    """Does ``line`` start a new paragraph after ``prev`` (the last line of
    ``cur``) in the same column?  Returns (new, after a gap)."""
    a, b = prev.layout, line.layout
    em = b.size
    left, right = geo.edge(b)
    step = THRESHOLDS.pdf_indent * em
    if prev.no in geo.divisions or line.no in geo.divisions:
        return True, False
    if pl.is_label(prev.text) or pl.is_label(line.text):
        return True, False  # a division's label stands alone ("I", then "A")
    # The vertical gap, against the pitch of the lines above (or the size's usual one).
    delta = pl.advance(a, b)
    pitch = geo.pitch(max(a.size, b.size))
    if len(cur) >= 2 and cur[-2].layout.page == a.page and cur[-2].layout.column == a.column:
        z = cur[-2].layout
        if abs((a.top - z.top) - (a.bottom - z.bottom)) <= THRESHOLDS.pdf_size_step:  # two plain lines
            pitch = min(pitch, max(pl.advance(z, a), 0.5 * a.size))
    gap = delta > THRESHOLDS.pdf_paragraph_gap * pitch
    c_prev = _centred(geo, prev, recent[-2] if len(recent) >= 2 else None, line)
    c_this = _centred(geo, line, prev, nxt)
    size_change = abs(a.size - b.size) >= THRESHOLDS.pdf_size_step
    bold_change = a.bold != b.bold
    if c_prev or c_this:
        # Centred lines of one type, one under the other, are one display line
        # (a title set on two; the longer line may reach the column's edges).
        together = (
            c_prev
            and c_this
            and not size_change
            and not bold_change
            and not gap
            and not ends_sentence(prev.text.strip())
        )
        return not together, gap
    if gap:
        return True, True
    if (size_change or bold_change) and not pl.fills(geo, a):
        if bold_change or pl.larger(geo, a) or pl.larger(geo, b):
            return True, False  # a heading set in type of its own, before or after the text
    if _short(geo, recent, a, b) and ends_sentence(prev.text.strip()):
        return True, False
    off_prev, off = a.x0 - left, b.x0 - left
    here = [x for x in cur if x.layout.page == a.page and x.layout.column == a.column]
    if here[0] is cur[0] and len(here) == 1:
        # Only the paragraph's first line so far: it may stand apart from the rest.
        if off >= off_prev + step:
            if off_prev <= -step and abs(off) < step:
                return False, False  # the paragraph hangs from a label set out in the margin ("¶ 7")
            # Set in under it: a new paragraph if that line ended a sentence or
            # is a title; otherwise the paragraph hangs from its first line (a list item).
            t = prev.text.strip()
            return ends_sentence(t) or _title_like(t) or size_change or bold_change, False
        if off <= -step and off <= off_prev - step:
            return True, False  # set out to the left: a hanging label opens a paragraph
        if (
            geo.indent_style
            and off >= step
            and abs(off - off_prev) < step
            and ends_sentence(prev.text.strip())
            and a.x1 < right - THRESHOLDS.pdf_flush * em
        ):
            return True, False  # two indented lines: a paragraph of one line, then the next
        return False, False
    return abs(off - off_prev) >= step, False


# ------------------------------------------------------------------ across a break


def _set_centred(geo: pl.Geometry, lay: Layout) -> bool:
    """Set in on both sides, on the column's middle; not a paragraph's first
    line set in by the text's usual indent (ragged on the right, it may look
    centred)."""
    left, right = geo.edge(lay)
    if geo.paragraph_indent is not None and abs(lay.x0 - left - geo.paragraph_indent) <= 1.0:
        return False
    return pl.centred(lay, left, right)


def _on_middle(geo: pl.Geometry, lay: Layout) -> bool:
    return pl.on_middle(lay, *geo.edge(lay))


def _short(geo: pl.Geometry, recent: list[Line], a: Layout, b: Layout) -> bool:
    """The line ``a`` stops short of its column's edge, and of the lines
    around it (a block set in on both sides has its own right edge)."""
    here = [x.layout.x1 for x in recent if x.layout.page == a.page and x.layout.column == a.column]
    return pl.is_short(geo, a) and a.x1 < max(here + [b.x1]) - THRESHOLDS.pdf_short_justified * a.size


def _title_like(text: str) -> bool:
    """A short line in capitals: a title, whatever follows it."""
    return weight(text) == 2 and pl.display_words(text) and len(text.split()) <= THRESHOLDS.title_line_words


def _starts_after_break(
    geo: pl.Geometry, unit: Unit, cur: list[Line], prev: Line, line: Line, nxt: Line | None
) -> bool:
    """Does the first line of a column (or page) start a new paragraph, or go
    on with the paragraph the last column ended?"""
    a, b = prev.layout, line.layout
    if prev.no in geo.divisions or line.no in geo.divisions:
        return True
    if pl.is_label(line.text) or pl.is_label(prev.text):
        return True
    first = cur[0].layout
    if _centred(geo, cur[0], *cur[1:2]) or all(x.layout.bold for x in cur) or pl.larger(geo, first):
        return True  # the unit before the break is a heading or a display line
    left, right = geo.edge(b)
    if _centred(geo, line, nxt):
        return True
    if abs(a.size - b.size) >= THRESHOLDS.pdf_size_step or a.bold != b.bold:
        return True
    em = b.size
    step = THRESHOLDS.pdf_indent * em
    off = b.x0 - left
    off_prev = a.x0 - geo.edge(a)[0]
    if len(cur) == 1 and off_prev < 2.5 * step:
        off_prev = 0.0  # a paragraph's first line only: the rest of it stands at the column's edge
    elif len(cur) >= 2:
        here = [x for x in cur if x.layout.page == a.page and x.layout.column == a.column]
        rest_lines = here[1:] if len(here) >= 2 and here[0] is cur[0] else here
        if rest_lines:
            off_prev = min(x.layout.x0 for x in rest_lines) - geo.edge(a)[0]
    if abs(off - off_prev) >= step:
        return True  # set in or out from the paragraph's lines: a new one (or a quotation)
    if geo.indent_style:
        return False  # paragraphs open set apart; this line is set like a continuation
    # Paragraphs set apart by space, which a break hides: one that ended a
    # sentence ended there, unless its last line ran flush to a justified edge.
    flush = geo.is_justified(a) and a.x1 >= geo.edge(a)[1] - THRESHOLDS.pdf_flush * a.size
    return ends_sentence(unit.text) and not flush


# ------------------------------------------------------------------ the unit's layout


def _unit_layout(geo: pl.Geometry, lines: list[Line]) -> Layout:
    first = lines[0].layout
    placed = [x.layout for x in lines if x.layout is not None]
    left, right = geo.edge(first)
    same = [x for x in placed if x.page == first.page]
    return replace(
        first,
        x0=min(x.x0 for x in placed),
        x1=max(x.x1 for x in placed),
        bottom=max(x.bottom for x in same),
        bold=all(x.bold for x in placed),
        italic=all(x.italic for x in placed),
        col_x0=left,
        col_x1=right,
    )


def _centred_group(geo: pl.Geometry, lines: list[Line]) -> bool:
    """Lines centred one under another: each on the column's middle, one at
    least set in on both sides, and not a block whose lines share their left
    edge (a quotation set in on both sides)."""
    lays = [x.layout for x in lines if x.layout is not None and x.layout.page == lines[0].layout.page]
    if not lays or not all(_on_middle(geo, x) for x in lays):
        return False
    if len(lays) >= 2 and all(abs(x.x0 - lays[0].x0) <= 1.0 for x in lays):
        return False
    return any(_set_centred(geo, x) for x in lays)


def _merge_runs(unit: Unit) -> None:
    """Italic and bold runs that a line break cut in two (``Utah Div. of`` /
    ``State Lands``) are one run again."""
    for kind in (ITALIC, BOLD):
        runs = sorted((s for s in unit.styles if s.kind == kind), key=lambda s: (s.start, s.end))
        if len(runs) < 2:
            continue
        merged: list[Style] = []
        for s in runs:
            if merged and s.start >= merged[-1].start and not unit.text[merged[-1].end : s.start].strip():
                last = merged[-1]
                merged[-1] = Style(last.start, max(last.end, s.end), kind, last.value)
            else:
                merged.append(s)
        unit.styles = [s for s in unit.styles if s.kind != kind] + merged


# ------------------------------------------------------------------ title blocks


def _display(geo: pl.Geometry, unit: Unit) -> bool:
    """A line set for display: centred, bold, larger, or a short line in a
    size of its own; not a division's label or name."""
    lay = unit.layout
    t = unit.text.strip()
    if lay is None or unit.nlines > THRESHOLDS.pdf_heading_lines or unit.words() > THRESHOLDS.pdf_heading_words:
        return False
    if pl.is_label(t) or kind_of(t).kind in ("part", "chapter", "scene", "front", "back", "decimal"):
        return False
    if _SECTION_NUMBER.match(t):
        return False  # "1. Introduction": a numbered section's heading
    if unit.first_line in geo.centred or lay.bold or pl.larger(geo, lay):
        return True
    width = max(lay.col_x1 - lay.col_x0, 1.0)
    if lay.x0 >= lay.col_x0 + THRESHOLDS.pdf_flush_right * width and pl.fills(geo, lay) and not ends_sentence(t):
        return True  # set flush right (a subtitle, a date under a title)
    other_size = abs(lay.size - geo.body_size) >= 1.0
    return other_size and unit.words() <= THRESHOLDS.title_line_words and not ends_sentence(t)


def _named(state: State, unit: Unit) -> bool:
    """The file's metadata names this line as the work's title or author."""

    def fold(text: str) -> str:
        return " ".join(re.sub(r"[\W_]+", " ", text).casefold().split())

    t = fold(unit.text)
    return bool(t) and any(fold(state.source_meta.get(k) or "") == t for k in ("title", "author"))


def _section_heading(geo: pl.Geometry, units: list[Unit], run: list[int]) -> bool:
    """The run's last line is larger than the body but smaller than the
    run's largest, and the text's prose follows it: a section's heading under
    the title, not a line of the title page."""
    last = units[run[-1]]
    after = units[run[-1] + 1] if run[-1] + 1 < len(units) else None
    sizes = [units[k].layout.size for k in run]
    return (
        pl.larger(geo, last.layout)
        and last.layout.size < max(sizes) - THRESHOLDS.pdf_size_step
        and after is not None
        and after.words() > THRESHOLDS.pdf_heading_words
    )


def _bridge(unit: Unit) -> bool:
    t = unit.text.strip()
    return unit.nlines == 1 and unit.words() <= THRESHOLDS.title_line_words + 2 and not ends_sentence(t)


def _title_blocks(state: State, geo: pl.Geometry, units: list[Unit]) -> list[Unit]:
    """Runs of display lines at the head of the text, or of a division (the
    page a division's name stands on): title-page matter, kept as front matter."""
    placed = [u for u in units if u.layout is not None]
    if not placed:
        return units
    pages = {placed[0].layout.page}
    pages.update(u.layout.page for u in placed if u.first_line in geo.divisions)
    out: list[Unit] = []
    i = 0
    while i < len(units):
        run: list[int] = []
        j = i
        while j < len(units):
            u = units[j]
            if u.layout is None or u.layout.page not in pages or u.role == "figure":
                break
            if u.first_line in geo.divisions:
                j += 1  # a division's name among the display lines is kept (as its heading)
                continue
            if not _display(geo, u):
                # A short line between two display lines belongs with them (a
                # caption's line that reaches the column's edges).
                after = units[j + 1] if j + 1 < len(units) else None
                if not (run and run[-1] == j - 1 and after is not None and _bridge(u) and _display(geo, after)):
                    break
            run.append(j)
            j += 1
        if len(run) >= THRESHOLDS.pdf_title_block and _section_heading(geo, units, run):
            run.pop()  # the first heading of the text, set smaller than the title above it
            j = run[-1] + 1
        if len(run) >= THRESHOLDS.pdf_title_block:
            # A line the file's metadata names as the title or author is left to the
            # front-matter pass, which takes the title page by that evidence —
            # also under a line of the block (a masthead's last line, a series).
            kept = {k for k in run if _named(state, units[k])}
            # An article's authors line, its names marked for their affiliations: the
            # front-matter pass takes the names as the text's author.
            kept |= {k for k in run if k > run[0] and marked_authors(units[k].text) and units[k].nlines <= 2}
            for k in range(i, j):
                u = units[k]
                if k in run and k not in kept:
                    state.record(
                        "front-matter", u.lines, "title block (display lines set apart) taken as front matter", u.text
                    )
                else:
                    out.append(u)
            i = j
            continue
        out.append(units[i])
        i += 1
    return out
