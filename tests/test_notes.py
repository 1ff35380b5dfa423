"""Footnote conventions, linking and numbering, each on a small input."""

from __future__ import annotations

from conftest import norm, norm_diag
from readerbook.export import note_numbers
from readerbook.model import NoteRef, Paragraph, block_inlines, inline_text, iter_blocks

P = "A paragraph of the body text that says something worth a note about the matter"


def refs(doc):
    out = []
    for block in iter_blocks(doc.blocks):
        for seq in block_inlines(block):
            out.extend(n for n in seq if isinstance(n, NoteRef))
    return out


def note_texts(doc):
    return {n.label: " ".join(inline_text(b.inlines) for b in n.blocks if isinstance(b, Paragraph)) for n in doc.notes}


def test_bracket_refs_with_numbered_notes_at_end():
    doc = norm(f"""
        {P}. [1]

        {P}, and more. [2] And again a sentence with a second citation here. [1]

        Notes

        1. First source, p. 12.

        2. Second source, p. 34.
        """)
    assert [r.label for r in refs(doc)] == ["1", "2", "1"]
    assert note_texts(doc) == {"1": "First source, p.\u00a012.", "2": "Second source, p.\u00a034."}
    assert not any(n.missing or n.orphan for n in doc.notes)
    assert "Notes" not in [inline_text(b.inlines) for b in doc.blocks if hasattr(b, "inlines")]


def test_starred_series_joins_the_sequence_and_notes_cite_notes():
    doc = norm(f"""
        {P}. [1]

        {P}. [1*] Then more. [2]

        {P}. [4]

        1*. My emphasis. These words are struck out of the later edition. [3]

        1. Source one.

        2. Source two.

        3. Source three, cited from a note.

        4. Source four.
        """)
    numbers = note_numbers(doc)
    by_label = {n.label: numbers[n.key] for n in doc.notes}
    # reading order: [1], [1*] (whose text cites [3]), [2], [4]
    assert by_label == {"1": 1, "1*": 2, "3": 3, "2": 4, "4": 5}
    assert all(not n.missing and not n.orphan for n in doc.notes)


def test_multi_paragraph_note_keeps_its_paragraphs():
    doc = norm(f"""
        {P}. [1*]

        {P}. [1]

        1*. Sadly, she was drawn into the dispute. She wrote:

        ‘A quotation that continues the note for a while, in its own paragraph.’

        She ended rather abruptly. [1]

        1. The source.
        """)
    starred = next(n for n in doc.notes if n.label == "1*")
    assert len(starred.blocks) == 3


def test_glued_superscripts_with_page_bottom_notes():
    line = "Prose of a hard-wrapped page from a PDF extraction, about seventy chars"
    text = (
        f"{line}\n{line}\nand Marxism.1 From this point on the text continues across the\n"
        f"{line}\nwhose economy,2 in 1905 and 1,600,000 workers, grew. It said “so.”3\n"
        "\n                                                 \n"
        "1. A source, 51.\n2. Another source that runs over\ntwo lines of the note, 7–8.\n3. Ibid.\n"
        f" {line}\n{line}\nand the end.\n"
    )
    doc = norm(text, dedent=False)
    assert doc.layout == "wrapped"
    assert [r.label for r in refs(doc)] == ["1", "2", "3"]
    assert note_texts(doc)["2"] == "Another source that runs over two lines of the note, 7–8."
    body = " ".join(inline_text(b.inlines) for b in doc.blocks if isinstance(b, Paragraph))
    assert "1905" in body and "1,600,000" in body and "A source" not in body


def test_footnote_blocks():
    doc = norm(f"""
        {P}.[1] And on.

        [Footnote 1: The text of the first footnote,
        which runs over two lines.]

        {P}.[2]

        [Footnote 2: Short.]
        """)
    assert note_texts(doc) == {"1": "The text of the first footnote, which runs over two lines.", "2": "Short."}
    assert [r.label for r in refs(doc)] == ["1", "2"]


