"""From lines to units: one unit per paragraph-to-be.

In hard-wrapped text this joins lines, deciding each line-end hyphen on
evidence from the whole book, and joins paragraphs that a page break cut.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .joining import _SPLIT_END, _TAIL, ends_sentence, join_units
from .state import State, Unit
from .thresholds import THRESHOLDS

_WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")

# The reasons of hyphen decisions that show how the text treats its line ends
# (see _unbroken_words): a compound kept, or a word broken by typesetting.
COMPOUND_EVIDENCE = ("is spelt with a hyphen elsewhere", "are both words of the book")
BROKEN_EVIDENCE = ("is spelt closed elsewhere",)
BROKEN_PIECES = "neither piece is a word of the book: a word split by typesetting"


class Lexicon:
    """Word evidence gathered from every text of the book, before any joining.

    Fragments created by line-end hyphens are left out, so "revolu" never
    counts as a word of the book.
    """

    def __init__(self) -> None:
        self.words: Counter[str] = Counter()
        self.hyphenated: Counter[str] = Counter()

    def add_text(self, text: str) -> None:
        lines = text.splitlines()
        kept: list[str] = []
        for i, line in enumerate(lines):
            tokens = _WORD.findall(line)
            if not tokens:
                continue
            if line.rstrip().endswith("-") and _SPLIT_END.search(line.rstrip()):
                tokens = tokens[:-1]
            if i > 0 and lines[i - 1].rstrip().endswith("-") and tokens and line.lstrip().startswith(tokens[0]):
                tokens = tokens[1:]
            kept.extend(tokens)
        # Counted in bulk (Counter.update counts in C): a tenth of the time, token by token.
        low = "\n".join(kept).lower().replace("‐", "-").split("\n") if kept else []
        hyphenated = [w for w in low if "-" in w]
        self.words.update(w for w in low if "-" not in w)
        self.hyphenated.update(hyphenated)
        self.words.update(part for w in hyphenated for part in w.split("-"))

    def decide_hyphen(self, left: str, right: str, language: str = "en") -> tuple[bool, str]:
        """Keep the hyphen of ``left-`` + ``right``?  Returns (keep, evidence);
        the hyphenation dictionary is the text's language's."""
        if right[:1].isupper() or right[:1].isdigit() or left[-1:].isdigit():
            return True, "capital or digit after the hyphen"
        lo, ro = left.lower(), right.lower()
        if self.hyphenated[f"{lo}-{ro}"]:
            return True, f"'{lo}-{ro}' is spelt with a hyphen elsewhere in the book"
        if self.words[lo + ro]:
            return False, f"'{lo + ro}' is spelt closed elsewhere in the book"
        written_closed = _CLOSED_WORDS.get(language.split("-")[0])
        if written_closed is not None and written_closed.fullmatch(lo + ro):
            return False, f"'{lo + ro}' is a compound the language writes closed"
        closed = _HYPHEN_PREFIXES.get(language.split("-")[0], {}).get(lo)
        if closed is not None and not ro.startswith(closed):
            return True, f"'{lo}-' compounds are written with a hyphen"
        if len(lo) >= 3 and len(ro) >= 3 and self.words[lo] and self.words[ro]:
            return True, f"'{lo}' and '{ro}' are both words of the book"
        if self.words[ro] and len(lo) >= 3 and not _pyphen_allows(lo + ro, len(lo), language):
            return True, f"'{ro}' is a word and the dictionary gives no break at '{lo}-'"
        if not self.words[lo] and not self.words[ro]:
            return False, BROKEN_PIECES
        return False, "a word split by typesetting"


# Prefixes a language always joins to a word with a hyphen ("self-confidence",
# "quasi-judicial"), and the endings that make the few words closed up with
# them ("selfish", "selfless", "selfhood", "selfsame").
_HYPHEN_PREFIXES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"self": ("ish", "less", "hood", "same"), "quasi": ()},
}


# Compounds a language writes closed that its hyphenation dictionary does not
# break where a typesetter may: English "here-", "there-" and "where-" with
# particles ("hereinafter", "thereof", "whereupon", "heretofore"), common in
# statutes, contracts and opinions (the dictionary has "here-inafter" only).
_CLOSED_WORDS: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"(?:here|there|where)(?:in|after|of|by|to|upon|under|with|fore|on|unto|from|at|as|abouts?)+"),
}


@lru_cache(maxsize=8)
def _dictionary(language: str = "en"):
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency
        return None
    base = language.split("-")[0]
    name = "en_US" if base == "en" else pyphen.language_fallback(base) or "en_US"
    return pyphen.Pyphen(lang=name)


def _pyphen_allows(word: str, at: int, language: str = "en") -> bool:
    dic = _dictionary(language)
    if dic is None:
        return True
    return at in dic.positions(word)


def split_units(state: State) -> None:
    if state.layout == "wrapped":
        state.base_indent = _common_indent(state)  # of the whole text, before it is split around line blocks
    if state.layout == "structured":
        from .structured import structured_units

        state.units = structured_units(state)
        return
    if state.layout == "pdf":
        from .pdfunits import pdf_units

        state.units = pdf_units(state)  # paragraphs from where the lines stood on their pages
        return
    if state.layout == "wrapped" and state.format == "text":
        _unbroken_words(state)
    if state.line_roles:
        _split_around_line_blocks(state)
        return
    _split(state)


def _unbroken_words(state: State) -> None:
    """Does this plain text break words at its line ends?  Many e-texts were
    typed without hyphenation: every line-end hyphen is then a compound's
    ("co-" / "editor").  Judged on the book's own evidence: when no line-end
    hyphen joins into a word spelt closed elsewhere, or leaves two pieces that
    are no words of the book, and enough are plainly compounds, the text breaks
    no words and :func:`join_units` keeps every hyphen."""
    split = kept = 0
    texts = [line.text.strip() for line in state.lines if line.text.strip()]
    for a, b in zip(texts, texts[1:]):
        m = _SPLIT_END.search(a[-_TAIL:])
        if not m or a.endswith("--") or not b[:1].isalpha():
            continue
        # Asked through decide_hyphen, so that a cached normalization knows what it relied on (cache.py).
        keep, why = state.lexicon.decide_hyphen(m.group(1), re.match(r"[^\W\d_]+", b).group(0), state.language)
        if keep and any(e in why for e in COMPOUND_EVIDENCE):
            kept += 1
        elif not keep and (why == BROKEN_PIECES or any(e in why for e in BROKEN_EVIDENCE)):
            split += 1
    if split == 0 and kept >= THRESHOLDS.unbroken_min_compounds:
        state.unhyphenated = True  # type: ignore[attr-defined]
        state.record("layout", (), f"{kept} line-end hyphens of compounds and no word broken: the text breaks no words")


def _measure(state: State, lines) -> None:
    """The body's measure, now that furniture and page-bottom notes are gone."""
    lengths = sorted(len(line.text.strip()) for line in lines if line.text.strip())
    if lengths:
        state.body_width = lengths[int(0.9 * (len(lengths) - 1))]


