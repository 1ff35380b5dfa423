"""PDF sources: the printed lines of a PDF's text layer, in reading order.

The reader only says what the PDF holds; paragraphs, headings, notes and page
furniture are decided by the normalization passes from the evidence each
:class:`~readerbook.ir.Line` carries.

How a page is read (one pdfplumber pass over ``page.chars``, with the page's
drawn lines, rectangles and images):

- Characters are grouped into lines by their baseline (taken from the glyph's
  origin, so a raised superscript is seen as raised) and split where a
  horizontal gap is too wide to be a word space.  Small raised or lowered
  characters (note markers, exponents), stand-alone accents and radicals are
  put back into the line they belong to; an inline fraction set as small
  figures one above the other reads ``1/10``.
- Columns are found from the white gutters between blocks of lines: a page is
  cut at gutters that run from top to bottom; where a few lines, or figures,
  ruled tables and rules drawn across the page, cross a gutter (a title over
  the columns, a footer, a note spanning the page, a masthead's rule), the
  page is cut above and below them into bands, and each band finds its own
  columns (the page's gutters when it shows none).  Reading order is top to
  bottom in each column, left column first; a full-width element above
  columns comes before them, one below them after them, with a title set
  over it (below where the other columns end) or a caption or byline under
  it.  A gutter found on one page is believed on less evidence at the same
  place on a later page.
- A ruled table (horizontal rules with vertical ones between their ends,
  holding a table's text, not a drawing's labels) is read whole: a line for
  each row, its cells left to right and padded to stand in columns, with a
  ``pre`` hint (one group a table) so the passes keep it verbatim.
- ``Line.text``: characters in order, with a space where there is a space
  character or a gap wider than a word space (relative to the font size);
  ligatures expanded, soft hyphens dropped (one ending the line becomes
  ``-``), NFC-normalized; glyphs without a Unicode mapping become U+FFFD.
- ``Line.styles``: italic and bold runs (from font names, TeX's included),
  and superscript runs (characters smaller than the line's body size and
  raised above its baseline, by ``THRESHOLDS.pdf_superscript_*``).
- ``Line.layout``: the line's box, body size, whether it is wholly bold or
  italic, its column and the column's text edges (where most of its body-size
  lines start and end), its number on the page in reading order, and whether
  a short rule (a drawn line, or a text line of dashes) stands just above it
  at the left of its column: a footnote separator.

Figures: an image large enough not to be a rule or a bullet, and a drawing
made of paths (lines, curves and rectangles set close together, in two
dimensions, not only horizontal rules, holding little text: a diagram, not a
ruled table), are each a line without text in their place in the reading
order (after the last line above them), with a ``figure`` hint naming them
(``p. 29, image 1 (548 × 736 pt)``); the passes set them as figure
placeholders, with a caption set beside them (see normalize/figures.py).

Margin furniture: rotated text, letters stacked vertically in a margin, and
text no reader sees (white on a white page, such as the ``VerDate`` lines of
government PDFs) are emitted after the page's other lines with
``Layout.column == -1``, the marker a pass uses to recognise and remove them.

Errors: RB201 (cannot be opened, encrypted, damaged page), RB205 (no text
layer: a scanned image; a warning when only some pages are), RB207 (a
``pages:`` range outside the document).
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from pathlib import Path

from ..diagnostics import Diagnostic, Diagnostics, ReaderbookError, Severity
from ..ir import BOLD, ITALIC, SUPERSCRIPT, Hint, Layout, Line, SourceText, Style
from ..normalize.thresholds import THRESHOLDS
from .properties import meaningful_author, meaningful_title

# --- characters

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "ft",
    "\ufb06": "st",
}
# Spacing accents that typesetters (TeX, some PDF writers) draw over a letter
# as a glyph of their own; put over the letter they stand on, they combine.
_ACCENTS = {
    "\u00b4": "\u0301",  # acute
    "`": "\u0300",
    "\u02cb": "\u0300",
    "\u00a8": "\u0308",  # diaeresis
    "\u02c6": "\u0302",  # circumflex
    "^": "\u0302",
    "\u02dc": "\u0303",  # tilde
    "~": "\u0303",
    "\u00af": "\u0304",  # macron
    "\u02c9": "\u0304",
    "\u02d8": "\u0306",  # breve
    "\u02d9": "\u0307",  # dot above
    "\u02da": "\u030a",  # ring
    "\u00b8": "\u0327",  # cedilla
    "\u02c7": "\u030c",  # caron
    "\u02dd": "\u030b",  # double acute
    "\u02db": "\u0328",  # ogonek
}
_SPACES = frozenset(" \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_CID = re.compile(r"\(cid:(\d+)\)")
# Glyphs of TeX's math fonts that often come without a Unicode mapping.
_TEX_CIDS = {
    "CMSY": {
        48: "\u2032",
        0: "\u2212",
        1: "\u00b7",
        2: "\u00d7",
        3: "\u2217",
        6: "\u00b1",
        15: "\u2022",
        112: "\u221a",
    },
    "CMEX": {0: "(", 1: ")", 2: "[", 3: "]", 16: "(", 17: ")", 18: "(", 19: ")", 20: "[", 21: "]", 32: "(", 33: ")"}
    | dict.fromkeys(range(112, 117), "\u221a"),
    "CMMI": {15: "\u03f5", 11: "\u03b1", 12: "\u03b2", 13: "\u03b3", 14: "\u03b4", 25: "\u03c0", 30: "\u03c6"},
}
_RULE_TEXT = re.compile(r"[-_\u2010-\u2015\u2500\u2501 ]+")
_RULE_CHARS = frozenset("-_\u2010\u2011\u2012\u2013\u2014\u2015\u2500\u2501")

_ITALIC_NAME = re.compile(r"(?i:italic|oblique|slanted|kursiv|inclined)|Ital|It(?![a-z])|Obl(?![a-z])")
_BOLD_NAME = re.compile(r"(?i:bold|black|heavy|demi(?!light)|semibold|extrabold|ultrabold)|Bd(?![a-z])")
_TEX_FONT = re.compile(r"(?i)(?:cm|ec|tc|sf|lm|eu)([a-z]*?)\d+$")

ITALIC_BIT, BOLD_BIT = 1, 2
_WORD_GAP = 0.15  # a gap wider than this share of the font size is a word space
_CHUNK_GAP = 0.5  # …and one wider than this share may separate columns
_MAX_DEPTH = 6


def _font_style(fontname: str) -> int:
    """Italic and bold bits from a font's name (``ABCDEF+Minion-BoldIt``, ``CMTI10``)."""
    name = fontname.split("+", 1)[-1]
    bits = 0
    tex = _TEX_FONT.fullmatch(name)
    if tex:
        kind = tex.group(1).lower()
        if "ti" in kind or "sl" in kind or kind.startswith("mi") or kind.endswith("i") or kind in ("it", "itt"):
            bits |= ITALIC_BIT
        if kind.startswith(("bx", "b")) or "bx" in kind or kind == "mib":
            bits |= BOLD_BIT
        return bits
    if _ITALIC_NAME.search(name):
        bits |= ITALIC_BIT
    if _BOLD_NAME.search(name):
        bits |= BOLD_BIT
    return bits


class _Ch:
    """One character of a page, in points from the page's top left."""

    __slots__ = ("x0", "x1", "top", "bottom", "base", "size", "text", "style", "space")

    def __init__(self, x0, x1, top, bottom, base, size, text, style, space):
        self.x0, self.x1, self.top, self.bottom = x0, x1, top, bottom
        self.base, self.size, self.text, self.style, self.space = base, size, text, style, space


