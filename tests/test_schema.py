"""The whole database schema, so every schema change is a visible, reviewed diff.

When a migration or ensure_shape changes on purpose, paste the new ``db.schema`` here.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from scraper.migrations import migrations
from scraper.writer import open_db

EXPECTED = """
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE TABLE "films" (
   "id" INTEGER PRIMARY KEY,
   "title" TEXT,
   "author" TEXT,
   "updated" TEXT,
   "updated_year" INTEGER,
   "url" TEXT,
   "synopsis" TEXT NOT NULL,
   "key" TEXT NOT NULL,
   "source" TEXT,
   "hash" TEXT NOT NULL
, "gone_since" INTEGER REFERENCES "crawls"("id"));
CREATE UNIQUE INDEX "idx_films_key"
    ON "films" ("key");
CREATE TABLE "paragraphs" (
   "film" INTEGER NOT NULL REFERENCES "films"("id"),
   "position" INTEGER NOT NULL,
   "text" TEXT NOT NULL,
   PRIMARY KEY ("film", "position")
);
CREATE TABLE "people" (
   "id" INTEGER PRIMARY KEY,
   "name" TEXT NOT NULL,
   "url" TEXT
);
CREATE UNIQUE INDEX "idx_people_name"
    ON "people" ("name");
CREATE TABLE "roles" (
   "film" INTEGER NOT NULL REFERENCES "films"("id"),
   "position" INTEGER NOT NULL,
   "character" TEXT NOT NULL,
   "person" INTEGER NOT NULL REFERENCES "people"("id"),
   PRIMARY KEY ("film", "position")
);
CREATE TABLE "crawls" (
   "id" INTEGER PRIMARY KEY,
   "started" TEXT NOT NULL,
   "ended" TEXT,
   "start_urls" TEXT,
   "fetched" INTEGER DEFAULT 0,
   "not_modified" INTEGER DEFAULT 0,
   "new" INTEGER DEFAULT 0,
   "changed" INTEGER DEFAULT 0,
   "unchanged" INTEGER DEFAULT 0,
   "failed" INTEGER DEFAULT 0,
   "skipped_robots" INTEGER DEFAULT 0,
   "skipped" INTEGER DEFAULT 0
, "gone" INTEGER DEFAULT 0, "budget" INTEGER, "requests" INTEGER DEFAULT 0);
CREATE TABLE "pages" (
   "url" TEXT PRIMARY KEY,
   "kind" TEXT NOT NULL,
   "depth" INTEGER NOT NULL,
   "state" TEXT NOT NULL,
   "crawl" INTEGER REFERENCES "crawls"("id"),
   "visited" TEXT,
   "result" TEXT,
   "reason" TEXT,
   "http_status" INTEGER,
   "content_type" TEXT,
   "etag" TEXT,
   "last_modified" TEXT,
   "body_hash" TEXT,
   "film" INTEGER REFERENCES "films"("id")
, "via" TEXT REFERENCES "pages"("url"), "modified" TEXT, "rate" FLOAT, "due" TEXT, "priority" INTEGER NOT NULL DEFAULT 0);
CREATE TABLE "versions" (
   "id" INTEGER PRIMARY KEY,
   "film" INTEGER NOT NULL REFERENCES "films"("id"),
   "crawl" INTEGER REFERENCES "crawls"("id"),
   "at" TEXT NOT NULL,
   "changed" TEXT NOT NULL,
   "title" TEXT,
   "author" TEXT,
   "updated" TEXT,
   "url" TEXT,
   "synopsis" TEXT NOT NULL,
   "roles" TEXT NOT NULL,
   "gone_since" INTEGER REFERENCES "crawls"("id"),
   "hash" TEXT NOT NULL
);
CREATE TABLE "visits" (
   "id" INTEGER PRIMARY KEY,
   "crawl" INTEGER NOT NULL REFERENCES "crawls"("id"),
   "url" TEXT NOT NULL REFERENCES "pages"("url"),
   "at" TEXT NOT NULL,
   "result" TEXT NOT NULL,
   "record" TEXT,
   "http_status" INTEGER,
   "reason" TEXT,
   "film" INTEGER REFERENCES "films"("id")
, "changed" INTEGER, "modified" TEXT);
CREATE INDEX "idx_pages_state_priority_depth"
    ON "pages" ("state", "priority", "depth");
