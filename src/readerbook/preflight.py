"""Pre-flight: everything that can be checked before the long work is
checked first, so that a mistake in the inputs or the machine's setup is
reported in a second, with a code and a hint — not after a full build, and
never as an internal error.

Each check is a named entry of :data:`CHECKS`; all run, and every problem
they find is reported at once.  They run after book.yaml has been validated
(:mod:`readerbook.manifest` already says which files are missing or are
folders) and before any text is normalized or any worker started.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Diagnostics, ErrorKind, ReaderbookError, Severity
from .manifest import Manifest


@dataclass(frozen=True)
class Plan:
    """What the build is about to do: where it writes, what it makes."""

    manifest: Manifest
    out: Path  # dist/, or --out
    work: Path  # build/
    formats: tuple[str, ...]


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[Plan, Diagnostics], None]  # adds errors and warnings


def _shown(plan: Plan, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(plan.manifest.root))
    except (ValueError, OSError):
        return str(path)


def writable_folder(path: Path) -> tuple[str, str] | None:
    """Why ``path`` cannot be used as an output folder (message, hint), or None.
    A folder that does not exist yet is fine if it can be made."""
    base = path
    while not base.exists() and not base.is_symlink() and base != base.parent:
        base = base.parent
    if base.exists() and not base.is_dir():
        if base == path:
            return "is a file, not a folder", "give a folder, or move the file aside"
        return f"cannot be made: '{base}' is a file, not a folder", "give a folder whose parents are folders"
    if not os.access(base, os.W_OK | os.X_OK):
        where = "" if base == path else f" ('{base}', where it would be made)"
        return f"cannot be written: no permission{where}", "give a folder you may write to, or change its permissions"
    try:  # what permissions do not say: a read-only file system, a full disk
        fd, probe = tempfile.mkstemp(prefix=".readerbook-probe-", dir=base)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return f"cannot be written: {exc.strerror}", "give a folder you may write to"
    return None


def require_writable(path: Path, what: str, shown: str) -> None:
    """Stop with RB603 unless ``path`` can be used as a folder to write in
    (for the project's lock folder, checked before the lock is taken)."""
    problem = writable_folder(path)
    if problem:
        message, hint = problem
        raise ReaderbookError(
            [Diagnostic("RB603", Severity.ERROR, f"the {what} {message}", shown, hint=hint)], ErrorKind.CONFIG
        )


def check_output_folders(plan: Plan, diagnostics: Diagnostics) -> None:
    for folder, what in ((plan.out, "output folder"), (plan.work, "build folder")):
        problem = writable_folder(folder)
        if problem:
            message, hint = problem
            diagnostics.error("RB603", f"the {what} {message}", path=_shown(plan, folder), hint=hint)


def check_fonts(plan: Plan, diagnostics: Diagnostics) -> None:
    from .render.outputs import BOOK_FONT, Need, book_font_installed, needs

    if Need.LAYOUT not in needs(plan.formats):  # only a laid-out output sets the book face
        return

    if not book_font_installed():
        diagnostics.warning(
            "RB601",
            f"the book face '{BOOK_FONT}' is not installed; the PDF falls back to another serif",
            hint="install it with: apt-get install fonts-ebgaramond",
        )


def check_inputs_readable(plan: Plan, diagnostics: Diagnostics) -> None:
    """Every file the build will read can be opened (permissions, a broken link)."""
    manifest = plan.manifest
    files = [entry.file for entry in manifest.texts]
    files += [p for p in (manifest.preface, manifest.index) if p is not None]
    for path in files:
        try:
            with path.open("rb") as fh:
                fh.read(1)
        except OSError as exc:
            diagnostics.error(
                "RB200",
                f"cannot read the file: {exc.strerror or exc}",
                path=_shown(plan, path),
                hint="check the file's permissions",
            )


def check_index(plan: Plan, diagnostics: Diagnostics) -> None:
    """The index file is valid YAML with well-formed entries (RB501–RB503)."""
    manifest = plan.manifest
    if manifest.index is None:
        return
    from .index import load_vocabulary

    try:
        load_vocabulary(manifest.index, _shown(plan, manifest.index))
    except ReaderbookError as exc:
        diagnostics.extend(exc.diagnostics)
    except OSError:
        pass  # check_inputs_readable says why


CHECKS: tuple[Check, ...] = (
    Check("output folders", check_output_folders),
    Check("fonts", check_fonts),
    Check("inputs readable", check_inputs_readable),
    Check("index", check_index),
)


def preflight(plan: Plan, diagnostics: Diagnostics) -> None:
    """Run every check; raise with every error found, keep the warnings."""
    found = Diagnostics()
    for check in CHECKS:
        check.run(plan, found)
    diagnostics.extend(found.warnings)
    if found.errors:
        # An unreadable text is the texts' problem (exit 1); an unusable
        # output folder or a broken index file, the set-up's (exit 2).
        kind = ErrorKind.CONTENT if any(d.code == "RB200" for d in found.errors) else ErrorKind.CONFIG
        raise ReaderbookError(found.errors, kind)


__all__ = ["CHECKS", "Check", "Plan", "preflight", "require_writable", "writable_folder"]
