"""The Datasette plugin of moviemaster databases: pages a reader would read.

Registered as the ``datasette`` entry point, so that plain ``datasette`` loads it (with the
templates beside this file) wherever this package is installed; ``moviemaster serve`` makes sure
of it. It recognises a moviemaster database by its tables, whatever the file is called, and
gives it:

- the bundled ``metadata.yml`` (title, licence, labels, facets, search, canned queries), its
  database entry applied to each of our databases;
- a film's row page (title, byline, the synopsis with its pairs linked, the cast) and a
  person's (every role, newest first); the films table as title, author, date and first
  sentence; counts and the last crawl on the home page.

Only pages change: the JSON keeps every column, and nothing is made writable.
"""

from __future__ import annotations

import json
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from datasette import hookimpl
from datasette.utils import parse_metadata, urlsafe_components
from markupsafe import Markup, escape

from scraper.datasette import pages
from scraper.datasette.synopsis import first_sentence

if TYPE_CHECKING:  # Datasette imports this module while datasette.app is half imported
    from datasette.app import Datasette
    from datasette.utils.asgi import Request

METADATA = Path(__file__).with_name("metadata.yml")
_METADATA: dict[str, Any] = parse_metadata(METADATA.read_text(encoding="utf-8"))
# The name metadata.yml's `databases:` entry goes by; this plugin gives that entry to every
# moviemaster database, whatever its name.
BUNDLED_NAME = "moviemaster"
# What makes a database one of ours (a table of that name elsewhere is left alone).
_OUR_TABLES = frozenset({"films", "paragraphs", "people", "roles", "crawls"})


class _Ours(NamedTuple):
    """What a Datasette instance serves of ours, learnt at its startup."""

    names: frozenset[str]
    # The metadata for them, as JSON text: a fresh copy loads faster from it than deepcopy makes.
    metadata: str


_NONE = _Ours(frozenset(), "{}")
_ours: weakref.WeakKeyDictionary[Datasette, _Ours] = weakref.WeakKeyDictionary()


def ours(datasette: Datasette) -> frozenset[str]:
    """The names of the served databases that are moviemaster databases."""
    return _ours.get(datasette, _NONE).names


@hookimpl
def startup(datasette: Datasette) -> Any:
    # Datasette 0.65 prints every error, a 404 too, as a rich traceback with its locals when rich
    # is installed (the crawl's progress bar brings it), and fails with a 500 on a path that no
    # route matches, where there is no traceback to print. Its plain report of real errors stays.
    # Done here, not on import: Datasette imports this module while it loads its own plugins.
    from datasette import handle_exception

    handle_exception.rich = None  # type: ignore[attr-defined]

    async def find_ours() -> None:
        names = []
        for name, database in datasette.databases.items():
            if _OUR_TABLES.issubset(await database.table_names()):
                names.append(name)
        entry = _METADATA["databases"][BUNDLED_NAME]
        metadata = {**_METADATA, "databases": dict.fromkeys(names, entry)} if names else {}
        _ours[datasette] = _Ours(frozenset(names), json.dumps(metadata))

    return find_ours


@hookimpl
def get_metadata(datasette: Datasette) -> dict[str, Any]:
    """The bundled metadata, its database entry for each of our databases, when one is served;
    a metadata file given to Datasette (``--metadata``) wins over it."""
    # A fresh copy each time: Datasette merges other metadata into what a hook returns.
    return json.loads(_ours.get(datasette, _NONE).metadata)


@hookimpl
def extra_template_vars(
    template: str,
    database: str | None,
    table: str | None,
    request: Request | None,
    datasette: Datasette,
) -> Any:
    async def page_vars() -> dict[str, Any]:
        if request is None:
            return {}
        if template == "index.html":
            summaries = await pages.summaries(datasette, ours(datasette), request.actor)
            return {"moviemaster_summaries": summaries}
        if database not in ours(datasette):
            return {}
        if template == "row.html" and table in ("films", "people"):
            (key,) = urlsafe_components(request.url_vars["pks"])
            db = datasette.get_database(database)
            if table == "films":
                return {"film": await pages.film(db, key)}
            return {"person": await pages.person(db, key)}
        if template == "table.html" and table == "films":
            return {"moviemaster_films": True}
        return {}

    return page_vars


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Datasette
) -> Any:
    """The films table links each title to its film's page (saying when the page is gone) and
    shows a synopsis' first sentence."""
    if table != "films" or database not in ours(datasette):
        return None
    if column == "title":
        href = datasette.urls.row(database, "films", str(row["id"]))
        link = Markup(f'<a href="{escape(href)}">{escape(value or "(no title)")}</a>')
        # A sqlite3.Row; films has gone_since where the crawl marks gone pages.
        gone = dict(row).get("gone_since") is not None
        return link + Markup(" <em>(gone)</em>") if gone else link
    if column == "synopsis" and value:
        return first_sentence(value)
    return None
