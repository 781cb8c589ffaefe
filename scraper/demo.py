"""The demo: the bundled sample site served on 127.0.0.1, crawled into a database.

The server is a plain static one, but answers as the real site would: iso-8859-1 film and actor
pages, UTF-8 pages of the redesign (``neu/``), validators (ETag, Last-Modified) and 304s, so a
second crawl shows the incremental path too, and (``--edited``) a changed and a removed page.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import mimetypes
import shutil
import sqlite3
import sys
import tempfile
import threading
from collections.abc import Callable
from contextlib import ExitStack, closing
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

from scraper.config import CrawlConfig
from scraper.crawler import Progress, Summary, crawl
from scraper.lock import crawl_lock

__all__ = [
    "EDITS",
    "REMOVED",
    "SITE",
    "NotADemoDatabase",
    "StaticHandler",
    "StaticSite",
    "content_type",
    "run",
]

SITE = Path(__file__).parent / "demo_site"
# The site as a later night finds it (--edited): Drive's author fixed an actor's name and
# updated the page, and one film's page was taken off the site (its links stay, now broken).
EDITS = {
    "filme/drive.html": [
        (b"Ryan Gossling) verdient", b"Ryan Gosling) verdient"),
        (b"Update: 31.01.2019", b"Update: 12.03.2024"),
    ]
}
REMOVED = ["filme/kaltes-land.html"]
# The old PHP script sends its pages as latin-1; the redesign under neu/ as UTF-8.
_LATIN1_FOLDERS = {"filme", "darsteller"}
_HTML = {".html", ".htm"}


def content_type(relative: Path) -> str:
    """The Content-Type the site sends for the file at ``relative`` (a path under its root)."""
    suffix = relative.suffix.lower()
    folder = relative.parts[0] if len(relative.parts) > 1 else ""
    if suffix in _HTML and folder in _LATIN1_FOLDERS:
        return "text/html; charset=iso-8859-1"
    if suffix in _HTML and folder == "neu":
        return "text/html; charset=utf-8"
    if suffix == ".txt":
        return "text/plain; charset=utf-8"
    return mimetypes.guess_type(relative.name)[0] or "application/octet-stream"


class StaticHandler(BaseHTTPRequestHandler):
    server: StaticSite
    protocol_version = "HTTP/1.1"  # keep-alive, as the real site and the crawler use it

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the crawl reports what happened."""

    def _answer(self, body: bool) -> None:
        path = self._file()
        if path is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        data = path.read_bytes()
        etag = f'"{hashlib.sha256(data).hexdigest()[:16]}"'
        modified = int(path.stat().st_mtime)
        if self._fresh(etag, modified):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type(path.relative_to(self.server.root)))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(modified, usegmt=True))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _file(self) -> Path | None:
        root = self.server.root
        path = (root / unquote(urlsplit(self.path).path).lstrip("/")).resolve()
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or not path.is_relative_to(root):
            return None
        return path

    def _fresh(self, etag: str, modified: int) -> bool:
        """Whether the client's copy is current (If-None-Match wins over If-Modified-Since)."""
        if match := self.headers.get("If-None-Match"):
            return any(tag.strip() in {etag, "*"} for tag in match.split(","))
        if since := self.headers.get("If-Modified-Since"):
            try:
                return modified <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False


class StaticSite(ThreadingHTTPServer):
    """The files under ``root``, served on a free port of 127.0.0.1 while in a ``with`` block."""

    daemon_threads = True
    handler: type[BaseHTTPRequestHandler] = StaticHandler

    def __init__(self, root: Path, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), self.handler)
        self.root = root.resolve()
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up mid-answer (a crawl stopped, killed) is no server error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def __enter__(self) -> StaticSite:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join()


class NotADemoDatabase(ValueError):
    """The file the demo would replace holds something else: it is left alone."""


def _earlier_start(db: Path) -> str | None:
    """The start URL of the earlier demos that made ``db``, None when there is no such file.

    Raises NotADemoDatabase when the file holds anything but crawls of the sample site.
    """
    if not db.exists():
        return None
    try:
        with closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            starts = [row[0] for row in connection.execute("SELECT start_urls FROM crawls")]
    except sqlite3.Error:
        starts = []
    if not starts or not all(start.startswith('["http://127.0.0.1:') for start in starts):
        raise NotADemoDatabase(f"{db} exists and is not a demo database: give --db a new file")
    return json.loads(starts[-1])[0]


def _edited_copy(folder: Path) -> Path:
    """A copy of the sample site in ``folder`` with ``EDITS`` made and ``REMOVED`` removed; the
    files left as they were keep their bytes and times, so they answer 304 as before."""
    root = folder / "site"
    shutil.copytree(SITE, root)
    for name, edits in EDITS.items():
        data = (root / name).read_bytes()
        for old, new in edits:
            data = data.replace(old, new)
        (root / name).write_bytes(data)
    for name in REMOVED:
        (root / name).unlink()
    return root


def _serve(root: Path, earlier: str | None) -> StaticSite:
    """A server of ``root`` on the port of the earlier demos when it is free, else on any."""
    if earlier is not None:
        try:
            return StaticSite(root, urlsplit(earlier).port or 0)
        except OSError:
            pass
    return StaticSite(root)


def run(
    db: Path, on_progress: Callable[[Progress], None] | None = None, *, edited: bool = False
) -> Summary:
    """Serve the sample site (``edited``: as a later night finds it) and crawl it into ``db``
    with the real crawler.

    The database of an earlier demo is crawled again, as a nightly crawl would, when the port
    its site was served on is free; else it is started afresh. Raises NotADemoDatabase,
    touching nothing, when ``db`` exists and is not an earlier demo's.
    """
    earlier = _earlier_start(db)
    with ExitStack() as stack:
        root = SITE
        if edited:
            root = _edited_copy(Path(stack.enter_context(tempfile.TemporaryDirectory())))
        site = stack.enter_context(_serve(root, earlier))
        start = f"{site.base}/"
        if earlier not in (None, start):
            # The film URLs carry the port: the earlier demos' database would hold the same
            # films under other URLs. Locked, so that no demo crawling it sees it go.
            with crawl_lock(db):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
        # Our own server on loopback: no need for the one-request-a-second courtesy.
        config = CrawlConfig(start_urls=[start], db=db, rate=0, concurrency=4)
        return asyncio.run(crawl(config, on_progress))
