"""The readers for structured formats (HTML, Markdown, DOCX, EPUB) and the HTML walker they share."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from readerbook.diagnostics import Diagnostics
from readerbook.ir import ANCHOR, BOLD, CODE, ITALIC, LINK, NOTE_REF, SMALL_CAPS, SUBSCRIPT, SUPERSCRIPT
from readerbook.readers import reader_for
from readerbook.readers.docx import read_docx, resolve_form_fields
from readerbook.readers.epub import read_epub, resolve_href
from readerbook.readers.html import parse_html, read_html, walk
from readerbook.readers.markdown import read_markdown

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def html(source: str | bytes, name: str = "page.html"):
    data = source.encode("utf-8") if isinstance(source, str) else source
    return read_html(Path(name), name, data, Diagnostics())


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def styled(line, kind: str) -> list[str]:
    return [line.text[s.start : s.end] for s in line.styles if s.kind == kind]


def values(line, kind: str) -> list[str]:
    return [s.value for s in line.styles if s.kind == kind]


def by_text(source, text: str):
    return next(line for line in source.lines if line.text == text)


# ---------------------------------------------------------------------------
# Decoding


def test_declared_latin1_and_entities():
    data = b"<html><head><meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'></head>"
    data += b"<body><p>caf\xe9 &amp; cr&egrave;me &#8212; ok</p></body></html>"
    src = html(data)
    assert src.encoding == "iso-8859-1"
    assert [line.text for line in src.lines] == ["café & crème — ok"]
    assert src.format == "html"


def test_latin1_label_with_windows_bytes_reads_as_cp1252():
    data = b"<html><head><meta charset='iso-8859-1'></head><body><p>\x93quoted\x94</p></body></html>"
    src = html(data)
    assert src.encoding == "windows-1252"
    assert src.lines[0].text == "“quoted”"


def test_bom_and_xml_declaration():
    assert html(b"\xef\xbb\xbf<html><body><p>\xc3\xa9t\xc3\xa9</p></body></html>").lines[0].text == "été"
    data = "<?xml version='1.0' encoding='iso-8859-1'?><html xmlns='http://www.w3.org/1999/xhtml'><body><p>é</p>"
    src = html(data.encode("latin-1") + b"</body></html>")
    assert src.encoding == "iso-8859-1"
    assert src.lines[0].text == "é"


def test_undeclared_page_is_detected():
    src = html(b"<html><body><p>plain \xc3\xa9</p></body></html>")
    assert src.encoding == "utf-8"
    assert src.lines[0].text == "plain é"


# ---------------------------------------------------------------------------
# The walker: blocks and text


def test_meta_and_skipped_elements():
    src = html(
        "<html lang='de'><head><title> A  page </title><meta name='Author' content='Ann Author'>"
        "<style>p {color: red}</style><script>var x = 1;</script></head>"
        "<body><script>alert(1)</script><noscript>enable js</noscript><template><p>t</p></template>"
        "<svg><text>drawn</text></svg><p>Only this.</p></body></html>"
    )
    assert src.meta == {"title": "A page", "author": "Ann Author", "language": "de"}
    assert [line.text for line in src.lines] == ["Only this."]
    og = html(page("<p>x</p>", "<title>Site | Page</title><meta property='og:title' content='The Work'>"))
    assert og.meta["title"] == "The Work"


def test_blocks_whitespace_and_line_numbers():
    src = html(
        page(
            "<h2>  A\n  heading </h2><p>One&nbsp;&nbsp;two\t three\n four.</p>"
            "<div>Loose text <p>inner para</p> tail text</div><blockquote>Bare quote text</blockquote>"
            "<address>1 High St</address><p>   </p><p>\u00adsoft\u200bhy</p>"
        )
    )
    texts = [(line.text, line.hint.kind) for line in src.lines]
    assert texts == [
        ("A heading", "heading"),
        ("One two three four.", "p"),
        ("Loose text", "p"),
        ("inner para", "p"),
        ("tail text", "p"),
        ("Bare quote text", "p"),
        ("1 High St", "p"),
        ("softhy", "p"),
    ]
    assert src.lines[0].hint.level == 2
    assert [line.no for line in src.lines] == list(range(1, len(src.lines) + 1))
    assert src.lines[5].hint.container == "quote"
    assert "address" in src.lines[6].hint.classes
    assert all(line.where == line.hint.path for line in src.lines)
    assert src.lines[3].hint.path == "body/div/p"
    for line in src.lines:
        assert line.text == line.text.strip() and "\t" not in line.text and "\u00a0" not in line.text
        assert line.text == unicodedata.normalize("NFC", line.text)


def test_br_splits_into_one_group():
    src = html(page("<p>Line one<br/>line <i>two<br>continues</i><br></p><p>next</p>"))
    lines = src.lines
    assert [line.text for line in lines] == ["Line one", "line two", "continues", "next"]
    assert lines[0].hint.group == lines[1].hint.group == lines[2].hint.group != lines[3].hint.group
    assert styled(lines[1], ITALIC) == ["two"]
    assert styled(lines[2], ITALIC) == ["continues"]


def test_pre_keeps_spaces_line_by_line():
    src = html(page("<pre>\n  indented\n\tx = 1   \n\n<b>last</b>\n</pre><hr/><p>after</p>"))
    lines = src.lines
    assert [line.text for line in lines] == ["  indented", "    x = 1", "", "last", "", "after"]
    assert [line.hint.kind for line in lines] == ["pre", "pre", "pre", "pre", "break", "p"]
    assert len({line.hint.group for line in lines[:4]}) == 1
    assert styled(lines[3], BOLD) == ["last"]


def test_hidden_elements_are_named_as_omitted():
    src = html(page("<p>shown</p><div hidden>secret words</div><p style='display: none'>gone</p>"))
    assert [line.text for line in src.lines] == ["shown"]
    assert ("hidden element", "secret words") in src.omitted
    assert ("hidden element", "gone") in src.omitted


# ---------------------------------------------------------------------------
# Styles


def test_inline_styles_at_their_offsets():
    src = html(
        page(
            "<p>An <em>emphatic</em> and <strong>bold</strong> H<sub>2</sub>O x<sup>2</sup> "
            "<span class='smcap'>Small</span> <span style='font-variant: small-caps'>caps</span> "
            "<code>f()</code> <cite>Book</cite> <span class='i'>it</span> <b> spaced </b>end</p>"
        )
    )
    line = src.lines[0]
    assert line.text == "An emphatic and bold H2O x2 Small caps f() Book it spaced end"
    assert styled(line, ITALIC) == ["emphatic", "Book", "it"]
    assert styled(line, BOLD) == ["bold", "spaced"]
    assert styled(line, SUBSCRIPT) == ["2"]
    assert styled(line, SUPERSCRIPT) == ["2"]
    assert styled(line, SMALL_CAPS) == ["Small", "caps"]
    assert styled(line, CODE) == ["f()"]


def test_links_anchors_and_pending_ids():
    src = html(
        page(
            "<p id='p1'>See <a href='#n1' id='r1'>note</a> and <a name='here'></a>there "
            "<a href='http://example.org/x'>out</a>.</p>"
            "<p><a id='empty'></a></p><h2 id='h'><a id='inner'></a>Title</h2>"
            "<section id='s1'><p>First in section</p></section><p>Last<a name='end'> </a></p>"
        )
    )
    first, heading, section, last = src.lines
    assert values(first, LINK) == ["#n1", "http://example.org/x"]
    assert styled(first, LINK) == ["note", "out"]
    anchors = [(s.start, s.value) for s in first.styles if s.kind == ANCHOR]
    assert anchors == [(0, "p1"), (4, "r1"), (13, "here")]
    assert [(s.start, s.value) for s in heading.styles if s.kind == ANCHOR] == [(0, "empty"), (0, "h"), (0, "inner")]
    assert [(s.start, s.value) for s in section.styles if s.kind == ANCHOR] == [(0, "s1")]
    assert [(s.start, s.end, s.value) for s in last.styles if s.kind == ANCHOR] == [(4, 4, "end")]


def test_backlinks_are_dropped():
    src = html(
        page(
            "<div class='footnotes'><ol><li id='fn1'><p>Note one. <a class='footnote-backref' href='#r1'>x</a></p></li>"
            "<li id='fn2'><p>Note two <a href='#r2'>↩︎</a></p></li>"
            "<li id='fn3'><p>Note three <a href='#r3'>[Back]</a></p></li>"
            "<li id='fn4'><p><a href='#r4'>[4]</a> Note four <a href='#r4' role='doc-backlink'>back</a></p></li>"
            "</ol></div>"
        )
    )
    assert [line.text for line in src.lines] == ["Note one.", "Note two", "Note three", "[4] Note four"]
    assert values(src.lines[3], LINK) == ["#r4"]
    assert all(line.hint.container == "footnotes>list" for line in src.lines)


def test_note_references_the_format_marks():
    src = html(
        page(
            "<p>Text<a epub:type='noteref' href='#n1'>1</a> more<a role='doc-noteref' href='#n2'>2</a>"
            " and<a href='#n3' class='fnanchor'>[3]</a></p><aside epub:type='footnote' id='n1'><p>One.</p></aside>"
        )
    )
    line = src.lines[0]
    assert values(line, NOTE_REF) == ["n1", "n2"]
    assert values(line, LINK) == ["#n1", "#n2", "#n3"]
    note = src.lines[1]
    assert note.hint.container == "aside>footnotes"
    assert "footnote" in note.hint.classes
    assert values(note, ANCHOR) == ["n1"]


def test_inline_element_holding_blocks_wraps_them():
    # (The HTML parser closes an <i> before a <p>; XHTML keeps it.)
    src = html(
        "<html xmlns='http://www.w3.org/1999/xhtml'><body><a href='#top'><div>Block in a link</div></a>"
        "<i><p>one</p><p>two</p></i></body></html>"
    )
    assert values(src.lines[0], LINK) == ["#top"]
    assert styled(src.lines[1], ITALIC) == ["one"]
    assert styled(src.lines[2], ITALIC) == ["two"]


def test_xhtml_self_closed_anchor_does_not_swallow_text():
    data = (
        "<?xml version='1.0' encoding='utf-8'?><html xmlns='http://www.w3.org/1999/xhtml'><body>"
        "<p>Before<a id='pg1' class='pageno'/> after&nbsp;&mdash;&#160;end</p></body></html>"
    )
    line = html(data, "page.xhtml").lines[0]
    assert line.text == "Before after — end"
    assert styled(line, LINK) == []
    assert [(s.start, s.value) for s in line.styles if s.kind == ANCHOR] == [(6, "pg1")]


# ---------------------------------------------------------------------------
# Hints


def test_lists_labels_depth_and_containers():
    src = html(
        page(
            "<ol start='3'><li>Third</li><li value='7'>Seventh<ul><li>bullet</li></ul></li></ol>"
            "<ol type='a'><li>alpha</li><li>beta</li></ol><ol type='I' reversed><li>two</li><li>one</li></ol>"
            "<ul><li><p>First para</p><p>Second para</p></li></ul>"
            "<blockquote><ul><li>quoted item</li></ul><blockquote><p>deeper</p></blockquote></blockquote>"
        )
    )
    got = [(line.text, line.hint.kind, line.hint.label, line.hint.level, line.hint.container) for line in src.lines]
    assert got == [
        ("Third", "item", "3.", 1, "list"),
        ("Seventh", "item", "7.", 1, "list"),
        ("bullet", "item", "◦", 2, "list>list"),
        ("alpha", "item", "a.", 1, "list"),
        ("beta", "item", "b.", 1, "list"),
        ("two", "item", "II.", 1, "list"),
        ("one", "item", "I.", 1, "list"),
        ("First para", "item", "•", 1, "list"),
        ("Second para", "p", "", 1, "list"),
        ("quoted item", "item", "•", 1, "quote>list"),
        ("deeper", "p", "", 2, "quote>quote"),
    ]


def test_table_cells_definitions_and_captions():
    src = html(
        page(
            "<table><caption>Table 1</caption><tr><th>Name</th><th colspan='2'>Value</th><th>Note</th></tr>"
            "<tr><td>a</td><td>1</td><td>2</td><td><p>x</p><p>y</p></td></tr></table><table><tr><td>z</td></tr></table>"
            "<dl><dt>Term</dt><dd>Definition</dd></dl>"
        )
    )
    got = [(line.text, line.hint.kind, line.hint.label, line.hint.level) for line in src.lines]
    assert got == [
        ("Table 1", "caption", "", 0),
        ("Name", "cell", "1:1", 1),
        ("Value", "cell", "1:2", 1),
        ("Note", "cell", "1:4", 1),
        ("a", "cell", "2:1", 0),
        ("1", "cell", "2:2", 0),
        ("2", "cell", "2:3", 0),
        ("x", "cell", "2:4", 0),
        ("y", "cell", "2:4", 0),
        ("z", "cell", "1:1", 0),
        ("Term", "dt", "", 0),
        ("Definition", "dd", "", 0),
    ]
    groups = {line.hint.group for line in src.lines[1:9]}
    assert len(groups) == 1 and src.lines[9].hint.group not in groups
    assert src.lines[1].hint.container == "table"


def test_figures_and_images():
    src = html(
        page(
            "<figure><img src='a.jpg' alt='A picture'/><figcaption><p>The caption</p></figcaption></figure>"
            "<figure><img src='b.jpg' alt='Lone alt'/></figure><p><img src='c.jpg' alt='Inline'/> with text</p>"
            "<p><img src='d.jpg' alt=''/></p><figure><table><tr><td>t</td></tr></table><figcaption>Tab</figcaption>"
            "</figure>"
        )
    )
    got = [(line.text, line.hint.kind, "img-alt" in line.hint.classes) for line in src.lines]
    assert got == [
        ("The caption", "figure", False),
        ("Lone alt", "figure", True),
        ("with text", "p", False),
        ("t", "cell", False),
        ("Tab", "caption", False),
    ]
    pg = html(
        page(
            "<div class='figcenter'><img src='i.jpg' alt='alt words'/><br/><span class='caption'>A caption</span>"
            "</div><div class='figleft'><img src='j.jpg' alt='Only alt'/></div>"
        )
    )
    assert [(line.text, line.hint.kind) for line in pg.lines] == [("A caption", "figure"), ("Only alt", "figure")]


def test_classes_from_the_element_and_its_ancestors():
    src = html(
        page(
            "<div class='poem wide'><div class='stanza'><span class='i2'>Line one<br/></span>"
            "<span class='i4'>line two</span></div></div>"
            "<section epub:type='chapter' role='doc-chapter' class='layout'><p class='salutation x'>Dear Sir,</p>"
            "</section>"
        )
    )
    verse = src.lines[0]
    assert verse.hint.classes == ("stanza", "poem")
    assert src.lines[0].hint.group == src.lines[1].hint.group
    assert src.lines[2].hint.classes == ("salutation", "x", "chapter", "doc-chapter")


def test_chrome_evidence():
    src = html(
        page(
            "<nav><p>Home</p></nav><div class='breadcrumbs'><p>A &gt; B</p></div><div id='siteFooter'><p>f</p></div>"
            "<p><a href='/1'>One</a> | <a href='/2'>Two</a> | <a href='/3'>Three</a></p>"
            "<section><header><h2>Chapter heading</h2></header><p>Body text of the chapter with "
            "<a href='/x'>one link</a> inside it.</p></section><header><p>Site banner</p></header>"
            "<h2><a href='#top'>Linked heading</a></h2><p class='commentary'>Not chrome</p>"
            "<div class='chapter-header'><p>Chapter the first</p></div>"
        )
    )
    chrome = {line.text: line.hint.chrome for line in src.lines}
    assert chrome["Home"] == "inside <nav>"
    assert chrome["A > B"] == "class 'breadcrumbs'"
    assert chrome["f"] == "id 'siteFooter'"
    assert chrome["One | Two | Three"] == "link list"
    assert chrome["Chapter heading"] == ""
    assert chrome["Body text of the chapter with one link inside it."] == ""
    assert chrome["Site banner"] == "inside <header>"
    assert chrome["Linked heading"] == ""
    assert chrome["Not chrome"] == ""
    assert chrome["Chapter the first"] == ""
    assert src.lines[0].hint.container == "nav"


def test_walk_on_a_tree():
    tree = parse_html("<html><body><p>one</p><p>two</p></body></html>")
    lines = walk(tree, prefix="f.xhtml:", start=10)
    assert [(line.no, line.text, line.where) for line in lines] == [
        (10, "one", "f.xhtml:body/p[1]"),
        (11, "two", "f.xhtml:body/p[2]"),
    ]


# ---------------------------------------------------------------------------
# Markdown

EXPORTED = """\
Title: The Lessons of October
Author: Tony Cliff
Subtitle: Chapter 4

