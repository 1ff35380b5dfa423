"""The index, rendered: linked ¶ locators in the EPUB (EPUB Indexes markup),
merged page ranges in the PDF."""

from __future__ import annotations

from .. import ids
from ..assemble import Book
from ..index import IndexGroup, IndexLine, Locator, paragraph_ranges
from ..normalize.typography import typeset
from ..xmlescape import escape
from .xhtml import attr, page_markers

HEADNOTE = (
    "Locators give the text’s short title and paragraph number (¶), or “n.” and the number of a note. "
    "Entries with many locators are divided by text."
)
PRINT_HEADNOTE = "Page numbers followed by n refer to notes. Entries with many locators are divided by text."


def _entry_id(line_id: str) -> str:
    return ids.index_entry(line_id)


def _term(term: str, lang: str) -> str:
    """An index term as printed: the editor's words from the index file, typeset like the texts."""
    return escape(typeset(term, lang))


def _printed_ids(groups: list[IndexGroup], term_ids: dict[str, str]) -> dict[str, str]:
    """The anchor of every term that has an entry of its own in the index: a
    term the texts never use gets none, so a cross-reference to it is no link."""
    printed = {line.id for group in groups for line in group.lines}
    return {t: _entry_id(i) for t, i in term_ids.items() if i in printed}


def _xrefs(line: IndexLine, entry_ids: dict[str, str], href, lang: str = "en") -> str:
    out = ""
    if line.see:
        target = (
            f'<a epub:type="index-xref-preferred" href={attr(href(entry_ids[line.see]))}>{_term(line.see, lang)}</a>'
            if line.see in entry_ids
            else _term(line.see, lang)
        )
        out += f' <span class="ix-see"><em>see</em> {target}</span>'
    if line.see_also:
        links = "; ".join(
            f'<a epub:type="index-xref-related" href={attr(href(entry_ids[t]))}>{_term(t, lang)}</a>'
            for t in line.see_also
            if t in entry_ids
        )
        if links:
            out += f' <span class="ix-see"><em>see also</em> {links}</span>'
    return out


# ------------------------------------------------------------------ EPUB


def epub_index(book: Book, groups: list[IndexGroup], term_ids: dict[str, str], shared: str = "", locate=None) -> str:
    """The index as one EPUB (or web) document.  ``locate``: the href of an
    anchor in the texts (default: the EPUB file that holds it)."""
    entry_ids = _printed_ids(groups, term_ids)
    locate = locate or (lambda anchor: f"{book.where(anchor).rsplit('/', 1)[-1]}#{anchor}")

    def href(anchor: str) -> str:
        return f"#{anchor}"

    def locators(locs: list[Locator]) -> str:
        parts, current = [], None
        for first, last in paragraph_ranges(locs):
            label = _epub_label(first, last)
            link = f'<a epub:type="index-locator" href={attr(locate(first.mark_id))}>{label}</a>'
            if first.text is not current:
                current = first.text
                parts.append(
                    f'{"; " if parts else ""}<span class="ix-text">{escape(first.text.entry.short_title)}</span> {link}'
                )
            else:
                parts.append(f", {link}")
        return "".join(parts)

    def line_html(line: IndexLine) -> str:
        locs = locators(line.locators)
        sub = ""
        if line.sub:
            sub = '<ul epub:type="index-entry-list">' + "".join(line_html(s) for s in line.sub) + "</ul>"
        return (
            f'<li epub:type="index-entry" id={attr(_entry_id(line.id))}>{page_markers(book, _entry_id(line.id))}'
            f'<span epub:type="index-term">{_term(line.term, book.manifest.language)}</span>'
            f"{', ' + locs if locs else ''}{_xrefs(line, entry_ids, href, book.manifest.language)}{sub}</li>"
        )

    body = [
        f'<section epub:type="index" role="doc-index" id="index" aria-label="Index">{page_markers(book, "index")}'
        '<h1 class="front-title">Index</h1>',
        f'<div epub:type="index-headnotes"><p>{escape(HEADNOTE)}</p></div>',
    ]
    for g in groups:
        body.append(
            f'<section epub:type="index-group" id={attr(ids.index_group(g.letter))}><h2>{escape(g.letter)}</h2>'
            f'<ul epub:type="index-entry-list">{"".join(line_html(x) for x in g.lines)}</ul></section>'
        )
    body.append(shared)
    body.append("</section>")
    return "".join(body)


