"""`moviemaster parse`: inputs, formats, the database, and one readable line per bad input."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.cli import main
from tests.crawlsite import ROOT, content, film_page, rows

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed_drive" / "page.txt"


def _expected(case: str) -> dict[str, Any]:
    return json.loads((FIXTURES / case / "expected.json").read_text(encoding="utf-8"))


def _parse(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["parse", *map(str, args)])


def test_a_page_gives_its_record_as_a_json_line() -> None:
    result = _parse(SEED)
    assert (result.exit_code, result.stderr) == (0, "")
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"source": str(SEED), **_expected("seed_drive")}
    ]


def test_json_and_table_formats(tmp_path: Path) -> None:
    as_json = _parse("--format", "json", SEED, FIXTURES / "gzip_xhtml" / "page.html.gz")
    assert json.loads(as_json.stdout) == [
        {"source": str(SEED), **_expected("seed_drive")},
        {"source": str(FIXTURES / "gzip_xhtml" / "page.html.gz"), **_expected("gzip_xhtml")},
    ]
    wide = {"COLUMNS": "200"}  # rich wraps the cells to the terminal's width
    table = CliRunner().invoke(main, ["parse", "--format", "table", str(SEED)], env=wide).stdout
    for text in ("2019-01-31", "Frank Ehrlacher", "Driver: Ryan Gossling", "Blanche:"):
        assert text in table
    nothing = _parse("--format", "table", FIXTURES / "nonfilm_listing_az" / "page.html")
    assert nothing.stdout == ""  # no film, no empty table


def test_a_folder_is_walked_and_bad_inputs_get_one_line_each(tmp_path: Path) -> None:
    pages = tmp_path / "saved"
    (pages / "deeper").mkdir(parents=True)
    shutil.copy(SEED, pages / "drive.txt")
    shutil.copy(FIXTURES / "gzip_xhtml" / "page.html.gz", pages / "deeper" / "film.html.gz")
    shutil.copy(FIXTURES / "nonfilm_listing_az" / "page.html", pages / "liste.html")
    (pages / "notes.json").write_text("{}")  # not a page: a folder walk leaves it alone
    (tmp_path / "bild.html").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    (tmp_path / "leer").mkdir()
    result = _parse(pages, tmp_path / "missing.html", tmp_path / "bild.html", tmp_path / "leer")
    assert result.exit_code == 1
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [f"{pages}/deeper/film.html.gz", f"{pages}/drive.txt"]
    assert result.stderr.splitlines() == [
        f"skipped: {pages}/liste.html: no synopsis (no run of story paragraphs)",
        f"error: {tmp_path}/missing.html: no such file or folder",
        f"error: {tmp_path}/bild.html: a binary file, not a saved page",
        f"error: {tmp_path}/leer: no saved pages in this folder"
        " (.asp, .htm, .html, .php, .shtml, .txt, .xhtml, .warc)",
    ]


def test_url_names_the_address_of_one_page(tmp_path: Path) -> None:
    url = "https://www.moviemaster.de/film/drive.html"
    result = _parse("--url", url, SEED)
    assert json.loads(result.stdout)["url"] == url
    for inputs in ([SEED, SEED], [tmp_path], [tmp_path / "night.warc.gz"]):
        refused = _parse("--url", url, *inputs)
        assert refused.exit_code == 2
        assert "--url names the address of one page" in refused.stderr


def test_db_writes_each_film_once(tmp_path: Path) -> None:
    db = tmp_path / "films.db"
    first = _parse("--db", db, SEED, FIXTURES / "table_cp1252_meta" / "page.html")
    again = _parse("--db", db, SEED)
    assert (first.exit_code, first.stdout) == (0, "")  # with --db, no output unless --format
    assert first.stderr == f"{db}: 2 films (2 new), 0 skipped, 0 errors\n"
    assert again.stderr == f"{db}: 1 films (1 unchanged), 0 skipped, 0 errors\n"
    assert rows(db, "SELECT count(*) FROM films") == [(2,)]
    assert rows(db, "SELECT count(*) FROM roles") == [
        (9 + len(_expected("table_cp1252_meta")["cast"]),)
    ]


def test_a_killed_parse_keeps_whole_films_and_the_next_run_ends_as_one_run(
    tmp_path: Path,
) -> None:
    """`parse --db` commits its films a batch at a time (a second apart, as the crawl does):
    killed with SIGKILL after its first batch, the database holds whole films only, and a run
    over the same pages writes the rest and leaves what an uninterrupted run leaves."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for number in range(1500):
        (pages / f"{number:04d}.html").write_bytes(film_page(number))
    command = [sys.executable, "-c", "from scraper.cli import main; main()", "parse", "--jobs", "1"]

    def parse_into(db: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [*command, "--db", str(db), str(pages)], cwd=ROOT, stderr=subprocess.DEVNULL
        )

    killed = tmp_path / "killed.db"
    process = parse_into(killed)
    deadline = time.monotonic() + 60
    while not (killed.exists() and _committed_films(killed)):
        assert process.poll() is None, "the run ended before its first batch was committed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=60) == -signal.SIGKILL
    kept = _committed_films(killed)
    assert 0 < kept < 1500
    bare = "SELECT count(*) FROM films WHERE id NOT IN (SELECT film FROM paragraphs)"
    assert rows(killed, bare) == [(0,)]
    assert rows(killed, "PRAGMA integrity_check") == [("ok",)]

    assert parse_into(killed).wait(timeout=120) == 0
    whole = tmp_path / "whole.db"
    assert parse_into(whole).wait(timeout=120) == 0
    assert content(killed) == content(whole)
    assert rows(killed, "SELECT count(*) FROM films") == [(1500,)]


def _committed_films(db: Path) -> int:
    try:
        return int(rows(db, "SELECT count(*) FROM films")[0][0])
    except sqlite3.OperationalError:  # not made yet
        return 0


def test_a_database_that_cannot_be_used_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "films.db"
    db.write_text("no database")
    result = _parse("--db", db, SEED)
    assert (result.exit_code, result.stderr) == (1, f"Error: {db}: file is not a database\n")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000) | st.text(max_size=3000).map(lambda text: text.encode()))
def test_no_input_gives_a_traceback(tmp_path: Path, data: bytes) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(data)
    result = _parse(page)
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert len(result.stderr.splitlines()) <= 1
