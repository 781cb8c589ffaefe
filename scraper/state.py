"""The crawl's state in SQLite: the frontier and per-URL state (``pages``), runs (``crawls``)
and every visit of every run (``visits``).

Nothing of the frontier is held in memory: a crawl killed at any moment resumes from these
tables. A visit's outcome, its counts and the links it found are written by ``finish`` inside
the caller's transaction, together with the film it produced.

A new crawl puts every known URL in an order: start pages and sitemaps first, then the listings
(pages only followed that led to films: where new films appear), then URLs never asked for (and
pages a sitemap says changed since), then the others by expected staleness, the pages most
likely to have changed since their last visit first (``scraper.revisit``). With a budget, the
crawl asks for that many pages and ends; without one it asks for them all.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from scraper import revisit
from scraper.clock import now, parse_time, stamp
from scraper.writer import atomic, batched

__all__ = ["COUNTS", "Frontier", "Page", "Visit"]

# The counters of a crawls row, in the order a summary names them.
COUNTS = (
    "fetched",
    "not_modified",
    "new",
    "changed",
    "unchanged",
    "gone",
    "failed",
    "skipped_robots",
    "skipped",
)

_PAGE_COLUMNS = (
    "url, kind, depth, result, reason, content_type, etag, last_modified, body_hash, film, modified"
)
# A page's place in a crawl's order (pages.priority), by what it is: lower first.
_FIRST = 0  # start pages and sitemaps
_LISTING = 1  # pages only followed that led to films
_NEW = 2  # URLs never asked for, and pages a sitemap says changed since their last visit
_REVISIT = 3  # and on, one a page: the others, by expected staleness
# How many of a page's last checks its rate is estimated from: enough to tell a weekly page
# from a monthly one, few enough to follow a page whose habits change.
_HISTORY = 100


@dataclass(frozen=True, slots=True)
class Page:
    """A queued URL and what its previous visit (if any) left behind."""

    url: str
    kind: str  # "page" or "sitemap"
    depth: int  # links from a start URL
    result: str | None = None
    reason: str | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    film: int | None = None
    modified: str | None = None  # when the site last said the page changed


@dataclass(frozen=True, slots=True)
class Visit:
    """What a visit found: the page's new row values (validators only for a processed body),
    and what it did to the film's record."""

    result: str  # "film", "page", "gone", "skipped" or "failed"
    reason: str | None = None
    http_status: int | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    film: int | None = None
    record: str | None = None  # "new", "changed", "unchanged" or "gone" (the writer's status)
    modified: str | None = None  # when the page says it last changed, as of this visit

    @property
    def answered(self) -> bool:
        """Whether the server answered (a check of the page, which its history counts)."""
        return self.http_status is not None and self.result != "failed"


