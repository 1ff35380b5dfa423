"""Joining the pieces of a paragraph: where a sentence ends, and how one
line (or unit) runs on into the next — a line-end hyphen decided on the
book's evidence, a dash, a web address.  Below unwrap, pdfunits, frontmatter
and structure, which all use it (and so import nothing of theirs).
"""

from __future__ import annotations

import re

from .state import State, Unit

# A word fragment and its hyphen at line end (a hyphen-minus, or the HYPHEN
# U+2010 a layout program sets where it breaks a word).  The lookbehind starts a match
# only where a word starts: without it, a search of a long run of letters
# that ends otherwise tries every position and takes quadratic time (a line
# of 30,000 letters held a build for minutes).
_SPLIT_END = re.compile(r"(?<![^\W\d_])([^\W\d_]+)[-\u2010]$")
_SENTENCE_END = re.compile(r"[.?!…:;][\"”’)\]]*(?:\s*\[\d+\*?\]|\d{1,3})?\s*$")
_DASH_END = re.compile(r"(?:\S—|\S–)$")

# A web address or e-mail address broken at a line end ("https://", "www.faa.gov/",
# "Inquiry@"): its pieces join without a space.
_ADDRESS_END = re.compile(r"(?:^|\s)(?:\S*://\S*|www\.\S*|\S+@)(?<=[/@])$")


# Patterns anchored at the end are searched in the last characters only: a
# search over a whole paragraph, at every joined line, made unwrapping quadratic.
_TAIL = 80


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text[-_TAIL:]))


def join_units(state: State, a: Unit, b: Unit, kind: str) -> None:
    """Append b to a, as one paragraph, deciding a line-end hyphen or dash."""
    if a.text.endswith("\u00ad"):
        # The source marked the break as a soft hyphen: the word is one word.
        a.delete([(len(a.text) - 1, len(a.text))])
        word = re.search(r"[^\W\d_]+$", a.text)
        a.append(b, "")
        state.record("joined-hyphen", (a.first_line,), f"joined '{word.group(0) if word else ''}…' at a soft hyphen")
        if kind != "line":
            state.record(kind, (a.first_line, b.first_line), "paragraph continued across a page break")
        return
    m = _SPLIT_END.search(a.text[-_TAIL:])
    if m and b.text[:1].isalpha():
        left = m.group(1)
        right = re.match(r"[^\W\d_]+", b.text).group(0)
        keep, why = state.lexicon.decide_hyphen(left, right, state.language)
        # A text set without breaking words (pdfunits.py, _hyphenation) keeps its
        # line-end hyphens, unless the book itself spells the word closed: then
        # this one break is the typesetter's (a hand-set page end, a long word).
        if not keep and getattr(state, "unhyphenated", False) and not state.lexicon.words[(left + right).lower()]:
            keep, why = True, "the text breaks no words at its line ends: its line-end hyphens are its own"
        lines = (a.line_at(len(a.text) - 1), b.first_line)
        if keep:
            a.append(b, "")
            state.record("kept-hyphen", lines, f"kept '{left}-{right}': {why}")
        else:
            a.text = a.text[:-1]
            a.append(b, "")
            state.record("joined-hyphen", lines, f"joined '{left}{right}': {why}")
    elif _DASH_END.search(a.text[-_TAIL:]) or b.text.startswith(("—", "–")) and not b.text.startswith(("– ", "— ")):
        a.append(b, "")
    elif _ADDRESS_END.search(a.text[-_TAIL:]) and b.text[:1].isalnum():
        a.append(b, "")
    else:
        a.append(b, " ")
    if kind != "line":
        state.record(kind, (a.first_line, b.first_line), "paragraph continued across a page break")
