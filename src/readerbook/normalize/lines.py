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
        for _ in range(found):
            at = joined.index(em.find)
            first = joined.count("\n", 0, at)
            state.record(
                "emendation", state.lines[first].no, f"“{em.find}” emended to “{em.replace}” ({em.reason})", em.find
            )
            _replace_in_lines(state, at, em.find, em.replace)
            joined = "\n".join(line.text for line in state.lines)
    if errors:
        raise ReaderbookError(errors)
    state.source_lines = list(state.lines)


def _replace_in_lines(state: State, at: int, find: str, replace: str) -> None:
    """Replace ``find`` at offset ``at`` of the joined lines, line by line (the
    two have as many line breaks), keeping each line's styles in place."""
    offset = 0
    k = 0
    while offset + len(state.lines[k].text) < at:
        offset += len(state.lines[k].text) + 1
        k += 1
    start = at - offset
    for i, (old, new) in enumerate(zip(find.split("\n"), replace.split("\n"))):
        line = state.lines[k + i]
        begin = start if i == 0 else 0
        state.lines[k + i] = line.replace_range(begin, begin + len(old), new)


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
        if "\f" in line.text and "\f" not in text:
            text = "\f" + text  # a form feed is a page break: the furniture pass must see it
        if text != line.text:
            changed += 1
            line = line.retext(text) if len(text) <= len(line.text) and not line.styles else _clean_styled(line)
        cleaned.append(line)
    state.lines = cleaned
    if changed:
        state.record("whitespace", (), f"odd spaces or trailing blanks cleaned on {changed} lines")


def _clean_styled(line: Line) -> Line:
    """Clean a styled line character by character, so its styles stay in place."""
    out = line
    for i in range(len(line.text) - 1, -1, -1):
        ch = line.text[i]
        fixed = clean_line("x" + ch + "x")[1:-1] if ch not in " " else ch
        if fixed != ch:
            out = out.replace_range(i, i + 1, fixed)
    return out.retext(out.text.rstrip())


def detect_layout(state: State) -> None:
    """Decide how paragraphs are laid out in this text (never book-wide).

    - ``wrapped``: hard-wrapped lines of a similar width (PDF extraction, e-text);
    - ``blocks``: one paragraph per line, blank lines between;
    - ``lines``: one paragraph per line, no blank lines;
    - ``pdf``: the lines say where they stood on their pages (a PDF's text
      layer): furniture, paragraphs, headings and quotations are read from
      their positions and type.
    """
    from .structured import is_structured

    if is_structured(state):
        state.layout = "structured"
        state.record("layout", (), f"layout 'structured': the {state.format} source marks its own paragraphs")
        return
    placed = sum(1 for line in state.lines if line.layout is not None and line.text.strip())
    if state.options.layout == "auto" and placed and placed >= 0.5 * sum(1 for x in state.lines if x.text.strip()):
        state.layout = "pdf"
        pages = len({line.layout.page for line in state.lines if line.layout is not None})
        state.record("layout", (), f"layout 'pdf': {placed} lines placed on {pages} pages")
        _measure(state)
        return
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
