"""Sources and permissions: rights and source_url in book.yaml, the terms a
text states itself, the back-matter page in both outputs, dc:rights and
dc:source in the EPUB, RB510; and the editor's prose typeset like the texts."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import readerbook
from conftest import ROOT
from helpers import epubcheck, have
from readerbook.diagnostics import Diagnostics, ReaderbookError
from readerbook.manifest import load_manifest
from readerbook.model import Change
from readerbook.pipeline import load_book, normalize_file
from readerbook.sources import NOT_STATED, stated_terms

CORPUS = ROOT.parent / "shared" / "corpus"
XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}

STRAIGHT = re.compile(r"[\"']")

PLAIN = """\
THE CO-OPERATIVE MOVEMENT

The movement began in Rochdale in 1844. Its members' first shop sold flour,
butter, sugar and oatmeal.

It was, in the words of one of them, "a store for the people".
"""

GUTENBERG = """\
The Project Gutenberg EBook of A Short Essay, by A. Writer

This eBook is for the use of anyone anywhere at no cost and with
almost no restrictions whatsoever.  You may copy it, give it away or
re-use it under the terms of the Project Gutenberg License included
with this eBook or online at www.gutenberg.org


Title: A Short Essay

Author: A. Writer

*** START OF THIS PROJECT GUTENBERG EBOOK A SHORT ESSAY ***

The essay argues that short essays are best. It says so at once, and then it
stops, as a short essay should.

*** END OF THIS PROJECT GUTENBERG EBOOK A SHORT ESSAY ***
"""

WEB = """\
A Letter on Housing

The council's plan for the estate was published in March. Tenants were not
asked; they read of it in the local paper.

Photo: CC BY 2.0 / Image: public domain
"""

PREFACE = """\
## Why these texts

They were chosen for a seminar on "co-operation", and for the members' own words.
"""

BOOK = """\
title: "Co-operators' Reader"
identifier: urn:uuid:7f6c2c1e-0000-4000-8000-000000000510
date: 2026-11-30
preface: texts/preface.md
index: index.yaml
texts:
  - file: texts/plain.txt
    title: "The Co-operative Movement"
    author: "A. Historian"
    rights: "Reproduced with permission of the author's estate"
    source_url: "https://example.org/co-op/history.html"
  - file: texts/gutenberg.txt
    title: "A Short Essay"
    author: "A. Writer"
  - file: texts/web.txt
    title: "A Letter on Housing"
    emendations:
      - find: "council's plan"
        replace: "council's plan"
        reason: "checked against the paper's \\"print\\" edition"
"""


INDEX = """\
entries:
  - term: "Rochdale Pioneers' store"
    kind: organisation
    match: ["store for the people"]
    see_also: ["co-operators' movement"]
  - term: "co-operators' movement"
    kind: concept
    match: ["first shop"]
