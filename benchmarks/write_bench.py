"""Write speed: pages/s of scraper.writer.save_film alone, the parser's cost left out.

Usage: python benchmarks/write_bench.py [--pages N] [--rounds R]

Generates N (default 3000) old-layout film pages of about 12 KB (benchmarks/sitegen.py) and
parses them with parsers.parse_page into records, untimed. Then times only the writes of all
records into a new SQLite file opened with open_db (best of R rounds, a new file each round):
- one transaction for all pages (`moviemaster parse --db` and the crawler commit a batch a
  second),
- one transaction per page (save_film's own),
each with the full-text search index and without it (its triggers and FTS table dropped after
open_db, to show what the index costs), and the rewrite of every record unchanged (one
transaction), which must change no row. Wall time gives the pages/s; the CPU time of the
process is printed too, as it varies less on a machine shared with other work.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.sitegen import film_page
from parsers import parse_page
from schemas import Film
from scraper.writer import open_db, save_film

CONTENT_TYPE = "text/html; charset=iso-8859-1"


def _drop_search_index(db: Database) -> None:
    """Drop every trigger and virtual table: in this schema they are all full-text search."""
    objects = db.execute(
        "SELECT type, name FROM sqlite_master WHERE type = 'trigger'"
        " OR (type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%')"
    ).fetchall()
    for kind, name in objects:
        db.execute(f"DROP {kind.upper()} [{name}]")


records: list[tuple[str, Film]] = []


def one_transaction(db: Database) -> None:
    with db.atomic():
        for key, film in records:
            save_film(db, film, key=key, source=key)


def per_page(db: Database) -> None:
    for key, film in records:
        save_film(db, film, key=key, source=key)


def best_of(
    rounds: int, prepare: Callable[[Path], Database], run: Callable[[Database], None], folder: Path
) -> tuple[float, float, int]:
    """The fastest of ``rounds`` runs of ``run`` on a new file set up by ``prepare`` (untimed):
    wall time, the process's CPU time (steadier on a machine shared with other work), and the
    rows the last run changed."""
    times = []
    for _ in range(rounds):
        path = folder / "bench.db"
        db = prepare(path)
        changes = db.conn.total_changes
        start, start_cpu = time.perf_counter(), time.process_time()
        run(db)
        times.append((time.perf_counter() - start, time.process_time() - start_cpu))
        changes = db.conn.total_changes - changes
        db.close()
        for file in folder.iterdir():
            file.unlink()
    return min(wall for wall, _ in times), min(cpu for _, cpu in times), changes


def fresh(search: bool) -> Callable[[Path], Database]:
    def prepare(path: Path) -> Database:
        db = open_db(path)
        if not search:
            _drop_search_index(db)
        return db

    return prepare


def written(path: Path) -> Database:
    """A file that already holds every record."""
    db = open_db(path)
    one_transaction(db)
    db.close()
    return open_db(path)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--pages", type=int, default=3000)
    options.add_argument("--rounds", type=int, default=3)
    arguments = options.parse_args()
    for number in range(arguments.pages):
        url = f"http://127.0.0.1/filme/{number}.html"
        records.append((url, parse_page(film_page(number), url=url, content_type=CONTENT_TYPE)))
    paragraphs = sum(len(film.synopsis) for _, film in records) / len(records)
    roles = sum(len(film.cast) for _, film in records) / len(records)
    print(
        f"{len(records)} records from generated pages: {paragraphs:.1f} paragraphs and"
        f" {roles:.1f} roles a page on average; best of {arguments.rounds} rounds"
    )

    figures = {
        "one transaction, with search index": (fresh(True), one_transaction),
        "one transaction, without search index": (fresh(False), one_transaction),
        "one transaction per page, with search index": (fresh(True), per_page),
        "one transaction per page, without search index": (fresh(False), per_page),
        "rewrite unchanged, one transaction": (written, one_transaction),
    }
    with tempfile.TemporaryDirectory() as folder:
        for label, (prepare, run) in figures.items():
            seconds, cpu, changes = best_of(arguments.rounds, prepare, run, Path(folder))
            if prepare is written and changes:
                raise AssertionError(f"rewriting unchanged records changed {changes} rows")
            pages = len(records)
            print(
                f"save_film, {label:48} {pages / seconds:8,.0f} pages/s"
                f"  {seconds / pages * 1e3:6.3f} ms/page  (CPU {cpu / pages * 1e3:.3f} ms/page)"
            )


if __name__ == "__main__":
    main()
