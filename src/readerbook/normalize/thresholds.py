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
    # --- decoding a legacy code page (readers/decoding.py): weights of the evidence,
    # against one accented letter of the text's family of letters, which counts 1
    decode_common_word: float = 3.0  # a common word with accented letters, found whole: hard to get by chance
    decode_break: float = 3.0  # a capital inside a word, a Cyrillic letter among Latin ones: mojibake's marks
    decode_control: float = 3.0  # a control character: no text holds one
    decode_foreign_word: int = 4  # a Latin word this long made of accented letters alone is mojibake ("Ïðèâåò")
    decode_sample: int = 100_000  # bytes of the lines past ASCII weighed (more tell nothing new, and cost)
    decode_lines_named: int = 5  # a mixed-encoding warning names this many lines (the review page lists all)

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

    # --- pages in extracted text without form feeds
    running_head_chars: int = 100  # a running head is a short line…
    running_head_repeats: int = 3  # …that stands on this many pages
    foot_max_lines: int = 12  # footnote lines at the foot of one page
    head_label_words: int = 6  # a division's label under a running head ("THOMAS, J., concurring") is this short

    # --- a court's caption (caption.py)
    caption_units: int = 24  # the caption, counsel and the document's kind stand within the text's first units
    caption_field_words: int = 16  # a caption's field (the court, a date, "FOR RESPONDENT: …") is this short
    caption_number_words: int = 6  # a docket number or a reporter's citation ("590 F.Supp.3d 850")
    caption_matter_units: int = 3  # "Matter of …" heads the text: within its first units
    caption_block_words: int = 40  # the parties of a caption repeated over an opinion, on a line or two

    # --- unwrapping (fractions of the measure)
    short_line: float = 0.6  # a line shorter than this may end its paragraph
    title_line_words: int = 8  # a short line of at most this many words before a capital is title-like
    # A scholarly article's opening (authors, affiliations, dates, DOI) is looked for in at
    # most this many units after its title; an affiliation or dateline is at most this many words
    article_front_units: int = 12
    article_front_words: int = 40
    article_abstract_words: int = 12  # a PDF's unheaded abstract (set smaller) is prose of at least this many words
    indent_step: int = 2  # spaces of indentation that start a paragraph
    body_indent_share: float = 0.2  # the body's indentation is the least that this share of lines has
    page_join_min: float = 0.6  # a paragraph cut by a page break is at least this long
    # A plain text whose line-end hyphens show this many plain compounds and not one
    # broken word breaks no words: its undecided line-end hyphens are kept too.
    unbroken_min_compounds: int = 5

    # --- figure markers ("[Illustration: …]", figures.py)
    figure_marker_units: int = 4  # a marker's caption may run over this many paragraphs (a plate's legend)

    # --- verse
    verse_min_lines: int = 3  # lines of a stanza-like block before it is read as verse
    verse_max_width: float = 0.8  # verse lines stay under this share of the prose measure
    verse_short_share: float = 0.5  # …and at least this share of them are clearly short
    verse_min_words: float = 3.5  # words per line, on average (a list of names is no poem)
    verse_ragged: float = 0.8  # a line shorter than this share of the block's longest is short…
    verse_ragged_share: float = 0.3  # …and this share of a poem's lines are (wrapped prose fills its lines)
    verse_caps_share: float = 0.85  # set in, even lines are verse when this share open with a capital
    ruled_column_share: float = 0.6  # a table in text form: this share of its lines has a "|" at one column

    # --- structure
    heading_max_words: int = 12
    heading_max_chars: int = 90
    heading_max_width: float = 0.6  # in wrapped text, of the measure
    valediction_words: int = 6  # a letter's closing words before its signature ("Yours very truly,")
    dateline_words: int = 8  # a dateline ("Vienna, Sept. 21, 1819.") is this short
    attribution_words: int = 6  # a name set under a quotation or poem to sign it
    place_line_words: int = 4  # the place of a signing, on its own line before the date ("Ardis,")
    quote_indent: int = 4  # spaces of indentation that set a block quotation apart
    quote_max_width: float = 0.88  # a block quotation is set to a narrower measure
    cited_quote_words: int = 8  # a passage its citation follows on the next line is at least this long…
    cited_quote_units: int = 8  # …and runs over at most this many subsections and omission lines
    list_bullet_max_words: int = 60
    # Numbered units whose numbering runs on across other paragraphs are numbered
    # paragraphs (verses and their commentary), not a list: the next number may
    # stand this many units after the run (a short commentary or quotation)…
    numbered_resume_gap: int = 6
    numbered_resume_skip: int = 2  # …and skip this many numbers ("5, 6." is no list label)
    numbered_resume_words: int = 6  # …with a prose paragraph of at least this many words between
    definition_list_min: int = 3  # terms with their definitions set in under them, to make a list
    definition_term_words: int = 8
    definition_gap: int = 2  # blank lines that may cut a definition mid-sentence (a page's bottom margin)

    # --- notes
    note_glued_slack: int = 2  # a glued number may skip this many of the sequence
    note_section_max_run: int = 4  # unlabelled paragraphs allowed inside a notes list

    # --- web pages (readers/html.py)
    web_main_share: float = 0.25  # a page's one <main> or <article> holds at least this share of its letters to
    # be the work (everything outside it then chrome); less, and it is a misused tag, not the page's content
    web_verse_line_chars: int = 80  # a line of verse parted by <br> is no longer (prose so parted runs on)
    epub_contents_linked_share: float = 0.8  # an EPUB document whose lines (its heading aside) are links to the
    # book's documents in this share is its contents page, left out like the navigation document
    epub_publisher_page_words: int = 800  # an EPUB document the book calls its imprint, colophon or copyright
    # page (epub:type, the guide, its file name) is the publisher's, left out, when no longer than this

    # --- Word documents (readers/docx.py)
    # A paragraph set in by hand this far (twentieths of a point; Word's Increase Indent is 720) is a
    # quotation, where neither a list nor its style says otherwise: a little less than one step of the button.
    docx_quote_indent: int = 540
    docx_source_words: int = 16  # a line opening with a dash that ends a quotation, this long at most, is its source

    # --- PDF
    pdf_superscript_size: float = 0.85  # a superscript is smaller than the line's body size by this factor…
    pdf_superscript_rise: float = 0.15  # …and raised by this share of the size
    pdf_paragraph_gap: float = 1.45  # a vertical gap of this many line heights starts a paragraph
    pdf_indent: float = 0.8  # a first-line indent of at least this many ems starts one
    pdf_margin_zone: float = 0.09  # the top and bottom shares of a page where heads and folios stand
    pdf_repeat_pages: float = 0.3  # a line repeated on this share of pages (at least 3) is a running head
    pdf_heading_size: float = 1.12  # a heading is set this much larger than the body
    # (the numbers below are used by pdflayout.py and the PDF branches of the passes)
    pdf_repeat_min: int = 3  # …and a running head stands on at least this many pages
    pdf_margin_gap: float = 0.5  # ems: a line wholly this far outside its column's text edges stands in the margin
    pdf_same_place: float = 3.0  # points: a head repeated at the same height, page after page
    pdf_head_piece_chars: int = 8  # a first-page masthead line repeating part of the running head is this long
    pdf_size_step: float = 0.6  # points: sizes closer than this are one size
    pdf_edge_share: float = 0.25  # a column's left edge: a place where this share of the commonest's full lines start
    pdf_column_lines: int = 8  # lines a page's column needs for its own edges (else the text's usual ones)
    pdf_foot_size: float = 0.95  # footnote text is set smaller than this share of the text above it
    pdf_short_justified: float = 1.5  # ems: in justified text, a line ending this far short of the edge is short
    pdf_short_ragged: float = 0.6  # in ragged-right text, a line under this share of the measure is short
    pdf_justified_share: float = 0.5  # a column is justified when this share of its lines reach its right edge
    pdf_indent_style: float = 0.5  # paragraphs open with an indent when this share of new paragraphs do
    pdf_fill: float = 2.0  # ems: a line ending within this of the column's right edge fills the measure
    pdf_centre: float = 0.6  # ems: a centred line's middle stands within this of the column's middle…
    pdf_centre_share: float = 0.1  # …or within this share of its insets (a short line far from both edges)
    pdf_centre_inset: float = 1.5  # …and it is set in at least this many ems on both sides
    pdf_quote_inset: float = 1.6  # ems: a block quotation is set in at least this far from the body's left edge
    pdf_flush_right: float = 0.2  # a line set flush right starts past this share of the measure
    pdf_title_block: int = 3  # display lines (centred, bold, another size) in a row make a title block
    pdf_heading_words: int = 24  # a heading set in type of its own may run to this many words…
    pdf_heading_lines: int = 3  # …over at most this many lines
    pdf_flush: float = 0.3  # ems: a line ending within this of a justified column's edge is flush with it
    pdf_recent_lines: int = 3  # the lines above whose right ends make a block's right edge
    pdf_hyphenating: float = 0.04  # a typesetter breaking words ends this share of full lines with a hyphen
    pdf_hyphen_lines: int = 50  # …judged on at least this many full lines
    pdf_fragment_width: float = 4.0  # ems: a piece of an inline formula set above or below its line is narrower
    # An image at least this wide and high (points) is a figure (smaller ones are rules, dots, bullets)
    pdf_figure_width: float = 36.0
    pdf_figure_height: float = 18.0
    # A drawing: paths (lines, curves, rectangles) within this many points of each other are one…
    pdf_drawing_gap: float = 12.0
    pdf_drawing_side: float = 36.0  # …at least this wide and high (points)…
    pdf_drawing_paths: int = 3  # …of at least this many paths, one of them not horizontal (taller than a rule)…
    pdf_rule_height: float = 2.0
    # …holding at most this many characters per 1000 square points: a drawing's labels
    # (under 2 in the corpus), not a ruled table's cells (7 and more) or a boxed paragraph
    pdf_drawing_text: float = 3.0
    pdf_drawing_max_paths: int = 3000  # a page with more paths than this is drawn as a whole
    # Text level with a figure in its column (to this many ems over or under its box), of
    # at most this many words of two letters or more, is a label set beside the drawing's
    # paths (an axis's letters, "The crown"); a line of prose has more words
    pdf_label_margin: float = 1.5
    pdf_label_words: int = 2
    # Columns (readers/pdf.py): a gutter is an x range no line of the page (or of a band
    # of it between full-width elements) crosses, with text set as columns on both sides
    pdf_gutter_width: float = 0.5  # ems: a gutter is at least this wide
    pdf_gutter_same: float = 6.0  # points: a gutter within this of one found on an earlier page is the same
    # A gutter a few lines cross (a title, a table's row, a note across the page): at most
    # this share of the rows beside it (and at least 2 rows) may cross it
    pdf_gutter_crossers: float = 0.25
    pdf_gutter_low: float = 0.15  # …where at most this share of the densest x's lines stand
    # The two sides of a gutter are columns when each has rows (at least this many, one
    # side this many more, unless a gutter stood there on an earlier page), lines of
    # this many ems (the median), a measure this many ems wide, and they stand level
    # over at least this share of the shorter one's height
    pdf_column_rows: int = 2
    pdf_column_rows_most: int = 4
    pdf_column_line: float = 4.0
    pdf_column_measure: float = 6.0
    pdf_column_overlap: float = 0.3
    # A drawn horizontal rule at least this share of the page wide stands across the
    # columns (under a masthead, over and under a table): a full-width element
    pdf_spanning_rule: float = 0.5
    # A ruled table: horizontal rules with vertical ones between them, holding text; a
    # row (between two rules) whose cells hold more lines than this is read line by line
    pdf_table_cell_lines: int = 4
    pdf_rule_touch: float = 1.5  # points: rules this close meet (one table's grid)
    # Lines below the foot of every other column of a band (or above their heads), set
    # off by this many ems, and at most this many rows, go with the full-width element
    # they stand by (a table's title over it, a caption under it), not with their column
    pdf_stray_gap: float = 0.6
    pdf_stray_rows: int = 2


THRESHOLDS = Thresholds()
