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

from .assemble import AssembledText, Book
from .model import BlockQuote, Letter, block_inlines, inline_text, iter_blocks

MIN_WORDS = 8  # shingle length: words in a row that must agree
MIN_PASSAGE = 10  # a shared passage shorter than this is a stock phrase (a party's name, a title)
_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*")


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


def _norm(word: str) -> str:
    w = unicodedata.normalize("NFKD", word).casefold().replace("’", "'")
    return "".join(c for c in w if not unicodedata.combining(c))


def _blocks(text: AssembledText):
    """(paragraph number, words, quoted) for each numbered unit; ``quoted`` is a
    word-by-word flag: inside a displayed quotation or between quotation marks."""
    from .assemble import numbered_units

    letter_paras = {id(p) for b in text.doc.blocks if isinstance(b, Letter) for p in b.blocks}
    for block in numbered_units(text.doc.blocks):
        spans_text: list[tuple[str, int, int]] = []
        displayed = isinstance(block, BlockQuote) or id(block) in letter_paras
        words_raw: list[str] = []
        quoted: list[bool] = []
        for b in iter_blocks([block]):
            for seq in block_inlines(b):
                plain = inline_text(seq)
                depth = 0
                pos = 0
                for m in _WORD.finditer(plain):
                    spans_text.append((plain, m.start(), m.end()))
                    for ch in plain[pos : m.start()]:
                        if ch in "“":
                            depth += 1
                        elif ch in "”" and depth:
                            depth -= 1
                    pos = m.end()
                    words_raw.append(m.group(0))
                    quoted.append(displayed or depth > 0)
        yield block.number, words_raw, quoted, spans_text


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
    where_words: dict[tuple[int, int], list[tuple[str, int, int]]] = {}
    for t in book.texts:
        for number, ws, quoted, spans_text in _blocks(t):
            key = (t.position, number)
            raw[key] = ws
            where_words[key] = spans_text
            quoted_words[key] = quoted
            norm = [_norm(w) for w in ws]
            words[key] = norm
            for i in range(len(norm) - n + 1):
                shingles[tuple(norm[i : i + n])].append((t.position, number, i))

    # Word positions in each block that share a shingle with another text.
    hits: dict[tuple[int, int], set[int]] = defaultdict(set)
    partners: dict[tuple[int, int, int], set[tuple[int, int, int]]] = defaultdict(set)
    for places in shingles.values():
        if len({p[0] for p in places}) < 2:
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
                _opening(where_words[(first.text.position, first.paragraph)], first),
                max(o.end - o.start for o in occ),
                occ,
            )
        )
    passages.sort(key=lambda p: (p.occurrences[0].text.position, p.occurrences[0].paragraph, p.occurrences[0].start))
    for k, p in enumerate(passages, start=1):
        p.id = f"shared-{k}"
    return passages
