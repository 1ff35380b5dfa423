"""Readers: one per source format, each turning a file into the intermediate
representation (:mod:`readerbook.ir`).  They are registered by suffix and by
content, so a ``.txt`` that is really a web page is read as one.

Every format then goes through the same normalization passes; a reader only
says what the file holds, it decides nothing about structure it cannot see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Diagnostics, ReaderbookError, Severity
from ..ir import SourceText


@dataclass(frozen=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes], bool]  # does the file's opening say it is this format?
    read: Callable[..., SourceText]  # (path, shown, data, diagnostics, options) -> SourceText


def _lazy(module: str, function: str) -> Callable[..., SourceText]:
    def read(*args, **kwargs):
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{module}"), function)(*args, **kwargs)

    return read


def _sniff_pdf(head: bytes) -> bool:
    return head.lstrip()[:5] == b"%PDF-"


def _sniff_zip_member(member: bytes) -> Callable[[bytes], bool]:
    def sniff(head: bytes) -> bool:
        return head[:4] == b"PK\x03\x04" and member in head[:2048]

    return sniff


def _sniff_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return True
    if start.startswith(b"<?xml") and b"<html" in head[:2048].lower():
        return True
    return b"<html" in start and b"<body" in head[:8192].lower()


READERS: list[Reader] = [
    Reader("pdf", (".pdf",), _sniff_pdf, _lazy("pdf", "read_pdf")),
    Reader("epub", (".epub",), _sniff_zip_member(b"application/epub+zip"), _lazy("epub", "read_epub")),
    Reader("docx", (".docx",), _sniff_zip_member(b"word/"), _lazy("docx", "read_docx")),
    Reader("html", (".html", ".htm", ".xhtml"), _sniff_html, _lazy("html", "read_html")),
    Reader("markdown", (".md", ".markdown"), lambda head: False, _lazy("markdown", "read_markdown")),
    Reader("text", (".txt", ".text", ""), lambda head: False, _lazy("text", "read_text")),
]


def reader_for(path: Path, head: bytes) -> Reader:
    """By content first (a PDF saved as .txt is still a PDF), then by suffix;
    anything else is read as plain text."""
    for reader in READERS:
        if reader.sniff(head):
            return reader
    suffix = path.suffix.lower()
    for reader in READERS:
        if suffix in reader.suffixes:
            return reader
    return READERS[-1]


def read_source(path: Path, shown: str, diagnostics: Diagnostics, options=None) -> SourceText:
    """Read any source file into the intermediate representation."""
    if path.is_dir():
        raise ReaderbookError(
            [Diagnostic("RB200", Severity.ERROR, "this is a folder, not a text file", shown, hint="name a file in it")]
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReaderbookError([Diagnostic("RB200", Severity.ERROR, "text file not found", shown)]) from None
    except OSError as exc:
        raise ReaderbookError(
            [Diagnostic("RB200", Severity.ERROR, f"cannot read text: {exc.strerror}", shown)]
        ) from None
    reader = reader_for(path, data[:8192])
    return carriable(reader.read(path, shown, data, diagnostics, options))


def carriable(source: SourceText) -> SourceText:
    """The source without characters no output can carry, whichever reader
    read it: a text reader removes them as it decodes (and cites the file's
    lines), but a PDF's text layer, a Word document or an e-book can hold
    them too.  Each removal is recorded with its line."""
    from dataclasses import replace

    from .decoding import UNCARRIABLE, DecodingChange, scrub, shown_removed

    changes, lines, dirty = list(source.decoded), [], False
    for line in source.lines:
        matches = list(UNCARRIABLE.finditer(line.text))
        if matches:
            dirty = True
            _, detail = scrub(line.text)
            changes.append(DecodingChange(line.no, detail or "", shown_removed(line.text)))
            for m in reversed(matches):  # from the end, so earlier offsets hold
                line = line.replace_range(m.start(), m.end(), scrub(m.group(0))[0])
        lines.append(line)
    meta = {key: scrub(value)[0] if isinstance(value, str) else value for key, value in source.meta.items()}
    if not dirty and meta == source.meta:
        return source
    return replace(source, lines=tuple(lines), meta=meta, decoded=tuple(changes))


def format_of(path: Path) -> str:
    """The reader a file would get (for ``readerbook init``)."""
    try:
        head = path.open("rb").read(8192)
    except OSError:
        head = b""
    return reader_for(path, head).name


__all__ = ["READERS", "Reader", "format_of", "read_source", "reader_for", "source_from_string"]


def source_from_string(text: str, shown: str = "<text>") -> SourceText:
    """A SourceText for text held in memory (tests, the review page); a name
    ending in ``.md`` makes it Markdown.  Characters no output can carry are
    removed and recorded, as when a file is read."""
    from .text import split_lines

    if shown.lower().endswith((".md", ".markdown")):
        from .markdown import markdown_lines

        lines, meta, _ = markdown_lines(text)
        return carriable(
            SourceText(
                Path(shown),
                shown,
                "utf-8",
                tuple(lines),
                len(text.encode("utf-8", "surrogatepass")),
                "markdown",
                meta=meta,
            )
        )
    return carriable(
        SourceText(Path(shown), shown, "utf-8", split_lines(text), len(text.encode("utf-8", "surrogatepass")), "text")
    )
