"""Plain texts: bytes decoded into numbered lines.

Decoding (:mod:`.decoding`): a byte-order mark, UTF-8, UTF-16 without a
mark, else the legacy code page under which the text reads most plausibly,
line by line where a file mixes encodings; ``encoding:`` overrides.
Characters no format can carry are removed at decoding and recorded.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ..diagnostics import Diagnostics
from ..ir import Line, SourceText
from .decoding import UNCARRIABLE, decode, decode_bytes, strip_uncarriable

# Characters that are spaces in all but name; folded to a plain space.
_ODD_SPACES = dict.fromkeys(
    map(ord, "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"), " "
)
# Invisible characters with no business in running text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

__all__ = ["UNCARRIABLE", "clean_line", "decode", "read_text", "split_lines", "strip_uncarriable"]


def clean_line(text: str) -> str:
    """Fold odd spaces and invisible characters; drop trailing blanks.

    No-break spaces are folded too: the typography pass puts them back only
    where a line must not break, consistently for the whole book.
    """
    soft = text.rstrip().endswith("\u00ad")  # a discretionary hyphen where the line broke: the word runs on
    text = text.replace("\u00a0", " ").translate(_ODD_SPACES).translate(_INVISIBLE)
    text = text.replace("\t", "    ").rstrip()
    return text + "\u00ad" if soft else text


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


def read_text(path: Path, shown: str, data: bytes, diagnostics: Diagnostics, options=None) -> SourceText:
    decoded = decode_bytes(data, shown, diagnostics, getattr(options, "encoding", None))
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    text, removed = strip_uncarriable(text)
    changes = tuple(sorted((*decoded.changes, *removed)))
    return SourceText(path, shown, decoded.encoding, split_lines(text), len(data), "text", decoded=changes)
