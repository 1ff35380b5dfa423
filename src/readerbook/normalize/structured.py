"""Structured sources (web pages, Markdown, DOCX, EPUB): the source's elements
are the units, and what the source says each is decides its block.

The readers give every line a hint (heading, paragraph, list item, table
cell, preformatted, figure, break; the containers it stands in; the
source's own class names).  This module turns hinted units into blocks; the
same passes as for plain texts run before it (emendations, e-text furniture,
web debris, notes), and text evidence still decides where a structured
source says nothing (a paragraph that is a figure marker).
"""

from __future__ import annotations

import re

from ..ir import BOLD, SMALL_CAPS
from ..model import (
    BlockQuote,
    Epigraph,
    FigurePlaceholder,
    Heading,
    Inline,
    Letter,
    ListBlock,
    Paragraph,
    Preformatted,
    SectionBreak,
    Str,
    Table,
    Verse,
    inline_text,
)
from .headings import LIST_ITEM, OUTLINE, kind_of
from .inlines import inlines_of, plain
from .state import State, Unit
from .thresholds import THRESHOLDS

STRUCTURED_FORMATS = ("html", "markdown", "docx", "epub")
PARAGRAPH_KINDS = {"salutation", "signature", "dateline", "letter-title", "attribution", "speech", "direction"}
VERSE_CLASSES = {"verse", "poem", "stanza", "poetry", "line", "poemline", "i0", "i1", "i2", "i4"}
FIGURE_PREFIX = "[Figure not reproduced: "  # as readers/markdown.py reads it
FIGURE_BARE = "[Figure not reproduced]"
# A line that only marks a break between sections: stars (``* * *``, ``***``), an
# asterism or a fleuron, a lone ``#``, ``§`` or ``~``, spaced dots or bullets.
SECTION_MARK = re.compile(r"^(?:\*\s*){1,5}$|^(?:#|§|~|⁂|❧|❦)\s*$|^(?:[*·•]\s+){2,}[*·•]$")
# A quotation container holding headings, or most of the text, is the page's
# layout (a site that indents everything), not a quotation.
LAYOUT_QUOTE_SHARE = 0.5


def is_structured(state: State) -> bool:
    return state.format in STRUCTURED_FORMATS and any(line.hint is not None for line in state.lines)


def structured_units(state: State) -> list[Unit]:
    """One unit per element: lines of one element (split by line breaks)
    joined by newlines; each table cell, list item and paragraph its own."""
    units: list[Unit] = []
    key = None
    for line in state.lines:
        if line.no in state.removed:
            continue
        hint = line.hint
        if hint is None:
            if not line.text.strip():
                continue
            units.append(Unit.from_line(line, 1))
            key = None
            continue
        if hint.kind != "break" and not line.text.strip():
            continue
        this = (hint.group, hint.kind, hint.label, hint.container)
        if units and key == this and hint.kind not in ("break",):
            unit = Unit.from_line(line)
            if hint.kind == "pre":
                unit = Unit(line.text.rstrip(), [(0, line.no)], 0, 0)
            units[-1].append(unit, "\n")
            continue
        if hint.kind == "pre":
            unit = Unit(line.text.rstrip(), [(0, line.no)], 1, 0)
            unit.hint, unit.role = hint, "verbatim"
        else:
            unit = Unit.from_line(line, 1)
            if hint.kind == "break":
                unit.role = "break"
        units.append(unit)
        key = this
    return units


def _quote_depth(unit: Unit) -> int:
    return unit.hint.container.split(">").count("quote") if unit.hint else 0


def _quote_key(unit: Unit, depth: int) -> str:
    """The element path of the unit's quotation at ``depth`` (two quotations
    side by side are two quotations)."""
    if unit.hint is None:
        return ""
    parts = unit.hint.path.split("/")
    seen = 0
    for k, part in enumerate(parts):
        if part.split("[")[0] == "blockquote":
            seen += 1
            if seen == depth:
                return "/".join(parts[: k + 1])
    return unit.hint.container