def _split(state: State, measured: bool = False) -> None:
    if state.layout == "wrapped":
        if not measured:
            _measure(state, state.lines)
        units = _wrapped_units(state)
        units = _join_page_breaks(state, units)
        # The first-line indent the text uses for its paragraphs, if any.
        firsts = Counter(
            u.indent - u.rest_indent for u in units if u.rest_indent is not None and u.indent > u.rest_indent
        )
        multi = sum(1 for u in units if u.rest_indent is not None)
        if firsts and sum(firsts.values()) >= 0.3 * multi:
            state.paragraph_indent = state.base_indent + firsts.most_common(1)[0][0]
    else:
        units = _line_units(state)
    state.units = units


def _line_units(state: State) -> list[Unit]:
    """One unit per line; ``gap_before`` is the longest run of genuine blank
    lines before it, so a removed caption between two blanks is no section break."""
    units, run, gap = [], 0, 0
    for line in state.lines:
        if line.no in state.removed:
            run = 0
            continue
        if not line.text.strip():
            run += 1
            gap = max(gap, run)
            continue
        unit = Unit.from_line(line, gap, line.no in state.page_starts)
        prev = units[-1] if units else None
        if prev is not None and unit.page_break_before and _cut_by_page(prev.text, unit.text):
            join_units(state, prev, unit, "page-join")  # a paragraph cut by a page break, one line per paragraph
        else:
            units.append(unit)
        run = gap = 0
    return units


