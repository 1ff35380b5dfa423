"""A court's caption: the title page of an opinion or an agency's decision.

Over an opinion stand the parties (``DEMOCRACY NORTH CAROLINA, …,
Plaintiffs,`` / ``v.`` / ``The NORTH CAROLINA STATE BOARD …``) or the matter
(``Matter of Emmanuel LAGUERRE, Respondent``), and the fields that file it:
the court, the docket number and the reporter's citation, the date of filing
or decision, counsel and the panel as labelled fields (``FOR RESPONDENT: …``,
``BEFORE: …``), and the kind of document (``MEMORANDUM OPINION AND ORDER``).
None of it is the court's prose: it is taken as front matter, recorded, and
the case's name becomes the text's title.  What the opinion says before its
author's byline (a headnote, counsel written as sentences, the procedural
history) stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .headings import FRONT_LABELS
from .state import State, Unit
from .thresholds import THRESHOLDS

# The line between the parties: "v.", "vs.", "versus", standing alone.
CONNECTOR = re.compile(r"^(?:v|vs|versus)\.?$", re.I)
# A line joining two parties on one side ("and").
_JOIN = re.compile(r"^(?:and|&)$", re.I)
# A caption naming a matter rather than two sides.
_MATTER = re.compile(r"^(?:(?:In\s+(?:the\s+)?)?Matter\s+of|In\s+re|Ex\s+parte)\s+\S", re.I)
# The role a party is named in, closing its line ("…, Plaintiffs,", "…, Defendant-Intervenors.").
_ROLES = (
    "plaintiff|defendant|petitioner|respondent|appellant|appellee|intervenor|movant|claimant|applicant"
    "|relator|complainant"
)  # the roles a party is named in
_DESIGNATION = re.compile(rf"\b(?:{_ROLES})s?[.,;]?$", re.I)
# The body that decides ("United States District Court, M.D. North Carolina.",
# "IN THE SUPREME COURT OF NORTH CAROLINA", "… Board of Immigration Appeals").
_COURT = re.compile(r"\b(?:court|board|tribunal|commission)\b", re.I)
_NAME_LINKS = frozenset("of for the and in at".split())
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# The date the decision was filed, signed or decided ("Filed 11 February 2022", "[June 13, 2013]").
_DATE = re.compile(
    r"^(?:(?:Filed|Signed|Decided|Argued|Submitted|Heard|Entered|Dated|Issued|Delivered)\b.{0,60}\b(?:1[89]|20)\d\d"
    r"|\[?" + _MONTHS + r"\s+\d{1,2},\s+(?:1[89]|20)\d\d\]?)\.?$",
    re.I,
)
# Counsel and the panel as labelled fields ("FOR RESPONDENT: …", "BEFORE: Board Panel: …").
_FIELD = re.compile(
    r"^(?:FOR|ON\s+BEHALF\s+OF)\s+[A-Z][A-Z .,'’&()-]{1,80}:\s+\S|^(?:BEFORE|Before|PRESENT|Present):\s+\S"
)
# The kind of document under its caption, in capitals ("MEMORANDUM OPINION AND ORDER").
_KIND_WORDS = frozenset(
    "memorandum opinion opinions order orders and decision judgment ruling findings of fact conclusions law"
    " final interim report recommendation on the motion".split()
)
# Who wrote the opinion ("OSTEEN, JR., District Judge", "HUDSON, Justice.",
# "GORMAN, Appellate Immigration Judge:"): the caption ends above it, and it is
# no heading (structure.py).
BYLINE = re.compile(
    r"^(?:Before\s+)?[A-Z][A-Z’'.-]+(?:,\s*(?:JR|SR|III|II|IV)\.?)?(?:,\s*[A-Z][A-Z’'.-]+)*,\s+"
    r"(?:[A-Z][a-z]+\s+){0,3}(?:Judges?|Justices?)[.:]?$"
)
_PER_CURIAM = re.compile(r"^per\s+curiam\b", re.I)
_NUMBERED = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,2})\.\s+\S")
# A party's name runs to its first comma, unless what follows is part of it ("GIFT SURPLUS, LLC").
_FIRM_SUFFIX = re.compile(r",\s+(?:LLC|L\.L\.C\.|Inc\.?|L\.?P\.|LLP|Ltd\.?|Co\.|Corp\.?|N\.A\.|P\.?C\.|PLLC)\b", re.I)
# Words set in lower case in a case's name ("State ex rel. Cooper", "Board of Elections").
_LOWER = frozenset("v. vs. ex rel. of the and for in on at to a an de".split())


# A caption set on a line or two, its first side's designation before the "v."
# ("ABIGAIL NOEL FISHER, PETITIONER v. UNIVERSITY OF TEXAS …").
_INLINE_PARTIES = re.compile(rf",\s+(?:[a-z]+-)?(?:{_ROLES})s?(?:-[a-z]+)?,?\s+(?:v|vs)\.\s", re.I)
# How the case came to the court, under the parties ("ON WRIT OF CERTIORARI TO
# THE UNITED STATES COURT OF APPEALS FOR THE FIFTH CIRCUIT", "ON APPEAL FROM …").
_HOW_CAME = re.compile(r"^(?:ON\s+(?:WRIT\s+OF\s+)?)?CERTIORARI\s+TO\b|^ON\s+(?:APPEAL|PETITION|REVIEW)\b", re.I)
_OPEN_END = re.compile(r"\b(?:for|of|the|to|from|and|in)$", re.I)


@dataclass(frozen=True)
class Caption:
    title: str
    taken: tuple[int, ...]  # indexes of the units that are the caption


def find_caption(units: list[Unit], running_title: str | None = None, above: tuple[str, ...] = ()) -> Caption | None:
    """The caption at the head of ``units``, if the text opens with one;
    ``above`` are the lines of a title block already taken over them."""
    zone = _zone(units)
    head = next((k for k in range(1, zone - 1) if CONNECTOR.match(units[k].text.strip())), None)
    taken: set[int] = set()
    if head is not None:
        start, end = _parties(units, head)
        taken.update(range(start, end))
        title = _title_from_head(running_title) or _case_name(units[head - 1].text, units[head + 1].text)
    elif len(above) >= 2 and CONNECTOR.match(above[-1].strip()) and zone > 0:
        # A title block (a PDF's display lines) took the caption down to its
        # "v.": the other side's party opens the text.
        end = _parties_after(units, 1)
        taken.update(range(end))
        title = _title_from_head(running_title) or _case_name(above[-2], units[0].text)
    else:
        head = next((k for k in range(min(zone, THRESHOLDS.caption_matter_units)) if _matter(units[k])), None)
        if head is None:
            return None
        taken.add(head)
        title = units[head].text.replace("\n", " ").strip()
    for k in range(zone):
        if k not in taken and _field(units[k]):
            taken.add(k)
    return Caption(title, tuple(sorted(taken)))


def _zone(units: list[Unit]) -> int:
    """Where the caption must end: at the author's byline, "PER CURIAM" or
    the first numbered heading, within the first few units of the text."""
    limit = min(len(units), THRESHOLDS.caption_units)
    for k in range(limit):
        t = units[k].text.strip()
        if (
            BYLINE.match(t)
            or _PER_CURIAM.match(t)
            or _NUMBERED.match(t)
            and units[k].words() <= THRESHOLDS.heading_max_words
        ):
            return k
    return limit


def _matter(unit: Unit) -> bool:
    """ "Matter of Emmanuel LAGUERRE, Respondent": a name, not a sentence ("Matter of fact, …")."""
    t = unit.text.strip()
    m = _MATTER.match(t)
    if not m or unit.words() > THRESHOLDS.caption_field_words:
        return False
    name = _DESIGNATION.sub("", t[m.end() - 1 :]).strip(" ,")
    return all(w[:1].isupper() or w in _NAME_LINKS for w in name.split())


def _parties(units: list[Unit], head: int) -> tuple[int, int]:
    """The units naming the parties around the connector at ``head``: one
    party on each side, more where "and" (or a further "v.") joins them, and
    a designation set on a line of its own."""
    start = head - 1
    while start >= 2 and _JOIN.match(units[start - 1].text.strip()):
        start -= 2
    return start, _parties_after(units, head + 2)


def _parties_after(units: list[Unit], end: int) -> int:
    """Where the parties end, from ``end`` (the unit after the first party after "v.")."""
    while end < len(units):
        t = units[end].text.strip()
        if (_JOIN.match(t) or CONNECTOR.match(t)) and end + 1 < len(units):
            end += 2
        elif _DESIGNATION.match(t) and units[end].words() <= 2:
            end += 1
        else:
            break
    return end


def _field(unit: Unit) -> bool:
    """A line that files the decision: the court, a docket number or a
    citation, a date, counsel or the panel as fields, the document's kind."""
    t = unit.text.replace("\n", " ").strip()
    words = t.split()
    if not words or len(words) > THRESHOLDS.caption_field_words or unit.role == "figure":
        return False
    if _DATE.match(t) or _FIELD.match(t) or _kind_line(t):
        return True
    if _COURT.search(t) and not re.search(r"\d", t) and all(w[:1].isupper() or w in _NAME_LINKS for w in words):
        return True  # the court's name: capitals but for its links ("Board of Immigration Appeals")
    # A docket number or a citation: digits, and no word of prose among them.
    return (
        len(words) <= THRESHOLDS.caption_number_words
        and bool(re.search(r"\d", t))
        and not any(re.fullmatch(r"[a-z]{4,}[.,]?", w) for w in words)
    )