# The Lessons {: data-label="CHAPTER IV" }

Some *emphasised* text with a note[^1] and
a second line.

> Dear Comrade,
> {: .salutation }
>
> The body of the letter.
>
> Yours,
> {: .signature }

<!-- -->

> A quotation\x20\x20
> with a hard break.

* * *

3. Third
4. Fourth

[Figure not reproduced: A map of Russia]

```
  code kept
```

| a | b |
|---|---|
| 1 | 2 |

[^1]: The note text.

    Its second paragraph.
"""


def md(text: str):
    return read_markdown(Path("t.md"), "t.md", text.encode("utf-8"), Diagnostics())


def test_markdown_as_exported():
    src = md(EXPORTED)
    assert src.format == "markdown"
    assert src.meta == {"title": "The Lessons of October", "author": "Tony Cliff", "subtitle": "Chapter 4"}
    got = [(line.text, line.hint.kind, line.hint.label, line.hint.container, line.where) for line in src.lines]
    assert got == [
        ("The Lessons", "heading", "CHAPTER IV", "", "line 5"),
        ("Some emphasised text with a note1 and a second line.", "p", "", "", "line 7"),
        ("Dear Comrade,", "p", "", "quote", "line 10"),
        ("The body of the letter.", "p", "", "quote", "line 13"),
        ("Yours,", "p", "", "quote", "line 15"),
        ("A quotation", "p", "", "quote", "line 20"),
        ("with a hard break.", "p", "", "quote", "line 21"),
        ("", "break", "", "", "line 23"),
        ("Third", "item", "3.", "list", "line 25"),
        ("Fourth", "item", "4.", "list", "line 26"),
        ("[Figure not reproduced: A map of Russia]", "figure", "", "", "line 28"),
        ("  code kept", "pre", "", "", "line 31"),
        ("a", "cell", "1:1", "table", "line 34"),
        ("b", "cell", "1:2", "table", "line 34"),
        ("1", "cell", "2:1", "table", "line 36"),
        ("2", "cell", "2:2", "table", "line 36"),
        ("The note text.", "item", "1.", "footnotes>list", "line 38"),
        ("Its second paragraph.", "p", "", "footnotes>list", "line 40"),
    ]
    lines = src.lines
    assert lines[0].hint.level == 1
    assert styled(lines[1], ITALIC) == ["emphasised"]
    assert values(lines[1], NOTE_REF) == ["fn:1"] and values(lines[1], LINK) == ["#fn:1"]
    assert styled(lines[1], SUPERSCRIPT) == ["1"]
    assert "fn:1" in values(lines[16], ANCHOR)
    assert lines[2].hint.classes == ("salutation",) and lines[4].hint.classes == ("signature",)
    assert lines[2].hint.path != lines[5].hint.path.replace("blockquote[2]", "blockquote[1]")
    assert lines[5].hint.group == lines[6].hint.group
    assert "figure-placeholder" in lines[10].hint.classes


def test_markdown_without_metadata_and_repeated_words():
    src = md("Word word.\n\nWord again.\n\n\nWord again.\n")
    assert src.meta == {}
    assert [line.where for line in src.lines] == ["line 1", "line 3", "line 6"]


def test_markdown_is_read_by_suffix():
    assert reader_for(Path("x.md"), b"# Title\n").name == "markdown"


# ---------------------------------------------------------------------------
# DOCX

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _para(text: str, style: str = "", runs: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    body = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{body}{runs}</w:p>"


def _field(code: str, ffdata: str, result: str = "") -> str:
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="F"/>{ffdata}</w:ffData></w:fldChar></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{result}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def make_docx() -> bytes:
    dropdown = _field(
        "FORMDROPDOWN",
        '<w:ddList><w:result w:val="1"/><w:listEntry w:val="FIRST"/><w:listEntry w:val="SECOND CHOICE"/></w:ddList>',
        "<w:r><w:t>stale</w:t></w:r>",
    )
    default_dropdown = _field("FORMDROPDOWN", '<w:ddList><w:listEntry w:val="ONLY"/></w:ddList>')
    checked = _field("FORMCHECKBOX", "<w:checkBox><w:sizeAuto/><w:checked/></w:checkBox>")
    unchecked = _field("FORMCHECKBOX", '<w:checkBox><w:sizeAuto/><w:default w:val="0"/></w:checkBox>')
    text_field = _field("FORMTEXT", "<w:textInput/>", "<w:r><w:t>typed value</w:t></w:r>")
    note_ref = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    body = "".join(
        [
            _para("The Title", "Title"),
            _para("First Heading", "Heading1"),
            _para(
                "Plain ",
                runs='<w:r><w:rPr><w:i/></w:rPr><w:t>italic</w:t></w:r><w:r><w:t xml:space="preserve"> words.</w:t></w:r>'
                + note_ref,
            ),
            _para("Choice: ", runs=dropdown),
            _para("Default: ", runs=default_dropdown),
            _para("Boxes: ", runs=checked + '<w:r><w:t xml:space="preserve"> and </w:t></w:r>' + unchecked),
            _para("Typed: ", runs=text_field),
            _para("A quoted passage.", "Quote"),
            '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
            "<w:r><w:t>Numbered one</w:t></w:r></w:p>",
            '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
            "<w:r><w:t>Numbered two</w:t></w:r></w:p>",
            '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>',
        ]
    )
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W} {R}><w:body>{body}</w:body></w:document>'
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:styles {W}>'
        '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/></w:style>'
        '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/></w:style>'
        "</w:styles>"
    )
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}><w:abstractNum w:abstractNumId="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {W}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> The footnote text.</w:t>'
        "</w:r></w:p></w:footnote></w:footnotes>"
    )
    header = f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {W}><w:p><w:r><w:t>Docket No. 42</w:t></w:r></w:p></w:hdr>'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdS" Type="{rel}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rIdN" Type="{rel}/numbering" Target="numbering.xml"/>'
        f'<Relationship Id="rIdF" Type="{rel}/footnotes" Target="footnotes.xml"/>'
        f'<Relationship Id="rIdH" Type="{rel}/header" Target="header1.xml"/>'
        "</Relationships>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{ct}.document.main+xml"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", root_rels)
        zf.writestr("word/document.xml", document)
        zf.writestr("word/_rels/document.xml.rels", rels)
        zf.writestr("word/styles.xml", styles)
        zf.writestr("word/numbering.xml", numbering)
        zf.writestr("word/footnotes.xml", footnotes)
        zf.writestr("word/header1.xml", header)
    return buffer.getvalue()


def test_docx_reader():
    data = make_docx()
    assert reader_for(Path("x.bin"), data[:8192]).name == "docx"
    src = read_docx(Path("t.docx"), "t.docx", data, Diagnostics())
    assert src.format == "docx"
    texts = [line.text for line in src.lines]
    assert texts == [
        "The Title",
        "First Heading",
        "Plain italic words.[1]",
        "Choice: SECOND CHOICE",
        "Default: ONLY",
        "Boxes: ☒ and ☐",
        "Typed: typed value",
        "A quoted passage.",
        "Numbered one",
        "Numbered two",
        "The footnote text.",
    ]
    kinds = [(line.hint.kind, line.hint.level, line.hint.container) for line in src.lines]
    assert kinds[0] == ("heading", 1, "") and kinds[1] == ("heading", 1, "")
    assert kinds[7] == ("p", 1, "quote")
    assert kinds[8] == ("item", 1, "list") and src.lines[9].hint.label == "2."
    assert kinds[10][0] == "item" and kinds[10][2] == "footnotes>list"
    assert src.meta["title"] == "The Title"
    plain = src.lines[2]
    assert styled(plain, ITALIC) == ["italic"]
    assert styled(plain, LINK) == ["[1]"] and values(plain, NOTE_REF) == ["#footnote-1"[1:]]
    assert ("page header", "Docket No. 42") in src.omitted
    assert not any("FORM" in line.text or "stale" in line.text for line in src.lines)


def test_form_fields_resolved_in_the_xml():
    xml = make_docx()
    with zipfile.ZipFile(io.BytesIO(xml)) as zf:
        document = zf.read("word/document.xml")
    out = resolve_form_fields(document).decode("utf-8")
    assert "FORMDROPDOWN" not in out and "FORMCHECKBOX" not in out and "FORMTEXT" not in out
    assert "fldChar" not in out
    assert "SECOND CHOICE</w:t>" in out and "☒" in out and "typed value" in out


def _bold(text: str, size: int, small_caps: bool = False) -> str:
    caps = "<w:smallCaps/>" if small_caps else ""
    return (
        f'<w:p><w:r><w:rPr><w:b/>{caps}<w:sz w:val="{size}"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    )


def _plain(text: str) -> str:
    return f'<w:p><w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _bare_docx(body: str) -> bytes:
    """A Word document of one part: its body, no styles."""
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W} {R}><w:body>{body}</w:body></w:document>'
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{ct}.document.main+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        zf.writestr("word/document.xml", document)
    return buffer.getvalue()


def test_docx_bold_paragraphs_as_headings_ranked_by_size_and_a_letterhead_as_metadata():
    from readerbook.model import Heading, inline_text, iter_blocks
    from readerbook.normalize import TextOptions, normalize_source

    prose = "This paragraph of ordinary prose follows the line above it and says a good deal more. " * 2
    body = "".join(
        [
            _bold("First Part", 20, small_caps=True),
            _plain(prose),
            _bold("A SMALLER SUBHEADING", 17),
            _plain(prose),
            _bold("OFFICE OF THE EXAMPLE", 20),
            _bold("EXAMPLE REVIEW BOARD", 20),
            _bold("EXAMPLE DECISION DOCUMENT", 20),
            _bold("Second Part", 20, small_caps=True),
            _plain(prose),
            _bold("Last Part", 24),
            _plain(prose),
        ]
    )
    src = read_docx(Path("t.docx"), "t.docx", _bare_docx(body), Diagnostics())
    sizes = {line.text: line.hint.classes for line in src.lines if line.text[0] != "T"}
    assert sizes["A SMALLER SUBHEADING"] == ("font-size-17hp",) and sizes["Last Part"] == ("font-size-24hp",)
    assert "font-size-20hp" not in " ".join(c for line in src.lines if line.text[0] == "T" for c in line.hint.classes)

    doc = normalize_source(src, TextOptions(), diagnostics=Diagnostics())
    headings = [(b.level, inline_text(b.inlines)) for b in iter_blocks(doc.blocks) if isinstance(b, Heading)]
    top = min(level for level, _ in headings)
    assert [(level - top, text) for level, text in headings] == [
        (0, "First Part"),
        (1, "A SMALLER SUBHEADING"),
        (0, "Second Part"),  # set otherwise than the letterhead before it: not part of its run
        (0, "Last Part"),
    ]
    assert doc.meta.title == "EXAMPLE DECISION DOCUMENT" and doc.meta.author == "EXAMPLE REVIEW BOARD"


# ---------------------------------------------------------------------------
# EPUB

XHTML = (
    '<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
    'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>t</title></head><body>{}</body></html>'
)


def make_epub() -> bytes:
    opf = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:identifier id="id">x</dc:identifier><dc:title>A Small Book</dc:title>
  <dc:creator>Ann Author</dc:creator><dc:creator>Bob Writer</dc:creator><dc:language>en</dc:language>
 </metadata>
 <manifest>
  <item id="nav" href="nav.xhtml" properties="nav" media-type="application/xhtml+xml"/>
  <item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>
  <item id="ch1" href="ch1.xhtml" media-type="application/xhtml+xml"/>
  <item id="ch2" href="text/ch%202.xhtml" media-type="application/xhtml+xml"/>
  <item id="notes" href="notes.xhtml" media-type="application/xhtml+xml"/>
  <item id="ads" href="ads.xhtml" media-type="application/xhtml+xml"/>
  <item id="css" href="style.css" media-type="text/css"/>
 </manifest>
 <spine>
  <itemref idref="cover"/><itemref idref="nav"/><itemref idref="ch1"/><itemref idref="ch2"/>
  <itemref idref="notes" linear="no"/><itemref idref="ads" linear="no"/>
 </spine>
</package>"""
    files = {
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": '<?xml version="1.0"?><container version="1.0" '
        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
        "OEBPS/content.opf": opf,
        "OEBPS/nav.xhtml": XHTML.format(
            '<nav epub:type="toc"><h1>Contents</h1><ol><li><a href="ch1.xhtml">One</a></li></ol></nav>'
        ),
        "OEBPS/cover.xhtml": XHTML.format('<div><img src="c.jpg" alt="Cover Image"/></div>'),
        "OEBPS/ch1.xhtml": XHTML.format(
            '<section epub:type="chapter"><h2 id="c1">Chapter One</h2>'
            '<p>See <a href="text/ch%202.xhtml#s1">below</a>, a note<a epub:type="noteref" href="notes.xhtml#n1">1'
            '</a> and <a href="#c1">the top</a>&nbsp;&mdash; <a id="pg2" class="pageno"/>done.</p></section>'
        ),
        "OEBPS/text/ch 2.xhtml": XHTML.format(
            '<header><h2 id="s1">Chapter Two</h2></header><p>Back to <a href="../ch1.xhtml">chapter one</a>.</p>'
        ),
        "OEBPS/notes.xhtml": XHTML.format(
            '<aside epub:type="footnote" id="n1"><p>The note. <a epub:type="backlink" href="ch1.xhtml">↩</a></p></aside>'
        ),
        "OEBPS/ads.xhtml": XHTML.format("<p>Buy more books</p>"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("mimetype", files.pop("mimetype"), compress_type=zipfile.ZIP_STORED)
        for name, content in files.items():
            zf.writestr(name, content)
    return buffer.getvalue()


def test_epub_reader():
    data = make_epub()
    assert reader_for(Path("x.zip"), data[:8192]).name == "epub"
    src = read_epub(Path("b.epub"), "b.epub", data, Diagnostics())
    assert src.format == "epub" and src.encoding == "utf-8"
    assert src.meta == {"title": "A Small Book", "author": "Ann Author and Bob Writer", "language": "en"}
    assert [line.text for line in src.lines] == [
        "Chapter One",
        "See below, a note1 and the top — done.",
        "Chapter Two",
        "Back to chapter one.",
        "The note.",
    ]
    kinds = dict(src.omitted)
    assert kinds["cover"] == "Cover Image"
    assert kinds["navigation document"] == "Contents\nOne"
    assert kinds["non-linear document"] == "Buy more books"
    heading, para, heading2, back, note = src.lines
    assert values(heading, ANCHOR) == ["ch1.xhtml#", "ch1.xhtml#c1"]
    assert heading.where == "ch1.xhtml:body/section/h2" == heading.hint.path
    assert values(para, LINK) == ["text/ch 2.xhtml#s1", "notes.xhtml#n1", "ch1.xhtml#c1"]
    assert values(para, NOTE_REF) == ["notes.xhtml#n1"]
    assert values(para, ANCHOR) == ["ch1.xhtml#pg2"]
    assert values(heading2, ANCHOR) == ["text/ch 2.xhtml#", "text/ch 2.xhtml#s1"]
    assert heading2.hint.chrome == "" and heading2.where == "text/ch 2.xhtml:body/header/h2"
    assert values(back, LINK) == ["ch1.xhtml#"]
    assert values(note, ANCHOR) == ["notes.xhtml#", "notes.xhtml#n1"]
    assert note.hint.container == "aside>footnotes"
    assert [line.no for line in src.lines] == [1, 2, 3, 4, 5]


def test_resolve_href():
    assert resolve_href("#x", "a/b.xhtml") == "a/b.xhtml#x"
    assert resolve_href("../c.xhtml#y", "a/b.xhtml") == "c.xhtml#y"
    assert resolve_href("d%20e.xhtml", "a/b.xhtml") == "a/d e.xhtml#"
    assert resolve_href("https://example.org/#z", "a/b.xhtml") == "https://example.org/#z"


# ---------------------------------------------------------------------------
# The corpus (skipped where /work/shared/corpus is not present)


class _Text(HTMLParser):
    """The words a browser would show, by the standard library's parser (not lxml)."""

    SKIP = {"script", "style", "head", "title", "noscript", "template", "svg"}
    BLOCKS = set("p div h1 h2 h3 h4 h5 h6 li td th tr br hr pre dt dd ul ol table figure figcaption section".split())
    BLOCKS |= {"blockquote", "body", "caption", "address"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1
        elif tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1
        elif tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def shown_words(text: str) -> list[str]:
    parser = _Text()
    parser.feed(text)
    return words("".join(parser.parts))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text.replace("\u00ad", "")))


def corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} is not present")
    return path


