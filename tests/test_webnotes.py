"""Web pages and EPUBs as instructors find them: each site's or tool's footnote
convention and page structure, read round trip through ``pipeline.normalize_file``.

Every expected answer is written from the small file the test writes: the
note texts it holds, the headings it sets, the chrome it wraps around them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from readerbook.export import note_numbers
from readerbook.model import (
    BlockQuote,
    Emph,
    FigurePlaceholder,
    Heading,
    IndexMark,
    ListBlock,
    NoteRef,
    Preformatted,
    Strong,
    Table,
    Verse,
    block_inlines,
    inline_text,
    iter_blocks,
)
from readerbook.pipeline import normalize_file

# Prose long enough to read as the body of a work, not as a caption or a label.
S1 = "The committee met in the spring and argued at length over the terms of the settlement"
S2 = "Its members disagreed about the causes of the crisis and about what ought to follow from it"
S3 = "A later account of the meeting, written from memory, adds several details of its own"
S4 = "Nobody at the time thought the question would remain open for so many years afterwards"


def page(body: str, title: str = "A Page", head: str = "") -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title>{head}</head>\n<body>\n{body}\n</body></html>\n"
    )


def normalized(tmp_path: Path, name: str, data: str | bytes):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    doc, diagnostics = normalize_file(path)
    audit = [d.message for d in diagnostics if d.code == "RB390"]
    assert not audit, audit
    return doc, diagnostics


def _refs_in(seq) -> list[NoteRef]:
    out = []
    for node in seq:
        if isinstance(node, NoteRef):
            out.append(node)
        elif isinstance(node, (Emph, Strong, IndexMark)):
            out.extend(_refs_in(node.children))
    return out


def refs(blocks) -> list[NoteRef]:
    return [r for b in iter_blocks(blocks) for seq in block_inlines(b) for r in _refs_in(seq)]


def note_text(note) -> str:
    text = " ".join(inline_text(seq) for b in iter_blocks(note.blocks) for seq in block_inlines(b))
    return text.replace("\u00a0", " ").strip()  # typography's no-break space after "p." is not the point here


def body_texts(doc) -> list[str]:
    return [inline_text(seq) for b in iter_blocks(doc.blocks) for seq in block_inlines(b)]


def headings(doc) -> list[tuple[int, str]]:
    return [(b.level, inline_text(b.inlines)) for b in doc.blocks if isinstance(b, Heading)]


def removed(doc) -> str:
    return "\n".join(c.text for c in doc.changes)


def assert_notes(doc, expected: list[str]) -> None:
    """The notes, in the order first cited, hold exactly ``expected``; every
    reference links to a note and every note is cited: linked both ways."""
    by_key = {n.key: n for n in doc.notes}
    cited = refs(doc.blocks)
    assert cited, "no note reference found"
    assert all(r.key in by_key for r in cited), [r.key for r in cited if r.key not in by_key]
    assert not [n.label for n in doc.notes if n.orphan or n.missing], [
        (n.label, n.orphan, n.missing) for n in doc.notes
    ]
    numbers = note_numbers(doc)
    ordered = sorted(doc.notes, key=lambda n: numbers[n.key])
    assert [numbers[n.key] for n in ordered] == list(range(1, len(expected) + 1))
    assert [note_text(n) for n in ordered] == expected
    for text in body_texts(doc):  # no backlink glyph or label left in the running text
        assert "↩" not in text and "[back]" not in text


# ---------------------------------------------------------------------------
# Footnote conventions


def test_wikipedia_references_with_caret_backlinks(tmp_path):
    body = f"""
<div id="mw-navigation"><h2>Navigation menu</h2><ul><li><a href="/wiki/Main_Page">Main page</a></li>
<li><a href="/wiki/Special:Random">Random article</a></li></ul></div>
<main id="content"><h1 id="firstHeading">The Settlement of 1921</h1>
<div id="bodyContent"><div class="mw-parser-output">
<p>{S1}.<sup id="cite_ref-1" class="reference"><a href="#cite_note-1">[1]</a></sup> {S2}.<sup
 id="cite_ref-smith_2-0" class="reference"><a href="#cite_note-smith-2">[2]</a></sup></p>
<h2><span class="mw-headline" id="Aftermath">Aftermath</span><span class="mw-editsection">
<span class="mw-editsection-bracket">[</span><a href="/w/index.php?action=edit&amp;section=1">edit</a>
<span class="mw-editsection-bracket">]</span></span></h2>
<p>{S3}.<sup id="cite_ref-smith_2-1" class="reference"><a href="#cite_note-smith-2">[2]</a></sup> {S4}.<sup
 id="cite_ref-3" class="reference"><a href="#cite_note-3">[3]</a></sup></p>