"""


def _project(tmp_path: Path) -> Path:
    texts = tmp_path / "texts"
    texts.mkdir()
    for name, body in (("plain.txt", PLAIN), ("gutenberg.txt", GUTENBERG), ("web.txt", WEB), ("preface.md", PREFACE)):
        (texts / name).write_text(body, encoding="utf-8")
    (tmp_path / "book.yaml").write_text(BOOK, encoding="utf-8")
    (tmp_path / "index.yaml").write_text(INDEX, encoding="utf-8")
    return tmp_path / "book.yaml"


# ------------------------------------------------------------------ book.yaml


def test_rights_and_source_url_are_read_per_text(tmp_path):
    m = load_manifest(_project(tmp_path))
    first, second, _ = m.texts
    assert first.rights == "Reproduced with permission of the author's estate"
    assert first.source_url == "https://example.org/co-op/history.html"
    assert second.rights is None and second.source_url is None


@pytest.mark.parametrize(
    "url", ["example.org/co-op", "ftp://example.org/x", "https://example.org/a b", "see the archive"]
)
def test_a_source_url_must_be_a_web_address(tmp_path, url):
    path = _project(tmp_path)
    path.write_text(BOOK.replace("https://example.org/co-op/history.html", url), encoding="utf-8")
    with pytest.raises(ReaderbookError) as err:
        load_manifest(path)
    (d,) = err.value.diagnostics
    assert d.code == "RB103" and "source_url" in d.message and d.line == 11


# ------------------------------------------------------------------ terms a text states


def _removed(detail: str, *lines: str) -> list[Change]:
    return [Change("etext", "removed", (n,), detail, text) for n, text in enumerate(lines, start=1)]


def test_a_gutenberg_licence_in_the_removed_header_is_stated_by_the_source():
    changes = _removed(
        "Project Gutenberg header",
        "re-use it under the terms of the Project Gutenberg",
        "License included with this eBook",
    )
    assert stated_terms(changes).terms == "the Project Gutenberg License"
    assert stated_terms(changes).lines == (1, 2)  # the notice is wrapped over both


@pytest.mark.parametrize(
    "line, terms",
    [
        (
            "This work is licensed under a Creative Commons Attribution-ShareAlike 4.0 License.",
            "Creative Commons Attribution-ShareAlike 4.0",
        ),
        ("Text available under CC BY-NC 3.0", "CC BY-NC 3.0"),
        ("© 2009 Jane Doe. All rights reserved.", "“© 2009 Jane Doe. All rights reserved”"),
    ],
)
def test_a_notice_closing_a_web_page_is_stated_by_the_source(line, terms):
    assert stated_terms(_removed("web page trailer", line)).terms == terms


@pytest.mark.parametrize(
    "detail, line",
    [
        ("image caption and credit (web debris)", "Stalin and Bukharin / Photo: CC BY-SA 2.0"),
        ("image caption and credit (web debris)", "Lenin in 1920 / Image: public domain"),
        ("web page trailer", "Last updated on 5 August 2009"),
        ("page number", "12"),
    ],
)
def test_no_terms_are_read_from_image_credits_or_other_furniture(detail, line):
    assert stated_terms(_removed(detail, line)) is None


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_a_real_gutenberg_etext_states_its_licence():
    # Lines 3-6 of the e-text: "re-use it under the terms of the Project Gutenberg License included ..."
    doc, _ = normalize_file(CORPUS / "gutenberg" / "mill-on-liberty-intro-ch2.txt")
    stated = stated_terms(doc.changes)
    assert stated.terms == "the Project Gutenberg License" and 5 in stated.lines


# ------------------------------------------------------------------ the book


def test_check_warns_only_for_the_text_whose_terms_nobody_states(tmp_path):
    diagnostics = Diagnostics()
    book = load_book(_project(tmp_path), diagnostics)
    warned = [d for d in diagnostics if d.code == "RB510"]
    assert [d.line for d in warned] == [15]  # the web text's entry; its image credits are not its terms
    assert "A Letter on Housing" in warned[0].message and "rights:" in warned[0].hint
    terms = [s.terms for s in book.sources]
    assert terms == [
        "Reproduced with permission of the author’s estate",  # typeset, as the texts are
        "the Project Gutenberg License, as stated in the source",
        NOT_STATED,
    ]


def test_readerbook_check_prints_the_warning(tmp_path, capsys):
    from readerbook.cli import main

    assert main(["check", str(_project(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "RB510" in out and "A Letter on Housing" in out and "The Co-operative Movement' has no" not in out
    assert "terms of reproduction: the Project Gutenberg License, as stated in the source" in out


def test_print_edition_has_the_page_in_its_back_matter_and_contents(tmp_path):
    from readerbook.render.pdf import contents, print_parts

    book = load_book(_project(tmp_path), Diagnostics())
    parts = print_parts(book)
    assert [p.name for p in parts][-1] == "sources"
    html = parts[-1].sections
    assert html.count('class="source-entry"') == 3
    assert '<a href="https://example.org/co-op/history.html">' in html
    assert 'data-short="Sources and permissions"' in html
    assert 'href="#sources"' in contents(book)


@pytest.fixture(scope="module")
def small_epub(tmp_path_factory):
    path = _project(tmp_path_factory.mktemp("sources"))
    result = readerbook.build(path, formats=("epub",), jobs=1)
    return result.outputs["epub"]


def _xml(z: zipfile.ZipFile, name: str):
    return etree.fromstring(z.read(name))


def test_epub_sources_page_is_semantic_and_lists_every_text(small_epub):
    with zipfile.ZipFile(small_epub) as z:
        page = _xml(z, "EPUB/text/sources.xhtml")
        nav = z.read("EPUB/nav.xhtml").decode()
    (section,) = page.xpath("//x:section[@id='sources']", namespaces=XHTML)
    assert section.get("{http://www.idpf.org/2007/ops}type") == "credits" and section.get("role") == "doc-credits"
    entries = section.xpath("x:section", namespaces=XHTML)
    titles = ["".join(e.xpath("x:h2/x:cite//text()", namespaces=XHTML)) for e in entries]
    assert titles == ["The Co-operative Movement", "A Short Essay", "A Letter on Housing"]
    facts = [
        dict(
            zip(
                e.xpath("x:dl/x:dt/text()", namespaces=XHTML),
                ["".join(dd.itertext()) for dd in e.xpath("x:dl/x:dd", namespaces=XHTML)],
            )
        )
        for e in entries
    ]
    assert facts[0]["Copy reproduced from"] == "https://example.org/co-op/history.html"
    assert facts[1]["Terms of reproduction"] == "the Project Gutenberg License, as stated in the source"
    assert facts[2] == dict.fromkeys(("Source", "Copy reproduced from", "Terms of reproduction"), NOT_STATED)
    assert 'href="text/sources.xhtml"' in nav


def test_epub_metadata_names_each_texts_rights_and_source(small_epub):
    with zipfile.ZipFile(small_epub) as z:
        opf = _xml(z, "EPUB/content.opf")
    dc = {"dc": "http://purl.org/dc/elements/1.1/"}
    rights = opf.xpath("//dc:rights/text()", namespaces=dc)
    assert rights == [
        "The Co-operative Movement: Reproduced with permission of the author’s estate",
        "A Short Essay: the Project Gutenberg License, as stated in the source",
        "A Letter on Housing: not stated",
    ]
    assert "https://example.org/co-op/history.html" in opf.xpath("//dc:source/text()", namespaces=dc)


def test_editors_prose_and_generated_sections_have_no_straight_quotes(small_epub):
    with zipfile.ZipFile(small_epub) as z:
        generated = ("preface", "titlepage", "sources", "index")
        for name in [f"EPUB/text/{n}.xhtml" for n in generated] + ["EPUB/nav.xhtml"]:
            text = "".join(_xml(z, name).itertext())
            assert not STRAIGHT.search(text), (name, STRAIGHT.search(text))
        preface = "".join(_xml(z, "EPUB/text/preface.xhtml").itertext())
        title = "".join(_xml(z, "EPUB/text/titlepage.xhtml").itertext())
        index = "".join(_xml(z, "EPUB/text/index.xhtml").itertext())
    assert "“co-operation”" in preface and "members’ own words" in preface  # the editor's Markdown
    assert "the text’s own" in preface or "text’s" in preface  # a generated sentence
    assert "paper’s “print” edition" in preface  # an emendation's reason, from book.yaml
    assert "Co-operators’ Reader" in title  # the book's title, from book.yaml
    assert "Rochdale Pioneers’ store" in index and "co-operators’ movement" in index  # index.yaml


@pytest.mark.skipif(not have("java"), reason="EPUBCheck needs a Java runtime")
def test_small_epub_with_a_sources_page_passes_epubcheck(small_epub):
    report = epubcheck(small_epub)
    checker = report["checker"]
    messages = [f"{m['severity']} {m['ID']} {m['message']}" for m in report["messages"]]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), messages


@pytest.mark.parametrize(
    "title", ["Essays 1904-05", "Then -- and Now", 'The Workers\' "Reader"...', "V. I. Lenin: Works"]
)
def test_typesetting_a_title_leaves_its_slug_and_so_the_output_names_alone(title):
    from readerbook.manifest import slugify
    from readerbook.normalize.typography import typeset

    assert typeset(title) != title and slugify(typeset(title)) == slugify(title)


def test_init_drafts_rights_as_a_todo_and_names_terms_the_text_states(tmp_path):
    from readerbook.init import init

    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "essay.txt").write_text(GUTENBERG, encoding="utf-8")
    (tmp_path / "texts" / "letter.txt").write_text(WEB, encoding="utf-8")
    drafted = init(tmp_path).read_text(encoding="utf-8")
    essay, letter = drafted.split("- file: ")[1:]
    assert "# the text states its terms: the Project Gutenberg License (source line 5)" in essay
    assert "states its terms" not in letter
    assert drafted.count("# rights: TODO") == 2 and load_manifest(tmp_path / "book.yaml").texts[0].rights is None


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_an_epub_states_its_terms_in_its_own_metadata():
    from readerbook.sources import stated_in_metadata

    # The OPF of the Alice EPUB: <dc:rights>Public domain in the USA.</dc:rights>
    doc, _ = normalize_file(CORPUS / "other" / "carroll-alice-epub3.epub", {"from": "The Pool Of Tears"})
    assert doc.meta.rights == "Public domain in the USA."

    class Text:  # what stated_in_metadata reads of an assembled text
        pass

    text = Text()
    text.doc = doc
    assert stated_in_metadata(text).terms == "Public domain in the USA"