def read_corpus(name: str):
    path = corpus(name)
    data = path.read_bytes()
    reader = {"htm": read_html, "html": read_html, "epub": read_epub, "docx": read_docx}[path.suffix[1:]]
    return reader(path, path.name, data, Diagnostics()), data


def test_corpus_marxists():
    src, data = read_corpus("html/marxists-communist-manifesto-ch1.htm")
    assert src.encoding == "iso-8859-1"
    assert src.meta["author"] == "Karl Marx and Frederick Engels"
    assert words(" ".join(line.text for line in src.lines)) == shown_words(data.decode("latin-1"))
    heading = next(line for line in src.lines if line.text.startswith("Chapter I. Bourgeois and Proletarians"))
    assert heading.hint.kind == "heading" and heading.hint.level == 3
    assert styled(heading, SUPERSCRIPT) == ["(1)"] and styled(heading, LINK) == ["(1)"]
    assert values(heading, LINK) == ["#a1"] and "ab1" in values(heading, ANCHOR)
    notes = [line for line in src.lines if "information" in line.hint.classes]
    assert len(notes) == 6
    anchors = [v for line in notes for v in values(line, ANCHOR)]
    assert anchors == ["a1", "a2", "a3", "a4"]
    assert notes[0].text.startswith("1. By bourgeoisie is meant")
    breadcrumb = src.lines[0]
    assert breadcrumb.text.startswith("MIA: Marxists: Marx & Engels: Library: 1848")
    assert breadcrumb.hint.chrome
    for text in ("[German Original]", "Chapter 2: Proletarians and Communists"):
        assert by_text(src, text).hint.chrome
    footer = next(line for line in src.lines if line.text.startswith("Table of Contents:"))
    assert footer.hint.chrome
    body = [line for line in src.lines if line.hint.kind == "p" and not line.hint.chrome]
    assert not any(line.hint.chrome for line in body if "information" in line.hint.classes)
    assert by_text(src, "Two things result from this fact:").hint.chrome == ""
    assert len({line.no for line in src.lines}) == len(src.lines)


