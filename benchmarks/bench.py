"""readerbook benchmark: prints its figures (tests never assert times).

    .venv/bin/python benchmarks/bench.py [--quick] [--runs N]

Measures, on this machine, with the shipped book (each build in a fresh
process, as an editor runs it; "cold" means an empty build/ folder):
- EPUB-only build, cold, and its ratio to Pandoc's EPUB of the same raw texts
  (`pandoc -f markdown texts/*.txt -o x.epub`), when pandoc is installed;
- PDF build, cold, and its ratio to WeasyPrint alone on the same book as one
  HTML document (`weasyprint --pdf-tags build/print.html`: tagged, as
  readerbook's PDF is);
- a full build, a no-op rebuild, and a rebuild after editing one text;
- readerbook serve: save → the new preview of that text shown in the browser
  (Chromium, driven by Playwright; without it, save → the preview built, as
  the server reports it), each save made while the background EPUB and PDF
  build of the save before is under way, as an editor's saves come;
- peak memory: of the main process and of the largest worker;
- the same for a book ten times larger: every text ten times over, as fifty
  texts (shared_quotations off, or every copy would be "quoted" in nine others).
Times are the best of --runs runs (default 3), the runs of readerbook and of
the program it is compared with taken in turn, so that both see the same
machine; memory is the largest seen.  readerbook's bytecode is compiled
first, as ``pip install`` compiles an installed package's: where
PYTHONDONTWRITEBYTECODE is set (as on the machine these figures come from),
every run would otherwise compile each module edited since the last
compilation again.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


class Run:
    def __init__(self, seconds: float, main_mb: float = 0.0, worker_mb: float = 0.0, total_mb: float = 0.0):
        self.seconds, self.main_mb, self.worker_mb, self.total_mb = seconds, main_mb, worker_mb, total_mb


def _peaks(root: int, peaks: dict[int, int]) -> int:
    """Record the peak resident size (VmHWM) of ``root`` and its descendants;
    return their resident size (VmRSS) together, now."""
    stack, now = [root], 0
    while stack:
        pid = stack.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        m = re.search(r"VmHWM:\s+(\d+)", status)
        if m:
            peaks[pid] = max(peaks.get(pid, 0), int(m.group(1)))
        m = re.search(r"VmRSS:\s+(\d+)", status)
        now += int(m.group(1)) if m else 0
        stack.extend(int(c) for c in children)
    return now


def run(cmd: list[str], cwd: Path) -> Run:
    """Wall time of one command, to its exit (waited for, not polled: polling
    every 50 ms would round each time up by as much), and the peak memory of
    its main process and of its largest child (a worker), sampled from /proc
    every 50 ms by a thread meanwhile."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, int] = {}
    together = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            together[0] = max(together[0], _peaks(proc.pid, peaks))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err[-2000:]}")
    main_kb = peaks.pop(proc.pid, 0)
    return Run(elapsed, main_kb / 1024, max(peaks.values(), default=0) / 1024, together[0] / 1024)


def rb(*args: str) -> list[str]:
    """readerbook as an editor runs it: the ``readerbook`` command the install
    made beside this Python (``python -m readerbook`` where there is none)."""
    command = Path(PY).with_name("readerbook")
    return [str(command), *args] if command.is_file() else [PY, "-m", "readerbook", *args]


def clean(proj: Path) -> None:
    for name in ("build", "dist"):
        shutil.rmtree(proj / name, ignore_errors=True)


def best(runs: list[Run]) -> Run:
    fastest = min(runs, key=lambda r: r.seconds)
    return Run(
        fastest.seconds,
        max(r.main_mb for r in runs),
        max(r.worker_mb for r in runs),
        max(r.total_mb for r in runs),
    )


def _memory(r: Run) -> str:
    return f"{r.total_mb:.0f} MB all processes together; main {r.main_mb:.0f} MB, largest worker {r.worker_mb:.0f} MB"


