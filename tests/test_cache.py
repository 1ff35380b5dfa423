"""Reuse between builds: normalized texts (build/normalized) are reused while
nothing that shaped them changed."""

from __future__ import annotations

from pathlib import Path

from readerbook.cache import LexiconView, NormalizedStore
from readerbook.diagnostics import Diagnostics
from readerbook.normalize import Lexicon
from readerbook.pipeline import load_book

# A hard-wrapped text with one line-end hyphen: "co-" + "operation".
WRAPPED = (
    "The committee met in the spring and its members agreed that the work of\n"
    "the districts would go on without a break, whatever the cost of the co-\n"
    "operation they had promised to one another in the previous autumn.\n"
    "\n"
    "Nobody doubted that the plan was sound, and the members went home in\n"
    "good spirits, each of them sure that the others would keep their word.\n"
)


def project(tmp_path: Path, other: str) -> Path:
    (tmp_path / "texts").mkdir(exist_ok=True)
    (tmp_path / "texts" / "a.txt").write_text(WRAPPED)
    (tmp_path / "texts" / "b.txt").write_text(other)
    (tmp_path / "book.yaml").write_text(
        "title: T\nidentifier: urn:x\ndate: 2026-01-01\ntexts:\n"
        "  - file: texts/a.txt\n    title: A\n  - file: texts/b.txt\n    title: B\n"
    )
    return tmp_path / "book.yaml"


def words_of(book, n: int) -> str:
    from readerbook.model import block_inlines, inline_text, iter_blocks

    return " ".join(inline_text(s) for b in iter_blocks(book.texts[n].doc.blocks) for s in block_inlines(b))


def test_lexicon_view_remembers_what_was_asked():
    lexicon = Lexicon()
    lexicon.add_text("a co-operation here")
    view = LexiconView(lexicon)
    assert view.decide_hyphen("co", "operation")[0] is True
    assert view.asked == {("co", "operation", "en"): lexicon.decide_hyphen("co", "operation")}


def test_unchanged_texts_are_reused(tmp_path):
    book_yaml = project(tmp_path, "A short text of its own.\n")
    store = NormalizedStore(tmp_path / "build" / "normalized")
    load_book(book_yaml, Diagnostics(), store)
    assert store.fresh == ["texts/a.txt", "texts/b.txt"]
    again = NormalizedStore(tmp_path / "build" / "normalized")
    book = load_book(book_yaml, Diagnostics(), again)
    assert again.fresh == []
    assert "cooperation" in words_of(book, 0)
    # Editing b leaves a's normalization as it was.
    (tmp_path / "texts" / "b.txt").write_text("Another short text of its own.\n")
    third = NormalizedStore(tmp_path / "build" / "normalized")
    load_book(book_yaml, Diagnostics(), third)
    assert third.fresh == ["texts/b.txt"]


def test_a_text_is_normalized_again_when_another_changes_its_hyphen_evidence(tmp_path):
    book_yaml = project(tmp_path, "A short text of its own.\n")
    store = NormalizedStore(tmp_path / "build" / "normalized")
    book = load_book(book_yaml, Diagnostics(), store)
    assert "cooperation" in words_of(book, 0)  # no evidence for the hyphen: a typesetter's break
    # Now the other text spells the word with a hyphen: a's line-end hyphen is kept.
    (tmp_path / "texts" / "b.txt").write_text("Their co-operation was real.\n")
    again = NormalizedStore(tmp_path / "build" / "normalized")
    book = load_book(book_yaml, Diagnostics(), again)
    assert again.fresh == ["texts/a.txt", "texts/b.txt"]
    assert "co-operation" in words_of(book, 0)


def test_a_changed_setting_in_book_yaml_normalizes_the_text_again(tmp_path):
    book_yaml = project(tmp_path, "A short text of its own.\n")
    load_book(book_yaml, Diagnostics(), NormalizedStore(tmp_path / "build" / "normalized"))
    book_yaml.write_text(
        book_yaml.read_text().replace(
            "    title: A\n",
            "    title: A\n    emendations:\n      - {find: 'spring', replace: 'summer', reason: 'test'}\n",
        )
    )
    again = NormalizedStore(tmp_path / "build" / "normalized")
    book = load_book(book_yaml, Diagnostics(), again)
    assert again.fresh == ["texts/a.txt"]
    assert "summer" in words_of(book, 0)


def test_shared_quotations_can_be_switched_off(tmp_path):
    """book.yaml's shared_quotations: false leaves out the search (and the
    index's section of shared passages)."""
    passage = "“We shall build the new order on the foundations of the old one and not on sand.”\n"
    book_yaml = project(tmp_path, "He wrote: " + passage)
    (tmp_path / "texts" / "a.txt").write_text(WRAPPED + "\nShe wrote: " + passage)
    assert len(load_book(book_yaml, Diagnostics()).shared) == 1
    book_yaml.write_text(book_yaml.read_text() + "shared_quotations: false\n")
    assert not load_book(book_yaml, Diagnostics()).shared
