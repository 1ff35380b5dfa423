"""Word documents: mammoth makes HTML, the HTML walker makes lines.

Before mammoth sees the document, legacy form fields are replaced (in
memory) by what Word shows: a drop-down's chosen entry, a check box as ☒ or
☐, a text field's result; the field codes themselves never reach the text.
Page headers and footers, which mammoth leaves out, are named in
``SourceText.omitted``.  Footnotes and endnotes come out as mammoth writes
them (a reference link, and a list at the end, here marked as notes).

What a Word user does by hand is read as what it means: a paragraph set in
(not a list's, not in a style that says what it is) is a quotation, with a
line set flush right under it as its signature; an image with the caption
next to it is a figure.  Tracked changes are read as accepted (what mammoth
does): each deletion, and each comment, is named in ``SourceText.omitted``
and the document in a warning (RB209), so nothing the reviewer struck or
said is lost unseen.  The document's properties (``docProps/core.xml``)
give the title and author where its title property was filled in.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

import mammoth
from lxml import etree
from lxml import html as lxml_html

from ..diagnostics import Diagnostic, Diagnostics, ReaderbookError, Severity
from ..ir import SourceText
from ..normalize.figures import CAPTION
from ..normalize.thresholds import THRESHOLDS
from .html import Walker
from .properties import meaningful_author, meaningful_title

__all__ = ["STYLE_MAP", "read_docx", "resolve_form_fields"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=True)


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


STYLE_MAP = """
p[style-name='Title'] => h1.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='Heading 7'] => h6:fresh
p[style-name='Heading 8'] => h6:fresh
p[style-name='Heading 9'] => h6:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Block Text'] => blockquote > p:fresh
p[style-name='Quotations'] => blockquote > p:fresh
p[style-name='List Bullet'] => ul > li:fresh
p[style-name='List Bullet 2'] => ul|ol > li > ul > li:fresh
p[style-name='List Bullet 3'] => ul|ol > li > ul|ol > li > ul > li:fresh
p[style-name='List Number'] => ol > li:fresh
p[style-name='List Number 2'] => ul|ol > li > ol > li:fresh
p[style-name='List Number 3'] => ul|ol > li > ul|ol > li > ol > li:fresh
p[style-name='Caption'] => p.caption:fresh
p[style-name='Salutation'] => p.salutation:fresh
p[style-name='Signature'] => p.signature:fresh
p[style-name='Closing'] => p.closing:fresh
p[style-name='Date'] => p.dateline:fresh
p[style-name='Epigraph'] => blockquote.epigraph > p:fresh
p[style-name='readerbook set in'] => blockquote > p:fresh
p[style-name='readerbook contents'] => !
p[style-name='readerbook source'] => blockquote > p.attribution:fresh
p[style-name='readerbook epigraph source'] => blockquote.epigraph > p.attribution:fresh
small-caps => span.smallcaps
"""

# The style names mammoth maps by itself or through STYLE_MAP: a paragraph in
# one of them says what it is, and keeps its style.
_MAPPED_STYLES = frozenset(re.findall(r"style-name='([^']+)'", STYLE_MAP)) | {"Title"}
_SIZED_STYLE = "readerbook font size "  # + the size in half points: a paragraph's class "font-size-<n>hp"
_SET_IN_STYLE = "readerbook set in"  # a paragraph set in by hand: a quotation
_SOURCE_STYLE = "readerbook source"  # set flush right under a quotation: its attribution
_EPIGRAPH_SOURCE_STYLE = "readerbook epigraph source"
_QUOTE_STYLES = frozenset({"Quote", "Intense Quote", "Block Text", "Quotations"})
_RIGHT = frozenset({"right", "end"})

_FORM_CODES = ("FORMTEXT", "FORMCHECKBOX", "FORMDROPDOWN")
_ON = {None, "", "1", "true", "on"}


class _Field:
    __slots__ = ("begin", "code", "end", "ff", "instr", "result_runs", "separate", "state")

    def __init__(self, begin) -> None:
        self.begin = begin
        self.ff = begin.find(_w("ffData"))
        self.instr: list = []
        self.separate = None
        self.end = None
        self.state = "code"
        self.result_runs: list = []
        self.code = ""


def resolve_form_fields(xml: bytes) -> bytes:
    """A document part with its legacy form fields replaced by the values Word shows."""
    root = etree.fromstring(xml, _PARSER)
    stack: list[_Field] = []
    for run in list(root.iter(_w("r"))):
        has_char = False
        for child in list(run):
            if child.tag == _w("fldChar"):
                has_char = True
                kind = child.get(_w("fldCharType"))
                if kind == "begin":
                    stack.append(_Field(child))
                elif kind == "separate" and stack:
                    stack[-1].separate = child
                    stack[-1].state = "result"
                elif kind == "end" and stack:
                    field = stack.pop()
                    field.end = child
                    _finish(field)
            elif child.tag == _w("instrText") and stack and stack[-1].state == "code":
                stack[-1].instr.append(child)
        if not has_char and stack and stack[-1].state == "result":
            stack[-1].result_runs.append(run)
    # Bookmarks the form fields leave behind are not the author's anchors.
    for mark in list(root.iter(_w("bookmarkStart"))):
        name = mark.get(_w("name")) or ""
        if name.startswith("__Fieldmark__") or name == "_GoBack":
            mark.getparent().remove(mark)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _finish(field: _Field) -> None:
    code = "".join(t.text or "" for t in field.instr).split()
    name = code[0].upper() if code else ""
    if name not in _FORM_CODES:
        return
    value = None
    if name == "FORMDROPDOWN":
        value = ""
        dd = field.ff.find(_w("ddList")) if field.ff is not None else None
        if dd is not None:
            entries = [e.get(_w("val")) or "" for e in dd.findall(_w("listEntry"))]
            chosen = dd.find(_w("result"))
            if chosen is None:
                chosen = dd.find(_w("default"))
            index = 0
            if chosen is not None:
                try:
                    index = int(chosen.get(_w("val")) or 0)
                except ValueError:
                    index = 0
            if 0 <= index < len(entries):
                value = entries[index]
    elif name == "FORMCHECKBOX":
        box = field.ff.find(_w("checkBox")) if field.ff is not None else None
        on = False
        if box is not None:
            checked = box.find(_w("checked"))
            if checked is None:
                checked = box.find(_w("default"))
            on = checked is not None and (checked.get(_w("val")) or "").lower() in _ON
        value = "☒" if on else "☐"
    end_run = field.end.getparent()
    if value is not None:
        template = field.instr[0].getparent() if field.instr else end_run
        new = etree.Element(_w("r"))
        rpr = template.find(_w("rPr"))
        if rpr is not None:
            new.append(etree.fromstring(etree.tostring(rpr)))
        t = etree.SubElement(new, _w("t"))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = value
        end_run.addprevious(new)
        for run in field.result_runs:
            parent = run.getparent()
            if parent is not None:
                parent.remove(run)
    for el in [field.begin, field.separate, field.end, *field.instr]:
        if el is not None and el.getparent() is not None:
            el.getparent().remove(el)


_UNWRAPPED = ("fldSimple", "dir", "bdo")


def unwrap_containers(xml: bytes) -> bytes:
    """A part with the containers mammoth does not know replaced by the runs
    they hold, which it would otherwise skip, words and all: a simple field
    (``w:fldSimple``: a cross-reference's "3.2", a date, shown as its result)
    and a span of right-to-left or left-to-right text (``w:dir``, ``w:bdo``)."""
    if not any(name.encode() in xml for name in _UNWRAPPED):
        return xml
    root = etree.fromstring(xml, _PARSER)
    for container in list(root.iter(*(_w(name) for name in _UNWRAPPED))):
        for child in list(container):
            container.addprevious(child)
        container.getparent().remove(container)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _note_ids(zf: zipfile.ZipFile) -> dict[str, set[str]]:
    """The ids of the footnotes and endnotes the document's notes parts hold."""
    ids: dict[str, set[str]] = {"footnote": set(), "endnote": set()}
    try:
        rels = etree.fromstring(zf.read("word/_rels/document.xml.rels"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return ids
    for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1][:-1]  # "footnotes" -> "footnote"
        if kind not in ids or rel.get("TargetMode") == "External":
            continue
        try:
            part = etree.fromstring(
                zf.read(posixpath.normpath(posixpath.join("word", rel.get("Target") or ""))), _PARSER
            )
        except (KeyError, etree.XMLSyntaxError):
            continue
        ids[kind].update(n.get(_w("id")) or "" for n in part.iter(_w(kind)))
    return ids


def drop_dangling_note_references(xml: bytes, ids: dict[str, set[str]]) -> tuple[bytes, list[tuple[str, str]]]:
    """A document part without the note references whose notes the document
    lacks (a notes part lost or cut short: mammoth cannot read the document
    with them), each named for ``SourceText.omitted``."""
    if b"noteReference" not in xml:
        return xml, []
    root = etree.fromstring(xml, _PARSER)
    dropped: list[tuple[str, str]] = []
    for kind, known in ids.items():
        for ref in list(root.iter(_w(f"{kind}Reference"))):
            number = ref.get(_w("id")) or ""
            if number not in known:
                dropped.append((f"{kind} reference whose note the document does not hold", f"{kind} {number}"))
                ref.getparent().remove(ref)
    if not dropped:
        return xml, []
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), dropped


def custom_note_marks(xml: bytes, marks: dict[tuple[str, str], str] | None = None):
    """A part with the custom marks of its notes taken out.  A reference
    Word numbers with a mark of the author's (``customMarkFollows``: the "*"
    typed after it) is numbered by the book like any other, so the mark
    typed in the text, and the same mark typed at the head of its note, go.
    Reading the body (``marks`` None) gives {(kind, id): mark}; reading a
    notes part, pass them.  Returns (xml, marks, [(what, mark)] left out)."""
    if (marks is None and b"customMarkFollows" not in xml) or (marks is not None and not marks):
        return xml, marks or {}, []
    root = etree.fromstring(xml, _PARSER)
    left_out: list[tuple[str, str]] = []
    if marks is None:
        marks = {}
        for kind in ("footnote", "endnote"):
            for ref in root.iter(_w(f"{kind}Reference")):
                if (ref.get(_w("customMarkFollows")) or "").lower() not in ("1", "true", "on"):
                    continue
                t = ref.getnext()
                run = ref.getparent()
                if t is None and run.getnext() is not None:
                    t = run.getnext().find(_w("t"))
                if t is not None and t.tag == _w("t") and (t.text or "").strip():
                    mark = t.text.strip()
                    marks[(kind, ref.get(_w("id")) or "")] = mark
                    t.text = t.text.replace(mark, "", 1)
                    left_out.append((f"the author's own mark of a {kind} (the book numbers its notes)", mark))
    else:
        for kind in ("footnote", "endnote"):
            for note in root.iter(_w(kind)):
                mark = marks.get((kind, note.get(_w("id")) or ""))
                first = next(note.iter(_w("t")), None)
                if mark and first is not None and (first.text or "").lstrip().startswith(mark):
                    first.text = first.text.lstrip()[len(mark) :]
    if not marks:
        return xml, marks, left_out
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), marks, left_out


