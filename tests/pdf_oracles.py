"""Known texts set as PDFs the way journal articles and book chapters are,
for the PDF round-trip tests (``test_pdf_notes.py``).

Each text is a list of blocks written here — headings, paragraphs, a block
quotation, a numbered list — whose note calls are written ``{n}`` (the key of
a note in the text's notes); it is set by WeasyPrint with print CSS written
here: footnotes as ``float: footnote`` at the foot of the page, or endnotes
under a "Notes" heading, running heads and folios in the page margins, a
journal's masthead, abstract and keywords on the first page. The expected
answers of the tests are these words, never readerbook's output.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

CALL = re.compile(r"\{(\w+)\}")

WORDS = (
    "harbour pilots tides cargo master ledger warehouse council market schooner storm letter owners "
    "quay brick fire road record arrival evidence committee witness account reserve"
).split()


# Long words, which a hyphenating layout breaks at line ends (WeasyPrint
# with ``hyphens: auto`` sets U+2010 there); none is a compound.
LONG = (
    "the correspondence of the representatives concerning their responsibilities notwithstanding "
    "the administration of the harbour and its considerable obligations towards the international "
    "merchants and the extraordinary circumstances of the investigation"
)


def filler(n: int, words: int) -> str:
    """Words that differ from one paragraph to the next (``n`` picks them)."""
    return " ".join(WORDS[(n * 7 + k) % len(WORDS)] for k in range(words))


@dataclass(frozen=True)
class Block:
    kind: str  # h1 | h2 | h3 | p | quote | ol
    text: str | tuple[str, ...]  # an ol's items


@dataclass
class Text:
    title: str
    blocks: list[Block]
    notes: dict[str, str] = field(default_factory=dict)
    front: str = ""  # the first page's masthead, authors, abstract and keywords (HTML)
    running_head: str = ""  # set on every page but the first
    journal: str = ""  # the verso's running head
    author: str = ""  # the file's metadata names the authors, as a journal's PDFs do


def plain(text: str) -> str:
    """A block's words as read: the note calls left out."""
    return CALL.sub("", text)


def calls(text: str) -> list[str]:
    return CALL.findall(text)


# ------------------------------------------------------------------ the texts


def article() -> Text:
    """A journal article: masthead, abstract and keywords, three levels of
    headings, footnotes numbered through the article, a block quotation, a
    numbered list, paragraphs running over page breaks."""
    blocks = [
        Block("h2", "1. Introduction"),
        Block(
            "p",
            f"Item 1 begins the study of the port. {filler(1, 60)} The pilots kept a ledger of every arrival.{{1}} "
            f"{filler(2, 40)} and item 1 ends.",
        ),
        Block("p", f"Item 2 begins with the owners. {filler(3, 70)}{{2}} {filler(4, 50)} and item 2 ends."),
        Block("h3", "1.1 The Sources"),
        Block(
            "p",
            f"Item 3 begins where the council wrote to the master: {filler(5, 20)}{{3}} and item 3 ends.",
        ),
        Block(
            "quote",
            "The harbour shall be open to every vessel that pays its dues, and the pilots shall keep "
            "a true record of the tides, the cargo and the masters, from one season to the next.",
        ),
        Block("p", f"Item 4 begins after the quotation. {filler(6, 90)}{{4}} {filler(7, 80)} and item 4 ends."),
        Block("h2", "2. The Records"),
        Block("p", "Item 5 begins the records. The ledgers list three kinds of entry:{5}"),
        Block(
            "ol",
            (
                "the arrival of a vessel, with its master and cargo;",
                "the dues paid at the quay, and by whom;",
                "the storms that closed the harbour, with their dates.",
            ),
        ),
        Block(
            "p",
            f"Item 6 begins after the list. {filler(8, 120)}{{6}} {filler(9, 120)} {filler(10, 60)} and item 6 ends.",
        ),
        Block("h3", "2.1 Conclusion"),
        Block("p", f"Item 7 begins the conclusion. {filler(11, 50)}{{7}} and item 7 ends."),
        Block("p", f"Item 8 begins with long words. {LONG} {LONG} {LONG} and item 8 ends."),
    ]
    notes = {
        "1": "The ledger is kept in the council archive, box 12.",
        "2": f"On the owners see the witness account of the storm, {filler(12, 60)}, and the record of the committee.",
        "3": "Council to the master, letter of the third of May.",
        "4": "The tides are given in the pilots' own hand.",
        "5": "The fourth kind, the fires, is rare.",
        "6": f"A long note runs on: {filler(13, 110)}, as the witness said.",
        "7": "See the first note.",
    }
    front = (
        "<div class='masthead'>Journal of Harbour Studies · Volume 12, Number 3 · 2024 · pp. 201–230</div>"
        "<h1>Pilots and Their Ledgers</h1>"
        "<p class='authors'>Ada Example and Ben Sample</p>"
        "<p class='affiliation'>Department of History, University of Somewhere</p>"
        "<div class='abstract'><p><b>Abstract.</b> This article reads the ledgers kept by the harbour pilots "
        "and what they tell of the port.</p>"
        "<p><b>Keywords:</b> harbour; pilots; ledgers; tides</p></div>"
    )
    return Text(
        "Pilots and Their Ledgers",
        blocks,
        notes,
        front,
        "Pilots and Their Ledgers",
        "Journal of Harbour Studies",
        "Ada Example and Ben Sample",
    )


