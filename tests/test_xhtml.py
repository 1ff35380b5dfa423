"""What the one XHTML writer makes of a list's numbers and of a figure without a caption."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from readerbook.diagnostics import Diagnostics
from readerbook.pipeline import load_book
from readerbook.render.epub import render_documents
from readerbook.render.xhtml import list_numbering

P = "The argument of this paragraph runs on for a while so that it reads as prose and not as a heading"


@pytest.mark.parametrize(
    "labels, numbering",
    [
        (["1.", "2."], ""),
        (["(1)", "(2)", "3)"], ""),
        (["a.", "b."], "a"),
        (["(h)", "(i)", "(j)"], "a"),  # letters, though "(i)" alone reads as a numeral
        (["i.", "ii.", "iii."], "i"),
        (["(I)", "(II)"], "I"),
        (["A.", "B."], "A"),
        (["v.", "w."], "a"),  # no roman list opens at "v."
        (["No. 1,", "No. 2,"], None),  # words: set as the source has them
        (["1st.", "2d.", "3d."], None),
    ],
)
def test_a_lists_numbering_is_the_sources(labels, numbering):
    assert list_numbering(labels) == numbering


def _chapter(tmp_path, text: str) -> str:
    (tmp_path / "texts").mkdir()
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    (tmp_path / "texts" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "book.yaml").write_text("title: T\ntexts: [texts/a.txt]\n", encoding="utf-8")
    book = load_book(tmp_path / "book.yaml", Diagnostics())
    return next(d.xhtml for d in render_documents(book) if d.file == "text/a.xhtml")


def test_numbers_in_words_are_set_as_the_source_has_them(tmp_path):
    xhtml = _chapter(
        tmp_path, f"{P}:\n\n1st. That the guardianship is mine by law.\n\n2d. That the boy wishes it.\n\n{P}.\n"
    )
    assert '<ol class="labelled">' in xhtml
    assert '<li><span class="item-label">1st.</span> That the guardianship is mine by law.</li>' in xhtml


def test_a_figure_without_a_caption_has_no_empty_caption(tmp_path):
    xhtml = _chapter(tmp_path, f"{P}.\n\n[Illustration]\n\n{P}.\n")
    assert 'class="figure-missing"' in xhtml
    assert "<figcaption></figcaption>" not in xhtml and "<figcaption>" not in xhtml


def test_roman_numbers_stay_roman(tmp_path):
    xhtml = _chapter(tmp_path, f"{P}:\n\n(i) the first condition is met;\n\n(ii) the second is not.\n\n{P}.\n")
    assert '<ol type="i">' in xhtml
