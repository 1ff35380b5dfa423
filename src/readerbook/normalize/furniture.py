"""Page furniture and web debris: lines that are not the author's words.

Every line removed here is named (page number, running head, separator,
caption debris, trailer) and recorded with its text and source line.

A PDF's lines say where they stood on their pages, and its furniture is found
by position (see the PDF section below): margin text, heads and folios at the
page's edge, the notes under a footnote rule or at a column's foot.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ..source import Line
from . import pdflayout
from .headings import FRONT_LABELS
from .notes.base import NOTES_HEADING
from .state import State, Unit
from .thresholds import THRESHOLDS

# A drawn rule (____, -----, ****) or a run of spaces that pdftotext leaves
# where a footnote separator line was.
_RULE = re.compile(r"^\s*(?:[_\-=~·•─—]\s*){5,}$")
_SPACE_RULE = re.compile(r"^ {20,}$")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?(?:page\s+|p\.\s*)?(?P<n>\d{1,3}|[ivxlc]{1,6})(?:\s*[-–—])?\s*$", re.I)
_NOTE_START = re.compile(r"^\s*(?:\[?\d{1,3}\]?[.)]?\s+\S|\d{1,3}[A-Z“\"‘]|[*†‡§¶]+\s*\S)")

# Web debris.  Image alt text + credit lines as CMS exports write them, and
# trailers that close a web page.  Deliberately narrow: these are phrases no
# author's sentence is made of.
_CAPTION_DEBRIS = [
    re.compile(r"\bImage:?\s+(?:public domain|courtesy|credit|via|©|copyright)\b", re.I),
    re.compile(r"/\s*(?:Image|Photo|Picture|Credit)s?:\s*\S.{0,80}$", re.I),
    re.compile(r"^\s*(?:Image|Photo|Photograph|Picture)\s+(?:credit|source)\s*:", re.I),
]
_TRAILERS = [
    re.compile(
        r"^\s*(?:Last\s+(?:updated|modified|edited)|Updated|Published|Posted)"
        r"(?:\s+on)?\s*:?\s*.{0,40}\d{4}\.?\s*$",
        re.I,
    ),
    re.compile(r"^\s*(?:Share|Tweet|Print|Email)(?:\s+this)?(?:\s+(?:article|page|post))?\s*:?\s*$", re.I),
    re.compile(r"^\s*(?:Back to top|Top of page|Return to (?:top|index|contents).*)\s*$", re.I),
    re.compile(r"^\s*(?:Copyright\s*)?©.{0,80}$|^\s*All rights reserved\.?\s*$", re.I),
]
_TRAILER_ZONE = 6  # trailers are looked for among the last few non-blank lines


def strip_page_furniture(state: State) -> None:
    if state.layout == "structured":
        return  # a structured source has no pages; its chrome is web debris
    if state.layout == "pdf":
        _strip_pdf_furniture(state)  # the lines say where they stood on their pages
        return
    lines = state.lines
    remove: dict[int, str] = {}  # index -> reason
    boundary: set[int] = set()  # indexes of lines at which a page boundary sits
    page_starts: set[int] = set()

    # Form feeds mark page boundaries outright.
    feeds: set[int] = set()
    for i, line in enumerate(lines):
        if "\f" in line.text:
            lines[i] = line.retext(line.text.replace("\f", ""))
            boundary.add(i)
            feeds.add(i)
            page_starts.add(i)
            state.record("removed", line.no, "form feed (page break)", "\\f")

    # Page numbers: number-only lines standing alone between blank lines (or at
    # a form feed).  In text that is not hard-wrapped they must also form an
    # ascending sequence, so a section titled "12" survives.
    candidates = [i for i, line in enumerate(lines) if _is_page_number(line.text) and _isolated(lines, i, boundary)]
    if state.layout != "wrapped" and not _ascending(lines, candidates):
        candidates = []
    for i in candidates:
        remove[i] = "page number"
        boundary.add(i)
        page_starts.add(_next_nonblank(lines, i + 1))

    # Separators, and the page-bottom note block that follows one.
    i = 0
    while i < len(lines):
        text = lines[i].text
        if i not in remove and _underline(lines, i):
            # "Sun Wu and his Book" over a row of dashes as long as it: a heading, set the typewriter's way.
            remove[i] = "heading underline"
            state.underlined[lines[i - 1].no] = text.strip()[0]
            i += 1
            continue
        if i not in remove and (_RULE.match(text) or _SPACE_RULE.match(text)):
            remove[i] = "separator line"
            boundary.add(i)
            j = i + 1
            # After a footnote rule: a labelled note, or (once the text is known to
            # set notes at page feet) the rest of a note begun on the page before.
            opens_note = j < len(lines) and bool(_NOTE_START.match(lines[j].text))
            continues = (
                j < len(lines) and state.layout == "wrapped" and bool(state.foot_units) and bool(lines[j].text.strip())
            )
            if opens_note or continues:
                foot_indent = _indent(lines[j].text)
                k = j
                to_feed = feeds and opens_note and _cited_above(lines, j, boundary)
                if to_feed:
                    # Where form feeds mark the pages, the notes under the rule run to the
                    # page's end: pdftotext leaves blank lines and deeper indents inside them.
                    k = _foot_end(lines, j, feeds)
                while not to_feed and k < len(lines):
                    t = lines[k].text
                    if not t.strip() or k in boundary or _is_page_number(t) or _RULE.match(t):
                        break
                    if k > j and _indent(t) > foot_indent and not _NOTE_START.match(t):
                        break  # the next page's body resumes (pdftotext indents its first line)
                    k += 1
                foot = [lines[x] for x in range(j, k) if x not in remove and lines[x].text.strip()]
                if foot:
                    _move_to_notes(state, foot)
                for x in range(j, k):
                    remove.setdefault(x, "page-bottom notes")
                page_starts.add(k)
                i = k
                continue
        i += 1

    # Running heads: short lines repeated near page boundaries (digits ignored,
    # since heads often carry the folio).
    if boundary:
        where: dict[str, set[int]] = {}
        for b in sorted(boundary):
            for i in _neighbours(lines, b, remove):
                if i != b and _runs_on(lines, i, remove, boundary):
                    continue  # the first line of a block of text (a caption), not a head set apart
                key = _head_key(lines[i].text)
                if key:
                    where.setdefault(key, set()).add(i)
        groups = [found for found in where.values() if len(found) >= 3]  # three lines, not one touching three
        divisions = _division_heads(groups)
        state.running_title = _running_title(lines, [g for g in groups if g not in divisions])
        for found in groups:
            for i in sorted(found):
                if found in divisions and i == min(found):
                    continue  # a division's label ("Opinion of the Court") heads its first page: kept as its heading
                remove[i] = "running head"
                page_starts.add(_next_nonblank(lines, i + 1))
        _second_heads(state, lines, remove, page_starts)
    if feeds:
        _numbered_heads(lines, sorted({0} | feeds), remove)

    kept = []
    for i, line in enumerate(lines):
        reason = remove.get(i)
        if reason is None:
            kept.append(line)
            continue
        if reason != "page-bottom notes":  # those were recorded as moved
            state.record("removed", line.no, reason, line.text.strip())
        kept.append(line.retext(""))  # a blank keeps paragraphs apart
    state.lines = kept
    for i in page_starts:
        j = _next_nonblank(kept, i)
        if j < len(kept):
            state.page_starts.add(kept[j].no)


def strip_web_debris(state: State) -> None:
    lines = state.lines
    nonblank = [i for i, line in enumerate(lines) if line.text.strip()]
    tail = set(nonblank[-_TRAILER_ZONE:])
    for i in nonblank:
        text = lines[i].text
        reason = None
        hint = lines[i].hint
        if hint is not None and hint.chrome:
            reason = f"site navigation or chrome ({hint.chrome})"
        elif any(p.search(text) for p in _CAPTION_DEBRIS):
            reason = "image caption and credit (web debris)"
        elif i in tail and any(p.match(text) for p in _TRAILERS):
            reason = "web page trailer"
        if reason:
            state.record("removed", lines[i].no, reason, text.strip())
            lines[i] = lines[i].retext("")


_LABEL = re.compile(r"^\s*\[?(?P<label>\d{1,3}|[*†‡§¶]+)")


def _cited_above(lines: list[Line], j: int, boundary: set[int]) -> bool:
    """The note opening at line ``j`` is cited on its page: its label is glued
    to a word or a punctuation mark in the text above it (``Nation,1 the``)."""
    m = _LABEL.match(lines[j].text)
    if not m:
        return False
    label = re.escape(m.group("label"))
    k = j - 1
    while k >= 0 and (k == j - 1 or k not in boundary):
        if re.search(rf"(?<=[^\W\d_]|[.,;:!?”’\"')\]]){label}(?=[\s”’\"),;:.\]]|$)", lines[k].text):
            return True
        k -= 1
    return False


def _foot_end(lines: list[Line], j: int, feeds: set[int]) -> int:
    """Where the page whose notes open at line ``j`` ends: at the next form
    feed (or the text's end), less the blank lines before it."""
    k = j
    while k < len(lines) and k not in feeds:
        k += 1
    while k > j + 1 and not lines[k - 1].text.strip():
        k -= 1
    return k


def _is_page_number(text: str) -> bool:
    m = _PAGE_NUMBER.match(text)
    if not m:
        return False
    n = m.group("n")
    if n.isdecimal():
        return 0 < int(n) < 1000
    return n.islower()  # lower-case roman folios; capitals are chapter numbers


def _isolated(lines: list[Line], i: int, boundary: set[int]) -> bool:
    """Alone between blank lines, or right against a form feed (a folio at the
    foot of a page may follow its last line or note directly)."""
    before = i == 0 or not lines[i - 1].text.strip() or (i - 1) in boundary
    after = i + 1 >= len(lines) or not lines[i + 1].text.strip() or (i + 1) in boundary
    at_feed = (i + 1) in boundary or i in boundary or (i - 1) in boundary or i + 1 >= len(lines)
    return (before and after) or (at_feed and (before or after))


def _ascending(lines: list[Line], idx: list[int]) -> bool:
    values = [int(m.group("n")) for i in idx if (m := _PAGE_NUMBER.match(lines[i].text)) and m.group("n").isdigit()]
    if len(values) < 2:
        return False
    rising = sum(1 for a, b in zip(values, values[1:]) if b > a)
    return rising >= 0.8 * (len(values) - 1)


def _next_nonblank(lines: list[Line], i: int) -> int:
    while i < len(lines) and not lines[i].text.strip():
        i += 1
    return i


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _neighbours(lines: list[Line], b: int, remove: dict[int, str]):
    """The boundary line itself (a form feed may share its line with the head),
    then the nearest non-blank, not yet removed lines on each side."""
    if lines[b].text.strip() and b not in remove:
        yield b
    for step in (-1, 1):
        i, seen = b + step, 0
        while 0 <= i < len(lines) and seen < 2:
            if lines[i].text.strip() and i not in remove:
                yield i
                seen += 1
                break
            i += step


def _running_title(lines: list[Line], groups: list[set[int]]) -> str | None:
    """The work's name in its running head ("2   FISHER v. UNIVERSITY OF
    TEXAS AT AUSTIN"): a head through the whole text that, its folio aside,
    is words only (a citation or a date carries numbers)."""
    best: tuple[int, str] | None = None
    for found in groups:
        text = re.sub(r"^\s*\d{1,4}\s+|\s+\d{1,4}\s*$", "", lines[min(found)].text).strip()
        text = re.sub(r"\s+", " ", text)
        if re.search(r"\d", text) or len(text.split()) < 2 or not re.search(r"[^\W\d_]", text):
            continue
        if best is None or len(found) > best[0]:
            best = (len(found), text)
    return best[1] if best else None


def _second_heads(state: State, lines: list[Line], remove: dict[int, str], page_starts: set[int]) -> None:
    """A head's second line (the division's label under the case's name) on
    a division only two pages long: the same short line right under a removed
    running head on two pages or more.  Its first is kept where it is the
    division's only label (no line above it reads the same)."""
    under: dict[str, list[int]] = {}
    for h, why in list(remove.items()):
        if why != "running head":
            continue
        n = _next_nonblank(lines, h + 1)
        if (
            n < len(lines)
            and n not in remove
            and (key := _head_key(lines[n].text))
            and len(key.split()) <= THRESHOLDS.head_label_words
        ):
            under.setdefault(key, []).append(n)
    for key, found in under.items():
        if len(found) < 2:
            continue
        found.sort()
        earlier = any(_head_key(lines[k].text) == key for k in range(found[0]) if k not in remove)
        for i in found if earlier else found[1:]:
            remove[i] = "running head"
            page_starts.add(_next_nonblank(lines, i + 1))


_HEAD_FOLIO = re.compile(r"^\s*(?P<a>\d{1,4})\s{3,}\S.*\S\s*$|^\s*\S.*\S\s{3,}(?P<b>\d{1,4})\s*$")


def _folio_of(text: str) -> int | None:
    """The page number a head set in columns carries at one end."""
    m = _HEAD_FOLIO.match(text)
    return int(m.group("a") or m.group("b")) if m else None


def _numbered_heads(lines: list[Line], tops: list[int], remove: dict[int, str]) -> None:
    """A page's first line, set across the page in columns with the page's
    number at one end, one less than the next page's head carries (or one more
    than the page before's): a head that stands on its page only, as on an
    opinion's first page ("(Slip Opinion)   OCTOBER TERM, 2012   1")."""
    firsts = [_next_nonblank(lines, t) for t in tops]
    folios = [_folio_of(lines[i].text) if i < len(lines) else None for i in firsts]
    for k, i in enumerate(firsts):
        n = folios[k]
        if n is None or i in remove or len(re.findall(r"\S\s{3,}\S", lines[i].text.strip())) < 1:
            continue
        after = folios[k + 1] if k + 1 < len(folios) else None
        before = folios[k - 1] if k > 0 else None
        if after == n + 1 or before == n - 1:
            remove[i] = "running head"


def _runs_on(lines: list[Line], i: int, remove: dict[int, str], boundary: set[int]) -> bool:
    """A line that runs on into the line right under it (no blank between, no
    sentence ended): part of a block of text, where a running head stands alone."""
    j = i + 1
    if j >= len(lines) or j in remove or j in boundary or not lines[j].text.strip():
        return False
    return not re.search(r"[.:;!?\]]\s*$", lines[i].text)


def _underline(lines: list[Line], i: int) -> bool:
    """A rule of = or - directly under a short line, about as long as it."""
    t = lines[i].text.strip()
    if i == 0 or len(t) < 3 or len(set(t)) != 1 or t[0] not in "=-~*^":
        return False
    above = lines[i - 1].text.strip()
    if not above or len(above) > 80 or _RULE.match(lines[i - 1].text):
        return False
    return abs(len(t) - len(above)) <= max(2, 0.3 * len(above))


def _division_heads(groups: list[set[int]]) -> list[set[int]]:
    """Running heads that change in succession through the text (Syllabus,
    Opinion of the Court, a concurrence, a dissent) name its divisions; heads
    that run through the whole text (the title, the citation) do not."""
    spans = [(min(g), max(g)) for g in groups]
    if len(groups) < 3:
        return []
    first, last = min(a for a, _ in spans), max(b for _, b in spans)
    whole = max(last - first, 1)
    out = []
    for g, (a, b) in zip(groups, spans):
        if b - a >= DIVISION_SHARE * whole:
            continue
        others = [(c, d) for (c, d) in spans if (c, d) != (a, b) and d - c < DIVISION_SHARE * whole]
        if any(d < a or c > b for c, d in others):
            out.append(g)
    return out


DIVISION_SHARE = 0.8  # a head over less of the text than this, succeeded by another, names a division


def _head_key(text: str) -> str | None:
    t = re.sub(r"\s+", " ", text.strip())  # heads set in columns ("RFC 2616     HTTP/1.1     June 1999")
    if not t or len(t) > 70 or not re.search(r"[A-Za-z]", t) or t.endswith("-"):
        return None
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", t)).lower()


# ------------------------------------------------------------------ PDF pages
#
# A PDF line says where it stood: furniture is found by position, not by the
# blank lines and form feeds a text extraction leaves.

_FOLIO = re.compile(r"^\s*(?P<a>\d{1,5})\b|\b(?P<b>\d{1,5})\s*$")
_LETTER = re.compile(r"[^\W\d_]")


def _strip_pdf_furniture(state: State) -> None:
    """Margin text (set sideways or outside the column), running heads and
    folios, separators, and each page's notes (moved to ``state.foot_units``),
    every one recorded; removed lines are left blank, as in a text."""
    lines = state.lines
    remove: dict[int, str] = {}
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        lay = line.layout
        if lay is None or not line.text.strip():
            continue
        if lay.column < 0:
            remove[i] = "margin text outside the page's text area"
        else:
            pages.setdefault(lay.page, []).append(i)
    geo = pdflayout.measure(lines)
    divisions = _pdf_heads(state, pages, remove, geo)
    for idx in pages.values():
        for i in idx:
            lay = lines[i].layout
            left, right = geo.edge(lay)
            gap = THRESHOLDS.pdf_margin_gap * lay.size
            narrow = lay.x1 - lay.x0 <= THRESHOLDS.pdf_fragment_width * lay.size
            if i not in remove and narrow and (lay.x0 > right + gap or lay.x1 < left - gap):
                remove[i] = "margin text outside the page's text area"  # line or paragraph numbers in the margin
    for idx in pages.values():
        for i in idx:
            if i not in remove and (_RULE.match(lines[i].text) or _SPACE_RULE.match(lines[i].text)):
                remove[i] = "separator line"
    _pdf_foot_blocks(state, pages, remove)
    kept = []
    for i, line in enumerate(lines):
        reason = remove.get(i)
        if reason is None:
            kept.append(line)
            continue
        if reason != "page-bottom notes":  # those were recorded as moved
            state.record("removed", line.no, reason, line.text.strip())
        kept.append(line.retext(""))
    state.lines = kept
    for idx in pages.values():
        first = next((i for i in idx if i not in remove), None)
        if first is not None:
            state.page_starts.add(lines[first].no)
    state._pdf_divisions = divisions  # type: ignore[attr-defined]


def _pdf_running_title(lines: list[Line], heads: dict[str, dict[int, list[int]]], found: dict[int, str]) -> str | None:
    """The work's name in a PDF's running head ("GIFT SURPLUS, LLC V. STATE EX
    REL. COOPER"): of the heads through the text that are words only (a
    citation or a folio carries digits), the one on the most pages, unless it
    names a division ("Opinion of the Court")."""
    best: tuple[int, str] | None = None
    for key, where in heads.items():
        i = where[min(where)][0]
        text = re.sub(r"\s+", " ", lines[i].text).strip()
        if "#" in key or len(text.split()) < 2 or i not in found:
            continue
        m = FRONT_LABELS.match(text)
        if m and m.end() >= len(text.rstrip(" .:")):
            continue
        if best is None or len(where) > best[0]:
            best = (len(where), text)
    return best[1] if best else None


def _head_text(text: str) -> str:
    """A running head's text with its digits (the folio, a volume's date) made alike."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip()).lower())


def _pdf_heads(state: State, pages: dict[int, list[int]], remove: dict[int, str], geo) -> set[int]:
    """Running heads and folios: lines in the top or bottom zone of their page
    that repeat from page to page (digits aside), or that carry a number rising
    with the pages.  Returns the lines that name a division: a head that
    changes in the course of the text (``Syllabus``, then ``Opinion of the
    Court``) is kept where each of its divisions starts."""
    lines = state.lines
    zone_of: dict[int, set[int]] = {}
    ends: dict[int, tuple[int, int]] = {}
    for page, idx in pages.items():
        first_top = min(lines[i].layout.top for i in idx)
        last_bottom = max(lines[i].layout.bottom for i in idx)
        zone = THRESHOLDS.pdf_margin_zone * lines[idx[0]].layout.page_height
        zone_of[page] = {
            i for i in idx if lines[i].layout.top <= first_top + zone or lines[i].layout.bottom >= last_bottom - zone
        }
        ends[page] = (
            min(idx, key=lambda i: lines[i].layout.top),
            max(idx, key=lambda i: lines[i].layout.bottom),
        )
    seen: dict[str, dict[int, list[int]]] = {}
    for page, zone in zone_of.items():
        notes = _under_note_rule(lines, pages[page])
        for i in sorted(zone):
            key = _head_text(lines[i].text)
            if _LETTER.search(key) and i not in notes:
                seen.setdefault(key, {}).setdefault(page, []).append(i)
    need = max(THRESHOLDS.pdf_repeat_min, math.ceil(THRESHOLDS.pdf_repeat_pages * len(pages)))
    heads = {
        key: where
        for key, where in seen.items()
        if len(where) >= need or len(where) >= THRESHOLDS.pdf_repeat_min and _same_place(lines, where)
    }

    # Folios: the first or last line of a page with a number that rises with
    # the pages (the same offset from the page's place in the file on three
    # pages or more), alone or in a head that stands apart from the text.
    folio: dict[int, tuple[int, bool]] = {}
    for page, (top_i, bottom_i) in ends.items():
        for i in {top_i, bottom_i}:
            if i not in zone_of[page]:
                continue
            text = lines[i].text
            m = _FOLIO.search(text)
            if m:
                n = int(m.group("a") or m.group("b"))
                folio[i] = (n - page, _is_page_number(text))
            elif _is_page_number(text):
                folio[i] = (None, True)  # a roman folio
    offsets = Counter(off for off, _ in folio.values() if off is not None)
    found: dict[int, str] = {}
    for i, (off, alone) in folio.items():
        steady = off is not None and offsets[off] >= THRESHOLDS.pdf_repeat_min
        if alone and (steady or _apart(lines, pages, i, geo)):
            found[i] = "page number"
        elif steady and (_head_text(lines[i].text) in heads or _apart(lines, pages, i, geo)):
            found[i] = "running head"
    for where in heads.values():
        for idx in where.values():
            for i in idx:
                found.setdefault(i, "running head")
    # Heads and folios stand at the page's edge, set apart from its text: a
    # run of them from the top (or the bottom) with a gap after it.
    edge: set[int] = set()
    for idx in pages.values():
        edge |= _edge_run(lines, sorted(idx, key=lambda i: lines[i].layout.top), found, geo)
        edge |= _edge_run(lines, sorted(idx, key=lambda i: -lines[i].layout.bottom), found, geo)
    found = {i: why for i, why in found.items() if i in edge}

    # A head whose words change in the course of the text, at one place on the
    # page: each of its texts names the division it stands over.
    divisions: set[int] = set()
    keep: set[int] = set()
    plain_heads = [k for k in heads if "#" not in k and any(i in found for x in heads[k].values() for i in x)]
    slots: list[list[str]] = []
    for key in plain_heads:
        top = _median_top(lines, heads[key])
        for slot in slots:
            if abs(_median_top(lines, heads[slot[0]]) - top) <= THRESHOLDS.pdf_same_place:
                slot.append(key)
                break
        else:
            slots.append([key])
    for slot in slots:
        slot[:] = [key for key in slot if not _facing_head(heads, key, slot)]
        if len(slot) < 2:
            continue
        for key in slot:
            first = min(heads[key])
            head = heads[key][first][0]
            twin = [
                j
                for j in pages[first]
                if j not in zone_of[first] and _head_text(lines[j].text) == key and j not in remove
            ]
            if twin:
                divisions.add(lines[twin[0]].no)
            else:
                keep.add(head)
                divisions.add(lines[head].no)
    for i, why in found.items():
        if i not in keep:
            remove.setdefault(i, why)
    state.running_title = _pdf_running_title(lines, heads, found)

    # A first page's masthead: zone lines that repeat a part of the running
    # head the other pages carry (the journal's name, the volume, the date).
    head_texts = [k for k in heads if len(heads[k]) >= need]
    for page, zone in zone_of.items():
        for i in zone:
            if i in remove or i in keep:
                continue
            key = _head_text(lines[i].text)
            if len(key) < THRESHOLDS.pdf_head_piece_chars or not _LETTER.search(key):
                continue
            if page == min(pages) and pdflayout.larger(geo, lines[i].layout):
                continue  # the title the running head repeats, over the text (a chapter's, an article's)
            if any(key in h and key != h and page not in heads[h] for h in head_texts):
                remove[i] = "running head (part of it, on a page without it)"
            elif (
                page == min(pages)
                and i == ends[page][0]
                and _small(geo, lines[i])
                and any(_masthead_of(key, h) for h in head_texts)
            ):
                # The first page's top line, small, naming the journal the versos name: its masthead.
                remove[i] = "masthead (the running head's words, on a page without it)"
    return divisions


def _masthead_of(key: str, head_key: str) -> bool:
    """The line opens with a running head's words (without its folio: ``#
    journal of …``) and says more: the volume, the year, the pages."""
    words = head_key.replace("#", " ").strip()
    return len(words) >= THRESHOLDS.pdf_head_piece_chars and " " in words and key.startswith(words) and key != head_key


def _small(geo, line: Line) -> bool:
    """Set smaller than the text's body: a masthead's type, not the text's."""
    return line.layout.size < geo.body_size - THRESHOLDS.pdf_size_step