class _Chunk:
    """Characters on one baseline with no wide gap between them."""

    __slots__ = ("chars", "x0", "x1", "top", "bottom", "base", "size", "n", "dead", "rows")

    def __init__(self, chars: list[_Ch]):
        self.chars = chars
        self.rows: list[_PageLine] = []  # a ruled table's rows, read where the table stands
        ink = [c for c in chars if not c.space] or chars
        self.x0 = min(c.x0 for c in ink)
        self.x1 = max(c.x1 for c in ink)
        self.top = min(c.top for c in ink)
        self.bottom = max(c.bottom for c in ink)
        self.base = ink[0].base
        self.size = max(c.size for c in ink)
        self.n = sum(1 for c in chars if not c.space)
        self.dead = False

    @classmethod
    def obstacle(cls, x0: float, x1: float, top: float, bottom: float) -> _Chunk:
        """A figure: no text, but it stands where it stands (it may span columns)."""
        chunk = cls.__new__(cls)
        chunk.chars, chunk.n, chunk.dead, chunk.rows = [], 0, False, []
        chunk.x0, chunk.x1, chunk.top, chunk.bottom = x0, x1, top, bottom
        chunk.base, chunk.size = bottom, bottom - top
        return chunk

    def absorb(self, other: _Chunk) -> None:
        self.chars.extend(other.chars)
        self.x0, self.x1 = min(self.x0, other.x0), max(self.x1, other.x1)
        self.n += other.n
        other.dead = True


class _PageLine:
    """A line of a page before it is numbered."""

    __slots__ = (
        "text",
        "styles",
        "x0",
        "x1",
        "top",
        "bottom",
        "size",
        "bold",
        "italic",
        "column",
        "col_x0",
        "col_x1",
        "rule",
        "figure",
        "table",
    )

    def __init__(self, text, styles, x0, x1, top, bottom, size, bold, italic, column):
        self.text, self.styles = text, styles
        self.x0, self.x1, self.top, self.bottom = x0, x1, top, bottom
        self.size, self.bold, self.italic, self.column = size, bold, italic, column
        self.col_x0, self.col_x1 = x0, x1
        self.rule = False
        self.figure = ""  # an image standing on the page: how a message names it (no text)
        self.table = 0  # a row of the page's n-th ruled table (1, 2, …): kept line for line


# --- the reader


def read_pdf(path: Path, shown: str, data: bytes, diagnostics: Diagnostics, options=None) -> SourceText:
    """Read a PDF's text layer into numbered lines with their layout."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds
        raise _cannot_open(shown, exc) from None
    try:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise _cannot_open(shown, exc) from None
        first, last = _page_range(getattr(options, "pages", None) if options is not None else None, count, shown)
        meta = _metadata(pdf, path)
        meta["pages"] = str(count)
        lines: list[Line] = []
        known: list[float] = []  # gutters found so far
        tables = 0  # ruled tables read so far: each one's rows are one group
        with_text = 0
        scanned: list[int] = []  # pages with images and no text
        for number in range(first, last + 1):
            page = pdf.pages[number - 1]
            try:
                page_lines, has_images = _read_page(page, known)
            except ReaderbookError:
                raise
            except Exception as exc:
                raise ReaderbookError(
                    [
                        Diagnostic(
                            "RB201",
                            Severity.ERROR,
                            f"page {number} of this PDF cannot be read ({_reason(exc)})",
                            shown,
                            hint="open the PDF in a viewer and print or save it as a new PDF, then give that",
                        )
                    ]
                ) from None
            finally:
                page.close()
            if any(not pl.figure for pl in page_lines):
                with_text += 1
            elif has_images:
                scanned.append(number)
            width, height = float(page.width), float(page.height)
            for k, pl in enumerate(page_lines, start=1):
                lines.append(
                    Line(
                        len(lines) + 1,
                        pl.text,
                        pl.styles,
                        Layout(
                            number,
                            round(pl.x0, 2),
                            round(pl.x1, 2),
                            round(pl.top, 2),
                            round(pl.bottom, 2),
                            pl.size,
                            width,
                            height,
                            pl.bold,
                            pl.italic,
                            pl.column,
                            round(pl.col_x0, 2),
                            round(pl.col_x1, 2),
                            k,
                            pl.rule,
                        ),
                        hint=_hint(number, pl, tables),
                        where=f"p. {number}, {pl.figure}" if pl.figure else f"p. {number}, line {k}",
                    )
                )
            tables += max((pl.table for pl in page_lines), default=0)
        read = last - first + 1
        if with_text == 0 or (with_text < 0.1 * read and len(scanned) == read - with_text):
            raise ReaderbookError(
                [
                    Diagnostic(
                        "RB205",
                        Severity.ERROR,
                        "this PDF has no text layer: it is a scanned image",
                        shown,
                        hint="run OCR on it first (for example ocrmypdf), then give the OCRed PDF",
                    )
                ]
            )
        if scanned:
            listed = ", ".join(map(str, scanned[:12])) + (", …" if len(scanned) > 12 else "")
            diagnostics.warning(
                "RB205",
                f"page{'s' if len(scanned) > 1 else ''} {listed} of this PDF {'have' if len(scanned) > 1 else 'has'} "
                "no text layer (scanned images): their text is missing",
                path=shown,
                hint="run OCR on the PDF (for example ocrmypdf), then give the OCRed PDF",
            )
    finally:
        pdf.close()
    return SourceText(path, shown, "pdf", tuple(lines), len(data), "pdf", meta=meta)


def _hint(number: int, pl: _PageLine, tables: int) -> Hint | None:
    """A figure names its image; a ruled table's row is kept line for line
    (``pre``), the rows of one table one group."""
    if pl.figure:
        return Hint("figure", path=f"p. {number}, {pl.figure}")
    if pl.table:
        return Hint("pre", group=tables + pl.table, path=f"p. {number}, table {pl.table}")
    return None


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "…"


def _cannot_open(shown: str, exc: Exception) -> ReaderbookError:
    chain, seen = [], exc
    while seen is not None and len(chain) < 6:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    names = " ".join(type(e).__name__ + " " + str(e) for e in chain)
    if re.search(r"(?i)password|encrypt", names):
        message = f"this PDF is encrypted and cannot be read without its password ({Path(shown).name})"
        hint = (
            "remove the encryption (for example: qpdf --decrypt --password=PASSWORD in.pdf out.pdf) and give that PDF"
        )
    else:
        message = f"this PDF cannot be opened: it is damaged or not a PDF ({_reason(exc)})"
        hint = "open it in a PDF viewer and save or print it as a new PDF (or repair it with qpdf), then give that"
    return ReaderbookError([Diagnostic("RB201", Severity.ERROR, message, shown, hint=hint)])


def _page_range(pages, count: int, shown: str) -> tuple[int, int]:
    if not pages:
        return 1, count
    if isinstance(pages, int):
        pages = (pages, pages)
    try:
        first, last = (int(v) for v in pages)
    except (TypeError, ValueError):
        first, last = 0, 0
    if not (1 <= first <= last <= count):
        raise ReaderbookError(
            [
                Diagnostic(
                    "RB207",
                    Severity.ERROR,
                    f"pages {_shown_range(pages)} are outside this PDF, which has {count} page{'s' if count != 1 else ''}",
                    shown,
                    hint=f"give a range within 1–{count} in 'pages:' for this text in book.yaml",
                )
            ]
        )
    return first, last


def _shown_range(pages) -> str:
    try:
        return "–".join(str(v) for v in pages)
    except TypeError:
        return str(pages)


# --- metadata


def _metadata(pdf, path: Path) -> dict[str, str]:
    meta: dict[str, str] = {}
    info = {}
    try:
        info = dict(pdf.metadata or {})
    except Exception:
        info = {}
    title = _clean_meta(info.get("Title"))
    author = _clean_meta(info.get("Author"))
    if not title or not author:
        xmp_title, xmp_author = _xmp(pdf)
        title = title or xmp_title
        author = author or xmp_author
    if meaningful_title(title, path.stem):
        meta["title"] = title
    if meaningful_author(author):
        meta["author"] = author
    return meta


def _clean_meta(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        for enc in ("utf-16", "utf-8", "latin-1"):
            try:
                value = value.decode(enc) if enc != "utf-16" or value[:2] in (b"\xfe\xff", b"\xff\xfe") else None
            except UnicodeDecodeError:
                continue
            if value is not None:
                break
        if not isinstance(value, str):
            return ""
    if not isinstance(value, str):
        return ""
    value = "".join(" " if unicodedata.category(c).startswith(("C", "Z")) else c for c in value)
    return unicodedata.normalize("NFC", " ".join(value.split()))


def _xmp(pdf) -> tuple[str, str]:
    try:
        from pdfminer.pdftypes import resolve1

        stream = resolve1(pdf.doc.catalog.get("Metadata"))
        if stream is None:
            return "", ""
        xml = stream.get_data().decode("utf-8", "replace")
    except Exception:
        return "", ""
    found = []
    for tag in ("title", "creator"):
        m = re.search(rf"<dc:{tag}\b[^>]*>(.*?)</dc:{tag}>", xml, re.S)
        text = ""
        if m:
            li = re.search(r"<rdf:li\b[^>]*>(.*?)</rdf:li>", m.group(1), re.S)
            text = li.group(1) if li else m.group(1)
            text = re.sub(r"<[^>]+>", "", text)
            text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
        found.append(_clean_meta(text))
    return found[0], found[1]


# --- a page


def _read_page(page, known: list[float]) -> tuple[list[_PageLine], bool]:
    """The page's lines in reading order, and whether it holds images."""
    width, height = float(page.width), float(page.height)
    raw = page.chars
    try:
        images = page.images
    except Exception:
        images = []
    has_images = bool(images)
    figures = _figure_lines(images, width, height) + _drawings(page, raw, width, height)
    if not raw:
        return figures, has_images
    styles: dict[str, int] = {}
    # How far below the glyph origin each font's boxes reach, as a share of
    # the size: the median over its characters, so a raised character (text
    # rise) is seen as raised.
    offsets: dict[str, list[float]] = {}
    upright, rotated = [], []
    for c in raw:
        text = c["text"]
        if not text or c["x1"] < 0 or c["x0"] > width or c["bottom"] < 0 or c["top"] > height:
            continue
        if c.get("upright", True):
            upright.append(c)
            size = c["size"] or 1.0
            offsets.setdefault(c["fontname"], []).append((c["y0"] - c["matrix"][5]) / size)
        else:
            rotated.append(c)
    font_offset = {}
    for font, vals in offsets.items():
        if len(vals) >= 12:
            vals.sort()
            font_offset[font] = vals[len(vals) // 2]
    chars: list[_Ch] = []
    hidden: list[_Ch] = []
    grounds = None
    for c in upright:
        ch = _make_char(c, styles)
        if ch is None:
            continue
        ch.base = _baseline(c, ch.size, font_offset.get(c["fontname"]))
        if not ch.space and _white(c.get("non_stroking_color")):
            if grounds is None:
                grounds = _grounds(page)
            cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
            if not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, x1, top, bottom in grounds):
                hidden.append(ch)
                continue
        chars.append(ch)
    lines: list[_PageLine] = []
    stacked: list[list[_Chunk]] = []
    # Rules that are a drawing's paths belong to the figure, not the layout.
    flat, upright = (
        [r for r in rules if not any(_meets(r, (f.x0, f.x1, f.top, f.bottom)) for f in figures)]
        for rules in _page_rules(page)
    )
    tables: list[_Chunk] = []
    for box, xs, ys in _ruled_tables(flat, upright):
        inside, outside = [], []
        for ch in chars:
            cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
            (inside if box[0] <= cx <= box[1] and box[2] <= cy <= box[3] else outside).append(ch)
        area = (box[1] - box[0]) * (box[3] - box[2])
        if sum(1 for ch in inside if not ch.space) <= THRESHOLDS.pdf_drawing_text * area / 1000:
            continue  # a drawing's few labels, not a table's cells
        rows = _table_rows(inside, xs, ys, len(tables) + 1)
        if rows:
            chars = outside
            table = _Chunk.obstacle(*box)
            table.rows = rows
            tables.append(table)
    if chars or tables:
        chunks = _chunks(chars) if chars else []
        chunks = _attach_small(chunks)
        chunks, stacked = _split_stacked(chunks)
        # Figures, tables and rules across the page count in the layout: one
        # across the columns divides them.
        for fig in figures:
            if (fig.x1 - fig.x0) * (fig.bottom - fig.top) < 0.5 * width * height:
                chunks.append(_Chunk.obstacle(fig.x0, fig.x1, fig.top, fig.bottom))
        chunks += tables
        for x0, x1, top, bottom in flat:
            if x1 - x0 >= THRESHOLDS.pdf_spanning_rule * width and not any(
                t.x0 <= x0 + 1 and x1 <= t.x1 + 1 and t.top - 1 <= top and bottom <= t.bottom + 1 for t in tables
            ):
                chunks.append(_Chunk.obstacle(x0, x1, top, bottom))
        leaves, gutters = _layout(chunks, known)
        lines = _leaf_lines(leaves, gutters)
        _column_edges(lines)
        _rules_above(lines, page)
        lines = _place_figures(lines, figures)
    # Text no reader sees on the page (white on white), rotated text and
    # letters stacked in a margin: margin furniture, after the page's lines.
    side = _rotated_lines(rotated, styles) + [_stack_line(s) for s in stacked]
    if hidden:
        side += _leaf_lines([_attach_small(_chunks(hidden))], [])
    side = [pl for pl in side if pl is not None]
    for pl in side:
        pl.column = -1
    side.sort(key=lambda pl: (pl.x0, pl.top))
    for pl in side:
        pl.col_x0, pl.col_x1 = pl.x0, pl.x1
    return lines + side, has_images


