"""The SQLite writer on a real database file: rows, idempotence, replacement, atomicity, search."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from schemas import Film, Role
from scraper import writer
from scraper.migrations import migrations
from scraper.writer import open_db, save_film

RYAN_URL = "https://www.moviemaster.de/stars/ryan-gossling.html"


def _rows(db: Database, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return db.execute(sql, params).fetchall()


def _cast(db: Database, film_id: int) -> list[tuple[Any, ...]]:
    return _rows(
        db,
        "SELECT roles.position, character, name, url FROM roles"
        " JOIN people ON people.id = roles.person WHERE film = ? ORDER BY roles.position",
        (film_id,),
    )


def _synopsis(db: Database, film_id: int) -> list[str]:
    return [
        text
        for (text,) in _rows(
            db, "SELECT text FROM paragraphs WHERE film = ? ORDER BY position", (film_id,)
        )
    ]


def _search(db: Database, word: str) -> list[int]:
    """The films whose title or synopsis holds ``word``, by id."""
    sql = "SELECT rowid FROM films_fts WHERE films_fts MATCH ? ORDER BY rowid"
    return [rowid for (rowid,) in _rows(db, sql, (db.quote_fts(word),))]


def _check_index(db: Database) -> None:
    """Raise unless the full-text index holds exactly what its content (the films) says."""
    db.execute("INSERT INTO films_fts (films_fts, rank) VALUES ('integrity-check', 1)")


def _counts(db: Database) -> dict[str, int]:
    return {name: db[name].count for name in ("films", "paragraphs", "people", "roles")}


def test_a_new_film_is_written_whole(db: Database, seed_film: Film) -> None:
    film_id, status = save_film(db, seed_film, key="seed/drive.txt", source="seed/drive.txt")

    assert status == "new"
    row = db["films"].get(film_id)
    assert len(row.pop("hash")) == 64
    assert row == {
        "id": film_id,
        "key": "seed/drive.txt",
        "url": None,
        "title": None,
        "author": "Frank Ehrlacher",
        "updated": "2019-01-31",
        "updated_year": 2019,
        "synopsis": "\n\n".join(seed_film.synopsis),
        "source": "seed/drive.txt",
        "gone_since": None,
    }
    assert _synopsis(db, film_id) == seed_film.synopsis
    assert _rows(db, "SELECT position FROM paragraphs ORDER BY position") == [
        (n,) for n in range(1, 9)
    ]
    assert _cast(db, film_id) == [
        (position, role.character, role.actor, None)
        for position, role in enumerate(seed_film.cast, start=1)
    ]
    assert _counts(db) == {"films": 1, "paragraphs": 8, "people": 9, "roles": 9}


def test_writing_the_same_record_twice_changes_nothing(db: Database, seed_film: Film) -> None:
    film_id, _ = save_film(db, seed_film, key="k")
    before = db.conn.total_changes

    assert save_film(db, seed_film, key="k") == (film_id, "unchanged")
    assert db.conn.total_changes == before


def test_reopening_the_database_changes_nothing(tmp_path: Path, seed_film: Film) -> None:
    path = tmp_path / "moviemaster.db"
    first = open_db(path)
    save_film(first, seed_film, key="k")
    first.close()

    db = open_db(path)
    assert save_film(db, seed_film, key="k")[1] == "unchanged"
    assert db.conn.total_changes == 0
    db.close()


def test_a_changed_record_replaces_paragraphs_and_roles(db: Database, seed_film: Film) -> None:
    film_id, _ = save_film(db, seed_film, key="k")
    changed = seed_film.model_copy(
        update={
            "synopsis": ["Driver (Ryan Gossling) fährt nachts.", "Ein neuer Nachbar zieht ein."],
            "cast": [seed_film.cast[0], Role(character="Nachbar Tom", actor="Neuer Schauspieler")],
        }
    )

    assert save_film(db, changed, key="k") == (film_id, "changed")
    assert _synopsis(db, film_id) == changed.synopsis
    assert _cast(db, film_id) == [
        (1, "Driver", "Ryan Gossling", None),
        (2, "Nachbar Tom", "Neuer Schauspieler", None),
    ]
    # People no film names any more go with the roles that named them.
    assert [name for (name,) in _rows(db, "SELECT name FROM people ORDER BY name")] == [
        "Neuer Schauspieler",
        "Ryan Gossling",
    ]
    assert db["films"].get(film_id)["synopsis"] == "\n\n".join(changed.synopsis)
    assert _search(db, "Stuntfahrer") == []
    assert _search(db, "Nachbar") == [film_id]
    _check_index(db)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_new_source_alone_rewrites_only_the_film_row(db: Database, seed_film: Film) -> None:
    film_id, _ = save_film(db, seed_film, key="k", source="a.html")
    paragraph_rowids = _rows(db, "SELECT rowid FROM paragraphs ORDER BY rowid")
    before = db.conn.total_changes

    assert save_film(db, seed_film, key="k", source="b.html") == (film_id, "changed")
    assert db["films"].get(film_id)["source"] == "b.html"
    assert _rows(db, "SELECT rowid FROM paragraphs ORDER BY rowid") == paragraph_rowids
    # One row changed: the text is the same, so the search index is left alone.
    assert db.conn.total_changes - before == 1
    assert _search(db, "Stuntfahrer") == [film_id]
    _check_index(db)


def test_people_are_shared_and_learn_their_url(db: Database, seed_film: Film) -> None:
    seed_id, _ = save_film(db, seed_film, key="seed")
    other = Film(
        synopsis=["Driver (Ryan Gossling) kehrt zurück."],
        cast=[Role(character="Driver", actor="Ryan Gossling", actor_url=RYAN_URL)],
    )
    other_id, _ = save_film(db, other, key="other")

    assert db["people"].count == 9
    assert _cast(db, other_id) == [(1, "Driver", "Ryan Gossling", RYAN_URL)]
    assert _cast(db, seed_id)[0] == (1, "Driver", "Ryan Gossling", RYAN_URL)


@pytest.mark.parametrize("existing", [False, True], ids=["new", "changed"])
def test_a_failure_mid_way_leaves_the_stored_film_as_it_was(
    db: Database, seed_film: Film, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    if existing:
        save_film(db, seed_film, key="k")
    before = (_counts(db), _synopsis(db, 1), _cast(db, 1), _search(db, "Driver"))

    def fail(*_: object) -> int:
        raise RuntimeError("disk on fire")

    # Paragraphs (and the old roles) are already written or deleted when people are looked up.
    monkeypatch.setattr(writer, "_person_ids", fail)
    changed = seed_film.model_copy(update={"synopsis": ["Ganz anders."]})
    with pytest.raises(RuntimeError, match="disk on fire"):
        save_film(db, changed, key="k")

    after = (_counts(db), _synopsis(db, 1), _cast(db, 1), _search(db, "Driver"))
    assert after == before
    assert not db.conn.in_transaction
    _check_index(db)


def test_a_failed_film_inside_the_callers_transaction_spares_the_others(
    db: Database, seed_film: Film, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.atomic():
        save_film(db, seed_film, key="first")
        with monkeypatch.context() as patch:
            patch.setattr(writer, "_person_ids", lambda *_: 1 / 0)
            with pytest.raises(ZeroDivisionError):
                save_film(db, seed_film, key="failed")
        save_film(db, seed_film, key="last")

    assert [key for (key,) in _rows(db, "SELECT key FROM films ORDER BY id")] == ["first", "last"]
    assert _counts(db) == {"films": 2, "paragraphs": 16, "people": 9, "roles": 18}
    assert len(_search(db, "Stuntfahrer")) == 2
    _check_index(db)


def test_the_database_is_wal_with_enforced_foreign_keys(db: Database) -> None:
    assert db.journal_mode == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert {
        (fk.table, fk.column, fk.other_table, fk.other_column)
        for t in db.tables
        for fk in t.foreign_keys
    } >= {
        ("paragraphs", "film", "films", "id"),
        ("roles", "film", "films", "id"),
        ("roles", "person", "people", "id"),
    }
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY constraint failed"):
        db.execute("INSERT INTO paragraphs (film, position, text) VALUES (42, 1, 'x')")


def test_every_foreign_key_leads_an_index(db: Database) -> None:
    for table in db.tables:
        indexes = [tuple(index.columns) for index in table.indexes]
        for fk in table.foreign_keys:
            columns = tuple(fk.columns)
            assert any(index[: len(columns)] == columns for index in indexes), (table.name, fk)


def test_every_migration_is_applied_once(tmp_path: Path) -> None:
    path = tmp_path / "moviemaster.db"
    open_db(path).close()
    db = open_db(path)

    applied = [migration.name for migration in migrations.applied(db)]
    assert applied[0] == "m001_films"
    assert len(applied) == len(set(applied))
    assert migrations.pending(db) == []


@pytest.mark.parametrize(
    "word", ["Männer", "Manner", "Maenner", "MÄNNER", "Straßen", "Strassen", "Stuntfahrer"]
)
def test_search_finds_german_words_with_and_without_umlauts(
    db: Database, seed_film: Film, word: str
) -> None:
    film_id, _ = save_film(db, seed_film, key="k")
    assert _search(db, word) == [film_id]


def test_search_covers_titles(db: Database, seed_film: Film) -> None:
    film_id, _ = save_film(db, seed_film.model_copy(update={"title": "Die Brücke"}), key="k")
    assert _search(db, "Bruecke") == [film_id]
    assert _search(db, "Brucke") == [film_id]


def test_search_shows_the_passage_that_matched(db: Database, seed_film: Film) -> None:
    # The index keeps no copy of the text: snippets read it through the films_search_text view.
    save_film(db, seed_film.model_copy(update={"title": "Drive"}), key="k")
    sql = "SELECT snippet(films_fts, -1, '[', ']', '…', 4) FROM films_fts WHERE films_fts MATCH ?"

    assert _rows(db, sql, ("Stuntfahrer",)) == [("…ist [Stuntfahrer] in Hollywood…",)]
    assert _rows(db, sql, ("Männer",)) == [("…einflussreichsten [Männer] in der…",)]
    assert _rows(db, sql, ("Maenner",)) == [("…einflussreichsten [Maenner] in der…",)]
    assert _rows(db, sql, ("title:Drive",)) == [("[Drive]",)]


def test_deleting_a_film_takes_it_out_of_the_index(db: Database, seed_film: Film) -> None:
    film_id, _ = save_film(db, seed_film, key="k")
    other_id, _ = save_film(
        db, seed_film.model_copy(update={"synopsis": ["Ein Mädchen."]}), key="o"
    )
    with db.atomic():
        db.execute("DELETE FROM paragraphs WHERE film = ?", [film_id])
        db.execute("DELETE FROM roles WHERE film = ?", [film_id])
        db.execute("DELETE FROM films WHERE id = ?", [film_id])

    assert _search(db, "Stuntfahrer") == []
    assert _search(db, "Maedchen") == [other_id]
    _check_index(db)


@pytest.mark.parametrize(
    "text", ["Mädchen", "ÄRGER über Öl", "Grüße, Straße", "Ä Ö Ü ä ö ü ß", "no umlauts", ""]
)
def test_the_view_spells_out_exactly_what_the_triggers_indexed(db: Database, text: str) -> None:
    """'delete' must hand the index the very values it indexed, and a rebuild reads the view."""
    film = Film(title=text or None, synopsis=[f"{text} (Anna Mühe) und mehr."])
    film_id, _ = save_film(db, film, key="k")
    db.execute("INSERT INTO films_fts (films_fts) VALUES ('rebuild')")
    _check_index(db)
    save_film(db, film.model_copy(update={"title": "Anders"}), key="k")
    _check_index(db)
    assert _search(db, "Anders") == [film_id]


def test_search_is_repaired_after_transform_drops_its_triggers(
    tmp_path: Path, seed_film: Film
) -> None:
    path = tmp_path / "moviemaster.db"
    db = open_db(path)
    film_id, _ = save_film(db, seed_film, key="k")
    db["films"].transform()  # rebuilds the table, dropping its triggers
    save_film(db, seed_film.model_copy(update={"synopsis": ["Ein Mädchen."]}), key="k")
    db.close()

    db = open_db(path)
    assert _search(db, "Maedchen") == [film_id]
    assert _search(db, "Stuntfahrer") == []
    _check_index(db)
    assert set(db.triggers_dict) == {f"{t}_{op}" for t in writer.FTS for op in ("ai", "ad", "au")}


def test_a_file_from_before_films_synopsis_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "moviemaster.db"
    db = open_db(path)
    db.execute("DROP VIEW films_search_text")
    db["films"].transform(drop={"synopsis"})
    db.close()

    with pytest.raises(sqlite3.DatabaseError, match=r"no column synopsis.*delete it"):
        open_db(path)
