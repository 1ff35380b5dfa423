"""Structure: the shapes that tell a heading from a signature, a dateline or a
poem's title, and a list or definition list from the quotations around it.

Every input is a small text written for the test, set as the documents of its
kind set it (a hard-wrapped e-text, an RFC, a transcriber's HTML)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import norm
from readerbook.diagnostics import Diagnostics
from readerbook.model import BlockQuote, Epigraph, Heading, ListBlock, Paragraph, Verse, inline_text, iter_blocks
from readerbook.normalize import TextOptions, normalize_source
from readerbook.readers.html import read_html

PROSE = (
    "The committee met twice in the spring, and on each occasion the members found that the questions "
    "put before them had grown rather than shrunk since the last meeting, so that the secretary was "
    "asked to write down what remained undecided and to send it round before the summer."
)


def wrapped(text: str = PROSE, indent: str = "") -> str:
    """A paragraph hard-wrapped as an e-text sets it."""
    return textwrap.fill(text, 70, initial_indent=indent, subsequent_indent=indent)


def text_doc(*parts: str):
    """Normalize a plain text given as its paragraphs, a blank line between each."""
    return norm("\n\n".join(parts) + "\n", dedent=False)


def headings(doc) -> list[str]:
    return [((b.label or "") + " " + inline_text(b.inlines)).strip() for b in doc.blocks if isinstance(b, Heading)]


def levels(doc) -> dict[str, int]:
    return {
        ((b.label or "") + " " + inline_text(b.inlines)).strip(): b.level for b in doc.blocks if isinstance(b, Heading)
    }


def html_doc(body: str):
    page = f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>"
    source = read_html(Path("page.html"), "page.html", page.encode(), Diagnostics())
    return normalize_source(source, TextOptions(), diagnostics=Diagnostics())


# ------------------------------------------------------------ signatures and datelines


def test_a_signature_followed_by_its_place_and_date_is_no_heading():
    doc = text_doc(
        "PREFACE",
        wrapped(),
        wrapped(),
        "HENRY WALCOTT",
        "Bristol,",
        "March 3, 1907",
        "CHAPTER I",
        "THE FIRST MEETING",
        wrapped(),
    )
    assert headings(doc) == ["PREFACE", "CHAPTER I THE FIRST MEETING"]
    assert "HENRY WALCOTT" in [inline_text(b.inlines) for b in doc.blocks if isinstance(b, Paragraph)]


def test_a_name_under_a_valediction_without_its_comma_is_a_signature():
    doc = text_doc(
        "12.",
        "TO HIS PUBLISHER.",
        wrapped(),
        "Your",
        "J. M. CARSTAIRS.",
        "13.",
        "TO THE SAME.",
        wrapped(),
    )
    assert headings(doc) == ["12. TO HIS PUBLISHER.", "13. TO THE SAME."]


def test_a_numbered_letter_with_only_a_dateline_is_headed_by_its_number_at_its_series_level():
    doc = text_doc(
        "40.",
        "TO HIS BROTHER.",
        wrapped(),
        "41.",
        "Lyons, Oct. 3, 1850.",
        wrapped(),
        "42.",
        "TO THE SAME.",
        wrapped(),
    )
    assert headings(doc) == ["40. TO HIS BROTHER.", "41.", "42. TO THE SAME."]
    assert len(set(levels(doc).values())) == 1  # 41 stands in the series, not under 40
    assert "Lyons, Oct. 3, 1850." in [inline_text(b.inlines) for b in doc.blocks if isinstance(b, Paragraph)]


# ------------------------------------------------------------ numbered series


def _part(label: str, line: str) -> str:
    return (
        f"{label}\n\n  {line}\n  The boatmen call\n  Across the morning haze,\n"
        "  And every oar that dips is bright and clean\n  As coins returned\n"
        "  Consider them, who once were tall as you."
    )


def test_a_part_numbered_next_in_its_series_is_a_heading_after_verse():
    # "V. THE LAST WORD" reads like a name ("V. Smith") under a poem, where a poet signs;
    # its number, next after "IV.", makes it the heading it is.
    parts = ["I. THE RIVER", "II. THE FIELD", "III. THE TOWN", "IV. THE SEA", "V. THE LAST WORD"]
    openings = [
        "Along the river where the willows lean",
        "Across the field the summer barley sways",
        "Within the town the lamps are lit at nine",
        "Beneath the sea the drowned sailor lies",
        "After the silence in the empty halls",
    ]
    doc = text_doc(wrapped(), *(_part(p, o) for p, o in zip(parts, openings)))
    assert [b for b in doc.blocks if isinstance(b, Verse)]
    assert headings(doc) == parts
    assert len(set(levels(doc).values())) == 1


def test_a_numbered_paragraph_in_the_gap_of_a_series_of_headings_is_restored():
    doc = html_doc(
        f"<h2>Chapter Five</h2><h4>III. <i>The Third Matter</i></h4><p>{PROSE}</p>"
        f"<p>IV. <i>The Fourth Matter</i>.</p><p>{PROSE}</p>"
        f"<h4>V. <i>The Fifth Matter</i></h4><p>{PROSE}</p>"
    )
    found = levels(doc)
    assert "IV. The Fourth Matter." in found
    assert found["IV. The Fourth Matter."] == found["III. The Third Matter"] == found["V. The Fifth Matter"]


def test_a_numbered_paragraph_is_not_restored_where_the_series_has_no_gap():
    doc = html_doc(
        f"<h4>III. <i>The Third Matter</i></h4><p>{PROSE}</p>"
        f"<p>IV. <i>A point made in passing</i>.</p><h4>IV. <i>The Fourth Matter</i></h4><p>{PROSE}</p>"
    )
    assert headings(doc) == ["III. The Third Matter", "IV. The Fourth Matter"]


# ------------------------------------------------------------ epigraphs


def test_a_name_set_right_under_a_quotation_is_its_attribution_and_under_a_heading_an_epigraph():
    quote = wrapped(
        "A society that will not hear its critics has already chosen its decline, and it will "
        "not notice the choice until the decline is complete.",
        indent="     ",
    )
    doc = text_doc(wrapped(), "MARGARET FELL", quote + "\n" + " " * 40 + "THOMAS ARDEN.", wrapped(), wrapped())
    assert headings(doc) == ["MARGARET FELL"]
    [epigraph] = [b for b in doc.blocks if isinstance(b, Epigraph)]
    assert inline_text(epigraph.attribution) == "THOMAS ARDEN."


def test_a_name_set_right_under_a_quotation_in_the_body_signs_a_block_quotation():
    quote = wrapped(
        "A society that will not hear its critics has already chosen its decline, and it will "
        "not notice the choice until the decline is complete.",
        indent="     ",
    )
    doc = text_doc(wrapped(), "MARGARET FELL", wrapped(), quote + "\n" + " " * 40 + "THOMAS ARDEN.", wrapped())
    [quote_block] = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert inline_text(quote_block.attribution) == "THOMAS ARDEN."
    assert headings(doc) == ["MARGARET FELL"]


def test_a_signed_poem_under_a_heading_is_an_epigraph_and_its_title_no_subheading():
    poem = (
        "          Unbending oak upon the windy hill,\n"
        "            Thou standest where the tempest meets the plain.\n"
        "          The storm may shake thee but thou standest still,\n"
        "            And spring will find thee green and whole again.\n" + " " * 40 + "EDITH CALLOWAY."
    )
    doc = text_doc(wrapped(), "CHAPTER III", "ENDURANCE", " " * 27 + "THE OAK.", poem, wrapped(), wrapped())
    assert headings(doc) == ["CHAPTER III ENDURANCE"]
    [epigraph] = [b for b in doc.blocks if isinstance(b, Epigraph)]
    assert inline_text(epigraph.attribution) == "EDITH CALLOWAY."
    title, verse = epigraph.blocks
    assert isinstance(title, Paragraph) and inline_text(title.inlines) == "THE OAK."
    assert isinstance(verse, Verse) and len(verse.stanzas[0]) == 4


def test_a_signed_poem_followed_by_another_heading_is_no_epigraph():
    # An anthology: each poem under its own heading, signed, then the next one.
    poem = (
        "          Unbending oak upon the windy hill,\n"
        "            Thou standest where the tempest meets the plain.\n"
        "          The storm may shake thee but thou standest still,\n"
        "            And spring will find thee green and whole again.\n" + " " * 40 + "EDITH CALLOWAY."
    )
    doc = text_doc(wrapped(), "THE OAK", poem, "THE ELM", poem.replace("oak", "elm"))
    assert not [b for b in doc.blocks if isinstance(b, Epigraph)]


# ------------------------------------------------------------ lists


def test_numbered_key_items_with_hanging_lines_are_one_list():
    items = [
        "  No. 1, represents the elder of the village, who holds the drum and\n    leads the song.",
        "  No. 2, the drum.",
        "  No. 3. a resting place, where the singers pause before the song is\n    taken up again.",
        "  No. 4, the lodge.",
    ]
    doc = text_doc(wrapped(), wrapped(PROSE[:-1] + ", and the numbers read as follows:"), *items, wrapped())
    [lst] = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert len(lst.items) == 4 and lst.labels == ["No. 1,", "No. 2,", "No. 3.", "No. 4,"]
    first = inline_text(lst.items[0][0].inlines)
    assert first == "represents the elder of the village, who holds the drum and leads the song."
    assert not [b for b in doc.blocks if isinstance(b, BlockQuote)]


def test_reasons_counted_off_with_ordinals_are_a_list():
    doc = text_doc(
        wrapped(PROSE[:-1] + ". My grounds for the request are these:"),
        wrapped("1st. " + PROSE),
        wrapped("2d. " + PROSE),
        wrapped("3rd. " + PROSE),
        wrapped(),
    )
    [lst] = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert lst.labels == ["1st.", "2d.", "3rd."]


def test_a_number_and_comma_without_no_opens_no_list():
    doc = text_doc(wrapped(), "1, 2 and 3 were counted first.", "4, 5 and 6 came later.", wrapped())
    assert not [b for b in doc.blocks if isinstance(b, ListBlock)]


def test_a_layout_table_with_a_hung_quotation_mark_holds_a_numbered_list():
    doc = html_doc(
        f"<p>{PROSE} He listed them:</p>"
        "<table><tr><td>&quot;</td><td>1. Repair the bridge.<br/>2. Open the school.<br/>"
        "3. Pay the teachers.&quot;</td></tr></table>"
        f"<p>{PROSE}</p>"
    )
    [lst] = [b for b in iter_blocks(doc.blocks) if isinstance(b, ListBlock)]
    assert [inline_text(item[0].inlines) for item in lst.items] == [
        "“Repair the bridge.",
        "Open the school.",
        "Pay the teachers.”",
    ]


# ------------------------------------------------------------ an RFC's definitions and headings

RFC = """\
   This memo describes an exchange of messages between programs, and the
   rules by which each message is written, sent, passed on and answered.