def _under_note_rule(lines: list[Line], idx: list[int]) -> set[int]:
    """The page's lines under a footnote rule that open with a note label: a
    note said again on other pages (``* Ibid.``) is no running foot."""
    rules = [lines[i].layout.top for i in idx if lines[i].layout.rule_above]
    if not rules:
        return set()
    return {i for i in idx if lines[i].layout.top >= min(rules) and _labelled(lines[i])}


def _facing_head(heads: dict[str, dict[int, list[int]]], key: str, slot: list[str]) -> bool:
    """A head set on the versos only (or the rectos only) through the pages
    the slot's other heads stand on — the journal's name facing the article's
    title, the case's name facing "Opinion of the Court" — names no division:
    the heads of divisions follow one another, they do not face each other."""
    pages = heads[key]
    if len(pages) < THRESHOLDS.pdf_repeat_min or len({p % 2 for p in pages}) > 1:
        return False
    others = [p for k in slot if k != key for p in heads[k]]
    return bool(others) and min(pages) <= min(others) + 1 and max(pages) >= max(others) - 1


def _edge_run(lines: list[Line], order: list[int], found: dict[int, str], geo) -> set[int]:
    """The heads and folios that stand one after another from the page's edge
    (``order``: its lines from that edge inward), if a gap wider than a
    paragraph's parts them from the page's text."""
    run: list[int] = []
    for i in order:
        if i not in found:
            break
        run.append(i)
    if len(run) == len(order):
        return set(run)
    for n in range(len(run), 0, -1):  # the longest part of the run that a gap parts from what follows
        last, nxt = lines[run[n - 1]].layout, lines[order[n]].layout
        gap = min(abs(nxt.top - last.top), abs(nxt.bottom - last.bottom))
        if gap > THRESHOLDS.pdf_paragraph_gap * geo.pitch(last.size):
            return set(run[:n])
    return set()