def _division_label(text: str) -> bool:
    m = FRONT_LABELS.match(text)
    return m is not None and m.end() >= len(text.rstrip(" .:"))


def _kind_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return False
    if _division_label(text):
        return False  # "OPINION OF THE COURT": a division's label, kept as its heading
    return all(w.strip(".,:").lower() in _KIND_WORDS for w in text.split())


def _title_from_head(running_title: str | None) -> str | None:
    """The running head's name of the case ("GIFT SURPLUS, LLC V. STATE EX REL. COOPER")."""
    if running_title and re.search(r"\s(?:v|vs)\.\s", running_title, re.I):
        return case_name_style(running_title)
    return None


def _case_name(first: str, second: str) -> str:
    """The case's name from its caption: the first party named on each side."""
    return f"{_party(first)} v. {_party(second)}"


def _party(text: str) -> str:
    text = text.replace("\n", " ").strip()
    keep = _FIRM_SUFFIX.match(text, text.find(",")) if "," in text else None
    cut = text.find(",", keep.end()) if keep else text.find(",")
    name = text[:cut] if cut > 0 else text
    name = re.sub(r"^the\s+", "", name, flags=re.I)
    name = re.sub(r"\s+et\s+al\.?$", "", _DESIGNATION.sub("", name).strip(" ,"), flags=re.I)
    return _capitals_to_case(name.strip(" ,"))


