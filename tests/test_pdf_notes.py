"""Journal articles and book chapters as PDFs: a round trip.

A known text (``pdf_oracles.py``) is set by WeasyPrint as such PDFs are —
footnotes at the foot of the page or endnotes under "Notes", running heads
on versos and rectos, folios at the top or the bottom, a journal's masthead,
abstract and keywords on the first page — and read back: every paragraph
whole (over page breaks, its line-end hyphens joined), every note call linked
to its note's words, no note's words left in the body, the headings in their
levels, the quotation and the list in their places, the furniture removed and
recorded, and the audit satisfied.
"""

from __future__ import annotations

import re

import pytest

import pdf_oracles as oracle
from readerbook.api import normalize_file
from readerbook.model import (
    BlockQuote,
    Emph,
    Heading,
    ListBlock,
    NoteRef,
    Paragraph,
    block_inlines,
    inline_text,
    iter_blocks,
)

weasyprint = pytest.importorskip("weasyprint")
pytestmark = pytest.mark.layout  # the PDFs read here are made with WeasyPrint


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


def _text(block) -> str:
    """A block's words, a quotation's or list's with its own blocks'."""
    return _norm(" ".join(inline_text(seq) for b in iter_blocks([block]) for seq in block_inlines(b)))


def _refs(inlines) -> list[NoteRef]:
    out = []
    for node in inlines:
        if isinstance(node, NoteRef):
            out.append(node)
        elif hasattr(node, "children"):
            out.extend(_refs(node.children))
    return out


def _read(tmp_path, text: oracle.Text, how: str = "footnote", **kw):
    path = tmp_path / f"{how}.pdf"
    weasyprint.HTML(string=oracle.document(text, how, **kw)).write_pdf(path)
    doc, diagnostics = normalize_file(path)
    return doc, diagnostics, path


