"""What normalization did, summarised per text for `readerbook check`."""

from __future__ import annotations

from collections import Counter

from .assemble import Book


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
