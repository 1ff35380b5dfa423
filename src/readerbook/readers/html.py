"""Web pages, and the one HTML walker every structured reader shares.

A web page (and the HTML that the Markdown, DOCX and EPUB readers make) is
walked once, in document order, into IR lines:

- every block-level element that holds text (``p``, ``h1``–``h6``, ``li``,
  ``dt``, ``dd``, ``pre``, ``td``, ``th``, captions, ``address``, and any
  container such as a ``div`` or a ``blockquote`` with text of its own) becomes
  one line; a ``<br>`` splits it into several lines of one ``Hint.group``;
  ``<pre>`` gives one line per source line; ``<hr>`` a ``break`` line; a lone
  image its alt text as a ``figure`` line;
- inline markup becomes :class:`~readerbook.ir.Style` runs (italic, bold,
  superscript, subscript, small capitals, code, links, anchors);
- the element's kind, list marker, table position, enclosing containers,
  class names and any evidence that it is site navigation go into its
  :class:`~readerbook.ir.Hint`.

The walker says what the page holds and decides nothing: whether a line is a
note, a heading of the work or navigation is for the normalization passes.
"""

from __future__ import annotations

import codecs
import html as htmllib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from ..diagnostics import Diagnostics
from ..ir import (
    ANCHOR,
    BOLD,
    CODE,
    ITALIC,
    LINK,
    NOTE_REF,
    SMALL_CAPS,
    SUBSCRIPT,
    SUPERSCRIPT,
    Hint,
    Line,
    SourceText,
    Style,
)
from ..normalize.article import join_names
from ..normalize.thresholds import THRESHOLDS
from .text import decode, strip_uncarriable

__all__ = [
    "Walker",
    "decode_html",
    "html_meta",
    "parse_html",
    "read_html",
    "walk",
]

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Elements whose content is never shown as text.
SKIP = frozenset(
    """script style head noscript template svg title iframe object embed canvas audio video select option
    optgroup datalist textarea map area rp col colgroup param source track meta link base""".split()
)
# Elements that start and end a block (everything else is inline).
BLOCK = frozenset(
    """address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section summary
    table tbody td tfoot th thead tr ul listing xmp plaintext search noframes frameset""".split()
)
HEADINGS = {f"h{n}": n for n in range(1, 7)}
_TAG_STYLES = {
    "em": ITALIC,
    "i": ITALIC,
    "cite": ITALIC,
    "dfn": ITALIC,
    "var": ITALIC,
    "strong": BOLD,
    "b": BOLD,
    "sup": SUPERSCRIPT,
    "sub": SUBSCRIPT,
    "code": CODE,
    "tt": CODE,
    "kbd": CODE,
    "samp": CODE,
}
_ITALIC_CLASSES = {"italic", "italics", "i", "it", "ital", "emph"}
_BOLD_CLASSES = {"bold", "b", "strong"}
_SMALL_CAPS_CLASSES = {"smcap", "smcaps", "smallcaps", "smallcap", "small-caps", "sc", "caps-small"}

# Class, id, epub:type or role words that say an element holds notes (MediaWiki sets its
# footnotes as <ol class="references"> under <div class="reflist">).
_NOTE_WORDS = {
    "footnote",
    "footnotes",
    "endnote",
    "endnotes",
    "notes",
    "rearnote",
    "rearnotes",
    "references",
    "reflist",
}
# Class words worth passing down from ancestors: what the source says a passage is.
SEMANTIC = frozenset(
    """poem poetry stanza verse line lines linegroup lg footnote footnotes endnote endnotes note notes rearnote
    rearnotes toc contents chapter letter signature salutation valediction closing dateline epigraph attribution
    citation speech speaker stage stagedir direction dialogue drama play quote quotation blockquote pullquote
    dedication preface foreword introduction prologue epilogue afterword appendix glossary bibliography index
    colophon copyright titlepage halftitle title subtitle author byline caption figure illustration sidebar
    abstract pagenum pageno transcriber tnote address""".split()
)
# Class and id words that mark site chrome (navigation, page furniture of a web site).
_CHROME_RE = re.compile(
    r"(?<![a-z])(nav|menu|breadcrumbs?|footer|header|masthead|sidebar|share|sharing|sharedaddy|social|comments?"
    r"|related|skip|toc|pagination|copyright|cookies?|consent|gdpr|widgets?|newsletter|subscribe|subscription"
    r"|advert|advertisement|ads|promo)(bar|igation|links?|list|wrap|wrapper|box|container|area|block|menu|line"
    r"|top|bottom|trail|notice|banner|popup|s)?(?![a-z])"
)
# Class and id words of chrome set inline, inside a heading or a paragraph of the work: a wiki's
# "[edit]" link and "[citation needed]" (classed "noprint": the site leaves it out of print), a
# documentation site's pilcrow or "#" permalink, a share button, text only for screen readers.
_INLINE_CHROME_RE = re.compile(
    r"(?<![a-z])(editsection|edit-?link|edit-?section|headerlink|header-?anchor|anchor-?link|anchorjs-link"
    r"|permalink|hash-?link|heading-?anchor|share-?buttons?|sharing|screen-reader-text|visually-?hidden"
    r"|sr-only|noprint|no-print|print-?hide|hidden-print|d-print-none)(?![a-z])"
)
# Class words that name a blog post or a web page in a footer's class (``entry-footer``,
# ``post-footer``): the site's furniture under the post, even inside its <article>.
_POST_WORDS = {"post", "entry", "article", "site", "page", "blog"}
# Class words of the element that holds a note's links back to its references (MediaWiki's
# "^ a b" before each reference's text): dropped whole, the caret and letters with the links.
_BACKLINK_WORDS = {"backlink", "backlinks", "backref", "backrefs", "backreference"}
_FIGURE_CLASS = re.compile(r"(?i)^(fig|illus)")
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar", "doc-toc"}
# What an element that says it is part of the work says (EPUB structural semantics, DPUB-ARIA):
# no class or id word makes it chrome (a chapter whose id is "copyright-law").
_WORK_TYPES = {
    "chapter", "part", "volume", "division", "subchapter", "bodymatter", "preface", "introduction", "foreword",
    "prologue", "epilogue", "afterword", "conclusion", "appendix", "epigraph", "dedication",
}  # fmt: skip
_WORK_ROLES = {"main", "article"} | {f"doc-{t}" for t in _WORK_TYPES}
_CHROME_TYPES = {"toc", "landmarks", "page-list"}
_BACK_GLYPHS = {"↩", "↑", "^", "⤴", "↵", "⇧", "⬆"}
_BACK_WORDS = re.compile(r"\[?\(?\s*(back|return|go back|back to text|return to text|to text)\s*\)?\]?", re.I)