def _page_rules(page) -> tuple[list[tuple[float, float, float, float]], list[tuple[float, float, float, float]]]:
    """The page's drawn rules as boxes (x0, x1, top, bottom): horizontal ones
    (pieces set end to end, as a table's cell borders are drawn, made one) and
    vertical ones as drawn (where each piece ends marks a table's row)."""
    try:
        drawn = [*page.lines, *page.rects]
    except Exception:
        return [], []
    if len(drawn) > THRESHOLDS.pdf_drawing_max_paths:
        return [], []
    thin, touch = THRESHOLDS.pdf_rule_height, THRESHOLDS.pdf_rule_touch
    flat: list[list[float]] = []
    upright: list[tuple[float, float, float, float]] = []
    for o in drawn:
        x0, x1, top, bottom = float(o["x0"]), float(o["x1"]), float(o["top"]), float(o["bottom"])
        if bottom - top < thin <= x1 - x0:
            flat.append([x0, x1, top, bottom])
        elif x1 - x0 < thin <= bottom - top:
            upright.append((x0, x1, top, bottom))
    merged: list[list[float]] = []
    for r in sorted(flat, key=lambda r: (r[2], r[0])):
        for m in reversed(merged):
            if m[2] < r[2] - touch:
                merged.append(r)
                break
            if r[0] <= m[1] + touch and m[0] <= r[1] + touch:
                m[0], m[1], m[3] = min(m[0], r[0]), max(m[1], r[1]), max(m[3], r[3])
                break
        else:
            merged.append(r)
    return [(a, b, c, d) for a, b, c, d in merged], upright


_Box = tuple[float, float, float, float]


def _ruled_tables(flat: list[_Box], upright: list[_Box]) -> list[tuple[_Box, list[float], list[float]]]:
    """Ruled tables: rules that meet, horizontal ones with a vertical one
    between their ends (a column's border).  Each as its box, the x of its
    column borders and the y of its row borders (the horizontal rules, and
    where the vertical pieces end)."""
    items = flat + upright
    if not flat or not upright or len(items) > THRESHOLDS.pdf_drawing_max_paths // 10:
        return []
    touch = THRESHOLDS.pdf_rule_touch
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            if _meets(a, items[j]):
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in groups.values():
        rules = [items[i] for i in members if i < len(flat)]
        posts = [items[i] for i in members if i >= len(flat)]
        box = (
            min(b[0] for b in rules + posts),
            max(b[1] for b in rules + posts),
            min(b[2] for b in rules + posts),
            max(b[3] for b in rules + posts),
        )
        inner = [v for v in posts if box[0] + 2 * touch < (v[0] + v[1]) / 2 < box[1] - 2 * touch]
        if not rules or not inner:
            continue
        xs = _borders([box[0], box[1]] + [(v[0] + v[1]) / 2 for v in posts], touch)
        ys = _borders([box[2], box[3]] + [(r[2] + r[3]) / 2 for r in rules] + [y for v in posts for y in v[2:]], touch)
        out.append((box, xs, ys))
    return out


def _meets(a: _Box, b: _Box) -> bool:
    """Do two boxes (x0, x1, top, bottom) touch or overlap?"""
    touch = THRESHOLDS.pdf_rule_touch
    return a[0] - touch <= b[1] and b[0] - touch <= a[1] and a[2] - touch <= b[3] and b[2] - touch <= a[3]


