"""The nothing-lost audit: every word of the source is in the output, or in a
recorded removal.

Each output piece (the metadata lines, each top-level block, each note) names
the source lines it came from.  The audit checks that

1. every non-blank source line belongs to exactly one piece or was removed
   with a recorded reason, and
2. each piece holds the same letters and digits, in the same order, as its
   source lines (typography, joins and re-hyphenation change only punctuation
   and spacing; note and list labels are counted where they stood), and
3. no piece holds a character no output can carry: those were removed as
   the text was read, each recorded with its line ("decoding").

It compares against the source after the recorded emendations.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..model import (
    BlockQuote,
    Document,
    Epigraph,
    FigurePlaceholder,
    Heading,
    Letter,
    ListBlock,
    Note,
    Paragraph,
    Preformatted,
    SectionBreak,
    Table,
    Verse,
    inline_text,
)
from ..readers.decoding import UNCARRIABLE
from ..source import Line


@dataclass(frozen=True)
class AuditProblem:
    lines: tuple[int, ...]
    message: str


_NOT_ALNUM = re.compile(r"[\W_]+")


def alnum(text: str) -> str:
    """Letters and digits only, case-folded: what the audit compares."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def _block_text(block) -> str:
    if isinstance(block, Paragraph):
        speaker = inline_text(block.speaker, refs=True) + " " if block.speaker else ""
        return speaker + inline_text(block.inlines, refs=True)
    if isinstance(block, Verse):
        return " ".join(inline_text(line, refs=True) for stanza in block.stanzas for line in stanza)
    if isinstance(block, Preformatted):
        return block.text
    if isinstance(block, Table):
        return " ".join(inline_text(cell, refs=True) for row in block.rows for cell in row)
    if isinstance(block, Heading):
        return (block.label or "") + " " + inline_text(block.inlines, refs=True)
    if isinstance(block, (BlockQuote, Epigraph)):
        inner = " ".join(_block_text(b) for b in block.blocks)
        return inner + " " + inline_text(block.attribution or [], refs=True)
    if isinstance(block, Letter):
        return " ".join(_block_text(b) for b in block.blocks)
    if isinstance(block, ListBlock):
        labels = block.labels or [""] * len(block.items)
        return " ".join(lab + " " + " ".join(_block_text(b) for b in item) for lab, item in zip(labels, block.items))
    if isinstance(block, FigurePlaceholder):
        return inline_text(block.caption, refs=True)
    if isinstance(block, SectionBreak):
        return ""
    raise TypeError(type(block).__name__)


def _note_text(note: Note) -> str:
    return note.marker + " " + " ".join(_block_text(b) for b in note.blocks)


