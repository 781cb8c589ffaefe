"""The pair-extraction gate: precision and recall on the written corpora stay at or above 0.97.

Run `pytest tests/test_cast_corpus.py -s` to see the figures and every example that differs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cast_corpus import corpus_files, describe, read_corpus, score

GATE = 0.97


@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: path.stem)
def test_precision_and_recall_hold(path: Path) -> None:
    examples = read_corpus(path)
    result = score(examples)
    print(
        f"\n{path.name}: {len(examples)} examples, {result.expected} pairs expected, "
        f"{result.found} found, {result.correct} correct: "
        f"precision {result.precision:.3f}, recall {result.recall:.3f}"
    )
    for example, found in result.misses:
        print(describe(example, found))
    assert result.precision >= GATE
    assert result.recall >= GATE


def test_the_corpora_are_broad() -> None:
    examples = [example for path in corpus_files() for example in read_corpus(path)]
    assert len(examples) >= 80
    assert len({example.section for example in examples}) >= 10
    assert sum(1 for example in examples if not example.pairs) >= 20
