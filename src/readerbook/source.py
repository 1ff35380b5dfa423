"""Read a raw text and decode it into numbered lines.

Line numbers are those of the file on disk and never change afterwards: every
later stage refers back to them.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Diagnostics, ReaderbookError, Severity

# Characters that are spaces in all but name; folded to a plain space.
_ODD_SPACES = dict.fromkeys(
    map(ord, "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"), " "
)
# Invisible characters with no business in running text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the original file
    text: str


@dataclass(frozen=True)
class SourceText:
    path: Path
    shown: str  # the path as it is shown in messages
    encoding: str
    lines: tuple[Line, ...]
    raw_bytes: int


def decode(data: bytes, shown: str, diagnostics: Diagnostics) -> tuple[str, str]:
    """Decode bytes: UTF-8 (with or without BOM), else a detected legacy encoding."""
    if b"\x00" in data[:8192]:
        raise ReaderbookError(
            [
                Diagnostic(
                    "RB201",
                    Severity.ERROR,
                    "this looks like a binary file, not a text",
                    shown,
                    hint="export the document as plain text (UTF-8) first",
                )
            ]
        )
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
    encoding = _detect_legacy(data)
    if encoding is None:
        raise ReaderbookError(
            [
                Diagnostic(
                    "RB202",
                    Severity.ERROR,
                    "the file is not UTF-8 and its encoding could not be detected",
                    shown,
                    bad_line,
                    hint="re-save the text as UTF-8",
                )
            ]
        )
    text = data.decode(encoding)
    diagnostics.warning(
        "RB203",
        f"not UTF-8 (first bad byte on this line); decoded as {encoding}",
        path=shown,
        line=bad_line,
        hint="check accented letters and quotation marks, or re-save the text as UTF-8",
    )
    return text, encoding


def _detect_legacy(data: bytes) -> str | None:
    """The most likely legacy encoding.  charset-normalizer guesses; where its
    guess reads the bytes exactly as Windows-1252 does (the usual source of
    non-UTF-8 text copied from the web or Word), say cp1252."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer is a dependency
        best = None
    else:
        match = from_bytes(data).best()
        best = match.encoding if match else None
    western = data.decode("cp1252") if _decodes(data, "cp1252") else None
    if best and _decodes(data, best):
        if western is not None and data.decode(best) == western:
            return "cp1252"
        return best
    if western is not None:
        return "cp1252"
    return "latin-1"


def _decodes(data: bytes, enc: str) -> bool:
    try:
        data.decode(enc)
        return True
    except UnicodeDecodeError:
        return False


def clean_line(text: str) -> str:
    """Fold odd spaces and invisible characters; drop trailing blanks.

    No-break spaces are folded too: the typography pass puts them back only
    where a line must not break, consistently for the whole book.
    """
    text = text.replace("\u00a0", " ").translate(_ODD_SPACES).translate(_INVISIBLE)
    text = text.replace("\t", "    ")
    return text.rstrip()


def read_source(path: Path, shown: str, diagnostics: Diagnostics) -> SourceText:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReaderbookError([Diagnostic("RB200", Severity.ERROR, "text file not found", shown)]) from None
    except OSError as exc:
        raise ReaderbookError(
            [Diagnostic("RB200", Severity.ERROR, f"cannot read text: {exc.strerror}", shown)]
        ) from None
    text, encoding = decode(data, shown, diagnostics)
    return SourceText(path, shown, encoding, split_lines(text), len(data))


def split_lines(text: str) -> tuple[Line, ...]:
    """Split on any newline convention, keeping the file's own line numbers.

    A form feed starts a new page; it is kept as its own marker line so the
    furniture pass can see the page boundary, but it does not shift numbering.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for i, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:
            before, _, after = raw.partition("\f")
            raw = before + "\f" + after.replace("\f", "")
        lines.append(Line(i, raw))
    if lines and lines[-1].text == "":
        lines.pop()
    return tuple(lines)


def source_from_string(text: str, shown: str = "<text>") -> SourceText:
    """A SourceText for text held in memory (tests, the review page)."""
    return SourceText(Path(shown), shown, "utf-8", split_lines(text), len(text.encode("utf-8")))
