"""Recover structure: headings, epigraphs, block quotations, lists, letters,
figure placeholders and section breaks; then build the notes.

Each detector looks at the unit at ``i`` (and its neighbours) and returns how
many units it consumed, or 0.  They run in the order of ``DETECTORS``: the
more specific shape wins over the more general one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ..model import (
    BlockQuote,
    Epigraph,
    FigurePlaceholder,
    Heading,
    Inline,
    Letter,
    LineBreak,
    ListBlock,
    Note,
    NoteRef,
    Paragraph,
    Preformatted,
    SectionBreak,
    Str,
    Verse,
    inline_text,
)
from . import pdflayout
from .article import SUPPLIED_HEADING, abstract_label
from .caption import BYLINE
from .figures import CAPTION, CAPTION_LABEL, figure_block, is_image, same_page
from .figures import ROLE as FIGURE_ROLE
from .frontmatter import looks_like_authors
from .headings import (
    CHAPTER_LABEL,
    LIST_ITEM,
    NUMBER_TITLE,
    PART_LABEL,
    RANKS,
    ROMAN_TITLE,
    Kind,
    assign_levels,
    is_label_only,
    kind_of,
    scheme_of,
    series_number,
    weight,
)
from .inlines import inlines_of, plain
from .joining import ends_sentence, join_units
from .lineblocks import runs_on
from .plays import speech
from .state import State, Unit
from .structured import SECTION_MARK as _SECTION_MARK
from .structured import layout_quotes, structured_block, structured_levels
from .thresholds import THRESHOLDS

OPEN_QUOTES = ("“", '"', "‘", "'", "„", "«")
_CLOSE_QUOTE_END = re.compile(r"[”\"’'»][.,;:!?]?(?:\s*\[\[?\d+\*?\]\]?|\d{1,3})?\s*$")
_ELLIPSIS_START = re.compile(r"^(?:\.\s?\.\s?\.|…)")
_YEAR = re.compile(r"\b1[5-9]\d\d\b|\b20\d\d\b")


def _label_kind(m: re.Match, roman: bool = False) -> str:
    """The form of a list label: items of one list share it.  ``roman``: in a
    run of roman numerals, where "(i)" and "i." are the first numeral, not the ninth letter."""
    if m.group("bullet"):
        return "bullet"
    if m.group("rp") or roman and (m.group("p") or "") in _ROMAN:
        return "roman-p"
    if m.group("rl") or roman and (m.group("l") or "") in _ROMAN:
        return "roman-l"
    if m.group("p"):
        return "primed" if m.group("prime") else "p"
    return "b" if m.group("b") else "n" if m.group("n") else "l"


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}


def _roman_value(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if k + 1 < len(values) and v < values[k + 1] else v for k, v in enumerate(values))


def _label_value(m: re.Match, roman: bool = False) -> int | None:
    """The label's place in its run: 3 for "3." or "(3′)", 3 for "c." or "(c)",
    4 for "(iv)" (and, in a roman run, 1 for "(i)")."""
    numeral = m.group("rp") or m.group("rl") or (roman and (m.group("p") or m.group("l")))
    if numeral:
        return _roman_value(numeral)
    value = m.group("b") or m.group("n") or m.group("p") or m.group("l")
    if not value:
        return None
    return int(value) if value.isdecimal() else ord(value) - ord("a") + 1


def _opens_roman_run(units: list[Unit], i: int, first: re.Match) -> bool:
    """ "(i)" or "i." followed by "(ii)" or "ii.": the first of a run of roman numerals."""
    if "i" not in (first.group("p"), first.group("l")) or i + 1 >= len(units):
        return False
    second = LIST_ITEM.match(plain(units[i + 1]))
    return second is not None and (second.group("rp") or second.group("rl")) == "ii"


_SALUTATION = re.compile(
    r"^(?:My\s+)?(?:Dear|Dearest)\b[^.]{0,60}[,:!]?$|^(?:Sir|Madam|Comrades?|Gentlemen|Friends)[,:!]$", re.I
)
_SIGNATURE = re.compile(
    r"^\(?Signed\)?\b|^(?:Yours|With\b.{0,30}greetings|Sincerely|Respectfully|Fraternally|Faithfully)\b", re.I
)
_FIELD = re.compile(r"^[A-Z][A-Z .,'’&()-]{2,60}:\s+\S")
_MONTH = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")
_SMALL_WORDS = {
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "in",
    "on",
    "to",
    "for",
    "by",
    "at",
    "with",
    "as",
    "from",
    "vs",
    "is",
}


def detect_structure(state: State) -> None:
    units = state.units
    blocks = state.blocks
    structured = state.layout == "structured"
    if structured:
        state.layout_quotes = layout_quotes(state, units)
    i = 0 if structured else _epigraph(state, units, 0, blocks)
    while i < len(units):
        unit = units[i]
        if (
            state.layout == "blocks"
            and i > 0
            and unit.gap_before >= 2
            and blocks
            and not isinstance(blocks[-1], (Heading, SectionBreak))
        ):
            blocks.append(SectionBreak(lines=()))
            state.record("section-break", unit.first_line, f"{unit.gap_before} blank lines read as a section break")
        i += detect_blocks(state, units, i, blocks)
    if state.layout != "pdf":
        _restore_series(state, blocks)
    if structured:
        structured_levels(state, blocks)
    elif state.layout == "pdf":  # --- PDF: the headings' type ranks them before their kinds (pdflayout.py)
        pdflayout.heading_levels(state, blocks)
    else:
        _level_headings(blocks)
    _end_mark(state, blocks)
    state.units = []


def _restore_series(state: State, blocks: list) -> None:
    """A short paragraph numbered and titled like the headings around it, in the
    one place their series skips ("IV. The Reparation Commission." between the
    headings "III." and "V.", set as a plain paragraph by a transcriber), is
    the missing heading: it takes the level of the heading before it."""
    numbered = [
        (k, series)
        for k, b in enumerate(blocks)
        if isinstance(b, Heading) and (series := series_number(b.label or inline_text(b.inlines))) is not None
    ]
    for n, (a, (scheme, first)) in enumerate(numbered):
        # The next heading of the same numbering (sub-sections "1.", "2." may stand between).
        b, last = next(((b, v) for b, (sch, v) in numbered[n + 1 :] if sch == scheme), (None, None))
        if b is None or last != first + 2:
            continue
        found = [
            k
            for k in range(a + 1, b)
            if isinstance(blocks[k], Paragraph)
            and blocks[k].kind == "body"
            and _titled_number(inline_text(blocks[k].inlines)) == (scheme, first + 1)
        ]
        if len(found) != 1:
            continue
        k = found[0]
        para, before = blocks[k], blocks[a]
        blocks[k] = Heading(before.level, para.inlines, lines=para.lines)
        if id(before) in state.heading_levels:
            state.heading_levels[id(blocks[k])] = state.heading_levels[id(before)]
        state.record(
            "heading",
            para.lines,
            "numbered paragraph in the gap of a series of headings read as one",
            inline_text(para.inlines),
        )


def _titled_number(text: str) -> tuple[str, int] | None:
    """The series place of a short line that is a number and a title ("IV. The
    Reparation Commission."): None for a sentence or a bare number."""
    words = text.split()
    if (
        len(words) < 2
        or len(words) > THRESHOLDS.heading_max_words
        or not (ROMAN_TITLE.match(text) or NUMBER_TITLE.match(text))
    ):
        return None
    return series_number(text)


_END_MARK = re.compile(r"^\W*(?:the\s+end|finis|fin|ende|fine|konec|the\s+end\s+of\s+the\s+\w+)\W*$", re.I)


def _end_mark(state: State, blocks: list) -> None:
    """ "The End" set like a heading after the last words heads nothing: the
    book's closing mark, kept as a line of its own."""
    last = blocks[-1] if blocks else None
    if isinstance(last, Heading) and _END_MARK.match(inline_text(last.inlines)):
        blocks[-1] = Paragraph(last.inlines, last.lines)
        state.record("end-mark", last.lines, "closing mark set as a heading, kept as a line", inline_text(last.inlines))


def detect_blocks(state: State, units: list[Unit], i: int, blocks: list) -> int:
    """The block(s) that start at unit ``i``: the first detector that claims it wins."""
    for detect in DETECTORS:
        used = detect(state, units, i, blocks)
        if used:
            return used
    return 1


# ------------------------------------------------------------------ helpers


def _is_quoted(unit: Unit) -> bool:
    t = plain(unit)
    return t.startswith(OPEN_QUOTES) and bool(_CLOSE_QUOTE_END.search(t))


def _opens_quote(unit: Unit) -> bool:
    return plain(unit).startswith(OPEN_QUOTES)


def _title_case(text: str) -> bool:
    words = [w.strip("“”\"‘’'()!?.,:;") for w in text.split()]
    words = [w for w in words if w and w[0].isalpha()]
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(big) and all(w[0].isupper() for w in big)


def _attribution(unit: Unit) -> bool:
    t = plain(unit)
    if len(t.split()) > 16 or not t:
        return False
    if t.startswith(("—", "–", "-- ")):
        return True
    if t.endswith((".", ":", ";")) and not _YEAR.search(t[-6:]):
        return False
    if not (t[0].isupper() or t.startswith("(")):
        return False
    return bool(_YEAR.search(t)) or "," in t or looks_like_authors(t)


# ------------------------------------------------------------------ detectors


def _epigraph(state: State, units: list[Unit], i: int, blocks: list) -> int:
    """Quotation(s) plus an attribution at the very start of a text."""
    j = i
    while j < len(units) and j - i < 4 and _opens_quote(units[j]):
        j += 1
    if j == i or j >= len(units) or not _attribution(units[j]):
        return i
    quote = [Paragraph(inlines_of(u), tuple(u.lines)) for u in units[i:j]]
    attr = units[j]
    lines = tuple(n for u in units[i : j + 1] for n in u.lines)
    blocks.append(Epigraph(quote, inlines_of(attr), lines))
    state.record("epigraph", lines, "opening quotation with attribution set as an epigraph", units[i].text[:60])
    return j + 1


def _line_block(state: State, units: list[Unit], i: int, blocks: list) -> int:
    """Lines kept as lines (see lineblocks.py): verse (consecutive stanzas
    make one poem), text kept verbatim, and short lines set one under
    another (a list of names, an inscription, an address)."""
    unit = units[i]
    if unit.role == "verbatim":
        blocks.append(Preformatted(unit.text, tuple(unit.lines)))
        return 1
    if unit.role == "verse":
        verse, j = _verse(units, i)
        blocks.append(verse)
        return j - i
    if unit.role == "lines":
        parts = _entry_lines(unit)
        texts = [unit.text[a:b].strip() for a, b in parts]
        if (
            len(parts) >= 3
            and all(t[:1].isupper() or t[:1].isdigit() for t in texts)
            and not any(t.endswith((",", ";")) for t in texts)
        ):
            items = [[Paragraph(_run_on(inlines_of(unit, a, b)), tuple(_lines_in(unit, a, b)))] for a, b in parts]
            blocks.append(ListBlock(False, items, 1, None, tuple(unit.lines)))
            state.record("list", unit.lines, f"{len(parts)} short lines set one under another read as a list", texts[0])
            return 1
        blocks.append(Paragraph(inlines_of(unit), tuple(unit.lines)))
        return 1
    return 0


def _verse(units: list[Unit], i: int) -> tuple[Verse, int]:
    """The poem whose first stanza is unit ``i`` (consecutive stanzas make one
    poem), and the index of the unit after it."""
    j = i + 1
    while j < len(units) and units[j].role == "verse" and units[j].gap_before <= 2:
        j += 1
    stanzas, indents = [], []
    for u in units[i:j]:
        lines = u.line_ranges()
        stanzas.append([inlines_of(u, a, b) for a, b in lines])
        step = max(1, THRESHOLDS.indent_step)
        indents.append([ind // step for ind in (u.line_indents or [0] * len(lines))])
    lines_ = tuple(n for u in units[i:j] for n in u.lines)
    return Verse(stanzas, lines_, indents if any(any(x) for x in indents) else []), j


def _attribution_under(state: State, above: Unit, unit: Unit) -> bool:
    """A name set right under a displayed quotation or poem, with no blank line
    between and further in than it ("GEORGE JACOB HOLYOAKE." at the right
    margin), or after a dash: who wrote the words above."""
    t = plain(unit)
    if unit.nlines != 1 or unit.role or unit.gap_before or unit.words() > THRESHOLDS.attribution_words:
        return False
    if t.startswith(("—", "–", "--")):
        return True
    set_right = state.layout == "wrapped" and unit.indent >= above.indent + THRESHOLDS.quote_indent
    return set_right and (looks_like_authors(t.rstrip(".")) or weight(t) == 2 and not ends_sentence(t.rstrip(".")))


def _prose_follows(units: list[Unit], j: int) -> bool:
    """A paragraph of prose comes next (not a heading, another poem, or the end)."""
    return j < len(units) and not units[j].role and units[j].words() > THRESHOLDS.heading_max_words


def _verse_epigraph(state: State, units: list[Unit], i: int, blocks: list) -> int:
    """A poem right under a heading, signed with its poet's name and followed by
    the division's prose, is the division's epigraph; a short line over it in
    capitals or title case is the poem's title, not a subheading ("ANARCHY." over
    Mackay's poem at the head of an essay)."""
    if not blocks or not isinstance(blocks[-1], Heading):
        return 0
    title = None
    v = i
    t = plain(units[i])
    if (
        not units[i].role
        and units[i].nlines == 1
        and 0 < units[i].words() <= THRESHOLDS.heading_max_words
        and not is_label_only(t)
        and (weight(t) == 2 or _title_case(t))
        and not t.endswith((":", ","))
    ):
        title, v = units[i], i + 1
    if v >= len(units) or units[v].role != "verse":
        return 0
    verse, j = _verse(units, v)
    if j >= len(units) or not _attribution_under(state, units[j - 1], units[j]) or not _prose_follows(units, j + 1):
        return 0
    inner: list = [Paragraph(inlines_of(title), tuple(title.lines))] if title is not None else []
    inner.append(verse)
    lines = tuple(n for u in units[i : j + 1] for n in u.lines)
    blocks.append(Epigraph(inner, inlines_of(units[j]), lines))
    state.record(
        "epigraph", lines, "poem signed by its poet under a heading set as the division's epigraph", units[i].text[:60]
    )
    return j + 1 - i


def _entry_lines(unit: Unit) -> list[tuple[int, int]]:
    """The unit's lines as entries: an unfinished line ("… esp. ch. 81-") whose
    next line is set in deeper runs on into it (a hanging indent)."""
    parts = unit.line_ranges()
    indents = unit.line_indents if len(unit.line_indents) == len(parts) else [0] * len(parts)
    out: list[tuple[int, int]] = []
    for k, (a, b) in enumerate(parts):
        if out and runs_on(unit.text[out[-1][0] : out[-1][1]], unit.text[a:b], indents[k] - indents[0]):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _run_on(seq: list[Inline]) -> list[Inline]:
    """Line breaks inside one entry read as spaces (none after a hyphen)."""
    out: list[Inline] = []
    for node in seq:
        if isinstance(node, LineBreak):
            joint = "" if out and isinstance(out[-1], Str) and out[-1].text.endswith("-") else " "
            node = Str(joint)
        if isinstance(node, Str) and out and isinstance(out[-1], Str):
            out[-1] = Str(out[-1].text + node.text)
        else:
            out.append(node)
    return out


def _lines_in(unit: Unit, a: int, b: int) -> list[int]:
    return sorted({unit.line_at(a), *(no for o, no in unit.spans if a <= o < b)})


def _definitions(state: State, units: list[Unit], i: int, blocks: list) -> int:
    """Terms each followed by their definition set in under them (a glossary,
    an RFC's terminology): at least three such pairs make a definition list."""
    if state.layout != "wrapped":
        return 0
    pairs: list[tuple[Unit, list[Unit]]] = []
    k = i
    while k + 1 < len(units) and _term(state, units[k]) and _definition(state, units[k], units[k + 1]):
        body = [units[k + 1]]
        k += 2
        while k < len(units) and _continues_definition(state, body[0], body[-1], units[k]):
            body.append(units[k])
            k += 1
        pairs.append((units[k - 1 - len(body)], body))
    if len(pairs) < THRESHOLDS.definition_list_min:
        return 0
    items = []
    for _, body in pairs:
        paras = [body[0]]
        for u in body[1:]:
            if _runs_on_into(paras[-1], u):
                join_units(state, paras[-1], u, "line")  # a definition cut by a blank line mid-sentence
            else:
                paras.append(u)
        items.append([Paragraph(inlines_of(u), tuple(u.lines)) for u in paras])
    labels = [plain(t) for t, _ in pairs]
    lines = tuple(n for t, body in pairs for n in (*t.lines, *(m for d in body for m in d.lines)))
    blocks.append(ListBlock(False, items, 1, labels, lines, style="definitions"))
    state.record("list", lines, f"definition list of {len(pairs)} terms", labels[0])
    return k - i


def _continues_definition(state: State, first: Unit, last: Unit, unit: Unit) -> bool:
    """More of a definition: a paragraph set in as far as it (or further: an
    example) with no blank line between, or the rest of a sentence the
    definition left open."""
    if unit.role or unit.indent < first.indent:
        return False
    return unit.gap_before == 0 or _runs_on_into(last, unit) and unit.gap_before <= THRESHOLDS.definition_gap


def _runs_on_into(before: Unit, unit: Unit) -> bool:
    """A paragraph left open ("(LWS and/or") that the next one finishes ("separators) MUST …")."""
    return unit.indent <= before.indent and not ends_sentence(before.text) and unit.text[:1].islower()


def _term(state: State, unit: Unit) -> bool:
    t = plain(unit)
    return (
        unit.nlines == 1
        and not unit.role
        and 0 < unit.words() <= THRESHOLDS.definition_term_words
        and unit.indent <= state.base_indent
        and not ends_sentence(t)
        and not t.endswith((",", ";", ":"))
    )


def _definition(state: State, term: Unit, unit: Unit) -> bool:
    set_in = unit.indent >= term.indent + THRESHOLDS.indent_step
    return set_in and unit.gap_before == 0 and not unit.role


def _section_mark(state: State, units: list[Unit], i: int, blocks: list) -> int:
    unit = units[i]
    if not _SECTION_MARK.match(unit.text):
        return 0
    blocks.append(SectionBreak(lines=tuple(unit.lines)))
    state.record("section-break", unit.lines, "section mark set as a section break", unit.text)
    return 1


def _figure(state: State, units: list[Unit], i: int, blocks: list) -> int:
    """A figure marker or an image (figures.py), with the caption set next to
    an image; else a caption standing alone, whose figure the source lacks."""
    unit = units[i]
    nxt = units[i + 1] if i + 1 < len(units) else None
    if unit.role == FIGURE_ROLE:
        if is_image(unit) and nxt is not None and _caption(nxt, label_only=True) and same_page(unit, nxt):
            blocks.append(figure_block(state, unit, nxt))
            return 2
        blocks.append(figure_block(state, unit))
        return 1
    if not _caption(unit):
        return 0
    if nxt is not None and is_image(nxt) and same_page(unit, nxt):  # a caption set above its image
        blocks.append(figure_block(state, nxt, unit))
        return 2
    blocks.append(FigurePlaceholder(inlines_of(unit), tuple(unit.lines)))
    state.record("figure", unit.lines, "figure caption without its figure: set as a placeholder", unit.text)
    return 1


def _caption(unit: Unit, label_only: bool = False) -> bool:
    """A figure's caption ("Fig. 3. The harbour", "Plate 2: …"); beside an image, its label alone ("Fig. 1.")."""
    if unit.role:
        return False
    if label_only and CAPTION_LABEL.match(unit.text):
        return True
    return bool(CAPTION.match(unit.text)) and not (unit.words() > 25 or ends_sentence(unit.text) and unit.words() > 15)


def _letter(state: State, units: list[Unit], i: int, blocks: list) -> int:
    """Salutation … signature (and date): a letter quoted in full."""
    start = i
    if i + 1 < len(units) and _SALUTATION.match(plain(units[i + 1])) and _short_title(units[i]):
        salutation_at = i + 1
    elif _SALUTATION.match(plain(units[i])):
        salutation_at = i
    else:
        return 0
    end = None
    for k in range(salutation_at + 1, min(len(units), salutation_at + 80)):
        if is_label_only(plain(units[k])) or kind_of(plain(units[k])).kind in ("part", "chapter", "front", "back"):
            break  # the next section or letter begins: this one was not signed in the usual way
        if _SIGNATURE.match(plain(units[k])) and units[k].words() <= 12:
            end = k
            break
    if end is None:
        return 0
    stop = end + 1
    # A short closing line (a name) and a dateline may follow the valediction.
    while (
        stop < len(units)
        and stop - end <= 2
        and units[stop].words() <= 8
        and (_MONTH.search(units[stop].text) or _YEAR.search(units[stop].text) or looks_like_authors(units[stop].text))
    ):
        stop += 1
    inner: list = []
    for k in range(start, stop):
        u = units[k]
        if k < salutation_at:
            kind = "letter-title"
        elif k == salutation_at:
            kind = "salutation"
        elif k >= end and (_MONTH.search(u.text) or _YEAR.search(u.text)) and u.words() <= 8 and k > end:
            kind = "dateline"
        elif k >= end:
            kind = "signature"
        else:
            kind = "body"
        inner.append(Paragraph(inlines_of(u), tuple(u.lines), kind=kind))
    lines = tuple(n for u in units[start:stop] for n in u.lines)
    blocks.append(Letter(inner, lines))
    state.record(
        "letter", lines, f"letter of {stop - start} paragraphs (salutation to signature)", units[salutation_at].text
    )
    return stop - start


def _short_title(unit: Unit) -> bool:
    t = plain(unit)
    return 0 < len(t.split()) <= 20 and not ends_sentence(t)


def _list(state: State, units: list[Unit], i: int, blocks: list) -> int:
    if state.layout == "pdf" and pdflayout.typed_heading(state, units, i):  # --- PDF: a heading by its type
        return 0  # ("(m) Operational Readiness Flight" in bold) is no list item
    first = LIST_ITEM.match(plain(units[i]))
    if not first:
        return 0
    roman = _opens_roman_run(units, i, first)
    kind = _label_kind(first, roman)
    if kind in ("l", "roman-l") and _label_value(first, roman) != 1:
        return 0  # a lettered run starts at "a.", a roman one at "i."; "e. g." or "i. e." opens no list
    items: list[tuple[Unit, re.Match]] = []
    k = i
    expected = None
    while k < len(units):
        m = LIST_ITEM.match(plain(units[k]))
        if not m or k > i and state.layout == "pdf" and pdflayout.typed_heading(state, units, k):  # --- PDF
            break
        if _label_kind(m, roman) != kind:
            break
        if kind != "bullet":
            value = m.group("b") or m.group("n") or m.group("p") or m.group("l") or ""
            # Numbers run in order; so do letters and roman numerals, except "(a)" labels (kept as they were read before).
            if value.isdigit() or kind in ("l", "roman-p", "roman-l"):
                v = _label_value(m, roman)
                if expected is not None and v != expected:
                    break
                expected = v + 1
        if kind == "bullet" and m.group("bullet") in "-*" and units[k].words() > 60:
            break
        items.append((units[k], m))
        k += 1
    if len(items) < 2 or kind != "bullet" and _numbering_resumes(units, i, k, kind, items):
        return 0
    ordered = kind != "bullet"
    block_items, labels = [], []
    for unit, m in items:
        offset = _offset_in_unit(unit, m.group("rest"))
        block_items.append([Paragraph(inlines_of(unit, offset), tuple(unit.lines))])
        labels.append(m.group("label"))
    start_value = items[0][1].group("b") or items[0][1].group("n") or items[0][1].group("p") or "1"
    lines = tuple(n for u, _ in items for n in u.lines)
    blocks.append(ListBlock(ordered, block_items, int(start_value) if start_value.isdecimal() else 1, labels, lines))
    state.record(
        "list", lines, f"{'numbered' if ordered else 'bulleted'} list of {len(items)} items", items[0][0].text[:60]
    )
    return len(items)


def _item_number(unit: Unit, kind: str, digits: bool = True) -> int | None:
    """The number of a numbered unit's label (or a lettered or roman one's, with ``digits`` false)."""
    roman = kind.startswith("roman")
    m = LIST_ITEM.match(plain(unit))
    if not m or _label_kind(m, roman) != kind:
        return None
    if roman:
        return _label_value(m, roman) if not digits else None
    value = m.group("b") or m.group("n") or m.group("p") or m.group("l")
    return _label_value(m) if value.isdigit() == digits else None


def _numbering_resumes(units: list[Unit], i: int, k: int, kind: str, items: list) -> bool:
    """Numbered paragraphs, not a list: the numbering runs on across paragraphs
    of another kind set between the numbered ones (verses with their
    commentary, entries with a paragraph of remarks between them)."""
    digits = kind not in ("l", "roman-p", "roman-l") and (items[0][1].group("p") or "1").isdigit()
    first = _item_number(items[0][0], kind, digits)
    last = _item_number(items[-1][0], kind, digits)
    if first is None or last is None:
        return False
    gap, slack = THRESHOLDS.numbered_resume_gap, THRESHOLDS.numbered_resume_skip

    def prose(between: list[Unit]) -> bool:  # a paragraph of the author's, not a stray line kept as set
        return any(not u.role and u.words() >= THRESHOLDS.numbered_resume_words for u in between)

    for j in range(k, min(len(units), k + 1 + gap)):
        v = _item_number(units[j], kind, digits)
        if v is not None:
            return last < v <= last + 1 + slack and prose(units[k:j])
    for j in range(i - 1, max(-1, i - 2 - gap), -1):
        v = _item_number(units[j], kind, digits)
        if v is not None:
            return first - 1 - slack <= v < first and prose(units[j + 1 : i])
    return False


def _offset_in_unit(unit: Unit, rest: str) -> int:
    """Where the text after a list label starts, in the unit's own text."""
    at = unit.text.find(rest[:20])
    return at if at >= 0 else 0


def _heading(state: State, units: list[Unit], i: int, blocks: list) -> int:
    unit = units[i]
    t = plain(unit)
    prev = units[i - 1] if i > 0 else None
    nxt = units[i + 1] if i + 1 < len(units) else None
    after = units[i + 2] if i + 2 < len(units) else None
    if not _heading_shape(state, unit, t, prev, nxt, after, _continues_series(blocks, t)) or _in_listing(units, i):
        return 0
    # "CHAPTER I." + "INTRODUCTORY.", "216." + "TO STEINER": one heading with its label.
    worded = bool(PART_LABEL.match(t) or CHAPTER_LABEL.match(t))
    if is_label_only(t) and nxt is not None and _title_line(state, nxt, worded):
        lines = tuple(unit.lines) + tuple(nxt.lines)
        # The label is kept as text, without its note references ("272.[1]",
        # or "1.1" read as "1." citing note 1): they open the title, where
        # they stand, instead of being lost.
        cited = [x for x in inlines_of(unit) if isinstance(x, NoteRef)]
        blocks.append(Heading(2, cited + inlines_of(nxt), label=t, lines=lines))
        state.record("heading", lines, f"heading '{t} / {plain(nxt)}' (label and title merged)", t)
        return 2
    blocks.append(Heading(2, inlines_of(unit), lines=tuple(unit.lines)))
    state.record("heading", unit.lines, "heading", t)
    return 1


def _labelled_line(unit: Unit) -> str | None:
    """The kind of a line that is a label and its title together ("ACT II.  The
    Garden…"), with the form of its label (a word, a roman or an arabic number)."""
    t = plain(unit)
    kind = kind_of(t)
    if kind.kind in ("chapter", "part", "numbered", "scene") and not is_label_only(t):
        first = t.split()[0].rstrip(".:")
        form = "roman" if re.fullmatch(r"[IVXLC]+", first) else "arabic" if first.isdigit() else first.lower()
        return f"{kind.kind}:{form}"
    return None


def _in_listing(units: list[Unit], i: int) -> bool:
    """Three or more labelled lines one after another, with no text between,
    list the divisions (a contents or the scenes of a play); they head nothing."""
    kind = _labelled_line(units[i])
    if kind is None:
        return False
    run = 1
    for step in (-1, 1):
        k = i + step
        while 0 <= k < len(units) and _labelled_line(units[k]) == kind and units[k].words() <= 16:
            run += 1
            k += step
    return run >= 3


def _title_line(state: State, unit: Unit, worded_label: bool = False) -> bool:
    """The title line that follows a chapter label."""
    if state.layout == "pdf" and unit.layout is not None:  # --- PDF: set as a heading, and no label itself
        return pdflayout.title_line(state, unit)
    t = plain(unit)
    words = t.split()
    if not words or len(words) > 2 * THRESHOLDS.heading_max_words or unit.nlines > 3 or unit.role:
        return False
    if not (t[0].isupper() or t[0] in OPEN_QUOTES or t[0] == "("):
        return False
    if is_label_only(t) or kind_of(t).kind == "scene":
        return False
    if t.rstrip().endswith((":", ",", ";")):
        return False
    if worded_label:  # "CHAPITRE III." + a title of two or three lines in sentence case
        return True
    if _dateline(unit):
        return False  # "277." + "Vienna, Sept. 21, 1819.": a letter numbered, dated, and not titled
    return unit.nlines == 1 or weight(t) == 2 or _title_case(t)


def _recurring_lines(state: State) -> set[str]:
    """Short lines that stand again and again (a signature, a byline): not headings."""
    cached = getattr(state, "_recurring", None)
    if cached is None:
        counts = Counter(plain(u) for u in state.units if u.words() <= 3)
        cached = {t for t, n in counts.items() if n >= 3}
        state._recurring = cached  # type: ignore[attr-defined]
    return cached


def _signature(t: str, prev: Unit | None, nxt: Unit | None, after: Unit | None = None) -> bool:
    """A name standing after the last paragraph of a section (the author of a
    preface or a letter signing it), or under a poem, is a signature, not a
    heading; a name before a salutation is a byline. ``after`` is the unit
    after ``nxt``."""
    name = looks_like_authors(t.rstrip(".")) or (len(t.split()) == 1 and weight(t) == 2)
    if not name or prev is None:
        return False
    if nxt is not None and (_SALUTATION.match(plain(nxt)) or plain(nxt).endswith(":") and nxt.words() <= 12):
        return True  # a byline before the salutation ("MADISON" / "To the People of the State of New York:")
    if prev.role == "verse":
        return True  # the poet, under the poem
    if plain(prev).rstrip().endswith(","):
        return True  # the name under a valediction ("Your friend,")
    if _valediction(prev):
        return True  # the name under a valediction set without its comma ("Your" / "L. VAN BEETHOVEN.")
    if prev.words() < 6 and not prev.role and prev.nlines < 2:
        return False
    if nxt is None:
        return True
    if nxt.words() > THRESHOLDS.heading_max_words:
        return False  # prose follows: a heading ("SHAMANS."), not a signature
    if t.endswith("."):
        return True
    n = plain(nxt)
    if nxt.words() <= 8 and (_MONTH.search(n) or _YEAR.search(n)):
        return True  # a dateline follows the signature
    if after is not None and nxt.words() <= THRESHOLDS.place_line_words and n.endswith(",") and _dateline(after):
        return True  # the place and date of the signing follow ("Ardis," / "November 27, 419 B.O.M.")
    return nxt.words() <= THRESHOLDS.heading_max_words and (kind_of(n).kind not in ("caps", "plain") or weight(n) == 2)


_VALEDICTION = re.compile(
    r"^(?:Your|Yours|Ever|Always|Affectionately|Sincerely|Faithfully|Respectfully|Cordially)\b", re.I
)
# A month, written out or abbreviated ("Sept. 21, 1819"): with a year, a line is a date.
_MONTH_ABBR = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.|\b(?:janv|févr|avr|juil|sept|oct|nov|déc)\.", re.I
)

_YEAR_LAST = re.compile(r"(?:^|[\s,])(?:1[5-9]\d\d|20\d\d)\.?$")  # "Vienna, 1819.", "1819."


def _valediction(unit: Unit) -> bool:
    """The closing words of a letter or foreword before its signature ("Your",
    "Yours truly", "Ever"): short, opening with a valediction, no sentence."""
    t = plain(unit)
    return (
        unit.words() <= THRESHOLDS.valediction_words
        and unit.nlines == 1
        and not ends_sentence(t)
        and bool(_VALEDICTION.match(t) or _SIGNATURE.match(t))
    )


def _dateline(unit: Unit) -> bool:
    """A short line naming a date ("November 27, 419 B.O.M.", "Vienna, Sept. 21,
    1819.", "1819."): a month, or a year standing as the line's last word."""
    t = plain(unit)
    if unit.words() > THRESHOLDS.dateline_words or unit.nlines > 1:
        return False
    if _MONTH.search(t) or _MONTH_ABBR.search(t):
        return any(c.isdigit() for c in t)
    return bool(_YEAR_LAST.search(t))


def _continues_series(blocks: list, t: str) -> bool:
    """The line is numbered next in the series of the headings above it ("V."
    after "IV. DEATH BY WATER"): its number, not its words, makes it a heading."""
    this = series_number(t)
    if this is None:
        return False
    for block in reversed(blocks):
        if isinstance(block, Heading):
            last = series_number(block.label or inline_text(block.inlines))
            if last is not None and last[0] == this[0]:
                return last[1] + 1 == this[1]
    return False


def _heading_shape(
    state: State,
    unit: Unit,
    t: str,
    prev: Unit | None,
    nxt: Unit | None,
    after: Unit | None = None,
    in_series: bool = False,
) -> bool:
    if state.layout == "pdf" and unit.layout is not None:  # --- PDF: its type and place decide (pdflayout.py)
        return pdflayout.heading_shape(state, unit, t, prev, nxt)
    words = t.split()
    if unit.first_line in state.underlined and unit.nlines == 1 and words:
        return True  # underlined in the source
    if (
        not words
        or len(words) > THRESHOLDS.heading_max_words
        or len(t) > THRESHOLDS.heading_max_chars
        or unit.nlines > 2
        or unit.role
    ):
        return False
    if prev is not None and plain(prev).rstrip().endswith((":", ",")) and (len(words) > 6 or not t[0].isupper()):
        return False  # a longer line after a colon is the quotation or item it introduces
    if not (t[0].isupper() or t[0].isdigit() or t[0] in OPEN_QUOTES):
        return False
    if nxt is None:
        return False
    kind = kind_of(t)
    core = t.rstrip("”’\"'»")
    if core.endswith((",", ";")) or core.endswith(("--", "—", "–")):
        return False  # a salutation or a sentence broken off
    if BYLINE.match(t):  # who wrote the opinion, not a division of it
        return False
    if _valediction(unit) and (looks_like_authors(plain(nxt).rstrip(".")) or weight(plain(nxt)) == 2):
        return False  # "Your" over the signature "J. M. CARSTAIRS.": a letter's closing words
    if t in _recurring_lines(state) and kind.kind in ("caps", "plain"):
        return False  # a signature or byline that every section repeats
    if kind.kind in ("caps", "plain", "lettered", "numbered") and not in_series and _signature(t, prev, nxt, after):
        # ("L. VAN BEETHOVEN." opens like a numbered or lettered heading; "V. WHAT THE
        # THUNDER SAID" reads like a name too, but its number follows "IV." above)
        return False
    if kind.weight == 2 and core.endswith("!"):
        return False  # an exclamation in capitals
    if kind.kind in ("part", "chapter", "scene", "front", "back", "decimal", "roman", "number", "letter"):
        return not core.endswith(":") or kind.kind in ("front", "back")
    if kind.kind in ("numbered", "lettered") and LIST_ITEM.match(t) and not weight(t) == 2 and not _title_case(t):
        return False  # "1. The first thing…": a list item, not a numbered heading
    if core.endswith(":"):
        return False
    if kind.kind == "date" and core.endswith("."):
        return False  # a dateline ("1819."), not a heading
    if len(words) <= 6 and _MONTH.search(t) and _YEAR.search(t):
        return False  # "Decided January 20, 2022": a dateline
    if _FIELD.match(t) and any(u is not None and _FIELD.match(plain(u)) for u in (prev, nxt)):
        return False  # "FOR RESPONDENT: …" among other such lines: fields of a caption, not headings
    if core.endswith(".") and kind.weight != 2:
        return False  # a sentence, not a heading (capitals may end with a stop: "INTRODUCTION.")
    if core.endswith(("?", "!")) and not _title_case(t):
        return False  # a question or a slogan, not a heading
    if state.layout == "wrapped":
        # In wrapped text only a line that stands apart, in capitals or title case, is a heading.
        outdented = unit.indent < state.base_indent and unit.nlines == 1
        if len(t) > THRESHOLDS.heading_max_width * max(state.body_width, 1) and not outdented:
            return False  # (a line set out to the left of an indented body is no paragraph's last line)
        if not (kind.weight == 2 or _title_case(t) or outdented):
            return False  # (a line set out to the left of the body is a heading whatever its case)
    return True


def _quotation(state: State, units: list[Unit], i: int, blocks: list) -> int:
    """Displayed quotations: by measure in wrapped text, by signals otherwise."""
    unit = units[i]
    if not _is_block_quote(state, units, i):
        return 0
    j = i + 1
    while j < len(units) and _continues_quote(state, units, j):
        j += 1
    paras: list = []
    inner = units[i:j]
    k = 0
    while k < len(inner):  # a quoted statute's lettered clauses stay a list inside the quotation
        used = _list(state, inner, k, paras)
        if not used:
            paras.append(Paragraph(inlines_of(inner[k]), tuple(inner[k].lines)))
            used = 1
        k += used
    attribution = None
    if j < len(units) and (
        _attribution(units[j]) and _opens_quote(units[j - 1]) or _attribution_under(state, units[j - 1], units[j])
    ):
        attribution = inlines_of(units[j])
        j += 1
    lines = tuple(n for u in units[i:j] for n in u.lines)
    if attribution is not None and blocks and isinstance(blocks[-1], Heading) and _prose_follows(units, j):
        # A signed quotation right under a heading, before its prose: the division's epigraph.
        blocks.append(Epigraph(paras, attribution, lines))
        state.record("epigraph", lines, "signed quotation under a heading set as an epigraph", unit.text[:60])
        return j - i
    blocks.append(BlockQuote(paras, attribution, lines))
    state.record(
        "block-quote",
        lines,
        f"block quotation of {len(paras)} paragraph(s)" + (" with attribution" if attribution else ""),
        unit.text[:60],
    )
    return j - i


# A citation standing as its own line under a quotation: "Id. § 10310(c)(1).",
# "N.C. Gen. Stat. § 163-231(b)(1).", "Fusaro v. Cogan , 930 F.3d 241, 257".
CITATION = re.compile(
    r"^(?:(?:See\s+)?(?:Id|Ibid)\.(?:\s|$)"
    r"|(?:\d{1,3}\s+)?[A-Z][\w.’']*(?:\s+[A-Z][\w.’']*){0,5}\s+§§?\s*\d"
    r"|[^,]{1,120}\sv\.\s[^,]{1,120},\s+\d{1,4}\s+[A-Z])"
)
# A statute's subsection under the one quoted before it ("(1) All ballots …"),
# or a line of dots marking what the quotation leaves out.
_SUBSECTION = re.compile(r"^\((?:[a-z]{1,2}|\d{1,3})\)\s+\S")
_OMISSION = re.compile(r"^(?:\.\s?){3,5}$|^…$")


def _cited_quotation(state: State, units: list[Unit], i: int, blocks: list) -> int:
    """A passage its citation follows on the very next line, where the text
    otherwise parts its paragraphs with blank lines ("The terms …" / "Id. §
    10310(c)(1)."): the copy kept the quotation's element apart from the
    author's text resuming under it.  The quotation may run over a statute's
    subsections and the omission lines between them ("(b) …", "(1) …"), when
    a colon introduces it; each is a paragraph of the quotation, not a list
    item.  The citation stays the author's paragraph."""
    if state.layout != "blocks" or _editor_says(state, units[i]) is False or units[i].gap_before == 0:
        return 0
    if i == 0 or units[i].role or units[i].words() < THRESHOLDS.cited_quote_words:
        return 0
    k = i
    while True:
        if k + 1 >= len(units) or k - i >= THRESHOLDS.cited_quote_units:
            return 0
        nxt = units[k + 1]
        t = plain(nxt)
        if nxt.gap_before == 0:
            if not CITATION.match(t):
                return 0
            break
        if not (_SUBSECTION.match(t) or _OMISSION.match(t)) or nxt.role:
            return 0
        k += 1
    if k > i and not (_SUBSECTION.match(plain(units[i])) and plain(units[i - 1]).endswith(":")):
        return 0
    paras = [Paragraph(inlines_of(u), tuple(u.lines)) for u in units[i : k + 1]]
    lines = tuple(n for u in units[i : k + 1] for n in u.lines)
    blocks.append(BlockQuote(paras, None, lines))
    state.record(
        "block-quote",
        lines,
        f"block quotation of {len(paras)} paragraph(s), its citation under it",
        plain(units[i])[:60],
    )
    return k + 1 - i


def _editor_mark(state: State, unit: Unit, marks: tuple[str, ...]) -> bool:
    t = plain(unit)
    return any(t.startswith(m) for m in marks)


def _editor_says(state: State, unit: Unit) -> bool | None:
    """The editor's own marking in book.yaml, when there is one: it wins."""
    if _editor_mark(state, unit, state.options.not_block_quotes):
        return False
    if _editor_mark(state, unit, state.options.block_quotes):
        return True
    return None


def _is_block_quote(state: State, units: list[Unit], i: int) -> bool:
    unit = units[i]
    marked = _editor_says(state, unit)
    if marked is not None:
        return marked
    if unit.first_line in state.opening_paragraphs:
        return False  # an article's abstract or keywords, set in by its journal: the author's words
    if state.layout == "pdf" and unit.layout is not None:  # --- PDF: set in, or set smaller (pdflayout.py)
        return pdflayout.block_quote(state, units, i, plain(units[i - 1]) if i > 0 else "")
    if state.layout == "wrapped":
        width = max(state.body_width, 1)
        base = state.base_indent
        if unit.rest_indent is not None:  # several lines: the block as a whole is set in, or narrower
            return (
                unit.rest_indent >= base + THRESHOLDS.indent_step
                or unit.nlines >= 3
                and 0 < unit.width <= THRESHOLDS.quote_max_width * width
            )
        first = state.paragraph_indent if state.paragraph_indent is not None else base
        return unit.indent >= first + THRESHOLDS.quote_indent
    return _quote_score(units, i) >= 2


_LOWERED = re.compile(r"\[[a-z]\][a-z]")


def _quote_score(units: list[Unit], i: int) -> int:
    unit = units[i]
    t = plain(unit)
    prev = plain(units[i - 1]) if i > 0 else ""
    if BYLINE.match(prev):
        prev = ""  # "GORMAN, Appellate Immigration Judge:" introduces the opinion, not a quotation
    score = 0
    if prev.endswith((":", ",")):
        score += 2
    if _ELLIPSIS_START.match(t):
        score += 2
    # "[t]he …": a capital the writer lowered to fit the quotation into a sentence.
    if t[:1].islower() or _LOWERED.match(t):
        # The paragraph before leads into it (a colon, a comma, or a sentence left open: "We observed that").
        leads = prev.endswith((":", ",")) or prev[-1:].isalpha()
        score += 2 if leads or _ELLIPSIS_START.search(t) else 1
    if _is_quoted(unit) and unit.words() >= 8:
        score += 2
    return score


def _continues_quote(state: State, units: list[Unit], j: int) -> bool:
    unit = units[j]
    marked = _editor_says(state, unit)
    if marked is not None:
        return marked
    if unit.first_line in state.opening_paragraphs:
        return False  # an article's abstract or keywords, set in by its journal: the author's words
    if state.layout == "pdf" and unit.layout is not None:  # --- PDF: set in like the paragraph before
        return pdflayout.continues_quote(state, units, j)
    if state.layout == "wrapped":
        return False
    t = plain(unit)
    prev = plain(units[j - 1])
    if _ELLIPSIS_START.match(t):
        return True
    # An opening quotation mark left unclosed runs on into the next paragraph.
    if prev.startswith(OPEN_QUOTES) and not _CLOSE_QUOTE_END.search(prev) and t.startswith(OPEN_QUOTES):
        return True
    return False


def _paragraph(state: State, units: list[Unit], i: int, blocks: list) -> int:
    unit = units[i]
    blocks.append(Paragraph(inlines_of(unit), tuple(unit.lines)))
    return 1


def _structured(state: State, units: list[Unit], i: int, blocks: list) -> int:
    """A hinted unit's block; a quotation container's contents go through these same detectors."""
    return structured_block(state, units, i, blocks, detect_blocks)


def _opening(state: State, units: list[Unit], i: int, blocks: list) -> int:
    """An article's abstract heading, and its abstract and keyword lines as
    paragraphs (article.py): whatever their type, the author's words."""
    unit = units[i]
    if unit.first_line in state.opening_heads and abstract_label(unit.text):
        # A heading readerbook supplies holds none of the source's letters: it stands on no line.
        supplied = unit.first_line in state.supplied_heads and unit.text == SUPPLIED_HEADING and not unit.hint
        blocks.append(Heading(2, inlines_of(unit), lines=() if supplied else tuple(unit.lines)))
        state.record("heading", unit.lines, "heading (an article's abstract)", plain(unit))
        return 1
    if unit.first_line in state.opening_paragraphs and not unit.role:
        return _paragraph(state, units, i, blocks)
    return 0


DETECTORS: list[Callable[[State, list[Unit], int, list], int]] = [
    _structured,
    _opening,
    _verse_epigraph,
    _line_block,
    speech,
    _definitions,
    _section_mark,
    _figure,
    _letter,
    _cited_quotation,
    _list,
    _heading,
    _quotation,
    _paragraph,
]


def _level_headings(blocks: list) -> None:
    """Levels from the kinds and styles of the headings, in reading order
    (see headings.py); the text's top divisions are level 2 (its title is 1)."""
    items = []
    headings = []
    for k, block in enumerate(blocks):
        if not isinstance(block, Heading):
            continue
        kind = kind_of(inline_text(block.inlines), block.label)
        directly_under = k > 0 and isinstance(blocks[k - 1], Heading)
        items.append((kind, directly_under))
        headings.append(block)
    # A number standing alone ("277.") in a series of numbered titles ("276. TO
    # HERR BLÖCHLINGER") is one of them whose title is missing: it takes their level.
    titled = {k.scheme for k, _ in items if k.kind == "numbered"}
    for n, (kind, directly_under) in enumerate(items):
        text = inline_text(headings[n].inlines)
        if kind.kind in ("number", "roman") and scheme_of(text) in titled:
            items[n] = (Kind("numbered", RANKS["numbered"], kind.weight, scheme=scheme_of(text)), directly_under)
    for block, level in zip(headings, assign_levels(items)):
        block.level = min(level + 1, 6)


# ------------------------------------------------------------------ notes


def build_notes(state: State) -> None:
    """Turn note definitions into notes; supply missing ones, flag orphans."""
    defs = state.note_defs
    by_key: dict[str, Note] = {}
    notes: list[Note] = []
    for d in defs:
        paras = []
        for k, u in enumerate(d.units):
            inl = inlines_of(u)
            if not inl:
                continue
            if k > 0 and _opens_quote(u):
                paras.append(BlockQuote([Paragraph(inl, tuple(u.lines))], None, tuple(u.lines)))
            else:
                paras.append(Paragraph(inl, tuple(u.lines)))
        lines = tuple(n for u in d.units for n in u.lines)
        if d.key in by_key:
            state.diagnostics.warning(
                "RB405",
                f"note {d.label} is given twice; the second is kept as an unreferenced note",
                path=state.shown,
                line=lines[0] if lines else None,
            )
            d.key = f"{d.key}#{len(notes)}"
        note = Note(d.key, d.label, paras, lines, marker=d.marker)
        by_key[d.key] = note
        notes.append(note)

    cited: list[NoteRef] = []
    for block_inlines in _all_inlines(state.blocks, notes):
        cited.extend(x for x in block_inlines if isinstance(x, NoteRef))
    cited_keys = {r.key for r in cited}
    # Sets, not lists searched: a text may cite thousands of missing notes.
    missing_keys: list[NoteRef] = []
    missing_seen: set[str] = set()
    for ref in cited:
        if ref.key not in by_key and ref.key not in missing_seen:
            missing_seen.add(ref.key)
            missing_keys.append(ref)
    if state.options.missing_notes == "drop":
        for seq in _all_inlines(state.blocks, notes):
            gone = [x for x in seq if isinstance(x, NoteRef) and x.key in missing_seen]
            if not gone:
                continue
            seq[:] = [x for x in seq if not (isinstance(x, NoteRef) and x.key in missing_seen)]
            for x in gone:
                state.record(
                    "dropped-marker",
                    x.line or (),
                    f"note marker {x.label} dropped: the source has no note text",
                    x.label,
                )
    else:
        for ref in missing_keys:
            note = Note(ref.key, ref.label, [], (), missing=True)
            by_key[ref.key] = note
            notes.append(note)
            state.record(
                "missing-note",
                ref.line or (),
                f"note {ref.label} is cited but the source has no text for it",
                ref.label,
            )
    if state.excerpt:
        # Notes the excerpt does not cite are left out with the rest of the text.
        left_out = [n for n in notes if not n.missing and n.key not in cited_keys]
        for note in left_out:
            state.record("removed", note.lines, "note not cited in the excerpt", note.label)
        notes = [n for n in notes if n not in left_out]
        if left_out:
            state.record("excerpt", (), f"{len(left_out)} notes not cited in the excerpt left out")
    for note in notes:
        if not note.missing and note.key not in cited_keys:
            note.orphan = True
            state.diagnostics.warning(
                "RB403",
                f"note {note.label or '(unlabelled)'} is never referenced in the text; kept at the end of the notes",
                path=state.shown,
                line=note.lines[0] if note.lines else None,
            )
    state.notes = notes


def _all_inlines(blocks: list, notes: list[Note]):
    from ..model import block_inlines, iter_blocks

    for block in iter_blocks(blocks):
        yield from block_inlines(block)
    for note in notes:
        for block in iter_blocks(note.blocks):
            yield from block_inlines(block)
