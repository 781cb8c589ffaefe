"""`moviemaster demo`: the bundled site, its server, and a crawl of it into a database."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from scraper.cli import main
from scraper.demo import SITE, StaticSite
from scraper.links import page_links
from scraper.state import Frontier
from scraper.writer import open_db
from tests.crawlsite import rows

EXPECTED = Path(__file__).parent / "demo_expected.json"


@pytest.fixture(scope="module")
def site() -> Iterator[StaticSite]:
    with StaticSite(SITE) as server:
        yield server


def _noindex(path: str) -> bool:
    """Whether the site's page at ``path`` asks robots not to index it."""
    body = (SITE / path.lstrip("/")).read_bytes()
    return page_links(body, f"http://127.0.0.1{path}", "text/html").noindex


def _stored_films(db: Path) -> dict[str, dict[str, Any]]:
    """Every film in the database as the record it was written from."""
    films = {}
    for film_id, key, url, title, author, updated in rows(
        db, "SELECT id, key, url, title, author, updated FROM films"
    ):
        synopsis = [
            text
            for (text,) in rows(
                db, "SELECT text FROM paragraphs WHERE film = ? ORDER BY position", [film_id]
            )
        ]
        cast = [
            {"character": character, "actor": name, "actor_url": actor_url}
            for character, name, actor_url in rows(
                db,
                "SELECT character, name, url FROM roles JOIN people ON people.id = person"
                " WHERE film = ? ORDER BY position",
                [film_id],
            )
        ]
        films[key] = {
            "url": url,
            "title": title,
            "synopsis": synopsis,
            "cast": cast,
            "author": author,
            "updated": updated,
        }
    return films


def test_demo_crawls_exactly_the_indexable_films(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    summary, explore = result.stdout.splitlines()
    assert summary.startswith("crawl 1 done in ")
    assert "26 new" in summary and "1 gone, 0 failed" in summary
    assert explore == f"explore it: moviemaster serve --db {db}"
    assert result.stderr.startswith("gone: http://127.0.0.1:")
    assert result.stderr.rstrip().endswith("/filme/der-kaiman.html: HTTP 404 Not Found")

    [(start_urls,)] = rows(db, "SELECT start_urls FROM crawls")
    base = json.loads(start_urls)[0].rstrip("/")
    records = json.loads(EXPECTED.read_text(encoding="utf-8").replace("{base}", base))
    expected = {base + path: record for path, record in records.items() if not _noindex(path)}
    stored = _stored_films(db)
    assert sorted(stored) == sorted(expected)  # the crawler's part: which pages are films
    assert stored == expected  # the parser's part, on the crawled bytes and headers


def test_demos_night_after_night_show_nothing_changed_then_a_change_and_a_gone_film(
    tmp_path: Path,
) -> None:
    db = tmp_path / "demo.db"
    assert CliRunner().invoke(main, ["demo", "--db", str(db)]).exit_code == 0

    again = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert again.exit_code == 0
    assert again.stdout.startswith("crawl 2 done in ")
    assert "0 fetched, 54 not modified, 0 new, 0 changed, 0 unchanged, 1 gone, 0 failed" in (
        again.stdout
    )
    assert rows(db, "SELECT count(*) FROM versions") == [(0,)]

    edited = CliRunner().invoke(main, ["demo", "--db", str(db), "--edited"])
    assert edited.exit_code == 0, edited.output
    summary, *hints, _ = edited.stdout.splitlines()
    assert "1 fetched, 52 not modified, 0 new, 1 changed, 0 unchanged, 2 gone, 0 failed" in summary
    assert hints == [
        f"see what changed: moviemaster history Drive --db {db}",
        f"see what changed: moviemaster history 'Kaltes Land' --db {db}",
    ]
    assert edited.stderr.count("gone: ") == 2 and "/filme/kaltes-land.html" in edited.stderr
    drive = CliRunner().invoke(main, ["history", "Drive", "--db", str(db)])
    assert drive.exit_code == 0
    assert "crawl 3, " in drive.stdout and ": paragraphs, cast, date\n" in drive.stdout
    assert "¶1 Driver (Ryan [-Gossling)-] {+Gosling)+} verdient sein Geld" in drive.stdout
    assert "  date: 2019-01-31 → 2024-03-12\n" in drive.stdout
    assert rows(db, "SELECT title, gone_since FROM films WHERE gone_since IS NOT NULL") == [
        ("Kaltes Land", 3)
    ]

    # The next night the site is as before: the edit is undone, the film is back.
    back = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert back.exit_code == 0
    assert "2 fetched, 52 not modified, 0 new, 2 changed, 0 unchanged, 1 gone" in back.stdout
    assert rows(db, "SELECT count(*) FROM films WHERE gone_since IS NOT NULL") == [(0,)]
    land = CliRunner().invoke(main, ["history", "kaltes land", "--db", str(db)])
    base = json.loads(rows(db, "SELECT start_urls FROM crawls WHERE id = 1")[0][0])[0]
    assert re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", "TIME", land.stdout) == (
        f"Kaltes Land\n{base}filme/kaltes-land.html\n"
        "stored since crawl 1, TIME; changed 2 times\n"
        "\ncrawl 3, TIME: gone\n  gone: the page is gone since crawl 3\n"
        "\ncrawl 4, TIME: gone\n  gone: the page is back (it was gone since crawl 3)\n"
    )


