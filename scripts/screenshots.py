"""Screenshots of the served dataset in headless Chromium: a browser check and the README's images.

    python scripts/screenshots.py demo.db [--out docs/screenshots] [--search WORD]

Serves the database with the bundled metadata and plugin on 127.0.0.1, opens the home page, the
films table, the page of the film with the most roles, the page of the person with the most
roles and a synopsis search in Debian's Chromium (driven by Playwright) and saves one PNG of
each. Fails when a page does not load.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import click
import uvicorn
from playwright.sync_api import sync_playwright

from scraper.serve import datasette

CHROMIUM = "/usr/bin/chromium"
# No sandbox: containers and CI runners rarely allow one; the rest keeps Chromium off the network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 1200}


@contextmanager
def served(db: Path) -> Iterator[str]:
    """Serve ``db`` on a free port of 127.0.0.1 in a thread; yield its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(datasette(db).app(), host="127.0.0.1", port=0, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise click.ClickException("the server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _most_roles(db: Path, column: str) -> int:
    """The film (or person) with the most roles."""
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute(
            f"SELECT {column} FROM roles GROUP BY {column} ORDER BY count(*) DESC, {column} LIMIT 1"
        ).fetchone()
    if row is None:
        raise click.ClickException(f"{db} holds no roles to show")
    return int(row[0])


@click.command()
@click.argument("db", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    default=Path("docs/screenshots"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the PNG files.",
)
@click.option("--search", default="Tochter", show_default=True, help="Word to search for.")
def main(db: Path, out: Path, search: str) -> None:
    """Save home.png, films.png, film.png, person.png and search.png of DB as served by
    `moviemaster serve`."""
    name = db.stem
    pages = {
        "home.png": "/",
        "films.png": f"/{name}/films",
        "film.png": f"/{name}/films/{_most_roles(db, 'film')}",
        "person.png": f"/{name}/people/{_most_roles(db, 'person')}",
        "search.png": f"/{name}/films?_search={search}",
    }
    out.mkdir(parents=True, exist_ok=True)
    with served(db) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        for filename, path in pages.items():
            response = page.goto(base + path)
            if response is None or not response.ok:
                raise click.ClickException(
                    f"{path}: {response.status if response else 'no answer'}"
                )
            page.screenshot(path=out / filename)
            click.echo(out / filename)
        browser.close()


if __name__ == "__main__":
    main()
