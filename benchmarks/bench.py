"""readerbook benchmark: prints its figures (tests never assert times).

    .venv/bin/python benchmarks/bench.py [--quick]

Measures, on this machine, with the shipped book:
- EPUB-only build, and its ratio to Pandoc's EPUB of the same raw texts
  (`pandoc -f markdown texts/*.txt -o x.epub`), when pandoc is installed;
- PDF build, and its ratio to WeasyPrint alone on the very HTML readerbook
  lays out (build/print.html with its stylesheets);
- a no-op rebuild, and a rebuild after editing one text;
- peak memory of a full build;
- the same for a book ten times larger (every text repeated ten times).
Each build runs in a fresh process, as an editor runs it.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def run(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one command in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def copy_project(dest: Path, repeat: int = 1) -> Path:
    shutil.copytree(ROOT / "styles", dest / "styles")
    (dest / "texts").mkdir(parents=True)
    shutil.copy(ROOT / "texts" / "preface.md", dest / "texts" / "preface.md")
    shutil.copy(ROOT / "index.yaml", dest / "index.yaml")
    book = (ROOT / "book.yaml").read_text(encoding="utf-8")
    for src in sorted((ROOT / "texts").glob("*.txt")):
        (dest / "texts" / src.name).write_bytes(src.read_bytes() * repeat if repeat == 1 else _repeat(src, repeat))
    (dest / "book.yaml").write_text(book, encoding="utf-8")
    return dest / "book.yaml"


def _repeat(src: Path, n: int) -> bytes:
    # Repeat the body, keeping one set of opening lines, so the text still reads as one text.
    data = src.read_bytes()
    return data + b"\n\n" + b"\n\n".join([data] * (n - 1))


def rb(*args: str) -> list[str]:
    return [PY, "-m", "readerbook", *args]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="skip the ten-times book")
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        book = copy_project(tmp / "book")
        proj = book.parent

        t_epub, _ = run(rb("build", str(book), "--format", "epub"), proj)
        rows.append(("EPUB-only build", f"{t_epub:.2f} s"))
        if shutil.which("pandoc"):
            texts = sorted(str(p) for p in (proj / "texts").glob("*.txt"))
            t_pandoc, _ = run(["pandoc", "-f", "markdown", *texts, "-o", str(tmp / "pandoc.epub")], proj)
            rows.append(("Pandoc EPUB of the raw texts", f"{t_pandoc:.2f} s"))
            rows.append(("EPUB ratio to Pandoc", f"{t_epub / t_pandoc:.2f}×"))
        else:
            rows.append(("Pandoc EPUB of the raw texts", "pandoc not installed (apt-get install pandoc)"))

        t_pdf, _ = run(rb("build", str(book), "--format", "pdf"), proj)
        rows.append(("PDF build (readerbook build --format pdf)", f"{t_pdf:.2f} s"))
        t_wp, _ = run(
            [
                PY,
                "-m",
                "weasyprint",
                "-s",
                str(proj / "build" / "book-settings.css"),
                str(proj / "build" / "print.html"),
                str(tmp / "alone.pdf"),
            ],
            proj,
        )
        rows.append(("WeasyPrint alone on build/print.html", f"{t_wp:.2f} s"))
        rows.append(("PDF ratio to WeasyPrint alone", f"{t_pdf / t_wp:.2f}×"))

        t_full, peak = run(rb("build", str(book)), proj)
        rows.append(("Full build (EPUB + PDF)", f"{t_full:.2f} s"))
        rows.append(("Peak memory, full build", f"{peak:.0f} MB"))
        t_noop, _ = run(rb("build", str(book)), proj)
        rows.append(("No-op rebuild (nothing changed)", f"{t_noop:.2f} s"))
        text = proj / "texts" / "origins-of-trotskyism.txt"
        text.write_text(
            text.read_text(encoding="utf-8").replace("greatest event", "greatest single event", 1), encoding="utf-8"
        )
        t_edit, _ = run(rb("build", str(book)), proj)
        rows.append(("Rebuild after editing one text", f"{t_edit:.2f} s"))

        if not args.quick:
            big = copy_project(tmp / "big", repeat=10)
            # A repeated text repeats its notes and labels: not a real book, but the same work, ten times.
            big.write_text(re.sub(r"\n    emendations:.*?(?=\n  - file:|\Z)", "", big.read_text(), flags=re.S))
            t_big, peak_big = run(rb("build", str(big)), big.parent)
            rows.append(("Ten-times book, full build", f"{t_big:.1f} s ({t_big / t_full:.1f}× the shipped book)"))
            rows.append(("Ten-times book, peak memory", f"{peak_big:.0f} MB"))

    width = max(len(k) for k, _ in rows)
    print("readerbook benchmark (" + time.strftime("%Y-%m-%d") + ")")
    for k, v in rows:
        print(f"  {k:<{width}}  {v}")


if __name__ == "__main__":
    main()
