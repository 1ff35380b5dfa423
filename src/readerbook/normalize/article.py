"""A scholarly article's opening: authors, affiliations, abstract, keywords.

Under an article's title stand its authors (each name often followed by
affiliation marks: ``Ann Writer¹, Bo Reader²*``), the affiliations and
e-mail addresses those marks point to, the dates of receipt and acceptance
and the DOI: the authors become the text's author, the rest is recorded as
front matter. The abstract and the keywords (``Keywords:``, ``Key words``,
``JEL``) are the author's words: kept, the abstract under its own heading
(a run-in ``Abstract:`` is parted from its paragraph), each keyword line a
paragraph of its own — never a block quotation, though a journal sets them
in and smaller.
"""

from __future__ import annotations

import re

from . import pdflayout
from .state import State, Unit
from .thresholds import THRESHOLDS

# A person's name: capitalised words and initials, with the particles of names.
_PARTICLES = r"(?:de|da|di|du|van|von|der|den|la|le|del|della|bin|ibn|al|y)"
NAME = (
    r"(?:[A-Z][\w’'\-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w’'\-]+|[A-Z]\.|" + _PARTICLES + r"))*"
    r"\s+[A-Z][\w’'\-]+"
)

# Marks after a name pointing to an affiliation or a note: superscript digits and
# letters, note symbols, and (where the superscript was read as plain text) digits
# and commas run onto the name ("Sample2,*").
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠ"
_SYMBOLS = "*†‡§¶#∗"
_MARK_RUN = re.compile(rf"(?<=[\w.’'])(?:[{_SUPERSCRIPTS}{_SYMBOLS}]|\d|,(?=[\d{_SUPERSCRIPTS}{_SYMBOLS}]))+")
_ONE_NAME = re.compile(rf"^{NAME}$")
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*")

# A line the marks point to, or a line filing the article: recorded, not body text.
_MARKED = re.compile(rf"^(?:[{_SUPERSCRIPTS}{_SYMBOLS}]+|\d{{1,2}}(?=\s*[A-Z])|[a-f](?=\s+[A-Z]))\s*")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_INSTITUTION = re.compile(
    r"\b(?:universit\w*|department|dept\.|school|institut\w*|college|faculty|centre|center|laborator\w*"
    r"|academy|hospital|division of)\b",
    re.I,
)
_FILING = re.compile(
    r"^(?:received|accepted|revised|published(?:\s+online)?|available\s+online|submitted|article\s+history"
    r"|doi\b|https?://doi\.org/|corresponding\s+author|e-?mail\b|orcid\b)",
    re.I,
)
_ABSTRACT = re.compile(r"^(?:abstract|summary)\s*(?:[.:—–-]\s*|$)", re.I)
_KEYWORD_LINE = re.compile(r"^(?:key\s*-?\s*words?|index\s+terms|jel(?:\s+classification)?(?:\s+codes?)?)\b", re.I)


def author_names(text: str) -> list[str] | None:
    """The names of an authors line, their marks left out; None if a part is no name."""
    text = " ".join(text.split())
    if not text or text.endswith((".", ":", "?", "!")) or _EMAIL.search(text):
        return None
    bare = _MARK_RUN.sub("", text)
    bare = re.sub(r"^by\s+", "", bare, flags=re.I)
    parts = [p.strip(" ,") for p in _SEPARATORS.split(bare) if p.strip(" ,")]
    if not parts or len(bare.split()) > 3 * len(parts) + 2:
        return None
    if not all(_ONE_NAME.match(p) for p in parts):
        return None
    return parts


def marked_authors(text: str) -> bool:
    """An authors line by its shape alone: names with affiliation marks, or several names
    (one unmarked name — "Federal Aviation Administration" — may be anything)."""
    names = author_names(text)
    return bool(names) and (len(names) > 1 or bool(_MARK_RUN.search(" ".join(text.split()))))


