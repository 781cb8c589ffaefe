"""What the film, person and home pages show, read from the database Datasette serves."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from scraper.datasette.synopsis import mark_pairs

if TYPE_CHECKING:  # Datasette imports its plugins while datasette.app is half imported
    from datasette.app import Datasette
    from datasette.database import Database

# Tables that point at films and that the film page shows already (or that are the crawler's).
_SHOWN_WITH_FILM = {"paragraphs", "roles", "pages"}
# How a crawls column reads in a sentence, where its name does not say it.
_COUNT_LABELS = {"not_modified": "not modified", "skipped_robots": "skipped by robots.txt"}


async def film(db: Database, film_id: str) -> dict[str, Any] | None:
    """A film's page: its record, its paragraphs with the pairs marked, its cast, and what else
    points at it (its earlier versions, once the crawl keeps them)."""
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
        "gone": {
            column: value
            for column, value in record.items()
            if column.startswith("gone") and value is not None
        },
        "elsewhere": await _pointing_at(db, "films", record["id"], _SHOWN_WITH_FILM),
    }


async def _pointing_at(
    db: Database, table: str, row_id: int, skip: set[str]
) -> list[dict[str, Any]]:
    """The rows of other tables (but ``skip``) whose foreign key points at ``row_id``."""
    found = []
    for reference in (await db.get_all_foreign_keys())[table]["incoming"]:
        if reference["other_table"] in skip:
            continue
        other, column = reference["other_table"], reference["other_column"]
        (count,) = (
            await db.execute(f"SELECT count(*) FROM [{other}] WHERE [{column}] = ?", [row_id])
        ).first()
        if count:
            found.append({"table": other, "column": column, "count": count})
    return found


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
    counts = {
        column: value
        for column, value in row.items()
        if column not in ("id", "started", "ended", "start_urls") and isinstance(value, int)
    }
    return {
        "id": row["id"],
        "started": started.strftime("%Y-%m-%d %H:%M %Z").strip(),
        "took": _duration((ended - started).total_seconds()) if ended else None,
        "counts": [
            {"column": column, "label": _COUNT_LABELS.get(column, column), "count": count}
            for column, count in counts.items()
        ],
    }


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, seconds = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"