def test_corpus_keynes():
    src, data = read_corpus("html/keynes-economic-consequences-pg-html.htm")
    assert src.encoding == "iso-8859-1"
    assert words(" ".join(line.text for line in src.lines)) == shown_words(data.decode("latin-1"))
    texts = [line.text for line in src.lines]
    assert any(t.startswith("***START OF THE PROJECT GUTENBERG EBOOK THE ECONOMIC CONSEQUENCES") for t in texts)
    assert "This eBook is for the use of anyone anywhere at no cost and with" in texts
    refs = [v for line in src.lines for v in values(line, LINK) if v.startswith("#Footnote_")]
    assert len(refs) == 173
    cell_refs = [
        line
        for line in src.lines
        if line.hint.kind == "cell" and any(v.startswith("#Footnote_") for v in values(line, LINK))
    ]
    assert len(cell_refs) == 10
    cell = next(line for line in cell_refs if line.text == "[98]")
    assert values(cell, LINK) == ["#Footnote_98_98"] and values(cell, ANCHOR) == ["FNanchor_98_98"]
    notes = [line for line in src.lines if "Footnote_1_1" in values(line, ANCHOR)]
    assert len(notes) == 1
    note = notes[0]
    assert note.text.startswith("[1] In 1913 there were 25,843 emigrants from Germany")
    assert note.hint.container == "footnotes" and "footnote" in note.hint.classes
    note_anchors = {v for line in src.lines if "footnotes" in line.hint.container for v in values(line, ANCHOR)}
    assert len({v for v in note_anchors if v.startswith("Footnote_")}) == 171
    contents = [line for line in src.lines if line.hint.kind == "cell" and line.text == "Europe before the War"]
    assert contents and contents[0].hint.chrome == "link list"
    chapter = next(line for line in src.lines if "CHAPTER_I" in values(line, ANCHOR))
    assert (
        chapter.text == "Chapter I" and chapter.hint.kind == "heading" and styled(chapter, SMALL_CAPS) == ["Chapter I"]
    )
    title = [line for line in src.lines if line.hint.path == "body/h1[2]"]
    assert [line.text for line in title] == ["THE ECONOMIC", "CONSEQUENCES OF", "THE PEACE"]
    assert len({line.hint.group for line in title}) == 1


