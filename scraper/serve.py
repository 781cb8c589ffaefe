"""Datasette over the database, with the bundled metadata (labels, facets, search, queries)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import uvicorn
from datasette.app import Datasette
from datasette.utils import parse_metadata

from scraper.writer import open_db

METADATA = Path(__file__).parent / "datasette" / "metadata.yml"
# The database name metadata.yml describes: what `datasette moviemaster.db` calls the file.
# A table page shows the start of each synopsis, not the whole story (the row page does).
SETTINGS = {"truncate_cells_html": 240}
BUNDLED_NAME = "moviemaster"


def metadata(database: str = BUNDLED_NAME) -> dict[str, Any]:
    """The bundled metadata, applied to the database Datasette calls ``database``."""
    data = parse_metadata(METADATA.read_text(encoding="utf-8"))
    data["databases"] = {database: data["databases"][BUNDLED_NAME]}
    return data


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
    return Datasette([str(db_path)], metadata=metadata(db_path.stem), settings=SETTINGS)


def serve(db_path: Path, *, host: str, port: int) -> None:
    """Serve ``db_path`` until interrupted."""
    uvicorn.run(datasette(db_path).app(), host=host, port=port, log_level="info", lifespan="on")
