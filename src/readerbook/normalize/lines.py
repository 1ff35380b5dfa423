"""Line-level passes: emendations, whitespace, layout detection."""

from __future__ import annotations

import statistics

from ..diagnostics import Diagnostic, ReaderbookError, Severity
from ..source import Line, clean_line
from .state import State


def apply_emendations(state: State) -> None:
    """Apply the editor's find/replace fixes before anything else reads the text.

    Each must match exactly ``count`` times; otherwise the build stops naming
    the emendation's line in book.yaml, since a stale fix is an editing error.
    """
    if not state.options.emendations:
        state.source_lines = list(state.lines)
        return
    joined = "\n".join(line.text for line in state.lines)
    errors = []
    for em in state.options.emendations:
        found = joined.count(em.find)
        if found != em.count:
            what = "matches nothing" if found == 0 else f"matches {found} times, expected {em.count}"
            errors.append(
                Diagnostic(
                    "RB301",
                    Severity.ERROR,
                    f"emendation for {state.shown} {what}: find {em.find!r}",
                    state.options.manifest_path,
                    em.line,
                    hint="correct 'find' (it must match the raw text exactly) or set 'count'",
                )
            )
            continue
        start = 0
        for _ in range(found):
            at = joined.index(em.find, start)
            line_no = state.lines[0].no + joined.count("\n", 0, at)
            state.record("emendation", line_no, f"“{em.find}” emended to “{em.replace}” ({em.reason})", em.find)
            start = at + len(em.find)
        joined = joined.replace(em.find, em.replace)
    if errors:
        raise ReaderbookError(errors)
    numbers = [line.no for line in state.lines]
    state.lines = [Line(no, text) for no, text in zip(numbers, joined.split("\n"))]
    state.source_lines = list(state.lines)


def clean_whitespace(state: State) -> None:
    """Fold odd spaces, drop trailing blanks; leading spaces stay (they carry layout)."""
    changed = 0
    cleaned = []
    for line in state.lines:
        # A long run of spaces alone on a line is where pdftotext drew the
        # footnote rule: it is furniture, and the furniture pass must see it.
        if len(line.text) >= 20 and not line.text.strip(" "):
            cleaned.append(line)
            continue
        text = clean_line(line.text)
        if text != line.text:
            changed += 1
        cleaned.append(Line(line.no, text))
    state.lines = cleaned
    if changed:
        state.record("whitespace", (), f"odd spaces or trailing blanks cleaned on {changed} lines")


def detect_layout(state: State) -> None:
    """Decide how paragraphs are laid out in this text (never book-wide).

    - ``wrapped``: hard-wrapped lines of a similar width (PDF extraction, e-text);
    - ``blocks``: one paragraph per line, blank lines between;
    - ``lines``: one paragraph per line, no blank lines.
    """
    if state.options.layout != "auto":
        state.layout = state.options.layout
        state.record("layout", (), f"layout '{state.layout}' set in book.yaml")
        _measure(state)
        return
    texts = [line.text.strip() for line in state.lines]
    nonblank = [t for t in texts if t]
    if not nonblank:
        state.layout = "blocks"
        return
    lengths = sorted(len(t) for t in nonblank)
    median = statistics.median(lengths)
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    followed = sum(1 for a, b in zip(texts, texts[1:]) if a and b)
    run_share = followed / max(len(nonblank), 1)
    ending = sum(1 for t in nonblank if t.endswith((".", "?", "!", "”", '"', ":"))) / len(nonblank)
    # Wrapped text: lines sit below a fixed measure, run on into the next line,
    # and mostly stop mid-sentence.  Long lines that end sentences are paragraphs.
    if p90 <= 120 and run_share >= 0.4 and ending < 0.6:
        layout = "wrapped"
    elif run_share >= 0.5:
        layout = "lines"
    else:
        layout = "blocks"
    state.layout = layout
    state.record(
        "layout", (), f"detected layout '{layout}' (median line {median:.0f} chars, {run_share:.0%} of lines run on)"
    )
    _measure(state)


def _measure(state: State) -> None:
    lengths = sorted(len(line.text.rstrip()) for line in state.lines if line.text.strip())
    if lengths:
        state.body_width = lengths[int(0.9 * (len(lengths) - 1))]
