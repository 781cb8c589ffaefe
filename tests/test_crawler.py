"""Whole crawls against real servers on 127.0.0.1: discovery, politeness, incremental runs and
failures (resuming after SIGKILL: test_hostile_crawl.py)."""

from __future__ import annotations

import asyncio
import html
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from scraper.cli import main
from scraper.config import CrawlConfig, load_config
from scraper.crawler import Summary, crawl
from scraper.demo import SITE
from scraper.links import normalize, page_links
from tests.crawlsite import (
    RecordingSite,
    content,
    film_page,
    film_site,
    listing_page,
    rows,
    write,
)

# Politeness lifted and retries quick: the tests check behaviour, not patience.
FAST: dict[str, Any] = {"rate": 0, "backoff": 0.01, "retries": 1}


def no_robots_txt(server: HTTPServer) -> str:
    """Answer robots.txt with 404 (no rules); return the server's start URL."""
    server.expect_request("/robots.txt").respond_with_data(b"", status=404)
    return f"http://127.0.0.1:{server.port}/"


def run(db: Path, start: str, **settings: Any) -> Summary:
    config = CrawlConfig.model_validate({"start_urls": [start], "db": db, **FAST, **settings})
    return asyncio.run(crawl(config))


@pytest.fixture(scope="module")
def demo_site() -> Iterator[RecordingSite]:
    with RecordingSite(SITE) as site:
        yield site


@pytest.fixture
def demo(demo_site: RecordingSite) -> RecordingSite:
    demo_site.hits.clear()
    return demo_site


def test_a_full_crawl_finds_exactly_the_sites_films(tmp_path: Path, demo: RecordingSite) -> None:
    db = tmp_path / "crawl.db"
    summary = run(db, f"{demo.base}/", concurrency=3)

    counts = summary.counts
    assert (counts["new"], counts["gone"], counts["failed"], counts["skipped"]) == (26, 1, 0, 7)
    assert counts["fetched"] == 54 and counts["skipped_robots"] == 18
    films = {key.removeprefix(demo.base) for (key,) in rows(db, "SELECT key FROM films")}
    assert len(films) == 26 and not any("/druck/" in key for key in films)
    # Linked from nowhere, listed in the sitemap that robots.txt names.
    assert {"/filme/nachtzug-nach-triest.html", "/neu/filme/der-letzte-sommer-am-see.html"} < films

    paths = demo.paths()
    assert not [path for path in paths if path.startswith(("/intern", "/suche"))]
    assert [path for path, n in Counter(paths).items() if n > 1] == []
    pages = dict(rows(db, "SELECT url, reason FROM pages WHERE result IN ('skipped', 'gone')"))
    assert pages[f"{demo.base}/intern/index.html"] == "disallowed by robots.txt"
    assert pages[f"{demo.base}/presse/pressemappe.pdf"] == "content type application/pdf"
    assert pages[f"{demo.base}/filme/druck/drive.html"] == "noindex"
    assert pages[f"{demo.base}/filme/der-kaiman.html"] == "HTTP 404 Not Found"
    # Only the site's own pages were queued: no off-site, mailto: or javascript: links.
    urls = [url for (url,) in rows(db, "SELECT url FROM pages")]
    assert all(url.startswith(f"{demo.base}/") for url in urls)
    assert not [url for url in urls if "#" in url]


def test_a_second_crawl_asks_conditionally_and_rewrites_nothing(
    tmp_path: Path, demo: RecordingSite
) -> None:
    db = tmp_path / "crawl.db"
    first = run(db, f"{demo.base}/", concurrency=3)
    before = content(db)
    demo.hits.clear()

    summary = run(db, f"{demo.base}/", concurrency=3)

    assert summary.crawl == 2 and not summary.resumed
    counts = summary.counts
    assert counts["fetched"] == counts["new"] == counts["changed"] == counts["unchanged"] == 0
    assert counts["not_modified"] == first.counts["fetched"]
    bodies = sorted(hit.path for hit in demo.hits if hit.status == 200)
    assert bodies == ["/bilder/plakat-schattenhafen.png", "/presse/pressemappe.pdf", "/robots.txt"]
    asked = [hit for hit in demo.hits if hit.status == 304]
    assert all("If-None-Match" in hit.headers for hit in asked)
    after = content(db)
    # The pages now record the 304s; all else stays as it was.
    assert [row[:6] + row[7:] for row in after.pop("pages")] == [
        row[:6] + row[7:] for row in before.pop("pages")
    ]
    assert after == before