def _same_place(lines: list[Line], where: dict[int, list[int]]) -> bool:
    """At one height on at least three pages in a row."""
    run = best = 0
    prev_page = prev_top = None
    for page in sorted(where):
        top = lines[where[page][0]].layout.top
        if prev_page is not None and page == prev_page + 1 and abs(top - prev_top) <= THRESHOLDS.pdf_same_place:
            run += 1
        else:
            run = 1
        best = max(best, run)
        prev_page, prev_top = page, top
    return best >= THRESHOLDS.pdf_repeat_min


def _median_top(lines: list[Line], where: dict[int, list[int]]) -> float:
    tops = sorted(lines[idx[0]].layout.top for idx in where.values())
    return tops[len(tops) // 2]


def _apart(lines: list[Line], pages: dict[int, list[int]], i: int, geo) -> bool:
    """Standing apart from the page's text: farther from its nearest line than
    a paragraph's gap."""
    lay = lines[i].layout
    others = [lines[j].layout for j in pages[lay.page] if j != i]
    if not others:
        return True
    gap = min(abs(o.top - lay.top) for o in others)
    return gap > THRESHOLDS.pdf_paragraph_gap * geo.pitch(lay.size)


def _pdf_foot_blocks(state: State, pages: dict[int, list[int]], remove: dict[int, str]) -> None:
    """Each column's notes: the lines under a footnote rule, or the lines at
    the column's foot set smaller than its text that open with a note label;
    moved to ``state.foot_units`` (the page-foot conventions split them)."""
    lines = state.lines
    for page in sorted(pages):
        columns: dict[int, list[int]] = {}
        for i in pages[page]:
            if i not in remove:
                columns.setdefault(lines[i].layout.column, []).append(i)
        for col in sorted(columns):
            idx = columns[col]
            sizes = Counter(pdflayout.size_of(lines[i].layout.size) for i in idx)
            own = sizes.most_common(1)[0][0]
            start = next(
                (
                    k
                    for k, i in enumerate(idx)
                    if k > 0 and lines[i].layout.rule_above and _opens_foot(lines, idx, k, own)
                ),
                None,
            )
            if start is None:
                start = _small_foot(lines, idx, own)
            if start is None or any(NOTES_HEADING.match(lines[i].text.strip()) for i in idx[:start]):
                continue  # under a notes heading: the text's endnotes, set small (the notes pass reads the list)
            _move_to_notes(state, [lines[i] for i in idx[start:]])
            for i in idx[start:]:
                remove[i] = "page-bottom notes"


def _labelled(line: Line) -> bool:
    return bool(pdflayout.superscript_label_at(line.text, line.styles) or _NOTE_START.match(line.text))


def _opens_foot(lines: list[Line], idx: list[int], k: int, own: float) -> bool:
    """Under a footnote rule: set smaller than the column's text, or opening with a label."""
    line = lines[idx[k]]
    return line.layout.size < THRESHOLDS.pdf_foot_size * own or _labelled(line)


def _small_foot(lines: list[Line], idx: list[int], own: float) -> int | None:
    """Without a rule: the column's last lines, smaller than its text, from the
    first of them that opens with a label."""
    k = len(idx)
    while k > 0 and lines[idx[k - 1]].layout.size < THRESHOLDS.pdf_foot_size * own:
        k -= 1
    if k == 0 or k == len(idx):
        return None
    for j in range(k, len(idx)):
        if _labelled(lines[idx[j]]):
            return j
    return None


def _move_to_notes(state: State, foot: list) -> None:
    """The lines of a page's notes, as one unit for the note conventions to read."""
    unit = Unit.from_line(foot[0])
    for line in foot[1:]:
        unit.append(Unit.from_line(line), "\n")
    state.foot_units.append(unit)
    state.record(
        "moved", tuple(x.no for x in foot), "page-bottom notes moved to the notes", "\n".join(x.text for x in foot)
    )
