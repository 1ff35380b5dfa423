"""readerbook serve, tested in a real browser: Playwright driving Debian's
Chromium against the server on 127.0.0.1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import copy_project

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed (scripts/dev test installs it)"),
]


@pytest.fixture
def server(tmp_path):
    from readerbook.serve import Server

    srv = Server(copy_project(tmp_path), port=0, with_pdf=False)
    srv.start()
    yield srv
    srv.stop()


def test_review_page_and_preview_in_a_browser(server, tmp_path):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1200, "height": 1400})

        # The review page shows the PDF text's page numbers struck out.
        page.goto(server.url + "review.html")
        struck = page.locator("#rv-essay-trotsky-and-permanent-revolution .removed")
        texts = struck.all_inner_texts()
        assert {"28", "46", "49"} <= set(texts)
        page.locator("input[type=radio]").nth(1).check()  # show only removals
        page.screenshot(path=str(tmp_path / "review.png"))

        # The preview is the web edition (the EPUB's XHTML): a note reference shows its note.
        page.goto(server.url + "preview/trotskyism-and-leninism-web/cliff-the-lessons-of-october.html")
        page.locator("a.noteref").first.click()
        note = page.locator(".note-popup")
        assert note.is_visible() and "Protokoll" in note.inner_text()
        page.screenshot(path=str(tmp_path / "note.png"))

        # The start page reloads the preview of a text after an edit to it.
        page.goto(server.url)
        page.wait_for_function("document.getElementById('status').textContent.startsWith('rebuilt')")
        frame = page.frame(name="view")
        frame.goto(server.url + "preview/trotskyism-and-leninism-web/origins-of-trotskyism.html")
        text = Path(server.state.manifest_path).parent / "texts" / "origins-of-trotskyism.txt"
        assert "greatest single event" not in frame.inner_text("main")
        text.write_text(text.read_text().replace("greatest event", "greatest single event", 1))
        page.wait_for_function(
            "(document.getElementById('view').contentDocument?.body?.innerText ?? '').includes('greatest single event')",
            timeout=60_000,
        )
        assert "origins-of-trotskyism.txt" in page.inner_text("#status")
        browser.close()
    assert (tmp_path / "review.png").stat().st_size > 10_000 and (tmp_path / "note.png").stat().st_size > 10_000