# Characters folded at reading: odd spaces (and the no-break space) to a space, invisible ones dropped.
_CHARMAP = dict.fromkeys(
    map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"), " "
)
_CHARMAP.update(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None))
_PRE_CHARMAP = dict(_CHARMAP)
_PRE_CHARMAP.update({ord("\t"): "    ", ord("\r"): None, ord("\f"): None, ord("\v"): None})
_WS = re.compile(r"[ \t\n\r\f\v]+")


# ---------------------------------------------------------------------------
# Decoding and parsing


_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)["']""", re.I)
_LATIN1_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "iso_8859-1", "cp819"}


def decode_html(data: bytes, shown: str, diagnostics: Diagnostics, encoding: str | None = None) -> tuple[str, str]:
    """Bytes to text: a byte-order mark, else the page's own declaration
    (``<meta charset>``, ``http-equiv``, the XML declaration), else detection."""
    if encoding:
        return decode(data, shown, diagnostics, encoding)
    for bom, enc, name in (
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), name
            except UnicodeDecodeError:
                break
    head = data[:65536]
    end = head.lower().find(b"</head>")
    if end >= 0:
        head = head[:end]
    m = _META_CHARSET.search(head) or _XML_DECL.search(data[:1024])
    if m:
        label = m.group(1).decode("ascii", "replace").strip().lower()
        try:
            codec = codecs.lookup(label).name
        except LookupError:
            codec = None
        if codec is not None and not codec.startswith("utf-16"):
            if label in _LATIN1_LABELS:
                # As browsers do: a page declared Latin-1 or ASCII is read as Windows-1252
                # when it holds bytes only that code page gives letters to.
                if any(0x80 <= b <= 0x9F for b in data):
                    return data.decode("cp1252", errors="replace"), "windows-1252"
                return data.decode("latin-1"), "iso-8859-1" if label not in ("us-ascii", "ascii") else "ascii"
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                diagnostics.warning(
                    "RB203",
                    f"the page declares the encoding {label} but does not decode as it; detecting instead",
                    path=shown,
                    hint="correct the page's <meta charset>, or set 'encoding:' for this text in book.yaml",
                )
            else:
                return text, "utf-8" if codec == "utf-8" else label
    return decode(data, shown, diagnostics)


_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}


def _numeric_entities(text: str) -> str:
    """HTML named entities as numeric references, so that XHTML parses as XML without its DTD."""

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name in _XML_ENTITIES:
            return m.group(0)
        value = htmllib.entities.html5.get(name + ";")
        if value is None:
            return m.group(0)
        return "".join(f"&#{ord(c)};" for c in value)

    return _NAMED_ENTITY.sub(sub, text)


_XML_PARSER = etree.XMLParser(
    resolve_entities=False, load_dtd=False, no_network=True, huge_tree=True, remove_comments=False
)


def parse_html(text: str, xml: bool | None = None):
    """An element tree for a page: as XML when it is XHTML and well formed,
    else with the forgiving HTML parser.  ``xml=None`` decides by its opening."""
    text = text.lstrip("\ufeff")
    body = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    if xml is None:
        opening = text[:4096]
        xml = opening.lstrip().startswith("<?xml") or XHTML_NS in opening
    if xml:
        try:
            return etree.fromstring(_numeric_entities(body).encode("utf-8"), _XML_PARSER)
        except etree.XMLSyntaxError:
            pass
    if not body.strip():
        body = "<html><body></body></html>"
    try:
        return lxml_html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return lxml_html.document_fromstring("<html><body></body></html>")


def _tag(el) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):
        return None  # a comment, processing instruction or entity
    if tag[:1] == "{":
        tag = tag.split("}", 1)[1]
    elif ":" in tag:
        tag = tag.split(":", 1)[1]
    return tag.lower()


def _epub_types(el) -> list[str]:
    return (el.get(EPUB_TYPE) or el.get("epub:type") or "").split()


def _lang(el) -> str:
    return (el.get("lang") or el.get(XML_LANG) or el.get("xml:lang") or "").strip()


def _child(el, name: str):
    for c in el:
        if _tag(c) == name:
            return c
    return None


def _body(root):
    if _tag(root) == "body":
        return root
    body = _child(root, "body")
    if body is not None:
        return body
    for el in root.iter():
        if _tag(el) == "body":
            return el
    return root


def _squash(text: str) -> str:
    return _WS.sub(" ", (text or "").translate(_CHARMAP)).strip()


def _inverted_name(name: str) -> str:
    """ "Writer, Ann" → "Ann Writer" (a citation tag's order); other forms as they are."""
    last, comma, first = name.partition(",")
    if comma and first.strip() and len(last.split()) <= 3 and "," not in first:
        return f"{first.strip()} {last.strip()}"
    return name


