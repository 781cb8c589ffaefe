"""The crawl's state in SQLite: the frontier and per-URL state (``pages``), runs (``crawls``)
and every visit of every run (``visits``).

Nothing of the frontier is held in memory: a crawl killed at any moment resumes from these
tables. A visit's outcome, its counts and the links it found are written by ``finish`` inside
the caller's transaction, together with the film it produced.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlite_utils import Database

from scraper.writer import now

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
    "url, kind, depth, result, reason, content_type, etag, last_modified, body_hash, film"
)


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


class Frontier:
    """The ``pages`` and ``crawls`` tables of one database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._db.atomic():
            yield

    def start(self, start_urls: list[str]) -> tuple[int, bool]:
        """The crawl to run: (its id, whether it resumes an unfinished one).

        A new crawl queues every known URL again, so pages answered 304 keep their links known.
        """
        last = self._db.execute("SELECT id, ended FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
        if last is not None and last[1] is None:
            self.add(start_urls, depth=0)
            return last[0], True
        with self.transaction():
            crawl = self._db.execute(
                "INSERT INTO crawls (started, start_urls) VALUES (?, ?)",
                [now(), json.dumps(start_urls)],
            ).lastrowid
            self._db.execute("UPDATE pages SET state = 'queued' WHERE state != 'queued'")
            self.add(start_urls, depth=0)
        assert crawl is not None
        return crawl, False

    def add(self, urls: Iterable[str], depth: int, kind: str = "page") -> None:
        """Queue the URLs not known yet; known ones keep their place and state."""
        with self.transaction():
            self._db.conn.executemany(
                "INSERT OR IGNORE INTO pages (url, kind, depth, state) VALUES (?, ?, ?, 'queued')",
                [(url, kind, depth) for url in urls],
            )

    def take(self, count: int, busy: Collection[str]) -> list[Page]:
        """Up to ``count`` queued pages not in ``busy``, breadth-first."""
        rows = self._db.execute(
            f"SELECT {_PAGE_COLUMNS} FROM pages WHERE state = 'queued'"
            " ORDER BY depth, rowid LIMIT ?",
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
    ) -> None:
        """Record a visit in the page's row and in ``visits``, count it in the crawl and queue the
        links (and sitemaps) it found, one level deeper.

        Call inside ``transaction()``, with the film write, so all of it lands or none.
        """
        at = now()
        self._db.execute(
            "UPDATE pages SET state = 'visited', crawl = ?, visited = ?, result = ?, reason = ?,"
            " http_status = ?, content_type = ?, etag = ?, last_modified = ?, body_hash = ?,"
            " film = ? WHERE url = ?",
            [
                crawl,
                at,
                visit.result,
                visit.reason,
                visit.http_status,
                visit.content_type,
                visit.etag,
                visit.last_modified,
                visit.body_hash,
                visit.film,
                page.url,
            ],
        )
        self._db.execute(
            "INSERT INTO visits (crawl, url, at, result, record, http_status, reason, film)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                crawl,
                page.url,
                at,
                visit.result,
                visit.record,
                visit.http_status,
                visit.reason,
                visit.film,
            ],
        )
        increments = Counter(counts)
        if unknown := increments.keys() - set(COUNTS):
            raise ValueError(f"unknown crawl counts {sorted(unknown)}")
        if increments:
            columns = ", ".join(f"{name} = {name} + ?" for name in increments)
            self._db.execute(
                f"UPDATE crawls SET {columns} WHERE id = ?", [*increments.values(), crawl]
            )
        self.add(links, depth=page.depth + 1)
        self.add(sitemaps, depth=page.depth + 1, kind="sitemap")

    def counts(self, crawl: int) -> dict[str, int]:
        row = self._db.execute(f"SELECT {', '.join(COUNTS)} FROM crawls WHERE id = ?", [crawl])
        return dict(zip(COUNTS, row.fetchone(), strict=True))

    def queued(self) -> int:
        return self._db.execute("SELECT count(*) FROM pages WHERE state = 'queued'").fetchone()[0]

    def end(self, crawl: int) -> None:
        with self.transaction():
            self._db.execute("UPDATE crawls SET ended = ? WHERE id = ?", [now(), crawl])
