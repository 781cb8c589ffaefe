"""The parser pool: `parse --jobs` gives what one process gives, in input order; a page past
the time limit fails and its worker is replaced, in `parse` and in a crawl."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
from pathlib import Path

from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from scraper.cli import main
from scraper.config import CrawlConfig
from scraper.crawler import crawl
from scraper.parsing import Page, Parsed
from scraper.pool import ParsePool
from tests.crawlsite import film_page, listing_page, rows

FIXTURES = Path(__file__).parent / "fixtures"
# A list of 24,000 sentences, under the guard's caps on tags and text: the parser takes over a
# second over it (1.4 s here), a small page a few milliseconds; the time limit below lies far
# from both, on a busy machine too.
SLOW = film_page(1).replace(
    b"<h1>", b"<ul>" + b"<li>Ein Satz ohne Ende und ohne Namen." * 24_000 + b"</ul><h1>", 1
)
LIMIT = 0.5


def test_jobs_give_the_records_of_one_process_in_input_order(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    for case in sorted(FIXTURES.iterdir())[:40]:
        for page in case.glob("page.*"):
            shutil.copy(page, saved / f"{case.name}{''.join(page.suffixes)}")
    (saved / "broken.html.gz").write_bytes(b"\x1f\x8b not gzip")
    runner = CliRunner()
    one = runner.invoke(main, ["parse", "--jobs", "1", str(saved)])
    two = runner.invoke(main, ["parse", "--jobs", "2", str(saved)])
    assert one.exit_code == two.exit_code == 1
    assert two.stdout == one.stdout and two.stderr == one.stderr
    assert len(one.stdout.splitlines()) > 20


async def _parse_all(pool: ParsePool, pages: list[Page]) -> list[Parsed]:
    return await asyncio.gather(*(pool.parse(page) for page in pages))


def test_a_page_past_the_time_limit_fails_and_its_worker_is_replaced() -> None:
    async def run() -> list[Parsed]:
        async with ParsePool(1, LIMIT) as pool:
            results = await _parse_all(pool, [Page(SLOW, content_type="text/html")] * 2)
            results.append(await pool.parse(Page(b"kein Film", content_type="text/plain")))
        async with ParsePool(1, 60) as pool:
            worker = next(iter(pool._workers))
            await worker.start()
            parsing = asyncio.create_task(pool.parse(Page(SLOW, content_type="text/html")))
            while not parsing.done() and worker.answer.done():
                await asyncio.sleep(0)  # until the page is on its way to the worker
            os.kill(worker.process.pid, signal.SIGKILL)
            results.append(await parsing)
            results.append(await pool.parse(Page(film_page(3), content_type="text/html")))
        return results

    slow, slow_again, film, died, after = asyncio.run(run())
    assert slow.failed == slow_again.failed == f"parse timeout (over {LIMIT:g} s)"
    assert film.skipped is not None  # parsed by the worker that replaced the killed one
    assert died.failed == "parser process died (killed by SIGKILL)"
    assert after.film is not None and after.film.title == "Film 3"


def test_a_crawl_records_a_page_past_the_time_limit_and_goes_on(
    tmp_path: Path, httpserver_ipv4: HTTPServer
) -> None:
    server = httpserver_ipv4
    home = listing_page("Start", ["/slow.html", "/a.html", "/b.html"])
    server.expect_request("/").respond_with_data(home, content_type="text/html")
    server.expect_request("/slow.html").respond_with_data(SLOW, content_type="text/html")
    for name, number in (("a", 1), ("b", 2)):
        server.expect_request(f"/{name}.html").respond_with_data(
            film_page(number), content_type="text/html"
        )
    server.expect_request("/robots.txt").respond_with_data(b"", status=404)
    start = f"http://127.0.0.1:{server.port}/"
    db = tmp_path / "crawl.db"
    config = CrawlConfig(start_urls=[start], db=db, rate=0, parse_timeout=LIMIT)
    summary = asyncio.run(crawl(config))
    assert rows(db, "SELECT reason FROM pages WHERE url LIKE '%slow.html'") == [
        (f"parse timeout (over {LIMIT:g} s)",)
    ]
    assert summary.counts["new"] == 2
