"""Bytes to text, for every reader that is handed bytes without a declared
encoding (plain texts, Markdown, web pages that declare none).

A byte-order mark decides (UTF-8, UTF-16); else UTF-8 if the bytes are UTF-8;
else UTF-16 without a mark when every other byte is zero; else the legacy
code page under which the text reads most plausibly.  Plausibility is
judged on the decoded text, not on the bytes: accented letters drawn from
one family of letters, inside words, in the case a word has; common words
of a language found whole; quotation marks and apostrophes where a writer
puts them.  The wrong code page gives capitals inside words (mac_roman's
"RÈsumÈ"), a Cyrillic letter among Latin ones (cp1251's "Rйsumй"), letters
of two families side by side, symbols and control characters.

A file whose lines are not all in one encoding (a UTF-8 line pasted into a
Windows-1252 text) is decoded line by line where a line's own bytes decide:
a line that is not UTF-8 is read in the file's legacy code page, and a line
that is UTF-8 is read as UTF-8 when that reading is the more plausible one.
Each such line is recorded and the file named in a warning (RB208).

``encoding:`` in book.yaml overrides all of this.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from ..diagnostics import Diagnostic, Diagnostics, ReaderbookError, Severity
from ..normalize.thresholds import THRESHOLDS

# Legacy code pages a text may be in, tried in this order; a tie goes to the
# earlier (Windows-1252 is by far the commonest legacy encoding of texts).
LEGACY_CANDIDATES = ("cp1252", "latin-1", "mac_roman", "cp1250", "cp1251", "iso8859-15", "cp437", "koi8_r")

# What each candidate is, for the warning.
CODE_PAGE_NAMES = {
    "cp1252": "Windows-1252, Western European",
    "latin-1": "ISO-8859-1, Western European",
    "mac_roman": "Mac OS Roman",
    "cp1250": "Windows-1250, Central European",
    "cp1251": "Windows-1251, Cyrillic",
    "iso8859-15": "ISO-8859-15, Western European",
    "cp437": "DOS code page 437",
    "koi8_r": "KOI8-R, Cyrillic",
}

# The accented letters of the language families legacy code pages were made
# for.  A text decoded right draws its letters from one family; decoded as
# the wrong code page, from several (é beside č is French read as Czech).
LETTER_FAMILIES = (
    frozenset("àâäçéèêëîïôöùûüÿñáíóúãõåøæœßìòýþð"),  # Western European
    frozenset("ąćęłńśźżčďěňřšťůžőűáéíóúýäöüôâîăşţŕĺľ"),  # Central European
    frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў"),  # Cyrillic
)

# Common words with letters outside ASCII, of the languages these code pages
# serve: a text that holds them whole was decoded right.  (Plain-ASCII common
# words read the same under every candidate and tell nothing.)
COMMON_WORDS = frozenset(
    # French
    "à où là déjà été être même très après ça français première général société côté "
    # German
    "für über daß dass müssen können würde während schön größe später natürlich früher "
    # Spanish, Portuguese, Italian
    "más está también después qué así él sí años não então também já é é è più perché già così "
    # Polish, Czech, Hungarian
    "że się już może był są też być jsem může také již když který és hogy még első "
    # Russian, Ukrainian
    "и в не на что с он как я по это но его к из у за то она так от же все бы был для мы "
    "і та що не це як від".split()
)

# Typographic marks a writer sets: a plausible reading has them in place.
_OPENING = "“‘„«‚"
_CLOSING = "”’»"
_COMMON_SYMBOLS = frozenset("–—…§°£€¥½¼¾·¿¡×©®¶†‡•¢")
_WORD = re.compile(r"[^\W\d_]+")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")  # where Windows-1252 has letters and marks, Latin-1 controls
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class Reading:
    """The evidence for and against one decoding of a text."""

    encoding: str
    family_letters: int = 0  # accented letters inside words, all of one family
    common_words: int = 0  # common words with accented letters, found whole
    marks_in_place: int = 0  # quotation marks, apostrophes and dashes where a writer sets them
    mixed_letters: int = 0  # accented letters of another family than the text's
    case_breaks: int = 0  # a capital inside a word set in small letters ("RÈsumÈ")
    script_breaks: int = 0  # a Cyrillic or Greek letter beside Latin ones ("Rйsumй")
    foreign_words: int = 0  # Latin words made of accented letters alone ("Ïðèâåò")
    symbols: int = 0  # symbols no prose uses
    controls: int = 0  # control characters

    @property
    def score(self) -> float:
        t = THRESHOLDS
        good = self.family_letters + t.decode_common_word * self.common_words + self.marks_in_place
        bad = (
            self.mixed_letters
            + t.decode_break * (self.case_breaks + self.script_breaks + self.foreign_words)
            + self.symbols
            + t.decode_control * self.controls
        )
        return good - bad

    def evidence(self) -> str:
        """What speaks for this reading, in words."""
        parts = []
        if self.family_letters:
            parts.append(f"{self.family_letters} accented letter(s) of one family inside words")
        if self.common_words:
            parts.append(f"{self.common_words} common word(s) found whole")
        if self.marks_in_place:
            parts.append(f"{self.marks_in_place} quotation mark(s), apostrophe(s) or dash(es) in place")
        return ", ".join(parts) or "nothing speaks against it"

    def faults(self) -> str:
        """What speaks against this reading, in words."""
        parts = []
        for count, what in (
            (self.case_breaks, "capital(s) inside words"),
            (self.script_breaks, "Cyrillic or Greek letter(s) among Latin ones"),
            (self.foreign_words, "word(s) of accented letters alone"),
            (self.mixed_letters, "letter(s) of another family"),
            (self.symbols, "stray symbol(s)"),
            (self.controls, "control character(s)"),
        ):
            if count:
                parts.append(f"{count} {what}")
        return ", ".join(parts) or "fewer signs of a right reading"


def _script(ch: str) -> str:
    if ch.isascii():
        return "Latin"
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW"):
        if name.startswith(script):
            return script.title()
    return "Other"


def read_as(text: str, encoding: str) -> Reading:
    """Weigh how plausibly ``text`` (decoded as ``encoding``) reads as prose."""
    found = [(m.start(), m.group(0)) for m in _NON_ASCII.finditer(text)]  # all the evidence is here
    letters = [c.lower() for _, c in found if c.isalpha()]
    family = max(LETTER_FAMILIES, key=lambda f: sum(1 for c in letters if c in f)) if letters else frozenset()
    others = frozenset().union(*(f for f in LETTER_FAMILIES if f is not family)) - family
    counts = dict.fromkeys(
        ("family_letters", "marks_in_place", "mixed_letters", "case_breaks", "script_breaks", "symbols", "controls"),
        0,
    )
    for i, ch in found:
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        cat = unicodedata.category(ch)
        if cat.startswith("L"):
            if _script(ch) not in ("Latin", "Other") and (
                (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())
            ):
                counts["script_breaks"] += 1
            elif ch.isupper() and before.isalpha() and before.islower():
                counts["case_breaks"] += 1
            elif not before.isalpha() and not after.isalpha():
                pass  # a letter standing alone is a word only if a common one (counted below)
            elif ch.lower() in family:
                counts["family_letters"] += 1
            elif ch.lower() in others:
                counts["mixed_letters"] += 1
        elif ch in _OPENING and (after.isalnum() or i + 1 == len(text)) and not before.isalnum():
            counts["marks_in_place"] += 1
        elif ch in _CLOSING and (before.isalnum() or before in ".,;:!?"):
            counts["marks_in_place"] += 1  # a closing mark, or an apostrophe inside a word
        elif ch == "…" and (before.isalnum() or before in " .,;:!?"):
            counts["marks_in_place"] += 1
        elif ch in "–—" and (before == " " or after == " " or (before.isalpha() and after.isalpha())):
            counts["marks_in_place"] += 1
        elif cat.startswith("C"):
            counts["controls"] += 1
        elif cat.startswith(("S", "P", "N")) and ch not in _COMMON_SYMBOLS and cat not in ("Pi", "Pf", "Pd", "Nd"):
            counts["symbols"] += 1
    common = foreign = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if word.lower() in COMMON_WORDS:
            common += 1
        elif len(word) >= THRESHOLDS.decode_foreign_word and all(
            not c.isascii() and _script(c) == "Latin" for c in word
        ):
            foreign += 1
    return Reading(encoding, common_words=common, foreign_words=foreign, **counts)


def best_reading(data: bytes) -> tuple[Reading, Reading | None]:
    """The legacy code page under which ``data`` reads most plausibly, and the
    runner-up among those that read the bytes differently."""
    # Only lines with bytes past ASCII tell code pages apart; a sample of them will do.
    sample = b"\n".join(line for line in data.split(b"\n") if not line.isascii())[: THRESHOLDS.decode_sample]
    readings = []
    for k, enc in enumerate(LEGACY_CANDIDATES):
        try:
            data.decode(enc)  # the whole file must decode…
        except UnicodeDecodeError:
            continue
        text = sample.decode(enc)  # …and the sample read well
        readings.append((read_as(text, enc), k, text))
    if not readings:
        return Reading("latin-1"), None
    readings.sort(key=lambda rkt: (-rkt[0].score, rkt[1]))
    best, _, best_text = readings[0]
    runner = next((r for r, _, text in readings[1:] if text != best_text), None)
    # Latin-1 and Windows-1252 agree outside 0x80–0x9F: name the one the bytes need.
    if best.encoding in ("cp1252", "iso8859-15") and not _C1_BYTES.search(data):
        if sample.decode("latin-1") == best_text:
            best = dataclasses.replace(best, encoding="latin-1")
    return best, runner


def why(best: Reading, runner: Reading | None) -> str:
    name = CODE_PAGE_NAMES.get(best.encoding, best.encoding)
    text = f"decoded as {best.encoding} ({name}): {best.evidence()}"
    if runner is not None:
        text += f"; as {runner.encoding} it would have {runner.faults()}"
    return text


class DecodingChange(NamedTuple):
    """A change made while decoding, recorded like any other: the file's line,
    what was done, and the line as it reads now."""

    line: int
    detail: str
    text: str


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    changes: tuple[DecodingChange, ...] = ()


def _refuse(code: str, message: str, shown: str, line: int | None = None, hint: str | None = None):
    return ReaderbookError([Diagnostic(code, Severity.ERROR, message, shown, line, hint=hint)])


def decode_bytes(data: bytes, shown: str, diagnostics: Diagnostics, encoding: str | None = None) -> Decoded:
    """Decode bytes; ``encoding`` (from book.yaml) overrides detection."""
    if encoding:
        try:
            return Decoded(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            line = data[: exc.start].count(b"\n") + 1 if isinstance(exc, UnicodeDecodeError) else None
            raise _refuse(
                "RB202",
                f"the text cannot be decoded as {encoding} (book.yaml 'encoding')",
                shown,
                line,
                "correct 'encoding:' for this text, or remove it to let readerbook detect it",
            ) from None
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc)
            except UnicodeDecodeError:
                break
    utf16 = _utf16_without_bom(data)
    if utf16:
        diagnostics.warning(
            "RB203",
            f"UTF-16 without a byte-order mark (every other byte is zero); decoded as {utf16}",
            path=shown,
            hint="re-save the text as UTF-8",
        )
        return Decoded(data.decode(utf16, errors="replace"), utf16)
    if _binary(data):
        raise _refuse(
            "RB201",
            "this looks like a binary file, not a text",
            shown,
            hint="export the document as plain text (UTF-8), or give a .pdf, .html, .docx or .epub as it is",
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, shown, diagnostics)


def _decode_legacy(data: bytes, shown: str, diagnostics: Diagnostics) -> Decoded:
    """Not UTF-8 as a whole: each line by its own bytes where they decide,
    the rest in the code page the text's other lines read best in."""
    raw_lines = data.split(b"\n")
    utf8_lines: dict[int, str] = {}
    for no, raw in enumerate(raw_lines, start=1):
        if raw.isascii():
            continue
        try:
            utf8_lines[no] = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    legacy_bytes = b"\n".join(raw for no, raw in enumerate(raw_lines, start=1) if no not in utf8_lines)
    best, runner = best_reading(legacy_bytes)
    enc = best.encoding
    first_bad = next(no for no, raw in enumerate(raw_lines, start=1) if not raw.isascii() and no not in utf8_lines)
    # A UTF-8 line is read as UTF-8 where that reading is the more plausible;
    # else (its bytes read as well in the code page) with the rest of the file.
    as_utf8 = {no: text for no, text in utf8_lines.items() if _reads_better_as_utf8(text, raw_lines[no - 1], enc)}
    lines = [as_utf8[no] if no in as_utf8 else raw.decode(enc) for no, raw in enumerate(raw_lines, start=1)]
    legacy_count = sum(1 for no, raw in enumerate(raw_lines, start=1) if not raw.isascii() and no not in as_utf8)
    changes: list[DecodingChange] = []
    if as_utf8 and len(as_utf8) > legacy_count:
        # Mostly UTF-8: the lines in the code page are the exceptions.
        for no, raw in enumerate(raw_lines, start=1):
            if not raw.isascii() and no not in as_utf8:
                changes.append(
                    DecodingChange(no, f"not UTF-8 like the rest of the file: decoded as {enc}", lines[no - 1])
                )
        main = "utf-8"
    else:
        for no in sorted(as_utf8):
            wrong = raw_lines[no - 1].decode(enc, errors="replace")
            changes.append(
                DecodingChange(
                    no,
                    f"decoded as UTF-8, unlike the rest of the file ({enc}); as {enc} it reads '{wrong}'",
                    lines[no - 1],
                )
            )
        main = enc
    hint = "check accented letters and quotation marks; set 'encoding:' for this text in book.yaml to override"
    if changes:
        shown_lines = ", ".join(str(c.line) for c in changes[: THRESHOLDS.decode_lines_named])
        more = (
            f" and {len(changes) - THRESHOLDS.decode_lines_named} more"
            if len(changes) > THRESHOLDS.decode_lines_named
            else ""
        )
        if main == "utf-8":
            message = f"line(s) {shown_lines}{more} are not UTF-8 like the rest: {why(best, runner)}"
        else:
            message = f"line(s) {shown_lines}{more} read as UTF-8; the rest {why(best, runner)}"
        diagnostics.warning(
            "RB208",
            f"the file mixes encodings: {message}",
            path=shown,
            line=changes[0].line,
            hint="re-save the text as UTF-8, and check the lines named",
        )
    else:
        diagnostics.warning(
            "RB203",
            f"not UTF-8 (first bad byte on this line); {why(best, runner)}",
            path=shown,
            line=first_bad,
            hint=hint,
        )
    return Decoded(
        "\n".join(lines), main if not changes else f"{main}+{'utf-8' if main != 'utf-8' else enc}", tuple(changes)
    )


