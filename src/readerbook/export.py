"""The normalized model as Markdown (footnotes as ``[^n]``) or JSON."""

from __future__ import annotations

import dataclasses
import json
import re
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
    Preformatted,
    SectionBreak,
    Str,
    Strong,
    Table,
    Verse,
)

_MD_SPECIAL = str.maketrans(
    {
        "*": r"\*",
        "_": r"\_",
        "`": r"\`",
        "[": r"\[",
        "]": r"\]",
        "<": "&lt;",
        "&": "&amp;",
        "\\": "\\\\",
        "{": r"\{",
        "}": r"\}",
    }
)


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
    header = [
        f"{k}: {v}" for k, v in (("Title", meta.title), ("Author", meta.author), ("Subtitle", meta.subtitle)) if v
    ]
    if header:
        out.append("\n".join(header))
    merging = ((BlockQuote, Epigraph, Letter), (Verse,), (ListBlock,))
    for k, block in enumerate(doc.blocks):
        if k and any(isinstance(block, m) and isinstance(doc.blocks[k - 1], m) for m in merging):
            out.append("<!-- -->")  # keeps Markdown from merging two quotations, poems or lists into one
        out.append(_block(block, numbers))
    notes = sorted(doc.notes, key=lambda n: numbers[n.key])
    if notes:
        out.append("")
    for note in notes:
        out.append(_note(note, numbers))
    return "\n\n".join(x for x in out if x is not None).rstrip() + "\n"


def _esc(text: str) -> str:
    """Escape text so Python-Markdown reads it back as the same characters."""
    text = text.translate(_MD_SPECIAL)
    m = re.match(r"(\d+)([.)])(\s)", text)
    if m:  # "4. The Lessons…" is a title, not a list item
        text = m.group(1) + "\\" + m.group(2) + text[m.end(2) :]
    elif text[:1] in "#>+-=":
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
        if block.speaker:
            text = f"**{_inl(block.speaker, numbers)}** {text}"
        if block.kind != "body":
            text += f"\n{{: .{block.kind} }}"
        return text
    if isinstance(block, Verse):
        stanzas = []
        for k, stanza in enumerate(block.stanzas):
            indents = block.indents[k] if block.indents and k < len(block.indents) else [0] * len(stanza)
            lines = ["\u00a0" * (2 * ind) + _inl(line, numbers) for line, ind in zip(stanza, indents)]
            stanzas.append("  \n".join(lines) + "\n{: .verse }")
        return "\n\n".join(stanzas)
    if isinstance(block, Preformatted):
        fence = "```"
        while fence in block.text:
            fence += "`"
        return f"{fence}\n{block.text}\n{fence}"
    if isinstance(block, Table):
        rows = []
        for r, row in enumerate(block.rows):
            tag = "th" if r < block.header_rows else "td"
            cells = "".join(f"<{tag}>{_html_inl(cell, numbers)}</{tag}>" for cell in row)
            rows.append(f"<tr>{cells}</tr>")
        return "<table>\n" + "\n".join(rows) + "\n</table>"
    if isinstance(block, Heading):
        hashes = "#" * min(block.level, 6)
        label = f' {{: data-label="{block.label}" }}' if block.label else ""
        return f"{hashes} {_inl(block.inlines, numbers)}{label}"
    if isinstance(block, (BlockQuote, Epigraph)):
        paras = [_block(b, numbers) for b in block.blocks]
        if isinstance(block, Epigraph) and paras:
            paras[0] += "\n{: .epigraph }"
        if block.attribution:
            paras.append(_inl(block.attribution, numbers) + "\n{: .attribution }")
        inner = "\n\n".join(paras)
        return "\n".join("> " + line if line else ">" for line in inner.split("\n"))
    if isinstance(block, ListBlock) and block.style == "definitions":
        from .xmlescape import escape

        pairs = []
        for label, item in zip(block.labels or [""] * len(block.items), block.items):
            inner = " ".join(_html_inl(p.inlines, numbers) for p in item if isinstance(p, Paragraph))
            pairs.append(f"<dt>{escape(label)}</dt><dd>{inner}</dd>")
        return "<dl>\n" + "\n".join(pairs) + "\n</dl>"
    if isinstance(block, ListBlock):
        lines = []
        for n, item in enumerate(block.items, start=block.start):
            marker = f"{n}." if block.ordered else "-"
            text = "\n\n".join(_block(b, numbers) for b in item)
            lines.append(f"{marker} {text}")
        return "\n".join(lines)
    if isinstance(block, Letter):
        inner = "\n\n".join(_block(b, numbers) for b in block.blocks)
        return "\n".join("> " + line if line else ">" for line in inner.split("\n"))
    if isinstance(block, FigurePlaceholder):
        caption = _inl(block.caption, numbers)
        return f"[Figure not reproduced: {caption}]" if caption.strip() else "[Figure not reproduced]"
    if isinstance(block, SectionBreak):
        return "* * *"
    raise TypeError(type(block).__name__)


def _html_inl(nodes, numbers) -> str:
    """Inline content inside raw HTML (a table), where Markdown is not read."""
    from .xmlescape import escape

    out = []
    for node in nodes:
        if isinstance(node, Str):
            out.append(escape(node.text))
        elif isinstance(node, Emph):
            out.append(f"<em>{_html_inl(node.children, numbers)}</em>")
        elif isinstance(node, Strong):
            out.append(f"<strong>{_html_inl(node.children, numbers)}</strong>")
        elif isinstance(node, LineBreak):
            out.append("<br/>")
        elif isinstance(node, IndexMark):
            out.append(_html_inl(node.children, numbers))
        elif isinstance(node, NoteRef):
            n = numbers.get(node.key, node.label)
            out.append(f'<sup id="fnref:{n}"><a class="footnote-ref" href="#fn:{n}">{n}</a></sup>')
    return "".join(out)


def _note(note: Note, numbers) -> str:
    n = numbers[note.key]
    if note.missing:
        return f"[^{n}]: \\[The source does not include the text of this note.\\]"
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
