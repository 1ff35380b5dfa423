"""Ids and anchors are minted in one module (readerbook.ids), and the book's
own anchors never collide with a text's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from readerbook import ids
from readerbook.diagnostics import Diagnostics, ReaderbookError
from readerbook.manifest import load_manifest
from readerbook.pipeline import load_book

P = "The argument of this paragraph runs on for a while so that it reads as prose and not as a heading"
SRC = Path(__file__).resolve().parent.parent / "src" / "readerbook"


def _project(tmp_path: Path, name: str, text: str, slug: str = "") -> Path:
    (tmp_path / "texts").mkdir()
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    (tmp_path / "texts" / name).write_text(text, encoding="utf-8")
    extra = f"\n    slug: {slug}" if slug else ""
    (tmp_path / "book.yaml").write_text(
        f"title: T\nidentifier: urn:x\ndate: 2026-01-01\ntexts:\n  - file: texts/{name}\n    title: A{extra}\n"
    )
    return tmp_path / "book.yaml"


def test_no_module_but_ids_mints_a_text_id():
    # The shapes of the ids a text's anchors take: "{slug}-p{n}", "-note-", "-noteref-", "-h{n}", "-ix{n}".
    shapes = re.compile(r"""f["'][^"']*\{[^}]*slug\}-(?:p\{|h\{|ix\{|note-|noteref-|missing-notes|part-|source)""")
    offenders = [
        f"{path.relative_to(SRC)}:{k}"
        for path in SRC.rglob("*.py")
        if path.name != "ids.py"
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if shapes.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize("slug", ids.BOOK_ANCHORS)
def test_a_slug_that_names_a_part_of_the_book_is_refused(tmp_path, slug):
    book = _project(tmp_path, "a.txt", f"{P}.\n", slug=slug)
    with pytest.raises(ReaderbookError) as err:
        load_manifest(book)
    assert [d.code for d in err.value.diagnostics] == ["RB109"]


def test_a_text_whose_slug_begins_like_the_index_keeps_its_own_document(tmp_path):
    book = load_book(_project(tmp_path, "index-of-names.txt", f"{P}.\n\n{P}.\n"), Diagnostics())
    text = book.texts[0]
    assert text.slug == "index-of-names"
    assert book.epub_file(ids.paragraph(text.slug, 2)) == "text/index-of-names.xhtml"
    assert book.epub_file(ids.index_entry("x")) == "text/index.xhtml"


def test_a_note_cited_again_is_numbered_by_its_own_references(tmp_path):
    # Note 1 cited, then notes 2-12, then note 1 again: its second reference is "-2",
    # whatever other notes' numbers begin with 1.
    refs = " ".join(f"{P} [{n}]." for n in range(1, 13))
    notes = "\n\n".join(f"{n}. Note {n}." for n in range(1, 13))
    book = load_book(_project(tmp_path, "a.txt", f"{refs}\n\n{P} [1].\n\n{notes}\n"), Diagnostics())
    text = book.texts[0]
    ref_ids = sorted(text.ref_ids.values())
    assert ids.noteref("a", 1, 2) in ref_ids
    assert len(ref_ids) == len(set(ref_ids)) == 13