def _reads_better_as_utf8(text: str, raw: bytes, enc: str) -> bool:
    try:
        legacy = raw.decode(enc)
    except UnicodeDecodeError:
        return True  # the code page cannot read it at all
    return read_as(text, "utf-8").score > read_as(legacy, enc).score


def decode(data: bytes, shown: str, diagnostics: Diagnostics, encoding: str | None = None) -> tuple[str, str]:
    """Decode bytes (see :func:`decode_bytes`): the text and the encoding used."""
    decoded = decode_bytes(data, shown, diagnostics, encoding)
    return decoded.text, decoded.encoding


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even = even.count(0) / len(even)
    zeros_odd = odd.count(0) / len(odd)
    if zeros_odd > 0.4 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.4 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def _binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > 0.05 * len(sample)


# ------------------------------------------------------------ uncarriable characters

# C0 and C1 controls other than tab, line feed, carriage return and form feed
# (a page break, read by the page-furniture pass); unpaired surrogates;
# noncharacters; private-use characters (they mean something only to the
# font or program that made them, and no book face has them).  XML cannot
# carry the first three; the last would print as empty boxes.
UNCARRIABLE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff"
    "\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
# What replaces each: NEL (U+0085) is a line break in all but name (a space
# keeps the words apart); everything else is removed.
_REPLACEMENT = {"\x85": " "}