def _part_text(xml: bytes) -> str:
    """The shown text of a header or footer part, a line per paragraph."""
    root = etree.fromstring(resolve_form_fields(xml), _PARSER)
    paras = []
    for p in root.iter(_w("p")):
        parts = []
        for el in p.iter(_w("t"), _w("tab"), _w("br"), _w("cr"), _w("sym")):
            if el.tag == _w("t"):
                parts.append(el.text or "")
            elif el.tag == _w("sym"):
                parts.append("")
            else:
                parts.append(" ")
        text = re.sub(r"\s+", " ", "".join(parts).replace("\u00a0", " ")).strip()
        if text:
            paras.append(text)
    return "\n".join(paras)


def _furniture(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """Page headers and footers in the order the document relates them."""
    names = zf.namelist()
    targets: list[str] = []
    try:
        rels = etree.fromstring(zf.read("word/_rels/document.xml.rels"), _PARSER)
        for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            if kind in ("header", "footer") and rel.get("TargetMode") != "External":
                target = posixpath.normpath(posixpath.join("word", rel.get("Target") or ""))
                if target in names and target not in targets:
                    targets.append(target)
    except (KeyError, etree.XMLSyntaxError):
        pass
    if not targets:
        targets = sorted(n for n in names if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
    out: list[tuple[str, str]] = []
    for target in targets:
        kind = "page header" if posixpath.basename(target).startswith("header") else "page footer"
        try:
            text = _part_text(zf.read(target))
        except (KeyError, etree.XMLSyntaxError):
            continue
        if text and (kind, text) not in out:
            out.append((kind, text))
    return out


def _core_meta(zf: zipfile.ZipFile, stem: str) -> dict[str, str]:
    """The document's language, and its title and author, from its properties.

    Word fills the author (``dc:creator``) by itself with the account that
    typed the file, and the title only when someone gives one: so the title
    and author are taken only where the title was given, and is no
    placeholder or the name of the file or its template.  They are kept
    apart (``document-title``, ``document-author``): the normalization takes
    them only where the body names the work nowhere."""
    meta: dict[str, str] = {}
    try:
        core = etree.fromstring(zf.read("docProps/core.xml"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return meta
    fields: dict[str, str] = {}
    for el in core:
        if not isinstance(el.tag, str):
            continue
        text = re.sub(r"\s+", " ", el.text or "").strip()
        if text:
            fields[etree.QName(el).localname] = text
    if "language" in fields:
        meta["language"] = fields["language"]
    template = ""
    try:
        app = etree.fromstring(zf.read("docProps/app.xml"), _PARSER)
        template = next((el.text or "" for el in app if isinstance(el.tag, str) and el.tag.endswith("}Template")), "")
    except (KeyError, etree.XMLSyntaxError):
        pass
    title = fields.get("title", "")
    if meaningful_title(title, stem, template, posixpath.splitext(template)[0]):
        meta["document-title"] = title
        if meaningful_author(fields.get("creator", "")):
            meta["document-author"] = fields["creator"]
    return meta


def _opening(p, words: int = 6) -> str:
    """A paragraph's opening words as it reads with its changes accepted: where a change stands."""
    text = " ".join("".join(t.text or "" for t in p.iter(_w("t"))).split())
    cut = " ".join(text.split()[:words])
    return f"\u201c{cut}\u2026\u201d" if cut != text else f"\u201c{text}\u201d"


def _revisions(zf: zipfile.ZipFile) -> tuple[list[tuple[str, str]], int, int]:
    """What Track Changes struck and what reviewers said: each deletion (its
    words run together within a paragraph) and each comment, named with the
    paragraph it stands in, for ``SourceText.omitted``; with the number of
    insertions of text (kept: the changes are read as accepted) and of deletions."""
    omitted: list[tuple[str, str]] = []
    inserted = deleted = 0
    commented: dict[str, str] = {}  # comment id -> the paragraph its reference stands in
    for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
        try:
            root = etree.fromstring(zf.read(part), _PARSER)
        except (KeyError, etree.XMLSyntaxError):
            continue
        inserted += sum(1 for el in root.iter(_w("ins"), _w("moveTo")) if next(el.iter(_w("t")), None) is not None)
        for p in root.iter(_w("p")):
            for ref in p.iter(_w("commentReference")):
                commented.setdefault(ref.get(_w("id")) or "", _opening(p))
            struck: list[str] = []
            last = None
            for el in p.iter(_w("del"), _w("moveFrom")):
                text = "".join(t.text or "" for t in el.iter(_w("delText"), _w("t")))
                if not text.strip():
                    continue
                # Neighbouring deletions are one struck passage (Word splits them run by run).
                if last is not None and last.getnext() is el:
                    struck[-1] += text
                else:
                    struck.append(text)
                last = el
            for text in struck:
                omitted.append((f"deletion tracked in the document, in {_opening(p)}", text.strip()))
                deleted += 1
    try:
        comments = etree.fromstring(zf.read("word/comments.xml"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        comments = None
    if comments is not None:
        for comment in comments.iter(_w("comment")):
            text = _part_text(etree.tostring(comment)).replace("\n", " ")
            if text:
                author = comment.get(_w("author")) or "a reviewer"
                where = commented.get(comment.get(_w("id")) or "")
                omitted.append((f"comment by {author}" + (f" on {where}" if where else ""), text))
    return omitted, inserted, deleted


_IGNORED = re.compile(r"An unrecognised element was ignored: (\{[^}]*\}\w+|[\w:]+)")
_PREFIXES = {
    "w": W_NS,
    "v": "urn:schemas-microsoft-com:vml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
_ELEMENT_KINDS = {"oMath": "equation", "oMathPara": "equation", "object": "embedded object", "pict": "drawing"}


def _unread(messages, document_xml: bytes) -> list[tuple[str, str]]:
    """The text of the elements mammoth says it left out (an equation, an
    embedded object), each named with its text: never lost unseen."""
    tags = {m.group(1) for m in (_IGNORED.search(msg.message) for msg in messages) if m}
    if not tags or not document_xml:
        return []
    try:
        root = etree.fromstring(document_xml, _PARSER)
    except etree.XMLSyntaxError:
        return []
    out: list[tuple[str, str]] = []
    for tag in sorted(tags):
        if not tag.startswith("{"):  # a namespace mammoth knows is written with its prefix
            prefix, _, local = tag.partition(":")
            if prefix not in _PREFIXES:
                continue
            tag = f"{{{_PREFIXES[prefix]}}}{local}"
        local = tag.rsplit("}", 1)[1]
        for el in root.iter(tag):
            if any(a.tag == tag for a in el.iterancestors()):
                continue  # inside one already named
            text = re.sub(r"\s+", " ", "".join(el.itertext())).strip()
            kind = _ELEMENT_KINDS.get(local, f"Word element {local}")
            out.append((kind, text or local))
    return out


# Word (Office 365) writes alt text of its own for a picture inserted without
# one: "A picture containing …\n\nDescription automatically generated".  It
# names the picture no better than a file name does.
_GENERATED_ALT = re.compile(r"(?is).*description automatically generated(?: with \w+ confidence)?\.?\s*$")


def _alt_text(alt: str | None) -> str:
    return "" if not alt or _GENERATED_ALT.match(alt) else alt


def _figures(root) -> None:
    """An image standing in its own paragraph, with its caption next to it
    (in Word's Caption style, or labelled "Figure 2." and the like), made a
    ``<figure>`` with its ``<figcaption>``: the caption below it first, else
    the one above."""
    body = root.find("body")
    if body is None:
        return
    for p in list(body.iter("p")):
        if p.getparent() is None or p.xpath("string()").strip() or not p.findall(".//img"):
            continue

        def caption(el):
            nxt = el.getnext() if el is not None else None
            return (
                el is not None
                and el.tag == "p"
                and not el.findall(".//img")
                and (nxt is None or nxt.tag != "table")  # a caption over a table is the table's
                and ("caption" in (el.get("class") or "").split() or bool(CAPTION.match(el.xpath("string()").strip())))
            )

        below, above = p.getnext(), p.getprevious()
        cap = below if caption(below) else above if caption(above) else None
        if cap is None:
            continue
        figure = lxml_html.Element("figure")
        p.addprevious(figure)
        for img in p.findall(".//img"):
            figure.append(img)
        figcaption = lxml_html.Element("figcaption")
        figcaption.text = cap.text
        for child in cap:
            figcaption.append(child)
        figure.append(figcaption)
        p.getparent().remove(p)
        cap.getparent().remove(cap)


def _mark_notes(root) -> None:
    """mammoth's note references and note lists, said to be so."""
    for a in root.iter("a"):
        ident = a.get("id") or ""
        if re.fullmatch(r"(foot|end)note-ref-\d+", ident):
            a.set("role", "doc-noteref")
    body = root.find("body")
    if body is None:
        return
    for ol in list(body):
        if ol.tag != "ol":
            continue
        items = [li for li in ol if li.tag == "li"]
        ids = [li.get("id") or "" for li in items]
        if items and all(re.fullmatch(r"(foot|end)note-\d+", i) for i in ids):
            kinds = {i.split("-")[0] + "s" for i in ids}
            section = lxml_html.Element("section")
            section.set("class", " ".join(sorted(kinds)))
            ol.addprevious(section)
            section.append(ol)


def _run_text(run) -> str:
    return "".join(t.value for t in mammoth.transforms.get_descendants_of_type(run, mammoth.documents.Text))


_HEADING_NAME = re.compile(r"(?i)heading\s*(\d)$")
_CONTENTS_NAME = re.compile(r"(?i)(toc\s*\d|toc heading|table of figures)$")
_CONTENTS_STYLE = "readerbook contents"  # Word's generated table of contents: left out, recorded


def derived_styles(styles_xml: bytes) -> dict[str, str]:
    """The document's own paragraph styles that are headings or quotations
    by descent: a style with an outline level (Word's navigation pane lists
    its paragraphs: a heading of that level), or based, at any remove, on a
    Heading or Quote style ("Chapter Title" based on Heading 1).  mammoth
    knows only the names, so each is mapped by name: {style name: mapping}."""
    try:
        root = etree.fromstring(styles_xml, _PARSER)
    except etree.XMLSyntaxError:
        return {}
    styles: dict[str, tuple[str, str, int | None]] = {}
    for st in root.iter(_w("style")):
        if st.get(_w("type")) != "paragraph":
            continue
        name_el, based_el, level_el = st.find(_w("name")), st.find(_w("basedOn")), st.find(f".//{_w('outlineLvl')}")
        level = None
        if level_el is not None and (level_el.get(_w("val")) or "").isdecimal():
            level = int(level_el.get(_w("val")))
        styles[st.get(_w("styleId")) or ""] = (
            name_el.get(_w("val")) if name_el is not None else "",
            based_el.get(_w("val")) if based_el is not None else "",
            level,
        )
    out: dict[str, str] = {}
    for ident, (name, based, level) in styles.items():
        if not name or _HEADING_NAME.match(name) or name in _MAPPED_STYLES or _CONTENTS_NAME.match(name):
            continue
        mapping = f"h{min(level + 1, 6)}:fresh" if level is not None and level < 9 else ""
        seen = {ident}
        while not mapping and based and based not in seen and based in styles:
            seen.add(based)
            parent, based, _ = styles[based]
            heading = _HEADING_NAME.match(parent)
            if heading:
                mapping = f"h{min(int(heading.group(1)), 6)}:fresh"
            elif parent in _QUOTE_STYLES:
                mapping = "blockquote > p:fresh"
        if mapping:
            out[name] = mapping
    return out


def _contents(document, left_out: list[tuple[str, str]]):
    """The document without its generated table of contents (paragraphs in
    the TOC styles Word fills a contents field with), each entry named in
    ``left_out``: the book makes its own contents."""

    def drop(paragraph):
        if _CONTENTS_NAME.match(paragraph.style_name or ""):
            text = re.sub(r"\s+", " ", _paragraph_text(paragraph)).strip()
            if text:
                left_out.append(("table of contents generated by Word (the book sets its own)", text))
            return paragraph.copy(style_name=_CONTENTS_STYLE)
        return paragraph

    return mammoth.transforms.paragraph(drop)(document)


def _font_sizes(document, mapped: frozenset[str] = _MAPPED_STYLES):
    """The document with every paragraph set wholly in bold or small capitals
    (a heading the source may not mark as one) given its type size, which
    mammoth's HTML leaves out: ``class="font-size-<half points>hp"``.  The size is the
    one most of its letters are set in; paragraphs in a list or in a style
    that says what they are are left alone."""

    def size_of(paragraph):
        if paragraph.numbering is not None:
            return paragraph
        name = paragraph.style_name or ""
        if name in mapped or re.match(r"(?i)heading\s*\d", name):
            return paragraph
        weights: dict[float, int] = {}
        for run in mammoth.transforms.get_descendants_of_type(paragraph, mammoth.documents.Run):
            text = _run_text(run)
            if not text.strip():
                continue
            if not (run.is_bold or run.is_small_caps) or run.font_size is None:
                return paragraph
            weights[run.font_size] = weights.get(run.font_size, 0) + len(text.strip())
        if not weights:
            return paragraph
        size = max(weights, key=lambda k: (weights[k], k))
        return paragraph.copy(style_name=f"{_SIZED_STYLE}{round(size * 2)}")

    return mammoth.transforms.paragraph(size_of)(document)


_CENTRED = frozenset({"center", "centre"})


def _bold_runs(paragraph) -> list | None:
    """The paragraph's runs with text, when every one is bold; else None."""
    runs = [
        r for r in mammoth.transforms.get_descendants_of_type(paragraph, mammoth.documents.Run) if _run_text(r).strip()
    ]
    return runs if runs and all(r.is_bold for r in runs) else None


def _display_title(document):
    """The document with its opening line given Word's Title style where the
    typist made the title by hand: centred and wholly in bold, and set larger
    than any other line of the document — or, where its size is the style's
    (not given), the only line so set (its headings stand flush left).  A
    document that uses the Title style is left alone."""
    paragraphs = mammoth.transforms.get_descendants_of_type(document, mammoth.documents.Paragraph)
    if any(p.style_name == "Title" for p in paragraphs):
        return document
    children = list(document.children)
    k = next(
        (k for k, c in enumerate(children) if not isinstance(c, mammoth.documents.Paragraph) or _paragraph_text(c)),
        None,
    )
    if k is None or not isinstance(children[k], mammoth.documents.Paragraph):
        return document
    first = children[k]
    plain = (first.style_name or "Normal") in ("Normal", "Body Text", "No Spacing")
    runs = _bold_runs(first)
    if first.alignment not in _CENTRED or first.numbering is not None or not plain or runs is None:
        return document
    others = [
        r.font_size
        for p in paragraphs
        if p is not first
        for r in mammoth.transforms.get_descendants_of_type(p, mammoth.documents.Run)
        if r.font_size and _run_text(r).strip()
    ]
    if all(r.font_size for r in runs):
        if others and min(r.font_size for r in runs) <= max(others):
            return document
    elif any(p is not first and p.alignment in _CENTRED and _bold_runs(p) for p in paragraphs):
        return document  # a run of centred bold lines: a letterhead, or headings set so
    children[k] = first.copy(style_name="Title")
    return document.copy(children=children)


def _paragraph_text(paragraph) -> str:
    """A paragraph's text, a tab or line break read as a space."""
    out: list[str] = []

    def walk(element) -> None:
        if isinstance(element, mammoth.documents.Text):
            out.append(element.value)
        elif isinstance(element, (mammoth.documents.Tab, mammoth.documents.Break)):
            out.append(" ")
        for child in getattr(element, "children", ()) or ():
            walk(child)

    walk(paragraph)
    return "".join(out)


def _twips(value) -> int:
    try:
        return int(float(value or 0))
    except ValueError:
        return 0


def _heading_style(name: str) -> bool:
    return bool(re.match(r"(?i)(heading\s*\d|title|subtitle)$", name))


_DASHED = re.compile(r"^\s*(?:\u2014|\u2013|\u2015|--)\s*\S")  # "— Marguerite Ellery", "-- Anon."


def _set_in(document, mapped: frozenset[str] = _MAPPED_STYLES, headings: frozenset[str] = frozenset()):
    """The document with each body paragraph set in by hand — its whole left
    edge, first line too, at least ``docx_quote_indent`` in from the text's,
    with no hanging first line (a hanging indent lays out entries: a
    bibliography's, a form's records), and neither a list's nor in a style
    that says what it is — in the style mapped to a quotation.  A quotation's
    source is its attribution: a paragraph set flush right straight after
    it, or its last line when that opens with a dash and is short.  A signed
    quotation right under a heading (``headings``: the document's own heading
    styles, besides Word's) is the division's epigraph.  Paragraphs in
    tables are left alone: a table's cells are no quotations."""
    children = list(document.children)
    run: list[int] = []  # the quotation being read: its paragraphs' places
    before = None  # the paragraph before it

    def close(signature: int | None) -> None:
        if signature is None and len(run) > 1:
            text = _paragraph_text(children[run[-1]])
            if _DASHED.match(text) and len(text.split()) <= THRESHOLDS.docx_source_words:
                signature = run.pop()
        name = (before.style_name or "") if isinstance(before, mammoth.documents.Paragraph) else ""
        if signature is not None and (_heading_style(name) or name in headings):
            for k in run:
                children[k] = children[k].copy(style_name="Epigraph")
            children[signature] = children[signature].copy(style_name=_EPIGRAPH_SOURCE_STYLE)
        elif signature is not None:
            children[signature] = children[signature].copy(style_name=_SOURCE_STYLE)
        run.clear()

    last = None
    for k, child in enumerate(children):
        if not isinstance(child, mammoth.documents.Paragraph):
            close(None)
            last = child
            continue
        if not _paragraph_text(child).strip():
            continue  # an empty paragraph (space before or after) parts nothing
        name = child.style_name or ""
        indent = child.indent
        start = _twips(indent.start) if indent is not None else 0
        first = start - _twips(indent.hanging) + _twips(indent.first_line) if indent is not None else 0
        plain = child.numbering is None and name not in mapped and not _heading_style(name)
        hanging = indent is not None and _twips(indent.hanging) > 0  # an entry's layout (a record, a reference)
        if run and plain and child.alignment in _RIGHT:
            close(k)
        elif plain and not hanging and min(start, first) >= THRESHOLDS.docx_quote_indent:
            if not run:
                before = last
            children[k] = child.copy(style_name=_SET_IN_STYLE)
            run.append(k)
        elif name in _QUOTE_STYLES:
            if not run:
                before = last
            run.append(k)
        else:
            close(None)
        last = children[k]
    close(None)
    return document.copy(children=children)


def read_docx(path: Path, shown: str, data: bytes, diagnostics: Diagnostics, options=None) -> SourceText:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        zf.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ReaderbookError(
            [Diagnostic("RB201", Severity.ERROR, f"not a readable Word document ({exc})", shown)]
        ) from None
    buffer = io.BytesIO()
    document_xml = b""
    note_ids = _note_ids(zf)
    dangling: list[tuple[str, str]] = []
    try:
        _, marks, _ = custom_note_marks(zf.read("word/document.xml"))
    except etree.XMLSyntaxError:
        marks = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zf.infolist():
            content = zf.read(info.filename)
            if info.filename in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
                try:
                    content = unwrap_containers(resolve_form_fields(content))
                    content, dropped = drop_dangling_note_references(content, note_ids)
                    dangling.extend(dropped)
                    body = info.filename == "word/document.xml"
                    content, _, dropped = custom_note_marks(content, None if body else marks)
                    dangling.extend(dropped)
                except etree.XMLSyntaxError:
                    pass
                if info.filename == "word/document.xml":
                    document_xml = content
            out.writestr(zipfile.ZipInfo(info.filename, info.date_time), content, zipfile.ZIP_DEFLATED)
    buffer.seek(0)
    # Every type size the body sets, for the style map (which mammoth reads
    # before it reads the document).
    sizes = sorted({int(v) for v in re.findall(rb'<w:sz\s+w:val="(\d+)"', document_xml)})
    sized_map = "".join(f"\np[style-name='{_SIZED_STYLE}{z}'] => p.font-size-{z}hp:fresh" for z in sizes)
    try:
        derived = derived_styles(zf.read("word/styles.xml"))
    except KeyError:
        derived = {}
    sized_map += "".join(
        f"\np[style-name='{name}'] => {mapping}" for name, mapping in derived.items() if "'" not in name
    )
    contents: list[tuple[str, str]] = []
    mapped = _MAPPED_STYLES | frozenset(derived)
    headings = frozenset(name for name, mapping in derived.items() if mapping.startswith("h"))
    result = mammoth.convert_to_html(
        buffer,
        style_map=STYLE_MAP + sized_map,
        transform_document=lambda document: _font_sizes(
            _set_in(_display_title(_contents(document, contents)), mapped, headings), mapped
        ),
        convert_image=mammoth.images.img_element(lambda image: {"src": "", "alt": _alt_text(image.alt_text)}),
    )
    root = lxml_html.document_fromstring(f"<html><body>{result.value}</body></html>")
    _mark_notes(root)
    _figures(root)
    walker = Walker()
    lines = walker.walk(root)
    meta = _core_meta(zf, path.stem)
    title = next((line.text for line in lines if "title" in line.hint.classes and line.hint.kind == "heading"), "")
    if title:
        meta["title"] = title
        # Word's Subtitle, straight under the Title, is the work's subtitle.
        k = next(k for k, line in enumerate(lines) if line.text == title)
        if k + 1 < len(lines) and "subtitle" in lines[k + 1].hint.classes:
            meta["subtitle"] = lines[k + 1].text
    unread = _unread(result.messages, document_xml)
    revisions, inserted, deleted = _revisions(zf)
    if revisions:
        comments = len(revisions) - deleted
        diagnostics.warning(
            "RB209",
            "the document holds "
            + "; ".join(
                f"{n} {what}"
                for n, what in (
                    (inserted, "tracked insertions (kept)"),
                    (deleted, "tracked deletions (left out)"),
                    (comments, "comments (left out)"),
                )
                if n
            )
            + ": its changes are read as accepted; each deletion and comment is recorded on the review page",
            path=shown,
        )
    return SourceText(
        path,
        shown,
        "utf-8",
        tuple(lines),
        len(data),
        "docx",
        meta=meta,
        omitted=tuple(_furniture(zf) + contents + dangling + revisions + unread + walker.omitted),
    )
