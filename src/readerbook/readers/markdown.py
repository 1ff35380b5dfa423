"""Markdown texts (placeholder: read as text, structured by markdown_in)."""

from __future__ import annotations

from dataclasses import replace

from .text import read_text


def read_markdown(path, shown, data, diagnostics, options=None):
    return replace(read_text(path, shown, data, diagnostics, options), format="markdown")
