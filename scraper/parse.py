"""`moviemaster parse`: saved pages -> records, printed and/or written to the database.

One page, or ``jobs=1``, is parsed in this process; more go to a pool of worker processes (and
each page there gets a hard time limit), a bounded window of them at a time, their results
taken in input order.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING

from scraper.config import PARSE_TIMEOUT
from scraper.inputs import SavedPage, Unreadable, is_one_page, iter_saved_pages
from scraper.output import Printer
from scraper.parsing import Page, Parsed, parse

if TYPE_CHECKING:
    import asyncio

    from scraper.pool import ParsePool

Report = Callable[[str, str, str], None]  # kind ("skipped" or "error"), source, reason
Item = SavedPage | Unreadable
# Pages handed to the pool ahead of the one whose result is due, per worker: enough to keep
# every worker busy while one page takes long, few enough to bound the memory they hold.
_AHEAD = 4


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


def _job(page: SavedPage, url: str | None) -> Page:
    return Page(page.data, url or page.url, page.content_type, page.robots, crawled=page.crawled)


def parse_saved_pages(
    inputs: Iterable[str],
    printer: Printer,
    *,
    db: Path | None = None,
    url: str | None = None,
    report: Report,
    jobs: int = 1,
) -> Counts:
    inputs = list(inputs)
    counts = Counts()
    database = None
    if db is not None:
        from scraper.writer import COMMIT_EVERY, batched, open_db, save_film

        database = open_db(db)
    committed = monotonic()

    def take(item: Item, parsed: Parsed | None) -> None:
        nonlocal committed
        if isinstance(item, Unreadable):
            counts.errors += 1
            report("error", item.source, item.reason)
            return
        assert parsed is not None
        if parsed.noindex:
            counts.skipped += 1
            report("skipped", item.name, "the page asks not to be stored (noindex)")
        elif parsed.skipped is not None:
            counts.skipped += 1
            report("skipped", item.name, parsed.skipped)
        elif parsed.failed is not None:
            counts.errors += 1
            report("error", item.name, parsed.failed)
        elif parsed.film is not None:
            counts.films += 1
            printer.add(item.source, parsed.film)
            if database is not None:
                film = parsed.film
                _, status = save_film(database, film, key=_key(item, film.url), source=item.source)
                counts.written[status] += 1
                if monotonic() - committed >= COMMIT_EVERY:
                    commit()
                    committed = monotonic()

    async def in_pool() -> None:
        from scraper.pool import ParsePool

        async with ParsePool(jobs, PARSE_TIMEOUT) as pool:
            async for item, parsed in _in_order(items, pool, url, _AHEAD * jobs):
                take(item, parsed)

    items = iter_saved_pages(inputs)
    with ExitStack() as finally_:
        if database is not None:
            finally_.callback(database.close)
            # Pages written a batch at a time, as the crawl writes them.
            commit = finally_.enter_context(batched(database.conn))
        if jobs == 1 or (len(inputs) == 1 and is_one_page(inputs[0])):
            for item, parsed in _in_process(items, url):
                take(item, parsed)
        else:
            import asyncio  # (only a pool needs it: one page starts faster without)

            asyncio.run(in_pool())
    return counts


def _in_process(items: Iterator[Item], url: str | None) -> Iterator[tuple[Item, Parsed | None]]:
    for item in items:
        yield item, parse(_job(item, url)) if isinstance(item, SavedPage) else None


async def _in_order(
    items: Iterator[Item], pool: ParsePool, url: str | None, window: int
) -> AsyncIterator[tuple[Item, Parsed | None]]:
    """Each item with its page parsed by the pool, in input order, at most ``window`` pages
    in the pool at a time."""
    import asyncio

    pending: deque[tuple[Item, asyncio.Task[Parsed] | None]] = deque()
    for item in items:
        task = None
        if isinstance(item, SavedPage):
            task = asyncio.create_task(pool.parse(_job(item, url)))
        pending.append((item, task))
        while pending and (len(pending) > window or _done(pending[0][1])):
            head, task = pending.popleft()
            yield head, await task if task is not None else None
    while pending:
        head, task = pending.popleft()
        yield head, await task if task is not None else None


def _done(task: asyncio.Task[Parsed] | None) -> bool:
    return task is None or task.done()
