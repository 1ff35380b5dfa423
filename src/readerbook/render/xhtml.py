"""The one XHTML writer.  Both outputs use it; only note placement and links differ.

- ``epub`` mode: each note is an ``<aside epub:type="footnote"
  role="doc-footnote">`` at the end of the document that holds its first
  reference (``epub:type="noteref"``, ``role="doc-noteref"``), its number a
  ``doc-backlink``: Apple Books, Kobo, KOReader, Thorium and Calibre pop such
  notes up, and several of them only when the note is in the reference's own
  document and after it.  Notes whose text the source lacks share one
  statement per document.  Links name the file that holds each anchor.
- ``print`` mode: the note's text sits at its reference as a
  ``float: footnote`` element, so WeasyPrint sets it at the foot of that page;
  notes whose text the source lacks are said once, at the text's opening.
  Links are fragment-only within the single print document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import ids
from ..assemble import AssembledText, Book
from ..model import (
    BlockQuote,
    Emph,
    Epigraph,
    FigurePlaceholder,
    Heading,
    IndexMark,
    Inline,
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
    inline_text,
)
from ..xmlescape import escape, quoteattr

MISSING_NOTES = "the source does not include {}"  # "Notes 54–58: the source does not include their text."
# WeasyPrint cannot split a footnote across pages: a note longer than a page
# foot can hold is set right after the paragraph that cites it instead.
LONG_NOTE = 1800  # characters
# A figure an e-text only names ("[Illustration: …]"), or an image or drawing of a
# PDF, web page or Word file: this edition has only its caption, where it stood.
FIGURE_MISSING = "Figure not reproduced in this edition."
# The namespaces, and the prefix of the vocabulary beyond EPUB's own that the pages use
# (a poem's ``z3998:verse``): a prefix no page declares is an EPUBCheck error (OPF-028).
XHTML_NS = (
    'xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
    'epub:prefix="z3998: http://www.daisy.org/z3998/2012/vocab/structure/#"'
)


def page_markers(book, anchor: str) -> str:
    """EPUB page-break markers (epub:type pagebreak, doc-pagebreak) for the
    print pages whose first words stand at ``anchor``."""
    page_map = getattr(book, "page_map", None)
    if page_map is None:
        return ""
    return "".join(
        f'<span epub:type="pagebreak" role="doc-pagebreak" id="page-{n}" aria-label="{n}"></span>'
        for n in page_map.breaks.get(anchor, ())
    )


_NUMBERINGS = (  # HTML's list numbering types, by the labels that show them ("1." and "(1)" alike)
    ("", re.compile(r"\(?\d+[.)]?|\[\d+\]")),
    ("i", re.compile(r"\(?[ivxlc]+[.)]")),
    ("I", re.compile(r"\(?[IVXLC]+[.)]")),
    ("a", re.compile(r"\(?[a-z][.)]")),
    ("A", re.compile(r"\(?[A-Z][.)]")),
)


def list_numbering(labels: list[str] | None) -> str | None:
    """How an ordered list numbers its items: an HTML ``type`` ("" for
    decimal, "a", "A", "i", "I") when every label of the source is a number,
    letter or roman numeral in that style, else None: the labels are words
    (``No. 1,``, ``1st.``) that are set as the source has them."""
    if not labels:
        return ""
    for numbering, pattern in _NUMBERINGS:
        if all(pattern.fullmatch(label) for label in labels):
            if numbering in ("i", "I") and labels[0].strip("().").lower() != "i":
                continue  # "v.", "x." open no roman list: letters
            return numbering
    return None


def attr(value: str) -> str:
    return quoteattr(value)


def page(title: str, body: str, lang: str, css: list[str], body_attrs: str = "") -> str:
    """A complete XHTML document."""
    links = "".join(f'<link rel="stylesheet" type="text/css" href={attr(c)}/>' for c in css)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f"<html {XHTML_NS} lang={attr(lang)} xml:lang={attr(lang)}>\n"
        f'<head><meta charset="utf-8"/><title>{escape(title)}</title>{links}</head>\n'
        f"<body{body_attrs}>\n{body}\n</body>\n</html>\n"
    )


@dataclass
class TextRenderer:
    """Renders one text's blocks and notes."""

    book: Book
    text: AssembledText
    mode: str  # "epub" | "print"
    current_file: str = ""

    def __post_init__(self):
        self._long_notes: list[Note] = []  # print: long notes waiting for the end of their paragraph
        self.also = self.book.also_quoted(self.text)  # paragraph -> the shared passages it holds

    # ------------------------------------------------------------ print pages
    def pagebreaks(self, anchor: str) -> str:
        """EPUB page-break markers for the print pages that begin at this anchor."""
        return page_markers(self.book, anchor) if self.mode == "epub" else ""

    # ------------------------------------------------------------ links
    def href(self, anchor: str) -> str:
        if self.mode == "print":
            return f"#{anchor}"
        target = self.book.where(anchor)
        if target == self.current_file:
            return f"#{anchor}"
        return f"{target.rsplit('/', 1)[-1]}#{anchor}"

    # ------------------------------------------------------------ inlines
    def inlines(self, nodes: list[Inline], in_note: bool = False) -> str:
        out = []
        for k, node in enumerate(nodes):
            if isinstance(node, NoteRef) and k and isinstance(nodes[k - 1], NoteRef):
                # Two references side by side would read as one number ("4243").
                out.append('<span class="noteref-sep">,</span>')
            if isinstance(node, Str):
                out.append(escape(node.text))
            elif isinstance(node, Emph):
                out.append(f"<em>{self.inlines(node.children, in_note)}</em>")
            elif isinstance(node, Strong):
                out.append(f"<strong>{self.inlines(node.children, in_note)}</strong>")
            elif isinstance(node, LineBreak):
                out.append("<br/>")
            elif isinstance(node, IndexMark):
                words = self.inlines(node.children, in_note)
                if self.mode == "print":
                    # An empty anchor after the words: WeasyPrint breaks a justified line early
                    # around words in an inline box of their own ("and" alone on a line,
                    # "Trotsky," spread across the next), and around an empty box before a
                    # word ("Trot-" alone), but not around one after it.
                    out.append(f'{words}<span id={attr(node.id)} class="ix"></span>')
                else:
                    out.append(f'{self.pagebreaks(node.id)}<span id={attr(node.id)} class="ix">{words}</span>')
            elif isinstance(node, NoteRef):
                out.append(self.noteref(node, in_note))
        return "".join(out)

    def noteref(self, ref: NoteRef, in_note: bool) -> str:
        note = self.text.note_by_key.get(ref.key)
        if note is None:
            return ""
        nid = self.text.note_id(note)
        rid = self.text.ref_id(ref)
        if note.missing:
            # The reference keeps its number and links to the one statement
            # that stands for every note the source lost.
            file = self.current_file if self.mode == "epub" else None
            nid = self.text.missing_statement_id(file)
        if self.mode == "epub":
            return (
                f"{self.pagebreaks(rid)}"
                f'<a href={attr(self.href(nid))} id={attr(rid)} class="noteref" '
                f'epub:type="noteref" role="doc-noteref">{note.number}</a>'
            )
        # print
        if in_note:
            # A note cannot float inside a note: cite it by number instead.
            return f' (see <a class="note-xref" href="#{nid}">note {note.number}</a>)'
        if note.missing:
            return f'<a class="noteref again missing" href="#{nid}" id={attr(rid)}>{note.number}</a>'
        if rid == self.text.first_ref_id(note) and _note_length(note) > LONG_NOTE:
            self._long_notes.append(note)
            return f'<a class="noteref again" href="#{nid}" id={attr(rid)}>{note.number}</a>'
        if rid == self.text.first_ref_id(note):
            body = self.footnote(note)
            nested = "".join(self.footnote(n, nested=True) for n in self._nested(note))
            return body + nested
        return f'<a class="noteref again" href="#{nid}" id={attr(rid)}>{note.number}</a>'

    def _nested(self, note: Note) -> list[Note]:
        """Notes first cited inside ``note`` (they print beside it, at the same page foot)."""
        found = []
        for block in _blocks_of(note):
            for seq in _inline_seqs(block):
                for node in seq:
                    if isinstance(node, NoteRef):
                        inner = self.text.note_by_key.get(node.key)
                        if inner is not None and self.text.first_ref_id(inner) == self.text.ref_id(node):
                            found.append(inner)
                            found.extend(self._nested(inner))
        return found

    def long_note(self, note: Note) -> str:
        """A note too long for the foot of a page, set after its paragraph."""
        nid = self.text.note_id(note)
        return (
            f'<aside class="long-note" id={attr(nid)}><p><span class="fn-num">{note.number}.</span> '
            f"{self.note_content(note, inline=True)}</p></aside>"
        )

    def footnote(self, note: Note, nested: bool = False) -> str:
        cls = "footnote nested" if nested else "footnote"
        nid = self.text.note_id(note)
        content = self.note_content(note, inline=True)
        number = f'<span class="fn-num">{note.number}.</span> ' if nested else ""
        return f'<span class={attr(cls)} id={attr(nid)} data-n="{note.number}">{number}{content}</span>'

    def note_content(self, note: Note, inline: bool = False) -> str:
        parts = []
        for block in note.blocks:
            if inline:
                text = self.inlines(_para_inlines(block), in_note=True)
                cls = ' class="fn-quote"' if isinstance(block, BlockQuote) else ""
                parts.append(f"<span{cls}>{text}</span>")
            else:
                parts.append(self.block(block, in_note=True))
        return " ".join(parts) if inline else "\n".join(parts)

    # ------------------------------------------------------------ blocks
    def blocks(self, blocks: list, in_note: bool = False) -> str:
        return "\n".join(self.block(b, in_note) for b in blocks)

    def _pnum(self, block) -> tuple[str, str]:
        n = getattr(block, "number", None)
        if n is None or isinstance(block, Heading):
            return "", ""
        pid = ids.paragraph(self.text.slug, n)
        return f" id={attr(pid)}", f'{self.pagebreaks(pid)}<span class="pnum" aria-hidden="true">{n}</span>'

    def block(self, block, in_note: bool = False) -> str:
        html = self._block(block, in_note)
        if self._long_notes and not in_note:
            html += "".join(self.long_note(n) for n in self._long_notes)
            self._long_notes = []
        number = getattr(block, "number", None)
        if not in_note and number is not None and not isinstance(block, Heading) and number in self.also:
            html += self.also_quoted(number)
        return html

    def also_quoted(self, number: int) -> str:
        """The other places a shared quotation stands (both ways, every text)."""
        links = []
        for _passage, others in self.also[number]:
            for o in others:
                label = f"{escape(o.text.entry.short_title)} ¶\u00a0{o.paragraph}"
                # By paragraph, not page, in print too: a part's layout must
                # not depend on where another part's pages fall.
                links.append(f"<a href={attr(self.href(o.anchor))}>{label}</a>")
        return f'<p class="also-quoted"><span class="also-label">Also quoted in:</span> {" · ".join(links)}</p>'

    def _block(self, block, in_note: bool = False) -> str:
        idattr, pnum = self._pnum(block) if not in_note else ("", "")
        if isinstance(block, Paragraph):
            cls = f' class="{block.kind}"' if block.kind != "body" else ""
            speaker = ""
            if block.speaker:
                speaker = f'<b class="speaker">{self.inlines(block.speaker, in_note)}</b> '
            return f"<p{idattr}{cls}>{pnum}{speaker}{self.inlines(block.inlines, in_note)}</p>"
        if isinstance(block, Verse):
            stanzas = []
            for k, stanza in enumerate(block.stanzas):
                indents = block.indents[k] if block.indents and k < len(block.indents) else [0] * len(stanza)
                lines = "".join(
                    f'<span class="line{f" i{ind}" if ind else ""}">{self.inlines(line, in_note)}</span><br/>'
                    for line, ind in zip(stanza, indents)
                )
                stanzas.append(f'<p class="stanza">{lines}</p>')
            return f'<div{idattr} class="verse" epub:type="z3998:verse">{pnum}{"".join(stanzas)}</div>'
        if isinstance(block, Preformatted):
            return f'<pre{idattr} class="verbatim">{escape(block.text)}</pre>'
        if isinstance(block, Table):
            rows = []
            for r, row in enumerate(block.rows):
                tag = "th" if r < block.header_rows else "td"
                cells = "".join(f"<{tag}>{self.inlines(cell, in_note)}</{tag}>" for cell in row)
                rows.append(f"<tr>{cells}</tr>")
            head = "".join(rows[: block.header_rows])
            body = "".join(rows[block.header_rows :])
            thead = f"<thead>{head}</thead>" if head else ""
            return f'<table{idattr} class="source-table">{thead}<tbody>{body}</tbody></table>'

        if isinstance(block, Heading):
            hid = ids.heading(self.text.slug, block.number)
            level = min(block.level, 6)
            label = f'<span class="label">{escape(block.label)}</span> ' if block.label else ""
            return (
                f"<h{level} id={attr(hid)}>{self.pagebreaks(hid)}{label}"
                f'<span class="title">{self.inlines(block.inlines)}</span></h{level}>'
            )
        if isinstance(block, BlockQuote):
            inner = self.blocks(block.blocks, in_note)
            quote = f"<blockquote>{inner}</blockquote>"
            if block.attribution:
                cap = f'<figcaption class="attribution">{self.inlines(block.attribution, in_note)}</figcaption>'
                return f'<figure{idattr} class="quotation">{pnum}{quote}{cap}</figure>'
            return f'<div{idattr} class="quotation">{pnum}{quote}</div>'
        if isinstance(block, Epigraph):
            inner = self.blocks(block.blocks)
            cap = (
                f'<figcaption class="attribution">{self.inlines(block.attribution)}</figcaption>'
                if block.attribution
                else ""
            )
            return (
                f'<figure class="epigraph" epub:type="epigraph" role="doc-epigraph">'
                f"<blockquote>{inner}</blockquote>{cap}</figure>"
            )
        if isinstance(block, ListBlock) and block.style == "definitions":
            pairs = []
            for label, item in zip(block.labels or [""] * len(block.items), block.items):
                content = "".join(self.block(p, in_note) for p in item)
                pairs.append(f"<dt>{escape(label)}</dt><dd>{content}</dd>")
            return f'<div{idattr} class="list">{pnum}<dl>{"".join(pairs)}</dl></div>'
        if isinstance(block, ListBlock):
            numbering = list_numbering(block.labels) if block.ordered else ""
            items = []
            for k, item in enumerate(block.items):
                content = "".join(
                    self.inlines(p.inlines, in_note) if isinstance(p, Paragraph) else self.block(p, in_note)
                    for p in item
                )
                if numbering is None:  # the source's own words for its numbers ("No. 1,", "1st."), as it set them
                    content = f'<span class="item-label">{escape(block.labels[k])}</span> {content}'
                items.append(f"<li>{content}</li>")
            tag = "ol" if block.ordered else "ul"
            attrs = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
            attrs += f' type="{numbering}"' if numbering else ""
            attrs += ' class="labelled"' if numbering is None else ""
            return f'<div{idattr} class="list">{pnum}<{tag}{attrs}>{"".join(items)}</{tag}></div>'
        if isinstance(block, Letter):
            head, body, foot = [], [], []
            for p in block.blocks:
                html = self.block(p, in_note)
                (
                    head
                    if p.kind in ("letter-title", "salutation")
                    else foot
                    if p.kind in ("signature", "dateline")
                    else body
                ).append(html)
            header = f"<header>{''.join(head)}</header>" if head else ""
            footer = f"<footer>{''.join(foot)}</footer>" if foot else ""
            return f'<div{idattr} class="letter">{pnum}<blockquote>{header}{"".join(body)}{footer}</blockquote></div>'
        if isinstance(block, FigurePlaceholder):
            caption = self.inlines(block.caption)
            return (
                f'<figure class="figure-missing"><p class="editorial">{escape(FIGURE_MISSING)}</p>'
                + (f"<figcaption>{caption}</figcaption>" if caption.strip() else "")  # some figures have none
                + "</figure>"
            )
        if isinstance(block, SectionBreak):
            return '<hr class="section-break"/>'
        raise TypeError(f"cannot render {type(block).__name__}")

    # ------------------------------------------------------------ text parts
    def opener(self, running_heads: tuple[str, str] | None = None) -> str:
        e = self.text.entry
        title = escape(e.title)
        sub = f'<p class="subtitle">{escape(e.subtitle)}</p>' if e.subtitle else ""
        author = escape(e.author) if e.author else "Author not named in the source"
        author_cls = "author" if e.author else "author unknown"
        source_bits = [b for b in (e.source, e.year) if b]
        source = f'<p class="source">{escape(", ".join(source_bits))}</p>' if source_bits else ""
        # Print says once, at the opening, which notes the source lost (the
        # EPUB says it in a pop-up note at the end of each document instead).
        missing = self.missing_statement() if self.mode == "print" else ""
        heads = ""
        if running_heads:
            heads = f" data-short={attr(running_heads[0])} data-author={attr(running_heads[1])}"
        return (
            f'<header class="opener"{heads}>'
            f'<p class="text-number">Text {self.text.position}</p>'
            f'<h1 class="text-title">{title}</h1>{sub}'
            f'<p class="{author_cls}">{author}</p>{source}{missing}</header>'
        )

    def missing_statement(self) -> str:
        """Print: the one statement, at the text's opening, for every note
        whose text the source lacks (the references link to it)."""
        numbers = self.text.missing_in()
        if not numbers:
            return ""
        label = missing_label([(str(a) if a == b else f"{a}\u2013{b}") for a, b in number_ranges(numbers)], numbers)
        return f'<p class="missing-notes editorial" id={attr(self.text.missing_statement_id())}>{escape(label)}</p>'

    def footnotes(self, file: str) -> str:
        """EPUB: the notes first cited in one document, as pop-up footnotes at
        its end (after every reference, as Kobo wants), and the statement for
        the notes without text cited there."""
        asides = [self.footnote_aside(n) for n in self.text.notes if not n.missing and self.text.note_file(n) == file]
        numbers = self.text.missing_in(file)
        if numbers:
            # Each range links back to where its first reference stands.
            ranges = []
            for a, b in number_ranges(numbers):
                shown = str(a) if a == b else f"{a}\u2013{b}"
                back = self.text.first_ref_id(self._note_numbered(a))
                ranges.append(f'<a href={attr(self.href(back))} role="doc-backlink">{shown}</a>' if back else shown)
            asides.append(
                f'<aside id={attr(self.text.missing_statement_id(file))} class="footnote missing" '
                f'epub:type="footnote" role="doc-footnote"><p>{missing_label(ranges, numbers)}</p></aside>'
            )
        if not asides:
            return ""
        return f'<div class="footnotes">{"".join(asides)}</div>'

    def footnote_aside(self, note: Note) -> str:
        """One note as an EPUB footnote; its number links back to its first reference."""
        back_id = self.text.first_ref_id(note)
        if back_id:
            label = f'<a href={attr(self.href(back_id))} class="fn-back" role="doc-backlink">{note.number}.</a>'
        else:
            label = f'<span class="fn-num">{note.number}.</span>'
        flag = '<p class="editorial">This note is not referenced in the source text.</p>' if note.orphan else ""
        blocks = note.blocks
        if blocks and isinstance(blocks[0], Paragraph) and blocks[0].kind == "body":
            # The number opens the note's first paragraph, as a printed note's does.
            first = f"<p>{label} {self.inlines(blocks[0].inlines, in_note=True)}</p>"
            blocks = blocks[1:]
        else:
            first = f'<p class="fn-label">{label}</p>'
        note_id = self.text.note_id(note)
        return (
            f'<aside id={attr(note_id)} class="footnote" epub:type="footnote" role="doc-footnote">'
            # A print page may begin with a note set in the text (a long one): its marker is here.
            f"{self.pagebreaks(note_id)}{flag}{first}{self.blocks(blocks, in_note=True)}</aside>"
        )

    def _note_numbered(self, number: int) -> Note:
        return next(n for n in self.text.notes if n.number == number)


def number_ranges(numbers: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive numbers: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return [(a, b) for a, b in runs]


def missing_label(ranges: list[str], numbers: list[int]) -> str:
    """ "Notes 54–58: the source does not include their text." (ranges already rendered)."""
    if len(numbers) == 1:
        return f"Note {ranges[0]}: {MISSING_NOTES.format('its text')}."
    return f"Notes {', '.join(ranges)}: {MISSING_NOTES.format('their text')}."


def _note_length(note: Note) -> int:
    return sum(len(inline_text(_para_inlines(b))) for b in note.blocks)


def _para_inlines(block) -> list[Inline]:
    if isinstance(block, Paragraph):
        return block.inlines
    if isinstance(block, BlockQuote):
        out: list[Inline] = []
        for b in block.blocks:
            out.extend(_para_inlines(b))
            out.append(Str(" "))
        return out[:-1]
    return []


def _blocks_of(note: Note):
    from ..model import iter_blocks

    return iter_blocks(note.blocks)


def _inline_seqs(block):
    from ..model import block_inlines

    return block_inlines(block)


def plain_title(nodes: list[Inline]) -> str:
    return inline_text(nodes)