def html_meta(root) -> dict[str, str]:
    """What the page says about the work: title, author, language."""
    meta: dict[str, str] = {}
    head = _child(root, "head")
    titles: dict[str, str] = {}
    authors: dict[str, str] = {}
    languages: dict[str, str] = {}
    cited: list[str] = []
    if head is not None:
        for el in head.iter():
            tag = _tag(el)
            if tag == "title" and "title" not in titles:
                text = _squash("".join(el.itertext()))
                if text:
                    titles["title"] = text
            elif tag == "meta":
                name = (el.get("name") or el.get("property") or "").strip().lower()
                equiv = (el.get("http-equiv") or "").strip().lower()
                content = _squash(el.get("content") or "")
                if not content:
                    continue
                if name in ("dc.title", "dcterms.title", "og:title", "citation_title") and name not in titles:
                    titles[name] = content
                elif name == "citation_author":
                    # Highwire tags, one per author, as journals set them ("Writer, Ann").
                    cited.append(_inverted_name(content))
                elif name in ("author", "dc.creator", "dcterms.creator") and name not in authors:
                    authors[name] = content
                elif name in ("dc.language", "dcterms.language") or equiv == "content-language":
                    languages.setdefault(name or equiv, content)
    # A journal's citation tags name the article itself (a page's own title and
    # author may be the site's or the issue's).
    for key in ("citation_title", "dc.title", "dcterms.title", "og:title", "title"):
        if key in titles:
            meta["title"] = titles[key]
            break
    if cited:
        authors["citation_author"] = join_names(list(dict.fromkeys(cited)))
    for key in ("citation_author", "author", "dc.creator", "dcterms.creator"):
        if key in authors:
            meta["author"] = authors[key]
            break
    language = _lang(root)
    if not language:
        body = _body(root)
        language = _lang(body) if body is not None else ""
    if not language and languages:
        language = next(iter(languages.values())).split(",")[0].strip()
    if language:
        meta["language"] = language
    return meta


# ---------------------------------------------------------------------------
# Collecting a block's text and styles


class _Seg:
    """One line of a block (a block split by ``<br>`` has several)."""

    __slots__ = ("anchors", "n", "parts", "space", "styles")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0
        self.space = False  # the text so far ends in a collapsible space
        self.styles: list[tuple[int, int, str, str, int]] = []
        self.anchors: list[tuple[int, str, int]] = []


class _Builder:
    """The text of one block as it is walked, with whitespace collapsed as a
    browser does (or kept, in ``<pre>``) and style runs at their offsets."""

    def __init__(self, pre: bool = False) -> None:
        self.pre = pre
        self.segs = [_Seg()]
        self.open: list[list] = []  # [kind, value, start, order]
        self.images: list[tuple[str, str]] = []  # (alt text, file) of each image in the block
        self._order = 0

    def _next(self) -> int:
        self._order += 1
        return self._order

    def add(self, text: str | None) -> None:
        if not text:
            return
        if self.pre:
            text = unicodedata.normalize("NFC", text.translate(_PRE_CHARMAP))
            for k, piece in enumerate(text.split("\n")):
                if k:
                    self.newline()
                if piece:
                    self._append(piece)
            return
        text = _WS.sub(" ", unicodedata.normalize("NFC", text.translate(_CHARMAP)))
        seg = self.segs[-1]
        if text[:1] == " " and (seg.n == 0 or seg.space):
            text = text[1:]
        if text:
            self._append(text)

    def literal(self, text: str) -> None:
        """Text that is not collapsed (a check box's glyph)."""
        self._append(text)

    def _append(self, text: str) -> None:
        seg = self.segs[-1]
        seg.parts.append(text)
        seg.n += len(text)
        seg.space = not self.pre and text.endswith(" ")

    def open_style(self, kind: str, value: str = "") -> list:
        item = [kind, value, self.segs[-1].n, self._next()]
        self.open.append(item)
        return item

    def close_style(self, item: list) -> None:
        for k, other in enumerate(self.open):
            if other is item:
                del self.open[k]
                break
        seg = self.segs[-1]
        seg.styles.append((item[2], seg.n, item[0], item[1], item[3]))

    def anchor(self, value: str) -> None:
        seg = self.segs[-1]
        seg.anchors.append((seg.n, value, self._next()))

    def newline(self) -> None:
        seg = self.segs[-1]
        for item in self.open:
            seg.styles.append((item[2], seg.n, item[0], item[1], item[3]))
            item[2] = 0
        self.segs.append(_Seg())

    def finish(self) -> list[tuple[str, list[Style], list[str]]]:
        """Each line's text, its styles and anchors in order, and the anchors
        alone (for a line with no text, whose anchors move on)."""
        for item in list(self.open):
            self.close_style(item)
        out = []
        for seg in self.segs:
            text = "".join(seg.parts)
            text = text.rstrip() if self.pre else (text[:-1] if text.endswith(" ") else text)
            n = len(text)
            runs = []
            for start, end, kind, value, order in seg.styles:
                start, end = min(start, n), min(end, n)
                while start < end and text[start] == " ":
                    start += 1
                while end > start and text[end - 1] == " ":
                    end -= 1
                if end > start:
                    runs.append((start, end, kind, value, order))
            runs = _merge(runs)
            seen = set()
            for pos, value, order in seg.anchors:
                pos = min(pos, n)
                if (pos, value) not in seen:
                    seen.add((pos, value))
                    runs.append((pos, pos, ANCHOR, value, order))
            runs.sort(key=lambda r: (r[0], r[4]))
            out.append((text, [Style(s, e, k, v) for s, e, k, v, _ in runs], [v for _, v, _ in seg.anchors]))
        return out


