"""book.yaml: the typed manifest, its schema, and its validation.

The YAML is composed into nodes first (not loaded straight to dicts) so every
error can name ``file:line:column``.  Validation collects *all* problems before
raising, the way mkdocs' config validation does.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as _dt
import difflib
import os
import re
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import ids
from .diagnostics import Diagnostic, ErrorKind, ReaderbookError, Severity

# libyaml's parser when PyYAML has it (several times faster); its errors and
# node marks are the same.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LAYOUTS = ("auto", "blocks", "lines", "wrapped")
# A text's source_url: an address a reader can follow (no spaces, a host).
_WEB_ADDRESS = re.compile(r"https?://[^\s/]+\.[^\s/]+(?:/\S*)?", re.I)
PAGE_SIZES = {"A4": "A4", "LETTER": "letter", "US-LETTER": "letter"}


@dataclass(frozen=True)
class Emendation:
    find: str
    replace: str
    reason: str
    count: int = 1
    line: int | None = None  # where it is declared in book.yaml


@dataclass(frozen=True)
class TextEntry:
    file: Path
    slug: str
    title: str  # "" until the text's own title is read (``described_by``), when book.yaml gives none
    short_title: str
    author: str | None = None
    title_supplied: bool = False
    subtitle: str | None = None
    source: str | None = None
    year: str | None = None
    description: str | None = None
    rights: str | None = None  # the terms it is reproduced under, as the editor knows them
    source_url: str | None = None  # where the copy reproduced was taken from
    layout: str = "auto"
    missing_notes: str = "keep"  # keep: link to an editorial statement; drop: remove markers
    emendations: tuple[Emendation, ...] = ()
    block_quotes: tuple[str, ...] = ()  # opening words of paragraphs the editor marks
    not_block_quotes: tuple[str, ...] = ()
    line: int | None = None
    language: str | None = None  # overrides detection
    encoding: str | None = None  # overrides detection
    pages: tuple[int, int] | None = None  # a PDF excerpt: first and last page (1-based, inclusive)
    start: str | None = None  # an excerpt: from this heading or these opening words…
    end: str | None = None  # …up to (not including) this one

    @property
    def described(self) -> bool:
        """book.yaml gives the title: else title, subtitle and author are the text's own."""
        return bool(self.title)

    def described_by(self, meta) -> TextEntry:
        """The entry with what book.yaml left out taken from the text's
        detected metadata (``model.TextMeta``), as ``readerbook init`` drafts
        it: an untitled text gets its file name in square brackets."""
        if self.described:
            return self
        title, supplied = meta.title, False
        if not title:
            title, supplied = "[" + self.file.stem.replace("-", " ").replace("_", " ").title() + "]", True
        return dataclasses.replace(
            self,
            title=title,
            title_supplied=supplied,
            short_title=self.short_title or short_title(title),
            subtitle=self.subtitle or meta.subtitle,
            author=self.author or meta.author,
        )


SHORT_TITLE = 40  # characters: a running head and a cross-reference label stay on one line


def short_title(title: str) -> str:
    return title if len(title) <= SHORT_TITLE else title[: SHORT_TITLE - 3].rstrip() + "…"


@dataclass(frozen=True)
class PrintOptions:
    """book.yaml's ``print:`` section: what the print shop asks of the PDF."""

    signature: int | None = None  # pad the page count to a multiple of this (a multiple of 4)
    bleed: str | None = None  # a CSS length beyond the trimmed page, e.g. "3mm"
    marks: tuple[str, ...] = ()  # "crop" and/or "cross"
    booklet: bool = False  # also write <slug>-booklet.pdf, imposed two-up for saddle stitching

    @property
    def pad_to(self) -> int | None:
        """The multiple the finished PDF's page count is padded to: a booklet's
        sheets carry four pages each, so a booklet needs a multiple of 4."""
        return self.signature or (PAGES_PER_SHEET if self.booklet else None)


PAGES_PER_SHEET = 4  # a sheet folded once: two pages a side
MARKS = ("crop", "cross")
MAX_BLEED_MM = 25.0  # more than any print shop asks (3–5 mm is usual): a slip of the unit
_LENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)")
MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}


def length_mm(value: str) -> float | None:
    """A length such as ``3mm`` or ``0.125in`` in millimetres; None when malformed."""
    m = _LENGTH.fullmatch(value.strip())
    return float(m.group(1)) * MM_PER_UNIT[m.group(2)] if m else None


