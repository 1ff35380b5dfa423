"""Score normalized documents against the hand-checked expectations in
``tests/corpus/*.yaml`` (the schema is in ``tests/corpus/README.md``).

Run ``scripts/dev corpus`` for the table, ``scripts/dev corpus --update`` to
regenerate the golden Markdown files and record the scores the tests hold to.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from readerbook.diagnostics import Diagnostics  # noqa: E402
from readerbook.export import to_markdown  # noqa: E402
from readerbook.model import (  # noqa: E402
    BlockQuote,
    Document,
    Emph,
    Epigraph,
    FigurePlaceholder,
    Heading,
    IndexMark,
    Letter,
    LineBreak,
    ListBlock,
    NoteRef,
    Paragraph,
    Preformatted,
    Str,
    Strong,
    Table,
    Verse,
    block_inlines,
    iter_blocks,
)

EXPECTATIONS = ROOT / "tests" / "corpus"
GOLDEN = ROOT / "tests" / "golden"
SCORES = EXPECTATIONS / "scores.json"
CORPUS = (ROOT.parent / "shared" / "corpus").resolve()

# The columns of the score table, and which check kinds each holds.
COLUMNS = {
    "headings": ("headings",),
    "refs": ("refs",),
    "notes": ("notes",),
    "pairs": ("pairs",),
    "removed": ("removed",),
    "paras": ("paragraphs",),
    "hyphens": ("hyphens",),
    "structure": ("lists", "quotes", "verse", "figures", "preformatted", "speakers"),
    "text": ("kept", "emphasis", "meta", "language", "encoding"),
}

# ----------------------------------------------------------------- folding

_QUOTES = dict.fromkeys(map(ord, "\"'‘’‚‛“”„‟«»‹›`´′″"), None)
_DASHES = re.compile(r"--+|[-‐‑‒–—―−]")
_OTHER = re.compile(r"[^\w\s-]+")


def fold(text: str) -> str:
    """The comparison form of the README: quotes dropped, dashes one hyphen,
    other punctuation a space, case and spacing folded."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    text = _DASHES.sub("-", text)
    text = _OTHER.sub(" ", text).replace("_", " ")
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def alnum(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def has_words(haystack: str, needle: str) -> bool:
    """``needle`` as whole words in ``haystack`` (both folded)."""
    n = fold(needle)
    if not n:
        return False
    return re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", haystack) is not None


# ----------------------------------------------------------------- document text


def text_of(inlines, refs: bool = False) -> str:
    out = []
    for node in inlines or ():
        if isinstance(node, Str):
            out.append(node.text)
        elif isinstance(node, (Emph, Strong, IndexMark)):
            out.append(text_of(node.children, refs))
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, NoteRef) and refs:
            out.append(node.label)
    return "".join(out)


def block_lines(block) -> list[str]:
    """A block as the lines a reader sees (verse lines, line breaks, table rows)."""
    if isinstance(block, Verse):
        return [text_of(line) for stanza in block.stanzas for line in stanza]
    if isinstance(block, Preformatted):
        return block.text.split("\n")
    if isinstance(block, Table):
        return ["  ".join(text_of(cell) for cell in row) for row in block.rows]
    if isinstance(block, Heading):
        return [((block.label or "") + " " + text_of(block.inlines)).strip()]
    if isinstance(block, Paragraph):
        speaker = text_of(block.speaker) + " " if block.speaker else ""
        return (speaker + text_of(block.inlines)).split("\n")
    if isinstance(block, FigurePlaceholder):
        return [text_of(block.caption)]
    if isinstance(block, (BlockQuote, Epigraph)):
        return [text_of(block.attribution)] if block.attribution else []
    return []


def all_lines(doc: Document) -> list[str]:
    """Every line of the body in reading order, then every note's."""
    out: list[str] = []
    for block in iter_blocks(doc.blocks):
        out.extend(block_lines(block))
    for note in doc.notes:
        for block in iter_blocks(note.blocks):
            out.extend(block_lines(block))
    return out


def body_lines(doc: Document) -> list[str]:
    return [line for block in iter_blocks(doc.blocks) for line in block_lines(block)]


def note_text(note) -> str:
    return " ".join(line for b in iter_blocks(note.blocks) for line in block_lines(b))


def count_paragraphs(blocks) -> int:
    n = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            n += 1
        elif isinstance(block, (BlockQuote, Epigraph, Letter)):
            n += count_paragraphs(block.blocks)
    return n


