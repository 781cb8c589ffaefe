"""The pages a reader reads, rendered by Datasette with the bundled plugin and templates: a film's,
a person's, the films table and the home page, for a database of any name."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from datasette.app import Datasette
from datasette.utils import parse_metadata
from selectolax.lexbor import LexborHTMLParser, LexborNode

from schemas import Film
from scraper.datasette import METADATA
from scraper.writer import open_db
from tests.served import BRIDGE, Get, client, json_of, make_database

# Not moviemaster.db: nothing may depend on the file's name.
NAME = "x"


@pytest.fixture
def path(tmp_path: Path, seed_film: Film) -> Path:
    path = tmp_path / f"{NAME}.db"
    make_database(path, seed_film)
    return path


@pytest.fixture
def get(path: Path) -> Iterator[Get]:
    with client(path) as served:
        yield served.get


def _page(get: Get, url: str) -> LexborHTMLParser:
    response = get(url)
    assert response.status_code == 200, response.text
    return LexborHTMLParser(response.text)


def _texts(nodes: list[LexborNode]) -> list[str]:
    return [node.text(deep=True).strip() for node in nodes]


def _cells(table: LexborNode) -> list[list[str]]:
    return [_texts(row.css("td")) for row in table.css("tbody tr")]


def test_a_film_page_shows_the_byline_and_the_synopsis_as_paragraphs(
    get: Get, seed_film: Film
) -> None:
    page = _page(get, f"/{NAME}/films/1")

    assert page.css_first("h1").text().strip() == "Drive"
    byline = page.css_first(".byline")
    assert "By Frank Ehrlacher" in byline.text() and "updated 2019-01-31" in byline.text()
    assert byline.css_first("a").attributes["href"] == "https://www.moviemaster.de/filme/drive.html"
    assert _texts(page.css(".synopsis p")) == seed_film.synopsis


def test_a_film_page_links_each_character_in_the_synopsis_to_its_role(
    get: Get, seed_film: Film
) -> None:
    page = _page(get, f"/{NAME}/films/1")

    roles = {
        row.attributes["id"]: _texts(row.css("td"))[0] for row in page.css("table.cast tr[id]")
    }
    linked = [
        (link.text(), roles[link.attributes["href"].removeprefix("#")])
        for link in page.css(".synopsis a.character")
    ]
    # Each pair of the seed page is marked once, in the order of the text, at its own role.
    assert linked == [(role.character, role.character) for role in seed_film.cast]
    actors = [link.text() for link in page.css(".synopsis a.actor")]
    assert actors == [role.actor for role in seed_film.cast]


def test_a_film_page_lists_the_cast_with_links_to_people_that_work(
    get: Get, seed_film: Film
) -> None:
    cast = _page(get, f"/{NAME}/films/1").css_first("table.cast")

    assert _texts(cast.css("th")) == ["Character", "Actor"]  # no actor has a link on the site
    assert _cells(cast) == [[role.character, role.actor] for role in seed_film.cast]
    for link, role in zip(cast.css("td a"), seed_film.cast, strict=True):
        person = _page(get, link.attributes["href"])
        assert person.css_first("h1").text().strip() == role.actor


def test_a_film_page_links_the_actors_page_on_the_site(get: Get) -> None:
    cast = _page(get, f"/{NAME}/films/2").css_first("table.cast")

    assert _texts(cast.css("th")) == ["Character", "Actor", "Actor on the site"]
    lisa = cast.css("tbody tr")[0]
    assert lisa.css("a")[1].attributes["href"] == BRIDGE.cast[0].actor_url


def test_a_film_without_pairs_says_so(get: Get) -> None:
    page = _page(get, f"/{NAME}/films/3")
    assert page.css_first("table.cast") is None
    assert 'No "Character (Actor)" pair was found' in page.css_first("article").text()


def test_machine_columns_stay_out_of_the_page_but_in_the_json(get: Get) -> None:
    record = json_of(get, f"/{NAME}/films/1.json?_shape=objects")["rows"][0]
    html = get(f"/{NAME}/films/1").text
    for column in ("key", "source", "hash"):
        assert column in record
    assert record["hash"] not in html
    assert f">{record['key']}<" not in html


def test_a_person_page_lists_every_role_newest_first(get: Get) -> None:
    page = _page(get, f"/{NAME}/people/1")

    assert page.css_first("h1").text().strip() == "Ryan Gossling"
    assert _cells(page.css_first("table.roles")) == [
        ["Die Brücke", "Driver", "2020-05-01"],
        ["Drive", "Driver", "2019-01-31"],
    ]
    film_link = page.css_first("table.roles a").attributes["href"]
    assert _page(get, film_link).css_first("h1").text().strip() == "Die Brücke"


def test_a_person_page_has_the_co_stars_one_click_away(get: Get) -> None:
    page = _page(get, f"/{NAME}/people/1")

    (co_stars,) = [link for link in page.css(".byline a") if link.text() == "Co-stars"]
    href = co_stars.attributes["href"]
    assert href == f"/{NAME}/co_stars?actor=Ryan+Gossling"
    rows = json_of(get, href.replace("co_stars?", "co_stars.json?_shape=array&"))
    assert rows[0]["co_star"] == "Albert Brooks"
    assert "Anna Maria Mühe" in [row["co_star"] for row in rows]


def test_a_person_page_links_their_page_on_the_site(get: Get) -> None:
    person = json_of(get, f"/{NAME}/people.json?name=Anna+Maria+Mühe&_shape=array")[0]
    links = _page(get, f"/{NAME}/people/{person['id']}").css(".byline a")
    assert links[0].attributes["href"] == BRIDGE.cast[0].actor_url


def test_the_films_table_shows_title_author_date_and_first_sentence(get: Get) -> None:
    page = _page(get, f"/{NAME}/films")

    table = page.css_first("table.rows-and-columns")
    assert [th.attributes["data-column"] for th in table.css("th")] == [
        "title",
        "author",
        "updated",
        "synopsis",
    ]
    assert _cells(table)[2] == [
        "Drive",
        "Frank Ehrlacher",
        "2019-01-31",
        "Driver (Ryan Gossling) ist Stuntfahrer in Hollywood.",
    ]
    assert table.css("tbody tr")[2].css_first("a").attributes["href"] == f"/{NAME}/films/1"
    # Facets and search stay.
    assert page.css_first('input[name="_search"]') is not None
    assert {facet.attributes["data-column"] for facet in page.css(".facet-info")} == {
        "author",
        "updated_year",
    }


def test_the_home_page_counts_what_is_there_and_links_the_queries(get: Get) -> None:
    page = _page(get, "/")
    summary = page.css_first(".moviemaster-summary")

    # The seed page's 9 pairs and Die Brücke's 2, one actor in both.
    counts = " ".join(summary.css_first(".counts").text(deep=True).split())
    assert counts == "3 films, 10 people, 11 roles."
    assert "No crawl yet" in summary.css_first(".crawl").text()
    queries = {link.text(): link.attributes["href"] for link in summary.css("p:last-child a")}
    assert queries["Co-stars of an actor"] == f"/{NAME}/co_stars"
    assert len(queries) == len(json_of(get, f"/{NAME}.json")["queries"])


def test_the_home_page_tells_what_the_last_crawl_found(path: Path) -> None:
    db = open_db(path)
    db["crawls"].insert_all(
        [
            {"started": "2025-03-01T02:00:00+00:00", "ended": "2025-03-01T02:05:00+00:00"},
            {
                "started": "2025-03-02T02:00:00+00:00",
                "ended": "2025-03-02T03:12:30+00:00",
                "fetched": 3605,
                "new": 2,
                "changed": 5,
                "unchanged": 3590,
                "failed": 8,
            },
        ]
    )
    db.close()
    with client(path) as served:
        crawl = _page(served.get, "/").css_first(".moviemaster-summary .crawl")

    text = " ".join(crawl.text(deep=True).split())
    assert "Last crawl (number 2): started 2025-03-02 02:00 UTC, took 1 h 12 min:" in text
    assert "3,605 fetched, 0 not modified, 2 new, 5 changed, 3,590 unchanged, 8 failed" in text
    failed = crawl.css("a")[-1]
    assert (failed.text(), failed.attributes["href"]) == (
        "8 failed",
        f"/{NAME}/pages?crawl=2&result=failed",
    )


def test_another_database_with_a_films_table_is_left_alone(path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE films (id INTEGER PRIMARY KEY, name TEXT, hash TEXT)")
        connection.execute("INSERT INTO films VALUES (1, 'Metropolis', 'abc123')")
        connection.commit()
    metadata = parse_metadata(METADATA.read_text(encoding="utf-8"))

    with client(Datasette([str(path), str(other)], metadata=metadata)) as served:
        theirs = _page(served.get, "/other/films/1")
        mine = _page(served.get, f"/{NAME}/films/1")
        their_table = json_of(served.get, "/other/films.json")

    assert theirs.css_first("table.cast") is None
    assert "abc123" in theirs.html
    assert their_table["facet_results"] == {}  # the bundled facets are for our films table
    assert mine.css_first("table.cast") is not None


def test_a_metadata_file_of_ones_own_wins(path: Path) -> None:
    with client(Datasette([str(path)], metadata={"title": "Mein Filmarchiv"})) as served:
        home = _page(served.get, "/")
        facets = json_of(served.get, f"/{NAME}/films.json")["facet_results"]

    assert home.css_first("h1").text() == "Mein Filmarchiv"
    assert home.css_first(".moviemaster-summary") is not None
    assert set(facets) == {"author", "updated_year"}


def _keep_history(path: Path) -> None:
    """Drive's page gone since crawl 2, after its text changed in crawl 1, as the nightly crawl
    keeps it: films.gone_since and the versions table (made here where the schema has none)."""
    db = open_db(path)
    if "versions" not in db.table_names():
        db.execute("ALTER TABLE films ADD COLUMN gone_since INTEGER REFERENCES crawls(id)")
        db["versions"].create(
            {"id": int, "film": int, "crawl": int, "at": str, "changed": str}
            | {"synopsis": str, "roles": str, "hash": str},
            pk="id",
            foreign_keys=[("film", "films", "id"), ("crawl", "crawls", "id")],
        )
    db["crawls"].insert_all(
        [
            {"id": 1, "started": "2025-03-01T02:00:00+00:00"},
            {"id": 2, "started": "2025-03-02T02:00:00+00:00"},
        ]
    )
    before = {"synopsis": "Früher.", "roles": "[]", "hash": "0" * 64}
    db["versions"].insert_all(
        [
            {"film": 1, "crawl": 1, "at": "2025-03-01T02:10:00+00:00"}
            | {"changed": '["paragraphs", "cast"]', **before},
            {"film": 1, "crawl": 2, "at": "2025-03-02T02:03:00+00:00", "changed": '["gone"]'}
            | before,
        ]
    )
    db.execute("UPDATE films SET gone_since = 2 WHERE id = 1")
    db.conn.commit()
    db.close()


def test_a_film_page_says_when_the_page_is_gone_and_what_changed(path: Path) -> None:
    _keep_history(path)
    with client(path) as served:
        page = _page(served.get, f"/{NAME}/films/1")
        films = _page(served.get, f"/{NAME}/films")
        bridge = _page(served.get, f"/{NAME}/films/2")

    gone = " ".join(page.css_first(".notice.gone").text().split())
    assert gone.startswith("This page is gone from the site since crawl 2 (2025-03-02 02:00 UTC)")
    history = page.css_first(".notice.history")
    assert _texts(history.css("li")) == [
        "2025-03-02 02:03 UTC (crawl 2): gone",
        "2025-03-01 02:10 UTC (crawl 1): paragraphs, cast",
    ]
    assert history.css_first("p a").attributes["href"] == f"/{NAME}/versions?film=1"
    assert [_texts(row.css("td"))[0] for row in films.css("tbody tr")][2] == "Drive (gone)"
    assert bridge.css_first(".notice") is None
