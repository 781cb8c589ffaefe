"""The nightly crawl: walk the frontier in the night's order (scraper/state.py), politely, and
turn pages into films.

Fetching is the fetcher's job, robots.txt the robots', links the links', the SQL the state's,
parsing the parser's and writing the writer's; this module decides what each visit means.
Each visit is recorded whole (its film, its page's row, its links) or not at all, and the
visits are committed a batch at a time.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace

from sqlite_utils import Database

from schemas import Film
from scraper import revisit
from scraper.archive import Archive
from scraper.clock import now, stamp
from scraper.config import CrawlConfig
from scraper.fetcher import Fetcher, Response
from scraper.links import host_of, normalize, sitemap_links
from scraper.lock import crawl_lock
from scraper.parsing import Page as PageToParse
from scraper.parsing import Parsed
from scraper.pool import ParsePool
from scraper.robots import Robots
from scraper.state import COUNTS, Frontier, Page, Visit
from scraper.writer import COMMIT_EVERY, mark_gone, open_db, save_film

__all__ = ["Interrupted", "Progress", "Summary", "crawl"]

_LABELS = {"not_modified": "not modified", "skipped_robots": "skipped by robots"}
# A page answering these is gone (removed from the site, a broken link), not failed.
GONE_STATUSES = frozenset({404, 410})
# How often the progress hook learns the size of the frontier (a count over the queue).
_QUEUE_REFRESH = 0.5


@dataclass(frozen=True, slots=True)
class Progress:
    """One finished visit, for a progress display or a log."""

    crawl: int
    url: str
    visit: Visit
    visited: int  # visits finished by this run
    queued: int  # URLs still waiting, as last counted


@dataclass(frozen=True, slots=True)
class Summary:
    crawl: int
    resumed: bool
    counts: dict[str, int]
    seconds: float
    queued: int = 0  # URLs left for the next run when --max-pages (or an interruption) stopped it
    interrupted: bool = False
    requests: int = 0  # sent by the crawl, all its runs (robots.txt aside)
    budget: int | None = None  # --budget

    @property
    def failed(self) -> bool:
        return self.counts["failed"] > 0

    def line(self) -> str:
        counts = ", ".join(f"{self.counts[name]} {_LABELS.get(name, name)}" for name in COUNTS)
        if self.budget is not None:
            counts += f"; {self.requests} of {self.budget} requests"
        resumed = " (resumed)" if self.resumed else ""
        if self.interrupted:
            return (
                f"crawl {self.crawl}{resumed} interrupted after {self.seconds:.1f} s: {counts};"
                f" {self.queued} URLs left, run the same command again to resume"
            )
        if self.queued:
            return (
                f"crawl {self.crawl}{resumed} paused at --max-pages after {self.seconds:.1f} s:"
                f" {counts}; {self.queued} URLs left, run again to go on"
            )
        return f"crawl {self.crawl}{resumed} done in {self.seconds:.1f} s: {counts}"


class Interrupted(Exception):
    """The crawl was cancelled (Ctrl-C, SIGTERM); ``summary`` tells what it did until then."""

    def __init__(self, summary: Summary) -> None:
        super().__init__(summary.line())
        self.summary = summary


@dataclass(frozen=True, slots=True)
class _Outcome:
    visit: Visit
    counts: Sequence[str]
    links: Sequence[str] = ()
    sitemaps: Sequence[str] = ()
    film: Film | None = None
    # The URL that answered (after redirects): the film's key, so that two URLs redirected to
    # one page make one film.
    answered: str = ""
    lastmod: Mapping[str, str] | None = None  # a sitemap's: when its pages last changed


class _Crawl:
    def __init__(
        self,
        config: CrawlConfig,
        db: Database,
        frontier: Frontier,
        crawl: int,
        fetcher: Fetcher,
        robots: Robots,
        pool: ParsePool,
        on_progress: Callable[[Progress], None] | None,
    ) -> None:
        self._config = config
        self._pool = pool
        self._db = db
        self._frontier = frontier
        self._crawl = crawl
        self._fetcher = fetcher
        self._robots = robots
        self._on_progress = on_progress
        self._hosts = {host_of(url) for url in config.start_urls}
        self._include = [re.compile(pattern) for pattern in config.include]
        self._exclude = [re.compile(pattern) for pattern in config.exclude]
        self._visited = 0
        self._uncommitted = 0  # visits recorded since the last commit
        self._queued = 0
        self._counted_at = float("-inf")

    def wanted(self, url: str, kind: str = "page") -> bool:
        """Whether a discovered URL belongs to the crawl: on an allowed host and, for a page,
        matching the include and none of the exclude patterns."""
        if host_of(url) not in self._hosts:
            return False
        if kind != "page":
            return True
        if self._include and not any(p.search(url) for p in self._include):
            return False
        return not any(p.search(url) for p in self._exclude)

    async def run(self) -> None:
        busy: dict[str, asyncio.Task[None]] = {}
        capacity = self._config.concurrency * len(self._hosts)
        pages_left = self._config.max_pages
        clock = asyncio.get_running_loop().time
        with self._frontier.batched() as commit:
            committed = clock()
            try:
                while True:
                    room = capacity - len(busy)
                    if pages_left is not None:
                        room = min(room, pages_left)
                    if room > 0:
                        pages = self._frontier.take(room, busy)
                        for page in pages:
                            busy[page.url] = asyncio.create_task(self._visit(page))
                        if pages_left is not None:
                            pages_left -= len(pages)
                    if not busy:
                        return
                    wait = max(0.0, committed + COMMIT_EVERY - clock())
                    await asyncio.wait(
                        busy.values(),
                        timeout=wait if self._uncommitted else None,
                        return_when=asyncio.FIRST_COMPLETED,
                    )
                    for url in [url for url, task in busy.items() if task.done()]:
                        busy.pop(url).result()
                    if self._uncommitted and clock() - committed >= COMMIT_EVERY:
                        commit()
                        committed, self._uncommitted = clock(), 0
            finally:
                for task in busy.values():
                    task.cancel()
                await asyncio.gather(*busy.values(), return_exceptions=True)

    async def _visit(self, page: Page) -> None:
        # Start URLs are wanted whatever the patterns; earlier crawls may have queued URLs that
        # today's settings leave out.
        asked = False
        if not self.wanted(page.url, "start" if page.depth == 0 else page.kind):
            outcome = _Outcome(Visit("skipped", "outside the crawl"), ["skipped"])
        elif unreadable := self._robots.unreadable(page.url):
            outcome = _Outcome(Visit("failed", unreadable), ["failed"])
        elif refusal := self._robots.refusal(page.url):
            outcome = _Outcome(Visit("skipped", refusal), ["skipped_robots"])
        else:
            asked = True
            response = await self._fetcher.fetch(
                page.url,
                etag=page.etag,
                last_modified=page.last_modified,
                any_type=page.kind == "sitemap",
            )
            outcome = await self._outcome(page, response)
        self._record(page, outcome, asked)

    def _record(self, page: Page, outcome: _Outcome, asked: bool) -> None:
        visit, counts = outcome.visit, outcome.counts
        if visit.answered:
            # What the page says of its last change: what tells when to ask for it again.
            said = revisit.modified(
                now(),
                updated=outcome.film.updated if outcome.film else None,
                last_modified=visit.last_modified,
                lastmod=page.modified,
            )
            visit = replace(visit, modified=stamp(said) if said else None)
        links = [url for url in outcome.links if self.wanted(url)]
        sitemaps = [url for url in outcome.sitemaps if self.wanted(url, "sitemap")]
        with self._frontier.transaction():
            if outcome.film is not None:
                film_id, status = save_film(
                    self._db,
                    outcome.film,
                    key=outcome.answered,
                    source=outcome.answered,
                    crawl=self._crawl,
                )
                visit, counts = replace(visit, film=film_id, record=status), [*counts, status]
            elif visit.result == "gone" and (
                gone := mark_gone(self._db, key=outcome.answered, crawl=self._crawl)
            ):
                visit = replace(visit, film=gone[0], record=gone[1])
            self._frontier.finish(
                self._crawl,
                page,
                visit,
                counts,
                links,
                sitemaps,
                asked=asked,
                lastmod=outcome.lastmod,
            )
        self._visited += 1
        self._uncommitted += 1
        if self._on_progress is not None:
            moment = time.monotonic()
            if moment - self._counted_at > _QUEUE_REFRESH:
                self._queued, self._counted_at = self._frontier.queued(), moment
            self._on_progress(Progress(self._crawl, page.url, visit, self._visited, self._queued))

    async def _outcome(self, page: Page, response: Response) -> _Outcome:
        media = response.media_type or None
        if response.status in GONE_STATUSES:
            # The film stored under the URL that answered (after redirects) is the one gone.
            gone = Visit("gone", response.failed, response.status, media)
            return _Outcome(gone, ["gone"], answered=response.url)
        if response.failed:
            return _Outcome(Visit("failed", response.failed, response.status, media), ["failed"])
        if response.skipped:
            return _Outcome(Visit("skipped", response.skipped, response.status, media), ["skipped"])
        etag = response.headers.get("etag")
        last_modified = response.headers.get("last-modified")
        if response.status == 304:
            # Nothing changed since the last visit, whose result stands.
            visit = Visit(
                page.result or "page",
                page.reason,
                304,
                media or page.content_type,
                etag or page.etag,
                last_modified or page.last_modified,
                page.body_hash,
                page.film,
            )
            return _Outcome(visit, ["not_modified"])
        body_hash = hashlib.sha256(response.body).hexdigest()
        processed = Visit("page", None, response.status, media, etag, last_modified, body_hash)
        if body_hash == page.body_hash and page.result is not None:
            # The same bytes as last time: same film, same links (already known).
            unchanged = "unchanged" if page.film else None
            visit = replace(
                processed, result=page.result, reason=page.reason, film=page.film, record=unchanged
            )
            return _Outcome(visit, ["fetched", *([unchanged] if unchanged else [])])
        if page.kind == "sitemap":
            try:
                sitemap = sitemap_links(response.body, response.url)
            except ValueError as err:
                failed = Visit("failed", f"sitemap: {err}", response.status, media)
                return _Outcome(failed, ["fetched", "failed"])
            return _Outcome(
                processed, ["fetched"], sitemap.urls, sitemap.sitemaps, lastmod=sitemap.lastmod
            )
        # Off the event loop: fetching goes on while a worker process parses.
        parsed = await self._pool.parse(
            PageToParse(
                response.body,
                response.url,
                response.headers.get("content-type"),
                response.headers.get("x-robots-tag"),
                crawled=True,
                links=True,
            )
        )
        return self._parsed(response, processed, parsed)

    def _parsed(self, response: Response, processed: Visit, parsed: Parsed) -> _Outcome:
        links = parsed.links
        if parsed.noindex:
            noindex = replace(processed, result="skipped", reason="noindex")
            return _Outcome(noindex, ["fetched", "skipped"], links)
        if parsed.failed is not None:
            # A page the parser refused or failed on (a bug, a timeout) must not end the crawl:
            # resuming would meet it again and stop there every night.
            failed = Visit("failed", parsed.failed, response.status, processed.content_type)
            return _Outcome(failed, ["fetched", "failed"], links)
        if parsed.film is None:
            return _Outcome(replace(processed, reason=parsed.skipped), ["fetched"], links)
        film_visit = replace(processed, result="film")
        return _Outcome(film_visit, ["fetched"], links, film=parsed.film, answered=response.url)


async def crawl(
    config: CrawlConfig, on_progress: Callable[[Progress], None] | None = None
) -> Summary:
    """Run (or resume) a crawl of ``config.start_urls`` into ``config.db``.

    Raises Locked when another crawl holds the database, and Interrupted, with the summary so
    far, when cancelled; what was visited until then is stored and the next run resumes.
    """
    began = time.monotonic()
    start_urls = [url for url in map(normalize, config.start_urls) if url]
    config = config.model_copy(update={"start_urls": start_urls})
    with ExitStack() as stack:
        stack.enter_context(crawl_lock(config.db))
        db = open_db(config.db)
        stack.callback(db.close)
        archive = stack.enter_context(Archive(config.archive)) if config.archive else None
        frontier = Frontier(db)
        crawl_id, resumed = frontier.start(start_urls, config.budget)
        origins = {host_of(url): url for url in start_urls}  # the allowed hosts
        interrupted = False
        # No more parsers than pages in flight: a polite crawl needs few.
        jobs = min(config.jobs, config.concurrency * len(origins))
        try:
            async with (
                Fetcher(config, origins, archive) as fetcher,
                ParsePool(jobs, config.parse_timeout) as pool,
            ):
                robots = Robots(fetcher, config.user_agent)
                walk = _Crawl(config, db, frontier, crawl_id, fetcher, robots, pool, on_progress)
                for origin in origins.values():
                    sitemaps = await robots.load(origin)
                    frontier.add(
                        [url for url in sitemaps if walk.wanted(url, "sitemap")],
                        0,
                        kind="sitemap",
                    )
                await walk.run()
        except asyncio.CancelledError:
            # Every visit finished so far is stored whole; the unfinished ones stay queued.
            interrupted = True
        # A crawl that --max-pages stopped stays open: the next run resumes it rather than
        # start again from the start URLs (and never get further than the cap).
        queued = frontier.queued()
        if not queued:
            frontier.end(crawl_id)
        counts = frontier.counts(crawl_id)
        seconds = time.monotonic() - began
        summary = Summary(
            crawl_id,
            resumed,
            counts,
            seconds,
            queued,
            interrupted,
            frontier.requests,
            config.budget,
        )
    if interrupted:
        raise Interrupted(summary)
    return summary
