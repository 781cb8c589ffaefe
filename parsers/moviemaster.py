"""The film page of moviemaster.de: bytes or text (+ URL) -> Film."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from parsers import selectors
from parsers.cast import cast_of
from parsers.dom import read_html
from parsers.encoding import decode
from parsers.synopsis import NoSynopsis, Paragraph, find_layout
from parsers.text import is_hard_wrapped, text_blocks
from schemas import Film

_HTML_TYPES = ("text/html", "application/xhtml+xml")


class NotAFilmPage(ValueError):
    """The page is readable but holds no film (a listing, an actor page, ...)."""


def _http_url(value: str | None, base: str | None = None) -> str | None:
    if not value:
        return None
    value = urljoin(base, value) if base else value
    return value if urlsplit(value).scheme in ("http", "https") else None


def _is_html(text: str, content_type: str | None) -> bool:
    mime = content_type.split(";")[0].strip().lower() if content_type else ""
    if mime in _HTML_TYPES:
        return True
    if mime == "text/plain":
        return False
    return selectors.LOOKS_LIKE_HTML.search(text, 0, 4096) is not None


def _cast(synopsis: list[Paragraph], base: str | None) -> list[dict[str, str | None]]:
    cast = []
    for index, pair in cast_of([paragraph.text for paragraph in synopsis]):
        links = synopsis[index].links
        href = next((href for text, href in links if text == pair.actor), None)
        cast.append(
            {"character": pair.character, "actor": pair.actor, "actor_url": _http_url(href, base)}
        )
    return cast


def parse_page(data: bytes | str, url: str | None = None, content_type: str | None = None) -> Film:
    """Parse one page into a validated Film.

    ``data`` is the page as it came (bytes) or already decoded text; ``url`` its address (used
    to resolve links, and the record's url; without it the page's canonical link, og:url or
    the "saved from" comment of a browser stand in); ``content_type`` the HTTP
    ``Content-Type`` header if known (its charset wins over the page's own declaration, and
    ``text/plain`` selects the plain-text form).

    Raises NotAFilmPage for pages without a film, pydantic.ValidationError for a film record
    that does not validate.
    """
    text = decode(data, content_type) if isinstance(data, bytes) else data
    if _is_html(text, content_type):
        page = read_html(text)
        blocks, hard_wrapped = page.blocks, False
        url = url or _http_url(page.canonical, url) or _http_url(page.og_url) or _http_url(
            page.saved_from
        )
        base = _http_url(page.base_href, url) or url
        title = selectors.SITE_IN_TITLE.sub("", page.title) if page.title else None
    else:
        blocks, hard_wrapped = text_blocks(text), is_hard_wrapped(text)
        base, title = url, None
    try:
        layout = find_layout(blocks, hard_wrapped=hard_wrapped)
    except NoSynopsis as error:
        raise NotAFilmPage(str(error)) from None
    cast = _cast(layout.synopsis, base)
    if not layout.has_marker and not cast:
        raise NotAFilmPage("no author or update line and no cast in the text")
    return Film.model_validate(
        {
            "url": url,
            "title": layout.heading or title or None,
            "synopsis": [paragraph.text for paragraph in layout.synopsis],
            "cast": cast,
            "author": layout.author,
            "updated": layout.updated,
        }
    )
