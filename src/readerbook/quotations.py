"""Passages quoted in more than one text.

Two texts share a passage when both quote it — set it as a displayed
quotation or between quotation marks — and their copies agree word for word
(after normalising case, accents, punctuation, dashes and hyphens: ``1904—05``
and ``1904–05``, ``Socialist-Revolutionaries`` and ``Socialist
Revolutionaries`` read alike), allowing for what a quoting author does to a
passage: words left out (``[...]``, ``…``), a word or two changed, the
passage cut short at either end, or quoted in a paragraph in one text and
displayed in the other.

The search compares quotations, not whole texts: each numbered paragraph's
quoted words are one sequence; two sequences from different texts that share a
few runs of ``SEED`` words are aligned (``difflib``), and the stretches where
they agree must add up to ``MIN_PASSAGE`` words and make up most of the
shorter copy.  Copies of one passage are grouped across all the texts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from . import ids
from .assemble import AssembledText
from .model import BlockQuote, Document, Letter, block_inlines, inline_text, iter_blocks, numbered_units

SEED = 5  # words in a row that two quotations must share before they are compared at all
MIN_SEEDS = 1  # …and this many different runs: one shared run is most often a stock phrase
MIN_BLOCK = 3  # stretches of agreement shorter than this are chance ("of the", "and the")
MIN_PASSAGE = 10  # agreeing words in all: a shorter shared passage is a stock phrase (a party's name, a title)
MIN_COVER = 0.6  # of the shorter copy (its first agreeing word to its last), the share that agrees
MAX_GAP = 50  # words one copy may have between two agreeing stretches where the other marks an omission
SMALL_GAP = 5  # words either copy may have there with no mark of omission: a word or phrase changed or moved
_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*")
# Quotation marks of the languages the typography pass sets (English, French, German).
_OPENERS = {"“": "”", "‘": "’", "«": "»", "„": "“", "‚": "‘"}
_CLOSERS = {"”", "’", "»", "“", "‘"}
_WORD_OR_QUOTE = re.compile("[" + "".join(sorted(set(_OPENERS) | _CLOSERS)) + "]|" + _WORD.pattern)
_OPENING = re.compile("[" + "".join(_OPENERS) + "]")
_OMISSION = re.compile(r"…|\.\s*\.\s*\.")  # also inside brackets: […], [...], . . .


@dataclass(frozen=True, eq=False)
class Occurrence:
    text: AssembledText
    paragraph: int  # numbered block within the text
    start: int  # word offsets within that block
    end: int

    @property
    def anchor(self) -> str:
        return ids.paragraph(self.text.slug, self.paragraph)


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


@dataclass(frozen=True)
class _Quotations:
    """A paragraph's quoted words, normalised, and where a copy of a passage
    may leave words out: before each word, whether a mark of omission, a
    paragraph break or words of the author's own stand there."""

    words: tuple[str, ...]
    cuts: tuple[bool, ...]


@dataclass
class _Unit:
    """A numbered paragraph's words, as the search reads them."""

    number: int
    words: list[str]
    quoted: list[bool]  # inside a displayed quotation or between quotation marks
    cut: list[bool]  # a mark of omission (…, [...]) or a break (a new paragraph) before the word
    plains: list[str]  # the unit's plain texts (for ``_spans``)


