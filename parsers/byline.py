"""The author and update lines ("Autor/Bearbeitung: Frank Ehrlacher", "Update: 31.01.2019"):
how to tell them, and the author and the date they give."""

from __future__ import annotations

from itertools import chain

from parsers import selectors


def is_marker(text: str) -> bool:
    """Whether a line says who wrote the page or when it changed."""
    if len(text) >= 200:
        return False
    if not selectors.MARKER_WORD.search(text.lower()):
        return False
    return any(
        pattern.search(text) is not None
        for pattern in (selectors.AUTHOR, selectors.UPDATED, selectors.BYLINE)
    )


def author(markers: list[str]) -> str | None:
    for text in markers:
        if match := selectors.AUTHOR.search(text) or selectors.BYLINE.search(text):
            return match.group("name").strip(" .,;-")
    return None


def updated(markers: list[str]) -> str | None:
    """The update date as ISO text; the record's validation judges whether it is a date."""
    labelled = (selectors.UPDATED.search(text) or selectors.BYLINE.search(text) for text in markers)
    # A date alone (a blog's heading over the post) only when no line says what its date is.
    alone = (selectors.DATE_LINE.match(text) for text in markers)
    for match in chain(labelled, alone):
        if match is None:
            continue
        found = match.groupdict()
        if found.get("iso_year"):
            return f"{found['iso_year']}-{found['iso_month']}-{found['iso_day']}"
        if found["year"]:
            year = int(found["year"])
            if year < 100:
                year += 1900 if year >= 96 else 2000
            month = (
                int(found["month"])
                if found["month"]
                else selectors.MONTH_NUMBER[found["month_name"].lower()]
            )
            return f"{year:04d}-{month:02d}-{int(found['day']):02d}"
    return None
