"""The review page: build/review.html, one self-contained file (no network).

Per text, the normalized reading text in source order with everything the
compiler did made visible: removed lines struck through with their reason,
hyphen decisions and page-break joins, emendations with their reason, the
structure found (headings, quotations, lists, epigraphs, letters), note
references linked to their notes, missing notes flagged.  Warnings come first,
with their source lines.  Filters show one kind of change at a time.
"""

from __future__ import annotations

from collections import defaultdict

from .assemble import AssembledText, Book
from .diagnostics import Diagnostics, Severity
from .model import (
    BlockQuote,
    Epigraph,
    FigurePlaceholder,
    Heading,
    Letter,
    ListBlock,
    NoteRef,
    Paragraph,
    Preformatted,
    SectionBreak,
    Table,
    Verse,
    block_inlines,
    inline_text,
    iter_blocks,
)
from .xmlescape import escape

KINDS = {  # change kind -> (filter group, label)
    "removed": ("removed", "removed"),
    "moved": ("notes", "moved to notes"),
    "joined-hyphen": ("hyphen", "hyphen joined"),
    "kept-hyphen": ("hyphen", "hyphen kept"),
    "page-join": ("page-join", "page break joined"),
    "emendation": ("emendation", "emendation"),
    "heading": ("structure", "heading"),
    "block-quote": ("structure", "quotation"),
    "epigraph": ("structure", "epigraph"),
    "list": ("structure", "list"),
    "letter": ("structure", "letter"),
    "figure": ("structure", "figure placeholder"),
    "section-break": ("structure", "section break"),
    "end-mark": ("structure", "closing mark"),
    "front-matter": ("structure", "front matter"),
    "supplied": ("structure", "supplied"),  # words readerbook adds (an unheaded abstract's heading)
    "missing-note": ("notes", "missing note"),
    "note-warning": ("notes", "note numbering"),
    "dropped-marker": ("notes", "dropped marker"),
    "decoding": ("decoding", "decoding"),  # characters no output can carry; lines in another encoding
    "omitted": ("removed", "left out"),  # what a reader did not take (page heads, a Word document's deletions)
}
FILTERS = ["removed", "hyphen", "page-join", "emendation", "decoding", "structure", "notes"]

CSS = """
body{font:15px/1.5 Georgia,serif;margin:0;color:#222;background:#fafaf7}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;padding:.5em 1em;z-index:1}
main{max-width:60em;margin:0 auto;padding:1em}
h1{font-size:1.3em;margin:.2em 0}h2{margin-top:2em;border-bottom:2px solid #444}
.warn{background:#fff4e0;border-left:4px solid #c80;padding:.3em .6em;margin:.2em 0;font-family:monospace;font-size:13px}
.block{position:relative;margin:.5em 0 .5em 5.5em;padding:.2em .4em;border-left:3px solid transparent}
.ln{position:absolute;left:-5.5em;width:5em;text-align:right;color:#888;font:12px monospace}
.kind{font:11px sans-serif;text-transform:uppercase;letter-spacing:.05em;color:#fff;background:#678;padding:0 .4em;border-radius:3px;margin-right:.4em}
.k-heading .kind{background:#274}.k-quotation .kind{background:#825}.k-list .kind{background:#553}
.k-heading{font-weight:bold}.k-quotation{border-left-color:#c9a;margin-left:7em}
.removed{color:#a00;text-decoration:line-through;font-family:monospace;font-size:13px}
.chg{display:inline-block;font:12px sans-serif;background:#eef;border:1px solid #99c;border-radius:3px;padding:0 .3em;margin:.1em .3em 0 0}
.chg.emendation{background:#efe;border-color:#7a7}.chg.hyphen{background:#ffe;border-color:#bb6}
.chg.page-join{background:#eef8ff;border-color:#69c}.chg.notes{background:#fee;border-color:#c99}
a.ref{font-size:.75em;vertical-align:super;text-decoration:none;background:#def;padding:0 .2em;border-radius:2px}
a.ref.missing{background:#fcc}
ol.notes li.missing{color:#a00}
label{margin-right:1em;font:13px sans-serif}
body.only .f{display:none}body.only.show-removed .f-removed,body.only.show-hyphen .f-hyphen,
body.only.show-page-join .f-page-join,body.only.show-emendation .f-emendation,body.only.show-decoding .f-decoding,
body.only.show-structure .f-structure,body.only.show-notes .f-notes{display:block}
"""

JS = """
function only(kind){var b=document.body;b.className='';if(kind){b.classList.add('only');b.classList.add('show-'+kind)}}
"""


def render_review(book: Book, diagnostics: Diagnostics) -> str:
    warn = [d for d in diagnostics if d.severity >= Severity.WARNING]
    out = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/>',
        f"<title>Review — {escape(book.manifest.title)}</title><style>{CSS}</style><script>{JS}</script></head><body>",
        f"<header><h1>Review: {escape(book.manifest.title)}</h1><div>Show only: "
        '<label><input type="radio" name="f" checked="checked" onclick="only(\'\')"/> everything</label>',
    ]
    for f in FILTERS:
        out.append(f'<label><input type="radio" name="f" onclick="only(\'{f}\')"/> {f}</label>')
    out.append("</div></header><main>")
    out.append(f"<h2>Warnings ({len(warn)})</h2>")
    out.extend(f'<div class="warn">{escape(d.format())}</div>' for d in warn)
    if not warn:
        out.append("<p>None.</p>")
    for text in book.texts:
        out.append(_text(text))
    out.append("</main></body></html>")
    return "\n".join(out)


