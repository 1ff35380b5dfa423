"""Notes in the EPUB pop up where they are cited, and notes the source lost are
said once: per EPUB document, and once at the text's opening in print."""

from __future__ import annotations

import re
import shutil

import pytest

import readerbook.assemble
from conftest import ROOT
from readerbook.diagnostics import Diagnostics
from readerbook.pipeline import load_book
from readerbook.render.epub import render_documents
from readerbook.render.pdf import render_print_html
from readerbook.render.xhtml import number_ranges

P = (
    "The argument of this paragraph runs on for a while so that it reads as prose "
    "and not as a heading or a list item of any kind"
)


def book_of(tmp_path, text: str):
    (tmp_path / "texts").mkdir()
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    (tmp_path / "texts" / "a.txt").write_text(text)
    (tmp_path / "book.yaml").write_text(
        "title: T\nidentifier: urn:x\ndate: 2026-01-01\ntexts:\n  - file: texts/a.txt\n    title: A\n"
    )
    return load_book(tmp_path / "book.yaml", Diagnostics())


def text_documents(book) -> dict[str, str]:
    return {d.file: d.xhtml for d in render_documents(book) if d.file.startswith("text/a")}


@pytest.fixture
def two_chapters(tmp_path, monkeypatch):
    # Two chapters, each its own EPUB document (the split threshold lowered for
    # a short text). Chapter II cites note 3, note 1 again, and a note 4 whose
    # text the source lacks.
    monkeypatch.setattr(readerbook.assemble, "SPLIT_WORDS", 10)
    return book_of(
        tmp_path,
        f"CHAPTER I.\n\n{P}. [1] {P}. [2]\n\nCHAPTER II.\n\n{P}. [3] {P}. [1] {P}. [4]\n\n"
        "1. One note.\n\n2. Two note.\n\n3. Three note.\n",
    )


def test_each_note_is_a_footnote_in_the_document_of_its_first_reference(two_chapters):
    docs = text_documents(two_chapters)
    assert sorted(docs) == ["text/a-2.xhtml", "text/a.xhtml"]  # no separate notes document
    first, second = docs["text/a.xhtml"], docs["text/a-2.xhtml"]
    asides = {f: re.findall(r'<aside id="([^"]+)"', x) for f, x in docs.items()}
    assert asides == {"text/a.xhtml": ["a-note-1", "a-note-2"], "text/a-2.xhtml": ["a-note-3", "a-missing-notes-2"]}
    for x in docs.values():
        for aside in re.findall(r"<aside [^>]*>", x):
            assert 'epub:type="footnote"' in aside and 'role="doc-footnote"' in aside
        # After every reference of its document (Kobo pops up no note that stands before its reference).
        assert x.rindex('role="doc-noteref"') < x.index("<aside")
    # The note's number leads back to its first reference.
    assert '<p><a href="#a-noteref-1" class="fn-back" role="doc-backlink">1.</a> One note.</p>' in first
    # A second reference in another document links there.
    assert '<a href="a.xhtml#a-note-1" id="a-noteref-1-2" class="noteref" epub:type="noteref"' in second
    # Each note's text once in the book.
    assert sum(x.count("One note.") for x in docs.values()) == 1


def test_a_missing_note_links_to_one_statement_in_its_document(two_chapters):
    second = text_documents(two_chapters)["text/a-2.xhtml"]
    assert '<a href="#a-missing-notes-2" id="a-noteref-4" class="noteref"' in second
    assert (
        '<p>Note <a href="#a-noteref-4" role="doc-backlink">4</a>: the source does not include its text.</p>' in second
    )


def test_missing_notes_said_once_per_document_and_once_in_print(tmp_path):
    # Notes 2, 3 and 5 are cited but the source gives only 1 and 4.
    book = book_of(tmp_path, f"{P}. [1]\n\n{P}. [2] {P}. [3]\n\n{P}. [4] {P}. [5] {P}. [2]\n\n1. One.\n\n4. Four.\n")
    assert [n.number for n in book.texts[0].notes if n.missing] == [2, 3, 5]
    (doc,) = text_documents(book).values()
    assert doc.count("does not include") == 1
    assert (
        'Notes <a href="#a-noteref-2" role="doc-backlink">2–3</a>, <a href="#a-noteref-5" role="doc-backlink">5</a>: '
        "the source does not include their text." in doc
    )
    for n in (2, 3, 5):
        assert f'<a href="#a-missing-notes" id="a-noteref-{n}" class="noteref"' in doc
    assert '<a href="#a-missing-notes" id="a-noteref-2-2" class="noteref"' in doc  # a second reference too

    html = render_print_html(book)
    assert html.count("does not include") == 1
    opener = html[html.index('<header class="opener"') : html.index("</header>")]
    assert '<p class="missing-notes editorial" id="a-missing-notes">Notes 2–3, 5: the source does not' in opener
    # The references keep their numbers and link to the statement; the notes
    # the source has are footnotes still.
    for n in (2, 3, 5):
        assert f'<a class="noteref again missing" href="#a-missing-notes" id="a-noteref-{n}">{n}</a>' in html
    assert html.count('class="footnote"') == 2


def test_a_long_note_stays_readable_where_no_pop_up_takes_it(tmp_path):
    # Kobo pops up no note over 5,000 characters: it follows the link. The
    # note must then be in place, shown, whole, its number leading back.
    sentences = [f"Sentence {k} of a very long note, which goes on and on." for k in range(120)]
    long_note = " ".join(sentences)
    assert len(long_note) > 5000
    book = book_of(tmp_path, f"{P}. [1]\n\n{P}. [2]\n\n1. {long_note}\n\n2. Short.\n")
    (doc,) = text_documents(book).values()
    aside = re.search(r'<aside id="a-note-1"[^>]*>(.*?)</aside>', doc, re.S)
    assert aside and "hidden" not in aside.group(0)
    assert aside.group(1).startswith('<p><a href="#a-noteref-1" class="fn-back" role="doc-backlink">1.</a>')
    assert all(s in aside.group(1) for s in sentences)
    css = (ROOT / "styles" / "epub.css").read_text()
    assert not re.search(r"aside[^{]*\{[^}]*display:\s*none", css)


def test_number_ranges():
    assert number_ranges([5, 1, 2, 3, 7, 8]) == [(1, 3), (5, 5), (7, 8)]


def test_references_side_by_side_are_set_apart(tmp_path):
    # Two references at one place ("…end.[1][2]") must not read as note 12.
    book = book_of(tmp_path, f"{P}.[1][2] {P}.\n\n1. One note.\n\n2. Two note.\n")
    page = text_documents(book)["text/a.xhtml"]
    refs = re.search(r'role="doc-noteref">1</a>(.*?)<a [^>]*role="doc-noteref">2</a>', page)
    assert refs and refs.group(1) == '<span class="noteref-sep">,</span>'
    printed = render_print_html(book)
    assert printed.count('<span class="noteref-sep">,</span>') == 1
