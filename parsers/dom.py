"""HTML -> blocks of text with their links, plus the page's own metadata.

One walk over lexbor's tree writes the body's text with marker characters where the layout
separates it: around every block element, for every ``<br>``, around every link, at the end of
every heading and around the regions of ads, navigation and teasers. Splitting that text at the
markers gives the blocks. The walk touches each node once, in C-backed calls; text and links
inside an element without blocks come out of one call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from selectolax.lexbor import LexborHTMLParser, LexborNode

from parsers import selectors
from parsers.text import Block, clean, collapse, fix_characters

# Private-use characters: no page text contains them (any that do are dropped first).
BLOCK, BR, HEADING, TITLE, LINK, LINK_END, BOILER, BOILER_END = (chr(0xE000 + i) for i in range(8))
_ALL_MARKERS = (BLOCK, BR, HEADING, TITLE, LINK, LINK_END, BOILER, BOILER_END)
_MARKERS = re.compile(f"[{''.join(_ALL_MARKERS)}]")
_LINK_TEXT = re.compile(f"{LINK}([^{LINK}{LINK_END}]*){LINK_END}?")
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
# An accordion's <summary> heads its section like a heading.
_HEADING_ENDS = {_IDS["h1"]: TITLE} | {
    _IDS[name]: HEADING for name in ("h2", "h3", "h4", "h5", "h6", "summary")
}


@dataclass(slots=True)
class Blocks:
    blocks: list[Block]
    href: Callable[[int], str | None]  # the href of the n-th link among the blocks


class _Walk:
    """The body's text with its markers, and its links in order."""

    def __init__(self, boiler: set[int]) -> None:
        self.out: list[str] = []
        self.anchors: list[LexborNode] = []
        self.boiler = boiler
        self.pre = 0

    def node(self, node: LexborNode) -> None:
        out = self.out
        for child in node.iter(include_text=True):
            kind = child.tag_id
            if kind == _TEXT:
                text = child.text_content or ""
                # Line breaks in <pre> are line breaks; elsewhere _blocks makes them spaces.
                out.append(text.replace("\n", BR) if self.pre else text)
            elif kind == _BR:
                out.append(BR)
            elif kind in _SKIP_IDS:
                continue
            elif self.boiler and child.mem_id in self.boiler:
                out.append(BOILER)
                self.element(child, kind)
                out.append(BOILER_END)
            else:
                self.element(child, kind)

    def element(self, node: LexborNode, kind: int) -> None:
        out = self.out
        if kind == _A:
            self.anchors.append(node)
            out.append(LINK)
            self.node(node)
            out.append(LINK_END)
        elif kind in _BLOCK_IDS:
            out.append(BLOCK)
            if kind == _PRE:
                self.pre += 1
                self.node(node)
                self.pre -= 1
            else:
                self.node(node)
            if end := _HEADING_ENDS.get(kind):
                out.append(end)
            out.append(BLOCK)
        else:
            self.node(node)


def _blocks(text: str) -> list[Block]:
    """Cut the marked text at block and boiler markers; number the links in order."""
    # Line breaks in the source are spaces; <br> markers become the line breaks.
    text = text.replace("\n", " ").replace("\r", " ").replace("\t", " ").replace(BR, "\n")
    text = fix_characters(text)
    if BOILER in text:
        text = text.replace(BOILER, BLOCK + BOILER + BLOCK).replace(
            BOILER_END, BLOCK + BOILER_END + BLOCK
        )
    blocks = []
    boiler = 0
    link = 0
    for piece in text.split(BLOCK):
        if piece == BOILER:
            boiler += 1
        elif piece == BOILER_END:
            boiler -= 1
        elif piece:
            links = []
            if LINK in piece:
                for text in _LINK_TEXT.findall(piece):
                    links.append((collapse(text), link))
                    link += 1
                piece = piece.replace(LINK, "")
            if LINK_END in piece:  # also the end of a link that began in a block before
                piece = piece.replace(LINK_END, "")
            end = piece.rstrip()[-1:]
            heading = 1 if end == TITLE else 2 if end == HEADING else 0
            if heading:
                piece = piece.replace(TITLE, "").replace(HEADING, "")
            if piece.isspace():
                continue
            blocks.append(Block(piece, links, heading, boiler > 0))
    return blocks


def _boiler(root: LexborNode) -> set[int]:
    """The nodes of regions that hold no synopsis: navigation, sidebars, ads, captions."""
    found = set()
    for node in root.css(selectors.BOILER_SELECTOR):
        attributes = node.attributes
        hint = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
        if node.tag in selectors.BOILER_TAGS or selectors.BOILER_HINT.search(hint):
            found.add(node.mem_id)
    return found


def _read(root: LexborNode) -> Blocks:
    walk = _Walk(_boiler(root))
    walk.node(root)
    anchors = walk.anchors

    def href(index: int) -> str | None:
        return anchors[index].attributes.get("href") if index < len(anchors) else None

    return Blocks(_blocks("".join(walk.out)), href)


class HtmlPage:
    """A parsed page: the blocks of its body, or of the part its byline signs, and its own
    metadata, each read when asked for."""

    def __init__(self, html: str) -> None:
        if not html.isascii() and any(marker in html for marker in _ALL_MARKERS):
            html = _MARKERS.sub("", html)
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
                return _read(node)
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