def _text(text: AssembledText) -> str:
    doc = text.doc
    where = {line.no: line.where for line in doc.source_lines if getattr(line, "where", "")}

    def ln(no: int) -> str:
        """A source line as the editor finds it: its number, or a PDF's page and line, a web page's element."""
        return escape(where.get(no, str(no)))

    changes_at: dict[int, list] = defaultdict(list)
    removed: list = []
    for c in doc.changes:
        if c.kind in ("removed", "moved") or (c.kind == "omitted" and not c.lines):
            removed.append(c)
        elif c.lines:
            changes_at[c.lines[0]].append(c)
    counts = defaultdict(int)
    for c in doc.changes:
        counts[KINDS.get(c.kind, ("other", c.kind))[1]] += 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    items: list[tuple[int, str]] = []
    for c in removed:
        if not c.lines and c.kind != "omitted":
            continue
        group, label = KINDS[c.kind]
        body = escape(c.text) if c.text else "(blank rule)"
        # What the reader left out of the whole file (a page head, a comment) stands first.
        first, shown = (c.lines[0], ln(c.lines[0])) if c.lines else (0, "file")
        items.append(
            (
                first,
                f'<div class="block f f-{group}"><span class="ln">{shown}</span>'
                f'<span class="removed">{body}</span> <span class="chg {group}">{label}: {escape(c.detail)}</span></div>',
            )
        )
    used: set[int] = set()
    for block in doc.blocks:
        lines = getattr(block, "lines", ()) or ()
        first = lines[0] if lines else (items[-1][0] if items else 0)
        notes_here = []
        for n in lines:
            if n not in used:
                notes_here.extend(changes_at.get(n, []))
                used.add(n)
        items.append((first, _block(text, block, first, notes_here, ln(first))))
    # Changes in lines no body block holds (in notes, or to the text as a whole).
    for line, changes in sorted(changes_at.items()):
        if line in used:
            continue
        for c in changes:
            group, label = KINDS.get(c.kind, ("other", c.kind))
            items.append(
                (
                    line,
                    f'<div class="block f f-{group}"><span class="ln">{ln(line)}</span>'
                    f'<span class="chg {group}">{label}: {escape(c.detail)}</span></div>',
                )
            )
    items.sort(key=lambda x: x[0])
    notes = "".join(
        f'<li id="rv-{text.slug}-n{n.number}" class="{"missing" if n.missing else ""}">'
        + (
            "<em>missing from the source</em>"
            if n.missing
            else escape(" ".join(inline_text(s) for b in iter_blocks(n.blocks) for s in block_inlines(b))[:400])
        )
        + (f' <span class="ln">line {n.lines[0]}</span>' if n.lines else "")
        + "</li>"
        for n in text.notes
    )
    return (
        f'<section id="rv-{text.slug}"><h2>{escape(text.title)}</h2><p>{escape(doc.shown)} — layout '
        f"<b>{doc.layout}</b>; {escape(summary)}</p>{''.join(h for _, h in items)}"
        f'<h3>Notes ({len(text.notes)})</h3><ol class="notes">{notes}</ol></section>'
    )


def _block(text: AssembledText, block, first: int, changes: list, shown: str | None = None) -> str:
    kind = {
        Heading: "heading",
        BlockQuote: "quotation",
        Epigraph: "epigraph",
        ListBlock: "list",
        Letter: "letter",
        FigurePlaceholder: "figure",
        SectionBreak: "section break",
        Paragraph: "paragraph",
        Verse: "verse",
        Preformatted: "verbatim",
        Table: "table",
    }[type(block)]
    body = []
    for b in iter_blocks([block]):
        for seq in block_inlines(b):
            body.append(_inlines(text, seq))
    badges = "".join(
        f'<span class="chg {KINDS.get(c.kind, ("other", ""))[0]}">{KINDS.get(c.kind, ("", c.kind))[1]}: {escape(c.detail)}</span>'
        for c in changes
        if c.kind not in ("heading",)
    )
    groups = " ".join(
        {"f-" + KINDS.get(c.kind, ("other",))[0] for c in changes} | ({"f-structure"} if kind != "paragraph" else set())
    )
    label = f'<span class="kind">{kind}</span>' if kind != "paragraph" else ""
    return (
        f'<div class="block f {groups} k-{kind.replace(" ", "-")}"><span class="ln">{shown or first}</span>{label}'
        f"{' ¶ '.join(body)}<div>{badges}</div></div>"
    )


def _inlines(text: AssembledText, seq) -> str:
    out = []
    for node in seq:
        if isinstance(node, NoteRef):
            note = text.note_by_key.get(node.key)
            if note is not None:
                cls = "ref missing" if note.missing else "ref"
                out.append(
                    f'<a class="{cls}" href="#rv-{text.slug}-n{note.number}" title="source label {escape(node.label)}">{note.number}</a>'
                )
        else:
            out.append(escape(inline_text([node])))
    return "".join(out)
