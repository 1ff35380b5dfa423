"""The five shipped texts: what normalization and the notes stage must find."""

from __future__ import annotations

import pytest

from conftest import ROOT
from readerbook.diagnostics import Diagnostics
from readerbook.model import (
    BlockQuote,
    Epigraph,
    FigurePlaceholder,
    Heading,
    Letter,
    ListBlock,
    NoteRef,
    Paragraph,
    block_inlines,
    inline_text,
    iter_blocks,
)
from readerbook.normalize.audit import audit
from readerbook.pipeline import load_book


@pytest.fixture(scope="module")
def book():
    return load_book(ROOT / "book.yaml", Diagnostics())


def text(book, slug_start):
    return next(t for t in book.texts if t.slug.startswith(slug_start))


def headings(t):
    return [
        ((b.label + " / ") if b.label else "") + inline_text(b.inlines) for b in t.doc.blocks if isinstance(b, Heading)
    ]


def refs(blocks):
    out = []
    for block in iter_blocks(blocks):
        for seq in block_inlines(block):
            out.extend(n for n in seq if isinstance(n, NoteRef))
    return out


def body(t):
    return "\n".join(inline_text(s) for b in iter_blocks(t.doc.blocks) for s in block_inlines(b))


def test_nothing_lost_in_any_text(book):
    for t in book.texts:
        assert audit(t.doc.source_lines, t.doc) == [], t.slug


def test_essay_from_pdf(book):
    t = text(book, "essay")
    assert headings(t) == [
        "PREFACE",
        "INTRODUCTION",
        "CHAPTER I / A VISION",
        "CHAPTER II / THE CONFIRMATION",
        "CHAPTER III / THE ABERRATION",
        "CHAPTER IV / THE RESOLUTION",
        "CHAPTER V / ABANDONMENT",
        "CONCLUSION",
    ]
    b = body(t)
    assert "exert heavy influence on the Party apparatus." in b
    for compound in (
        "three-volume",
        "Russo-Japanese",
        "long-standing",
        "petty-bourgeois",
        "bourgeois-constitutional",
        "domestic-economic",
        "Twenty-One",
        "twenty-three",
    ):
        assert compound in b or compound in " ".join(
            inline_text(s) for n in t.notes for x in n.blocks for s in block_inlines(x)
        ), compound
    assert "Donald W. Treadgold" not in b  # page-bottom notes left the body
    assert not any(line.strip().isdigit() for line in b.splitlines())
    assert len([x for x in t.doc.blocks if isinstance(x, BlockQuote)]) >= 15
    # notes: 172 references, those whose text survived are whole, the rest are marked missing
    assert len(refs(t.doc.blocks)) == 172
    with_text = [n for n in t.notes if not n.missing]
    assert len(with_text) == 59 and len(t.notes) == 172
    note2 = next(n for n in t.notes if n.label == "2")
    assert inline_text(note2.blocks[0].inlines).endswith(
        "the first volume of a three-volume biography of Trotsky’s life (New York: Vintage Books, 1965), 7–8."
    )
    note141 = next(n for n in t.notes if n.label == "141")
    assert len(note141.lines) == 4
    assert [n.number for n in t.notes] == list(range(1, 173))


def test_rodriguez_rios(book):
    t = text(book, "rodriguez")
    assert len(headings(t)) == 13
    assert {"March – April", "1918", "1920 – 1921"} <= set(headings(t))
    [lst] = [b for b in t.doc.blocks if isinstance(b, ListBlock)]
    assert len(lst.items) == 3
    assert isinstance(t.doc.blocks[0], Epigraph)
    quotes = [b for b in t.doc.blocks if isinstance(b, BlockQuote) and b.attribution]
    assert any("Lenin" in inline_text(q.attribution) for q in quotes)
    assert not t.notes


