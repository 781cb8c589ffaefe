"""The whole database schema, so every schema change is a visible, reviewed diff.

When a migration or ensure_shape changes on purpose, paste the new ``db.schema`` here.
"""

from __future__ import annotations

from pathlib import Path

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
   "key" TEXT NOT NULL,
   "source" TEXT,
   "hash" TEXT NOT NULL
);
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
);
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
);
CREATE INDEX "idx_pages_state_depth"
    ON "pages" ("state", "depth");
CREATE VIRTUAL TABLE [films_fts] USING FTS5 (
    [title], [title_spelled],
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE 'films_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'films_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'films_fts_content'(id INTEGER PRIMARY KEY, c0, c1);
CREATE TABLE 'films_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'films_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER [films_ai] AFTER INSERT ON [films] BEGIN
    INSERT INTO [films_fts] (rowid, [title], [title_spelled]) VALUES (
        new.rowid,
        new.[title],
        replace(replace(replace(replace(replace(replace(replace(new.[title],
            'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss')
    );
END;
CREATE TRIGGER [films_ad] AFTER DELETE ON [films] BEGIN
    DELETE FROM [films_fts] WHERE rowid = old.rowid;
END;
CREATE TRIGGER [films_au] AFTER UPDATE ON [films] BEGIN
    DELETE FROM [films_fts] WHERE rowid = old.rowid;
    INSERT INTO [films_fts] (rowid, [title], [title_spelled]) VALUES (
        new.rowid,
        new.[title],
        replace(replace(replace(replace(replace(replace(replace(new.[title],
            'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss')
    );
END;
CREATE VIRTUAL TABLE [paragraphs_fts] USING FTS5 (
    [text], [text_spelled],
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE 'paragraphs_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'paragraphs_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'paragraphs_fts_content'(id INTEGER PRIMARY KEY, c0, c1);
CREATE TABLE 'paragraphs_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'paragraphs_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER [paragraphs_ai] AFTER INSERT ON [paragraphs] BEGIN
    INSERT INTO [paragraphs_fts] (rowid, [text], [text_spelled]) VALUES (
        new.rowid,
        new.[text],
        replace(replace(replace(replace(replace(replace(replace(new.[text],
            'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss')
    );
END;
CREATE TRIGGER [paragraphs_ad] AFTER DELETE ON [paragraphs] BEGIN
    DELETE FROM [paragraphs_fts] WHERE rowid = old.rowid;
END;
CREATE TRIGGER [paragraphs_au] AFTER UPDATE ON [paragraphs] BEGIN
    DELETE FROM [paragraphs_fts] WHERE rowid = old.rowid;
    INSERT INTO [paragraphs_fts] (rowid, [text], [text_spelled]) VALUES (
        new.rowid,
        new.[text],
        replace(replace(replace(replace(replace(replace(replace(new.[text],
            'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss')
    );
END;
CREATE INDEX "idx_roles_person"
    ON "roles" ("person");
CREATE INDEX "idx_pages_film"
    ON "pages" ("film");
CREATE INDEX "idx_pages_crawl"
    ON "pages" ("crawl");
"""


def test_the_schema_is_exactly_as_reviewed(tmp_path: Path) -> None:
    db = open_db(tmp_path / "moviemaster.db")
    assert db.schema == EXPECTED.strip()


def test_migrating_twice_gives_the_same_schema(tmp_path: Path) -> None:
    path = tmp_path / "moviemaster.db"
    open_db(path).close()
    assert open_db(path).schema == EXPECTED.strip()
