"""The fetcher against real servers on 127.0.0.1: redirects, caps, retries, politeness."""

from __future__ import annotations

import asyncio
import gzip
import time
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scraper.config import CrawlConfig
from scraper.fetcher import Fetcher
from scraper.fetcher import Response as Fetched
from scraper.links import host_of
from tests.crawlsite import RawServer

# No politeness delays and tiny backoffs: the tests check behaviour, not patience.
FAST = CrawlConfig(rate=0, backoff=0.01, retries=2)


def fetch(url: str, config: CrawlConfig = FAST, **options: Any) -> Fetched:
    async def run() -> Fetched:
        async with Fetcher(config, {host_of(url)}) as fetcher:
            return await fetcher.fetch(url, **options)

    return asyncio.run(run())


def url(server: HTTPServer, path: str) -> str:
    return f"http://127.0.0.1:{server.port}{path}"


def test_page_with_user_agent_and_validators(httpserver_ipv4: HTTPServer) -> None:
    httpserver_ipv4.expect_request(
        "/film.html", headers={"If-None-Match": '"v1"', "If-Modified-Since": "Sun, 06 Nov 1994"}
    ).respond_with_data(b"<p>hi</p>", content_type="text/html; charset=iso-8859-1")
    result = fetch(
        url(httpserver_ipv4, "/film.html"), etag='"v1"', last_modified="Sun, 06 Nov 1994"
    )
    assert (result.status, result.body, result.failed, result.skipped) == (
        200,
        b"<p>hi</p>",
        None,
        None,
    )
    assert result.headers["content-type"] == "text/html; charset=iso-8859-1"
    agent = httpserver_ipv4.log[0][0].headers["User-Agent"]
    assert agent.startswith("moviemaster-scraper/") and "+https://" in agent


def test_not_modified(httpserver_ipv4: HTTPServer) -> None:
    httpserver_ipv4.expect_request("/a").respond_with_data(b"", status=304)
    result = fetch(url(httpserver_ipv4, "/a"), etag='"x"')
    assert (result.status, result.body, result.failed) == (304, b"", None)


def test_redirect_on_the_host_is_followed(httpserver_ipv4: HTTPServer) -> None:
    httpserver_ipv4.expect_request("/old").respond_with_data(
        b"", status=301, headers={"Location": "/new#x"}
    )
    httpserver_ipv4.expect_request("/new").respond_with_data(b"page", content_type="text/html")
    result = fetch(url(httpserver_ipv4, "/old"))
    assert (result.url, result.status, result.body) == (url(httpserver_ipv4, "/new"), 200, b"page")


def test_redirect_elsewhere_is_recorded_not_followed(httpserver_ipv4: HTTPServer) -> None:
    elsewhere = f"http://127.0.0.1:{httpserver_ipv4.port + 1}/x"
    httpserver_ipv4.expect_request("/out").respond_with_data(
        b"", status=302, headers={"Location": elsewhere}
    )
    result = fetch(url(httpserver_ipv4, "/out"))
    assert result.skipped == f"redirected to another host: {elsewhere}"
    assert len(httpserver_ipv4.log) == 1


def test_redirects_are_limited(httpserver_ipv4: HTTPServer) -> None:
    for n in range(10):
        httpserver_ipv4.expect_request(f"/r{n}").respond_with_data(
            b"", status=307, headers={"Location": f"/r{n + 1}"}
        )
    result = fetch(url(httpserver_ipv4, "/r0"))
    assert result.failed == "more than 5 redirects"
    assert len(httpserver_ipv4.log) == 6


def test_server_error_is_retried_then_failed(httpserver_ipv4: HTTPServer) -> None:
    httpserver_ipv4.expect_request("/down").respond_with_data(b"oops", status=500)
    result = fetch(url(httpserver_ipv4, "/down"))
    assert result.failed == "HTTP 500 INTERNAL SERVER ERROR (3 tries)"
    assert len(httpserver_ipv4.log) == 3


def test_server_error_then_success(httpserver_ipv4: HTTPServer) -> None:
    httpserver_ipv4.expect_oneshot_request("/flaky").respond_with_data(b"", status=503)
    httpserver_ipv4.expect_request("/flaky").respond_with_data(b"ok", content_type="text/plain")
    assert fetch(url(httpserver_ipv4, "/flaky")).body == b"ok"