def test_corpus_alice():
    src, data = read_corpus("other/carroll-alice-epub3.epub")
    assert src.meta["title"] == "Alice's Adventures in Wonderland" and src.meta["author"] == "Lewis Carroll"
    kinds = [kind for kind, _ in src.omitted]
    assert "cover" in kinds and "navigation document" in kinds
    chapters = [line for line in src.lines if line.hint.kind == "heading" and "chapter" in line.hint.classes]
    assert [line.text for line in chapters] == [
        "Down The Rabbit-Hole",
        "The Pool Of Tears",
        "A Caucus-Race And A Long Tale",
        "The Rabbit Sends In A Little Bill",
        "Advice From A Caterpillar",
        "Pig And Pepper",
        "A Mad Tea-Party",
        "The Queen's Croquet Ground",
        "Who Stole The Tarts?",
        "Alice's Evidence",
    ]
    # The Mouse's tale: one <div class="poem stanza">, a line per <br> (46 of them).
    tale = [line for line in src.lines if line.where.startswith("chapter_003.xhtml") and "poem" in line.hint.classes]
    assert len(tale) == 46 and len({line.hint.group for line in tale}) == 1
    assert [line.text for line in tale[:3]] == ['"Fury said to', "a mouse, That", "he met in the"]
    assert tale[-1].text == "death.'\""
    figures = [line for line in src.lines if line.hint.kind == "figure" and "img-alt" not in line.hint.classes]
    assert len(figures) == 4
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for k in range(1, 11):
            name = f"chapter_{k:03d}.xhtml"
            shown = shown_words(zf.read(f"OPS/{name}").decode("utf-8"))
            ours = [
                line.text
                for line in src.lines
                if line.where.startswith(name + ":") and "img-alt" not in line.hint.classes
            ]
            assert words(" ".join(ours)) == shown, name
    assert len({line.no for line in src.lines}) == len(src.lines)


