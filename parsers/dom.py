"""HTML -> blocks of text with their links, plus the page's own metadata.

One walk over lexbor's tree cuts the text where the layout does: at every block element, and
at every ``<br>`` inside a block (a line break); it keeps each link's text with its number in
the page, and marks the blocks of headings and of the regions of ads, navigation and teasers.
The walk touches each node once, in C-backed calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from selectolax.lexbor import LexborHTMLParser, LexborNode

from parsers import selectors
from parsers.text import Block, clean, collapse, fix_characters, needs_fixing

# Stands for a <br> while a block's text is gathered, where line breaks in the source are
# spaces; lexbor never leaves a NUL in a text.
_LINE = "\x00"
# Characters of text above a byline that make its element the one that holds the text.
_TEXT_ABOVE = 200


def _tag_ids() -> dict[str, int]:
    """lexbor's numbers for the tags the walk tells apart, and for text and comments."""
    tree = LexborHTMLParser("<p>x</p><!--c-->")
    names = selectors.BLOCK_TAGS | selectors.SKIP_TAGS | {"br", "a"}
    ids = {name: tree.create_node(name).tag_id for name in names}
    for node in tree.root.traverse(include_text=True):
        ids[node.tag] = node.tag_id
    return ids


_IDS = _tag_ids()
_TEXT, _COMMENT, _BR, _A, _PRE = (_IDS[name] for name in ("-text", "-comment", "br", "a", "pre"))
_BLOCK_IDS = frozenset(_IDS[name] for name in selectors.BLOCK_TAGS)
_SKIP_IDS = frozenset([*(_IDS[name] for name in selectors.SKIP_TAGS), _COMMENT])
# The level of a heading's block: 1 for <h1>; an accordion's <summary> heads its section like
# the other headings.
# What the end of an open element does in the walk.
_NONE, _LINK, _BLOCK, _REGION = range(4)
_HEADINGS = {_IDS["h1"]: 1} | {_IDS[name]: 2 for name in ("h2", "h3", "h4", "h5", "h6", "summary")}


@dataclass(slots=True)
class Blocks:
    blocks: list[Block]
    href: Callable[[int], str | None]  # the href of the n-th link among the blocks


class _Walk:
    """The blocks of a subtree, and its links in order."""

    def __init__(self, boiler: set[int], fixed: bool) -> None:
        self.fixed = fixed  # whether the texts are known to need no fix_characters
        self.blocks: list[Block] = []
        self.parts: list[str] = []  # the text of the open block
        self.links: list[tuple[str, int]] = []  # its links: text, number
        self.starts: list[int] = []  # the part of the open block each of its links starts at
        self.anchors: list[LexborNode] = []  # every link, by number
        self.boiler = boiler
        self.boiled = 0  # depth in regions of navigation, ads and teasers
        self.pre = 0
        self.cuts = 0  # blocks ended so far

    def close(self, heading: int = 0) -> None:
        """End the open block."""
        if not self.parts:
            return
        text = "".join(self.parts)
        # (where each part starts, for the links' places; before the list is emptied)
        offsets = [0, *accumulate(map(len, self.parts))] if self.starts else []
        self.parts.clear()  # the walk holds on to this list
        self.cuts += 1
        if not text.isspace():
            if "\n" in text or "\r" in text or "\t" in text:
                text = text.replace("\n", " ").replace("\r", " ").replace("\t", " ")
            text = text.replace(_LINE, "\n")
            fixed = text if self.fixed else fix_characters(text)
            links, starts = self.links, []
            if fixed is not text:  # its links' texts need the same repairs, and move
                links = [(clean(link), number) for link, number in links]
            elif offsets:  # where each link starts in the text
                starts = [offsets[part] for part in self.starts]
            self.blocks.append(Block(fixed, links, heading, self.boiled > 0, starts))
        self.links = []
        self.starts = []

    def node(self, root: LexborNode) -> None:
        """Read a subtree: without recursion, as pages nest elements thousands deep."""
        # Each open element: its children still to read, and what its end does (a link's
        # number and where its text starts, a block's heading level, a region's end).
        stack: list[tuple[Iterator[LexborNode], int, int, int, int]] = [
            (root.iter(include_text=True), _NONE, 0, 0, 0)
        ]
        parts = self.parts
        boiler = self.boiler
        while stack:
            children, end, first, second, third = stack[-1]
            for child in children:
                kind = child.tag_id
                if kind == _TEXT:
                    text = child.text_content or ""
                    # Line breaks in <pre> are line breaks; elsewhere they are spaces.
                    parts.append(text.replace("\n", _LINE) if self.pre else text)
                elif kind == _BR:
                    parts.append(_LINE)
                elif kind not in _SKIP_IDS:
                    if boiler and child.mem_id in boiler:
                        self.close()
                        self.boiled += 1
                        stack.append((iter(()), _REGION, 0, 0, 0))
                    grandchildren = child.iter(include_text=True)
                    if kind == _A:
                        self.anchors.append(child)
                        number = len(self.anchors) - 1
                        stack.append((grandchildren, _LINK, number, len(parts), self.cuts))
                    elif kind in _BLOCK_IDS:
                        self.close()
                        pre = kind == _PRE
                        self.pre += pre
                        stack.append((grandchildren, _BLOCK, _HEADINGS.get(kind, 0), pre, 0))
                    else:
                        stack.append((grandchildren, _NONE, 0, 0, 0))
                    break
            else:
                stack.pop()
                if end == _LINK:
                    # (a link that a block cut in two keeps the text after the cut)
                    within = self.cuts == third
                    text = "".join(parts[second:] if within else parts)
                    self.links.append((collapse(text.replace(_LINE, " ")), first))
                    self.starts.append(second if within else 0)
                elif end == _BLOCK:
                    self.pre -= second
                    self.close(first)
                elif end == _REGION:
                    self.close()
                    self.boiled -= 1


