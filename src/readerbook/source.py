"""Sources as the passes see them: the intermediate representation
(:mod:`readerbook.ir`) and the readers that produce it (:mod:`readerbook.readers`).
"""

from __future__ import annotations

from .ir import Layout, Line, SourceText, Style
from .readers import read_source, source_from_string
from .readers.text import clean_line, decode, split_lines

__all__ = [
    "Layout",
    "Line",
    "SourceText",
    "Style",
    "clean_line",
    "decode",
    "read_source",
    "source_from_string",
    "split_lines",
]