def test_corpus_navy_docx():
    src, _ = read_corpus("other/navy-ndrb-decision-md17-00012.docx")
    text = "\n".join(line.text for line in src.lines)
    for field in ("FORMDROPDOWN", "FORMCHECKBOX", "FORMTEXT"):
        assert field not in text
    for shown in (
        "ex- Cpl, USMCR",
        "Characterization change to: NONE REQUESTED",
        "Application Received: 20161018",
        "Ten Nonjudicial Punishments (NJPs) for violations of the Uniform Code of Military Justice (UCMJ):",
        "clemency was warranted",
        "UNCHARACTERIZED (ENTRY LEVEL SEPARATION)",
        "MISCONDUCT with a corresponding separation code of HKQ1",
    ):
        assert shown in text, shown
    assert ("page header", "Docket No. MD17-00012") in src.omitted
    assert any(kind == "page footer" and "NFIR - Not found in record" in t for kind, t in src.omitted)
    assert "Docket No." not in text
    items = [line for line in src.lines if line.hint.kind == "item"]
    assert len(items) == 5 and items[0].text.startswith("The Applicant requests a change to his character of service")
    assert [line.hint.label for line in items] == ["1.", "2.", "3.", "4.", "5."]
    emphasis = {t for line in src.lines for t in styled(line, ITALIC)}
    assert {"Complaint Procedures", "Automatic Upgrades", "Suicide Prevention"} <= emphasis


