"""readerbook serve: the review page and a live preview of the reader on
127.0.0.1, rebuilt when texts/, styles/, book.yaml or the index change.

Every build here is the pipeline's own incremental build (``pipeline.build``),
as ``readerbook build`` and ``watch`` run it, and there is one at a time:

- after a save, the preview outputs (the registry's ``preview`` outputs: the
  web edition, in build/preview/) and the review page are built at once, in
  this process, where the texts not edited are reused;
- then the default outputs (EPUB and PDF, to dist/) are built in the
  background, in a child process: a newer save stops it (the newest change
  wins; a stopped build leaves the outputs it had), and it starts again after
  the next preview.

The start page shows review and preview in a frame and reloads the frame as
soon as a build is done: it asks /__status?after=N, which answers when the
version passes N.
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import string
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from .diagnostics import ReaderbookError
from .manifest import load_manifest
from .report import report, reuse

START_PAGE = string.Template("""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><title>readerbook serve</title>
<style>body{margin:0;font:14px sans-serif}nav{padding:.4em 1em;background:#263a;border-bottom:1px solid #999}
nav a{margin-right:1.2em}#status{color:#555}iframe{border:0;width:100%;height:calc(100vh - 2.6em)}</style></head>
<body><nav><a href="/review.html" target="view">Review</a><a href="$preview" target="view">Preview</a>
<a id="pdf" href="/pdf" style="display:none">PDF</a><span id="status"></span></nav>
<iframe name="view" id="view" src="/review.html"></iframe>
<script>
var seen=null;
function poll(){fetch('/__status?after='+(seen===null?-1:seen)).then(r=>r.json()).then(s=>{
  document.getElementById('status').textContent=s.message;
  document.getElementById('pdf').style.display=s.pdf?'inline':'none';
  if(seen!==null&&s.version!==seen){document.getElementById('view').contentWindow.location.reload();}
  seen=s.version;setTimeout(poll,0);}).catch(()=>setTimeout(poll,700));}
poll();
</script></body></html>""")

STATUS_WAIT = 25.0  # seconds a /__status?after=N request waits for a newer build


@dataclass
class ServeState:
    manifest_path: Path
    with_pdf: bool = True
    version: int = 0  # preview builds done
    message: str = "starting"
    pdf: Path | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)  # guards every field

    @property
    def work(self) -> Path:
        return self.manifest_path.parent / "build"

    @property
    def preview(self) -> Path:
        return self.work / "preview"

    def wait_past(self, version: int, timeout: float = STATUS_WAIT) -> dict:
        with self.changed:
            self.changed.wait_for(lambda: self.version > version, timeout)
            return {"version": self.version, "message": self.message, "pdf": bool(self.pdf)}


class Builder:
    """Runs serve's builds, one at a time, the newest change winning."""

    def __init__(self, state: ServeState):
        self.state = state
        self.pending: list[str] | None = None  # names changed since the last preview build
        self.background: subprocess.Popen | None = None
        self.lock = threading.Condition()
        self.stopped = False
        self.background_wanted = False  # the background build is to start once no preview is due

    def preview(self, changed: list[str]) -> None:
        """The preview, now, in this process (the texts not edited are reused)."""
        from .pipeline import build
        from .render.outputs import previews

        started = time.perf_counter()
        try:
            result = build(self.state.manifest_path, self.state.preview, previews())
            report(result.diagnostics)
            what = ", ".join(changed) if changed else "first build"
            message = (
                f"rebuilt ({what}) in {time.perf_counter() - started:.1f} s{reuse(result)}; "
                f"{len(result.diagnostics.warnings)} warnings"
            )
        except ReaderbookError as exc:
            message = "build failed: " + "; ".join(d.format() for d in exc.diagnostics)[:500]
        except Exception as exc:  # not the texts' fault: say so, and keep serving
            message = f"build failed: internal error: {type(exc).__name__}: {exc}"
        with self.state.changed:
            self.state.version += 1
            self.state.message = message
            self.state.changed.notify_all()
        print(f"readerbook serve: {message}", file=sys.stderr)

    def start_background(self) -> None:
        """The default outputs (EPUB and PDF) in a child process of its own
        session, so that it can be stopped with its layout workers."""
        cmd = [sys.executable, "-m", "readerbook", "build", str(self.state.manifest_path)]
        self.background = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
        )

    def stop_background(self) -> None:
        proc, self.background = self.background, None
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            proc.wait()

    def background_done(self, proc: subprocess.Popen) -> None:
        err = proc.stderr.read() if proc.stderr else ""
        if proc.returncode == 0:
            from .render.outputs import OUTPUTS

            manifest = load_manifest(self.state.manifest_path)
            pdf = next(o for o in OUTPUTS if o.name == "pdf").place(
                self.state.manifest_path.parent / "dist", self.state.work, manifest.slug
            )
            with self.state.changed:
                self.state.pdf = pdf if pdf.exists() else None
                self.state.changed.notify_all()
        elif proc.returncode > 0 and err:  # stopped by a newer change: nothing to say
            print(f"readerbook serve: the background build stopped:\n{err.strip()[-1000:]}", file=sys.stderr)

    def changed_inputs(self, names: list[str]) -> None:
        with self.lock:
            self.pending = sorted(set(self.pending or []) | set(names))
            self.lock.notify_all()

    def want_background(self) -> None:
        with self.lock:
            self.background_wanted = self.state.with_pdf
            self.lock.notify_all()

    def run(self) -> None:
        """The build loop: a preview for the newest change, then the background build."""
        while True:
            with self.lock:
                while self.pending is None and not self.stopped:
                    proc = self.background
                    if proc is not None and proc.poll() is not None:
                        self.background = None
                        self.background_done(proc)
                    if self.background_wanted and self.background is None:
                        self.background_wanted = False
                        self.start_background()
                    self.lock.wait(0.2)
                if self.stopped:
                    break
                changed, self.pending = self.pending, None
            self.stop_background()  # one build at a time: the newest change wins
            self.preview(changed)
            self.want_background()
        self.stop_background()

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            self.lock.notify_all()


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


