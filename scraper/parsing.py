"""One page parsed for the crawl or ``moviemaster parse``: what a worker process is handed, and
what it hands back. ``parse`` never raises: a page that gives no film says why.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pydantic import ValidationError

from parsers import NotAFilmPage, PageRefused, parse_page
from parsers.moviemaster import HTML_TYPES
from schemas import Film, describe

__all__ = ["Page", "Parsed", "parse", "warm_up"]


@dataclass(frozen=True, slots=True)
class Page:
    data: bytes
    url: str | None = None
    content_type: str | None = None  # the HTTP Content-Type header
    robots: str | None = None  # the X-Robots-Tag header
    crawled: bool = False  # fetched by a crawl: a page that asks not to be stored is not
    links: bool = False  # the links of an HTML page are wanted (the crawl follows them)


@dataclass(frozen=True, slots=True)
class Parsed:
    film: Film | None = None
    skipped: str | None = None  # no film page: why
    failed: str | None = None  # refused, no valid record, parser trouble: why
    noindex: bool = False  # a crawled page that asks not to be stored (and so was not parsed)
    links: tuple[str, ...] = ()


def _is_html(page: Page) -> bool:
    return (page.content_type or "").partition(";")[0].strip().lower() in HTML_TYPES


def parse(page: Page) -> Parsed:
    links: list[str] = []
    try:
        if (page.crawled or page.links) and _is_html(page):
            # Imported here: a page read from a file needs neither its links nor its robots
            # meta, and `moviemaster parse` of one page starts faster without.
            from scraper.links import page_links

            found = page_links(
                page.data, page.url or "", page.content_type, page.robots, links=page.links
            )
            links = found.urls
            if page.crawled and found.noindex:
                return Parsed(noindex=True, links=tuple(links))
        film = parse_page(page.data, url=page.url, content_type=page.content_type)
    except NotAFilmPage as error:
        return Parsed(skipped=str(error), links=tuple(links))
    except PageRefused as error:
        return Parsed(failed=str(error), links=tuple(links))
    except ValidationError as error:
        return Parsed(failed=f"invalid record: {describe(error)}", links=tuple(links))
    except Exception as error:
        # A parser bug on one page must not end a run that would meet the page again next time.
        reason = f"parser error: {type(error).__name__} {error}".splitlines()[0].rstrip()
        return Parsed(failed=reason, links=tuple(links))
    return Parsed(film=film, links=tuple(links))


# A small film page that takes the parser down every path that loads something on first use:
# the word lists (for the pairs) and charset detection (no charset is declared, and the bytes
# are not UTF-8).
_SAMPLE = Page(
    "<html><head><title>Drive</title></head><body><h1>Drive</h1><p>Driver (<a href="
    '"/darsteller/ryan-gossling.html">Ryan Gossling</a>) ist Stuntfahrer in Hollywood. '
    "Nachts fährt er Fluchtwagen, und seine Nachbarin Irene (Carey Mulligan) ahnt nichts."
    "</p><p>Autor/Bearbeitung: Frank Ehrlacher<br>Update: 31.01.2019</p></body></html>".encode(
        "cp1252"
    ),
    content_type="text/html",
)


def warm_up() -> None:
    """Load what the parser loads on first use, so that no page pays for it."""
    parse(_SAMPLE)
    parse(replace(_SAMPLE, links=True))  # and what finding a crawled page's links loads
