"""How a crawl run ended, for people and for monitors: one line, an exit status, a JSON line per
visit and one per run (``--log-file``), and the run's summary as one JSON file
(``--summary-json``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from scraper.clock import ClockError, stamp
from scraper.crawler import Interrupted, Progress, Summary
from scraper.lock import Locked
from scraper.writer import database_trouble

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_LOCKED",
    "EXIT_OK",
    "RunEnd",
    "RunLog",
    "end_of",
    "run_record",
    "write_summary",
]

EXIT_OK = 0  # the crawl ran to its end (broken links, counted as gone, included) or paused
EXIT_FAILED = 1  # pages failed, or the crawl could not run (its database, a file it writes)
EXIT_LOCKED = 75  # EX_TEMPFAIL of sysexits.h: another crawl holds the database, try later
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C


@dataclass(frozen=True, slots=True)
class RunEnd:
    """How a run ended: ``status`` is "done", "paused" (--max-pages), "interrupted", "locked"
    or "error"; ``message`` is the one line for people."""

    status: str
    exit_status: int
    message: str
    summary: Summary | None = None

    @property
    def troubled(self) -> bool:
        """Whether the message is trouble (stderr, even when quiet) rather than a summary."""
        return self.status not in ("done", "paused")


def end_of(run: Callable[[], Summary], db: Path) -> RunEnd:
    """Run a crawl and say how it ended; the troubles that are not a page's (the database is
    locked or unusable, the run was interrupted) end it with one line, never a traceback."""
    try:
        summary = run()
    except Locked as err:
        return RunEnd("locked", EXIT_LOCKED, f"locked: {err}")
    except Interrupted as err:
        return RunEnd("interrupted", EXIT_INTERRUPTED, err.summary.line(), err.summary)
    except KeyboardInterrupt:
        message = "interrupted: run the same command again to resume"
        return RunEnd("interrupted", EXIT_INTERRUPTED, message)
    except sqlite3.Error as err:
        return RunEnd("error", EXIT_FAILED, f"Error: {db}: {database_trouble(err)}")
    except ClockError as err:
        return RunEnd("error", EXIT_FAILED, f"Error: {err}")
    except OSError as err:
        return RunEnd("error", EXIT_FAILED, f"Error: {err}")
    status = "paused" if summary.queued else "done"
    return RunEnd(status, EXIT_FAILED if summary.failed else EXIT_OK, summary.line(), summary)


def run_record(
    end: RunEnd, *, db: Path, started: datetime, seconds: float, ended: datetime
) -> dict[str, Any]:
    """What a monitor reads of a run: the summary file's content and the log's run line."""
    summary = end.summary
    return {
        "db": str(db.resolve()),
        "started": stamp(started),
        "ended": stamp(ended),
        "seconds": round(seconds, 3),
        "status": end.status,
        "exit_status": end.exit_status,
        "message": end.message,
        "crawl": summary.crawl if summary else None,
        "resumed": summary.resumed if summary else None,
        # The crawl's counts, as its crawls row holds them (all its runs, when resumed).
        "counts": summary.counts if summary else None,
        "queued": summary.queued if summary else None,
        "requests": summary.requests if summary else None,
        "budget": summary.budget if summary else None,
    }


class RunLog:
    """``--log-file``: JSON lines appended to a file, one a visit and one a run, each written
    out whole as it happens (``tail -f`` follows a crawl; a killed one loses no line)."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("a", encoding="utf-8", buffering=1)

    def visit(self, step: Progress) -> None:
        visit = step.visit
        self._write(
            {
                "event": "visit",
                "time": stamp(),
                "crawl": step.crawl,
                "url": step.url,
                "result": visit.result,
                "record": visit.record,
                "http_status": visit.http_status,
                "reason": visit.reason,
                "film": visit.film,
            }
        )

    def run(self, record: dict[str, Any]) -> None:
        self._write({"event": "run", **record})

    def close(self) -> None:
        self._file.close()

    def _write(self, line: dict[str, Any]) -> None:
        self._file.write(json.dumps(line, ensure_ascii=False) + "\n")


def write_summary(path: Path, record: dict[str, Any]) -> None:
    """Replace ``path`` with ``record`` at once (a file beside it, renamed): a monitor never
    reads half a summary."""
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        part.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