def test_cliff(book):
    t = text(book, "cliff")
    assert headings(t)[0] == "4. The Lessons of October" and len(headings(t)) == 7
    quotes = [b for b in t.doc.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) >= 20
    assert all(c.detail != "web page trailer" or "Last updated" in c.text for c in t.doc.changes)
    assert "Last updated" not in body(t)
    body_refs = refs(t.doc.blocks)
    note_refs = refs([b for n in t.notes for b in n.blocks])
    assert (len(body_refs), len(note_refs)) == (60, 3)
    assert len(t.notes) == 63 and not any(n.missing or n.orphan for n in t.notes)
    assert [n.number for n in t.notes] == list(range(1, 64))
    star3 = next(n for n in t.notes if n.label == "3*")
    assert len(star3.blocks) == 3
    star1 = next(n for n in t.notes if n.label == "1*")
    assert [r.label for r in refs(star1.blocks)] == ["40"]


def test_origins(book):
    t = text(book, "origins")
    assert headings(t) == [
        "The founding of the Left Opposition",
        "“Enrich Yourselves!”",
        "Britain and China",
        "The United Opposition",
    ]
    assert len([c for c in t.doc.changes if c.detail.startswith("image caption")]) == 7
    assert len([b for b in t.doc.blocks if isinstance(b, Letter)]) == 1
    ep = t.doc.blocks[0]
    assert isinstance(ep, Epigraph) and "Leon Trotsky" in inline_text(ep.attribution)


def test_korolev(book):
    t = text(book, "korolev")
    assert (t.doc.meta.title, t.doc.meta.author) == ("On the Problem of Trotskyism", "Jeff Korolev")
    assert t.doc.meta.subtitle.startswith("Trotskyism: A Deformed")
    b = body(t)
    for fixed in ("Trotskyism—a task", "academic—or too", "theory-laden—to read", "Leninism—between"):
        assert fixed in b
    assert len([x for x in t.doc.blocks if isinstance(x, FigurePlaceholder)]) == 3
    assert len([x for x in t.doc.blocks if isinstance(x, ListBlock)]) == 1
    r = refs(t.doc.blocks)
    assert len(r) == 55 and all(t.note_by_key[x.key].missing for x in r)  # 1–54, with 6a and 6b
    assert "16" in [x.label for x in r]  # [[16]] is a reference too


def test_paragraphs_are_numbered_in_every_text(book):
    for t in book.texts:
        numbers = [b.number for b in t.doc.blocks if isinstance(b, Paragraph)]
        assert numbers and all(n is not None for n in numbers)


# Every passage quoted in two of the shipped texts, found by reading them:
# the texts that quote it and words every copy has.
SHARED_QUOTATIONS = {
    # Trotsky, Our Political Tasks (1904), in two translations
    (frozenset({"korolev", "essay"}), "himself for the central committee"),
    # Lenin, Disruption of Unity (1914): Korolev leaves words out ([...]); 1904–05 / 1904—05
    (frozenset({"korolev", "rodriguez"}), "at the end of 1903 trotsky was an ardent menshevik"),
    # Lenin (1911): Korolev changes words and leaves some out (…)
    (frozenset({"korolev", "rodriguez"}), "of lying and deceiving the workers"),
    # Stalin, Trotskyism or Leninism? (1924): Socialist-Revolutionaries / Socialist Revolutionaries
    (frozenset({"korolev", "cliff"}), "trotsky fought well in the period of october"),
    # Trotsky's letter to the Central Committee (15 January 1925), sections 1 to 4
    (frozenset({"korolev", "origins"}), "however under no circumstances can i admit the charge"),
    (frozenset({"cliff", "origins"}), "the whole progress of the discussion"),
    (frozenset({"cliff", "origins"}), "if at any time after october i had occasion"),
    (frozenset({"cliff", "origins"}), "i have not spoken once on the controversial questions"),
}


def test_passages_quoted_in_two_texts_are_linked_and_nothing_else(book):
    from readerbook.quotations import _norm, _units

    found = set()
    for passage in book.shared:
        copies = []
        for o in passage.occurrences:
            unit = next(u for u in _units(o.text.doc) if u.number == o.paragraph)
            copies.append(" ".join(_norm(w) for w in unit.words[o.start : o.end]))
        texts = frozenset(o.text.slug.split("-")[0] for o in passage.occurrences)
        phrases = [phrase for t, phrase in SHARED_QUOTATIONS if t == texts and all(phrase in c for c in copies)]
        assert len(phrases) == 1, (texts, copies)
        found.add((texts, phrases[0]))
    assert found == SHARED_QUOTATIONS and len(book.shared) == len(SHARED_QUOTATIONS)