def all_refs(doc: Document):
    """(preceding text in the same sequence, ref) for every reference, body then notes."""
    seqs = [s for b in iter_blocks(doc.blocks) for s in block_inlines(b)]
    seqs += [s for n in doc.notes for b in iter_blocks(n.blocks) for s in block_inlines(b)]
    for seq in seqs:
        yield from _refs_in(seq, "")


def _refs_in(seq, before: str):
    for node in seq:
        if isinstance(node, NoteRef):
            yield before, node
            before += " "
        elif isinstance(node, Str):
            before += node.text
        elif isinstance(node, LineBreak):
            before += "\n"
        elif hasattr(node, "children"):
            yield from _refs_in(node.children, before)
            before += text_of(node.children)


def emphasised(doc: Document) -> list[str]:
    found: list[str] = []

    def walk(seq):
        for node in seq or ():
            if isinstance(node, (Emph, Strong)):
                found.append(text_of(node.children))
            if hasattr(node, "children"):
                walk(node.children)

    for b in iter_blocks(doc.blocks):
        for s in block_inlines(b):
            walk(s)
    for n in doc.notes:
        for b in iter_blocks(n.blocks):
            for s in block_inlines(b):
                walk(s)
    return found


# ----------------------------------------------------------------- checks


@dataclass
class Check:
    kind: str
    what: str
    ok: bool
    detail: str = ""


@dataclass
class Score:
    slug: str
    checks: list[Check] = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""

    @property
    def passed(self) -> int:
        return sum(c.ok for c in self.checks)

    @property
    def total(self) -> int:
        return len(self.checks)

    def column(self, name: str) -> tuple[int, int]:
        kinds = COLUMNS[name]
        chosen = [c for c in self.checks if c.kind in kinds]
        return sum(c.ok for c in chosen), len(chosen)


_ENCODINGS = {
    "utf-8": "utf-8",
    "ascii": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf-16": "utf-16",
    "utf-16-le": "utf-16",
    "utf-16-be": "utf-16",
    "latin-1": "latin-1",
    "iso-8859-1": "latin-1",
    "iso8859-1": "latin-1",
    "cp1252": "latin-1",
    "windows-1252": "latin-1",
}


def score_document(slug: str, doc: Document, exp: dict) -> Score:
    score = Score(slug)
    add = score.checks.append
    every = "\n".join(fold(line) for line in all_lines(doc))
    meta_text = "\n".join(fold(x) for x in (doc.meta.title, doc.meta.subtitle, doc.meta.author) if x)
    everything = every + "\n" + meta_text

    if "language" in exp:
        lang = getattr(doc, "language", "")
        add(Check("language", f"language {exp['language']}", lang == exp["language"], lang))
    if "encoding" in exp:
        got = _ENCODINGS.get(doc.encoding.lower(), doc.encoding.lower())
        want = _ENCODINGS.get(str(exp["encoding"]).lower(), str(exp["encoding"]).lower())
        add(Check("encoding", f"encoding {want}", got == want, doc.encoding))
    for key, want in (exp.get("meta") or {}).items():
        got = getattr(doc.meta, key, None) or ""
        add(Check("meta", f"{key}: {want}", alnum(got) == alnum(str(want)), got))

    _headings(score, doc, exp)
    _notes(score, doc, exp)

    for s in exp.get("removed") or []:
        add(Check("removed", s, fold(str(s)) not in everything))
    for s in exp.get("kept") or []:
        add(Check("kept", s, has_words(everything, str(s))))
    for s in exp.get("hyphens") or []:
        add(Check("hyphens", s, has_words(everything, str(s))))

    if "paragraphs" in exp:
        want = exp["paragraphs"]["count"]
        tol = exp["paragraphs"].get("tolerance", 0.1)
        got = count_paragraphs(doc.blocks)
        add(Check("paragraphs", f"{want} paragraphs ±{tol:.0%}", abs(got - want) <= tol * want, f"found {got}"))

    lists = [b for b in iter_blocks(doc.blocks) if isinstance(b, ListBlock)]
    for want in exp.get("lists") or []:
        ok = any(
            len(b.items) == want["items"]
            and b.items
            and alnum(" ".join(line for x in b.items[0] for line in block_lines(x))).startswith(alnum(want["first"]))
            for b in lists
        )
        add(Check("lists", f"list of {want['items']}: {want['first']}", ok))

    quotes = [b for b in iter_blocks(doc.blocks) if isinstance(b, (BlockQuote, Epigraph, Letter))]
    for want in exp.get("block_quotes") or []:
        ok = any(
            alnum(" ".join(line for x in iter_blocks(q.blocks) for line in block_lines(x))).startswith(alnum(want))
            for q in quotes
        )
        add(Check("quotes", want, ok))

    if exp.get("verse"):
        lines = [alnum(x) for x in body_lines(doc)]
        for group in exp["verse"]:
            wanted = [alnum(x) for x in group]
            ok = any(lines[i : i + len(wanted)] == wanted for i in range(len(lines)))
            add(Check("verse", " / ".join(group), ok))

    ems = [alnum(x) for x in emphasised(doc)]
    for s in exp.get("emphasis") or []:
        a = alnum(s)
        add(Check("emphasis", s, any(a == e or (len(a) >= 4 and a in e) for e in ems)))

    if "figures" in exp:
        got = sum(1 for b in iter_blocks(doc.blocks) if isinstance(b, FigurePlaceholder))
        add(Check("figures", f"{exp['figures']} figures", got == exp["figures"], f"found {got}"))

    pre = [b for b in iter_blocks(doc.blocks) if isinstance(b, (Preformatted, Table))]
    for s in exp.get("preformatted") or []:
        ok = any(alnum(" ".join(block_lines(b))).startswith(alnum(s)) for b in pre)
        add(Check("preformatted", s, ok))

    if exp.get("speakers"):
        sp = exp["speakers"]
        speeches = [b for b in iter_blocks(doc.blocks) if isinstance(b, Paragraph) and b.speaker]
        if "count" in sp:
            tol = sp.get("tolerance", 0.05)
            ok = abs(len(speeches) - sp["count"]) <= tol * sp["count"]
            add(Check("speakers", f"{sp['count']} speeches", ok, f"found {len(speeches)}"))
        for ex in sp.get("examples") or []:
            ok = any(
                alnum(text_of(b.speaker)) == alnum(ex["speaker"])
                and alnum(text_of(b.inlines)).startswith(alnum(ex["first"]))
                for b in speeches
            )
            add(Check("speakers", f"{ex['speaker']}: {ex['first']}", ok))
    return score