1.3 Terms

   This memo uses a number of terms for the parts that take part in the
   exchange, and they are defined here before they are used below.

   sender
      The program that opens the exchange and writes the first message
      of it, as defined in section 4.

   receiver
      The program that answers the exchange, in the same way and with the
      same care as the sender took over it.

   relay
      A program that passes messages on. A relay of this kind is
      described by a rule such as
         relay = 1*( sender receiver )
      and it keeps no copy of what it passes on. At least one relay (or
      one gateway)

      must be present in each exchange that crosses a boundary.

   gateway
      A relay that also translates the messages it passes on between two
      exchanges of different kinds, as described in section 9.
\f
   archive
      A store of the messages that were passed on, kept by a relay for as
      long as the exchange lasts.

2 Conventions Used for Writing the Rules of the Grammar

   The rules below are written in the grammar that this section defines
   before any rule is used, as the reader expects of such a memo here.
"""


def test_rfc_definitions_run_on_and_cross_a_page():
    doc = norm(RFC, dedent=False)
    [dl] = [b for b in doc.blocks if isinstance(b, ListBlock) and b.style == "definitions"]
    assert dl.labels == ["sender", "receiver", "relay", "gateway", "archive"]
    relay = " ".join(inline_text(p.inlines) for p in dl.items[2])
    assert "relay = 1*( sender receiver )" in relay
    assert "At least one relay (or one gateway) must be present" in relay
    assert inline_text(dl.items[3][0].inlines).endswith("as described in section 9.")


def test_rfc_section_heading_set_out_to_the_left_is_a_heading_however_long():
    doc = norm(RFC, dedent=False)
    assert "2 Conventions Used for Writing the Rules of the Grammar" in headings(doc)