def article_marked() -> Text:
    """The article with its authors marked for their affiliations (set as
    superscripts), the affiliations and a corresponding author's address under
    them, and no author in the file's metadata: the page alone names them."""
    text = article()
    text.author = ""
    text.front = text.front.replace(
        "<p class='authors'>Ada Example and Ben Sample</p>"
        "<p class='affiliation'>Department of History, University of Somewhere</p>",
        "<p class='authors'>Ada Example<sup>1</sup>, Ben Sample<sup>2,</sup>* and Cy Scholar<sup>1</sup></p>"
        "<p class='affiliation'><sup>1</sup> Department of History, University of Somewhere</p>"
        "<p class='affiliation'><sup>2</sup> Institute of Maritime Studies, Other University</p>"
        "<p class='affiliation'>* ben.sample@other.edu</p>",
    )
    return text


def article_unheaded() -> Text:
    """The marked article whose abstract is set apart by its smaller type alone
    (no "Abstract." before it)."""
    text = article_marked()
    text.front = text.front.replace("<b>Abstract.</b> ", "")
    return text


MARKED_AUTHORS = "Ada Example, Ben Sample and Cy Scholar"
AFFILIATIONS = ("Department of History", "Institute of Maritime Studies", "ben.sample@other.edu")
ABSTRACT = "This article reads the ledgers kept by the harbour pilots and what they tell of the port."
KEYWORDS = "Keywords: harbour; pilots; ledgers; tides"


# ------------------------------------------------------------------ setting


BASE_CSS = """
@page { size: 360pt 520pt; margin: 54pt 42pt 54pt 42pt; }
@page :first { @top-center { content: none; } @top-left { content: none; } @top-right { content: none; } }
body { font-family: serif; font-size: 10pt; line-height: 1.3; }
h1 { font-size: 17pt; font-weight: bold; margin: 6pt 0 6pt 0; }
h2 { font-size: 13pt; font-weight: bold; margin: 12pt 0 6pt 0; }
h3 { font-size: 11pt; font-weight: bold; font-style: italic; margin: 10pt 0 4pt 0; }
p { margin: 0; text-indent: 1.2em; text-align: justify; hyphens: auto; }
h2 + p, h3 + p, blockquote + p, ol + p { text-indent: 0; }
blockquote { margin: 6pt 24pt; font-size: 8.5pt; }
blockquote p { text-indent: 0; }
ol { margin: 4pt 0 4pt 24pt; padding: 0; }
li { text-align: justify; }
.masthead { font-size: 8pt; text-align: center; border-bottom: 0.5pt solid black; padding-bottom: 3pt; }
.authors { text-align: center; text-indent: 0; margin-top: 6pt; }
.affiliation { text-align: center; text-indent: 0; font-size: 8.5pt; font-style: italic; }
.abstract { margin: 10pt 18pt; font-size: 8.5pt; }
.abstract p { text-indent: 0; }
"""