def _normalized_html(body: str):
    from readerbook.normalize import TextOptions, normalize_source

    return normalize_source(html(page(body)), TextOptions(), diagnostics=Diagnostics())


def test_html_headings_set_alike_nest_by_their_outline_numbering():
    from readerbook.model import Heading, inline_text

    p = "<p>" + "Words of the section that stand here to make a paragraph of prose. " * 3 + "</p>"
    doc = _normalized_html(
        f"<h2>Chapter One</h2>{p}<h4>I. <i>First</i></h4>{p}<h4>II. <i>Second</i></h4>{p}"
        f"<h4>1. <i>Sub one</i></h4>{p}<h4>2. <i>Sub two</i></h4>{p}<h4>III. <i>Third</i></h4>{p}"
        f"<h2>Chapter Two</h2>{p}<h4>1. <i>Plain one</i></h4>{p}"
    )
    levels = [(inline_text(b.inlines), b.level) for b in doc.blocks if isinstance(b, Heading)]
    assert [lv for _, lv in levels] == [2, 3, 3, 4, 4, 3, 2, 3]


def test_a_table_inside_a_note_stays_in_it_and_its_own_references_link_to_notes():
    from readerbook.model import NoteRef, block_inlines, iter_blocks

    body = (
        "<p>The estimates differ widely.<a id='r1'></a><a href='#n1'>[1]</a></p>"
        "<div class='footnotes'><h3>FOOTNOTES:</h3>"
        "<div class='footnote'><p><a id='n1'></a><a href='#r1'>[1]</a> The estimates were:</p>"
        "<table><tr><td>1905.</td><td>Halle</td><td><a id='ra'></a><a href='#na'>[A]</a></td></tr>"
        "<tr><td>1913.</td><td>Helfferich</td><td></td></tr></table></div>"
        "<div class='footnote'><p><a id='na'></a><a href='#ra'>[A]</a> Plus investments.</p></div></div>"
    )
    doc = _normalized_html(body)
    assert sorted(n.label for n in doc.notes) == ["1", "A"]
    assert not any(n.orphan for n in doc.notes)
    note1 = next(n for n in doc.notes if n.label == "1")
    refs_in_note = [
        x for b in iter_blocks(note1.blocks) for seq in block_inlines(b) for x in seq if isinstance(x, NoteRef)
    ]
    assert [r.label for r in refs_in_note] == ["A"]


