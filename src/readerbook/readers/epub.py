"""EPUBs: the package's spine, each document through the HTML walker.

``META-INF/container.xml`` names the package document (OPF); its spine
gives the reading order.  The navigation document and documents that hold
only a cover or only a title page are left out and named in
``SourceText.omitted``; the OPF's ``dc:title``, ``dc:creator`` and
``dc:language`` are the text's metadata, and its ``dc:rights`` the terms it
states for itself.  Anchors and links are made unique
across the book's files: an ANCHOR's and a LINK's value are both
``<file>#<id>`` (``<file>#`` for a link to a whole file), the file named by
its path relative to the OPF, and every file's first line carries the anchor
``<file>#``.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from ..diagnostics import Diagnostic, Diagnostics, ReaderbookError, Severity
from ..ir import LINK, Line, SourceText
from ..normalize.thresholds import THRESHOLDS
from .html import Walker, _body, _epub_types, _tag, decode_html, parse_html

__all__ = ["read_epub", "resolve_href"]

OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"
NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"
_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=True, recover=True)
_DOCUMENT_TYPES = {"application/xhtml+xml", "text/html", "application/xml", "text/xml"}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_COVER_WORDS = {"cover", "coverpage", "cover-page"}
_TITLE_WORDS = {"titlepage", "title-page", "title_page", "halftitle", "halftitlepage", "half-title"}
# The publisher's pages (EPUB 3 structural semantics, EPUB 2 guide types; Standard
# Ebooks calls its licence page "uncopyright"): left out, their text recorded, so
# that a licence they state reaches the Sources and permissions page.
_PUBLISHER_PAGES = {
    "imprint": "imprint page",
    "colophon": "colophon",
    "copyright-page": "copyright page",
    "copyright": "copyright page",
    "uncopyright": "copyright page",
}


def resolve_href(href: str, base: str) -> str:
    """A link's target as ``<file>#<id>``: relative to the linking file
    ``base`` (a path relative to the OPF); other URLs unchanged."""
    href = href.strip()
    if _URL.match(href):
        return href
    path, _, fragment = href.partition("#")
    path = unquote(path)
    if not path:
        target = base
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    return f"{target}#{fragment}"


def _fail(shown: str, message: str) -> ReaderbookError:
    return ReaderbookError([Diagnostic("RB201", Severity.ERROR, message, shown, hint="check that the EPUB is whole")])


def _xml(zf: zipfile.ZipFile, name: str):
    root = etree.fromstring(zf.read(name), _PARSER)
    if root is None:
        raise KeyError(name)
    return root


def _words(value: str) -> set[str]:
    return {w for w in re.split(r"[\s/._#]+", value.lower()) if w} | {
        w for w in re.split(r"[^a-z]+", value.lower()) if w
    }


def _squash_xml(el) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


class _Package:
    def __init__(self, zf: zipfile.ZipFile, shown: str) -> None:
        try:
            container = _xml(zf, "META-INF/container.xml")
        except KeyError:
            raise _fail(shown, "not a readable EPUB: META-INF/container.xml is missing or unreadable") from None
        rootfile = None
        for el in container.iter(f"{{{CONTAINER_NS}}}rootfile", "rootfile"):
            if (el.get("media-type") or "application/oebps-package+xml") == "application/oebps-package+xml":
                rootfile = el.get("full-path")
                break
        if not rootfile:
            raise _fail(shown, "not a readable EPUB: container.xml names no package document")
        try:
            opf = _xml(zf, rootfile)
        except KeyError:
            raise _fail(
                shown, f"not a readable EPUB: its package document {rootfile} is missing or unreadable"
            ) from None
        self.opf_dir = posixpath.dirname(rootfile)
        self.meta = self._metadata(opf)
        self.items: dict[str, tuple[str, str, set[str]]] = {}  # id -> (name, media type, properties)
        for item in opf.iter(f"{{{OPF_NS}}}item"):
            name = posixpath.normpath(unquote(item.get("href") or ""))
            self.items[item.get("id") or name] = (
                name,
                (item.get("media-type") or "").lower(),
                set((item.get("properties") or "").split()),
            )
        self.spine: list[tuple[str, bool]] = []  # (item id, linear)
        spine = next(opf.iter(f"{{{OPF_NS}}}spine"), None)
        self.ncx = spine.get("toc") if spine is not None else None  # EPUB 2's navigation (NCX), by item id
        for ref in opf.iter(f"{{{OPF_NS}}}itemref"):
            self.spine.append((ref.get("idref") or "", (ref.get("linear") or "yes").lower() != "no"))
        self.guide: dict[str, set[str]] = {}  # name -> guide reference types
        for ref in opf.iter(f"{{{OPF_NS}}}reference"):
            name = posixpath.normpath(unquote((ref.get("href") or "").partition("#")[0]))
            self.guide.setdefault(name, set()).add((ref.get("type") or "").lower())
        cover_id = None
        for m in opf.iter(f"{{{OPF_NS}}}meta"):
            if (m.get("name") or "") == "cover":
                cover_id = m.get("content")
        self.cover_id = cover_id

    @staticmethod
    def _metadata(opf) -> dict[str, str]:
        meta: dict[str, str] = {}

        def text(el) -> str:
            return re.sub(r"\s+", " ", el.text or "").strip()

        def texts(tag: str) -> list[str]:
            return [text(el) for el in opf.iter(f"{{{DC_NS}}}{tag}")]

        # EPUB 3 says what a title or a creator is in <meta refines="#id">: title-type
        # (main, subtitle…) and role (a MARC relator: aut, trl, edt, ill…).
        refines: dict[tuple[str, str], str] = {}
        for m in opf.iter(f"{{{OPF_NS}}}meta"):
            target, prop = (m.get("refines") or "").lstrip("#"), (m.get("property") or "").strip()
            if target and prop:
                refines.setdefault((target, prop), text(m).lower())
        titles: list[tuple[str, str]] = []  # (title-type, title)
        for el in opf.iter(f"{{{DC_NS}}}title"):
            if text(el):
                titles.append((refines.get((el.get("id") or "", "title-type"), ""), text(el)))
        main = [t for kind, t in titles if kind == "main"] or [t for kind, t in titles if kind in ("", "main")]
        subtitles = [t for kind, t in titles if kind == "subtitle"]
        if main or titles:
            meta["title"] = (main or [titles[0][1]])[0]
        if subtitles:
            meta["subtitle"] = subtitles[0]
        # Creators in the role of author (EPUB 2's opf:role, EPUB 3's refinement; none said
        # is an author); a translator's, editor's or illustrator's name is no author's.
        creators, others = [], []
        for el in opf.iter(f"{{{DC_NS}}}creator"):
            if not text(el):
                continue
            role = (el.get(f"{{{OPF_NS}}}role") or el.get("role") or "").strip().lower()
            role = role or refines.get((el.get("id") or "", "role"), "")
            (creators if role in ("", "aut") else others).append(text(el))
        creators = creators or others
        languages = [t for t in texts("language") if t]
        if creators:
            meta["author"] = creators[0] if len(creators) == 1 else ", ".join(creators[:-1]) + " and " + creators[-1]
        if languages:
            meta["language"] = languages[0]
        rights = [t for t in texts("rights") if t]
        if rights:  # the terms the e-book states for itself (Sources and permissions)
            meta["rights"] = rights[0]
        return meta

    def path(self, name: str) -> str:
        return posixpath.normpath(posixpath.join(self.opf_dir, name)) if self.opf_dir else name


def _document_role(package: _Package, item_id: str, name: str, props: set[str], root, lines: list[Line], first: bool):
    """ "cover", "title page", the publisher's page it is, or "contents", when
    the document holds only that, else None."""
    text_lines = [line for line in lines if line.text and line.hint is not None]
    words = sum(len(line.text.split()) for line in text_lines if line.hint.kind != "figure")
    only_images = all(line.hint.kind == "figure" for line in text_lines)
    body = _body(root)
    types = set(_epub_types(body))
    wrappers = [c for c in body if _tag(c) is not None]
    if len(wrappers) == 1:
        types |= set(_epub_types(wrappers[0]))
    hints = _words(item_id) | _words(posixpath.basename(name)) | props | package.guide.get(name, set()) | types
    hints |= {"cover"} if package.cover_id and package.cover_id == item_id else set()
    captioned = any(line.hint.kind == "figure" and "img-alt" not in line.hint.classes for line in text_lines)
    if hints & _COVER_WORDS or "cover-image" in props:
        if only_images or words <= 60:
            return "cover"
    if hints & (_TITLE_WORDS | {"title-page"}) and not captioned and words <= 150:
        return "title page"
    if words <= THRESHOLDS.epub_publisher_page_words:
        # Declared as such, or named so whole ("colophon.xhtml", not "chapter-on-copyright.xhtml").
        declared = types | package.guide.get(name, set())
        named = {item_id.lower(), posixpath.splitext(posixpath.basename(name))[0].lower()}
        for word, role in _PUBLISHER_PAGES.items():
            if word in declared or word in named:
                return role
    entries = [line for line in text_lines if line.hint.kind != "heading"]
    linked = [line for line in entries if _all_link(line)]
    if len(linked) >= 2 and len(linked) >= THRESHOLDS.epub_contents_linked_share * len(entries):
        # A contents page in the spine (EPUB 2 books often have one; the guide calls it "toc"):
        # its entries are links to the book's documents, its only other line a heading.
        return "contents"
    if first and only_images:
        return "cover"
    return None


def _all_link(line: Line) -> bool:
    """Every letter of the line is in a link (to a document of the book)."""
    covered = [False] * len(line.text)
    for st in line.styles:
        if st.kind == LINK and not _URL.match(st.value):
            covered[st.start : st.end] = [True] * (st.end - st.start)
    letters = [covered[i] for i, ch in enumerate(line.text) if ch.isalnum()]
    return bool(letters) and all(letters)


def read_epub(path: Path, shown: str, data: bytes, diagnostics: Diagnostics, options=None) -> SourceText:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _fail(shown, "not a readable EPUB (not a zip archive)") from None
    package = _Package(zf, shown)
    walker = Walker()
    omitted: list[tuple[str, str]] = []
    deferred: list[tuple[str, object]] = []  # non-linear documents: (name, tree)
    first = True

    def load(name: str):
        try:
            raw = zf.read(package.path(name))
        except KeyError:
            diagnostics.warning(
                "RB201", f"the EPUB's spine names {name}, which the EPUB does not hold; left out", path=shown
            )
            return None
        text, _ = decode_html(raw, f"{shown}: {name}", diagnostics)
        return parse_html(text.replace("\r\n", "\n").replace("\r", "\n"), xml=True)

    def text_of(root, name: str) -> list[Line]:
        scratch = Walker()
        return scratch.walk(
            root, f"{name}:", lambda href: resolve_href(href, name), lambda i: f"{name}#{i}", sectioned=True
        )

    def read(name: str, root) -> None:
        walker.walk(
            root,
            f"{name}:",
            lambda href: resolve_href(href, name),
            lambda ident: f"{name}#{ident}",
            start_anchors=(f"{name}#",),
            sectioned=True,
        )

    for item_id, linear in package.spine:
        if item_id not in package.items:
            continue
        name, media, props = package.items[item_id]
        if media and media not in _DOCUMENT_TYPES:
            continue
        root = load(name)
        if root is None:
            continue
        if "nav" in props:
            text = "\n".join(line.text for line in text_of(root, name) if line.text)
            omitted.append(("navigation document", text or name))
            continue
        lines = text_of(root, name)
        role = _document_role(package, item_id, name, props, root, lines, first)
        first = False
        if role is not None:
            text = "\n".join(line.text for line in lines if line.text)
            omitted.append((role, text or name))
            continue
        if not linear:
            deferred.append((name, root))
            continue
        read(name, root)

    # Non-linear documents the read ones link to (notes, say) follow them; others are named.
    targets = {
        s.value.partition("#")[0] for line in walker.lines for s in line.styles if s.kind == LINK and "#" in s.value
    }
    for name, root in deferred:
        if name in targets:
            read(name, root)
        else:
            text = "\n".join(line.text for line in text_of(root, name) if line.text)
            omitted.append(("non-linear document", text or name))

    # Documents the manifest holds but the spine leaves out: those the read ones link to (notes a
    # careless package left out of the spine) follow them; the others are named, nothing silently lost.
    in_spine = {item_id for item_id, _ in package.spine}
    outside = [
        (item_id, item)
        for item_id, item in package.items.items()
        if item_id not in in_spine and item[1] in _DOCUMENT_TYPES and item_id != package.ncx
    ]
    if outside:
        targets = {
            s.value.partition("#")[0] for line in walker.lines for s in line.styles if s.kind == LINK and "#" in s.value
        }
        held = set(zf.namelist())
        for _, (name, _, props) in outside:
            if package.path(name) not in held:
                continue  # named in the manifest only: nothing to read, nothing lost
            root = load(name)
            if root is None:
                continue
            if name in targets and "nav" not in props:
                read(name, root)
                continue
            text = "\n".join(line.text for line in text_of(root, name) if line.text)
            kind = "navigation document" if "nav" in props else "document outside the spine"
            omitted.append((kind, text or name))

    ncx = package.items.get(package.ncx or "")
    if ncx is not None:  # EPUB 2's navigation stands outside the spine; named like the navigation document
        try:
            root = _xml(zf, package.path(ncx[0]))
        except (KeyError, etree.XMLSyntaxError):
            root = None
        labels = [] if root is None else [_squash_xml(el) for el in root.iter(f"{{{NCX_NS}}}text", "text")]
        omitted.append(("navigation (NCX)", "\n".join(t for t in labels if t) or ncx[0]))

    walker.finish()
    omitted.extend(walker.omitted)
    return SourceText(
        path,
        shown,
        "utf-8",
        tuple(walker.lines),
        len(data),
        "epub",
        meta=package.meta,
        omitted=tuple(omitted),
    )
