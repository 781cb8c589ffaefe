"""Parsing in worker processes: all cores for big inputs, a crawl's event loop never held up by
a page, and a hard time limit on each page.

Each worker has a pipe of its own, so the pool knows which page each one is on: a page not
parsed within the time limit gets its worker killed (SIGKILL: a worker stuck in the HTML
parser's C code would not notice a gentler signal) and replaced, and the page has failed. A
worker that dies (killed for memory, crashed) is replaced the same way. pebble's ProcessPool
does this too, with one channel shared by all workers, three threads and SIGTERM first; it
passed 3,000 small tasks a second here, pipes of our own 11,000.

Workers are forked from a fork server (never from a crawl with threads running) that has
imported the parser and loaded its word lists (scraper/forkserver_preload.py): each starts warm,
and a replacement in a few milliseconds.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
from multiprocessing.connection import Connection
from types import TracebackType

from scraper.parsing import Page, Parsed, parse, warm_up

__all__ = ["ParsePool", "PoolBroken"]

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["scraper.forkserver_preload"])
_READY = "ready"
_GONE = object()  # what a worker whose pipe closed "answers"


class PoolBroken(OSError):
    """Worker processes cannot be started; the message is one line."""


def _serve(conn: Connection) -> None:
    """A worker: parse the pages the pipe brings, one at a time, until it closes."""
    # Ctrl-C, and a service manager's SIGTERM to the whole group, are for the parent to handle:
    # it stops the crawl cleanly, then its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    warm_up()
    conn.send(_READY)
    try:
        while True:
            conn.send(parse(conn.recv()))
    except (EOFError, OSError):
        return  # the pool closed, or the process that ran it died


class _Worker:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self.conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_serve, args=(child,), daemon=True)
        try:
            self.process.start()
        except OSError as error:
            raise PoolBroken(f"cannot start a parser process: {error}") from None
        child.close()
        self.answer: asyncio.Future[object] = loop.create_future()
        self.ready = False
        loop.add_reader(self.conn.fileno(), self._readable)
        self._listening = True

    def _readable(self) -> None:
        try:
            message = self.conn.recv()
        except (EOFError, OSError):
            # A closed pipe stays readable: stop listening, the worker is gone.
            self._unlisten()
            message = _GONE
        if not self.answer.done():
            self.answer.set_result(message)

    async def start(self) -> None:
        """Wait until the worker has loaded the parser."""
        if self.ready:
            return
        if await self.answer != _READY:
            raise PoolBroken(f"a parser process died while starting ({self.ended()})")
        self.ready = True

    async def run(self, page: Page) -> object:
        self.answer = self._loop.create_future()
        try:
            self.conn.send(page)
        except OSError:
            return _GONE  # it died while waiting for work
        return await self.answer

    def ended(self) -> str:
        """How the process ended, once it has."""
        self.process.join(1)
        code = self.process.exitcode
        if code is not None and code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exit status {code}"

    def _unlisten(self) -> None:
        if self._listening:
            self._loop.remove_reader(self.conn.fileno())
            self._listening = False

    def stop(self) -> None:
        self._unlisten()
        self.conn.close()
        self.process.kill()
        self.process.join()


class ParsePool:
    """``jobs`` worker processes parsing pages; use as ``async with ParsePool(...) as pool``."""

    def __init__(self, jobs: int, time_limit: float) -> None:
        self._jobs = jobs
        self._time_limit = time_limit
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()

    async def __aenter__(self) -> ParsePool:
        for _ in range(self._jobs):
            self._add()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers.clear()

    def _add(self) -> None:
        worker = _Worker(asyncio.get_running_loop())
        self._workers.add(worker)
        self._idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        self._workers.discard(worker)
        self._add()

    async def parse(self, page: Page) -> Parsed:
        """The page parsed by a free worker, or failed (the time limit passed, the worker died)."""
        worker = await self._idle.get()
        try:
            await worker.start()
            async with asyncio.timeout(self._time_limit):
                answer = await worker.run(page)
        except TimeoutError:
            self._replace(worker)
            return Parsed(failed=f"parse timeout (over {self._time_limit:g} s)")
        except BaseException:
            # Cancelled, or the pool is broken: the worker may be mid-page, and is not reused.
            self._replace(worker)
            raise
        if not isinstance(answer, Parsed):
            reason = worker.ended()
            self._replace(worker)
            return Parsed(failed=f"parser process died ({reason})")
        self._idle.put_nowait(worker)
        return answer
