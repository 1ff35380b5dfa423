"""Notes set right under the paragraph that cites them: ``[1] …`` (numbered,
often restarting per chapter), ``* …`` / ``† …`` (symbols), ``[A] …``
(letters); a note may run on into a second paragraph set like it."""

from __future__ import annotations

from .base import Convention, Fit, NoteContext, after_label, def_label, note_def

LOOK_BACK = 3  # the citing paragraph stands at most this many paragraphs above


def _marker(label: str, kind: str) -> str:
    return {"b": f"[{label}]", "p": f"({label})", "s": label}[kind]


def _candidates(ctx: NoteContext):
    units = ctx.units
    for k in ctx.free():
        parsed = def_label(units[k].text)
        if not parsed or parsed[1] not in ("b", "s"):
            continue  # ("(1) …" under a paragraph is an enumeration the paragraph introduces)
        label, kind, rest = parsed
        marker = _marker(label, kind)
        before = [units[x] for x in range(max(0, k - LOOK_BACK), k) if x not in ctx.taken]
        if any(marker in _body_text(u.text) for u in before):
            yield k, label, rest


def _body_text(text: str) -> str:
    parsed = def_label(text)
    return parsed[2] if parsed else text


def fit(ctx: NoteContext) -> Fit:
    n = len(list(_candidates(ctx)))
    return Fit(min(1.0, n / 2), f"{n} labelled notes right under a paragraph that cites them")


def extract(ctx: NoteContext) -> int:
    units = ctx.units
    found = 0
    for k, label, rest in list(_candidates(ctx)):
        if k in ctx.taken:
            continue
        unit = units[k]
        cut = len(unit.text) - len(rest)
        d = note_def(label, [after_label(unit, cut)], unit.text[:cut], "after-paragraph")
        ctx.taken.add(k)
        # An indented note may run on into a second paragraph indented like it.
        j = k + 1
        while (
            j < len(units)
            and j not in ctx.taken
            and unit.indent > ctx.state.base_indent
            and units[j].indent == unit.indent
            and units[j].gap_before <= 1
            and not def_label(units[j].text)
        ):
            d.units.append(units[j])
            ctx.taken.add(j)
            j += 1
        ctx.add(d)
        found += 1
        ctx.state.record("note", tuple(n for u in d.units for n in u.lines), f"note {label} set under its paragraph")
    return found


CONVENTION = Convention(
    "after-paragraph", ("bracket", "paren", "symbol"), fit, extract, "notes set right under the citing paragraph"
)
