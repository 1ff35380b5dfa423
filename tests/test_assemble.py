"""The book is a value: assembled once from the normalized documents, which
assembly never changes, and changed by nothing after (the preface, sources,
shared quotations and index are computed beside it and handed to it)."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from conftest import ROOT
from readerbook.diagnostics import Diagnostics
from readerbook.index import TermMarker, Vocabulary, mark_terms
from readerbook.manifest import load_manifest
from readerbook.model import IndexMark, inline_text, iter_blocks
from readerbook.pipeline import assemble_book, build, normalize_file, prepare_book
from readerbook.render.epub import render_documents

P = "The argument of this paragraph runs on for a while so that it reads as prose and not as a heading"
QUOTE = "“the whole of the working class must take the power into its own hands at once and keep it”"


@pytest.fixture
def project(tmp_path):
    """Two texts quoting one passage, each with notes, and an index."""
    (tmp_path / "texts").mkdir()
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    (tmp_path / "texts" / "a.txt").write_text(
        f"{P}, said Kautsky.[1]\n\nHe wrote that {QUOTE}.[2]\n\n{P}.[1]\n\n"
        "[1] Kautsky, Works, p. 3.\n\n[2] Ibid., p. 4, on Kautsky again.\n",
        encoding="utf-8",
    )
    (tmp_path / "texts" / "b.txt").write_text(
        f"{P}.[1]\n\nShe quoted him: {QUOTE}.\n\n[1] A note on Kautsky.\n", encoding="utf-8"
    )
    (tmp_path / "index.yaml").write_text("entries:\n  - term: Kautsky, Karl\n    kind: person\n    match: [Kautsky]\n")
    (tmp_path / "book.yaml").write_text(
        "title: T\nidentifier: urn:x\ndate: 2026-01-01\nindex: index.yaml\nnote_numbering: continuous\n"
        "texts:\n  - file: texts/a.txt\n    title: A\n  - file: texts/b.txt\n    title: B\n",
        encoding="utf-8",
    )
    return tmp_path / "book.yaml"


def test_assembling_twice_from_one_set_of_documents_gives_the_same_book(project):
    prepared = prepare_book(load_manifest(project), Diagnostics())
    first, second = assemble_book(prepared, Diagnostics()), assemble_book(prepared, Diagnostics())
    # Continuous numbering: text b's note follows text a's two, both times.
    assert [[n.number for n in t.notes] for t in first.texts] == [[1, 2], [3]]
    assert [[n.number for n in t.notes] for t in second.texts] == [[1, 2], [3]]
    assert first.anchors == second.anchors
    assert [d.xhtml for d in render_documents(first)] == [d.xhtml for d in render_documents(second)]
    assert len(first.shared) == len(second.shared) == 1
    # The documents assembly was given are as normalization left them.
    assert all(n.number is None for s in prepared.texts for n in s.doc.notes)


def test_the_book_and_its_texts_cannot_be_changed_after_assembly(project):
    book = assemble_book(prepare_book(load_manifest(project), Diagnostics()), Diagnostics())
    with pytest.raises(dataclasses.FrozenInstanceError):
        book.preface = None
    with pytest.raises(dataclasses.FrozenInstanceError):
        book.texts[0].notes = []
    # The print pages come as a new value, the assembled book unchanged.
    paged = dataclasses.replace(book, page_map=object())
    assert book.page_map is None and paged.texts is book.texts


def test_every_anchor_the_book_links_to_is_placed(project):
    book = assemble_book(prepare_book(load_manifest(project), Diagnostics()), Diagnostics())
    marks = [m.id for t in book.texts for b in iter_blocks(t.doc.blocks) for m in _marks(b)]
    assert len(marks) == 1  # "Kautsky" in a's first paragraph (the others are in notes)
    assert all(book.where(m).startswith("text/") for m in marks)
    kautsky = book.index[0].lines[0]
    # Located by paragraph in the body and by number in the notes, each mark placed in an EPUB document.
    assert all(book.where(loc.mark_id) == f"text/{loc.text.slug}.xhtml" for loc in kautsky.locators)
    assert [(loc.text.slug, loc.paragraph, loc.note) for loc in kautsky.locators] == [
        ("a", 1, None),
        ("a", None, 1),
        ("a", None, 2),
        ("b", None, 3),
    ]


def _marks(block):
    from readerbook.model import block_inlines

    return [n for seq in block_inlines(block) for n in seq if isinstance(n, IndexMark)]


def test_marking_terms_makes_a_new_document_and_leaves_the_given_one(project):
    doc, _ = normalize_file(project.parent / "texts" / "a.txt", book=project)
    vocab = prepare_book(load_manifest(project), Diagnostics()).vocabulary
    assert isinstance(vocab, Vocabulary)
    words = [inline_text(seq) for b in iter_blocks(doc.blocks) for seq in _seqs(b)]
    marked = mark_terms(doc, TermMarker.for_vocabulary(vocab), "a")
    assert [len(_marks(b)) for b in doc.blocks] == [0, 0, 0]
    assert [len(_marks(b)) for b in marked.blocks] == [1, 0, 0]
    assert [len(_marks(b)) for n in marked.notes for b in n.blocks] == [1, 1]
    # The words are the same; a block without a term is shared, not copied.
    assert [inline_text(seq) for b in iter_blocks(doc.blocks) for seq in _seqs(b)] == words
    assert [inline_text(seq) for b in iter_blocks(marked.blocks) for seq in _seqs(b)] == words
    assert marked.blocks[1] is doc.blocks[1] and marked.blocks[0] is not doc.blocks[0]


def _seqs(block):
    from readerbook.model import block_inlines

    return block_inlines(block)


def test_texts_studied_in_worker_processes_make_the_book_made_here(project, tmp_path):
    here = build(project, tmp_path / "one", formats=("epub",), build_dir=tmp_path / "b1", jobs=1)
    there = build(project, tmp_path / "two", formats=("epub",), build_dir=tmp_path / "b2", jobs=2)
    assert here.outputs["epub"].read_bytes() == there.outputs["epub"].read_bytes()


def test_a_small_books_second_process_is_decided_before_the_texts_are_read(project, monkeypatch):
    from readerbook import pipeline

    manifest = load_manifest(project)
    assert pipeline._small_book(manifest)  # two texts, a few hundred bytes
    monkeypatch.setattr(pipeline, "SMALL_BOOK", 100)
    assert not pipeline._small_book(manifest)  # their bytes are more than that
    monkeypatch.setattr(pipeline, "SMALL_BOOK", 1_000_000)
    one = dataclasses.replace(manifest, texts=manifest.texts[:1])
    assert not pipeline._small_book(one)  # one text: nothing to share
