"""Command line: arguments and exit codes only; the work is in the API.

Exit codes: 0 success, 1 content errors (texts, editorial data), 2 usage or
configuration errors (command line, book.yaml).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import NoReturn

from .diagnostics import Diagnostic, ErrorKind, ReaderbookError, Severity
from .render import outputs as registry
from .report import report, reuse

EXIT_OK, EXIT_CONTENT, EXIT_CONFIG = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2 with a clear line, as the README says
        self.print_usage(sys.stderr)
        print(f"readerbook: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG)


def formats_arg(value: str) -> tuple[str, ...]:
    """``--format``: ``all``, or output names from the registry, comma-separated."""
    names = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    if names == ("all",):
        return registry.defaults()
    unknown = [n for n in names if n not in registry.choices()]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"invalid choice: {value!r} (choose all, or from {', '.join(registry.choices())}, comma-separated)"
        )
    return names


def _format_help() -> str:
    said = "; ".join(f"{o.name}: {o.summary}" for o in registry.OUTPUTS if not o.companion)
    return f"all (default: {', '.join(registry.defaults())}) or outputs comma-separated — {said}"


def make_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="readerbook", description="Compile raw texts into a course reader (EPUB and PDF).")
    p.add_argument("--debug", action="store_true", help="show a traceback on unexpected errors")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    b = sub.add_parser("build", help="build the EPUB and/or PDF")
    b.add_argument("book", nargs="?", default="book.yaml", help="the manifest (default: book.yaml)")
    b.add_argument("--out", default=None, help="output folder (default: dist/ beside book.yaml)")
    b.add_argument("--format", type=formats_arg, default="all", metavar="FORMATS", help=_format_help())
    b.add_argument("--jobs", type=int, default=None, help="processes laying out the PDF (default: one per core)")
    b.add_argument(
        "--no-wait",
        action="store_true",
        help="if another build of this project is running, stop (exit 1) instead of waiting for it",
    )

    i = sub.add_parser("init", help="draft a book.yaml from a folder of raw texts")
    i.add_argument("folder", nargs="?", default=".", help="the book's folder (default: here)")
    i.add_argument("files", nargs="*", help="the texts (default: every .txt and .md in texts/)")

    c = sub.add_parser("check", help="validate book.yaml and the texts; report what normalization found")
    c.add_argument("book", nargs="?", default="book.yaml")

    w = sub.add_parser("watch", help="rebuild whenever texts/, styles/, book.yaml or the index change")
    w.add_argument("book", nargs="?", default="book.yaml")
    w.add_argument("--format", type=formats_arg, default="all", metavar="FORMATS", help=_format_help())

    sv = sub.add_parser("serve", help="serve the review page and a live preview on 127.0.0.1")
    sv.add_argument("book", nargs="?", default="book.yaml")
    sv.add_argument("--port", type=int, default=8000)

    ix = sub.add_parser("index", help="work on the index vocabulary")
    ix.add_argument("book", nargs="?", default="book.yaml")
    ix.add_argument("--suggest", action="store_true", help="list recurring names and phrases not yet in the vocabulary")
    ix.add_argument("--min-texts", type=int, default=2, help="named in at least this many texts (default 2)")

    n = sub.add_parser("normalize", help="print one normalized text")
    n.add_argument("file", help="a source: .txt, .md, .html, .pdf, .docx or .epub")
    n.add_argument("--pages", default=None, help="a PDF excerpt, e.g. 12-30")
    n.add_argument("--from", dest="start", default=None, help="an excerpt's first heading or opening words")
    n.add_argument("--to", dest="end", default=None, help="the heading or words where the excerpt stops")
    n.add_argument("--format", choices=tuple(registry.text_formats()), default="md")
    n.add_argument("--layout", choices=("auto", "blocks", "lines", "wrapped"), default="auto")
    return p


# A build makes millions of small objects that live until it ends; collecting
# the youngest every 700 allocations (Python's default) spent a thirtieth of
# a cold EPUB build finding nothing to free.  Set by the program, not the API.
GC_YOUNG_THRESHOLD = 20_000


def main(argv: list[str] | None = None) -> int:
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    parser = make_parser()
    args = parser.parse_args(argv)
    honour_ctrl_c()
    try:
        return _run(args)
    except ReaderbookError as exc:
        report(exc.diagnostics)
        n = len([d for d in exc.diagnostics if d.severity is Severity.ERROR])
        print(f"readerbook: stopped with {n} error{'s' if n != 1 else ''}; nothing was written.", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # output piped into head, less…: not an error
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("readerbook: interrupted; nothing was written.", file=sys.stderr)
        return 130
    except Exception as exc:  # an internal error: say so plainly
        if args.debug:
            traceback.print_exc()
        else:
            print(
                f"readerbook: internal error: {type(exc).__name__}: {exc}\n"
                "    run again with --debug for a traceback, and report it",
                file=sys.stderr,
            )
        return EXIT_CONTENT


def run() -> NoReturn:
    """The ``readerbook`` command: ``main``, then out at once.  A build leaves
    a large heap that Python would otherwise take apart object by object on
    the way out (a twentieth of a second, 7% of a cold EPUB build); by then
    everything readerbook writes is written and closed, its worker processes
    are ended and its lock goes with the process.  (``main`` itself returns,
    for callers in Python.)"""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)


def honour_ctrl_c() -> None:
    """Ctrl-C (SIGINT) stops readerbook, even when it was started with
    SIGINT ignored, as a shell does for a command run in the background
    (``readerbook build &``): Python then leaves it ignored, and a SIGINT
    sent to the build's process group was lost — the build ran on and wrote
    its outputs."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _run(args) -> int:
    from . import pipeline as build_mod

    if args.command == "build":
        started = time.perf_counter()
        result = build_mod.build(args.book, args.out, args.format, jobs=args.jobs, wait=not args.no_wait)
        report(result.diagnostics)
        for path in result.outputs.values():
            print(f"{'up to date' if result.skipped else 'wrote'}: {path}")
        print(f"built in {time.perf_counter() - started:.1f} s{reuse(result)}", file=sys.stderr)
        return EXIT_OK
    if args.command == "watch":
        from .serve import watch

        watch(args.book, args.format)
        return EXIT_OK
    if args.command == "serve":
        from .serve import Server

        Server(args.book, args.port).serve_forever()
        return EXIT_OK
    if args.command == "init":
        from .init import init

        target = init(args.folder, args.files)
        print(f"wrote {target}: check its TODO lines, then run: readerbook build {target}")
        return EXIT_OK
    if args.command == "check":
        from .report import summary

        book, diagnostics = build_mod.check(args.book)
        print(summary(book))
        report(diagnostics, sys.stdout)
        return EXIT_OK
    if args.command == "index":
        from .index import load_vocabulary, suggest

        book, diagnostics = build_mod.check(args.book)
        m = book.manifest
        vocab = load_vocabulary(m.index, build_mod.shown_path(m, m.index)) if m.index else None
        if not args.suggest:
            entries = sum(len(g.lines) for g in book.index)
            print(f"{entries} index entries, {len(book.shared)} passages quoted in more than one text")
            report(diagnostics, sys.stdout)
            return EXIT_OK
        titles = [t.entry.short_title for t in book.texts]
        for phrase, counts in suggest(book, vocab, args.min_texts):
            per_text = ", ".join(f"{t}: {counts[t]}" for t in titles if t in counts)
            print(f"{phrase}\t{sum(counts.values())}\t{per_text}")
        return EXIT_OK
    if args.command == "normalize":
        options = {"layout": args.layout, "pages": args.pages, "from": args.start, "to": args.end}
        doc, diagnostics = build_mod.normalize_file(Path(args.file), {k: v for k, v in options.items() if v})
        sys.stdout.write(registry.text_formats()[args.format](doc))
        report(diagnostics)
        return EXIT_OK
    raise ReaderbookError([Diagnostic("RB000", Severity.ERROR, f"unknown command {args.command}")], ErrorKind.CONFIG)
