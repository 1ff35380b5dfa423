"""Worker processes: the build uses every core for the two slow stages
(normalizing texts, laying out the PDF's parts).

Four rules keep a build from hanging or outliving Ctrl-C:

- Workers are started by a fork server, never forked from the build itself
  (one exception, ``forked_pool``: below).
  A fork copies every lock of the parent in whatever state another thread
  left it, and a build has threads that ``threading`` cannot see:
  ``readerbook watch`` forked its workers while watchfiles' inotify thread
  (Rust, so ``threading.active_count()`` was 1) was running, and the cover is
  drawn in a thread while the layouts run.  A child that inherits a lock held
  by a thread that does not exist in it waits for ever.  The fork server is a
  fresh interpreter with one thread: what it forks inherits no such lock.
- A build that fails or is interrupted kills its workers at once instead of
  letting ``concurrent.futures`` wait, at interpreter exit, for the jobs
  under way (that wait made Ctrl-C take 2–11 s here, 13 s in issue 17).
- A worker watches the build and ends with it, even when the build is
  killed (``_die_with_parent``).
- A watchdog: when no job has finished for ``stall_seconds()``, the workers
  are killed and the build stops with RB701, instead of waiting for ever.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Iterable

from .diagnostics import ReaderbookError

# Not "fork": see the module's docstring.
START_METHOD = "forkserver"

# The longest a job may run with no other job finishing.  The whole
# ten-times book is laid out in under two minutes (README, Speed), its largest
# part in less: a worker silent for five minutes is stuck, not slow.
WORKER_STALL_SECONDS = 300.0
STALL_ENV = "READERBOOK_WORKER_TIMEOUT"  # seconds; overrides WORKER_STALL_SECONDS

# How often the watchdog looks (and how soon Ctrl-C is seen while waiting).
WATCHDOG_TICK = 0.5


def worker_count(requested: int | None = None) -> int:
    """``requested`` if given, else one per core this process may use."""
    if requested:
        return max(1, requested)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def stall_seconds() -> float:
    value = os.environ.get(STALL_ENV)
    try:
        return float(value) if value else WORKER_STALL_SECONDS
    except ValueError:
        return WORKER_STALL_SECONDS


class WorkerPool:
    """A process pool with a watchdog, killed (not drained) when the build
    stops.  ``map`` and ``submit`` as ``concurrent.futures`` has them;
    ``shutdown(wait=False)`` ends the workers at once."""

    def __init__(self, workers: int, stall: float | None = None, start: str = START_METHOD):
        self.stall = stall if stall is not None else stall_seconds()
        context = multiprocessing.get_context(start)
        self._executor = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(),)
        )
        self._submitted: list[concurrent.futures.Future] = []
        self._closed = False

    def submit(self, fn: Callable, *args) -> concurrent.futures.Future:
        future = self._executor.submit(fn, *args)
        self._submitted.append(future)
        return future

    def map(self, fn: Callable, jobs: Iterable) -> list:
        """Every job's result, in order.  A job's exception is raised here;
        a worker that dies or stops answering ends the pool and the build."""
        return self.results([self.submit(fn, job) for job in jobs])

    def results(self, futures: list[concurrent.futures.Future]) -> list:
        """The results of jobs submitted before, in order, watched as ``map`` watches them."""
        try:
            self._wait(futures)
            return [f.result() for f in futures]
        except BaseException:
            self.terminate()
            raise

    def _wait(self, futures: list[concurrent.futures.Future]) -> None:
        pending = set(futures)
        last_done = time.monotonic()
        while pending:
            done, pending = concurrent.futures.wait(
                pending, timeout=WATCHDOG_TICK, return_when=concurrent.futures.FIRST_COMPLETED
            )
            for future in done:
                failure = None if future.cancelled() else future.exception()
                if isinstance(failure, concurrent.futures.process.BrokenProcessPool):
                    raise ReaderbookError([worker_died()]) from failure
                if failure is not None:
                    raise failure  # a job's own error: the build stops at once
            now = time.monotonic()
            if done:
                last_done = now
            elif now - last_done > self.stall:
                raise ReaderbookError([worker_stuck(self.stall)])

    def terminate(self) -> None:
        """End the workers now: jobs under way are abandoned, none waited for."""
        if self._closed:
            return
        self._closed = True
        processes = list((self._executor._processes or {}).values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with _quietly():
                process.kill()
        for process in processes:
            with _quietly():
                process.join(timeout=1)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        """``wait``: let the jobs given finish (watched), then end the
        workers; else end them at once."""
        if self._closed:
            return
        if not wait:
            self.terminate()
            return
        try:
            self._wait([f for f in self._submitted if not f.done()])
        except BaseException:
            self.terminate()
            raise
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=cancel_futures)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.shutdown()
        else:
            self.terminate()


class _quietly:
    """A worker may be gone already; ending it again is no error."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        return exc_type is not None and issubclass(exc_type, (OSError, ValueError, AttributeError))


