"""The cross-reference index: a vocabulary curated in book.yaml's index file,
matched against every text (body and notes), with "see" and "see also"
references, subentries, and the passages quoted in more than one text.

Matching is done on the model (``IndexMark`` inlines), never on HTML.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import ids
from .assemble import AssembledText, Book, index_marks
from .diagnostics import Diagnostic, Diagnostics, ErrorKind, ReaderbookError, Severity
from .manifest import SAFE_LOADER
from .model import (
    Document,
    Emph,
    IndexMark,
    Letter,
    Str,
    Strong,
    block_inlines,
    inline_text,
    iter_blocks,
    map_inlines,
)

KINDS = ("person", "organisation", "work", "event", "place", "concept")
HEAVY = 12  # more undivided locators than this, and an entry wants subentries


@dataclass
class Subentry:
    term: str
    with_terms: tuple[str, ...] = ()  # paragraphs where the parent and these terms all occur
    match: tuple[str, ...] = ()  # or its own phrases (occurrences of these)


@dataclass
class Entry:
    id: str
    term: str
    kind: str
    match: tuple[str, ...]
    see: str | None = None
    see_also: tuple[str, ...] = ()
    subentries: list[Subentry] = field(default_factory=list)
    sort_key: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Locator:
    text: AssembledText
    paragraph: int | None  # the numbered block that holds the mark
    note: int | None  # the note number, when the mark is in a note
    mark_id: str

    @property
    def key(self) -> tuple:
        return (self.text.position, self.note is not None, self.note or 0, self.paragraph or 0)


@dataclass
class Vocabulary:
    entries: list[Entry]
    path: Path

    def by_term(self) -> dict[str, Entry]:
        return {e.term: e for e in self.entries}


def sort_key(term: str) -> str:
    t = unicodedata.normalize("NFKD", term).casefold()
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = re.sub(r"^(the|a|an)\s+", "", t)
    return re.sub(r"[^\w\s,]", "", t)


def load_vocabulary(path: Path, shown: str) -> Vocabulary:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ReaderbookError(
            [
                Diagnostic(
                    "RB501",
                    Severity.ERROR,
                    f"YAML syntax error: {exc.problem}",
                    shown,
                    mark.line + 1 if mark else None,
                    mark.column + 1 if mark else None,
                )
            ],
            ErrorKind.CONFIG,
        ) from None
    errors = []
    entries: list[Entry] = []
    raw = (data or {}).get("entries") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        raise ReaderbookError(
            [Diagnostic("RB502", Severity.ERROR, "the index file needs a list under 'entries:'", shown)],
            ErrorKind.CONFIG,
        )
    lines = _entry_lines(path)
    for n, item in enumerate(raw):
        line = lines[n] if n < len(lines) else None
        if not isinstance(item, dict) or not item.get("term"):
            errors.append(Diagnostic("RB502", Severity.ERROR, "each index entry needs a 'term'", shown, line))
            continue
        unknown = set(item) - {"term", "kind", "match", "see", "see_also", "subentries", "sort"}
        if unknown:
            errors.append(
                Diagnostic(
                    "RB502",
                    Severity.ERROR,
                    f"unknown key(s) {', '.join(sorted(unknown))} in index entry '{item['term']}'",
                    shown,
                    line,
                )
            )
        kind = item.get("kind", "concept")
        if kind not in KINDS:
            errors.append(Diagnostic("RB502", Severity.ERROR, f"kind must be one of {', '.join(KINDS)}", shown, line))
        term = str(item["term"])
        match = tuple(str(m) for m in (item.get("match") or ([] if item.get("see") else [term])))
        subs = [
            Subentry(str(s["term"]), tuple(s.get("with") or ()), tuple(s.get("match") or ()))
            for s in item.get("subentries") or []
            if isinstance(s, dict) and s.get("term")
        ]
        entries.append(
            Entry(
                f"ix{n + 1}",
                term,
                kind,
                match,
                item.get("see"),
                tuple(item.get("see_also") or ()),
                subs,
                item.get("sort") or sort_key(term),
                line,
            )
        )
    terms = {e.term for e in entries}
    for e in entries:
        for ref in ([e.see] if e.see else []) + list(e.see_also) + [w for s in e.subentries for w in s.with_terms]:
            if ref not in terms:
                errors.append(
                    Diagnostic(
                        "RB503",
                        Severity.ERROR,
                        f"index entry '{e.term}' refers to '{ref}', which is not an entry",
                        shown,
                        e.line,
                    )
                )
    if errors:
        raise ReaderbookError(errors, ErrorKind.CONFIG)
    return Vocabulary(entries, path)


def _entry_lines(path: Path) -> list[int]:
    """The line of each item under 'entries:', for messages."""
    node = yaml.compose(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    for k, v in node.value if isinstance(node, yaml.MappingNode) else []:
        if k.value == "entries" and isinstance(v, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in v.value]
    return []


# ------------------------------------------------------------ marking


@dataclass(frozen=True)
class TermMarker:
    """What marks the vocabulary's phrases in a text: one pattern for every
    phrase, and the entry (or ``entry/subentry``) each phrase belongs to.
    A small value, sent to the worker processes that normalize the texts."""

    pattern: re.Pattern
    owners: dict[str, str]  # phrase (spaces plain) -> entry id or "entry id/subentry index"

    @classmethod
    def for_vocabulary(cls, vocab: Vocabulary) -> TermMarker | None:
        owner: dict[str, str] = {}
        for e in vocab.entries:
            for p in e.match:
                owner.setdefault(p, e.id)
            for k, s in enumerate(e.subentries):
                for p in s.match:
                    owner.setdefault(p, f"{e.id}/{k}")
        if not owner:
            return None
        return cls(_pattern(list(owner)), {p.replace("\u00a0", " "): o for p, o in owner.items()})

    def owner(self, matched: str) -> str:
        phrase = re.sub(r"\s+", " ", re.sub(r"[’']s$", "", matched).replace("\u00a0", " "))
        found = self.owners.get(phrase)
        if found is None:
            found = next((o for p, o in self.owners.items() if p.lower() == phrase.lower()), "")
        return found


def _pattern(phrases: list[str]) -> re.Pattern:
    alts = sorted({re.escape(p).replace(r"\ ", r"[\s\u00a0]+") for p in phrases}, key=len, reverse=True)
    # Whole words; a possessive ’s may follow.
    return re.compile(r"(?<![\w’'-])(?:" + "|".join(alts) + r")(?:[’']s)?(?![\w-])")


def mark_terms(doc: Document, marker: TermMarker | None, slug: str) -> Document:
    """The document with every occurrence of a vocabulary phrase, in the body
    and the notes, wrapped in an ``IndexMark``: a new value (the blocks
    without one are shared with ``doc``, which is not changed).  Done per
    text, where the text is normalized; the marks' anchors are numbered in
    reading order, the body's before the notes'."""
    if marker is None:
        return doc
    counter = 0

    def mark(seq: list) -> list:
        nonlocal counter
        out: list = []
        changed = False
        for node in seq:
            if isinstance(node, Str):
                rest = node.text
                m = marker.pattern.search(rest)
                if m is None:
                    out.append(node)
                    continue
                changed = True
                while m is not None:
                    counter += 1
                    if m.start():
                        out.append(Str(rest[: m.start()]))
                    word = m.group(0)
                    out.append(IndexMark(ids.index_mark(slug, counter), marker.owner(word), [Str(word)]))
                    rest = rest[m.end() :]
                    m = marker.pattern.search(rest)
                if rest:
                    out.append(Str(rest))
            elif isinstance(node, (Emph, Strong)):
                children = mark(node.children)
                if children is not node.children:
                    changed = True
                    node = dataclasses.replace(node, children=children)
                out.append(node)
            else:
                out.append(node)
        return out if changed else seq

    blocks = map_inlines(doc.blocks, mark)
    notes = [
        n if (b := map_inlines(n.blocks, mark)) is n.blocks else dataclasses.replace(n, blocks=b) for n in doc.notes
    ]
    return dataclasses.replace(doc, blocks=blocks, notes=notes)


def locate_marks(texts: list[AssembledText]) -> dict[str, list[Locator]]:
    """Each entry's (and subentry's) locators: where its marks stand, by
    paragraph number (a mark in a heading or an epigraph counts with the
    paragraph before it) or by note."""
    locators: dict[str, list[Locator]] = defaultdict(list)
    for text in texts:
        last_number = None
        for top in text.doc.blocks:
            for unit in top.blocks if isinstance(top, Letter) else [top]:
                number = getattr(unit, "number", None)
                if number is not None:
                    last_number = number
                for mark in index_marks([unit]):
                    if mark.entry:
                        locators[mark.entry].append(
                            Locator(text, number if number is not None else last_number, None, mark.id)
                        )
        for note in text.notes:
            for mark in index_marks(note.blocks):
                if mark.entry:
                    locators[mark.entry].append(Locator(text, None, note.number, mark.id))
    return locators


def warn_unmatched(vocab: Vocabulary, locators: dict[str, list[Locator]], diagnostics: Diagnostics) -> None:
    """RB504 for every entry that locates nothing (a "see" entry needs nothing)."""
    for e in vocab.entries:
        if not e.see and not locators.get(e.id):
            diagnostics.warning(
                "RB504",
                f"index term '{e.term}' matches nothing in the texts",
                path=vocab.path.name,
                line=e.line,
                hint="check its 'match' phrases, or remove the entry",
            )


# ------------------------------------------------------------ suggestions


_CAP_PHRASE = re.compile(r"(?<![\w’'])(?:[A-Z][\w’'-]+)(?:\s+(?:of|the|and|de|von|in|for)?\s*[A-Z][\w’'-]+)*")
_STOP = set(
    "The A An In On At Of And But For This That These Those It Its He She They We I His Her Their Our "
    "When While As After Before If Yet So Thus However Although Even Only Since Then There Here What Who "
    "Why How Not No Lenin’s".split()
)


def suggest(book: Book, vocab: Vocabulary | None, minimum_texts: int = 2) -> list[tuple[str, dict[str, int]]]:
    """Recurring capitalised names and phrases not yet in the vocabulary, with counts per text."""
    known = set()
    if vocab:
        for e in vocab.entries:
            known.update(p.lower() for p in e.match)
            known.add(e.term.lower())
    counts: dict[str, Counter] = defaultdict(Counter)
    for text in book.texts:
        for block in iter_blocks(text.doc.blocks + [b for n in text.notes for b in n.blocks]):
            for seq in block_inlines(block):
                for m in _CAP_PHRASE.finditer(inline_text(seq)):
                    phrase = re.sub(r"[’']s$", "", m.group(0))
                    words = phrase.split()
                    while words and words[0] in _STOP:
                        words = words[1:]
                    phrase = " ".join(words)
                    if len(phrase) < 3 or phrase.lower() in known or phrase in _STOP:
                        continue
                    counts[phrase][text.entry.short_title] += 1
    found = [(p, dict(c)) for p, c in counts.items() if len(c) >= minimum_texts]
    found.sort(key=lambda pc: (-len(pc[1]), -sum(pc[1].values()), pc[0]))
    return found


# ------------------------------------------------------------ the index as lines


@dataclass
class IndexLine:
    """One printed line of the index: a term, its locators, its cross-references."""

    id: str
    term: str
    locators: list[Locator]
    see: str | None = None
    see_also: tuple[str, ...] = ()
    sub: list[IndexLine] = field(default_factory=list)


@dataclass
class IndexGroup:
    letter: str
    lines: list[IndexLine]


def paragraph_ranges(locs: list[Locator]) -> list[tuple[Locator, Locator]]:
    """Locators merged into runs of consecutive paragraphs (or single notes), per text."""
    seen: dict[tuple, Locator] = {}
    for loc in sorted(locs, key=lambda x: x.key):
        seen.setdefault(loc.key, loc)
    runs: list[tuple[Locator, Locator]] = []
    for loc in seen.values():
        if runs:
            first, last = runs[-1]
            if (
                loc.text is last.text
                and loc.note is None
                and last.note is None
                and loc.paragraph is not None
                and last.paragraph is not None
                and loc.paragraph == last.paragraph + 1
            ):
                runs[-1] = (first, loc)
                continue
        runs.append((loc, loc))
    return runs


def build_index(texts: list[AssembledText], vocab: Vocabulary, locators: dict[str, list[Locator]]) -> list[IndexGroup]:
    by_term = vocab.by_term()
    lines: list[tuple[str, IndexLine]] = []
    for e in vocab.entries:
        locs = locators.get(e.id, [])
        if not e.see and not locs:
            continue
        line = IndexLine(e.id, e.term, [] if e.see else locs, e.see, e.see_also)
        paragraphs = {}
        for loc in locs:
            paragraphs.setdefault((loc.text.position, loc.paragraph, loc.note), []).append(loc)
        for k, sub in enumerate(e.subentries):
            if sub.match:
                sub_locs = locators.get(f"{e.id}/{k}", [])
            else:
                wanted = [
                    {(x.text.position, x.paragraph, x.note) for x in locators.get(by_term[w].id, [])}
                    for w in sub.with_terms
                ]
                sub_locs = [ls[0] for key, ls in paragraphs.items() if all(key in w for w in wanted)]
            if sub_locs:
                line.sub.append(IndexLine(f"{e.id}-{k}", sub.term, sub_locs))
        if len(paragraph_ranges(line.locators)) > HEAVY:
            # A heavy entry is divided by text, so no line carries a wall of locators.
            for text in texts:
                in_text = [x for x in line.locators if x.text is text]
                if in_text:
                    line.sub.append(IndexLine(f"{e.id}-t{text.position}", f"in {text.entry.short_title}", in_text))
            line.locators = []
        lines.append((e.sort_key or sort_key(e.term), line))
    lines.sort(key=lambda kl: kl[0])
    groups: list[IndexGroup] = []
    for key, line in lines:
        letter = key[:1].upper() if key[:1].isalpha() else "#"
        if not groups or groups[-1].letter != letter:
            groups.append(IndexGroup(letter, []))
        groups[-1].lines.append(line)
    return groups


def term_anchor(term: str, vocab: Vocabulary) -> str:
    return vocab.by_term()[term].id