def _cut_by_page(before: str, after: str) -> bool:
    """One paragraph per line: the text before a page break runs on into the
    next page when it ends no sentence and the next page opens in lower case,
    or when it is too long for a heading (a heading ends no sentence either):
    "… See Pereida v. Wilkinson, 141" / "S. Ct. 754 …"."""
    if ends_sentence(before) or before.rstrip().endswith(":"):
        return False  # (a colon introduces what follows: a list, a quotation)
    return after[:1].islower() or len(before.split()) > THRESHOLDS.heading_max_words


def _wrapped_units(state: State) -> list[Unit]:
    width = max(state.body_width, 1)
    units: list[Unit] = []
    cur: Unit | None = None
    prev_text = ""
    prev_indent = 0
    step = THRESHOLDS.indent_step
    gap = 0
    lines = state.lines
    for k, line in enumerate(lines):
        text = line.text
        if not text.strip():
            gap += 1
            continue
        unit = Unit.from_line(line, gap, line.no in state.page_starts)
        indent = len(text) - len(text.lstrip(" "))
        short_prev = _ends_paragraph(prev_text, text, width)
        # A line set in further than the one above starts a paragraph (a
        # first-line indent, or a quotation set in); one set back out after
        # a block of indented lines ends that block.  A first-line indent
        # followed by flush lines is one paragraph.
        # A word broken at the line's end ("fac-" / "tors") runs on, however the next line is set.
        broken = bool(_SPLIT_END.search(prev_text.rstrip())) and text.lstrip()[:1].islower()
        hangs = cur is not None and gap == 0 and _hanging(cur, prev_text, indent - prev_indent)
        indented = indent >= prev_indent + step and not unit.page_break_before and not broken and not hangs
        outdented = cur is not None and indent <= prev_indent - step and cur.nlines >= 2
        apart = (standalone_line(text) and not _runs_into(prev_text, width)) or standalone_line(prev_text)
        # A line at the indent of the lines above whose sentence runs on into a
        # line set back out is the first line of a new paragraph (paragraphs
        # that open with an indent, one after another, without blank lines).
        opens = (
            cur is not None
            and indent == prev_indent
            and indent > 0
            and (cur.rest_indent is None or cur.rest_indent == indent)
            and k + 1 < len(lines)
            and lines[k + 1].text.strip()
            and _indent_of(lines[k + 1].text) <= indent - step
            and _runs_into(text, 0)
        )
        joins = not short_prev and not indented and not outdented and not apart and not opens
        if cur is not None and gap == 0 and (broken or joins):
            cur.width = max(cur.width, len(prev_text.strip()))
            cur.rest_indent = indent if cur.rest_indent is None else min(cur.rest_indent, indent)
            join_units(state, cur, unit, "line")
        else:
            cur = unit
            units.append(cur)
        prev_text = text
        prev_indent = indent
        gap = 0
    return units


def _hanging(cur: Unit, prev_text: str, deeper: int) -> bool:
    """A list item's second line, set in under its first beyond the label
    ("No. 3, a bar or rest, … before the song is" / "    resumed."): the
    first line opens with a list label and leaves its sentence open, and the
    line is set in no further than the label is wide (a quotation the item
    introduces is set in further, after a colon)."""
    from .headings import LIST_ITEM

    if cur.nlines != 1 or deeper <= 0:
        return False
    m = LIST_ITEM.match(cur.text)
    p = prev_text.strip()
    return bool(m) and deeper <= m.start("rest") and not ends_sentence(p) and not p.endswith(":")


def _ends_paragraph(prev: str, nxt: str, width: int) -> bool:
    """A short line ends its paragraph if it ends a sentence, or if it is a
    short title-like line and the next line starts with a capital."""
    p = prev.strip()
    if not p or len(p) >= 0.6 * width:
        return False
    if ends_sentence(p):
        return True
    return len(p.split()) <= 8 and nxt.strip()[:1].isupper() and not p.endswith((",", "-", "—", "–", ";"))


