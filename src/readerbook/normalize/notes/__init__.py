"""Footnotes: find note texts and note references, whatever the convention.

Conventions are a registry (:data:`CONVENTIONS`), most explicit first; each
says how well it fits the text (a score, from evidence), and every one that
fits takes the notes it recognises.  A new convention is a module and a line
here.  References are then found and keyed to their notes in one place
(:mod:`.references`), so every convention gets the same sequence evidence,
restarts, repeats and reports.
"""

from __future__ import annotations

from ...ir import SUPERSCRIPT
from ..pdflayout import NOTE_LABEL
from ..state import State
from . import after_paragraph, footnote_blocks, inline, linked, lists, page_foot, superscript
from .base import Convention, NoteContext, def_label
from .references import explained, find_references

CONVENTIONS: tuple[Convention, ...] = (
    linked.CONVENTION,
    footnote_blocks.CONVENTION,
    inline.CONVENTION,
    superscript.CONVENTION,
    page_foot.CONVENTION,
    lists.CONVENTION,
    after_paragraph.CONVENTION,
)
MIN_FIT = 0.5  # a convention below this score has too little evidence in the text


# Conventions whose evidence settles the matter: where the source links its
# notes, or a PDF raises its labels and sets the notes at the page feet,
# nothing else is guessed.
EXCLUSIVE = {"linked", superscript.CONVENTION.name}


def extract_notes(state: State) -> None:
    ctx = NoteContext(state, state.units)
    used = []
    for convention in CONVENTIONS:
        fit = convention.fit(ctx)
        if fit.score < MIN_FIT:
            continue
        taken = convention.extract(ctx)
        if not taken:
            continue
        ctx.markers.update(convention.markers)
        used.append(convention.name)
        state.record(
            "notes",
            (),
            f"footnote convention '{convention.name}' ({convention.description}): "
            f"{taken} notes; fit {fit.score:.2f} from {fit.evidence}",
        )
        if convention.name in EXCLUSIVE:
            break
    state.convention = ", ".join(used)
    state.note_defs = ctx.defs
    body = [u for k, u in enumerate(ctx.units) if k not in ctx.taken]
    state.units = body
    ctx.markers = _shapes_in_use(ctx, body)
    if "linked" in used:
        ctx.markers = set()  # the source links its references: no text marks are guessed besides them
    find_references(ctx, body)


def _shapes_in_use(ctx: NoteContext, body) -> set[str]:
    """The reference shapes the text really cites its notes with: bracketed
    numbers always, and of the others the conventions allow the one that
    explains most notes (so "(1) … (2) …" enumerations are no references
    where the notes are cited "necessity. 3")."""
    numeric = [d for d in ctx.defs if d.label.rstrip("*").isdigit()]
    if not numeric:
        shapes = {"bracket"}  # references whose notes the source lost are bracketed numbers
    else:
        shapes = set()
        scores = {}
        for shape in ("bracket", "paren", "glued", "spaced"):
            if shape == "bracket" or shape in ctx.markers:
                cited, extra = explained(ctx, body, shape)
                scores[shape] = (cited, -extra)
        best = max(scores, key=lambda k: scores[k])
        if scores[best][0] >= SHAPE_SHARE * len(numeric) or best == "bracket":
            shapes.add(best)
    if "symbol" in ctx.markers and any(not d.label.rstrip("*").isdigit() for d in ctx.defs if d.label):
        shapes.add("symbol")
    labels = {d.label for d in ctx.defs if d.label}
    if "superscript" in ctx.markers and labels:
        # A PDF raises its references: where raised labels cite the notes, digits
        # that are not raised ("Art. V(A)1", "§105.9") are no references.
        raised = {u.text[s.start : s.end].strip() for u in body for s in u.styles if s.kind == SUPERSCRIPT}
        cited = {t for t in raised if NOTE_LABEL.match(t)} & labels
        if len(cited) >= SHAPE_SHARE * len(labels):
            shapes.add("superscript")
            shapes -= {"glued", "spaced"}
    return shapes


SHAPE_SHARE = 0.4  # a shape must cite at least this share of the notes' labels, in sequence

__all__ = ["CONVENTIONS", "Convention", "def_label", "extract_notes"]
