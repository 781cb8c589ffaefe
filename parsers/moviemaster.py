"""The film page of moviemaster.de: bytes or text (+ URL) -> Film."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin

from parsers import selectors
from parsers.cast import cast_of
from parsers.dom import HtmlPage
from parsers.encoding import decode
from parsers.guard import check_page, check_text
from parsers.kinds import Paragraph
from parsers.synopsis import Layout, NoSynopsis, find_layout, find_signed
from parsers.text import has_soft_breaks, read_text
from schemas import Film

_HTTP = ("http://", "https://")
# The media types parsed as HTML; text/plain is the text form.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


class NotAFilmPage(ValueError):
    """The page is readable but holds no film (a listing, an actor page, ...)."""


def _http_url(value: str | None, base: str | None = None) -> str | None:
    """``value`` made absolute against ``base``, if that gives an http(s) URL."""
    if not value:
        return None
    value = value.strip()
    if value[:8].lower().startswith(_HTTP):
        return value
    if not base:
        return None
    if value.startswith("/") and not value.startswith("//"):
        # The common case, without urljoin's cost: a path on the page's own host.
        scheme, _, rest = base.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}{value}"
    value = urljoin(base, value)
    return value if value[:8].lower().startswith(_HTTP) else None


def _is_html(text: str, content_type: str | None) -> bool:
    mime = content_type.split(";")[0].strip().lower() if content_type else ""
    if mime in HTML_TYPES:
        return True
    if mime == "text/plain":
        return False
    return selectors.LOOKS_LIKE_HTML.search(text, 0, 4096) is not None


def _cast(
    synopsis: list[Paragraph], base: str | None, href: Callable[[int], str | None]
) -> list[dict[str, str | None]]:
    cast = []
    for index, pair in cast_of([paragraph.text for paragraph in synopsis]):
        url = _actor_url(pair.actor, synopsis[index].links, href)
        cast.append(
            {"character": pair.character, "actor": pair.actor, "actor_url": _http_url(url, base)}
        )
    return cast


def _actor_url(
    actor: str, links: list[tuple[str, int]], href: Callable[[int], str | None]
) -> str | None:
    """The href of the link on the actor's name; of the links on its parts when an old page
    broke the name over two links to the same page ("Justus" + "von Dohnányi")."""
    for start, (text, number) in enumerate(links):
        if text == actor:
            return href(number)
        if actor.startswith(text + " "):
            parts = [text]
            for following, other in links[start + 1 : start + 3]:
                parts.append(following)
                if " ".join(parts) == actor:
                    target = href(number)
                    return target if target == href(other) else None
    return None


def _html_layout(page: HtmlPage) -> tuple[Layout, Callable[[int], str | None]]:
    """The layout found from the site's byline in the element that holds it, else from the
    whole body; and the hrefs of the links of the blocks it was found in."""

    def title() -> str | None:
        # "Drive | Filmarchiv | moviemaster.de": the film comes first.
        return selectors.SITE_IN_TITLE.sub("", page.title).split(" | ")[0] if page.title else None

    signed = page.signed()
    if signed is not None:
        layout = find_signed(signed.blocks, page_title=title)
        if layout is not None:
            if layout.heading is None:
                layout.heading = page.heading or title()
            return layout, signed.href
    blocks = page.blocks()
    layout = find_layout(blocks.blocks, page_title=title)
    if layout.heading is None:
        layout.heading = title()
    return layout, blocks.href


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
    try:
        if _is_html(text, content_type):
            check_page(text)
            page = HtmlPage(text)
            url = (
                url
                or _http_url(page.canonical, url)
                or _http_url(page.og_url)
                or _http_url(page.saved_from)
            )
            base = _http_url(page.base_href, url) or url
            layout, href = _html_layout(page)
        else:
            check_text(text)
            text_page = read_text(text)
            url = url or _http_url(text_page.url)
            base, href = url, text_page.href
            layout = find_layout(text_page.blocks, soft_breaks=has_soft_breaks(text))
    except NoSynopsis as error:
        raise NotAFilmPage(str(error)) from None
    cast = _cast(layout.synopsis, base, href)
    if not layout.has_marker and not cast:
        raise NotAFilmPage("no author or update line and no cast in the text")
    return Film.model_validate(
        {
            "url": url,
            "title": selectors.TITLE_SUFFIX.sub("", layout.heading or "") or None,
            "synopsis": [paragraph.text for paragraph in layout.synopsis],
            "cast": cast,
            "author": layout.author,
            "updated": layout.updated,
        }
    )
