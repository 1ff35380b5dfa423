"""The intermediate representation every reader produces and every pass reads.

A source, whatever its format, becomes numbered :class:`Line` objects: the
text of one line (a line of a plain text, a line of a PDF page, a paragraph
or line of a web page) with its provenance and whatever evidence the format
holds about it:

- ``styles``: runs of italic, bold, superscript, and links and anchors (HTML,
  DOCX, EPUB, PDF fonts);
- ``layout``: where a PDF line stood on its page, its size and position;
- ``hint``: what a structured format says the line is (an ``h2``, a list item,
  a quotation, a table cell), and the element it came from.

Plain texts carry none of these, and the passes fall back on the text alone.
Line numbers are the reader's own (the file's line number for a text; a
running count for other formats), and ``where`` says how a message cites the
line in the original (``page 3, line 12``; ``body/div[2]/p[5]``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

# Style kinds.
ITALIC, BOLD, SUPERSCRIPT, SUBSCRIPT, SMALL_CAPS, CODE = "i", "b", "sup", "sub", "sc", "code"
LINK = "link"  # value: the link target (``#fn1``, ``notes.xhtml#n3``)
ANCHOR = "anchor"  # a zero-length mark; value: the id a link may point at
NOTE_REF = "noteref"  # the format itself marks a note reference; value: the note's id
INLINE_STYLES = (ITALIC, BOLD, SMALL_CAPS, CODE)


@dataclass(frozen=True)
class Style:
    """A run of ``text[start:end]`` with a style, or a link or anchor."""

    start: int
    end: int
    kind: str
    value: str = ""

    def shifted(self, by: int) -> Style:
        return Style(self.start + by, self.end + by, self.kind, self.value)


@dataclass(frozen=True)
class Layout:
    """Where a PDF line stood, in points from the page's top left."""

    page: int  # 1-based page number in the file
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the body size of the line's characters (the most common)
    page_width: float
    page_height: float
    bold: bool = False  # the whole line is set bold
    italic: bool = False  # the whole line is set italic
    column: int = 0  # which column of the page (0 = the only or the left one)
    col_x0: float = 0.0  # the left and right edges of the column's text
    col_x1: float = 0.0
    line_in_page: int = 1  # 1-based, in reading order
    rule_above: bool = False  # a short horizontal rule (a footnote separator) stands just above


@dataclass(frozen=True)
class Hint:
    """What a structured source says a line is."""

    kind: str  # p, heading, item, quote, pre, cell, verse, figure, break, note, chrome, caption
    level: int = 0  # heading level; list or quotation depth
    group: int = 0  # lines of one element share a group (a paragraph with line breaks)
    label: str = ""  # a list item's label; a table's row:column
    path: str = ""  # the element, as diagnostics cite it
    classes: tuple[str, ...] = ()  # the source's own class names (letters, verse, speakers…)
    container: str = ""  # enclosing containers, outermost first: "quote", "quote>item"
    chrome: str = ""  # evidence that the line is site navigation rather than content


@dataclass(frozen=True)
class Line:
    no: int  # the reader's line number, never changed afterwards
    text: str
    styles: tuple[Style, ...] = ()
    layout: Layout | None = None
    hint: Hint | None = None
    where: str = ""  # how a message cites the line, when not by its number alone

    def replace_range(self, start: int, end: int, new: str) -> Line:
        """``text[start:end]`` replaced by ``new``; styles after it move, styles
        over it are fitted to the new text."""
        delta = len(new) - (end - start)
        styles = []
        for s in self.styles:
            if s.start >= end and not (s.start == s.end == start == end):
                styles.append(s.shifted(delta))
            elif s.end <= start:
                styles.append(s)
            else:  # overlaps the replaced text: keep it over what replaces it
                a = min(s.start, start) if s.start < start else start
                b = s.end + delta if s.end >= end else start + len(new)
                styles.append(Style(a, max(a, b), s.kind, s.value))
        return replace(self, text=self.text[:start] + new + self.text[end:], styles=tuple(styles))

    def retext(self, text: str) -> Line:
        """The same line with new text of which the old is a prefix or a
        same-length transform (styles past its end are clipped)."""
        if not self.styles:
            return replace(self, text=text)
        n = len(text)
        kept = tuple(
            Style(s.start, min(s.end, n), s.kind, s.value) for s in self.styles if s.start < n or s.start == s.end <= n
        )
        return replace(self, text=text, styles=kept)


@dataclass(frozen=True)
class SourceText:
    path: Path
    shown: str  # the path as it is shown in messages
    encoding: str
    lines: tuple[Line, ...]
    raw_bytes: int
    format: str = "text"  # the reader that read it: text, markdown, html, pdf, docx, epub
    # What the file itself says about the work (HTML <title>, PDF and EPUB metadata).
    meta: dict[str, str] = field(default_factory=dict)
    # Things the reader left out and can name (a DOCX page header, an EPUB's
    # cover image): (kind, text) — recorded as removals by the first pass.
    omitted: tuple[tuple[str, str], ...] = ()
    # Changes made while decoding (control characters removed): (line, detail, text).
    decoded: tuple[tuple[int, str, str], ...] = ()

    def place(self, no: int | None) -> str | None:
        """How a message cites line ``no``: ``12`` for a text, ``p. 3, line 12`` for a PDF."""
        if no is None:
            return None
        line = self._by_no().get(no)
        return line.where if line is not None and line.where else str(no)

    def _by_no(self) -> dict[int, Line]:
        cache = self.__dict__.get("_index")
        if cache is None:
            cache = {line.no: line for line in self.lines}
            object.__setattr__(self, "_index", cache)
        return cache