def test_client_error_is_not_retried(httpserver_ipv4: HTTPServer) -> None:
    httpserver_ipv4.expect_request("/gone").respond_with_data(b"", status=404)
    assert fetch(url(httpserver_ipv4, "/gone")).failed == "HTTP 404 NOT FOUND"
    assert len(httpserver_ipv4.log) == 1


def _timed(times: list[float], response: Response) -> Any:
    def handler(request: Request) -> Response:
        times.append(time.monotonic())
        return response

    return handler


def test_retry_after_is_waited_out(httpserver_ipv4: HTTPServer) -> None:
    times: list[float] = []
    busy = Response(b"", status=429, headers={"Retry-After": "0.3"})
    page = Response(b"ok", content_type="text/html")
    httpserver_ipv4.expect_oneshot_request("/busy").respond_with_handler(_timed(times, busy))
    httpserver_ipv4.expect_request("/busy").respond_with_handler(_timed(times, page))
    assert fetch(url(httpserver_ipv4, "/busy")).body == b"ok"
    assert len(times) == 2 and times[1] - times[0] >= 0.3


def test_too_long_retry_after_fails_the_page(httpserver_ipv4: HTTPServer) -> None:
    httpserver_ipv4.expect_request("/later").respond_with_data(
        b"", status=503, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}
    )
    result = fetch(url(httpserver_ipv4, "/later"))
    assert result.failed == "HTTP 503 SERVICE UNAVAILABLE: retry-after too long"
    assert len(httpserver_ipv4.log) == 1


def test_declared_size_over_the_cap(httpserver_ipv4: HTTPServer) -> None:
    httpserver_ipv4.expect_request("/big").respond_with_data(b"x" * 5000, content_type="text/html")
    config = FAST.model_copy(update={"max_download": 1000})
    assert fetch(url(httpserver_ipv4, "/big"), config).failed == (
        "too large (over 1,000 bytes on the wire)"
    )


def test_undeclared_size_is_counted_and_cut(httpserver_ipv4: HTTPServer) -> None:
    chunks = (b"x" * 1000 for _ in range(100))
    httpserver_ipv4.expect_request("/stream").respond_with_response(
        Response(chunks, content_type="text/html")
    )
    config = FAST.model_copy(update={"max_download": 10_000})
    assert fetch(url(httpserver_ipv4, "/stream"), config).failed == (
        "too large (over 10,000 bytes on the wire)"
    )


def test_decompressed_size_over_the_cap(httpserver_ipv4: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * 2_000_000)
    httpserver_ipv4.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    config = FAST.model_copy(update={"max_size": 100_000})
    assert len(bomb) < config.max_download
    assert fetch(url(httpserver_ipv4, "/bomb"), config).failed == (
        "too large (over 100,000 bytes decompressed)"
    )


def test_other_media_types_are_skipped(httpserver_ipv4: HTTPServer) -> None:
    httpserver_ipv4.expect_request("/poster.png").respond_with_data(
        b"\x89PNG", content_type="image/png"
    )
    result = fetch(url(httpserver_ipv4, "/poster.png"))
    assert (result.skipped, result.body) == ("content type image/png", b"")
    assert fetch(url(httpserver_ipv4, "/poster.png"), any_type=True).body == b"\x89PNG"


def test_truncated_body_is_a_failed_try() -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"
    with RawServer(head + b"<html>only the start") as server:
        result = fetch(f"{server.base}/page")
    assert result.failed is not None
    assert result.failed.startswith("truncated body: ") and result.failed.endswith("(3 tries)")
    assert server.connections == 3


def test_stalled_server_times_out() -> None:
    config = FAST.model_copy(update={"read_timeout": 0.1, "retries": 0})
    with RawServer(None) as server:
        assert fetch(f"{server.base}/page", config).failed == "no data for too long (1 try)"


def test_refused_connection_is_one_line() -> None:
    with RawServer(None) as server:
        base = server.base
    result = fetch(f"{base}/page", FAST.model_copy(update={"retries": 0}))
    assert result.failed is not None and result.failed.startswith("could not connect: ")
    assert "\n" not in result.failed
