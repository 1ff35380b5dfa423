"""readerbook serve's build loop: one build at a time, the newest change
winning (no browser: the builds are stood in for)."""

from __future__ import annotations

import subprocess
import threading
import time

from conftest import copy_project
from readerbook.serve import Builder, ServeState


def test_one_build_at_a_time_the_newest_change_winning(tmp_path, monkeypatch):
    """Saves that come while a preview is being built are gathered into the
    next one; a background build under way is stopped by a newer save."""
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
