"""Sixty nights of a simulated site, spent three ways: asking for everything, a uniform share a
night, and the adaptive schedule with that share as its budget.

Usage: python benchmarks/revisit_sim.py [--pages 20000] [--nights 60] [--share 0.2] [--seed 1]

The site: a start page linking a page of the fifty newest films and 26 A-Z listings; film
pages, each linking two actor pages; actor pages listing their films (one for every ten films).
Of the films 85 % never change, 4 % change about monthly, 10 % about weekly and 1 % about
daily, at random moments (Poisson). Ten new films a day arrive at random moments, each on the
newest-films page, its letter's listing and its actors' pages. A film page says when it was
last updated (an ``Update:`` date, a day), as moviemaster.de's do, but one change in ten is made
without touching it. Pages answer conditional requests (ETag) with 304.

- everything: every known URL every night, and the new URLs they lead to (what ``moviemaster
  crawl`` does without ``--budget``);
- uniform: the share of the site every night, the pages asked longest ago first, and the new
  URLs those lead to;
- adaptive: ``moviemaster crawl --budget N``, N that share of the site.

"adaptive" runs the crawl's own scheduling, ``scraper.state.Frontier`` (the order of a night,
the budget, the rate estimates of ``scraper.revisit``, the pages table) on a SQLite file, with
``MOVIEMASTER_NOW`` at each night's 03:00; only fetching and parsing are simulated: a visit
answers what the simulated page is at that moment, as the crawler would record it. The other
two are a few lines here (asking for everything through the Frontier would take half an hour
of SQLite writes for an answer known beforehand). All three start from the same whole first
crawl, not counted.

Printed, for the nights after the first crawl: the share of film changes found within a day
(the first visit after a change comes less than 24 hours after it), the mean staleness (days
from a change to the first visit that sees it; one never seen counts until the last night),
the share of new films found within a day, and the requests sent (all nights, and the most in
one night).
"""

from __future__ import annotations

import argparse
import bisect
import os
import random
import sys
import tempfile
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper import revisit  # noqa: E402
from scraper.clock import ENV, stamp  # noqa: E402
from scraper.state import Frontier, Page, Visit  # noqa: E402
from scraper.writer import open_db  # noqa: E402

START = datetime(2025, 3, 1, 3, 0, tzinfo=UTC)  # the first, whole crawl
DAY = 86400.0
HOME, NEWEST = "/", "/neu.html"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
# (share of films, changes a day)
CLASSES = [(0.85, 0.0), (0.04, 1 / 30), (0.10, 1 / 7), (0.01, 1.0)]
NEW_A_DAY = 10
SILENT = 0.1  # changes that leave the Update: date alone
ACTOR_EVERY = 10  # one actor page for this many films
NEWEST_SHOWN = 50


@dataclass
class Film:
    created: float  # seconds from START (negative: before it)
    changes: list[float]  # times of its changes, ascending
    updated: list[tuple[float, date]]  # (from when, the Update: date it shows), ascending
    actors: tuple[int, int]