@dataclass(frozen=True)
class Manifest:
    path: Path
    root: Path
    title: str
    subtitle: str | None
    language: str | None  # None: the texts' detected language (``pipeline.described``)
    identifier: str
    date: _dt.date
    editor: str | None
    publisher: str | None
    page_size: str
    packet_margin: bool
    note_numbering: str  # "per-text" | "continuous"
    shared_quotations: bool  # look for passages quoted in more than one text
    preface: Path | None
    index: Path | None
    texts: tuple[TextEntry, ...]
    print_options: PrintOptions = field(default_factory=PrintOptions)

    @property
    def slug(self) -> str:
        return slugify(self.title)


# Typeset dashes and spaces read as the hyphens and spaces they were typed as,
# so a title gives the same slug before and after typography (assemble.py).
_TYPESET_SEPARATORS = str.maketrans({"–": "-", "—": "-", "\u00a0": " ", "\u202f": " "})


def slugify(text: str) -> str:
    text = re.sub(r"[^\w\s-]", "", text.translate(_TYPESET_SEPARATORS).lower(), flags=re.UNICODE)
    text = re.sub(r"[\s_-]+", "-", text).strip("-")
    return text[:60].rstrip("-") or "book"


# --------------------------------------------------------------------------
# A small declarative schema over YAML nodes.


@dataclass
class _Ctx:
    path: str
    errors: list[Diagnostic] = field(default_factory=list)

    def error(self, node: yaml.Node | None, code: str, msg: str, hint: str | None = None) -> None:
        line = col = None
        if node is not None:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.errors.append(Diagnostic(code, Severity.ERROR, msg, self.path, line, col, hint))


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "str" | "bool" | "int" | "date" | "list" | "map"
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] | None = None
    item: Callable | None = None  # for lists: converts each item node


def _scalar(ctx: _Ctx, node: yaml.Node, f: Field) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        ctx.error(node, "RB103", f"'{f.name}' must be a {f.kind}, not a {_node_kind(node)}")
        return None
    value = yaml.load(yaml.serialize(node), Loader=SAFE_LOADER) if node.tag != "tag:yaml.org,2002:str" else node.value
    if f.kind == "str":
        if value is None:
            return None
        if isinstance(value, (_dt.date, int, float)):
            value = node.value
        if not isinstance(value, str):
            ctx.error(node, "RB103", f"'{f.name}' must be text")
            return None
        value = value.strip()
        if f.choices:
            match = {c.upper(): c for c in f.choices}.get(value.upper())
            if match is None:
                ctx.error(
                    node,
                    "RB104",
                    f"'{f.name}' must be one of {', '.join(f.choices)}, not '{value}'",
                )
                return None
            value = match
        return value
    if f.kind == "bool":
        if not isinstance(value, bool):
            ctx.error(node, "RB103", f"'{f.name}' must be true or false")
            return None
        return value
    if f.kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            ctx.error(node, "RB103", f"'{f.name}' must be a whole number")
            return None
        return value
    if f.kind == "date":
        if isinstance(value, _dt.date):
            return value
        try:
            return _dt.date.fromisoformat(str(value))
        except ValueError:
            ctx.error(node, "RB103", f"'{f.name}' must be a date like 2026-09-01")
            return None
    raise AssertionError(f.kind)


def _node_kind(node: yaml.Node) -> str:
    return {
        yaml.ScalarNode: "single value",
        yaml.SequenceNode: "list",
        yaml.MappingNode: "mapping",
    }[type(node)]


