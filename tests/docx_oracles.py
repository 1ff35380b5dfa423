"""Word documents built for the DOCX round-trip tests, as Word users make them.

python-docx writes the document from its own template (Word's built-in
styles: Title, Subtitle, Heading 1–3, Quote, Caption, List Paragraph); what
python-docx cannot write — the footnotes and endnotes parts, numbering
definitions, tracked changes — is added as OOXML, the way Word writes it.
The expected answers of the tests are the words put in here.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.shared import Inches, Pt

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f'xmlns:w="{W_NS}"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def png(width: int = 40, height: int = 30) -> bytes:
    """A small grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _xml_run(inner: str, rpr: str = "") -> object:
    return parse_xml(f"<w:r {W}>{'<w:rPr>' + rpr + '</w:rPr>' if rpr else ''}{inner}</w:r>")


def note_reference(paragraph, kind: str, number: int) -> None:
    """A footnote or endnote reference run, as Word writes it."""
    style = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
    paragraph._p.append(
        _xml_run(
            f'<w:{kind}Reference w:id="{number}"/>', f'<w:rStyle w:val="{style}"/><w:vertAlign w:val="superscript"/>'
        )
    )


def numbered(paragraph, num_id: int, level: int) -> None:
    """A paragraph in Word's list numbering (what the list buttons do: List Paragraph plus numPr)."""
    paragraph.style = "List Paragraph"
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def tracked(paragraph, kind: str, text: str, author: str = "Reviewer") -> None:
    """An insertion or deletion recorded by Track Changes."""
    tag = "delText" if kind == "del" else "t"
    paragraph._p.append(
        parse_xml(
            f'<w:{kind} {W} w:id="{abs(hash(text)) % 9000 + 100}" w:author="{author}" w:date="2024-03-01T10:00:00Z">'
            f'<w:r><w:{tag} xml:space="preserve">{text}</w:{tag}></w:r></w:{kind}>'
        )
    )


def field_run(paragraph, code: str, shown: str) -> None:
    """A complex field (PAGE, NUMPAGES) with its cached result."""
    for xml in (
        '<w:fldChar w:fldCharType="begin"/>',
        f'<w:instrText xml:space="preserve"> {code} </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        f"<w:t>{shown}</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ):
        paragraph._p.append(_xml_run(xml))


# Word's numbering definitions: a bulleted list and a numbered outline, three levels each.
NUMBERING = (
    '<w:abstractNum {W} w:abstractNumId="90">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/>'
    '<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/>'
    '<w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u25aa"/>'
    '<w:pPr><w:ind w:left="2160" w:hanging="360"/></w:pPr></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum {W} w:abstractNumId="91">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
    '<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/>'
    '<w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%3."/>'
    '<w:pPr><w:ind w:left="2160" w:hanging="360"/></w:pPr></w:lvl>'
    "</w:abstractNum>"
)
BULLETS, NUMBERS = 90, 91


def _add_numbering(doc) -> None:
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(f"{{{W_NS}}}num")
    for abstract in parse_xml(f"<w:x {W}>{NUMBERING.format(W=W)}</w:x>"):
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    for num_id, abstract_id in ((BULLETS, 90), (NUMBERS, 91)):
        numbering.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))


def _notes_part(kind: str, notes: dict[int, str]) -> str:
    tag = kind  # footnote | endnote
    ref = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
    body = (
        f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>'
    )
    for number, text in notes.items():
        first, *more = text.split("\n\n")  # a note of several paragraphs
        paras = f'<w:p><w:pPr><w:pStyle w:val="{kind.title()}Text"/></w:pPr>'
        paras += f'<w:r><w:rPr><w:rStyle w:val="{ref}"/><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r>'
        paras += f'<w:r><w:t xml:space="preserve"> {first}</w:t></w:r></w:p>'
        for para in more:
            paras += f'<w:p><w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">{para}</w:t></w:r></w:p>'
        body += f'<w:{tag} w:id="{number}">{paras}</w:{tag}>'
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{tag}s {W}>{body}</w:{tag}s>'


def finish(doc, footnotes: dict[int, str] | None = None, endnotes: dict[int, str] | None = None) -> bytes:
    """The document's bytes, with its footnotes and endnotes parts added as Word adds them."""
    buffer = io.BytesIO()
    doc.save(buffer)
    if not footnotes and not endnotes:
        return buffer.getvalue()
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as zf:
        for name in zf.namelist():
            parts[name] = zf.read(name)
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    for kind, notes in (("footnote", footnotes), ("endnote", endnotes)):
        if not notes:
            continue
        parts[f"word/{kind}s.xml"] = _notes_part(kind, notes).encode("utf-8")
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rId{kind}s" Type="{REL}/{kind}s" Target="{kind}s.xml"/></Relationships>',
        )
        types = types.replace(
            "</Types>", f'<Override PartName="/word/{kind}s.xml" ContentType="{CT}.{kind}s+xml"/></Types>'
        )
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    parts["[Content_Types].xml"] = types.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


