"""Star paging: a web copy of a court opinion marks where the printed
reporter's pages begin, on a line of its own (``[590 F.Supp.3d 861]``) or in
the running text (``*861``).  They are page furniture of another edition:
removed and recorded, and a paragraph they cut is joined again."""

from __future__ import annotations

import re

from .state import State

STAR_LINE = re.compile(r"^\s*(?:\[\d{1,4} [A-Z][A-Za-z.\d ]{0,24}? \d{1,5}\]|\*{1,2}\d{1,5})\s*$")
STAR_INLINE = re.compile(r"(?<=\s)\*{1,2}(?P<n>\d{1,5})(?=\s)")
MIN_MARKS = 2  # star pages come in runs; one stray match is no evidence


def strip_star_paging(state: State) -> None:
    if state.format != "text":
        return
    lines = state.lines
    whole = [i for i, line in enumerate(lines) if STAR_LINE.match(line.text)]
    inline = [(i, m) for i, line in enumerate(lines) for m in STAR_INLINE.finditer(line.text)]
    if len(whole) >= MIN_MARKS:
        for i in whole:
            line = lines[i]
            state.record("removed", line.no, "star paging (a page of the printed reporter)", line.text.strip())
            lines[i] = line.retext("")
            nxt = i + 1
            while nxt < len(lines) and not lines[nxt].text.strip():
                nxt += 1
            if nxt < len(lines):
                state.page_starts.add(lines[nxt].no)
    values = [int(m.group("n")) for _, m in inline]
    if len(inline) >= MIN_MARKS and sum(1 for a, b in zip(values, values[1:]) if b > a) >= 0.8 * (len(values) - 1):
        for i in sorted({i for i, _ in inline}, reverse=True):
            line = lines[i]
            for m in reversed(list(STAR_INLINE.finditer(line.text))):
                state.record("removed-text", line.no, "star paging (a page of the printed reporter)", m.group(0))
                line = line.replace_range(
                    m.start(), m.end() + 1 if line.text[m.end() : m.end() + 1] == " " else m.end(), ""
                )
            lines[i] = line