def test_notes_right_after_the_citing_paragraph():
    doc = norm(f"""
        {P}. [1]

        [1] The note, placed right after its paragraph.

        {P}. [2]

        [2] Another note.
        """)
    assert note_texts(doc) == {"1": "The note, placed right after its paragraph.", "2": "Another note."}
    assert len([b for b in doc.blocks if isinstance(b, Paragraph)]) == 2


def test_paren_refs_with_notes_restarting_per_chapter():
    doc = norm(f"""
        CHAPTER I

        {P} (1) and more (2).

        NOTES:

        (1) Chapter one, note one.

        (2) Chapter one, note two.

        CHAPTER II

        {P} (1).

        NOTES:

        (1) Chapter two, note one.
        """)
    texts = [" ".join(inline_text(b.inlines) for b in n.blocks) for n in doc.notes]
    assert sorted(texts) == ["Chapter one, note one.", "Chapter one, note two.", "Chapter two, note one."]
    keys = [r.key for r in refs(doc)]
    assert len(set(keys)) == 3  # the two "(1)" references go to different notes
    assert all(not n.missing and not n.orphan for n in doc.notes)


def test_symbol_notes():
    doc = norm(f"""
        {P}.* And a second mark here.†

        {P}.

        * The starred note.

        † The dagger note.
        """)
    assert note_texts(doc) == {"*": "The starred note.", "†": "The dagger note."}
    assert [r.label for r in refs(doc)] == ["*", "†"]


def test_missing_notes_are_linked_to_an_editorial_statement():
    doc = norm(f"{P}. [1]\n\n{P}. [2]\n\n{P}. [[3]]\n")
    assert [n.missing for n in doc.notes] == [True, True, True]
    assert [r.label for r in refs(doc)] == ["1", "2", "3"]


def test_missing_notes_can_be_dropped_and_the_choice_is_recorded():
    doc = norm(f"{P}. [1]\n\n{P}. [2]\n", missing_notes="drop")
    assert not refs(doc) and not doc.notes
    assert len([c for c in doc.changes if c.kind == "dropped-marker"]) == 2


def test_orphan_note_kept_with_a_warning():
    doc, d = norm_diag(f"{P}. [1]\n\n{P}.\n\n1. Cited.\n\n2. Never cited.\n")
    orphan = [n for n in doc.notes if n.orphan]
    assert [n.label for n in orphan] == ["2"]
    assert any(w.code == "RB403" for w in d.warnings)


def test_years_quantities_and_list_labels_are_not_references():
    doc = norm(f"""
        In 1905 the party had 1,600,000 members.{P} [1]

        {P}:

        [1] Acceptance of the party program
        [2] Financial support of the party

        {P}.

        1. The only note.
        """)
    assert [r.label for r in refs(doc)] == ["1"]


def test_duplicate_and_skipped_numbers_are_reported():
    doc, d = norm_diag(f"{P}. [1]\n\n{P}. [2]\n\n{P}. [2]\n\n{P}. [4]\n\n1. a\n\n2. b\n\n4. d\n")
    codes = sorted(w.code for w in d.warnings)
    assert codes == ["RB401", "RB402"]


def test_continuous_numbering_through_the_book(tmp_path):
    import shutil

    from conftest import ROOT
    from readerbook.diagnostics import Diagnostics
    from readerbook.pipeline import load_book

    (tmp_path / "texts").mkdir()
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    for name in ("a", "b"):
        (tmp_path / "texts" / f"{name}.txt").write_text(
            f"{P}. [1]\n\n{P}. [2]\n\n1. One of {name}.\n\n2. Two of {name}.\n"
        )
    book_yaml = (
        "title: T\nidentifier: urn:x\ndate: 2026-01-01\nnote_numbering: {}\ntexts:\n"
        "  - file: texts/a.txt\n    title: A\n  - file: texts/b.txt\n    title: B\n"
    )
    for scheme, expected in (("per-text", [[1, 2], [1, 2]]), ("continuous", [[1, 2], [3, 4]])):
        (tmp_path / "book.yaml").write_text(book_yaml.format(scheme))
        book = load_book(tmp_path / "book.yaml", Diagnostics())
        assert [[n.number for n in t.notes] for t in book.texts] == expected


