"""Pure functions: page bytes or text (+ URL) -> validated film record. No I/O."""

from parsers.guard import PageRefused
from parsers.moviemaster import NotAFilmPage, parse_page

__all__ = ["NotAFilmPage", "PageRefused", "parse_page"]