class Frontier:
    """The ``pages`` and ``crawls`` tables of one database."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._budget: int | None = None
        self._requests = 0  # sent by the current crawl, all its runs

    def transaction(self) -> AbstractContextManager[None]:
        """A transaction, or a savepoint inside an open one (of ``batched``)."""
        return atomic(self._db.conn)

    def batched(self) -> AbstractContextManager[Callable[[], None]]:
        """One transaction for many visits (see ``writer.batched``). A crash loses the visits not
        committed yet with their pages still queued, so they are asked again."""
        return batched(self._db.conn)

    def start(self, start_urls: list[str], budget: int | None = None) -> tuple[int, bool]:
        """The crawl to run: (its id, whether it resumes an unfinished one). It sends at most
        ``budget`` requests, all its runs together (robots.txt aside); None: no limit.

        A new crawl queues every known URL again, in the order of the module's docstring, so
        pages answered 304 keep their links known.
        """
        self._budget = budget
        last = self._db.execute(
            "SELECT id, ended, requests FROM crawls ORDER BY id DESC LIMIT 1"
        ).fetchone()
        with self.transaction():
            if last is not None and last[1] is None:
                crawl, self._requests = last[0], last[2]
                self._db.execute("UPDATE crawls SET budget = ? WHERE id = ?", [budget, crawl])
                self._insert(start_urls, depth=0)
                return crawl, True
            crawl = self._db.execute(
                "INSERT INTO crawls (started, start_urls, budget) VALUES (?, ?, ?)",
                [stamp(), json.dumps(start_urls), budget],
            ).lastrowid
            self._requests = 0
            self._plan()
            self._insert(start_urls, depth=0)
        assert crawl is not None
        return crawl, False

    def _plan(self) -> None:
        """Queue every known URL, each with its place in the crawl's order (``priority``)."""
        self._db.execute(
            "UPDATE pages SET state = 'queued', priority = CASE"
            " WHEN depth = 0 OR kind = 'sitemap' THEN ?"
            " WHEN result = 'page' AND EXISTS (SELECT 1 FROM pages AS found"
            "   WHERE found.via = pages.url AND found.result = 'film') THEN ?"
            " WHEN visited IS NULL OR modified > visited THEN ?"
            " ELSE ? END",
            [_FIRST, _LISTING, _NEW, _REVISIT],
        )
        # rate * (now - due) + 1 is the number of changes expected since the last check: the
        # larger, the likelier the stored copy is stale. No rate yet (every visit failed): first.
        self._db.execute(
            "UPDATE pages SET priority = ranked.priority FROM (SELECT url, ? + row_number() OVER"
            " (ORDER BY rate * (julianday(?) - julianday(due)) DESC NULLS FIRST, depth, rowid)"
            " - 1 AS priority FROM pages WHERE priority = ?) AS ranked"
            " WHERE pages.url = ranked.url",
            [_REVISIT, stamp(), _REVISIT],
        )

    def add(self, urls: Iterable[str], depth: int, kind: str = "page") -> None:
        """Queue the URLs not known yet; known ones keep their place and state."""
        with self.transaction():
            self._insert(urls, depth, kind)

    def _insert(
        self, urls: Iterable[str], depth: int, kind: str = "page", via: str | None = None
    ) -> int:
        """``add`` inside the caller's transaction, for URLs found on the page ``via``; returns
        how many were new."""
        priority = _FIRST if depth == 0 or kind == "sitemap" else _NEW
        rows = [(url, kind, depth, priority, via) for url in urls]
        if not rows:
            return 0
        return self._db.conn.executemany(
            "INSERT OR IGNORE INTO pages (url, kind, depth, state, priority, via)"
            " VALUES (?, ?, ?, 'queued', ?, ?)",
            rows,
        ).rowcount

    def take(self, count: int, busy: Collection[str]) -> list[Page]:
        """Up to ``count`` queued pages not in ``busy``, in the crawl's order, as many as the
        budget leaves (counting the ``busy`` ones as asked)."""
        if self._budget is not None:
            count = min(count, self._budget - self._requests - len(busy))
            if count <= 0:
                return []
        rows = self._db.execute(
            f"SELECT {_PAGE_COLUMNS} FROM pages WHERE state = 'queued'"
            " ORDER BY priority, depth, rowid LIMIT ?",
            [count + len(busy)],
        )
        pages = (Page(*row) for row in rows if row[0] not in busy)
        return [page for page, _ in zip(pages, range(count), strict=False)]

    def finish(
        self,
        crawl: int,
        page: Page,
        visit: Visit,
        counts: Iterable[str],
        links: Iterable[str] = (),
        sitemaps: Iterable[str] = (),
        *,
        asked: bool = True,
        lastmod: Mapping[str, str] | None = None,
    ) -> None:
        """Record a visit in the page's row and in ``visits``, count it in the crawl, queue the
        links (and sitemaps) it found, one level deeper, and estimate again how often the page
        changes. ``asked``: the visit sent a request (robots.txt allowed it); ``lastmod``: when
        a sitemap says its pages last changed.

        Call inside ``transaction()``, with the film write, so all of it lands or none.
        """
        at = now()
        when = stamp(at)
        found = self._insert(links, page.depth + 1, via=page.url)
        self._insert(sitemaps, page.depth + 1, "sitemap", page.url)
        changed, rate, due = self._estimate(page, visit, at, found)
        self._db.execute(
            "UPDATE pages SET state = 'visited', crawl = ?, visited = ?, result = ?, reason = ?,"
            " http_status = ?, content_type = ?, etag = ?, last_modified = ?, body_hash = ?,"
            " film = ?, modified = coalesce(?, modified), rate = coalesce(?, rate),"
            " due = coalesce(?, due) WHERE url = ?",
            [
                crawl,
                when,
                visit.result,
                visit.reason,
                visit.http_status,
                visit.content_type,
                visit.etag,
                visit.last_modified,
                visit.body_hash,
                visit.film,
                visit.modified,
                rate,
                due,
                page.url,
            ],
        )
        self._db.execute(
            "INSERT INTO visits (crawl, url, at, result, record, http_status, reason, film,"
            " changed, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                crawl,
                page.url,
                when,
                visit.result,
                visit.record,
                visit.http_status,
                visit.reason,
                visit.film,
                changed,
                visit.modified,
            ],
        )
        increments = Counter(counts)
        if unknown := increments.keys() - set(COUNTS):
            raise ValueError(f"unknown crawl counts {sorted(unknown)}")
        if asked:
            increments["requests"] += 1
            self._requests += 1
        if increments:
            columns = ", ".join(f"{name} = {name} + ?" for name in increments)
            self._db.execute(
                f"UPDATE crawls SET {columns} WHERE id = ?", [*increments.values(), crawl]
            )
        if lastmod:
            # The site's word that a page changed since its last visit brings it forward.
            self._db.conn.executemany(
                "UPDATE pages SET modified = ?1, priority = CASE WHEN state = 'queued'"
                f" AND (visited IS NULL OR visited < ?1) THEN min(priority, {_NEW})"
                " ELSE priority END WHERE url = ?2 AND (modified IS NULL OR modified < ?1)",
                [(said, url) for url, said in lastmod.items()],
            )

    def _estimate(
        self, page: Page, visit: Visit, at: datetime, found: int
    ) -> tuple[bool | None, float | None, str | None]:
        """(whether the page changed since its last check, its rate of change, when it is due)
        after ``visit``; all None for a visit that got no answer, which tells nothing."""
        if not visit.answered:
            return None, None, None
        rows = []
        if page.result is not None:  # visited before
            rows = self._db.execute(
                "SELECT at, result, changed, modified FROM visits WHERE url = ?"
                " AND http_status IS NOT NULL AND result != 'failed' ORDER BY id DESC LIMIT ?",
                [page.url, _HISTORY - 1],
            ).fetchall()[::-1]
        changed = None if not rows else _changed(rows[-1][1], visit, found)
        checks = [_check(when, was_changed, said) for when, _, was_changed, said in rows]
        checks.append(_check(stamp(at), changed, visit.modified))
        rate = revisit.rate(checks)
        return changed, rate, stamp(revisit.due(at, rate))

    def counts(self, crawl: int) -> dict[str, int]:
        row = self._db.execute(f"SELECT {', '.join(COUNTS)} FROM crawls WHERE id = ?", [crawl])
        return dict(zip(COUNTS, row.fetchone(), strict=True))

    @property
    def requests(self) -> int:
        """Requests the current crawl has sent, all its runs together."""
        return self._requests

    def queued(self) -> int:
        """URLs the current crawl still has to ask for: those queued, as many as its budget
        leaves."""
        queued = self._db.execute("SELECT count(*) FROM pages WHERE state = 'queued'").fetchone()
        if self._budget is None:
            return queued[0]
        return max(0, min(queued[0], self._budget - self._requests))

    def end(self, crawl: int) -> None:
        """End the crawl; pages its budget left unasked wait for the next crawl's order (URLs
        never asked for stay queued)."""
        with self.transaction():
            self._db.execute("UPDATE crawls SET ended = ? WHERE id = ?", [stamp(), crawl])
            self._db.execute(
                "UPDATE pages SET state = 'visited' WHERE state = 'queued' AND visited IS NOT NULL"
            )


def _check(at: str, changed: int | bool | None, modified: str | None) -> revisit.Check:
    return revisit.Check(
        parse_time(at),
        None if changed is None else bool(changed),
        parse_time(modified) if modified else None,
    )


def _changed(last: str, visit: Visit, found: int) -> bool:
    """Whether a page changed since its last check (whose result was ``last``): a film's record,
    a page's result; for a page only followed, a link to a URL not known before (a listing's new
    film)."""
    if visit.http_status == 304:
        return False
    if visit.result != last:
        return True
    if visit.result == "film":
        return visit.record != "unchanged"
    return visit.result == "page" and found > 0
