"""E-text furniture: what an e-text's producer added around the author's words.

- the Project Gutenberg header and licence, in all their eras (``*** START OF
  THIS PROJECT GUTENBERG EBOOK``, ``*END*THE SMALL PRINT!``, ``End of the
  Project Gutenberg EBook``), with the producers' credits and thanks that
  follow the header; its ``Title:`` and ``Author:`` lines become metadata;
- transcriber's notes (``[Transcriber's Note: …]`` boxes);
- the source's own table of contents or list of illustrations (with or
  without page numbers): the reader makes its own.

Every line removed is recorded with its reason; the passes after this one
see blank lines in its place.
"""

from __future__ import annotations

import re

from .state import State
from .thresholds import THRESHOLDS

_PG = re.compile(r"project\s+gutenberg|gutenberg\s+(?:e-?text|e-?book)|\bPG\b\s+e-?text", re.I)
# In _START, _TRANSCRIBER and _PAGE_REF no repeated part can match what the
# next one does ("[^\w*]*" before "\*{3,}", one "\s*" around "[", a run of
# dots or spaces matched only from its start): searched with overlapping
# repeats, a line of stars, spaces or dots held a build for seconds to minutes.
_START = re.compile(
    r"^[^\w*]*\*{3,}\s*START\s+OF\s+(?:THE|THIS)\s+PROJECT\s+GUTENBERG|^[^\w*]*\*+\s*END\s*\*+\s*THE\s+SMALL\s+PRINT",
    re.I,
)
_END = re.compile(
    r"^\W*\*{3}\s*END\s+OF\s+(?:THE|THIS)\s+PROJECT\s+GUTENBERG|^\s*End\s+of\s+(?:the\s+|this\s+)?Project\s+Gutenberg",
    re.I,
)
_HEADER_FIELD = re.compile(r"^\s*(Title|Author|Translator|Editor|Language|Release Date)\s*:\s*(.*)$", re.I)
_CREDIT = re.compile(
    r"produced\s+by|prepared\s+by|transcribed\s+(?:by|from)|scanned\s+by|proofread|distributed\s+proofread"
    r"|we\s+thank|thanks\s+to|remercions|e-?text\s+(?:prepared|created)|html\s+(?:version|file)"
    r"|https?://|www\.|gallica|pgdp|project\s+gutenberg|\be-?text\b|\bebook\s*#",
    re.I,
)
_TRANSCRIBER = re.compile(
    r"^\s*(?:\[\s*)?transcriber['’]?s?\s+notes?\b|^\s*(?:\[\s*)?note\s+from\s+the\s+transcriber", re.I
)
_BOX_RULE = re.compile(r"^\s*[+|]?[-=*+]{10,}[+|]?\s*$")
_CONTENTS_HEAD = re.compile(
    r"^\s*(?:(?:table\s+of\s+)?contents(?:\s+of\s+.{1,40})?|list\s+of\s+(?:illustrations|plates|figures|maps)"
    r"|illustrations|plates|inhalt(?:sverzeichnis)?|table\s+des\s+mati[eè]res|[íi]ndice|sommaire)\s*[.:]?\s*$",
    re.I,
)
_PAGE_REF = re.compile(r"(?:(?<!\s)\s{2,}|(?<!\.)\.{2,}\s*|(?<!\s\.)(?:\s\.){2,}\s*|\s)(?:\d{1,4}|[ivxlc]{1,7})\s*$")
_DOT_LEADER = re.compile(r"\.{4,}|(?:\s\.){3,}")
_ENTRY_LABEL = re.compile(
    r"^\s*(?:chapter|part|book|section|act|scene|canto|letter|essay|appendix|chap\.)\s+[\w.]+|^\s*[IVXLC]{1,7}\.\s+\S"
    r"|^\s*(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\s+(?:part|book|volume)\b"
    r"|^\s*\d{1,3}\.\s+\S|^\s*(?:page|pages|seite|p\.)\s*$",
    re.I,
)


def strip_etext_furniture(state: State) -> None:
    _gutenberg(state)
    _metadata_header(state)
    _transcriber_notes(state)


# The label of the page's panel that holds the document, set under the
# metadata fields ("Case Description", "Opinion Text", "Full Text"): the site's
# words for its own parts.
_PANEL_LABEL = re.compile(
    r"^\s*(?:case|opinion|document|decision|full|page|article)\s+"
    r"(?:description|text|details|summary|information|content)\s*$",
    re.I,
)
_META_FIELD = re.compile(r"^\s*(?P<key>[A-Z][\w()/.' -]{1,30}?)\s*:\s+(?P<value>\S.{0,200})$")