CREATE VIEW [films_search_text] AS SELECT
    [id],
    [title],
    replace(replace(replace(replace(replace(replace(replace([title],
            'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss')
        AS [title_spelled],
    [synopsis],
    replace(replace(replace(replace(replace(replace(replace([synopsis],
            'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss')
        AS [synopsis_spelled]
FROM [films];
CREATE VIRTUAL TABLE [films_fts] USING FTS5 (
    [title], [title_spelled], [synopsis], [synopsis_spelled],
    content='films_search_text', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE 'films_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'films_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'films_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'films_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER [films_ai] AFTER INSERT ON [films] BEGIN
    INSERT INTO [films_fts] (
        rowid, [title], [title_spelled], [synopsis], [synopsis_spelled]
    ) VALUES (
        new.[id],
        new.[title],
        replace(replace(replace(replace(replace(replace(replace(new.[title],
            'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'),
        new.[synopsis],
        replace(replace(replace(replace(replace(replace(replace(new.[synopsis],
            'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss')
    );
END;
CREATE TRIGGER [films_ad] AFTER DELETE ON [films] BEGIN
    INSERT INTO [films_fts] (
        [films_fts], rowid, [title], [title_spelled], [synopsis], [synopsis_spelled]
    ) VALUES (
        'delete',
        old.[id],
        old.[title],
        replace(replace(replace(replace(replace(replace(replace(old.[title],
            'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'),
        old.[synopsis],
        replace(replace(replace(replace(replace(replace(replace(old.[synopsis],
            'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss')
    );
END;
CREATE TRIGGER [films_au] AFTER UPDATE ON [films]
    WHEN old.[id] IS NOT new.[id]
        OR old.[title] IS NOT new.[title]
        OR old.[synopsis] IS NOT new.[synopsis]
BEGIN
    INSERT INTO [films_fts] (
        [films_fts], rowid, [title], [title_spelled], [synopsis], [synopsis_spelled]
    ) VALUES (
        'delete',
        old.[id],
        old.[title],
        replace(replace(replace(replace(replace(replace(replace(old.[title],
            'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'),
        old.[synopsis],
        replace(replace(replace(replace(replace(replace(replace(old.[synopsis],
            'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss')
    );
    INSERT INTO [films_fts] (
        rowid, [title], [title_spelled], [synopsis], [synopsis_spelled]
    ) VALUES (
        new.[id],
        new.[title],
        replace(replace(replace(replace(replace(replace(replace(new.[title],
            'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss'),
        new.[synopsis],
        replace(replace(replace(replace(replace(replace(replace(new.[synopsis],
            'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss')
    );
END;
CREATE INDEX "idx_films_gone_since"
    ON "films" ("gone_since");
CREATE INDEX "idx_roles_person"
    ON "roles" ("person");
CREATE INDEX "idx_pages_via"
    ON "pages" ("via");
CREATE INDEX "idx_pages_film"
    ON "pages" ("film");
CREATE INDEX "idx_pages_crawl"
    ON "pages" ("crawl");
CREATE INDEX "idx_versions_gone_since"
    ON "versions" ("gone_since");
CREATE INDEX "idx_versions_crawl"
    ON "versions" ("crawl");
CREATE INDEX "idx_versions_film"
    ON "versions" ("film");
CREATE INDEX "idx_visits_film"
    ON "visits" ("film");
CREATE INDEX "idx_visits_url"
    ON "visits" ("url");
CREATE INDEX "idx_visits_crawl"
    ON "visits" ("crawl");
"""  # noqa: E501 (sqlite_master keeps columns added by ALTER TABLE on one line)


def test_the_schema_is_exactly_as_reviewed(tmp_path: Path) -> None:
    db = open_db(tmp_path / "moviemaster.db")
    assert db.schema == EXPECTED.strip()


def test_migrating_twice_gives_the_same_schema(tmp_path: Path) -> None:
    path = tmp_path / "moviemaster.db"
    open_db(path).close()
    assert open_db(path).schema == EXPECTED.strip()


def test_a_database_from_before_the_history_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "moviemaster.db"
    old = Database(path)
    migrations.apply(old, stop_before="m003_history")
    old["crawls"].insert({"id": 1, "started": "2025-01-01T03:17:00+00:00", "failed": 1})
    old["films"].insert({"id": 1, "key": "k", "synopsis": "Ein Text.", "hash": "h"})
    old.close()

    db = open_db(path)

    assert db.schema == EXPECTED.strip()
    assert db.execute("SELECT id, failed, gone FROM crawls").fetchall() == [(1, 1, 0)]
    assert db.execute("SELECT id, gone_since FROM films").fetchall() == [(1, None)]
    assert db.execute("SELECT rowid FROM films_fts WHERE films_fts MATCH 'Text'").fetchall() == [
        (1,)
    ]


def test_a_database_from_before_the_revisit_schedule_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "moviemaster.db"
    old = Database(path)
    migrations.apply(old, stop_before="m004_revisit")
    old["crawls"].insert({"id": 1, "started": "2025-01-01T03:17:00+00:00", "fetched": 1})
    home = "https://www.moviemaster.de/"
    old["pages"].insert({"url": home, "kind": "page", "depth": 0, "state": "visited", "crawl": 1})
    old["visits"].insert(
        {"crawl": 1, "url": home, "at": "2025-01-01T03:17:01+00:00", "result": "page"}
    )
    old.close()

    db = open_db(path)

    assert db.schema == EXPECTED.strip()
    assert db.execute("SELECT url, state, via, rate, due, priority FROM pages").fetchall() == [
        (home, "visited", None, None, None, 0)
    ]
    assert db.execute("SELECT changed, modified FROM visits").fetchall() == [(None, None)]
    assert db.execute("SELECT budget, requests FROM crawls").fetchall() == [(None, 0)]
