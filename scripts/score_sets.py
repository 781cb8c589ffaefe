"""Score the parser on sets of saved pages: records exact, other pages rejected, pairs.

Usage: python scripts/score_sets.py [FOLDER ...] [--cases]

Without folders it scores every set the project keeps: the hold-out pages (set 1 and its
second batch 1b, never tuned on) and each blind set that later joined the golden fixtures,
told apart by its prefix (`z_` is set 2, `w_` set 3, ... `g_` set 19, `f_` set 20). A folder
given on the command line is scored as one set. Each case is a folder with `page.*`,
`expected.json` and an optional `meta.json`, as in tests/fixtures/README.md. `--cases` also
names every case that differs, except the hold-out pages' (they are scored as a whole only).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers import NotAFilmPage, parse_page  # noqa: E402
from scraper.inputs import read_input  # noqa: E402

# The blind sets in the order they were written; their cases carry the prefix in the
# fixtures folder.
PREFIXES = {
    "z": 2,
    "w": 3,
    "v": 4,
    "u": 5,
    "t": 6,
    "s": 7,
    "r": 8,
    "q": 9,
    "p": 10,
    "o": 11,
    "n": 12,
    "m": 13,
    "l": 14,
    "k": 15,
    "j": 16,
    "i": 17,
    "h": 18,
    "g": 19,
    "f": 20,
}


@dataclass
class Score:
    films: int = 0
    exact: int = 0
    synopsis: int = 0
    others: int = 0
    rejected: int = 0
    expected_pairs: int = 0
    found_pairs: int = 0
    correct_pairs: int = 0
    misses: list[str] = field(default_factory=list)

    def row(self, name: str) -> str:
        precision = self.correct_pairs / self.found_pairs if self.found_pairs else 1.0
        recall = self.correct_pairs / self.expected_pairs if self.expected_pairs else 1.0
        return (
            f"| {name} | {self.exact}/{self.films} (synopsis {self.synopsis}) "
            f"| {self.rejected}/{self.others} | {precision:.3f} / {recall:.3f} |"
        )


def parse_case(case: Path) -> dict[str, Any]:
    meta_path = case / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    (page,) = case.glob("page.*")
    try:
        film = parse_page(
            read_input(page), url=meta.get("url"), content_type=meta.get("content_type")
        )
    except NotAFilmPage:
        return {"not_a_film": True}
    except ValueError as error:  # an invalid record or a refused page
        return {"error": str(error).splitlines()[0]}
    return film.model_dump(mode="json")


def score(cases: list[Path]) -> Score:
    result = Score()
    for case in cases:
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        got = parse_case(case)
        if expected == {"not_a_film": True}:
            result.others += 1
            result.rejected += got == expected
            if got != expected:
                result.misses.append(f"{case.name}: taken as a film")
            continue
        result.films += 1
        result.exact += got == expected
        result.synopsis += got.get("synopsis") == expected["synopsis"]
        if got != expected:
            wrong = [key for key in expected if got.get(key) != expected[key]]
            result.misses.append(f"{case.name}: {', '.join(wrong) or next(iter(got))}")
        want = {(role["character"], role["actor"]) for role in expected["cast"]}
        found = {(role["character"], role["actor"]) for role in got.get("cast", [])}
        result.expected_pairs += len(want)
        result.found_pairs += len(found)
        result.correct_pairs += len(want & found)
    return result


def _cases(folder: Path, prefix: str = "") -> list[Path]:
    return sorted(
        path.parent
        for path in folder.glob(f"{prefix}*/expected.json")
        if not prefix or path.parent.name.startswith(f"{prefix}_")
    )


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("folders", nargs="*", type=Path)
    options.add_argument("--cases", action="store_true", help="name every case that differs")
    arguments = options.parse_args()
    if arguments.folders:
        sets = {str(folder): _cases(folder) for folder in arguments.folders}
    else:
        fixtures = ROOT / "tests" / "fixtures"
        holdout = ROOT / "tests" / "holdout_pages"
        second = _cases(holdout, "h2")  # the second batch of hold-out pages
        sets = {
            "1 (holdout_pages)": [case for case in _cases(holdout) if case not in second],
            "1b (holdout_pages, `h2_`)": second,
        }
        sets |= {
            f"{number} (`{prefix}_`)": _cases(fixtures, prefix)
            for prefix, number in PREFIXES.items()
        }
    print("| set | film records exact | other pages rejected | pairs precision / recall |")
    print("|---|---|---|---|")
    for name, cases in sets.items():
        if not cases:
            continue
        result = score(cases)
        print(result.row(name))
        if arguments.cases and "holdout_pages" not in name:
            for miss in result.misses:
                print(f"    {miss}")


if __name__ == "__main__":
    main()
