"""Pages in a text extracted from a PDF without form feeds: the running head
that opens every page ("Cite as 28 I&N Dec. 437 (BIA 2022) …") and the page
number that closes it tell where the pages are, and the lines at the foot of
each page that begin with a note's number, where the page above cites that
number, are its footnotes.

What this pass finds it removes and records (heads, page numbers) or moves
aside for the notes (``state.foot_units``), exactly as the page-furniture
pass does where form feeds mark the pages.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .joining import ends_sentence
from .state import State, Unit
from .thresholds import THRESHOLDS

_NUMBER_LINE = re.compile(r"^\s*\d{1,4}\s*$")
_FOOT_LABEL = re.compile(r"^\s*(?P<n>\d{1,3})(?:\s+(?=[A-Z“\"‘(\[§])|(?=[A-Z“\"‘]))")


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.strip())).lower()


def _glued(n: str, text: str) -> bool:
    return re.search(rf"(?<=[^\W\d_]|[.,;:!?”’\"')\]]){n}(?=[\s”’\"),;:.\]]|$)", text) is not None


def find_text_pages(state: State) -> None:
    if state.format != "text" or any("\f" in line.text for line in state.lines):
        return  # form feeds mark the pages: the page-furniture pass reads them
    lines = state.lines
    # A running head repeats word for word (a head carrying its page's number
    # repeats with the number changed, and stands next to a line holding only a number).
    exact: dict[str, list[int]] = defaultdict(list)
    shaped: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        t = line.text.strip()
        if 3 <= len(t.split()) and len(t) <= THRESHOLDS.running_head_chars and re.search(r"\d", t):
            exact[re.sub(r"\s+", " ", t)].append(i)
            shaped[_key(t)].append(i)
    repeats = THRESHOLDS.running_head_repeats
    heads = {i for found in exact.values() if len(found) >= repeats for i in found}
    for found in shaped.values():
        beside = [
            i for i in found if any(0 <= k < len(lines) and _NUMBER_LINE.match(lines[k].text) for k in (i - 1, i + 1))
        ]
        if len(found) >= repeats and len(beside) >= 0.8 * len(found):
            heads.update(found)
    heads = sorted(heads)
    if not heads:
        return
    # A page's folio stands next to its head (just before it, at the foot of the page above, or after it).
    folios = set()
    for h in heads:
        for k in (h - 1, h - 2, h + 1):
            if 0 <= k < len(lines) and _NUMBER_LINE.match(lines[k].text):
                folios.add(k)
                break
    # Folios that close their pages close the last page too, after its text.
    last = _last_text(lines, len(lines) - 1, set())
    if folios and max(folios) < heads[-1] < last and _NUMBER_LINE.match(lines[last].text):
        numbers = [int(lines[k].text) for k in folios]
        if int(lines[last].text) == max(numbers) + 1:
            folios.add(last)
    ends = []  # index of the last line of each page's text (before its folio and the next head)
    for h in [*heads, len(lines)]:
        k = _last_text(lines, h - 1, folios)
        if k >= 0 and (h < len(lines) or k > heads[-1]):
            ends.append(k)
    for i in heads:
        state.record("removed", lines[i].no, "running head", lines[i].text.strip())
    for i in folios:
        state.record("removed", lines[i].no, "page number", lines[i].text.strip())
    starts = [_next_text(lines, h + 1, folios) for h in heads]
    page_tops = [0] + [s for s in starts]
    expected, open_note = 1, False
    for end in ends:
        top = max((t for t in page_tops if t <= end), default=0)
        expected, open_note = _page_foot(state, top, end, expected, open_note)
    for i in sorted(set(heads) | folios):
        lines[i] = lines[i].retext("")
    for s in starts:
        if s < len(lines):
            state.page_starts.add(lines[s].no)


def _next_text(lines, i: int, skip: set[int]) -> int:
    while i < len(lines) and (not lines[i].text.strip() or i in skip):
        i += 1
    return i


def _last_text(lines, i: int, skip: set[int]) -> int:
    while i >= 0 and (not lines[i].text.strip() or i in skip):
        i -= 1
    return i


def _page_foot(state: State, top: int, end: int, expected: int, open_note: bool) -> tuple[int, bool]:
    """The footnotes at the foot of the page ``top``…``end``: the lowest lines
    that open with a number the page's text cites, in rising order.  Where a
    page's notes are one line each, a note may run on in lines of its own
    (a statute it quotes, set line by line) under its first, which must then
    carry the next number of the text's notes; and a note left unfinished at
    one page's foot ends in the line just above the next page's notes.

    Returns the number the next page's first note should carry, and whether
    this page's last note was left unfinished."""
    lines = state.lines
    foot: list[int] = []
    k = end
    labels: list[int] = []
    while k > top and len(foot) < THRESHOLDS.foot_max_lines:
        m = _FOOT_LABEL.match(lines[k].text)
        if not lines[k].text.strip():
            k -= 1
            continue
        if not m or not _glued(m.group("n"), " ".join(line.text for line in lines[top:k])):
            break
        foot.insert(0, k)
        labels.insert(0, int(m.group("n")))
        k -= 1
    one_per_line = state.layout == "lines"
    if one_per_line and (not foot or labels[0] != expected):
        # Lines under a note's first line: look up for the note the text cites next.
        above = _run_on_note(lines, top, foot[0] - 1 if foot else end, end, expected)
        if above is not None:
            foot = [i for i in range(above, end + 1) if lines[i].text.strip()]
            labels = []  # the notes under it carry the numbers that follow
            for i in foot:
                m = _FOOT_LABEL.match(lines[i].text)
                if m and int(m.group("n")) == (labels[-1] + 1 if labels else expected):
                    labels.append(int(m.group("n")))
    if one_per_line and open_note:
        # The line above this page's notes (or its last line) ends the previous page's last note.
        tail = _last_text(lines, (foot[0] - 1) if foot else end, set())
        if tail > top:
            foot.insert(0, tail)
    if not foot or labels != sorted(labels):
        return expected, False
    unit = Unit.from_line(lines[foot[0]])
    for i in foot[1:]:
        unit.append(Unit.from_line(lines[i]), "\n")
    state.foot_units.append(unit)
    state.record("moved", tuple(lines[i].no for i in foot), "page-bottom notes moved to the notes", unit.text[:80])
    for i in foot:
        lines[i] = lines[i].retext("")
    unfinished = not ends_sentence(unit.text)
    return (labels[-1] + 1 if labels else expected), unfinished


def _run_on_note(lines, top: int, below: int, end: int, expected: int) -> int | None:
    """The line above ``below`` (within a page foot's reach of ``end``) that
    opens the note the text cites next, its label glued in the page's text."""
    k = below
    while k > top and end - k < THRESHOLDS.foot_max_lines:
        m = _FOOT_LABEL.match(lines[k].text)
        if m and int(m.group("n")) == expected:
            body = " ".join(line.text for line in lines[top:k])
            return k if _glued(m.group("n"), body) else None
        k -= 1
    return None
