"""Round trips through Word documents made as instructors make them.

Each document is built in ``docx_oracles.py`` with known structure (Word's
built-in styles, direct formatting, Word's footnotes and numbering parts,
Track Changes, comments, headers and footers); the expected answers below
are what was put in, read from there, never readerbook's output.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import docx_oracles as oracle
from readerbook.diagnostics import Diagnostics
from readerbook.model import (
    BlockQuote,
    Emph,
    Epigraph,
    FigurePlaceholder,
    Heading,
    LineBreak,
    ListBlock,
    NoteRef,
    Paragraph,
    Strong,
    Table,
    Verse,
    inline_text,
    iter_blocks,
)
from readerbook.pipeline import normalize_file
from readerbook.readers.docx import read_docx

pytest.importorskip("docx")


def _normalize(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    doc, diagnostics = normalize_file(path)
    assert not [d for d in diagnostics if d.code == "RB390"], "the nothing-lost audit failed"
    return doc, diagnostics


@pytest.fixture(scope="module")
def essay(tmp_path_factory):
    return _normalize(tmp_path_factory.mktemp("essay"), "essay", oracle.styled_essay())


def _text(block) -> str:
    return inline_text(block.inlines)


def _headings(doc) -> list[tuple[int, str]]:
    heads = [(b.level, _text(b)) for b in iter_blocks(doc.blocks) if isinstance(b, Heading)]
    top = min(level for level, _ in heads)
    return [(level - top, text) for level, text in heads]


def _all_text(doc) -> str:
    out = []
    for b in iter_blocks(doc.blocks):
        if hasattr(b, "inlines"):
            out.append(_text(b))
        if isinstance(b, Table):
            out.extend(inline_text(cell) for row in b.rows for cell in row)
        if isinstance(b, FigurePlaceholder):
            out.append(inline_text(b.caption))
        if getattr(b, "attribution", None):
            out.append(inline_text(b.attribution))
    return "\n".join(out)


def _refs(inlines) -> list[NoteRef]:
    out: list[NoteRef] = []
    for i in inlines:
        if isinstance(i, NoteRef):
            out.append(i)
        out.extend(_refs(getattr(i, "children", None) or []))
    return out


def _find(doc, start: str):
    return next(b for b in iter_blocks(doc.blocks) if hasattr(b, "inlines") and _text(b).startswith(start))


# --- headings and metadata


def test_built_in_heading_styles_keep_their_levels_and_title_and_subtitle_are_metadata(essay):
    doc, _ = essay
    assert doc.meta.title == "On Reading Closely"
    assert doc.meta.subtitle == "A Handout for the Seminar"
    assert _headings(doc) == [
        (0, "Why Read Slowly"),
        (1, "What to Look For"),
        (2, "Lists of Questions"),
        (1, "Quotations"),
        (1, "A Poem"),
        (1, "A Table and a Figure"),
        (0, "Revisions"),
        (1, "Works Cited"),
    ]
    assert "A Handout for the Seminar" not in _all_text(doc)  # the subtitle is no body paragraph


def test_headings_made_by_direct_formatting(tmp_path):
    doc, _ = _normalize(tmp_path, "formatted", oracle.formatted_headings())
    assert doc.meta.title == "The Uses of Difficulty"  # centred, bold, the largest type of the document
    assert _headings(doc) == [
        (0, "First Lecture"),
        (1, "Notes on the first reading"),
        (0, "Second Lecture"),
        (1, "Notes on the second reading"),
    ]
    assert sum(isinstance(b, Paragraph) for b in doc.blocks) == 6


def test_headings_in_bold_at_the_body_size_under_a_centred_title(tmp_path):
    doc, _ = _normalize(tmp_path, "bold", oracle.bold_headings())
    assert doc.meta.title == "Reading Slowly"
    assert _headings(doc) == [(0, "Introduction"), (0, "The Method"), (0, "Conclusion")]


def test_document_properties_name_the_work_where_the_body_does_not(tmp_path):
    doc, _ = _normalize(tmp_path, "props", oracle.properties_only())
    assert doc.meta.title == "Letters on Reading" and doc.meta.author == "Helena Marsh"
    assert any("document's properties" in c.detail for c in doc.changes)


def test_placeholder_properties_name_nothing():
    # "Microsoft Word - handout3.docx" and "Office User" are what programs fill in.
    src = read_docx(Path("essay.docx"), "essay.docx", oracle.styled_essay(), Diagnostics())
    assert "document-title" not in src.meta and "document-author" not in src.meta
    src = read_docx(Path("f.docx"), "f.docx", oracle.formatted_headings(), Diagnostics())
    assert "document-author" not in src.meta  # python-docx's own name as creator, and no title given


# --- notes


def test_a_templates_own_heading_and_quotation_styles_and_words_contents(tmp_path):
    doc, _ = _normalize(tmp_path, "template", oracle.custom_styles())
    assert _headings(doc) == [(0, "The Archive"), (1, "Finding Aids"), (0, "The Reading Room")]
    quotes = [[_text(p) for p in b.blocks] for b in doc.blocks if isinstance(b, BlockQuote)]
    assert quotes == [["An archive is a record of what someone decided to keep."]]
    # The generated contents is left out, each entry recorded; the headings it lists stay once.
    omitted = [c.text for c in doc.changes if c.kind == "omitted"]
    assert omitted == ["Contents", "The Archive 1", "Finding Aids 2", "The Reading Room 3"]
    assert _all_text(doc).count("Finding Aids") == 1


def test_word_footnotes_and_endnotes_linked_both_ways_none_lost(essay):
    doc, _ = essay
    refs = [r for b in iter_blocks(doc.blocks) if hasattr(b, "inlines") for r in _refs(b.inlines)]
    notes = {n.key: n for n in doc.notes}
    # Four notes in the order the text cites them: footnote 1, footnote 2 (in the quotation), the endnote, footnote 3.
    assert [r.label for r in refs] == ["1", "2", "3", "4"]
    assert all(r.key in notes for r in refs) and len(notes) == 4
    texts = [[_text(b) for b in notes[r.key].blocks] for r in refs]
    assert texts == [
        ["On the history of the phrase see the introduction to the course reader."],
        ["The critic is quoted from a lecture."],
        ["The endnote records who changed the draft."],
        ["A third footnote, cited last of all.", "It runs to a second paragraph."],
    ]
    assert not any(n.missing or n.orphan for n in doc.notes)
    quote = next(b for b in doc.blocks if isinstance(b, BlockQuote))
    assert [r.label for p in quote.blocks for r in _refs(p.inlines)] == ["2"]


@pytest.mark.parametrize("word_numbering", [False, True], ids=["typed-numbers", "word-numbering"])
def test_notes_typed_by_hand(tmp_path, word_numbering):
    doc, _ = _normalize(tmp_path, "hand", oracle.hand_notes(word_numbering))
    refs = [r for b in iter_blocks(doc.blocks) if hasattr(b, "inlines") for r in _refs(b.inlines)]
    assert [r.label for r in refs] == ["1", "2", "3"]
    notes = {n.key: n for n in doc.notes}
    assert [_text(notes[r.key].blocks[0]) for r in refs] == [
        "On medieval glosses, see the course reader, part one.",
        "Several university libraries describe such collections.",
        "This is the argument of the final chapter.",
    ]
    assert doc.meta.title == "Marginalia"
    assert not any(isinstance(b, Heading) for b in iter_blocks(doc.blocks))  # "Notes" goes with its list
    assert _text(_find(doc, "Readers have")).startswith("Readers have always written in their books, and the habit")


# --- blocks


def test_word_numbering_lists_nest_by_level(essay):
    doc, _ = essay
    lists = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert len(lists) == 2
    bullets, steps = lists
    assert not bullets.ordered and steps.ordered

    def tree(lst):
        out = []
        for item in lst.items:
            out.append(_text(item[0]))
            for sub in item[1:]:
                if isinstance(sub, ListBlock):
                    out.append(tree(sub))
        return out

    assert tree(bullets) == ["Who is speaking?", ["To whom?", ["In what voice?"]], "What is left unsaid?"]
    assert tree(steps) == [
        "Read the passage aloud.",
        ["Mark the verbs.", "Mark the nouns.", ["Count the clauses."]],
        "Write a paraphrase.",
    ]


def test_quotations_by_style_and_by_indent_and_an_epigraph(essay):
    doc, _ = essay
    quotes = [[_text(p) for p in b.blocks] for b in doc.blocks if isinstance(b, BlockQuote)]
    assert quotes == [
        ["The poem is not a message but an event, and the reader is the place where it happens."],
        ["Attention is the rarest and purest form of generosity, and reading is a way of practising it."],
    ]
    epigraphs = [b for b in doc.blocks if isinstance(b, Epigraph)]
    assert len(epigraphs) == 1
    assert [_text(p) for p in epigraphs[0].blocks] == [
        "Reading is a conversation in which the other speaker has finished."
    ]
    assert inline_text(epigraphs[0].attribution) == "\u2014 Marguerite Ellery"
    k = doc.blocks.index(epigraphs[0])
    assert isinstance(doc.blocks[k - 1], Heading) and _text(doc.blocks[k - 1]) == "Why Read Slowly"
    # A hanging indent (a bibliography's entries) is no quotation.
    for start in ("Ellery, Marguerite.", "Ward, Jonah."):
        assert _find(doc, start) in doc.blocks


def test_list_styles_a_quotation_of_two_paragraphs_and_a_header_row(tmp_path):
    doc, _ = _normalize(tmp_path, "styles", oracle.list_styles_and_long_quotation())
    lists = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert len(lists) == 1 and lists[0].ordered
    assert [[_text(item[0]), [_text(sub[0]) for sub in item[1].items]] for item in lists[0].items] == [
        ["Week one", ["Plato"]],
        ["Week two", ["Aristotle"]],
    ]
    quotes = [[_text(p) for p in b.blocks] for b in doc.blocks if isinstance(b, BlockQuote)]
    assert quotes == [["First paragraph of a long quotation that runs on.", "Second paragraph of the same quotation."]]
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert table.header_rows == 1
    assert [[inline_text(c) for c in row] for row in table.rows] == [["Term", "Gloss"], ["logos", "word"]]


def test_quotations_signed_on_a_dashed_line(tmp_path):
    doc, _ = _normalize(tmp_path, "signed", oracle.signed_quotations())
    epigraph = next(b for b in doc.blocks if isinstance(b, Epigraph))
    assert [_text(p) for p in epigraph.blocks] == ["What is worth doing is worth doing slowly."]
    assert inline_text(epigraph.attribution) == "\u2014 Anonymous proverb"
    quote = next(b for b in doc.blocks if isinstance(b, BlockQuote))
    assert [_text(p) for p in quote.blocks] == [
        "Difficulty is the reader\u2019s friend, not the author\u2019s failure."
    ]
    assert inline_text(quote.attribution).replace("\u00a0", " ") == "\u2013 R. Hale, 1961"  # the book sets R.\u00a0Hale


def test_a_poem_keeps_its_line_breaks(essay):
    doc, _ = essay
    poem = _find(doc, "The river keeps")
    lines = [[]]
    for i in poem.inlines:
        if isinstance(i, LineBreak):
            lines.append([])
        else:
            lines[-1].append(i)
    assert [inline_text(line) for line in lines] == [
        "The river keeps its counsel",
        "under the winter ice,",
        "and speaks in spring to no one",
        "twice.",
    ]


def test_a_poem_in_the_old_way_is_verse(essay):
    doc, _ = essay
    verse = [b for b in iter_blocks(doc.blocks) if isinstance(b, Verse)]
    assert [[inline_text(line) for line in stanza] for v in verse for stanza in v.stanzas] == [
        ["Whoever reads this page", "Reads slowly, as it was made,", "And keeps what it has said."]
    ]


def test_table_and_a_figure_with_its_caption(essay):
    doc, _ = essay
    table = next(b for b in doc.blocks if isinstance(b, Table))
    rows = [[inline_text(cell) for cell in row] for row in table.rows]
    assert rows == [["Reading", "Minutes"], ["First pass", "10"], ["Second pass", "25"]]
    figures = [b for b in doc.blocks if isinstance(b, FigurePlaceholder)]
    assert [inline_text(f.caption) for f in figures] == ["Figure 1. The reading room of the old library."]
    assert "Figure 1." not in "\n".join(_text(b) for b in iter_blocks(doc.blocks) if isinstance(b, Paragraph))
    assert any(c.kind == "omitted" and "image" in c.detail for c in doc.changes)  # the image itself: recorded


def test_captions_above_and_below_alt_text_and_words_own_alt_text(tmp_path):
    doc, _ = _normalize(tmp_path, "pictures", oracle.captions_and_pictures())
    figures = [inline_text(b.caption) for b in doc.blocks if isinstance(b, FigurePlaceholder)]
    assert figures == ["Figure 2: A map of the stacks.", "The catalogue drawers of the old library"]
    k = next(k for k, b in enumerate(doc.blocks) if isinstance(b, Table))
    assert _text(doc.blocks[k - 1]) == "Table 1. Minutes spent on each pass."  # stays with its table
    assert "automatically generated" not in _all_text(doc)
    omitted = [c.detail for c in doc.changes if c.kind == "omitted" and "image" in c.detail]
    assert len(omitted) == 3  # recorded; the fourth, with its alt text, stands as its placeholder


def test_page_and_section_breaks_and_running_heads_do_not_reach_the_text(essay):
    doc, _ = essay
    text = _all_text(doc)
    for furniture in ("SEMINAR HANDOUT", "DRAFT", "Page 3", "PART TWO RUNNING HEAD"):
        assert furniture not in text
    omitted = {c.text for c in doc.changes if c.kind == "omitted"}
    assert {"SEMINAR HANDOUT \u2014 DRAFT", "Page 3", "PART TWO RUNNING HEAD"} <= omitted
    # The paragraphs either side of the page break stay apart and whole.
    assert _text(_find(doc, "The page ends")) == "The page ends here."
    assert _text(_find(doc, "A new page")).startswith("A new page begins with this sentence. Close reading")


def test_tracked_changes_read_as_accepted_and_deletions_and_comments_recorded(essay):
    doc, diagnostics = essay
    assert _text(_find(doc, "The draft said")) == (
        "The draft said that reading is an act of attention, and the editor agreed."
    )
    assert "merely decoding" not in _all_text(doc)
    assert "Check this claim" not in _all_text(doc)
    omitted = {(c.detail.split(" left out")[0], c.text) for c in doc.changes if c.kind == "omitted"}
    where = "\u201cThe draft said that reading is\u2026\u201d"  # the paragraph, its changes accepted
    assert (f"deletion tracked in the document, in {where}", "merely decoding") in omitted
    on = "\u201cA commented sentence closes the handout.\u201d"
    assert (f"comment by Editor on {on}", "Check this claim against the syllabus.") in omitted
    warning = next(d for d in diagnostics if d.code == "RB209")
    assert "1 tracked insertions (kept); 1 tracked deletions (left out); 1 comments (left out)" in warning.message


def test_smart_quotes_no_break_spaces_italic_and_bold_kept(essay):
    doc, _ = essay
    p = _find(doc, "The phrase")
    assert "the \u201cnew critics\u201d made it" in _text(p)
    # A no-break space is folded like every other source's; the typography pass sets the book's own.
    assert "it\u2019s still taught in 12 weeks." in _text(p).replace("\u00a0", " ")
    assert [inline_text(i.children) for i in p.inlines if isinstance(i, Emph)] == ["close reading"]
    assert [inline_text(i.children) for i in p.inlines if isinstance(i, Strong)] == ["method"]


def test_cross_references_and_right_to_left_spans_show_their_words(tmp_path):
    from docx import Document
    from docx.oxml import parse_xml

    d = Document()
    p = d.add_paragraph("See section ")
    p._p.append(parse_xml(f'<w:fldSimple {oracle.W} w:instr=" REF _Ref1 \\h "><w:r><w:t>3.2</w:t></w:r></w:fldSimple>'))
    p.add_run(" and ")
    oracle.field_run(p, "REF _Ref2 \\h", "Table 4")
    p.add_run(" for the details of the argument.")
    p = d.add_paragraph("The word ")
    p._p.append(parse_xml(f'<w:dir {oracle.W} w:val="rtl"><w:r><w:t>\u05e9\u05dc\u05d5\u05dd</w:t></w:r></w:dir>'))
    p.add_run(" means peace.")
    doc, _ = _normalize(tmp_path, "fields", oracle.finish(d))
    assert _text(_find(doc, "See section")) == "See section 3.2 and Table 4 for the details of the argument."
    assert _text(_find(doc, "The word")) == "The word \u05e9\u05dc\u05d5\u05dd means peace."  # a right-to-left span


def test_an_equation_mammoth_cannot_read_is_recorded(tmp_path):
    from docx import Document
    from docx.oxml import parse_xml

    d = Document()
    p = d.add_paragraph("The area of the circle is ")
    math = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
    p._p.append(parse_xml(f"<m:oMath {math}><m:r><m:t>\u03c0r\u00b2</m:t></m:r></m:oMath>"))
    p.add_run(", as the diagram shows.")
    data = oracle.finish(d)
    src = read_docx(Path("m.docx"), "m.docx", data, Diagnostics())
    assert ("equation", "\u03c0r\u00b2") in src.omitted


# --- through a build


def _build_epub(root: Path):
    import readerbook

    (root / "texts").mkdir()
    (root / "texts" / "essay.docx").write_bytes(oracle.styled_essay())
    (root / "book.yaml").write_text(
        "title: A Word Reader\nidentifier: urn:uuid:7f6c2c1e-0000-4000-8000-000000000077\ndate: 2026-12-01\n"
        "texts:\n  - file: texts/essay.docx\n",
        encoding="utf-8",
    )
    return readerbook.build(root / "book.yaml", formats=("epub",))


@pytest.mark.slow
def test_epub_of_a_word_document_passes_epubcheck(tmp_path):
    from helpers import epubcheck, have

    if not have("java"):
        pytest.skip("no Java runtime for EPUBCheck")
    report = epubcheck(_build_epub(tmp_path).outputs["epub"])
    messages = [f"{m['severity']} {m['ID']}: {m['message']}" for m in report["messages"]]
    assert report["checker"]["nError"] == 0 and report["checker"]["nWarning"] == 0, messages


def test_epub_links_notes_both_ways(tmp_path):  # an EPUB alone: no layout, quick
    result = _build_epub(tmp_path)
    from lxml import etree

    with zipfile.ZipFile(result.outputs["epub"]) as z:
        text = z.read("EPUB/text/essay.xhtml").decode("utf-8")
    root = etree.fromstring(text.encode("utf-8"))
    ns = {"h": "http://www.w3.org/1999/xhtml", "e": "http://www.idpf.org/2007/ops"}
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    refs = root.xpath("//h:a[@e:type='noteref']", namespaces=ns)
    assert [r.text for r in refs] == ["1", "2", "3", "4"]
    for ref in refs:
        note = by_id[ref.get("href").split("#")[1]]  # the reference leads to its note…
        back = note.xpath(".//h:a[@role='doc-backlink']", namespaces=ns)
        assert [b.get("href").split("#")[1] for b in back] == [ref.get("id")]  # …and the note back to it
    assert "On Reading Closely" in text and "SEMINAR HANDOUT" not in text and "merely decoding" not in text
    assert "It runs to a second paragraph." in text
    assert "<blockquote" in text and "Figure 1. The reading room of the old library." in text
    # What the reader left out is on the review page, with its text: the deletion, the comment, the running head.
    review = (tmp_path / "build" / "review.html").read_text(encoding="utf-8")
    for left_out in ("merely decoding", "Check this claim against the syllabus.", "PART TWO RUNNING HEAD"):
        assert left_out in review


def test_a_note_reference_without_its_note_is_recorded_not_fatal(tmp_path):
    from docx import Document

    d = Document()
    p = d.add_paragraph("The note was lost when the file was cut down.")
    oracle.note_reference(p, "footnote", 1)
    oracle.note_reference(p, "footnote", 7)  # the footnotes part holds no note 7
    data = oracle.finish(d, footnotes={1: "The one note that survived."})
    doc, _ = _normalize(tmp_path, "dangling", data)
    assert [_text(b) for n in doc.notes for b in n.blocks] == ["The one note that survived."]
    assert any(c.kind == "omitted" and c.text == "footnote 7" for c in doc.changes)
    src = read_docx(Path("d.docx"), "d.docx", oracle.finish(d), Diagnostics())  # no footnotes part at all
    assert ("footnote reference whose note the document does not hold", "footnote 1") in src.omitted


def test_a_note_with_the_authors_own_mark_is_numbered_like_the_others(tmp_path):
    from docx import Document
    from docx.oxml import parse_xml

    d = Document()
    p = d.add_paragraph("The author thanks the archive.")
    p._p.append(
        parse_xml(
            f'<w:r {oracle.W}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            '<w:footnoteReference w:customMarkFollows="1" w:id="1"/><w:t>*</w:t></w:r>'
        )
    )
    p.add_run(" The work begins here.")
    p = d.add_paragraph("A numbered note follows.")
    oracle.note_reference(p, "footnote", 2)
    data = oracle.finish(d, footnotes={1: "* Thanks are due to the staff.", 2: "The numbered note."})
    doc, _ = _normalize(tmp_path, "marks", data)
    first = _find(doc, "The author")
    assert _text(first) == "The author thanks the archive. The work begins here."  # no stray "*"
    assert [r.label for r in _refs(first.inlines)] == ["1"]
    assert [_text(n.blocks[0]) for n in doc.notes] == ["Thanks are due to the staff.", "The numbered note."]
    assert any(c.kind == "omitted" and c.text == "*" for c in doc.changes)
