"""Headings: what kind each is, and how deep it stands.

A plain text marks its divisions by words (``CHAPTER II.``, ``FEDERALIST No.
3``, ``FIRST ACT``, ``Préface``), numbers (``I.``, ``216.``, ``1.1``,
``A.``) and type (capitals, title case).  Each heading gets a *kind* with a
nominal rank (a part above a chapter above a numbered section…) and a
*style* (its kind and its capitals); levels then follow from the order in
which styles appear, as a reader infers them:

- a heading of a style already open returns to that style's level;
- otherwise it closes every open heading of its rank or lower, and nests
  under what remains; a heading right after another (no text between)
  nests under it, unless it is numbered in a series already open;
- an introduction, preface or the like is a sibling of the chapters: it is
  closed by the next chapter-like heading, or by a plain heading set at
  least as heavily (capitals close capitals), but sections numbered inside
  it nest under it.  A back-matter label ("Notes on …", "Appendix") holds
  what follows it;
- outline labels (``I.``, ``A.``, ``1.``, ``a.``) rank in the order their
  schemes first appear, as in a brief or report's outline: ``1. Standing``
  after ``A. Claims`` after ``I. ANALYSIS`` is a third level, whatever
  the scheme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_NUMERAL = r"(?:\d{1,3}|[IVXLC]{1,7}|[ivxlc]{1,7}|[A-Z]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_PART_WORDS = r"part|partie|teil|parte|book|livre|buch|libro|volume|tome|band"
_CHAPTER_WORDS = (
    r"chapter|chap\.|chapitre|kapitel|capitolo|cap[íi]tulo|act|acte|akt|atto|letter|lettre|brief|essay|lecture"
    r"|sermon|article|artikel|canto|stave|section|sect\.|paper|number|book|lesson|lektion|discourse|dialogue"
)
_ORDINALS = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|"
    r"premier|première|deuxième|second|seconde|troisième|quatrième|cinquième|erster|erste|zweiter|zweite|dritter|dritte"
)
PART_LABEL = re.compile(rf"^(?:{_PART_WORDS})\s+{_NUMERAL}\b[.:]?", re.I)
CHAPTER_LABEL = re.compile(
    rf"^(?:(?:{_CHAPTER_WORDS})\s+{_NUMERAL}\b[.:]?|(?:{_ORDINALS})\s+(?:act|part|book|chapter|acte|partie|akt|teil)\b"
    rf"|[A-Z][A-Za-z]+\s+(?:No\.|Nr\.|Number|Num\.)\s*\d+\b)",
    re.I,
)
SCENE_LABEL = re.compile(r"^(?:scene|scène|szene|escena|tableau)(?:\s+" + _NUMERAL + r")?\.?$", re.I)
FRONT_LABELS = re.compile(
    r"^(?:preface|prefatory\s+note|foreword|introduction|introductory|prologue|dedication|to\s+the\s+reader"
    r"|advertisement|avertissement|avant-propos|pr[ée]face|vorwort|vorrede|einleitung|einf[üu]hrung"
    r"|introducci[óo]n|prefacio|prefazione|introduzione|pr[óo]logo|syllabus|abstract|summary|conclusion"
    r"|conclusions|schluss|schlusswort|conclusi[óo]n|conclusione|opinion\s+of\s+the\s+court|per\s+curiam"
    r"|(?:concurring|dissenting)\s+opinion|[A-Z][A-Za-z’'.]+(?:,\s+[A-Z.]+)*,?\s+(?:C\.\s*)?J\.,\s+"
    r"(?:concurring|dissenting)(?:\s+in\s+part.*)?)\b",
    re.I,
)
BACK_LABELS = re.compile(
    r"^(?:notes?|end\s*notes|foot\s*notes|appendix|appendices|anhang|annexe|ap[ée]ndice|epilogue|[ée]pilogue"
    r"|nachwort|afterword|postscript|bibliography|references|glossary|index)\b",
    re.I,
)
ROMAN_ALONE = re.compile(r"^[IVXLC]{1,7}\.?$")
NUMBER_ALONE = re.compile(r"^\d{1,3}\.?$")
LETTER_ALONE = re.compile(r"^[A-Z]\.?$")
ROMAN_TITLE = re.compile(r"^[IVXLC]{1,7}[.:]\s*\S")
NUMBER_TITLE = re.compile(r"^\d{1,3}[.:]?\s+\S")
DECIMAL_TITLE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?\s+\S")
LETTER_TITLE = re.compile(r"^[A-Z][.)]\s+\S")
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
)
DATE_HEADING = re.compile(rf"^(?:(?:{_MONTHS})|\d{{4}})(?:\s*[–—-]\s*(?:(?:{_MONTHS})|\d{{2,4}}))?\.?$", re.I)

# List labels (structure.py's lists; unwrap.py's hanging indents): "[1]", "1." /
# "1)", "1st." / "2d." (reasons counted off), "No. 1," (the numbers of a
# figure's key), "a." (a lettered run), "(1)" / "(a)", a primed "(2′)"
# (statements restated, set apart from the unprimed run), and bullets.
LIST_ITEM = re.compile(
    r"^(?P<label>\[(?P<b>\d{1,3})\]|(?P<no>No\.\s?)?(?P<n>\d{1,3})(?:st|nd|rd|th|d)?(?(no)[.,]|[.)])|(?P<l>[a-z])\.|\((?P<p>\d{1,3}|[a-z])(?P<prime>[′'’])?\)"
    # Roman numerals of two letters or more ("ii.", "(iv)"); "i." and "(i)" read as letters until the next label says.
    r"|(?P<rl>[ivxl]{2,7})\.|\((?P<rp>[ivxl]{2,7})\)"
    r"|(?P<bullet>[•·▪–\-*]))\s+(?P<rest>\S.*)$",
    re.S,
)

# Kind -> nominal rank (lower is higher in the outline).
RANKS = {
    "part": 0.0,
    "chapter": 1.0,
    "front": 1.0,
    "back": 1.0,
    "scene": 1.5,
    "numbered": 2.0,
    "decimal": 2.0,  # plus its depth
    "lettered": 3.0,
    "roman": 3.0,
    "letter": 4.0,
    "caps": 4.0,
    "number": 5.0,
    "plain": 5.0,
    "date": 6.0,
}
# Kinds that close an open front-matter label (an introduction is closed by
# the next chapter, not by a section numbered inside it).
CLOSES_FRONT = {"part", "chapter", "front", "back", "numbered", "decimal", "scene"}
# Kinds without a number: right under another heading, one nests even where
# its style is open higher up (a numbered one returns to its series' level).
UNNUMBERED = {"caps", "plain", "front", "back", "date"}
# Kinds that are only a label: a title line after them belongs to the heading.
LABEL_ONLY = {"part", "chapter", "roman", "number", "letter"}


@dataclass(frozen=True)
class Kind:
    kind: str
    rank: float
    weight: int  # 2 capitals, 1 title or sentence case, 0 other
    depth: int = 0  # a decimal number's components (1.1 -> 2)
    scheme: str = ""  # an outline label's numbering: roman, arabic, upper, lower

    @property
    def style(self) -> tuple:
        if self.kind in ("caps", "plain", "front", "back"):
            return (self.kind, self.weight)
        return (self.kind, self.depth, self.scheme)

    def outlined(self, index: int) -> Kind:
        """This outline heading ranked by its scheme's place in the text's outline."""
        return replace(self, rank=outline_rank(index))


def outline_rank(index: int) -> float:
    """The rank of the ``index``-th outline scheme to appear: all of them
    between a numbered section's rank and a lettered one's, in order."""
    step = (RANKS["lettered"] - RANKS["numbered"]) / 10
    return RANKS["numbered"] + step * min(index, 9)


# Kinds whose label is an outline number; their scheme orders them.
OUTLINE = ("numbered", "lettered")


def scheme_of(label: str) -> str:
    """The numbering scheme of an outline label (``IV.`` roman, ``3.`` arabic,
    ``B.`` upper, ``c.`` lower)."""
    head = re.match(r"\(?([0-9]+|[IVXLC]+|[ivxlc]+|[A-Za-z])\b", label.strip())
    if not head:
        return ""
    token = head.group(1)
    if token.isdigit():
        return "arabic"
    if len(token) > 1 or token in "IVX":
        # A lone I, V or X is far more often roman than the 9th, 22nd or 24th letter.
        return "roman" if token.isupper() else "lower-roman"
    return "upper" if token.isupper() else "lower"


_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_SERIES_LABEL = re.compile(r"^\(?(\d{1,3}|[IVXLC]{1,7}|[ivxlc]{1,7})[.:)]?(?=\s|$)")


def roman_value(token: str) -> int:
    """The value of a roman numeral (``IV`` 4, ``xii`` 12)."""
    values = [_ROMAN_VALUES[c] for c in token.lower()]
    return sum(-v if k + 1 < len(values) and v < values[k + 1] else v for k, v in enumerate(values))


def series_number(label: str) -> tuple[str, int] | None:
    """A heading's place in its numbered series: (scheme, value) for ``IV. Death
    by Water`` (roman, 4), ``277.`` (arabic, 277); None for a heading not numbered."""
    m = _SERIES_LABEL.match(label.strip())
    if not m:
        return None
    token = m.group(1)
    scheme = scheme_of(token)
    if token.isdigit():
        return scheme, int(token)
    if scheme not in ("roman", "lower-roman"):
        return None
    return scheme, roman_value(token)


def weight(text: str) -> int:
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return 2
    return 1 if letters and letters[0].isupper() else 0


def kind_of(text: str, label: str | None = None) -> Kind:
    """The kind of a heading whose label (if kept apart) and text are given."""
    t = (label or text).strip()
    w = weight(text)
    titled = label is not None and label.strip() != text.strip()
    if titled and (ROMAN_ALONE.match(t.rstrip(".:") + ".") or NUMBER_ALONE.match(t)):
        return Kind("numbered", RANKS["numbered"], w, scheme=scheme_of(t))
    if PART_LABEL.match(t):
        return Kind("part", RANKS["part"], w)
    if SCENE_LABEL.match(t):
        return Kind("scene", RANKS["scene"], w)
    if CHAPTER_LABEL.match(t):
        return Kind("chapter", RANKS["chapter"], w)
    m = DECIMAL_TITLE.match(t)
    if m:
        depth = m.group(1).count(".") + 1
        return Kind("decimal", RANKS["decimal"] + depth - 1, w, depth)
    if ROMAN_ALONE.match(t):
        return Kind("roman", RANKS["roman"], w)
    if NUMBER_ALONE.match(t):
        return Kind("number", RANKS["number"], w)
    if LETTER_ALONE.match(t):
        return Kind("letter", RANKS["letter"], w)
    if (ROMAN_TITLE.match(t) or NUMBER_TITLE.match(t)) and scheme_of(t) != "upper":
        return Kind("numbered", RANKS["numbered"], w, scheme=scheme_of(t))
    if LETTER_TITLE.match(t):
        return Kind("lettered", RANKS["lettered"], w, scheme=scheme_of(t))
    if FRONT_LABELS.match(t):
        return Kind("front", RANKS["front"], w)
    if BACK_LABELS.match(t):
        return Kind("back", RANKS["back"], w)
    if DATE_HEADING.match(t):
        return Kind("date", RANKS["date"], w)
    if w == 2:
        return Kind("caps", RANKS["caps"], w)
    return Kind("plain", RANKS["plain"], w)


def is_label_only(text: str) -> bool:
    """A heading line that is only a label and number (``CHAPTER I.``, ``216.``,
    ``FEDERALIST No. 3``, ``PART II``): its title may follow on the next line."""
    t = text.strip().rstrip(".:")
    if ROMAN_ALONE.match(t) or NUMBER_ALONE.match(t) or LETTER_ALONE.match(t):
        return True
    m = PART_LABEL.match(t) or CHAPTER_LABEL.match(t)
    return bool(m) and m.end() >= len(t) - 1


def assign_levels(items: list[tuple[Kind, bool]]) -> list[int]:
    """Levels (1 = the text's top divisions) for headings given in order as
    (kind, right after another heading)."""
    stack: list[Kind] = []
    levels = []
    outline: list[tuple] = []  # outline styles in order of first appearance
    for kind, directly_under in items:
        if kind.kind in OUTLINE:
            if kind.style not in outline:
                outline.append(kind.style)
            kind = kind.outlined(outline.index(kind.style))
        fronts = [k.weight for k in stack if k.kind == "front"]
        if kind.kind in ("front", "back") and fronts and kind.weight < max(fronts):
            # "Bibliography" in title case inside a capitalised INTRODUCTION: a section of it.
            kind = Kind("plain", RANKS["plain"], kind.weight)
        same = [k for k, open_ in enumerate(stack) if open_.style == kind.style]
        if directly_under and stack and (not same or same[-1] < len(stack) - 1 and kind.kind in UNNUMBERED):
            pass  # nests under the heading right above it
        elif same:
            del stack[same[-1] :]
        else:
            while stack and (
                stack[-1].rank >= kind.rank
                or stack[-1].kind == "front"
                and (kind.kind in CLOSES_FRONT or kind.kind in ("caps", "plain") and kind.weight >= stack[-1].weight)
            ):
                stack.pop()
        stack.append(kind)
        levels.append(len(stack))
    return levels
