"""Worker processes: the build uses every core for the two slow stages
(normalizing texts, laying out the PDF's parts)."""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
import os
import signal
import threading


def worker_count(requested: int | None = None) -> int:
    """``requested`` if given, else one per core this process may use."""
    if requested:
        return max(1, requested)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def process_pool(workers: int) -> concurrent.futures.ProcessPoolExecutor:
    # fork is the cheapest start (no re-import), but not safe from a process
    # with other threads (readerbook serve builds in one).
    method = "fork" if threading.active_count() == 1 else "forkserver"
    return concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context(method), initializer=_die_with_parent
    )


def _die_with_parent() -> None:
    """A worker ends when the build that started it ends, even by SIGKILL;
    otherwise it would wait for work forever.  Ctrl-C is the build's to
    handle: a worker ignores it (and goes when the build goes)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    # The parent may have died before prctl took effect.
    if os.getppid() == 1:  # pragma: no cover - a race at start-up
        os._exit(1)


def warm_up(stylesheet: str) -> None:
    """Import WeasyPrint and lay out a line in the book's faces, so that a
    worker is ready (fonts found and loaded) when the first part arrives.
    Runs while the parent process is still normalizing the texts."""
    import weasyprint

    html = "<p>Warm <i>up</i> <b>1</b> <span style='font-variant: small-caps'>x</span></p>"
    weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(filename=stylesheet)]).write_pdf()


@contextlib.contextmanager
def layout_workers(count: int, stylesheet: str):
    """A pool started at once and warmed up (see ``warm_up``).  If the build
    fails or is interrupted, it does not wait for work under way: the workers
    end with this process."""
    pool = process_pool(count)
    for _ in range(count):
        pool.submit(warm_up, stylesheet)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
