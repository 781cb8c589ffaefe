"""Crawl speed and memory: our whole job (fetch, robots, parse, write) against a tuned Scrapy
spider that only fetches and follows links.

Usage: python benchmarks/crawl_bench.py [--films N] [--more-films M] [--concurrency C] [--rounds R]

Generates a site of N old-layout film pages of about 12 KB (benchmarks/sitegen.py), A-Z listing
pages and the actor pages the films link to, serves it from nginx (Debian's, started here on a
free loopback port with a temporary configuration; a Python server if nginx is missing), then
runs R rounds, each of, in a fresh process so that start-up counts and peak RSS is the
process's own:
- ours: `moviemaster crawl` with politeness lifted (--rate 0, --concurrency C; the site's
  robots.txt allows everything), fetching, parsing and writing every page to a new database;
- ours again on that database: the conditional re-crawl of the next night (every page 304);
- scrapy: a spider that only follows same-site links (no parsing, no writing), tuned: its own
  seen-set, so only links never met go to the scheduler, and no duplicate filter behind it;
  CONCURRENT_REQUESTS C, no delay, no AutoThrottle, no cookies, no telnet, LOG_LEVEL ERROR.
The order of ours and scrapy alternates from round to round, and each round prints the ratio
of their pages/s: the machine is shared, so only figures of one round compare. Then ours once
on a site of M films, to show that memory stays flat as the site grows.
Needs Scrapy and Debian's nginx: pip install -e ".[bench]"; apt-get install -y nginx.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.sitegen import film_page  # noqa: E402
from scraper.demo import StaticSite  # noqa: E402

LETTERS = "abcdefghijklmnopqrstuvwxyz"
SPIDER = """
import json, sys
from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess

class Follow(Spider):
    name = "follow"
    allowed_domains = ["127.0.0.1"]
    start_urls = [sys.argv[1]]
    seen = {sys.argv[1]}

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if url not in self.seen:
                self.seen.add(url)
                yield Request(url)

process = CrawlerProcess({
    "CONCURRENT_REQUESTS": int(sys.argv[2]),
    "CONCURRENT_REQUESTS_PER_DOMAIN": int(sys.argv[2]),
    "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "ROBOTSTXT_OBEY": True,
    "LOG_LEVEL": "ERROR",
})
crawler = process.create_crawler(Follow)
process.crawl(crawler)
process.start()
stats = crawler.stats.get_stats()
print(json.dumps({"pages": stats.get("response_received_count", 0) - 1}))  # less robots.txt
"""
NGINX = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 1024; }}
http {{
    types {{ text/html html; text/plain txt; }}
    access_log off;
    sendfile on;
    keepalive_requests 1000000;
    client_body_temp_path {tmp};
    proxy_temp_path {tmp};
    fastcgi_temp_path {tmp};
    uwsgi_temp_path {tmp};
    scgi_temp_path {tmp};
    server {{
        listen 127.0.0.1:{port};
        root {site};
        charset iso-8859-1;
    }}
}}
"""


def build_site(root: Path, films: int) -> int:
    """Write the site; return its number of pages (robots.txt not counted)."""
    (root / "filme").mkdir(parents=True)
    (root / "darsteller").mkdir()
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    letters = "".join(f'<a href="/filme/{c}.html">{c.upper()}</a> ' for c in LETTERS)
    (root / "index.html").write_text(f"<html><body><h1>Filme</h1>{letters}</body></html>")
    listed: dict[str, list[int]] = {c: [] for c in LETTERS}
    actors: set[str] = set()
    for number in range(films):
        page = film_page(number)
        (root / "filme" / f"{number}.html").write_bytes(page)
        listed[LETTERS[number % 26]].append(number)
        text = page.decode("cp1252")
        actors.update(part.split('.html"')[0] for part in text.split('href="/darsteller/')[1:])
    for letter, numbers in listed.items():
        items = "".join(f'<li><a href="/filme/{n}.html">Film {n}</a></li>' for n in numbers)
        (root / "filme" / f"{letter}.html").write_text(
            f"<html><body><ul>{items}</ul></body></html>"
        )
    for slug in actors:
        body = f'<html><body><h1>{slug}</h1><a href="/index.html">Start</a></body></html>'
        (root / "darsteller" / f"{slug}.html").write_text(body)
    return 1 + 1 + 26 + films + len(actors)  # /, /index.html, listings, films, actors


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve(site: Path) -> Iterator[tuple[str, str]]:
    """The site on loopback: (base URL, server name)."""
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if nginx is None:
        with StaticSite(site) as server:
            yield server.base, "Python http.server (nginx not installed)"
        return
    with tempfile.TemporaryDirectory() as tmp:
        port = _free_port()
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(NGINX.format(tmp=tmp, port=port, site=site))
        process = subprocess.Popen([nginx, "-c", str(conf), "-p", tmp], stderr=subprocess.PIPE)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            version = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr
            yield f"http://127.0.0.1:{port}", version.strip().removeprefix("nginx version: ")
        finally:
            process.terminate()
            process.wait()


