"""Plays: a speech opens with its speaker's name (``Algernon.  Did you
hear…``), a stage direction stands in brackets on its own.

A name is a speaker's when it opens at least :data:`MIN_SPEECHES` units the
same way, and the text has enough such speeches to be a play: that, not a
list of names, is what tells a speech from a sentence that begins with a
name and a stop ("Mr. Smith…", "No. 5…").
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Paragraph
from .inlines import inlines_of
from .state import State, Unit

SPEAKER = re.compile(r"^(?P<name>(?:[A-Z][\w’'\-]*\s){0,3}[A-Z][\w’'\-]+)\.(?:\s{2,}|\s+(?=[A-Z\[(“\"‘—]))")
DIRECTION = re.compile(r"^\[[^\[\]]+\]$")
MIN_SPEECHES = 3  # a name opening fewer units than this is no speaker
MIN_SHARE = 0.1  # speeches make up at least this share of a play's units
# Abbreviations and labels that end with a stop but name no speaker.
NOT_NAMES = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "no",
    "nos",
    "vol",
    "fig",
    "ch",
    "chap",
    "act",
    "scene",
    "p",
    "pp",
    "cf",
    "ibid",
    "id",
}


def speakers(state: State) -> set[str]:
    cached = state.__dict__.get("_speakers")
    if cached is not None:
        return cached
    counts: Counter[str] = Counter()
    for unit in state.units:
        m = SPEAKER.match(unit.text)
        if m and m.group("name").lower() not in NOT_NAMES:
            counts[m.group("name")] += 1
    names = {n for n, c in counts.items() if c >= MIN_SPEECHES}
    speeches = sum(counts[n] for n in names)
    if speeches < max(10, MIN_SHARE * len(state.units)):
        names = set()
    state.__dict__["_speakers"] = names
    return names


def speech(state: State, units: list[Unit], i: int, blocks: list) -> int:
    """A speech with its speaker, or a stage direction standing alone, in a play."""

    names = speakers(state)
    if not names or units[i].role:
        return 0
    unit = units[i]
    m = SPEAKER.match(unit.text)
    if m and m.group("name") in names:
        end = m.start("name") + len(m.group("name")) + 1  # the name and its stop
        blocks.append(
            Paragraph(inlines_of(unit, end), tuple(unit.lines), kind="speech", speaker=inlines_of(unit, 0, end))
        )
        return 1
    if DIRECTION.match(unit.text.strip()):
        blocks.append(Paragraph(inlines_of(unit), tuple(unit.lines), kind="direction"))
        return 1
    return 0
