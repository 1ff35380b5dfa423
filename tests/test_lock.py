"""One build at a time per project (lock.py): a second build waits and says
so, or stops with RB604; a killed build never leaves the lock held."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from readerbook import cli
from readerbook.diagnostics import ReaderbookError
from readerbook.lock import project_lock

ROOT = Path(__file__).resolve().parents[1]
PROSE = (
    "A paragraph of prose that is long enough to be taken for a paragraph of an essay, "
    "and which goes on a little further so that it reads like one."
)


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    (tmp_path / "texts").mkdir()
    for name in ("a", "b"):
        (tmp_path / "texts" / f"{name}.txt").write_text(f"Text {name.upper()}\n\n{PROSE}\n\n{PROSE}\n")
    (tmp_path / "book.yaml").write_text(
        "title: Locks\nidentifier: urn:x\ndate: 2026-01-01\ntexts:\n"
        "  - file: texts/a.txt\n    title: A\n  - file: texts/b.txt\n    title: B\n"
    )
    return tmp_path


def free(project: Path) -> bool:
    try:
        with project_lock(project / "build", wait=False):
            return True
    except ReaderbookError:
        return False


def test_no_wait_stops_with_a_clear_message_while_another_build_runs(proj, capsys):
    with project_lock(proj / "build"):
        code = cli.main(["build", str(proj / "book.yaml"), "--format", "epub", "--no-wait"])
    err = capsys.readouterr().err
    assert code == 1
    assert "RB604" in err and "another build of this project is running" in err and f"pid {os.getpid()}" in err
    assert not (proj / "dist").exists()
    # Once the other build is done, the same command builds.
    assert cli.main(["build", str(proj / "book.yaml"), "--format", "epub", "--no-wait"]) == 0


# Runs one build, logging every write it makes to build/ or dist/ with the
# time (CLOCK_MONOTONIC is one clock for every process); each write is made
# slow so that two unlocked builds would overlap.
BUILD_AND_LOG = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from readerbook import cache, pipeline

    book, out, log, go = sys.argv[1:5]
    os.environ["BUILD"] = str(os.getpid())  # the build's worker processes write in its name

    def logged(write):
        def wrapper(*args, **kwargs):
            with open(log, "a") as fh:
                fh.write(f"{os.environ['BUILD']} start {time.monotonic()}\\n")
            time.sleep(0.05)
            result = write(*args, **kwargs)
            with open(log, "a") as fh:
                fh.write(f"{os.environ['BUILD']} end {time.monotonic()}\\n")
            return result
        return wrapper

    pipeline.atomic_write = logged(pipeline.atomic_write)
    cache.store = logged(cache.store)
    cache.NormalizedStore.put = logged(cache.NormalizedStore.put)
    Path(f"{go}.{os.getpid()}").touch()  # ready
    while not Path(go).exists():
        time.sleep(0.01)
    pipeline.build(book, out, formats=("epub",))
""")


def test_two_builds_started_together_never_both_write(proj):
    log, go = proj / "writes.log", proj / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", BUILD_AND_LOG, str(proj / "book.yaml"), str(proj / out), str(log), str(go)],
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for out in ("dist-1", "dist-2")  # two output folders: the second build is no no-op
    ]
    deadline = time.time() + 60
    while len(list(proj.glob("go.*"))) < 2 and time.time() < deadline:
        time.sleep(0.01)  # until both have imported readerbook and wait for the word
    go.touch()
    errs = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    spans: dict[str, list[float]] = {}
    for line in log.read_text().splitlines():
        pid, _, when = line.split()
        spans.setdefault(pid, []).append(float(when))
    assert len(spans) == 2  # both builds wrote…
    (a0, a1), (b0, b1) = sorted((min(t), max(t)) for t in spans.values())
    assert a1 < b0  # …one after the other
    assert sum("waiting for it to finish" in e for e in errs) == 1  # and the one that waited said so
    assert (proj / "dist-1" / "locks.epub").is_file() and (proj / "dist-2" / "locks.epub").is_file()


# A build that is killed while it holds the lock, with a child process it
# forked (as the build's worker pools do) still running after it.
KILLED_BUILD = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from readerbook import pipeline
    from readerbook.render import outputs

    book, ready = sys.argv[1:3]

    def hang(*args, **kwargs):
        child = os.fork()
        if child == 0:
            time.sleep(60)
            os._exit(0)
        Path(ready).write_text(str(child))
        time.sleep(60)

    outputs.render_epub = hang
    pipeline.build(book, formats=("epub",))
""")


def test_a_build_killed_with_sigkill_leaves_no_lock_held(proj):
    ready = proj / "ready"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(proj / "book.yaml"), str(ready)], env=env)
    child = None
    try:
        deadline = time.time() + 60
        while not ready.exists() and time.time() < deadline:
            time.sleep(0.02)
        time.sleep(0.05)
        child = int(ready.read_text())
        assert not free(proj)  # the build holds the lock
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        os.kill(child, 0)  # the forked child outlives it…
        assert free(proj)  # …and the lock is free at once
        assert cli.main(["build", str(proj / "book.yaml"), "--format", "epub", "--no-wait"]) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        if child:
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass
