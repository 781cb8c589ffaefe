"""The SQLite writer: validated Film records in, rows out. The writer never parses.

``open_db`` brings any database file to the current shape (migrations, then the derived parts:
the full-text index of films with its view and triggers, and foreign-key indexes); ``save_film``
writes one film in one transaction and skips the write entirely when the record is unchanged;
``mark_gone`` marks the film of a page that is gone. Before a film's record changes, the version
before is kept in ``versions``, with the parts that changed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from sqlite_utils import Database

from schemas import Film, Role
from scraper.changes import Snapshot, changed_parts
from scraper.clock import stamp
from scraper.migrations import migrations

__all__ = [
    "COMMIT_EVERY",
    "FTS",
    "SYNOPSIS_SEPARATOR",
    "Status",
    "atomic",
    "batched",
    "database_trouble",
    "ensure_shape",
    "mark_gone",
    "open_db",
    "save_film",
    "stored_film",
]

# Seconds a write may wait for its commit when writes are batched: a commit costs more than a
# film's writes (about 5 ms against 1), and a crash loses only what waits.
COMMIT_EVERY = 1.0
# What a write did to a film's record; "gone": its page is gone (the record itself stays).
Status = Literal["new", "changed", "unchanged", "gone"]
# films.synopsis is the paragraphs joined by a blank line (a paragraph never holds a line break).
SYNOPSIS_SEPARATOR = "\n\n"

# Full-text search, declared as data: table (with an integer primary key `id`) -> its searchable
# text columns. One index row a film, not one a paragraph: FTS5 writes its pending terms out at
# every savepoint and every statement with a statement journal (one firing a trigger, a multi-row
# insert), so an indexed film costs at least one flush, and one a paragraph cost more. The whole
# text is films.synopsis, so a hit is a film, and its row page shows the story.
FTS: dict[str, tuple[str, ...]] = {
    "films": ("title", "synopsis"),
}
# remove_diacritics folds "Mädchen" to "madchen", so "Madchen" finds it too; the spelled-out
# copy of each column ("Maedchen", "Strasse") serves the German habit of writing umlauts out.
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
_SPELLED_OUT = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}


def _spelled_out(expression: str) -> str:
    """SQL for ``expression`` with umlauts and ß written out: plain SQL, so any writer keeps it."""
    pairs = "), ".join(f"'{letter}', '{spelled}'" for letter, spelled in _SPELLED_OUT.items())
    return f"{'replace(' * len(_SPELLED_OUT)}{expression},\n            {pairs})"


def _fts_columns(columns: tuple[str, ...]) -> str:
    return ", ".join(f"[{c}], [{c}_spelled]" for c in columns)


def _indexed(columns: tuple[str, ...], row: str) -> str:
    """The text of a table row as the index holds it: each column and its spelled-out copy."""
    values = []
    for column in columns:
        values += [f"{row}[{column}]", _spelled_out(f"{row}[{column}]")]
    return ",\n        ".join(values)


def _fts_sql(table: str, columns: tuple[str, ...]) -> dict[str, str]:
    """The FTS objects of ``table``, exactly as sqlite_master stores them (name -> sql).

    The index is external-content: it reads the text it shows (snippets, highlights, rebuilds)
    through the view ``{table}_search_text`` rather than keep its own copy, which would be the
    synopsis twice more (as written and spelled out) on every write.
    """
    fts, view = f"{table}_fts", f"{table}_search_text"
    fts_columns = _fts_columns(columns)
    view_columns = "".join(
        f",\n    [{c}],\n    {_spelled_out(f'[{c}]')}\n        AS [{c}_spelled]" for c in columns
    )
    # External content: the triggers hand the index each row's text, and a row's old text to
    # take out of it ('delete' needs the very values that were indexed).
    insert = (
        f"INSERT INTO [{fts}] (\n        rowid, {fts_columns}\n    ) VALUES (\n"
        f"        new.[id],\n        {_indexed(columns, 'new.')}\n    );"
    )
    delete = (
        f"INSERT INTO [{fts}] (\n        [{fts}], rowid, {fts_columns}\n    ) VALUES (\n"
        f"        'delete',\n        old.[id],\n        {_indexed(columns, 'old.')}\n    );"
    )
    on = f"ON [{table}] BEGIN\n    "
    # An update that leaves the indexed text alone (a new source, say) leaves the index alone.
    changed = "\n        OR ".join(f"old.[{c}] IS NOT new.[{c}]" for c in ("id", *columns))
    return {
        view: f"CREATE VIEW [{view}] AS SELECT\n    [id]{view_columns}\nFROM [{table}]",
        fts: (
            f"CREATE VIRTUAL TABLE [{fts}] USING FTS5 (\n"
            f"    {fts_columns},\n"
            f"    content='{view}', content_rowid='id',\n"
            f"    tokenize='{FTS_TOKENIZE}'\n)"
        ),
        f"{table}_ai": f"CREATE TRIGGER [{table}_ai] AFTER INSERT {on}{insert}\nEND",
        f"{table}_ad": f"CREATE TRIGGER [{table}_ad] AFTER DELETE {on}{delete}\nEND",
        f"{table}_au": (
            f"CREATE TRIGGER [{table}_au] AFTER UPDATE ON [{table}]\n"
            f"    WHEN {changed}\nBEGIN\n    {delete}\n    {insert}\nEND"
        ),
    }


def _ensure_fts(db: Database, table: str, columns: tuple[str, ...]) -> None:
    missing = set(columns) - set(db[table].columns_dict)
    if missing:
        # A sqlite3 error: the commands report it in one line, with the file's name.
        raise sqlite3.DatabaseError(
            f"table {table} has no column {', '.join(sorted(missing))}: the file was made by"
            " a version before the first release; delete it and write it again"
        )
    expected = _fts_sql(table, columns)
    names = list(expected)
    actual = dict(
        db.execute(
            f"SELECT name, sql FROM sqlite_master WHERE name IN ({', '.join('?' * len(names))})",
            names,
        ).fetchall()
    )
    if actual == expected:
        return
    # Missing or different (transform() drops triggers; an older version indexed other columns):
    # rebuild from the table, since writes made without the triggers never reached the index.
    fts, view = f"{table}_fts", f"{table}_search_text"
    with db.atomic():
        for name in actual.keys() - {fts, view}:
            db.execute(f"DROP TRIGGER [{name}]")
        db.execute(f"DROP TABLE IF EXISTS [{fts}]")
        db.execute(f"DROP VIEW IF EXISTS [{view}]")
        for sql in expected.values():
            db.execute(sql)
        db.execute(f"INSERT INTO [{fts}] ([{fts}]) VALUES ('rebuild')")


def _ensure_foreign_key_indexes(db: Database) -> None:
    """Index every foreign key not already leading an index (a compound primary key counts)."""
    for table in db.tables:
        indexed = [tuple(index.columns) for index in table.indexes]
        for fk in table.foreign_keys:
            columns = tuple(fk.columns)
            if not any(index[: len(columns)] == columns for index in indexed):
                table.create_index(fk.columns, if_not_exists=True)


def ensure_shape(db: Database) -> None:
    """Create what is derived from the tables (FTS, triggers, indexes); a no-op when in place."""
    for table, columns in FTS.items():
        _ensure_fts(db, table, columns)
    _ensure_foreign_key_indexes(db)


def open_db(path: str | Path) -> Database:
    """Open (creating or migrating) the database at ``path``, ready for reads and writes."""
    db = Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    # WAL lets Datasette read during a crawl; NORMAL sync is durable enough in WAL mode (a power
    # cut can lose the last commits, never corrupt) and makes each page's commit far cheaper.
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    migrations.apply(db)
    ensure_shape(db)
    # The sub-journal of a savepoint (each film's, inside a caller's transaction) spills to a
    # temporary file past 64 KiB, and a film's savepoint touches more pages than that: some 55
    # writes a film, a sixth of its write time. In memory it holds a film's pages at most. Set
    # only now, so a migration's or an index rebuild's journal, as large as a table, may spill.
    db.execute("PRAGMA temp_store = MEMORY")
    return db


# What to do about the errors a database file gives when it cannot be written.
_ADVICE = {
    "SQLITE_FULL": "the disk is full: free some space",
    "SQLITE_READONLY": "the file or its folder is read-only: make them writable",
    "SQLITE_BUSY": "another program is writing to it: wait until it is done",
}


def database_trouble(error: Exception) -> str:
    """One line for an error of the database file: SQLite's message and what to do about it.

    Every record is written in a transaction of its own, so what was written before is whole
    and the same command, run again, goes on from there.
    """
    name = getattr(error, "sqlite_errorname", "")
    if name.startswith("SQLITE_CANTOPEN"):
        return f"{error} (does its folder exist, and may you write there?)"
    advice = next((text for code, text in _ADVICE.items() if name.startswith(code)), None)
    if advice is None:
        return str(error)
    return f"{error} ({advice}, then run the same command again: nothing is written by half)"


def _content_hash(film: Film) -> str:
    # The bytes of model_dump_json(), before it decodes them: the same hash, without the text.
    return hashlib.sha256(film.__pydantic_serializer__.to_json(film)).hexdigest()


def save_film(
    db: Database, film: Film, *, key: str, source: str | None = None, crawl: int | None = None
) -> tuple[int, Status]:
    """Write ``film`` under ``key`` in one transaction; return (films.id, status).

    An unchanged record (same content hash and source) writes nothing at all. A changed one
    keeps the version before (seen by ``crawl``, if a crawl wrote it) and replaces the film's
    paragraphs and roles; people no film refers to any more are removed. A film whose page was
    gone is back.
    """
    content_hash = _content_hash(film)
    conn = db.conn
    film_row = (
        film.url,
        film.title,
        film.author,
        film.updated.isoformat() if film.updated else None,
        film.updated.year if film.updated else None,
        SYNOPSIS_SEPARATOR.join(film.synopsis),
        source,
        content_hash,
    )
    with atomic(conn):
        existing = conn.execute(
            "SELECT id, hash, source, gone_since FROM films WHERE key = ?", [key]
        ).fetchone()
        if existing is None:
            film_id = conn.execute(
                "INSERT INTO films (url, title, author, updated, updated_year, synopsis, source,"
                " hash, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [*film_row, key],
            ).lastrowid
            assert film_id is not None
            status: Status = "new"
        else:
            film_id, old_hash, old_source, gone_since = existing
            same = old_hash == content_hash
            if same and old_source == source and gone_since is None:
                return film_id, "unchanged"
            if not same or gone_since is not None:
                _keep_version(conn, film_id, crawl, stored_film(conn, film_id), Snapshot.of(film))
            conn.execute(
                "UPDATE films SET url = ?, title = ?, author = ?, updated = ?, updated_year = ?,"
                " synopsis = ?, source = ?, hash = ?, gone_since = NULL WHERE id = ?",
                [*film_row, film_id],
            )
            if same:
                return film_id, "changed"
            old_people = _delete_children(conn, film_id)
            status = "changed"
        _insert_children(conn, film_id, film)
        if status == "changed":
            _delete_orphans(conn, old_people)
    return film_id, status


def mark_gone(db: Database, *, key: str, crawl: int) -> tuple[int, Status] | None:
    """Mark the film stored under ``key`` as gone since ``crawl`` (its page answered 404 or
    410), keeping it and the version before; return (films.id, "gone"), or "unchanged" when it
    was gone already, or None when no film is stored under ``key``."""
    conn = db.conn
    with atomic(conn):
        existing = conn.execute("SELECT id, gone_since FROM films WHERE key = ?", [key]).fetchone()
        if existing is None:
            return None
        film_id, gone_since = existing
        if gone_since is not None:
            return film_id, "unchanged"
        old = stored_film(conn, film_id)
        _keep_version(conn, film_id, crawl, old, replace(old[0], gone_since=crawl))
        conn.execute("UPDATE films SET gone_since = ? WHERE id = ?", [crawl, film_id])
    return film_id, "gone"


def stored_film(conn: sqlite3.Connection, film_id: int) -> tuple[Snapshot, str]:
    """The film as its rows hold it now, and its record's hash."""
    title, url, synopsis, author, updated, gone_since, content_hash = conn.execute(
        "SELECT title, url, synopsis, author, updated, gone_since, hash FROM films WHERE id = ?",
        [film_id],
    ).fetchone()
    cast = conn.execute(
        "SELECT character, name FROM roles JOIN people ON people.id = roles.person"
        " WHERE film = ? ORDER BY position",
        [film_id],
    ).fetchall()
    snapshot = Snapshot(
        title=title,
        url=url,
        synopsis=tuple(synopsis.split(SYNOPSIS_SEPARATOR)),
        cast=tuple(cast),
        author=author,
        updated=updated,
        gone_since=gone_since,
    )
    return snapshot, content_hash