<h2><span class="mw-headline" id="References">References</span></h2>
<div class="reflist"><ol class="references">
<li id="cite_note-1"><span class="mw-cite-backlink"><b><a href="#cite_ref-1">^</a></b></span>
<span class="reference-text">Jones, <i>A History</i>, p. 4.</span></li>
<li id="cite_note-smith-2"><span class="mw-cite-backlink">^ <a href="#cite_ref-smith_2-0"><sup><i><b>a</b></i></sup></a>
<a href="#cite_ref-smith_2-1"><sup><i><b>b</b></i></sup></a></span>
<span class="reference-text">Smith, <i>Memoirs</i>, vol. 2.</span></li>
<li id="cite_note-3"><span class="mw-cite-backlink"><b><a href="#cite_ref-3">^</a></b></span>
<span class="reference-text">Brown, letter of 3 May.</span></li>
</ol></div>
</div></div></main>
<footer id="footer"><ul><li>This page was last edited on 1 May 2024.</li>
<li><a href="/wiki/Privacy">Privacy policy</a></li></ul></footer>"""
    doc, _ = normalized(tmp_path, "wiki.html", page(body, "The Settlement of 1921 - Wikipedia"))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs, vol. 2.", "Brown, letter of 3 May."])
    assert [r.key for r in refs(doc.blocks)].count(refs(doc.blocks)[1].key) == 2
    assert doc.meta.title == "The Settlement of 1921"
    assert [t for _, t in headings(doc)] == ["Aftermath"]  # the section's "[edit]" link is the wiki's, not the work's
    texts = "\n".join(body_texts(doc))
    for gone in ("Navigation menu", "Random article", "Privacy policy", "edit", "References", "^"):
        assert gone not in texts, gone
    for recorded in ("Random article", "Privacy policy", "[edit ]", "^ a b", "References"):
        assert recorded in removed(doc), recorded


def test_pandoc_footnotes_section(tmp_path):
    body = f"""
<header id="title-block-header"><h1 class="title">On Settlements</h1><p class="author">A. Writer</p></header>
<p>{S1}.<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a> {S2}.</p>
<p>{S3}.<a href="#fn2" class="footnote-ref" id="fnref2" role="doc-noteref"><sup>2</sup></a> {S4}.</p>
<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">
<hr />
<ol>
<li id="fn1"><p>Jones, <em>A History</em>, p. 4.<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
<li id="fn2"><p>Smith, <em>Memoirs</em>.</p><p>A second paragraph of the note.<a href="#fnref2"
 class="footnote-back" role="doc-backlink">↩︎</a></p></li>
</ol>
</section>"""
    doc, _ = normalized(tmp_path, "pandoc.html", page(body, "On Settlements"))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs. A second paragraph of the note."])
    assert doc.meta.title == "On Settlements"


def test_word_saved_html_footnotes(tmp_path):
    body = f"""
<div class=WordSection1>
<p class=MsoTitle>On Settlements</p>
<p class=MsoNormal>{S1}.<a style='mso-footnote-id:ftn1' href="#_ftn1" name="_ftnref1" title=""><span
class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoFootnoteReference><span style='font-size:11.0pt'>[1]</span></span><![endif]></span></span></a>
{S2}.</p>
<p class=MsoNormal>{S3}.<a style='mso-footnote-id:ftn2' href="#_ftn2" name="_ftnref2" title=""><span
class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoFootnoteReference><span style='font-size:11.0pt'>[2]</span></span><![endif]></span></span></a>
{S4}.</p>
</div>
<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all>
<hr align=left size=1 width="33%">
<![endif]>
<div style='mso-element:footnote' id=ftn1>
<p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href="#_ftnref1" name="_ftn1" title=""><span
class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoFootnoteReference><span style='font-size:10.0pt'>[1]</span></span><![endif]></span></span></a>
Jones, <i>A History</i>, p. 4.</p>
</div>
<div style='mso-element:footnote' id=ftn2>
<p class=MsoFootnoteText><a style='mso-footnote-id:ftn2' href="#_ftnref2" name="_ftn2" title=""><span
class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoFootnoteReference><span style='font-size:10.0pt'>[2]</span></span><![endif]></span></span></a>
Smith, <i>Memoirs</i>.</p>
</div>
</div>"""
    doc, _ = normalized(tmp_path, "word.htm", page(body, "On Settlements"))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs."])


def test_marxists_enote_superscripts(tmp_path):
    body = f"""
<p class="title">Collected Works, Volume 9</p>
<h1>On Settlements</h1>
<p class="information"><span class="info">Written:</span> May 1921<br />
<span class="info">Source:</span> Collected Works</p>
<hr class="base" />
<p>{S1}.<sup class="anote"><a href="#n1" name="f1">[1]</a></sup> {S2}.</p>
<p>{S3}.<sup class="anote"><a href="#n2" name="f2">[2]</a></sup> {S4}.</p>
<hr class="end" />
<h4>Notes</h4>
<p class="endnote"><a name="n1" href="#f1">[1]</a> Jones, <em>A History</em>, p. 4.</p>
<p class="endnote"><a name="n2" href="#f2">[2]</a> Smith, <em>Memoirs</em>.</p>
<hr class="end" />
<p class="footer"><a href="../index.htm">Works Index</a> | <a href="../../index.htm">Lenin Internet Archive</a></p>"""
    doc, _ = normalized(tmp_path, "marxists.htm", page(body, "On Settlements"))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs."])
    assert "Lenin Internet Archive" in removed(doc)


def test_marxists_enote_class_on_the_superscript(tmp_path):
    body = f"""
<h1>On Settlements</h1>
<p>{S1}.<sup class="enote"><a href="#1" name="1b">[1]</a></sup> {S2}.</p>
<p>{S3}.<sup class="enote"><a href="#2" name="2b">[2]</a></sup> {S4}.</p>
<h3>Notes</h3>
<p class="endnote"><a name="1"></a><a href="#1b">[1]</a> Jones, <em>A History</em>, p. 4.</p>
<p class="endnote"><a name="2"></a><a href="#2b">[2]</a> Smith, <em>Memoirs</em>.</p>"""
    doc, _ = normalized(tmp_path, "enote.htm", page(body, "On Settlements"))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs."])


def test_wordpress_footnote_plugin(tmp_path):
    body = f"""
