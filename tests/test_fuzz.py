"""A fuzzed pipeline: arbitrary Unicode text and arbitrary bytes go through
decoding, every normalization pass, the nothing-lost audit, assembly and both
renderers' XHTML.  Whatever comes in, readerbook either builds it or stops
with a diagnostic of its own: no other exception, no lost letter, no
ill-formed document.

The example count is CI-sized; ``READERBOOK_FUZZ_EXAMPLES=20000`` runs many
more (the long run the README reports).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import time
import traceback
from pathlib import Path
from xml.parsers import expat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from readerbook.diagnostics import Diagnostics, ReaderbookError
from readerbook.manifest import Manifest, TextEntry
from readerbook.normalize import TextOptions
from readerbook.pipeline import book_of, build_lexicon, normalize_one
from readerbook.readers.text import read_text
from readerbook.render.epub import nav_document, render_documents
from readerbook.render.pdf import contents_targets, part_document, print_parts

EXAMPLES = int(os.environ.get("READERBOOK_FUZZ_EXAMPLES", "0") or 0)
PROGRESS = os.environ.get("READERBOOK_FUZZ_PROGRESS")  # a file: a long run counts its examples there
# A file: a long run writes each failure there (one line of JSON: the kind of
# failure, its message, the input) and goes on, to see everything it finds.
FINDINGS = os.environ.get("READERBOOK_FUZZ_FINDINGS")
_done = [0]
FUZZ = settings(
    max_examples=EXAMPLES or 40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    print_blob=True,
)

SHOWN = "texts/fuzz.txt"
MANIFEST = Manifest(
    path=Path("book.yaml"),
    root=Path("."),
    title="Fuzz",
    subtitle=None,
    language="en",
    identifier="urn:uuid:00000000-0000-0000-0000-00000000f022",
    date=_dt.date(2026, 1, 1),
    editor=None,
    publisher=None,
    page_size="A4",
    packet_margin=False,
    note_numbering="per-text",
    shared_quotations=True,
    preface=None,
    index=None,
    texts=(TextEntry(file=Path(SHOWN), slug="fuzz", title="Fuzz", short_title="Fuzz"),),
)


def well_formed(xhtml: str, what: str) -> None:
    """An EPUB document: XML with its namespaces declared."""
    try:
        etree.fromstring(xhtml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:  # pragma: no cover - the assertion's message
        raise AssertionError(f"{what} is not well-formed XML: {exc}") from None


def well_formed_print(html: str, what: str) -> None:
    """A print part: HTML for WeasyPrint, written as XML (its ``epub:type``
    attributes are plain names there, so namespaces are not checked)."""
    parser = expat.ParserCreate()
    try:
        parser.Parse(html.removeprefix("<!DOCTYPE html>\n"), True)
    except expat.ExpatError as exc:  # pragma: no cover - the assertion's message
        raise AssertionError(f"{what} is not well-formed: {exc}") from None


def through_the_pipeline(data: bytes, options: TextOptions | None = None) -> None:
    """One text's bytes through the build as far as the XHTML.  A readerbook
    diagnostic may stop it; nothing else may."""
    _done[0] += 1
    if PROGRESS and _done[0] % 100 == 0:
        Path(PROGRESS).write_text(f"{_done[0]}\n")
    if not FINDINGS:
        _through(data, options)
        return
    try:
        _through(data, options)
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        finding = {
            "kind": f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}",
            "message": str(exc)[:300],
            "input": data[:2000].decode("utf-8", "backslashreplace"),
            "options": repr(options),
        }
        with open(FINDINGS, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(finding, ensure_ascii=False) + "\n")


def _through(data: bytes, options: TextOptions | None) -> None:
    diagnostics = Diagnostics()
    options = options or TextOptions()
    try:
        source = read_text(Path(SHOWN), SHOWN, data, diagnostics, options)
    except ReaderbookError as exc:
        assert exc.diagnostics and all(d.code.startswith("RB2") for d in exc.diagnostics), exc
        return
    if not any(line.text.strip() for line in source.lines):
        return  # the build stops here: RB204, the text is empty
    try:
        doc = normalize_one(source, options, build_lexicon([source]), diagnostics)
    except ReaderbookError as exc:
        assert exc.diagnostics, exc
        return
    lost = [d.format() for d in diagnostics if d.code == "RB390"]
    assert not lost, lost
    book = book_of(MANIFEST, [doc], diagnostics)
    docs = render_documents(book)
    for epub_doc in docs:
        well_formed(epub_doc.xhtml, epub_doc.file)
    well_formed(nav_document(book, docs, None), "nav.xhtml")
    for part in print_parts(book, toc_pages=dict.fromkeys(contents_targets(book))):
        well_formed_print(part_document(book, part), f"print part {part.name}")


# ------------------------------------------------------------- strategies

# Lines of the kinds the passes look for, written so that they can be met
# without their partners: a note marker with no note, a heading label with
# nothing under it, a quotation never closed.
FURNITURE = st.sampled_from(
    [
        "CHAPTER I.",
        "CHAPTER",
        "I.",
        "216.",
        "1.1",
        "A.",
        "Notes",
        "FOOTNOTES:",
        "ENDNOTES",
        "[Footnote 3: never closed",
        "[Footnote 1: A note.]",
        "[1]",
        "[1] A note set under its paragraph.",
        "* A starred note.",
        "† A daggered note.",
        "1. A source, p. 3.",
        "(3)",
        "word.4 and more",
        "procedure. 6 See",
        "*** START OF THE PROJECT GUTENBERG EBOOK X ***",
        "*** END OF THE PROJECT GUTENBERG EBOOK X ***",
        "Title: A Title",
        "Author: Someone",
        "[Illustration: a figure]",
        "* * *",
        "-----",
        "_italic_ and =bold=",
        "\f",
        "12",
        "Page 7",
        "Dear Sir,",
        "Yours truly,",
        "HAMLET. To be.",
        "[Exit.]",
        "Contents",
        "Preface",
        "“An opening quotation that never closes",
        "a closing one” without its opening",
        "((([[[{{{",
        ")))]]]}}}",
        "« guillemets »  „deutsch“",
        "petty-",
        "bourgeois",
        "soft\u00adhyphen",
    ]
)
PROSE_WORD = st.sampled_from(
    "the party workers revolution Lenin congress theory history of and in a to was Trotsky question".split()
)
RTL = st.sampled_from(
    [
        "שלום עולם",
        "مرحبا بالعالم",
        "\u202eevil\u202c",
        "\u202bembedded\u202c",
        "\u2067isolate\u2069",
        "\u200f",
        "\u200e",
    ]
)
COMBINING = st.text(st.characters(categories=["Mn", "Me"]), min_size=1, max_size=6)
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
CONTROL = st.text(st.characters(categories=["Cc", "Cf", "Co", "Cn"]), min_size=1, max_size=4)


@st.composite
def prose_line(draw):
    words = draw(st.lists(PROSE_WORD, min_size=1, max_size=14))
    if draw(st.booleans()):
        words[0] = words[0].capitalize()
    return " ".join(words) + draw(st.sampled_from(["", ".", ",", "?", "!", ";", ":", "—", "-"]))


@st.composite
def marked(draw, base):
    """A line with odd characters set into it at random places."""
    line = draw(base)
    for _ in range(draw(st.integers(0, 3))):
        odd = draw(st.one_of(COMBINING, RTL, CONTROL, ANY_TEXT, st.sampled_from(["[", "]", "(", ")", '"', "“", "”"])))
        at = draw(st.integers(0, len(line)))
        line = line[:at] + odd + line[at:]
    return line


@st.composite
def repeated(draw):
    """Very long lines and words, and thousands of tiny paragraphs: a short
    pattern repeated (cheap to draw, large to read)."""
    kind = draw(st.sampled_from(["long-word", "long-line", "tiny-paragraphs", "number-lines", "many-markers"]))
    n = draw(st.integers(1, 3000))
    if kind == "long-word":
        return draw(st.sampled_from(["a", "ab", "é", "z\u0301", "ש", "1"])) * (n * 10)
    if kind == "long-line":
        return " ".join(draw(st.lists(PROSE_WORD, min_size=1, max_size=5)) * n)
    if kind == "tiny-paragraphs":
        pattern = draw(st.sampled_from(["a", "I.", "x y", "1", "—", "*", "Ab."]))
        return "\n\n".join([pattern] * n)
    if kind == "number-lines":
        return "\n".join(str(i % 997) for i in range(n))
    return " ".join(f"word.{i} [{i}]" for i in range(1, min(n, 400) + 1))


LINE = st.one_of(
    prose_line(),
    prose_line(),
    FURNITURE,
    marked(prose_line()),
    marked(FURNITURE),
    ANY_TEXT,
    st.integers(-5, 5000).map(str),
    repeated(),
)
SEPARATOR = st.sampled_from(["\n", "\n", "\n\n", "\r\n", "\r", "\n\n\n", "\n    "])


@st.composite
def unicode_text(draw):
    lines = draw(st.lists(LINE, min_size=1, max_size=30))
    seps = draw(st.lists(SEPARATOR, min_size=len(lines), max_size=len(lines)))
    return "".join(line + sep for line, sep in zip(lines, seps))


ENCODINGS = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"])


@st.composite
def encoded_text(draw):
    text = draw(unicode_text())
    return text.encode(draw(ENCODINGS), errors="replace")


@st.composite
def damaged_bytes(draw):
    """A text's bytes with some bytes changed, cut or inserted."""
    data = bytearray(draw(encoded_text()))
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        how = draw(st.sampled_from(["flip", "cut", "insert"]))
        if how == "flip":
            data[at] = draw(st.integers(0, 255))
        elif how == "cut":
            del data[at : at + draw(st.integers(1, 16))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
    return bytes(data)


LAYOUT = st.sampled_from(["auto", "auto", "blocks", "lines", "wrapped"])
OPTIONS = st.builds(TextOptions, layout=LAYOUT, missing_notes=st.sampled_from(["keep", "drop"]))


# ------------------------------------------------------------- properties


@FUZZ
@given(unicode_text(), OPTIONS)
def test_any_unicode_text_builds_or_stops_with_a_diagnostic(text, options):
    through_the_pipeline(text.encode("utf-8"), options)


@FUZZ
@given(st.one_of(encoded_text(), damaged_bytes(), st.binary(max_size=400)))
def test_any_bytes_build_or_stop_with_a_diagnostic(data):
    through_the_pipeline(data)


# ------------------------------------------------- what the fuzzer found

# Each case once stopped the pipeline with an internal error.
FOUND = {
    # A superscript two standing alone: str.isdigit() says yes, int() says no.
    "superscript-number-line": ("the\nCHAPTER I.\n²\n", "auto"),
    # A line of 4,310 digits: more than int() converts.
    "huge-number-line": ("the\nCHAPTER I.\n" + "1" * 4310 + "\n", "auto"),
    # A marker at the start of a line, its note missing and dropped: it was
    # recorded on the line before (the space its match takes), and the
    # nothing-lost audit found a "1" missing there.
    "dropped-marker-at-line-start": ("CHAPTER I.\n1\n0\n[1]\n", "auto", "drop"),
    # A line of 30,000 letters: the line-end hyphen search took quadratic time.
    "very-long-word": ("A line.\n" + "a" * 30_000 + "\nand more\n", "auto"),
    # Lines of 40,000 dots, stars or spaces: searches with overlapping
    # repeats (a contents leader, a Gutenberg banner, a transcriber's note).
    "line-of-dots": ("A Title\n\n" + "." * 40_000 + "\n\nA closing line of prose.\n", "auto"),
    "line-of-stars": ("A Title\n\n" + "*" * 40_000 + "\n\nA closing line of prose.\n", "auto"),
    "line-of-spaces": ("A Title\n\n" + " " * 40_000 + "a\n\nA closing line of prose.\n", "auto"),
    # A line between a notes heading and the first note was taken with the
    # list and belonged to no note: lost.
    "line-before-the-first-note": ("CHAPTER I.\nCHAPTER I.\nNotes\nthe\n[1] A note set under its paragraph.\n", "auto"),
    "heading-before-the-first-note": ("the\nCHAPTER I.\nNotes\nCHAPTER I.\n1.1\n", "auto"),
    # A dropped marker whose digits also stand earlier on its line
    # ("word.1 [1]"): the audit took the earlier ones and saw the order change.
    "dropped-marker-after-its-digits": (
        "CHAPTER I.\n\n" + " ".join(f"word.{i} [{i}]" for i in range(1, 12)) + "\n1.1\n",
        "auto",
        "drop",
    ),
    # A note's label on a line of its own, its text on the next: the note
    # did not hold the label's line.
    "note-label-on-its-own-line": ("the\nCHAPTER I.\n[1]\nthe\nthe\nthe\n\n[1]\nthe\n", "auto"),
    # A text of metadata fields only: the title taken from them was audited
    # as if it were a line of the text.
    "metadata-fields-only": ("Author: Someone\nAuthor: Someone\n", "auto"),
    # A heading label with a note reference ("1.1" read as "1." citing note
    # 1; Beethoven's "272.[1]"): merged with its title, the reference was lost.
    "label-citing-a-note": (
        "of history history theory theory of—\n\n1.1\nENDNOTES\n    ENDNOTES\n[1] A note set under its paragraph.\n90\n",
        "auto",
    ),
    # The same for a note set under its paragraph ("[1]" alone, its text on
    # the lines below), as the fuzzer wrote it.
    "after-paragraph-label-on-its-own-line": (
        "44\n\U000a6727\x0eYJ\U00050fcd\U0001bdbc\x98TE\x9cÎ\x1cj\x16ì\nQuestion!\n[1]\nA Lenin a\n    432\n\n\n"
        "288\n\n\n[1]\r\nG\r\nwas:\rthe\n    ",
        "auto",
    ),
    # 12,000 note markers with no notes, dropped: each removal searched the
    # paragraph again, and the audit the line (50 s; quadratic both).
    "thousands-of-dropped-markers": (
        "\n\n".join([" ".join(f"word.{i} [{i}]" for i in range(1, 401))] * 30) + "\n",
        "auto",
        "drop",
    ),
}


@pytest.mark.parametrize("name", sorted(FOUND))
def test_found_by_the_fuzzer(name):
    text, layout, *missing_notes = FOUND[name]
    started = time.monotonic()
    through_the_pipeline(text.encode("utf-8"), TextOptions(layout=layout, missing_notes=(missing_notes or ["keep"])[0]))
    assert time.monotonic() - started < 5  # each takes well under a second (10 s to minutes before)
