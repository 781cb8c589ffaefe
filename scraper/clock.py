"""The crawl's clock, in one place: every time the crawl stores (its crawls row, each visit,
each page's due time, the versions it keeps) is read here.

``MOVIEMASTER_NOW`` (an ISO 8601 time) stands for "now" when it is set, and the clock stands
still there for the whole process: a test or a simulation runs night after night in seconds
by setting it before each crawl.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import lru_cache

__all__ = ["ENV", "ClockError", "now", "parse_time", "stamp"]

ENV = "MOVIEMASTER_NOW"


class ClockError(ValueError):
    """``MOVIEMASTER_NOW`` holds no ISO 8601 time; the message is one line."""


@lru_cache(maxsize=8)
def _given(value: str) -> datetime:
    try:
        return parse_time(value)
    except ValueError:
        raise ClockError(
            f"{ENV}: not an ISO 8601 time: {value!r} (write it as 2025-03-01T03:00:00+00:00)"
        ) from None


def now() -> datetime:
    """The current time in UTC, or the time ``MOVIEMASTER_NOW`` names."""
    given = os.environ.get(ENV)
    return _given(given) if given else datetime.now(UTC)


def stamp(when: datetime | None = None) -> str:
    """A time as the database stores it: ISO 8601 in UTC, to the second (default: now)."""
    return (when or now()).astimezone(UTC).isoformat(timespec="seconds")


def parse_time(value: str) -> datetime:
    """An ISO 8601 date or time as an aware datetime; one without a zone is taken as UTC.

    Raises ValueError for anything else.
    """
    parsed = datetime.fromisoformat(value.strip())
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