<header class="site-header"><p class="site-title"><a href="/">A Blog About Things</a></p>
<nav class="main-navigation"><ul><li><a href="/about">About</a></li><li><a href="/archive">Archive</a></li></ul></nav>
</header>
<div id="cookie-notice" class="cookie-banner"><p>We use cookies to improve your experience on our site.
<a href="/privacy">Accept</a></p></div>
<article class="post">
<h1 class="entry-title">On Settlements</h1>
<div class="entry-content">
<p>{S1}.<sup id="rf1-2541"><a href="#fn1-2541" title="Jones, A History, p. 4." rel="footnote">1</a></sup> {S2}.</p>
<p>{S3}.<sup id="rf2-2541"><a href="#fn2-2541" title="Smith, Memoirs." rel="footnote">2</a></sup> {S4}.</p>
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="#tw">Twitter</a></li>
<li><a href="#fb">Facebook</a></li></ul></div>
<ol class="footnotes"><li id="fn1-2541"><p>Jones, <em>A History</em>, p. 4.&nbsp;<a href="#rf1-2541"
 class="backlink" title="Jump back to footnote 1 in the text.">&#8617;</a></p></li>
<li id="fn2-2541"><p>Smith, <em>Memoirs</em>.&nbsp;<a href="#rf2-2541" class="backlink"
 title="Jump back to footnote 2 in the text.">&#8617;</a></p></li></ol>
</div></article>
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Recent Posts</h2>
<ul><li><a href="/p1">Another post</a></li></ul></section></aside>
<footer class="site-footer"><p>Proudly powered by WordPress</p></footer>"""
    doc, _ = normalized(tmp_path, "wp.html", page(body, "On Settlements – A Blog About Things"))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs."])
    texts = "\n".join(body_texts(doc))
    for gone in ("We use cookies", "Share this", "Twitter", "Recent Posts", "Another post", "WordPress", "Archive"):
        assert gone not in texts, gone
        assert gone in removed(doc), gone


def test_backlinks_written_as_back_caret_and_arrow(tmp_path):
    body = f"""
<h1>On Settlements</h1>
<p>{S1}.<a id="r1" href="#n1"><sup>1</sup></a> {S2}.<a id="r2" href="#n2"><sup>2</sup></a></p>
<p>{S3}.<a id="r3" href="#n3"><sup>3</sup></a> {S4}.</p>
<hr />
<div class="notes">
<p id="n1"><sup>1</sup> Jones, <em>A History</em>, p. 4. <a href="#r1">[back]</a></p>
<p id="n2"><sup>2</sup> Smith, <em>Memoirs</em>. <a href="#r2">^</a></p>
<p id="n3"><sup>3</sup> Brown, letter of 3 May. <a href="#r3">↩</a></p>
</div>"""
    doc, _ = normalized(tmp_path, "backs.html", page(body, "On Settlements"))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs.", "Brown, letter of 3 May."])


# ---------------------------------------------------------------------------
# EPUBs

CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)


def xhtml(body: str, title: str = "Chapter", epub3: bool = True) -> str:
    ns = ' xmlns:epub="http://www.idpf.org/2007/ops"' if epub3 else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml"{ns} xml:lang="en"><head><title>{title}</title></head>\n'
        f"<body>\n{body}\n</body></html>\n"
    )


def epub(files: dict[str, str], opf: str) -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        zf.writestr("META-INF/container.xml", CONTAINER)
        zf.writestr("OEBPS/content.opf", opf)
        for name, text in files.items():
            zf.writestr(f"OEBPS/{name}", text)
    return out.getvalue()


def test_standard_ebooks_endnotes_in_their_own_document(tmp_path):
    opf = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" prefix="se: https://standardebooks.org/vocab/1.0">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:identifier id="uid">url:https://standardebooks.org/ebooks/a-writer/on-settlements</dc:identifier>
  <dc:title id="title">On Settlements</dc:title>
  <meta property="title-type" refines="#title">main</meta>
  <dc:title id="subtitle">And Other Essays</dc:title>
  <meta property="title-type" refines="#subtitle">subtitle</meta>
  <dc:creator id="author">Ann Writer</dc:creator>
  <meta property="role" refines="#author" scheme="marc:relators">aut</meta>
  <dc:contributor id="transcriber-1">Tom Transcriber</dc:contributor>
  <meta property="role" refines="#transcriber-1" scheme="marc:relators">trc</meta>
  <dc:creator id="translator">Bea Translator</dc:creator>
  <meta property="role" refines="#translator" scheme="marc:relators">trl</meta>
  <dc:language>en-GB</dc:language>
 </metadata>
 <manifest>
  <item id="toc.xhtml" href="text/toc.xhtml" media-type="application/xhtml+xml" properties="nav"/>
  <item id="titlepage.xhtml" href="text/titlepage.xhtml" media-type="application/xhtml+xml"/>
  <item id="endnotes.xhtml" href="text/endnotes.xhtml" media-type="application/xhtml+xml"/>
  <item id="chapter-2.xhtml" href="text/chapter-2.xhtml" media-type="application/xhtml+xml"/>
  <item id="chapter-1.xhtml" href="text/chapter-1.xhtml" media-type="application/xhtml+xml"/>
 </manifest>
 <spine>
  <itemref idref="titlepage.xhtml"/><itemref idref="chapter-1.xhtml"/><itemref idref="chapter-2.xhtml"/>
  <itemref idref="endnotes.xhtml"/><itemref idref="toc.xhtml" linear="no"/>
 </spine>
</package>"""
    files = {
        "text/toc.xhtml": xhtml(
            '<nav epub:type="toc" id="toc"><h2 epub:type="title">Table of Contents</h2><ol>'
            '<li><a href="chapter-1.xhtml">I</a></li><li><a href="chapter-2.xhtml">II</a></li></ol></nav>'
        ),
        "text/titlepage.xhtml": xhtml(
            '<section id="titlepage" epub:type="titlepage"><h1 epub:type="title">On Settlements</h1>'
            '<p>By <b epub:type="z3998:author-name">Ann Writer</b>.</p></section>'
        ),
        "text/chapter-1.xhtml": xhtml(
            '<section id="chapter-1" epub:type="chapter"><h2 epub:type="ordinal z3998:roman">I</h2>'
            f'<p>{S1}.<a href="endnotes.xhtml#note-1" id="noteref-1" epub:type="noteref">1</a> {S2}.</p>'
            "</section>"
        ),
        "text/chapter-2.xhtml": xhtml(
            '<section id="chapter-2" epub:type="chapter"><h2 epub:type="ordinal z3998:roman">II</h2>'
            f'<p>{S3}.<a href="endnotes.xhtml#note-2" id="noteref-2" epub:type="noteref">2</a> {S4}.</p>'
            f'<p>{S1}, once more.<a href="endnotes.xhtml#note-3" id="noteref-3" epub:type="noteref">3</a></p>'
            "</section>"
        ),
        "text/endnotes.xhtml": xhtml(
            '<section id="endnotes" epub:type="backmatter endnotes"><h2 epub:type="title">Endnotes</h2><ol>'
            '<li id="note-1" epub:type="endnote"><p>Jones, <i>A History</i>, p. 4. '
            '<a href="chapter-1.xhtml#noteref-1" epub:type="backlink">↩</a></p></li>'
            '<li id="note-2" epub:type="endnote"><p>Smith, <i>Memoirs</i>.</p><p>A second paragraph. '
            '<a href="chapter-2.xhtml#noteref-2" epub:type="backlink">↩</a></p></li>'
            '<li id="note-3" epub:type="endnote"><p>Brown, letter of 3 May. '
            '<a href="chapter-2.xhtml#noteref-3" epub:type="backlink">↩</a></p></li>'
            "</ol></section>"
        ),
    }
    doc, _ = normalized(tmp_path, "se.epub", epub(files, opf))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs. A second paragraph.", "Brown, letter of 3 May."])
    assert [t for _, t in headings(doc)] == ["I", "II"]  # in the spine's order, not the manifest's
    assert doc.meta.title == "On Settlements" and doc.meta.subtitle == "And Other Essays"
    assert doc.meta.author == "Ann Writer"  # the translator and the transcriber are no authors
    assert doc.language.startswith("en")
    assert "Endnotes" not in "\n".join(body_texts(doc))
    assert "Table of Contents" in removed(doc)


