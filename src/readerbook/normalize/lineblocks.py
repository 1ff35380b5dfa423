"""Lines that must stay lines: verse, and blocks kept verbatim.

In a plain text nothing marks a poem, a table or a grammar: only the lines
themselves.  A blank-separated block is

- **verbatim** (a table, a diagram, a grammar, code) when its lines are set
  in columns (runs of spaces between words at the same places) or are mostly
  symbols and operators, and it stands deeper than the prose around it;
- **verse** when its lines are clearly shorter than the text's prose measure,
  do not break words, and begin with capitals (as verse lines do and wrapped
  prose lines do not), or when it is a stanza among stanzas.

Right-margin line numbers of verse (``…into the Hofgarten,      10``) are
removed first, since they are not the poet's words.

What this pass finds it marks on ``state.line_roles``; unwrapping keeps the
marked lines as lines.
"""

from __future__ import annotations

import re
import statistics

from .headings import is_label_only, kind_of
from .state import State
from .thresholds import THRESHOLDS

_MARGIN_NUMBER = re.compile(r"^(?P<text>\s*\S.*?\S)(?P<gap>\s{4,})(?P<n>\d{1,4})\s*$")
_COLUMN_GAP = re.compile(r"\S( {3,})\S")
_OPERATOR = re.compile(r"\s=\s|::=|\s\|\s|-{4,}|<-+|-+>|^\s*[|+][-=+|]+")
_WORD = re.compile(r"[^\W\d_]{2,}")


def strip_margin_numbers(state: State) -> None:
    """Line numbers in the right margin, every fifth or tenth line of verse:
    they must rise in steps of five or ten through the text."""
    if state.format != "text":
        return
    found = []
    for i, line in enumerate(state.lines):
        m = _MARGIN_NUMBER.match(line.text)
        if m and len(m.group("text").strip()) >= 8:
            found.append((i, int(m.group("n")), m))
    if len(found) < 3:
        return
    steps = [b - a for (_, a, _), (_, b, _) in zip(found, found[1:])]
    regular = sum(1 for s in steps if s > 0 and s % 5 == 0)
    if regular < 0.8 * len(steps):
        return
    for i, n, m in found:
        line = state.lines[i]
        state.lines[i] = line.retext(m.group("text"))
        state.record("removed-text", line.no, "verse line number in the margin", str(n))


def _blocks(state: State):
    lines = state.lines
    i, n = 0, len(lines)
    while i < n:
        gap = 0
        while i < n and not lines[i].text.strip():
            gap += 1
            i += 1
        j = i
        while j < n and lines[j].text.strip():
            j += 1
        if j > i:
            yield gap, i, j
        i = j


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def mark_line_blocks(state: State) -> None:
    if state.format != "text" or state.layout not in ("wrapped", "blocks"):
        return
    texts = [line.text for line in state.lines if line.text.strip()]
    if not texts:
        return
    lengths = sorted(len(t.strip()) for t in texts)
    measure = lengths[int(0.9 * (len(lengths) - 1))]
    indents = [_indent(t) for t in texts]
    base = statistics.mode(indents) if indents else 0
    blocks = []
    for gap, a, b in _blocks(state):
        # A part's heading set right over its first stanza is no line of the poem.
        if b - a >= 3 and _heading_line(state.lines[a].text):
            a += 1
        # A last line set far to the right of a poem is its attribution, not a line of it.
        if b - a >= 3:
            indents_ = [_indent(state.lines[i].text) for i in range(a, b - 1)]
            last = state.lines[b - 1].text
            bracketed = last.strip().startswith("[") and last.strip().endswith("]")  # a date or note set under it
            if _indent(last) >= max(indents_) + 10 and len(last.split()) <= 6 and not bracketed:
                blocks.append((gap, a, b - 1))
                continue
        blocks.append((gap, a, b))
    kinds: list[str] = []
    for _, a, b in blocks:
        kinds.append(_kind(state, a, b, measure, base))
    # A short block between stanzas is a stanza too (a couplet, a refrain).
    for k, (_gap, a, b) in enumerate(blocks):
        if kinds[k] or b - a > 2:
            continue
        before = kinds[k - 1] if k else ""
        after = kinds[k + 1] if k + 1 < len(kinds) else ""
        if _heading_line(state.lines[a].text):
            continue  # a part's heading between two stanzas
        if before == "verse" and after == "verse" and _versey(state, a, b, measure, loose=True):
            kinds[k] = "verse"
    group = 0
    for k, (_gap, a, b) in enumerate(blocks):
        if not kinds[k]:
            continue
        group += 1
        for i in range(a, b):
            state.line_roles[state.lines[i].no] = (kinds[k], group)
        state.record(
            kinds[k],
            tuple(state.lines[i].no for i in range(a, b)),
            f"{b - a} lines kept as "
            + {"verse": "verse lines", "verbatim": "they are set (verbatim)", "lines": "lines"}[kinds[k]],
            state.lines[a].text.strip()[:60],
        )


