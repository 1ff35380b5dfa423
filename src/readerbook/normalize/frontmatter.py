"""Title, author and subtitle lines at the top of a text become metadata."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from .article import NAME as _NAME
from .article import take_article_opening, take_structured_opening
from .caption import case_name_style, take_caption, take_division_captions
from .headings import FRONT_LABELS
from .joining import ends_sentence
from .state import State, Unit

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
        and not t.endswith((".", ",", ";", ":", "?", "!"))
        and not (ends_sentence(t) and not re.search(r"\d\.\d{1,3}$", t))  # "HTTP/1.1" ends no sentence
        # Two sentences are prose, not a title.  (Matches start where a word
        # does: from inside a long run of letters the search is quadratic.)
        and not re.search(r"(?<![a-z])[a-z]{2,}[.!?]\S*\s+[A-Z]", t)
        and not t.startswith(("“", '"', "‘", "'", "(", "[", "…", "..."))
        and not SECTION_LABELS.match(t)
        and not _division_label(t)
    )


def _division_label(text: str) -> bool:
    """A division's label and nothing more ("Syllabus", "Opinion of the Court"): a heading, not a title."""
    m = FRONT_LABELS.match(text)
    return m is not None and m.end() >= len(text.rstrip(" .:"))


_BY = re.compile(
    r"^(?:by|von|par|di|de|por|translated\s+by|edited\s+by|with\s+(?:an?\s+)?(?:\w+\s+){1,3}by|traduit\s+.*|übersetzt\s+.*"
    r"|illustrated\s+by|introduction\s+by)\b",
    re.I,
)
_IMPRINT = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d)\b|&\s*co\b|\bltd\b|\bpress\b|publish|verlag|imprimerie|printed|gedruckt|copyright"
    r"|\b(?:london|new\s+york|boston|paris|leipzig|berlin|philadelphia|chicago|edinburgh|oxford|cambridge)\b"
    r"|\bvol(?:ume)?s?\b\.?|\btome\b|\bband\b|\bedition\b|édition|auflage|\bvolumes\b",
    re.I,
)
_RULE_LINE = re.compile(r"^(?:[*·•_=~-]\s*){3,}$")
_FUNCTION_LINE = re.compile(r"^(?:by|of|and|or|de|du|des|ou|et|von|und|oder|der|die|das|the|a|an|y|e|i)\.?$", re.I)
_LETTER_SPACED = re.compile(r"^(?:\S ){3,}\S")
TITLE_PAGE_WORDS = 16
SUBTITLE_MIN_WORDS = 8  # after the byline, a line this short is a heading, not a subtitle


def _fold(text: str) -> str:
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", text).strip().casefold()


TITLE_SIMILARITY = 0.85  # a title page may spell the title a little differently from the header


def _overlaps(line: str, name: str | None) -> bool:
    """The line names the title or author (one contains the other, two words
    or more, accents and small spelling variants aside)."""
    if not name:
        return False
    a, b = _fold(line), _fold(name)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    if (short in long_ and len(short.split()) >= 2) or a == b:
        return True
    return len(short.split()) >= 3 and SequenceMatcher(None, a, b).ratio() >= TITLE_SIMILARITY


def _centred(state: State, unit: Unit) -> bool:
    width = max(state.body_width, 1)
    indent = unit.indent
    if indent < 8:
        return False
    centre = indent + len(unit.text) / 2
    return abs(centre - width / 2) <= 0.2 * width


