"""Golden tests: every fixture page gives exactly its expected record (or is skipped)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers import NotAFilmPage, parse_page
from scraper.inputs import read_input

FIXTURES = Path(__file__).parent / "fixtures"
# Pages the parser is known to get wrong, with why; strict: a fix must remove the entry.
KNOWN_FAILURES = {
    "y_nonfilm_newsletter_html_mail": (
        "a newsletter with a greeting and several films' blurbs, no author or update line and "
        "no titles the parser recognises, reads as one film's synopsis"
    ),
}
CASES = [
    pytest.param(
        path.parent,
        id=path.parent.name,
        marks=[pytest.mark.xfail(reason=KNOWN_FAILURES[path.parent.name], strict=True)]
        if path.parent.name in KNOWN_FAILURES
        else [],
    )
    for path in sorted(FIXTURES.glob("*/expected.json"))
]


def _page(case: Path) -> Path:
    (page,) = case.glob("page.*")
    return page


@pytest.mark.parametrize("case", CASES)
def test_fixture_gives_its_expected_record(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    meta_path = case / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    data = read_input(_page(case))
    if expected == {"not_a_film": True}:
        with pytest.raises(NotAFilmPage):
            parse_page(data, url=meta.get("url"), content_type=meta.get("content_type"))
        return
    film = parse_page(data, url=meta.get("url"), content_type=meta.get("content_type"))
    assert film.model_dump(mode="json") == expected


def test_there_are_enough_fixtures() -> None:
    cases = [param.values[0] for param in CASES]
    films = [case for case in cases if "not_a_film" not in (case / "expected.json").read_text()]
    assert len(films) >= 12
    assert len(cases) - len(films) >= 4
