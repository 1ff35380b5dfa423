"""Plain-text emphasis conventions: ``_italics_`` and ``=bold=`` (as Project
Gutenberg and many e-texts write them) become emphasis, and their marks go.

A convention is applied only where the text uses it in pairs; a lone
underscore or equals sign stays as it is.  Each conversion is recorded.
"""

from __future__ import annotations

import re

from ..ir import BOLD, ITALIC, Style
from .state import State

# An opening mark after a space or an opening bracket or quote, a closing one
# before a space or punctuation; the marked text neither begins nor ends with a space.
_ITALIC = re.compile(r"(?<![\w_])_(?=[^\s_])((?:[^_\n]|\n(?!\n))+?)(?<=[^\s_])_(?![_\d])")
_BOLD = re.compile(r"(?<![\w=])=(?=[^\s=])([^=\n]{1,200}?)(?<=[^\s=])=(?![\w=])")
MIN_PAIRS = 2  # a text must use a convention at least this often


def convert_markup(state: State) -> None:
    if state.format != "text":
        return  # a structured source marks emphasis itself; its underscores are underscores
    units = [u for u in state.units if u.role != "verbatim"]
    for pattern, kind, name in ((_ITALIC, ITALIC, "italics"), (_BOLD, BOLD, "bold")):
        found = sum(len(pattern.findall(u.text)) for u in units)
        if found < MIN_PAIRS:
            continue
        total = 0
        for unit in units:
            matches = list(pattern.finditer(unit.text))
            if not matches:
                continue
            styles = []
            cut: list[tuple[int, int]] = []
            removed = 0
            for m in matches:
                a, b = m.start(), m.end()
                styles.append(Style(a - removed, b - removed - 2, kind))
                cut.extend([(a, a + 1), (b - 1, b)])
                removed += 2
            unit.delete(cut)
            unit.styles.extend(styles)
            total += len(matches)
            state.record(
                "markup",
                unit.lines,
                f"{len(matches)} {name} marked with {'_' if kind == ITALIC else '='} set as emphasis",
            )
        if total:
            state.record("markup", (), f"{total} passages in {name} ({'_x_' if kind == ITALIC else '=x='}) in all")
