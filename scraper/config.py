"""Crawl settings: DESIGN.md's crawl defaults, overridable by a TOML file and by options.

A TOML file uses the option names as keys (``max-pages = 500``, ``user-agent = "…"``) and may
also hold the settings that have no option of their own (timeouts, retries, size caps, …).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeFloat,
    PositiveFloat,
    PositiveInt,
    ValidationError,
)

from schemas import describe

__all__ = [
    "DEFAULT_START",
    "MAX_DOWNLOAD",
    "MAX_SIZE",
    "PARSE_TIMEOUT",
    "USER_AGENT",
    "ConfigError",
    "CrawlConfig",
    "load_config",
]

DEFAULT_START = "https://www.moviemaster.de/"
# Names the tool and where a site operator can read what it does and whom to contact.
USER_AGENT = "moviemaster-scraper/0.1 (+https://github.com/moviemaster-scraper/moviemaster-scraper)"
MB = 1024 * 1024
# What any one input may weigh, however it comes (a download, a .gz file, a WARC record): on the
# wire, and once decompressed.
MAX_DOWNLOAD = 5 * MB
MAX_SIZE = 20 * MB
# Seconds a worker process may spend on one page before it is killed and the page has failed.
PARSE_TIMEOUT = 2.0


class ConfigError(ValueError):
    """A settings file or option value that cannot be used; the message is one line."""


def _regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as err:
        raise ValueError(f"not a regular expression: {pattern!r} ({err})") from None
    return pattern


def _http(url: str) -> str:
    if not re.match(r"https?://[^/?#\s]+", url, re.IGNORECASE):
        raise ValueError(f"not an http(s) URL: {url!r}")
    return url


Regex = Annotated[str, AfterValidator(_regex)]
StartUrl = Annotated[str, AfterValidator(_http)]


class CrawlConfig(BaseModel):
    """Everything a crawl run needs to know; the defaults are DESIGN.md's "Crawl defaults"."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        alias_generator=lambda name: name.replace("_", "-"),
        populate_by_name=True,
    )

    start_urls: Annotated[list[StartUrl], Field(min_length=1)] = [DEFAULT_START]
    db: Path = Path("moviemaster.db")
    concurrency: PositiveInt = 2  # requests at once, per host
    rate: NonNegativeFloat = 1.0  # requests per second, per host; 0 lifts the limit
    max_pages: PositiveInt | None = None  # pages visited by one run
    budget: PositiveInt | None = None  # requests one crawl (a night) sends, robots.txt aside
    include: list[Regex] = []  # a discovered URL must match one of these (re.search) ...
    exclude: list[Regex] = []  # ... and none of these
    user_agent: str = USER_AGENT
    archive: Path | None = None  # a WARC file every response is appended to
    log_file: Path | None = None  # JSON lines, one a visit and one a run, appended
    summary_json: Path | None = None  # the run's summary, replaced at the end of each run
    quiet: bool = False
    connect_timeout: PositiveFloat = 10.0
    read_timeout: PositiveFloat = 30.0  # between two bytes
    total_timeout: PositiveFloat = 60.0  # for one whole response
    retries: Annotated[int, Field(ge=0)] = 3  # after the first try
    backoff: NonNegativeFloat = 1.0  # first wait before a retry; doubled each time, jittered
    max_backoff: NonNegativeFloat = 60.0
    max_retry_after: NonNegativeFloat = 600.0  # a longer Retry-After fails the page
    max_download: PositiveInt = MAX_DOWNLOAD  # bytes on the wire
    max_size: PositiveInt = MAX_SIZE  # bytes after decompression
    max_redirects: Annotated[int, Field(ge=0)] = 5
    parsed_types: list[str] = ["text/html", "application/xhtml+xml", "text/plain"]
    jobs: PositiveInt = Field(default_factory=lambda: os.cpu_count() or 1)  # parser processes
    parse_timeout: PositiveFloat = PARSE_TIMEOUT  # seconds for one page


def load_config(path: Path | None, options: dict[str, Any]) -> CrawlConfig:
    """Defaults, then the TOML file at ``path`` (if any), then the ``options`` given (not None)."""
    import tomllib  # (only a crawl reads settings: `moviemaster parse` starts faster without)

    settings: dict[str, Any] = {}
    if path is not None:
        try:
            settings = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise ConfigError(f"{path}: {err}") from None
        # Files named in the settings file lie next to it, wherever the crawl is started from.
        for name in ("db", "archive", "log-file", "summary-json"):
            if isinstance(settings.get(name), str):
                settings[name] = str(path.parent / Path(settings[name]).expanduser())
    settings.update(
        {name.replace("_", "-"): value for name, value in options.items() if value is not None}
    )
    try:
        return CrawlConfig.model_validate(settings)
    except ValidationError as err:
        where = f"{path}: " if path is not None else ""
        raise ConfigError(where + describe(err)) from None
