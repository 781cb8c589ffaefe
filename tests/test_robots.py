"""robots.txt in whole crawls: rules (ours and everyone's), unreadable files, sitemaps."""

from __future__ import annotations

import gzip
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.crawlsite import film_page, listing_page, rows
from tests.test_crawler import run

HTML = "text/html; charset=iso-8859-1"


def _site(server: HTTPServer, robots: str, pages: dict[str, bytes]) -> str:
    server.expect_request("/robots.txt").respond_with_data(robots, content_type="text/plain")
    for path, body in pages.items():
        server.expect_request(path).respond_with_data(body, content_type=HTML)
    return f"http://127.0.0.1:{server.port}/"


def _requested(server: HTTPServer) -> list[str]:
    return [request.full_path.rstrip("?") for request, _ in server.log]


def test_disallowed_pages_are_never_requested(tmp_path: Path, httpserver_ipv4: HTTPServer) -> None:
    robots = "User-agent: *\nDisallow: /privat/\nDisallow: /suche\n"
    home = listing_page("Start", ["/privat/a.html", "/suche?q=x", "/film.html"])
    start = _site(httpserver_ipv4, robots, {"/": home, "/film.html": film_page(1)})
    summary = run(tmp_path / "c.db", start, include=["/$", "/privat/", "/suche", "/film"])
    assert _requested(httpserver_ipv4) == ["/robots.txt", "/", "/film.html"]
    assert (summary.counts["skipped_robots"], summary.counts["new"]) == (2, 1)
    skipped = rows(tmp_path / "c.db", "SELECT url, reason FROM pages WHERE result = 'skipped'")
    assert sorted(skipped) == [
        (f"{start}privat/a.html", "disallowed by robots.txt"),
        (f"{start}suche?q=x", "disallowed by robots.txt"),
    ]


def test_a_group_for_this_crawler_is_obeyed(tmp_path: Path, httpserver_ipv4: HTTPServer) -> None:
    robots = "User-agent: *\nAllow: /\n\nUser-agent: moviemaster-scraper\nDisallow: /\n"
    start = _site(httpserver_ipv4, robots, {"/": listing_page("Start", [])})
    summary = run(tmp_path / "c.db", start)
    assert _requested(httpserver_ipv4) == ["/robots.txt"]
    assert summary.counts["skipped_robots"] == 1


def test_an_unreadable_robots_txt_forbids_the_site_and_fails_its_pages(
    tmp_path: Path, httpserver_ipv4: HTTPServer
) -> None:
    httpserver_ipv4.expect_request("/robots.txt").respond_with_data(b"", status=503)
    httpserver_ipv4.expect_request("/").respond_with_data(listing_page("Start", []))
    start = f"http://127.0.0.1:{httpserver_ipv4.port}/"
    summary = run(tmp_path / "c.db", start)
    assert _requested(httpserver_ipv4) == ["/robots.txt", "/robots.txt"]  # one retry
    # A site that is down is a failed crawl (exit 1), not a site that forbids crawling.
    assert (summary.failed, summary.counts["failed"], summary.counts["skipped_robots"]) == (
        True,
        1,
        0,
    )
    assert rows(tmp_path / "c.db", "SELECT reason FROM pages") == [
        ("robots.txt unreadable (HTTP 503 SERVICE UNAVAILABLE (2 tries))",)
    ]


def test_sitemaps_named_in_robots_txt_are_followed(
    tmp_path: Path, httpserver_ipv4: HTTPServer
) -> None:
    robots = "User-agent: *\nDisallow:\nSitemap: /sitemap-index.xml\n"
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>/filme.xml.gz</loc></sitemap><sitemap><loc>neu.txt</loc></sitemap>"
        "</sitemapindex>"
    )
    urlset = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>/a.html</loc></url><url><loc>/b.html#top</loc></url></urlset>"
    )
    server = httpserver_ipv4
    start = _site(server, robots, {"/": listing_page("Start", [])})
    server.expect_request("/sitemap-index.xml").respond_with_data(index, content_type="text/xml")
    server.expect_request("/filme.xml.gz").respond_with_data(
        gzip.compress(urlset.encode()), content_type="application/x-gzip"
    )
    server.expect_request("/neu.txt").respond_with_data(
        f"{start}c.html\nhttps://elsewhere.example/d.html\n", content_type="text/plain"
    )
    for n, path in enumerate(["/a.html", "/b.html", "/c.html"]):
        server.expect_request(path).respond_with_data(film_page(n), content_type=HTML)

    summary = run(tmp_path / "c.db", start, exclude=["/darsteller/"])

    assert summary.counts["new"] == 3
    kinds = rows(tmp_path / "c.db", "SELECT url, kind FROM pages WHERE kind = 'sitemap'")
    assert sorted(kinds) == [
        (f"{start}filme.xml.gz", "sitemap"),
        (f"{start}neu.txt", "sitemap"),
        (f"{start}sitemap-index.xml", "sitemap"),
    ]