def what_is(ch: str) -> str:
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "control character"
    if 0xD800 <= code <= 0xDFFF:
        return "unpaired surrogate"
    if unicodedata.category(ch) == "Co":
        return "private-use character"
    return "noncharacter"


def scrub(text: str) -> tuple[str, str | None]:
    """``text`` without characters no output can carry, and what was removed
    (None when nothing was)."""
    if not UNCARRIABLE.search(text):
        return text, None
    found: dict[str, int] = {}
    kinds: dict[str, None] = {}
    for ch in UNCARRIABLE.findall(text):
        found[ch] = found.get(ch, 0) + 1
        kinds[what_is(ch)] = None
    clean = UNCARRIABLE.sub(lambda m: _REPLACEMENT.get(m.group(0), ""), text)
    total = sum(found.values())
    names = ", ".join(f"U+{ord(c):04X}" for c in sorted(found))
    return clean, f"{total} character(s) no output can carry removed: {names} ({', '.join(kinds)})"


def shown_removed(text: str) -> str:
    """``text`` with each character no output can carry shown by its code
    (the review page shows what was removed, and can carry only that)."""
    return UNCARRIABLE.sub(lambda m: f"‹U+{ord(m.group(0)):04X}›", text)


def strip_uncarriable(text: str) -> tuple[str, list[DecodingChange]]:
    """Remove characters no output format can carry; report them by line.
    Expects one newline convention (``\\n``)."""
    found: list[DecodingChange] = []
    if not UNCARRIABLE.search(text):
        return text, found
    out = []
    for no, line in enumerate(text.split("\n"), start=1):
        clean, detail = scrub(line)
        if detail:
            found.append(DecodingChange(no, detail, shown_removed(line)))
        out.append(clean)
    return "\n".join(out), found