def _borders(values: list[float], touch: float) -> list[float]:
    """Positions closer than ``touch`` made one."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= touch:
            continue
        out.append(v)
    return out


def _table_rows(chars: list[_Ch], xs: list[float], ys: list[float], number: int) -> list[_PageLine]:
    """A ruled table's rows, each one line: its cells left to right (a cell's
    lines joined), padded so the columns stand one under another."""
    ink = [c for c in chars if not c.space]
    if not ink:
        return []
    cells: dict[tuple[int, int], list[_Ch]] = {}
    for c in chars:
        cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
        cells.setdefault((bisect_left(ys, cy), bisect_left(xs, cx)), []).append(c)
    texts: dict[tuple[int, int], list[str]] = {}
    for key, members in cells.items():
        texts[key] = [line.text for line in _cell_lines(members)]
    # A row whose cells hold many lines is no row of the grid (the rules do
    # not divide the rows): read it line by line, as set.
    rows: list[list[tuple[int, str]]] = []
    for r in sorted({r for r, _ in texts}):
        keys = sorted(k for k in texts if k[0] == r)
        if max(len(texts[k]) for k in keys) > THRESHOLDS.pdf_table_cell_lines:
            depth = max(len(texts[k]) for k in keys)
            for i in range(depth):
                rows.append([(k[1], texts[k][i]) for k in keys if i < len(texts[k])])
        else:
            rows.append([(k[1], " ".join(texts[k])) for k in keys])
    rows = [row for row in rows if any(t for _, t in row)]
    used = sorted({col for row in rows for col, t in row if t})
    width = {col: max(len(t) for row in rows for c, t in row if c == col) for col in used}
    body = Counter(round(c.size, 1) for c in ink).most_common(1)[0][0]
    x0, x1 = min(c.x0 for c in ink), max(c.x1 for c in ink)
    top, bottom = min(c.top for c in ink), max(c.bottom for c in ink)
    step = (bottom - top) / max(len(rows), 1)
    out = []
    for k, row in enumerate(rows):
        found = dict(row)
        text = "  ".join(found.get(col, "").ljust(width[col]) for col in used).rstrip()
        line = _PageLine(text, (), x0, x1, top + k * step, top + (k + 1) * step, body, False, False, 0)
        line.table = number
        out.append(line)
    return out


def _cell_lines(chars: list[_Ch]) -> list[_PageLine]:
    """A table cell's lines, top to bottom."""
    chars = sorted(chars, key=lambda c: c.base)
    rows: list[list[_Ch]] = []
    for c in chars:
        if rows and c.base - rows[-1][-1].base <= max(0.5, 0.3 * c.size):
            rows[-1].append(c)
        else:
            rows.append([c])
    lines = (_make_line(row, 0) for row in rows)
    return [line for line in lines if line is not None]


def _figure_lines(images: list[dict], width: float, height: float) -> list[_PageLine]:
    """The page's images large enough to be figures (not a rule, a dot or a
    bullet drawn as an image), once each, as text-less lines in their places."""
    out: list[_PageLine] = []
    seen: set[tuple[int, int, int, int]] = set()
    for im in images:
        x0, x1 = max(im["x0"], 0.0), min(im["x1"], width)
        top, bottom = max(im["top"], 0.0), min(im["bottom"], height)
        box = (round(x0), round(x1), round(top), round(bottom))
        if x1 - x0 < THRESHOLDS.pdf_figure_width or bottom - top < THRESHOLDS.pdf_figure_height or box in seen:
            continue
        seen.add(box)
        line = _PageLine("", [], x0, x1, top, bottom, 0.0, False, False, 0)
        line.figure = f"image {len(out) + 1} ({round(x1 - x0)} × {round(bottom - top)} pt)"
        out.append(line)
    return out


def _drawings(page, chars: list[dict], width: float, height: float) -> list[_PageLine]:
    """Figures drawn as paths (a diagram, a graph): lines, curves and
    rectangles set close together make one drawing when it stands in two
    dimensions (not a rule, nor rules one under another), holds a path that is
    not horizontal, and holds little text — a drawing's labels, not a ruled
    table's cells."""
    try:
        paths = [*page.lines, *page.curves, *page.rects]
    except Exception:
        return []
    gap = THRESHOLDS.pdf_drawing_gap
    found: list[list] = []  # [x0, x1, top, bottom, paths, upright]
    if len(paths) > THRESHOLDS.pdf_drawing_max_paths:  # a page drawn in paths: one drawing, not thousands to merge
        paths = [
            {
                "x0": min(o["x0"] for o in paths),
                "x1": max(o["x1"] for o in paths),
                "top": min(o["top"] for o in paths),
                "bottom": max(o["bottom"] for o in paths),
            }
        ] * THRESHOLDS.pdf_drawing_paths
    for o in paths:
        box = [o["x0"], o["x1"], o["top"], o["bottom"], 1, o["bottom"] - o["top"] > THRESHOLDS.pdf_rule_height]
        near = [
            b
            for b in found
            if b[0] - gap <= box[1] and box[0] <= b[1] + gap and b[2] - gap <= box[3] and box[2] <= b[3] + gap
        ]
        while near:
            for b in near:
                found.remove(b)
                box = [
                    min(box[0], b[0]),
                    max(box[1], b[1]),
                    min(box[2], b[2]),
                    max(box[3], b[3]),
                    box[4] + b[4],
                    box[5] or b[5],
                ]
            near = [
                b
                for b in found
                if b[0] - gap <= box[1] and box[0] <= b[1] + gap and b[2] - gap <= box[3] and box[2] <= b[3] + gap
            ]
        found.append(box)
    out: list[_PageLine] = []
    for x0, x1, top, bottom, count, upright in sorted(found, key=lambda b: (b[2], b[0])):
        x0, x1, top, bottom = max(x0, 0.0), min(x1, width), max(top, 0.0), min(bottom, height)
        small = x1 - x0 < THRESHOLDS.pdf_drawing_side or bottom - top < THRESHOLDS.pdf_drawing_side
        if small or count < THRESHOLDS.pdf_drawing_paths or not upright:
            continue
        inside = sum(
            1
            for c in chars
            if c.get("text", "").strip()
            and x0 <= (c["x0"] + c["x1"]) / 2 <= x1
            and top <= (c["top"] + c["bottom"]) / 2 <= bottom
        )
        if inside > THRESHOLDS.pdf_drawing_text * (x1 - x0) * (bottom - top) / 1000:
            continue
        line = _PageLine("", [], x0, x1, top, bottom, 0.0, False, False, 0)
        line.figure = f"drawing {len(out) + 1} ({round(x1 - x0)} × {round(bottom - top)} pt)"
        out.append(line)
    return out


def _place_figures(lines: list[_PageLine], figures: list[_PageLine]) -> list[_PageLine]:
    """Figures in the reading order: each after the last line that stands above
    it across its width (else before the first line), in that line's column."""
    out = list(lines)
    for fig in sorted(figures, key=lambda f: (f.top, f.x0)):
        above = [
            k
            for k, pl in enumerate(out)
            if not pl.figure and pl.bottom <= fig.top + 1 and pl.x0 < fig.x1 and pl.x1 > fig.x0
        ]
        at = max(above, key=lambda k: (out[k].bottom, k)) + 1 if above else 0
        near = out[at - 1] if at else (out[0] if out else None)
        if near is not None:
            fig.size, fig.column = near.size, near.column
            fig.col_x0, fig.col_x1 = near.col_x0, near.col_x1
        out.insert(at, fig)
    return out


def _baseline(c: dict, size: float, offset: float | None) -> float:
    """Where the glyph's baseline stands, from the page's top: its origin,
    raised by any text rise (seen as a box offset unusual for its font)."""
    drop = c["y0"] - c["matrix"][5]  # the box's bottom below the origin (negative), plus any rise
    origin = c["bottom"] + drop
    if offset is not None:
        rise = drop - offset * size
        if abs(rise) > 0.05 * size:
            return origin - rise
    return origin


def _white(colour) -> bool:
    """Is a fill colour (gray, RGB or CMYK) white?"""
    if not isinstance(colour, (tuple, list)) or not colour:
        return False
    try:
        values = [float(v) for v in colour]
    except (TypeError, ValueError):
        return False
    if len(values) == 4:
        return all(v <= 0.02 for v in values)
    return len(values) in (1, 3) and all(v >= 0.98 for v in values)