def _merge(runs: list[tuple[int, int, str, str, int]]) -> list[tuple[int, int, str, str, int]]:
    """Runs of one kind and value that overlap or touch become one."""
    by_kind: dict[tuple[str, str], list] = {}
    for run in runs:
        by_kind.setdefault((run[2], run[3]), []).append(run)
    out = []
    for (kind, value), group in by_kind.items():
        group.sort()
        cur = list(group[0])
        for s, e, _, _, order in group[1:]:
            if s <= cur[1]:
                cur[1] = max(cur[1], e)
                cur[4] = min(cur[4], order)
            else:
                out.append(tuple(cur))
                cur = [s, e, kind, value, order]
        out.append(tuple(cur))
    return out


# ---------------------------------------------------------------------------
# The walker


class _Override:
    """What the lines of a list item, cell, term or caption are, whatever element holds their text."""

    __slots__ = ("fresh", "group", "kind", "label", "level")

    def __init__(self, kind: str, level: int = 0, label: str = "", group: int = 0) -> None:
        self.kind, self.level, self.label, self.group = kind, level, label, group
        self.fresh = True


class _List:
    __slots__ = ("bullet", "counter", "ordered", "step", "type")

    def __init__(self, ordered: bool, counter: int = 1, step: int = 1, type_: str = "1", bullet: str = "•") -> None:
        self.ordered, self.counter, self.step, self.type, self.bullet = ordered, counter, step, type_, bullet


class _Table:
    __slots__ = ("col", "group", "row")

    def __init__(self, group: int) -> None:
        self.group, self.row, self.col = group, 0, 0


@dataclass(frozen=True)
class _Ctx:
    path: str
    kind: str = "p"
    level: int = 0
    label: str = ""
    override: _Override | None = None
    containers: tuple[str, ...] = ()
    inherited: tuple[str, ...] = ()  # semantic classes, epub:type and role values of ancestors
    classes: tuple[str, ...] = ()  # the classes of this element's own lines
    chrome: str = ""
    quote_depth: int = 0
    list_depth: int = 0
    lst: _List | None = None
    table: _Table | None = None
    figure_img: bool = False  # inside a <figure> that holds an image
    no_images: bool = False  # inside a <figure> with an image and a caption: the caption speaks for it
    wrap: tuple[tuple[str, str], ...] = ()  # styles of an inline element that holds blocks
    sectioning: bool = False  # inside article/aside/main/nav/section
    in_main: bool = False  # inside the page's <main> or <article> (when the walker prefers one)
    sourceline: int = 0  # the element's line in the file


def _dedupe(items) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for x in items:
        if x and x not in seen:
            seen[x] = None
    return tuple(seen)


def _words(value: str) -> list[str]:
    return [w for w in re.split(r"[^a-z]+", value.lower()) if w]


def _semantic(name: str) -> bool:
    low = name.lower()
    return low in SEMANTIC or any(w in SEMANTIC for w in _words(low))


def _camel(value: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "-", value).lower()


def _ol_label(n: int, kind: str) -> str:
    if kind == "none":
        return ""
    if kind in ("a", "A", "lower-alpha", "upper-alpha", "lower-latin", "upper-latin"):
        s = ""
        m = n
        while m > 0:
            m, r = divmod(m - 1, 26)
            s = chr(97 + r) + s
        s = s or str(n)
        return (s.upper() if kind in ("A", "upper-alpha", "upper-latin") else s) + "."
    if kind in ("i", "I", "lower-roman", "upper-roman"):
        s = _roman(n) if n > 0 else str(n)
        return (s.upper() if kind in ("I", "upper-roman") else s) + "."
    return f"{n}."


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out += letters
            n -= value
    return out


_STYLE_PROP = re.compile(r"([a-z-]+)\s*:\s*([^;]+)")


def _style_props(el) -> dict[str, str]:
    style = el.get("style")
    if not style:
        return {}
    return {k: v.strip().lower() for k, v in _STYLE_PROP.findall(style.lower())}


def _hidden(el) -> bool:
    if el.get("hidden") is not None:
        return True
    props = _style_props(el)
    return props.get("display") == "none"


def _int(value: str | None, default: int) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        return default


