"""Notes at the foot of the page, as PDF extractions leave them: the page
furniture pass moved each page's note block aside; here each block is split
into notes (one per label: ``1 The standard…``, ``12The court…``, ``* Ibid.``),
a note continued at the next page's foot is joined to its start, and the
references are the superscripts the extraction glued to words (``necessity.1``)."""

from __future__ import annotations

from ..joining import join_units
from ..state import Unit
from .base import Convention, Fit, NoteContext, after_label, def_label, note_def


def fit(ctx: NoteContext) -> Fit:
    blocks = ctx.state.foot_units
    labelled = sum(1 for b in blocks if def_label(b.text.lstrip(), spaced=True))
    return Fit(labelled / len(blocks) if blocks else 0.0, f"{len(blocks)} page-foot note blocks")


def extract(ctx: NoteContext) -> int:
    found = 0
    for foot in ctx.state.foot_units:
        block = _split(ctx, foot)
        if block and not block[0].label and ctx.defs:
            # The block opens with the rest of a note begun at the previous page's foot.
            for unit in block.pop(0).units:
                join_units(ctx.state, ctx.defs[-1].units[-1], unit, "page-join")
        for d in block:
            ctx.add(d)
            found += 1
    return found


def _split(ctx: NoteContext, foot: Unit):
    """Split a page-bottom block into notes, re-joining each note's lines."""
    lines: list[Unit] = []
    offsets = [o for o, _ in foot.spans] + [len(foot.text) + 1]
    for (o, _line), nxt in zip(foot.spans, offsets[1:]):
        piece = foot.sub(o, nxt - 1 if nxt <= len(foot.text) else len(foot.text))
        stripped = piece.text.strip()
        if stripped:
            lead = len(piece.text) - len(piece.text.lstrip())
            lines.append(piece.sub(lead, lead + len(stripped)))
    defs = []
    for line in lines:
        parsed = def_label(line.text, spaced=True)
        if parsed and parsed[1] in ("n", "g", "b", "s", "w"):
            label, _, rest = parsed
            cut = len(line.text) - len(rest)
            defs.append(note_def(label, [after_label(line, cut)], line.text[:cut], "page-foot"))
        elif defs:
            join_units(ctx.state, defs[-1].units[-1], line, "line")
        else:
            # Text above the first label: the tail of a note begun on the previous page.
            defs.append(note_def("", [line], "", "page-foot"))
    return defs


CONVENTION = Convention(
    "page-foot", ("glued", "bracket", "symbol", "superscript"), fit, extract, "notes at the foot of each page"
)
