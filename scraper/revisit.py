"""How often a page changes, estimated from its own visits, and when a change is next expected.

A page is taken to change as a Poisson process of some rate (changes a day). A visit tells only
whether the page changed since the visit before, not how often (an incomplete history), and
visits come at irregular intervals (a budget, a missed night). The estimate is Cho and
Garcia-Molina's maximum likelihood for that case ("Estimating frequency of change", ACM TOIT 3
(2003), irregular access): the rate ``r`` solving

    sum over changed intervals t of  t / (exp(r t) - 1)  =  time known unchanged

with their bias reduction (half an unchanged interval more, so that a page changed at every visit
gets a finite rate) and half a change more, so that a page never seen changing gets a rate that
shrinks with the time it has been watched, not zero: it is asked again at growing intervals,
never left for good.

Where the page says when it last changed (its ``Update:`` date; else a ``Last-Modified`` header
or a sitemap's ``lastmod``), a visit knows it stood still since then, and that a change it saw
came before: on the first visit the page's word alone tells how long it has stood still.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

from scraper.clock import parse_time

__all__ = ["PRIOR_DAYS", "Check", "due", "modified", "rate"]

# A page that does not say when it last changed is taken to have stood still this many days
# before its first visit: without it, a page met yesterday and unchanged today would look as
# likely to change as one seen changing weekly, and such pages (actors, say) would take the
# budget until watched for weeks. Its visits soon outweigh it.
PRIOR_DAYS = 30.0
# A Last-Modified (or lastmod) this close to the visit is a page dated as it is sent, not the
# time of a change.
_DATED_AS_SENT = timedelta(minutes=1)
_SECOND = 1 / 86400  # a day's fraction; the shortest interval, so none is empty
# Changes a day the estimate is kept between: from once in 2,700 years (a due time stays a
# date) to once an hour (a page seen just after a change; a nightly crawl sees no finer).
_LOWEST, _HIGHEST = 1e-6, 24.0
_PRECISION = 1e-4  # relative, of the estimate


@dataclass(frozen=True, slots=True)
class Check:
    """A visit that got an answer, as the estimate reads it."""

    at: datetime
    changed: bool | None  # since the check before; None: nothing to compare with (a first visit)
    modified: datetime | None = None  # when the page said it last changed


def _days(later: datetime, earlier: datetime) -> float:
    return max((later - earlier).total_seconds() / 86400, _SECOND)


def _observed(checks: Iterable[Check]) -> tuple[list[float], float, float]:
    """(lengths of the intervals that held a change, days known unchanged, mean interval between
    checks), all in days, from checks in time order."""
    changed: list[float] = []
    unchanged = span = 0.0
    intervals = 0
    previous: Check | None = None
    for check in checks:
        said = check.modified if check.modified and check.modified <= check.at else None
        if previous is not None and check.changed is not None:
            length = _days(check.at, previous.at)
            span += length
            intervals += 1
            if not check.changed:
                unchanged += length
            elif said is not None and said > previous.at:
                # The change came before the time the page names; since then, none.
                changed.append(_days(said, previous.at))
                unchanged += _days(check.at, said)
            else:
                changed.append(length)
        elif check.changed is None and said is not None:
            since = said if previous is None else max(said, previous.at)
            unchanged += _days(check.at, since)
        elif check.changed is None and previous is None:
            unchanged += PRIOR_DAYS
        previous = check
    return changed, unchanged, span / intervals if intervals else 0.0


def rate(checks: Sequence[Check]) -> float:
    """The page's estimated changes a day, from its checks in time order (at least one)."""
    changed, unchanged, mean = _observed(checks)
    known = unchanged + mean / 2
    if not changed:
        return min(max(0.5 / known, _LOWEST), _HIGHEST)

    def excess(r: float) -> float:
        # Decreasing in r: the likelihood's slope, with the half change and half interval added.
        seen = sum(t / math.expm1(r * t) for t in changed if r * t < 700)
        return seen + 0.5 / r - known

    low, high = _LOWEST, _HIGHEST
    if excess(high) > 0:
        return high
    while high / low > 1 + _PRECISION:
        middle = math.sqrt(low * high)
        low, high = (middle, high) if excess(middle) > 0 else (low, middle)
    return math.sqrt(low * high)


def due(checked: datetime, changes_a_day: float) -> datetime:
    """When one change is expected since the check at ``checked``."""
    return checked + timedelta(days=1 / changes_a_day)


def modified(
    at: datetime,
    *,
    updated: date | None = None,
    last_modified: str | None = None,
    lastmod: str | None = None,
) -> datetime | None:
    """When the page says it last changed, as of a visit at ``at``: its own ``Update:`` date
    (the start of that day) when it has one, the author's word on its text; otherwise the
    later of its ``Last-Modified`` header and ``lastmod`` (a sitemap's, or what the page said
    before, as stored). A site that dates every response "now" would drown the author's word,
    and says nothing by it. Unreadable values say nothing either.
    """
    if updated is not None:
        return min(datetime(updated.year, updated.month, updated.day, tzinfo=UTC), at)
    said: list[datetime] = []
    if last_modified:
        with suppress(TypeError, ValueError):
            said.append(parsedate_to_datetime(last_modified))
    if lastmod:
        said.append(parse_time(lastmod))
    latest = max((when if when.tzinfo else when.replace(tzinfo=UTC) for when in said), default=None)
    return latest if latest is not None and latest < at - _DATED_AS_SENT else None
