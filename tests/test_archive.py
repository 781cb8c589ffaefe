"""WARC archives of a crawl: every response in, the pages back out, re-parsable offline."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from warcio.archiveiterator import ArchiveIterator

from scraper.archive import ArchiveError, iter_warc_responses
from scraper.cli import main
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


def test_parse_reads_a_crawls_archive(tmp_path: Path) -> None:
    film_site(tmp_path / "site", films=2)
    archive = tmp_path / "crawl.warc.gz"
    with RecordingSite(tmp_path / "site") as site:
        run(tmp_path / "c.db", f"{site.base}/", archive=archive)
    result = CliRunner().invoke(main, ["parse", "--format", "jsonl", str(archive)])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    stored = rows(tmp_path / "c.db", "SELECT url, title FROM films ORDER BY url")
    assert sorted((r["url"], r["title"]) for r in records) == stored


def test_a_file_that_is_not_warc(tmp_path: Path) -> None:
    path = tmp_path / "page.warc"
    path.write_bytes(b"<html>not an archive</html>")
    with pytest.raises(ArchiveError, match=r"^not a WARC file: "):
        list(iter_warc_responses(path))
