"""The PDF-extraction oracle: degrade a clean text the way a PDF extraction
would — hard-wrap and hyphenate it, add running heads and page numbers, move
its notes to the page feet — and check that normalizing gives back the clean
paragraphs and notes."""

from __future__ import annotations

import random
import re
import textwrap

import pytest

from conftest import norm
from readerbook.model import NoteRef, Paragraph, inline_text

WORDS = (
    "the party congress revolution workers peasants committee theory history opposition "
    "question policy struggle programme leadership discussion faction union struggle "
    "international bureaucracy republic economy industry agriculture principle"
).split()
LONG_WORDS = [
    "revolutionary",
    "international",
    "contradiction",
    "administration",
    "organisation",
    "correspondence",
    "constitutional",
    "reconstruction",
    "industrialisation",
]


def clean_book(seed: int, paragraphs: int = 14):
    rng = random.Random(seed)
    paras, notes = [], []
    n = 0
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(3, 6)):
            words = [rng.choice(WORDS + LONG_WORDS) for _ in range(rng.randint(8, 18))]
            words[0] = words[0].capitalize()
            s = " ".join(words) + "."
            if rng.random() < 0.35:
                n += 1
                s += f"{n}"  # a superscript flattened into the text
                notes.append(
                    f"A source for note {n}, " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 30))) + "."
                )
            sentences.append(s)
        paras.append(" ".join(sentences))
    return paras, notes


def degrade(paras, notes, seed: int, width: int = 72, lines_per_page: int = 30) -> str:
    """Wrap, hyphenate, paginate; notes go to the foot of the page that cites them."""
    rng = random.Random(seed)
    wrapped: list[tuple[str, list[int]]] = []  # (line, note numbers cited on it)
    for p in paras:
        lines = textwrap.wrap(p, width, break_long_words=False)
        # hyphenate some long words at a line end, as a typesetter would
        out = []
        carry = ""
        for line in lines:
            line = carry + line
            carry = ""
            last = line.split()[-1]
            if last.rstrip(".0123456789") in LONG_WORDS and rng.random() < 0.7 and not re.search(r"\d", last):
                cut = len(last) // 2
                line = line[: len(line) - len(last)] + last[:cut] + "-"
                carry = last[cut:] + " "
            out.append(line)
        if carry:
            out.append(carry.strip())
        for line in out:
            wrapped.append((line, [int(x) for x in re.findall(r"\.(\d+)(?=\s|$)", line)]))
        wrapped.append(("", []))
    pages, page, cited = [], [], []
    for line, refs in wrapped:
        page.append(line)
        cited.extend(refs)
        if len(page) >= lines_per_page:
            pages.append((page, cited))
            page, cited = [], []
    if page:
        pages.append((page, cited))
    out = []
    for k, (body, cited) in enumerate(pages, start=1):
        if k > 1:
            out.append(f"\fA HISTORY OF THE MOVEMENT{' ' * 30}{k}")
        out.extend(body)
        if cited:
            out.append("")
            out.append("_" * 20)
            for n in cited:
                out.extend(textwrap.wrap(f"{n}. {notes[n - 1]}", width + 10))
        out.append(f"{' ' * 35}{k}")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("seed", range(6))
def test_degraded_text_normalizes_back(seed):
    paras, notes = clean_book(seed)
    raw = degrade(paras, notes, seed)
    doc = norm(raw, dedent=False)
    got = [p for p in doc.blocks if isinstance(p, Paragraph)]
    assert doc.layout == "wrapped"

    def flat(p):
        return "".join(n.text if hasattr(n, "text") else (n.label if isinstance(n, NoteRef) else "") for n in p.inlines)

    assert [flat(p) for p in got] == paras
    by_label = {n.label: " ".join(inline_text(b.inlines) for b in n.blocks) for n in doc.notes}
    assert by_label == {str(i): t for i, t in enumerate(notes, start=1)}
    assert not any(n.missing or n.orphan for n in doc.notes)
    removed = {c.detail for c in doc.changes if c.kind == "removed"}
    assert {"running head", "page number"} <= removed