def audit(lines: list[Line], doc: Document) -> list[AuditProblem]:
    """Check ``doc`` against the source ``lines`` (after emendations)."""
    by_no = {line.no: line.text for line in lines}
    removed = {no for c in doc.changes if c.kind == "removed" for no in c.lines}
    dropped_at: dict[int, list] = {}  # removals of words inside a line, by the lines they were recorded on
    for c in doc.changes:
        if c.kind in ("dropped-marker", "removed-text") and alnum(c.text):
            for no in c.lines:
                dropped_at.setdefault(no, []).append(c)
    pieces: list[tuple[tuple[int, ...], str, str]] = []
    # Front matter taken from source lines; not a value read from metadata
    # fields, a running head or a preamble (recorded with no lines: those
    # lines are accounted for where they were removed).
    front = sorted((c.lines, c.text) for c in doc.changes if c.kind == "front-matter" and c.lines)
    if front:
        pieces.append((tuple(n for lines_, _ in front for n in lines_), " ".join(t for _, t in front), "front matter"))
    # Words readerbook supplies (an abstract's heading where the source sets the abstract
    # apart by its type or class alone): recorded with no lines, and standing on none.
    supplied = Counter(alnum(c.text) for c in doc.changes if c.kind == "supplied" and not c.lines)
    for block in doc.blocks:
        if not block.lines and supplied[alnum(_block_text(block))] > 0:
            supplied[alnum(_block_text(block))] -= 1
            continue
        pieces.append((tuple(block.lines), _block_text(block), type(block).__name__))
    for note in doc.notes:
        if not note.missing:
            pieces.append((tuple(note.lines), _note_text(note), f"note {note.label}"))

    problems: list[AuditProblem] = []
    # Characters no output can carry were removed, and recorded, as the text
    # was read (they hold no letter or digit, so the comparison below cannot
    # see them): one still here means a reader let it through.
    for lines_, text, what in pieces:
        bad = UNCARRIABLE.search(text)
        if bad:
            problems.append(AuditProblem(lines_, f"{what} holds U+{ord(bad.group(0)):04X}, which no output can carry"))
    # Pieces that share a source line (a note set inline in its paragraph, a
    # heading and a note on one line) are checked together, word for word in
    # any order; a piece alone must hold its lines' letters in their order.
    parent = list(range(len(pieces)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[int, int] = {}
    for k, (lines_, _, _) in enumerate(pieces):
        for no in lines_:
            if no in owner:
                parent[find(k)] = find(owner[no])
            owner[no] = k
    clusters: dict[int, list[int]] = {}
    for k in range(len(pieces)):
        clusters.setdefault(find(k), []).append(k)
    for members in clusters.values():
        lines_ = sorted({no for k in members for no in pieces[k][0]})
        # A removal is taken from the lines it was recorded on, not from the
        # first place its letters appear ("1 0 [1]": the marker is the last 1).
        texts = {no: by_no.get(no, "") for no in lines_}
        own = list({id(c): c for no in lines_ for c in dropped_at.get(no, ())}.values())
        by_line: dict[int, list[str]] = {}
        elsewhere = []  # removals whose letters are not on the lines they name
        for c in own:
            at = [no for no in lines_ if no in c.lines]
            if len(at) == 1:
                by_line.setdefault(at[0], []).append(c.text)
                continue
            joined = " ".join(texts[no] for no in at)
            kept, missed = _drop_all(joined, [c.text])
            elsewhere.extend(missed)
            # A removal across lines: what is left stands on the first of them.
            texts = {no: ("" if no in at[1:] else kept if no == at[0] else t) for no, t in texts.items()}
        for no, removals in by_line.items():
            texts[no], missed = _drop_all(texts[no], removals)
            elsewhere.extend(missed)
        source_text = " ".join(texts[no] for no in lines_)
        if elsewhere:
            source_text, _ = _drop_all(source_text, elsewhere)
        what = " + ".join(pieces[k][2] for k in members)
        if len(members) == 1:
            source, out = alnum(source_text), alnum(pieces[members[0]][1])
            # A removal is recorded by its letters, not its place: where they
            # occur twice on a line ("word.1 [1]"), the wrong ones may have
            # been taken, and only the count of each letter is certain.
            if source != out and not (own and Counter(source) == Counter(out)):
                problems.append(
                    AuditProblem(tuple(lines_), f"{what} does not match its source lines: {_diff(source, out)}")
                )
            continue
        source_words = Counter(w for w in map(alnum, source_text.split()) if w)
        out_words = Counter(w for k in members for w in map(alnum, pieces[k][1].split()) if w)
        if _letters(source_words) != _letters(out_words):
            lost = _letters(source_words) - _letters(out_words)
            extra = _letters(out_words) - _letters(source_words)
            problems.append(
                AuditProblem(
                    tuple(lines_),
                    f"{what} do not hold the letters of their source lines: lost {''.join(sorted(lost.elements()))[:40]!r}, "
                    f"added {''.join(sorted(extra.elements()))[:40]!r}",
                )
            )
    for line in lines:
        if line.text.strip() and alnum(line.text) and line.no not in owner and line.no not in removed:
            problems.append(
                AuditProblem(
                    (line.no,), f"source line is in no output and no recorded removal: {line.text.strip()[:60]!r}"
                )
            )
    return problems


def _letters(words: Counter) -> Counter:
    """Letters and digits, counted: words may be cut differently once notes are taken out."""
    out: Counter = Counter()
    for w, n in words.items():
        for ch in w:
            out[ch] += n
    return out


def _drop_all(text: str, removals: list[str]) -> tuple[str, list[str]]:
    """The source text without the recorded removals, each taken once where
    its letters and digits first appear; and the removals not found.  One
    pass over the text, however many removals (a line may hold hundreds of
    dropped markers)."""
    folds = [_fold(ch) for ch in text]
    folded = "".join(folds)
    owner = [i for i, a in enumerate(folds) for _ in a]  # the character each folded one comes from
    gone: set[int] = set()
    missed = []
    for removed in removals:
        target = alnum(removed)
        at = folded.find(target)
        if at < 0:
            missed.append(removed)
            continue
        gone.update(owner[at : at + len(target)])
        folded = folded[:at] + folded[at + len(target) :]
        del owner[at : at + len(target)]
    if not gone:
        return text, missed
    return "".join(ch for i, ch in enumerate(text) if i not in gone), missed


def _fold(ch: str) -> str:
    """``alnum`` of one character, quickly for ASCII (a line of hundreds of
    dropped markers calls this for every character before each)."""
    if ch.isascii():
        return ch.lower() if ch.isalnum() else ""
    return alnum(ch)


def _diff(a: str, b: str) -> str:
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return f"source …{a[max(0, i - 20) : i + 20]}… vs output …{b[max(0, i - 20) : i + 20]}…"
