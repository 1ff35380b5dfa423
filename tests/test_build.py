"""End to end: build the shipped reader and validate it as a reader would."""

from __future__ import annotations

import hashlib
import re
import zipfile

import pytest

import readerbook
from helpers import epubcheck, have, pdffonts, pdftotext, pdftotext_page

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import copy_project

    project = tmp_path_factory.mktemp("reader")
    result = readerbook.build(copy_project(project))
    return project, result


def test_outputs_written(built):
    project, result = built
    assert set(result.outputs) == {"epub", "pdf"}
    for path in result.outputs.values():
        assert path.parent == project / "dist" and path.stat().st_size > 10_000
    assert (project / "build" / "print.html").is_file() and (project / "build" / "print.css").is_file()


@pytest.mark.skipif(not have("java"), reason="EPUBCheck needs a Java runtime (scripts/dev setup installs it)")
def test_epubcheck_clean(built):
    _, result = built
    report = epubcheck(result.outputs["epub"])
    checker = report["checker"]
    assert checker["checkerVersion"].startswith("5.")
    messages = [f"{m['severity']} {m['ID']} {m['message']}" for m in report["messages"]]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), messages


def test_epub_package_from_the_model(built):
    _, result = built
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        names = z.namelist()
        assert names[0] == "mimetype" and z.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        opf = z.read("EPUB/content.opf").decode()
        nav = z.read("EPUB/nav.xhtml").decode()
        essay = z.read("EPUB/text/essay-trotsky-and-permanent-revolution-3.xhtml").decode()
        cliff = z.read("EPUB/text/cliff-the-lessons-of-october.xhtml").decode()
    assert "<dc:language>en</dc:language>" in opf and 'property="dcterms:modified">2026-11-21T00:00:00Z' in opf
    assert 'epub:type="toc"' in nav and 'epub:type="landmarks"' in nav
    for t in ("On the Problem of Trotskyism", "The Lessons of October", "Origins of Trotskyism"):
        assert t in nav
    assert 'epub:type="noteref"' in essay and 'role="doc-noteref"' in essay
    text = next(t for t in result.book.texts if t.slug == "cliff-the-lessons-of-october")
    assert text.notes and not any(n.missing for n in text.notes)
    # Every note of the model is a pop-up footnote in the chapter's own document, with its way back.
    assert cliff.count('epub:type="footnote"') == len(text.notes) == cliff.count('role="doc-backlink"')
    assert not [n for n in names if n.endswith("-notes.xhtml")]
    assert "ncx" in " ".join(names)


