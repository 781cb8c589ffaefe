"""The film page of moviemaster.de: bytes or text (+ URL) -> Film."""

from __future__ import annotations

from schemas import Film


class NotAFilmPage(ValueError):
    """The page is readable but holds no film (a listing, an actor page, ...)."""


def parse_page(data: bytes | str, url: str | None = None, content_type: str | None = None) -> Film:
    """Parse one page into a validated Film.

    ``data`` is the page as it came (bytes) or already decoded text; ``url`` its address (used to
    resolve links and as the record's url unless the page names its own); ``content_type`` the
    HTTP ``Content-Type`` header if known (its charset wins over the page's own declaration, and
    ``text/plain`` selects the plain-text form).

    Raises NotAFilmPage for pages without a film, pydantic.ValidationError for a film record
    that does not validate.
    """
    raise NotImplementedError
