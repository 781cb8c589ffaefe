"""Datasette over the database, with the bundled plugin and its metadata: the Datasette that
plain `datasette DB --setting truncate_cells_html 240` starts where this package is installed."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import uvicorn
from datasette.app import Datasette
from datasette.plugins import pm

from scraper import datasette as plugin
from scraper.writer import open_db

# Table pages show the start of a long text (a paragraph, a failure's reason), row pages all.
SETTINGS = {"truncate_cells_html": 240}


class NotOurDatabase(ValueError):
    """A SQLite file that holds other tables than ours: serving would add ours to it."""


def datasette(db_path: Path) -> Datasette:
    """A Datasette instance on ``db_path``, migrated to the current shape first.

    Never immutable: the file is in WAL mode and a crawl may write to it while it is served.
    Raises NotOurDatabase, touching nothing, for a database of something else.
    """
    with closing(sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    if tables and "films" not in tables:
        raise NotOurDatabase(f"{db_path} is not a moviemaster database (it has no films table)")
    open_db(db_path).close()
    # Datasette skips entry points when it thinks it runs under its own tests.
    if not pm.is_registered(plugin):
        pm.register(plugin)
    return Datasette([str(db_path)], settings=SETTINGS)


def serve(db_path: Path, *, host: str, port: int) -> None:
    """Serve ``db_path`` until interrupted."""
    uvicorn.run(datasette(db_path).app(), host=host, port=port, log_level="info", lifespan="on")
