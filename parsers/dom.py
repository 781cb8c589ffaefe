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

from selectolax.lexbor import LexborHTMLParser, LexborNode

from parsers import selectors
from parsers.text import Block, clean

# Private-use characters: no page text contains them (any that do are dropped first).
BLOCK, BR, HEADING, TITLE, LINK, LINK_END, BOILER, BOILER_END = (chr(0xE000 + i) for i in range(8))
_ALL_MARKERS = (BLOCK, BR, HEADING, TITLE, LINK, LINK_END, BOILER, BOILER_END)
_MARKERS = re.compile(f"[{''.join(_ALL_MARKERS)}]")
_LINK_TEXT = re.compile(f"{LINK}([^{LINK}{LINK_END}]*){LINK_END}?")


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
class HtmlPage:
    blocks: list[Block]
    href: Callable[[int], str | None]  # the href of the n-th link of the body
    title: str | None  # the <title>, as written
    canonical: str | None
    og_url: str | None
    base_href: str | None
    saved_from: str | None


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
                    links.append((clean(text), link))
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


def _attr(tree: LexborHTMLParser, selector: str, name: str) -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get(name) if node is not None else None
    return (value.strip() or None) if value else None


def _boiler(body: LexborNode) -> set[int]:
    """The nodes of regions that hold no synopsis: navigation, sidebars, ads, captions."""
    found = set()
    for node in body.css(selectors.BOILER_SELECTOR):
        attributes = node.attributes
        hint = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
        if node.tag in selectors.BOILER_TAGS or selectors.BOILER_HINT.search(hint):
            found.add(node.mem_id)
    return found


def read_html(html: str) -> HtmlPage:
    if not html.isascii() and any(marker in html for marker in _ALL_MARKERS):
        html = _MARKERS.sub("", html)
    # With scripting on, as in a browser, <noscript> content is one text node, not markup.
    tree = LexborHTMLParser(html, scripting=True)
    title_node = tree.css_first("title")
    title = clean(title_node.text()) if title_node is not None else ""
    canonical = _attr(tree, 'link[rel="canonical" i]', "href")
    og_url = _attr(tree, 'meta[property="og:url" i]', "content")
    base_href = _attr(tree, "base[href]", "href")
    body = tree.body
    walk = _Walk(_boiler(body) if body is not None else set())
    if body is not None:
        walk.node(body)
    anchors = walk.anchors

    def href(index: int) -> str | None:
        if index >= len(anchors):
            return None
        return anchors[index].attributes.get("href")

    saved_from = selectors.SAVED_FROM.search(html, 0, 2048)
    return HtmlPage(
        blocks=_blocks("".join(walk.out)),
        href=href,
        title=title or None,
        canonical=canonical,
        og_url=og_url,
        base_href=base_href,
        saved_from=saved_from.group(1) if saved_from else None,
    )
