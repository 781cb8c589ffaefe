"""`moviemaster history`: a film's kept versions, oldest first, each change as a readable diff.

The writer keeps a film's record in ``versions`` before every change; the film's current record
is its rows in ``films``, ``roles`` and ``people``.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from scraper.changes import Snapshot, diff_lines
from scraper.writer import SYNOPSIS_SEPARATOR, open_db, stored_film

__all__ = ["FilmNotFound", "changed_titles", "history"]

# Films named when a part of a title matches several.
_CANDIDATES = 5


class FilmNotFound(LookupError):
    """No film (or more than one, by a part of a title) matches; the message says which."""


def history(db: Path, film: str) -> str:
    """The history of every film whose URL or title is ``film`` (or, failing that, of the one
    film whose title holds it), as text for people."""
    with closing(open_db(db)) as database:
        conn = database.conn
        return "\n".join(_film_history(conn, film_id) for film_id in _find(conn, db, film))


def changed_titles(db: Path, crawl: int) -> list[str]:
    """The titles (or URLs) of the films whose record ``crawl`` changed."""
    with closing(open_db(db)) as database:
        return [
            title
            for (title,) in database.execute(
                "SELECT coalesce(title, key) FROM films WHERE id IN"
                " (SELECT film FROM versions WHERE crawl = ?) ORDER BY title",
                [crawl],
            )
        ]


def _find(conn: sqlite3.Connection, db: Path, film: str) -> list[int]:
    by_url = conn.execute(
        "SELECT id FROM films WHERE ? IN (key, url) ORDER BY id", [film]
    ).fetchall()
    if by_url:
        return [film_id for (film_id,) in by_url]
    # Compared in Python: SQLite folds the case of ASCII letters only, not "Ü".
    wanted = film.casefold()
    titles = conn.execute("SELECT id, title FROM films WHERE title IS NOT NULL ORDER BY title")
    whole, parts = [], []
    for film_id, title in titles:
        if title.casefold() == wanted:
            whole.append(film_id)
        elif wanted in title.casefold():
            parts.append((film_id, title))
    if whole:
        return whole
    if len(parts) == 1:
        return [parts[0][0]]
    if not parts:
        raise FilmNotFound(f"no film in {db} has the URL or title {film!r}")
    named = "; ".join(title for _, title in parts[:_CANDIDATES])
    more = ", …" if len(parts) > _CANDIDATES else ""
    raise FilmNotFound(
        f"{len(parts)} films have {film!r} in their title ({named}{more}): give a whole title"
        " or a URL"
    )


def _film_history(conn: sqlite3.Connection, film_id: int) -> str:
    title, address = conn.execute(
        "SELECT title, coalesce(url, key) FROM films WHERE id = ?", [film_id]
    ).fetchone()
    current = stored_film(conn, film_id)[0]
    versions = conn.execute(
        "SELECT crawl, at, changed, title, url, synopsis, roles, author, updated, gone_since"
        " FROM versions WHERE film = ? ORDER BY id",
        [film_id],
    ).fetchall()
    lines = [title or "(no title)", address, _standing(conn, film_id, current, len(versions))]
    befores = [_snapshot(*row[3:]) for row in versions]
    for (crawl, at, changed, *_), before, after in zip(
        versions, befores, [*befores, current][1:], strict=True
    ):
        when = f"crawl {crawl}, {at}" if crawl is not None else f"{at} (written, not crawled)"
        lines += ["", f"{when}: {', '.join(json.loads(changed))}"]
        lines += [f"  {line}" for line in diff_lines(before, after)]
    return "\n".join(lines) + "\n"


def _standing(conn: sqlite3.Connection, film_id: int, current: Snapshot, changes: int) -> str:
    """Since when the film is stored, how often it changed, and whether its page is gone."""
    first = conn.execute(
        "SELECT crawl, at FROM visits WHERE film = ? AND record = 'new' ORDER BY id LIMIT 1",
        [film_id],
    ).fetchone()
    parts = [f"stored since crawl {first[0]}, {first[1]}"] if first else []
    parts.append({0: "never changed", 1: "changed once"}.get(changes, f"changed {changes} times"))
    if current.gone_since is not None:
        parts.append(f"its page is gone since crawl {current.gone_since}")
    return "; ".join(parts)


def _snapshot(
    title: str | None,
    url: str | None,
    synopsis: str,
    roles: str,
    author: str | None,
    updated: str | None,
    gone_since: int | None,
) -> Snapshot:
    """A kept version, from its row in ``versions``."""
    cast = tuple((role["character"], role["actor"]) for role in json.loads(roles))
    paragraphs = tuple(synopsis.split(SYNOPSIS_SEPARATOR))
    return Snapshot(title, url, paragraphs, cast, author, updated, gone_since)