FOOTNOTE_CSS = """
.fn { float: footnote; font-size: 8pt; text-indent: 0; text-align: left; }
::footnote-call { content: counter(footnote); font-size: 65%; vertical-align: super; line-height: 0; }
::footnote-marker { content: counter(footnote) " "; }
@page { @footnote { border-top: 0.5pt solid black; margin-top: 8pt; padding-top: 3pt; } }
"""


def running_css(text: Text, *, folio: str = "bottom") -> str:
    """Running heads on versos (the journal) and rectos (the title, in small
    caps), the folio at the top outside corner or the bottom centre."""
    head = html.escape(text.running_head).replace('"', '\\"')
    journal = html.escape(text.journal).replace('"', '\\"')
    style = "font-size: 8pt; font-variant: small-caps;"
    if folio == "top":
        return (
            f'@page :left {{ @top-left {{ content: counter(page); {style} }} @top-center {{ content: "{journal}"; {style} }} }}'
            f'@page :right {{ @top-right {{ content: counter(page); {style} }} @top-center {{ content: "{head}"; {style} }} }}'
        )
    return (
        f'@page :left {{ @top-center {{ content: "{journal}"; {style} }} }}'
        f'@page :right {{ @top-center {{ content: "{head}"; {style} }} }}'
        "@page { @bottom-center { content: counter(page); font-size: 8pt; } }"
    )


def _inline(text: str, notes: dict[str, str], how: str) -> str:
    out, at = [], 0
    for m in CALL.finditer(text):
        out.append(html.escape(text[at : m.start()]))
        key = m.group(1)
        if how == "footnote" or how == "both" and not key.isdigit():
            out.append(f"<span class='fn'>{html.escape(notes[key])}</span>")
        else:
            out.append(f"<sup>{html.escape(key)}</sup>")
        at = m.end()
    out.append(html.escape(text[at:]))
    return "".join(out)


def body_html(text: Text, how: str = "footnote") -> str:
    parts = [text.front]
    for b in text.blocks:
        if b.kind == "ol":
            parts.append("<ol>" + "".join(f"<li>{_inline(i, text.notes, how)}</li>" for i in b.text) + "</ol>")
        elif b.kind == "quote":
            parts.append(f"<blockquote><p>{_inline(b.text, text.notes, how)}</p></blockquote>")
        else:
            parts.append(f"<{b.kind}>{_inline(b.text, text.notes, how)}</{b.kind}>")
    if how in ("endnote", "both"):
        parts.append("<h2 class='notes'>Notes</h2><ol class='endnotes'>")
        parts.extend(f"<li>{html.escape(t)}</li>" for k, t in text.notes.items() if k.isdigit())
        parts.append("</ol>")
    return "".join(parts)


ENDNOTE_CSS = """
sup { font-size: 65%; line-height: 0; }
ol.endnotes { font-size: 8.5pt; margin-left: 18pt; }
"""

# Footnotes marked with symbols, as a text with endnotes too marks them.
SYMBOL_CSS = """
@counter-style marks { system: symbolic; symbols: "*" "\\2020" "\\2021"; }
::footnote-call { content: counter(footnote, marks); }
::footnote-marker { content: counter(footnote, marks) " "; }
"""


