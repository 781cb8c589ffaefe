"""What the film, person and home pages show, read from the database Datasette serves."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from scraper.datasette.synopsis import mark_pairs

if TYPE_CHECKING:  # Datasette imports its plugins while datasette.app is half imported
    from datasette.app import Datasette
    from datasette.database import Database

# How a crawls column reads in a sentence, where its name does not say it.
_COUNT_LABELS = {"not_modified": "not modified", "skipped_robots": "skipped by robots.txt"}


async def film(db: Database, film_id: str) -> dict[str, Any] | None:
    """A film's page: its record, its paragraphs with the pairs marked, its cast, and, where the
    crawl keeps them, whether its page is gone and the versions before each change."""
    rows = (await db.execute("SELECT * FROM films WHERE id = ?", [film_id])).rows
    if not rows:
        return None
    record = dict(rows[0])
    paragraphs = [
        row["text"]
        for row in await db.execute(
            "SELECT text FROM paragraphs WHERE film = ? ORDER BY position", [record["id"]]
        )
    ]
    cast = [
        dict(row)
        for row in await db.execute(
            "SELECT roles.position, roles.character, people.id AS person,"
            " people.name AS actor, people.url AS actor_url"
            " FROM roles JOIN people ON people.id = roles.person"
            " WHERE roles.film = ? ORDER BY roles.position",
            [record["id"]],
        )
    ]
    marked = mark_pairs(paragraphs, [(role["character"], role["actor"]) for role in cast])
    return {
        **record,
        "paragraphs": marked,
        "cast": cast,
        "gone": await _gone(db, record.get("gone_since")),
        "versions": await _versions(db, record["id"]),
    }


async def _gone(db: Database, crawl: int | None) -> dict[str, Any] | None:
    """The crawl since which a film's page is gone (``films.gone_since``; None while it is
    there, or in a database of a version that does not mark gone pages)."""
    if crawl is None:
        return None
    row = (await db.execute("SELECT started FROM crawls WHERE id = ?", [crawl])).first()
    return {"crawl": crawl, "started": _when(row["started"]) if row else None}


async def _versions(db: Database, film_id: int) -> list[dict[str, Any]]:
    """The film's earlier versions, newest first, each with what changed (none in a database
    of a version that keeps no history)."""
    if not await db.table_exists("versions"):
        return []
    rows = await db.execute(
        "SELECT id, crawl, at, changed FROM versions WHERE film = ? ORDER BY id DESC", [film_id]
    )
    return [
        {**dict(row), "at": _when(row["at"]), "changed": ", ".join(json.loads(row["changed"]))}
        for row in rows
    ]


async def person(db: Database, person_id: str) -> dict[str, Any] | None:
    """A person's page: their name, link, and every role across films, newest first."""
    rows = (await db.execute("SELECT * FROM people WHERE id = ?", [person_id])).rows
    if not rows:
        return None
    roles = await db.execute(
        "SELECT films.id AS film, films.title, films.updated, roles.position, roles.character"
        " FROM roles JOIN films ON films.id = roles.film WHERE roles.person = ?"
        " ORDER BY films.updated IS NULL, films.updated DESC, films.title, roles.position",
        [person_id],
    )
    return {**dict(rows[0]), "roles": [dict(row) for row in roles]}


async def summaries(
    datasette: Datasette, names: Iterable[str], actor: dict[str, Any] | None
) -> dict[str, dict[str, Any]]:
    """For the home page: each moviemaster database's counts, last crawl and the canned queries
    that ``actor`` may see."""
    return {name: await _summary(datasette, name, actor) for name in names}


async def _summary(datasette: Datasette, name: str, actor: dict[str, Any] | None) -> dict[str, Any]:
    db = datasette.get_database(name)
    counts = (
        await db.execute(
            "SELECT (SELECT count(*) FROM films) AS films, (SELECT count(*) FROM people) AS"
            " people, (SELECT count(*) FROM roles) AS roles"
        )
    ).first()
    crawl = (await db.execute("SELECT * FROM crawls ORDER BY id DESC LIMIT 1")).first()
    queries = await datasette.get_canned_queries(name, actor)
    return {
        "name": name,
        "counts": dict(counts),
        "crawl": _crawl(dict(crawl)) if crawl else None,
        "queries": [
            {"name": query, "title": details.get("title") or query}
            for query, details in queries.items()
            if await datasette.permission_allowed(actor, "view-query", (name, query), default=True)
        ],
    }


def _crawl(row: dict[str, Any]) -> dict[str, Any]:
    """A crawls row as the home page says it: when, how long, and its counts in words."""
    started = datetime.fromisoformat(row["started"])
    ended = datetime.fromisoformat(row["ended"]) if row["ended"] else None
    return {
        "id": row["id"],
        "started": _when(row["started"]),
        "took": _duration((ended - started).total_seconds()) if ended else None,
        # Every count the crawls table has (a newer crawler may count more).
        "counts": [
            {"column": column, "label": _COUNT_LABELS.get(column, column), "count": value}
            for column, value in row.items()
            if column != "id" and isinstance(value, int)
        ],
    }


def _when(timestamp: str) -> str:
    """A stored time (ISO 8601, UTC) as a reader reads it: to the minute."""
    return datetime.fromisoformat(timestamp).strftime("%Y-%m-%d %H:%M %Z").strip()


def _duration(seconds: float) -> str:
    """A crawl's length; the times it is read from are to the second."""
    if seconds < 1:
        return "under a second"
    minutes, seconds = divmod(round(seconds), 60)
    if minutes == 0:
        return f"{seconds} s"
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"