def test_epub3_aside_endnotes(tmp_path):
    opf = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:identifier id="uid">x</dc:identifier><dc:title>On Settlements</dc:title>
  <dc:creator>Ann Writer</dc:creator><dc:language>en</dc:language>
 </metadata>
 <manifest>
  <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
  <item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>
  <item id="notes" href="endnotes.xhtml" media-type="application/xhtml+xml"/>
 </manifest>
 <spine><itemref idref="c1"/><itemref idref="notes"/></spine>
</package>"""
    files = {
        "nav.xhtml": xhtml('<nav epub:type="toc"><ol><li><a href="c1.xhtml">One</a></li></ol></nav>'),
        "c1.xhtml": xhtml(
            f'<h1>Chapter One</h1><p>{S1}.<sup><a epub:type="noteref" href="endnotes.xhtml#en1" id="ref1">1</a></sup>'
            f' {S2}.</p><p>{S3}.<sup><a epub:type="noteref" href="endnotes.xhtml#en2" id="ref2">2</a></sup> {S4}.</p>'
        ),
        "endnotes.xhtml": xhtml(
            "<h1>Notes</h1>"
            '<aside epub:type="endnote" id="en1"><p><a href="c1.xhtml#ref1">1.</a> Jones, <i>A History</i>, p. 4.</p></aside>'
            '<aside epub:type="endnote" id="en2"><p><a href="c1.xhtml#ref2">2.</a> Smith, <i>Memoirs</i>.</p></aside>'
        ),
    }
    doc, _ = normalized(tmp_path, "aside.epub", epub(files, opf))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs."])
    assert [t for _, t in headings(doc)] == ["Chapter One"]
    assert "Notes" in removed(doc) and "Notes" not in body_texts(doc)


NCX = """<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
 <head><meta name="dtb:uid" content="x"/></head>
 <docTitle><text>On Settlements</text></docTitle>
 <navMap>
  <navPoint id="np1" playOrder="1"><navLabel><text>Chapter the First</text></navLabel><content src="ch1.html"/></navPoint>
  <navPoint id="np2" playOrder="2"><navLabel><text>Chapter the Second</text></navLabel><content src="ch2.html"/></navPoint>
 </navMap>
