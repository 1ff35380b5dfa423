"""Passages quoted in more than one text.

Two texts share a passage when the same run of words (after normalising case
and punctuation) of at least ``MIN_WORDS`` words stands in both.  Runs are
found with word shingles; overlapping matches are merged, and occurrences of
one passage across several texts are grouped together.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .assemble import AssembledText, Book
from .model import BlockQuote, Letter, block_inlines, inline_text, iter_blocks

MIN_WORDS = 8  # shingle length: words in a row that must agree
MIN_PASSAGE = 10  # a shared passage shorter than this is a stock phrase (a party's name, a title)
_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*")
_WORD_OR_QUOTE = re.compile(r"[“”]|" + _WORD.pattern)


@dataclass(frozen=True, eq=False)
class Occurrence:
    text: AssembledText
    paragraph: int  # numbered block within the text
    start: int  # word offsets within that block
    end: int

    @property
    def anchor(self) -> str:
        return f"{self.text.slug}-p{self.paragraph}"


@dataclass
class SharedPassage:
    id: str
    opening: str  # the first words, as the first occurrence has them
    words: int
    occurrences: list[Occurrence] = field(default_factory=list)


@lru_cache(maxsize=65536)  # the same words recur throughout the book
def _norm(word: str) -> str:
    w = unicodedata.normalize("NFKD", word).casefold().replace("’", "'")
    return "".join(c for c in w if not unicodedata.combining(c))


def _blocks(text: AssembledText):
    """(paragraph number, words, quoted, texts) for each numbered unit; ``quoted``
    is a word-by-word flag: inside a displayed quotation or between quotation
    marks; ``texts`` are the unit's plain texts (for ``_spans``)."""
    from .assemble import numbered_units

    letter_paras = {id(p) for b in text.doc.blocks if isinstance(b, Letter) for p in b.blocks}
    for block in numbered_units(text.doc.blocks):
        displayed = isinstance(block, BlockQuote) or id(block) in letter_paras
        words_raw: list[str] = []
        quoted: list[bool] = []
        plains = [inline_text(seq) for b in iter_blocks([block]) for seq in block_inlines(b)]
        for plain in plains:
            if "“" not in plain:  # the common case, at the regex engine's speed
                found = _WORD.findall(plain)
                words_raw.extend(found)
                quoted.extend([displayed] * len(found))
                continue
            depth = 0
            for m in _WORD_OR_QUOTE.finditer(plain):
                token = m.group(0)
                if token == "“":
                    depth += 1
                elif token == "”":
                    depth = max(0, depth - 1)
                else:
                    words_raw.append(token)
                    quoted.append(displayed or depth > 0)
        yield block.number, words_raw, quoted, plains


def _runs(words: list[str], n: int):
    """Every run of ``n`` consecutive words, as tuples, in order."""
    return zip(*(words[k:] for k in range(n)))


def _spans(plains: list[str]) -> list[tuple[str, int, int]]:
    """Where each word of a unit stands: (its plain text, start, end)."""
    return [(plain, m.start(), m.end()) for plain in plains for m in _WORD.finditer(plain)]


def _opening(spans: list[tuple[str, int, int]], occ: Occurrence, words: int = 12) -> str:
    """The passage's first words as the text prints them (punctuation kept)."""
    first = spans[occ.start]
    last_index = min(occ.end, occ.start + words) - 1
    last = spans[last_index]
    if first[0] is last[0]:
        text = first[0][first[1] : last[2]]
    else:
        text = " ".join(sp[0][sp[1] : sp[2]] for sp in spans[occ.start : last_index + 1])
    return text + ("…" if last_index + 1 < occ.end else "")


