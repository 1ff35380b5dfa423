"""The web edition (``--format web``): a static site whose every internal link
resolves, with the EPUB's semantic markup, its notes on the same page, and
the landmarks a screen reader user needs; looked at in a real browser."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml
from lxml import etree

from conftest import copy_project
from readerbook import cli
from readerbook.pipeline import build

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    proj = tmp_path_factory.mktemp("web")
    copy_project(proj)
    result = build(proj / "book.yaml", formats=("web",))
    return result.outputs["web"]


def pages(site: Path) -> dict[str, etree._Element]:
    """Every page, parsed as XML: the pages are polyglot XHTML."""
    return {p.name: etree.parse(str(p)).getroot() for p in sorted(site.glob("*.html"))}


def ids(root) -> set[str]:
    return {el.get("id") for el in root.iter() if el.get("id")}


def test_one_page_per_text_and_a_contents_page(site):
    book = yaml.safe_load((site.parent.parent / "book.yaml").read_text(encoding="utf-8"))
    texts = [Path(t["file"]).stem for t in book["texts"]]
    found = pages(site)
    assert {f"{slug}.html" for slug in texts} <= set(found)
    assert {"index.html", "preface.html", "sources.html", "book-index.html"} <= set(found)
    contents = found["index.html"]
    toc = contents.find(f".//{XHTML}nav[@role='doc-toc']")
    listed = [a.get("href") for a in toc.iterfind(f"./{XHTML}ol/{XHTML}li/{XHTML}a")]
    assert listed == ["preface.html", *(f"{slug}.html" for slug in texts), "sources.html", "book-index.html"]


def test_every_internal_link_resolves(site):
    found = pages(site)
    anchors = {name: ids(root) for name, root in found.items()}
    checked = 0
    for name, root in found.items():
        for el in root.iter():
            target = el.get("href") or el.get("src")
            if target is None or el.tag not in (f"{XHTML}a", f"{XHTML}link", f"{XHTML}script"):
                continue
            url = urlparse(target)
            assert not url.scheme and not url.netloc, f"{name}: {target} leaves the site"
            path = unquote(url.path) or name
            assert (site / path).is_file(), f"{name}: {target} names no file"
            if url.fragment:
                assert url.fragment in anchors[path], f"{name}: {target} names no anchor"
            checked += 1
    assert checked > 1000  # the index alone links every locator


def test_pages_are_accessible(site):
    book = yaml.safe_load((site.parent.parent / "book.yaml").read_text(encoding="utf-8"))
    for name, root in pages(site).items():
        assert root.get("lang") and root.get("lang") == root.get("{http://www.w3.org/XML/1998/namespace}lang")
        body = root.find(f"{XHTML}body")
        first = body[0]
        assert first.tag == f"{XHTML}a" and first.get("href") == "#main", f"{name}: no skip link first"
        assert body.find(f"{XHTML}main").get("id") == "main"
        assert body.find(f"{XHTML}header/{XHTML}nav") is not None and body.find(f"{XHTML}footer") is not None
        assert len(root.findall(f".//{XHTML}h1")) == 1, f"{name}: one h1"
        assert root.findtext(f"{XHTML}head/{XHTML}title")
        levels = [int(el.tag[-1]) for el in root.iter() if el.tag in {f"{XHTML}h{n}" for n in range(1, 7)}]
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), f"{name}: a heading level skipped"
    # A text in another language than the book's is a page in its language.
    for entry in book["texts"]:
        if entry.get("language"):
            page = pages(site)[f"{Path(entry['file']).stem}.html"]
            assert page.get("lang") == entry["language"]


def test_notes_are_on_their_text_page_linked_both_ways(site):
    for root in pages(site).values():
        refs = [a for a in root.iter(f"{XHTML}a") if a.get(EPUB_TYPE) == "noteref"]
        here = ids(root)
        for ref in refs:
            assert ref.get("href").startswith("#") and ref.get("href")[1:] in here  # the pop-up needs it here
        notes = [aside for aside in root.iter(f"{XHTML}aside") if aside.get("role") == "doc-footnote"]
        assert len(notes) >= len({r.get("href") for r in refs})  # every note cited here is here
        for note in notes:
            back = [a.get("href") for a in note.iter(f"{XHTML}a") if a.get("role") == "doc-backlink"]
            assert all(h.startswith("#") and h[1:] in here for h in back)
    cliff = pages(site)["cliff-the-lessons-of-october.html"]
    assert any(a.get(EPUB_TYPE) == "noteref" for a in cliff.iter(f"{XHTML}a"))


def test_index_and_shared_quotations_lead_into_the_text_pages(site):
    index = pages(site)["book-index.html"]
    locators = [a.get("href") for a in index.iter(f"{XHTML}a") if a.get(EPUB_TYPE) == "index-locator"]
    assert locators and all(
        h.split("#")[0].endswith(".html") and h.split("#")[0] != "book-index.html" for h in locators
    )
    shared = index.find(f".//{XHTML}section[@id='shared-quotations']")
    assert shared is not None
    # "Also quoted in": from one text page to another.
    also = [
        a.get("href")
        for root in pages(site).values()
        for p in root.iter(f"{XHTML}p")
        if p.get("class") == "also-quoted"
        for a in p.iter(f"{XHTML}a")
    ]
    assert also and all(h.split("#")[0].endswith(".html") for h in also)


def test_web_is_a_format_of_the_command_line(tmp_path, capsys):
    copy_project(tmp_path)
    assert cli.main(["build", str(tmp_path / "book.yaml"), "--format", "web,md"]) == 0
    assert (tmp_path / "dist" / "trotskyism-and-leninism-web" / "index.html").is_file()
    assert sorted(p.name for p in (tmp_path / "dist" / "trotskyism-and-leninism-md").iterdir()) == sorted(
        f"{Path(t['file']).stem}.md"
        for t in yaml.safe_load((tmp_path / "book.yaml").read_text(encoding="utf-8"))["texts"]
    )
    capsys.readouterr()
    # Unchanged inputs: nothing is rebuilt, and the folders are checked as files are.
    assert cli.main(["build", str(tmp_path / "book.yaml"), "--format", "web,md"]) == 0
    assert "nothing had changed" in capsys.readouterr().err
    (tmp_path / "dist" / "trotskyism-and-leninism-web" / "web.js").write_text("altered")
    assert cli.main(["build", str(tmp_path / "book.yaml"), "--format", "web,md"]) == 0
    assert "nothing had changed" not in capsys.readouterr().err
    assert (tmp_path / "dist" / "trotskyism-and-leninism-web" / "web.js").read_text() != "altered"


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed")
def test_note_pop_up_and_index_link_in_a_browser(site, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1200, "height": 1000})
        page.goto((site / "cliff-the-lessons-of-october.html").as_uri())  # opened from the folder
        ref = page.locator("a.noteref").first
        ref.click()
        popup = page.locator(".note-popup")
        assert popup.is_visible() and "Protokoll" in popup.inner_text()  # Cliff's note 1, as the source has it
        assert page.evaluate("location.hash") == ""  # shown in place, not followed
        page.screenshot(path=str(tmp_path / "popup.png"))
        page.keyboard.press("Escape")
        assert popup.count() == 0
        assert page.evaluate("document.activeElement.classList.contains('noteref')")  # focus back at the reference
        # The skip link is the first thing the keyboard reaches.
        page.goto((site / "index.html").as_uri())
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        # An index locator leads to its words on a text page.
        page.goto((site / "book-index.html").as_uri())
        locator = page.locator("a[href*='.html#']").filter(has_text="¶").first
        target = locator.get_attribute("href")
        locator.click()
        page.wait_for_load_state()
        assert page.url.endswith(target)
        assert page.evaluate("document.getElementById(location.hash.slice(1)) !== null")
        browser.close()
    assert (tmp_path / "popup.png").stat().st_size > 10_000
