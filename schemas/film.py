"""The film record: one definition for the parser, the CLI's JSON and the database writer."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

# C0/C1 controls and DEL; a C1 control in text means bytes were decoded as latin-1 instead of
# windows-1252 (``\x84`` where ``„`` was meant).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# UTF-8 bytes read as windows-1252: ``Ã¼`` for ``ü``, ``â€ž`` for ``„``, ``Â `` for a
# no-break space. The second character is what windows-1252 makes of a UTF-8 trail byte.
_MOJIBAKE = re.compile(
    "Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
    "|â€|Â[\u00a0-\u00bf]"
)
_URL = re.compile(r"https?://[^\s/?#]+[^\s]*\Z", re.IGNORECASE)

EARLIEST_UPDATE = date(1996, 1, 1)  # the site went online in 1996


def _clean(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    # Controls are unprintable, and mojibake starts with one of three characters: look for
    # them with the patterns only where a cheap test finds a candidate.
    if not value.isprintable() and (bad := _CONTROL.search(value)):
        raise ValueError(f"contains the control character {bad.group()!r}")
    if ("Ã" in value or "â" in value or "Â" in value) and (bad := _MOJIBAKE.search(value)):
        raise ValueError(f"contains mojibake {bad.group()!r} (text decoded with the wrong charset)")
    return value


def _http_url(value: str) -> str:
    if not _URL.match(value):
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


def _plausible_update(value: date) -> date:
    if value < EARLIEST_UPDATE:
        raise ValueError(f"{value} is before the site existed (1996)")
    # A day of slack: the site's clock is in Germany, ours may be behind it.
    if value > date.today() + timedelta(days=1):
        raise ValueError(f"{value} is in the future")
    return value


CleanText = Annotated[str, AfterValidator(_clean)]
HttpUrl = Annotated[str, AfterValidator(_http_url)]


class Role(BaseModel):
    """One "Character (Actor)" pair of a synopsis."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    character: CleanText
    actor: CleanText
    actor_url: HttpUrl | None = None


class Film(BaseModel):
    """A film page: its synopsis, the cast named in it, its author and last update."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: HttpUrl | None = None
    title: CleanText | None = None
    synopsis: Annotated[list[CleanText], Field(min_length=1)]
    cast: list[Role] = []
    author: CleanText | None = None
    updated: Annotated[date, AfterValidator(_plausible_update)] | None = None


def describe(error: ValidationError) -> str:
    """One readable line for a validation error: ``synopsis.2: must not be empty; ...``."""
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "record"
        message = item["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return "; ".join(parts)
