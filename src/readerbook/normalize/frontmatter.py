"""Title, author and subtitle lines at the top of a text become metadata."""

from __future__ import annotations

import re

from .state import State, Unit
from .unwrap import ends_sentence

_PARTICLES = r"(?:de|da|di|du|van|von|der|den|la|le|del|della|bin|ibn|al|y)"
_NAME = (
    r"(?:[A-Z][\w’'\-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w’'\-]+|[A-Z]\.|" + _PARTICLES + r"))*"
    r"\s+[A-Z][\w’'\-]+"
)
_AUTHORS = re.compile(rf"^(?:by\s+)?{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*$")
_BY_LINE = re.compile(r"^by\s+(.+)$", re.I)
# Words that label a section, not a title; a text that opens with one has no
# title lines (its title must come from book.yaml).
SECTION_LABELS = re.compile(
    r"^(?:preface|foreword|introduction|contents|table of contents|abstract|acknowledge?ments|"
    r"prologue|epilogue|conclusion|chapter\b.*|part\b.*|book\b.*|notes|bibliography)$",
    re.I,
)
_MAX_WORDS = 20
_CHAPTER_LINE = re.compile(r"^(?:\d{1,2}|[IVXLC]{1,6})\.\s+([A-Z“\"‘].*)$")


def looks_like_authors(text: str) -> bool:
    text = text.strip()
    if _BY_LINE.match(text):
        return True
    if len(text.split()) > 12 or text.endswith((".", ":", "?", "!")):
        return False
    return bool(_AUTHORS.match(text))


def _is_title_like(unit: Unit) -> bool:
    t = unit.text.strip()
    return (
        0 < len(t.split()) <= _MAX_WORDS
        and not t.endswith((".", ",", ";", ":"))
        and not ends_sentence(t)
        and not re.search(r"[a-z]{2,}[.!?]\S*\s+[A-Z]", t)  # two sentences are prose, not a title
        and not t.startswith(("“", '"', "‘", "'", "(", "[", "…", "..."))
        and not SECTION_LABELS.match(t)
    )


def extract_front_matter(state: State) -> None:
    """Take title, author and subtitle from the opening short lines.

    A text may open with its author ("Tony Cliff" / book title) or its title
    ("On the Problem…" / "Jeff Korolev" / subtitle); a numbered chapter line or
    a section label ends the front matter.
    """
    units = state.units
    taken: list[tuple[str, Unit]] = []
    i = 0
    found = {"title": None, "author": None, "subtitle": None}
    while i < len(units) and len(taken) < 3:
        unit = units[i]
        t = unit.text.strip()
        if not _is_title_like(unit) or re.match(r"^\d+\.\s|^[IVXLC]+\.\s", t):
            break
        if found["author"] is None and looks_like_authors(t):
            nxt = units[i + 1].text.strip() if i + 1 < len(units) else ""
            # Two name-like lines: the first is the title ("Permanent Revolution" / "Leon Trotsky").
            if found["title"] is None and i + 1 < len(units) and looks_like_authors(nxt) and not _BY_LINE.match(t):
                found["title"] = t
                taken.append(("title", unit))
            else:
                m = _BY_LINE.match(t)
                found["author"] = m.group(1) if m else t
                taken.append(("author", unit))
        elif found["title"] is None:
            found["title"] = t
            taken.append(("title", unit))
        elif found["subtitle"] is None and found["author"] is not None and i + 1 < len(units):
            # A subtitle follows title and author and precedes the body.
            if not _starts_body(units, i + 1):
                break
            found["subtitle"] = t
            taken.append(("subtitle", unit))
        else:
            break
        i += 1
    if found["title"] is None and found["author"] is None:
        return
    # A single chapter of a larger work: the opening lines name the book, and
    # one numbered chapter line follows (and no other stands in the text).
    rest = units[len(taken) :]
    numbered = [
        u
        for u in rest
        if _CHAPTER_LINE.match(u.text.strip()) and u.words() <= 12 and not u.text.rstrip().endswith((".", ";", ","))
    ]  # a numbered note or item is no chapter line
    if found["title"] and not found["subtitle"] and rest and numbered == [rest[0]]:
        found["subtitle"] = found["title"]
        found["title"] = _CHAPTER_LINE.match(rest[0].text.strip()).group(1)
    state.meta.title = found["title"]
    state.meta.author = found["author"]
    state.meta.subtitle = found["subtitle"]
    state.meta_units = taken
    state.meta.lines = tuple(no for _, u in taken for no in u.lines)
    for role, unit in taken:
        state.record("front-matter", unit.lines, f"{role} line taken as metadata", unit.text)
    state.units = units[len(taken) :]


def _starts_body(units: list[Unit], i: int) -> bool:
    return units[i].words() >= 12