def _indent_of(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _runs_into(prev: str, width: int) -> bool:
    """The line's sentence runs on into the next line: it fills the measure
    (at least ``short_line`` of ``width``) and ends no sentence."""
    p = prev.strip()
    return bool(p) and len(p) >= THRESHOLDS.short_line * width and not ends_sentence(p) and not standalone_line(p)


def standalone_line(text: str) -> bool:
    """A short line in capitals (or a section label) is never part of a paragraph."""
    from .frontmatter import SECTION_LABELS

    t = text.strip()
    words = t.split()
    if not words or len(words) > 8:
        return False
    # A label opens with a capital: "part and concurring in judgment)" is a wrapped line of prose.
    label = t[:1].isupper() and bool(SECTION_LABELS.match(t))
    return (t.isupper() and any(c.isalpha() for c in t) and not ends_sentence(t)) or label


def _common_indent(state: State) -> int:
    """The indentation of the text's body: the least that a good share of its
    lines have (quotations set in may outnumber the body's own lines)."""
    indents = Counter(len(line.text) - len(line.text.lstrip(" ")) for line in state.lines if line.text.strip())
    total = sum(indents.values())
    for indent in sorted(indents):
        if indents[indent] >= THRESHOLDS.body_indent_share * total:
            return indent
    return indents.most_common(1)[0][0] if indents else 0


def _join_page_breaks(state: State, units: list[Unit]) -> list[Unit]:
    """Join a paragraph that a page break interrupted mid-sentence."""
    out: list[Unit] = []
    width = max(state.body_width, 1)
    for unit in units:
        if out and unit.page_break_before:
            prev = out[-1]
            # Text before the break that does not end a sentence, and is not a
            # short line such as a heading, runs on into the next page.
            # After a finished sentence, a page opening in lower case runs on, unless
            # it is set out to the left of the lines above: then it starts something
            # new (the next term of a definition list, set out from the definitions).
            set_out = unit.indent < (prev.rest_indent if prev.rest_indent is not None else prev.indent)
            cut = not ends_sentence(prev.text) or unit.text[:1].islower() and not set_out
            if cut and len(prev.text) > 0.6 * width:
                join_units(state, prev, unit, "page-join")
                continue
        out.append(unit)
    return out


def _split_around_line_blocks(state: State) -> None:
    """Unwrap the prose between kept line blocks; each block becomes one unit
    whose lines are joined by newlines (line breaks)."""
    lines = state.lines
    out: list[Unit] = []
    i, n = 0, len(lines)
    # One measure for the whole text's prose: a stretch between two poems may be
    # a part's one heading line, no measure of the text's paragraphs.
    if state.layout == "wrapped":
        _measure(state, [line for line in lines if line.no not in state.line_roles])
    while i < n:
        j = i
        while j < n and lines[j].no not in state.line_roles:
            j += 1
        if j > i:
            state.lines = lines[i:j]
            _split(state, measured=True)
            out.extend(state.units)
        if j >= n:
            break
        role, group = state.line_roles[lines[j].no]
        gap = 0
        k = j - 1
        while k >= 0 and not lines[k].text.strip():
            gap += 1
            k -= 1
        members = []
        while j < n and state.line_roles.get(lines[j].no, (None, None))[1] == group:
            members.append(lines[j])
            j += 1
        base = min(len(x.text) - len(x.text.lstrip(" ")) for x in members)
        if role == "verbatim":  # kept exactly, indentation and all
            unit = Unit(members[0].text[base:].rstrip(), [(0, members[0].no)], gap, base)
            for line in members[1:]:
                unit.append(Unit(line.text[base:].rstrip(), [(0, line.no)]), "\n")
        else:
            unit = Unit.from_line(members[0], gap, members[0].no in state.page_starts)
            for line in members[1:]:
                unit.append(Unit.from_line(line), "\n")
        unit.role = role
        unit.nlines = len(members)
        unit.line_indents = [len(x.text) - len(x.text.lstrip(" ")) - base for x in members]
        out.append(unit)
        i = j
    state.lines = lines
    state.units = out
