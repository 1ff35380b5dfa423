"""Bad input: a clear message naming file (and line), the right exit code,
no traceback, and previous outputs left exactly as they were."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from readerbook import cli

PROSE = (
    "A paragraph of prose that is long enough to be taken for a paragraph of an essay, "
    "and which goes on a little further so that it reads like one."
)
GOOD_TEXT = f"A Short Title\n\nAnn Author\n\n{PROSE}\n\n{PROSE}\n"
GOOD_BOOK = """\
title: A Test Reader
identifier: urn:uuid:00000000-0000-0000-0000-000000000001
date: 2026-01-01
texts:
  - file: texts/a.txt
    title: A Short Title
"""


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    (tmp_path / "texts").mkdir()
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    (tmp_path / "texts" / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "book.yaml").write_text(GOOD_BOOK, encoding="utf-8")
    # A previous good build whose outputs must survive every failure.
    assert cli.main(["build", str(tmp_path / "book.yaml"), "--format", "epub"]) == 0
    return tmp_path


def snapshot(proj: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (proj / "dist").iterdir()}


def book_with(extra_text_keys: str = "", top: str = "", texts: str | None = None) -> str:
    texts = texts if texts is not None else f"  - file: texts/a.txt\n    title: A Short Title\n{extra_text_keys}"
    return f"title: A Test Reader\nidentifier: urn:x\ndate: 2026-01-01\n{top}texts:\n{texts}"


# (name, how to break the project, exit code, fragments the message must contain)
CASES = [
    (
        "yaml syntax error",
        lambda p: (p / "book.yaml").write_text("title: [unclosed\nidentifier: x\n"),
        2,
        ["book.yaml:2:11", "RB100", "YAML syntax error"],
    ),
    (
        "unknown key with suggestion",
        lambda p: (p / "book.yaml").write_text(book_with("    titel: B\n")),
        2,
        ["book.yaml:7:5", "RB102", "unknown key 'titel'", "did you mean 'title'"],
    ),
    (
        "wrong type",
        lambda p: (p / "book.yaml").write_text(book_with(texts="nope\n").replace("texts:\nnope", "texts: nope")),
        2,
        ["book.yaml:4:8", "RB103", "'texts' must be a list"],
    ),
    (
        "missing required field",
        lambda p: (p / "book.yaml").write_text(GOOD_BOOK.replace("title: A Test Reader\n", "")),
        2,
        ["book.yaml:1:1", "RB101", "'title'"],
    ),
    (
        "duplicate text",
        lambda p: (p / "book.yaml").write_text(
            book_with(texts="  - file: texts/a.txt\n    title: A\n  - file: texts/a.txt\n    title: B\n")
        ),
        2,
        ["book.yaml:7:11", "RB109", "listed twice"],
    ),
    (
        "missing file",
        lambda p: (p / "book.yaml").write_text(book_with(texts="  - file: texts/b.txt\n    title: B\n")),
        2,
        ["book.yaml:5:11", "RB107", "texts/b.txt", "did you mean 'a.txt'"],
    ),
    (
        "path outside the project",
        lambda p: (p / "book.yaml").write_text(book_with(texts="  - file: ../elsewhere.txt\n    title: B\n")),
        2,
        ["book.yaml:5:11", "RB108", "outside the project"],
    ),
    ("empty manifest", lambda p: (p / "book.yaml").write_text(""), 2, ["book.yaml:1:1", "RB101", "empty"]),
    (
        "no texts listed",
        lambda p: (p / "book.yaml").write_text(book_with(texts="").replace("texts:\n", "texts: []\n")),
        2,
        ["RB101", "lists no texts"],
    ),
    (
        "bad choice",
        lambda p: (p / "book.yaml").write_text(book_with(top="page_size: A5\n")),
        2,
        ["book.yaml:4:12", "RB104", "A4, Letter"],
    ),
    (
        "preface file missing",
        lambda p: (p / "book.yaml").write_text(book_with(top="preface: texts/preface.md\n")),
        2,
        ["book.yaml:4:10", "RB107", "preface"],
    ),
    ("empty text", lambda p: (p / "texts" / "a.txt").write_text(""), 1, ["texts/a.txt", "RB204", "empty"]),
    (
        "binary text",
        lambda p: (p / "texts" / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20),
        1,
        ["texts/a.txt", "RB201", "binary"],
    ),
    (
        "text with no paragraphs",
        lambda p: (p / "texts" / "a.txt").write_text("\n\n   \n\n"),
        1,
        ["texts/a.txt", "RB204"],
    ),
    (
        "emendation matches nothing",
        lambda p: (p / "book.yaml").write_text(
            book_with("    emendations:\n      - find: nowhere to be found\n        replace: x\n        reason: test\n")
        ),
        1,
        ["book.yaml:8", "RB301", "matches nothing", "texts/a.txt"],
    ),
    (
        "emendation matches too often",
        lambda p: (p / "book.yaml").write_text(
            book_with("    emendations:\n      - find: paragraph\n        replace: x\n        reason: test\n")
        ),
        1,
        ["book.yaml:8", "RB301", "expected 1"],
    ),
    (
        "emendation changes line breaks",
        lambda p: (p / "book.yaml").write_text(
            book_with('    emendations:\n      - find: "a\\nb"\n        replace: ab\n        reason: test\n')
        ),
        2,
        ["book.yaml:8", "RB106"],
    ),
]


@pytest.mark.parametrize("name,breaker,code,fragments", CASES, ids=[c[0] for c in CASES])
def test_bad_input(proj, capsys, name, breaker, code, fragments):
    before = snapshot(proj)
    breaker(proj)
    for command in (["build", str(proj / "book.yaml")], ["check", str(proj / "book.yaml")]):
        assert cli.main(command) == code, command
        err = capsys.readouterr()
        message = err.err + err.out
        for fragment in fragments:
            assert fragment in message, (command, message)
        assert "Traceback" not in message
    assert snapshot(proj) == before
    assert not [p for p in (proj / "dist").iterdir() if p.name.startswith(".")]  # no temp files left


def test_legacy_encoding_is_decoded_with_a_warning(proj, capsys):
    (proj / "texts" / "a.txt").write_bytes(GOOD_TEXT.replace("Ann Author", "Ann Authôr “quoted”").encode("cp1252"))
    assert cli.main(["build", str(proj / "book.yaml"), "--format", "epub"]) == 0
    err = capsys.readouterr().err
    assert "texts/a.txt:3: warning RB203" in err and "cp1252" in err


def test_mixed_line_endings_keep_line_numbers(tmp_path):
    from readerbook.diagnostics import Diagnostics
    from readerbook.source import read_source

    path = tmp_path / "m.txt"
    path.write_bytes(b"one\r\ntwo\nthree\rfour\n")
    src = read_source(path, "m.txt", Diagnostics())
    assert [(line.no, line.text) for line in src.lines] == [(1, "one"), (2, "two"), (3, "three"), (4, "four")]


def test_utf8_bom_is_accepted(tmp_path):
    from readerbook.diagnostics import Diagnostics
    from readerbook.source import read_source

    path = tmp_path / "b.txt"
    path.write_bytes(b"\xef\xbb\xbfTitle\n")
    d = Diagnostics()
    assert read_source(path, "b.txt", d).lines[0].text == "Title" and not d.warnings


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["bogus"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        cli.main(["build", "--format", "docx"])
    assert exc.value.code == 2


def test_failure_while_rendering_leaves_previous_outputs(proj, monkeypatch, capsys):
    from readerbook.render import outputs

    before = snapshot(proj)

    def boom(*args, **kwargs):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr(outputs, "render_pdf", boom)
    assert cli.main(["build", str(proj / "book.yaml")]) == 1  # the EPUB was ready, but nothing is written
    err = capsys.readouterr().err
    assert "internal error" in err and "--debug" in err and "Traceback" not in err
    assert snapshot(proj) == before


# With the PDF, the build's layout workers are running when Ctrl-C comes.
@pytest.mark.parametrize("fmt", ["epub", pytest.param("all", marks=pytest.mark.layout)])
def test_ctrl_c_leaves_previous_outputs(proj, monkeypatch, capsys, fmt):
    from readerbook.render import outputs

    before = snapshot(proj)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(outputs, "render_epub", interrupted)
    (proj / "build" / "cache.json").unlink()  # else the EPUB-only build is a no-op: nothing to interrupt
    assert cli.main(["build", str(proj / "book.yaml"), "--format", fmt]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert snapshot(proj) == before


@pytest.mark.slow
def test_killed_build_leaves_previous_outputs(tmp_path):
    """SIGKILL in the middle of PDF layout: dist/ is exactly as it was."""
    copy_project(tmp_path)
    dist = tmp_path / "dist"
    dist.mkdir()
    old = {"trotskyism-and-leninism.pdf": b"%PDF-old", "trotskyism-and-leninism.epub": b"old epub"}
    for name, data in old.items():
        (dist / name).write_bytes(data)
    proc = subprocess.Popen(
        [sys.executable, "-m", "readerbook", "build", str(tmp_path / "book.yaml")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    parts = tmp_path / "build" / "parts"
    # Laid-out parts are kept as they finish: once the first is there, the
    # others are still being laid out.
    while not (parts.is_dir() and any(parts.glob("*.json"))) and time.time() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the build finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert {p.name: p.read_bytes() for p in dist.iterdir()} == old
    # The layout workers end with the build (they would otherwise wait for work for ever).
    marker = str(tmp_path / "book.yaml").encode()
    deadline = time.time() + 10
    while time.time() < deadline and (left := _processes_with(marker)):
        time.sleep(0.1)
    assert not _processes_with(marker), left


def _processes_with(text: bytes) -> list[int]:
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text in cmdline.read_bytes():
                pids.append(int(cmdline.parent.name))
        except OSError:
            pass
    return pids


@pytest.mark.slow
def test_huge_text_builds_with_bounded_memory(tmp_path):
    """A text of tens of megabytes is read, normalized and checked; peak memory
    stays within a small multiple of its size."""
    import resource

    body = textwrap.fill(PROSE, 70) + "\n\n"
    (tmp_path / "texts").mkdir()
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    path = tmp_path / "texts" / "huge.txt"
    with path.open("w") as fh:
        fh.write("A Huge Text\n\n")
        size = 0
        while size < 20_000_000:
            fh.write(body)
            size += len(body)
    (tmp_path / "book.yaml").write_text(GOOD_BOOK.replace("texts/a.txt", "texts/huge.txt"))
    code = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import resource, sys
        from readerbook.pipeline import check
        book, _ = check({str(tmp_path / "book.yaml")!r})
        assert book.texts[0].words > 3_000_000
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        """),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert code.returncode == 0, code.stderr
    peak_mb = int(code.stdout.split()[-1]) / 1024
    assert peak_mb < 2500, peak_mb
    del resource


