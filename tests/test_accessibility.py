"""Ace by DAISY on the built EPUB: no serious or critical violations.

Ace needs Node and Chromium; `scripts/dev ace` installs both and runs this
test.  Without them it is skipped, saying why."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

ACE = os.environ.get("ACE_CLI") or shutil.which("ace-cli") or str(ROOT / ".tools/node_modules/.bin/ace-cli")
CHROMIUM = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or str(ROOT / ".tools/chromium-headless")


@pytest.mark.skipif(
    not (Path(ACE).exists() and Path(CHROMIUM).exists()), reason="Ace by DAISY is not installed (run scripts/dev ace)"
)
@pytest.mark.browser
def test_ace_reports_no_serious_or_critical_violations(tmp_path):
    epub = ROOT / "dist" / "trotskyism-and-leninism.epub"
    if not epub.exists():
        import readerbook

        epub = readerbook.build(ROOT / "book.yaml", tmp_path / "dist", build_dir=tmp_path / "build").outputs["epub"]
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=CHROMIUM)
    run = subprocess.run(
        [ACE, "-f", "-s", "-o", str(tmp_path / "ace"), str(epub)], env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads((tmp_path / "ace" / "report.json").read_text())
    impacts = [a["earl:test"].get("earl:impact") for s in report.get("assertions", []) for a in s.get("assertions", [])]
    assert not [i for i in impacts if i in ("serious", "critical")], impacts
