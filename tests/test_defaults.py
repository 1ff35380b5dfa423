"""The two-line book.yaml: a title and a list of texts is enough; identifier,
date, language and each text's title have defaults that keep a rebuild of
unchanged inputs byte-identical."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest

import readerbook
from conftest import ROOT
from corpus_score import CORPUS
from readerbook import cli
from readerbook.diagnostics import ReaderbookError
from readerbook.manifest import load_manifest

TWO_LINES = "title: Two Texts\ntexts: [texts/cliff.txt, texts/origins.txt]\n"


def two_line_project(folder: Path, book: str = TWO_LINES) -> Path:
    (folder / "texts").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "texts" / "cliff-the-lessons-of-october.txt", folder / "texts" / "cliff.txt")
    shutil.copy(ROOT / "texts" / "origins-of-trotskyism.txt", folder / "texts" / "origins.txt")
    (folder / "book.yaml").write_text(book)
    return folder / "book.yaml"


def opf(epub: Path) -> str:
    with zipfile.ZipFile(epub) as z:
        return z.read("EPUB/content.opf").decode()


@pytest.fixture
def no_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def test_two_line_book_builds_twice_byte_identically(tmp_path, no_epoch):
    book = two_line_project(tmp_path)
    # Each build cold, in a working folder of its own: nothing is reused.
    first = readerbook.build(book, tmp_path / "one", formats=("epub",), build_dir=tmp_path / "b1")
    second = readerbook.build(book, tmp_path / "two", formats=("epub",), build_dir=tmp_path / "b2")
    assert second.normalized == first.normalized == ["texts/cliff.txt", "texts/origins.txt"]
    assert first.outputs["epub"].read_bytes() == second.outputs["epub"].read_bytes()
    package = opf(first.outputs["epub"])
    assert "<dc:title>Two Texts</dc:title>" in package and "urn:uuid:" in package
    # Each text is titled and credited as it titles and credits itself.
    titles = [t.entry.title for t in first.book.texts]
    assert titles == ["The Lessons of October", "Origins of Trotskyism"]
    assert first.book.texts[0].entry.author == "Tony Cliff"


@pytest.mark.slow
@pytest.mark.layout
def test_two_line_book_pdf_builds_twice_byte_identically(tmp_path, no_epoch):
    book = two_line_project(tmp_path)
    first = readerbook.build(book, tmp_path / "one", formats=("pdf",), build_dir=tmp_path / "b1")
    second = readerbook.build(book, tmp_path / "two", formats=("pdf",), build_dir=tmp_path / "b2")
    assert second.laid_out and len(second.laid_out) == second.parts  # laid out afresh
    assert first.outputs["pdf"].read_bytes() == second.outputs["pdf"].read_bytes()


def test_the_identifier_is_a_uuid_of_the_title_and_file_names(tmp_path, no_epoch):
    ids = {}
    for name, book in [
        ("a", TWO_LINES),
        ("b", TWO_LINES),  # the same book in another folder
        ("c", TWO_LINES.replace("Two Texts", "Two Other Texts")),
        ("d", "title: Two Texts\ntexts: [texts/cliff.txt]\n"),
    ]:
        ids[name] = load_manifest(two_line_project(tmp_path / name, book)).identifier
    assert ids["a"] == ids["b"]
    assert len({ids["a"], ids["c"], ids["d"]}) == 3
    assert uuid.UUID(ids["a"].removeprefix("urn:uuid:")).version == 5
    # Listing the texts in another order is the same book.
    again = two_line_project(tmp_path / "e", "title: Two Texts\ntexts: [texts/origins.txt, texts/cliff.txt]\n")
    assert load_manifest(again).identifier == ids["a"]
    # What book.yaml gives wins.
    given = two_line_project(tmp_path / "f", TWO_LINES + "identifier: urn:isbn:9780000000000\n")
    assert load_manifest(given).identifier == "urn:isbn:9780000000000"


def test_the_date_is_source_date_epoch_first(tmp_path, monkeypatch):
    book = two_line_project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    assert load_manifest(book).date == dt.date(2023, 11, 14)
    result = readerbook.build(book, formats=("epub",))
    assert "<dc:date>2023-11-14</dc:date>" in opf(result.outputs["epub"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ReaderbookError) as err:
        load_manifest(book)
    assert [d.code for d in err.value.diagnostics] == ["RB114"]


def test_the_date_is_else_the_newest_modification_of_the_inputs(tmp_path, no_epoch):
    book = two_line_project(tmp_path)
    noon = dt.datetime(2019, 3, 4, 12, tzinfo=dt.UTC).timestamp()
    for path in (book, tmp_path / "texts" / "cliff.txt", tmp_path / "texts" / "origins.txt"):
        os.utime(path, (noon, noon))
    assert load_manifest(book).date == dt.date(2019, 3, 4)
    later = dt.datetime(2020, 7, 8, 12, tzinfo=dt.UTC).timestamp()
    os.utime(tmp_path / "texts" / "origins.txt", (later, later))
    assert load_manifest(book).date == dt.date(2020, 7, 8)
    (tmp_path / "unrelated.txt").write_text("not an input")  # written now: no bearing
    assert load_manifest(book).date == dt.date(2020, 7, 8)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_date_is_else_the_newest_git_commit_of_the_inputs(tmp_path, no_epoch):
    book = two_line_project(tmp_path)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "E",
        "GIT_AUTHOR_EMAIL": "e@example.org",
        "GIT_COMMITTER_NAME": "E",
        "GIT_COMMITTER_EMAIL": "e@example.org",
    }

    def git(*args, when=None):
        extra = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True, env={**env, **extra})

    git("init", "-q")
    git("add", "book.yaml", "texts")
    git("commit", "-qm", "texts", when="2021-05-06T12:00:00Z")
    (tmp_path / "notes.md").write_text("not an input")
    git("add", "notes.md")
    git("commit", "-qm", "a file the book does not read", when="2022-01-01T12:00:00Z")
    # The files were written today; their commit is what counts.
    assert load_manifest(book).date == dt.date(2021, 5, 6)
    first = readerbook.build(book, tmp_path / "one", formats=("epub",))
    os.utime(tmp_path / "texts" / "cliff.txt")  # touched, not changed
    second = readerbook.build(book, tmp_path / "two", formats=("epub",))
    assert first.outputs["epub"].read_bytes() == second.outputs["epub"].read_bytes()


def test_the_language_is_the_texts_own(tmp_path, no_epoch):
    candide = CORPUS / "gutenberg" / "voltaire-candide-fr-ch1-5.txt"
    if not candide.is_file():
        pytest.skip("the corpus is not beside the repository")
    (tmp_path / "texts").mkdir()
    shutil.copy(candide, tmp_path / "texts" / "candide.txt")
    (tmp_path / "book.yaml").write_text("title: Candide\ntexts:\n  - texts/candide.txt\n")
    result = readerbook.build(tmp_path / "book.yaml", formats=("epub",))
    assert "<dc:language>fr</dc:language>" in opf(result.outputs["epub"])
    (tmp_path / "book.yaml").write_text("title: Candide\nlanguage: en\ntexts:\n  - texts/candide.txt\n")
    result = readerbook.build(tmp_path / "book.yaml", formats=("epub",))
    assert "<dc:language>en</dc:language>" in opf(result.outputs["epub"])


def test_paths_and_mappings_mix_and_a_bare_path_is_checked(tmp_path, no_epoch, capsys):
    book = two_line_project(
        tmp_path,
        "title: Mixed\ntexts:\n  - texts/cliff.txt\n  - file: texts/origins.txt\n    title: Origins\n",
    )
    manifest = load_manifest(book)
    assert [t.slug for t in manifest.texts] == ["cliff", "origins"]
    assert manifest.texts[1].title == "Origins"
    (tmp_path / "book.yaml").write_text("title: Mixed\ntexts:\n  - texts/cliff.txt\n  - texts/orgins.txt\n")
    assert cli.main(["build", str(book), "--format", "epub"]) == 2
    err = capsys.readouterr().err
    assert "book.yaml:4:5" in err and "RB107" in err and "origins.txt" in err  # the line, and the nearest name


def test_init_still_writes_the_full_form(tmp_path):
    (tmp_path / "texts").mkdir()
    shutil.copy(ROOT / "texts" / "origins-of-trotskyism.txt", tmp_path / "texts" / "origins.txt")
    assert cli.main(["init", str(tmp_path)]) == 0
    draft = (tmp_path / "book.yaml").read_text()
    for key in ("title:", "language:", "identifier:", "date:", "page_size:", "  - file:", "    title:"):
        assert any(line.startswith(key) for line in draft.splitlines()), key
    assert draft.lstrip().startswith("#")  # with its comments
