"""Small sites for the crawl tests: generated film pages, and a static server that records what
it was asked (the demo's server, so validators and 304s behave as in the demo)."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from scraper.demo import StaticHandler, StaticSite

ROOT = Path(__file__).parent.parent

# Names for generated films: (character, actor) pairs in the style of the seed page.
_CAST = [
    ("Driver", "Ryan Gossling"),
    ("Irene", "Carey Mulligan"),
    ("Bernie Rose", "Albert Brooks"),
    ("Shannon", "Bryan Cranston"),
    ("Nino", "Ron Perlman"),
    ("Blanche", "Christina Hendricks"),
]
_FOOTER = (
    "<p>Alle Preisangaben ohne Gew\xe4hr.</p><p>\xa9 1996 - 2024 moviemaster.de</p>"
    '<p>Technische Realisation: "PHP Movie Script" 10.2.1</p>'
)


def film_page(number: int, links: Sequence[str] = (), extra_head: str = "") -> bytes:
    """An old-layout film page (windows-1252, a table, actor links) for film ``number``."""
    character, actor = _CAST[number % len(_CAST)]
    other, other_actor = _CAST[(number + 1) % len(_CAST)]
    slug = actor.lower().replace(" ", "-")
    paragraphs = [
        f'{character} (<a href="/darsteller/{slug}.html">{actor}</a>) ist Stuntfahrer in '
        f"Film {number}. „Ich mache das nur zwischendurch“, sagt er – und meint es so.",
        f"Seine Nachbarin {other} ({other_actor}) arbeitet als Kellnerin in der Stadt. "
        f"Bald schon f\xe4hrt er sie \xfcberall hin, Tag f\xfcr Tag, Woche f\xfcr Woche.",
        f"Doch das Gl\xfcck ist nur von kurzer Dauer, und im Teil {number} geht alles schief. "
        "Gegen diesen Feind hilft nur eines: Angriff...",
    ]
    nav = "".join(f'<a href="{link}">{link}</a> ' for link in links)
    html = (
        f"<html><head><title>Film {number}</title>{extra_head}</head><body>"
        f'<table><tr><td class="nav">{nav}</td><td>'
        f"<h1>Film {number}</h1>"
        + "".join(f"<p>{text}</p>" for text in paragraphs)
        + "<p>Autor/Bearbeitung: Frank Ehrlacher<br>Update: 31.01.2019</p>"
        + f"{_FOOTER}</td></tr></table></body></html>"
    )
    return html.encode("cp1252")


def listing_page(title: str, links: list[str]) -> bytes:
    items = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    html = f"<html><head><title>{title}</title></head><body><h1>{title}</h1><ul>{items}</ul>"
    return f"{html}{_FOOTER}</body></html>".encode("cp1252")


def write(root: Path, files: dict[str, bytes | str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)


def film_site(root: Path, films: int, per_listing: int = 10) -> list[str]:
    """A home page, listing pages of ``per_listing`` films each, the films and actor pages.

    Returns the film paths (``/filme/film-N.html``).
    """
    paths = [f"/filme/film-{n}.html" for n in range(films)]
    listings = [paths[i : i + per_listing] for i in range(0, films, per_listing)]
    files: dict[str, bytes | str] = {
        "index.html": listing_page("Filme", [f"/liste-{i}.html" for i in range(len(listings))]),
        "robots.txt": "User-agent: *\nAllow: /\n",
    }
    for i, chunk in enumerate(listings):
        files[f"liste-{i}.html"] = listing_page(f"Liste {i}", [*chunk, "/index.html"])
    for n, path in enumerate(paths):
        files[path.lstrip("/")] = film_page(n, ["/index.html"])
    for _, actor in _CAST:
        slug = actor.lower().replace(" ", "-")
        files[f"darsteller/{slug}.html"] = listing_page(actor, ["/index.html"])
    write(root, files)
    return paths


@dataclass(frozen=True)
class Hit:
    """One request as the server saw it."""

    at: float  # time.monotonic() when the request had been read
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 0


class _Recording(StaticHandler):
    server: RecordingSite

    def do_GET(self) -> None:
        self._at = time.monotonic()
        with self.server.lock:
            self.server.active += 1
            self.server.most_active = max(self.server.most_active, self.server.active)
        try:
            self.server.before(self.path)
            super().do_GET()
        finally:
            with self.server.lock:
                self.server.active -= 1

    def send_response(self, code: int, message: str | None = None) -> None:
        hit = Hit(self._at, self.path, dict(self.headers.items()), code)
        with self.server.lock:
            self.server.hits.append(hit)
        super().send_response(code, message)


class RecordingSite(StaticSite):
    """The static site server, recording every request and the most served at once."""

    handler: type[BaseHTTPRequestHandler] = _Recording

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.lock = threading.Lock()
        self.hits: list[Hit] = []
        self.active = 0
        self.most_active = 0

    def before(self, path: str) -> None:
        """Called as each request comes in, before it is answered (tests hook in here)."""

    def paths(self) -> list[str]:
        with self.lock:
            return [hit.path for hit in self.hits]


class HeldSite(RecordingSite):
    """Holds requests, from the ``after``-th since ``hold`` on, until ``release``: a crawl
    caught in the middle of its work, for as long as a test needs."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.holding = threading.Event()  # set once a request is being held
        self._released = threading.Event()
        self._released.set()
        self._let_through = 0

    def hold(self, after: int = 0) -> None:
        with self.lock:
            self._let_through = after
            self.holding.clear()
            self._released.clear()

    def release(self) -> None:
        self._released.set()

    def before(self, path: str) -> None:
        with self.lock:
            if self._released.is_set() or self._let_through > 0:
                self._let_through -= 1
                return
            self.holding.set()
        self._released.wait(timeout=60)


