"""The synopsis found from the page's own signature: the text block above its byline.

The site's script ends a film's text with "Autor/Bearbeitung:" and "Update:" lines. The text
that stands with them, read back from the first of them up to the heading or the facts above,
is the synopsis: every paragraph of it, one or many, whatever kind of journalism it is. Ads,
captions and links between the paragraphs are passed over; a heading that opens another
section (a review, a teaser box) ends what came after it, and a byline with no text above it
(one at the top of an article) hands over to the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers import selectors
from parsers.kinds import (
    FACTS,
    HEADING,
    JUNK,
    LOOSE,
    MARKER,
    TEASER,
    TEXT,
    TITLE,
    Item,
)

# Lines that are no text (an ad, a link, a spacer) the block may hold between two paragraphs;
# more in a row are a menu or a column beside it.
MAX_GAP = 4


@dataclass(slots=True)
class Found:
    byline: int  # the index of the first byline line under the text
    chosen: list[int]  # the indexes of the synopsis paragraphs, in order
    closed: bool  # whether a heading, facts or another byline end the text above


def from_byline(items: list[Item]) -> Found | None:
    """The text block above the first byline that closes one."""
    for index, item in enumerate(items):
        if (
            item.kind == MARKER
            and not (index and items[index - 1].kind == MARKER)
            and not selectors.DATE_LINE.match(item.paragraph.text)  # a blog's date heading
            and not _opens_text(items, index)
        ):
            found = _text_above(items, index)
            if found.chosen:
                return found
    return None


def _opens_text(items: list[Item], byline: int) -> bool:
    """Whether text follows a byline (past its other lines, links and boxes): a byline at the
    top of an article, over its text, not under it."""
    for item in items[byline + 1 :]:
        if item.kind == TEXT:
            return True
        if not (item.kind in (MARKER, LOOSE) or item.boiler or item.link_only):
            return False
    return False


def _text_above(items: list[Item], byline: int) -> Found:
    found = _read_back(items, byline)
    # Lines that are no sentences count as the author's text between paragraphs only; at the
    # edges they are a caption, a DVD's title in a shop box or a tagline.
    while found.chosen and items[found.chosen[-1]].kind == LOOSE:
        found.chosen.pop()
    while found.chosen and items[found.chosen[0]].kind == LOOSE:
        found.chosen.pop(0)
    return found


def _read_back(items: list[Item], byline: int) -> Found:
    chosen: list[int] = []
    gap = 0
    for index in range(byline - 1, -1, -1):
        item = items[index]
        kind = item.kind
        text = item.paragraph.text
        if item.boiler and kind != MARKER:
            continue  # a region of its own: navigation, a sidebar, a teaser box, an ad
        if kind in (TEXT, LOOSE):
            if selectors.SHORT_SYNOPSIS.match(text):
                return Found(byline, chosen[::-1], True)  # "Kurzinhalt: …" over the text
            chosen.append(index)
            gap = 0
            if selectors.SYNOPSIS_LABEL.match(text):
                return Found(byline, chosen[::-1], True)  # "Inhalt: …" starts it
        elif kind in (MARKER, TITLE):
            return Found(byline, chosen[::-1], True)
        elif kind == TEASER or (
            kind == HEADING
            and item.level != 1  # (the page's own heading is the film's title: "Das Interview")
            and (selectors.SECTION_STOP.match(text) or selectors.SHORT_SYNOPSIS_HEADING.match(text))
        ):
            chosen, gap = [], 0  # what came after it is a teaser box or another section
        elif kind in (HEADING, FACTS):
            if _heads_story(item) or not _text_goes_on(items, index):
                lead = agency_lead(items, index)
                return Found(byline, ([] if lead is None else [lead]) + chosen[::-1], True)
        else:
            gap += 1
            if chosen and gap > MAX_GAP:
                return Found(byline, chosen[::-1], True)
    return Found(byline, chosen[::-1], False)


def _text_goes_on(items: list[Item], index: int) -> bool:
    """Whether the story goes on above a sub-heading ("Die Vorgeschichte", "Teil 2"), and so
    above the facts of a part under such a heading; a heading over the story ("Inhalt"), the
    page's heading or facts under no heading are where it starts."""
    headed = items[index].kind == HEADING
    for item in reversed(items[max(0, index - MAX_GAP) : index]):
        if item.kind == TEXT:
            return headed
        if item.kind == HEADING:
            if _heads_story(item):
                return False
            headed = True
        elif item.kind not in (JUNK, LOOSE, FACTS):
            return False
    return False


def agency_lead(items: list[Item], heading: int) -> int | None:
    """The agency's lead of a press text right above the heading over its story ("Hamburg
    (ots) - …" over "Inhalt"): the text starts with it; None when there is none."""
    if not _heads_story(items[heading]):
        return None
    for index in range(heading - 1, max(heading - 1 - MAX_GAP, -1), -1):
        item = items[index]
        if item.kind == TEXT:
            return index if selectors.AGENCY_LEAD.match(item.paragraph.text) else None
        if item.kind != JUNK and not item.boiler:
            return None
    return None


def _heads_story(item: Item) -> bool:
    """The page's heading, or one over the story ("Inhalt", "Handlung")."""
    return item.kind == HEADING and (
        item.level == 1 or selectors.SYNOPSIS_HEADING.match(item.paragraph.text) is not None
    )
