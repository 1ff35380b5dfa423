"""Escaping text for XML and XHTML, as ``xml.sax.saxutils`` does it.

Kept here because importing ``xml.sax.saxutils`` imports ``urllib.request``
and ``http.client`` with it: a fiftieth of a second of every build.
"""

from __future__ import annotations


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` escaped, for element content."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(value: str) -> str:
    """An attribute value, escaped and quoted: in double quotes unless it holds
    a double quote and no single one (then in single quotes)."""
    value = escape(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' in value:
        if "'" in value:
            return '"' + value.replace('"', "&quot;") + '"'
        return f"'{value}'"
    return f'"{value}"'