def test_a_changed_page_is_rewritten_and_an_unchanged_body_is_not(
    tmp_path: Path, httpserver_ipv4: HTTPServer
) -> None:
    # This server sends no validators, so every crawl downloads every body again.
    pages = {"/": listing_page("Filme", ["/a.html", "/b.html"]), "/a.html": film_page(1)}
    pages["/b.html"] = film_page(2)
    for path, body in pages.items():
        httpserver_ipv4.expect_oneshot_request(path).respond_with_data(
            body, content_type="text/html; charset=iso-8859-1"
        )
    start = no_robots_txt(httpserver_ipv4)
    db = tmp_path / "crawl.db"
    assert run(db, start).counts["new"] == 2
    films_before = rows(db, "SELECT key, id, hash FROM films ORDER BY key")

    pages["/b.html"] = film_page(3)
    for path, body in pages.items():
        httpserver_ipv4.expect_oneshot_request(path).respond_with_data(
            body, content_type="text/html; charset=iso-8859-1"
        )
    counts = run(db, start).counts

    assert (counts["fetched"], counts["new"], counts["changed"], counts["unchanged"]) == (
        3,
        0,
        1,
        1,
    )
    films_after = rows(db, "SELECT key, id, hash FROM films ORDER BY key")
    assert films_after[0] == films_before[0] and films_after[1][:2] == films_before[1][:2]
    assert films_after[1][2] != films_before[1][2]


def test_off_site_links_and_redirects_are_not_followed(
    tmp_path: Path, httpserver_ipv4: HTTPServer
) -> None:
    with RecordingSite(tmp_path) as elsewhere:
        write(tmp_path, {"film.html": film_page(1)})
        home = listing_page("Start", [f"{elsewhere.base}/film.html", "/moved", "/here"])
        server = httpserver_ipv4
        server.expect_request("/").respond_with_data(home, content_type="text/html")
        server.expect_request("/moved").respond_with_data(
            b"", status=302, headers={"Location": f"{elsewhere.base}/film.html"}
        )
        server.expect_request("/here").respond_with_data(
            b"", status=301, headers={"Location": "/film.html"}
        )
        server.expect_request("/film.html").respond_with_data(
            film_page(2), content_type="text/html"
        )
        start = no_robots_txt(server)
        summary = run(tmp_path / "crawl.db", start)
    assert elsewhere.hits == []
    reasons = dict(rows(tmp_path / "crawl.db", "SELECT url, reason FROM pages"))
    assert reasons[f"{start}moved"] == f"redirected to another host: {elsewhere.base}/film.html"
    assert reasons[f"{start}here"] is None  # a film, found through the redirect ...
    films = rows(tmp_path / "crawl.db", "SELECT key FROM films")
    assert films == [(f"{start}film.html",)]  # ... and stored under the URL that answered
    assert not [url for url in reasons if url.startswith(elsewhere.base)]
    assert summary.counts["new"] == 1 and summary.counts["skipped"] == 1


def _assert_spaced(site: RecordingSite, interval: float) -> None:
    """The server saw requests start ``interval`` apart, give or take half an interval for the
    way to it (slower for some requests on a busy machine, where this server's threads wait for
    the crawl's, and for a connection's first: CI once saw the first of six 25 ms late)."""
    starts = sorted(hit.at for hit in site.hits)
    assert starts[-1] - starts[0] >= (len(starts) - 1) * interval - interval / 2
    # Any five requests in a row: at least three intervals, where no limit would take ~0.
    assert min(b - a for a, b in zip(starts, starts[4:], strict=False)) >= 3 * interval


def test_the_rate_limit_holds_at_the_server(tmp_path: Path) -> None:
    film_site(tmp_path, films=8, per_listing=4)
    with RecordingSite(tmp_path) as site:
        run(tmp_path / "crawl.db", f"{site.base}/", rate=20, concurrency=2)
    assert len(site.hits) == 1 + 2 + 2 + 8 + 6  # robots.txt, / and /index.html, listings, …
    _assert_spaced(site, 1 / 20)
    assert site.most_active <= 2


def test_a_larger_crawl_delay_wins(tmp_path: Path) -> None:
    write(tmp_path, {"robots.txt": "User-agent: *\nCrawl-delay: 0.2\n"})
    write(tmp_path, {"index.html": listing_page("Start", ["/a.html", "/b.html"])})
    write(tmp_path, {"a.html": film_page(1), "b.html": film_page(2)})
    with RecordingSite(tmp_path) as site:
        run(tmp_path / "crawl.db", f"{site.base}/", rate=100, concurrency=2)
    assert len(site.hits) == 6  # robots.txt, home, two films and their actors' (missing) pages
    _assert_spaced(site, 0.2)