def document(text: Text, how: str = "footnote", *, folio: str = "bottom", extra_css: str = "") -> str:
    """``how``: ``footnote``, ``endnote``, or ``both`` (the notes whose keys
    are numbers at the end, the others at the foot of the page, marked with
    symbols)."""
    css = {
        "footnote": FOOTNOTE_CSS,
        "endnote": ENDNOTE_CSS,
        "both": FOOTNOTE_CSS + ENDNOTE_CSS + SYMBOL_CSS,
    }[how]
    css = BASE_CSS + css + running_css(text, folio=folio) + extra_css
    return (
        f"<html lang='en'><head><meta charset='utf-8'><title>{html.escape(text.title)}</title>"
        f"<meta name='author' content='{html.escape(text.author)}'>"
        f"<style>{css}</style></head><body>{body_html(text, how)}</body></html>"
    )


# ------------------------------------------------ a chapter set page by page


@dataclass(frozen=True)
class Page:
    """One page of a chapter set by hand: its body HTML and its foot's notes
    (HTML, each opening with its label, or none where it carries on the note
    of the page before)."""

    body: str
    foot: tuple[str, ...] = ()


CHAPTER_CSS = """
@page { size: 360pt 520pt; margin: 54pt 42pt 54pt 42pt; }
body { font-family: serif; font-size: 10pt; line-height: 1.3; margin: 0; }
.page { position: relative; height: 405pt; break-after: page; }
.page:last-child { break-after: auto; }
h1 { font-size: 16pt; font-weight: bold; margin: 0 0 12pt 0; text-align: center; }
h2 { font-size: 12pt; font-weight: bold; margin: 10pt 0 5pt 0; }
p { margin: 0; text-indent: 1.2em; text-align: justify; }
p.on { text-indent: 0; }
p.last { text-align-last: justify; }
h1 + p, h2 + p { text-indent: 0; }
sup { font-size: 65%; line-height: 0; }
.foot { position: absolute; bottom: 0; left: 0; width: 100%; font-size: 8pt; line-height: 1.2; }
.foot hr { width: 25%; margin: 0 0 3pt 0; border: 0; border-top: 0.5pt solid black; }
.foot p { text-indent: 0; text-align: left; }
.sc { font-variant: small-caps; }
"""


def chapter_heads(book: str, chapter: str) -> str:
    style = "font-size: 8pt;"
    return (
        f'@page :left {{ @top-left {{ content: counter(page); {style} }} @top-center {{ content: "{book}"; {style} font-style: italic; }} }}'
        f'@page :right {{ @top-right {{ content: counter(page); {style} }} @top-center {{ content: "{chapter.upper()}"; {style} letter-spacing: 0.5pt; }} }}'
        "@page :first { @top-center { content: none; } @top-right { content: none; } @top-left { content: none; } }"
    )


def paged_document(pages: list[Page], css: str, *, title: str, author: str = "") -> str:
    out = []
    for page in pages:
        foot = "".join(f"<p>{n}</p>" for n in page.foot)
        out.append(
            f"<div class='page'>{page.body}" + (f"<div class='foot'><hr>{foot}</div>" if foot else "") + "</div>"
        )
    return (
        f"<html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<meta name='author' content='{html.escape(author)}'>"
        f"<style>{CHAPTER_CSS}{css}</style></head><body>{''.join(out)}</body></html>"
    )


CHAPTER_BOOK = "A History of the Port"
CHAPTER_TITLE = "The Quay"


