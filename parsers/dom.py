"""HTML -> blocks of text with their links, plus the page's own metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from parsers import selectors
from parsers.text import Block, clean

_SOURCE_SPACE = re.compile(r"[\r\n\t]+")


@dataclass(slots=True)
class HtmlPage:
    blocks: list[Block]
    title: str | None  # the <title>, as written
    canonical: str | None
    og_url: str | None
    base_href: str | None
    saved_from: str | None


_BR = "\x0b"  # a <br> until the block is flushed: line breaks in the source are only spaces


class _Walker:
    """Depth-first walk that cuts the body into blocks at block elements."""

    __slots__ = ("blocks", "boiler", "boiler_ids", "heading", "links", "parts")

    def __init__(self, boiler_ids: set[int]) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.heading = 0
        self.boiler = False
        self.boiler_ids = boiler_ids

    def flush(self) -> None:
        if self.parts:
            text = "".join(self.parts)
            if not text.isspace():
                text = _SOURCE_SPACE.sub(" ", text).replace(_BR, "\n")
                self.blocks.append(Block(text, self.links, self.heading, self.boiler))
            self.parts.clear()
        self.links = []

    def walk(self, node: LexborNode) -> None:
        parts = self.parts
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                parts.append(child.text_content)
            elif tag == "br":
                parts.append(_BR)
            elif tag in selectors.BLOCK_TAGS:
                self._enter_block(child, tag)
            elif tag == "a":
                href = child.attributes.get("href")
                if href:
                    self.links.append((clean(child.text(deep=True)), href))
                self.walk(child)
            elif tag not in selectors.SKIP_TAGS and tag != "-comment":
                self.walk(child)

    def _enter_block(self, node: LexborNode, tag: str) -> None:
        self.flush()
        heading, boiler = self.heading, self.boiler
        if tag in selectors.HEADING_TAGS:
            self.heading = selectors.HEADING_TAGS[tag]
        self.boiler = boiler or node.mem_id in self.boiler_ids
        self.walk(node)
        self.flush()
        self.heading, self.boiler = heading, boiler


def _attr(tree: LexborHTMLParser, selector: str, name: str) -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get(name) if node is not None else None
    return value.strip() or None if value else None


def read_html(html: str) -> HtmlPage:
    # With scripting on, as in a browser, <noscript> content is one text node, not markup.
    tree = LexborHTMLParser(html, scripting=True)
    walker = _Walker({node.mem_id for node in tree.css(selectors.BOILER_SELECTOR)})
    if tree.body is not None:
        walker.walk(tree.body)
        walker.flush()
    title_node = tree.css_first("title")
    saved_from = selectors.SAVED_FROM.search(html, 0, 2048)
    return HtmlPage(
        blocks=walker.blocks,
        title=clean(title_node.text()) or None if title_node is not None else None,
        canonical=_attr(tree, 'link[rel="canonical" i]', "href"),
        og_url=_attr(tree, 'meta[property="og:url" i]', "content"),
        base_href=_attr(tree, "base[href]", "href"),
        saved_from=saved_from.group(1) if saved_from else None,
    )