def _read_mapping(ctx: _Ctx, node: yaml.Node, fields: list[Field], what: str) -> dict | None:
    if not isinstance(node, yaml.MappingNode):
        ctx.error(node, "RB103", f"{what} must be a mapping of keys to values, not a {_node_kind(node)}")
        return None
    known = {f.name: f for f in fields}
    seen: dict[str, Any] = {}
    faulty: set[str] = set()  # keys already reported: no follow-on "must not be empty"
    for key_node, value_node in node.value:
        key = key_node.value
        f = known.get(key)
        if f is None:
            close = difflib.get_close_matches(key, list(known), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"valid keys: {', '.join(known)}"
            ctx.error(key_node, "RB102", f"unknown key '{key}' in {what}", hint)
            continue
        if key in seen:
            ctx.error(key_node, "RB105", f"key '{key}' appears twice in {what}")
            continue
        errors_so_far = len(ctx.errors)
        if f.kind == "list":
            if not isinstance(value_node, yaml.SequenceNode):
                ctx.error(value_node, "RB103", f"'{key}' must be a list, not a {_node_kind(value_node)}")
                seen[key] = None
                faulty.add(key)
                continue
            seen[key] = [f.item(ctx, item) for item in value_node.value]
        elif f.kind == "map":
            seen[key] = f.item(ctx, value_node)
        else:
            seen[key] = _scalar(ctx, value_node, f)
        if len(ctx.errors) > errors_so_far:
            faulty.add(key)
    for f in fields:
        if f.name not in seen:
            if f.required:
                ctx.error(node, "RB101", f"{what} is missing the required key '{f.name}'")
            seen[f.name] = f.default
        elif seen[f.name] is None and f.required and f.name not in faulty:
            ctx.error(node, "RB101", f"{what}: '{f.name}' must not be empty")
    return seen


def _str_item(ctx: _Ctx, node: yaml.Node) -> str | None:
    return _scalar(ctx, node, Field("item", "str"))


def _emendation(ctx: _Ctx, node: yaml.Node) -> Emendation | None:
    fields = [
        Field("find", "str", required=True),
        Field("replace", "str", default=""),
        Field("reason", "str", required=True),
        Field("count", "int", default=1),
    ]
    # 'replace' may legitimately be empty; read it raw to keep spaces.
    data = _read_mapping(ctx, node, fields, "an emendation")
    if data is None or data["find"] is None or data["reason"] is None:
        return None
    raw = {k.value: v for k, v in node.value}
    find = raw["find"].value if isinstance(raw.get("find"), yaml.ScalarNode) else data["find"]
    replace = raw["replace"].value if isinstance(raw.get("replace"), yaml.ScalarNode) else ""
    if find.count("\n") != replace.count("\n"):
        ctx.error(node, "RB106", "an emendation must not add or remove line breaks")
        return None
    if data["count"] is not None and data["count"] < 1:
        ctx.error(raw.get("count"), "RB103", "'count' must be 1 or more")
        return None
    return Emendation(find, replace or "", data["reason"], data["count"] or 1, node.start_mark.line + 1)


TEXT_FIELDS = [
    Field("file", "str", required=True),
    Field("slug", "str"),
    Field("title", "str"),
    Field("title_supplied", "bool", default=False),
    Field("short_title", "str"),
    Field("subtitle", "str"),
    Field("author", "str"),
    Field("source", "str"),
    Field("year", "str"),
    Field("description", "str"),
    Field("rights", "str"),
    Field("source_url", "str"),
    Field("layout", "str", default="auto", choices=LAYOUTS),
    Field("missing_notes", "str", default="keep", choices=("keep", "drop")),
    Field("emendations", "list", default=(), item=_emendation),
    Field("block_quotes", "list", default=(), item=_str_item),
    Field("not_block_quotes", "list", default=(), item=_str_item),
    Field("language", "str"),
    Field("encoding", "str"),
    Field("pages", "str"),
    Field("from", "str"),
    Field("to", "str"),
]


def parse_pages(value: str | int | None) -> tuple[int, int] | None:
    """``12-30`` (or ``12–30``, or ``12``) as (first, last); None when malformed."""
    if value is None:
        return None
    m = re.fullmatch(r"\s*(\d+)\s*(?:[-–—]\s*(\d+))?\s*", str(value))
    if not m:
        return None
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if first < 1 or last < first:
        return None
    return first, last


def _text_entry(ctx: _Ctx, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):  # a bare path: everything else is the text's own or the default
        data = {f.name: f.default for f in TEXT_FIELDS}
        data["file"] = _scalar(ctx, node, Field("file", "str"))
        data["_node"] = node
        return data
    data = _read_mapping(ctx, node, TEXT_FIELDS, "a text entry")
    if data is None:
        return None
    data["_node"] = node
    return data


PRINT_FIELDS = [
    Field("signature", "int"),
    Field("bleed", "str"),
    Field("marks", "str"),
    Field("booklet", "bool", default=False),
]


def _print_section(ctx: _Ctx, node: yaml.Node) -> PrintOptions | None:
    data = _read_mapping(ctx, node, PRINT_FIELDS, "the print section")
    if data is None:
        return None
    ok = True
    signature = data["signature"]
    if signature is not None and (signature < PAGES_PER_SHEET or signature % PAGES_PER_SHEET):
        ctx.error(
            _key_value_node(node, "signature"),
            "RB104",
            f"'signature' must be a multiple of {PAGES_PER_SHEET} (a folded sheet carries four pages), not {signature}",
            "use 4, 8, 16 or 32, as the print shop folds its sheets",
        )
        ok = False
    bleed = data["bleed"]
    if bleed is not None:
        mm = length_mm(bleed)
        if mm is None or mm > MAX_BLEED_MM:
            ctx.error(
                _key_value_node(node, "bleed"),
                "RB104",
                f"'bleed' must be a length with its unit, up to {MAX_BLEED_MM:g}mm, not '{bleed}'",
                "write it as the print shop asks, e.g. 3mm or 0.125in",
            )
            ok = False
    marks: tuple[str, ...] = ()
    if data["marks"] is not None and data["marks"].lower() != "none":
        words = data["marks"].lower().replace(",", " ").split()
        if not words or any(w not in MARKS for w in words):
            ctx.error(
                _key_value_node(node, "marks"),
                "RB104",
                f"'marks' must be crop, cross, 'crop cross' or none, not '{data['marks']}'",
            )
            ok = False
        marks = tuple(m for m in MARKS if m in words)
    if not ok:
        return None
    return PrintOptions(signature, bleed.replace(" ", "") if bleed else None, marks, bool(data["booklet"]))


BOOK_FIELDS = [
    Field("title", "str", required=True),
    Field("subtitle", "str"),
    Field("language", "str"),  # default: the texts' detected language
    Field("identifier", "str"),  # default: default_identifier()
    Field("date", "date"),  # default: default_date()
    Field("editor", "str"),
    Field("publisher", "str"),
    Field("page_size", "str", default="A4", choices=("A4", "Letter")),
    Field("packet_margin", "bool", default=False),
    Field("note_numbering", "str", default="per-text", choices=("per-text", "continuous")),
    Field("shared_quotations", "bool", default=True),
    Field("preface", "str"),
    Field("index", "str"),
    Field("texts", "list", required=True, item=_text_entry),
    Field("print", "map", item=_print_section),
]


def load_manifest(path: str | Path) -> Manifest:
    """Read and validate book.yaml; raise ReaderbookError listing every problem."""
    path = Path(path)
    shown = str(path)
    ctx = _Ctx(shown)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReaderbookError(
            [
                Diagnostic(
                    "RB100",
                    Severity.ERROR,
                    "no such manifest file",
                    shown,
                    hint="run 'readerbook init' to draft one, or name the file",
                )
            ],
            ErrorKind.CONFIG,
        ) from None
    except (UnicodeDecodeError, IsADirectoryError) as exc:
        raise ReaderbookError(
            [Diagnostic("RB100", Severity.ERROR, f"cannot read the manifest: {exc}", shown)],
            ErrorKind.CONFIG,
        ) from None
    try:
        root_node = yaml.compose(raw, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or "invalid YAML"
        raise ReaderbookError(
            [
                Diagnostic(
                    "RB100",
                    Severity.ERROR,
                    f"YAML syntax error: {problem}",
                    shown,
                    line,
                    col,
                    "check indentation and quoting on this line and the one above",
                )
            ],
            ErrorKind.CONFIG,
        ) from None
    if root_node is None:
        raise ReaderbookError(
            [
                Diagnostic(
                    "RB101",
                    Severity.ERROR,
                    "the manifest is empty",
                    shown,
                    1,
                    1,
                    "a book.yaml needs at least a title and its texts",
                )
            ],
            ErrorKind.CONFIG,
        )
    _check_characters(ctx, root_node)
    data = _read_mapping(ctx, root_node, BOOK_FIELDS, "book.yaml")
    if data is None:
        raise ReaderbookError(ctx.errors, ErrorKind.CONFIG)
    root = path.parent.resolve()
    texts = _resolve_texts(ctx, root, data.get("texts") or [])
    if data.get("texts") == []:
        ctx.error(root_node, "RB101", "book.yaml lists no texts")
    preface = _resolve_path(ctx, root, data.get("preface"), root_node, "preface")
    index = _resolve_path(ctx, root, data.get("index"), root_node, "index")
    date = data["date"]
    if date is None and not ctx.errors:
        inputs = [path.resolve(), *(t.file for t in texts), *(p for p in (preface, index) if p)]
        date = default_date(root, inputs, ctx)
    if ctx.errors:
        raise ReaderbookError(ctx.errors, ErrorKind.CONFIG)
    return Manifest(
        path=path,
        root=root,
        title=data["title"],
        subtitle=data["subtitle"],
        language=data["language"],
        identifier=data["identifier"] or default_identifier(data["title"], [t.file.relative_to(root) for t in texts]),
        date=date,
        editor=data["editor"],
        publisher=data["publisher"],
        page_size=PAGE_SIZES[data["page_size"].upper()],
        packet_margin=bool(data["packet_margin"]),
        note_numbering=data["note_numbering"],
        shared_quotations=bool(data["shared_quotations"]),
        preface=preface,
        index=index,
        texts=tuple(texts),
        print_options=data["print"] or PrintOptions(),
    )


def _check_characters(ctx: _Ctx, node: yaml.Node) -> None:
    """A value holding a character no output can carry (a control character
    written as an escape, ``"\\x01"``) is the editor's to correct: said here,
    with its line, rather than failing in the EPUB writer."""
    from .readers.decoding import UNCARRIABLE, what_is

    if isinstance(node, yaml.ScalarNode):
        bad = UNCARRIABLE.search(node.value) if isinstance(node.value, str) else None
        if bad:
            ctx.error(
                node,
                "RB113",
                f"this value holds a {what_is(bad.group(0))} (U+{ord(bad.group(0)):04X}) that no output can carry",
                "remove it (it may hide in an escape such as \\x01 in a quoted string)",
            )
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_characters(ctx, item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _check_characters(ctx, key)
            _check_characters(ctx, value)


def _not_a_file(ctx: _Ctx, node: yaml.Node, target: Path, what: str, value: str) -> bool:
    """Say so when ``target`` is not a file: a folder (RB112), or nothing at all (RB107)."""
    if target.is_file():
        return False
    if target.is_dir():
        inside = sorted(p.name for p in target.iterdir() if p.is_file() and not p.name.startswith("."))[:3]
        ctx.error(
            node,
            "RB112",
            f"{what} is a folder, not a file: {value}",
            "name a file in it" + (f", such as '{value.rstrip('/')}/{inside[0]}'" if inside else ""),
        )
        return True
    if target.exists():  # a named pipe, a device: reading it could block the build
        ctx.error(node, "RB107", f"{what} is not a regular file: {value}", "name a text file")
        return True
    close = difflib.get_close_matches(
        target.name,
        [p.name for p in target.parent.glob("*") if p.name != target.name] if target.parent.is_dir() else [],
        n=1,
    )
    ctx.error(node, "RB107", f"{what} does not exist: {value}", f"did you mean '{close[0]}'?" if close else None)
    return True


def default_identifier(title: str, files: list[Path]) -> str:
    """A UUID (version 5) from the title and the texts' file names: the same
    book gets the same identifier on every machine and every build, and a
    reading system keeps its place in it across new editions."""
    names = "\n".join(sorted(f.as_posix() for f in files))
    key = "readerbook:" + title + "\n" + names
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}"


def default_date(root: Path, inputs: list[Path], ctx: _Ctx) -> _dt.date:
    """The book's date when book.yaml gives none, so that rebuilding unchanged
    inputs gives the same bytes: ``SOURCE_DATE_EPOCH`` (the reproducible-builds
    convention), else the newest git commit of the inputs, else their newest
    modification time (UTC days)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        if epoch.strip().isdigit():
            return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date()
        ctx.error(
            None,
            "RB114",
            f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{epoch}'",
            "unset it, or give 'date:' in book.yaml",
        )
        return _dt.date(1970, 1, 1)
    seconds = _git_commit_time(root, inputs)
    if seconds is None:
        seconds = max(p.stat().st_mtime for p in inputs)
    return _dt.datetime.fromtimestamp(seconds, _dt.UTC).date()


def _git_commit_time(root: Path, inputs: list[Path]) -> int | None:
    """The commit time of the newest commit touching the inputs, if they are in git."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct", "--", *map(str, inputs)],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):  # no git
        return None
    out = done.stdout.strip()
    return int(out) if done.returncode == 0 and out.isdigit() else None


