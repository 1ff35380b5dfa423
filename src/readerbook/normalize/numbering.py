"""Paragraph and heading numbers: the text's own, so they are set with it.

Paragraphs (the blocks ``model.numbered_units`` names) are numbered 1…N
within their text, headings likewise; the numbers depend on nothing but
the text, so a text normalized once keeps them whatever book it is in, and
assembly never has to change the blocks it is given.
"""

from __future__ import annotations

from ..model import Heading, iter_blocks, numbered_units
from .state import State


def number_blocks(state: State) -> None:
    for n, block in enumerate(numbered_units(state.blocks), start=1):
        block.number = n
    for n, block in enumerate((b for b in iter_blocks(state.blocks) if isinstance(b, Heading)), start=1):
        block.number = n
