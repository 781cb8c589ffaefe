"""Page times of the Datasette publication: what the bundled plugin costs a reader.

Usage: python benchmarks/pages_bench.py [--requests N] [--rounds R]

Crawls the bundled demo site into a new database (`moviemaster demo`, untimed), then asks
Datasette's in-process client for the home page, the films table, the film and the person with
the most roles, the roles table and a film's JSON, N times each (default 20), best of R rounds
(default 3), in two set-ups in the same process, taking turns:
- Datasette alone with the bundled metadata keyed to the database's name (as before the plugin),
- Datasette with the plugin (`moviemaster serve`'s set-up), which renders the reader's pages.
The figures are milliseconds a request; compare them within one run, the machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from datasette.app import Datasette
from datasette.plugins import pm
from datasette.utils import parse_metadata

from scraper import datasette as plugin
from scraper import demo
from scraper.serve import SETTINGS, datasette


def _most_roles(db: Path, column: str) -> int:
    with closing(sqlite3.connect(db)) as connection:
        (row,) = connection.execute(
            f"SELECT {column} FROM roles GROUP BY {column} ORDER BY count(*) DESC LIMIT 1"
        ).fetchall()
    return int(row[0])


def _alone(db: Path) -> Datasette:
    """Datasette without the plugin, the metadata's database entry under the file's name."""
    if pm.is_registered(plugin):
        pm.unregister(plugin)
    metadata = parse_metadata(plugin.METADATA.read_text(encoding="utf-8"))
    metadata["databases"] = {db.stem: metadata["databases"][plugin.BUNDLED_NAME]}
    return Datasette([str(db)], metadata=metadata, settings=SETTINGS)


async def _time(ds: Datasette, url: str, requests: int) -> float:
    """Milliseconds a request of ``url``, over ``requests`` requests."""
    start = time.perf_counter()
    for _ in range(requests):
        response = await ds.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return (time.perf_counter() - start) / requests * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        demo.run(db)
        pages = {
            "home": "/",
            "films table": "/demo/films",
            "film": f"/demo/films/{_most_roles(db, 'film')}",
            "person": f"/demo/people/{_most_roles(db, 'person')}",
            "roles table": "/demo/roles",
            "film JSON": "/demo/films/1.json",
        }
        alone = _alone(db)
        # Started while the plugin is away, it is none of the plugin's: its hooks pass it by.
        asyncio.run(alone.invoke_startup())
        with_plugin = datasette(db)  # registers the plugin again
        best = {url: [float("inf"), float("inf")] for url in pages.values()}
        for _ in range(args.rounds + 1):  # the first round warms up, untimed
            for url, times in best.items():
                for index, ds in enumerate((alone, with_plugin)):
                    times[index] = min(times[index], asyncio.run(_time(ds, url, args.requests)))
    print(f"{'page':<12} {'Datasette alone':>16} {'with the plugin':>16}")
    for name, url in pages.items():
        before, after = best[url]
        print(f"{name:<12} {before:>13.1f} ms {after:>13.1f} ms")


if __name__ == "__main__":
    main()
