"""One crawl at a time on a database: an exclusive ``flock`` on a file beside it.

The kernel drops the lock with the last descriptor of the process holding it, however that
process ends (``kill -9`` included), so a lock never outlives its crawl; the file itself stays
and only tells a refused crawl who holds the lock (its pid and start time).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scraper.clock import stamp

__all__ = ["Locked", "crawl_lock", "lock_path"]


class Locked(Exception):
    """Another crawl holds the database; the message names it in one line."""


def lock_path(db: Path) -> Path:
    """The lock file of ``db``: beside the file itself, however the path to it was spelled."""
    return Path(f"{db.resolve()}.lock")


@contextmanager
def crawl_lock(db: Path) -> Iterator[None]:
    """Hold the crawl lock of ``db`` for the ``with`` block; raise Locked, at once, when another
    process holds it. A file that cannot be created (no such folder, no permission) raises an
    OSError naming the database."""
    path = lock_path(db)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise OSError(f"{db}: cannot create its lock file {path.name}: {err.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Locked(f"{db} is in use by another crawl ({_holder(fd)})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "started": stamp()}).encode(), 0)
        yield
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    try:
        holder = json.loads(os.pread(fd, 1024, 0))
        return f"pid {holder['pid']}, started {holder['started']}"
    except (ValueError, KeyError, TypeError):
        # Read between the holder's taking the lock and its writing who it is.
        return "which has not written its pid yet"