def _title_page(state: State) -> bool:
    """A title page at the start of a text (centred lines, the title and
    author named, imprint and volume lines): taken as metadata."""
    title = state.source_meta.get("title")
    author = state.source_meta.get("author")
    units = state.units
    taken: list[Unit] = []
    named = False
    prev_caps = False
    prev_end = None
    for unit in units:
        t = plain_text(unit)
        if not taken and _RULE_LINE.match(t):
            taken.append(unit)  # a rule or a row of stars framing the title page
            continue
        if (
            unit.role == "verbatim"
            or unit.words() > TITLE_PAGE_WORDS
            and not _LETTER_SPACED.match(t)
            or unit.nlines > 4
        ):
            break
        if unit.role == "verse" and any(len(x.split()) > 8 for x in t.split("\n")):
            break
        if _removed_between(state, prev_end, unit.first_line):
            break  # a contents list was removed here: the body starts after it
        matches = _overlaps(t, title) or _overlaps(t, author)
        caps = weight_of(t) == 2
        ok = (
            matches
            or bool(_RULE_LINE.match(t))
            or _centred(state, unit)
            or bool(_BY.match(t))
            or bool(_IMPRINT.search(t))
            or bool(_FUNCTION_LINE.match(t))
            or bool(_LETTER_SPACED.match(t))
            or (t.startswith("(") and t.endswith(")"))
            or (caps and prev_caps and unit.gap_before <= 1)
            or (taken and not named and len(taken) == 1 and unit.gap_before <= 1)  # a subtitle under the title
        )
        if not ok or (not taken and not matches and not _centred(state, unit)):
            break
        if _STRUCTURAL.match(t):
            break
        named = named or matches
        taken.append(unit)
        prev_caps = caps
        prev_end = unit.lines[-1]
    if not taken or not (named or sum(1 for u in taken if _centred(state, u)) >= 2):
        return False
    state.meta.title = title or plain_text(taken[0])
    state.meta.author = author
    state.meta.subtitle = state.source_meta.get("subtitle")
    state.meta_units = [("title page", u) for u in taken]
    state.meta.lines = tuple(no for u in taken for no in u.lines)
    for unit in taken:
        state.record("front-matter", unit.lines, "title page line taken as metadata", unit.text)
    state.units = units[len(taken) :]
    return True


_STRUCTURAL = re.compile(
    r"^(?:chapter|chapitre|kapitel|part|book|preface|pr[ée]face|foreword|introduction|contents|act|scene)\b"
    r"|^[IVXLC]{1,7}\.?$",
    re.I,
)


def _removed_between(state: State, after: int | None, before: int) -> bool:
    if after is None:
        return False
    return any(
        c.kind == "removed" and "contents" in c.detail and any(after < n < before for n in c.lines)
        for c in state.changes
    )


def plain_text(unit: Unit) -> str:
    return unit.text.strip()


def weight_of(text: str) -> int:
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return 2
    return 1 if letters and letters[0].isupper() else 0


def _half_titles(state: State) -> None:
    """A line that repeats the work's title (a half-title, or the title page of
    the work after an editor's preface) is front matter, with the centred
    imprint and by-lines that go with it."""
    title = state.meta.title
    if not title:
        return
    target = _fold(title)
    units = state.units
    kept: list[Unit] = []
    i = 0
    while i < len(units):
        unit = units[i]
        numbered = bool(re.match(r"^\s*(?:\d+|[IVXLC]+)[.:]\s", unit.text))  # "4. The Lessons…" is a chapter heading
        short = unit.words() <= TITLE_PAGE_WORDS and not unit.role and not numbered
        folded = _fold(unit.text).rstrip(" ,;") if short else ""  # (folding is slow: only a candidate)
        if short and (
            folded == target or unit.words() >= 3 and SequenceMatcher(None, folded, target).ratio() >= TITLE_SIMILARITY
        ):
            j = i + 1
            while (
                j < len(units)
                and units[j].words() <= TITLE_PAGE_WORDS
                and not units[j].role
                and not _STRUCTURAL.match(units[j].text.strip())
                and (
                    _centred(state, units[j])
                    and _centred(state, unit)
                    or _BY.match(units[j].text.strip())
                    or units[j].gap_before == 0
                    and weight_of(units[j].text) == 2  # the title's second line
                )
            ):
                j += 1
            for u in units[i:j]:
                state.record("front-matter", u.lines, "half-title (repeats the title) taken as metadata", u.text)
                state.meta.lines = tuple(state.meta.lines) + tuple(u.lines)
            i = j
            continue
        kept.append(unit)
        i += 1
    state.units = kept


