"""Ctrl-C and hangs: a build interrupted at any stage stops within two
seconds, its workers with it, leaving dist/ as it was; a worker that hangs or
dies ends the build with a diagnostic; many builds in a row all finish."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from readerbook.diagnostics import ReaderbookError
from readerbook.workers import WorkerPool

CTRL_C_LIMIT = 2.0  # seconds from SIGINT to the last process of the build gone


def alive(pid: int) -> bool:
    """Running, not merely a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def group_members(pgid: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


# ------------------------------------------------------------ the pool


def test_workers_are_not_forked_from_the_build():
    """A worker forked from the build inherits its locks in whatever state the
    build's other threads left them; a fork server's child does not."""
    with WorkerPool(1) as pool:
        assert pool.submit(os.getppid).result(timeout=120) != os.getpid()


def test_a_small_book_is_shared_with_a_forked_worker_only_when_one_thread_runs():
    """The one exception to the fork server: a process running a single
    thread (as the kernel counts them) may fork a worker, which then inherits
    no held lock; with another thread running it may not.  (In a fresh
    process: pytest may run threads of its own.)"""
    script = """
import os, threading
from readerbook.workers import forked_pool, single_threaded
assert single_threaded()
with forked_pool(1) as pool:
    assert pool.submit(os.getppid).result(timeout=120) == os.getpid()
stop = threading.Event()
other = threading.Thread(target=stop.wait)
other.start()
assert not single_threaded() and forked_pool(1) is None
stop.set()
other.join()
print("ok")
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert run.stdout.strip() == "ok", run.stderr


class _Job:
    def __init__(self, n):
        self.n = n

    def size(self) -> int:
        return self.n


def _length_and_process(job):
    return job.n, os.getpid()


def test_shared_normalization_gives_each_text_its_own_result_in_order():
    from readerbook.pipeline import _normalize_shared

    jobs = [_Job(n) for n in (5, 50, 20, 1)]
    with WorkerPool(1, start="fork") as pool:
        done = _normalize_shared(jobs, pool, work=_length_and_process)
    assert [d[0] for d in done] == [5, 50, 20, 1]
    assert dict(done)[50] == os.getpid()  # this process takes the longest
    worker = dict(done)[20]
    assert worker != os.getpid()  # the worker the next longest, at once


def test_a_stuck_worker_ends_the_pool_with_rb701():
    with pytest.raises(ReaderbookError) as exc:
        with WorkerPool(1, stall=1.0) as pool:
            worker = pool.submit(os.getpid).result(timeout=120)
            started = time.monotonic()
            pool.map(time.sleep, [600])
    assert time.monotonic() - started < 10
    assert [d.code for d in exc.value.diagnostics] == ["RB701"]
    assert "--jobs 1" in exc.value.diagnostics[0].hint
    deadline = time.monotonic() + CTRL_C_LIMIT
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(worker), "the stuck worker was left running"


def test_a_worker_that_dies_ends_the_pool_with_rb702():
    with pytest.raises(ReaderbookError) as exc:
        with WorkerPool(1) as pool:
            pool.map(os._exit, [3])
    assert [d.code for d in exc.value.diagnostics] == ["RB702"]


def test_a_jobs_own_error_is_raised_at_once():
    with pytest.raises(ValueError, match="invalid literal"):
        with WorkerPool(2) as pool:
            pool.map(int, ["1", "one"])


# ------------------------------------------------------- Ctrl-C in a build

# Runs readerbook build with one stage held open (as a long text or a large
# book would), so that Ctrl-C arrives while that stage is under way.
DRIVER = """
import sys, time
from pathlib import Path

book, marker, stage = sys.argv[1], Path(sys.argv[2]), sys.argv[3]


def hold(module, name):
    original = getattr(module, name)

    def held(*args, **kwargs):
        marker.touch()
        time.sleep(120)
        return original(*args, **kwargs)

    setattr(module, name, held)


if stage == "normalization":
    import readerbook.pipeline as module

    hold(module, "normalize_one")
elif stage == "join":
    import readerbook.render.join as module

    hold(module, "join")
from readerbook.cli import main

sys.exit(main(["build", book]))
"""


def _ignore_sigint():
    # As a shell starts a command run in the background: readerbook must
    # honour a SIGINT sent to it all the same.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["normalization", "layout", "join"])
def test_ctrl_c_stops_the_build_and_its_workers_within_two_seconds(tmp_path, stage):
    book = copy_project(tmp_path)
    dist = tmp_path / "dist"
    dist.mkdir()
    old = {"trotskyism-and-leninism.pdf": b"%PDF-old", "trotskyism-and-leninism.epub": b"old epub"}
    for name, data in old.items():
        (dist / name).write_bytes(data)
    marker = tmp_path / "stage-reached"
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(book), str(marker), stage],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_ignore_sigint,
    )
    parts = tmp_path / "build" / "parts"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if marker.exists() or (stage == "layout" and parts.is_dir() and any(parts.glob("*.json"))):
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the build finished before it could be interrupted"
    time.sleep(0.3)  # well inside the stage
    os.killpg(proc.pid, signal.SIGINT)
    sent = time.monotonic()
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:  # pragma: no cover - the failure being tested for
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError(f"Ctrl-C during {stage}: the build did not stop") from None
    stopped = time.monotonic() - sent
    while group_members(proc.pid) and time.monotonic() - sent < CTRL_C_LIMIT:
        time.sleep(0.02)
    left = group_members(proc.pid)
    gone = time.monotonic() - sent
    if left:  # pragma: no cover - the failure being tested for
        os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err.decode()
    assert "interrupted; nothing was written" in err.decode()
    assert stopped < CTRL_C_LIMIT, f"the build took {stopped:.1f} s to stop"
    assert not left, f"processes of the build still running {gone:.1f} s after Ctrl-C: {left}"
    assert {p.name: p.read_bytes() for p in dist.iterdir()} == old


@pytest.mark.slow
def test_a_killed_build_leaves_no_process_behind(tmp_path):
    """SIGKILL in the middle of PDF layout: the workers, the fork server and
    its resource tracker all end (a worker watches the build, not its parent)."""
    book = copy_project(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "readerbook", "build", str(book)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    parts = tmp_path / "build" / "parts"
    deadline = time.monotonic() + 300
    while not (parts.is_dir() and any(parts.glob("*.json"))) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the build finished before it could be killed"
    proc.kill()
    proc.wait()
    killed = time.monotonic()
    while group_members(proc.pid) and time.monotonic() - killed < 5:
        time.sleep(0.05)
    left = group_members(proc.pid)
    if left:  # pragma: no cover - the failure being tested for
        os.killpg(proc.pid, signal.SIGKILL)
    assert not left, f"processes left running after the build was killed: {left}"


# ------------------------------------------------------------ many builds

STRESS_ENV = "READERBOOK_STRESS_BUILDS"  # how many builds in a row (100 for the full stress run)


@pytest.mark.slow
def test_many_cold_builds_in_a_row_all_finish(tmp_path):
    """The intermittent hang showed once in dozens of builds: this runs a few
    (``READERBOOK_STRESS_BUILDS=100`` runs a hundred), each cold, each given
    ten minutes."""
    count = int(os.environ.get(STRESS_ENV, "3"))
    book = copy_project(tmp_path)
    times = []
    for n in range(count):
        shutil.rmtree(tmp_path / "build", ignore_errors=True)
        shutil.rmtree(tmp_path / "dist", ignore_errors=True)
        started = time.monotonic()
        try:
            run = subprocess.run(
                [sys.executable, "-m", "readerbook", "build", str(book)],
                capture_output=True,
                text=True,
                timeout=600,
                cwd=ROOT,
            )
        except subprocess.TimeoutExpired:  # pragma: no cover - the failure being tested for
            raise AssertionError(f"build {n + 1} of {count} hung (killed after 600 s)") from None
        times.append(time.monotonic() - started)
        assert run.returncode == 0, f"build {n + 1} of {count}: {run.stderr}"
        assert (tmp_path / "dist" / "trotskyism-and-leninism.pdf").is_file()
    print(f"{count} builds: {min(times):.1f}–{max(times):.1f} s")