class Walker:
    """Walks element trees into IR lines; one walker can walk several trees
    (an EPUB's documents) with line numbers, groups and pending anchors running on.

    ``link(href)`` gives a LINK's value and ``anchor(id)`` an ANCHOR's value;
    by default a page's own (``#id`` for an in-page link, ``id`` for an anchor).
    """

    def __init__(self, start: int = 1) -> None:
        self.no = start - 1
        self.groups = 0
        self.lines: list[Line] = []
        self.pending: list[str] = []  # anchors waiting for the next line with text
        self.omitted: list[tuple[str, str]] = []  # hidden elements' text
        self.source_lines: list[tuple[int, int]] = []  # (line in the file, IR line number)
        self.prefix = ""
        self.link: Callable[[str], str] = lambda href: href
        self.anchor: Callable[[str], str] = lambda ident: ident
        self._has_block: set = set()
        self._main = None  # the page's <main> or <article>, when it is preferred
        self._main_path: set = set()  # …and its ancestors
        self._main_roots: set = set()  # …and what it links to outside it (its notes, set after it)

    # -- entry points -----------------------------------------------------

    def walk(
        self,
        root,
        prefix: str = "",
        link: Callable[[str], str] | None = None,
        anchor: Callable[[str], str] | None = None,
        start_anchors: tuple[str, ...] = (),
        sectioned: bool = False,
        prefer_main: bool = False,
    ) -> list[Line]:
        """The lines of one tree (a document, or its ``body``).  ``start_anchors``
        stand at the start of its first line; ``sectioned`` says the tree is a
        section of a book (an EPUB's document), whose ``<header>`` is its own;
        ``prefer_main`` that a web page's one ``<main>`` (or ``<article>``) is the
        work and what stands outside it the site's chrome."""
        self.prefix = prefix
        self.link = link or (lambda href: href)
        self.anchor = anchor or (lambda ident: ident)
        first = len(self.lines)
        body = _body(root)
        self._index_blocks(body)
        self._main = _main_element(body) if prefer_main else None
        self._main_path = set(self._main.iterancestors()) if self._main is not None else set()
        self._main_roots = {self._main} | _linked_from(self._main, self._main_path) if self._main is not None else set()
        for root_el in self._main_roots:
            self._main_path.update(root_el.iterancestors())
        self.pending.extend(start_anchors)
        self._block(body, _Ctx(path="body", sectioning=sectioned), "body")
        self._has_block = set()
        # Anchors after the last text of the document stand at the end of its last line.
        self._attach_pending(first)
        return list(self.lines[first:])

    def finish(self) -> None:
        """Anchors still waiting when the last tree is walked stand at the end of the last line with text."""
        self._attach_pending(0)

    def _attach_pending(self, first: int) -> None:
        if not self.pending:
            return
        for k in range(len(self.lines) - 1, first - 1, -1):
            line = self.lines[k]
            if line.text:
                end = len(line.text)
                extra = tuple(Style(end, end, ANCHOR, v) for v in _dedupe(self.pending))
                self.lines[k] = replace(line, styles=line.styles + extra)
                self.pending = []
                return

    # -- structure --------------------------------------------------------

    def _index_blocks(self, body) -> None:
        """Which inline elements hold block elements (they are then walked as blocks)."""
        marked: set = set()
        for el in body.iter():
            tag = _tag(el)
            if tag in BLOCK:
                for anc in el.iterancestors():
                    if anc in marked or anc is body:
                        break
                    marked.add(anc)
        self._has_block = marked

    def _new_group(self) -> int:
        self.groups += 1
        return self.groups

    def _skip(self, el, tag: str | None) -> bool:
        if tag is None or tag in SKIP:
            return True
        if _hidden(el):
            text = _squash(" ".join(el.itertext()))
            if text:
                self.omitted.append(("hidden element", text))
            return True
        return False

    def _enter(self, el, tag: str, ctx: _Ctx, path: str) -> _Ctx:
        """The context for an element's content."""
        class_names = (el.get("class") or "").split()
        types = _epub_types(el)
        roles = (el.get("role") or "").split()
        ident = el.get("id") or ""
        own = list(class_names) + types + roles
        if tag == "address":
            own.append("address")
        classes = _dedupe(own + list(ctx.inherited))
        inherited = _dedupe([c for c in class_names if _semantic(c)] + types + roles + list(ctx.inherited))

        containers = list(ctx.containers)
        if tag == "blockquote":
            containers.append("quote")
        elif tag in ("ol", "ul", "menu", "dir"):
            containers.append("list")
        elif tag == "table":
            containers.append("table")
        elif tag == "aside":
            containers.append("aside")
        elif tag == "nav" or "navigation" in roles:
            containers.append("nav")
        note_words = set(_words(" ".join(class_names + [ident] + types + roles)))
        if note_words & _NOTE_WORDS and "footnotes" not in containers:
            containers.append("footnotes")

        chrome = ctx.chrome or self._chrome(el, tag, ctx, class_names, ident, types, roles)
        in_main = ctx.in_main or el in self._main_roots
        if self._main is not None and not in_main and not chrome and el not in self._main_path:
            chrome = f"outside the page's <{_tag(self._main)}>"
        sectioning = ctx.sectioning or tag in ("article", "aside", "main", "nav", "section")

        kind, level, label = "p", ctx.quote_depth, ""
        override = ctx.override
        lst, table = ctx.lst, ctx.table
        quote_depth, list_depth = ctx.quote_depth, ctx.list_depth
        figure_img, no_images = ctx.figure_img, ctx.no_images
        if tag in HEADINGS:
            kind, level, label = "heading", HEADINGS[tag], (el.get("data-label") or "").strip()
        elif tag == "pre":
            kind = "pre"
        elif tag == "blockquote":
            quote_depth += 1
            level = quote_depth
        elif tag in ("ol", "ul", "menu", "dir"):
            list_depth += 1
            props = _style_props(el)
            style_type = props.get("list-style-type", "") or props.get("list-style", "").split(" ")[0]
            if tag == "ol":
                reversed_ = el.get("reversed") is not None
                items = sum(1 for c in el if _tag(c) == "li")
                start = _int(el.get("start"), items if reversed_ else 1)
                lst = _List(True, start, -1 if reversed_ else 1, el.get("type") or style_type or "1")
            else:
                bullet = {"disc": "•", "circle": "◦", "square": "▪", "none": ""}.get(
                    (el.get("type") or style_type or "").lower(), "•◦▪"[min(list_depth, 3) - 1]
                )
                lst = _List(False, bullet=bullet)
        elif tag == "li":
            if lst is None:
                item_label = "•"
            elif lst.ordered:
                if el.get("value") is not None:
                    lst.counter = _int(el.get("value"), lst.counter)
                item_label = _ol_label(lst.counter, lst.type)
                lst.counter += lst.step
            else:
                item_label = lst.bullet
            override = _Override("item", max(list_depth, 1), item_label)
        elif tag == "table":
            table = _Table(self._new_group())
        elif tag == "tr":
            if table is not None:
                table.row += 1
                table.col = 0
        elif tag in ("td", "th"):
            if table is None:
                table = _Table(self._new_group())
                table.row = 1
            table.col += 1
            label = f"{max(table.row, 1)}:{table.col}"
            table.col += max(_int(el.get("colspan"), 1), 1) - 1
            override = _Override("cell", 1 if tag == "th" else 0, label, table.group)
            label = ""
        elif tag in ("dt", "dd"):
            override = _Override(tag)
        elif tag == "caption":
            override = _Override("caption")
        elif tag == "figure":
            descendants = [_tag(d) for d in el.iterdescendants()]
            figure_img = "img" in descendants
            no_images = figure_img and "figcaption" in descendants
        elif tag == "figcaption":
            override = _Override("figure" if figure_img else "caption")
        elif any(_FIGURE_CLASS.match(c) for c in class_names) and tag in ("div", "p", "span", "center"):
            # A figure written as <div class="figcenter"> (Project Gutenberg): an image and its caption.
            if any(_tag(d) == "img" for d in el.iterdescendants()) and _squash("".join(el.itertext())):
                figure_img = no_images = True
                override = _Override("figure")

        wrap = ctx.wrap
        extra = self._inline_kinds(el, tag)
        if extra:
            wrap = wrap + tuple(extra)
        return _Ctx(
            path=path,
            kind=kind,
            level=level,
            label=label,
            override=override,
            containers=tuple(containers),
            inherited=inherited,
            classes=classes,
            chrome=chrome,
            quote_depth=quote_depth,
            list_depth=list_depth,
            lst=lst,
            table=table,
            figure_img=figure_img,
            no_images=no_images,
            wrap=wrap,
            sectioning=sectioning,
            in_main=in_main,
            sourceline=el.sourceline or ctx.sourceline,
        )

    def _chrome(self, el, tag, ctx: _Ctx, class_names, ident, types, roles) -> str:
        if tag in ("nav", "menu", "form"):
            return f"inside <{tag}>"
        if tag in ("header", "footer") and not ctx.sectioning:
            return f"inside <{tag}>"
        for role in roles:
            if role.lower() in _CHROME_ROLES:
                return f"role '{role}'"
        m = _INLINE_CHROME_RE.search(_camel(" ".join(class_names)).lower())
        if m:
            return f"class '{m.group(1)}'"
        for t in types:
            if t.lower() in _CHROME_TYPES:
                return f"epub:type '{t}'"
        if {t.lower() for t in types} & _WORK_TYPES or {r.lower() for r in roles} & _WORK_ROLES:
            return ""
        for attr, names in (("class", class_names), ("id", [ident] if ident else [])):
            for name in names:
                m = _CHROME_RE.search(_camel(name))
                if m is None:
                    continue
                if m.group(1) == "footer" and tag not in HEADINGS and set(_words(_camel(name))) & _POST_WORDS:
                    return f"{attr} '{name}'"  # a blog post's footer: its tags, share and subscribe buttons
                if m.group(1) in ("header", "footer") and (
                    ctx.sectioning or tag in HEADINGS or re.search(r"chapter|section|part|title|book", name, re.I)
                ):
                    continue  # a chapter's own header or footer, not the site's
                return f"{attr} '{name}'"
        return ""

    def _block(self, el, ctx_parent: _Ctx, path: str) -> None:
        tag = _tag(el)
        if self._skip(el, tag):
            return
        ctx = self._enter(el, tag, ctx_parent, path)
        ident = el.get("id")
        if ident:
            self.pending.append(self.anchor(ident))
        if tag == "a" and el.get("name") and el.get("name") != ident:
            self.pending.append(self.anchor(el.get("name")))
        if tag == "hr":
            self._emit("", [], "break", 0, self._new_group(), "", ctx)
            return
        if tag == "pre":
            self._pre(el, ctx)
            return
        self._flow(el, ctx)

    def _flow(self, el, ctx: _Ctx) -> None:
        """An element's content: runs of inline content become lines, block children recurse."""
        b = _Builder()
        b.add(el.text)
        children = [c for c in el]
        counts = Counter(_tag(c) for c in children)
        seen: Counter = Counter()
        for child in children:
            tag = _tag(child)
            if tag is not None:
                seen[tag] += 1
                if tag in BLOCK or child in self._has_block:
                    if not self._skip(child, tag):
                        self._flush(b, ctx)
                        b = _Builder()
                        child_path = f"{ctx.path}/{tag}" + (f"[{seen[tag]}]" if counts[tag] > 1 else "")
                        self._block(child, ctx, child_path)
                else:
                    self._inline(child, b, ctx)
            b.add(child.tail)
        self._flush(b, ctx)

    def _inline(self, el, b: _Builder, ctx: _Ctx) -> None:
        tag = _tag(el)
        if self._skip(el, tag):
            return
        dropped = _inline_dropped(el)
        if dropped:
            text = _squash("".join(el.itertext()))
            if text:
                self.omitted.append((dropped, text))
            return
        if tag == "br":
            b.newline()
            return
        if tag == "wbr":
            return
        if tag == "img":
            src = (el.get("src") or "").strip()
            name = "an embedded image" if src.startswith("data:") else src.rsplit("/", 1)[-1][:120] or "an image"
            b.images.append(((el.get("alt") or "").strip(), name))
            if el.get("id"):
                b.anchor(self.anchor(el.get("id")))
            return
        if tag == "input":
            if (el.get("type") or "").lower() == "checkbox":
                b.literal("☒" if el.get("checked") is not None else "☐")
            return
        href = el.get("href") if tag == "a" else None
        if href is not None and self._backlink(el, href):
            text = _squash("".join(el.itertext()))
            if text:
                self.omitted.append(("link back from a note to its reference", text))
            return
        ident = el.get("id")
        if ident:
            b.anchor(self.anchor(ident))
        if tag == "a" and el.get("name") and el.get("name") != ident:
            b.anchor(self.anchor(el.get("name")))
        opened = [b.open_style(kind, value) for kind, value in self._inline_kinds(el, tag)]
        if tag == "q":
            b.add("“")
        b.add(el.text)
        for child in el:
            self._inline(child, b, ctx)
            b.add(child.tail)
        if tag == "q":
            b.add("”")
        for item in reversed(opened):
            b.close_style(item)

    def _inline_kinds(self, el, tag: str) -> list[tuple[str, str]]:
        kinds: list[tuple[str, str]] = []
        kind = _TAG_STYLES.get(tag)
        if kind:
            kinds.append((kind, ""))
        class_names = {c.lower() for c in (el.get("class") or "").split()}
        if class_names:
            if class_names & _ITALIC_CLASSES:
                kinds.append((ITALIC, ""))
            if class_names & _BOLD_CLASSES:
                kinds.append((BOLD, ""))
            if class_names & _SMALL_CAPS_CLASSES:
                kinds.append((SMALL_CAPS, ""))
        props = _style_props(el)
        if props:
            if props.get("font-style", "").startswith(("italic", "oblique")):
                kinds.append((ITALIC, ""))
            weight = props.get("font-weight", "")
            if weight in ("bold", "bolder") or weight[:1] in ("6", "7", "8", "9") and weight.isdigit():
                kinds.append((BOLD, ""))
            if "small-caps" in props.get("font-variant", "") or "small-caps" in props.get("font-variant-caps", ""):
                kinds.append((SMALL_CAPS, ""))
            align = props.get("vertical-align", "")
            if align.startswith("super"):
                kinds.append((SUPERSCRIPT, ""))
            elif align.startswith("sub"):
                kinds.append((SUBSCRIPT, ""))
        if tag == "a":
            href = el.get("href")
            if href is not None and href.strip():
                value = self.link(href.strip())
                kinds.append((LINK, value))
                types = {t.lower() for t in _epub_types(el)}
                roles = {r.lower() for r in (el.get("role") or "").split()}
                if "noteref" in types or "doc-noteref" in roles or class_names & {"footnote-ref", "noteref"}:
                    kinds.append((NOTE_REF, value[1:] if value.startswith("#") else value))
        return _dedupe_kinds(kinds)

    def _backlink(self, el, href: str) -> bool:
        """A link back from a note to its reference: dropped, text and all."""
        class_names = {c.lower() for c in (el.get("class") or "").split()}
        if class_names & {"footnote-backref", "footnote-back", "backref", "fn-backref", "backlink"}:
            return True
        if "doc-backlink" in (el.get("role") or "").lower().split():
            return True
        if "backlink" in [t.lower() for t in _epub_types(el)]:
            return True
        text = "".join(el.itertext()).strip().replace("\ufe0e", "").replace("\ufe0f", "")
        if text in _BACK_GLYPHS:
            return True
        return "#" in href and bool(_BACK_WORDS.fullmatch(text))

    def _pre(self, el, ctx: _Ctx) -> None:
        b = _Builder(pre=True)
        text = el.text or ""
        if text.startswith("\r\n"):
            text = text[2:]
        elif text.startswith("\n"):
            text = text[1:]
        b.add(text)
        for child in el:
            self._inline(child, b, ctx)
            b.add(child.tail)
        segs = b.finish()
        first = next((k for k, s in enumerate(segs) if s[0]), None)
        if first is None:
            for _, _, anchors in segs:
                self.pending.extend(anchors)
            return
        last = max(k for k, s in enumerate(segs) if s[0])
        for _, _, anchors in segs[:first]:
            self.pending.extend(anchors)
        group = self._new_group()
        for text, styles, anchors in segs[first : last + 1]:
            if not text:
                self.pending.extend(anchors)
            self._emit(text, styles if text else [], "pre", ctx.quote_depth, group, "", ctx)
        for _, _, anchors in segs[last + 1 :]:
            self.pending.extend(anchors)

    def _flush(self, b: _Builder, ctx: _Ctx) -> None:
        segs = b.finish()
        if not any(text for text, _, _ in segs):
            for _, _, anchors in segs:
                self.pending.extend(anchors)
            for alt, name in b.images:
                alt_text = _squash(unicodedata.normalize("NFC", alt))
                if ctx.no_images:
                    self.omitted.append(("image (the figure's caption stands for it)", alt_text or name))
                elif alt_text:
                    self._emit(alt_text, [], "figure", 0, self._new_group(), "", ctx, ("img-alt",))
                else:  # alt="" says the image is decoration; none says nothing of it
                    self.omitted.append(("image without alt text", name))
            return
        for alt, name in b.images:  # an image set in a line of text: a symbol, an ornament, a drop cap
            self.omitted.append(("image inside the text", _squash(alt) or name))
        kind, level, label, group = ctx.kind, ctx.level, ctx.label, 0
        o = ctx.override
        if kind == "p" and o is not None:
            if o.kind == "item":
                if o.fresh:
                    kind, level, label = "item", o.level, o.label
                    o.fresh = False
                else:
                    level = o.level
            else:
                kind, level, label, group = o.kind, o.level, o.label, o.group
        group = group or self._new_group()
        for text, styles, anchors in segs:
            if not text:
                self.pending.extend(anchors)
                continue
            self._emit(text, styles, kind, level, group, label, ctx)

    def _emit(self, text, styles, kind, level, group, label, ctx: _Ctx, extra_classes=()) -> None:
        styles = list(styles)
        if text and self.pending:
            have = {(s.start, s.value) for s in styles if s.kind == ANCHOR}
            lead = [Style(0, 0, ANCHOR, v) for v in _dedupe(self.pending) if (0, v) not in have]
            styles = lead + styles
            self.pending = []
        if text and ctx.wrap:
            styles = [Style(0, len(text), k, v) for k, v in ctx.wrap] + styles
            styles.sort(key=lambda s: s.start)
        chrome = ctx.chrome
        if text and kind != "break":
            evidence = _link_list(text, styles, kind)
            if evidence:
                chrome = f"{chrome}; {evidence}" if chrome else evidence
        path = self.prefix + ctx.path
        self.no += 1
        hint = Hint(
            kind=kind,
            level=level,
            group=group,
            label=label,
            path=path,
            classes=_dedupe(list(ctx.classes) + list(extra_classes)),
            container=">".join(ctx.containers),
            chrome=chrome,
        )
        self.lines.append(Line(self.no, text, tuple(styles), None, hint, path))
        if ctx.sourceline:
            self.source_lines.append((ctx.sourceline, self.no))


