"""Normalization: raw text in, a structured :class:`~readerbook.model.Document` out.

The passes run in the order of :data:`PASSES`; each is a small function over
the shared :class:`State` that records every change it makes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostics
from ..model import Document
from ..source import SourceText
from .etext import strip_contents_lists, strip_etext_furniture
from .excerpt import cut_excerpt
from .figures import set_figures
from .frontmatter import extract_front_matter
from .furniture import strip_page_furniture, strip_web_debris
from .journal import strip_journal_neighbours
from .language import set_language
from .lineblocks import mark_line_blocks, strip_margin_numbers
from .lines import apply_emendations, clean_whitespace, detect_layout
from .markup import convert_markup
from .notes import extract_notes
from .numbering import number_blocks
from .starpages import strip_star_paging
from .state import State, TextOptions
from .structure import build_notes, detect_structure
from .textpages import find_text_pages
from .typography import typography
from .unwrap import Lexicon, split_units


@dataclass(frozen=True)
class Pass:
    name: str
    run: Callable[[State], None]


def record_reading(state: State) -> None:
    """What the reader changed or left out while reading, recorded like any change."""
    source = state.source
    for line_no, detail, text in source.decoded:
        state.record("decoding", line_no, detail, text)
    for kind, text in source.omitted:
        state.record("omitted", (), f"{kind} left out by the {source.format} reader", text)


PASSES: tuple[Pass, ...] = (
    Pass("reading", record_reading),
    Pass("emendations", apply_emendations),
    Pass("whitespace", clean_whitespace),
    Pass("etext", strip_etext_furniture),
    Pass("language", set_language),
    Pass("line-numbers", strip_margin_numbers),
    Pass("layout", detect_layout),
    Pass("text-pages", find_text_pages),
    Pass("page-furniture", strip_page_furniture),
    Pass("journal-neighbours", strip_journal_neighbours),
    Pass("contents", strip_contents_lists),
    Pass("star-paging", strip_star_paging),
    Pass("web-debris", strip_web_debris),
    Pass("line-blocks", mark_line_blocks),
    Pass("unwrap", split_units),
    Pass("figures", set_figures),
    Pass("markup", convert_markup),
    Pass("front-matter", extract_front_matter),
    Pass("notes", extract_notes),
    Pass("excerpt", cut_excerpt),
    Pass("structure", detect_structure),
    Pass("note-linking", build_notes),
    Pass("typography", typography),
    Pass("numbering", number_blocks),
)


def normalize_source(
    source: SourceText,
    options: TextOptions | None = None,
    lexicon: Lexicon | None = None,
    diagnostics: Diagnostics | None = None,
    passes: tuple[Pass, ...] = PASSES,
) -> Document:
    """Run the passes over one decoded text."""
    options = options or TextOptions()
    if lexicon is None:
        lexicon = Lexicon()
        lexicon.add_text("\n".join(line.text for line in source.lines))
    state = State(
        path=source.path,
        shown=source.shown,
        options=options,
        lexicon=lexicon,
        diagnostics=diagnostics if diagnostics is not None else Diagnostics(),
        lines=list(source.lines),
        format=source.format,
        source_meta=dict(source.meta),
        source=source,
    )
    for p in passes:
        state.current_pass = p.name
        p.run(state)
    # Carried as the source states it, for the Sources and permissions page; never inferred.
    state.meta.rights = state.source_meta.get("rights")
    return Document(
        source=Path(source.path),
        shown=source.shown,
        layout=state.layout,
        meta=state.meta,
        blocks=state.blocks,
        notes=state.notes,
        changes=state.changes,
        encoding=source.encoding,
        source_lines=state.source_lines,
        language=state.language,
    )


__all__ = ["PASSES", "Pass", "Lexicon", "TextOptions", "normalize_source"]