def _epub_label(first: Locator, last: Locator) -> str:
    if first.note is not None:
        return f"n.\u00a0{first.note}"
    if first.paragraph is None:
        return "opening"
    if last.paragraph != first.paragraph:
        return f"¶\u00a0{first.paragraph}–{last.paragraph}"
    return f"¶\u00a0{first.paragraph}"


# ------------------------------------------------------------------ print


def page_ranges(locs: list[Locator], pages: dict[str, int]) -> list[tuple[int, int, bool, str]]:
    """(first page, last page, in a note, mark id to link) runs of consecutive pages."""
    seen: dict[tuple[int, bool], str] = {}
    for loc in locs:
        page = pages.get(loc.mark_id)
        if page is not None:
            seen.setdefault((page, loc.note is not None), loc.mark_id)
    runs: list[list] = []
    for (page, note), mark in sorted(seen.items()):
        if runs and not note and not runs[-1][2] and page == runs[-1][1] + 1:
            runs[-1][1] = page
        elif runs and note and runs[-1][2] and page == runs[-1][1]:
            continue
        else:
            runs.append([page, page, note, mark])
    return [tuple(r) for r in runs]


def print_index(
    book: Book, groups: list[IndexGroup], term_ids: dict[str, str], pages: dict[str, int], shared: str = ""
) -> str:
    """The index body for print, its page numbers read from the laid-out book."""
    entry_ids = _printed_ids(groups, term_ids)

    def href(anchor: str) -> str:
        return f"#{anchor}"

    def locators(locs: list[Locator]) -> str:
        out = []
        for first, last, note, mark in page_ranges(locs, pages):
            label = f"{first}–{last}" if last != first else f"{first}"
            label += "n" if note else ""
            out.append(f'<a href="#{mark}">{label}</a>')
        return ", ".join(out)

    def line_html(line: IndexLine, level: int) -> str:
        locs = locators(line.locators)
        out = (
            f'<p class="ix-l{level}" id={attr(_entry_id(line.id))}>{_term(line.term, book.manifest.language)}'
            f"{', ' + locs if locs else ''}{_xrefs(line, entry_ids, href, book.manifest.language)}</p>"
        )
        return out + "".join(line_html(s, level + 1) for s in line.sub)

    body = [f'<p class="ix-headnote">{escape(PRINT_HEADNOTE)}</p><div class="ix-columns">']
    for g in groups:
        body.append(f'<h2 class="ix-letter">{escape(g.letter)}</h2>' + "".join(line_html(x, 1) for x in g.lines))
    body.append("</div>")
    body.append(shared)
    return "".join(body)


def shared_section(book: Book, mode: str, href, pages: dict[str, int] | None = None) -> str:
    """'Passages quoted in more than one text', with every occurrence linked
    (in print, with its page: literal when ``pages`` is known, else a target-counter)."""
    if not book.shared:
        return ""
    items = []
    for p in book.shared:
        links = []
        for o in p.occurrences:
            label = f"{escape(o.text.entry.short_title)} ¶\u00a0{o.paragraph}"
            if mode == "epub":
                links.append(f"<a href={attr(href(o.anchor))}>{label}</a>")
            elif pages is not None:
                links.append(f'<a href="#{o.anchor}">{label}, p.\u00a0{pages.get(o.anchor, "?")}</a>')
            else:
                links.append(f'<a class="pageref" href="#{o.anchor}">{label}, p.\u00a0</a>')
        items.append(
            f"<li id={attr(p.id)}>{page_markers(book, p.id) if mode == 'epub' else ''}"
            f'<p><span class="shared-opening">“{escape(p.opening)}”</span> '
            f"({p.words} words) — {' · '.join(links)}</p></li>"
        )
    return (
        f'<section class="shared-quotations" id="{ids.SHARED_QUOTATIONS}"><h2>Passages quoted in more than one text</h2>'
        '<p class="ix-headnote">The same passage, ten or more of its words, quoted in two or more of the texts, '
        "though one copy may leave words out or differ in a word. "
        "Each is also marked where it stands (“Also quoted in”).</p>"
        f"<ol>{''.join(items)}</ol></section>"
    )
