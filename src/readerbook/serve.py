"""readerbook serve: the review page and an HTML preview of the reader on
127.0.0.1, rebuilt when texts/, styles/, book.yaml or the index change.

The preview is the EPUB's own XHTML and CSS, unpacked into build/preview/.
The PDF is rebuilt in the background and linked when it is ready.  The
start page shows review and preview in a frame and reloads it after every
rebuild (it polls /__status).
"""

from __future__ import annotations

import http.server
import io
import json
import shutil
import sys
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostics, ReaderbookError
from .manifest import load_manifest

START_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><title>readerbook serve</title>
<style>body{margin:0;font:14px sans-serif}nav{padding:.4em 1em;background:#263a;border-bottom:1px solid #999}
nav a{margin-right:1.2em}#status{color:#555}iframe{border:0;width:100%;height:calc(100vh - 2.6em)}</style></head>
<body><nav><a href="/review.html" target="view">Review</a><a href="/preview/EPUB/nav.xhtml" target="view">Preview</a>
<a id="pdf" href="/pdf" style="display:none">PDF</a><span id="status"></span></nav>
<iframe name="view" id="view" src="/review.html"></iframe>
<script>
var seen=null;
function poll(){fetch('/__status').then(r=>r.json()).then(s=>{
  document.getElementById('status').textContent=s.message;
  document.getElementById('pdf').style.display=s.pdf?'inline':'none';
  if(seen!==null&&s.version!==seen){var f=document.getElementById('view');f.contentWindow.location.reload();}
  seen=s.version;}).catch(()=>{}).finally(()=>setTimeout(poll,700));}
poll();
</script></body></html>"""


@dataclass
class ServeState:
    manifest_path: Path
    with_pdf: bool = True
    version: int = 0
    message: str = "starting"
    pdf: Path | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def watched_files(manifest_path: Path) -> dict[Path, float]:
    root = manifest_path.parent
    paths = [manifest_path, *root.glob("*.yaml")]
    for folder in ("texts", "styles"):
        if (root / folder).is_dir():
            paths.extend(p for p in (root / folder).rglob("*") if p.is_file())
    return {p: p.stat().st_mtime for p in paths if p.exists()}


def changed_names(seen: dict[Path, float], now: dict[Path, float]) -> list[str]:
    """Names of the files added, removed or modified between two snapshots."""
    return sorted({p.name for p in now if seen.get(p) != now[p]} | {p.name for p in seen if p not in now})


def rebuild(state: ServeState, changed: list[str]) -> None:
    """Review page and preview now; the PDF in the background."""
    from .pipeline import atomic_write, load_book, styles_dir
    from .render.outputs import render_epub
    from .review import render_review

    started = time.perf_counter()
    root = state.manifest_path.parent
    work = root / "build"
    try:
        diagnostics = Diagnostics()
        book = load_book(state.manifest_path, diagnostics)
        epub = render_epub(book, styles_dir(book.manifest))
        preview = work / "preview"
        shutil.rmtree(preview, ignore_errors=True)
        zipfile.ZipFile(io.BytesIO(epub)).extractall(preview)
        atomic_write(work / "review.html", render_review(book, diagnostics))
        what = ", ".join(changed) if changed else "first build"
        message = f"rebuilt ({what}) in {time.perf_counter() - started:.1f} s; {len(diagnostics.warnings)} warnings"
    except ReaderbookError as exc:
        message = "build failed: " + "; ".join(d.format() for d in exc.diagnostics)[:500]
    with state.lock:
        state.version += 1
        state.message = message
    print(f"readerbook serve: {message}", file=sys.stderr)
    if state.with_pdf:
        threading.Thread(target=_pdf, args=(state, state.version), daemon=True).start()


def _pdf(state: ServeState, version: int) -> None:
    from .pipeline import build

    try:
        result = build(state.manifest_path, formats=("pdf",))
    except ReaderbookError:  # the review page already says what is wrong
        return
    except Exception as exc:  # not the texts' fault: say so, and keep serving
        print(f"readerbook serve: the PDF was not rebuilt: {type(exc).__name__}: {exc}", file=sys.stderr)
        return
    with state.lock:
        if state.version == version:
            state.pdf = result.outputs["pdf"]


def make_handler(state: ServeState):
    build_dir = state.manifest_path.parent / "build"

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(build_dir), **kwargs)

        def log_message(self, *args):  # quiet: the terminal shows rebuilds
            pass

        def do_GET(self):
            if self.path in ("/", "/index.html"):
                return self._send(START_PAGE.encode(), "text/html; charset=utf-8")
            if self.path == "/__status":
                with state.lock:
                    body = json.dumps({"version": state.version, "message": state.message, "pdf": bool(state.pdf)})
                return self._send(body.encode(), "application/json")
            if self.path == "/pdf":
                with state.lock:
                    pdf = state.pdf
                if pdf and pdf.exists():
                    return self._send(pdf.read_bytes(), "application/pdf")
                return self.send_error(404, "the PDF is still being built")
            return super().do_GET()

        def _send(self, body: bytes, ctype: str):
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    Handler.extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".xhtml": "application/xhtml+xml"}
    return Handler


class Server:
    """The preview server; ``start`` runs it in threads (tests), ``serve_forever`` in the foreground."""

    def __init__(self, manifest_path: str | Path, port: int = 8000, host: str = "127.0.0.1", with_pdf: bool = True):
        self.state = ServeState(Path(manifest_path).resolve(), with_pdf)
        load_manifest(self.state.manifest_path)  # a broken manifest stops here, with its message
        rebuild(self.state, [])
        self.httpd = http.server.ThreadingHTTPServer((host, port), make_handler(self.state))
        self._stop = threading.Event()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def _watch(self) -> None:
        for changed in input_changes(self.state.manifest_path, 0.5, self._stop):
            rebuild(self.state, changed)

    def start(self) -> None:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        threading.Thread(target=self._watch, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def serve_forever(self) -> None:
        threading.Thread(target=self._watch, daemon=True).start()
        print(f"readerbook serve: {self.url} (Ctrl-C to stop)", file=sys.stderr)
        try:
            self.httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self._stop.set()
            self.httpd.server_close()
            print("readerbook serve: stopped", file=sys.stderr)


def input_changes(manifest_path: Path, interval: float = 0.5, stop: threading.Event | None = None):
    """Yield the names of the inputs changed (texts/, styles/, the YAML files
    beside book.yaml), batch by batch, until ``stop`` is set.  watchfiles
    (inotify) when installed, else a poll of modification times every
    ``interval`` seconds."""
    root = manifest_path.parent
    stop = stop or threading.Event()
    try:
        import watchfiles
    except ImportError:  # pragma: no cover - watchfiles is a dependency
        seen = watched_files(manifest_path)
        while not stop.wait(interval):
            now = watched_files(manifest_path)
            changed = changed_names(seen, now)
            seen = now
            if changed:
                yield changed
        return

    def is_input(_change, name: str) -> bool:
        path = Path(name)
        if path.parent == root:
            return path.suffix in (".yaml", ".yml")
        return any(path.is_relative_to(root / folder) for folder in ("texts", "styles"))

    # The folders of inputs, and the YAML files themselves: not book.yaml's
    # whole folder, which holds build/, dist/ and perhaps a virtualenv.
    targets = [root / f for f in ("texts", "styles") if (root / f).is_dir()]
    targets += sorted({manifest_path, *root.glob("*.yaml"), *root.glob("*.yml")})
    for changes in watchfiles.watch(
        *targets, watch_filter=is_input, debounce=int(interval * 1000), step=50, stop_event=stop
    ):
        # An editor's temporary files come and go within the batch: name what
        # is there now (or, if nothing is, what was removed).
        there = {Path(name).name for _, name in changes if Path(name).exists()}
        yield sorted(there or {Path(name).name for _, name in changes})


def watch(
    manifest_path: str | Path, formats: tuple[str, ...] = ("epub", "pdf"), interval: float = 0.5, once: bool = False
) -> None:
    """Rebuild whenever an input changes, saying what changed, what was redone
    and how long the rebuild took."""
    from .cli import _reuse, report
    from .pipeline import build

    path = Path(manifest_path).resolve()
    print(f"readerbook watch: watching {path.parent} (Ctrl-C to stop)", file=sys.stderr)
    try:
        for changed in input_changes(path, interval):
            started = time.perf_counter()
            try:
                result = build(path, formats=formats)
                report(result.diagnostics)
                print(
                    f"readerbook watch: {', '.join(changed)} changed; rebuilt in "
                    f"{time.perf_counter() - started:.1f} s{_reuse(result)}",
                    file=sys.stderr,
                )
            except ReaderbookError as exc:
                report(exc.diagnostics)
                print(
                    f"readerbook watch: {', '.join(changed)} changed; the build stopped (outputs kept)", file=sys.stderr
                )
            if once:
                return
    except KeyboardInterrupt:
        print("readerbook watch: stopped", file=sys.stderr)
