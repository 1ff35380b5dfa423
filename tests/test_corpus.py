"""The development corpus: every document scored against its hand-checked
expectations (tests/corpus/*.yaml), and its normalized Markdown compared with
the golden file (tests/golden/*.md).

A score may rise but never fall below the one recorded in
tests/corpus/scores.json; a golden file must match exactly.  After a change
that is meant to alter the output, review the diff and regenerate both with
``scripts/dev corpus --update`` (or ``pytest --update-golden``).
"""

from __future__ import annotations

import json

import pytest

import corpus_score

EXPECTATIONS = corpus_score.load_expectations()
RECORDED = json.loads(corpus_score.SCORES.read_text()) if corpus_score.SCORES.exists() else {}
AVAILABLE = corpus_score.CORPUS.is_dir()


@pytest.fixture(scope="module")
def scored():
    return {s.slug: s for s in corpus_score.run()}


@pytest.mark.skipif(not AVAILABLE, reason="../shared/corpus is not beside the repository")
@pytest.mark.parametrize("slug", sorted(EXPECTATIONS))
def test_score_does_not_drop(slug, scored, request):
    score = scored[slug]
    assert not score.error, score.error
    if request.config.getoption("--update-golden"):
        return
    recorded = RECORDED.get(slug)
    assert recorded is not None, f"no recorded score for {slug}: run scripts/dev corpus --update"
    failed = [f"[{c.kind}] {c.what} {c.detail}" for c in score.checks if not c.ok]
    assert score.total == recorded["total"], "the expectations changed: run scripts/dev corpus --update"
    assert score.passed >= recorded["passed"], (
        f"{slug}: {score.passed}/{score.total}, was {recorded['passed']}\n" + "\n".join(failed)
    )


@pytest.mark.skipif(not AVAILABLE, reason="../shared/corpus is not beside the repository")
@pytest.mark.parametrize("slug", sorted(EXPECTATIONS))
def test_golden_markdown(slug, scored, request):
    from readerbook.export import to_markdown

    score = scored[slug]
    assert not score.error, score.error
    text = to_markdown(score.doc)
    path = corpus_score.golden_path(slug)
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        RECORDED[slug] = {"passed": score.passed, "total": score.total}
        corpus_score.SCORES.write_text(json.dumps(dict(sorted(RECORDED.items())), indent=1) + "\n")
        return
    assert path.exists(), f"no golden file for {slug}: run scripts/dev corpus --update"
    golden = path.read_text(encoding="utf-8")
    if text != golden:
        import difflib

        diff = "".join(list(difflib.unified_diff(golden.splitlines(True), text.splitlines(True), "golden", "now"))[:80])
        pytest.fail(f"{slug}: normalized Markdown differs from tests/golden/{slug}.md\n{diff}")


def test_every_corpus_document_has_expectations():
    """Every document of ../shared/corpus has its expectations file (and the seeds)."""
    if not AVAILABLE:
        pytest.skip("../shared/corpus is not beside the repository")
    documents = {p.stem for p in corpus_score.CORPUS.rglob("*") if p.is_file() and p.name != "MANIFEST.md"}
    covered = {corpus_score.source_path(e).stem for e in EXPECTATIONS.values()}
    assert documents <= covered, f"documents without expectations: {sorted(documents - covered)}"
    assert sum(1 for e in EXPECTATIONS.values() if e["source"].startswith("texts/")) == 5