def _inline_dropped(el) -> str:
    """Why an inline element is left out with its text: a note's links back to
    its references, or site chrome set inside the work's lines; else ""."""
    names = " ".join([el.get("class") or "", el.get("id") or ""])
    if not names.strip():
        return ""
    if set(_words(names)) & _BACKLINK_WORDS:
        return "links back from a note to its references"
    m = _INLINE_CHROME_RE.search(_camel(names).lower())
    if m:
        return f"site chrome inside the text ({m.group(1)})"
    return ""


def _main_element(body):
    """The page's one ``<main>`` (or ``role="main"``), else its one outermost
    ``<article>``, when it holds enough of the page's letters to be the work."""
    mains = [el for el in body.iter() if _tag(el) == "main" or "main" in (el.get("role") or "").split()]
    found = mains[0] if len(mains) == 1 else None
    if found is None and not mains:
        articles = [el for el in body.iter() if _tag(el) == "article"]
        outer = [a for a in articles if not any(_tag(x) == "article" for x in a.iterancestors())]
        found = outer[0] if len(outer) == 1 else None
    if found is None:
        return None

    total = _letters(body)
    return found if total and _letters(found) >= THRESHOLDS.web_main_share * total else None


def _linked_from(main, main_path: set) -> set:
    """The elements outside ``main`` that hold what its in-page links lead to
    (notes set after a page's <main>), each as the outermost such element."""
    targets = set()
    for el in main.iter():
        href = el.get("href") if _tag(el) == "a" else None
        if href and href.startswith("#") and len(href) > 1:
            targets.add(href[1:])
    if not targets:
        return set()
    out = set()
    body = next((a for a in main.iterancestors() if _tag(a) == "body"), None)
    for el in (body if body is not None else main.getroottree().getroot()).iter():
        if not isinstance(el.tag, str) or (el.get("id") not in targets and el.get("name") not in targets):
            continue
        if el is main or main in el.iterancestors():
            continue
        top = el
        for anc in el.iterancestors():
            if anc in main_path or anc is main:
                break
            top = anc
        if top not in main_path:
            out.add(top)
    return out