def layout_quotes(state: State, units: list[Unit]) -> set[int]:
    """Indexes of units whose quotation container is only the page's layout."""
    out: set[int] = set()
    i = 0
    while i < len(units):
        if _quote_depth(units[i]) == 0:
            i += 1
            continue
        j = i
        while j < len(units) and _quote_depth(units[j]) > 0:
            j += 1
        run = units[i:j]
        holds_headings = any(u.hint and u.hint.kind == "heading" for u in run)
        if holds_headings or len(run) > LAYOUT_QUOTE_SHARE * len(units):
            out.update(range(i, j))
        i = j
    return out


def structured_block(state: State, units: list[Unit], i: int, blocks: list, detect) -> int:
    """The block a hinted unit (and those that go with it) makes; 0 for a
    unit without a hint (the text detectors decide).  ``detect``: the
    structure pass's detectors, for a quotation's contents."""

    unit = units[i]
    hint = unit.hint
    if hint is None or unit.role == "figure":  # a figure marker in the text (figures.py): the text's evidence decides
        return 0
    if unit.role == "break":
        if blocks and not isinstance(blocks[-1], (SectionBreak, Heading)) and i + 1 < len(units):
            blocks.append(SectionBreak(lines=tuple(unit.lines)))
        return 1
    in_quote = _quote_depth(unit) > 0 and i not in state.layout_quotes
    if in_quote:
        return _quotation(state, units, i, blocks, detect)
    if hint.kind == "heading":
        return _heading(state, units, i, blocks)
    if hint.kind == "p" and SECTION_MARK.match(unit.text.strip()):
        # A web page's section break set as a paragraph (<p class="center">* * *</p>), as a text sets it.
        blocks.append(SectionBreak(lines=tuple(unit.lines)))
        state.record("section-break", unit.lines, "section mark set as a section break", unit.text)
        return 1
    if hint.kind == "p" and _set_as_heading(unit) and not _heading_run(units, i):
        # A paragraph set wholly in bold or small capitals, short and unpunctuated:
        # a heading the source did not mark as one (Word documents often do this).
        block = Heading(2, inlines_of(unit), lines=tuple(unit.lines))
        state.heading_levels[id(block)] = IMPLICIT_HEADING_LEVEL + _size_rank(units, unit)
        blocks.append(block)
        state.record(
            "heading", unit.lines, "a short paragraph set in bold or small capitals read as a heading", unit.text
        )
        return 1
    if hint.kind == "pre" or unit.role == "verbatim":
        blocks.append(Preformatted(unit.text, tuple(unit.lines)))
        return 1
    if hint.kind in ("figure", "caption"):
        if "img-alt" in hint.classes and _meaningless_alt(unit.text):
            state.record("removed", unit.lines, "image without a caption (its alt text names no content)", unit.text)
            return 1
        caption = unit
        if "figure-placeholder" in hint.classes and unit.text == FIGURE_BARE:
            state.record(
                "removed-text", (unit.first_line,), "the editor's figure note (readerbook sets its own)", FIGURE_BARE
            )
            caption = unit.sub(0, 0)
        elif "figure-placeholder" in hint.classes and unit.text.startswith(FIGURE_PREFIX) and unit.text.endswith("]"):
            state.record(
                "removed-text", (unit.first_line,), "the editor's figure note (readerbook sets its own)", FIGURE_PREFIX
            )
            caption = unit.sub(len(FIGURE_PREFIX), len(unit.text) - 1)
        blocks.append(FigurePlaceholder(inlines_of(caption), tuple(unit.lines)))
        return 1
    if hint.kind == "cell":
        return _table(units, i, blocks)
    if hint.kind == "item":
        return _list(units, i, blocks, hint.level)
    if hint.kind in ("dt", "dd"):
        return _definition_list(units, i, blocks)
    if _verse_class(unit) or (hint.kind == "p" and _broken_verse(unit)):
        # A poem the source marks by class (or epub:type, "z3998:poem"), or lines of verse it
        # parts with <br>: a stanza per paragraph, a Verse over the run of them.
        marked = _verse_class(unit)
        j = i
        stanzas = []
        while (
            j < len(units)
            and units[j].hint is not None
            and (_verse_class(units[j]) if marked else units[j].hint.kind == "p" and _broken_verse(units[j]))
        ):
            u = units[j]
            if _quote_depth(u) != _quote_depth(unit) or u.hint.kind != "p":
                break
            stanzas.append([inlines_of(u, a, b) for a, b in u.line_ranges()])
            j += 1
        blocks.append(Verse(stanzas, tuple(n for u in units[i:j] for n in u.lines)))
        if not marked:
            state.record("verse", tuple(n for u in units[i:j] for n in u.lines), "lines parted by <br> read as verse")
        return j - i
    kind = next((c for c in hint.classes if c in PARAGRAPH_KINDS), "body")
    if kind == "speech":
        speaker = next((s for s in unit.styles if s.kind == BOLD and s.start == 0), None)
        if speaker is not None:
            blocks.append(
                Paragraph(
                    inlines_of(unit, speaker.end),
                    tuple(unit.lines),
                    kind="speech",
                    speaker=inlines_of(unit, 0, speaker.end),
                )
            )
            return 1
    blocks.append(Paragraph(inlines_of(unit), tuple(unit.lines), kind=kind))
    return 1


