"""Sources and permissions: where each text comes from and the terms it is
reproduced under.

A course packet must say both.  The terms come from one of two places, and
nowhere else: ``rights:`` in book.yaml (what the editor knows), or a licence
notice the text itself carries, which normalization removed as furniture (a
Project Gutenberg licence, a Creative Commons notice, a copyright line closing
a web page) and recorded with its source lines.  Where neither says anything,
the page says "not stated" and ``readerbook check`` warns (RB510): readerbook
never infers a licence from a text's age, its author or its site.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import ids
from .assemble import AssembledText
from .diagnostics import Diagnostics
from .model import Change

NOT_STATED = "not stated"
SOURCES_ANCHOR = ids.SOURCES
SOURCES_FILE = "text/sources.xhtml"
SOURCES_TITLE = "Sources and permissions"


@dataclass(frozen=True)
class StatedTerms:
    """A licence notice the text itself carries (removed from the reprint as
    furniture), with the source lines it stood on."""

    terms: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class TextSource:
    """One text's entry on the Sources and permissions page."""

    text: AssembledText
    rights: str | None  # book.yaml's rights:
    stated: StatedTerms | None  # the text's own notice, when book.yaml says nothing
    source: str | None  # book.yaml's source: (only what the text states)
    source_url: str | None

    @property
    def terms(self) -> str:
        """The terms as the page prints them."""
        if self.rights:
            return self.rights
        if self.stated:
            return f"{self.stated.terms}, as stated in the source"
        return NOT_STATED

    @property
    def has_terms(self) -> bool:
        return bool(self.rights or self.stated)


# ---------------------------------------------------------------------------
# Licence notices a text may carry.  Each recogniser reads the text of a run of
# removed lines and names the terms it states, or None.  Image captions and
# credits are never read: a photograph's licence is not the text's.

_ABOUT_AN_IMAGE = re.compile(r"\b(?:image|caption|figure|illustration)s?\b", re.I)

_GUTENBERG = re.compile(r"\bProject\s+Gutenberg(?:[-\s]*tm)?\s+Licen[cs]e\b", re.I)
_CREATIVE_COMMONS = re.compile(
    r"\bCreative\s+Commons\s+(?P<kind>Attribution(?:[-\s](?:ShareAlike|Share-Alike|NonCommercial|Non-Commercial|"
    r"NoDerivatives|NoDerivs))*|Zero|CC0)(?:\s+(?:License\s+)?(?P<version>\d\.\d))?",
    re.I,
)
_CC_CODE = re.compile(r"\b(?P<code>CC(?:[-\s]BY(?:-(?:SA|NC|ND))*|0))\b(?:\s+(?P<version>\d\.\d))?")
# A copyright line on its own ("© 2009 Tony Cliff", "Copyright 2020 The
# Author. All rights reserved."), as a web page or a title page closes with it.
_COPYRIGHT = re.compile(r"^[ \t]*(?:Copyright[ \t]*)?(?:©|\(c\)|Copyright)[ \t]*\d{4}\b[^\n]{0,100}$", re.I | re.M)


def _gutenberg(text: str) -> str | None:
    return "the Project Gutenberg License" if _GUTENBERG.search(text) else None


def _creative_commons(text: str) -> str | None:
    m = _CREATIVE_COMMONS.search(text)
    if m:
        kind = re.sub(r"\s+", "-", m.group("kind").strip())
        return " ".join(x for x in ("Creative Commons", kind, m.group("version")) if x)
    m = _CC_CODE.search(text)
    if m:
        code = re.sub(r"^CC[-\s]", "CC ", m.group("code").upper())
        return " ".join(x for x in (code, m.group("version")) if x)
    return None


def _copyright(text: str) -> str | None:
    m = _COPYRIGHT.search(text)
    return f"“{m.group(0).strip().rstrip('.')}”" if m else None


# In order: a licence, where stated, says more than a bare copyright line.
NOTICES: list[tuple[str, Callable[[str], str | None]]] = [
    ("project-gutenberg", _gutenberg),
    ("creative-commons", _creative_commons),
    ("copyright", _copyright),
]


def stated_terms(changes: list[Change]) -> StatedTerms | None:
    """The terms a text's own removed notices state, if any: lines removed
    by a pass, or pages its reader left out (an e-book's copyright page)."""
    runs: dict[str, list[Change]] = {}
    for c in changes:
        if c.kind in ("removed", "omitted") and c.text and not _ABOUT_AN_IMAGE.search(c.detail):
            runs.setdefault(c.detail, []).append(c)
    for _name, recognise in NOTICES:
        for removed in runs.values():
            # A notice is often wrapped over several lines: read the run as one.
            terms = recognise("\n".join(c.text for c in removed))
            if terms:
                return StatedTerms(terms, _notice_lines(removed, recognise))
    return None


# A notice wrapped over more lines than this is cited by its whole run.
NOTICE_LINES = 4


def _notice_lines(removed: list[Change], recognise) -> tuple[int, ...]:
    """The source lines the notice itself stands on: the fewest consecutive
    removed lines that still state it (a header holds much else)."""
    for width in range(1, NOTICE_LINES + 1):
        for k in range(len(removed) - width + 1):
            window = removed[k : k + width]
            if recognise("\n".join(c.text for c in window)):
                return tuple(n for c in window for n in c.lines)
    return tuple(n for c in removed for n in c.lines)


def stated_in_metadata(text: AssembledText) -> StatedTerms | None:
    """The terms the source's own metadata states (an EPUB's dc:rights)."""
    rights = text.doc.meta.rights
    return StatedTerms(rights.strip().rstrip("."), ()) if rights and rights.strip() else None


def collect_sources(texts: list[AssembledText]) -> list[TextSource]:
    """Every text's entry on the Sources and permissions page, in book order."""
    out = []
    for text in texts:
        e = text.entry
        stated = None if e.rights else (stated_in_metadata(text) or stated_terms(text.doc.changes))
        out.append(TextSource(text, e.rights, stated, e.source, e.source_url))
    return out


def source_anchors(texts: list[AssembledText]) -> dict[str, str]:
    """The page's anchors, each with the EPUB document that holds it."""
    return {SOURCES_ANCHOR: SOURCES_FILE} | {text.source_id: SOURCES_FILE for text in texts}


def warn_missing_rights(sources: list[TextSource], manifest_shown: str, diagnostics: Diagnostics) -> None:
    """RB510 for every text whose terms nobody states."""
    for s in sources:
        if s.has_terms:
            continue
        diagnostics.warning(
            "RB510",
            f"'{s.text.entry.title}' has no rights statement: the Sources and permissions page says “{NOT_STATED}”",
            path=manifest_shown,
            line=s.text.entry.line,
            hint="add 'rights:' to its entry once you know the terms (e.g. Public domain, CC BY-SA 4.0, "
            "Reproduced with permission of …); readerbook never guesses them",
        )