def crawl_process(start: str, db: Path, *options: str) -> subprocess.Popen[str]:
    """`moviemaster crawl START --db DB --rate 0 OPTIONS` in a process of its own, its output
    piped."""
    command = [sys.executable, "-c", "from scraper.cli import main; main()", "crawl", start]
    return subprocess.Popen(
        [*command, "--db", str(db), "--rate", "0", *options],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Wait for ``process`` (a minute at most): its exit status, stdout and stderr."""
    out, err = process.communicate(timeout=60)
    return process.returncode, out, err


def rows(db: Path, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, params).fetchall()


def content(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What a crawl stored, keyed by URLs and names rather than row ids, without timestamps."""
    return {
        "films": rows(db, "SELECT key, url, title, author, updated, hash FROM films ORDER BY key"),
        "paragraphs": rows(
            db,
            "SELECT f.key, p.position, p.text FROM paragraphs p JOIN films f ON f.id = p.film"
            " ORDER BY 1, 2",
        ),
        "roles": rows(
            db,
            "SELECT f.key, r.position, r.character, pe.name, pe.url FROM roles r"
            " JOIN films f ON f.id = r.film JOIN people pe ON pe.id = r.person ORDER BY 1, 2",
        ),
        "people": rows(db, "SELECT name, url FROM people ORDER BY name"),
        "pages": rows(
            db,
            "SELECT p.url, kind, depth, state, result, reason, http_status, content_type, etag,"
            " last_modified, body_hash, f.key FROM pages p LEFT JOIN films f ON f.id = p.film"
            " ORDER BY p.url",
        ),
    }


class RawServer:
    """A socket server on 127.0.0.1 that answers every request with ``reply`` as raw bytes and
    closes the connection, or (``reply`` None) answers nothing until it is stopped: for the
    broken responses no well-behaved HTTP server sends."""

    def __init__(self, reply: bytes | None) -> None:
        self._reply = reply
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.connections = 0
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return  # stopped
            self.connections += 1
            request = b""
            while b"\r\n\r\n" not in request and (data := conn.recv(4096)):
                request += data
            if self._reply is None:
                self._open.append(conn)
                continue
            conn.sendall(self._reply)
            conn.close()

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        # Only shutdown() wakes the accept() blocked in the thread; close() alone does not.
        self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        self._thread.join()
        for conn in self._open:
            conn.close()