def join_names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def filing_line(text: str) -> bool:
    """An affiliation, an address, a date of receipt, a DOI: what files the article."""
    t = " ".join(text.split())
    if not t or len(t.split()) > THRESHOLDS.article_front_words:
        return False
    if _FILING.match(t) or _EMAIL.search(t):
        return True
    marked = _MARKED.match(t)
    return bool(_INSTITUTION.search(t)) and (bool(marked) or not t.endswith("."))


def _split_lines(unit: Unit, starts: list[int]) -> list[Unit]:
    cuts = sorted({0, *starts})
    parts = []
    for a, b in zip(cuts, cuts[1:] + [len(unit.text)]):
        piece = unit.sub(a, b)
        stripped = piece.text.rstrip()
        if stripped != piece.text:
            piece = piece.sub(0, len(stripped))
        if piece.text.strip():
            parts.append(piece)
    return parts


def _keyword_starts(unit: Unit) -> list[int]:
    """Where a keywords or JEL line starts inside a unit (after its first line)."""
    return [a for a in _line_starts(unit)[1:] if _KEYWORD_LINE.match(unit.text[a:].lstrip())]


def _line_starts(unit: Unit) -> list[int]:
    """Where each source line starts in a unit (an unwrapped paragraph's too)."""
    return sorted({0, *(o for o, _ in unit.spans), *(a for a, _ in unit.line_ranges())})


def _source_lines(unit: Unit) -> list[str]:
    starts = _line_starts(unit)
    return [unit.text[a:b] for a, b in zip(starts, starts[1:] + [len(unit.text)])]


def abstract_label(text: str) -> bool:
    """The abstract's label standing alone ("Abstract", "ABSTRACT.", "Summary:")."""
    m = _ABSTRACT.match(text.strip())
    return m is not None and not text.strip()[m.end() :]


def take_article_opening(state: State) -> None:
    """Under the title: the authors line(s) become the author, the lines that
    file the article are recorded; then the abstract and keywords kept as the
    author's paragraphs."""
    units = state.units
    names: list[str] = []
    taken: list[tuple[str, Unit]] = []
    for unit in units[: THRESHOLDS.article_front_units]:
        t = unit.text.strip()
        if unit.role or _ABSTRACT.match(t) or _KEYWORD_LINE.match(t):
            break
        # (One name with no marks is taken with the title, by frontmatter.py, or not at all.)
        if not state.meta.author and unit.nlines <= 2 and marked_authors(t):
            names.extend(author_names(t) or ())
            taken.append(("authors", unit))
        elif all(filing_line(line) for line in _source_lines(unit)):
            taken.append(("affiliation", unit))
        else:
            break
    if not names and not state.meta.author:
        taken = []  # filing lines with no authors over them: not an article's opening after all
    for role, unit in taken:
        state.meta_units.append((role, unit))
        state.meta.lines = tuple(state.meta.lines) + unit.lines
        detail = "authors line taken as metadata" if role == "authors" else "affiliation or filing line recorded"
        state.record("front-matter", unit.lines, detail, unit.text)
    if names:
        state.meta.author = join_names(names)
    state.units = units[len(taken) :]
    _abstract_and_keywords(state, article=bool(taken))