def test_long_note_is_set_after_its_paragraph_in_print(tmp_path):
    import shutil

    from conftest import ROOT
    from readerbook.diagnostics import Diagnostics
    from readerbook.pipeline import load_book
    from readerbook.render.pdf import render_print_html

    (tmp_path / "texts").mkdir()
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    long_note = " ".join(["A very long note that goes on and on."] * 80)
    (tmp_path / "texts" / "a.txt").write_text(f"{P}. [1] {P}. [2]\n\n{P}.\n\n1. {long_note}\n\n2. Short.\n")
    (tmp_path / "book.yaml").write_text(
        "title: T\nidentifier: urn:x\ndate: 2026-01-01\ntexts:\n  - file: texts/a.txt\n    title: A\n"
    )
    html = render_print_html(load_book(tmp_path / "book.yaml", Diagnostics()))
    assert html.count('class="long-note"') == 1 and html.count('class="footnote"') == 1
    assert html.index('class="long-note"') < html.index('<p id="a-p2"')


def test_page_bottom_note_continued_on_the_next_page():
    line = "Prose of a hard-wrapped page from a PDF extraction, about seventy chars"
    text = (
        f"{line}\n{line}\nand Marxism.1 From this point on the text continues across the\n{line}\nend.\n"
        "\n                                                 \n"
        "1. A long note that begins at the foot of one page and\n"
        f" {line}\n{line}\nand the second page cites another.2 Then it ends here.\n"
        "\n                                                 \n"
        "continues at the foot of the next page.\n2. The second note.\n"
        f" {line}\nthe end.\n"
    )
    doc = norm(text, dedent=False)
    texts = note_texts(doc)
    assert texts == {
        "1": "A long note that begins at the foot of one page and continues at the foot of the next page.",
        "2": "The second note.",
    }
    assert not any(n.orphan for n in doc.notes)


def test_spaced_bracket_references_and_an_authors_bracketed_enumeration():
    # A web copy writes its references "[ 2 ]" or as bare numbers; the author's
    # own "[1] … [2]" in a quotation is written differently and is no reference.
    doc = norm(f"""
        {P}. 1 And so on for a while in the first paragraph here.

        {P}, as listed, [ 2 ] the rest of the list follows here.

        The test asks "[1] whether the first holds, and [2] whether the second does" in turn.

        {P}. 3 And a third citation closes this paragraph.

        {P}. 4 And a fourth one as well.

        Notes:

        1 The first note.

        2 The second note.

        3 The third note.

        4 The fourth note.
        """)
    assert [r.label for r in refs(doc)] == ["1", "2", "3", "4"]
    text = " ".join(inline_text(b.inlines) for b in doc.blocks if isinstance(b, Paragraph))
    assert "[1] whether the first holds, and [2] whether" in text


# ------------------------------------------------------------ page feet of extracted PDF text


