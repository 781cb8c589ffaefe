"""Parse speed: pages/s for bare selectolax, our full parse, and parse + write to SQLite.

Usage: python benchmarks/parse_bench.py [--pages N]

Generates N (default 3000) old-layout film pages of about 12 KB (benchmarks/sitegen.py),
then times, on one core, each stage over all of them (best of three rounds):
- bare selectolax: decode + LexborHTMLParser + body.text(), the floor,
- full parse: parsers.parse_page (decode, blocks, synopsis, pairs, validation),
- parse + write: the same and scraper.writer.save_film into a new SQLite file, all pages
  in one transaction as `moviemaster parse --db` and the crawler write them,
and the wall time of `moviemaster parse` on one saved page in a fresh process (start-up and
the lazily loaded word lists included).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.sitegen import film_page
from parsers import parse_page
from scraper.writer import open_db, save_film

CONTENT_TYPE = "text/html; charset=iso-8859-1"


def best_of(rounds: int, run: Callable[[], None]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--pages", type=int, default=3000)
    count = options.parse_args().pages
    pages = [film_page(number) for number in range(count)]
    urls = [f"http://127.0.0.1/filme/{number}.html" for number in range(count)]
    size = sum(map(len, pages)) / count
    print(f"{count} generated pages, {size / 1024:.1f} KB on average")

    def bare() -> None:
        for page in pages:
            LexborHTMLParser(page.decode("cp1252")).body.text()

    def parse() -> None:
        for page, url in zip(pages, urls, strict=True):
            parse_page(page, url=url, content_type=CONTENT_TYPE)

    parse()  # word lists loaded and caches warm, as in a crawl of any length
    with tempfile.TemporaryDirectory() as folder:
        rounds = iter(range(3))

        def parse_and_write() -> None:
            db = open_db(Path(folder) / f"bench{next(rounds)}.db")
            with db.atomic():
                for page, url in zip(pages, urls, strict=True):
                    save_film(db, parse_page(page, url=url, content_type=CONTENT_TYPE), key=url)
            db.close()

        figures = {
            "bare selectolax (decode, parse, text)": best_of(3, bare),
            "full parse (parse_page)": best_of(3, parse),
            "parse + write (save_film, one transaction)": best_of(3, parse_and_write),
        }
        for label, seconds in figures.items():
            print(
                f"{label:45} {count / seconds:8,.0f} pages/s  {seconds / count * 1e3:6.3f} ms/page"
            )
        bare_seconds = figures["bare selectolax (decode, parse, text)"]
        ratio = bare_seconds / figures["full parse (parse_page)"]
        print(f"full parse at {ratio:.2f} of bare selectolax's speed")

        one = Path(folder) / "one.html"
        one.write_bytes(pages[0])
        start = time.perf_counter()
        # The console script next to this Python: the venv need not be activated.
        command = Path(sys.executable).with_name("moviemaster")
        subprocess.run([command, "parse", one], check=True, capture_output=True)
        seconds = time.perf_counter() - start
        print(f"moviemaster parse of one saved page, fresh process: {seconds:.2f} s")


if __name__ == "__main__":
    main()
