"""Passages quoted in more than one text, on small invented texts: copies
that leave words out, spell a dash or a hyphen differently, change a word, or
set the passage inline in one text and displayed in the other are one
passage; stock phrases and words nobody quotes are not."""

from __future__ import annotations

import re
from pathlib import Path

from readerbook.diagnostics import Diagnostics
from readerbook.pipeline import load_book
from readerbook.quotations import _norm, _Quotations, _units, agreements

PROSE = (
    "A paragraph of the essay's own prose, long enough to read like one, which says nothing that any "
    "other text of the book would quote."
)
# The passage both texts quote, as text a has it (in quotation marks, inside a paragraph).
RESOLUTION = (
    "the committee resolved in the autumn of 1921–22 that the Left Social-Democrats, who had stood beside "
    "the workers through the whole of that long and bitter winter, should be given a place on every "
    "district board"
)
TEXT_A = (
    "An Essay on Committees\n\nAnn Author\n\n"
    f"{PROSE}\n\n"
    f"The historian is helped by one resolution above all. As the secretary recorded it, “{RESOLUTION}, "
    "whatever the older members might say of it.” It was never carried out.\n\n"
    f"{PROSE}\n"
)


def book_of(tmp_path: Path, b_name: str, b_text: str, a_text: str = TEXT_A):
    (tmp_path / "texts").mkdir(exist_ok=True)
    (tmp_path / "texts" / "a.txt").write_text(a_text, encoding="utf-8")
    (tmp_path / "texts" / b_name).write_text(b_text, encoding="utf-8")
    (tmp_path / "book.yaml").write_text(
        "title: T\nidentifier: urn:x\ndate: 2026-01-01\ntexts:\n"
        f"  - file: texts/a.txt\n    title: A\n  - file: texts/{b_name}\n    title: B\n",
        encoding="utf-8",
    )
    return load_book(tmp_path / "book.yaml", Diagnostics())


def quoted_words(occurrence) -> list[str]:
    unit = next(u for u in _units(occurrence.text.doc) if u.number == occurrence.paragraph)
    return [_norm(w) for w in unit.words[occurrence.start : occurrence.end]]


def markdown(quotation: str) -> str:
    """Text b: the passage displayed (a Markdown block quotation) between paragraphs of its own."""
    return f"# Another Essay\n\n{PROSE}\n\nThe resolution is often cited:\n\n> {quotation}\n\n{PROSE}\n"


def test_displayed_copy_with_an_omission_dash_hyphen_and_case_variants(tmp_path):
    # b displays the passage, leaves out its middle ([…]), sets the dash as an
    # em dash, the hyphen as a space, and capitals differently.
    b = markdown(
        "The Committee resolved in the autumn of 1921—22 that the left Social Democrats […] "
        "should be given a place on every district board."
    )
    book = book_of(tmp_path, "b.md", b)
    assert len(book.shared) == 1
    a_copy, b_copy = book.shared[0].occurrences
    assert (a_copy.text.slug, b_copy.text.slug) == ("a", "b")
    # Text a's copy runs from the passage's first word to its last agreeing one.
    assert quoted_words(a_copy) == [_norm(w) for w in re.findall(r"\w+", RESOLUTION)]
    assert quoted_words(b_copy)[:3] == ["the", "committee", "resolved"]
    assert quoted_words(b_copy)[-2:] == ["district", "board"]
    # Each copy links to the other where it stands.
    assert [o.text.slug for _, others in book.also_quoted(a_copy.text)[a_copy.paragraph] for o in others] == ["b"]


def test_inline_copy_with_an_ellipsis_and_a_word_changed(tmp_path):
    # b quotes it inline, in single quotation marks, with "…" for the omission
    # and one word changed ("stood beside" → "stood by").
    b = (
        f"Another Essay\n\n{PROSE}\n\n"
        "Its own words were plain: ‘the committee resolved in the autumn of 1921-22 that the Left "
        "Social-Democrats, who had stood by the workers … should be given a place on every district board’, "
        "and the board took no notice.\n"
    )
    book = book_of(tmp_path, "b.txt", b)
    assert len(book.shared) == 1
    assert {o.text.slug for o in book.shared[0].occurrences} == {"a", "b"}


def test_an_unmarked_gap_is_two_stock_phrases_not_one_passage(tmp_path):
    # b's quotation agrees with a's in two short stretches (six and eight
    # words, each too short to be a passage) with a's fourteen words between
    # them missing and no mark of omission: a different sentence.
    b = (
        f"Another Essay\n\n{PROSE}\n\n"
        "The minutes say that “the committee resolved in the autumn of 1921–22 to close the mills, and "
        "nobody should be given a place on every district board” again.\n"
    )
    assert book_of(tmp_path, "b.txt", b).shared == ()
    # The same words, with the omission marked, are one passage.
    marked = b.replace("to close the mills, and nobody", "[…]")
    assert len(book_of(tmp_path, "b.txt", marked).shared) == 1


def test_words_nobody_quotes_are_not_a_shared_quotation(tmp_path):
    # The same sentence in both texts, quoted in neither.
    plain = f"Another Essay\n\n{PROSE}\n\nWe know that {RESOLUTION}.\n"
    a_plain = f"An Essay\n\nAnn Author\n\n{PROSE}\n\nIt is recorded that {RESOLUTION}.\n"
    assert book_of(tmp_path, "b.txt", plain, a_text=a_plain).shared == ()
    # Quoted in one text only.
    assert book_of(tmp_path, "b.txt", plain).shared == ()


def q(text: str, cuts: set[int] = frozenset()) -> _Quotations:
    words = tuple(text.lower().split())
    return _Quotations(words, tuple(i in cuts for i in range(len(words))))


def test_agreement_allows_a_changed_word_and_a_marked_omission():
    short = q("whoever supports the puny group supports policies of lying and deceiving the workers there you have it")
    long = q(
        "whoever supports the puny group supports a policy of lying and deceiving the workers shielding the "
        "liquidators full freedom of action for them abroad there you have it"
    )
    # Without a mark of omission before "there", the agreement stops at "workers".
    (first,) = agreements(short, long)
    assert first.a == (0, 13) and first.words == 12
    # With one ("… there"), the rest of the copy belongs to the same passage.
    marked = q(" ".join(short.words), cuts={13})
    (whole,) = agreements(marked, long)
    assert whole.a == (0, 17) and whole.b == (0, len(long.words)) and whole.words == 16


def test_agreement_needs_ten_words_and_most_of_the_shorter_copy():
    stock = q("the dictatorship of the proletariat and the peasantry")
    assert agreements(stock, q("they wanted the dictatorship of the proletariat and the peasantry at once")) == ()
    # Four stretches of three agreeing words: with two other words between
    # them, 12 of 18 words agree (two thirds: the same passage, retranslated
    # in places); with three between, 12 of 21 (too few: another text).
    one = q("alpha beta gamma x1 x2 delta epsilon zeta x3 x4 eta theta iota x5 x6 kappa lambda mu")
    other = q("alpha beta gamma y1 y2 delta epsilon zeta y3 y4 eta theta iota y5 y6 kappa lambda mu")
    assert [m.words for m in agreements(one, other)] == [12]
    one = q("alpha beta gamma x1 x2 x0 delta epsilon zeta x3 x4 x9 eta theta iota x5 x6 x8 kappa lambda mu")
    other = q("alpha beta gamma y1 y2 y0 delta epsilon zeta y3 y4 y9 eta theta iota y5 y6 y8 kappa lambda mu")
    assert agreements(one, other) == ()