def worker_stuck(stall: float):
    from .diagnostics import Diagnostic, Severity

    return Diagnostic(
        "RB701",
        Severity.ERROR,
        f"a worker process gave no result for {stall:.0f} s and was stopped; nothing was written",
        hint=f"build again; if it happens again, build with --jobs 1 and report it (the limit is set by {STALL_ENV})",
    )


def worker_died():
    from .diagnostics import Diagnostic, Severity

    return Diagnostic(
        "RB702",
        Severity.ERROR,
        "a worker process ended abruptly (killed, or out of memory); nothing was written",
        hint="build again, with fewer workers (--jobs 1) if memory is short",
    )


def process_pool(workers: int) -> WorkerPool:
    return WorkerPool(workers)


def single_threaded() -> bool:
    """This process runs one thread, as the kernel counts them (threads that
    ``threading`` cannot see, a Rust file watcher's, count too)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # pragma: no cover - not Linux: assume the worst
        return False


def forked_pool(workers: int, start_now: bool = False) -> WorkerPool | None:
    """Workers forked from this process, when that is safe: it runs one thread,
    so no lock can be copied held (``concurrent.futures`` forks every worker
    before it starts its own thread).  They start at once and need import
    nothing, where a fork server's would first start an interpreter and import
    readerbook: for a job of a few tenths of a second, the difference between
    worth it and not.  ``start_now``: fork them now, not at the first job
    (their start then overlaps with this process's work).  None when the
    process runs other threads."""
    if not single_threaded():
        return None
    pool = WorkerPool(workers, start="fork")
    if start_now:
        pool.submit(os.getpid)  # concurrent.futures forks the workers at the first job
    return pool


def _die_with_parent(build: int) -> None:
    """A worker ends when the build that started it ends, even by SIGKILL;
    otherwise it would wait for work for ever.  Its parent is the fork
    server, not the build, and the fork server stays while any worker holds
    its pipe: so the worker watches the build itself (a pidfd becomes readable
    when the process ends).  Ctrl-C is the build's to handle: a worker
    ignores it (the build kills it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pidfd = os.pidfd_open(build)
    except ProcessLookupError:  # the build ended while this worker started
        os._exit(1)
    threading.Thread(target=_exit_with, args=(pidfd,), name="readerbook-watch-build", daemon=True).start()


def _exit_with(pidfd: int) -> None:
    select.select([pidfd], [], [])
    os._exit(1)


def warm_up(stylesheet: str) -> None:
    """Import WeasyPrint and lay out a line in the book's faces, so that a
    worker is ready (fonts found and loaded) when the first part arrives.
    Runs while the parent process is still normalizing the texts."""
    import weasyprint

    html = "<p>Warm <i>up</i> <b>1</b> <span style='font-variant: small-caps'>x</span></p>"
    weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(filename=stylesheet)]).write_pdf()


class layout_workers:
    """A pool started at once and warmed up (see ``warm_up``).  If the build
    fails or is interrupted, the workers are killed, not waited for."""

    def __init__(self, count: int, stylesheet: str):
        self.count, self.stylesheet = count, stylesheet

    def __enter__(self) -> WorkerPool:
        self.pool = process_pool(self.count)
        try:
            for _ in range(self.count):
                self.pool.submit(warm_up, self.stylesheet)
        except BaseException:
            self.pool.terminate()
            raise
        return self.pool

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.pool.shutdown()
        else:
            self.pool.terminate()