def find_shared(book: Book, min_words: int = MIN_WORDS) -> list[SharedPassage]:
    n = min_words
    words: dict[tuple[int, int], list[str]] = {}
    raw: dict[tuple[int, int], list[str]] = {}
    shingles: dict[tuple[str, ...], list[tuple[int, int, int]]] = defaultdict(list)
    texts = {t.position: t for t in book.texts}
    quoted_words: dict[tuple[int, int], list[bool]] = {}
    plain_texts: dict[tuple[int, int], list[str]] = {}
    for t in book.texts:
        for number, ws, quoted, plains in _blocks(t):
            key = (t.position, number)
            raw[key] = ws
            plain_texts[key] = plains
            quoted_words[key] = quoted
            words[key] = [_norm(w) for w in ws]
    # Only runs of n words found in two or more texts are placed (most are in one).
    by_text: dict[int, set[tuple[str, ...]]] = defaultdict(set)
    for (tpos, _), norm in words.items():
        by_text[tpos].update(_runs(norm, n))
    seen: set[tuple[str, ...]] = set()
    common: set[tuple[str, ...]] = set()
    for runs in by_text.values():
        common |= runs & seen
        seen |= runs
    for (tpos, number), norm in words.items():
        for i, shingle in enumerate(_runs(norm, n)):
            if shingle in common:
                shingles[shingle].append((tpos, number, i))

    # Word positions in each block that share a shingle with another text.
    hits: dict[tuple[int, int], set[int]] = defaultdict(set)
    partners: dict[tuple[int, int, int], set[tuple[int, int, int]]] = defaultdict(set)
    for places in shingles.values():
        if len(places) < 2 or len({p[0] for p in places}) < 2:
            continue
        for p in places:
            hits[(p[0], p[1])].update(range(p[2], p[2] + n))
            for q in places:
                if q[0] != p[0]:
                    partners[p].add(q)

    # Spans: maximal runs of hit words in a block.
    spans: list[tuple[int, int, int, int]] = []  # (text, paragraph, start, end)
    for (tpos, para), positions in hits.items():
        ordered = sorted(positions)
        start = prev = ordered[0]
        for i in ordered[1:] + [None]:
            if i is None or i != prev + 1:
                spans.append((tpos, para, start, prev + 1))
                if i is not None:
                    start = i
            if i is not None:
                prev = i

    # Group spans that match each other (union-find over shingle partners).
    parent = list(range(len(spans)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    span_of: dict[tuple[int, int, int], int] = {}
    for k, (tpos, para, s, e) in enumerate(spans):
        for i in range(s, e - n + 1):
            span_of[(tpos, para, i)] = k
    for p, qs in partners.items():
        for q in qs:
            if p in span_of and q in span_of:
                a, b = find(span_of[p]), find(span_of[q])
                if a != b:
                    parent[a] = b
    groups: dict[int, list[int]] = defaultdict(list)
    for k in range(len(spans)):
        groups[find(k)].append(k)

    # One occurrence per paragraph (a quotation cut by elisions matches in pieces),
    # and fragments quoting the same paragraphs are one passage.
    merged: dict[tuple, dict[tuple[int, int], list[int]]] = {}
    for members in groups.values():
        per_para: dict[tuple[int, int], list[int]] = {}
        for k in members:
            tpos, para, s0, e0 = spans[k]
            cur = per_para.setdefault((tpos, para), [s0, e0])
            cur[0], cur[1] = min(cur[0], s0), max(cur[1], e0)
        if len({tp for tp, _ in per_para}) < 2:
            continue
        key = tuple(sorted(per_para))
        into = merged.setdefault(key, {})
        for pk, (s0, e0) in per_para.items():
            cur = into.setdefault(pk, [s0, e0])
            cur[0], cur[1] = min(cur[0], s0), max(cur[1], e0)
    passages = []
    for per_para in merged.values():
        occ = [Occurrence(texts[tp], para, s0, e0) for (tp, para), (s0, e0) in sorted(per_para.items())]
        # A passage is a shared quotation where two texts set it as a quotation
        # (displayed, or in quotation marks); a stock phrase in narrative is not.
        quoting = [o for o in occ if sum(quoted_words[(o.text.position, o.paragraph)][o.start : o.end]) >= min_words]
        if len({o.text.position for o in quoting}) < 2 or max(o.end - o.start for o in occ) < MIN_PASSAGE:
            continue
        first = occ[0]
        passages.append(
            SharedPassage(
                "",
                _opening(_spans(plain_texts[(first.text.position, first.paragraph)]), first),
                max(o.end - o.start for o in occ),
                occ,
            )
        )
    passages.sort(key=lambda p: (p.occurrences[0].text.position, p.occurrences[0].paragraph, p.occurrences[0].start))
    for k, p in enumerate(passages, start=1):
        p.id = f"shared-{k}"
    return passages
