"""Reading the pair-extraction corpora (tests/corpus/*.txt) and scoring the extractor on them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from parsers.cast import cast_of
from parsers.text import clean

CORPUS = Path(__file__).parent / "corpus"


@dataclass
class Example:
    section: str
    text: str
    pairs: list[tuple[str, str]]
    line: int


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    correct: int = 0
    misses: list[tuple[Example, list[tuple[str, str]]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def read_corpus(path: Path) -> list[Example]:
    examples: list[Example] = []
    section = ""
    current: Example | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.startswith("#"):
            continue
        elif not line.strip():
            current = None
        elif line.startswith("="):
            character, _, actor = line[1:].partition("|")
            assert current is not None, f"{path.name}:{number}: a pair without an example"
            current.pairs.append((clean(character), clean(actor)))
        else:
            assert current is None, f"{path.name}:{number}: two text lines in one example"
            current = Example(section, line, [], number)
            examples.append(current)
    return examples


def score(examples: list[Example]) -> Score:
    result = Score()
    for example in examples:
        text = clean(example.text)
        found = [(pair.character, pair.actor) for _, pair in cast_of([text])]
        expected = Counter(example.pairs)
        got = Counter(found)
        result.expected += sum(expected.values())
        result.found += sum(got.values())
        result.correct += sum((expected & got).values())
        if expected != got:
            result.misses.append((example, found))
    return result


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("cast_*.txt"))


def describe(example: Example, found: list[tuple[str, str]]) -> str:
    want = re.sub(r"\s+", " ", str(example.pairs))
    return f"line {example.line} [{example.section}] {example.text}\n  want {want}\n  got  {found}"
