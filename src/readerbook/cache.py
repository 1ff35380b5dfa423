"""Skip a build when nothing it reads has changed and its outputs are intact.

build/cache.json records one hash over every input — book.yaml, the texts,
the preface, the index, the stylesheets and readerbook's own code — with the
formats and output folder asked for, the hash of each output written, and the
warnings the build gave (they are reported again on a skipped build).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from .diagnostics import Diagnostic, Diagnostics, Severity
from .manifest import Manifest

CACHE_FILE = "cache.json"


def _sha(path: Path) -> str:
    """An output's hash: a file's bytes, or a folder's files with their names."""
    h = hashlib.sha256()
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            h.update(file.relative_to(path).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(file.read_bytes()).digest())
    else:
        h.update(path.read_bytes())
    return h.hexdigest()


def inputs_key(manifest: Manifest, styles: Path, out: Path, formats: tuple[str, ...]) -> str:
    files = {manifest.path.resolve()}
    files.update(t.file.resolve() for t in manifest.texts)
    files.update(p.resolve() for p in (manifest.preface, manifest.index) if p)
    files.update(p.resolve() for p in styles.glob("*.css"))
    h = hashlib.sha256(code_hash().encode())
    for path in sorted(files):
        h.update(str(path.relative_to(manifest.root) if path.is_relative_to(manifest.root) else path.name).encode())
        h.update(path.read_bytes())
    # The date and identifier may come from outside the files (SOURCE_DATE_EPOCH, git, mtimes).
    h.update(repr((sorted(formats), str(out.resolve()), manifest.date, manifest.identifier)).encode())
    return h.hexdigest()


def lookup(work: Path, key: str) -> tuple[dict[str, Path], Diagnostics] | None:
    try:
        data = json.loads((work / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("key") != key:
        return None
    outputs = {}
    for fmt, entry in data.get("outputs", {}).items():
        path = Path(entry["path"])
        if not path.exists() or _sha(path) != entry["sha256"]:
            return None  # an output was removed or changed by hand: build again
        outputs[fmt] = path
    diagnostics = Diagnostics()
    for d in data.get("diagnostics", []):
        diagnostics.add(
            Diagnostic(d["code"], Severity[d["severity"]], d["message"], d["path"], d["line"], d["column"], d["hint"])
        )
    return outputs, diagnostics


def store(work: Path, key: str, outputs: dict[str, Path], diagnostics: Diagnostics) -> None:
    data = {
        "key": key,
        "outputs": {fmt: {"path": str(p.resolve()), "sha256": _sha(p)} for fmt, p in outputs.items()},
        "diagnostics": [
            {
                "code": d.code,
                "severity": d.severity.name,
                "message": d.message,
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "hint": d.hint,
            }
            for d in diagnostics
            if d.severity >= Severity.WARNING
        ],
    }
    work.mkdir(parents=True, exist_ok=True)
    (work / CACHE_FILE).write_text(json.dumps(data, indent=1), encoding="utf-8")


@lru_cache(maxsize=1)  # read once per process: the build, then the normalized store
def code_hash() -> str:
    """readerbook's own code: a change to it may change any result."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


class LexiconView:
    """The book's lexicon as one text consulted it.

    Every hyphen decision asked for is remembered with its answer, so a text's
    normalization can be reused while the book's lexicon, however other texts
    changed it, would decide those same questions the same way."""

    def __init__(self, lexicon):
        self.lexicon = lexicon
        self.asked: dict[tuple[str, str], tuple[bool, str]] = {}

    def decide_hyphen(self, left: str, right: str, language: str = "en") -> tuple[bool, str]:
        answer = self.lexicon.decide_hyphen(left, right, language)
        self.asked[(left, right, language)] = answer
        return answer


class NormalizedStore:
    """Normalized texts kept in build/normalized/, so that after an edit only
    the edited text is normalized again.

    An entry is keyed on the text's decoded lines, its settings in book.yaml
    and readerbook's code; it holds the document, the diagnostics found while
    normalizing and auditing it, and the lexicon's answers it relied on.
    (Entries are pickles: build/ is the project's own working folder.)"""

    def __init__(self, folder: Path):
        self.folder = folder
        self.code = code_hash()
        self.fresh: list[str] = []  # texts normalized afresh this time (the build records them)

    def key(self, source, options) -> str:
        h = hashlib.sha256()
        for piece in (self.code, source.shown, source.encoding, repr(options)):
            h.update(piece.encode("utf-8"))
            h.update(b"\0")
        for line in source.lines:
            h.update(f"{line.no}\t{line.text}\n".encode())
        return h.hexdigest()

    def _path(self, source) -> Path:
        return self.folder / (hashlib.sha256(source.shown.encode()).hexdigest()[:16] + ".pickle")

    def get(self, source, options, lexicon):
        import pickle

        try:
            entry = pickle.loads(self._path(source).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        if entry.get("key") != self.key(source, options):
            return None
        if any(lexicon.decide_hyphen(*q) != answer for q, answer in entry["asked"].items()):
            return None  # another text's words now read one of this text's hyphens differently
        return entry["document"], entry["diagnostics"]

    def put(self, source, options, document, diagnostics: list[Diagnostic], asked) -> None:
        import pickle

        entry = {
            "key": self.key(source, options),
            "document": document,
            "diagnostics": diagnostics,
            "asked": asked,
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        # Written where the text was normalized, often a worker process: the
        # build records it among ``fresh`` when the result comes back.
        self._path(source).write_bytes(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
