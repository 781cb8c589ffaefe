"""robots.txt of the crawled hosts (RFC 9309, read with protego): rules, Crawl-delay, sitemaps."""

from __future__ import annotations

from urllib.parse import urlsplit

from protego import Protego

from scraper.fetcher import Fetcher
from scraper.links import host_of, normalize

__all__ = ["Robots"]


class Robots:
    """The robots.txt rules of each host, read once per run through the polite fetcher."""

    def __init__(self, fetcher: Fetcher, user_agent: str) -> None:
        self._fetcher = fetcher
        self._user_agent = user_agent
        self._rules: dict[str, Protego] = {}
        # Why a host's pages may not be fetched at all (its robots.txt could not be read).
        self._unreadable: dict[str, str] = {}

    async def load(self, origin: str) -> list[str]:
        """Read the robots.txt of ``origin``'s host, slow its requests down to its Crawl-delay
        (or Request-rate) and return the sitemaps it names."""
        host = host_of(origin)
        url = f"{urlsplit(origin).scheme}://{host}/robots.txt"
        response = await self._fetcher.fetch(url, any_type=True)
        status = response.status or 0
        if status >= 500 or (response.failed and not 400 <= status < 500):
            # RFC 9309: an unreachable robots.txt means the whole site is disallowed.
            self._unreadable[host] = f"robots.txt unreadable ({response.failed})"
            return []
        if status != 200:
            # Missing (4xx) or moved elsewhere: the site sets no rules.
            self._rules[host] = Protego.parse("")
            return []
        rules = Protego.parse(response.body.decode("utf-8", errors="replace"))
        self._rules[host] = rules
        delays = [rules.crawl_delay(self._user_agent) or 0.0]
        if rate := rules.request_rate(self._user_agent):
            delays.append(rate.seconds / rate.requests)
        self._fetcher.slow_down(host, max(delays))
        return [link for sitemap in rules.sitemaps if (link := normalize(sitemap, url))]

    def unreadable(self, url: str) -> str | None:
        """Why ``url``'s host may not be crawled at all: its robots.txt could not be read (the
        site is down, say), which is a failure to report, not a rule of the site."""
        return self._unreadable.get(host_of(url))

    def refusal(self, url: str) -> str | None:
        """Why robots.txt forbids fetching ``url``; None when it may be fetched."""
        rules = self._rules.get(host_of(url))
        if rules is not None and not rules.can_fetch(url, self._user_agent):
            return "disallowed by robots.txt"
        return None
