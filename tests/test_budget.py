"""Nights under a request budget: a local site whose pages change between crawls, crawled night
after night with MOVIEMASTER_NOW standing for each night's 03:00. The changed pages and the new
films are found the night they appear, and no night sends more requests than its budget."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import main
from scraper.clock import ENV
from scraper.config import CrawlConfig
from scraper.crawler import crawl
from tests.crawlsite import (
    RecordingSite,
    crawl_process,
    film_page,
    film_site,
    finished,
    listing_page,
    rows,
    write,
)

FIRST_NIGHT = datetime(2025, 3, 1, 3, 0, tzinfo=UTC)
NIGHTS = 28
FILMS = 60  # on the site before the first night
PER_LISTING = 10
ACTORS = 6  # the film pages' actor pages (crawlsite's cast)
# Films that change every day, and every seventh day (number: the day of the week they do).
DAILY = {3, 41}
WEEKLY = {7: 0, 18: 2, 29: 4, 50: 6}
NEW_EVERY = 3  # days between new films
BUDGET = 20  # a quarter of the site: 1 + 1 + 6 listings + 60 films + 6 actor pages, growing


class ChangingSite:
    """The site's files as they are on a given day: a start page, a page of the five newest
    films, listings of ten films each, the films and their actors' pages. Each film page says
    when it was last updated, and its file is dated then too (Last-Modified)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.films = FILMS
        self.versions = dict.fromkeys(range(FILMS), 0)
        self.updated = dict.fromkeys(range(FILMS), date(2019, 1, 31))
        for number, weekday in WEEKLY.items():
            # The last weekly change before the first night.
            self.updated[number] = FIRST_NIGHT.date() - timedelta(days=7 - weekday)
        for number in DAILY:
            self.updated[number] = FIRST_NIGHT.date() - timedelta(days=1)
        self.write(datetime(2024, 6, 1, tzinfo=UTC))

    def day(self, night: int) -> tuple[set[int], set[int]]:
        """Make the changes of the day before ``night``'s crawl: (films changed, films new)."""
        when = FIRST_NIGHT + timedelta(days=night - 1, hours=9)
        changed = set(DAILY) | {n for n, weekday in WEEKLY.items() if night % 7 == weekday}
        new = set()
        if night % NEW_EVERY == 0:
            new.add(self.films)
            self.versions[self.films] = 0
            self.films += 1
        for number in changed | new:
            self.versions[number] += number in changed
            self.updated[number] = when.date()
        self.write(when, changed | new)
        return changed, new

    def write(self, when: datetime, films: set[int] | None = None) -> None:
        numbers = range(self.films) if films is None else sorted(films)
        pages: dict[str, bytes | str] = {}
        for number in numbers:
            text = film_page(number, ["/index.html"])
            german = self.updated[number].strftime("%d.%m.%Y").encode()
            text = text.replace(b"Update: 31.01.2019", b"Update: " + german)
            version = f"Woche f\xfcr Woche, Runde {self.versions[number]}".encode("cp1252")
            pages[f"filme/film-{number}.html"] = text.replace(b"Woche f\xfcr Woche", version)
        paths = [f"/filme/film-{n}.html" for n in range(self.films)]
        listings = [paths[i : i + PER_LISTING] for i in range(0, len(paths), PER_LISTING)]
        index = ["/neu.html", *[f"/liste-{i}.html" for i in range(len(listings))]]
        pages["index.html"] = listing_page("Filme", index)
        pages["neu.html"] = listing_page("Neu", paths[-5:][::-1])
        for i, chunk in enumerate(listings):
            pages[f"liste-{i}.html"] = listing_page(f"Liste {i}", [*chunk, "/index.html"])
        if films is None:
            pages["robots.txt"] = "User-agent: *\nAllow: /\n"
            for slug in ("ryan-gossling", "carey-mulligan", "albert-brooks", "bryan-cranston"):
                pages[f"darsteller/{slug}.html"] = listing_page(slug, ["/index.html"])
            for slug in ("ron-perlman", "christina-hendricks"):
                pages[f"darsteller/{slug}.html"] = listing_page(slug, ["/index.html"])
        # Files that do not change keep their date, as on a real site.
        changed = {
            name: page
            for name, page in pages.items()
            if not (self.root / name).exists() or (self.root / name).read_bytes() != page
        }
        write(self.root, changed)
        for name in changed:
            os.utime(self.root / name, (when.timestamp(), when.timestamp()))


