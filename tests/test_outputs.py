"""Outputs as a registry: the command line's choices, what a build makes and
what it starts all come from ``render.outputs.OUTPUTS``."""

from __future__ import annotations

import pytest
import yaml

from conftest import copy_project
from readerbook import cli
from readerbook.render import outputs as registry


def test_an_output_added_to_the_registry_is_a_choice_and_is_built(tmp_path, monkeypatch, capsys):
    book = copy_project(tmp_path)
    contents = registry.Output(
        "contents",
        "the texts' titles, one a line",
        lambda out, _work, slug: out / f"{slug}-contents.txt",
        lambda r: "".join(f"{t.title}\n" for t in r.book.texts),
    )
    monkeypatch.setattr(registry, "OUTPUTS", (*registry.OUTPUTS, contents))  # the one place
    assert cli.main(["build", str(book), "--format", "contents"]) == 0
    written = tmp_path / "dist" / "trotskyism-and-leninism-contents.txt"
    titles = [t["title"] for t in yaml.safe_load(book.read_text(encoding="utf-8"))["texts"]]
    assert written.read_text(encoding="utf-8").splitlines() == titles
    assert "wrote: " + str(written) in capsys.readouterr().out
    assert "contents" in _build_help()


def _build_help() -> str:
    parser = cli.make_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sub.choices["build"].format_help()


def test_format_choices_come_from_the_registry(capsys):
    help_text = _build_help()
    for name in registry.choices():
        assert name in help_text
    assert registry.defaults() == ("pdf", "epub")
    assert "print-html" not in registry.choices() and "review" not in registry.choices()  # companions
    with pytest.raises(SystemExit) as exc:
        cli.main(["build", "--format", "epub,docx"])
    assert exc.value.code == 2
    assert "docx" in capsys.readouterr().err
    assert cli.formats_arg("all") == registry.defaults()
    assert cli.formats_arg("web,epub,web") == ("web", "epub")


def test_needs_decide_what_a_build_starts_and_brings(tmp_path):
    from readerbook.pipeline import build

    assert registry.needs(("web",)) == frozenset()
    assert registry.Need.LAYOUT in registry.needs(("pdf",))
    assert [o.name for o in registry.selected(("web",))] == ["web", "review"]
    assert [o.name for o in registry.selected(("epub", "pdf"))] == ["pdf", "epub", "print-html", "review"]
    book = copy_project(tmp_path)
    result = build(book, formats=("web", "json"))
    assert set(result.outputs) == {"web", "json"} and result.parts == 0  # nothing laid out
    assert (tmp_path / "build" / "review.html").is_file() and not (tmp_path / "build" / "print.html").exists()
    assert not (tmp_path / "build" / "parts").exists()


def test_the_page_map_reaches_the_epub_as_a_value_not_through_the_book(tmp_path):
    """An EPUB-only build takes the recorded print pages; the assembled book
    is not changed, so outputs that do not need the pages never see them."""
    import io
    import zipfile

    from readerbook.diagnostics import Diagnostics
    from readerbook.pagemap import PageMap
    from readerbook.pipeline import load_book, styles_dir

    book_yaml = copy_project(tmp_path)
    diagnostics = Diagnostics()
    book = load_book(book_yaml, diagnostics)
    work = tmp_path / "build"
    work.mkdir()
    probe = registry.Rendering(book, styles_dir(book.manifest), work, diagnostics)
    first = book.texts[0]
    PageMap(probe.source_hash, ["title-page", first.slug, f"{first.slug}-p2"]).save(work / "pagemap.json")
    produced, rendering = registry.render(book, ("epub", "web"), styles_dir(book.manifest), work, diagnostics)
    assert book.page_map is None and rendering.paged.page_map is not None
    with zipfile.ZipFile(io.BytesIO(produced["epub"])) as epub:
        nav = epub.read("EPUB/nav.xhtml").decode()
        text = epub.read(f"EPUB/{book.where(first.slug)}").decode()
    assert 'epub:type="page-list"' in nav and 'id="page-3"' in text  # page 3 begins at ¶ 2
    assert not any(b'role="doc-pagebreak"' in page for page in produced["web"].values())
    assert "RB602" not in {d.code for d in diagnostics}
