"""Crawls that meet trouble: a site where a fifth of the pages fail in every way a site can,
and a crawl killed with SIGKILL at ten random moments. Real servers on 127.0.0.1, real
processes, a real SQLite file."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import threading
from pathlib import Path

from parsers import parse_page
from scraper.config import CrawlConfig
from scraper.crawler import crawl
from scraper.lock import lock_path
from tests.crawlsite import (
    RecordingSite,
    content,
    crawl_process,
    film_page,
    film_site,
    finished,
    rows,
)
from tests.faultsite import FAULTS, FaultSite

ROOT = Path(__file__).parent.parent


def test_a_crawl_through_every_kind_of_fault_stores_each_page_whole_or_says_why(
    tmp_path: Path,
) -> None:
    db = tmp_path / "faults.db"
    with FaultSite(films=500) as site:
        settings = {
            "start_urls": [f"{site.base}/"],
            "db": db,
            "rate": 0,
            "concurrency": 8,
            "retries": 1,
            "backoff": 0.01,
            # Short, for the dripping pages, but not so short that a busy machine fails others.
            "connect_timeout": 3,
            "read_timeout": 2,
            "total_timeout": 3,
            # Not under test here (test_pool.py has the time limit): no page fails for a busy
            # machine.
            "parse_timeout": 30,
        }
        summary = asyncio.run(crawl(CrawlConfig.model_validate(settings)))

    assert {fault.name for fault in site.faults.values()} == {fault.name for fault in FAULTS}
    pages = {
        url: (result, reason)
        for url, result, reason in rows(db, "SELECT url, result, reason FROM pages")
    }
    stored = {key for (key,) in rows(db, "SELECT key FROM films")}
    for number in range(site.films):
        url = f"{site.base}{site.film_path(number)}"
        expected = site.expected(number)
        result, reason = pages[url]
        assert result == expected.result, (url, expected.name, reason)
        if expected.result != "film":
            assert reason and reason.startswith(expected.reason), (expected.name, reason)
            assert "\n" not in reason
            assert url not in stored
    films = [n for n in range(site.films) if site.expected(n).result == "film"]
    assert summary.counts["new"] == len(films) == len(stored)

    # Each film whole, as the page says, whatever its bytes' label; nothing else stored.
    paragraphs = _by_film(
        db,
        "SELECT f.key, p.text FROM paragraphs p JOIN films f ON f.id = p.film ORDER BY p.position",
    )
    roles = _by_film(
        db,
        "SELECT f.key, r.character || ' = ' || pe.name FROM roles r JOIN films f ON f.id = r.film"
        " JOIN people pe ON pe.id = r.person ORDER BY r.position",
    )
    for number in films:
        url = f"{site.base}{site.film_path(number)}"
        film = parse_page(film_page(number, ["/"]), url=url, content_type="text/html")
        assert paragraphs[url] == film.synopsis
        assert roles[url] == [f"{role.character} = {role.actor}" for role in film.cast]
    assert set(paragraphs) == set(roles) == stored
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "PRAGMA foreign_key_check") == []
    assert summary.counts["failed"] == sum(1 for result, _ in pages.values() if result == "failed")


def _by_film(db: Path, sql: str) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key, text in rows(db, sql):
        grouped.setdefault(key, []).append(text)
    return grouped


class _Killer(RecordingSite):
    """Kills ``victim`` with SIGKILL a random moment (up to 50 ms) after the ``kill_at``-th
    request since ``aim`` comes in."""

    victim = kill_at = arrived = 0
    delay = 0.0

    def aim(self, victim: int, kill_at: int, delay: float) -> None:
        with self.lock:
            self.victim, self.kill_at, self.arrived, self.delay = victim, kill_at, 0, delay

    def before(self, path: str) -> None:
        with self.lock:
            self.arrived += 1
            if self.arrived == self.kill_at:
                threading.Timer(self.delay, os.kill, (self.victim, signal.SIGKILL)).start()


def test_a_crawl_killed_ten_times_ends_as_a_clean_one(tmp_path: Path) -> None:
    # About 80 pages: ten runs of a few requests each leave some for the last run.
    film_site(tmp_path / "site", films=60, per_listing=8)
    moments = random.Random(9)
    with _Killer(tmp_path / "site") as site:
        whole = tmp_path / "whole.db"
        asyncio.run(crawl(CrawlConfig(start_urls=[f"{site.base}/"], db=whole, rate=0)))
        db = tmp_path / "killed.db"
        for _ in range(10):
            process = crawl_process(f"{site.base}/", db, "--concurrency", "2", "-q")
            site.aim(process.pid, moments.randint(2, 6), moments.uniform(0, 0.05))
            assert finished(process)[0] == -signal.SIGKILL
        # The killed crawls held the lock (its file stays); it went with them.
        assert lock_path(db).exists()
        done = {url for (url,) in rows(db, "SELECT url FROM pages WHERE state = 'visited'")}
        site.hits.clear()
        site.aim(0, 0, 0)
        last = crawl_process(f"{site.base}/", db, "--concurrency", "2", "-q")
        assert finished(last) == (0, "", "")

    assert content(db) == content(whole)
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT count(*), count(DISTINCT film || '/' || position) FROM paragraphs") == [
        (n, n) for ((n,),) in [rows(whole, "SELECT count(*) FROM paragraphs")]
    ]
    assert rows(db, "SELECT id, ended IS NOT NULL FROM crawls") == [(1, 1)]
    columns = "fetched, new, failed, skipped"
    assert rows(db, f"SELECT {columns} FROM crawls") == rows(whole, f"SELECT {columns} FROM crawls")
    # Visited before the last run: not asked for again.
    again = {f"{site.base}{hit.path}" for hit in site.hits} - {f"{site.base}/robots.txt"}
    assert again.isdisjoint(done)
