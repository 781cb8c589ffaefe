"""Fixtures shared by several test modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from schemas import Film
from scraper.writer import open_db

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def seed_film() -> Film:
    """The seed page's record (Drive), from its golden file: no parser involved."""
    expected = FIXTURES / "seed_drive" / "expected.json"
    return Film.model_validate_json(expected.read_text(encoding="utf-8"))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh database file, opened as the application opens it."""
    database = open_db(tmp_path / "moviemaster.db")
    yield database
    database.close()
