"""Skip a build when nothing it reads has changed and its outputs are intact.

build/cache.json records one hash over every input — book.yaml, the texts,
the preface, the index, the stylesheets and readerbook's own code — with the
formats and output folder asked for, the hash of each output written, and the
warnings the build gave (they are reported again on a skipped build).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .diagnostics import Diagnostic, Diagnostics, Severity
from .manifest import Manifest

CACHE_FILE = "cache.json"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs_key(manifest: Manifest, styles: Path, out: Path, formats: tuple[str, ...]) -> str:
    files = {manifest.path.resolve()}
    files.update(t.file.resolve() for t in manifest.texts)
    files.update(p.resolve() for p in (manifest.preface, manifest.index) if p)
    files.update(p.resolve() for p in styles.glob("*.css"))
    package = Path(__file__).resolve().parent
    files.update(p for p in package.rglob("*.py"))
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(str(path.relative_to(manifest.root) if path.is_relative_to(manifest.root) else path.name).encode())
        h.update(path.read_bytes())
    h.update(repr((sorted(formats), str(out.resolve()))).encode())
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
        if not path.is_file() or _sha(path.read_bytes()) != entry["sha256"]:
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
        "outputs": {fmt: {"path": str(p.resolve()), "sha256": _sha(p.read_bytes())} for fmt, p in outputs.items()},
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
