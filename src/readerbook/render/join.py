"""Join separately laid-out parts into one PDF.

Every part is a complete, tagged PDF from WeasyPrint.  Joining keeps what a
reader of the whole book relies on:

- pages in order, with an empty verso wherever a part would otherwise begin
  on a left-hand page;
- links: WeasyPrint writes internal links by name (``/Dest (name)``), so
  they only need one book-wide table of named destinations; each name is
  taken from the part that really holds it (the others hold an empty stand-in
  so that WeasyPrint would draw and tag the link at all);
- the outline, part after part;
- the structure tree (tagged PDF): every part's elements under one Document
  element, with the parent-tree keys renumbered so they stay unique;
- folios stamped from a separately laid-out folio document, as artifacts.

The join is done with pikepdf (qpdf).  pypdf, in pure Python, took 6 s to
read, copy and write the ~25,000 structure elements of the shipped reader (a
third of the whole layout) and cannot write object streams, which tripled the
file; pikepdf does it in well under a second and writes a compact file.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, String

FOLIO = Name("/RBFolio")


@dataclass(frozen=True)
class PlacedPart:
    pdf: bytes
    first_page: int  # 1-based page of the book it begins on
    own_anchors: frozenset[str]  # its named destinations that are really its own


@dataclass(frozen=True)
class Finish:
    """What the print shop asked for (book.yaml ``print:``), done at the join.

    ``blank``: a laid-out empty page, copied wherever the book needs a blank
    one (so it has the book's page boxes and printer's marks); ``pad_to``:
    blank pages at the end up to a multiple of this; ``bleed_pt``: each
    page's BleedBox this far beyond its TrimBox."""

    blank: bytes | None = None
    pad_to: int | None = None
    bleed_pt: float | None = None


def join(
    parts: list[PlacedPart],
    folios: bytes | None = None,
    folio_pages: dict[int, int] | None = None,
    finish: Finish = Finish(),
) -> bytes:
    """One PDF from ``parts`` (in order).  ``folio_pages`` maps a book page
    (1-based) to the page of ``folios`` whose folio it takes."""
    if not parts:
        raise ValueError("nothing to join")
    book = pikepdf.new()
    blank_pdf = pikepdf.open(io.BytesIO(finish.blank)) if finish.blank is not None else None
    dests: dict[str, Array] = {}
    struct = _StructTree(book)
    with book.open_outline() as outline:
        for k, part in enumerate(parts):
            with pikepdf.open(io.BytesIO(part.pdf)) as src:
                if len(book.pages) >= part.first_page:
                    raise ValueError(f"a part meant to begin on page {part.first_page} would overlap the one before")
                while len(book.pages) < part.first_page - 1:
                    _add_blank(book, blank_pdf, src.pages[0])
                offset = len(book.pages)
                with warnings.catch_warnings():
                    # It warns that named destinations are not carried: the
                    # book's own table is built below, from every part.
                    warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                    book.pages.extend(src.pages)
                added = [book.pages[offset + i].obj for i in range(len(src.pages))]
                copied = {src.pages[i].objgen: added[i] for i in range(len(src.pages))}
                for name, target in _named_destinations(src):
                    if name in part.own_anchors and target[0].objgen in copied:
                        dests[name] = Array([copied[target[0].objgen], *list(target)[1:]])
                with src.open_outline() as own:
                    outline.root.extend(_copy_outline(own.root, copied))
                struct.add(src, [book.pages[offset + i] for i in range(len(src.pages))])
                if k == 0:
                    _copy_document_settings(book, src)
                    added.append(book.Root.get("/Metadata"))
                # qpdf copies stream data only when the book is written; take
                # it now, so that each part can be let go (a third less memory).
                _own_streams(added)
    struct.finish()
    if finish.pad_to:
        while len(book.pages) % finish.pad_to:
            _add_blank(book, blank_pdf, book.pages[-1])
    if blank_pdf is not None:
        blank_pdf.close()
    if finish.bleed_pt is not None:
        set_bleed_boxes(book, finish.bleed_pt)
    book.Root.Names = Dictionary(Dests=Dictionary(Names=_name_array(dests)))
    if folios is not None and folio_pages:
        with pikepdf.open(io.BytesIO(folios)) as folio_pdf:
            stamp_folios(book, folio_pdf, folio_pages)
            _own_streams([book.pages[n - 1].obj for n in folio_pages])
    out = io.BytesIO()
    # Object streams keep a tagged book (mostly small structure dictionaries)
    # compact; the identifier is derived from the content, so the same book
    # gives the same bytes.
    book.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
    return out.getvalue()