def _grounds(page) -> list[tuple[float, float, float, float]]:
    """Boxes white text can be seen on: filled shapes of a colour, images."""
    boxes = []
    try:
        for r in page.rects:
            if r.get("fill") and not _white(r.get("non_stroking_color")):
                boxes.append((r["x0"], r["x1"], r["top"], r["bottom"]))
        for im in page.images:
            boxes.append((im["x0"], im["x1"], im["top"], im["bottom"]))
    except Exception:
        pass
    return boxes


def _make_char(c: dict, styles: dict[str, int]) -> _Ch | None:
    text = c["text"]
    font = c["fontname"]
    style = styles.get(font)
    if style is None:
        style = styles[font] = _font_style(font)
    m = c["matrix"]
    if m[3] and m[2] / m[3] > 0.12 and c.get("upright", True):  # a sheared (synthetic oblique) font
        style |= ITALIC_BIT
    if "(cid:" in text:
        text = _CID.sub(lambda mm: _cid_text(font, int(mm.group(1))), text)
    space = False
    if len(text) == 1:
        if text in _SPACES:
            space = True
        elif text in _INVISIBLE:
            return None
        elif unicodedata.category(text) == "Cc":
            if text in "\t\n\r":
                space = True
            else:
                return None
    elif text.isspace():
        space = True
    size = float(c["size"]) or 1.0
    return _Ch(float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]), 0.0, size, text, style, space)


def _cid_text(font: str, cid: int) -> str:
    name = font.split("+", 1)[-1].upper()
    for prefix, table in _TEX_CIDS.items():
        if name.startswith(prefix) and cid in table:
            return table[cid]
    return "\ufffd"


def _chunks(chars: list[_Ch]) -> list[_Chunk]:
    """Group characters into rows by baseline, and rows into chunks at wide gaps."""
    chars.sort(key=lambda c: c.base)
    rows: list[list[_Ch]] = []
    row: list[_Ch] = []
    last = None
    for c in chars:
        if last is not None and c.base - last > max(0.5, 0.1 * c.size):
            rows.append(row)
            row = []
        row.append(c)
        last = c.base
    rows.append(row)
    chunks: list[_Chunk] = []
    for row in rows:
        row.sort(key=lambda c: c.x0)
        current: list[_Ch] = []
        right = None
        size = 0.0
        for c in row:
            if c.space:
                current.append(c)
                continue
            if right is not None and c.x0 - right > _CHUNK_GAP * max(size, c.size):
                chunks.append(_Chunk(current))
                current = []
                right = None
            current.append(c)
            right = c.x1 if right is None else max(right, c.x1)
            size = c.size
        if any(not c.space for c in current):
            chunks.append(_Chunk(current))
    return chunks


def _is_accent(chunk: _Chunk) -> bool:
    return chunk.n == 1 and any(c.text in _ACCENTS for c in chunk.chars if not c.space)


def _attach_small(chunks: list[_Chunk]) -> list[_Chunk]:
    """Put small raised or lowered chunks (note markers, exponents, indices)
    and stand-alone accents into the line they stand beside."""
    chunks.sort(key=lambda ch: ch.base)
    bases = [ch.base for ch in chunks]
    small = sorted((ch for ch in chunks if 0 < ch.n <= 6), key=lambda ch: ch.size)
    cores: dict[int, tuple[float, float]] = {}  # the box of a chunk's ordinary characters
    for c in small:
        if c.dead:
            continue
        accent = _is_accent(c)
        # A radical or other operator TeX hangs from above the line.
        symbol = c.n <= 2 and all(unicodedata.category(x.text[:1]) == "Sm" for x in c.chars if not x.space)
        lo = bisect_left(bases, c.base - 1.5 * c.size)
        hi = bisect_right(bases, c.base + 3.0 * c.size)
        best, best_score = None, None
        for h in chunks[lo:hi]:
            if h is c or h.dead or not h.n:
                continue
            if h.n <= 2 and (accent or symbol) and (_is_accent(h) or h.size <= c.size):
                continue
            gap = max(c.x0 - h.x1, h.x0 - c.x1)
            if gap > 0.6 * h.size:
                continue
            if symbol and c.size >= 0.92 * h.size:
                core = cores.get(id(h))
                if core is None:
                    ink = [x for x in h.chars if not x.space]
                    core = cores[id(h)] = (_median([x.top for x in ink]), _median([x.bottom for x in ink]))
                overlap = min(c.bottom, core[1]) - max(c.top, core[0])
                if overlap < 0.4 * (c.bottom - c.top) or gap > 0:
                    continue
                score = h.size - overlap
            else:
                if not accent and c.size >= 0.92 * h.size:
                    continue
                rise = h.base - c.base  # > 0: c stands higher
                if not (-0.5 * h.size <= rise <= 0.8 * h.size) or abs(rise) < 1e-6:
                    continue
                if c.bottom < h.top or c.top > h.bottom:
                    continue
                if accent and gap > 0:
                    continue
                score = abs(rise) + max(gap, 0.0)
            if best_score is None or score < best_score:
                best, best_score = h, score
        if best is not None:
            best.absorb(c)
    return [ch for ch in chunks if not ch.dead]


def _split_stacked(chunks: list[_Chunk]) -> tuple[list[_Chunk], list[list[_Chunk]]]:
    """Find upright characters stacked one above another in a margin
    (vertical text set letter by letter)."""
    wide = [ch for ch in chunks if ch.n >= 4]
    singles = [ch for ch in chunks if ch.n == 1]
    if len(singles) < 4 or not wide:
        return chunks, []
    left = min(ch.x0 for ch in wide)
    right = max(ch.x1 for ch in wide)
    margin = [ch for ch in singles if ch.x1 < left or ch.x0 > right]
    if len(margin) < 4:
        return chunks, []
    margin.sort(key=lambda ch: (ch.x0 + ch.x1) / 2)
    piles: list[list[_Chunk]] = []
    for ch in margin:
        centre = (ch.x0 + ch.x1) / 2
        if piles and centre - (piles[-1][0].x0 + piles[-1][0].x1) / 2 < 0.5 * ch.size:
            piles[-1].append(ch)
        else:
            piles.append([ch])
    stacks: list[list[_Chunk]] = []
    for pile in piles:
        pile.sort(key=lambda ch: ch.base)
        run: list[_Chunk] = []
        for ch in pile:
            if run and not (0 < ch.base - run[-1].base <= 1.5 * max(ch.size, run[-1].size)):
                if len(run) >= 4:
                    stacks.append(run)
                run = []
            run.append(ch)
        if len(run) >= 4:
            stacks.append(run)
    if not stacks:
        return chunks, []
    taken = {id(ch) for s in stacks for ch in s}
    return [ch for ch in chunks if id(ch) not in taken], stacks


# --- columns


def _rows_of(chunks: list[_Chunk], body: float) -> int:
    return len({round(ch.base / (0.5 * body)) for ch in chunks})


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0


def _body_size(chunks: list[_Chunk]) -> float:
    sizes = Counter()
    for ch in chunks:
        for c in ch.chars:
            if not c.space:
                sizes[round(c.size, 1)] += 1
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _layout(chunks: list[_Chunk], known: list[float]) -> tuple[list[list[_Chunk]], list[float]]:
    """The page's chunks grouped into leaves (single-column blocks) in reading
    order, and the gutters (x positions) that separate columns.  ``known``:
    gutters found on earlier pages, which make a gutter at the same place
    believable on less evidence (a page with two lines in each column)."""
    body = _body_size(chunks)
    leaves: list[list[_Chunk]] = []
    gutters: list[float] = []
    _regions(chunks, body, 0, leaves, gutters, known)
    return leaves, gutters


def _coverage(chunks: list[_Chunk], lo: int, hi: int) -> list[int]:
    diff = [0] * (hi - lo + 2)
    for ch in chunks:
        a = max(0, int(math.floor(ch.x0)) - lo)
        b = min(hi - lo + 1, int(math.ceil(ch.x1)) - lo)
        if b > a:
            diff[a] += 1
            diff[b] -= 1
    cov, run = [], 0
    for d in diff[:-1]:
        run += d
        cov.append(run)
    return cov


