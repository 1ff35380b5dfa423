"""readerbook serve, tested in a real browser: Playwright driving Debian's
Chromium against the server on 127.0.0.1."""

from __future__ import annotations

import shutil
import time
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


def test_one_build_at_a_time_the_newest_change_winning(tmp_path, monkeypatch):
    """Saves that come while a preview is being built are gathered into the
    next one; a background build under way is stopped by a newer save."""
    import subprocess
    import threading

    from readerbook.serve import Builder, ServeState

    state = ServeState(copy_project(tmp_path).resolve(), with_pdf=True)
    builder = Builder(state)
    running, overlapped, built = threading.Lock(), [], []
    backgrounds: list[subprocess.Popen] = []

    def preview(changed):
        if not running.acquire(blocking=False):
            overlapped.append(changed)
            return
        try:
            built.append(changed)
            time.sleep(0.3)
        finally:
            running.release()

    def start_background():  # stands for the EPUB and PDF build: long, in its own session
        builder.background = subprocess.Popen(["sleep", "60"], start_new_session=True)
        backgrounds.append(builder.background)

    monkeypatch.setattr(builder, "preview", preview)
    monkeypatch.setattr(builder, "start_background", start_background)
    thread = threading.Thread(target=builder.run, daemon=True)
    thread.start()
    try:
        builder.changed_inputs(["a.txt"])
        time.sleep(0.1)  # the first preview is under way
        builder.changed_inputs(["b.txt"])
        builder.changed_inputs(["c.txt"])
        deadline = time.time() + 10
        while not backgrounds and time.time() < deadline:
            time.sleep(0.05)
        assert built == [["a.txt"], ["b.txt", "c.txt"]] and not overlapped
        assert len(backgrounds) == 1 and backgrounds[0].poll() is None  # the background build, once
        builder.changed_inputs(["d.txt"])
        while len(backgrounds) < 2 and time.time() < deadline:
            time.sleep(0.05)
        assert backgrounds[0].poll() is not None  # stopped by the newer save…
        assert built[-1] == ["d.txt"] and len(backgrounds) == 2  # …whose preview came first, then a new one
    finally:
        builder.stop()
        thread.join(timeout=10)
    assert all(p.poll() is not None for p in backgrounds)  # none outlives serve