def _letters(root) -> int:
    """The letters an element shows (scripts and styles are no text of the page)."""
    n = 0
    stack = [root]
    while stack:
        el = stack.pop()
        n += sum(ch.isalpha() for ch in el.text or "")
        for child in el:
            n += sum(ch.isalpha() for ch in child.tail or "")
            if _tag(child) not in SKIP and _tag(child) is not None:
                stack.append(child)
    return n


def _dedupe_kinds(kinds: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for k in kinds:
        if k not in out:
            out.append(k)
    return out


def _link_list(text: str, styles, kind: str) -> str:
    """ "link list" when the line is mostly the text of links (navigation)."""
    links = [s for s in styles if s.kind == LINK and s.end > s.start]
    if not links:
        return ""
    if kind == "heading" and len(links) < 2:
        return ""
    covered = bytearray(len(text))
    for s in links:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    total = linked = letters = 0
    for i, ch in enumerate(text):
        if ch.isalnum():
            total += 1
            if covered[i]:
                linked += 1
                letters += ch.isalpha()
    if not total or linked < 0.8 * total or letters < 3:
        return ""
    if len(text.split()) <= 15 or len(links) >= 3:
        return "link list"
    return ""


def walk(
    tree,
    prefix: str = "",
    link: Callable[[str], str] | None = None,
    anchor: Callable[[str], str] | None = None,
    start: int = 1,
) -> list[Line]:
    """The IR lines of one element tree (see :class:`Walker`)."""
    walker = Walker(start)
    walker.walk(tree, prefix, link, anchor)
    walker.finish()
    return walker.lines[:]


def _decoded_at(walker: Walker, removed: list[tuple[int, str, str]]) -> tuple[tuple[int, str, str], ...]:
    """Decoding changes, cited by the IR line nearest before their line in the file."""
    if not removed:
        return ()
    pairs = sorted(walker.source_lines)
    out = []
    for file_line, detail, text in removed:
        no = min((n for _, n in pairs), default=0)
        for sl, n in pairs:
            if sl <= file_line:
                no = n
        out.append((no, f"{detail} (line {file_line} of the file)", text))
    return tuple(out)


def read_html(path: Path, shown: str, data: bytes, diagnostics: Diagnostics, options=None) -> SourceText:
    text, encoding = decode_html(data, shown, diagnostics, getattr(options, "encoding", None))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, removed = strip_uncarriable(text)
    root = parse_html(text)
    meta = html_meta(root)
    walker = Walker()
    walker.walk(root, prefer_main=True)
    walker.finish()
    lines = walker.lines
    return SourceText(
        path,
        shown,
        encoding,
        tuple(lines),
        len(data),
        "html",
        meta=meta,
        omitted=tuple(walker.omitted),
        decoded=_decoded_at(walker, removed),
    )
