"""Pages that answer 404 or 410 are gone, not failed, and the film gone is the one stored
under the URL that answered (test_nights.py follows a gone film over several crawls)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from scraper.cli import main
from tests.crawlsite import (
    film_page,
    listing_page,
    rows,
)


def _serve(server: HTTPServer, pages: dict[str, bytes]) -> str:
    """Serve ``pages`` (and no robots.txt); return the start URL."""
    server.expect_request("/robots.txt").respond_with_data(b"", status=404)
    for path, body in pages.items():
        server.expect_request(path).respond_with_data(body, content_type="text/html")
    return f"http://127.0.0.1:{server.port}/"


@pytest.mark.parametrize(
    ("status", "result", "exit_status"),
    [(410, "gone", 0), (404, "gone", 0), (403, "failed", 1), (401, "failed", 1)],
)
def test_only_404_and_410_are_gone(
    tmp_path: Path, httpserver_ipv4: HTTPServer, status: int, result: str, exit_status: int
) -> None:
    httpserver_ipv4.expect_request("/missing.html").respond_with_data(b"", status=status)
    start = _serve(httpserver_ipv4, {"/": listing_page("Start", ["/missing.html"])})
    db, summary = tmp_path / "c.db", tmp_path / "summary.json"
    args = ["crawl", start, "--db", str(db), "--rate", "0", "-q", "--summary-json", str(summary)]

    assert CliRunner().invoke(main, args).exit_code == exit_status

    assert rows(
        db, "SELECT result, http_status FROM pages WHERE url = ?", [f"{start}missing.html"]
    ) == [(result, status)]
    counts = json.loads(summary.read_text())["counts"]
    assert (counts["gone"], counts["failed"]) == ((1, 0) if result == "gone" else (0, 1))


def test_a_redirect_to_a_gone_page_marks_the_film_stored_there(
    tmp_path: Path, httpserver_ipv4: HTTPServer
) -> None:
    """The film's key is the URL that answered: an alias redirected to it goes with it, and an
    alias gone on its own leaves the film alone."""
    server = httpserver_ipv4
    server.expect_oneshot_request("/alias.html").respond_with_data(
        b"", status=301, headers={"Location": "/film.html"}
    )
    server.expect_request("/alias.html").respond_with_data(b"", status=404)
    # Actor pages linked by the film: none, and no retries for them.
    server.expect_request(re.compile("/darsteller/.*")).respond_with_data(b"", status=404)
    home = listing_page("Start", ["/alias.html", "/film.html"])
    start = _serve(server, {"/": home, "/film.html": film_page(2)})
    db = tmp_path / "c.db"
    args = ["crawl", start, "--db", str(db), "--rate", "0", "-q"]
    assert CliRunner().invoke(main, args).exit_code == 0
    [(film_id,)] = rows(db, "SELECT id FROM films")
    assert rows(db, "SELECT film FROM pages WHERE url = ?", [f"{start}alias.html"]) == [(film_id,)]

    assert CliRunner().invoke(main, args).exit_code == 0

    # The alias is gone; the film it led to answered under its own URL and stays.
    assert rows(db, "SELECT result, film FROM pages WHERE url = ?", [f"{start}alias.html"]) == [
        ("gone", None)
    ]
    assert rows(db, "SELECT key, gone_since FROM films") == [(f"{start}film.html", None)]
    assert rows(db, "SELECT count(*) FROM versions") == [(0,)]