</ncx>"""


def test_epub2_with_ncx_only_and_notes_in_a_separate_file(tmp_path):
    opf = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="BookId">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
  <dc:title>On Settlements</dc:title>
  <dc:creator opf:role="aut" opf:file-as="Writer, Ann">Ann Writer</dc:creator>
  <dc:creator opf:role="trl">Bea Translator</dc:creator>
  <dc:language>en</dc:language>
  <dc:identifier id="BookId">x</dc:identifier>
 </metadata>
 <manifest>
  <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
  <item id="notes" href="notes.html" media-type="application/xhtml+xml"/>
  <item id="ch2" href="ch2.html" media-type="application/xhtml+xml"/>
  <item id="ch1" href="ch1.html" media-type="application/xhtml+xml"/>
  <item id="contents" href="contents.html" media-type="application/xhtml+xml"/>
 </manifest>
 <spine toc="ncx"><itemref idref="contents"/><itemref idref="ch1"/><itemref idref="ch2"/><itemref idref="notes"/></spine>
 <guide><reference type="toc" title="Contents" href="contents.html"/></guide>
</package>"""
    files = {
        "toc.ncx": NCX,
        "contents.html": xhtml(
            '<h2>Contents</h2><p><a href="ch1.html">Chapter the First</a></p>'
            '<p><a href="ch2.html">Chapter the Second</a></p><p><a href="notes.html">Notes</a></p>',
            epub3=False,
        ),
        "ch1.html": xhtml(
            f'<h2>Chapter the First</h2><p>{S1}.<a id="r1" href="notes.html#n1"><sup>[1]</sup></a> {S2}.</p>',
            epub3=False,
        ),
        "ch2.html": xhtml(
            f'<h2>Chapter the Second</h2><p>{S3}.<a id="r2" href="notes.html#n2"><sup>[2]</sup></a> {S4}.</p>',
            epub3=False,
        ),
        "notes.html": xhtml(
            '<h2>Notes</h2><p class="note"><a id="n1" href="ch1.html#r1">[1]</a> Jones, <i>A History</i>, p. 4.</p>'
            '<p class="note"><a id="n2" href="ch2.html#r2">[2]</a> Smith, <i>Memoirs</i>.</p>',
            epub3=False,
        ),
    }
    doc, _ = normalized(tmp_path, "two.epub", epub(files, opf))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs."])
    assert [t for _, t in headings(doc)] == ["Chapter the First", "Chapter the Second"]
    assert doc.meta.title == "On Settlements" and doc.meta.author == "Ann Writer"
    assert "Chapter the First\nChapter the Second" in removed(doc)  # the NCX's entries, recorded as left out
    assert "Contents" in removed(doc) and "Contents" not in body_texts(doc)  # the contents page in the spine


# ---------------------------------------------------------------------------
# Structure


def test_page_structure_inside_site_chrome(tmp_path):
    body = f"""
<div class="top">Skip to content</div>
<div id="masthead"><a href="/">Home</a> | <a href="/texts">Texts</a> | <a href="/about">About</a></div>
<div class="support">Please support our work: every donation helps keep this library online for readers.</div>
<main>
<h1>On Settlements</h1>
<h2>Part One</h2>
<h3>The Meeting</h3>
<p>{S1}. {S2}.</p>
<blockquote><p>{S3}, wrote one of those present, looking back on it.</p></blockquote>
<p>{S4}.</p>
<h4>A Table of the Votes</h4>
<table><tr><th>Delegation</th><th>For</th><th>Against</th></tr>
<tr><td>North</td><td>12</td><td>3</td></tr><tr><td>South</td><td>7</td><td>9</td></tr></table>
<p>{S2}.</p>
<pre>  def settle(terms):
      return terms</pre>
<p>{S1}.</p>
<figure><img src="map.png" alt="A map of the region"/><figcaption>Figure 1. The region in 1921.</figcaption></figure>
<p class="center">* * *</p>
<h3>A Song of the Time</h3>
<p class="poem">Over the hills the delegates came,<br/>
Each of them certain the others were wrong,<br/>
Nobody willing to carry the blame,<br/>
All of them singing the same old song.</p>
<dl><dt>Delegate</dt><dd>One who speaks for a region at the meeting.</dd>
<dt>Settlement</dt><dd>The terms on which the meeting closed at last.</dd>
<dt>Quorum</dt><dd>The number of delegates that had to be present to vote.</dd></dl>
<p>{S3}.</p>
</main>
<div class="box">Related reading: three more essays you might enjoy from the same period.</div>
"""
    doc, _ = normalized(tmp_path, "structure.html", page(body, "On Settlements"))
    assert doc.meta.title == "On Settlements"
    # The page's <h1> is the work's title; <h2>–<h4> keep their ranks under it.
    assert headings(doc) == [
        (2, "Part One"),
        (3, "The Meeting"),
        (4, "A Table of the Votes"),
        (3, "A Song of the Time"),
    ]
    kinds = [type(b).__name__ for b in doc.blocks]
    quote = next(b for b in doc.blocks if isinstance(b, BlockQuote))
    assert inline_text(quote.blocks[0].inlines).startswith(S3)
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert [[inline_text(c) for c in row] for row in table.rows] == [
        ["Delegation", "For", "Against"],
        ["North", "12", "3"],
        ["South", "7", "9"],
    ]
    pre = next(b for b in doc.blocks if isinstance(b, Preformatted))
    assert pre.text == "  def settle(terms):\n      return terms"
    figure = next(b for b in doc.blocks if isinstance(b, FigurePlaceholder))
    assert inline_text(figure.caption) == "Figure 1. The region in 1921."
    assert "SectionBreak" in kinds and kinds.index("SectionBreak") > kinds.index("FigurePlaceholder")
    verse = next(b for b in doc.blocks if isinstance(b, Verse))
    assert [inline_text(line) for line in verse.stanzas[0]] == [
        "Over the hills the delegates came,",
        "Each of them certain the others were wrong,",
        "Nobody willing to carry the blame,",
        "All of them singing the same old song.",
    ]
    terms = next(b for b in doc.blocks if isinstance(b, ListBlock))
    assert terms.style == "definitions" and terms.labels == ["Delegate", "Settlement", "Quorum"]
    texts = "\n".join(body_texts(doc))
    for gone in ("Skip to content", "Texts", "donation", "Related reading"):
        assert gone not in texts, gone
        assert gone in removed(doc), gone
    assert "* * *" not in texts


