"""Notes at the foot of a PDF's pages, labelled by superscripts.

The page furniture pass moved each page's (or column's) note block aside
(``state.foot_units``: the lines under a footnote rule, or the small lines at
a column's foot that open with a label).  A PDF says which characters are
raised: a note starts at a line that opens with a superscript label (``¹``,
``∗``, ``†``), so a line that merely begins with a number (``324 (1985)…``,
the rest of a citation) is no new note.  A block that opens without a label
continues the note the previous block ended with (a note run on to the next
page's or column's foot).  The references are the superscript labels of the
text (see :mod:`.references`).

Where this convention fits, it takes every page-foot block: the plain
page-foot convention, which reads labels from the text alone, finds none left.
"""

from __future__ import annotations

from ..joining import join_units
from ..pdflayout import superscript_label_at
from ..state import Unit
from .base import Convention, Fit, NoteContext, after_label, note_def


def _lines(foot: Unit) -> list[Unit]:
    """The block's lines as units, stripped."""
    out: list[Unit] = []
    offsets = [o for o, _ in foot.spans] + [len(foot.text) + 1]
    for o, nxt in zip(offsets, offsets[1:]):
        piece = foot.sub(o, min(nxt - 1, len(foot.text)))
        stripped = piece.text.strip()
        if stripped:
            lead = len(piece.text) - len(piece.text.lstrip())
            out.append(piece.sub(lead, lead + len(stripped)))
    return out


def _label(line: Unit) -> tuple[int, int] | None:
    return superscript_label_at(line.text, line.styles)


def fit(ctx: NoteContext) -> Fit:
    blocks = ctx.state.foot_units
    if ctx.state.layout != "pdf" or not blocks:
        return Fit(0.0, "no page-foot note blocks in a PDF")
    labelled = sum(1 for b in blocks if any(_label(line) for line in _lines(b)))
    return Fit(labelled / len(blocks), f"{len(blocks)} page-foot note blocks, {labelled} with superscript labels")


def extract(ctx: NoteContext) -> int:
    found = 0
    for foot in ctx.state.foot_units:
        current = None
        for line in _lines(foot):
            at = _label(line)
            if at is not None:
                start, end = at
                label = line.text[start:end].strip()
                rest = end
                while rest < len(line.text) and line.text[rest] == " ":
                    rest += 1
                current = note_def(label, [after_label(line, rest)], line.text[:rest], "page-foot-superscript")
                ctx.add(current)
                found += 1
            elif current is not None:
                join_units(ctx.state, current.units[-1], line, "line")
            elif ctx.defs:
                # The block opens with the rest of a note begun at the previous foot.
                join_units(ctx.state, ctx.defs[-1].units[-1], line, "page-join")
            else:
                current = note_def("", [line], "", "page-foot-superscript")
                ctx.add(current)
    if found:
        ctx.state.record("notes", (), f"{len(ctx.state.foot_units)} page-foot note blocks split at superscript labels")
        ctx.state.foot_units = []  # taken: no other convention reads them again
    return found


CONVENTION = Convention(
    "page-foot-superscript",
    ("superscript", "symbol", "bracket"),
    fit,
    extract,
    "notes at the foot of each PDF page, labelled by superscripts",
)