def _runs(cov: list[int], limit: int, lo: int, min_width: float) -> list[tuple[float, float]]:
    """Interior runs of x where at most ``limit`` chunks stand."""
    peak = max(cov) if cov else 0
    high = max(1, peak * 0.3)
    runs = []
    start = None
    seen_high = False
    for i, v in enumerate(cov):
        if v <= limit:
            if start is None:
                start = i
        else:
            if start is not None and seen_high and i - start >= min_width:
                runs.append((start, i))
            start = None
            if v >= high:
                seen_high = True
    # Keep only runs with high coverage on their right as well, narrowed to
    # their emptiest stretch (ragged line ends make a run wider than the gutter).
    out = []
    for a, b in runs:
        if not any(v >= high for v in cov[b:]):
            continue
        least = min(cov[a:b])
        best, start = (a, b), None
        widest = 0
        for i in range(a, b + 1):
            if i < b and cov[i] == least:
                if start is None:
                    start = i
            elif start is not None:
                if i - start > widest:
                    widest, best = i - start, (start, i)
                start = None
        if widest < min_width:
            best = (a, b)
        out.append((best[0] + lo, best[1] + lo))
    return out


def _sides(chunks, g0, g1):
    """The chunks left and right of a gutter, and those that span it."""
    left, right, cross = [], [], []
    mid = (g0 + g1) / 2
    for ch in chunks:
        if ch.x0 < g0 - 0.5 and ch.x1 > g1 + 0.5:
            cross.append(ch)
        elif (ch.x0 + ch.x1) / 2 < mid:
            left.append(ch)
        else:
            right.append(ch)
    return left, right, cross


def _column_like(left, right, body, seen: bool) -> bool:
    """Two sides of a gutter that read as columns set side by side (``seen``:
    the gutter stands where earlier pages had one)."""
    if not left or not right:
        return False
    rows_l, rows_r = _rows_of(left, body), _rows_of(right, body)
    if not seen and (
        min(rows_l, rows_r) < THRESHOLDS.pdf_column_rows or max(rows_l, rows_r) < THRESHOLDS.pdf_column_rows_most
    ):
        return False
    for side in (left, right):
        rows: dict[int, list[float]] = {}
        for ch in side:
            row = rows.setdefault(round(ch.base / (0.5 * body)), [ch.x0, ch.x1])
            row[0], row[1] = min(row[0], ch.x0), max(row[1], ch.x1)
        if _median([x1 - x0 for x0, x1 in rows.values()]) < THRESHOLDS.pdf_column_line * body:
            return False
        if max(ch.x1 for ch in side) - min(ch.x0 for ch in side) < THRESHOLDS.pdf_column_measure * body:
            return False
    top_l, bot_l = min(ch.top for ch in left), max(ch.bottom for ch in left)
    top_r, bot_r = min(ch.top for ch in right), max(ch.bottom for ch in right)
    overlap = min(bot_l, bot_r) - max(top_l, top_r)
    return overlap >= THRESHOLDS.pdf_column_overlap * min(bot_l - top_l, bot_r - top_r)


def _regions(chunks, body, depth, leaves, gutters, known, inherited=None) -> None:
    """Cut a region of the page into leaves, in reading order: at gutters no
    line crosses (columns from top to bottom), else at gutters a few lines
    (or figures, tables, rules) cross — above and below which the region is
    cut into bands, each read on its own.  ``inherited``: the gutters of the
    region this band was cut from, used when the band shows none itself."""
    if depth >= _MAX_DEPTH or len(chunks) < 2:
        leaves.append(chunks)
        return
    lo = int(math.floor(min(ch.x0 for ch in chunks)))
    hi = int(math.ceil(max(ch.x1 for ch in chunks)))
    cov = _coverage(chunks, lo, hi)
    min_width = max(2.0, THRESHOLDS.pdf_gutter_width * body)
    same = THRESHOLDS.pdf_gutter_same

    def accept(g0, g1, left, right) -> bool:
        mid = (g0 + g1) / 2
        if _column_like(left, right, body, False):
            if not any(abs(k - mid) <= same for k in known):
                known.append(mid)
            return True
        return any(abs(k - mid) <= same for k in known) and _column_like(left, right, body, True)

    # Gutters nothing crosses: columns from top to bottom.
    strict = []
    for g0, g1 in _runs(cov, 0, lo, min_width):
        left, right, _ = _sides(chunks, g0, g1)
        if accept(g0, g1, left, right):
            strict.append((g0 + g1) / 2)
    if strict:
        gutters.extend(strict)
        _split(chunks, strict, body, depth, leaves, gutters, known)
        return
    # Gutters a few lines cross (a title, a footer, a note across the page),
    # and any number of figures, tables and rules: the text's own coverage
    # finds them.  Cut above and below what crosses, and read the bands.
    text = [ch for ch in chunks if ch.n]
    tcov = _coverage(text, lo, hi) if text else []
    peak = max(tcov) if tcov else 0
    soft = []
    crossing: dict[int, _Chunk] = {}
    if peak >= 3:
        for g0, g1 in _runs(tcov, max(2, int(peak * THRESHOLDS.pdf_gutter_low)), lo, min_width):
            left, right, cross = _sides(chunks, g0, g1)
            words = [ch for ch in cross if ch.n]
            if not cross:
                continue
            beside = min(_rows_of(left, body), _rows_of(right, body)) if left and right else 0
            if _rows_of(words, body) > max(2, THRESHOLDS.pdf_gutter_crossers * beside):
                continue
            if accept(g0, g1, left, right):
                soft.append((g0 + g1) / 2)
                for ch in cross:
                    crossing[id(ch)] = ch
    if not soft:
        if inherited:
            _split(chunks, inherited, body, depth, leaves, gutters, known)
        else:
            leaves.append(chunks)
        return
    gutters.extend(soft)
    soft.sort()
    # Rows of spanning chunks (with whatever stands beside them) separate bands.
    spans = sorted(crossing.values(), key=lambda ch: ch.top)
    bars: list[list[float]] = []
    for ch in spans:
        if bars and ch.top < bars[-1][1] - 0.2 * (ch.bottom - ch.top):
            bars[-1][1] = max(bars[-1][1], ch.bottom)
        else:
            bars.append([ch.top, ch.bottom])
    bands: list[list[_Chunk]] = [[] for _ in range(2 * len(bars) + 1)]
    bar_tops = [b[0] for b in bars]
    for ch in chunks:
        mid = (ch.top + ch.bottom) / 2
        i = bisect_right(bar_tops, mid) - 1
        if id(ch) in crossing or (i >= 0 and mid <= bars[i][1]):
            bands[2 * i + 1].append(ch)
        else:
            bands[2 * (i + 1)].append(ch)
    for k in range(0, len(bands), 2):
        if k + 1 < len(bands) and _holds_element(bands[k + 1]):
            moved = _strays(bands[k], soft, body, below=True)
            bands[k] = [ch for ch in bands[k] if ch not in moved]
            bands[k + 1] = moved + bands[k + 1]
        if k > 0:  # under a title: its byline; under a figure or table: its caption
            moved = _strays(bands[k], soft, body, below=False)
            bands[k] = [ch for ch in bands[k] if ch not in moved]
            bands[k - 1] = bands[k - 1] + moved
    for k, band in enumerate(bands):
        if not band:
            continue
        if k % 2:
            leaves.append(band)
        else:
            _regions(band, body, depth + 1, leaves, gutters, known, soft)


def _split(chunks, at: list[float], body, depth, leaves, gutters, known) -> None:
    """Read the region's columns, divided at the gutters ``at``, left first."""
    parts: list[list[_Chunk]] = [[] for _ in range(len(at) + 1)]
    for ch in chunks:
        parts[bisect_left(at, (ch.x0 + ch.x1) / 2)].append(ch)
    for part in parts:
        if part:
            _regions(part, body, depth + 1, leaves, gutters, known)


def _holds_element(bar: list[_Chunk]) -> bool:
    """A band of the page holding a figure or a table (not only lines or rules)."""
    return any(not ch.n and (ch.rows or ch.bottom - ch.top > THRESHOLDS.pdf_rule_height) for ch in bar)