def _keep_version(
    conn: sqlite3.Connection,
    film_id: int,
    crawl: int | None,
    before: tuple[Snapshot, str],
    new: Snapshot,
) -> None:
    """Keep the film's stored version (and its hash), ``before``, in ``versions`` as it becomes
    ``new``, with the parts that change; nothing when none does (a new source alone is none)."""
    old, old_hash = before
    changed = changed_parts(old, new)
    if not changed:
        return
    roles = [{"character": character, "actor": actor} for character, actor in old.cast]
    conn.execute(
        "INSERT INTO versions (film, crawl, at, changed, title, author, updated, url, synopsis,"
        " roles, gone_since, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            film_id,
            crawl,
            stamp(),
            json.dumps(changed),
            old.title,
            old.author,
            old.updated,
            old.url,
            SYNOPSIS_SEPARATOR.join(old.synopsis),
            json.dumps(roles, ensure_ascii=False),
            old.gone_since,
            old_hash,
        ],
    )


@contextmanager
def batched(conn: sqlite3.Connection) -> Iterator[Callable[[], None]]:
    """One transaction for many writes, committed when the function it gives is called and at
    the end of the block: a commit costs more than a film's writes (each write inside is a
    savepoint, so one that fails spares the others). A crash loses what was not committed."""

    def commit() -> None:
        if conn.in_transaction:  # an error may have ended it
            conn.execute("COMMIT")
        conn.execute("BEGIN")

    conn.execute("BEGIN")
    try:
        yield commit
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