def _add_blank(book: pikepdf.Pdf, blank: pikepdf.Pdf | None, like: pikepdf.Page) -> None:
    """An empty page at the end: a copy of the laid-out blank page, else one
    the size of ``like``."""
    if blank is None:
        book.add_blank_page(page_size=(like.mediabox[2], like.mediabox[3]))
        return
    book.pages.append(blank.pages[0])  # a copy each time
    page = book.pages[-1]
    # It belongs to no part's structure tree and links nowhere (WeasyPrint
    # draws its marks as artifacts).
    for key in ("/StructParents", "/Annots"):
        if key in page.obj:
            del page.obj[key]
    _own_streams([page.obj])


def set_bleed_boxes(book: pikepdf.Pdf, bleed_pt: float) -> None:
    """Every page's BleedBox: its TrimBox, ``bleed_pt`` larger on every side
    (WeasyPrint sets it somewhere between the trim and the media edge)."""
    for page in book.pages:
        trim = page.obj.get("/TrimBox")
        if trim is None:
            continue
        x0, y0, x1, y1 = (float(v) for v in trim)
        page.obj.BleedBox = Array([round(v, 4) for v in (x0 - bleed_pt, y0 - bleed_pt, x1 + bleed_pt, y1 + bleed_pt)])


def _own_streams(roots) -> None:
    """Give every stream reachable from ``roots`` its data, read now from the
    part it was copied from (not up the page tree or back to a parent)."""
    seen: set[tuple[int, int]] = set()
    stack = [r for r in roots if r is not None]
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Stream):
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
            raw = obj.read_raw_bytes()
            obj.write(raw, filter=obj.get("/Filter"), decode_parms=obj.get("/DecodeParms"), type_check=False)
            stack.extend(v for key, v in obj.stream_dict.items() if key not in _UPWARD)
        elif isinstance(obj, Dictionary):
            if obj.is_indirect:
                if obj.objgen in seen:
                    continue
                seen.add(obj.objgen)
            stack.extend(v for key, v in obj.items() if key not in _UPWARD)
        elif isinstance(obj, Array):
            stack.extend(obj)


_UPWARD = ("/Parent", "/P", "/Pg")


def _named_destinations(pdf: pikepdf.Pdf):
    """(name, destination array) for every entry of the name tree."""
    if "/Names" not in pdf.Root or "/Dests" not in pdf.Root.Names:
        return
    for name, target in pikepdf.NameTree(pdf.Root.Names.Dests).items():
        if isinstance(target, Dictionary):  # a /D dictionary rather than an array
            target = target.D
        yield name, target


def _name_array(dests: dict[str, Array]) -> Array:
    out = Array()
    for name in sorted(dests, key=lambda n: n.encode("utf-16-be")):
        out.append(String(name))
        out.append(dests[name])
    return out


def _copy_outline(items, copied) -> list:
    out = []
    for item in items:
        dest = item.destination
        if dest is None and item.action is not None and "/D" in item.action:
            dest = item.action.D
        if not isinstance(dest, Array) or len(dest) == 0 or dest[0].objgen not in copied:
            continue
        new = pikepdf.OutlineItem(item.title, Array([copied[dest[0].objgen], *list(dest)[1:]]))
        new.is_closed = item.is_closed
        new.children.extend(_copy_outline(item.children, copied))
        out.append(new)
    return out


def _copy_document_settings(book: pikepdf.Pdf, first: pikepdf.Pdf) -> None:
    """Language, tagging flags, viewer preferences and metadata from the first part."""
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
        if key in first.Root:
            book.Root[key] = _copy(book, first.Root[key])
    for key, value in first.docinfo.items():
        book.docinfo[key] = value


