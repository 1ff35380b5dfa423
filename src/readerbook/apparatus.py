"""The editorial apparatus: the preface (the editor's prose plus sections
generated from the normalization report) built as model blocks, so the one
XHTML writer renders it for both outputs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from . import ids
from .assemble import AssembledText, Part, TocEntry
from .manifest import Manifest, TextEntry
from .model import Document, Emph, Heading, ListBlock, Paragraph, Str, TextMeta, inline_text
from .normalize.typography import apply_typography
from .source import read_source

PREFACE_SLUG = ids.PREFACE


def _p(*runs) -> Paragraph:
    return Paragraph([Str(r) if isinstance(r, str) else r for r in runs])


def _count(changes, kind: str, detail: str | None = None) -> int:
    return sum(1 for c in changes if c.kind == kind and (detail is None or c.detail.startswith(detail)))


def texts_section(texts: list[AssembledText]) -> list:
    items = []
    for t in texts:
        e = t.entry
        missing = sum(1 for n in t.notes if n.missing)
        facts = [f"{e.author}." if e.author else "The text names no author."]
        if e.title_supplied:
            facts.append("The text has no title of its own; the title in square brackets is the editor's.")
        if e.source:
            facts.append(f"Source as stated: {e.source}.")
        if e.year:
            facts.append(f"Year as stated: {e.year}.")
        notes = f"{len(t.notes)} notes" + (f", {missing} of them without text in the source" if missing else "")
        facts.append(
            f"{t.words:,} words, {t.paragraphs} numbered paragraphs, {notes}; about {t.reading_minutes} minutes of reading."
        )
        items.append([_p(Emph([Str(e.title)]), ". " + " ".join(facts))])
    return [Heading(2, [Str("The texts")]), ListBlock(False, items)]


def method_for(t: AssembledText) -> list[str]:
    """What normalization did to one text, in sentences, from its report."""
    ch = t.doc.changes
    out = []
    fmt = next((c.detail for c in ch if c.kind == "layout" and "source marks" in c.detail), "")
    layout = {
        "blocks": "plain text, one paragraph per line, with blank lines between",
        "lines": "plain text, one paragraph per line, without blank lines",
        "wrapped": "plain text in hard-wrapped lines, as a PDF extraction gives them",
        "markdown": "Markdown prepared by the editor",
        "pdf": "a PDF, read from its text layer (positions and type decide paragraphs, headings and notes)",
        "structured": "a document that marks its own structure ("
        + (fmt.split("the ")[-1].split(" source")[0] or "web page")
        + ")",
    }.get(t.doc.layout, t.doc.layout)
    out.append(f"Received as {layout}.")
    pages = t.entry.pages
    if pages:
        out.append(f"Printed here: pages {pages[0]}–{pages[1]} of the source.")
    for c in ch:
        if c.kind == "excerpt":
            out.append(c.detail[0].upper() + c.detail[1:] + ".")
    if t.doc.language and t.doc.language != t.entry.language and t.doc.language != "en":
        out.append(f"Language: {t.doc.language}.")
    joined, kept, pjoin = _count(ch, "joined-hyphen"), _count(ch, "kept-hyphen"), _count(ch, "page-join")
    if t.doc.layout == "wrapped":
        out.append(
            f"Lines were joined into paragraphs; {joined} words divided at a line end were rejoined and "
            f"{kept} hyphenated compounds kept; {pjoin} paragraphs interrupted by a page break were made whole."
        )
    removed = Counter(c.detail for c in ch if c.kind == "removed")
    named = {
        "page number": "page numbers",
        "running head": "running heads",
        "separator line": "footnote rules",
        "separator line (blank rule)": "footnote rules",
        "form feed (page break)": "form feeds",
        "image caption and credit (web debris)": "image captions and credit lines",
        "web page trailer": "web-page trailers",
        "notes heading (notes are set by readerbook)": "notes headings",
        "notes heading (readerbook sets the notes)": "notes headings",
        "outside the excerpt (from/to in book.yaml)": "paragraphs outside the excerpt",
        "image without a caption (its alt text names no content)": "images without captions",
        "the source's own contents list (the reader makes its own)": "lines of the source's contents list",
        "the source's own list of illustrations (the reader makes its own)": "lines of the source's list of illustrations",
        "Project Gutenberg header": "lines of the Project Gutenberg header",
        "Project Gutenberg licence and trailer": "lines of the Project Gutenberg licence",
        "e-text producer's credit": "lines of the e-text producers' credits",
        "transcriber's note": "lines of transcriber's notes",
        "star paging (a page of the printed reporter)": "star-paging marks",
        "the web page's metadata fields": "web-page metadata fields",
        "note not cited in the excerpt": "notes the excerpt does not cite",
        "heading underline": "heading underlines",
    }
    parts = Counter()
    for detail, n in removed.items():
        parts[named.get(detail, detail)] += n
    if parts:
        out.append("Removed: " + "; ".join(_plural(n, what) for what, n in sorted(parts.items())) + ".")
    moved = _count(ch, "moved")
    if moved:
        out.append(f"{moved} blocks of page-bottom notes were moved to the notes.")
    where = {line.no: line.where for line in t.doc.source_lines if getattr(line, "where", "")}
    for c in ch:
        if c.kind == "emendation":
            place = where.get(c.lines[0], f"line {c.lines[0]}")
            out.append(f"Emended at {place}: {c.detail}.")
    missing = sum(1 for n in t.notes if n.missing)
    if missing:
        out.append(
            f"{missing} notes are cited in the text but their text is not in the source; their references "
            "keep their numbers and link to one statement saying so, at the text's opening in print and at "
            "the end of the chapter in the e-book."
        )
    dropped = _count(ch, "dropped-marker")
    if dropped:
        out.append(f"{dropped} note markers without note text were removed, as book.yaml asks.")
    skips = [c.detail for c in ch if c.kind == "note-warning"]
    if skips:
        out.append("Note numbering in the source: " + "; ".join(skips) + ".")
    figures = _count(ch, "figure")
    if figures:
        out.append(f"{figures} figures are not reproduced; their captions, where they have one, stand in their place.")
    front = [c for c in ch if c.kind == "front-matter"]
    if front:
        roles = list(dict.fromkeys(c.detail.split(" line")[0].split(" (")[0] for c in front))
        out.append("The opening lines giving " + ", ".join(roles) + " are replaced by the text's own opening page.")
    if t.entry.title_supplied:
        out.append("The title is supplied by the editor.")
    return out


def _plural(n: int, what: str) -> str:
    """'1 page numbers' reads as '1 page number'."""
    if n == 1 and what.endswith("s"):
        head, _, tail = what.rpartition(" ")
        singular = tail[:-1] if not tail.endswith("ines") else tail[:-1]
        what = f"{head} {singular}".strip()
    return f"{n} {what}"


def method_section(texts: list[AssembledText]) -> list:
    blocks: list = [
        Heading(2, [Str("Editorial method")]),
        _p(
            "The texts are printed as their sources give them. readerbook recorded every change it made; "
            "this section is generated from that record at each build. Quotation marks, apostrophes, dashes and "
            "ellipses are set typographically; no word of the authors has been changed except by the emendations "
            "listed, each with its reason."
        ),
    ]
    items = [[_p(Emph([Str(t.title)]), ". " + " ".join(method_for(t)))] for t in texts]
    blocks.append(ListBlock(False, items))
    return blocks


def cite_section(texts: list[AssembledText], page_list: bool) -> list:
    example = texts[min(2, len(texts) - 1)]
    blocks = [
        Heading(2, [Str("How to cite")]),
        _p(
            "Every paragraph of every text is numbered within its text, in the margin of the printed edition and "
            "beside the paragraph in the e-book. The numbers are the same in both, and they are the locators of the "
            f"index. Cite a passage by the text's short title and paragraph number, for example "
            f"“{example.entry.short_title}, ¶ 12”."
        ),
    ]
    if page_list:
        blocks.append(
            _p(
                "The e-book also marks where each page of the printed edition begins, so that readers "
                "of either can say “page 47” and mean the same words; e-readers that support page lists "
                "show these page numbers."
            )
        )
    return blocks


def editors_preface(path: Path) -> list:
    """The editor's prose (book.yaml's ``preface:``) as blocks: through the
    same passes as the texts (typography included), but for paragraph
    numbers: the preface is not cited by paragraph.  Read while the texts
    are normalized, as one more job (``pipeline.PrefaceJob``)."""
    from .diagnostics import Diagnostics
    from .normalize import PASSES, normalize_source

    passes = tuple(p for p in PASSES if p.name != "numbering")
    return normalize_source(read_source(path, str(path.name), Diagnostics()), passes=passes).blocks


def build_preface(
    manifest: Manifest, texts: list[AssembledText], page_list: bool = False, editors: list | None = None
) -> AssembledText:
    """The preface as a text of its own: the editor's prose (``editors``, or
    book.yaml's ``preface:`` read now), then the sections generated from the
    texts' reports."""
    m = manifest
    blocks: list = []
    if editors is not None:
        blocks.extend(editors)
    elif m.preface is not None:
        blocks.extend(editors_preface(m.preface))
    generated = texts_section(texts) + method_section(texts) + cite_section(texts, page_list)
    # The generated sentences are the editor's prose too: the same typography as the texts.
    apply_typography(generated, [], m.language)
    blocks += generated
    for n, b in enumerate((b for b in blocks if isinstance(b, Heading)), start=1):
        b.number = n  # blocks made here, for this preface: numbering them changes nothing given
    entry = TextEntry(file=m.preface or m.path, slug=PREFACE_SLUG, title="Preface", short_title="Preface")
    doc = Document(
        source=entry.file, shown="preface", layout="markdown", meta=TextMeta("Preface"), blocks=blocks, notes=[]
    )
    part = Part(PREFACE_SLUG, "Preface", blocks, "text/preface.xhtml")
    headings = [b for b in blocks if isinstance(b, Heading)]
    toc = [TocEntry(ids.heading(PREFACE_SLUG, b.number), inline_text(b.inlines), 2) for b in headings]
    anchors = {PREFACE_SLUG: part.file} | {ids.heading(PREFACE_SLUG, b.number): part.file for b in headings}
    return AssembledText(entry, doc, 0, [part], [], {}, {}, toc, 0, 0, anchors=anchors)