@contextmanager
def atomic(conn: sqlite3.Connection) -> Iterator[None]:
    """A transaction, or a savepoint inside the caller's: ``Database.atomic`` without its random
    savepoint names, which cost a statement preparation each."""
    if not conn.in_transaction:
        conn.execute("BEGIN")
        try:
            yield
        except BaseException:
            conn.rollback()  # a no-op if the error already ended the transaction
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            conn.rollback()
            raise
        return
    # Savepoints nest by name: RELEASE and ROLLBACK TO act on the innermost one so named.
    conn.execute("SAVEPOINT step")
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # an error can end the whole transaction, savepoints included
            conn.execute("ROLLBACK TO step")
            conn.execute("RELEASE step")
        raise
    conn.execute("RELEASE step")


def _delete_children(conn: sqlite3.Connection, film_id: int) -> set[int]:
    """Delete the film's paragraphs and roles; return the people those roles named."""
    people = {row[0] for row in conn.execute("SELECT person FROM roles WHERE film = ?", [film_id])}
    conn.execute("DELETE FROM paragraphs WHERE film = ?", [film_id])
    conn.execute("DELETE FROM roles WHERE film = ?", [film_id])
    return people


def _delete_orphans(conn: sqlite3.Connection, people: set[int]) -> None:
    conn.executemany(
        "DELETE FROM people WHERE id = ?"
        " AND NOT EXISTS (SELECT 1 FROM roles WHERE person = people.id)",
        [(person,) for person in people],
    )


