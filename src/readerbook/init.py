"""readerbook init: draft a book.yaml (and a draft preface) from a folder of raw texts.

Each text is normalized on its own to detect its title, author, subtitle,
layout and note convention; what could not be detected is marked TODO.  An
existing book.yaml is never overwritten.  The draft builds at once.
"""

from __future__ import annotations

import datetime as _dt
import shutil
import uuid
from pathlib import Path

from .diagnostics import Diagnostic, Diagnostics, ErrorKind, ReaderbookError, Severity
from .manifest import slugify
from .normalize import normalize_source
from .readers import READERS
from .source import read_source
from .sources import stated_terms

# Every format a reader is registered for: plain texts, Markdown, web pages, PDF, DOCX, EPUB.
TEXT_SUFFIXES = tuple(sorted({suffix for reader in READERS for suffix in reader.suffixes if suffix}))


def _q(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def note_convention(doc) -> str:
    used = [c.detail.split("'")[1] for c in doc.changes if c.kind == "notes" and "'" in c.detail]
    if used:
        return "notes by the convention(s): " + ", ".join(used)
    kinds = {c.kind for c in doc.changes}
    refs = sum(1 for c in doc.changes if c.kind == "missing-note")
    if "moved" in kinds:
        return "notes at page bottoms (moved to the notes)"
    if "notes-section" in kinds:
        return "numbered notes listed at the end"
    if doc.notes and refs == len(doc.notes):
        return "references without note texts (the notes are missing)"
    if doc.notes:
        return "notes found"
    return "no notes"


def draft(folder: Path, files: list[Path]) -> str:
    lines = [
        "# Drafted by `readerbook init`: check every TODO, then build with `readerbook build`.",
        "# Titles, authors and subtitles were read from each text's opening lines.",
        'title: "TODO: the reader\'s title"',
        'subtitle: "TODO: a neutral subtitle"',
        "language: en",
        f'identifier: "urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, "readerbook:" + "|".join(sorted(f.name for f in files)))}"',
        f"date: {_dt.date.today().isoformat()}",
        "page_size: A4",
        "preface: texts/preface.md",
        "texts:",
    ]
    for path in files:
        rel = path.resolve().relative_to(folder.resolve()).as_posix()
        d = Diagnostics()
        source = read_source(path, rel, d)
        doc = normalize_source(source, diagnostics=d)
        meta = doc.meta
        lines.append(f"  - file: {_q(rel)}")
        lines.append(f"    # read as {source.format}; layout: {doc.layout}; {note_convention(doc)}")
        if source.format == "pdf":
            pages = source.meta.get("pages", "?")
            lines.append(f"    # pages: 1-{pages}   # a course reader may print part: give the page range to keep")
        elif source.format in ("epub", "html", "docx"):
            lines.append('    # from: "a heading"   # to print part of it: where the excerpt starts, and')
            lines.append('    # to: "a later heading"   # where the next part starts (not printed)')
        if doc.language and doc.language != "en":
            lines.append(f"    language: {doc.language}   # detected from the text's commonest words")
        if meta.title:
            lines.append(f"    title: {_q(meta.title)}")
        else:
            lines.append(
                f"    title: {_q('[' + path.stem.replace('-', ' ').replace('_', ' ').title() + ']')}  # TODO: no title detected"
            )
            lines.append("    title_supplied: true")
        if meta.subtitle:
            lines.append(f"    subtitle: {_q(meta.subtitle)}")
        if meta.author:
            lines.append(f"    author: {_q(meta.author)}")
        else:
            lines.append("    # TODO: no author detected; leave out 'author' if the text names none")
        short = meta.title or path.stem
        lines.append(f"    short_title: {_q(short if len(short) <= 40 else short[:37].rstrip() + '…')}")
        stated = stated_terms(doc.changes)
        if stated:
            first, last = stated.lines[0], stated.lines[-1]
            where = f"source line {first}" if first == last else f"source lines {first}–{last}"
            lines.append(f"    # the text states its terms: {stated.terms} ({where})")
        lines.append("    # rights: TODO   # the terms it is reproduced under, once known; never guessed (RB510)")
        lines.append("    # source_url: TODO   # the address of the copy reproduced, if it came from the web")
    return "\n".join(lines) + "\n"


def init(folder: str | Path = ".", files: list[str | Path] | None = None) -> Path:
    folder = Path(folder)
    target = folder / "book.yaml"
    if target.exists():
        raise ReaderbookError(
            [
                Diagnostic(
                    "RB110",
                    Severity.ERROR,
                    "book.yaml already exists; init never overwrites it",
                    str(target),
                    hint="move it aside, or edit it",
                )
            ],
            ErrorKind.CONTENT,
        )
    if files:
        paths = [Path(f) if Path(f).is_absolute() else (Path.cwd() / f) for f in files]
    else:
        base = folder / "texts" if (folder / "texts").is_dir() else folder
        paths = sorted(p for p in base.iterdir() if p.suffix.lower() in TEXT_SUFFIXES and p.name != "preface.md")
    if not paths:
        raise ReaderbookError(
            [
                Diagnostic(
                    "RB111",
                    Severity.ERROR,
                    "no texts (.txt or .md) found",
                    str(folder),
                    hint="put the raw texts in texts/, or name them",
                )
            ],
            ErrorKind.CONFIG,
        )
    outside = [p for p in paths if not p.resolve().is_relative_to(folder.resolve())]
    if outside:
        raise ReaderbookError(
            [Diagnostic("RB108", Severity.ERROR, "a text is outside the book's folder", str(p)) for p in outside],
            ErrorKind.CONFIG,
        )
    text = draft(folder, paths)
    preface = folder / "texts" / "preface.md"
    if not preface.exists():
        preface.parent.mkdir(parents=True, exist_ok=True)
        preface.write_text(
            "## About this reader\n\n*DRAFT — written by `readerbook init`; replace it with the "
            "editor's preface.* TODO: what the reader is for, each text's provenance and standpoint "
            "as the text itself shows it, and how to read the texts critically.\n",
            encoding="utf-8",
        )
    styles = folder / "styles"
    if not styles.exists():
        shutil.copytree(Path(__file__).parent / "styles", styles)
    target.write_text(text, encoding="utf-8")
    return target


def slug_for(path: Path) -> str:
    return slugify(path.stem)
