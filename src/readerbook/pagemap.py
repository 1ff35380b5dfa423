"""Print page correspondence: where each PDF page begins, in EPUB terms.

After the PDF is laid out, the first anchor on each page (the topmost element
with an id that the EPUB also has) names the words that begin that page.  The
EPUB gets a page-break marker before that element and a page-list entry for
every page.  The map is kept in build/pagemap.json with a hash of the print
HTML, so an EPUB-only build can reuse it while the content is unchanged.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

FRONT = "title-page"  # half-title, title page and contents all begin the EPUB's title page
FRONT_ALIASES = {"half-title": FRONT, "contents": FRONT}


@dataclass
class PageMap:
    source_hash: str
    firsts: list[str]  # for page n (1-based), firsts[n - 1] is the anchor that begins it
    breaks: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self):
        breaks: dict[str, list[int]] = {}
        for n, anchor in enumerate(self.firsts, start=1):
            breaks.setdefault(anchor, []).append(n)
        self.breaks = breaks

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"source_hash": self.source_hash, "firsts": self.firsts}), encoding="utf-8")

    @classmethod
    def load(cls, path: Path, source_hash: str) -> PageMap | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("source_hash") != source_hash:
            return None
        return cls(source_hash, list(data["firsts"]))


def content_hash(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
    return h.hexdigest()


def first_anchors(page_anchors: list[dict[str, tuple]], eligible) -> list[str]:
    """For each laid-out page (its anchors and their positions), its topmost
    anchor that ``eligible(name)`` accepts.

    A page that only continues a box begun earlier keeps the previous page's
    anchor; a blank page takes the next page's, so its marker stands with it."""
    firsts: list[str | None] = []
    seen: set[str] = set()
    previous = FRONT
    for anchors in page_anchors:
        # A box split across pages reports its anchor on every page it reaches:
        # only where it starts does it mark words that begin a page.
        fresh = {name: pos for name, pos in anchors.items() if name not in seen}
        seen.update(anchors)
        names = [(pos[1], pos[0], name) for name, pos in fresh.items() if eligible(name)]
        if names:
            previous = min(names)[2]
            firsts.append(previous)
        elif anchors:
            firsts.append(previous)  # a page that only continues what began before
        else:
            firsts.append(None)  # a blank page: it goes with the page after it
    following = None
    for i in range(len(firsts) - 1, -1, -1):
        if firsts[i] is None:
            firsts[i] = following
        else:
            following = firsts[i]
    last = next((a for a in firsts if a), FRONT)
    return [FRONT_ALIASES.get(a, a) if a else last for a in firsts]