def make_handler(state: ServeState, preview_url: str):
    start_page = START_PAGE.substitute(preview=preview_url).encode()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(state.work), **kwargs)

        def log_message(self, *args):  # quiet: the terminal shows rebuilds
            pass

        def do_GET(self):
            url = urlparse(self.path)
            if url.path in ("/", "/index.html"):
                return self._send(start_page, "text/html; charset=utf-8")
            if url.path == "/__status":
                after = parse_qs(url.query).get("after", ["-1"])[0]
                status = state.wait_past(int(after) if after.lstrip("-").isdigit() else -1)
                return self._send(json.dumps(status).encode(), "application/json")
            if url.path == "/pdf":
                with state.changed:
                    pdf = state.pdf
                if pdf and pdf.exists():
                    return self._send(pdf.read_bytes(), "application/pdf")
                return self.send_error(404, "the PDF is still being built")
            return super().do_GET()

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")  # a reload shows the newest build
            super().end_headers()

        def _send(self, body: bytes, ctype: str):
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    Handler.extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".xhtml": "application/xhtml+xml"}
    return Handler


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True  # a waiting /__status request does not hold up the end

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return  # the page went away (reloaded, closed): nothing to say
        super().handle_error(request, client_address)


class Server:
    """The preview server; ``start`` runs it in threads (tests), ``serve_forever`` in the foreground.
    The first preview is built before it answers."""

    def __init__(self, manifest_path: str | Path, port: int = 8000, host: str = "127.0.0.1", with_pdf: bool = True):
        from .render.outputs import OUTPUTS, previews

        self.state = ServeState(Path(manifest_path).resolve(), with_pdf)
        manifest = load_manifest(self.state.manifest_path)  # a broken manifest stops here, with its message
        self.builder = Builder(self.state)
        self.builder.preview([])
        first = next(o for o in OUTPUTS if o.name in previews())
        folder = first.place(self.state.preview, self.state.work, manifest.slug)
        preview_url = "/" + folder.relative_to(self.state.work).as_posix() + "/index.html"
        self.httpd = _HTTPServer((host, port), make_handler(self.state, preview_url))
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.builder.want_background()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def _watch(self) -> None:
        for changed in input_changes(self.state.manifest_path, 0.5, self._stop):
            self.builder.changed_inputs(changed)

    def _begin(self) -> None:
        for target in (self._watch, self.builder.run):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)

    def start(self) -> None:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self._begin()

    def stop(self) -> None:
        self._stop.set()
        self.builder.stop()
        for thread in self._threads:
            thread.join(timeout=30)
        self.httpd.shutdown()
        self.httpd.server_close()

    def serve_forever(self) -> None:
        self._begin()
        print(f"readerbook serve: {self.url} (Ctrl-C to stop)", file=sys.stderr)
        try:
            self.httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self._stop.set()
            self.builder.stop()
            for thread in self._threads:
                thread.join(timeout=30)
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
    manifest_path: str | Path, formats: tuple[str, ...] | None = None, interval: float = 0.5, once: bool = False
) -> None:
    """Rebuild whenever an input changes, saying what changed, what was redone
    and how long the rebuild took."""
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
                    f"{time.perf_counter() - started:.1f} s{reuse(result)}",
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