def _abstract_and_keywords(state: State, article: bool) -> None:
    """``article``: authors or filing lines stood over it (a "Summary" opening
    a book's chapter is that chapter's, not an article's abstract)."""
    units = state.units
    if not units:
        return
    first = units[0]
    t = first.text.strip()
    m = _ABSTRACT.match(t)
    if m and t[:7].casefold() == "summary" and not article:
        return
    if not m:
        if _small_abstract(state, units):
            # Set apart by its type alone: given its heading, then read as a headed one.
            state.units = units = [supplied_heading(state, first), *units]
            first, t = units[0], SUPPLIED_HEADING
            m = _ABSTRACT.match(t)
        else:
            return
    out: list[Unit] = []
    lead = len(first.text) - len(first.text.lstrip())
    label_end = lead + len(m.group(0).rstrip(" .:—–-"))
    if first.text[lead + m.end() :].strip():
        # "Abstract: This article …": the label a heading, the words its paragraph.
        body_start = lead + m.end()
        head, body = first.sub(lead, label_end), first.sub(body_start)
        head.gap_before, body.gap_before = first.gap_before, 1
        out += [head, body]
    else:
        out.append(first)
    # The abstract's paragraphs down to its keyword lines (each parted as a
    # paragraph of its own), or its one paragraph where it has none.
    rest = units[1:]
    window = rest[: THRESHOLDS.article_front_units]
    last = next((j for j, u in enumerate(window) if _KEYWORD_LINE.match(u.text.strip()) or _keyword_starts(u)), None)
    if last is not None:
        while last + 1 < len(window) and _KEYWORD_LINE.match(window[last + 1].text.strip()):
            last += 1  # "Keywords: …" then "JEL: …" as units of their own
    end = 1 if last is None else last + 1
    # (Keyword lines kept as a line block are parted into their lines below.)
    if any(u.role not in ("", "lines") or (u.hint is not None and u.hint.kind == "heading") for u in rest[:end]):
        end = 1 if rest and not rest[0].role else 0
    split: list[Unit] = out[1:]  # a run-in abstract's words
    for unit in rest[:end]:
        starts = _keyword_starts(unit)
        split.extend(_split_lines(unit, starts) if starts else [unit])
    state.opening_heads.add(out[0].first_line)
    state.opening_paragraphs.update(u.first_line for u in split)
    state.units = [out[0], *split, *rest[end:]]


# The heading an abstract set apart without one is given (the source's own word
# would be "Abstract": its class, or its type, says what the paragraph is).
SUPPLIED_HEADING = "Abstract"


def _small_abstract(state: State, units: list[Unit]) -> bool:
    """A PDF article's first paragraph under its authors, prose set smaller than
    the body and followed by its keywords or by the body's type: its abstract."""
    if state.layout != "pdf" or not state.meta.author or len(units) < 2:
        return False
    first, after = units[0], units[1]
    if first.layout is None or after.layout is None or first.role or first.words() < THRESHOLDS.article_abstract_words:
        return False
    body = pdflayout.geometry(state).body_size
    smaller = first.layout.size <= body - THRESHOLDS.pdf_size_step
    return smaller and (bool(_KEYWORD_LINE.match(after.text.strip())) or after.layout.size > first.layout.size)


def supplied_heading(state: State, before: Unit) -> Unit:
    """A heading for an abstract the source sets apart without one; it holds
    none of the source's letters (the structure pass gives it no lines)."""
    head = Unit(SUPPLIED_HEADING, [(0, before.first_line)], before.gap_before, before.indent)
    head.layout = before.layout
    state.supplied_heads.add(before.first_line)
    state.opening_heads.add(before.first_line)
    state.record("supplied", (), "an abstract set apart without a heading given one", SUPPLIED_HEADING)
    return head


def take_structured_opening(state: State) -> None:
    """A journal's web page under its title: the affiliation and filing
    paragraphs recorded (and the authors' line, where no metadata named them);
    an abstract set apart by its class alone given its heading."""
    units = state.units
    i = 0
    names: list[str] = []
    while i < min(len(units), THRESHOLDS.article_front_units):
        unit = units[i]
        hint = unit.hint
        if hint is None or hint.kind != "p" or unit.role or "abstract" in hint.classes:
            break
        t = unit.text.strip()
        if _ABSTRACT.match(t) or _KEYWORD_LINE.match(t):
            break
        found = author_names(t) if not state.meta.author and not names else None
        if found and marked_authors(t):
            names = found
            role = "authors"
        elif (state.meta.author or names) and all(filing_line(line) for line in _source_lines(unit)):
            role = "affiliation"
        else:
            break
        state.meta_units.append((role, unit))
        state.meta.lines = tuple(state.meta.lines) + unit.lines
        detail = "authors line taken as metadata" if role == "authors" else "affiliation or filing line recorded"
        state.record("front-matter", unit.lines, detail, unit.text)
        i += 1
    if names:
        state.meta.author = join_names(names)
    state.units = units = units[i:]
    first = units[0] if units else None
    if first is not None and first.hint is not None and "abstract" in first.hint.classes:
        if not _ABSTRACT.match(first.text.strip()):
            state.units = [supplied_heading(state, first), *units]