def test_form_fed_page_notes_run_to_the_page_end():
    # pdftotext -layout leaves a blank line after a note's first line and sets
    # a short first line's rest deeper: the note still runs to the form feed.
    line = "Prose of a hard-wrapped page from a PDF extraction, about sixty"
    text = (
        f"{line}\n{line}\nwhich the court held,1 and the matter went on to a\n"
        "——————\n"
        "    1 The\n"
        "        first note, set the way the extraction set it, goes on\n"
        "\n"
        "over a second line and ends here.\n"
        "\fRUNNING HEAD OF THE TEXT                    2\n\n"
        f"second hearing in the spring.2 {line}\n{line}\n"
        "——————\n"
        "  2 Another note.\n"
        "\fRUNNING HEAD OF THE TEXT                    3\n\n"
        f"{line}\nand the end.\n"
        "\fRUNNING HEAD OF THE TEXT                    4\n\n"
        f"{line}\nand the very end.\n"
    )
    doc = norm(text, dedent=False)
    assert (
        note_texts(doc)["1"]
        == "The first note, set the way the extraction set it, goes on over a second line and ends here."
    )
    assert [r.label for r in refs(doc)] == ["1", "2"]
    body = " ".join(inline_text(b.inlines) for b in doc.blocks if isinstance(b, Paragraph))
    assert "went on to a second hearing" in body  # the paragraph joins across the notes and the page break
    assert "ends here" not in body


def one_line_pages(*pages: str) -> str:
    """Pages of one-paragraph-per-line text, each under a running head and over its folio."""
    out = []
    for n, page in enumerate(pages, start=100):
        out.append(f"Cite as 9 Dec. 100 (2020) Decision #7\n{page}\n {n}\n")
    return "\n".join(out)


def test_one_line_page_notes_run_on_and_continue_on_the_next_page():
    body = "A long paragraph of the decision that states the facts of the case at some length for the reader"
    text = one_line_pages(
        f"{body} and is cited here.1\n{body}, and it says that the statute provided as follows.2\n"
        "1 The first note.\n"
        "2 The statute read at the time:\n"
        "(a) It is unlawful to possess a substance.\n"
        "(b) A person who does so is guilty of a crime of the\n"
        "third degree.",
        f"{body}.3\n{body}.\n3 A note that runs over the page break, see Smith v. Jones, 1 F.3d 2 (9th",
        f"{body}.\n{body}.\nCir. 2014) (citation omitted).",
    )
    doc = norm(text, dedent=False, layout="lines")
    notes = note_texts(doc)
    assert notes["2"].startswith("The statute read at the time:")
    assert "(b) A person who does so is guilty" in notes["2"] and notes["2"].endswith("third degree.")
    assert notes["3"].endswith("(9th Cir. 2014) (citation omitted).")
    body_text = " ".join(inline_text(b.inlines) for b in doc.blocks if isinstance(b, Paragraph))
    assert "unlawful to possess" not in body_text and "Cir. 2014" not in body_text
    assert "102" not in body_text  # the last page's folio
    assert [r.label for r in refs(doc)] == ["1", "2", "3"]


def test_codes_and_decimals_are_no_glued_references():
    from readerbook.model import Str

    line = "Prose of a hard-wrapped page from a PDF extraction, about seventy chars"
    text = (
        f"{line}\n{line}\nas the court held,1 see 631 F. 3d 213 (CA2 2011), and a mean\n"
        f"GPA of 3.03 and of 3.07 in the class of 1991.2 {line}\n"
        "\n                                                 \n"
        "1. A source, 51.\n2. Another source.\n"
        f" {line}\n{line}\nand the end.\n"
    )
    doc = norm(text, dedent=False)
    cited_after = []
    for block in iter_blocks(doc.blocks):
        for seq in block_inlines(block):
            for a, b in zip(seq, seq[1:]):
                if isinstance(b, NoteRef) and isinstance(a, Str):
                    cited_after.append(a.text[-5:])
    assert cited_after == ["held,", "1991."]
    body = " ".join(inline_text(b.inlines) for b in doc.blocks if isinstance(b, Paragraph))
    assert "(CA2 2011)" in body and "3.03" in body


def test_a_lowered_capital_in_brackets_is_no_note_label():
    from readerbook.normalize.notes.base import def_label

    assert def_label("[t]he respondent has not explained how") is None
    assert def_label("[a] A lettered note.") == ("a", "b", "A lettered note.")
    assert def_label("[12]Glued note text") == ("12", "b", "Glued note text")