def _units(doc: Document, quoting_only: bool = False):
    """Each numbered paragraph's words; ``quoting_only``: only the paragraphs
    that quote (displayed, or with an opening quotation mark), since no
    other has a quoted word — most of a text, read word by word for nothing."""
    letter_paras = {id(p) for b in doc.blocks if isinstance(b, Letter) for p in b.blocks}
    for block in numbered_units(doc.blocks):
        displayed = isinstance(block, BlockQuote) or id(block) in letter_paras
        unit = _Unit(block.number, [], [], [], [])
        unit.plains = [inline_text(seq) for b in iter_blocks([block]) for seq in block_inlines(b)]
        if quoting_only and not displayed and not any(_OPENING.search(plain) for plain in unit.plains):
            continue
        for plain in unit.plains:
            open_marks: list[str] = []  # the closing mark each open quotation waits for
            after = 0  # where the last word ended
            for m in _WORD_OR_QUOTE.finditer(plain):
                token = m.group(0)
                if open_marks and token == open_marks[-1]:
                    open_marks.pop()
                elif token in _OPENERS:
                    open_marks.append(_OPENERS[token])
                elif token in _CLOSERS:
                    # A closing mark nothing opened: an apostrophe (’) or a stray
                    # mark; one that closes an outer quotation closes the inner too.
                    if token in open_marks and token != "’":
                        del open_marks[open_marks.index(token) :]
                else:
                    unit.cut.append(after == 0 or _OMISSION.search(plain, after, m.start()) is not None)
                    unit.words.append(token)
                    unit.quoted.append(displayed or bool(open_marks))
                    after = m.end()
        yield unit


@dataclass(frozen=True)
class QuotedParagraph:
    """One numbered paragraph's quoted words, as the search compares them.
    Found per text (``quoted_paragraphs``), where the text is normalized."""

    number: int  # the paragraph's number within its text
    plains: tuple[str, ...]  # its plain texts (for the passage's opening words)
    positions: tuple[int, ...]  # each quoted word's place among the paragraph's words
    quotations: _Quotations


def quoted_paragraphs(doc: Document) -> tuple[QuotedParagraph, ...]:
    """The paragraphs of a normalized text that quote enough words to share a passage."""
    found = []
    for unit in _units(doc, quoting_only=True):
        where = [i for i, q in enumerate(unit.quoted) if q]
        if len(where) < MIN_PASSAGE:
            continue
        words = tuple(_norm(unit.words[i]) for i in where)
        cuts = tuple(unit.cut[i] or (k > 0 and where[k - 1] != i - 1) for k, i in enumerate(where))
        found.append(QuotedParagraph(unit.number, tuple(unit.plains), tuple(where), _Quotations(words, cuts)))
    return tuple(found)


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


@dataclass(frozen=True)
class _Agreement:
    """Where two quoted-word sequences agree: a stretch of each (in quoted-word
    positions, end exclusive) and how many words in it agree."""

    a: tuple[int, int]
    b: tuple[int, int]
    words: int


@lru_cache(maxsize=4096)  # a book that repeats a text compares the same quotations again
def agreements(a: _Quotations, b: _Quotations) -> tuple[_Agreement, ...]:
    """The passages two paragraphs' quotations share (see the module's
    docstring).  Stretches of at least ``MIN_BLOCK`` agreeing words are one
    passage while what lies between two of them is short in both copies
    (``SMALL_GAP``: a word changed), or longer in one copy (up to
    ``MAX_GAP``) where the other marks an omission."""
    blocks = [
        m for m in SequenceMatcher(None, a.words, b.words, autojunk=False).get_matching_blocks() if m.size >= MIN_BLOCK
    ]
    groups: list[list] = []
    for m in blocks:
        if groups and _continues(a, b, groups[-1][-1], m):
            groups[-1].append(m)
        else:
            groups.append([m])
    found = []
    for group in groups:
        words = sum(m.size for m in group)
        span_a = (group[0].a, group[-1].a + group[-1].size)
        span_b = (group[0].b, group[-1].b + group[-1].size)
        shorter = min(span_a[1] - span_a[0], span_b[1] - span_b[0])
        if words >= MIN_PASSAGE and words >= MIN_COVER * shorter:
            found.append(_Agreement(span_a, span_b, words))
    return tuple(found)


def _continues(a: _Quotations, b: _Quotations, last, m) -> bool:
    """Whether agreeing stretch ``m`` continues the passage ``last`` ended."""
    gap_a, gap_b = m.a - (last.a + last.size), m.b - (last.b + last.size)
    if max(gap_a, gap_b) <= SMALL_GAP:
        return True
    if max(gap_a, gap_b) > MAX_GAP or gap_a == gap_b:
        return False
    # The copy with fewer words there must say it leaves some out.
    shorter, start, end = (a, last.a + last.size, m.a) if gap_a < gap_b else (b, last.b + last.size, m.b)
    return any(shorter.cuts[start : end + 1])