def _boiler(root: LexborNode) -> set[int]:
    """The nodes of regions that hold no synopsis: navigation, sidebars, ads, captions."""
    found = set()
    for node in root.css(selectors.BOILER_SELECTOR):
        attributes = node.attributes
        hint = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
        if node.tag in selectors.BOILER_TAGS or (
            selectors.BOILER_HINT.search(hint) and not _is_lead(node, hint)
        ):
            found.add(node.mem_id)
    return found


def _is_lead(node: LexborNode, hint: str) -> bool:
    """A paragraph a newsroom's class calls its "teaser" that links nowhere: the lead of the
    text under it, not a teaser of another page."""
    return (
        node.tag == "p"
        and all(found.group().lower() == "teaser" for found in selectors.BOILER_HINT.finditer(hint))
        and node.css_first("a") is None
    )


def _read(root: LexborNode, text: str | None = None) -> Blocks:
    """The blocks of ``root``; ``text``, its text if known, tells in one look whether any of
    them needs its characters fixed."""
    walk = _Walk(_boiler(root), text is not None and not needs_fixing(text))
    walk.node(root)
    anchors = walk.anchors

    def href(index: int) -> str | None:
        return anchors[index].attributes.get("href") if index < len(anchors) else None

    walk.close()
    return Blocks(walk.blocks, href)


class HtmlPage:
    """A parsed page: the blocks of its body, or of the part its byline signs, and its own
    metadata, each read when asked for."""

    def __init__(self, html: str) -> None:
        self.html = html
        # With scripting on, as in a browser, <noscript> content is one text node, not markup.
        self.tree = LexborHTMLParser(html, scripting=True)

    def blocks(self) -> Blocks:
        """The blocks of the whole body."""
        body = self.tree.body
        return _read(body) if body is not None else Blocks([], lambda index: None)

    def signed(self) -> Blocks | None:
        """The blocks of the element that holds the site's byline and the text above it; None
        when the page has no such byline."""
        body = self.tree.body
        if body is None:
            return None
        for anchor in selectors.SITE_BYLINE:
            byline = body.css_first(f':lexbor-contains("{anchor}")')
            if byline is not None:
                break
        else:
            return None
        # Up from the byline's own element to the one that holds text above it too.
        node = byline
        while node is not None and node.mem_id != body.mem_id:
            text = node.text()
            if len(text) - len(text[text.find(anchor) :]) >= _TEXT_ABOVE:
                return _read(node, text)
            node = node.parent
        return None

    @cached_property
    def title(self) -> str | None:
        """The <title>, as written."""
        node = self.tree.css_first("title")
        return clean(node.text()) or None if node is not None else None

    @cached_property
    def heading(self) -> str | None:
        """The first <h1> of the page."""
        node = self.tree.css_first("h1")
        return clean(node.text()) or None if node is not None else None

    @cached_property
    def canonical(self) -> str | None:
        return self._attribute('link[rel="canonical" i]', "href")

    @cached_property
    def og_url(self) -> str | None:
        return self._attribute('meta[property="og:url" i]', "content")

    @cached_property
    def base_href(self) -> str | None:
        if not any(tag in self.html for tag in ("<base", "<BASE", "<Base")):
            return None  # a first look in C before the tree is searched
        return self._attribute("base[href]", "href")

    @cached_property
    def saved_from(self) -> str | None:
        """Where a browser saved the page from: ``<!-- saved from url=(0050)… -->``."""
        found = selectors.SAVED_FROM.search(self.html, 0, 2048)
        return found.group(1) if found else None

    def _attribute(self, selector: str, name: str) -> str | None:
        node = self.tree.css_first(selector)
        value = node.attributes.get(name) if node is not None else None
        return (value.strip() or None) if value else None