def test_failures_are_recorded_and_set_the_exit_status(
    tmp_path: Path, httpserver_ipv4: HTTPServer
) -> None:
    server = httpserver_ipv4
    home = listing_page("Start", ["/busy.html", "/broken.html", "/huge.html"])
    server.expect_request("/").respond_with_data(home, content_type="text/html")
    server.expect_oneshot_request("/busy.html").respond_with_data(
        b"", status=429, headers={"Retry-After": "0.1"}
    )
    server.expect_request("/busy.html").respond_with_data(film_page(1), content_type="text/html")
    server.expect_request("/broken.html").respond_with_data(b"", status=500)
    actors = re.compile("/darsteller/.*")
    server.expect_request(actors).respond_with_data(
        listing_page("Actor", []), content_type="text/html"
    )
    huge = film_page(2, extra_head="<!--" + "x" * 30_000 + "-->")
    server.expect_request("/huge.html").respond_with_data(huge, content_type="text/html")
    settings = tmp_path / "crawl.toml"
    settings.write_text("rate = 0\nretries = 2\nbackoff = 0.01\nmax-download = 20_000\n")
    db = tmp_path / "crawl.db"
    start = no_robots_txt(server)

    result = CliRunner().invoke(main, ["crawl", start, "--db", str(db), "--config", str(settings)])

    assert result.exit_code == 1
    assert result.stdout.startswith("crawl 1 done in ")
    assert "1 new" in result.stdout and "2 failed" in result.stdout
    assert sorted(result.stderr.splitlines()) == [
        f"failed: {start}broken.html: HTTP 500 INTERNAL SERVER ERROR (3 tries)",
        f"failed: {start}huge.html: too large (over 20,000 bytes on the wire)",
    ]
    failed = rows(
        db, "SELECT url, http_status, reason, body_hash FROM pages WHERE result = 'failed'"
    )
    assert sorted(failed) == [
        (f"{start}broken.html", 500, "HTTP 500 INTERNAL SERVER ERROR (3 tries)", None),
        (f"{start}huge.html", 200, "too large (over 20,000 bytes on the wire)", None),
    ]
    assert [path for request, _ in server.log if (path := request.path) == "/busy.html"] == [
        "/busy.html",
        "/busy.html",
    ]


def test_a_clean_crawl_exits_0_and_quiet_says_nothing(tmp_path: Path) -> None:
    film_site(tmp_path, films=2)
    with RecordingSite(tmp_path) as site:
        args = ["crawl", f"{site.base}/", "--db", str(tmp_path / "c.db"), "--rate", "0", "-q"]
        result = CliRunner().invoke(main, args)
    assert (result.exit_code, result.output) == (0, "")


def test_bad_settings_are_a_usage_error(tmp_path: Path) -> None:
    settings = tmp_path / "crawl.toml"
    settings.write_text('rate = "fast"\ncolour = "blue"\n')
    result = CliRunner().invoke(main, ["crawl", "--config", str(settings)])
    assert result.exit_code == 2
    assert "rate: Input should be a valid number" in result.stderr
    assert "colour: Extra inputs are not permitted" in result.stderr


def test_files_in_a_settings_file_lie_next_to_it(tmp_path: Path) -> None:
    settings = tmp_path / "conf" / "crawl.toml"
    settings.parent.mkdir()
    settings.write_text('db = "films.db"\narchive = "nights/one.warc.gz"\n')
    config = load_config(settings, {})
    assert (config.db, config.archive) == (
        settings.parent / "films.db",
        settings.parent / "nights" / "one.warc.gz",
    )
    assert load_config(settings, {"db": "here.db"}).db == Path("here.db")  # options win


def test_a_database_that_cannot_be_opened_is_named(tmp_path: Path) -> None:
    db = tmp_path / "missing" / "c.db"
    result = CliRunner().invoke(main, ["crawl", "http://127.0.0.1:9/", "--db", str(db), "-q"])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {db}: cannot create its lock file c.db.lock: No such file or directory\n",
    )
    locked_out = tmp_path / "not-a-db"
    locked_out.write_bytes(b"not a database at all")
    args = ["crawl", "http://127.0.0.1:9/", "--db", str(locked_out), "-q"]
    result = CliRunner().invoke(main, args)
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {locked_out}: file is not a database\n",
    )