def _strays(band: list[_Chunk], at: list[float], body: float, below: bool) -> list[_Chunk]:
    """Lines of a band's column that stand below where every other column
    ends (``below``: over a figure or table, its title) or above where they
    all begin (under a title, a byline; under a figure, its caption), set off
    from their own column by a gap: part of the element beside them, not of
    the column's text."""
    parts: list[list[_Chunk]] = [[] for _ in range(len(at) + 1)]
    for ch in band:
        if ch.n:
            parts[bisect_left(at, (ch.x0 + ch.x1) / 2)].append(ch)
    filled = [part for part in parts if part]
    if len(filled) < 2:
        return []
    gap = THRESHOLDS.pdf_stray_gap * body
    for part in filled:
        others = [ch for other in filled if other is not part for ch in other]
        if below:
            line = max(ch.bottom for ch in others)
            out = [ch for ch in part if ch.top > line]
            rest = [ch for ch in part if ch.top <= line]
            apart = bool(rest) and min((ch.top for ch in out), default=0) - max(ch.bottom for ch in rest) >= gap
        else:
            line = min(ch.top for ch in others)
            out = [ch for ch in part if ch.bottom < line]
            rest = [ch for ch in part if ch.bottom >= line]
            apart = bool(rest) and min(ch.top for ch in rest) - max((ch.bottom for ch in out), default=0) >= gap
        if out and apart and _rows_of(out, body) <= THRESHOLDS.pdf_stray_rows:
            return out
    return []


# --- lines


def _leaf_lines(leaves: list[list[_Chunk]], gutters: list[float]) -> list[_PageLine]:
    gutters = sorted(gutters)
    merged: list[float] = []
    for g in gutters:
        if merged and g - merged[-1] < 12:
            continue
        merged.append(g)
    lines: list[_PageLine] = []
    for leaf in leaves:
        tables = sorted((ch for ch in leaf if ch.rows), key=lambda ch: ch.top)
        leaf = [ch for ch in leaf if ch.n]
        if tables:
            # A ruled table reads as a whole where it stands: after the
            # leaf's lines above it.
            here = _leaf_lines([leaf], merged) if leaf else []
            for table in tables:
                at = sum(1 for pl in here if pl.top < table.top)
                column = bisect_left(merged, table.x0)
                for row in table.rows:
                    row.column = column
                here[at:at] = table.rows
            lines.extend(here)
            continue
        if not leaf:
            continue
        column = bisect_left(merged, min(ch.x0 for ch in leaf))
        leaf.sort(key=lambda ch: ch.base)
        rows: list[list[_Chunk]] = []
        for ch in leaf:
            if rows:
                ref = rows[-1][0]
                if ch.base - ref.base <= 0.3 * min(ch.size, ref.size) and (ch.top < ref.bottom and ch.bottom > ref.top):
                    rows[-1].append(ch)
                    continue
            rows.append([ch])
        for row in rows:
            chars = [c for ch in row for c in ch.chars]
            line = _make_line(chars, column)
            if line is not None:
                lines.append(line)
    return lines


def _make_line(chars: list[_Ch], column: int) -> _PageLine | None:
    """A line's text, styles and box from its characters."""
    chars.sort(key=lambda c: c.x0)
    ink = [c for c in chars if not c.space]
    if not ink:
        return None
    sizes = Counter(round(c.size, 1) for c in ink)
    body = sizes.most_common(1)[0][0]
    base = _median([c.base for c in ink if round(c.size, 1) == body])
    sup_size = THRESHOLDS.pdf_superscript_size * body
    sup_rise = THRESHOLDS.pdf_superscript_rise * body
    chars, fraction = _fractions(chars, base, sup_size, sup_rise)
    pieces: list[list] = []  # [text, style bits, superscript]
    prev: _Ch | None = None
    prev_sup = False
    pending_space = False
    pending_marks = ""
    for i, c in enumerate(chars):
        if c.space:
            pending_space = True
            continue
        text = c.text
        if text in _ACCENTS and prev is not None and pieces:
            mid = (c.x0 + c.x1) / 2
            if prev.x0 - 0.5 <= mid <= prev.x1 + 0.5 and not pending_space:
                pieces[-1][0] += _ACCENTS[text]
                continue
            nxt = next((d for d in chars[i + 1 :] if not d.space), None)
            if nxt is not None and nxt.x0 - 0.5 <= mid <= nxt.x1 + 0.5:
                pending_marks += _ACCENTS[text]
                continue
        if prev is not None and text == prev.text and abs(c.x0 - prev.x0) < 0.3 * max(c.x1 - c.x0, 0.5):
            if abs(c.base - prev.base) < 0.5:  # overprinted: a fake bold
                pieces[-1][1] |= BOLD_BIT
                continue
        sup = c.size < sup_size and base - c.base > sup_rise and id(c) not in fraction
        if prev is not None:
            gap = c.x0 - prev.x1
            # A note marker set off by a hair space still belongs to its word.
            tolerance = 0.25 * max(c.size, prev.size) if sup and not prev_sup else _WORD_GAP * min(c.size, prev.size)
            if pending_space or gap > tolerance:
                pieces.append([" ", c.style & prev.style, sup and pieces[-1][2]])
        text = _LIGATURES.get(text, text) if len(text) == 1 else "".join(_LIGATURES.get(t, t) for t in text)
        pieces.append([text + pending_marks, c.style, sup])
        pending_marks = ""
        pending_space = False
        prev, prev_sup = c, sup
    # Soft hyphens, tabs, normalization.
    out: list[tuple[str, int, bool]] = []
    for k, (text, style, sup) in enumerate(pieces):
        if "\u00ad" in text:
            last = k == len(pieces) - 1
            text = text.replace("\u00ad", "")
            if last and pieces[k][0].endswith("\u00ad"):
                text += "-"
        if not text:
            continue
        if unicodedata.combining(text[0]) and out:
            ptext, pstyle, psup = out[-1]
            out[-1] = (unicodedata.normalize("NFC", ptext + text), pstyle, psup)
            continue
        out.append((unicodedata.normalize("NFC", text), style, sup))
    while out and out[-1][0] == " ":
        out.pop()
    while out and out[0][0] == " ":
        out.pop(0)
    if not out:
        return None
    line_text = "".join(t for t, _, _ in out)
    styles: list[Style] = []
    for kind, test in ((ITALIC, lambda s, p: s & ITALIC_BIT), (BOLD, lambda s, p: s & BOLD_BIT), (SUPERSCRIPT, None)):
        start = None
        pos = 0
        for text, style, sup in out:
            on = bool(sup) if test is None else bool(test(style, sup))
            if on and start is None:
                start = pos
            elif not on and start is not None:
                styles.append(Style(start, pos, kind))
                start = None
            pos += len(text)
        if start is not None:
            styles.append(Style(start, pos, kind))
    # A run may not start or end on a space.
    styles = [s for s in (_trim(s, line_text) for s in styles) if s is not None]
    styles.sort(key=lambda s: (s.start, s.kind))
    if unicodedata.normalize("NFC", line_text) != line_text:
        line_text = unicodedata.normalize("NFC", line_text)
        styles = [Style(s.start, min(s.end, len(line_text)), s.kind) for s in styles if s.start < len(line_text)]
    body_chars = [c for c in ink if not (c.size < sup_size and base - c.base > sup_rise)] or ink
    size = Counter(round(c.size, 1) for c in body_chars).most_common(1)[0][0]
    letters = [c for c in body_chars if c.text.isalpha()] or body_chars
    italic = sum(1 for c in letters if c.style & ITALIC_BIT) >= 0.9 * len(letters)
    bold = sum(1 for c in letters if c.style & BOLD_BIT) >= 0.9 * len(letters)
    return _PageLine(
        line_text,
        tuple(styles),
        min(c.x0 for c in ink),
        max(c.x1 for c in ink),
        min(c.top for c in ink),
        max(c.bottom for c in ink),
        size,
        bold,
        italic,
        column,
    )