def _metadata_header(state: State) -> None:
    """A web copy's metadata fields at the top ("Court: …", "Docket Number(s): …",
    "Date: …"): the site's, not the author's; a Title or Author field is kept as metadata."""
    lines = state.lines
    i = 0
    while i < len(lines) and not lines[i].text.strip():
        i += 1
    j = i
    while j < len(lines) and _META_FIELD.match(lines[j].text):
        j += 1
    if j - i < 2 or (j < len(lines) and lines[j].text.strip()):
        return  # two fields or more, alone in their block
    for k in range(i, j):
        m = _META_FIELD.match(lines[k].text)
        key = m.group("key").strip().lower()
        if key in ("title", "author", "language"):
            state.source_meta.setdefault(key, m.group("value").strip())
        _remove(state, k, "the web page's metadata fields")
    while j < len(lines) and not lines[j].text.strip():
        j += 1
    if j < len(lines) and _PANEL_LABEL.match(lines[j].text):
        _remove(state, j, "the web page's panel label, under its metadata fields")


def strip_contents_lists(state: State) -> None:
    """The source's own contents lists; run after the page furniture is gone,
    so a list that runs over several pages is seen whole."""
    _contents_lists(state)


def _remove(state: State, i: int, reason: str) -> None:
    line = state.lines[i]
    if line.text.strip():
        state.record("removed", line.no, reason, line.text.strip())
    state.lines[i] = line.retext("")


def _gutenberg(state: State) -> None:
    lines = state.lines
    head = [i for i, line in enumerate(lines[: THRESHOLDS.etext_header_lines]) if _PG.search(line.text)]
    start = next((i for i, line in enumerate(lines) if _START.search(line.text)), None)
    if start is None and not head:
        return
    if start is not None:
        fields: dict[str, str] = {}
        more: dict[str, list[str]] = {}
        key = None
        for i in range(start + 1):
            text = lines[i].text
            m = _HEADER_FIELD.match(text)
            if m:
                key = m.group(1).lower()
                fields[key] = m.group(2).strip()
                more[key] = []
            elif key and text.startswith((" ", "\t")) and text.strip():
                more[key].append(text.strip())  # a field continued on an indented line
            else:
                key = None
            _remove(state, i, "Project Gutenberg header")
        # A title continued on one more line has its subtitle there; on
        # several, a description of the source.  Authors run on.
        if len(more.get("title", [])) == 1:
            fields["subtitle"] = more["title"][0]
        for key in ("author", "translator"):
            if more.get(key):
                fields[key] = " ".join([fields[key], *more[key]])
        for key in ("title", "subtitle", "author", "language", "translator"):
            if fields.get(key):
                state.source_meta.setdefault(key, fields[key])
        _credits_after(state, start + 1)
    end = next((i for i, line in enumerate(lines) if i > (start or 0) and _END.search(line.text)), None)
    if end is not None:
        for i in range(end, len(lines)):
            _remove(state, i, "Project Gutenberg licence and trailer")


def _credits_after(state: State, i: int) -> None:
    """The producers' credits, thanks and notes right after the header: every
    block that names the e-text's making, up to the first that does not."""
    lines = state.lines
    n = len(lines)
    while i < n:
        while i < n and not lines[i].text.strip():
            i += 1
        j = i
        while j < n and lines[j].text.strip():
            j += 1
        block = " ".join(lines[k].text.strip() for k in range(i, j))
        if i >= n or not (_CREDIT.search(block) or re.fullmatch(r"[*\s]+", block)):
            return
        if len(block.split()) > THRESHOLDS.etext_credit_words and not _PG.search(block):
            return  # a long block that merely mentions a web address is the author's
        for k in range(i, j):
            _remove(state, k, "e-text producer's credit")
        i = j


def _transcriber_notes(state: State) -> None:
    """``[Transcriber's Note: … ]`` boxes, and notes framed by rules."""
    lines = state.lines
    i = 0
    while i < len(lines):
        if not _TRANSCRIBER.match(lines[i].text):
            i += 1
            continue
        bracketed = lines[i].text.lstrip().startswith("[")
        j = i
        if bracketed:
            depth = 0
            while j < len(lines):
                depth += lines[j].text.count("[") - lines[j].text.count("]")
                if depth <= 0:
                    break
                j += 1
        else:
            while j + 1 < len(lines) and lines[j + 1].text.strip():
                j += 1
        j = min(j, len(lines) - 1)
        start = i - 1 if i > 0 and _BOX_RULE.match(lines[i - 1].text) else i
        if j + 1 < len(lines) and _BOX_RULE.match(lines[j + 1].text):
            j += 1
        for k in range(start, j + 1):
            _remove(state, k, "transcriber's note")
        i = j + 1