def night(db: Path, start: str, at: datetime, budget: int | None) -> None:
    os.environ[ENV] = at.isoformat()
    config = CrawlConfig.model_validate(
        {"start_urls": [start], "db": db, "rate": 0, "budget": budget, "quiet": True}
    )
    summary = asyncio.run(crawl(config))
    assert summary.counts["failed"] == 0


def test_changes_and_new_films_are_found_the_night_they_appear_within_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, FIRST_NIGHT.isoformat())  # restored after the test
    site = ChangingSite(tmp_path / "site")
    db = tmp_path / "nights.db"
    missed: list[tuple[int, str]] = []
    asked: list[int] = []
    with RecordingSite(site.root) as server:
        start = f"{server.base}/"
        night(db, start, FIRST_NIGHT - timedelta(days=1), budget=None)  # the first, whole crawl
        for number in range(1, NIGHTS + 1):
            changed, new = site.day(number)
            server.hits.clear()
            night(db, start, FIRST_NIGHT + timedelta(days=number), BUDGET)
            asked.append(sum(path != "/robots.txt" for path in server.paths()))
            (crawl_id,) = rows(db, "SELECT max(id) FROM crawls")[0]
            found = dict(rows(db, "SELECT url, record FROM visits WHERE crawl = ?", [crawl_id]))
            for film in sorted(changed | new):
                url = f"{server.base}/filme/film-{film}.html"
                expected = "new" if film in new else "changed"
                if found.get(url) != expected:
                    missed.append((number, f"film {film} {expected}: {found.get(url)}"))

    assert missed == []
    assert max(asked) <= BUDGET
    # The budget was used, not left idle: the schedule also asks pages that rarely change.
    assert sum(asked) > 0.9 * BUDGET * NIGHTS
    # What the pages table shows: a daily film's rate near one a day, a film that never
    # changed far below one a month, each with the time it is due.
    rates = dict(rows(db, "SELECT url, rate FROM pages"))
    assert rates[f"{start}filme/film-3.html"] > 0.5
    assert rates[f"{start}filme/film-20.html"] < 1 / 30
    assert rows(db, "SELECT count(*) FROM pages WHERE rate IS NULL OR due IS NULL") == [(0,)]


def test_the_command_keeps_to_its_budget_and_says_so(tmp_path: Path) -> None:
    film_site(tmp_path / "site", films=12)
    db = tmp_path / "c.db"
    with RecordingSite(tmp_path / "site") as server:
        assert finished(crawl_process(f"{server.base}/", db))[0] == 0  # the first, whole crawl
        server.hits.clear()
        status, out, err = finished(crawl_process(f"{server.base}/", db, "--budget", "5"))
        asked = [path for path in server.paths() if path != "/robots.txt"]

    assert (status, err) == (0, "")
    assert len(asked) == 5 and out.endswith("; 5 of 5 requests\n")
    # The first night asked all 22: /, /index.html, 2 listings, 12 films, 6 actors.
    assert rows(db, "SELECT budget, requests, ended IS NOT NULL FROM crawls") == [
        (None, 22, 1),
        (5, 5, 1),
    ]


def test_a_clock_set_to_no_time_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["crawl", "--db", str(tmp_path / "c.db")], env={ENV: "gestern"}
    )

    assert result.exit_code == 2
    assert "MOVIEMASTER_NOW: not an ISO 8601 time: 'gestern'" in result.output
    assert not (tmp_path / "c.db").exists()