def test_word_saved_endnotes(tmp_path):
    body = f"""
<div class=WordSection1>
<p class=MsoNormal>{S1}.<a style='mso-endnote-id:edn1' href="#_edn1" name="_ednref1" title=""><span
class=MsoEndnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoEndnoteReference>[i]</span><![endif]></span></span></a> {S2}.</p>
<p class=MsoNormal>{S3}.<a style='mso-endnote-id:edn2' href="#_edn2" name="_ednref2" title=""><span
class=MsoEndnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoEndnoteReference>[ii]</span><![endif]></span></span></a> {S4}.</p>
</div>
<div style='mso-element:endnote-list'><![if !supportEndnotes]><br clear=all><hr align=left size=1 width="33%"><![endif]>
<div style='mso-element:endnote' id=edn1>
<p class=MsoEndnoteText><a style='mso-endnote-id:edn1' href="#_ednref1" name="_edn1" title=""><span
class=MsoEndnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoEndnoteReference>[i]</span><![endif]></span></span></a> Jones, <i>A History</i>, p. 4.</p>
<p class=MsoEndnoteText>A second paragraph of the first note.</p>
</div>
<div style='mso-element:endnote' id=edn2>
<p class=MsoEndnoteText><a style='mso-endnote-id:edn2' href="#_ednref2" name="_edn2" title=""><span
class=MsoEndnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoEndnoteReference>[ii]</span><![endif]></span></span></a> Smith, <i>Memoirs</i>.</p>
</div>
</div>"""
    doc, _ = normalized(tmp_path, "word-endnotes.htm", page(body, "On Settlements"))
    assert_notes(doc, ["Jones, A History, p. 4. A second paragraph of the first note.", "Smith, Memoirs."])


def test_older_pandoc_and_markdown_it_footnotes(tmp_path):
    body = f"""
<p>{S1}.<a href="#fn1" class="footnoteRef" id="fnref1"><sup>1</sup></a> {S2}.</p>
<p>{S3}.<sup class="footnote-ref"><a href="#fn:2" id="fnref:2">2</a></sup> {S4}.</p>
<div class="footnotes">
<hr />
<ol>
<li id="fn1"><p>Jones, <em>A History</em>, p. 4.<a href="#fnref1">↩</a></p></li>
<li id="fn:2"><p>Smith, <em>Memoirs</em>.&#160;<a href="#fnref:2" class="footnote-backref">&#x21a9;&#xfe0e;</a></p></li>
</ol>
</div>"""
    doc, _ = normalized(tmp_path, "md.html", page(body, "On Settlements"))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs."])


def test_substack_footnotes_with_the_number_as_backlink(tmp_path):
    body = f"""
<article><h1 class="post-title">On Settlements</h1>
<div class="available-content"><div class="body markup">
<p>{S1}.<a class="footnote-anchor" data-component-name="FootnoteAnchorToDOM" id="footnote-anchor-1"
 href="#footnote-1" target="_self">1</a> {S2}.</p>
<p>{S3}.<a class="footnote-anchor" id="footnote-anchor-2" href="#footnote-2" target="_self">2</a> {S4}.</p>
<div class="footnote" data-component-name="FootnoteToDOM"><a id="footnote-1" href="#footnote-anchor-1"
 class="footnote-number" contenteditable="false" target="_self">1</a><div class="footnote-content">
<p>Jones, <em>A History</em>, p. 4.</p></div></div>
<div class="footnote"><a id="footnote-2" href="#footnote-anchor-2" class="footnote-number">2</a>
<div class="footnote-content"><p>Smith, <em>Memoirs</em>.</p><p>A second paragraph.</p></div></div>
</div></div>
<div class="post-footer"><button>Share</button><p>Subscribe to the newsletter for more essays like this one.</p></div>
</article>"""
    doc, _ = normalized(tmp_path, "substack.html", page(body, "On Settlements"))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs. A second paragraph."])


def test_epub_notes_at_each_chapters_end_numbering_restarting(tmp_path):
    opf = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="BookId">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>On Settlements</dc:title>
  <dc:creator>Ann Writer</dc:creator><dc:language>en</dc:language><dc:identifier id="BookId">x</dc:identifier></metadata>
 <manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
  <item id="a" href="index_split_000.html" media-type="application/xhtml+xml"/>
  <item id="b" href="index_split_001.html" media-type="application/xhtml+xml"/></manifest>
 <spine toc="ncx"><itemref idref="a"/><itemref idref="b"/></spine>