def _verse_class(unit: Unit) -> bool:
    return any(c in VERSE_CLASSES or c.rpartition(":")[2] in VERSE_CLASSES for c in unit.hint.classes)


def _broken_verse(unit: Unit) -> bool:
    """A paragraph whose lines the source parts with <br>, each a line of verse:
    enough of them, each short and of several words, opening with capitals, none
    ending in a word broken at the line's end (an address or a list of names has
    too few words a line; prose parted by <br> runs long)."""
    lines = [unit.text[a:b].strip() for a, b in unit.line_ranges()]
    if len(lines) < THRESHOLDS.verse_min_lines or not all(lines):
        return False
    if any(len(t) > THRESHOLDS.web_verse_line_chars for t in lines):
        return False
    if any(re.search(r"[^\W\d_]-$", t) for t in lines):
        return False
    words = sum(len(t.split()) for t in lines)
    if words < THRESHOLDS.verse_min_words * len(lines):
        return False
    caps = sum(1 for t in lines[1:] if t.lstrip("“\"‘'([—–-")[:1].isupper())
    return caps >= THRESHOLDS.verse_caps_share * (len(lines) - 1)


PROSE_HEADING_WORDS = 30  # a "heading" longer than this is a paragraph
IMPLICIT_HEADING_LEVEL = 7  # below every heading the source marks itself
HEADING_RUN = 3  # this many bold lines in a row are a letterhead or a title block, not headings


def font_size(unit: Unit) -> int | None:
    """The type size the reader found a paragraph set in (a Word document's,
    in half points), if it says."""
    if unit.hint is None:
        return None
    for c in unit.hint.classes:
        m = re.fullmatch(r"font-size-(\d+)hp", c)
        if m:
            return int(m.group(1))
    return None


def _size_rank(units: list[Unit], unit: Unit) -> int:
    """A heading the source did not mark ranks by its type size among the
    others: the largest size is the highest rank (0), a smaller one below it.
    Without sizes every such heading has one rank."""
    size = font_size(unit)
    if size is None:
        return 0
    sizes = sorted(
        {
            z
            for u in units
            if u.hint is not None and u.hint.kind == "p" and (z := font_size(u)) is not None and _set_as_heading(u)
        },
        reverse=True,
    )
    return sizes.index(size)


def set_alike(unit: Unit) -> tuple:
    """How a paragraph is set: its emphasis (bold, small capitals) and type size."""
    kinds = frozenset(s.kind for s in unit.styles if s.kind in (BOLD, SMALL_CAPS) and s.end > s.start)
    return kinds, font_size(unit)


def _heading_run(units: list[Unit], i: int) -> bool:
    """A run of bold lines set alike (a letterhead, a title block), which a
    heading set otherwise ends."""
    look = set_alike(units[i])

    def bold(k: int) -> bool:
        u = units[k]
        return u.hint is not None and u.hint.kind == "p" and _set_as_heading(u) and set_alike(u) == look

    run, k = 1, i - 1
    while k >= 0 and bold(k):
        run, k = run + 1, k - 1
    k = i + 1
    while k < len(units) and bold(k):
        run, k = run + 1, k + 1
    return run >= HEADING_RUN


