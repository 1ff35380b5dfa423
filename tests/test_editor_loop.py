"""The editor's loop: init drafts a buildable book.yaml; every build writes a
self-contained review page showing every recorded change."""

from __future__ import annotations

import re
import shutil

import yaml

import readerbook
from conftest import ROOT
from readerbook import cli
from readerbook.diagnostics import Diagnostics
from readerbook.model import NoteRef, block_inlines, iter_blocks
from readerbook.pipeline import load_book
from readerbook.review import render_review


def test_init_drafts_a_book_that_builds(tmp_path, capsys):
    (tmp_path / "texts").mkdir()
    for src in (ROOT / "texts").glob("*.txt"):
        shutil.copy(src, tmp_path / "texts" / src.name)
    assert cli.main(["init", str(tmp_path)]) == 0
    draft = yaml.safe_load((tmp_path / "book.yaml").read_text())
    by_file = {t["file"]: t for t in draft["texts"]}
    shipped = {t["file"]: t for t in yaml.safe_load((ROOT / "book.yaml").read_text())["texts"]}
    # Where the texts state them, the detected titles and authors are the shipped ones.
    for name in (
        "korolev-on-the-problem-of-trotskyism.txt",
        "origins-of-trotskyism.txt",
        "cliff-the-lessons-of-october.txt",
    ):
        assert by_file[f"texts/{name}"]["title"] == shipped[f"texts/{name}"]["title"]
    for name in (
        "korolev-on-the-problem-of-trotskyism.txt",
        "rodriguez-rios-trotskyism-is-not-leninism-pt1.txt",
        "cliff-the-lessons-of-october.txt",
    ):
        assert by_file[f"texts/{name}"]["author"] == shipped[f"texts/{name}"]["author"]
    essay = by_file["texts/essay-trotsky-and-permanent-revolution.txt"]
    assert essay["title_supplied"] is True and "author" not in essay
    assert "TODO" in (tmp_path / "book.yaml").read_text()
    assert "DRAFT" in (tmp_path / "texts" / "preface.md").read_text()
    result = readerbook.build(tmp_path / "book.yaml", formats=("epub",))
    assert result.outputs["epub"].exists()
    # and it never overwrites
    assert cli.main(["init", str(tmp_path)]) == 1
    assert "RB110" in capsys.readouterr().err


def test_review_page_shows_every_recorded_change():
    diagnostics = Diagnostics()
    book = load_book(ROOT / "book.yaml", diagnostics)
    page = render_review(book, diagnostics)
    assert "<script src" not in page and "http" not in page.split("<main>")[0]  # self-contained
    for text in book.texts:
        removed = [c for c in text.doc.changes if c.kind == "removed"]
        assert page.count(f'id="rv-{text.slug}"') == 1
        for c in removed:
            assert f'<span class="ln">{c.lines[0]}</span>' in page
    essay = next(t for t in book.texts if t.slug.startswith("essay"))
    for c in essay.doc.changes:
        if c.kind in ("kept-hyphen", "joined-hyphen", "page-join", "emendation"):
            assert c.detail.replace("’", "&#8217;") in page or c.detail in page or re.escape(c.detail) in page
    # Every page number normalization removed is shown as removed (the essay, a PDF extraction, has some).
    page_numbers = [
        c
        for t in book.texts
        for c in t.doc.changes
        if c.kind == "removed" and c.lines and c.detail.startswith("page number")
    ]
    assert page_numbers and page.count("removed: page number") == len(page_numbers)
    # missing notes flagged where they are cited (Korolev's references, most of the essay's)
    missing_refs = sum(
        1
        for t in book.texts
        for b in iter_blocks(t.doc.blocks)
        for seq in block_inlines(b)
        for x in seq
        if isinstance(x, NoteRef) and t.note_by_key[x.key].missing
    )
    assert missing_refs > 0
    assert page.count('class="ref missing"') == missing_refs
    assert page.count('warn"') >= 1