class Site:
    """The simulated site: what each URL answers at a moment (seconds from START)."""

    def __init__(self, pages: int, nights: int, rng: random.Random) -> None:
        self.rng = rng
        films = round((pages - 2 - len(LETTERS)) * ACTOR_EVERY / (ACTOR_EVERY + 1))
        self.actors = pages - 2 - len(LETTERS) - films
        self.horizon = nights * DAY
        self.films: list[Film] = []
        for created in sorted(-rng.uniform(60, 27 * 365) * DAY for _ in range(films)):
            self._film(created)
        for arrival in sorted(rng.uniform(0, self.horizon) for _ in range(NEW_A_DAY * nights)):
            self._film(created=arrival)
        self.by_letter: dict[str, list[int]] = defaultdict(list)
        self.by_actor: dict[int, list[int]] = defaultdict(list)
        for number, film in enumerate(self.films):  # in order of creation
            self.by_letter[LETTERS[number % len(LETTERS)]].append(number)
            for actor in film.actors:
                self.by_actor[actor].append(number)
        self.created = [film.created for film in self.films]

    def _film(self, created: float) -> None:
        rng = self.rng
        rate = rng.choices([rate for _, rate in CLASSES], [share for share, _ in CLASSES])[0]
        # A film older than the start has changed before it, as it will after: back to its
        # last change that showed on its Update: date (or to its creation).
        updated = [(created, _day(created))]
        moment = 0.0
        while rate and created < 0:
            moment -= rng.expovariate(rate) * DAY
            if moment <= created:
                break
            if rng.random() >= SILENT:
                updated.append((moment, _day(moment)))
                break
        changes, moment = [], max(created, 0.0)
        while rate:
            moment += rng.expovariate(rate) * DAY
            if moment > self.horizon:
                break
            changes.append(moment)
        updated += [(when, _day(when)) for when in changes if rng.random() >= SILENT]
        actors = (rng.randrange(self.actors), rng.randrange(self.actors))
        self.films.append(Film(created, changes, updated, actors))

    def answer(self, url: str, at: float) -> tuple[str, list[str], date | None]:
        """What ``url`` answers at ``at``: (its ETag, its links, a film's Update: date)."""
        kind, _, name = url.rpartition("/")
        name = name.removesuffix(".html")
        if url == HOME:
            links = [NEWEST, *(f"/filme/{letter}.html" for letter in LETTERS)]
            return "home", links, None
        if url == NEWEST:
            existing = bisect.bisect_right(self.created, at)
            shown = range(max(0, existing - NEWEST_SHOWN), existing)
            return f"neu-{existing}", [f"/film/{n}.html" for n in shown], None
        if kind == "/filme":
            shown = [n for n in self.by_letter[name] if self.films[n].created <= at]
            return f"{name}-{len(shown)}", [f"/film/{n}.html" for n in shown], None
        if kind == "/darsteller":
            shown = [n for n in self.by_actor[int(name)] if self.films[n].created <= at]
            return f"{name}-{len(shown)}", [f"/film/{n}.html" for n in shown], None
        film = self.films[int(name)]
        version = bisect.bisect_right(film.changes, at)
        shows = film.updated[bisect.bisect_right(film.updated, (at, date.max)) - 1][1]
        return f"{name}-{version}", [f"/darsteller/{a}.html" for a in film.actors], shows


def _day(moment: float) -> date:
    return (START + timedelta(seconds=moment)).date()


def _night(number: int) -> float:
    return number * DAY


class Adaptive:
    """The crawl's own scheduling on a SQLite file."""

    def __init__(self, site: Site, folder: Path, budget: int) -> None:
        self.site = site
        self.frontier = Frontier(open_db(folder / "adaptive.db"))
        self.budget = budget

    def night(self, number: int) -> Iterator[str]:
        """Crawl at night ``number`` (0: the first, whole crawl); yield each URL asked."""
        at = _night(number)
        os.environ[ENV] = stamp(START + timedelta(seconds=at))
        frontier = self.frontier
        crawl, _ = frontier.start([HOME], self.budget if number else None)
        with frontier.batched() as commit:
            while pages := frontier.take(64, ()):
                for page in pages:
                    visit, counts, links = self._visit(page, at)
                    with frontier.transaction():
                        frontier.finish(crawl, page, visit, counts, links)
                    yield page.url
                commit()
        assert not frontier.queued()
        frontier.end(crawl)

    def _visit(self, page: Page, at: float) -> tuple[Visit, list[str], list[str]]:
        """The visit as the crawler records it (scraper/crawler.py's _outcome and _record)."""
        etag, links, updated = self.site.answer(page.url, at)
        now = START + timedelta(seconds=at)
        if etag == page.etag:
            said = revisit.modified(now, lastmod=page.modified)
            visit = Visit(
                page.result or "page",
                http_status=304,
                etag=etag,
                body_hash=page.body_hash,
                modified=stamp(said) if said else None,
            )
            return visit, ["not_modified"], []
        said = revisit.modified(now, updated=updated, lastmod=page.modified)
        film = updated is not None
        record = ("changed" if page.result == "film" else "new") if film else None
        visit = Visit(
            "film" if film else "page",
            http_status=200,
            etag=etag,
            body_hash=etag,
            record=record,
            modified=stamp(said) if said else None,
        )
        return visit, ["fetched", *([record] if record else [])], links


