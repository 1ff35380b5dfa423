from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from readerbook.diagnostics import Diagnostics
from readerbook.model import Document
from readerbook.normalize import TextOptions, normalize_source
from readerbook.source import source_from_string

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config):
    """``scripts/dev test --fast`` (READERBOOK_FAST=1) lays out no page: a
    test that does is refused, so that it gets its ``layout`` mark (and
    leaves the inner loop) rather than slowing it down unnoticed."""
    if os.environ.get("READERBOOK_FAST"):
        import weasyprint

        def refuse(self, *args, **kwargs):
            raise AssertionError("this test lays out pages with WeasyPrint: mark it @pytest.mark.layout")

        weasyprint.HTML.render = refuse


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*.md and tests/corpus/scores.json from the current output",
    )


def norm(text: str, dedent: bool = True, **options) -> Document:
    """Normalize a text given as a string (dedented), with TextOptions."""
    if dedent:
        text = textwrap.dedent(text).lstrip("\n")
    doc = normalize_source(source_from_string(text), TextOptions(**options), diagnostics=Diagnostics())
    return doc


def norm_diag(text: str, **options) -> tuple[Document, Diagnostics]:
    d = Diagnostics()
    doc = normalize_source(
        source_from_string(textwrap.dedent(text).lstrip("\n")), TextOptions(**options), diagnostics=d
    )
    return doc, d


def copy_project(dest: Path) -> Path:
    """Copy the shipped reader project (texts, styles, book.yaml, index) to dest; return its book.yaml."""
    for name in ("texts", "styles"):
        shutil.copytree(ROOT / name, dest / name)
    for name in ("book.yaml", "index.yaml"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, dest / name)
    return dest / "book.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped reader project (texts, styles, book.yaml, index)."""
    copy_project(tmp_path)
    return tmp_path
