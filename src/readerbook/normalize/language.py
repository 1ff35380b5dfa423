"""Which language a text is in: by its commonest words.

Every language has a few dozen words that make up a large share of any text
in it (articles, prepositions, pronouns, auxiliaries).  Counting them over a
sample of the text tells the language reliably for anything longer than a
few sentences; a short or mixed text keeps the book's language.  book.yaml's
``language:`` for a text overrides detection.
"""

from __future__ import annotations

import re
from collections import Counter

from .state import State

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in a is that it was for as with his he be on by not this had at but which are from "
        "have they you were or an her all one their we there been would has she so if will my when who".split()
    ),
    "fr": frozenset(
        "le la les de des du et en un une est que qui dans pour pas au aux il elle ne se sur plus par "
        "avec son sa ses ce cette mais ou nous vous je lui leur été fut comme tout".split()
    ),
    "de": frozenset(
        "der die das und in zu den von nicht mit sich des auf für ist im dem ein eine er es sie war "
        "auch als an nach wie aus noch bei einer um so hatte ich ihr aber wenn nur".split()
    ),
    "es": frozenset(
        "el la los las de del y en que un una es por con no se su para al lo como más pero sus le ya "
        "o fue este ha sí porque esta entre cuando muy sin sobre".split()
    ),
    "it": frozenset(
        "il la le di e che un una è per non in del della si con da al dei delle nel gli lo ma come "
        "più anche sono questo questa alla ha era".split()
    ),
    "pt": frozenset(
        "o a os as de do da dos das e que em um uma é para com não se por mais na no ao como mas foi "
        "ele ela seu sua isso".split()
    ),
    "nl": frozenset(
        "de het een en van in is dat op te zijn voor met niet die aan er hij ook als bij maar om was "
        "door naar dan wat zij".split()
    ),
    "la": frozenset(
        "et in est non ad cum quod ut sed qui quae esse quam per enim autem etiam sunt nec atque neque "
        "ab ex eius hoc sit".split()
    ),
    "ru": frozenset("и в не на что с он как я по это но его к из у за то она так от же все бы был для мы".split()),
}
_WORD = re.compile(r"[^\W\d_]+")
SAMPLE_WORDS = 20000
MIN_WORDS = 40  # fewer words than this: keep the book's language
MIN_SHARE = 0.12  # function words of the winning language make up at least this share
MIN_LEAD = 1.5  # …and at least this many times the runner-up's


def detect_language(text: str) -> str | None:
    words = [w.lower() for w in _WORD.findall(text[: SAMPLE_WORDS * 8])][:SAMPLE_WORDS]
    if len(words) < MIN_WORDS:
        return None
    counts = Counter(words)
    shares = {lang: sum(counts[w] for w in vocab) / len(words) for lang, vocab in FUNCTION_WORDS.items()}
    ranked = sorted(shares.items(), key=lambda kv: kv[1], reverse=True)
    (best, share), (_, second) = ranked[0], ranked[1]
    if share < MIN_SHARE or share < MIN_LEAD * second:
        return None
    return best


def set_language(state: State) -> None:
    """The text's language: from book.yaml, else detected, else the book's."""
    if state.options.language:
        state.language = state.options.language
        state.record("language", (), f"language '{state.language}' set in book.yaml")
        return
    declared = state.source_meta.get("language", "")
    text = "\n".join(line.text for line in state.lines)
    found = detect_language(text)
    if found:
        state.language = found
        state.record("language", (), f"language detected as '{found}' from its commonest words")
    elif declared:
        state.language = _code(declared)
        state.record("language", (), f"language '{state.language}' as the source declares it")
    else:
        state.language = state.options.book_language or "en"


_NAMES = {
    "english": "en",
    "french": "fr",
    "german": "de",
    "spanish": "es",
    "italian": "it",
    "portuguese": "pt",
    "dutch": "nl",
    "latin": "la",
    "russian": "ru",
}


def _code(declared: str) -> str:
    d = declared.strip().lower()
    return _NAMES.get(d, d.split("-")[0].split("_")[0][:3] or "en")
