"""The rate of change of a page, estimated from its visits (scraper/revisit.py): recovered from
incomplete histories at regular and irregular intervals, shortened by what a page says of its
last change, never zero, never infinite."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.revisit import PRIOR_DAYS, Check, due, modified, rate

T0 = datetime(2025, 3, 1, 3, 0, tzinfo=UTC)


def visits(true_rate: float, gaps: list[float], rng: random.Random) -> list[Check]:
    """Checks of a page changing as a Poisson process of ``true_rate`` a day, ``gaps`` days
    apart: each says only whether it changed since the one before."""
    checks, at = [Check(T0, None)], T0
    for gap in gaps:
        at += timedelta(days=gap)
        changed = rng.random() < 1 - pow(2.718281828459045, -true_rate * gap)
        checks.append(Check(at, changed))
    return checks


@pytest.mark.parametrize(
    ("true_rate", "days"), [(1 / 30, 6000), (1 / 7, 3000), (1, 2000), (3, 2000)]
)
def test_a_rate_is_recovered_from_daily_visits_that_only_see_whether_it_changed(
    true_rate: float, days: int
) -> None:
    checks = visits(true_rate, [1.0] * days, random.Random(7))

    assert rate(checks) == pytest.approx(true_rate, rel=0.15)
    # Counting the changes seen would take a page changing thrice a day for one changing less
    # than once: a visit sees one change or five alike.
    seen = sum(bool(check.changed) for check in checks) / days
    if true_rate == 3:
        assert seen < 1 < rate(checks)


@pytest.mark.parametrize("true_rate", [1 / 20, 0.5])
def test_a_rate_is_recovered_from_visits_at_irregular_intervals(true_rate: float) -> None:
    rng = random.Random(3)
    gaps = [rng.choice([1.0, 1.0, 2.0, 5.0, 9.0]) for _ in range(1500)]

    assert rate(visits(true_rate, gaps, rng)) == pytest.approx(true_rate, rel=0.15)


def test_a_page_never_seen_changing_is_asked_at_growing_intervals_never_left() -> None:
    checks = [Check(T0 + timedelta(days=day), None if day == 0 else False) for day in range(61)]

    rates = [rate(checks[:n]) for n in (1, 2, 8, 61)]

    assert rates == sorted(rates, reverse=True) and rates[-1] > 0
    # A first visit of a page that does not say when it changed: a month of standing still.
    assert rates[0] == pytest.approx(0.5 / PRIOR_DAYS)
    assert rates[-1] == pytest.approx(0.5 / (PRIOR_DAYS + 60 + 0.5))


def test_what_a_page_says_of_its_last_change_is_its_first_estimate() -> None:
    def first(days_since_update: float) -> float:
        return rate([Check(T0, None, T0 - timedelta(days=days_since_update))])

    assert first(2) == pytest.approx(0.25)
    assert first(2000) == pytest.approx(0.00025)
    assert first(2) > 0.5 / PRIOR_DAYS > first(2000)


def test_a_change_is_placed_before_the_time_the_page_names() -> None:
    before = Check(T0, None, T0 - timedelta(days=400))
    later = T0 + timedelta(days=30)
    # Changed since the check 30 days before: the page names the day before the visit, so it
    # stood still for 29 of those days; without its word, the change could be anywhere.
    dated = rate([before, Check(later, True, later - timedelta(days=1))])
    undated = rate([before, Check(later, True)])

    assert dated < undated


def test_due_is_when_one_change_is_expected() -> None:
    assert due(T0, 0.5) == T0 + timedelta(days=2)


def test_the_page_s_own_update_date_comes_before_its_headers() -> None:
    at = datetime(2025, 3, 1, 3, 0, tzinfo=UTC)
    header = "Fri, 28 Feb 2025 10:00:00 GMT"

    assert modified(at, updated=date(2019, 1, 31), last_modified=header) == datetime(
        2019, 1, 31, tzinfo=UTC
    )
    assert modified(at, last_modified=header) == datetime(2025, 2, 28, 10, tzinfo=UTC)
    assert modified(at, last_modified=header, lastmod="2025-02-28T11:00:00+00:00") == datetime(
        2025, 2, 28, 11, tzinfo=UTC
    )
    # A page dated as it is sent (a script's "now"), or dated in the future, or unreadably,
    # says nothing of when it changed.
    assert modified(at, last_modified="Sat, 01 Mar 2025 03:00:00 GMT") is None
    assert modified(at, last_modified="Sun, 02 Mar 2025 03:00:00 GMT") is None
    assert modified(at, last_modified="gestern") is None
    assert modified(at) is None
    # An Update: date of today is the start of today.
    assert modified(at, updated=date(2025, 3, 1)) == datetime(2025, 3, 1, tzinfo=UTC)


histories = st.lists(
    st.tuples(st.floats(min_value=0, max_value=400), st.booleans()), min_size=1, max_size=40
)


def _checks(history: list[tuple[float, bool]], hint: float | None) -> list[Check]:
    said = T0 - timedelta(days=hint) if hint is not None else None
    checks, at = [Check(T0, None, said)], T0
    for gap, changed in history:
        at += timedelta(days=gap)
        checks.append(Check(at, changed))
    return checks


@given(histories, st.none() | st.floats(min_value=0, max_value=20000))
def test_any_history_gives_a_rate_within_bounds(
    history: list[tuple[float, bool]], hint: float | None
) -> None:
    estimate = rate(_checks(history, hint))

    assert 1e-6 <= estimate <= 24


@given(histories, st.integers(min_value=0, max_value=39))
def test_a_change_seen_never_lowers_the_rate(history: list[tuple[float, bool]], at: int) -> None:
    at %= len(history)
    more = [*history[:at], (history[at][0], True), *history[at + 1 :]]

    assert rate(_checks(more, None)) >= rate(_checks(history, None)) * (1 - 1e-3)