def _blocks(state: State, i: int):
    """(gap, start, end) of each blank-separated block from line ``i`` on
    (lines removed as page furniture count as nothing, not as blank lines)."""
    lines = state.lines
    n = len(lines)
    while i < n:
        gap = 0
        page_break = False
        while i < n and not lines[i].text.strip():
            if lines[i].no in state.removed:
                page_break = True
            else:
                gap += 1
            i += 1
        if page_break:
            gap = 0  # blank lines around a page's furniture separate nothing
        if i >= n:
            return
        j = i
        while j < n and lines[j].text.strip():
            j += 1
        yield gap, i, j
        i = j


def _fold(text: str) -> str:
    """An entry's words, without dot leaders and page number, for comparison with the body's headings."""
    text = _PAGE_REF.sub("", _DOT_LEADER.sub(" ", text)) if _DOT_LEADER.search(text) or _PAGE_REF.search(text) else text
    return re.sub(r"[\W_]+", " ", text).strip().casefold()


def _strong_entry(text: str) -> bool:
    return bool(_PAGE_REF.search(text) and (_DOT_LEADER.search(text) or re.search(r"\S\s{2,}\S+\s*$", text))) or bool(
        _ENTRY_LABEL.match(text)
    )


def _titleish(text: str) -> bool:
    t = text.strip()
    words = t.split()
    return (
        0 < len(words) <= THRESHOLDS.contents_entry_words
        and len(t) <= THRESHOLDS.contents_entry_chars
        and not re.search(r"[,;:!?]$", t)
        and not t.startswith(("“", '"', "‘", "'", "«", "»", "„"))
    )


def _contents_lists(state: State) -> None:
    lines = state.lines
    i = 0
    while i < len(lines):
        text = lines[i].text
        headed = bool(_CONTENTS_HEAD.match(text))
        if not headed and not _leader_run(state, i):
            i += 1
            continue
        end = _contents_end(state, i + 1 if headed else i)
        if end is None:
            i += 1
            continue
        what = "list of illustrations" if re.search(r"illustration|plate|figure|map", text, re.I) else "contents list"
        for k in range(i, end):
            _remove(state, k, f"the source's own {what} (the reader makes its own)")
        i = end


def _leader_run(state: State, i: int) -> bool:
    """Without a heading: a run of lines with dot leaders and page numbers."""
    run = 0
    for line in state.lines[i : i + THRESHOLDS.contents_leader_run]:
        if _DOT_LEADER.search(line.text) and _PAGE_REF.search(line.text):
            run += 1
        elif line.text.strip():
            break
    return run >= THRESHOLDS.contents_leader_run


def _contents_end(state: State, i: int) -> int | None:
    """Where a contents list that starts at line ``i`` ends (exclusive), or
    None if what follows is no list."""
    lines = state.lines
    seen: list[str] = []
    end = None
    blocks = list(_blocks_until(state, i))
    for k, (gap, a, b) in enumerate(blocks):
        texts = [lines[x].text for x in range(a, b)]
        first = _fold(texts[0])
        if seen and first in seen[:4]:
            break  # the body begins with the list's first entries again
        strong = sum(1 for t in texts if _strong_entry(t))
        if strong and strong >= len(texts) / 2 or (strong and all(_titleish(t) or _strong_entry(t) for t in texts)):
            accept = gap <= THRESHOLDS.contents_gap or end is None
        elif all(_titleish(t) for t in texts) and len(texts) <= 3:
            accept = gap <= THRESHOLDS.contents_title_gap and (end is not None or gap <= 3)
        elif texts[0].lstrip().startswith("[") and texts[-1].rstrip().endswith("]"):
            accept = gap <= THRESHOLDS.contents_gap and end is None or end is not None and gap <= 2
        else:
            # Analytical contents: a summary right after an entry, followed by another entry.
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            accept = (
                end is not None
                and gap <= 1
                and nxt is not None
                and nxt[0] <= 3
                and _strong_entry(lines[nxt[1]].text)
                and _fold(lines[nxt[1]].text) not in seen
            )
        if not accept:
            break
        seen.extend(_fold(t) for t in texts)
        end = b
    if end is None or len(seen) < THRESHOLDS.contents_min_entries:
        return None
    return end


def _blocks_until(state: State, i: int):
    yield from _blocks(state, i)