def _fractions(chars: list[_Ch], base: float, small: float, rise: float) -> tuple[list[_Ch], set[int]]:
    """Small figures set one above the other (an inline fraction, ¹⁄₁₀ as TeX
    sets it) read numerator, "/", denominator; the numerator is no superscript."""
    kinds = []
    for c in chars:
        if c.space or c.size >= small:
            kinds.append(0)
        elif base - c.base > rise:
            kinds.append(1)
        elif c.base - base > rise:
            kinds.append(-1)
        else:
            kinds.append(0)
    if 1 not in kinds or -1 not in kinds:
        return chars, set()
    out: list[_Ch] = []
    numerators: set[int] = set()
    i = 0
    while i < len(chars):
        if not kinds[i]:
            out.append(chars[i])
            i += 1
            continue
        j = i
        while j < len(chars) and kinds[j]:
            j += 1
        ups = [c for c, k in zip(chars[i:j], kinds[i:j]) if k == 1]
        downs = [c for c, k in zip(chars[i:j], kinds[i:j]) if k == -1]
        stacked = (
            ups
            and downs
            and min(c.x1 for c in ups) > max(c.x0 for c in downs) - 0.5
            and min(c.x1 for c in downs) > max(c.x0 for c in ups) - 0.5
        )
        if stacked:
            right = max(c.x1 for c in ups)
            slash = _Ch(right, right, ups[0].top, ups[0].bottom, ups[0].base, ups[0].size, "/", ups[0].style, False)
            out.extend(ups)
            out.append(slash)
            out.extend(downs)
            numerators.update(id(c) for c in ups)
            numerators.add(id(slash))
        else:
            out.extend(chars[i:j])
        i = j
    return out, numerators


def _trim(style: Style, text: str) -> Style | None:
    start, end = style.start, style.end
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return Style(start, end, style.kind) if end > start else None


def _column_edges(lines: list[_PageLine]) -> None:
    """Each column's left and right text edges, from its body-size lines."""
    by_column: dict[int, list[_PageLine]] = {}
    for pl in lines:
        by_column.setdefault(pl.column, []).append(pl)
    for members in by_column.values():
        sizes = Counter(pl.size for pl in members)
        body = sizes.most_common(1)[0][0]
        sample = [pl for pl in members if abs(pl.size - body) <= 0.6] or members
        x0s = sorted(pl.x0 for pl in sample)
        x1s = sorted(pl.x1 for pl in sample)
        col_x0 = _edge(x0s, 1) or x0s[int(0.05 * (len(x0s) - 1))]
        col_x1 = _edge(x1s, -1) or x1s[int(math.ceil(0.95 * (len(x1s) - 1)))]
        for pl in members:
            pl.col_x0, pl.col_x1 = col_x0, col_x1


def _edge(values: list[float], side: int) -> float | None:
    """The outermost x (leftmost for ``side`` 1, rightmost for -1) at which a
    good share of the lines start or end: the column's edge, past margin
    labels and hanging numbers (``values`` sorted)."""
    need = max(2, math.ceil(0.15 * len(values)))
    if len(values) < 3:
        return None
    ordered = values if side == 1 else values[::-1]
    for i, v in enumerate(ordered):
        j_values = ordered[i : i + need]
        if len(j_values) < need:
            break
        if abs(j_values[-1] - v) <= 1.0:
            return v
    return None


def _rules_above(lines: list[_PageLine], page) -> None:
    """Mark lines with a short horizontal rule (drawn, or a line of dashes)
    just above them in their column: a footnote separator."""
    rules: list[tuple[float, float, float, float]] = []
    try:
        drawn = list(page.lines) + list(page.rects)
    except Exception:
        drawn = []
    for obj in drawn:
        x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
        if bottom - top < 2 and x1 - x0 >= 6:
            rules.append((x0, x1, top, bottom))
    rules.sort(key=lambda r: r[3])
    bottoms = [r[3] for r in rules]
    previous: dict[int, _PageLine] = {}
    for pl in lines:
        col_width = max(pl.col_x1 - pl.col_x0, 1.0)
        reach = 2.4 * pl.size
        prev = previous.get(pl.column)
        if (
            prev is not None
            and _RULE_TEXT.fullmatch(prev.text)
            and (sum(ch in _RULE_CHARS for ch in prev.text) >= 2 or prev.x1 - prev.x0 >= 2 * prev.size)
            and prev.x1 - prev.x0 < 0.5 * col_width
            and prev.x0 <= pl.col_x0 + 2 * pl.size
            and 0 <= pl.top - prev.bottom + 0.5 * pl.size <= reach + pl.size
        ):
            pl.rule = True
        else:
            near = rules[bisect_left(bottoms, pl.top - reach) : bisect_right(bottoms, pl.top + 0.5)]
            for x0, x1, top, bottom in near:
                if x1 - x0 >= 0.5 * col_width:
                    continue
                if not (pl.col_x0 - pl.size <= x0 and x1 <= pl.col_x1 + pl.size):
                    continue
                if x0 > pl.col_x0 + 2 * pl.size:
                    continue
                if not (bottom <= pl.top + 0.5 and pl.top - bottom <= reach):
                    continue
                if prev is not None and top <= prev.bottom + 0.5:  # an underline of the line above
                    continue
                pl.rule = True
                break
        previous[pl.column] = pl


# --- rotated and vertical text


def _rotated_lines(chars: list[dict], styles: dict[str, int]) -> list[_PageLine]:
    """Lines of text set at an angle (margin furniture), read along their direction."""
    if not chars:
        return []
    groups: dict[int, list[tuple[float, float, float, _Ch]]] = {}
    for c in chars:
        ch = _make_char(c, styles)
        if ch is None:
            continue
        a, b = c["matrix"][0], c["matrix"][1]
        norm = math.hypot(a, b) or 1.0
        ux, uy = a / norm, -b / norm  # the reading direction, y downwards
        vx, vy = -uy, ux
        w, h = ch.x1 - ch.x0, ch.bottom - ch.top
        size = w if abs(ux) < 0.2 else h if abs(uy) < 0.2 else min(w, h)
        ch.size = max(size, 0.5)
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        perp = cx * vx + cy * vy
        corners = [x * ux + y * uy for x in (ch.x0, ch.x1) for y in (ch.top, ch.bottom)]
        angle = round(math.degrees(math.atan2(uy, ux)) / 5)
        groups.setdefault(angle, []).append((perp, min(corners), max(corners), ch))
    lines = []
    for items in groups.values():
        items.sort(key=lambda t: t[0])
        clusters: list[list] = []
        for item in items:
            if clusters and item[0] - clusters[-1][-1][0] <= 0.3 * item[3].size:
                clusters[-1].append(item)
            else:
                clusters.append([item])
        for cluster in clusters:
            cluster.sort(key=lambda t: t[1])
            text = []
            prev_end = None
            pending = False
            for _, s0, s1, ch in cluster:
                if ch.space:
                    pending = True
                    continue
                if prev_end is not None and (pending or s0 - prev_end > _WORD_GAP * ch.size):
                    text.append(" ")
                text.append(ch.text)
                prev_end = s1
                pending = False
            pl = _simple_line("".join(text), [t[3] for t in cluster])
            if pl is not None:
                lines.append(pl)
    return lines


def _stack_line(stack: list[_Chunk]) -> _PageLine | None:
    """Letters set one under another: a word space is a wider step than the rest."""
    chars = [c for ch in sorted(stack, key=lambda ch: ch.base) for c in ch.chars if not c.space]
    steps = sorted(b.base - a.base for a, b in zip(chars, chars[1:]))
    usual = steps[len(steps) // 2] if steps else 0.0
    text = []
    for k, c in enumerate(chars):
        if k and c.base - chars[k - 1].base > 1.5 * usual:
            text.append(" ")
        text.append(c.text)
    return _simple_line("".join(text), chars)


def _simple_line(text: str, chars: list[_Ch]) -> _PageLine | None:
    text = "".join(_LIGATURES.get(t, t) for t in text).replace("\u00ad", "")
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    ink = [c for c in chars if not c.space]
    if not text or not ink:
        return None
    size = Counter(round(c.size, 1) for c in ink).most_common(1)[0][0]
    letters = [c for c in ink if c.text.isalpha()] or ink
    return _PageLine(
        text,
        (),
        min(c.x0 for c in ink),
        max(c.x1 for c in ink),
        min(c.top for c in ink),
        max(c.bottom for c in ink),
        size,
        sum(1 for c in letters if c.style & BOLD_BIT) >= 0.9 * len(letters),
        sum(1 for c in letters if c.style & ITALIC_BIT) >= 0.9 * len(letters),
        -1,
    )


__all__ = ["read_pdf"]
