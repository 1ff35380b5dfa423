"""Figure markers: where an e-text says a figure stood.

A transcription cannot carry the printed book's pictures, plates and music
examples, so it leaves a bracketed marker in their place, in many spellings:
``[Illustration: Fig. 3.--The caption.]``, ``[Illustration]``,
``[ILLUSTRATION: …]``, ``[Music: Treble clef.]``, ``[Fig. 2. Human ear …]``,
``[Fig.3. …]``, ``[Plate II. …]``, ``[Frontispiece: …]``.  A marker may run
over several lines and blank lines (a plate's caption with its legend), stand
in a block of lines kept as lines, share its line with the text that follows
it (``[Music: …] &c.``), or be set into the run of a paragraph.

This pass cuts every marker out of its unit into a unit of its own, with the
role ``figure``; the structure pass sets it as a
:class:`~readerbook.model.FigurePlaceholder` whose caption is the marker's
text (:func:`figure_block`).

- A marker that begins a source line stands where it stands: the text before
  it and the text after it become units of their own.
- A marker inside a line belongs to no sentence around it (the typesetter's
  figure stood near that place on the page): it is lifted out, the paragraph
  reads on without it, and the figure is set after the paragraph, recorded.

A bracket never closed within a few units is no marker
(``THRESHOLDS.figure_marker_units``); a
word that only looks like one (``[Music Director]``, ``[Plates and Figures
were numbered …]``) is not taken, since a marker's word is followed by its
separator (``:``, ``.``, a dash, ``]``) or, for a numbered figure, its number.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import FigurePlaceholder
from .inlines import inlines_of
from .state import State, Unit
from .thresholds import THRESHOLDS

# Words that name what a marker stands for, followed by their separator…
_NAMED = "Illustrations?|Music|Image|Picture|Frontispiece|Map|Diagram|Drawing|Photograph|Portrait|Engraving|Woodcut"
# …and a numbered figure or plate, whose words stay in the caption ("Fig. 1. Shows …").
_NUMBERED = r"Fig\.?|Figure|Plate"
MARKER = re.compile(
    rf"\[\s*(?:(?P<word>(?:{_NAMED})(?:\s*(?:[:.]|[-–—]+)|(?=\s*\])|(?=\s+of\b)))"
    rf"|(?=(?:{_NUMBERED})\s*(?:\d|(?-i:[IVXLC]+)\b)))",
    re.I,
)
ROLE = "figure"
# A figure's caption ("Fig. 3. The harbour", "Plate 2: …"), and its label alone ("Fig. 1.").
CAPTION = re.compile(r"^(?:Fig\.?|Figure|Plate|Illustration)\s*\d+[a-z]?[.:]?\s+\S", re.I)
CAPTION_LABEL = re.compile(r"^(?:Fig\.?|Figure|Plate|Illustration)\s*\d+[a-z]?[.:]?$", re.I)
_SPACES_AT_BREAK = re.compile(r"[ \t]+(?=\n)|(?<=\n)[ \t]+")


def set_figures(state: State) -> None:
    """Cut every figure marker out of its unit into a ``figure`` unit."""
    units = list(state.units)
    out: list[Unit] = []
    i = 0
    while i < len(units):
        made, used = _take(state, units, i)
        out.extend(made)
        i += used
    state.units = out


def _take(state: State, units: list[Unit], i: int) -> tuple[list[Unit], int]:
    """The units unit ``i`` becomes, and how many units were used up.  When a
    marker standing on its own line is cut out, the text after it replaces
    the unit it ends in (``units`` is changed), to be looked at again."""
    unit = units[i]
    if unit.role == ROLE or "[" not in unit.text:
        return [unit], 1
    lifted: list[Unit] = []
    cuts: list[tuple[int, int]] = []  # the lifted markers, taken out of the text all at once
    pos = 0
    # Where each bracket closes, worked out once per text (not once per marker:
    # a text may hold thousands of brackets that never close).
    closers = _closers(unit.text)
    joined: tuple[Unit, list[int], dict[int, int]] | None = None
    while True:
        m = MARKER.search(unit.text, pos)
        if m is None:
            return [_cut(unit, cuts)[0], *lifted], 1
        start = m.start()
        if _begins_line(unit, start):
            if cuts:  # lifted markers before this one leave the text first
                unit, moved = _cut(unit, cuts)
                start, cuts, closers, joined = moved(start), [], _closers(unit.text), None
            end, k, source, stop = closers.get(start), i, unit, len(unit.text)
            if end is None:
                if joined is None:
                    joined = _joined(units, i, unit)
                source, bases, found = joined
                end = found.get(start)
                if end is None:
                    pos = m.end()
                    continue
                k = i + sum(1 for base in bases if base <= end)
                stop = bases[k - i] - 1 if k - i < len(bases) else len(source.text)  # unit k's end
            before = _piece(unit, source, 0, start, first=True)
            figure = _figure_unit(source, start, end + 1)
            figure.gap_before = 0 if before is not None else unit.gap_before
            after = _piece(units[k], source, end + 1, stop, first=False)
            made = ([before] if before is not None else []) + lifted + [figure]
            if after is not None:
                units[k] = after
                return made, k - i
            return made, k - i + 1
        end = closers.get(start)
        if end is None:
            pos = m.end()
            continue
        figure = _figure_unit(unit, start, end + 1)
        lifted.append(figure)
        state.record(
            "figure", figure.lines, "figure marker inside a paragraph: the figure is set after it", figure.text[:60]
        )
        # The space on one side of the marker goes with it, so the sentence reads on.
        a, b = start, end + 1
        if b < len(unit.text) and unit.text[b] == " ":
            b += 1
        elif a > 0 and unit.text[a - 1] == " ":
            a -= 1
        cuts.append((a, b))
        pos = b


def _cut(unit: Unit, cuts: list[tuple[int, int]]):
    """The unit without the text of ``cuts`` (a copy), and how an offset moves."""
    if not cuts:
        return unit, lambda pos: pos
    unit = _copy(unit)
    return unit, unit.delete(cuts)


def _begins_line(unit: Unit, start: int) -> bool:
    """Nothing but spaces before ``start`` on its source line."""
    line_start = max([o for o, _ in unit.spans if o <= start] + [unit.text.rfind("\n", 0, start) + 1])
    return not unit.text[line_start:start].strip()


def _closers(text: str) -> dict[int, int]:
    """Where each bracket of ``text`` closes (brackets inside it nest); one never closed has none."""
    out: dict[int, int] = {}
    opened: list[int] = []
    for k, ch in enumerate(text):
        if ch == "[":
            opened.append(k)
        elif ch == "]" and opened:
            out[opened.pop()] = k
    return out


def _joined(units: list[Unit], i: int, unit: Unit) -> tuple[Unit, list[int], dict[int, int]]:
    """The unit with those after it that a marker may run through (a caption
    with a blank line in it), where each of those starts, and the brackets' closes."""
    joined = _copy(unit)
    bases: list[int] = []
    for k in range(i + 1, min(len(units), i + THRESHOLDS.figure_marker_units)):
        bases.append(len(joined.text) + 1)
        joined.append(units[k], "\n")
    return joined, bases, _closers(joined.text)