class Uniform:
    """The same share a night (None: all), the pages asked longest ago first, never asked
    first of all."""

    def __init__(self, site: Site, budget: int | None) -> None:
        self.site = site
        self.budget = budget
        self.asked: dict[str, float] = {HOME: float("-inf")}

    def night(self, number: int) -> Iterator[str]:
        at = _night(number)
        queue = deque(sorted(self.asked, key=self.asked.__getitem__))
        asked = 0
        while queue and (number == 0 or self.budget is None or asked < self.budget):
            url = queue.popleft()
            asked += 1
            self.asked[url] = at
            yield url
            for link in self.site.answer(url, at)[1]:
                if link not in self.asked:
                    self.asked[link] = float("-inf")
                    queue.appendleft(link)


def measure(site: Site, nights: int, strategy: Adaptive | Uniform) -> dict[str, float]:
    visits: dict[int, list[float]] = defaultdict(list)
    per_night = []
    for number in range(nights + 1):
        asked = 0
        for url in strategy.night(number):
            asked += 1
            if url.startswith("/film/"):
                visits[int(url[6:-5])].append(_night(number))
        if number:
            per_night.append(asked)
    end = _night(nights)
    waits, new = [], []
    for number, film in enumerate(site.films):
        seen = visits[number]
        for change in film.changes:
            if change <= end:
                after = bisect.bisect_right(seen, change)
                waits.append((seen[after] if after < len(seen) else end) - change)
        if film.created > 0:
            after = bisect.bisect_right(seen, film.created)
            new.append((seen[after] if after < len(seen) else end) - film.created)
    return {
        "found": sum(wait <= DAY for wait in waits) / len(waits),
        "staleness": sum(waits) / len(waits) / DAY,
        "new": sum(wait <= DAY for wait in new) / len(new),
        "requests": sum(per_night),
        "most": max(per_night),
        "changes": len(waits),
        "films": len(new),
    }


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--pages", type=int, default=20000)
    options.add_argument("--nights", type=int, default=60)
    options.add_argument("--share", type=float, default=0.2)
    options.add_argument("--seed", type=int, default=1)
    args = options.parse_args()
    site = Site(args.pages, args.nights, random.Random(args.seed))
    budget = round(args.share * args.pages)
    print(
        f"site: {args.pages} pages ({len(site.films) - NEW_A_DAY * args.nights} films,"
        f" {site.actors} actors, {2 + len(LETTERS)} start and listing pages),"
        f" {NEW_A_DAY} new films a day; {args.nights} nights; budget {budget} requests a night"
    )
    share = f"{args.share:.0%}"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        strategies: list[tuple[str, Adaptive | Uniform]] = [
            ("everything", Uniform(site, None)),
            (f"uniform {share}", Uniform(site, budget)),
            (f"adaptive {share} (--budget {budget})", Adaptive(site, Path(tmp), budget)),
        ]
        for name, strategy in strategies:
            began = time.perf_counter()
            result = measure(site, args.nights, strategy)
            rows.append((name, result, time.perf_counter() - began))
    print(f"{rows[0][1]['changes']} film changes and {rows[0][1]['films']} new films in all\n")
    print(
        "| schedule | changes found within a day | mean staleness (days) |"
        " new films found within a day | requests (most in a night) |"
    )
    print("|---|---|---|---|---|")
    for name, result, _ in rows:
        print(
            f"| {name} | {result['found']:.1%} | {result['staleness']:.2f} |"
            f" {result['new']:.1%} | {result['requests']:,} ({result['most']:,}) |"
        )
    print("\n" + ", ".join(f"{name}: {seconds:.0f} s" for name, _, seconds in rows))


if __name__ == "__main__":
    main()