def _insert_children(conn: sqlite3.Connection, film_id: int, film: Film) -> None:
    # Positions count from 1, as a reader numbers paragraphs.
    _insert_rows(
        conn,
        "paragraphs (film, position, text)",
        [(film_id, position, text) for position, text in enumerate(film.synopsis, start=1)],
    )
    people = _person_ids(conn, film.cast)
    _insert_rows(
        conn,
        "roles (film, position, character, person)",
        [
            (film_id, position, role.character, people[role.actor])
            for position, role in enumerate(film.cast, start=1)
        ],
    )


def _insert_rows(conn: sqlite3.Connection, into: str, rows: list[tuple[object, ...]]) -> None:
    """Insert ``rows`` with one statement, cheaper than one a row."""
    if rows:
        conn.execute(
            _insert_sql(into, len(rows[0]), len(rows)), [value for row in rows for value in row]
        )


# Bounded: a hostile page may have any number of paragraphs or roles, each count a new string.
@lru_cache(maxsize=64)
def _insert_sql(into: str, columns: int, rows: int) -> str:
    placeholders = f"({', '.join('?' * columns)})"
    return f"INSERT INTO {into} VALUES {', '.join([placeholders] * rows)}"


@lru_cache(maxsize=64)
def _people_sql(names: int) -> str:
    return f"SELECT id, name, url FROM people WHERE name IN ({', '.join('?' * names)})"


def _person_ids(conn: sqlite3.Connection, cast: list[Role]) -> dict[str, int]:
    """The people rows of the cast's actors by name, created on first sight; a URL learnt later
    fills a gap."""
    urls: dict[str, str | None] = {}
    for role in cast:
        if urls.get(role.actor) is None:
            urls[role.actor] = role.actor_url
    known = {
        name: (person_id, url)
        for person_id, name, url in conn.execute(_people_sql(len(urls)), list(urls))
    }
    ids = {}
    for name, url in urls.items():
        if name not in known:
            inserted = conn.execute("INSERT INTO people (name, url) VALUES (?, ?)", [name, url])
            assert inserted.lastrowid is not None
            ids[name] = inserted.lastrowid
            continue
        ids[name], known_url = known[name]
        if known_url is None and url is not None:
            conn.execute("UPDATE people SET url = ? WHERE id = ?", [url, ids[name]])
    return ids
