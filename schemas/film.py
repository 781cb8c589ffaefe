"""The film record: one definition for the parser, the CLI's JSON and the database writer."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

# C0/C1 controls and DEL; a C1 control in text means bytes were decoded as latin-1 instead of
# windows-1252 (``\x84`` where ``„`` was meant).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# UTF-8 bytes read as windows-1252: ``Ã¼`` for ``ü``, ``â€ž`` for ``„``, ``Â `` for a
# no-break space. The second character is what windows-1252 makes of a UTF-8 trail byte.
_MOJIBAKE = re.compile(
    "Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
    "|â€|Â[\u00a0-\u00bf]"
)

# The latin-1 bytes that are neither a control character nor a first letter of mojibake.
_INNOCENT = bytes((set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))) - set(b"\xc2\xc3\xe2"))

EARLIEST_UPDATE = date(1996, 1, 1)  # the site went online in 1996


def _dirt(value: str) -> str | None:
    """What is wrong with a text: a control character or mojibake; None when it is clean."""
    if bad := _CONTROL.search(value):
        return f"contains the control character {bad.group()!r}"
    if bad := _MOJIBAKE.search(value):
        return f"contains mojibake {bad.group()!r} (text decoded with the wrong charset)"
    return None


def _plausible_update(value: date) -> date:
    if value < EARLIEST_UPDATE:
        raise ValueError(f"{value} is before the site existed (1996)")
    # A day of slack: the site's clock is in Germany, ours may be behind it.
    if value > date.today() + timedelta(days=1):
        raise ValueError(f"{value} is in the future")
    return value


# Stripped by the model's config; free of controls and mojibake by Film's own check.
CleanText = Annotated[str, Field(min_length=1)]
HttpUrl = Annotated[str, Field(pattern=r"(?i)^https?://[^\s/?#]+\S*$")]
_STRIPPED = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Role(BaseModel):
    """One "Character (Actor)" pair of a synopsis."""

    model_config = _STRIPPED

    character: CleanText
    actor: CleanText
    actor_url: HttpUrl | None = None


class Film(BaseModel):
    """A film page: its synopsis, the cast named in it, its author and last update."""

    model_config = _STRIPPED

    url: HttpUrl | None = None
    title: CleanText | None = None
    synopsis: Annotated[list[CleanText], Field(min_length=1)]
    cast: list[Role] = []
    author: CleanText | None = None
    updated: Annotated[date, AfterValidator(_plausible_update)] | None = None

    @model_validator(mode="after")
    def _clean_text(self) -> Film:
        """Every text free of control characters and mojibake. One look at all of them
        together (controls and mojibake's first letters are all in latin-1: what else the
        texts hold is dropped); only where it finds a candidate is each text examined and
        named."""
        texts = [self.title, self.author, *self.synopsis]
        for role in self.cast:
            texts += (role.character, role.actor)
        together = " ".join(text for text in texts if text)
        if not together.encode("latin-1", "ignore").translate(None, _INNOCENT):
            return self
        named = [("title", self.title), ("author", self.author)]
        named += [(f"synopsis.{i}", text) for i, text in enumerate(self.synopsis)]
        for i, role in enumerate(self.cast):
            named += [(f"cast.{i}.character", role.character), (f"cast.{i}.actor", role.actor)]
        for where, text in named:
            if text and (dirt := _dirt(text)):
                raise ValueError(f"{where}: {dirt}")
        return self


def describe(error: ValidationError) -> str:
    """One readable line for a validation error: ``synopsis.2: must not be empty; ...``."""
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)