def test_max_pages_and_exclude(tmp_path: Path) -> None:
    film_site(tmp_path, films=6, per_listing=3)
    with RecordingSite(tmp_path) as site:
        excluded = run(tmp_path / "a.db", f"{site.base}/", exclude=["/darsteller/"])
        darsteller = [path for path in site.paths() if "/darsteller/" in path]
        capped = run(tmp_path / "b.db", f"{site.base}/", max_pages=4)
    assert excluded.counts["new"] == 6 and darsteller == []
    assert rows(tmp_path / "b.db", "SELECT count(*) FROM pages WHERE state = 'visited'") == [(4,)]
    assert capped.counts["fetched"] == 4


def test_a_crawl_stopped_by_max_pages_goes_on_next_time(tmp_path: Path) -> None:
    film_site(tmp_path, films=6, per_listing=3)
    db = tmp_path / "c.db"
    with RecordingSite(tmp_path) as site:
        runs = [run(db, f"{site.base}/", max_pages=5)]
        while runs[-1].queued and len(runs) < 10:
            runs.append(run(db, f"{site.base}/", max_pages=5))
        asked = [path for path in site.paths() if path != "/robots.txt"]
        after = run(db, f"{site.base}/", max_pages=5)
    assert len(runs) > 1 and not runs[-1].queued
    assert "paused at --max-pages" in runs[0].line() and " URLs left" in runs[0].line()
    assert runs[-1].line().startswith("crawl 1 (resumed) done in ")
    # Crawl 1, over several runs (its counts add up), asked for every page once and found every
    # film.
    assert {summary.crawl for summary in runs} == {1}
    assert len(asked) == len(set(asked)) == runs[-1].counts["fetched"]
    assert rows(db, "SELECT new FROM crawls WHERE id = 1") == [(6,)]
    assert after.crawl == 2  # a finished crawl is followed by a new one


@pytest.mark.parametrize(
    ("href", "url"),
    [
        ("film.html#inhalt", "http://127.0.0.1:8080/filme/film.html"),
        ("./b.html", "http://127.0.0.1:8080/filme/b.html"),
        ("../neu/filme/x.html", "http://127.0.0.1:8080/neu/filme/x.html"),
        ("/filme/../filme/./d.html#D", "http://127.0.0.1:8080/filme/d.html"),
        (" /suche?q=Drive Kino\n", "http://127.0.0.1:8080/suche?q=Drive%20Kino"),
        ("/filme/brücke.html", "http://127.0.0.1:8080/filme/br%C3%BCcke.html"),
        ("HTTP://WWW.Moviemaster.DE:80", "http://www.moviemaster.de/"),
        ("https://www.moviemaster.de:443/a?b=1#c", "https://www.moviemaster.de/a?b=1"),
        ("//www.moviemaster.de/x", "http://www.moviemaster.de/x"),
        ("mailto:redaktion@moviemaster.de", None),
        ("javascript:popup('x')", None),
        ("ftp://files.example/x", None),
        ("http://[broken", None),
    ],
)
def test_links_are_normalised(href: str, url: str | None) -> None:
    assert normalize(href, "http://127.0.0.1:8080/filme/index.html") == url


# Hrefs near the plain paths that page_links resolves without urljoin: dot segments, queries,
# fragments, protocol-relative and absolute URLs, characters to encode, whitespace.
_WORDS = "/ // . .. ./ ../ ? # % %20 a B - _ ~ ; : @ = & + ! ' ( * , $ [ \\ ü x.html http: mailto:"
_HREF_PARTS = st.sampled_from([*_WORDS.split(), "HTTP://Host:80", " ", "\t", "\n"])
_HREFS = st.tuples(st.sampled_from(["/", "", " /"]), st.lists(_HREF_PARTS, max_size=6)).map(
    lambda parts: parts[0] + "".join(parts[1])
)


@settings(max_examples=500)
@example("/a;", "http://host.example")  # urljoin reads ";" as the start of parameters
@example("/a?", "http://host.example")  # an empty query is dropped
@example("/a/./b/../c#d", "http://host.example")
@example("//other.example/x", "http://host.example")
@example("/brücke", "http://host.example")
@example("////.[", "http://host.example")  # its dot segment joined to the origin reads as a host
@given(
    _HREFS,
    st.sampled_from(
        [
            "http://127.0.0.1:8080/filme/index.html",
            "HTTPS://www.Moviemaster.DE:443/a/b?c#d",
            "http://user@host.example/",
            "http://host.example",
        ]
    ),
)
def test_a_page_s_links_are_what_normalize_makes_of_them(href: str, url: str) -> None:
    page = f'<html><body><a href="{html.escape(href)}">x</a></body></html>'.encode()
    expected = normalize(href, url)
    found = page_links(page, url, "text/html; charset=utf-8").urls
    assert found == ([expected] if expected and href else [])