def test_every_noteref_resolves_both_ways(built):
    _, result = built
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        docs = {n.rsplit("/", 1)[-1]: z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")}
    ids = {name: set(re.findall(r' id="([^"]+)"', text)) for name, text in docs.items()}
    broken = []
    for name, text in docs.items():
        for href in re.findall(r'href="([^"#]*)#([^"]+)"', text):
            target = href[0].rsplit("/", 1)[-1] or name
            if href[1] not in ids.get(target, set()):
                broken.append((name, href))
    assert not broken


def test_pdf_structure(built):
    pypdf = pytest.importorskip("pypdf")
    _, result = built
    reader = pypdf.PdfReader(result.outputs["pdf"])
    assert len(reader.pages) > 60
    meta = reader.metadata
    assert meta.title == "Trotskyism and Leninism" and "Tony Cliff" in meta.author
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    for title in (
        "Contents",
        "On the Problem of Trotskyism",
        "The Lessons of October",
        "[Trotsky and the Theory of Permanent Revolution]",
        "Origins of Trotskyism",
    ):
        assert title in top
    assert reader.trailer["/Root"].get("/StructTreeRoot") is not None  # tagged PDF


@pytest.mark.skipif(not have("pdffonts"), reason="poppler-utils not installed")
def test_pdf_fonts_all_embedded(built):
    _, result = built
    fonts = pdffonts(result.outputs["pdf"])
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
    assert all("EB-Garamond" in f["name"] for f in fonts)


@pytest.mark.skipif(not have("pdftotext"), reason="poppler-utils not installed")
def test_pdf_toc_page_numbers_are_right(built):
    pypdf = pytest.importorskip("pypdf")
    _, result = built
    pdf = result.outputs["pdf"]
    reader = pypdf.PdfReader(pdf)
    toc_page = next(i for i in range(1, 8) if "Contents" in pdftotext_page(pdf, i))
    toc = pdftotext_page(pdf, toc_page) + pdftotext_page(pdf, toc_page + 1)
    checked = 0
    for outline in reader.outline:
        if isinstance(outline, list):
            continue
        title = outline.title
        page = reader.get_destination_page_number(outline) + 1
        m = re.search(re.escape(title) + r"[ .]*?(\d+)\s*$", toc, re.M)
        if m:
            assert int(m.group(1)) == page, title
            checked += 1
    assert checked >= 5


def test_each_note_prints_on_the_page_of_its_reference(built):
    _, result = built
    html = (result.outputs["pdf"].parent.parent / "build" / "print.html").read_text()
    # every note of every text is a page-bottom float placed at its first reference
    notes = sum(1 for t in result.book.texts for n in t.notes if not n.missing)
    assert notes > 100
    assert (
        html.count('class="footnote"') + html.count('class="footnote nested"') + html.count('class="long-note"')
        == notes
    )


def test_every_note_pops_up_in_the_document_of_its_first_reference(built):
    _, result = built
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        docs = {n.rsplit("/", 1)[-1]: z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")}
    seen_ids: list[str] = []
    for name, text in docs.items():
        seen_ids += re.findall(r' id="([^"]+)"', text)
        for href, rid in re.findall(r'<a href="([^"]+)" id="([^"]+)" class="noteref"', text):
            if re.fullmatch(r".*-noteref-[0-9]+", rid):  # a note's first reference
                assert href.startswith("#"), (name, href)
                target = text.index(f'<aside id="{href[1:]}"')
                assert 'epub:type="footnote" role="doc-footnote"' in text[target : target + 200]
                assert text.index(f'id="{rid}"') < target  # the note comes after its reference
    assert len(seen_ids) == len(set(seen_ids))
    # Notes the source lacks: one statement per document that cites them. Korolev's
    # copy has none of its notes: one statement covers them all.
    lost = next(t for t in result.book.texts if t.slug == "korolev-on-the-problem-of-trotskyism").notes
    assert lost and all(n.missing for n in lost)
    korolev = docs["korolev-on-the-problem-of-trotskyism.xhtml"]
    assert korolev.count("does not include") == 1
    assert re.search(rf">1–{len(lost)}</a>: the source does not include their text", korolev)
    assert all(text.count("does not include") <= 1 for name, text in docs.items() if name != "preface.xhtml")


@pytest.mark.skipif(not have("pdftotext"), reason="poppler-utils not installed")
def test_missing_notes_take_at_most_one_pdf_line_per_page(built):
    pypdf = pytest.importorskip("pypdf")
    _, result = built
    pdf = result.outputs["pdf"]
    statements = {}
    for page in range(1, len(pypdf.PdfReader(pdf).pages) + 1):
        lines = [x for x in pdftotext_page(pdf, page).splitlines() if "source does not include" in x]
        if lines:
            statements[page] = lines
    # Said once, at the opening of each text whose source lost notes.
    losing = [t for t in result.book.texts if any(n.missing for n in t.notes)]
    assert len(statements) == len(losing) >= 2 and all(len(v) == 1 for v in statements.values())
    korolev = next(t for t in losing if t.slug == "korolev-on-the-problem-of-trotskyism")
    expected = f"Notes 1–{len(korolev.notes)}: the source does not include their text."
    assert any(expected in v[0] for v in statements.values())


def test_reproducible_byte_for_byte(built, tmp_path):
    from conftest import copy_project

    project, result = built
    again = readerbook.build(copy_project(tmp_path / "elsewhere" / "reader"))
    for fmt in ("epub", "pdf"):
        a = hashlib.sha256(result.outputs[fmt].read_bytes()).hexdigest()
        b = hashlib.sha256(again.outputs[fmt].read_bytes()).hexdigest()
        assert a == b, fmt
    assert str(project).encode() not in again.outputs["pdf"].read_bytes()


# ------------------------------------------------------------ editorial apparatus


_PAGE_TEXT: dict = {}


def _page_text(pdf, page):
    key = (str(pdf), page)
    if key not in _PAGE_TEXT:
        text = re.sub(r"\n\s*\d+\s*$", "", pdftotext_page(pdf, page).strip())  # the folio, drawn last
        _PAGE_TEXT[key] = re.sub(r"\s+", " ", re.sub(r"[-\u2010\u00ad]\n\s*", "", text))
    return _PAGE_TEXT[key]


@pytest.mark.skipif(not have("pdftotext"), reason="poppler-utils not installed")
def test_index_page_numbers_are_where_the_terms_stand(built):
    """Every page the printed index names shows the indexed words (checked on
    a sample of 200 locators with pdftotext)."""
    project, result = built
    # build/print.html is the whole book in one document, index included.
    print_html = index_html = (project / "build" / "print.html").read_text()
    marks = dict(re.findall(r'<span id="([^"]+-ix\d+)" class="ix">(.*?)</span>', print_html))
    links = re.findall(r'<a href="#([^"]+-ix\d+)">(\d+)(?:–\d+)?n?</a>', index_html)
    assert len(links) > 300
    for mark, page in links[:: max(1, len(links) // 200)]:
        words = re.sub(r"<[^>]+>", "", marks[mark])
        words = re.sub(r"[’']s$", "", words).replace("\u00a0", " ")
        word, text = words.split()[-1], _page_text(result.outputs["pdf"], int(page))
        # A word hyphenated across the page break begins on the page named.
        broken = text[-1:] in "-\u2010\u00ad" and any(text[:-1].endswith(word[:k]) for k in range(2, len(word)))
        assert word in text or broken, (mark, words, page)


def test_index_reaches_every_text(built):
    _, result = built
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        index = z.read("EPUB/text/index.xhtml").decode()
        opf = z.read("EPUB/content.opf").decode()
    assert 'epub:type="index"' in index and 'role="doc-index"' in index
    for slug in ("korolev", "rodriguez", "cliff", "essay", "origins"):
        assert f'href="{slug}' in index, slug
    assert index.count('epub:type="index-locator"') > 300
    assert "index.xhtml" in opf


def test_shared_quotations_linked_both_ways(built):
    project, result = built
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        docs = {n.rsplit("/", 1)[-1]: z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")}
        index = docs["index.xhtml"]
    passages = re.findall(r'<li id="shared-\d+">(.*?)</li>', index)
    assert len(passages) == 8  # the five texts share eight quoted passages (see test_seed_texts)
    for item in passages:
        anchors = re.findall(r'href="([^"#]+)#([^"]+-p\d+)"', item)
        assert len(anchors) >= 2
        for file, anchor in anchors:
            others = {a for f, a in anchors if a != anchor}
            # the occurrence's own paragraph is followed by links to every other occurrence
            doc = docs[file]
            at = doc.index(f'id="{anchor}"')
            also = doc[at : doc.index("</p>", doc.index("also-quoted", at)) + 4]
            assert all(o in also for o in others), (anchor, others)
    print_html = (project / "build" / "print.html").read_text()
    paragraphs = {a for p in passages for a in re.findall(r'#([^"]+-p\d+)"', p)}
    assert print_html.count('class="also-quoted"') == len(paragraphs)  # one line per quoting paragraph


# ------------------------------------------------------------ print fidelity and accessibility


@pytest.mark.skipif(not have("pdftotext"), reason="poppler-utils not installed")
def test_page_list_points_at_the_words_that_begin_each_pdf_page(built):
    import html as htmlmod

    pypdf = pytest.importorskip("pypdf")
    _, result = built
    pdf = result.outputs["pdf"]
    pages = len(pypdf.PdfReader(pdf).pages)
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        nav = z.read("EPUB/nav.xhtml").decode()
        docs = {n.rsplit("/", 1)[-1]: z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")}
    page_list = re.search(r'<nav epub:type="page-list".*?</nav>', nav, re.S).group(0)
    entries = re.findall(r'<a href="text/([^"#]+)#page-(\d+)">(\d+)</a>', page_list)
    assert [int(n) for _, n, _ in entries] == list(range(1, pages + 1))  # an entry for every PDF page
    checked = 0
    for file, n, _ in entries:
        doc = docs[file]
        marker = re.search(
            rf'<span epub:type="pagebreak" role="doc-pagebreak" id="page-{n}" aria-label="{n}"></span>', doc
        )
        assert marker, n
        if file == "titlepage.xhtml":
            continue
        text = _page_text(pdf, int(n))
        if not text.strip():
            continue  # a blank verso
        rest = re.sub(
            r'<span epub:type="pagebreak"[^>]*></span>|<span class="pnum"[^>]*>\d+</span>',
            "",
            doc[marker.end() : marker.end() + 4000],
        )
        words = re.findall(r"[A-Za-z]{4,}", htmlmod.unescape(re.sub(r"<[^>]+>", " ", rest)))
        assert words and words[0] in text, (n, file, words[:3])
        checked += 1
    assert checked > 90
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        opf = z.read("EPUB/content.opf").decode()
    assert '<dc:source id="print-source">' in opf and "print edition" in opf and ">pagination<" in opf


def test_accessibility_metadata_and_cover(built):
    _, result = built
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        opf = z.read("EPUB/content.opf").decode()
        cover_page = z.read("EPUB/text/cover.xhtml").decode()
        cover = z.read("EPUB/images/cover.jpg")
    for prop in (
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
    ):
        assert f'property="{prop}"' in opf, prop
    for feature in ("tableOfContents", "printPageNumbers", "index", "structuralNavigation"):
        assert f">{feature}<" in opf
    assert 'properties="cover-image"' in opf and cover.startswith(b"\xff\xd8\xff")  # a JPEG
    alt = re.search(r'alt="([^"]+)"', cover_page).group(1)
    assert alt.startswith("Cover: Trotskyism and Leninism") and "Tony Cliff" in alt
    assert 'lang="en"' in cover_page and 'xml:lang="en"' in cover_page


def test_pdf_is_tagged_with_language_and_title(built):
    pypdf = pytest.importorskip("pypdf")
    _, result = built
    root = pypdf.PdfReader(result.outputs["pdf"]).trailer["/Root"]
    assert root["/Lang"] == "en" and root["/MarkInfo"]["/Marked"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_epub_only_build_reuses_the_page_map_only_for_unchanged_content(built, capsys):
    from readerbook import cli

    project, _ = built
    assert cli.main(["build", str(project / "book.yaml"), "--format", "epub", "--out", str(project / "e1")]) == 0
    with zipfile.ZipFile(project / "e1" / "trotskyism-and-leninism.epub") as z:
        assert 'epub:type="page-list"' in z.read("EPUB/nav.xhtml").decode()
    # Change a text: the recorded page map no longer fits, so the page-list is left out and said so.
    text = project / "texts" / "origins-of-trotskyism.txt"
    original = text.read_bytes()
    try:
        text.write_bytes(
            original.replace(b"The Russian Revolution of October 1917", b"The Russian Revolution of 1917", 1)
        )
        capsys.readouterr()
        assert cli.main(["build", str(project / "book.yaml"), "--format", "epub", "--out", str(project / "e2")]) == 0
        assert "RB602" in capsys.readouterr().err
        with zipfile.ZipFile(project / "e2" / "trotskyism-and-leninism.epub") as z:
            assert 'epub:type="page-list"' not in z.read("EPUB/nav.xhtml").decode()
    finally:
        text.write_bytes(original)


def test_editing_one_text_redoes_only_that_text(built):
    """Only the edited text is normalized again, and only its part (with the
    contents, index and folios, whose page numbers may move) laid out again."""
    project, first = built
    assert len(first.normalized) == 5 and len(first.laid_out) == first.parts
    name = "rodriguez-rios-trotskyism-is-not-leninism-pt1"
    text = project / "texts" / f"{name}.txt"
    original = text.read_bytes()
    readerbook.build(project / "book.yaml")  # whatever tests before this one changed and put back
    try:
        text.write_bytes(original.replace(b"From 1910 to 1914, the RSDLP", b"From 1910 until 1914, the RSDLP", 1))
        again = readerbook.build(project / "book.yaml")
        assert again.normalized == [f"texts/{name}.txt"]
        assert name in again.laid_out
        assert set(again.laid_out) <= {name, "front", "index", "folios"}
        assert "From 1910 until 1914" in pdftotext(again.outputs["pdf"])
    finally:
        text.write_bytes(original)
        readerbook.build(project / "book.yaml")  # the other tests read the shipped book's outputs


def test_pdf_passes_the_tagged_pdf_checks(built):
    """The joined PDF keeps WeasyPrint's tagging whole (pdfua: no errors;
    its one warning, no XMP metadata, WeasyPrint's own PDF has too)."""
    pytest.importorskip("pdfua")
    import subprocess
    import sys

    _, result = built
    out = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", "--min-severity", "error", str(result.outputs["pdf"])],
        capture_output=True,
        text=True,
    )
    assert "ERROR" not in out.stdout, out.stdout[-3000:]


def _top_level_pages(pdf) -> list[tuple[str, int]]:
    """The PDF's top-level bookmarks with their (0-based) pages, in order."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    return [
        (item.title, reader.get_destination_page_number(item)) for item in reader.outline if not isinstance(item, list)
    ]


def _pdf_section(pdf, title: str) -> str:
    marks = _top_level_pages(pdf)
    k = next(i for i, (t, _) in enumerate(marks) if t == title)
    first, end = marks[k][1], marks[k + 1][1] if k + 1 < len(marks) else None
    last = (end if end is not None else first + 1) - 1
    return "".join(pdftotext_page(pdf, n + 1) for n in range(first, max(first, last) + 1))


def test_no_straight_quotes_in_the_preface_of_either_output(built):
    _, result = built
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        epub = re.sub(r"<[^>]+>", "", z.read("EPUB/text/preface.xhtml").decode().split("<body>", 1)[1])
    pdf = _pdf_section(result.outputs["pdf"], "Preface")
    for text in (epub, pdf):
        # The editor's Markdown and the generated sections ("the text's own opening page").
        assert "“the newer socialist”" in text and "text’s own" in text
        assert not re.search(r"[\"']", text), re.search(r".{30}[\"'].{30}", text)


def test_sources_and_permissions_page_lists_every_text_in_both_outputs(built):
    _, result = built
    pdf = _pdf_section(result.outputs["pdf"], "Sources and permissions")
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        epub = z.read("EPUB/text/sources.xhtml").decode()
        opf = z.read("EPUB/content.opf").decode()
    titles = ["On the Problem of Trotskyism", "Trotskyism Is Not Leninism, Part 1", "The Lessons of October"]
    titles += ["[Trotsky and the Theory of Permanent Revolution]", "Origins of Trotskyism"]
    for title in titles:
        assert title in epub and title in re.sub(r"\s+", " ", pdf)
        # None of the five texts states its terms: the page says so rather than guess.
        assert f"<dc:rights>{title}: not stated</dc:rights>" in opf
    assert pdf.count("not stated") >= 10 and 'epub:type="credits"' in epub
