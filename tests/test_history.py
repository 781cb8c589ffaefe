"""History: the version before every change is kept, once, and `moviemaster history` prints each
change as a readable diff."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from schemas import Film, Role
from scraper.changes import Snapshot, changed_parts, diff_lines
from scraper.cli import main
from scraper.state import Frontier
from scraper.writer import mark_gone, save_film

TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")
DRIVE = Snapshot(
    title="Drive",
    url="https://www.moviemaster.de/filme/drive.html",
    synopsis=(
        "Driver (Ryan Gossling) ist Stuntfahrer in Hollywood und fährt nachts Fluchtwagen.",
        "Seine Nachbarin Irene (Carey Mulligan) lebt mit ihrem Sohn allein.",
        "Dann kommt ihr Mann Standard (Oscar Isaac) aus dem Gefängnis.",
    ),
    cast=(("Driver", "Ryan Gossling"), ("Irene", "Carey Mulligan"), ("Standard", "Oscar Isaac")),
    author="Frank Ehrlacher",
    updated="2019-01-31",
)


def test_a_word_changed_in_a_paragraph_is_marked_in_place() -> None:
    first = DRIVE.synopsis[0].replace("nachts", "am Abend")
    new = replace(DRIVE, synopsis=(first, *DRIVE.synopsis[1:]))
    assert changed_parts(DRIVE, new) == ["paragraphs"]
    assert diff_lines(DRIVE, new) == [
        "paragraphs:",
        "  ¶1 Driver (Ryan Gossling) ist Stuntfahrer in Hollywood und fährt [-nachts-]"
        " {+am Abend+} Fluchtwagen.",
    ]


def test_long_unchanged_stretches_are_elided() -> None:
    words = [f"w{n}" for n in range(30)]
    old, new = " ".join(words), " ".join([*words[:15], "NEU", *words[16:]])
    lines = diff_lines(replace(DRIVE, synopsis=(old,)), replace(DRIVE, synopsis=(new,)))
    assert lines[1] == "  ¶1 … w9 w10 w11 w12 w13 w14 [-w15-] {+NEU+} w16 w17 w18 w19 w20 w21 …"


def test_paragraphs_and_roles_added_and_removed_whole() -> None:
    new = replace(
        DRIVE,
        synopsis=(DRIVE.synopsis[0], DRIVE.synopsis[2], "Ein neuer Schluss."),
        cast=(("Driver", "Ryan Gosling"), ("Standard", "Oscar Isaac")),
        author=None,
        updated="2024-03-12",
        gone_since=7,
    )
    assert changed_parts(DRIVE, new) == ["paragraphs", "cast", "author", "date", "gone"]
    assert diff_lines(DRIVE, new) == [
        "paragraphs:",
        f"  - ¶2 {DRIVE.synopsis[1]}",
        "  + ¶3 Ein neuer Schluss.",
        "cast:",
        "  - Driver (Ryan Gossling)",
        "  - Irene (Carey Mulligan)",
        "  + Driver (Ryan Gosling)",
        "author: Frank Ehrlacher → (none)",
        "date: 2019-01-31 → 2024-03-12",
        "gone: the page is gone since crawl 7",
    ]
    assert diff_lines(new, replace(new, gone_since=None))[-1] == (
        "gone: the page is back (it was gone since crawl 7)"
    )


def test_the_writer_keeps_one_version_a_change_and_none_for_a_new_source(
    db: Database, seed_film: Film
) -> None:
    crawl, _ = Frontier(db).start(["https://www.moviemaster.de/"])
    film_id, _ = save_film(db, seed_film, key="k", source="a.html")
    save_film(db, seed_film, key="k", source="b.html")  # the same record from another file
    changed = seed_film.model_copy(
        update={"author": "Tom Reinders", "cast": [*seed_film.cast, Role(character="X", actor="Y")]}
    )
    assert save_film(db, changed, key="k") == (film_id, "changed")
    assert save_film(db, changed, key="k") == (film_id, "unchanged")
    assert mark_gone(db, key="k", crawl=crawl) == (film_id, "gone")
    assert mark_gone(db, key="k", crawl=crawl) == (film_id, "unchanged")
    assert mark_gone(db, key="nothing", crawl=crawl) is None
    assert save_film(db, changed, key="k", crawl=crawl) == (film_id, "changed")  # back

    versions = db.execute(
        "SELECT film, crawl, changed, author, gone_since, hash FROM versions ORDER BY id"
    ).fetchall()
    hashes = [row.pop() for row in map(list, versions)]
    assert [row[:5] for row in versions] == [
        (film_id, None, '["cast", "author"]', "Frank Ehrlacher", None),
        (film_id, crawl, '["gone"]', "Tom Reinders", None),
        (film_id, crawl, '["gone"]', "Tom Reinders", crawl),
    ]
    assert hashes[0] != hashes[1] == hashes[2] == db["films"].get(film_id)["hash"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize(
    ("film", "message"),
    [
        ("Nichts", "Error: no film in {db} has the URL or title 'Nichts'\n"),
        (
            "Film",
            "Error: 3 films have 'Film' in their title (Film 0; Film 1; Film 2): give a whole"
            " title or a URL\n",
        ),
    ],
)
def test_history_names_what_it_cannot_find(
    db: Database, seed_film: Film, film: str, message: str
) -> None:
    for n in range(3):
        save_film(db, seed_film.model_copy(update={"title": f"Film {n}"}), key=f"k{n}")
    path = Path(db.conn.execute("PRAGMA database_list").fetchone()[2])
    result = CliRunner().invoke(main, ["history", film, "--db", str(path)])
    assert (result.exit_code, result.stderr) == (1, message.format(db=path))


def test_history_finds_a_title_in_any_case_and_says_when_nothing_changed(
    db: Database, seed_film: Film
) -> None:
    save_film(db, seed_film.model_copy(update={"title": "Die Brücke"}), key="k")
    path = Path(db.conn.execute("PRAGMA database_list").fetchone()[2])
    result = CliRunner().invoke(main, ["history", "DIE BRÜCKE", "--db", str(path)])
    assert (result.exit_code, result.stdout) == (0, "Die Brücke\nk\nnever changed\n")
