"""Inputs as people have them: texts in legacy and mixed encodings, characters
no output can carry, and mistakes that can be found before the long work
(an output folder that cannot be written, a folder where a text should be,
an unreadable text, a broken index file)."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from readerbook import cli, pipeline
from readerbook.diagnostics import Diagnostics
from readerbook.ir import ITALIC, Line, SourceText, Style
from readerbook.normalize import TextOptions
from readerbook.source import read_source, source_from_string
from test_errors import GOOD_BOOK, PROSE

# An English text with the accented letters and typographic marks English has.
ENGLISH = (
    "A Short Title\n\nAnn Author\n\n"
    "My Résumé was written in the café; it’s “naïve”, and the déjà vu is real.\n\n"
    f"{PROSE}\n\n{PROSE}\n"
)
BOOK = GOOD_BOOK


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    (tmp_path / "texts").mkdir()
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    (tmp_path / "texts" / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "book.yaml").write_text(BOOK, encoding="utf-8")
    return tmp_path


def read_bytes(tmp_path: Path, data: bytes, **options) -> tuple[SourceText, Diagnostics]:
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    d = Diagnostics()
    return read_source(path, "t.txt", d, TextOptions(**options)), d


def text_of(source: SourceText) -> str:
    return "\n".join(line.text for line in source.lines)


# ------------------------------------------------------------ decoding


def test_an_english_cp1252_text_decodes_as_cp1252_and_the_warning_says_why(tmp_path):
    source, d = read_bytes(tmp_path, ENGLISH.encode("cp1252"))
    assert source.encoding == "cp1252"
    assert "My Résumé was written in the café; it’s “naïve”, and the déjà vu is real." in text_of(source)
    [w] = d.warnings
    assert w.code == "RB203" and w.line == 5
    assert "cp1252" in w.message and "Western European" in w.message
    assert "accented letter" in w.message  # the evidence for it…
    assert "capital(s) inside words" in w.message or "would have" in w.message  # …and against the runner-up


def test_one_utf8_line_in_a_cp1252_text_is_decoded_as_utf8_and_reported(tmp_path):
    data = ENGLISH.encode("cp1252") + "Another line in UTF-8: “Résumé” — café.\n".encode()
    source, d = read_bytes(tmp_path, data)
    text = text_of(source)
    assert "Rйsumй" not in text and "RÃ©sumÃ©" not in text
    assert "My Résumé was written in the café; it’s “naïve”" in text
    assert "Another line in UTF-8: “Résumé” — café." in text
    [w] = d.warnings
    assert w.code == "RB208" and w.line == 10 and "UTF-8" in w.message and "cp1252" in w.message
    [(line, detail, shown)] = source.decoded
    assert line == 10 and "UTF-8" in detail and shown == "Another line in UTF-8: “Résumé” — café."


def test_a_cp1252_line_in_a_utf8_text_is_decoded_as_cp1252_and_reported(tmp_path):
    lines = [f"{PROSE} Café, naïve, “quoted”." for _ in range(6)]
    data = "\n".join(lines).encode("utf-8") + "\nA pasted line: it’s a café.\n".encode("cp1252")
    source, d = read_bytes(tmp_path, data)
    text = text_of(source)
    assert text.count("Café, naïve, “quoted”.") == 6 and "A pasted line: it’s a café." in text
    [w] = d.warnings
    assert w.code == "RB208" and w.line == 7
    assert [c[0] for c in source.decoded] == [7]


@pytest.mark.parametrize(
    "text,encoding",
    [
        ("Příliš žluťoučký kůň úpěl ďábelské ódy. Je to také věta, která může být.", "cp1250"),
        ("Zażółć gęślą jaźń. Może już się coś stało, był tam.", "cp1250"),
        ("Привет, мир. Это текст на русском языке, и он был написан для проверки.", "cp1251"),
        ("Привет, мир. Это текст на русском языке, и он был написан для проверки.", "koi8_r"),
        ("Über die Straße gehen; für mich wäre das schön.", "mac_roman"),
        ("He said – and it was true – that “this” works…", "cp1252"),
        ("L’été dernier, à Paris, il était très “naïf” — déjà.", "cp1252"),
        ("A naïve café in Zürich.", "latin-1"),
    ],
)
def test_the_code_page_is_the_one_under_which_the_text_reads_as_words(tmp_path, text, encoding):
    source, _ = read_bytes(tmp_path, (text + "\n").encode(encoding))
    assert text_of(source) == text
    assert source.encoding == encoding


def test_encoding_in_book_yaml_overrides_detection(tmp_path):
    source, d = read_bytes(tmp_path, "Naïve, à la.\n".encode("cp1252"), encoding="cp1250")
    assert text_of(source) == "Naďve, ŕ la." and source.encoding == "cp1250" and not d.warnings


def test_encoding_override_in_a_build(proj, capsys):
    (proj / "texts" / "a.txt").write_bytes(ENGLISH.encode("mac_roman"))
    (proj / "book.yaml").write_text(BOOK + "    encoding: mac_roman\n")
    assert cli.main(["build", str(proj / "book.yaml"), "--format", "epub"]) == 0
    assert "RB203" not in capsys.readouterr().err
    with zipfile.ZipFile(next((proj / "dist").glob("*.epub"))) as z:
        body = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert "Résumé" in body


# ------------------------------------------------------------ characters no output can carry

CONTROLS = f"A Short Title\n\nAnn Author\n\n{PROSE} Here \x01 a control, \x85 a NEL, \ufffe a noncharacter, \ue000 a private one.\n\n{PROSE}\n"


def test_characters_no_format_can_carry_are_removed_and_recorded_with_their_line(tmp_path):
    source, _ = read_bytes(tmp_path, CONTROLS.encode("utf-8"))
    line = source.lines[4].text
    assert not any(c in line for c in "\x01\x85\ufffe\ue000")
    assert "Here  a control,   a NEL,  a noncharacter,  a private one." in line  # NEL becomes a space
    [(no, detail, shown)] = source.decoded
    assert no == 5
    for code in ("U+0001", "U+0085", "U+FFFE", "U+E000"):
        assert code in detail and code in shown
    assert "private-use" in detail and "control character" in detail


def test_a_text_with_control_characters_builds_and_the_review_page_counts_them(proj, capsys):
    (proj / "texts" / "a.txt").write_bytes(CONTROLS.encode("utf-8"))
    assert cli.main(["build", str(proj / "book.yaml"), "--format", "epub"]) == 0
    err = capsys.readouterr().err
    assert "internal error" not in err and "RB390" not in err
    with zipfile.ZipFile(next((proj / "dist").glob("*.epub"))) as z:
        body = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert not any(c in body for c in "\x01\x85\ufffe\ue000")
    review = (proj / "build" / "review.html").read_text(encoding="utf-8")
    assert "1 decoding" in review and "U+E000" in review and "only('decoding')" in review


def test_unpaired_surrogates_are_removed_from_text_held_in_memory():
    source = source_from_string(f"{PROSE} a \ud800 lone surrogate.\n")
    assert "\ud800" not in source.lines[0].text and source.decoded[0][0] == 1


def test_every_reader_s_lines_are_cleaned_with_their_styles_kept():
    from readerbook.readers import carriable

    line = Line(3, "ab\x02cd\ue001ef", styles=(Style(3, 8, ITALIC),))
    source = carriable(SourceText(Path("x.pdf"), "x.pdf", "pdf", (line,), 10, "pdf", meta={"title": "T\x07"}))
    [clean] = source.lines
    assert clean.text == "abcdef" and clean.styles == (Style(2, 6, ITALIC),)
    assert clean.text[2:6] == "cdef" and source.meta["title"] == "T" and source.decoded[0][0] == 3


def test_the_audit_finds_a_character_no_output_can_carry():
    from readerbook.normalize import normalize_source
    from readerbook.normalize.audit import audit

    # A reader that let one through (this source bypasses the readers' cleaning).
    lines = (Line(1, f"{PROSE} \x01 more."),)
    doc = normalize_source(
        SourceText(Path("t.txt"), "t.txt", "utf-8", lines, 100), TextOptions(), diagnostics=Diagnostics()
    )
    assert any("U+0001" in p.message for p in audit(doc.source_lines, doc))


def test_a_control_character_in_book_yaml_is_refused_with_its_line(proj, capsys):
    (proj / "book.yaml").write_text(BOOK.replace("title: A Short Title", 'title: "A \\x01 Short Title"'))
    assert cli.main(["build", str(proj / "book.yaml"), "--format", "epub"]) == 2
    err = capsys.readouterr().err
    assert "book.yaml:6:12: error RB113" in err and "U+0001" in err
    assert "internal error" not in err and "Traceback" not in err


# ------------------------------------------------------------ fail early


@pytest.fixture
def no_long_work(monkeypatch):
    """Normalizing a text is the long work: a test that it is never reached."""

    def refuse(*args, **kwargs):
        raise AssertionError("the build went on to normalize the texts")

    monkeypatch.setattr(pipeline, "normalize_texts", refuse)


def test_out_under_a_regular_file_is_refused_before_the_build(proj, capsys, no_long_work):
    (proj / "plain").write_text("a file")
    assert cli.main(["build", str(proj / "book.yaml"), "--out", str(proj / "plain" / "dist")]) == 2
    err = capsys.readouterr().err
    assert "error RB603" in err and "is a file, not a folder" in err and "hint:" in err
    assert "internal error" not in err


def test_out_that_is_a_regular_file_is_refused(proj, capsys, no_long_work):
    (proj / "plain").write_text("a file")
    assert cli.main(["build", str(proj / "book.yaml"), "--out", str(proj / "plain")]) == 2
    assert "RB603" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_out_without_write_permission_is_refused(proj, capsys, no_long_work):
    locked = proj / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert cli.main(["build", str(proj / "book.yaml"), "--out", str(locked / "dist")]) == 2
        err = capsys.readouterr().err
        assert "RB603" in err and "permission" in err
    finally:
        locked.chmod(0o700)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may read anything")
def test_an_unreadable_text_is_refused_before_the_build(proj, capsys, no_long_work):
    (proj / "texts" / "a.txt").chmod(0o000)
    try:
        assert cli.main(["build", str(proj / "book.yaml"), "--format", "epub"]) == 1
        err = capsys.readouterr().err
        assert "texts/a.txt: error RB200" in err and "permission" in err.lower()
    finally:
        (proj / "texts" / "a.txt").chmod(0o644)


def test_a_broken_index_file_is_refused_before_the_build(proj, capsys, no_long_work):
    (proj / "index.yaml").write_text("entries:\n  - term: [unclosed\n")
    (proj / "book.yaml").write_text(BOOK.replace("texts:\n", "index: index.yaml\ntexts:\n"))
    assert cli.main(["build", str(proj / "book.yaml"), "--format", "epub"]) == 2
    assert "index.yaml:3:1: error RB501" in capsys.readouterr().err


def test_a_missing_book_face_is_reported_before_the_build(proj, monkeypatch):
    from readerbook.manifest import load_manifest
    from readerbook.preflight import Plan, preflight
    from readerbook.render import outputs

    monkeypatch.setattr(outputs, "book_font_installed", lambda: False)
    manifest = load_manifest(proj / "book.yaml")
    d = Diagnostics()
    preflight(Plan(manifest, proj / "dist", proj / "build", ("pdf",)), d)
    [w] = d.warnings
    assert w.code == "RB601" and "apt-get install" in w.hint
    d = Diagnostics()
    preflight(Plan(manifest, proj / "dist", proj / "build", ("epub",)), d)
    assert not d.warnings  # an EPUB needs no installed face


def test_a_folder_where_a_text_should_be_says_so(proj, capsys):
    (proj / "texts" / "b.txt").mkdir()
    (proj / "texts" / "b.txt" / "inner.txt").write_text(PROSE)
    (proj / "book.yaml").write_text(BOOK.replace("texts/a.txt", "texts/b.txt"))
    assert cli.main(["build", str(proj / "book.yaml"), "--format", "epub"]) == 2
    err = capsys.readouterr().err
    assert "book.yaml:5:11: error RB112" in err and "folder" in err
    assert "did you mean 'b.txt'" not in err and "texts/b.txt/inner.txt" in err


def test_a_folder_named_as_the_preface_says_so(proj, capsys):
    (proj / "texts" / "preface").mkdir()
    (proj / "book.yaml").write_text(BOOK.replace("texts:\n", "preface: texts/preface\ntexts:\n"))
    assert cli.main(["check", str(proj / "book.yaml")]) == 2
    err = capsys.readouterr().err
    assert "RB112" in err and "'preface'" in err


def test_a_markdown_text_in_mixed_encodings_cites_its_lines(tmp_path):
    path = tmp_path / "t.md"
    path.write_bytes(f"# A Title\n\n{PROSE} It’s a café.\n\n".encode("cp1252") + f"{PROSE} “Résumé”.\n".encode())
    d = Diagnostics()
    source = read_source(path, "t.md", d, TextOptions())
    assert "“Résumé”" in text_of(source) and "It’s a café." in text_of(source)
    assert [w.code for w in d.warnings] == ["RB208"] and len(source.decoded) == 1


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_with_a_code(tmp_path_factory, data):
    from readerbook.diagnostics import ReaderbookError
    from readerbook.readers.decoding import UNCARRIABLE

    path = tmp_path_factory.mktemp("b") / "t.txt"
    path.write_bytes(data)
    try:
        source = read_source(path, "t.txt", Diagnostics(), TextOptions())
    except ReaderbookError as exc:
        assert all(d.code.startswith("RB2") for d in exc.diagnostics)
        return
    assert not any(UNCARRIABLE.search(line.text) for line in source.lines)
    for change in source.decoded:
        change.text.encode("utf-8")  # the review page can write what it shows


def test_a_named_pipe_where_a_text_should_be_is_refused_without_reading_it(proj, capsys):
    os.mkfifo(proj / "texts" / "pipe.txt")
    (proj / "book.yaml").write_text(BOOK.replace("texts/a.txt", "texts/pipe.txt"))
    assert cli.main(["check", str(proj / "book.yaml")]) == 2  # a read would block for ever
    assert "RB107" in (err := capsys.readouterr().err) and "not a regular file" in err


def test_a_file_where_the_build_folder_should_be_is_refused(proj, capsys, no_long_work):
    (proj / "build").write_text("not a folder")
    assert cli.main(["build", str(proj / "book.yaml"), "--format", "epub"]) == 2
    err = capsys.readouterr().err
    assert "build: error RB603" in err and "is a file, not a folder" in err and "internal error" not in err