def chapter(numbered: bool = False) -> tuple[list[Page], list[str], dict[str, list[tuple[str, str]]]]:
    """A book chapter set page by page: footnotes marked with symbols that
    start again on each page (``*``, ``†``; or numbers, ``1``, ``2``, with
    ``numbered``), a note carried over to the next
    page's foot, paragraphs carried over page breaks — one of them inside a
    word hyphenated at the page's end (``ware-`` / ``house``) —, italics and
    small caps in the text.  Returns the pages, the paragraphs as they should
    read (HTML emphasis aside), and for each paragraph its calls: the label
    and the note's words."""
    one, two = ("1", "2") if numbered else ("*", "†")
    note_a = "The bricks came from the river kilns."
    note_b1 = f"The letter is lost; {filler(20, 30)}, but a copy"
    note_b2 = "survives in the council record."
    note_c = "Report of the committee, printed in the record."
    note_d = "The tides were higher that year."
    note_e = "So the master wrote to the owners."
    p1 = f"Item 1 begins the chapter. {filler(21, 30)} The quay was built of brick.<sup>{one}</sup> {filler(22, 20)} and item 1 ends."
    p2a = (
        f"Item 2 begins with the <i>Harbour Act</i> and the master's letter.<sup>{two}</sup> {filler(23, 40)} the ware-"
    )
    p2b = f"house stood by the quay {filler(24, 30)} and item 2 ends."
    p3 = (
        f"Item 3 begins with the <span class='sc'>Storm Committee</span>, whose report<sup>{one}</sup> "
        f"{filler(25, 40)} and item 3 ends."
    )
    pages = [
        Page(f"<h1>{CHAPTER_TITLE}</h1><p>{p1}</p><p class='last'>{p2a}</p>", (f"{one} {note_a}", f"{two} {note_b1}"))
    ]
    pages.append(Page(f"<p class='on'>{p2b}</p><h2>The Storm</h2><p>{p3}</p>", (note_b2, f"{one} {note_c}")))
    paragraphs = [p1, p2a[: -len("ware-")] + "warehouse" + p2b[len("house") :], p3]
    calls = {"1": [(one, note_a)], "2": [(two, f"{note_b1} {note_b2}")], "3": [(one, note_c)]}
    # Further pages: each paragraph runs over the page's end, a note on every page.
    tail = ""
    for n in range(4, 9):
        head = f"Item {n} begins {filler(n + 30, 70)}"
        note = note_d if n % 2 else note_e
        mark = one
        first = f"<p class='on'>{tail}</p>" if tail else ""  # the end of the paragraph begun on the page before
        body = f"{first}<p class='last'>{head}<sup>{mark}</sup> {filler(n + 50, 50)}</p>"
        pages.append(Page(body, (f"{mark} {note}",)))
        tail = f"{filler(n + 40, 60)} and item {n} ends."
        paragraphs.append(f"{head}<sup>{mark}</sup> {filler(n + 50, 50)} {tail}")
        calls[str(n)] = [(mark, note)]
    pages.append(Page(f"<p class='on'>{tail}</p>"))
    return pages, paragraphs, calls


def chapter_document(numbered: bool = False) -> str:
    pages, _, _ = chapter(numbered)
    return paged_document(pages, chapter_heads(CHAPTER_BOOK, CHAPTER_TITLE), title=CHAPTER_TITLE, author="Ada Example")


def article_with_both() -> Text:
    """The article with three of its notes at the foot of the page, marked
    with symbols (keys ``a``, ``b``, ``c``), the others numbered at the end."""
    text = article()
    rename = {"2": "a", "4": "b", "6": "c"}
    blocks = [
        Block(b.kind, CALL.sub(lambda m: "{" + rename.get(m.group(1), m.group(1)) + "}", b.text))
        if isinstance(b.text, str)
        else b
        for b in text.blocks
    ]
    numbered = iter(range(1, 10))
    renumber = {k: str(next(numbered)) for k in text.notes if k not in rename}
    rename.update(renumber)
    blocks = [
        Block(b.kind, CALL.sub(lambda m: "{" + renumber.get(m.group(1), m.group(1)) + "}", b.text))
        if isinstance(b.text, str)
        else b
        for b in blocks
    ]
    notes = {rename[k]: v for k, v in text.notes.items()}
    return Text(text.title, blocks, notes, text.front, text.running_head, text.journal, text.author)
