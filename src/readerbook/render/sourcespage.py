"""The Sources and permissions page (back matter, both outputs): for each
text, its source as stated, the address of the copy reproduced and the terms
it is reproduced under (see ``sources.py``), as a definition list under the
text's title.  In the EPUB it is a ``credits`` section (``doc-credits``)."""

from __future__ import annotations

from ..assemble import Book
from ..normalize.typography import typeset
from ..sources import NOT_STATED, SOURCES_ANCHOR, SOURCES_TITLE, TextSource
from ..xmlescape import escape
from .xhtml import attr, page_markers

INTRO = (
    "Where each text in this reader comes from, and the terms on which it is reproduced. "
    "The terms are given as the editor recorded them or as the text itself states them; "
    "where neither says, the entry reads 'not stated': the terms have not been established, "
    "and none should be inferred."
)
NOT_STATED_CLASS = ' class="not-stated"'


def sources_section(book: Book, mode: str) -> str:
    """The page's section; ``mode`` "epub" or "print" (running heads, no epub:type)."""
    lang = book.manifest.language
    markers = (lambda a: page_markers(book, a)) if mode == "epub" else (lambda a: "")
    entries = "".join(_entry(s, lang, markers) for s in book.sources)
    if mode == "epub":
        opening = f'<section class="sources" id="{SOURCES_ANCHOR}" epub:type="credits" role="doc-credits" '
        title = f'<h1 class="front-title">{escape(SOURCES_TITLE)}</h1>'
    else:
        opening = f'<section class="sources" id="{SOURCES_ANCHOR}" '
        title = (
            f'<h1 class="front-title" data-short={attr(SOURCES_TITLE)} '
            f"data-author={attr(book.manifest.title)}>{escape(SOURCES_TITLE)}</h1>"
        )
    return (
        f"{opening}aria-label={attr(SOURCES_TITLE)}>{markers(SOURCES_ANCHOR)}{title}"
        f'<p class="sources-intro">{escape(typeset(INTRO, lang))}</p>{entries}</section>'
    )


def _entry(s: TextSource, lang: str, markers) -> str:
    text = s.text
    e = text.entry
    sid = text.source_id
    author = escape(e.author) if e.author else escape(typeset("Author not named in the source", lang))
    url = f"<a href={attr(s.source_url)}>{escape(s.source_url)}</a>" if s.source_url else escape(NOT_STATED)
    facts = [
        ("Source", escape(e.source) if e.source else escape(NOT_STATED), not e.source),
        ("Copy reproduced from", url, not s.source_url),
        ("Terms of reproduction", escape(s.terms), not s.has_terms),
    ]
    rows = "".join(
        f"<dt>{escape(label)}</dt><dd{NOT_STATED_CLASS if missing else ''}>{value}</dd>"
        for label, value, missing in facts
    )
    return (
        f'<section class="source-entry" id={attr(sid)} aria-labelledby={attr(sid + "-title")}>'
        f"{markers(sid)}<h2 id={attr(sid + '-title')}><cite>{escape(text.title)}</cite></h2>"
        f'<p class="source-author">{author}</p><dl class="source-facts">{rows}</dl></section>'
    )
