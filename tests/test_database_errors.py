"""A database that cannot be written: a full disk, a read-only file system, another writer
holding the lock. Each is one line and exit status 1, and no film is left half-written.

The full and read-only disks are real: a small tmpfs, mounted for the test (which needs root,
as CI has; elsewhere the tests say why they skip).
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from parsers import parse_page
from scraper.cli import main
from scraper.config import CrawlConfig
from scraper.crawler import crawl
from tests.crawlsite import RecordingSite, content, film_page, film_site, rows


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip() or 'not root'}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


def _remount(disk: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(disk)], check=True)


def _pages(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for number in range(count):
        path = folder / f"film-{number:03}.html"
        path.write_bytes(film_page(number))
        paths.append(path)
    return paths


def _assert_whole(db: Path) -> None:
    """Every film stored has all its paragraphs and roles, as its page gives them."""
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    for film_id, source in rows(db, "SELECT id, source FROM films"):
        film = parse_page(Path(source).read_bytes())
        paragraphs = rows(
            db, "SELECT text FROM paragraphs WHERE film = ? ORDER BY position", [film_id]
        )
        assert [text for (text,) in paragraphs] == film.synopsis
        assert rows(db, "SELECT count(*) FROM roles WHERE film = ?", [film_id]) == [
            (len(film.cast),)
        ]


def test_a_full_disk_stops_parse_with_one_line_and_the_same_command_goes_on(
    tmp_path: Path, small_disk: Path
) -> None:
    db = small_disk / "films.db"
    pages = _pages(tmp_path / "saved", 300)
    args = ["parse", "--jobs", "1", "--db", str(db), *map(str, pages)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {db}: database or disk is full (the disk is full: free some space, then run the"
        " same command again: nothing is written by half)\n"
    )
    # (films are committed a batch at a time: the batch the disk filled up in is not kept)
    assert rows(db, "SELECT count(*) FROM films")[0][0] < len(pages)
    _assert_whole(db)
    _remount(small_disk, "size=64m")
    assert CliRunner().invoke(main, args).exit_code == 0
    whole = tmp_path / "whole.db"
    assert CliRunner().invoke(main, [*args[:4], str(whole), *args[5:]]).exit_code == 0
    assert content(db) == content(whole)


def test_a_crawl_on_a_full_disk_stops_and_goes_on_when_there_is_room(
    tmp_path: Path, small_disk: Path
) -> None:
    film_site(tmp_path / "site", films=120, per_listing=10)
    db = small_disk / "crawl.db"
    with RecordingSite(tmp_path / "site") as site:
        args = ["crawl", f"{site.base}/", "--db", str(db), "--rate", "0", "-q"]
        full = CliRunner().invoke(main, args)
        assert full.exit_code == 1
        assert full.stderr.startswith(f"Error: {db}: database or disk is full (the disk is full")
        assert rows(db, "PRAGMA integrity_check") == [("ok",)]
        _remount(small_disk, "size=64m")
        assert CliRunner().invoke(main, args).exit_code == 0
        whole = tmp_path / "whole.db"
        asyncio.run(crawl(CrawlConfig(start_urls=[f"{site.base}/"], db=whole, rate=0)))
    assert content(db) == content(whole)


def test_a_read_only_disk_is_one_line(tmp_path: Path, small_disk: Path) -> None:
    db = small_disk / "films.db"
    pages = _pages(tmp_path / "saved", 2)
    assert CliRunner().invoke(main, ["parse", "--db", str(db), str(pages[0])]).exit_code == 0
    before = rows(db, "SELECT key, hash FROM films")
    _remount(small_disk, "ro")
    result = CliRunner().invoke(main, ["parse", "--db", str(db), str(pages[1])])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {db}: ")
    assert len(result.stderr.splitlines()) == 1
    _remount(small_disk, "rw")  # SQLite cannot read a WAL database on a read-only disk
    assert rows(db, "SELECT key, hash FROM films") == before


def test_a_database_locked_by_another_writer_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "films.db"
    page = _pages(tmp_path / "saved", 1)[0]
    assert CliRunner().invoke(main, ["parse", "--db", str(db), str(page)]).exit_code == 0
    page.write_bytes(film_page(7))  # a changed page: a write is due
    with closing(sqlite3.connect(db)) as other:
        other.execute("BEGIN IMMEDIATE")  # held through SQLite's five seconds of waiting
        result = CliRunner().invoke(main, ["parse", "--db", str(db), str(page)])
        other.rollback()
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {db}: database is locked (another program is writing to it: wait until it is"
        " done, then run the same command again: nothing is written by half)\n"
    )
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT title FROM films") == [("Film 0",)]  # the old record, whole
