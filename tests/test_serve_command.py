"""`moviemaster serve` refuses, in one line and touching nothing, files that are not ours."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from click.testing import CliRunner

from scraper.cli import main


def test_a_file_that_is_no_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just text")
    result = CliRunner().invoke(main, ["serve", "--db", str(path)])
    assert (result.exit_code, result.stderr) == (1, f"Error: {path}: file is not a database\n")


def test_a_database_of_something_else_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["serve", "--db", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path} is not a moviemaster database (it has no films table)\n"
    )
    assert path.read_bytes() == before
