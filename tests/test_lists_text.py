"""Lists, tables in text form and paragraph breaks in plain (hard-wrapped) texts."""

from __future__ import annotations

from conftest import norm
from readerbook.model import BlockQuote, Heading, ListBlock, Paragraph, Preformatted, Verse, inline_text

PROSE = """\
The opening paragraph of this small text runs over a few lines of
ordinary prose, long enough for the measure of the text to be clear,
and it ends with a full stop at the end of its last line.
"""


def paragraphs(doc):
    return [inline_text(b.inlines) for b in doc.blocks if isinstance(b, Paragraph)]


def lists(doc):
    out = []
    for b in doc.blocks:
        if isinstance(b, ListBlock):
            out.append(b)
        elif isinstance(b, BlockQuote):
            out.extend(x for x in b.blocks if isinstance(x, ListBlock))
    return out


def item_texts(lst):
    return [" ".join(inline_text(item[0].inlines).replace("\xa0", " ").split()) for item in lst.items]


def test_table_ruled_with_bars_is_kept_verbatim():
    doc = norm(
        PROSE
        + """
Year |
     |
1901 |  The first event of the series, set in the
     |    right-hand column.
1902 |  Another event.
1905 |  A third one, in its turn.

"""
        + PROSE
    )
    [pre] = [b for b in doc.blocks if isinstance(b, Preformatted)]
    assert pre.text.splitlines()[0] == "Year |"
    assert "1902 |  Another event." in pre.text
    assert not any(isinstance(b, Heading) for b in doc.blocks)


def test_entries_closed_by_full_stops_are_a_list_not_verse():
    doc = norm(
        PROSE
        + """
     ALPHA RECORDS (1801), vol. 3-7.
     BETA (1820), vol. 12.
     GAMMA DELTA EPSILON ANNALS (1850), part two, esp. vol. 40-
      44.
     ZETA, vol. 9.

"""
        + PROSE
    )
    assert not any(isinstance(b, Verse) for b in doc.blocks)
    [lst] = lists(doc)
    texts = item_texts(lst)
    assert len(texts) == 4
    assert texts[0] == "ALPHA RECORDS (1801), vol. 3–7."
    assert texts[2].endswith("esp. vol. 40–44.")


def test_wrapped_prose_whose_lines_end_with_stops_is_no_list():
    doc = norm(
        """
Some Works by the Same Author, in Print Today and Sold Everywhere.

A Long Account of the Voyage Round the Coast. With Maps and Plates.
Edited by Another Person Entirely. Portraits. Three volumes, bound.
Popular Edition. One volume.

"""
        + PROSE
    )
    assert not lists(doc)


def test_numbering_that_runs_on_across_commentary_is_numbered_paragraphs():
    doc = norm(
        PROSE
        + """
     1.  The first numbered verse says something short.

     2.  The second numbered verse says something else.

     [A commentary paragraph set between the verses, in brackets,
     explaining what the second verse means to its readers.]

     3.  The third numbered verse follows the commentary.

     4.  The fourth verse ends the run.

"""
    )
    assert not lists(doc)
    assert any(p.startswith("1.") for p in paragraphs(doc))
    assert any(p.startswith("3.") for p in paragraphs(doc))


def test_consecutive_numbered_items_are_still_a_list():
    doc = norm(
        PROSE
        + """
     1.  The first item of a plain list.

     2.  The second item of a plain list.

     3.  The third item of a plain list.

"""
        + PROSE
    )
    [lst] = lists(doc)
    assert len(lst.items) == 3


def test_indented_paragraph_openings_without_blank_lines():
    # Quoted paragraphs open 7 spaces in and continue 2 spaces in; two openings
    # stand one under another, and the second one's sentence runs on.
    doc = norm(
        PROSE
        + """
       The quoted text begins here and continues for a line or
  two at the narrower indentation of the quotation itself, as
  quotations in these old texts were set.
       He asked: "May the test be applied to the others today?"
       The answer was again in the affirmative, so arrangements
  were made to carry the test out on the following morning.
"""
    )
    texts = [inline_text(p.inlines) for b in doc.blocks if isinstance(b, BlockQuote) for p in b.blocks] + paragraphs(
        doc
    )
    assert any(t.startswith("He asked:") and t.endswith("today?”") for t in texts)
    assert any(t.startswith("The answer was again") and "were made to carry" in t for t in texts)


def test_section_label_inside_a_running_sentence_is_no_heading():
    doc = norm(
        """
     The story of his later life and of his final defeat will be found
briefly related in the notes of the second part of this book, in
Chapter V. ss. 19, note.
     To return to the elder brother. He is mentioned in two other
places of the history, both of them quoted here below.
"""
    )
    assert not any(isinstance(b, Heading) for b in doc.blocks)
    assert any(p.endswith("Chapter V. ss. 19, note.") for p in paragraphs(doc))


def test_text_that_breaks_no_words_keeps_its_line_end_hyphens():
    words = "self-respect well-known light-house sea-shore book-case"
    doc = norm(
        f"""
     This author uses a few compounds ({words}) in the text, and
then it sets some of them at the ends of its lines: a self-
respect that no one doubted, a well-
known story, a light-
house on the hill, the sea-
shore below, a book-
case by the wall, and a co-
author who helped with the work.
"""
    )
    [p] = paragraphs(doc)
    assert "a co-author who helped" in p
    assert "a well-known story" in p


def test_text_that_breaks_words_still_joins_them():
    doc = norm(
        """
     The revolutionary movement grew, and the word revolutionary was
heard everywhere. Another self-respect, a well-known tale, a light-
house, the sea-shore, a book-case, and yet another revolu-
tionary song were all there, with a co-
author too.
"""
    )
    [p] = paragraphs(doc)
    assert "revolutionary song" in p


def test_lettered_and_primed_labels_make_lists():
    doc = norm(
        PROSE
        + """
a. The first lettered clause of the rule.

b. The second lettered clause of the rule.

c. The third lettered clause of the rule.

"""
        + PROSE
        + """
(2′) For what number x is x + 2 = 3;

(3′) For what numbers x is x + 2 > 3.

"""
        + PROSE
    )
    lettered, primed = lists(doc)
    assert item_texts(lettered)[0] == "The first lettered clause of the rule."
    assert lettered.labels == ["a.", "b.", "c."]
    assert primed.labels == ["(2′)", "(3′)"] and primed.start == 2


def test_letter_run_must_start_at_a():
    doc = norm(
        PROSE
        + """
e. g. this line opens with an abbreviation and is no list item.

f. Neither is this one.

"""
        + PROSE
    )
    assert not lists(doc)


def test_roman_numerals_make_lists_and_stop_where_they_stop_running():
    doc = norm(
        PROSE
        + """
(i) the applicant has held the licence for two years;

(ii) the applicant has completed the course; and

(iii) the applicant has paid the fee.

"""
        + PROSE
        + """
i. The first reason given by the board.

ii. The second reason given by the board.

iv. A label that skips a numeral ends the run.

"""
        + PROSE
        + """
(h) The eighth lettered clause.

(i) The ninth lettered clause.

(j) The tenth lettered clause.

"""
        + PROSE
    )
    parenthesised, dotted, lettered = lists(doc)
    assert parenthesised.labels == ["(i)", "(ii)", "(iii)"]
    assert item_texts(parenthesised)[2] == "the applicant has paid the fee."
    assert dotted.labels == ["i.", "ii."]  # "iv." after "ii." is no third item
    assert lettered.labels == ["(h)", "(i)", "(j)"]  # "(i)" between "(h)" and "(j)" is a letter
