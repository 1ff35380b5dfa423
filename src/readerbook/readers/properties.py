"""A file's own document properties (a PDF's document information, a Word
document's core properties): which of their titles and authors name the work.

Programs fill these fields by themselves — the file's name, "Untitled",
"Microsoft Word - draft.docx", the account that typed it ("user", "Office
User", a login name) — and such values name nothing.
"""

from __future__ import annotations

import re

__all__ = ["meaningful_author", "meaningful_title"]

_TRIVIAL_TITLE = re.compile(
    r"(?i)(untitled.*|document\s*\d*|doc\d*|microsoft\s+\w+\s*-.*|slide\s*\d*|title|no title|none|null|unknown|"
    r"powerpoint presentation|.*\.(docx?|rtf|odt|pdf|tex|dvi|indd|qxd|pages|txt|html?|e?ps|wpd|pptx?|xlsx?)|[\W\d_]*)"
)
_TRIVIAL_AUTHOR = re.compile(
    r"(?i)(unknown|user|admin(istrator)?|owner|windows user|microsoft office user|office user|author|none|null|"
    r"default|guest|[\W\d_]*)"
)


def meaningful_title(title: str, *file_names: str) -> bool:
    """A title a person gave: not a program's placeholder, nor the name of the file (or its template)."""
    names = {n.lower() for n in file_names if n}
    return bool(title) and not _TRIVIAL_TITLE.fullmatch(title) and title.lower() not in names


def meaningful_author(author: str) -> bool:
    """An author's name, not a placeholder or a login name."""
    return bool(author) and not _TRIVIAL_AUTHOR.fullmatch(author) and not re.fullmatch(r"[a-z0-9_.\-@]+", author)
