"""Typography, once and right, on text only (never on markup).

Curly quotes and apostrophes where the source has straight ones, en dashes in
number ranges, spaced hyphens to spaced en dashes, ``--`` to em dashes,
``...`` and ``. . .`` to an ellipsis, and no-break spaces after abbreviations
that must not end a line (``p. 12``, ``V. I. Lenin``).
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Str, block_inlines, iter_blocks
from .state import State

NBSP = "\u00a0"
_ELLIPSIS = re.compile(r"\.(?: ?\.){2}(?: ?\.)?")
_ABBREV = re.compile(r"\b(p|pp|vol|vols|no|nos|ch|chap|ed|eds|trans|Mr|Mrs|Ms|Dr|St|Fig)\. (?=[\dA-Z])", re.I)
_INITIALS = re.compile(r"\b([A-Z])\. (?=[A-Z]\.|[A-Z][a-z])")
_OPENING_CONTEXT = set(" \t\n([{—–-/" + NBSP + "“‘")


# Quotation marks by language: (open double, close double, open single, close single).
QUOTES = {
    "en": ("“", "”", "‘", "’"),
    "fr": ("«\u202f", "\u202f»", "‹\u202f", "\u202f›"),
    "de": ("„", "“", "‚", "‘"),
    "nl": ("“", "”", "‘", "’"),
    "es": ("«", "»", "“", "”"),
    "it": ("«", "»", "“", "”"),
    "pt": ("“", "”", "‘", "’"),
    "ru": ("«", "»", "„", "“"),
}
NNBSP = "\u202f"  # French sets a narrow no-break space before ; : ! ? and inside guillemets
_FRENCH_SPACE = re.compile(r" ([;:!?»›])| ?(?<=[«‹]) ")


def typography(state: State) -> None:
    counts = apply_typography(state.blocks, state.notes, state.language)
    if counts:
        detail = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
        state.record("typography", (), detail)


def apply_typography(blocks: list, notes: list, language: str = "en") -> Counter:
    """Set the typography of every text run of these blocks and notes, in the
    conventions of the text's language."""
    counts: Counter[str] = Counter()
    quotes = QUOTES.get(language.split("-")[0], QUOTES["en"])
    for seq in _sequences(blocks, notes):
        _walk(seq, "", counts, quotes, language)
    return counts


def typeset(text: str, language: str = "en") -> str:
    """One string of the editor's (a title from book.yaml, a generated
    sentence) set as the texts are: the same rules, in the book's language."""
    quotes = QUOTES.get(language.split("-")[0], QUOTES["en"])
    return _fix(text, "", Counter(), quotes, language)


def _walk(seq: list, prev_char: str, counts: Counter, quotes=QUOTES["en"], language: str = "en") -> str:
    """Fix every text run, in order, into emphasis too; return the last character."""
    for node in seq:
        if isinstance(node, Str):
            node.text = _fix(node.text, prev_char, counts, quotes, language)
            if node.text:
                prev_char = node.text[-1]
        elif hasattr(node, "children"):
            prev_char = _walk(node.children, prev_char, counts, quotes, language)
        else:
            prev_char = "x"  # a note reference behaves like a word character
    return prev_char


def _sequences(blocks: list, notes: list):
    for block in iter_blocks(blocks):
        yield from block_inlines(block)
    for note in notes:
        for block in iter_blocks(note.blocks):
            yield from block_inlines(block)


_SPACES = re.compile(r"  +")


def _fix(text: str, prev: str, counts: Counter, quotes=QUOTES["en"], language: str = "en") -> str:
    if "  " in text:
        # Two spaces after a sentence are a typewriter's habit, not the author's words.
        text, n = _SPACES.subn(" ", text)
        counts["runs of spaces made one"] += n
    if "." in text:
        text, n = _ELLIPSIS.subn(lambda m: "…" + ("." if m.group(0).count(".") == 4 else ""), text)
        counts["ellipses"] += n
    if "--" in text:
        counts["double hyphens to em dashes"] += text.count("--")
        text = text.replace("---", "—").replace("--", "—")
    if " - " in text:
        counts["spaced hyphens to en dashes"] += text.count(" - ")
        text = text.replace(" - ", " – ")
    new = re.sub(r"(?<=\d)-(?=\d)", "–", text)
    if new != text:
        counts["number ranges to en dashes"] += 1
        text = new
    if '"' in text or "'" in text:
        text = _curl(text, prev, counts, quotes)
    if language.startswith("fr") and (" " in text):
        new = _FRENCH_SPACE.sub(lambda m: NNBSP + m.group(1) if m.group(1) else NNBSP, text)
        if new != text:
            counts["narrow no-break spaces (French)"] += 1
            text = new
    new = _ABBREV.sub(lambda m: m.group(1) + "." + NBSP, text)
    new = _INITIALS.sub(lambda m: m.group(1) + "." + NBSP, new)
    if new != text:
        counts["no-break spaces"] += 1
        text = new
    return text


_STRAIGHT_QUOTE = re.compile("[\"']")


def _curl(text: str, prev: str, counts: Counter, quotes=QUOTES["en"]) -> str:
    open2, close2, open1, close1 = quotes
    out = []
    last = 0
    for m in _STRAIGHT_QUOTE.finditer(text):  # (only the quotes, not every character: long texts)
        i, ch = m.start(), m.group()
        out.append(text[last:i])
        last = i + 1
        before = text[i - 1] if i > 0 else prev
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch == '"':
            opening = (before == "" or before in _OPENING_CONTEXT) and after not in ("", " ")
            out.append(open2 if opening else close2)
            counts["straight double quotes curled"] += 1
        elif ch == "'":
            if before and before.isalnum() and (after.isalpha() or after == ""):
                out.append("’")  # apostrophe: don't, Trotsky's, workers'
            elif before and (before.isalnum() or before in ".,;:!?…”’)"):
                out.append("’")
            elif (before == "" or before in _OPENING_CONTEXT) and after.isdigit():
                out.append("’")  # ’90s
            elif before == "" or before in _OPENING_CONTEXT:
                out.append(open1)
            else:
                out.append(close1 if close1 != "’" else "’")
            counts["straight single quotes curled"] += 1
    out.append(text[last:])
    return "".join(out)