def copy_project(dest: Path, copies: int = 1) -> Path:
    """The shipped project; with ``copies`` > 1, every text that many times over
    (as separate texts of the book, each with its own settings)."""
    shutil.copytree(ROOT / "styles", dest / "styles")
    (dest / "texts").mkdir(parents=True)
    shutil.copy(ROOT / "texts" / "preface.md", dest / "texts" / "preface.md")
    shutil.copy(ROOT / "index.yaml", dest / "index.yaml")
    book = (ROOT / "book.yaml").read_text(encoding="utf-8")
    if copies == 1:
        for src in sorted((ROOT / "texts").glob("*.txt")):
            shutil.copy(src, dest / "texts" / src.name)
        (dest / "book.yaml").write_text(book, encoding="utf-8")
        return dest / "book.yaml"
    head, _, entries = book.partition("\ntexts:\n")
    blocks = re.split(r"(?m)^(?=  - file: )", entries)
    out = [head, "\nshared_quotations: false\ntexts:\n", blocks[0]]
    for k in range(1, copies + 1):
        for block in blocks[1:]:
            name = re.search(r"file: texts/(\S+)\.txt", block).group(1)
            shutil.copy(ROOT / "texts" / f"{name}.txt", dest / "texts" / f"{name}-{k}.txt")
            block = block.replace(f"texts/{name}.txt", f"texts/{name}-{k}.txt")
            block = re.sub(r'(?m)^(    short_title: )"?(.*?)"?$', rf'\g<1>"\g<2> ({k})"', block)
            out.append(block)
    (dest / "book.yaml").write_text("".join(out), encoding="utf-8")
    return dest / "book.yaml"