def test_index_term_that_matches_nothing_is_a_warning(proj, capsys):
    (proj / "index.yaml").write_text("entries:\n  - term: Nobody, Never\n    kind: person\n    match: [Zzyzx]\n")
    (proj / "book.yaml").write_text(GOOD_BOOK.replace("texts:\n", "index: index.yaml\ntexts:\n"))
    assert cli.main(["check", str(proj / "book.yaml")]) == 0
    out = capsys.readouterr().out
    assert "index.yaml:2: warning RB504" in out and "Nobody, Never" in out


def test_index_entry_referring_to_a_missing_term_is_an_error(proj, capsys):
    (proj / "index.yaml").write_text("entries:\n  - term: A\n    see: B\n")
    (proj / "book.yaml").write_text(GOOD_BOOK.replace("texts:\n", "index: index.yaml\ntexts:\n"))
    assert cli.main(["check", str(proj / "book.yaml")]) == 2
    assert "index.yaml:2: error RB503" in capsys.readouterr().err


def test_index_cross_references_to_terms_without_entries_are_no_links(proj):
    """A term the texts never use gets no entry; "see" and "see also" pointing
    at it must not link to an anchor that is not there (EPUBCheck RSC-012)."""
    import re
    import zipfile

    (proj / "index.yaml").write_text(
        "entries:\n"
        "  - term: paragraphs\n    kind: concept\n    match: [paragraph]\n    see_also: [Nobody]\n"
        "  - term: essays\n    kind: concept\n    see: Nobody\n"
        "  - term: Nobody\n    kind: person\n    match: [Zzyzx]\n"
    )
    (proj / "book.yaml").write_text(GOOD_BOOK.replace("texts:\n", "index: index.yaml\ntexts:\n"))
    assert cli.main(["build", str(proj / "book.yaml"), "--format", "epub"]) == 0
    with zipfile.ZipFile(proj / "dist" / "a-test-reader.epub") as z:
        pages = {n.rsplit("/", 1)[-1]: z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")}
    ids = {(name, i) for name, page in pages.items() for i in re.findall(r' id="([^"]+)"', page)}
    index = pages["index.xhtml"]
    assert "Nobody" in index  # the "see" reference is still given, as words
    for name, anchor in re.findall(r'href="([^"#]*)#([^"]+)"', index):
        assert (name or "index.xhtml", anchor) in ids, (name, anchor)


@pytest.mark.parametrize(
    "text,code",
    [
        (f"{PROSE}\n\n{PROSE} and then the text breaks off in the middle of a\n", "RB303"),
        (f"{PROSE}\n\n17\n\n{PROSE}\n", "RB304"),
        (" ".join([PROSE] * 110) + "\n", "RB305"),
        (f"{PROSE}\n\nA broken \ufffd character.\n\n{PROSE}\n", "RB206"),
    ],
)
def test_check_warns_what_deserves_an_editors_look(proj, capsys, text, code):
    (proj / "texts" / "a.txt").write_text(text, encoding="utf-8")
    assert cli.main(["check", str(proj / "book.yaml")]) == 0
    out = capsys.readouterr().out
    assert any(line.startswith("texts/a.txt:") and code in line for line in out.splitlines()), out


def test_nothing_changed_means_nothing_rebuilt(proj, capsys):
    before = snapshot(proj)
    import readerbook

    again = readerbook.build(proj / "book.yaml", formats=("epub",))
    assert again.skipped and again.book is None and snapshot(proj) == before
    # An edit rebuilds; so does a deleted output.
    text = proj / "texts" / "a.txt"
    text.write_text(text.read_text().replace("long enough", "quite long enough", 1))
    assert not readerbook.build(proj / "book.yaml", formats=("epub",)).skipped
    assert readerbook.build(proj / "book.yaml", formats=("epub",)).skipped
    next((proj / "dist").iterdir()).unlink()
    assert not readerbook.build(proj / "book.yaml", formats=("epub",)).skipped


def test_watch_rebuilds_on_change(proj, capsys):
    import threading
    import time as _time

    from readerbook.serve import watch

    thread = threading.Thread(target=watch, args=(proj / "book.yaml", ("epub",), 0.1, True), daemon=True)
    thread.start()
    _time.sleep(0.5)
    text = proj / "texts" / "a.txt"
    text.write_text(text.read_text().replace("long enough", "long enough indeed", 1))
    thread.join(timeout=60)
    err = capsys.readouterr().err
    assert "a.txt changed; rebuilt in" in err
