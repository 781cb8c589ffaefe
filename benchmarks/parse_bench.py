"""Parse speed: pages/s for bare selectolax, our full parse, and parse + write to SQLite.

Usage: python benchmarks/parse_bench.py [--pages N]

Generates N (default 3000) old-layout film pages of about 10 KB (benchmarks/sitegen.py: one
to nine paragraphs, a facts table with links, a teaser column), checks that every record is
what the page holds, then times, on one core, each stage over all of them (best of three
rounds, the stages taking turns):
- bare selectolax: decode + LexborHTMLParser + body.text(), the floor,
- the design's floor: what parse_page does besides its rules (decode, parse, the byline's
  region read into blocks, validation of the finished record), to show what the rules may
  cost,
- full parse: parsers.parse_page (decode, blocks, synopsis, pairs, validation),
- parse + write: the same and scraper.writer.save_film into a new SQLite file, all pages
  in one transaction (`moviemaster parse --db` and the crawler commit a batch a second),
and the wall time of `moviemaster parse` on one saved page in a fresh process (start-up and
the lazily loaded word lists included; the median of nine runs).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.sitegen import film_expected, film_page
from parsers import parse_page
from parsers.dom import HtmlPage
from parsers.encoding import decode
from schemas import Film
from scraper.writer import open_db, save_film

CONTENT_TYPE = "text/html; charset=iso-8859-1"
# Fresh processes vary with what else the machine does: the median of these.
ONE_PAGE_RUNS = 9


def timed(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


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

    def floor() -> None:
        for page, record in zip(pages, records, strict=True):
            HtmlPage(decode(page, CONTENT_TYPE)).signed()
            Film.model_validate(record)

    records = []
    right = 0
    for number, (page, url) in enumerate(zip(pages, urls, strict=True)):
        film = parse_page(page, url=url, content_type=CONTENT_TYPE)
        records.append(film.model_dump())
        found = {
            "title": film.title,
            "paragraphs": len(film.synopsis),
            "cast": [(role.character, role.actor) for role in film.cast],
        }
        right += found == film_expected(number)
    print(f"records right: {right} of {count} (title, paragraphs, pairs)")
    with tempfile.TemporaryDirectory() as folder:
        rounds = iter(range(1000))

        def parse_and_write() -> None:
            db = open_db(Path(folder) / f"bench{next(rounds)}.db")
            with db.atomic():
                for page, url in zip(pages, urls, strict=True):
                    save_film(db, parse_page(page, url=url, content_type=CONTENT_TYPE), key=url)
            db.close()

        stages = {
            "bare selectolax (decode, parse, text)": bare,
            "the design's floor (no rules)": floor,
            "full parse (parse_page)": parse,
            "parse + write (save_film, one transaction)": parse_and_write,
        }
        best = dict.fromkeys(stages, float("inf"))
        for _ in range(3):
            for label, run in stages.items():
                best[label] = min(best[label], timed(run))
        for label, seconds in best.items():
            print(
                f"{label:45} {count / seconds:8,.0f} pages/s  {seconds / count * 1e3:6.3f} ms/page"
            )
        bare_seconds = best["bare selectolax (decode, parse, text)"]
        for label in (
            "the design's floor (no rules)",
            "full parse (parse_page)",
            "parse + write (save_film, one transaction)",
        ):
            print(f"{label.split(' (')[0]} at {bare_seconds / best[label]:.2f} of bare selectolax")

        one = Path(folder) / "one.html"
        one.write_bytes(pages[0])
        # The console script next to this Python: the venv need not be activated.
        command = Path(sys.executable).with_name("moviemaster")
        runs = []
        for _ in range(ONE_PAGE_RUNS):
            start = time.perf_counter()
            subprocess.run([command, "parse", one], check=True, capture_output=True)
            runs.append(time.perf_counter() - start)
        print(
            f"moviemaster parse of one saved page, fresh process: {statistics.median(runs):.2f} s"
            f" (median of {ONE_PAGE_RUNS}, {min(runs):.2f} to {max(runs):.2f})"
        )


if __name__ == "__main__":
    main()
