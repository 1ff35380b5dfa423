"""Every id, anchor and EPUB file name of the book, minted here and nowhere
else, so that a link made in one module finds the anchor another module set.

A text's ids all begin with its slug (unique in the book: manifest.py), so the
texts can never collide with one another or with the book's own anchors below,
which no slug can take (manifest.py reserves them).
"""

from __future__ import annotations

# The book's own anchors: its front and back matter.
HALF_TITLE = "half-title"
TITLE_PAGE = "title-page"
CONTENTS = "contents"
PREFACE = "preface"
SOURCES = "sources"
INDEX = "index"
BOOK_ANCHORS = (HALF_TITLE, TITLE_PAGE, CONTENTS, PREFACE, SOURCES, INDEX)


def text(slug: str) -> str:
    """A text's opening (its title)."""
    return slug


def paragraph(slug: str, number: int) -> str:
    return f"{slug}-p{number}"


def heading(slug: str, number: int) -> str:
    return f"{slug}-h{number}"


def note(slug: str, number: int) -> str:
    return f"{slug}-note-{number}"


def noteref(slug: str, number: int, occurrence: int = 1) -> str:
    """The ``occurrence``-th reference to note ``number`` (the first is the one the note leads back to)."""
    return f"{slug}-noteref-{number}" + ("" if occurrence == 1 else f"-{occurrence}")


def missing_notes(slug: str, part: int) -> str:
    """The one statement standing for the notes the source lacks, in a text's ``part``-th EPUB document."""
    return f"{slug}-missing-notes" + ("" if part == 1 else f"-{part}")


def part(slug: str, number: int) -> str:
    return f"{slug}-part-{number}"


def part_file(slug: str, number: int) -> str:
    """The EPUB document of a text's ``number``-th part."""
    return f"text/{slug}.xhtml" if number == 1 else f"text/{slug}-{number}.xhtml"


def source_entry(slug: str) -> str:
    """A text's entry on the Sources and permissions page."""
    return f"{slug}-source"


def index_mark(slug: str, number: int) -> str:
    """Where an index term stands in a text (the index's locators link here)."""
    return f"{slug}-ix{number}"


def index_entry(term_id: str) -> str:
    """A term's entry in the index (its "see" and "see also" links lead here)."""
    return f"{INDEX}-{term_id}"


def index_group(letter: str) -> str:
    """The index's entries under one letter."""
    return f"{INDEX}-{letter}"


SHARED_QUOTATIONS = "shared-quotations"  # the list of passages quoted in more than one text


def shared_passage(number: int) -> str:
    """A passage quoted in more than one text, in the list of shared quotations."""
    return f"shared-{number}"


def in_back_matter(anchor: str) -> bool:
    """The index and the shared quotations (the back matter the index page holds)."""
    return anchor == INDEX or anchor.startswith((index_entry(""), shared_passage(0)[: -len("0")]))
