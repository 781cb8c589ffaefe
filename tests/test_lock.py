"""One crawl at a time on a database, in real processes: a second crawl exits 75 naming the
first (test_crawler.py kills holders with SIGKILL, and the next crawl runs)."""

from __future__ import annotations

import asyncio
import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scraper.config import CrawlConfig
from scraper.crawler import crawl
from scraper.lock import Locked, crawl_lock, lock_path
from tests.crawlsite import HeldSite, content, crawl_process, film_site, finished, rows

ISO_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00"


def test_a_second_crawl_exits_75_and_the_database_is_one_crawls(tmp_path: Path) -> None:
    film_site(tmp_path / "site", films=8, per_listing=4)
    db, summary_file = tmp_path / "c.db", tmp_path / "summary.json"
    with HeldSite(tmp_path / "site") as site:
        whole = CrawlConfig(start_urls=[f"{site.base}/"], db=tmp_path / "whole.db", rate=0)
        asyncio.run(crawl(whole))
        site.hold(after=3)
        first = crawl_process(f"{site.base}/", db)
        assert site.holding.wait(timeout=60)
        status, out, err = finished(
            crawl_process(f"{site.base}/", db, "--summary-json", str(summary_file))
        )
        site.release()
        assert finished(first)[0] == 0

    assert (status, out) == (75, "")
    match = re.fullmatch(
        rf"locked: {re.escape(str(db))} is in use by another crawl \(pid {first.pid},"
        rf" started ({ISO_TIME})\)\n",
        err,
    )
    assert match, err
    started = datetime.fromisoformat(match[1])
    assert timedelta(0) <= datetime.now(UTC) - started < timedelta(minutes=2)
    summary = json.loads(summary_file.read_text())
    assert (summary["status"], summary["exit_status"], summary["counts"]) == ("locked", 75, None)
    assert summary["message"] == err.rstrip("\n")
    assert rows(db, "SELECT count(*) FROM crawls") == [(1,)]
    assert content(db) == content(tmp_path / "whole.db")


def test_the_lock_file_names_its_holder(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with crawl_lock(db):
        holder = json.loads(lock_path(db).read_text())
        assert holder["pid"] == os.getpid()
        # Another descriptor on the file conflicts even within one process.
        match = rf"\(pid {os.getpid()}, started {ISO_TIME}\)$"
        with pytest.raises(Locked, match=match), crawl_lock(db):
            pass
    with crawl_lock(db):  # released at the end of the block
        pass
