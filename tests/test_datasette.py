"""The Datasette publication: pages, labels, facets, search and canned queries, in process and
as a real `moviemaster serve`."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from schemas import Film, Role
from scraper.serve import METADATA, datasette, metadata
from scraper.writer import open_db, save_film

TABLES = ["films", "paragraphs", "people", "roles", "pages", "crawls"]
BRIDGE = Film(
    title="Die Brücke",
    synopsis=["Ein Mädchen namens Lisa (Anna Maria Mühe) trifft Driver (Ryan Gossling)."],
    cast=[
        Role(character="Lisa", actor="Anna Maria Mühe"),
        Role(character="Driver", actor="Ryan Gossling"),
    ],
    author="Frank Ehrlacher",
    updated=date(2020, 5, 1),
)
NO_ROLES = Film(title="Leer", synopsis=["Niemand wird hier genannt."], updated=date(2020, 6, 1))

LISA = "namens Lisa (Anna Maria Mühe) trifft Driver (Ryan Gossling)."
Get = Callable[[str], httpx.Response]


def _make_database(path: Path, seed_film: Film) -> None:
    db = open_db(path)
    save_film(db, seed_film.model_copy(update={"title": "Drive"}), key="drive")
    save_film(db, BRIDGE, key="bridge")
    save_film(db, NO_ROLES, key="empty")
    db.close()


@pytest.fixture
def get(tmp_path: Path, seed_film: Film) -> Iterator[Get]:
    """GET a path from Datasette's in-process client (one event loop per test)."""
    path = tmp_path / "moviemaster.db"
    _make_database(path, seed_film)
    ds = datasette(path)
    loop = asyncio.new_event_loop()
    yield lambda url: loop.run_until_complete(ds.client.get(url))
    loop.close()


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


def test_the_most_frequent_actor_comes_first(get: Get) -> None:
    rows = _json(get, "/moviemaster/frequent_actors.json?_shape=array")
    assert rows[0] == {"name": "Ryan Gossling", "films": 2, "roles": 2, "url": None}
    assert len(rows) == 10


def test_every_table_and_column_is_described(tmp_path: Path) -> None:
    db = open_db(tmp_path / "moviemaster.db")
    tables = metadata()["databases"]["moviemaster"]["tables"]
    for name in [*TABLES, *db.view_names()]:
        assert tables[name]["description"]
        assert set(tables[name]["columns"]) == set(db[name].columns_dict), name


def test_the_metadata_follows_the_database_name() -> None:
    assert list(metadata("demo")["databases"]) == ["demo"]


def test_the_plain_datasette_command_uses_the_metadata_file(
    tmp_path: Path, seed_film: Film
) -> None:
    path = tmp_path / "moviemaster.db"
    _make_database(path, seed_film)
    command = Path(sys.executable).parent / "datasette"
    url = "/moviemaster/roles.json?_labels=on&_shape=array&_size=1"

    result = subprocess.run(
        [command, path, "--metadata", METADATA, "--get", url],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["person"] == {"value": 1, "label": "Ryan Gossling"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_moviemaster_serve_answers_json(tmp_path: Path, seed_film: Film) -> None:
    # Named demo.db, so the metadata must follow the file name for labels to appear.
    path = tmp_path / "demo.db"
    _make_database(path, seed_film)
    port = _free_port()
    command = Path(sys.executable).parent / "moviemaster"
    server = subprocess.Popen(
        [command, "serve", "--db", path, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/demo/roles.json?_labels=on&_shape=array&_size=1"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(url, timeout=5)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=10)

    assert response.status_code == 200
    assert response.json()[0]["film"] == {"value": 1, "label": "Drive"}
    assert f"Uvicorn running on http://127.0.0.1:{port}" in stderr.decode()


SCREENSHOTS = Path(__file__).parents[1] / "scripts" / "screenshots.py"


@pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(),
    reason="Debian's Chromium is not installed (apt-get install chromium)",
)
def test_screenshots_in_headless_chromium(tmp_path: Path, seed_film: Film) -> None:
    pytest.importorskip("playwright", reason="Playwright is not installed (pip install playwright)")
    path = tmp_path / "moviemaster.db"
    _make_database(path, seed_film)
    out = tmp_path / "shots"

    result = subprocess.run(
        [sys.executable, SCREENSHOTS, path, "--out", out, "--search", "Stuntfahrer"],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    for name in ("films.png", "film.png", "search.png"):
        image = (out / name).read_bytes()
        assert image.startswith(b"\x89PNG") and len(image) > 10_000, name