def _headings(score: Score, doc: Document, exp: dict) -> None:
    add = score.checks.append
    found = [b for b in doc.blocks if isinstance(b, Heading)]
    texts = [alnum((h.label or "") + " " + text_of(h.inlines)) for h in found]
    used: set[int] = set()
    pos = 0
    for want in exp.get("headings") or []:
        target = alnum(str(want["text"]))
        hit = next((k for k in range(pos, len(found)) if texts[k] == target and k not in used), None)
        if hit is None:  # out of order is still found, but later ones must follow it
            hit = next((k for k in range(len(found)) if texts[k] == target and k not in used), None)
        if hit is None:
            add(Check("headings", f"heading {want['text']!r}", False, "not found"))
            continue
        used.add(hit)
        pos = hit + 1
        level = found[hit].level - 1
        ok = "level" not in want or level == want["level"]
        add(Check("headings", f"heading {want['text']!r} (level {want.get('level')})", ok, f"level {level}"))
    if exp.get("headings_complete"):
        extra = [inline for k, h in enumerate(found) if k not in used for inline in [text_of(h.inlines)]]
        allowed = max(1, int(0.1 * len(exp.get("headings") or [])))
        add(Check("headings", "no headings beyond the list", len(extra) <= allowed, "; ".join(extra[:8])))
    for s in exp.get("not_headings") or []:
        a = alnum(s)
        add(Check("headings", f"not a heading: {s!r}", not any(a == t or (a and a in t) for t in texts)))


def _notes(score: Score, doc: Document, exp: dict) -> None:
    add = score.checks.append
    want = exp.get("notes")
    if want is None:
        return
    by_key = {n.key: n for n in doc.notes}
    refs = list(all_refs(doc))
    present = [n for n in doc.notes if not n.missing]
    missing = [n for n in doc.notes if n.missing]
    orphans = [n for n in present if n.orphan]
    if "refs" in want:
        add(Check("refs", f"{want['refs']} references", len(refs) == want["refs"], f"found {len(refs)}"))
    if "missing" in want:
        add(
            Check(
                "refs",
                f"{want['missing']} cited notes missing",
                len(missing) == want["missing"],
                f"found {len(missing)}",
            )
        )
    if "present" in want:
        add(Check("notes", f"{want['present']} notes", len(present) == want["present"], f"found {len(present)}"))
    if "orphans" in want:
        add(Check("notes", f"{want['orphans']} orphan notes", len(orphans) == want["orphans"], f"found {len(orphans)}"))
    for pair in want.get("pairs") or []:
        before, first = alnum(str(pair["before"])), alnum(str(pair["note"]))
        ok = False
        for text, ref in refs:
            if alnum(text).endswith(before) and ref.key in by_key:
                if alnum(note_text(by_key[ref.key])).startswith(first):
                    ok = True
                    break
        add(Check("pairs", f"{pair['before']!r} → {pair['note']!r}", ok))


