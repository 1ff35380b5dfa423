"""A document cut from a journal issue: the Federal Register prints each
document's end as "[FR Doc. … Filed …]" and its printer's "BILLING CODE
4910–13–P" line, and a PDF of one document carries the neighbours it shares
pages with (the section's notice box before it, the next document after).
They are another document's words: removed and recorded, named."""

from __future__ import annotations

import re

from .state import State

BILLING_CODE = re.compile(r"^\s*\**BILLING CODE \d{4}[-–‑]\d{2}[-–‑][A-Z]\**\s*$")
FILED = re.compile(r"\[FR Doc\.\s*[\dE–-]+\s+Filed\b")
# The box that opens each section of an issue ("This section of the FEDERAL
# REGISTER contains notices to the public of the proposed issuance of rules…").
SECTION_NOTE = re.compile(r"^\s*This section of the FEDERAL REGISTER\b")
# A Federal Register preamble: "RIN 2120–AA64", the subject, then "AGENCY: …".
RIN = re.compile(r"^\s*RIN\s+\d{4}[-–‑][A-Z]{2}\d{2}\s*$")
AGENCY = re.compile(r"^\s*\**AGENCY:\**\s*(?P<rest>.*)$")


def strip_journal_neighbours(state: State) -> None:
    lines = state.lines
    live = [i for i, line in enumerate(lines) if line.no not in state.removed and line.text.strip()]
    if not live:
        return
    codes = [i for i in live if BILLING_CODE.match(lines[i].text)]
    filed = [i for i in live if FILED.search(lines[i].text)]
    if codes and filed:
        end = codes[0]
        if any(i < end for i in filed):
            # The excerpted document closed with its filing line and billing
            # code; the billing code and whatever follows are the next document's.
            after = [i for i in live if i >= end]
            for i in after:
                state.record("removed", lines[i].no, "another document of the journal issue", lines[i].text.strip())
                lines[i] = lines[i].retext("")
            state.diagnostics.warning(
                "RB306",
                f"the text after the billing code is the next document of the journal issue: "
                f"{len(after)} lines removed",
                path=state.shown,
                line=lines[end].no,
            )
    start = next((k for k, i in enumerate(live) if SECTION_NOTE.match(lines[i].text)), None)
    if start is not None and start < len(live) // 10 + 1:
        # The section's notice box: one paragraph, to its first full stop at a line's end.
        for i in live[start:]:
            state.record("removed", lines[i].no, "the journal section's notice box", lines[i].text.strip())
            text = lines[i].text.rstrip()
            lines[i] = lines[i].retext("")
            if text.endswith("."):
                break
    _preamble_meta(state)


def _preamble_meta(state: State) -> None:
    """A Federal Register document names its subject after the RIN line and its
    agency after "AGENCY:": the title and author, where nothing else names them."""
    texts = [(line.text.strip(), line.no) for line in state.lines if line.text.strip()][:80]
    rin = next((k for k, (t, _) in enumerate(texts) if RIN.match(t)), None)
    if rin is None:
        return
    agency = next((k for k in range(rin + 1, len(texts)) if AGENCY.match(texts[k][0])), None)
    if agency is None or agency - rin > 6:
        return
    subject = " ".join(t for t, _ in texts[rin + 1 : agency]).strip()
    who = [AGENCY.match(texts[agency][0]).group("rest")]
    for t, _ in texts[agency + 1 : agency + 4]:
        if re.match(r"^\**[A-Z]+:", t):
            break
        who.append(t)
    name = re.split(r"\s*\(|,", " ".join(who))[0].strip()
    if subject:
        state.preamble_meta["title"] = subject
    if name:
        state.preamble_meta["author"] = name