def case_name_style(title: str) -> str:
    """A running head's name of a case ("FISHER v. UNIVERSITY OF TEXAS AT
    AUSTIN") as a case's name is written; any other title as it is."""
    if not re.search(r"\s(?:v|vs)\.\s", title, re.I):
        return title
    return _capitals_to_case(title)


def _capitals_to_case(name: str) -> str:
    """A name set in capitals (its "v." aside), as a case's name is written
    ("State ex rel. Cooper"); a name in mixed case is left as it is."""
    letters = [c for c in re.sub(r"\s(?:v|vs)\.\s", " ", name) if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return name
    out = []
    for k, word in enumerate(name.split()):
        low = word.lower()
        if k and low in _LOWER:
            out.append(low)
        elif not re.search(r"[AEIOUY]", word) or re.fullmatch(r"(?:[A-Z]\.)+,?", word):
            out.append(word)  # an initialism ("LLC", "U.S.")
        else:
            out.append(word[0] + word[1:].lower())
    return " ".join(out)


def take_caption(state: State) -> bool:
    """Take the caption at the head of the text as its title page; True if there is one."""
    first = state.units[0].first_line if state.units else 0
    # The title block's lines above the text's first unit (not one over a later division).
    above = tuple(c.text for c in state.changes if c.kind == "front-matter" and c.lines and max(c.lines) < first)
    found = find_caption(state.units, state.running_title, above)
    if found is None:
        return False
    taken = [state.units[k] for k in found.taken]
    state.meta.title = found.title
    state.meta_units = [("caption", u) for u in taken]
    state.meta.lines = tuple(no for u in taken for no in u.lines)
    for unit in taken:
        state.record("front-matter", unit.lines, "court caption taken as metadata", unit.text)
    state.record("front-matter", (), "title: the case's name from its caption", found.title)
    keep = set(found.taken)
    state.units = [u for k, u in enumerate(state.units) if k not in keep]
    return True


def division_captions(units: list[Unit], running_title: str | None = None) -> list[int]:
    """The captions repeated in the text over each opinion (the majority's,
    a concurrence's, a dissent's; the syllabus's): the parties on a line or
    two, the case's name as the running head gives it, with the court and
    docket above and how the case came to the court and the date under."""
    named = _fold(running_title) if running_title and _title_from_head(running_title) else None  # a case's name
    taken: set[int] = set()
    for k, unit in enumerate(units):
        t = unit.text.replace("\n", " ").strip()
        if unit.words() > THRESHOLDS.caption_block_words:
            continue
        parties = (
            bool(_INLINE_PARTIES.search(t))
            or named is not None
            and _fold(re.sub(r"\s+et\s+al\.?$", "", t, flags=re.I)) == named
        )
        if not parties:
            continue
        taken.add(k)
        j = k - 1
        while j >= 0 and j not in taken and not units[j].hint:
            if _field(units[j]):
                taken.add(j)
            elif not _division_label(units[j].text.strip()):
                break  # (the division's label set between the court and the parties stays, as its heading)
            j -= 1
        j = k + 1
        while j < len(units) and (_field(units[j]) or _HOW_CAME.match(units[j].text.strip())):
            if _HOW_CAME.match(units[j].text.strip()) and _OPEN_END.search(units[j].text.strip()):
                # "… COURT OF APPEALS FOR" / "THE FIFTH CIRCUIT": the court's name runs on.
                if j + 1 < len(units) and units[j + 1].words() <= THRESHOLDS.caption_number_words:
                    taken.add(j + 1)
            taken.add(j)
            j = max(j + 1, max(taken) + 1)
    return sorted(taken)


def _fold(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).strip().casefold()


def take_division_captions(state: State) -> None:
    """Take the captions over the opinions of the text as front matter, recorded."""
    found = division_captions(state.units, state.running_title)
    if not found:
        return
    for k in found:
        unit = state.units[k]
        state.record("front-matter", unit.lines, "court caption over an opinion taken as front matter", unit.text)
    drop = set(found)
    state.units = [u for k, u in enumerate(state.units) if k not in drop]