def letterhead(units: list[Unit]) -> tuple[int, int] | None:
    """The first letterhead in a structured source: a run of short lines set
    alike in bold capitals ("DEPARTMENT OF THE NAVY" / the issuing office /
    "DISCHARGE REVIEW DECISIONAL DOCUMENT"), as (start, end) in ``units``."""
    i = 0
    while i < len(units):
        u = units[i]
        if u.hint is None or u.hint.kind != "p" or not _set_as_heading(u) or not _capitals(u.text):
            i += 1
            continue
        look, j = set_alike(u), i + 1
        while (
            j < len(units)
            and units[j].hint is not None
            and units[j].hint.kind == "p"
            and _set_as_heading(units[j])
            and _capitals(units[j].text)
            and set_alike(units[j]) == look
        ):
            j += 1
        if j - i >= HEADING_RUN:
            return i, j
        i = j
    return None


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _set_as_heading(unit: Unit) -> bool:
    t = unit.text.strip()
    words = t.split()
    if not words or len(words) > 12 or "\n" in t or not (t[0].isupper() or t[0].isdigit()):
        return False
    if t.endswith((".", ",", ";", ":", "!", "?")) and not t.isupper():
        return False
    covered = [0] * len(t)
    for s in unit.styles:
        if s.kind in (BOLD, SMALL_CAPS):
            for k in range(max(0, s.start), min(len(t), s.end)):
                covered[k] = 1
    letters = [k for k, c in enumerate(t) if c.isalnum()]
    return bool(letters) and all(covered[k] for k in letters)


def _meaningless_alt(text: str) -> bool:
    """Alt text that is a file name or a number ("Illo15", "image 3", "cover"), not a description."""
    t = text.strip()
    return len(t.split()) < 2 or bool(
        re.fullmatch(r"(?i)(?:img|image|illo|illus\w*|fig\w*|pic\w*|photo|cover|plate)[\W_]*\d*", t)
    )


def _heading(state: State, units: list[Unit], i: int, blocks: list) -> int:
    from .headings import is_label_only

    unit = units[i]
    hint = unit.hint
    if unit.words() > PROSE_HEADING_WORDS:
        # A paragraph of prose a word processor styled as a heading.
        blocks.append(Paragraph(inlines_of(unit), tuple(unit.lines)))
        state.record("heading", unit.lines, "a long paragraph styled as a heading read as a paragraph", unit.text[:60])
        return 1
    label = hint.label or None
    nxt = units[i + 1] if i + 1 < len(units) else None
    # "Chapter I" and "Introductory" set as two headings of one level: one heading with its label.
    if (
        label is None
        and is_label_only(plain(unit))
        and nxt is not None
        and nxt.hint is not None
        and nxt.hint.kind == "heading"
        and nxt.hint.level == hint.level
        and not is_label_only(plain(nxt))
    ):
        lines = tuple(unit.lines) + tuple(nxt.lines)
        block = Heading(2, inlines_of(nxt), label=plain(unit), lines=lines)
        state.heading_levels[id(block)] = hint.level
        blocks.append(block)
        state.record("heading", lines, f"heading '{plain(unit)} / {plain(nxt)}' (label and title merged)", plain(unit))
        return 2
    block = Heading(2, inlines_of(unit), label=label, lines=tuple(unit.lines))
    state.heading_levels[id(block)] = hint.level
    blocks.append(block)
    return 1


def _definition_list(units: list[Unit], i: int, blocks: list) -> int:
    """Terms (dt) and their definitions (dd): a definition list."""

    labels: list[str] = []
    items: list[list] = []
    j = i
    while j < len(units) and units[j].hint is not None and units[j].hint.kind in ("dt", "dd"):
        u = units[j]
        if u.hint.kind == "dt":
            labels.append(plain(u))
            items.append([])
        else:
            if not items:
                labels.append("")
                items.append([])
            items[-1].append(Paragraph(inlines_of(u), tuple(u.lines)))
        j += 1
    lines = tuple(n for u in units[i:j] for n in u.lines)
    blocks.append(ListBlock(False, items, 1, labels, lines, style="definitions"))
    return j - i