# ----------------------------------------------------------------- running


def source_path(exp: dict) -> Path:
    src = exp["source"]
    if src.startswith("texts/"):
        return ROOT / src
    return CORPUS / src


def load_expectations(only: list[str] | None = None) -> dict[str, dict]:
    out = {}
    for path in sorted(EXPECTATIONS.glob("*.yaml")):
        if only and not any(o in path.stem for o in only):
            continue
        out[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return out


def normalize_expected(exp: dict) -> tuple[Document, Diagnostics]:
    """Normalize a corpus document the way a build would."""
    from readerbook.api import normalize_file

    options = dict(exp.get("options") or {})
    book = ROOT / "book.yaml" if exp.get("book") else None
    return normalize_file(source_path(exp), options=options, book=book)


def run(only: list[str] | None = None) -> list[Score]:
    scores = []
    for slug, exp in load_expectations(only).items():
        if not source_path(exp).exists():
            scores.append(Score(slug, error=f"source not found: {source_path(exp)}"))
            continue
        started = time.perf_counter()
        try:
            doc, _ = normalize_expected(exp)
        except Exception as exc:  # a crash scores zero on every check, and says why
            s = Score(slug, error=f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
            s.checks = [
                Check(c.kind, c.what, False, "not normalized") for c in score_document(slug, _empty(), exp).checks
            ]
            s.seconds = time.perf_counter() - started
            scores.append(s)
            continue
        s = score_document(slug, doc, exp)
        s.seconds = time.perf_counter() - started
        s.doc = doc  # type: ignore[attr-defined]
        scores.append(s)
    return scores


def _empty() -> Document:
    from readerbook.model import TextMeta

    return Document(source=Path("-"), shown="-", layout="", meta=TextMeta(), blocks=[], notes=[])


def table(scores: list[Score]) -> str:
    head = ["document", "score", *COLUMNS, "time"]
    rows = []
    for s in scores:
        if s.error:
            rows.append([s.slug, f"0/{s.total} ERROR", *[""] * len(COLUMNS), f"{s.seconds:.2f}s", s.error[:80]])
            continue
        cells = []
        for name in COLUMNS:
            p, t = s.column(name)
            cells.append(f"{p}/{t}" if t else "–")
        pct = 100 * s.passed / s.total if s.total else 100.0
        rows.append([s.slug, f"{s.passed}/{s.total} {pct:.0f}%", *cells, f"{s.seconds:.2f}s"])
    passed = sum(s.passed for s in scores)
    total = sum(s.total for s in scores)
    rows.append(["ALL", f"{passed}/{total} {100 * passed / max(total, 1):.1f}%", *[""] * len(COLUMNS), ""])
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(head, widths))]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append(
            "  ".join(str(c).ljust(w) for c, w in zip(r, widths)) + (f"  {r[-1]}" if len(r) > len(head) else "")
        )
    return "\n".join(lines)


def golden_path(slug: str) -> Path:
    return GOLDEN / f"{slug}.md"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("only", nargs="*", help="score only documents whose slug contains one of these")
    ap.add_argument("--update", action="store_true", help="rewrite tests/golden/*.md and tests/corpus/scores.json")
    ap.add_argument("--failures", action="store_true", help="list every failed check")
    args = ap.parse_args(argv)
    scores = run(args.only or None)
    print(table(scores))
    if args.failures:
        for s in scores:
            bad = [c for c in s.checks if not c.ok]
            if bad:
                print(f"\n{s.slug}:")
                for c in bad:
                    print(f"  ✗ [{c.kind}] {c.what}" + (f" — {c.detail}" if c.detail else ""))
    if args.update:
        GOLDEN.mkdir(exist_ok=True)
        recorded = json.loads(SCORES.read_text()) if SCORES.exists() else {}
        for s in scores:
            if s.error:
                continue
            golden_path(s.slug).write_text(to_markdown(s.doc), encoding="utf-8")  # type: ignore[attr-defined]
            recorded[s.slug] = {"passed": s.passed, "total": s.total}
        SCORES.write_text(json.dumps(dict(sorted(recorded.items())), indent=1) + "\n")
        print(f"\nupdated {len(scores)} golden files and {SCORES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