def find_shared(texts: list[AssembledText], quoted: list[tuple[QuotedParagraph, ...]]) -> list[SharedPassage]:
    """The passages quoted in more than one text.  ``quoted``: each text's
    ``quoted_paragraphs``, in the order of ``texts``."""
    by_position = {t.position: t for t in texts}
    plain_texts: dict[tuple[int, int], tuple[str, ...]] = {}
    positions: dict[tuple[int, int], tuple[int, ...]] = {}  # each quoted word's place among the paragraph's words
    quotations: dict[tuple[int, int], _Quotations] = {}
    for t, paragraphs in zip(texts, quoted):
        for q in paragraphs:
            key = (t.position, q.number)
            plain_texts[key], positions[key], quotations[key] = q.plains, q.positions, q.quotations

    # Paragraphs quoting the same words are compared once (a book may repeat a text).
    by_words: dict[_Quotations, list[tuple[int, int]]] = defaultdict(list)
    for key, q in quotations.items():
        by_words[q].append(key)
    seeds: dict[tuple[str, ...], list[_Quotations]] = defaultdict(list)
    for q in by_words:
        for run in set(_runs(list(q.words), SEED)):
            seeds[run].append(q)
    shared_runs: dict[tuple[_Quotations, _Quotations], int] = defaultdict(int)
    for holders in seeds.values():
        for i, first in enumerate(holders):
            for second in holders[i + 1 :]:
                shared_runs[(first, second)] += 1
    pairs = [pair for pair, runs in shared_runs.items() if runs >= MIN_SEEDS]
    pairs.extend((q, q) for q, keys in by_words.items() if len({k[0] for k in keys}) > 1)

    # Occurrences (text, paragraph, start, end in quoted-word positions),
    # each joined to the occurrences it agrees with.
    parent: dict[tuple[int, int, int, int], tuple[int, int, int, int]] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x, y):
        parent[find(x)] = find(y)

    for first, second in pairs:
        whole = len(first.words)
        found = agreements(first, second) if first is not second else (_Agreement((0, whole), (0, whole), whole),)
        for agreement in found:
            for ka in by_words[first]:
                for kb in by_words[second]:
                    if ka[0] != kb[0]:
                        union((*ka, *agreement.a), (*kb, *agreement.b))

    # Overlapping stretches of one paragraph are one occurrence of one passage.
    by_paragraph: dict[tuple[int, int], list[tuple[int, int, int, int]]] = defaultdict(list)
    for node in list(parent):
        by_paragraph[node[:2]].append(node)
    for nodes in by_paragraph.values():
        nodes.sort(key=lambda n: n[2])
        reach = nodes[0]
        for node in nodes[1:]:
            if node[2] < reach[3]:
                union(node, reach)
            if node[3] > reach[3]:
                reach = node
    groups: dict[tuple, dict[tuple[int, int], list[int]]] = defaultdict(dict)
    for node in list(parent):
        spans = groups[find(node)]
        cur = spans.setdefault(node[:2], [node[2], node[3]])
        cur[0], cur[1] = min(cur[0], node[2]), max(cur[1], node[3])

    passages = []
    for spans in groups.values():
        if len({key[0] for key in spans}) < 2:
            continue
        occ = []
        for key, (s0, e0) in sorted(spans.items()):
            where = positions[key]
            occ.append(Occurrence(by_position[key[0]], key[1], where[s0], where[e0 - 1] + 1))
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
        p.id = ids.shared_passage(k)
    return passages


def also_quoted(passages: list[SharedPassage]) -> dict[str, dict[int, list]]:
    """For each text (by slug), paragraph number -> [(passage, its other
    occurrences)]: what "Also quoted in" says under a paragraph."""
    also: dict[str, dict[int, list]] = defaultdict(dict)
    for passage in passages:
        for occ in passage.occurrences:
            others = [o for o in passage.occurrences if o is not occ]
            also[occ.text.slug].setdefault(occ.paragraph, []).append((passage, others))
    return dict(also)