def _heading_line(text: str) -> bool:
    t = text.strip()
    kind = kind_of(t)
    return (
        t.isupper() and kind.kind in ("numbered", "chapter", "part", "roman", "front", "back") and len(t.split()) <= 10
    )


def _kind(state: State, a: int, b: int, measure: int, base: int) -> str:
    lines = [state.lines[i].text for i in range(a, b)]
    if len(lines) < 2:
        # One line set deep, in columns, with operators: a rule of a grammar, a row of a table.
        t = lines[0]
        if _indent(t) >= base + 4 and _COLUMN_GAP.search(t.strip()) and _OPERATOR.search(t):
            return "verbatim"
        return ""
    if _verbatim(lines, base):
        return "verbatim"
    if _entries(lines):
        return "lines"  # entries of a catalogue, a cast, a bibliography: a list, not a poem
    set_in = all(_indent(t) >= base + THRESHOLDS.indent_step for t in lines)
    if (len(lines) >= THRESHOLDS.verse_min_lines or set_in) and _versey(state, a, b, measure, set_in=set_in):
        return "verse"
    if state.layout == "wrapped" and all(len(t.strip()) < THRESHOLDS.short_line * measure for t in lines):
        heading = is_label_only(lines[0]) or any(
            kind_of(t.strip()).kind in ("part", "chapter", "front", "back", "scene") for t in lines
        )
        if not heading and not any(re.search(r"[a-z]-$", t.rstrip()) for t in lines):
            return "lines"  # short lines set one under another: a list, an inscription, an address
    return ""


def _column_starts(text: str) -> set[int]:
    """Where text starts after a wide gap, or a deep indentation: the columns a line is set in."""
    starts = {m.end(1) for m in re.finditer(r"\S( {3,})\S", text)}
    indent = _indent(text)
    if indent >= 20:
        starts.add(indent)
    return starts


def _aligned_columns(lines: list[str]) -> bool:
    """Most lines of the block have text starting at one common column (±1):
    a header or a table set in two columns."""

    def aligned(positions: list[set[int]]) -> bool:
        counts: dict[int, int] = {}
        for found in positions:
            for c in found:
                for k in (c - 1, c, c + 1):
                    counts[k] = counts.get(k, 0) + 1
        return bool(counts) and max(counts.values()) >= max(2, 0.6 * len(lines))

    starts = [_column_starts(t) for t in lines]
    if not any(starts):
        return False
    # A right-hand column set flush right ends at one place instead.
    ends = [{len(t.rstrip())} if found else set() for t, found in zip(lines, starts)]
    return aligned(starts) or aligned(ends)


def _ruled_columns(lines: list[str]) -> bool:
    """A table in text form whose columns are ruled by a bar (``514  |  Accession``):
    most lines carry a ``|`` at one common column."""
    if not any("|" in t for t in lines):
        return False
    counts: dict[int, int] = {}
    for t in lines:
        for k in {m.start() for m in re.finditer(r"\|", t)}:
            counts[k] = counts.get(k, 0) + 1
    return bool(counts) and max(counts.values()) >= max(3, THRESHOLDS.ruled_column_share * len(lines))