def _table(units: list[Unit], i: int, blocks: list) -> int:

    group = units[i].hint.group
    j = i
    cells: dict[tuple[int, int], Unit] = {}
    header_rows = set()
    while (
        j < len(units) and units[j].hint is not None and units[j].hint.kind == "cell" and units[j].hint.group == group
    ):
        m = re.match(r"(\d+):(\d+)", units[j].hint.label)
        r, c = (int(m.group(1)), int(m.group(2))) if m else (j - i, 0)
        cells[(r, c)] = units[j]
        if units[j].hint.level == 1:
            header_rows.add(r)
        j += 1
    rows_ = sorted({r for r, _ in cells})
    cols = sorted({c for _, c in cells})
    worded = [cell for cell in cells.values() if any(ch.isalnum() for ch in cell.text)]
    if len(cols) == 1 or len(cells) == 1 or len(rows_) == 1 and len(worded) == 1:
        # A table of one column only lays text out (a poem set in a table), and so does
        # one row whose other cells hold a mark hung in the margin (an opening quotation
        # mark beside a quoted list): its cells are the blocks, the mark opening the text.
        hung: list[Inline] = []
        for key in sorted(cells):
            cell = cells[key]
            if cell not in worded:
                hung.extend(inlines_of(cell))
                continue
            blocks.append(_cell_block(cell, hung))
            hung = []
        return j - i
    rows = [[inlines_of(cells[(r, c)]) if (r, c) in cells else [] for c in cols] for r in rows_]
    heads = 0
    for r in rows_:
        if r in header_rows:
            heads += 1
        else:
            break
    lines = tuple(n for u in units[i:j] for n in u.lines)
    blocks.append(Table(rows, heads, lines))
    return j - i


def _cell_block(cell: Unit, hung: list[Inline]) -> Paragraph | Verse | ListBlock:
    """A layout table's cell as a block: its lines a list when each opens with
    the next number of a run ("1. Trial of the Kaiser." / "2. Punishment …"),
    else a poem, else a paragraph; ``hung`` is a mark set beside it that opens it."""
    spans = cell.line_ranges()
    lines = tuple(cell.lines)
    labels = [LIST_ITEM.match(cell.text[a:b].strip()) for a, b in spans]
    numbers = [int(m.group("n")) if m and m.group("n") else None for m in labels]
    if len(spans) >= 2 and numbers[0] is not None and numbers == list(range(numbers[0], numbers[0] + len(spans))):
        items = []
        for k, ((a, b), m) in enumerate(zip(spans, labels)):
            start = a + (len(cell.text[a:b]) - len(cell.text[a:b].lstrip())) + m.start("rest")
            items.append([Paragraph(_opened(hung if k == 0 else [], inlines_of(cell, start, b)), lines)])
        return ListBlock(True, items, numbers[0], [m.group("label") for m in labels], lines)
    if len(spans) >= 2:
        verse = [inlines_of(cell, a, b) for a, b in spans]
        verse[0] = _opened(hung, verse[0])
        return Verse([verse], lines)
    return Paragraph(_opened(hung, inlines_of(cell)), lines)


def _opened(hung: list[Inline], seq: list[Inline]) -> list[Inline]:
    """``seq`` opened by the mark hung beside it, one run of text with it (the
    quotation marks are curled by the words they stand against)."""
    hung = [x for x in hung if not (isinstance(x, Str) and not x.text.strip())]
    if hung and seq and isinstance(hung[-1], Str) and isinstance(seq[0], Str):
        return hung[:-1] + [Str(hung[-1].text.strip() + seq[0].text)] + seq[1:]
    return hung + seq


