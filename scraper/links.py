"""Links out of a page or a sitemap, as normalised absolute URLs, and the page's robots meta."""

from __future__ import annotations

import re
import zlib
from contextlib import suppress
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit, urlunsplit
from xml.etree import ElementTree

from selectolax.lexbor import LexborHTMLParser

from parsers.guard import check_page
from scraper.clock import parse_time, stamp

__all__ = ["PageLinks", "SitemapLinks", "host_of", "normalize", "page_links", "sitemap_links"]

_DEFAULT_PORTS = {"http": "80", "https": "443"}
# What a browser strips from an href before resolving it.
_URL_NOISE = re.compile(r"[\t\n\r]")
# Characters left as they are when percent-encoding a URL part: the reserved ones and "%".
_SAFE = "!#$%&'()*+,/:;=?@[]~"
_UNSAFE = re.compile(r"[^\w.~!#$%&'()*+,/:;=?@\[\]-]", re.ASCII)
_LINKS = "a[href], area[href], frame[src], iframe[src]"
# A path on the page's own host that normalising leaves as it is: no dot segment, query,
# fragment or character to encode. Most links of a page are such; resolving each with urljoin
# cost a page more than a millisecond, as much as finding its film.
_PLAIN_PATH = re.compile(r"/(?!/)[\w.!$&'()*+,/=@%~-]*", re.ASCII)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
# Sitemaps are small XML files; a gzipped one that inflates past this is not a sitemap.
_MAX_SITEMAP = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class PageLinks:
    urls: list[str]
    noindex: bool  # the page asks not to be stored
    nofollow: bool  # the page asks not to be followed (urls is then empty)


@dataclass(frozen=True, slots=True)
class SitemapLinks:
    urls: list[str]  # pages
    sitemaps: list[str]  # further sitemaps (of a sitemap index)
    lastmod: dict[str, str]  # when the sitemap says a page last changed, as stored (UTC)


def normalize(href: str, base: str | None = None) -> str | None:
    """``href`` resolved against ``base`` as an absolute http(s) URL without fragment, default
    port or dot segments; None for other schemes (mailto:, javascript:, …) and broken URLs."""
    href = _URL_NOISE.sub("", href).strip()
    try:
        parts = urlsplit(urljoin(base, href) if base else href)
        scheme, host = parts.scheme.lower(), parts.hostname
        if scheme not in _DEFAULT_PORTS or not host:
            return None
        if not host.isascii():
            host = host.encode("idna").decode("ascii")
        port = parts.port
        netloc = host if port is None or str(port) == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
        path = parts.path or "/"
        if "/." in path:
            # A rooted path joined to the bare origin drops "." and ".." segments, as a browser
            # does. (A path that opens with "//" reads as a host there: "////.[" is broken.)
            path = urlsplit(urljoin(f"{scheme}://{netloc}/", path)).path
    except (ValueError, UnicodeError):
        return None
    return urlunsplit((scheme, netloc, _quoted(path), _quoted(parts.query), ""))


def _quoted(part: str) -> str:
    # Most links need no encoding, and checking is far cheaper than quote().
    return quote(part, safe=_SAFE) if _UNSAFE.search(part) else part


def _origin(url: str) -> str | None:
    """``scheme://host[:port]`` of ``url`` as :func:`normalize` writes it; None for a URL it
    refuses."""
    normal = normalize(url)
    return normal[: normal.index("/", normal.index("://") + 3)] if normal else None


def host_of(url: str) -> str:
    """The host (with a non-default port) of a normalised URL: the unit of politeness."""
    # What urlsplit's netloc is for a normalised URL (no user, a path from "/"), at a tenth of
    # its cost: a crawl asks this of every link of every page.
    return url.partition("://")[2].partition("/")[0]


def _text(body: bytes, content_type: str | None) -> str:
    """The page as text, good enough for URLs: the header charset, else UTF-8, else cp1252."""
    found = _CHARSET.search(content_type or "")
    charset = found.group(1).lower() if found else None
    if charset in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
        charset = "cp1252"  # as browsers read these labels
    if charset:
        try:
            return body.decode(charset, errors="replace")
        except LookupError:
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def _directives(values: list[str]) -> set[str]:
    return {token.strip().lower() for value in values for token in value.split(",")}


def page_links(
    body: bytes,
    url: str,
    content_type: str | None,
    robots_header: str | None = None,
    *,
    links: bool = True,
) -> PageLinks:
    """The links of an HTML page at ``url`` (none unless ``links``) and its robots directives
    (``<meta name=robots>`` and the ``X-Robots-Tag`` header).

    Raises PageRefused for a page too costly to parse (parsers/guard.py).
    """
    text = _text(body, content_type)
    check_page(text)
    tree = LexborHTMLParser(text)
    metas = [
        meta.attributes.get("content") or ""
        for meta in tree.css("meta[name]")
        if (meta.attributes.get("name") or "").strip().lower() == "robots"
    ]
    directives = _directives([*metas, robots_header or ""])
    noindex = bool(directives & {"noindex", "none"})
    nofollow = bool(directives & {"nofollow", "none"})
    if nofollow or not links:
        return PageLinks([], noindex, nofollow)
    base_tag = tree.css_first("base[href]")
    base = normalize(base_tag.attributes.get("href") or "", url) if base_tag else None
    base = base or url
    origin = _origin(base)
    urls = []
    for node in tree.css(_LINKS):
        href = node.attributes.get("href" if node.tag in {"a", "area"} else "src")
        if not href:
            continue
        if origin and "/." not in href and _PLAIN_PATH.fullmatch(href):
            urls.append(origin + href)
        elif link := normalize(href, base):
            urls.append(link)
    return PageLinks(list(dict.fromkeys(urls)), noindex, nofollow=False)


def sitemap_links(body: bytes, url: str) -> SitemapLinks:
    """The page URLs, sitemap URLs and ``lastmod`` times of the sitemap at ``url``: XML urlset
    or index, or plain text, maybe gzipped. Relative locations are resolved against ``url``.

    Raises ValueError for a body that is none of these.
    """
    if body.startswith(b"\x1f\x8b"):
        inflate = zlib.decompressobj(wbits=31)
        try:
            body = inflate.decompress(body, _MAX_SITEMAP)
        except zlib.error as err:
            raise ValueError(f"broken gzip: {err}") from None
        if inflate.unconsumed_tail:
            raise ValueError("too large")
    if not body.lstrip().startswith(b"<"):
        lines = body.decode("utf-8", errors="replace").splitlines()
        return SitemapLinks([link for line in lines if (link := normalize(line, url))], [], {})
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as err:
        raise ValueError(f"not a sitemap: {err}") from None
    locs, lastmod = [], {}
    for entry in root.iter():
        if _local(entry.tag) not in ("url", "sitemap"):
            continue
        fields = {_local(child.tag): (child.text or "").strip() for child in entry}
        if not (link := normalize(fields.get("loc", ""), url)):
            continue
        locs.append(link)
        with suppress(ValueError):
            lastmod[link] = stamp(parse_time(fields.get("lastmod", "")))
    if _local(root.tag) == "sitemapindex":
        return SitemapLinks([], locs, {})
    return SitemapLinks(locs, [], lastmod)


def _local(tag: str) -> str:
    """An XML tag without its namespace."""
    return tag.rpartition("}")[2]
