"""Oracles: answers known in advance, whatever the heuristics.

- One text, three forms: the same text written as plain text, as a web page,
  and as a PDF made from that web page, normalizes to the same model (the
  same headings, paragraphs, quotation and notes, every reference linked to
  the same note).
- Round trip: readerbook's own PDF of a book, read back as a source, gives
  the book's texts again (paragraphs word for word, headings, notes).
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from readerbook.api import normalize_file
from readerbook.model import (
    BlockQuote,
    Heading,
    ListBlock,
    NoteRef,
    Paragraph,
    block_inlines,
    inline_text,
    iter_blocks,
)

TITLE = "On Reading Old Texts"
AUTHOR = "Ada Example"
SECTIONS = [
    (
        "The Problem of Sources",
        [
            "Every reader who has tried to study an old pamphlet knows how little of it survives the journey "
            "from the printing house to the screen, and how much of what survives is disordered.{1}",
            "The words are there, but their order, their emphasis and their apparatus are not; and a reader "
            "who cannot trust the apparatus cannot trust the argument that depends on it.",
        ],
    ),
    (
        "What the Old Book Says",
        [
            "The printer of one such edition put the matter plainly in his preface, which deserves to be "
            "quoted at length:",
            "QUOTE:No edition can be better than the copy from which it was set, and no copy is better than "
            "the care of the hands that made it; we have done what care could do.",
            "He was right, though he could not know how many hands would come after his own.{2}",
        ],
    ),
    (
        "Conclusion",
        [
            "An editor who records every change he makes gives the reader back the trust that the journey "
            "took away, and that is the whole of the method.{3}",
        ],
    ),
]
NOTES = [
    "The same complaint is made in every age; see the prefaces of the nineteenth-century editors.",
    "Compare the colophon of the second edition, which repeats the sentence with one word changed.",
    "This is the principle the present edition follows.",
]


def _plain() -> str:
    out = [TITLE, "", f"by {AUTHOR}", ""]
    for head, paras in SECTIONS:
        out += [head, ""]
        for p in paras:
            if p.startswith("QUOTE:"):
                out += ["“" + p[6:] + "”", ""]
            else:
                out += [re.sub(r"\{(\d)\}", r" [\1]", p), ""]
    out += ["Notes", ""]
    for k, n in enumerate(NOTES, start=1):
        out += [f"{k}. {n}", ""]
    return "\n".join(out)


def _html() -> str:
    body = [f"<h1>{TITLE}</h1>", f'<p class="author">by {AUTHOR}</p>']
    for head, paras in SECTIONS:
        body.append(f"<h2>{head}</h2>")
        for p in paras:
            p = re.sub(r"\{(\d)\}", r'<sup><a href="#fn\1" id="ref\1">\1</a></sup>', p)
            body.append(f"<blockquote><p>{p[6:]}</p></blockquote>" if p.startswith("QUOTE:") else f"<p>{p}</p>")
    body.append('<section class="footnotes"><h2>Notes</h2><ol>')
    body += [f'<li id="fn{k}">{n}</li>' for k, n in enumerate(NOTES, start=1)]
    body.append("</ol></section>")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{TITLE}</title>'
        f'<meta name="author" content="{AUTHOR}"></head><body>{"".join(body)}</body></html>'
    )


def _fold(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def _shape(doc):
    """What must be the same in every form: headings, paragraphs (quoted ones
    marked), and for each reference, in reading order, its note's text."""
    notes = {n.key: n for n in doc.notes}
    headings, paragraphs, refs = [], [], []
    for block in iter_blocks(doc.blocks):
        if isinstance(block, Heading):
            headings.append(_fold(inline_text(block.inlines)))
        elif isinstance(block, BlockQuote):
            paragraphs.append("quote:" + _fold(" ".join(inline_text(b.inlines) for b in block.blocks)))
        elif isinstance(block, Paragraph):
            if not any(isinstance(b, BlockQuote) and block in b.blocks for b in doc.blocks):
                paragraphs.append(_fold(inline_text(block.inlines)))
        elif isinstance(block, ListBlock):
            paragraphs.append("list")
        for seq in block_inlines(block):
            for node in seq:
                if isinstance(node, NoteRef):
                    note = notes.get(node.key)
                    refs.append(_fold(" ".join(inline_text(b.inlines) for b in note.blocks)) if note else None)
    paragraphs = [p for p in paragraphs if not any(p == "quote:" + q for q in ())]
    return headings, [p for p in paragraphs if p], refs


def _expected():
    headings = [_fold(h) for h, _ in SECTIONS]
    paragraphs = []
    for _, paras in SECTIONS:
        for p in paras:
            text = re.sub(r"\{\d\}", "", p)
            paragraphs.append("quote:" + _fold(text[6:]) if p.startswith("QUOTE:") else _fold(text))
    refs = [_fold(n) for n in NOTES]
    return headings, paragraphs, refs


def _normalized(path: Path):
    doc, _ = normalize_file(path)
    headings, paragraphs, refs = _shape(doc)
    # The quotation's own paragraph is listed inside it; leave it out of the top level.
    quoted = {p[6:] for p in paragraphs if p.startswith("quote:")}
    paragraphs = [p for p in paragraphs if p not in quoted]
    return doc, (headings, paragraphs, refs)


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("forms")


def _form(folder: Path, form: str) -> Path:
    """The text written in one form (the PDF is laid out only when asked for)."""
    path = folder / {"txt": "text.txt", "html": "page.html", "pdf": "print.pdf"}[form]
    if form == "txt":
        path.write_text(_plain(), encoding="utf-8")
    elif form == "html":
        path.write_text(_html(), encoding="utf-8")
    else:
        import weasyprint

        weasyprint.HTML(string=_html()).write_pdf(path)
    return path


@pytest.mark.parametrize("form", ["txt", "html", pytest.param("pdf", marks=pytest.mark.layout)])
def test_one_text_three_forms_same_model(forms, form):
    doc, shape = _normalized(_form(forms, form))
    assert doc.meta.title == TITLE
    assert shape == _expected(), form


@pytest.mark.layout
def test_round_trip_through_readerbooks_own_pdf(tmp_path):
    """A one-text book built by readerbook, its PDF read back as a source:
    the same paragraphs word for word, the same headings, every reference
    linked to the same note."""
    from readerbook.pipeline import build

    source = tmp_path / "texts" / "essay.txt"
    source.parent.mkdir()
    source.write_text(_plain(), encoding="utf-8")
    (tmp_path / "book.yaml").write_text(
        "title: Round Trip\nidentifier: urn:uuid:00000000-0000-4000-8000-000000000001\ndate: 2026-01-01\n"
        "shared_quotations: false\ntexts:\n  - file: texts/essay.txt\n    title: On Reading Old Texts\n"
        "    author: Ada Example\n",
        encoding="utf-8",
    )
    shutil.copytree(Path(__file__).resolve().parents[1] / "styles", tmp_path / "styles")
    result = build(tmp_path / "book.yaml", formats=("pdf",))
    original, _ = normalize_file(source)
    back, _ = normalize_file(result.outputs["pdf"])
    want_h, want_p, want_r = _shape(original)
    got_h, got_p, got_r = _shape(back)
    for h in want_h:
        assert h in got_h, h
    text = "".join(got_p)
    for p in want_p:
        assert p.replace("quote:", "") in text, p[:60]
    assert [r for r in got_r if r in want_r] == want_r
