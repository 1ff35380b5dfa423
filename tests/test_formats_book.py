"""A reader made from sources in every format: Markdown, a web page, an EPUB
excerpted by headings, a plain text excerpted by headings, a DOCX and a PDF
excerpted by pages.  It builds, the EPUB passes EPUBCheck with no error and
no warning, and each source's words are where they belong."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from conftest import ROOT
from helpers import epubcheck, have

CORPUS = ROOT.parent / "shared" / "corpus"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository"),
]

INTRO = """Title: A Note on the Sources
Author: The Editor

## Why these texts

The texts gathered here come in every form a course reader meets: a web page, an
e-book, a word-processor file, a court's PDF and a plain e-text.[^1]

[^1]: Each was read as it came, and normalized by the same passes.
"""

BOOK = """title: Sources in Every Form
identifier: urn:uuid:7f6c2c1e-0000-4000-8000-000000000042
date: 2026-11-30
texts:
  - file: texts/intro.md
    title: A Note on the Sources
    author: The Editor
  - file: texts/manifesto.htm
    title: Bourgeois and Proletarians
    author: Karl Marx and Frederick Engels
  - file: texts/alice.epub
    title: The Pool of Tears
    author: Lewis Carroll
    from: "The Pool Of Tears"
    to: "A Caucus-Race And A Long Tale"
  - file: texts/candide.txt
    title: "Candide, chapitre I"
    author: Voltaire
    from: "CHAPITRE I"
    to: "CHAPITRE II"
  - file: texts/navy.docx
    title: Discharge Review Decisional Document
  - file: texts/tarrant.pdf
    title: Tarrant Regional Water Dist. v. Herrmann (Syllabus)
    pages: 1-5
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import readerbook

    root = tmp_path_factory.mktemp("formats")
    texts = root / "texts"
    texts.mkdir()
    for name, source in {
        "manifesto.htm": "html/marxists-communist-manifesto-ch1.htm",
        "alice.epub": "other/carroll-alice-epub3.epub",
        "candide.txt": "gutenberg/voltaire-candide-fr-ch1-5.txt",
        "navy.docx": "other/navy-ndrb-decision-md17-00012.docx",
        "tarrant.pdf": "pdf/scotus-tarrant-v-herrmann-2013-slip.pdf",
    }.items():
        shutil.copy(CORPUS / source, texts / name)
    (texts / "intro.md").write_text(INTRO, encoding="utf-8")
    shutil.copytree(ROOT / "styles", root / "styles")
    (root / "book.yaml").write_text(BOOK, encoding="utf-8")
    return readerbook.build(root / "book.yaml")


def test_epub_of_every_format_passes_epubcheck(built):
    if not have("java"):
        pytest.skip("no Java runtime for EPUBCheck")
    report = epubcheck(built.outputs["epub"])
    messages = [f"{m['severity']} {m['ID']}: {m['message']}" for m in report["messages"]]
    assert report["checker"]["nError"] == 0 and report["checker"]["nWarning"] == 0, messages


def test_each_source_where_it_belongs(built):
    with zipfile.ZipFile(built.outputs["epub"]) as z:
        docs = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml")}
    text = "\n".join(docs.values())
    assert "A spectre is haunting Europe" in text  # the web page, without its site navigation
    assert "Karl Marx Internet Archive" not in text and "MIA:" not in text
    assert "Curiouser and curiouser" in text  # the EPUB excerpt…
    assert "Down The Rabbit-Hole" not in text and "Caucus-race" not in text.replace("Caucus-Race", "")
    assert "Il y avait en Vestphalie" in text  # the plain text excerpt, in French
    assert "Ce que devint Candide parmi les Bulgares" not in text  # …which stops before chapter II
    assert 'lang="fr"' in text
    assert "FORMDROPDOWN" not in text and "NONE REQUESTED" in text  # the DOCX's form fields
    assert "Tarrant" in text
    assert "Each was read as it came" in text  # the Markdown's note
    method = next(v for k, v in docs.items() if "preface" in k)
    assert "pages 1–5 of the source" in method
    assert "excerpt from “the pool of tears” to “a caucus-race and a long tale”" in method.lower()


def test_pdf_of_every_format(built):
    from pypdf import PdfReader

    reader = PdfReader(built.outputs["pdf"])
    assert len(reader.pages) > 20
    whole = "\n".join(page.extract_text() for page in reader.pages)
    assert "A spectre is haunting Europe" in whole
