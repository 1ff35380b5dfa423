"""Figures in every source format: e-text markers (the ``figures`` pass) and
images on a PDF's pages (the PDF reader), each set as a FigurePlaceholder."""

from __future__ import annotations

from conftest import norm
from readerbook.model import FigurePlaceholder, Paragraph, inline_text
from readerbook.normalize.audit import audit

LONG = (
    "This sentence is long enough to look like the body of a paragraph in an ordinary essay, "
    "and it goes on for a while so that the detectors see a real paragraph here."
)
WRAPPED = (
    "The first paragraph of a wrapped text runs on over several lines as an\n"
    "e-text's paragraphs do, each line about as long as the one before it, and\n"
    "it ends with a full stop like any other paragraph of prose would do.\n"
)


def figures(doc) -> list[str]:
    # Typography ties "Fig." to its number with a no-break space; compared as plain spaces.
    return [inline_text(b.caption).replace("\xa0", " ") for b in doc.blocks if isinstance(b, FigurePlaceholder)]


def paragraphs(doc) -> list[str]:
    return [inline_text(b.inlines) for b in doc.blocks if isinstance(b, Paragraph)]


def changes(doc, kind: str) -> list:
    return [c for c in doc.changes if c.kind == kind]


def test_markers_in_their_spellings_become_placeholders_with_their_captions():
    doc = norm(
        f"{WRAPPED}\n[Illustration]\n\n{WRAPPED}\n[ILLUSTRATION: The old mill at dawn.]\n\n"
        f"{WRAPPED}\n[Fig.3. Foetus of an orang.]\n\n{WRAPPED}\n[Frontispiece--The author at his desk.]\n\n{WRAPPED}"
    )
    assert figures(doc) == ["", "The old mill at dawn.", "Fig.3. Foetus of an orang.", "The author at his desk."]
    removed = [c.text for c in changes(doc, "removed-text") if c.detail == "e-text figure marker"]
    assert removed == ["[Illustration", "[ILLUSTRATION:", "[Frontispiece--"]
    assert len(changes(doc, "figure")) == 4
    assert audit(doc.source_lines, doc) == []


def test_a_marker_over_several_lines_and_a_blank_line_is_one_figure():
    doc = norm(
        f"{WRAPPED}\n  [Illustration: Plate II.\n  Reservations in Minnesota.\n\n"
        f"  I Red Lake. II White Earth. III Cass\n  Lake. IV Leech Lake.]\n\n{WRAPPED}"
    )
    [caption] = figures(doc)
    assert caption.startswith("Plate II.\nReservations in Minnesota.")
    assert caption.endswith("IV Leech Lake.")
    assert len(paragraphs(doc)) == 2
    assert audit(doc.source_lines, doc) == []


def test_a_short_two_line_marker_is_a_figure_not_lines_kept_as_lines():
    doc = norm(f"{WRAPPED}\n  [Illustration: Plate III.\n  Red Lake and Leech Lake Records.]\n\n{WRAPPED}")
    assert figures(doc) == ["Plate III.\nRed Lake and Leech Lake Records."]


def test_text_after_a_marker_on_its_line_stays_text_after_the_figure():
    doc = norm(
        f"{WRAPPED}\n[Music: Treble clef, sixteenth notes.] &c.\n[Music: Treble clef, eighth notes.] &c.\n\n{WRAPPED}"
    )
    assert figures(doc) == ["Treble clef, sixteenth notes.", "Treble clef, eighth notes."]
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "FigurePlaceholder", "Paragraph", "FigurePlaceholder", "Paragraph", "Paragraph"]
    assert paragraphs(doc)[1:3] == ["&c.", "&c."]
    assert audit(doc.source_lines, doc) == []


def test_a_marker_inside_a_paragraph_is_set_after_it_and_the_paragraph_reads_on():
    doc = norm(
        "The outline still remains somewhat pointed, although the margin of the\n"
        "upper part is folded inwards, in one of them very narrowly. [Fig. 3.\n"
        "Foetus of an orang. Exact copy of a photograph.] The following woodcut\n"
        "is an accurate copy of a photograph of the foetus of an orang.\n\n"
        f"{WRAPPED}"
    )
    assert figures(doc) == ["Fig. 3. Foetus of an orang. Exact copy of a photograph."]
    first = paragraphs(doc)[0]
    assert "very narrowly. The following woodcut is an accurate copy" in first
    assert isinstance(doc.blocks[1], FigurePlaceholder)
    assert any("set after it" in c.detail for c in changes(doc, "figure"))
    assert audit(doc.source_lines, doc) == []


def test_brackets_that_only_look_like_markers_are_text():
    doc = norm(
        f"{LONG} He met Sir George Smart [Music Director] there.\n\n"
        "[Plates and Figures were numbered continuously within each report.]\n\n"
        f"[Illustration: a caption whose bracket never closes\n\n{LONG}\n\n{LONG}\n\n{LONG}\n\n{LONG}\n"
    )
    assert figures(doc) == []
    text = " ".join(paragraphs(doc))
    assert "[Music Director]" in text and "Plates and Figures" in text and "never closes" in text


def test_a_marker_in_a_web_page_paragraph_is_a_figure_too():
    from pathlib import Path

    from readerbook.diagnostics import Diagnostics
    from readerbook.normalize import TextOptions, normalize_source
    from readerbook.readers.html import read_html

    body = f"<p>{LONG}</p><p>[Illustration: The harbour at night.]</p><p>{LONG}</p>"
    data = f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()
    src = read_html(Path("page.html"), "page.html", data, Diagnostics())
    doc = normalize_source(src, TextOptions(), diagnostics=Diagnostics())
    assert figures(doc) == ["The harbour at night."]
    assert len(paragraphs(doc)) == 2
