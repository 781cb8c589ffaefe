"""WARC archives of a crawl: every response in, the pages back out, re-parsable offline."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from warcio.archiveiterator import ArchiveIterator

from scraper.archive import ArchiveError, iter_warc_responses
from scraper.cli import main
from scraper.demo import SITE
from tests.crawlsite import RecordingSite, film_site, rows
from tests.test_crawler import run


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_every_page_of_a_crawl_comes_back_out(tmp_path: Path, name: str) -> None:
    site_root = tmp_path / "site"
    film_site(site_root, films=3)
    archive = tmp_path / name
    with RecordingSite(site_root) as site:
        run(tmp_path / "c.db", f"{site.base}/", archive=archive)
        pages = list(iter_warc_responses(archive))
        # A second night appends its 304s, which hold no page.
        run(tmp_path / "c.db", f"{site.base}/", archive=archive)
        with archive.open("rb") as file:
            statuses = [
                record.http_headers.get_statuscode()
                for record in ArchiveIterator(file)
                if record.rec_type == "response"
            ]
    robots = f"{site.base}/robots.txt"
    again = [page.url for page in iter_warc_responses(archive)]
    assert again == [page.url for page in pages] + [robots]  # robots.txt is read every night
    fetched = rows(tmp_path / "c.db", "SELECT url FROM pages")
    assert sorted(page.url for page in pages) == sorted([robots, *(url for (url,) in fetched)])
    film = next(page for page in pages if page.url.endswith("/filme/film-1.html"))
    assert film.body == (site_root / "filme/film-1.html").read_bytes()
    assert film.content_type == "text/html; charset=iso-8859-1"
    assert statuses.count("304") == len(fetched)


def test_the_archive_holds_decoded_bodies(tmp_path: Path, httpserver_ipv4: HTTPServer) -> None:
    body = b"User-agent: *\nDisallow:\n" * 100
    httpserver_ipv4.expect_request("/robots.txt").respond_with_data(
        gzip.compress(body), content_type="text/plain", headers={"Content-Encoding": "gzip"}
    )
    httpserver_ipv4.expect_request("/").respond_with_data(b"<p>start</p>", content_type="text/html")
    archive = tmp_path / "crawl.warc.gz"
    run(tmp_path / "c.db", f"http://127.0.0.1:{httpserver_ipv4.port}/", archive=archive)
    with archive.open("rb") as file:
        robots = next(r for r in ArchiveIterator(file) if r.rec_type == "response")
        assert robots.http_headers.get_header("Content-Encoding") is None
        assert robots.http_headers.get_header("Content-Length") == str(len(body))
        assert robots.content_stream().read() == body


def test_parsing_a_crawls_archive_gives_the_crawls_films(tmp_path: Path) -> None:
    # The demo site has pages that ask not to be stored (print versions): the crawl leaves them
    # out, so must the re-parse. The archive's folder is made on the way.
    archive = tmp_path / "nights" / "crawl.warc.gz"
    with RecordingSite(SITE) as site:
        run(tmp_path / "c.db", f"{site.base}/", archive=archive)
    result = CliRunner().invoke(main, ["parse", "--db", str(tmp_path / "p.db"), str(archive)])
    assert result.exit_code == 0, result.stderr
    crawled = rows(tmp_path / "c.db", "SELECT url, title, author, updated FROM films ORDER BY url")
    parsed = rows(tmp_path / "p.db", "SELECT url, title, author, updated FROM films ORDER BY url")
    assert parsed == crawled and len(crawled) == 26
    noindex = [line for line in result.stderr.splitlines() if line.endswith("(noindex)")]
    assert noindex and all(line.startswith(f"skipped: {archive}: http://") for line in noindex)


def test_a_file_that_is_not_warc(tmp_path: Path) -> None:
    path = tmp_path / "page.warc"
    path.write_bytes(b"<html>not an archive</html>")
    with pytest.raises(ArchiveError, match=r"^not a WARC file: "):
        list(iter_warc_responses(path))
