"""What the commands say: diagnostics, what a build did again, and what
normalization did per text (`readerbook check`).  The command line, watch and
serve all report through here (none of them imports another)."""

from __future__ import annotations

import sys
from collections import Counter

from .assemble import Book
from .diagnostics import Severity


def report(diagnostics, stream=None) -> None:
    """Warnings and errors, one per line (standard error unless ``stream``)."""
    stream = stream or sys.stderr
    for d in diagnostics:
        if d.severity >= Severity.WARNING:
            print(d.format(), file=stream)


def reuse(result) -> str:
    """What an incremental build did again, e.g. ' (normalized 1 of 5 texts; laid out 4 of 9 PDF parts)'."""
    if result.skipped or result.book is None:
        return " (nothing had changed)" if result.skipped else ""
    said = [f"normalized {len(result.normalized)} of {len(result.book.texts)} texts"]
    if result.parts:
        said.append(f"laid out {len(result.laid_out)} of {result.parts} PDF parts")
    return " (" + "; ".join(said) + ")"


def change_counts(changes) -> Counter:
    counts: Counter[str] = Counter()
    for c in changes:
        key = c.kind if c.kind != "removed" else f"removed: {c.detail}"
        counts[key] += 1
    return counts


def summary(book: Book) -> str:
    lines = []
    for text in book.texts:
        doc = text.doc
        counts = change_counts(doc.changes)
        missing = sum(1 for n in text.notes if n.missing)
        lines.append(
            f"{doc.shown}: layout {doc.layout}, {text.paragraphs} paragraphs, {text.words} words, "
            f"{len(text.notes)} notes ({missing} without text in the source)"
        )
        for key, n in sorted(counts.items()):
            lines.append(f"    {n:5d}  {key}")
        source = next((s for s in book.sources if s.text is text), None)
        if source is not None:
            lines.append(f"    terms of reproduction: {source.terms}")
    return "\n".join(lines)
