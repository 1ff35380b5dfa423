"""The normalized model as Markdown (footnotes as ``[^n]``) or JSON."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from .model import (
    BlockQuote,
    Document,
    Emph,
    Epigraph,
    FigurePlaceholder,
    Heading,
    IndexMark,
    Letter,
    LineBreak,
    ListBlock,
    Note,
    NoteRef,
    Paragraph,
    SectionBreak,
    Str,
    Strong,
)

_MD_SPECIAL = str.maketrans({"*": r"\*", "_": r"\_", "`": r"\`", "[": r"\[", "]": r"\]", "<": r"\<"})


def note_numbers(doc: Document) -> dict[str, int]:
    """Notes numbered 1…N in reading order of first reference (as in assembly)."""
    from .model import block_inlines, iter_blocks

    by_key = {n.key: n for n in doc.notes}
    numbers: dict[str, int] = {}

    def visit(blocks):
        for block in iter_blocks(blocks):
            for seq in block_inlines(block):
                for node in seq:
                    if isinstance(node, NoteRef) and node.key in by_key and node.key not in numbers:
                        numbers[node.key] = len(numbers) + 1
                        visit(by_key[node.key].blocks)

    visit(doc.blocks)
    for note in doc.notes:
        if note.key not in numbers:
            numbers[note.key] = len(numbers) + 1
            visit(note.blocks)
    return numbers


def to_markdown(doc: Document) -> str:
    numbers = note_numbers(doc)
    out: list[str] = []
    meta = doc.meta
    if meta.title:
        out.append(f"# {_esc(meta.title)}")
    if meta.subtitle:
        out.append(f"*{_esc(meta.subtitle)}*")
    if meta.author:
        out.append(f"{_esc(meta.author)}")
    for block in doc.blocks:
        out.append(_block(block, numbers))
    notes = sorted(doc.notes, key=lambda n: numbers[n.key])
    if notes:
        out.append("")
    for note in notes:
        out.append(_note(note, numbers))
    return "\n\n".join(x for x in out if x is not None).rstrip() + "\n"


def _esc(text: str) -> str:
    text = text.translate(_MD_SPECIAL)
    if text[:1] in "#>+-" or text[:2].rstrip(".").isdigit() and text[1:2] == ".":
        text = "\\" + text
    return text


def _inl(nodes, numbers) -> str:
    out = []
    for node in nodes:
        if isinstance(node, Str):
            out.append(_esc(node.text))
        elif isinstance(node, Emph):
            out.append(f"*{_inl(node.children, numbers)}*")
        elif isinstance(node, Strong):
            out.append(f"**{_inl(node.children, numbers)}**")
        elif isinstance(node, LineBreak):
            out.append("  \n")
        elif isinstance(node, IndexMark):
            out.append(_inl(node.children, numbers))
        elif isinstance(node, NoteRef):
            out.append(f"[^{numbers.get(node.key, node.label)}]")
    return "".join(out)


def _block(block, numbers, prefix: str = "") -> str:
    if isinstance(block, Paragraph):
        text = _inl(block.inlines, numbers)
        if block.kind != "body":
            text += f" {{: .{block.kind} }}"
        return text
    if isinstance(block, Heading):
        hashes = "#" * min(block.level, 6)
        label = f"{_esc(block.label)}: " if block.label else ""
        return f"{hashes} {label}{_inl(block.inlines, numbers)}"
    if isinstance(block, (BlockQuote, Epigraph)):
        inner = "\n\n".join(_block(b, numbers) for b in block.blocks)
        if block.attribution:
            inner += "\n\n— " + _inl(block.attribution, numbers)
        quoted = "\n".join("> " + line if line else ">" for line in inner.split("\n"))
        if isinstance(block, Epigraph):
            quoted += "\n{: .epigraph }"
        return quoted
    if isinstance(block, ListBlock):
        lines = []
        for n, item in enumerate(block.items, start=block.start):
            marker = f"{n}." if block.ordered else "-"
            text = "\n\n".join(_block(b, numbers) for b in item)
            lines.append(f"{marker} {text}")
        return "\n".join(lines)
    if isinstance(block, Letter):
        inner = "\n\n".join(_block(b, numbers) for b in block.blocks)
        return "\n".join("> " + line if line else ">" for line in inner.split("\n")) + "\n{: .letter }"
    if isinstance(block, FigurePlaceholder):
        return f"[Figure not reproduced: {_inl(block.caption, numbers)}]"
    if isinstance(block, SectionBreak):
        return "* * *"
    raise TypeError(type(block).__name__)


def _note(note: Note, numbers) -> str:
    n = numbers[note.key]
    if note.missing:
        return f"[^{n}]: [The source does not include the text of this note.]"
    paras = [_block(b, numbers) for b in note.blocks]
    first, rest = (paras[0] if paras else ""), paras[1:]
    text = f"[^{n}]: {first}"
    for p in rest:
        text += "\n\n" + "\n".join("    " + line for line in p.split("\n"))
    return text


def to_json(doc: Document) -> str:
    def convert(obj):
        if dataclasses.is_dataclass(obj):
            data = {"type": type(obj).__name__}
            for f in dataclasses.fields(obj):
                data[f.name] = convert(getattr(obj, f.name))
            return data
        if isinstance(obj, (list, tuple)):
            return [convert(x) for x in obj]
        if isinstance(obj, Path):
            return str(obj)
        return obj

    data = convert(doc)
    data["source"] = doc.shown
    return json.dumps(data, ensure_ascii=False, indent=1)
