"""HTML -> blocks of text with their links, plus the page's own metadata.

Walking the tree node by node in Python costs more than parsing the page, so the structure
travels as marker characters instead: before parsing, a marker goes in front of every block
tag, every ``<br>``, every link and the end of every link and heading; after parsing, markers
go around the regions of ads, navigation and teasers. Then one call of the parser extracts
the text, and splitting it at the markers gives the blocks. A marker in front of a start tag
lands inside the element before it, or (in a table) is moved in front of the table: either
way it separates what the tag separates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from parsers import selectors
from parsers.text import Block, clean

# Private-use characters: no page text contains them (any that do are dropped first).
BLOCK, BR, HEADING, TITLE, LINK, LINK_END, BOILER, BOILER_END = (chr(0xE000 + i) for i in range(8))
_ALL_MARKERS = (BLOCK, BR, HEADING, TITLE, LINK, LINK_END, BOILER, BOILER_END)
_MARKERS = re.compile(f"[{''.join(_ALL_MARKERS)}]")


def _trie(words: list[str]) -> str:
    """A regular expression for any of the words, in either case, as a trie: the engine
    decides at every "<" of the page in a few steps instead of trying every word."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def expression(node: dict[str, dict]) -> str:
        branches = [
            (f"[{char}{char.upper()}]" if char.isalpha() else char) + expression(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return expression(tree)


_BLOCK_NAMES = _trie(sorted(selectors.BLOCK_TAGS))
# Each pattern matches the "<" of a tag and is replaced by a marker and the "<": plain
# replacement strings keep the substitution in C.
_BLOCK_TAG = re.compile(rf"<(?=/?{_BLOCK_NAMES}\b)")
_TITLE_END = re.compile(r"<(?=/h1\s*>)", re.IGNORECASE)
# An accordion's <summary> heads its section like a heading.
_HEADING_END = re.compile(r"<(?=/(?:h[2-6]|summary)\s*>)", re.IGNORECASE)
_PRE = re.compile(r"(<pre\b[^>]*>)(.*?)(</pre\s*>)", re.IGNORECASE | re.DOTALL)
_BR_TAG = re.compile(r"<(?=br\b)", re.IGNORECASE)
_LINK_START = re.compile(r"<(?=a\b)", re.IGNORECASE)
_LINK_END_TAG = re.compile(r"<(?=/a\s*>)", re.IGNORECASE)
_LINK_TEXT = re.compile(f"{LINK}([^{LINK}{LINK_END}]*){LINK_END}?")


@dataclass(slots=True)
class HtmlPage:
    blocks: list[Block]
    href: Callable[[int], str | None]  # the href of the n-th link of the body
    title: str | None  # the <title>, as written
    canonical: str | None
    og_url: str | None
    base_href: str | None
    saved_from: str | None


def _mark(html: str) -> str:
    if not html.isascii() and any(marker in html for marker in _ALL_MARKERS):
        html = _MARKERS.sub("", html)
    if "<pre" in html or "<PRE" in html:
        # Line breaks in <pre> are line breaks, not spaces.
        html = _PRE.sub(lambda m: m[1] + m[2].replace("\n", BR) + m[3], html)
    html = _TITLE_END.sub(TITLE + "<", html)
    html = _HEADING_END.sub(HEADING + "<", html)
    html = _BLOCK_TAG.sub(BLOCK + "<", html)
    html = _BR_TAG.sub(BR + "<", html)
    html = _LINK_START.sub(LINK + "<", html)
    return _LINK_END_TAG.sub(LINK_END + "<", html)


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


def read_html(html: str) -> HtmlPage:
    # With scripting on, as in a browser, <noscript> content is one text node, not markup.
    tree = LexborHTMLParser(_mark(html), scripting=True)
    title_node = tree.css_first("title")
    title = clean(_MARKERS.sub("", title_node.text())) if title_node is not None else ""
    canonical = _attr(tree, 'link[rel="canonical" i]', "href")
    og_url = _attr(tree, 'meta[property="og:url" i]', "content")
    base_href = _attr(tree, "base[href]", "href")
    tree.strip_tags(list(selectors.SKIP_TAGS), recursive=True)
    body = tree.body
    blocks: list[Block] = []
    anchors = []
    if body is not None:
        for node in body.css(selectors.BOILER_SELECTOR):
            attributes = node.attributes
            hint = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
            if node.tag in selectors.BOILER_TAGS or selectors.BOILER_HINT.search(hint):
                node.insert_before(BOILER)
                node.insert_after(BOILER_END)
        blocks = _blocks(body.text(deep=True))
        anchors = body.css("a")

    def href(index: int) -> str | None:
        if index >= len(anchors):
            return None
        return anchors[index].attributes.get("href")

    saved_from = selectors.SAVED_FROM.search(html, 0, 2048)
    return HtmlPage(
        blocks=blocks,
        href=href,
        title=title or None,
        canonical=canonical,
        og_url=og_url,
        base_href=base_href,
        saved_from=saved_from.group(1) if saved_from else None,
    )
