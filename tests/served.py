"""A small moviemaster database and Datasette's in-process client on it, for the Datasette tests."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from datasette.app import Datasette

from schemas import Film, Role
from scraper.serve import datasette
from scraper.writer import open_db, save_film

SITE = "https://www.moviemaster.de"
BRIDGE = Film(
    title="Die Brücke",
    synopsis=["Ein Mädchen namens Lisa (Anna Maria Mühe) trifft Driver (Ryan Gossling)."],
    cast=[
        Role(
            character="Lisa",
            actor="Anna Maria Mühe",
            actor_url=f"{SITE}/darsteller/anna-maria-muehe.html",
        ),
        Role(character="Driver", actor="Ryan Gossling"),
    ],
    author="Frank Ehrlacher",
    updated=date(2020, 5, 1),
)
NO_ROLES = Film(title="Leer", synopsis=["Niemand wird hier genannt."], updated=date(2020, 6, 1))

Get = Callable[[str], httpx.Response]


def make_database(path: Path, seed_film: Film) -> None:
    """Drive (the seed page, film 1), Die Brücke (2) and Leer (3, no roles)."""
    db = open_db(path)
    drive = seed_film.model_copy(update={"title": "Drive", "url": f"{SITE}/filme/drive.html"})
    save_film(db, drive, key="drive")
    save_film(db, BRIDGE, key="bridge")
    save_film(db, NO_ROLES, key="empty")
    db.close()


class Client:
    """Datasette's in-process client, one event loop for all requests."""

    def __init__(self, ds: Datasette, loop: asyncio.AbstractEventLoop) -> None:
        self._ds, self._loop = ds, loop

    def get(self, url: str) -> httpx.Response:
        return self._loop.run_until_complete(self._ds.client.get(url))

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self._loop.run_until_complete(self._ds.client.post(url, **kwargs))


@contextmanager
def client(served: Path | Datasette) -> Iterator[Client]:
    """A client of a Datasette, or of a database as `moviemaster serve` serves it."""
    ds = served if isinstance(served, Datasette) else datasette(served)
    loop = asyncio.new_event_loop()
    try:
        yield Client(ds, loop)
    finally:
        loop.close()


def json_of(get: Get, url: str) -> Any:
    response = get(url)
    assert response.status_code == 200, response.text
    return response.json()


@dataclass
class Served:
    """A server process: its address, and what it printed once it has stopped."""

    base: str
    stderr: str = ""


@contextmanager
def serving(command: str, *args: str | Path) -> Iterator[Served]:
    """Run a command of this environment (`moviemaster serve`, `datasette`) with ``args`` and
    ``--port`` of a free port until the block ends."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [Path(sys.executable).parent / command, *args, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    served = Served(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{served.base}/-/versions.json")
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield served
    finally:
        process.terminate()
        _, served.stderr = process.communicate(timeout=10)