def measure(command: list[str]) -> tuple[float, int, str]:
    """Run ``command``: (wall seconds, peak RSS in KB, its stdout)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=ROOT)
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(command)}")
    return seconds, usage.ru_maxrss, output


Run = tuple[float, int, int]  # seconds, peak RSS in KB, pages


def ours(base: str, db: Path, concurrency: int, again: bool = False) -> Run:
    """Our crawl into a new ``db`` (``again``: the next crawl of the same one)."""
    if not again:
        for path in db.parent.glob(f"{db.name}*"):
            path.unlink()
    command = [sys.executable, "-c", "from scraper.cli import main; main()", "crawl", f"{base}/"]
    command += ["--db", str(db), "--rate", "0", "--concurrency", str(concurrency), "--quiet"]
    seconds, rss, _ = measure(command)
    with closing(sqlite3.connect(db)) as conn:
        (pages,) = conn.execute("SELECT count(*) FROM pages WHERE result != 'failed'").fetchone()
    return seconds, rss, pages


def scrapy(base: str, concurrency: int) -> Run:
    """The Scrapy spider."""
    seconds, rss, output = measure([sys.executable, "-c", SPIDER, f"{base}/", str(concurrency)])
    return seconds, rss, json.loads(output.strip().splitlines()[-1])["pages"]


def line(label: str, run: Run) -> str:
    seconds, rss, pages = run
    return (
        f"{label:10} {pages:6} pages {seconds:6.1f} s {pages / seconds:6.0f} pages/s"
        f" peak RSS {rss / 1024:4.0f} MB"
    )


def rate(run: Run) -> float:
    return run[2] / run[0]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--films", type=int, default=3000)
    options.add_argument("--more-films", type=int, default=12000)
    options.add_argument("--concurrency", type=int, default=16)
    options.add_argument("--rounds", type=int, default=3)
    args = options.parse_args()
    c = args.concurrency
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"concurrency {c}; ours: fetch, robots, parse, write; scrapy: fetch, follow links")
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)  # nginx's workers run as nobody
        db = Path(tmp) / "ours.db"
        site = Path(tmp) / "site"
        pages = build_site(site, args.films)
        size = sum(f.stat().st_size for f in site.glob("filme/[0-9]*.html")) / args.films / 1024
        ratios = []
        with serve(site) as (base, server):
            print(f"site: {args.films} films ({size:.1f} KB each), {pages} pages in all; {server}")
            for number in range(1, args.rounds + 1):
                # Taking turns, so that a busy spell of the machine hits both alike.
                spider = scrapy(base, c) if number % 2 == 0 else None
                first = ours(base, db, c)
                again = ours(base, db, c, again=True)
                spider = spider or scrapy(base, c)
                ratios.append(rate(first) / rate(spider))
                print(
                    f"round {number}: {line('ours', first)}\n"
                    f"         {line('re-crawl', again)}  {rate(again) / rate(first):.1f}x\n"
                    f"         {line('scrapy', spider)}\n"
                    f"         ours / scrapy {ratios[-1]:.2f}"
                )
        print(f"ours / scrapy by round: {', '.join(f'{r:.2f}' for r in ratios)}")
        shutil.rmtree(site)
        pages = build_site(site, args.more_films)
        with serve(site) as (base, _):
            print(f"site: {args.more_films} films, {pages} pages in all")
            print(f"         {line('ours', ours(base, db, c))}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