def _inside(root: Path, target: Path) -> bool:
    try:
        target.resolve().relative_to(root)
        return True
    except ValueError:
        return False


def _resolve_path(ctx: _Ctx, root: Path, value: str | None, node: yaml.Node, key: str) -> Path | None:
    if not value:
        return None
    target = root / value
    node = _key_value_node(node, key) or node
    if not _inside(root, target):
        ctx.error(
            node,
            "RB108",
            f"'{key}' points outside the project folder: {value}",
            "keep every input inside the folder that holds book.yaml, so the book builds anywhere",
        )
        return None
    if _not_a_file(ctx, node, target, f"the '{key}' file", value):
        return None
    return target


def _key_value_node(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


def _resolve_texts(ctx: _Ctx, root: Path, entries: list) -> list[TextEntry]:
    texts: list[TextEntry] = []
    seen_files: dict[Path, int] = {}
    seen_slugs: set[str] = set()
    for data in entries:
        if not data or data.get("file") is None:
            continue
        node = data.pop("_node")
        file_node = node if isinstance(node, yaml.ScalarNode) else _key_value_node(node, "file")
        target = root / data["file"]
        if not _inside(root, target):
            ctx.error(
                file_node,
                "RB108",
                f"text file is outside the project folder: {data['file']}",
                "copy the text into texts/ and name it from there",
            )
            continue
        if _not_a_file(ctx, file_node, target, "text file", data["file"]):
            continue
        resolved = target.resolve()
        if resolved in seen_files:
            ctx.error(
                file_node, "RB109", f"text '{data['file']}' is listed twice (first at line {seen_files[resolved]})"
            )
            continue
        seen_files[resolved] = node.start_mark.line + 1
        slug = data.get("slug") or slugify(Path(data["file"]).stem)
        if slug in seen_slugs:
            ctx.error(node, "RB109", f"two texts share the slug '{slug}'", "give one of them a 'slug:'")
            continue
        if slug in ids.BOOK_ANCHORS:
            ctx.error(node, "RB109", f"the slug '{slug}' names a part of the book itself", "give the text a 'slug:'")
            continue
        seen_slugs.add(slug)
        pages = None
        if data.get("pages") is not None:
            pages = parse_pages(data["pages"])
            if pages is None:
                ctx.error(
                    _key_value_node(node, "pages"),
                    "RB103",
                    f"'pages' must be a page range like 12-30, not '{data['pages']}'",
                )
                continue
        if data.get("source_url") and not _WEB_ADDRESS.fullmatch(data["source_url"]):
            ctx.error(
                _key_value_node(node, "source_url"),
                "RB103",
                f"'source_url' must be a web address (http:// or https://), not '{data['source_url']}'",
                "give the address the copy was taken from; say anything else in 'source'",
            )
            continue
        if data.get("encoding"):
            try:
                codecs.lookup(data["encoding"])
            except LookupError:
                ctx.error(
                    _key_value_node(node, "encoding"),
                    "RB104",
                    f"unknown encoding '{data['encoding']}'",
                    "use a name such as utf-8, utf-16, cp1252, latin-1 or mac_roman",
                )
                continue
        texts.append(
            TextEntry(
                file=target,
                slug=slug,
                title=data.get("title") or "",
                short_title=data.get("short_title") or data.get("title") or "",
                author=data.get("author"),
                title_supplied=bool(data.get("title_supplied")),
                subtitle=data.get("subtitle"),
                source=data.get("source"),
                year=data.get("year"),
                description=data.get("description"),
                rights=data.get("rights"),
                source_url=data.get("source_url"),
                layout=data.get("layout") or "auto",
                missing_notes=data.get("missing_notes") or "keep",
                emendations=tuple(e for e in data.get("emendations") or () if e),
                block_quotes=tuple(s for s in data.get("block_quotes") or () if s),
                not_block_quotes=tuple(s for s in data.get("not_block_quotes") or () if s),
                line=node.start_mark.line + 1,
                language=data.get("language"),
                encoding=data.get("encoding"),
                pages=pages,
                start=data.get("from"),
                end=data.get("to"),
            )
        )
    return texts
