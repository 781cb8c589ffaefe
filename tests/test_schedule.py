"""A crawl's order and budget (scraper/state.py), on a real database: start pages and sitemaps
first, then listings, then URLs never asked for and pages a sitemap says changed, then the
others by expected staleness; a budget that holds across the runs of a resumed crawl."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from sqlite_utils import Database

from scraper.clock import ENV, now, stamp
from scraper.state import Frontier, Page, Visit

T0 = datetime(2025, 3, 1, 3, 0, tzinfo=UTC)
SITE = "https://www.moviemaster.de"
START, LISTING, ACTOR = f"{SITE}/", f"{SITE}/filme-a.html", f"{SITE}/darsteller/x.html"
FAST, SLOW, OLD = (f"{SITE}/filme/{name}.html" for name in ("fast", "slow", "old"))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv(ENV, T0.isoformat())
    return monkeypatch


def at(clock: pytest.MonkeyPatch, days: float) -> None:
    clock.setenv(ENV, (T0 + timedelta(days=days)).isoformat())


def visit(
    frontier: Frontier,
    crawl: int,
    page: Page,
    links: Sequence[str] = (),
    *,
    updated_days_ago: float | None = None,
    asked: bool = True,
    lastmod: dict[str, str] | None = None,
) -> None:
    """A visit as the crawler records it: a film when the page says when it was updated."""
    modified = None
    if updated_days_ago is not None:
        modified = stamp(now() - timedelta(days=updated_days_ago))
    result = "film" if modified else "page"
    answer = Visit(result, http_status=200, body_hash=page.url, record="new", modified=modified)
    if not asked:
        answer = Visit("skipped", "disallowed by robots.txt")
    with frontier.transaction():
        frontier.finish(crawl, page, answer, [], links, asked=asked, lastmod=lastmod)


def crawl_all(frontier: Frontier, crawl: int, films: dict[str, float]) -> list[str]:
    """Visit every queued page: the start page links the listing and the actor page, the
    listing the films (updated that many days ago); return the URLs in the order taken."""
    order = []
    while pages := frontier.take(1, ()):
        page = pages[0]
        order.append(page.url)
        links = {START: [LISTING, ACTOR], LISTING: list(films)}.get(page.url, [])
        visit(frontier, crawl, page, links, updated_days_ago=films.get(page.url))
    frontier.end(crawl)
    return order


def test_a_night_asks_start_and_listings_then_new_urls_then_the_stalest(
    db: Database, clock: pytest.MonkeyPatch
) -> None:
    frontier = Frontier(db)
    crawl, _ = frontier.start([START])
    films = {FAST: 1.0, SLOW: 10.0, OLD: 2000.0}
    assert crawl_all(frontier, crawl, films) == [START, LISTING, ACTOR, FAST, SLOW, OLD]

    at(clock, 1)
    crawl, resumed = frontier.start([START])
    planned = [page.url for page in frontier.take(10, ())]
    # The actor page says nothing of its changes: a month of standing still is assumed, which
    # puts it between a film updated ten days ago and one updated years ago.
    assert (resumed, planned) == (False, [START, LISTING, FAST, SLOW, ACTOR, OLD])
    rates = dict(db.execute("SELECT url, rate FROM pages").fetchall())
    assert rates[FAST] == pytest.approx(0.5) and rates[OLD] == pytest.approx(0.5 / 2000)
    assert rates[ACTOR] == pytest.approx(0.5 / 30)

    # The listing shows a new film: it comes before every page asked again.
    (start,) = frontier.take(1, ())
    visit(frontier, crawl, start, [LISTING, ACTOR])
    (listing,) = frontier.take(1, ())
    new = f"{SITE}/filme/new.html"
    visit(frontier, crawl, listing, [*films, new])
    assert [page.url for page in frontier.take(10, ())] == [new, FAST, SLOW, ACTOR, OLD]
    changed = "SELECT url, changed FROM visits WHERE crawl = ? ORDER BY id"
    assert db.execute(changed, [crawl]).fetchall() == [(START, 0), (LISTING, 1)]
    assert db.execute("SELECT via FROM pages WHERE url = ?", [new]).fetchall() == [(LISTING,)]


def test_a_budget_holds_across_the_runs_of_a_crawl(db: Database, clock: pytest.MonkeyPatch) -> None:
    frontier = Frontier(db)
    crawl, _ = frontier.start([START])
    crawl_all(frontier, crawl, {FAST: 1.0, SLOW: 10.0, OLD: 2000.0})

    at(clock, 1)
    crawl, _ = frontier.start([START], budget=3)
    first, second, third = frontier.take(10, ())
    assert frontier.take(10, [first.url, second.url, third.url]) == []
    visit(frontier, crawl, first)
    visit(frontier, crawl, second, asked=False)  # robots.txt said no: no request sent
    visit(frontier, crawl, third)
    assert frontier.requests == 2 and frontier.queued() == 1

    # Killed here; the next run resumes the crawl with what the budget leaves.
    resumed = Frontier(Database(db.conn))
    assert resumed.start([START], budget=3) == (crawl, True)
    (last,) = resumed.take(10, ())
    visit(resumed, crawl, last)
    assert resumed.take(10, ()) == [] and resumed.queued() == 0
    resumed.end(crawl)
    assert db.execute("SELECT budget, requests FROM crawls WHERE id = ?", [crawl]).fetchall() == [
        (3, 3)
    ]
    # What the budget left unasked waits for the next night's order.
    assert db.execute("SELECT count(*) FROM pages WHERE state = 'queued'").fetchall() == [(0,)]


def test_a_sitemap_s_lastmod_brings_a_page_forward_until_it_is_asked(
    db: Database, clock: pytest.MonkeyPatch
) -> None:
    frontier = Frontier(db)
    sitemap = f"{SITE}/sitemap.xml"
    crawl, _ = frontier.start([START])
    frontier.add([sitemap], 0, kind="sitemap")
    crawl_all(frontier, crawl, {FAST: 1.0, OLD: 2000.0})

    at(clock, 1)
    crawl, _ = frontier.start([START], budget=4)
    (start, map_page) = frontier.take(2, ())
    assert map_page.url == sitemap
    yesterday = stamp(T0 + timedelta(hours=12))
    visit(frontier, crawl, map_page, lastmod={OLD: yesterday, FAST: stamp(T0 - timedelta(1))})
    visit(frontier, crawl, start, [LISTING, ACTOR])
    assert [page.url for page in frontier.take(10, ())] == [LISTING, OLD]
    frontier.end(crawl)

    at(clock, 2)
    frontier.start([START])
    assert [page.url for page in frontier.take(10, ())][:4] == [START, sitemap, LISTING, OLD]
    assert db.execute("SELECT modified FROM pages WHERE url = ?", [OLD]).fetchall() == [
        (yesterday,)
    ]