</package>"""

    def chapter(title: str, first: str, second: str) -> str:
        return xhtml(
            f'<h2 class="calibre1">{title}</h2>'
            f'<p class="calibre2">{S1}.<a href="#filepos1" id="back1" class="calibre3">1</a> {S2}.</p>'
            f'<p class="calibre2">{S3}.<a href="#filepos2" id="back2" class="calibre3">2</a> {S4}.</p>'
            f'<p class="calibre4" id="filepos1"><a href="#back1" class="calibre3">1</a> {first}</p>'
            f'<p class="calibre4" id="filepos2"><a href="#back2" class="calibre3">2</a> {second}</p>',
            epub3=False,
        )

    files = {
        "toc.ncx": NCX,
        "index_split_000.html": chapter("Chapter the First", "Jones, A History, p. 4.", "Smith, Memoirs."),
        "index_split_001.html": chapter("Chapter the Second", "Brown, letter of 3 May.", "Green, diary."),
    }
    doc, _ = normalized(tmp_path, "calibre.epub", epub(files, opf))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs.", "Brown, letter of 3 May.", "Green, diary."])


def test_notes_set_after_the_pages_main_stay_notes(tmp_path):
    body = f"""
<nav><a href="/">Home</a> <a href="/essays">Essays</a></nav>
<main><h1>On Settlements</h1>
<p>{S1}.<a href="#fn1" id="fnref1" class="footnote-ref"><sup>1</sup></a> {S2}.</p>
<p>{S3}.<a href="#fn2" id="fnref2" class="footnote-ref"><sup>2</sup></a> {S4}.</p>
</main>
<section class="footnotes"><hr/><ol>
<li id="fn1"><p>Jones, <em>A History</em>, p. 4. <a href="#fnref1" class="footnote-back">↩</a></p></li>
<li id="fn2"><p>Smith, <em>Memoirs</em>. <a href="#fnref2" class="footnote-back">↩</a></p></li>
</ol></section>
<div class="about">The author teaches history and writes about the settlements of the last century.</div>"""
    doc, _ = normalized(tmp_path, "after-main.html", page(body, "On Settlements"))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs."])
    assert "The author teaches history" in removed(doc)


def test_verse_parted_by_br_and_a_poem_by_epub_type(tmp_path):
    body = f"""
<h1>Songs of the Settlement</h1>
<p>{S1}. {S2}.</p>
<p>Over the hills the delegates came,<br>
Each of them certain the others were wrong,<br>
Nobody willing to carry the blame,<br>
All of them singing the same old song.</p>
<p>Then they went home by the roads they had known,<br>
Every one of them sure he had won,<br>
Leaving the terms on the table alone.</p>
<p>{S3}.</p>
<blockquote epub:type="z3998:poem"><p><span>Under the bridge the river ran,</span><br/>
<span class="i1">Carrying all that the delegates said,</span></p></blockquote>
<p>The Secretary<br>Committee of Delegates<br>Geneva</p>
<p>{S4}, and then again, as the minutes record at great length and in several places,<br>
the question was put to the vote once more, though nobody could say what had been decided.<br>
{S2}, in the end.</p>
<p>Nobody at the time thought<sup class="noprint Inline-Template">[<i><a href="/wiki/Citation_needed">citation
needed</a></i>]</sup> it would last.</p>"""
    doc, _ = normalized(tmp_path, "verse.html", page(body, "Songs"))
    verses = [b for b in iter_blocks(doc.blocks) if isinstance(b, Verse)]
    assert [[[inline_text(line) for line in stanza] for stanza in v.stanzas] for v in verses] == [
        [
            [
                "Over the hills the delegates came,",
                "Each of them certain the others were wrong,",
                "Nobody willing to carry the blame,",
                "All of them singing the same old song.",
            ],
            [
                "Then they went home by the roads they had known,",
                "Every one of them sure he had won,",
                "Leaving the terms on the table alone.",
            ],
        ],
        [["Under the bridge the river ran,", "Carrying all that the delegates said,"]],
    ]
    texts = body_texts(doc)
    assert "The Secretary\nCommittee of Delegates\nGeneva" in texts  # an address: too few words a line
    assert any(t.startswith(S4) for t in texts)  # prose parted by <br> runs long: no verse
    assert "Nobody at the time thought it would last." in texts
    assert "[citation needed]" in removed(doc)


def test_epub3_footnotes_in_each_chapter_and_notes_outside_the_spine(tmp_path):
    opf = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="uid">x</dc:identifier>
  <dc:title>On Settlements</dc:title><dc:language>en</dc:language></metadata>
 <manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
  <item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>
  <item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/>
  <item id="n" href="notes.xhtml" media-type="application/xhtml+xml"/>
  <item id="ad" href="ad.xhtml" media-type="application/xhtml+xml"/></manifest>
 <spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>"""
    files = {
        "nav.xhtml": xhtml('<nav epub:type="toc"><ol><li><a href="c1.xhtml">One</a></li></ol></nav>'),
        # Each chapter's footnotes after its paragraphs, both numbered from fn1.
        "c1.xhtml": xhtml(
            f'<h1>One</h1><p>{S1}.<a epub:type="noteref" href="#fn1">1</a> {S2}.</p>'
            '<aside epub:type="footnote" id="fn1"><p>Jones, A History.</p></aside>'
            f'<p>{S3}.<a epub:type="noteref" href="notes.xhtml#n2">2</a></p>'
        ),
        "c2.xhtml": xhtml(
            f'<h1>Two</h1><p>{S4}.<a epub:type="noteref" href="#fn1">1</a></p>'
            '<aside epub:type="footnote" id="fn1"><p>Brown, letter.</p></aside>'
        ),
        "notes.xhtml": xhtml('<aside epub:type="endnote" id="n2"><p>Smith, Memoirs.</p></aside>'),
        "ad.xhtml": xhtml("<p>More books from this publisher.</p>"),
    }
    doc, _ = normalized(tmp_path, "chapters.epub", epub(files, opf))
    assert_notes(doc, ["Jones, A History.", "Smith, Memoirs.", "Brown, letter."])
    assert [t for _, t in headings(doc)] == ["One", "Two"]
    assert "More books from this publisher." in removed(doc)  # outside the spine, linked from nothing: named


