"""`moviemaster parse`: saved pages -> records, printed and/or written to the database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from parsers import NotAFilmPage, parse_page
from schemas import describe
from scraper.inputs import SavedPage, Unreadable, iter_saved_pages
from scraper.output import Printer

Report = Callable[[str, str, str], None]  # kind ("skipped" or "error"), source, reason


@dataclass
class Counts:
    films: int = 0
    skipped: int = 0
    errors: int = 0
    written: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        statuses = ", ".join(f"{n} {status}" for status, n in sorted(self.written.items()))
        return (
            f"{self.films} films ({statuses or 'none written'}), "
            f"{self.skipped} skipped, {self.errors} errors"
        )


def _key(page: SavedPage, url: str | None) -> str:
    """A film's identity in the database: its URL, or where the saved file lies."""
    return url or Path(page.source).resolve().as_uri()


def parse_saved_pages(
    inputs: Iterable[str],
    printer: Printer,
    *,
    db: Path | None = None,
    url: str | None = None,
    report: Report,
) -> Counts:
    counts = Counts()
    database = None
    if db is not None:
        from scraper.writer import open_db, save_film

        database = open_db(db)
    for page in iter_saved_pages(inputs):
        if isinstance(page, Unreadable):
            counts.errors += 1
            report("error", page.source, page.reason)
            continue
        if page.noindex:
            counts.skipped += 1
            report("skipped", page.name, "the page asks not to be stored (noindex)")
            continue
        try:
            film = parse_page(page.data, url=url or page.url, content_type=page.content_type)
        except NotAFilmPage as error:
            counts.skipped += 1
            report("skipped", page.name, str(error))
            continue
        except ValidationError as error:
            counts.errors += 1
            report("error", page.name, f"invalid record: {describe(error)}")
            continue
        counts.films += 1
        printer.add(page.source, film)
        if database is not None:
            _, status = save_film(database, film, key=_key(page, film.url), source=page.source)
            counts.written[status] += 1
    return counts