def test_the_end_set_as_a_heading_after_the_last_words_is_a_closing_line():
    from readerbook.model import Heading, Paragraph, inline_text

    p = "<p>" + "Words of the chapter that stand here to make a paragraph of prose. " * 3 + "</p>"
    doc = _normalized_html(f"<h2>Chapter One</h2>{p}<h2>Chapter Two</h2>{p}{p}<h3>The End</h3>")
    assert [inline_text(b.inlines) for b in doc.blocks if isinstance(b, Heading)] == ["Chapter One", "Chapter Two"]
    assert isinstance(doc.blocks[-1], Paragraph) and inline_text(doc.blocks[-1].inlines) == "The End"


def test_markdown_goes_through_the_emendations_an_unmatched_one_is_rb301():
    from readerbook.diagnostics import ReaderbookError
    from readerbook.manifest import Emendation
    from readerbook.normalize import TextOptions, normalize_source

    source = read_markdown(Path("t.md"), "t.md", b"# A title\n\nThe teh text of a paragraph.\n", Diagnostics())
    fixed = normalize_source(
        source, TextOptions(emendations=(Emendation("teh", "", "a doubled word", 1, 7),)), diagnostics=Diagnostics()
    )
    assert any(c.kind == "emendation" for c in fixed.changes)
    with pytest.raises(ReaderbookError) as err:
        normalize_source(
            source, TextOptions(emendations=(Emendation("nowhere", "x", "why", 1, 9),)), diagnostics=Diagnostics()
        )
    assert err.value.diagnostics[0].code == "RB301"
