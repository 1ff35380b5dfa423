"""Package the EPUB 3 from the book model with ebooklib.

The XHTML documents are written by :mod:`.xhtml` and stored as they are
(ebooklib's own HTML documents would be re-parsed by an HTML parser); the
manifest, spine, nav, NCX and landmarks all come from the book model.  The
archive is then rewritten with fixed entry dates and order, since ebooklib
stamps zip entries with the wall clock.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import io
import zipfile
from concurrent.futures import Future
from dataclasses import dataclass

from ebooklib import epub

from ..assemble import AssembledText, Book, TocEntry
from ..xmlescape import escape
from .xhtml import TextRenderer, attr, page, page_markers

CSS_HREF = "../css/epub.css"


class _Writer(epub.EpubWriter):
    """ebooklib's writer, with the package's own language declared (xml:lang on
    <package>, which accessibility checkers look for)."""

    def _write_opf_metadata(self, root):
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        return super()._write_opf_metadata(root)


class XhtmlDocument(epub.EpubItem):
    """An XHTML content document stored byte for byte."""

    def __init__(self, uid: str, file_name: str, content: str, properties: list[str] | None = None):
        super().__init__(
            uid=uid, file_name=file_name, media_type="application/xhtml+xml", content=content.encode("utf-8")
        )
        self.properties = properties or []
        self.is_linear = True


@dataclass
class EpubDocument:
    uid: str
    file: str  # relative to the package folder, e.g. text/x.xhtml
    title: str
    xhtml: str
    landmark: str | None = None  # epub:type for the landmarks nav


def render_documents(
    book: Book, extra_front: list[EpubDocument] = (), extra_back: list[EpubDocument] = ()
) -> list[EpubDocument]:
    """Every content document of the EPUB, in reading order."""
    lang = book.manifest.language
    docs = [EpubDocument("titlepage", "text/titlepage.xhtml", "Title page", titlepage(book), "titlepage")]
    if book.preface is not None:
        r = TextRenderer(book, book.preface, "epub", book.preface.parts[0].file)
        body = (
            f'<section id="preface" class="preface" epub:type="preface" role="doc-preface" aria-label="Preface">'
            f'{page_markers(book, "preface")}<h1 class="front-title">Preface</h1>'
            f"{r.blocks(book.preface.parts[0].blocks)}</section>"
        )
        docs.append(
            EpubDocument(
                "preface", book.preface.parts[0].file, "Preface", page("Preface", body, lang, [CSS_HREF]), "preface"
            )
        )
    docs.extend(extra_front)
    for text in book.texts:
        r = TextRenderer(book, text, "epub")
        for n, part in enumerate(text.parts):
            r.current_file = part.file
            opener = (page_markers(book, text.slug) + r.opener()) if n == 0 else ""
            section_attrs = f" id={attr(text.slug)}" if n == 0 else ""
            if text.language != lang:  # the text's own language, for hyphenation, voices and quotes
                section_attrs += f" lang={attr(text.language)} xml:lang={attr(text.language)}"
            body = (
                f'<section{section_attrs} class="text" epub:type="chapter" role="doc-chapter" '
                f"aria-label={attr(text.title if n == 0 else part.title)}>"
                f"{opener}{r.blocks(part.blocks)}{r.footnotes(part.file)}</section>"
            )
            docs.append(
                EpubDocument(
                    part.id,
                    part.file,
                    text.title if n == 0 else part.title,
                    page(text.title, body, lang, [CSS_HREF]),
                    "bodymatter" if text.position == 1 and n == 0 else None,
                )
            )
    docs.extend(extra_back)
    return docs


def titlepage(book: Book) -> str:
    m = book.manifest
    authors = "".join(
        f'<li><span class="tp-title">{escape(t.title)}</span> · '
        f'<span class="tp-author">{escape(t.entry.author or "author not named")}</span></li>'
        for t in book.texts
    )
    sub = f'<p class="subtitle">{escape(m.subtitle)}</p>' if m.subtitle else ""
    editor = f'<p class="editor">Edited by {escape(m.editor)}</p>' if m.editor else ""
    body = (
        f'<section class="titlepage" id="title-page" epub:type="titlepage" aria-label="Title page">'
        f'{page_markers(book, "title-page")}<h1 class="book-title">{escape(m.title)}</h1>{sub}{editor}'
        f'<ul class="tp-texts">{authors}</ul></section>'
    )
    return page(m.title, body, m.language, [CSS_HREF])


def nav_document(book: Book, docs: list[EpubDocument], page_list: list[tuple[str, str]] | None) -> str:
    """The EPUB 3 navigation document: toc, landmarks and (optionally) page-list."""
    m = book.manifest
    items = []
    for d in docs:
        if d.uid in {t.parts[0].id for t in book.texts}:
            text = next(t for t in book.texts if t.parts[0].id == d.uid)
            items.append(_toc_text(book, text))
        elif d.uid == "preface" and book.preface is not None:
            sub = _toc_entries(book, book.preface.toc)
            items.append(f"<li><a href={attr(_rel(d.file))}>Preface</a>{f'<ol>{sub}</ol>' if sub else ''}</li>")
        elif any(d.uid == p.id for t in book.texts for p in t.parts[1:]):
            continue
        else:
            items.append(f"<li><a href={attr(_rel(d.file))}>{escape(d.title)}</a></li>")
    toc = f'<nav epub:type="toc" role="doc-toc" id="toc"><h1>Contents</h1><ol>{"".join(items)}</ol></nav>'
    marks = ['<li><a epub:type="toc" href="nav.xhtml#toc">Contents</a></li>']
    for d in docs:
        if d.landmark:
            marks.append(f'<li><a epub:type="{d.landmark}" href={attr(_rel(d.file))}>{escape(d.title)}</a></li>')
    landmarks = (
        f'<nav epub:type="landmarks" id="landmarks" hidden="hidden"><h2>Landmarks</h2><ol>{"".join(marks)}</ol></nav>'
    )
    pages = ""
    if page_list:
        lis = "".join(f"<li><a href={attr(href)}>{escape(label)}</a></li>" for label, href in page_list)
        pages = f'<nav epub:type="page-list" id="page-list" hidden="hidden"><h2>Pages</h2><ol>{lis}</ol></nav>'
    return page("Contents", toc + landmarks + pages, m.language, ["css/epub.css"])


def _rel(file: str) -> str:
    return file  # the nav document lives at the package root


def _toc_text(book: Book, text: AssembledText) -> str:
    label = escape(text.title) + (f" — {escape(text.entry.author)}" if text.entry.author else "")
    children = _toc_entries(book, text.toc)
    sub = f"<ol>{children}</ol>" if children else ""
    return f"<li><a href={attr(text.parts[0].file)}>{label}</a>{sub}</li>"


def _toc_entries(book: Book, entries: list[TocEntry]) -> str:
    out = []
    for e in entries:
        sub = _toc_entries(book, e.children)
        sub = f"<ol>{sub}</ol>" if sub else ""
        out.append(f"<li><a href={attr(book.where(e.id) + '#' + e.id)}>{escape(e.title)}</a>{sub}</li>")
    return "".join(out)


def _ncx_toc(book: Book, docs: list[EpubDocument]):
    toc = []
    for d in docs:
        text = next((t for t in book.texts if t.parts[0].id == d.uid), None)
        if text is not None:
            links = [epub.Link(f"{book.where(e.id)}#{e.id}", e.title, e.id) for e in _flat(text.toc)]
            section = epub.Section(text.title, d.file)
            toc.append((section, links) if links else epub.Link(d.file, text.title, d.uid))
        elif not any(d.uid == p.id for t in book.texts for p in t.parts[1:]):
            toc.append(epub.Link(d.file, d.title, d.uid))
    return toc


def _flat(entries: list[TocEntry]):
    for e in entries:
        yield e
        yield from _flat(e.children)


def package_epub(
    book: Book,
    css: str,
    *,
    page_list: list[tuple[str, str]] | None = None,
    accessibility: dict[str, list[str]] | None = None,
    extra_front: list[EpubDocument] = (),
    extra_back: list[EpubDocument] = (),
    cover: bytes | Future | None = None,  # the cover image (JPEG), or its Future
    print_source: str | None = None,
) -> bytes:
    m = book.manifest
    eb = epub.EpubBook()
    eb.set_identifier(m.identifier)
    eb.set_title(m.title)
    eb.set_language(m.language)
    seen = set()
    for text in book.texts:
        for name in _split_authors(text.entry.author):
            if name not in seen:
                seen.add(name)
                eb.add_author(name, uid=f"creator{len(seen)}")
    if m.editor:
        eb.add_author(m.editor, role="edt", uid="editor")
    eb.add_metadata("DC", "date", m.date.isoformat())
    if m.publisher:
        eb.add_metadata("DC", "publisher", m.publisher)
    if m.subtitle:
        eb.add_metadata("DC", "description", f"{m.title}: {m.subtitle}")
    for source in book.sources:
        # Each text's terms and origin, as the Sources and permissions page gives them.
        eb.add_metadata("DC", "rights", f"{source.text.title}: {source.terms}")
        if source.source_url or source.source:
            eb.add_metadata("DC", "source", source.source_url or source.source)
    if print_source:
        # The print edition is the source of the page-break markers (EPUB 3 "source-of pagination").
        eb.add_metadata("DC", "source", print_source, {"id": "print-source"})
        eb.add_metadata(None, "meta", "pagination", {"refines": "#print-source", "property": "source-of"})
    for prop, values in (accessibility or {}).items():
        for value in values:
            eb.add_metadata(None, "meta", value, {"property": prop})

    eb.add_item(epub.EpubItem(uid="css", file_name="css/epub.css", media_type="text/css", content=css.encode("utf-8")))
    docs = render_documents(book, list(extra_front), list(extra_back))
    if isinstance(cover, Future):
        cover = cover.result()  # drawn meanwhile, elsewhere: asked for only now
    cover_doc = None
    if cover:
        from .cover import COVER_FILE, cover_alt

        eb.set_cover(f"images/{COVER_FILE}", cover, create_page=False)
        body = (
            f'<section class="cover" epub:type="cover"><img src="../images/{COVER_FILE}" '
            f"alt={attr(cover_alt(m))}/></section>"
        )
        cover_doc = XhtmlDocument("cover-page", "text/cover.xhtml", page(m.title, body, m.language, [CSS_HREF]))
        eb.add_item(cover_doc)

    items = []
    for d in docs:
        item = XhtmlDocument(d.uid, d.file, d.xhtml)
        eb.add_item(item)
        items.append(item)
    if page_list is None and book.page_map is not None:
        page_list = [
            (str(n), f"{book.epub_file(anchor)}#page-{n}") for n, anchor in enumerate(book.page_map.firsts, start=1)
        ]
    nav = XhtmlDocument("nav", "nav.xhtml", nav_document(book, docs, page_list), ["nav"])
    eb.add_item(nav)
    eb.add_item(epub.EpubNcx())
    eb.toc = _ncx_toc(book, docs)
    eb.spine = ([cover_doc] if cover_doc else []) + [items[0], nav] + items[1:]

    buffer = io.BytesIO()
    mtime = _dt.datetime.combine(m.date, _dt.time(0, 0))
    writer = _Writer(
        buffer,
        eb,
        {
            "epub3_pages": False,
            "mtime": mtime,
            "raise_exceptions": True,
            "play_order": {"enabled": True, "start_from": 1},
            "compresslevel": 0,  # deterministic_zip compresses, once
        },
    )
    writer.process()
    try:
        writer.write()
    except BaseException:
        # ebooklib leaves its archive open when writing fails; closed later by
        # the garbage collector, over a freed buffer, it prints a traceback on exit.
        with contextlib.suppress(Exception):
            writer.out.close()
        raise
    return deterministic_zip(buffer.getvalue(), m.date)


def _split_authors(author: str | None) -> list[str]:
    if not author:
        return []
    parts = [p.strip() for chunk in author.split(" and ") for p in chunk.split(",")]
    return [p for p in parts if p]


def deterministic_zip(data: bytes, date: _dt.date) -> bytes:
    """Rewrite an EPUB archive: mimetype first and stored, the rest in a fixed
    order with the book's date on every entry."""
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    order = ["mimetype", "META-INF/container.xml"] + sorted(
        n for n in names if n not in ("mimetype", "META-INF/container.xml")
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            if name not in names:
                continue
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name), compresslevel=6 if name != "mimetype" else None)
    return out.getvalue()