class _StructTree:
    """The parts' structure trees as one, in reading order."""

    def __init__(self, book: pikepdf.Pdf):
        self.book = book
        self.document = book.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
        self.kids = Array()
        self.nums = Array()
        self.namespaces = Array()
        self.next_key = 0

    def add(self, src: pikepdf.Pdf, pages) -> None:
        if "/StructTreeRoot" not in src.Root:
            return
        root = src.Root.StructTreeRoot
        offset = self.next_key
        # Renumber the pages' and annotations' keys into the parent tree
        # (on the copies: copying kept the part's numbers).
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        # Copied after the pages, so /Pg and /Obj references land on the
        # copies; the part's own Document element is dropped and its
        # children hang from the book's.
        for kid in _as_list(root.get("/K")):
            children = _as_list(kid.get("/K")) if kid.get("/S") == Name.Document else [kid]
            for child in children:
                copy = _copy(self.book, child)
                if isinstance(copy, Dictionary) and copy.get("/Type") == Name.StructElem:
                    copy.P = self.document
                self.kids.append(copy)
        for ns in _as_list(root.get("/Namespaces")):
            self.namespaces.append(_copy(self.book, ns))
        top = offset - 1
        if "/ParentTree" in root:
            for key, value in pikepdf.NumberTree(root.ParentTree).items():
                self.nums.append(int(key) + offset)
                self.nums.append(_copy(self.book, value))
                top = max(top, int(key) + offset)
        self.next_key = max(self.next_key, top + 1)

    def finish(self) -> None:
        if not len(self.kids):
            return
        root = self.book.make_indirect(
            Dictionary(
                Type=Name.StructTreeRoot,
                K=Array([self.document]),
                ParentTree=self.book.make_indirect(Dictionary(Nums=self.nums)),
                ParentTreeNextKey=self.next_key,
            )
        )
        if len(self.namespaces):
            root.Namespaces = self.namespaces
            self.document.NS = self.namespaces[0]
        self.document.P = root
        self.document.K = self.kids
        self.book.Root.StructTreeRoot = root


def _copy(book: pikepdf.Pdf, obj):
    """``obj`` from another PDF into ``book`` (qpdf copies indirect objects,
    reusing what it already copied, such as the pages; direct ones are rebuilt)."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return book.copy_foreign(obj)
    if isinstance(obj, Array):
        return Array([_copy(book, x) for x in obj])
    if isinstance(obj, Dictionary):
        return Dictionary({k: _copy(book, v) for k, v in obj.items()})
    return obj


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def stamp_folios(book: pikepdf.Pdf, folios: pikepdf.Pdf, folio_pages: dict[int, int]) -> None:
    """Draw each mapped folio page's content over its book page, as an artifact."""
    for book_page, folio_page in folio_pages.items():
        source = folios.pages[folio_page - 1]
        form = book.copy_foreign(source.as_form_xobject())
        form.write(_as_artifact(source))
        page = book.pages[book_page - 1]
        # The page gets resource dictionaries of its own (WeasyPrint shares
        # them between pages) holding the folio under a fixed name.
        resources = page.obj.get("/Resources", Dictionary())
        xobjects = Dictionary(dict(resources.get("/XObject", Dictionary()).items()))
        xobjects[FOLIO] = form
        page.obj.Resources = Dictionary({**dict(resources.items()), "/XObject": xobjects})
        # The page's own drawing is bracketed with q/Q so that the folio is
        # drawn in the page's initial coordinate system.
        page.contents_add(pikepdf.Stream(book, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(book, b"\nQ\n/Artifact BMC q " + str(FOLIO).encode() + b" Do Q EMC\n"))


def _as_artifact(page: pikepdf.Page) -> bytes:
    """The page's drawing with its tagged content marked as pagination artifacts."""
    ops = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if operator == pikepdf.Operator("BDC"):
            ops.append(([Name.Artifact], pikepdf.Operator("BMC")))
        else:
            ops.append((operands, operator))
    return pikepdf.unparse_content_stream(ops)
