"""Schema versions of the database: one sqlite-utils migration set, applied by ``open_db``.

Append new migrations at the end; never edit one that has shipped. The full-text index (its
view, table and triggers) and the foreign-key indexes are not migrations: ``writer.ensure_shape``
re-creates them on every open.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("moviemaster")


@migrations()
def m001_films(db: Database) -> None:
    db["films"].create(
        # What a reader wants first comes first: Datasette shows columns in this order.
        {
            "id": int,
            "title": str,
            "author": str,
            "updated": str,
            # Stored, not a generated column: transform() would silently drop a generated one.
            "updated_year": int,
            "url": str,
            # The whole story, paragraphs joined by a blank line: what a film's row page shows
            # and what full-text search indexes (one row a film; `paragraphs` keeps positions).
            "synopsis": str,
            "key": str,
            "source": str,
            "hash": str,
        },
        pk="id",
        not_null={"synopsis", "key", "hash"},
    )
    db["films"].create_index(["key"], unique=True)
    db["paragraphs"].create(
        {"film": int, "position": int, "text": str},
        pk=("film", "position"),
        not_null={"film", "position", "text"},
        foreign_keys=[("film", "films", "id")],
    )
    db["people"].create({"id": int, "name": str, "url": str}, pk="id", not_null={"name"})
    db["people"].create_index(["name"], unique=True)
    db["roles"].create(
        {"film": int, "position": int, "character": str, "person": int},
        pk=("film", "position"),
        not_null={"film", "position", "character", "person"},
        foreign_keys=[("film", "films", "id"), ("person", "people", "id")],
    )


@migrations()
def m002_crawl_state(db: Database) -> None:
    # One row per crawl run, with what it did; pages point at the last run that visited them.
    counts = ("fetched", "not_modified", "new", "changed", "unchanged", "failed")
    db["crawls"].create(
        {"id": int, "started": str, "ended": str, "start_urls": str}
        | {name: int for name in (*counts, "skipped_robots", "skipped")},
        pk="id",
        not_null={"started"},
        defaults={name: 0 for name in (*counts, "skipped_robots", "skipped")},
    )
    # The frontier and what the last visit of each URL found: state is "queued" or "visited";
    # result "film", "page" (only followed), "skipped" or "failed", with the reason.
    db["pages"].create(
        {
            "url": str,
            "kind": str,
            "depth": int,
            "state": str,
            "crawl": int,
            "visited": str,
            "result": str,
            "reason": str,
            "http_status": int,
            "content_type": str,
            "etag": str,
            "last_modified": str,
            "body_hash": str,
            "film": int,
        },
        pk="url",
        not_null={"kind", "depth", "state"},
        foreign_keys=[("crawl", "crawls", "id"), ("film", "films", "id")],
    )
    db["pages"].create_index(["state", "depth"])


@migrations()
def m003_history(db: Database) -> None:
    # Pages answered 404/410 are counted as gone, not failed; a film whose page is gone stays,
    # marked with the crawl since which it is gone. ALTER, not transform(): no table rebuild.
    db.execute('ALTER TABLE "crawls" ADD COLUMN "gone" INTEGER DEFAULT 0')
    db.execute('ALTER TABLE "films" ADD COLUMN "gone_since" INTEGER REFERENCES "crawls"("id")')
    # The record a film had before each change, with the crawl that saw the change and which
    # parts changed (a JSON list of "title", "paragraphs", "cast", "author", "date", "url",
    # "gone"); the film's current record is its films row.
    db["versions"].create(
        {
            "id": int,
            "film": int,
            "crawl": int,
            "at": str,
            "changed": str,
            "title": str,
            "author": str,
            "updated": str,
            "url": str,
            "synopsis": str,
            "roles": str,
            "gone_since": int,
            "hash": str,
        },
        pk="id",
        not_null={"film", "at", "changed", "synopsis", "roles", "hash"},
        foreign_keys=[
            ("film", "films", "id"),
            ("crawl", "crawls", "id"),
            ("gone_since", "crawls", "id"),
        ],
    )
    # Every visit of every crawl, what it found and what it did to the film's record ("new",
    # "changed", "unchanged", "gone"): when each URL was fetched and how often it changed, for
    # people and for a scheduler deciding what to revisit.
    db["visits"].create(
        {
            "id": int,
            "crawl": int,
            "url": str,
            "at": str,
            "result": str,
            "record": str,
            "http_status": int,
            "reason": str,
            "film": int,
        },
        pk="id",
        not_null={"crawl", "url", "at", "result"},
        foreign_keys=[("crawl", "crawls", "id"), ("url", "pages", "url"), ("film", "films", "id")],
    )


@migrations()
def m004_revisit(db: Database) -> None:
    # What the revisit schedule reads and shows, per URL: the page that first linked to it (the
    # listings where new films appear), when the site last said it changed (its Update: date,
    # Last-Modified, a sitemap's lastmod), its estimated rate of change (changes a day), when a
    # change is next expected, and its place in the current crawl's order (lower first).
    db.execute('ALTER TABLE "pages" ADD COLUMN "via" TEXT REFERENCES "pages"("url")')
    db.execute('ALTER TABLE "pages" ADD COLUMN "modified" TEXT')
    db.execute('ALTER TABLE "pages" ADD COLUMN "rate" FLOAT')
    db.execute('ALTER TABLE "pages" ADD COLUMN "due" TEXT')
    db.execute('ALTER TABLE "pages" ADD COLUMN "priority" INTEGER NOT NULL DEFAULT 0')
    db.execute('DROP INDEX "idx_pages_state_depth"')
    db["pages"].create_index(["state", "priority", "depth"])
    # Each visit: whether the page changed since the visit before (empty when there is nothing
    # to compare with) and when the page said it last changed: the history the rate is
    # estimated from.
    db.execute('ALTER TABLE "visits" ADD COLUMN "changed" INTEGER')
    db.execute('ALTER TABLE "visits" ADD COLUMN "modified" TEXT')
    # A night's request budget (--budget) and the requests sent, so a resumed night keeps to it.
    db.execute('ALTER TABLE "crawls" ADD COLUMN "budget" INTEGER')
    db.execute('ALTER TABLE "crawls" ADD COLUMN "requests" INTEGER DEFAULT 0')