def serve_latency(book: Path, saves: int) -> tuple[list[float], list[float], str]:
    """Seconds from each save of a text to its new preview in the browser,
    with ``readerbook serve`` in a fresh process; the preview builds' own
    times, as serve reports them; and how the preview was seen."""
    import json
    import signal
    import threading
    import urllib.request

    proj = book.parent
    proc = subprocess.Popen(
        rb("serve", str(book), "--port", "0"), cwd=proj, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    lines: list[str] = []
    url_seen = threading.Event()

    def drain():
        for line in proc.stderr:
            lines.append(line)
            if "http://" in line:
                url_seen.set()

    threading.Thread(target=drain, daemon=True).start()
    if not url_seen.wait(120):
        proc.kill()
        raise SystemExit("readerbook serve did not start:\n" + "".join(lines[-20:]))
    url = re.search(r"http://\S+/", next(x for x in lines if "http://" in x)).group(0)
    text = proj / "texts" / "origins-of-trotskyism.txt"
    original = text.read_text(encoding="utf-8")
    status = json.loads(urllib.request.urlopen(url + "__status?after=-1", timeout=60).read())
    start = urllib.request.urlopen(url, timeout=10).read().decode()  # it links the preview
    preview = url.rstrip("/") + re.search(r'href="(/preview/[^"]+)"', start).group(1)
    page_url = preview.rsplit("/", 1)[0] + "/origins-of-trotskyism.html"
    times: list[float] = []
    try:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            sync_playwright = None
        if sync_playwright is not None and Path("/usr/bin/chromium").exists():
            how = "shown in Chromium"
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_page()
                page.goto(url)
                page.frame(name="view").goto(page_url)
                for k in range(saves):
                    time.sleep(2.0)  # the background build of the save before is under way
                    word = f"benchmarked{k}"
                    started = time.perf_counter()
                    text.write_text(original.replace("Left Opposition", f"Left {word} Opposition", 1), encoding="utf-8")
                    page.wait_for_function(
                        f"(document.getElementById('view').contentDocument?.body?.innerText ?? '').includes('{word}')",
                        timeout=60_000,
                        polling="raf",
                    )
                    times.append(time.perf_counter() - started)
                browser.close()
        else:
            how = "built, as /__status reports it (no Playwright or Chromium: not measured in a browser)"
            for k in range(saves):
                time.sleep(2.0)
                started = time.perf_counter()
                text.write_text(
                    original.replace("Left Opposition", f"Left benchmarked{k} Opposition", 1), encoding="utf-8"
                )
                version = status["version"]
                while status["version"] == version:
                    status = json.loads(urllib.request.urlopen(f"{url}__status?after={version}", timeout=60).read())
                times.append(time.perf_counter() - started)
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl-C: serve stops its background build too
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        text.write_text(original, encoding="utf-8")
    builds = [float(m.group(1)) for x in lines if (m := re.search(r"rebuilt \(origins\S* in ([\d.]+) s", x))]
    return times, builds, how


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="skip the ten-times book")
    parser.add_argument("--runs", type=int, default=3, help="runs of each timing (the best is shown)")
    args = parser.parse_args()
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src" / "readerbook")], check=True)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        book = copy_project(tmp / "book")
        proj = book.parent
        texts = sorted(str(p) for p in (proj / "texts").glob("*.txt"))

        epub, pandoc = [], []
        for _ in range(args.runs):
            clean(proj)
            epub.append(run(rb("build", str(book), "--format", "epub"), proj))
            if shutil.which("pandoc"):
                pandoc.append(run(["pandoc", "-f", "markdown", *texts, "-o", str(tmp / "pandoc.epub")], proj))
        t_epub = best(epub).seconds
        rows.append(("EPUB-only build, cold", f"{t_epub:.2f} s"))
        if pandoc:
            t_pandoc = best(pandoc).seconds
            rows.append(("Pandoc EPUB of the raw texts", f"{t_pandoc:.2f} s"))
            rows.append(("EPUB ratio to Pandoc", f"{t_epub / t_pandoc:.2f}×"))
        else:
            rows.append(("Pandoc EPUB of the raw texts", "pandoc not installed (apt-get install pandoc)"))

        pdf, alone = [], []
        for _ in range(args.runs):
            clean(proj)
            pdf.append(run(rb("build", str(book), "--format", "pdf"), proj))
            alone.append(
                run(
                    [PY, "-m", "weasyprint", "--pdf-tags", str(proj / "build" / "print.html"), str(tmp / "alone.pdf")],
                    proj,
                )
            )
        t_pdf, t_alone = best(pdf).seconds, best(alone).seconds
        rows.append(("PDF build, cold (readerbook build --format pdf)", f"{t_pdf:.2f} s"))
        rows.append(("WeasyPrint alone on build/print.html", f"{t_alone:.2f} s"))
        rows.append(("PDF ratio to WeasyPrint alone", f"{t_pdf / t_alone:.2f}×"))

        full = []
        for _ in range(args.runs):
            clean(proj)
            full.append(run(rb("build", str(book)), proj))
        f = best(full)
        rows.append(("Full build (EPUB + PDF), cold", f"{f.seconds:.2f} s"))
        rows.append(("Peak memory, full build", _memory(f)))
        t_noop = best([run(rb("build", str(book)), proj) for _ in range(args.runs)]).seconds
        rows.append(("No-op rebuild (nothing changed)", f"{t_noop:.2f} s"))
        text = proj / "texts" / "origins-of-trotskyism.txt"
        original = text.read_text(encoding="utf-8")
        edits = []
        for k in range(args.runs):
            # A different edit each time, so each rebuild has something to do.
            text.write_text(
                original.replace("Left Opposition", "Left Opposition" + " (sic)" * (k + 1), 1), encoding="utf-8"
            )
            edits.append(run(rb("build", str(book)), proj))
        rows.append(("Rebuild after editing one text", f"{best(edits).seconds:.2f} s"))

        clean(proj)
        latencies, builds, how = serve_latency(book, 2 * args.runs)
        latencies.sort()
        builds.sort()
        rows.append(
            (
                "serve: save → new preview of that text",
                f"median {latencies[len(latencies) // 2]:.2f} s, worst {latencies[-1]:.2f} s "
                f"({len(latencies)} saves; {how})",
            )
        )
        if builds:
            rows.append(("serve: of which the preview build", f"median {builds[len(builds) // 2]:.2f} s"))

        if not args.quick:
            big = copy_project(tmp / "big", copies=10)
            b = run(rb("build", str(big)), big.parent)
            pages = subprocess.run(
                ["pdfinfo", str(next((big.parent / "dist").glob("*.pdf")))], capture_output=True, text=True
            ).stdout
            n = re.search(r"Pages:\s+(\d+)", pages)
            rows.append(
                (
                    "Ten-times book (50 texts), full build",
                    f"{b.seconds:.1f} s ({b.seconds / f.seconds:.1f}× the shipped book"
                    + (f"; {n.group(1)} pages)" if n else ")"),
                )
            )
            rows.append(("Ten-times book, peak memory", _memory(b)))

    width = max(len(k) for k, _ in rows)
    print(f"readerbook benchmark ({time.strftime('%Y-%m-%d')}, {len(os.sched_getaffinity(0))} cores)")
    for k, v in rows:
        print(f"  {k:<{width}}  {v}")


if __name__ == "__main__":
    main()
