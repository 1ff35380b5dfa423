"""Plain texts: bytes decoded into numbered lines.

Decoding: a byte-order mark decides (UTF-8, UTF-16); else UTF-8 if the bytes
are UTF-8; else UTF-16 without a mark when every other byte is zero; else
the legacy code page under which the text reads most plausibly (letters of
one script inside words), with a warning naming the file and the reason.
Control characters no format can carry are removed at decoding and recorded.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from ..diagnostics import Diagnostic, Diagnostics, ReaderbookError, Severity
from ..ir import Line, SourceText

# Characters that are spaces in all but name; folded to a plain space.
_ODD_SPACES = dict.fromkeys(
    map(ord, "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"), " "
)
# Invisible characters with no business in running text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# C0 and C1 controls other than tab, line feed, carriage return and form feed;
# unpaired surrogates; noncharacters.  XML cannot carry them.
_UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")

# Legacy code pages a text may be in, tried in this order; ties go to the earlier.
LEGACY_CANDIDATES = ("cp1252", "latin-1", "mac_roman", "cp1250", "cp1251", "iso8859-15", "cp437", "koi8_r")


def decode(data: bytes, shown: str, diagnostics: Diagnostics, encoding: str | None = None) -> tuple[str, str]:
    """Decode bytes; ``encoding`` (from book.yaml) overrides detection."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            line = data[: getattr(exc, "start", 0)].count(b"\n") + 1 if isinstance(exc, UnicodeDecodeError) else None
            raise ReaderbookError(
                [
                    Diagnostic(
                        "RB202",
                        Severity.ERROR,
                        f"the text cannot be decoded as {encoding} (book.yaml 'encoding')",
                        shown,
                        line,
                        hint="correct 'encoding:' for this text, or remove it to let readerbook detect it",
                    )
                ]
            ) from None
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = data.decode(utf16, errors="replace")
        diagnostics.warning(
            "RB203",
            f"UTF-16 without a byte-order mark (every other byte is zero); decoded as {utf16}",
            path=shown,
            hint="re-save the text as UTF-8",
        )
        return text, utf16
    if _binary(data):
        raise ReaderbookError(
            [
                Diagnostic(
                    "RB201",
                    Severity.ERROR,
                    "this looks like a binary file, not a text",
                    shown,
                    hint="export the document as plain text (UTF-8), or give a .pdf, .html, .docx or .epub as it is",
                )
            ]
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
    encoding, why = _detect_legacy(data)
    text = data.decode(encoding)
    diagnostics.warning(
        "RB203",
        f"not UTF-8 (first bad byte on this line); decoded as {encoding}: {why}",
        path=shown,
        line=bad_line,
        hint="check accented letters and quotation marks; set 'encoding:' for this text in book.yaml to override",
    )
    return text, encoding


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


# The accented letters of the language families legacy code pages were made
# for.  A text decoded right draws its letters from one family; decoded as
# the wrong code page, from several (é beside č is French read as Czech).
_LETTER_FAMILIES = (
    set("àâäçéèêëîïôöùûüÿñáíóúãõåøæœßìòýþðœ"),  # Western European
    set("ąćęłńśźżčďěňřšťůžőűáéíóúýäöüôâîăşţ"),  # Central European
    set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў"),  # Cyrillic
    set("αβγδεζηθικλμνξοπρστςυφχψωάέήίόύώϊϋΐΰ"),  # Greek
)


def _plausibility(text: str) -> float:
    """How much a decoded text reads like text: non-ASCII letters inside words,
    drawn from one family of letters, count for it; letters of another script
    among Latin ones, symbols and controls count against it."""
    letters = [c.lower() for c in re.findall(r"[^\x00-\x7f]", text) if c.isalpha()]
    family = max(_LETTER_FAMILIES, key=lambda f: sum(1 for c in letters if c in f)) if letters else set()
    good = bad = 0.0
    for m in re.finditer(r"[^\x00-\x7f]", text):
        ch = m.group(0)
        i = m.start()
        cat = unicodedata.category(ch)
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if cat.startswith("L"):
            script = _script(ch)
            neighbours = [c for c in (before, after) if c.isalpha()]
            if not neighbours:
                good += 0.2
            elif script != "Latin" and any(c.isascii() for c in neighbours):
                bad += 2  # a Cyrillic or Greek letter among Latin ones is mojibake
            else:
                good += 1 if ch.lower() in family else 0.2
        elif cat in ("Pi", "Pf", "Pd", "Zs", "Po", "Sc", "No"):
            good += 0.5 if ch in "“”‘’–—…«»„‚€£§°·½¼¾¿¡" else 0
        elif cat.startswith("C"):
            bad += 3
        else:
            bad += 1
    return good - bad


def _script(ch: str) -> str:
    if ch.isascii():
        return "Latin"
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW"):
        if name.startswith(script):
            return script.title()
    return "Other"


def _detect_legacy(data: bytes) -> tuple[str, str]:
    """The code page under which the bytes read most plausibly, and why."""
    scored = []
    for k, enc in enumerate(LEGACY_CANDIDATES):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        scored.append((_plausibility(text), -k, enc))
    if not scored:
        return "latin-1", "no candidate code page decodes every byte; Latin-1 keeps them all"
    scored.sort(reverse=True)
    best = scored[0][2]
    # Latin-1 and Windows-1252 agree outside 0x80–0x9F: name the one the bytes need.
    if best in ("cp1252", "latin-1") and not any(0x80 <= b <= 0x9F for b in data):
        best = "latin-1"
        why = "its accented letters read as Western European (ISO-8859-1) words"
    else:
        runner = next((e for _, _, e in scored[1:]), None)
        why = f"its accented letters read as words under {best}" + (f" (better than {runner})" if runner else "")
    return best, why


def clean_line(text: str) -> str:
    """Fold odd spaces and invisible characters; drop trailing blanks.

    No-break spaces are folded too: the typography pass puts them back only
    where a line must not break, consistently for the whole book.
    """
    soft = text.rstrip().endswith("\u00ad")  # a discretionary hyphen where the line broke: the word runs on
    text = text.replace("\u00a0", " ").translate(_ODD_SPACES).translate(_INVISIBLE)
    text = text.replace("\t", "    ").rstrip()
    return text + "\u00ad" if soft else text


def strip_uncarriable(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """Remove characters no output format can carry; report them by line."""
    found: list[tuple[int, str, str]] = []
    if not _UNCARRIABLE.search(text):
        return text, found
    out = []
    for no, line in enumerate(text.split("\n"), start=1):
        bad = [c for c in _UNCARRIABLE.findall(line) if c not in "\r\x0c"]
        if bad:
            names = sorted({f"U+{ord(c):04X}" for c in bad})
            found.append((no, f"{len(bad)} control or invalid character(s) removed ({', '.join(names)})", line))
            line = "".join(c for c in line if c in "\r\x0c" or not _UNCARRIABLE.match(c))
        out.append(line)
    return "\n".join(out), found


def split_lines(text: str) -> tuple[Line, ...]:
    """Split on any newline convention, keeping the file's own line numbers.

    A form feed starts a new page; it is kept as its own marker line so the
    furniture pass can see the page boundary, but it does not shift numbering.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for i, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:
            before, _, after = raw.partition("\f")
            raw = before + "\f" + after.replace("\f", "")
        lines.append(Line(i, raw))
    if lines and lines[-1].text == "":
        lines.pop()
    return tuple(lines)


def read_text(path: Path, shown: str, data: bytes, diagnostics: Diagnostics, options=None) -> SourceText:
    text, encoding = decode(data, shown, diagnostics, getattr(options, "encoding", None))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, removed = strip_uncarriable(text)
    return SourceText(path, shown, encoding, split_lines(text), len(data), "text", decoded=tuple(removed))