def test_a_demo_whose_port_is_taken_starts_afresh(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    with socket.create_server(("127.0.0.1", 0)) as taken:
        earlier = f"http://127.0.0.1:{taken.getsockname()[1]}/"
        database = open_db(db)
        Frontier(database).start([earlier])
        database.close()
        result = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert result.exit_code == 0
    assert result.stdout.startswith("crawl 1 done in ")
    [(start_urls,)] = rows(db, "SELECT start_urls FROM crawls")
    assert json.loads(start_urls)[0] != earlier
    assert rows(db, "SELECT count(*) FROM films") == [(26,)]


@pytest.mark.parametrize(
    "content",
    [b"not a database at all", None],
    ids=["not-sqlite", "a-parsed-database"],
)
def test_the_demo_leaves_other_files_alone(tmp_path: Path, content: bytes | None) -> None:
    db = tmp_path / "moviemaster.db"
    if content is None:
        seed = Path(__file__).parent / "fixtures" / "seed_drive" / "page.txt"
        assert CliRunner().invoke(main, ["parse", "--db", str(db), str(seed)]).exit_code == 0
    else:
        db.write_bytes(content)
    before = db.read_bytes()
    result = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {db} exists and is not a demo database: give --db a new file\n"
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/filme/drive.html", "text/html; charset=iso-8859-1"),
        ("/darsteller/index.html", "text/html; charset=iso-8859-1"),
        ("/neu/filme/titanic.html", "text/html; charset=utf-8"),
        ("/filme/notiz.txt", "text/plain; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/bilder/szene.png", "image/png"),
        ("/presse/pressemappe.pdf", "application/pdf"),
        ("/", "text/html"),
    ],
)
def test_the_server_sends_the_sites_content_types(
    site: StaticSite, path: str, content_type: str
) -> None:
    response = httpx.get(site.base + path)
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.headers["etag"] and response.headers["last-modified"]


def test_the_server_answers_conditional_requests(site: StaticSite) -> None:
    with httpx.Client(base_url=site.base) as client:
        first = client.get("/filme/drive.html")
        by_etag = client.get("/filme/drive.html", headers={"If-None-Match": first.headers["etag"]})
        since = {"If-Modified-Since": first.headers["last-modified"]}
        by_date = client.get("/filme/drive.html", headers=since)
        other = client.get("/filme/drive.html", headers={"If-None-Match": '"other"'})
    assert (by_etag.status_code, by_etag.content) == (304, b"")
    assert by_date.status_code == 304
    assert (other.status_code, other.content) == (200, first.content)


@pytest.mark.parametrize("path", ["/nothing.html", "/../pyproject.toml", "/%2e%2e/cli.py"])
def test_the_server_serves_only_the_site(site: StaticSite, path: str) -> None:
    assert httpx.get(site.base + path).status_code == 404
