"""Invariants of normalization, on the shipped texts and on generated ones:
nothing is lost (the audit), and normalizing the normalized Markdown changes
nothing."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from readerbook.diagnostics import Diagnostics
from readerbook.export import to_markdown
from readerbook.model import NoteRef, inline_text, iter_blocks
from readerbook.normalize import normalize_source
from readerbook.normalize.audit import audit
from readerbook.pipeline import load_book
from readerbook.source import source_from_string


def roundtrip(md: str) -> str:
    return to_markdown(normalize_source(source_from_string(md, "again.md")))


def shape(doc):
    """Block kinds and text, with each note reference shown as a marker
    (Markdown carries the renumbered notes, not the source's labels)."""
    out = []
    for b in iter_blocks(doc.blocks):
        text = "".join("^" if isinstance(n, NoteRef) else inline_text([n]) for n in getattr(b, "inlines", []))
        out.append((type(b).__name__, text))
    return out


@pytest.fixture(scope="module")
def book():
    return load_book(ROOT / "book.yaml", Diagnostics())


def test_shipped_texts_are_idempotent_through_markdown(book):
    for t in book.texts:
        md = to_markdown(t.doc)
        assert roundtrip(md) == md, t.slug
        again = normalize_source(source_from_string(md, "again.md"))
        assert shape(again) == shape(t.doc), t.slug
        assert len(again.notes) == len(t.doc.notes)


# ------------------------------------------------------------ generated texts

WORD = st.sampled_from(
    "the party workers revolution Lenin Trotsky congress theory history of and in a to was "
    "committee peasantry question opposition programme international Stalin bureaucracy".split()
)


@st.composite
def sentence(draw):
    words = draw(st.lists(WORD, min_size=4, max_size=16))
    words[0] = words[0].capitalize()
    end = draw(st.sampled_from([".", ".", ".", "?", "!"]))
    return " ".join(words) + end


@st.composite
def paragraph(draw):
    return " ".join(draw(st.lists(sentence(), min_size=2, max_size=5)))


@st.composite
def raw_text(draw):
    paras = draw(st.lists(paragraph(), min_size=3, max_size=10))
    n_notes = 0
    out = []
    for p in paras:
        kind = draw(st.sampled_from(["plain", "plain", "ref", "heading", "quote"]))
        if kind == "ref":
            n_notes += 1
            p = p + f" [{n_notes}]"
        elif kind == "heading":
            out.append(draw(st.sampled_from(["Introduction", "The Early Years", "Conclusion", "Notes on Method"])))
        elif kind == "quote":
            out.append(p.split(".")[0] + " wrote:")
            p = "“" + p + "”"
        out.append(p)
    if n_notes and draw(st.booleans()):
        out.append("Notes")
        out.extend(f"{i}. A source, p. {i * 3}." for i in range(1, n_notes + 1))
    layout = draw(st.sampled_from(["blocks", "lines", "wrapped"]))
    if layout == "blocks":
        return "\n\n".join(out) + "\n"
    if layout == "lines":
        return "\n".join(out) + "\n"
    return "\n\n".join("\n".join(textwrap.wrap(p, 68)) for p in out) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_text())
def test_nothing_is_lost(raw):
    doc = normalize_source(source_from_string(raw), diagnostics=Diagnostics())
    assert audit(doc.source_lines, doc) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_text())
def test_normalizing_twice_changes_nothing(raw):
    doc = normalize_source(source_from_string(raw), diagnostics=Diagnostics())
    md = to_markdown(doc)
    assert roundtrip(md) == md