def _pages(path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def _paragraphs(doc) -> list[Paragraph]:
    return [b for b in iter_blocks(doc.blocks) if isinstance(b, Paragraph)]


def _check_body_and_notes(doc, text: oracle.Text) -> None:
    """Every paragraph whole, its calls linked to the notes' words, no note's
    words in the body."""
    notes = {n.key: _norm(" ".join(inline_text(s) for b in n.blocks for s in block_inlines(b))) for n in doc.notes}
    found = {_text(p): p for p in _paragraphs(doc)}
    for block in text.blocks:
        if block.kind != "p":
            continue
        want = _norm(oracle.plain(block.text))
        assert want in found, f"paragraph not read whole: {want[:60]}…"
        refs = _refs(found[want].inlines)
        assert [notes[r.key] for r in refs] == [_norm(text.notes[k]) for k in oracle.calls(block.text)]
    assert not [n for n in doc.notes if n.missing or n.orphan]
    assert len(doc.notes) == len(text.notes)
    body = " ".join(_text(b) for b in iter_blocks(doc.blocks) if not isinstance(b, (BlockQuote, ListBlock)))
    for words in text.notes.values():
        assert _norm(words)[:40] not in body


def _audited(diagnostics) -> None:
    assert not [d for d in diagnostics if d.code == "RB390"]


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    text = oracle.article()
    return (text, *_read(tmp_path_factory.mktemp("article"), text))


def test_footnotes_are_linked_and_none_is_left_in_the_body(article):
    text, doc, diagnostics, _ = article
    _check_body_and_notes(doc, text)
    _audited(diagnostics)


def test_a_note_running_over_to_the_next_page_is_whole(article):
    # Note 6 is long enough to be set over two pages' feet (or whole on one).
    text, doc, _, _ = article
    read = [_norm(" ".join(_text(b) for b in n.blocks)) for n in doc.notes]
    assert read.count(_norm(text.notes["6"])) == 1


def test_headings_keep_their_levels(article):
    text, doc, _, _ = article
    headings = [(h.level, _norm(inline_text(h.inlines))) for h in doc.blocks if isinstance(h, Heading)]
    assert headings[0][1] == "Abstract"  # the abstract's own heading (see below)
    headings = headings[1:]
    want = [b for b in text.blocks if b.kind in ("h2", "h3")]
    assert [t for _, t in headings] == [b.text for b in want]
    level = {b.kind: lvl for b, (lvl, _) in zip(want, headings)}
    assert all(lvl == level[b.kind] for b, (lvl, _) in zip(want, headings))
    assert level["h2"] < level["h3"]


def test_the_title_and_authors_are_the_texts_and_the_masthead_is_recorded(article):
    text, doc, _, _ = article
    assert doc.meta.title == text.title
    assert doc.meta.author == text.author
    recorded = " ".join(c.text for c in doc.changes)
    assert "Journal of Harbour Studies · Volume 12" in recorded
    body = " ".join(_text(b) for b in iter_blocks(doc.blocks))
    assert "Volume 12" not in body
    _check_abstract(doc)


def _check_abstract(doc) -> None:
    """The abstract and keywords are the article's words: kept, before its first
    section, the abstract under its own heading (its run-in label parted from
    it), the keywords a paragraph — not a block quotation, though set in and smaller."""
    first = _text(doc.blocks[0])
    assert isinstance(doc.blocks[0], Heading) and first == "Abstract"
    assert [(type(b).__name__, _text(b)) for b in doc.blocks[1:3]] == [
        ("Paragraph", oracle.ABSTRACT),
        ("Paragraph", oracle.KEYWORDS),
    ]
    assert _text(doc.blocks[3]) == "1. Introduction"


def test_authors_marked_for_their_affiliations_are_the_texts_author(tmp_path):
    # No metadata names them: the authors line does, its marks left out; the
    # affiliations and the address are recorded as front matter, not body text.
    text = oracle.article_marked()
    doc, diagnostics, _ = _read(tmp_path, text)
    assert doc.meta.title == text.title
    assert doc.meta.author == oracle.MARKED_AUTHORS
    body = " ".join(_text(b) for b in iter_blocks(doc.blocks))
    recorded = " ".join(c.text for c in doc.changes if c.kind == "front-matter")
    for words in oracle.AFFILIATIONS:
        assert words not in body
        assert words in recorded
    _check_abstract(doc)
    _check_body_and_notes(doc, text)
    _audited(diagnostics)


def test_an_abstract_set_apart_by_its_type_alone_is_given_its_heading(tmp_path):
    text = oracle.article_unheaded()
    doc, diagnostics, _ = _read(tmp_path, text)
    assert doc.meta.author == oracle.MARKED_AUTHORS
    _check_abstract(doc)
    assert [c.text for c in doc.changes if c.kind == "supplied"] == ["Abstract"]
    _audited(diagnostics)


def test_running_heads_and_folios_are_removed_and_recorded(article):
    text, doc, _, path = article
    pages = _pages(path)
    removed = [c for c in doc.changes if c.kind == "removed"]
    heads = [c for c in removed if c.detail == "running head"]
    folios = [c for c in removed if c.detail == "page number"]
    assert len(heads) == pages - 1  # every page but the first
    assert {_norm(c.text).casefold() for c in heads} == {text.running_head.casefold(), text.journal.casefold()}
    assert sorted(int(c.text) for c in folios) == list(range(1, pages + 1))
    for block in iter_blocks(doc.blocks):
        assert text.journal.casefold() not in _text(block).casefold()
        assert not re.fullmatch(r"\d+", _text(block))


def test_the_quotation_and_the_list_stand_where_they_were(article):
    text, doc, _, _ = article
    quotes = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    want = next(b.text for b in text.blocks if b.kind == "quote")
    assert _norm(want) in [_text(q) for q in quotes]
    (lst,) = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert lst.ordered
    items = next(b.text for b in text.blocks if b.kind == "ol")
    assert [" ".join(_text(b) for b in item) for item in lst.items] == list(items)


# ------------------------------------------------ a chapter set page by page


def _words(html_text: str) -> str:
    return _norm(re.sub(r"<sup>[^<]*</sup>", "", re.sub(r"<(?!/?sup)[^>]+>", "", html_text)))


@pytest.fixture(scope="module", params=[False, True], ids=["symbols", "numbers"])
def chapter(request, tmp_path_factory):
    """The chapter with its notes marked by symbols, or by numbers, starting
    again on each page."""
    path = tmp_path_factory.mktemp("chapter") / "chapter.pdf"
    weasyprint.HTML(string=oracle.chapter_document(request.param)).write_pdf(path)
    doc, diagnostics = normalize_file(path)
    return doc, diagnostics, path, request.param


def test_marks_starting_again_on_each_page_link_each_call_to_its_own_pages_note(chapter):
    doc, diagnostics, _, numbered = chapter
    _, paragraphs, calls = oracle.chapter(numbered)
    notes = {n.key: _norm(" ".join(_text(b) for b in n.blocks)) for n in doc.notes}
    found = {_text(p): p for p in _paragraphs(doc)}
    for n, html_text in enumerate(paragraphs, 1):
        want = _words(html_text)
        assert want in found, f"paragraph {n} not read whole: {want[:50]}…"
        refs = _refs(found[want].inlines)
        assert [(r.label, notes[r.key]) for r in refs] == [(label, _norm(w)) for label, w in calls[str(n)]]
    assert len(doc.notes) == sum(len(c) for c in calls.values())
    assert not [n for n in doc.notes if n.missing or n.orphan]
    _audited(diagnostics)


def test_a_word_hyphenated_at_the_page_end_is_whole(chapter):
    doc, _, _, _ = chapter
    body = " ".join(_text(p) for p in _paragraphs(doc))
    assert "the warehouse stood by the quay" in body
    assert "ware-" not in body and "ware house" not in body


def test_italics_and_small_caps_are_kept(chapter):
    doc, _, _, _ = chapter
    emph = [inline_text(x.children) for p in _paragraphs(doc) for x in p.inlines if isinstance(x, Emph)]
    assert "Harbour Act" in emph
    assert "Item 3 begins with the Storm Committee, whose report" in " ".join(_text(p) for p in _paragraphs(doc))


def test_the_chapters_title_and_heads_and_folios_at_the_top(chapter):
    doc, _, path, _ = chapter
    assert doc.meta.title == oracle.CHAPTER_TITLE
    assert [_norm(inline_text(h.inlines)) for h in doc.blocks if isinstance(h, Heading)] == ["The Storm"]
    heads = [_norm(c.text) for c in doc.changes if c.kind == "removed" and c.detail == "running head"]
    pages = _pages(path)
    want = [
        f"{n} {oracle.CHAPTER_BOOK}" if n % 2 == 0 else f"{oracle.CHAPTER_TITLE.upper()} {n}"
        for n in range(2, pages + 1)
    ]
    assert heads == want
    body = " ".join(_text(b) for b in iter_blocks(doc.blocks))
    assert oracle.CHAPTER_BOOK not in body and "THE QUAY" not in body


# ------------------------------------------------ endnotes, and both kinds


@pytest.mark.parametrize("folio", ["top", "bottom"])
def test_endnotes_under_a_notes_heading_are_linked_and_the_heads_removed(tmp_path, folio):
    text = oracle.article()
    doc, diagnostics, path = _read(tmp_path, text, "endnote", folio=folio)
    _check_body_and_notes(doc, text)
    _audited(diagnostics)
    assert doc.meta.title == text.title
    body = " ".join(_text(b) for b in iter_blocks(doc.blocks))
    assert "Notes" not in body.split() and "Volume 12" not in body
    heads = [c for c in doc.changes if c.kind == "removed" and c.detail == "running head"]
    assert len(heads) == _pages(path) - 1


def test_footnotes_and_endnotes_in_one_article(tmp_path):
    text = oracle.article_with_both()
    doc, diagnostics, _ = _read(tmp_path, text, "both")
    _check_body_and_notes(doc, text)
    _audited(diagnostics)
    labels = sorted(r.label for p in _paragraphs(doc) for r in _refs(p.inlines))
    assert labels == sorted(["1", "2", "3", "4", "*", "†", "‡"])
    body = " ".join(_text(b) for b in iter_blocks(doc.blocks))
    assert "Notes" not in body.split()


def test_words_hyphenated_at_line_ends_are_whole(article):
    text, doc, _, path = article
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        broken = [x for p in pdf.pages for x in (p.extract_text() or "").splitlines() if x.rstrip()[-1:] in "-\u2010"]
    assert len(broken) >= 3  # the layout did break words
    body = " ".join(_text(p) for p in _paragraphs(doc))
    assert body.count(oracle.LONG) >= 3
    assert "\u2010" not in body