def _list(units: list[Unit], i: int, blocks: list, level: int) -> int:
    """Consecutive items of one level make a list; deeper items nest in the item above."""

    items: list[list] = []
    labels: list[str] = []
    j = i
    container = units[i].hint.container
    while j < len(units) and units[j].hint is not None and units[j].hint.kind == "item":
        h = units[j].hint
        if h.level < level or h.container.count("list") < container.count("list") and h.level == level:
            break
        if h.level > level:
            nested: list = []
            used = _list(units, j, nested, h.level)
            if items:
                items[-1].extend(nested)
            else:
                items.append(nested)
            j += used
            continue
        items.append([Paragraph(inlines_of(units[j]), tuple(units[j].lines))])
        labels.append(h.label)
        j += 1
    ordered = bool(labels) and bool(re.match(r"^[\dA-Za-z]{1,4}[.)]$", labels[0]))
    start = int(labels[0][:-1]) if ordered and labels[0][:-1].isdecimal() else 1
    lines = tuple(n for u in units[i:j] for n in u.lines)
    blocks.append(ListBlock(ordered, items, start, None, lines))
    return j - i


def _quotation(state: State, units: list[Unit], i: int, blocks: list, detect_blocks) -> int:
    """A quotation container: its units become a block quotation (or an
    epigraph, or a letter, as the source's classes say)."""

    depth = _quote_depth(units[i])
    key = _quote_key(units[i], depth)
    j = i
    while (
        j < len(units)
        and _quote_depth(units[j]) >= depth
        and _quote_key(units[j], depth) == key
        and j not in state.layout_quotes
    ):
        if j > i and units[j].hint is not None and units[j].hint.kind == "heading":
            break
        j += 1
    inner_units = units[i:j]
    attribution = None
    if inner_units and inner_units[-1].hint is not None and "attribution" in inner_units[-1].hint.classes:
        attribution = inlines_of(inner_units[-1])
        inner_units = inner_units[:-1]
    saved = state.layout_quotes
    state.layout_quotes = set()  # indexes below are of the quotation's own units
    inner: list = []
    k = 0
    stripped = [_unquoted(u, depth) for u in inner_units]
    while k < len(stripped):
        k += detect_blocks(state, stripped, k, inner)
    state.layout_quotes = saved
    lines = tuple(n for u in units[i:j] for n in u.lines)
    classes = set(inner_units[0].hint.classes) if inner_units and inner_units[0].hint else set()
    if "epigraph" in classes:
        blocks.append(Epigraph(inner, attribution, lines))
    elif any(isinstance(b, Paragraph) and b.kind in ("salutation", "signature") for b in inner):
        blocks.append(Letter(inner, lines))
    else:
        blocks.append(BlockQuote(inner, attribution, lines))
    return j - i


def _unquoted(unit: Unit, depth: int) -> Unit:
    """The unit as seen inside its quotation (one quotation level less)."""
    from dataclasses import replace

    if unit.hint is None:
        return unit
    parts = unit.hint.container.split(">")
    for _ in range(depth):
        if "quote" in parts:
            parts.remove("quote")
    copy = unit.sub(0)
    copy.hint = replace(unit.hint, container=">".join(p for p in parts if p))
    copy.role, copy.gap_before = unit.role, unit.gap_before
    return copy


def structured_levels(state: State, blocks: list) -> None:
    """Heading levels from the source's own, by nesting: a heading sits one
    level under the nearest heading before it of a higher rank (an h4 under
    an h2 is level 2 where no h3 stands between them)."""
    stack: list[float] = []
    schemes: dict[int, list[tuple]] = {}  # source level -> outline styles met under the heading above
    for b in blocks:
        if not isinstance(b, Heading) or id(b) not in state.heading_levels:
            continue
        h = state.heading_levels[id(b)]
        for deeper in [k for k in schemes if k > h]:
            del schemes[deeper]
        # Headings set alike but numbered in an outline ("III." then "1.", "2."
        # under it): a new numbering scheme nests under the one before it.
        kind = kind_of(inline_text(b.inlines), b.label)
        met = schemes.setdefault(h, [])
        if kind.kind in OUTLINE:
            if kind.style not in met:
                met.append(kind.style)
            rank = h + OUTLINE_STEP * met.index(kind.style)
        else:
            met.clear()
            rank = h
        while stack and stack[-1] >= rank:
            stack.pop()
        stack.append(rank)
        b.level = min(1 + len(stack), 6)


OUTLINE_STEP = 0.1  # a numbering scheme's step below the source's heading level (less than one level)