def test_brackets_around_the_reference_link_and_worded_backlinks(tmp_path):
    body = f"""
<h1>On Settlements</h1>
<p>{S1}.<sup>[<a href="#n1" id="r1">1</a>]</sup> {S2}.</p>
<p>{S3}.<sup>(<a href="#n2" id="r2">2</a>)</sup> {S4}.</p>
<div class="footnotes"><p id="n1">1. Jones, <i>A History</i>, p. 4. <a href="#r1">Back to text</a></p>
<p id="n2">2. Smith, <i>Memoirs</i>. <a href="#r2">↑</a></p></div>"""
    doc, _ = normalized(tmp_path, "brackets.html", page(body, "On Settlements"))
    assert_notes(doc, ["Jones, A History, p. 4.", "Smith, Memoirs."])
    texts = body_texts(doc)
    assert f"{S1}. {S2}." in texts and f"{S3}. {S4}." in texts  # no "[]" or "()" left where the markers stood
    assert "Back to text" in removed(doc)


def test_one_article_is_the_work_but_a_main_holding_little_is_not(tmp_path):
    promo = "<div>Support independent publishing: become a member of our reading circle today.</div>"
    body = f"{promo}<article><h1>On Settlements</h1><p>{S1}.</p><p>{S2}.</p><p>{S3}.</p></article>{promo}"
    doc, _ = normalized(tmp_path, "article.html", page(body, "On Settlements"))
    assert body_texts(doc) == [f"{S1}.", f"{S2}.", f"{S3}."]
    assert removed(doc).count("Support independent publishing") == 2

    # A <main> that holds only a teaser is a misused tag: the page's text outside it is kept.
    body = f"<main><p>Read on.</p></main><div><p>{S1}.</p><p>{S2}.</p><p>{S3}.</p><p>{S4}.</p></div>"
    doc, _ = normalized(tmp_path, "teaser.html", page(body, "On Settlements"))
    assert [f"{S1}.", f"{S2}.", f"{S3}.", f"{S4}."] == [t for t in body_texts(doc) if t != "Read on."]


def test_the_publishers_pages_are_left_out_and_their_licence_reaches_the_sources_page(tmp_path):
    from readerbook.sources import stated_terms

    opf = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:identifier id="uid">x</dc:identifier><dc:title>On Settlements</dc:title><dc:language>en</dc:language>
 </metadata>
 <manifest>
  <item id="imprint.xhtml" href="text/imprint.xhtml" media-type="application/xhtml+xml"/>
  <item id="chapter-1.xhtml" href="text/chapter-1.xhtml" media-type="application/xhtml+xml"/>
  <item id="copyright-law.xhtml" href="text/copyright-law.xhtml" media-type="application/xhtml+xml"/>
  <item id="colophon.xhtml" href="text/colophon.xhtml" media-type="application/xhtml+xml"/>
  <item id="uncopyright.xhtml" href="text/uncopyright.xhtml" media-type="application/xhtml+xml"/>
 </manifest>
 <spine>
  <itemref idref="imprint.xhtml"/><itemref idref="chapter-1.xhtml"/><itemref idref="copyright-law.xhtml"/>
  <itemref idref="colophon.xhtml"/><itemref idref="uncopyright.xhtml"/>
 </spine>
</package>"""
    files = {
        "text/imprint.xhtml": xhtml(
            '<section id="imprint" epub:type="frontmatter imprint"><h2 epub:type="title">Imprint</h2>'
            "<p>This ebook is the product of many hours of hard work by volunteers.</p></section>"
        ),
        "text/chapter-1.xhtml": xhtml(f'<section id="chapter-1" epub:type="chapter"><h2>I</h2><p>{S1}.</p></section>'),
        # A chapter about copyright is no copyright page, though its file name says "copyright".
        "text/copyright-law.xhtml": xhtml(
            f'<section id="copyright-law" epub:type="chapter"><h2>On Copyright</h2><p>{S2}.</p></section>'
        ),
        "text/colophon.xhtml": xhtml(
            '<section id="colophon" epub:type="backmatter colophon"><h2 epub:type="title">Colophon</h2>'
            "<p>The cover page is adapted from a painting completed in 1890.</p></section>"
        ),
        "text/uncopyright.xhtml": xhtml(
            '<section id="uncopyright" epub:type="backmatter copyright-page"><h2 epub:type="title">Uncopyright</h2>'
            "<p>The volunteers have dedicated their contributions to the worldwide public domain via the terms "
            "in the Creative Commons CC0 1.0 Universal Public Domain Dedication.</p></section>"
        ),
    }
    doc, _ = normalized(tmp_path, "se.epub", epub(files, opf))
    assert [t for _, t in headings(doc)] == ["I", "On Copyright"]
    text = "\n".join(body_texts(doc))
    assert "volunteers" not in text and "painting" not in text
    left_out = {c.detail for c in doc.changes if c.kind == "omitted"}
    assert {"imprint page left out by the epub reader", "colophon left out by the epub reader"} <= left_out
    assert "copyright page left out by the epub reader" in left_out
    terms = stated_terms(doc.changes)
    assert terms is not None and "CC0" in terms.terms
