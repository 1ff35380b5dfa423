"""Markdown texts: Python-Markdown makes HTML, the HTML walker makes lines.

The extensions are those the editor's Markdown needs (and that
``readerbook.export.to_markdown`` writes): footnotes (``[^n]``), attribute
lists (``{: .salutation }``, ``{: data-label="CHAPTER I" }``), a metadata
header (``Title:``, ``Author:``, ``Subtitle:``), sane lists, tables and fenced
code.  Each line's ``where`` names the Markdown line its block starts on,
found by matching the block's first letters forward through the source.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import markdown as markdown_lib
from lxml import html as lxml_html

from ..diagnostics import Diagnostics
from ..ir import Line, SourceText
from .decoding import decode_bytes, strip_uncarriable
from .html import Walker, _tag

__all__ = ["FIGURE_PREFIX", "markdown_lines", "read_markdown"]

_FENCE = re.compile(r"(?m)^[ \t]*(?:`{3,}|~{3,})")


def _extensions(text: str) -> list:
    """The extensions, as instances: named, Python-Markdown looks each one up
    among the installed packages' entry points (importlib.metadata, a
    thirtieth of a second).  ``fenced_code`` only for a text with a fence:
    importing it imports codehilite, and with it Pygments when installed
    (another twentieth), though nothing here is highlighted."""
    from markdown.extensions.attr_list import AttrListExtension
    from markdown.extensions.footnotes import FootnoteExtension
    from markdown.extensions.meta import MetaExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension

    found = [FootnoteExtension(), AttrListExtension(), MetaExtension(), SaneListExtension(), TableExtension()]
    if _FENCE.search(text):
        from markdown.extensions.fenced_code import FencedCodeExtension

        found.append(FencedCodeExtension())
    return found


FIGURE_PREFIX = "[Figure not reproduced: "
FIGURE_BARE = "[Figure not reproduced]"  # a figure without a caption
_META_LINE = re.compile(r"^[A-Za-z0-9_-]+:\s*")
_HR = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")


def read_markdown(path: Path, shown: str, data: bytes, diagnostics: Diagnostics, options=None) -> SourceText:
    decoded_bytes = decode_bytes(data, shown, diagnostics, getattr(options, "encoding", None))
    encoding = decoded_bytes.encoding
    text = decoded_bytes.text.replace("\r\n", "\n").replace("\r", "\n")
    text, removed = strip_uncarriable(text)
    removed = sorted((*decoded_bytes.changes, *removed))
    lines, meta, starts = markdown_lines(text)
    decoded = []
    for file_line, detail, raw in removed:
        no = 0
        for line, start in zip(lines, starts):
            if start <= file_line:
                no = line.no
        decoded.append((no, detail, raw))
    return SourceText(path, shown, encoding, tuple(lines), len(data), "markdown", meta=meta, decoded=tuple(decoded))


def markdown_lines(text: str) -> tuple[list[Line], dict[str, str], list[int]]:
    """The IR lines of a Markdown text, its metadata, and each line's source line (1-based)."""
    text = unicodedata.normalize("NFC", text)
    md = markdown_lib.Markdown(extensions=_extensions(text), lazy_ol=False)
    body_html = md.convert(text)
    meta = {}
    for key, values in (getattr(md, "Meta", None) or {}).items():
        key = key.lower()
        value = " ".join(v.strip() for v in values).strip()
        if value and key in ("title", "author", "subtitle", "language", "lang"):
            meta["language" if key == "lang" else key] = value
    root = lxml_html.document_fromstring(f"<html><body>{body_html}</body></html>")
    _drop_footnote_rules(root)
    lines = Walker().walk(root)
    lines = [_figure_placeholder(line) for line in lines]
    source = text.split("\n")
    starts = _locate(lines, source, _meta_end(source) if meta or getattr(md, "Meta", None) else 0)
    lines = [replace(line, where=f"line {start}") for line, start in zip(lines, starts)]
    return lines, meta, starts


def _drop_footnote_rules(root) -> None:
    """The rule Python-Markdown sets above its footnotes is not in the source."""
    for div in root.iter("div"):
        if "footnote" in (div.get("class") or "").split():
            for child in div:
                if _tag(child) == "hr":
                    div.remove(child)
                break


def _figure_placeholder(line: Line) -> Line:
    """``[Figure not reproduced: …]`` (or without a caption, ``[Figure not
    reproduced]``), as readerbook's own Markdown writes a figure."""
    hint = line.hint
    figure = line.text.startswith(FIGURE_PREFIX) and line.text.endswith("]") or line.text == FIGURE_BARE
    if hint is not None and hint.kind == "p" and figure:
        return replace(line, hint=replace(hint, kind="figure", classes=hint.classes + ("figure-placeholder",)))
    return line


def _meta_end(source: list[str]) -> int:
    """The index of the first line after a metadata header (0 when there is none)."""
    k = 0
    if source and source[0].strip() == "---":
        k = 1
    while k < len(source):
        line = source[k]
        if not line.strip():
            return k
        if k and source[0].strip() == "---" and line.strip() in ("---", "..."):
            return k + 1
        if not (_META_LINE.match(line) or line.startswith(("    ", "\t"))):
            return 0 if k == 0 else k
        k += 1
    return k


def _alnum(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _locate(lines: list[Line], source: list[str], start: int) -> list[int]:
    """For each line, the 1-based source line where its text starts: its first
    letters are looked for forward from the previous line's, then from the top."""
    chars: list[str] = []
    owner: list[int] = []
    for i in range(start, len(source)):
        for c in _alnum(htmllib.unescape(source[i])):
            chars.append(c)
            owner.append(i)
    stream = "".join(chars)
    pos = 0
    last = start
    out = []
    for line in lines:
        key = _alnum(line.text)
        found = None
        if key:
            for n in (24, 12, 6, 3):
                k = key[:n]
                i = stream.find(k, pos)
                if i < 0:
                    i = stream.find(k)
                if i >= 0:
                    found = owner[i]
                    pos = i + (len(key) if stream.startswith(key, i) else len(k))
                    break
                if len(key) <= n:
                    break
        elif line.hint is not None and line.hint.kind == "break":
            for j in range(last + 1 if out else start, len(source)):
                if _HR.match(source[j]):
                    found = j
                    break
            if found is not None:
                while pos < len(owner) and owner[pos] <= found:
                    pos += 1
        elif line.hint is not None and line.hint.kind == "pre":
            found = last + 1
        if found is None:
            found = last
        last = found
        out.append(found + 1)
    return out