_PG_TITLE = re.compile(r"^\s*The\s+Project\s+Gutenberg\s+e-?(?:Book|Text)\s+(?:#\d+\s*:\s*|of\s+)?", re.I)
# A court's or an agency's file title: a docket number before the name and the
# date of filing after it ("11-889 Tarrant … v. Herrmann (06/13/2013)").
_DOCKET_PREFIX = re.compile(r"^\s*(?:No\.\s*)?\d{1,4}[-–]\d{1,6}[A-Z]{0,3}\s+(?=\S)")
_DATE_SUFFIX = re.compile(r"\s*\(\d{1,2}/\d{1,2}/\d{2,4}\)\s*$")


def _clean_source_title(state: State) -> None:
    """A web page's title as e-text producers write it: "The Project Gutenberg
    eBook of The Economic Consequences of the Peace, by John Maynard Keynes"."""
    title = state.source_meta.get("title", "")
    if _PG_TITLE.match(title):
        title = _PG_TITLE.sub("", title)
        if ", by " in title:
            title, author = title.rsplit(", by ", 1)
            state.source_meta.setdefault("author", author.strip())
        state.source_meta["title"] = title.strip().rstrip(".")
    elif title and _DATE_SUFFIX.search(title) and _DOCKET_PREFIX.match(title):
        state.source_meta["title"] = _DATE_SUFFIX.sub("", _DOCKET_PREFIX.sub("", title)).strip()


def _structured_title_page(state: State) -> None:
    """A structured source's title and the headings of its title page (the
    title, "by", the author, an affiliation, the imprint) before the first
    heading of its body."""
    title = state.source_meta.get("title")
    author = state.source_meta.get("author")
    while state.units and state.units[0].role == "break":
        state.units = state.units[1:]  # a rule before the title page is nothing to keep
    first = state.units[0] if state.units else None
    if first is not None and first.hint is not None and first.hint.kind == "heading" and first.hint.level == 1:
        # The page's own first-level heading names the work better than its <title> does.
        h1s = [u for u in state.units if u.hint is not None and u.hint.kind == "heading" and u.hint.level == 1]
        if len(h1s) == 1:
            title = first.text.replace("\n", " ").strip()
    taken: list[Unit] = []
    named = False
    for k, unit in enumerate(state.units):
        hint = unit.hint
        t = unit.text.replace("\n", " ").strip()
        if hint is None or unit.role:
            break
        matches = _overlaps(t, title) or _overlaps(t, author)
        # The subtitle the source's metadata names (a Word Subtitle under the Title) belongs to the title page.
        matches = matches or (bool(taken) and _overlaps(t, state.source_meta.get("subtitle")))
        nxt = state.units[k + 1] if k + 1 < len(state.units) else None
        if hint.kind == "heading":
            if _STRUCTURAL.match(t) or (not matches and taken and not named and hint.level > 1):
                break
            if not matches and nxt is not None and nxt.words() > TITLE_PAGE_WORDS:
                break  # prose follows: the first heading of the body
            if not matches and not taken and hint.level > 1:
                break
            if not matches and any("title" in u.hint.classes for u in taken):
                break  # the source marked its title as one (Word's Title style): the next heading is the body's
        elif not (matches or _BY.match(t) or _IMPRINT.search(t)) or unit.words() > TITLE_PAGE_WORDS:
            break
        named = named or matches
        taken.append(unit)
    if taken and named:
        state.meta_units = [("title page", u) for u in taken]
        state.meta.lines = tuple(no for u in taken for no in u.lines)
        for unit in taken:
            state.record("front-matter", unit.lines, "title page line taken as metadata", unit.text)
        state.units = state.units[len(taken) :]
        if not title:
            title = taken[0].text.replace("\n", " ").strip()
    elif not title:
        title, author = _letterhead(state, author)
    if not title and state.source_meta.get("document-title"):
        # Nothing in the body names the work, but the file's properties do (a Word document's core properties).
        title = state.source_meta["document-title"]
        author = author or state.source_meta.get("document-author")
        state.record("front-matter", (), "title taken from the document's properties", title)
    state.meta.title = title
    state.meta.author = author
    state.meta.subtitle = state.source_meta.get("subtitle")


