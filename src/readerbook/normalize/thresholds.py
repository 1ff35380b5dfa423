"""The numbers the normalization heuristics use, named in one place.

Widths are fractions of the text's measure (the 90th percentile of its line
lengths, or of a PDF column's width); lengths are in characters or words.
Nothing here is keyed to one document: each value is a property of how texts
are set in general.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    # --- layout detection
    wrapped_max_p90: int = 120  # hard-wrapped text stays under this line length
    wrapped_run_share: float = 0.4  # …with at least this share of lines running on into the next
    wrapped_max_ending: float = 0.6  # …and at most this share ending a sentence
    lines_run_share: float = 0.5  # one paragraph per line, no blank lines between

    # --- e-text furniture
    etext_header_lines: int = 40  # a Project Gutenberg header names itself within these lines
    etext_credit_words: int = 120  # a credit block after the header is shorter than this
    contents_entry_words: int = 14  # an entry of a contents list
    contents_entry_chars: int = 90
    contents_gap: int = 4  # blank lines allowed between entries of a contents list
    contents_title_gap: int = 2  # …between entries that have no page number or label
    contents_leader_run: int = 4  # dot-leader lines that make a contents list without a heading
    contents_min_entries: int = 2

    # --- unwrapping (fractions of the measure)
    short_line: float = 0.6  # a line shorter than this may end its paragraph
    title_line_words: int = 8  # a short line of at most this many words before a capital is title-like
    indent_step: int = 2  # spaces of indentation that start a paragraph
    body_indent_share: float = 0.2  # the body's indentation is the least that this share of lines has
    page_join_min: float = 0.6  # a paragraph cut by a page break is at least this long

    # --- verse
    verse_min_lines: int = 3  # lines of a stanza-like block before it is read as verse
    verse_max_width: float = 0.8  # verse lines stay under this share of the prose measure
    verse_short_share: float = 0.5  # …and at least this share of them are clearly short
    verse_min_words: float = 3.5  # words per line, on average (a list of names is no poem)
    verse_ragged: float = 0.8  # a line shorter than this share of the block's longest is short…
    verse_ragged_share: float = 0.3  # …and this share of a poem's lines are (wrapped prose fills its lines)

    # --- structure
    heading_max_words: int = 12
    heading_max_chars: int = 90
    heading_max_width: float = 0.6  # in wrapped text, of the measure
    quote_indent: int = 4  # spaces of indentation that set a block quotation apart
    quote_max_width: float = 0.88  # a block quotation is set to a narrower measure
    list_bullet_max_words: int = 60
    definition_list_min: int = 3  # terms with their definitions set in under them, to make a list
    definition_term_words: int = 8

    # --- notes
    note_glued_slack: int = 2  # a glued number may skip this many of the sequence
    note_section_max_run: int = 4  # unlabelled paragraphs allowed inside a notes list

    # --- PDF
    pdf_superscript_size: float = 0.85  # a superscript is smaller than the line's body size by this factor…
    pdf_superscript_rise: float = 0.15  # …and raised by this share of the size
    pdf_paragraph_gap: float = 1.45  # a vertical gap of this many line heights starts a paragraph
    pdf_indent: float = 0.8  # a first-line indent of at least this many ems starts one
    pdf_margin_zone: float = 0.09  # the top and bottom shares of a page where heads and folios stand
    pdf_repeat_pages: float = 0.3  # a line repeated on this share of pages (at least 3) is a running head
    pdf_heading_size: float = 1.12  # a heading is set this much larger than the body


THRESHOLDS = Thresholds()
