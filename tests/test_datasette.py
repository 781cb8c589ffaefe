"""The Datasette publication: pages, labels, facets, search and canned queries, in process and
as a real `moviemaster serve`."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from datasette.utils import parse_metadata

from schemas import Film
from scraper.config import CrawlConfig
from scraper.crawler import crawl
from scraper.datasette import METADATA
from scraper.writer import open_db
from tests.crawlsite import RecordingSite, film_page, film_site, rows, write
from tests.served import Client, Get, client, make_database, serving

TABLES = ["films", "paragraphs", "people", "roles", "pages", "crawls", "versions", "visits"]
LISA = "namens Lisa (Anna Maria Mühe) trifft Driver (Ryan Gossling)."


@pytest.fixture
def served(tmp_path: Path, seed_film: Film) -> Iterator[Client]:
    path = tmp_path / "moviemaster.db"
    make_database(path, seed_film)
    with client(path) as served:
        yield served


@pytest.fixture
def get(served: Client) -> Get:
    return served.get


def _json(get: Get, url: str) -> Any:
    response = get(url)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("table", TABLES)
def test_every_table_page_renders(get: Get, table: str) -> None:
    assert get(f"/moviemaster/{table}").status_code == 200
    assert _json(get, f"/moviemaster/{table}.json")["table"] == table


def test_the_films_table_shows_the_start_of_each_story_and_the_row_page_all(
    get: Get, seed_film: Film
) -> None:
    last_words = seed_film.synopsis[-1][-40:]
    assert last_words not in get("/moviemaster/films").text
    assert last_words in get("/moviemaster/films/1").text


def test_only_the_dataset_tables_are_listed(get: Get) -> None:
    tables = _json(get, "/moviemaster.json")["tables"]
    assert sorted(t["name"] for t in tables if not t["hidden"]) == sorted(TABLES)


@pytest.mark.parametrize(
    ("url", "text"),
    [("/moviemaster/films/1", "Drive"), ("/moviemaster/people/1", "Ryan Gossling")],
)
def test_row_pages_render(get: Get, url: str, text: str) -> None:
    response = get(url)
    assert response.status_code == 200
    assert text in response.text


def test_films_are_faceted_by_author_and_update_year(get: Get) -> None:
    facets = _json(get, "/moviemaster/films.json")["facet_results"]

    def counts(name: str) -> dict[Any, int]:
        return {result["value"]: result["count"] for result in facets[name]["results"]}

    assert counts("author") == {"Frank Ehrlacher": 2}
    assert counts("updated_year") == {2019: 1, 2020: 2}


def test_foreign_keys_show_film_titles_and_person_names(get: Get) -> None:
    rows = _json(get, "/moviemaster/roles.json?_labels=on&_shape=array&_size=1")
    assert rows == [
        {
            "film": {"value": 1, "label": "Drive"},
            "position": 1,
            "character": "Driver",
            "person": {"value": 1, "label": "Ryan Gossling"},
        }
    ]


@pytest.mark.parametrize(
    ("word", "written"),
    [
        ("Stuntfahrer", "Stuntfahrer"),
        ("Männer", "Männer"),
        ("Manner", "Männer"),
        ("Maenner", "Männer"),
        ("Strassen", "Straßen"),
    ],
)
def test_search_finds_a_word_of_the_seed_synopsis(get: Get, word: str, written: str) -> None:
    rows = _json(get, f"/moviemaster/films.json?_search={word}&_shape=array")
    assert [row["title"] for row in rows] == ["Drive"]
    assert written in rows[0]["synopsis"]


def test_the_search_box_is_on_the_films_page(get: Get) -> None:
    page = get("/moviemaster/films?_search=Stuntfahrer")
    assert page.status_code == 200
    assert 'name="_search"' in page.text
    assert "1 row where search matches" in page.text


def test_search_finds_titles(get: Get) -> None:
    rows = _json(get, "/moviemaster/films.json?_search=Bruecke&_shape=array")
    assert [row["title"] for row in rows] == ["Die Brücke"]


@pytest.mark.parametrize(
    ("query", "params", "expected"),
    [
        (
            "actor_films",
            "actor=Gossling",
            [("Ryan Gossling", "Driver", "Die Brücke"), ("Ryan Gossling", "Driver", "Drive")],
        ),
        ("co_stars", "actor=Anna+Maria+Mühe", [("Ryan Gossling", 1, "Die Brücke")]),
        ("character_actors", "character=Bernie", [("Bernie Rose", "Albert Brooks", "Drive")]),
        ("films_updated_in_year", "year=2020", [(2, "Die Brücke"), (3, "Leer")]),
        ("films_without_roles", "", [(3, "Leer")]),
        ("search", "q=Mädchen", [(2, "Die Brücke", "2020-05-01", 0, f"Ein [Mädchen] {LISA}")]),
        # A spelled-out word is shown where it matched: in the spelled-out copy of the text.
        (
            "search",
            "q=Maedchen",
            [(2, "Die Brücke", "2020-05-01", 0, f"Ein [Maedchen] {LISA.replace('ü', 'ue')}")],
        ),
        ("search", "q=Drive", [(1, "Drive", "2019-01-31", 1, "[Drive]")]),
        # Best match first: the same hit counts for more in a shorter text.
        ("search", "q=Ryan+Gossling", [(2, "Die Brücke"), (1, "Drive")]),
    ],
)
def test_canned_queries(get: Get, query: str, params: str, expected: list[tuple[Any, ...]]) -> None:
    rows = _json(get, f"/moviemaster/{query}.json?{params}&_shape=array")
    # Each row cut to the length of its expected tuple, [] for the snippets' »«.
    assert [
        tuple(
            value.replace("»", "[").replace("«", "]") if key == "snippet" else value
            for key, value in row.items()
        )[: len(wanted)]
        for row, wanted in zip(rows, expected, strict=False)
    ] == expected
    assert len(rows) == len(expected)


def test_the_changes_of_the_last_crawl_and_the_gone_films(tmp_path: Path) -> None:
    root, db = tmp_path / "site", tmp_path / "moviemaster.db"
    film_site(root, films=4)
    with RecordingSite(root) as site:
        config = CrawlConfig(start_urls=[f"{site.base}/"], db=db, rate=0)
        asyncio.run(crawl(config))
        (root / "filme" / "film-1.html").unlink()
        edited = (root / "filme" / "film-2.html").read_bytes().replace(b"31.01.", b"01.02.")
        listing = (root / "liste-0.html").read_bytes().replace(b"</ul>", b'<a href="/neu.html">')
        write(root, {"filme/film-2.html": edited, "liste-0.html": listing})
        write(root, {"neu.html": film_page(7)})
        asyncio.run(crawl(config))
    with client(db) as served:
        changed = _json(served.get, "/moviemaster/changed_since_last_crawl.json?_shape=array")
        gone = _json(served.get, "/moviemaster/gone.json?_shape=array")
    assert sorted((row["title"], row["changed"]) for row in changed) == [
        ("Film 1", '["gone"]'),
        ("Film 2", '["date"]'),
        ("Film 7", '["new"]'),
    ]
    [film] = gone
    assert (film["title"], film["gone_since"], film["url"]) == (
        "Film 1",
        2,
        f"{site.base}/filme/film-1.html",
    )
    assert film["gone_since_time"] == rows(db, "SELECT started FROM crawls WHERE id = 2")[0][0]


def test_the_most_frequent_actor_comes_first(get: Get) -> None:
    rows = _json(get, "/moviemaster/frequent_actors.json?_shape=array")
    assert rows[0] == {"name": "Ryan Gossling", "films": 2, "roles": 2, "url": None}
    assert len(rows) == 10


def test_every_table_and_column_is_described(tmp_path: Path) -> None:
    db = open_db(tmp_path / "moviemaster.db")
    metadata = parse_metadata(METADATA.read_text(encoding="utf-8"))
    tables = metadata["databases"]["moviemaster"]["tables"]
    for name in [*TABLES, *db.view_names()]:
        assert tables[name]["description"]
        assert set(tables[name]["columns"]) == set(db[name].columns_dict), name


def test_the_plain_datasette_command_brings_the_bundled_metadata_and_pages(
    tmp_path: Path, seed_film: Film
) -> None:
    # The plugin, installed with the package, brings the metadata, for a database of any name.
    path = tmp_path / "x.db"
    make_database(path, seed_film)

    with serving("datasette", path) as served:
        roles = httpx.get(f"{served.base}/x/roles.json?_labels=on&_shape=array&_size=1").json()
        film_page = httpx.get(f"{served.base}/x/films/1").text
        home = httpx.get(f"{served.base}/").text

    assert roles[0]["person"] == {"value": 1, "label": "Ryan Gossling"}
    assert 'id="role-1"' in film_page
    assert "Ready-made queries" in home and "moviemaster.de – Filme" in home


def test_nothing_is_writable(served: Client) -> None:
    before = _json(served.get, "/moviemaster/films.json?_shape=array")
    rows = {"rows": [{"title": "Neu", "synopsis": "x", "key": "neu", "hash": "x"}]}

    for url in ["/-/create", "/moviemaster/-/create", "/moviemaster/films/-/insert"]:
        assert served.post(url, json=rows).status_code in (403, 404, 405), url
    for url in ["/moviemaster/films/1/-/delete", "/moviemaster/films/1/-/update"]:
        assert served.post(url, json={"update": {"title": "x"}}).status_code in (403, 404, 405)
    assert served.get("/moviemaster.json?sql=delete+from+films").status_code == 400
    assert not [
        query for query in _json(served.get, "/moviemaster.json")["queries"] if query.get("write")
    ]
    # The plugin only reads: no routes of its own, no say over permissions or actors.
    (plugin,) = [
        p for p in _json(served.get, "/-/plugins.json") if p["name"] == "moviemaster-scraper"
    ]
    assert set(plugin["hooks"]) == {"extra_template_vars", "get_metadata", "render_cell", "startup"}
    assert _json(served.get, "/moviemaster/films.json?_shape=array") == before


def test_moviemaster_serve_on_loopback(tmp_path: Path, seed_film: Film) -> None:
    path = tmp_path / "demo.db"
    make_database(path, seed_film)

    with serving("moviemaster", "serve", "--db", path) as served:
        roles = httpx.get(f"{served.base}/demo/roles.json?_labels=on&_shape=array&_size=1")
        film_page = httpx.get(f"{served.base}/demo/films/1")

    assert roles.json()[0]["film"] == {"value": 1, "label": "Drive"}
    assert film_page.status_code == 200 and 'id="role-1"' in film_page.text
    port = served.base.rsplit(":", 1)[1]
    assert f"Uvicorn running on http://127.0.0.1:{port}" in served.stderr