# ---------------------------------------------------------------------------
# The documents

PROSE = (
    "Close reading asks the reader to slow down, to notice how a sentence is made, and to say what it does "
    "before saying what it means."
)


def styled_essay() -> bytes:
    """An essay in Word's built-in styles, with everything an instructor's handout has."""
    doc = Document()
    _add_numbering(doc)
    doc.core_properties.title = "Microsoft Word - handout3.docx"  # what a PDF printer or an old Word fills in
    doc.core_properties.author = "Office User"
    section = doc.sections[0]
    section.header.paragraphs[0].text = "SEMINAR HANDOUT \u2014 DRAFT"
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    field_run(footer, "PAGE", "3")

    doc.add_paragraph("On Reading Closely", style="Title")
    doc.add_paragraph("A Handout for the Seminar", style="Subtitle")
    doc.add_heading("Why Read Slowly", level=1)

    p = doc.add_paragraph("Reading is a conversation in which the other speaker has finished.")
    p.paragraph_format.left_indent = Inches(1.5)
    p.runs[0].italic = True
    sign = doc.add_paragraph("\u2014 Marguerite Ellery")
    sign.paragraph_format.left_indent = Inches(1.5)
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    p = doc.add_paragraph("The phrase ")
    p.add_run("close reading").italic = True
    p.add_run(" has a history; the \u201cnew critics\u201d made it a ")
    p.add_run("method").bold = True
    p.add_run(", and it\u2019s still taught in 12\u00a0weeks.")
    note_reference(p, "footnote", 1)
    p.add_run(" " + PROSE)

    doc.add_heading("What to Look For", level=2)
    doc.add_heading("Lists of Questions", level=3)
    doc.add_paragraph("Ask these of every passage:")
    for text, level in (
        ("Who is speaking?", 0),
        ("To whom?", 1),
        ("In what voice?", 2),
        ("What is left unsaid?", 0),
    ):
        numbered(doc.add_paragraph(text), BULLETS, level)
    doc.add_paragraph("Then work through the steps in order:")
    for text, level in (
        ("Read the passage aloud.", 0),
        ("Mark the verbs.", 1),
        ("Mark the nouns.", 1),
        ("Count the clauses.", 2),
        ("Write a paraphrase.", 0),
    ):
        numbered(doc.add_paragraph(text), NUMBERS, level)

    doc.add_heading("Quotations", level=2)
    doc.add_paragraph("One critic put it plainly:")
    quote = doc.add_paragraph(
        "The poem is not a message but an event, and the reader is the place where it happens.", style="Quote"
    )
    note_reference(quote, "footnote", 2)
    doc.add_paragraph("Another, set in by hand rather than by style:")
    p = doc.add_paragraph(
        "Attention is the rarest and purest form of generosity, and reading is a way of practising it."
    )
    p.paragraph_format.left_indent = Inches(0.75)
    p.paragraph_format.right_indent = Inches(0.75)
    doc.add_paragraph("Both claims are tested below. " + PROSE)

    doc.add_heading("A Poem", level=2)
    poem = doc.add_paragraph()
    for i, line in enumerate(
        ["The river keeps its counsel", "under the winter ice,", "and speaks in spring to no one", "twice."]
    ):
        run = poem.add_run(line)
        if i < 3:
            run.add_break()  # Shift+Enter
    doc.add_paragraph("The poem\u2019s last word stands alone. " + PROSE)
    stanza = doc.add_paragraph()  # an older poem, each line opening with a capital
    for i, line in enumerate(
        ["Whoever reads this page", "Reads slowly, as it was made,", "And keeps what it has said."]
    ):
        run = stanza.add_run(line)
        if i < 2:
            run.add_break()

    doc.add_heading("A Table and a Figure", level=2)
    table = doc.add_table(rows=3, cols=2)
    for r, row in enumerate([("Reading", "Minutes"), ("First pass", "10"), ("Second pass", "25")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.add_paragraph()
    doc.add_picture(io.BytesIO(png()), width=Inches(2))
    doc.add_paragraph("Figure 1. The reading room of the old library.", style="Caption")

    p = doc.add_paragraph("The page ends here.")
    p.runs[0].add_break(WD_BREAK.PAGE)
    doc.add_paragraph("A new page begins with this sentence. " + PROSE)

    new = doc.add_section()
    new.header.is_linked_to_previous = False
    new.header.paragraphs[0].text = "PART TWO RUNNING HEAD"
    doc.add_heading("Revisions", level=1)
    p = doc.add_paragraph("The draft said that reading is ")
    tracked(p, "del", "merely decoding")
    tracked(p, "ins", "an act of attention")
    p.add_run(", and the editor agreed.")
    note_reference(p, "endnote", 1)
    p = doc.add_paragraph("A commented sentence closes the handout.")
    doc.add_comment(p.runs[0], text="Check this claim against the syllabus.", author="Editor", initials="ED")
    doc.add_paragraph("Reading well takes time" + "; " + PROSE)
    note_reference(doc.paragraphs[-1], "footnote", 3)
    doc.add_heading("Works Cited", level=2)
    for entry in (
        "Ellery, Marguerite. The Patient Reader. Second edition, with a new preface by the author. "
        "London: Harbour Press, 1998.",
        "Ward, Jonah. Attention and the Page: Essays on Reading in Difficult Times. New Haven: Yale, 2004.",
    ):
        p = doc.add_paragraph(entry)  # a hanging indent: set in, all but its first line
        p.paragraph_format.left_indent = Inches(0.5)
        p.paragraph_format.first_line_indent = Inches(-0.5)

    return finish(
        doc,
        footnotes={
            1: "On the history of the phrase see the introduction to the course reader.",
            2: "The critic is quoted from a lecture.",
            3: "A third footnote, cited last of all.\n\nIt runs to a second paragraph.",
        },
        endnotes={1: "The endnote records who changed the draft."},
    )


def formatted_headings() -> bytes:
    """Headings made by direct formatting only: bold, larger, centred; no heading styles."""
    doc = Document()
    prose = PROSE + " " + PROSE
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("The Uses of Difficulty")
    run.bold, run.font.size = True, Pt(18)
    for heading in ("First Lecture", "Second Lecture"):
        h = doc.add_paragraph()
        run = h.add_run(heading)
        run.bold, run.font.size = True, Pt(14)
        doc.add_paragraph(prose)
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = sub.add_run(f"Notes on the {heading.split()[0].lower()} reading")
        run.bold = True
        run.font.size = Pt(12)
        for _ in range(2):
            p = doc.add_paragraph(prose)
            for r in p.runs:
                r.font.size = Pt(11)
    return finish(doc)


def bold_headings() -> bytes:
    """Headings typed in bold at the body's size, the title centred over them."""
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("Reading Slowly").bold = True
    for heading in ("Introduction", "The Method", "Conclusion"):
        doc.add_paragraph().add_run(heading).bold = True
        doc.add_paragraph(PROSE + " " + PROSE)
        doc.add_paragraph(PROSE)
    return finish(doc)


def hand_notes(word_numbering: bool = False) -> bytes:
    """Notes typed by hand: superscript numbers in the text, a "Notes" list at
    the end — its numbers typed, or (``word_numbering``) made by Word's list numbering."""
    doc = Document()
    _add_numbering(doc)
    doc.add_heading("Marginalia", level=1)
    for n, text in enumerate(
        [
            "Readers have always written in their books, and the habit is older than print.",
            "Some libraries now collect annotated copies on purpose.",
            "The practice tells us how a book was used.",
        ],
        start=1,
    ):
        p = doc.add_paragraph(text)
        p.add_run(str(n)).font.superscript = True
        p.add_run(" " + PROSE)
    doc.add_heading("Notes", level=2)
    for n, text in enumerate(
        [
            "On medieval glosses, see the course reader, part one.",
            "Several university libraries describe such collections.",
            "This is the argument of the final chapter.",
        ],
        start=1,
    ):
        if word_numbering:
            numbered(doc.add_paragraph(text), NUMBERS, 0)
        else:
            doc.add_paragraph(f"{n}. {text}")
    return finish(doc)


def properties_only() -> bytes:
    """Document properties naming the work; the body names it nowhere as a Title."""
    doc = Document()
    doc.core_properties.title = "Letters on Reading"
    doc.core_properties.author = "Helena Marsh"
    doc.add_paragraph(PROSE + " " + PROSE)
    doc.add_paragraph("A second paragraph of ordinary prose follows the first and ends here.")
    return finish(doc)


def list_styles_and_long_quotation() -> bytes:
    """Lists in Word's List Number and List Bullet 2 styles, a quotation of
    two paragraphs set in by hand, and a table whose first row repeats as its header."""
    doc = Document()
    doc.add_heading("Readings", level=1)
    doc.add_paragraph(PROSE)
    for text, style in (
        ("Week one", "List Number"),
        ("Plato", "List Bullet 2"),
        ("Week two", "List Number"),
        ("Aristotle", "List Bullet 2"),
    ):
        doc.add_paragraph(text, style=style)
    doc.add_paragraph("As the author writes:")
    for text in ("First paragraph of a long quotation that runs on.", "Second paragraph of the same quotation."):
        doc.add_paragraph(text).paragraph_format.left_indent = Inches(0.5)
    doc.add_paragraph(PROSE)
    table = doc.add_table(rows=2, cols=2)
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {W}/>"))
    for r, row in enumerate([("Term", "Gloss"), ("logos", "word")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return finish(doc)


def custom_styles() -> bytes:
    """A department's template: its own heading styles (one based on Heading 1,
    one given an outline level), a quotation style based on Quote, and a table
    of contents Word generated at the top."""
    from docx.enum.style import WD_STYLE_TYPE

    doc = Document()
    chapter = doc.styles.add_style("Chapter Title", WD_STYLE_TYPE.PARAGRAPH)
    chapter.base_style = doc.styles["Heading 1"]
    section = doc.styles.add_style("Section Head", WD_STYLE_TYPE.PARAGRAPH)
    section.base_style = doc.styles["Normal"]
    section.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="1"/>'))
    extract = doc.styles.add_style("Long Extract", WD_STYLE_TYPE.PARAGRAPH)
    extract.base_style = doc.styles["Quote"]
    for name in ("toc 1", "toc 2"):
        doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).base_style = doc.styles["Normal"]

    doc.add_paragraph("Contents", style="TOC Heading")
    for text, style in (("The Archive\t1", "toc 1"), ("Finding Aids\t2", "toc 2"), ("The Reading Room\t3", "toc 1")):
        doc.add_paragraph(text, style=style)
    doc.add_paragraph("The Archive", style="Chapter Title")
    doc.add_paragraph(PROSE)
    doc.add_paragraph("Finding Aids", style="Section Head")
    doc.add_paragraph(PROSE)
    doc.add_paragraph("An archive is a record of what someone decided to keep.", style="Long Extract")
    doc.add_paragraph("The Reading Room", style="Chapter Title")
    doc.add_paragraph(PROSE)
    return finish(doc)


def signed_quotations() -> bytes:
    """Quotations signed as typists sign them: an epigraph in the Quote
    style with its source on a dashed line under it, and a quotation set in
    by hand whose last line, set in too, opens with a dash."""
    doc = Document()
    doc.add_heading("On Difficulty", level=1)
    doc.add_paragraph("What is worth doing is worth doing slowly.", style="Quote")
    doc.add_paragraph("\u2014 Anonymous proverb", style="Quote")
    doc.add_paragraph(PROSE)
    doc.add_paragraph("A later essayist agreed:")
    for text in ("Difficulty is the reader\u2019s friend, not the author\u2019s failure.", "\u2013 R. Hale, 1961"):
        doc.add_paragraph(text).paragraph_format.left_indent = Inches(0.6)
    doc.add_paragraph(PROSE)
    return finish(doc)


def captions_and_pictures() -> bytes:
    """Pictures as Word users place them: one with its caption above it, one
    with a table's caption (in the Caption style) below it, over the table;
    one with alt text written by its author, one with the alt text Word
    generates by itself."""
    doc = Document()
    doc.add_heading("Evidence", level=1)
    doc.add_paragraph(PROSE)
    doc.add_paragraph("Figure 2: A map of the stacks.")
    doc.add_picture(io.BytesIO(png()), width=Inches(2))
    doc.add_paragraph(PROSE)
    doc.add_picture(io.BytesIO(png()), width=Inches(2))
    doc.add_paragraph("Table 1. Minutes spent on each pass.", style="Caption")
    table = doc.add_table(rows=2, cols=2)
    for r, row in enumerate([("Pass", "Minutes"), ("First", "10")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.add_paragraph(PROSE)
    shape = doc.add_picture(io.BytesIO(png()), width=Inches(2))
    shape._inline.docPr.set("descr", "The catalogue drawers of the old library")
    doc.add_paragraph(PROSE)
    shape = doc.add_picture(io.BytesIO(png()), width=Inches(2))
    shape._inline.docPr.set("descr", "A picture containing text, indoor\n\nDescription automatically generated")
    doc.add_paragraph(PROSE)
    return finish(doc)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)