def _entries(lines: list[str]) -> bool:
    """Entries set one under another, each closed by a full stop (a bibliography,
    a cast list, a catalogue): a list, not verse, whose lines run on and end
    their sentences anywhere.  A line set in deeper than the entry above
    continues it."""
    if len(lines) < THRESHOLDS.verse_min_lines:
        return False
    entries: list[str] = []
    for t in lines:
        if entries and runs_on(entries[-1], t, _indent(t) - _indent(lines[0])):
            entries[-1] += " " + t.strip()
        else:
            entries.append(t.strip())
    if len(entries) < THRESHOLDS.verse_min_lines:
        return False
    if not all(_starts_capital(e) and e.endswith(".") and not e.endswith("..") for e in entries):
        return False
    # Wrapped prose whose lines happen to end with full stops fills its measure; entries are ragged.
    longest = max(len(e) for e in entries)
    ragged = sum(1 for e in entries[:-1] if len(e) < THRESHOLDS.verse_ragged * longest)
    return ragged >= THRESHOLDS.verse_ragged_share * (len(entries) - 1)


def runs_on(entry: str, line: str, deeper: int) -> bool:
    """A line set in deeper than its entry continues it when the entry is cut
    off at a hyphen or the line goes on in lower case or figures ("… ch. 81-" /
    "90.")."""
    t = line.strip()
    return deeper > 0 and (entry.rstrip().endswith("-") or bool(t) and not t[0].isupper() and t[0].isalnum())


def _verbatim(lines: list[str], base: int) -> bool:
    if len(lines) >= 3 and (_aligned_columns(lines) or _ruled_columns(lines)):
        return True
    deeper = all(_indent(t) >= base + 2 for t in lines)
    columns = sum(1 for t in lines if len(_COLUMN_GAP.findall(t.strip())) >= 1)
    if columns >= 0.6 * len(lines) and (deeper or columns == len(lines)):
        return True
    if not deeper:
        return False
    operators = sum(1 for t in lines if _OPERATOR.search(t))
    symbols = sum(1 for t in lines if sum(1 for c in t if not c.isalnum() and not c.isspace()) > 0.3 * len(t.strip()))
    return operators >= 0.5 * len(lines) or symbols >= 0.5 * len(lines)


def _versey(state: State, a: int, b: int, measure: int, loose: bool = False, set_in: bool = False) -> bool:
    lines = [state.lines[i].text.strip() for i in range(a, b)]
    if any(t.endswith("-") and not t.endswith("--") and re.search(r"[a-z]-$", t) for t in lines):
        return False  # a word broken at the line end: wrapped prose
    caps = sum(1 for t in lines[1:] if _starts_capital(t))
    if loose:
        return caps >= len(lines[1:]) * 0.5
    words = sum(len(_WORD.findall(t)) for t in lines)
    if words < THRESHOLDS.verse_min_words * len(lines):
        return False  # labels, names and numbers, not lines of verse
    if caps < 0.7 * (len(lines) - 1):
        return False
    if len(lines) >= 4:
        # Wrapped prose fills its measure line after line; verse lines are ragged.
        longest = max(len(t) for t in lines)
        ragged = sum(1 for t in lines[:-1] if len(t) < THRESHOLDS.verse_ragged * longest)
        if ragged >= THRESHOLDS.verse_ragged_share * (len(lines) - 1):
            return True
        # Set in, lines of even length are verse when nearly every one opens with a capital (a sonnet).
        return set_in and caps >= THRESHOLDS.verse_caps_share * (len(lines) - 1)
    if any(len(t) > THRESHOLDS.verse_max_width * measure for t in lines[:-1]):
        return False
    short = sum(1 for t in lines if len(t) < THRESHOLDS.short_line * measure)
    # Set in from the prose, lines of verse need not be short; flush, they must be.
    return set_in or short >= THRESHOLDS.verse_short_share * len(lines)


def _starts_capital(text: str) -> bool:
    t = text.lstrip("“\"‘'([_—–-*")
    return bool(t) and (t[0].isupper() or t[0].isdigit())