def _copy(unit: Unit) -> Unit:
    return replace(
        unit,
        spans=list(unit.spans),
        refs=list(unit.refs),
        styles=list(unit.styles),
        line_indents=list(unit.line_indents),
    )


def _figure_unit(unit: Unit, start: int, end: int) -> Unit:
    figure = unit.sub(start, end)
    figure.role = ROLE
    figure.nlines = len(figure.lines)
    figure.line_indents = []
    return figure


def _piece(owner: Unit, joined: Unit, start: int, end: int, first: bool) -> Unit | None:
    """The text of ``joined`` between ``start`` and ``end``, spaces trimmed, as
    a unit set as ``owner`` (the unit it lies in) was: its role, and the
    indentation of the lines it keeps (the first lines, or the last)."""
    text = joined.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    piece = joined.sub(start, end)
    piece.role = owner.role
    count = piece.text.count("\n") + 1
    indents = owner.line_indents
    piece.line_indents = (indents[:count] if first else indents[-count:]) if len(indents) >= count else []
    piece.nlines = count if owner.role else len(piece.lines)
    if first:
        piece.gap_before, piece.page_break_before = owner.gap_before, owner.page_break_before
        piece.width, piece.rest_indent = owner.width, owner.rest_indent
    return piece


def is_image(unit: Unit) -> bool:
    """A figure unit for an image the reader found on a page (a PDF's), not a marker of the text."""
    return unit.role == ROLE and not unit.text and unit.hint is not None and unit.hint.kind == "figure"


def same_page(a: Unit, b: Unit) -> bool:
    return a.layout is not None and b.layout is not None and a.layout.page == b.layout.page


def figure_block(state: State, unit: Unit, caption: Unit | None = None) -> FigurePlaceholder:
    """A figure unit as a placeholder.  A marker's text is its caption (its own
    word and brackets recorded as removed); an image has no text, and takes
    the caption set beside it, if any."""
    if is_image(unit):
        lines = tuple(sorted({*unit.lines, *(caption.lines if caption is not None else ())}))
        what = unit.hint.path if unit.hint is not None else "an image"
        detail = "image not reproduced: set as a placeholder" + (" with the caption beside it" if caption else "")
        state.record("figure", lines, detail, what)
        return FigurePlaceholder(inlines_of(caption) if caption is not None else [], lines)
    text = unit.text
    m = MARKER.match(text)
    start = m.end() if m else 0
    end = len(text) - 1 if text.endswith("]") else len(text)
    if m and m.group("word"):
        state.record("removed-text", (unit.first_line,), "e-text figure marker", text[: m.end()])
    while start < end and text[start].isspace():
        start += 1
    caption = unit.sub(start, end) if start < end else unit.sub(end, end)
    # A caption kept line for line (a music example's words set in columns) keeps
    # its lines, not the spaces that placed them.
    caption.delete([m.span() for m in _SPACES_AT_BREAK.finditer(caption.text)])
    lines = tuple(unit.lines)
    state.record("figure", lines, "figure marker without its figure: set as a placeholder", text[:60])
    return FigurePlaceholder(inlines_of(caption), lines)
