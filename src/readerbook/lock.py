"""One build at a time per project: an operating-system lock on build/.lock.

The lock is ``fcntl.flock`` on an open file, not a pid file: the kernel lets
go of it when the process holding it ends, however it ends (SIGKILL
included), so a killed build never leaves the project locked and nothing has
to guess whether a recorded pid is still alive.  The file's text (the
holder's pid and command) only helps the message a waiting build gives.

Every build that writes ``build/`` or ``dist/`` goes through
:func:`project_lock` (``pipeline.build`` does), whether it was started by
``readerbook build``, ``watch`` or ``serve``: a second one waits, and says so,
or with ``wait=False`` stops at once with RB604.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from .diagnostics import Diagnostic, ErrorKind, ReaderbookError, Severity

LOCK_FILE = ".lock"

# Descriptors of the locks this process holds.  A process forked while one is
# held (a worker of the build's pool) would share the lock with its parent and
# could keep it after the parent is killed: each forked child closes its
# copies at once (closing a copy does not release the parent's lock).
_held: set[int] = set()


def _close_in_child() -> None:
    for fd in list(_held):
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)


def say_waiting(message: str) -> None:
    """The default for a build that has to wait: always said, since it explains a pause."""
    print(f"readerbook: {message}", file=sys.stderr, flush=True)


def holder(path: Path) -> str:
    """Who holds the lock, as its file says (for messages only)."""
    try:
        said = path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    return f" ({said})" if said else ""


@contextlib.contextmanager
def project_lock(
    work: Path, wait: bool = True, on_wait: Callable[[str], None] = say_waiting, shown: str | None = None
) -> Iterator[Path]:
    """Hold the project's build lock (``work``/.lock) for the ``with`` block.

    ``wait``: if another build holds it, wait for it (telling ``on_wait``
    once); else raise ReaderbookError RB604 (exit code 1)."""
    work.mkdir(parents=True, exist_ok=True)
    path = work / LOCK_FILE
    # O_CLOEXEC: a program the build runs (EPUBCheck, pdftotext) never inherits it.
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            where = shown or str(work)
            if not wait:
                raise ReaderbookError(
                    [
                        Diagnostic(
                            "RB604",
                            Severity.ERROR,
                            f"another build of this project is running{holder(path)}; nothing was built",
                            where,
                            hint="wait for it to finish, or run again without --no-wait to queue behind it",
                        )
                    ],
                    ErrorKind.CONTENT,
                ) from None
            on_wait(f"another build of this project is running{holder(path)}; waiting for it to finish…")
            fcntl.flock(fd, fcntl.LOCK_EX)
        _held.add(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}: {' '.join(sys.argv[:3])}".encode(), 0)
        try:
            yield path
        finally:
            _held.discard(fd)
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