def _letterhead(state: State, author: str | None) -> tuple[str | None, str | None]:
    """A structured source that names itself nowhere else: its letterhead
    (the issuing body's lines in bold capitals, the kind of document last)
    gives the title (the last line) and the author (the office above it)."""
    from .structured import letterhead

    found = letterhead(state.units)
    if found is None:
        return None, author
    start, end = found
    lines = state.units[start:end]
    title = lines[-1].text.replace("\n", " ").strip()
    if not author:
        author = lines[-2].text.replace("\n", " ").strip()
    state.meta_units = [("letterhead", u) for u in lines]
    state.meta.lines = tuple(no for u in lines for no in u.lines)
    for unit in lines:
        state.record("front-matter", unit.lines, "letterhead line taken as metadata", unit.text)
    state.units = state.units[:start] + state.units[end:]
    return title, author


def extract_front_matter(state: State) -> None:
    _clean_source_title(state)
    if state.format == "markdown":
        # The editor's Markdown states its metadata in its header; its headings are all the body's.
        state.meta.title = state.source_meta.get("title")
        state.meta.author = state.source_meta.get("author")
        state.meta.subtitle = state.source_meta.get("subtitle")
        return
    if state.layout == "structured":
        _structured_title_page(state)
        take_structured_opening(state)  # a journal page's affiliations, and its abstract's heading
        _half_titles(state)
        return
    _text_front_matter(state)
    take_division_captions(state)  # an opinion's caption repeated over each opinion of the text


def _text_front_matter(state: State) -> None:
    if take_caption(state):
        return  # a court's caption names the case: nothing above the opinion is a title page
    if state.units and (state.source_meta.get("title") or state.source_meta.get("author")):
        if _title_page(state):
            take_article_opening(state)  # a scholarly article's authors, affiliations, abstract and keywords
            _half_titles(state)
            return
    _opening_lines(state)
    if state.meta.title:
        take_article_opening(state)
    _half_titles(state)
    if not state.meta.title and state.running_title:
        # No title opens the text, but its running head names it.
        state.meta.title = case_name_style(state.running_title)  # a case's name as it is written, not in capitals
        state.record("front-matter", (), "title taken from the running head", state.running_title)
    for key, value in state.preamble_meta.items():
        # The document's own fields ("AGENCY: …", the subject after its RIN) say it outright.
        if getattr(state.meta, key) != value:
            setattr(state.meta, key, value)
            state.record("front-matter", (), f"{key} taken from the document's preamble", value)
    for key in ("title", "author"):
        # Nothing in the text names it, but the file's own metadata does (a PDF's document information).
        if not getattr(state.meta, key) and state.source_meta.get(key):
            setattr(state.meta, key, state.source_meta[key])
            state.record("front-matter", (), f"{key} taken from the source's metadata", state.source_meta[key])


def _opening_lines(state: State) -> None:
    """Take title, author and subtitle from the opening short lines.

    A text may open with its author ("Tony Cliff" / book title) or its title
    ("On the Problem…" / "Jeff Korolev" / subtitle); a numbered chapter line or
    a section label ends the front matter.
    """
    units = state.units
    taken: list[tuple[str, Unit]] = []
    i = 0
    found = {"title": None, "author": None, "subtitle": None}
    # A document's header set in columns (an RFC's "Network Working Group …"):
    # front matter, before the title.
    while i < len(units) and units[i].role == "verbatim" and i == len(taken):
        taken.append(("document header", units[i]))
        i += 1
    while i < len(units) and sum(1 for role, _ in taken if role != "document header") < 3:
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
            # A subtitle follows title and author and precedes the body; a short
            # title-case line there is the first section's heading instead.
            if not _starts_body(units, i + 1):
                break
            if len(t.split()) <= SUBTITLE_MIN_WORDS and ":" not in t:
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
