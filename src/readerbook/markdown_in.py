"""A ``.md`` text is taken as already structured: Python-Markdown (with
footnotes, attribute lists and metadata) turns it into HTML, and this module
reads that HTML back into the document model.  What ``readerbook normalize
--format md`` prints reads back to the same model, so an editor can take over
any text by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown

from .model import (
    BlockQuote,
    Document,
    Emph,
    Epigraph,
    FigurePlaceholder,
    Heading,
    Letter,
    LineBreak,
    ListBlock,
    Note,
    NoteRef,
    Paragraph,
    SectionBreak,
    Str,
    Strong,
    TextMeta,
)
from .source import SourceText

MISSING = "[The source does not include the text of this note.]"
FIGURE_PREFIX = "[Figure not reproduced: "
PARAGRAPH_KINDS = {"salutation", "signature", "dateline", "letter-title", "attribution"}


@dataclass
class _El:
    tag: str
    attrs: dict[str, str]
    children: list = field(default_factory=list)  # _El or str

    def cls(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _TreeBuilder(HTMLParser):
    VOID = {"br", "hr", "img"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _El("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        el = _El(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(el)
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def read_markdown(source: SourceText) -> Document:
    text = "\n".join(line.text for line in source.lines)
    md = markdown.Markdown(extensions=["footnotes", "attr_list", "meta", "sane_lists"], lazy_ol=False)
    html = md.convert(text)
    meta = {k.lower(): " ".join(v) for k, v in getattr(md, "Meta", {}).items()}
    parser = _TreeBuilder()
    parser.feed(html)
    blocks: list = []
    notes: list[Note] = []
    for el in parser.root.children:
        if isinstance(el, str):
            continue
        if el.tag == "div" and "footnote" in el.cls():
            notes = _notes(el)
            continue
        block = _block(el)
        if block is not None:
            blocks.append(block)
    return Document(
        source=source.path,
        shown=source.shown,
        layout="markdown",
        meta=TextMeta(meta.get("title"), meta.get("subtitle"), meta.get("author")),
        blocks=blocks,
        notes=notes,
        changes=[],
        encoding=source.encoding,
        source_lines=list(source.lines),
    )


def _inlines(el: _El) -> list:
    out: list = []
    for child in el.children:
        if isinstance(child, str):
            if out and isinstance(out[-1], Str):
                out[-1].text += child
            else:
                out.append(Str(child))
        elif child.tag == "sup" and child.attrs.get("id", "").startswith("fnref"):
            label = _text(child)
            out.append(NoteRef(label, label))
        elif child.tag == "a" and "footnote-backref" in child.cls():
            continue
        elif child.tag == "em":
            out.append(Emph(_inlines(child)))
        elif child.tag == "strong":
            out.append(Strong(_inlines(child)))
        elif child.tag == "br":
            out.append(LineBreak())
        else:
            out.extend(_inlines(child))
    return out


def _text(el: _El) -> str:
    return "".join(c if isinstance(c, str) else _text(c) for c in el.children)


def _trim(inlines: list) -> list:
    if inlines and isinstance(inlines[0], Str):
        inlines[0].text = inlines[0].text.lstrip()
    if inlines and isinstance(inlines[-1], Str):
        inlines[-1].text = inlines[-1].text.rstrip()
    return [x for x in inlines if not (isinstance(x, Str) and not x.text)]


def _block(el: _El):
    tag = el.tag
    if tag == "p":
        text = _text(el)
        if text.startswith(FIGURE_PREFIX) and text.endswith("]"):
            inl = _trim(_inlines(el))
            inl[0].text = inl[0].text[len(FIGURE_PREFIX) :]
            inl[-1].text = inl[-1].text[:-1]
            return FigurePlaceholder(inl)
        kind = next((k for k in el.cls() if k in PARAGRAPH_KINDS), "body")
        return Paragraph(_trim(_inlines(el)), kind=kind)
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return Heading(int(tag[1]), _trim(_inlines(el)), label=el.attrs.get("data-label") or None)
    if tag == "hr":
        return SectionBreak()
    if tag in ("ol", "ul"):
        items = []
        for li in el.children:
            if isinstance(li, _El) and li.tag == "li":
                inner = [c for c in li.children if isinstance(c, _El) and c.tag == "p"]
                items.append([_block(p) for p in inner] if inner else [Paragraph(_trim(_inlines(li)))])
        start = int(el.attrs.get("start", "1") or 1)
        return ListBlock(tag == "ol", items, start)
    if tag == "blockquote":
        inner = [b for b in (_block(c) for c in el.children if isinstance(c, _El)) if b is not None]
        attribution = None
        if inner and isinstance(inner[-1], Paragraph) and inner[-1].kind == "attribution":
            attribution = inner.pop().inlines
        if any(isinstance(b, Paragraph) and b.kind == "epigraph-mark" for b in inner):
            inner = [b for b in inner if not (isinstance(b, Paragraph) and b.kind == "epigraph-mark")]
        if inner and isinstance(inner[0], Paragraph) and "epigraph" in _first_classes(el):
            return Epigraph(inner, attribution)
        if any(isinstance(b, Paragraph) and b.kind in ("salutation", "signature") for b in inner):
            return Letter(inner)
        return BlockQuote(inner, attribution)
    return None


def _first_classes(el: _El) -> set[str]:
    for c in el.children:
        if isinstance(c, _El):
            return c.cls()
    return set()


def _notes(div: _El) -> list[Note]:
    notes = []
    for ol in div.children:
        if not (isinstance(ol, _El) and ol.tag == "ol"):
            continue
        for li in ol.children:
            if not (isinstance(li, _El) and li.tag == "li"):
                continue
            label = li.attrs.get("id", "").split(":", 1)[-1]
            blocks = [b for b in (_block(c) for c in li.children if isinstance(c, _El)) if b is not None]
            if len(blocks) == 1 and isinstance(blocks[0], Paragraph) and _plain(blocks[0]) == MISSING:
                notes.append(Note(label, label, [], missing=True))
            else:
                notes.append(Note(label, label, blocks))
    return notes


def _plain(p: Paragraph) -> str:
    return "".join(x.text for x in p.inlines if isinstance(x, Str)).strip()
