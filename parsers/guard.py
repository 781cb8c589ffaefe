"""A bound on one page's work, checked before the HTML parser sees the page.

Lexbor's tree builder walks its stack of open elements for many start tags, so its time grows
with tags times nesting depth: 20,000 nested ``<div>`` take it 1.4 s, 40,000 take 6.1 s and
``<ul><li>`` nested 40,000 deep 54 s. A ``<select>`` costs it the square of its options: 20,000
take 3.9 s. A film page has a few hundred tags nested a few dozen deep, and a big page saved
from a modern site some ten thousand. So a page is refused past any of:

- ``MAX_TAGS`` tags (start and end tags; the parser's own work grows with them);
- ``MAX_DEPTH`` elements open inside each other (Chrome's parser stops nesting at 512 too);
- ``MAX_OPTIONS`` ``<option>`` elements;
- ``MAX_TEXT`` characters of text, outside tags, scripts and comments (the parser reads text
  at about a microsecond a character: 1.75 MB of it took 3.8 s, 20 MB 4.9 s and 498 MB;
  a film page has some ten thousand).

Below ``_QUICK`` tags no shape is costly (5,000 nested ``<div>`` take lexbor 0.05 s, a
``<select>`` of 5,000 options 0.3 s), and a tag takes three characters at least: an ordinary page
is let through on its length, a longer one on a count of its ``<``.
Past it the tags are read one by one, with the rules of HTML that close elements implicitly
(``<p>``, ``<li>``, ``<td>``, …) applied closely enough that the depth of an ordinary page is not
overstated: an estimate, on the safe side for pages built to be deep.
"""

from __future__ import annotations

import re
from collections import Counter

MAX_TAGS = 50_000
MAX_DEPTH = 512
MAX_OPTIONS = 5_000
MAX_TEXT = 1_000_000
_QUICK = 5_000

# A start or end tag (its name), or the start of a comment.
_TAG = re.compile(r"<(!--|/?[A-Za-z][^\s/>]*)")
_VOID = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta param "
    "source track wbr".split()
)
# Elements whose content is text up to their end tag: no tags inside count.
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes".split())
_RAW_END = {name: re.compile(rf"</{name}", re.IGNORECASE) for name in _RAW_TEXT}
# Elements that HTML's "in scope" walks do not pass.
_SCOPE = frozenset(
    "applet button caption html marquee object table td template th ul ol dl select".split()
)
_CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup listing main menu nav ol p pre section "
    "summary table ul li dd dt".split()
)
# A start tag closes the open element of these names it finds on the stack before _SCOPE.
_CLOSES = {
    "li": frozenset({"li"}),
    "dd": frozenset({"dd", "dt"}),
    "dt": frozenset({"dd", "dt"}),
    "option": frozenset({"option"}),
    "optgroup": frozenset({"option", "optgroup"}),
    "tr": frozenset({"tr", "td", "th"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
    "tbody": frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}),
    "thead": frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}),
    "tfoot": frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}),
}
# How far down the stack an implicit close looks: enough for the inline elements a paragraph
# or list item leaves open, and a fixed cost per tag whatever the page.
_LOOK_DOWN = 16


class PageRefused(ValueError):
    """A page whose shape would cost the parser too much; the message is one line."""


def check_text(text: str) -> None:
    """Raise PageRefused for a text (the plain-text form) longer than any page needs."""
    if len(text) > MAX_TEXT:
        raise _too_much_text(len(text))


def _too_much_text(characters: int) -> PageRefused:
    return PageRefused(f"too much text ({characters / 1e6:.1f} million characters > 1 million)")


def check_page(text: str) -> None:
    """Raise PageRefused when parsing ``text`` as HTML would cost more than any page needs."""
    if len(text) > MAX_TEXT or (len(text) > 3 * _QUICK and text.count("<") > _QUICK):
        _check_tags(text)


def _check_tags(text: str) -> None:
    stack: list[str] = []
    opened: Counter[str] = Counter()  # open elements by name
    tags = options = deepest = 0
    position = 0
    visible = 0  # characters between tags (an estimate: entities and spaces count in full)
    while found := _TAG.search(text, position):
        visible += found.start() - position
        token = found.group(1)
        if token == "!--":
            position = text.find("-->", found.end()) + 3
            if position < 3:
                break  # the rest of the page is a comment
            continue
        tags += 1
        if tags > MAX_TAGS:
            raise PageRefused(f"too many tags (over {MAX_TAGS:,})")
        position = text.find(">", found.end()) + 1
        if position < 1:
            break  # the rest of the page is this tag
        if token[0] == "/":
            name = token[1:].lower()
            if opened[name]:
                _pop_through(stack, opened, name)
            continue
        name = token.lower()
        if name in _RAW_TEXT:
            end_tag = _RAW_END[name].search(text, position)
            if end_tag is None:
                break  # the rest of the page is this element's text
            position = end_tag.end()
            continue
        if name in _VOID:
            continue
        if name == "option":
            options += 1
            if options > MAX_OPTIONS:
                raise PageRefused(f"too many <option> elements (over {MAX_OPTIONS:,})")
        if name in _CLOSES_P and opened["p"]:
            _close(stack, opened, frozenset({"p"}))
        if name in _CLOSES:
            _close(stack, opened, _CLOSES[name])
        stack.append(name)
        opened[name] += 1
        if len(stack) > deepest:
            deepest = len(stack)
            if deepest > MAX_DEPTH:
                raise PageRefused(f"too deeply nested (over {MAX_DEPTH} elements)")
    else:
        visible += len(text) - position
    if visible > MAX_TEXT:
        raise _too_much_text(visible)


def _close(stack: list[str], opened: Counter[str], names: frozenset[str]) -> None:
    """Close the nearest open element of ``names``, if one is open above any scope boundary."""
    for name in reversed(stack[-_LOOK_DOWN:]):
        if name in names:
            _pop_through(stack, opened, name)
            return
        if name in _SCOPE:
            return


def _pop_through(stack: list[str], opened: Counter[str], name: str) -> None:
    while True:
        top = stack.pop()
        opened[top] -= 1
        if top == name:
            return
