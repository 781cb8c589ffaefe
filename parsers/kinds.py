"""What each paragraph of a page is: story text, facts, a heading, a byline, a teaser or junk.

The blocks of a page (from the HTML or the text form) are cut into paragraphs and each gets a
kind. Locating the synopsis (parsers.anchored, parsers.synopsis) only reads the kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parsers import selectors
from parsers.byline import is_marker
from parsers.text import SECTION_LINE, Block, collapse, paragraphs

SENTENCE_END = (".", "!", "?", "…", '"', "“", "”", "»", "«")

# The kinds. TEXT is prose of a story; LOOSE is text that is no story prose on its own (a
# caption line, a list of the cast) but is the author's text where it stands in the text
# block; FACTS a facts row or label; JUNK anything else that is no text (navigation, ads,
# links, footer lines).
TEXT, LOOSE, FACTS, JUNK = "text", "loose", "facts", "junk"
HEADING, TITLE, MARKER, TEASER, LABEL = "heading", "title", "marker", "teaser", "label"


@dataclass(slots=True)
class Paragraph:
    text: str
    links: list[tuple[str, int]] = field(default_factory=list)  # text, number in the page


@dataclass(slots=True)
class Item:
    kind: str
    paragraph: Paragraph
    link_only: bool = False
    level: int = 0  # of a heading: 1 for <h1>
    boiler: bool = False  # a heading of a menu or sidebar names that box, not the page


def _link_text_outside_parentheses(paragraph: Paragraph) -> int:
    # Actor links stand inside parentheses; links elsewhere mean navigation or teasers.
    text = paragraph.text
    return sum(
        len(link)
        for link, _ in paragraph.links
        if link and (i := text.find(link)) >= 0 and text.rfind("(", 0, i) <= text.rfind(")", 0, i)
    )


def _is_sentence(text: str) -> bool:
    """Words enough that end like a sentence: story text, no menu or footer line."""
    return text.count(" ") >= 7 and text.endswith(SENTENCE_END)


def _few_lowercase(text: str) -> bool:
    """A menu or a list of titles copied as one line: hardly a lowercase word in it."""
    words = text.split()
    return sum(word[0].islower() for word in words) * 4 < len(words)


def _text_kind(paragraph: Paragraph) -> str:
    """TEXT, LOOSE, FACTS or JUNK for a paragraph that is no heading, byline or label."""
    text = paragraph.text
    if (
        len(text) < 20
        or text.count(" ") < 3
        or selectors.BOX_START.match(text)
        or (
            len(text) < 300
            and (
                selectors.BOILERPLATE_LINE.search(text)
                or selectors.PRICE.search(text)
                or (selectors.FOOTER_WORD.search(text) and not _is_sentence(text))
            )
        )
    ):
        return JUNK
    if len(text) < 200 and (
        len(selectors.FACT_LABEL.findall(text)) >= 2
        or (len(text) < 120 and selectors.FACT_DATA.search(text))
    ):
        return FACTS
    if paragraph.links:
        first = paragraph.links[0][0]
        last = paragraph.links[-1][0]
        # A teaser opens with the linked title of another film or ends with "mehr ..." or a
        # link to elsewhere ("... finden Sie in unserem Archiv.").
        if (first and text.startswith(first)) or selectors.MORE_LINK.match(last or ""):
            return JUNK
        if last and text.rstrip(" .!?…:").endswith(last):
            return JUNK
        # (where the links stand matters only when together they make half the text)
        linked = sum(len(link) for link, _ in paragraph.links)
        if linked * 2 > len(text) and _link_text_outside_parentheses(paragraph) * 2 > len(text):
            return JUNK
    if not text.endswith(SENTENCE_END) and (
        text.count(" ") < 12
        or len(selectors.FACT_SEPARATOR.findall(text)) >= 2
        or _few_lowercase(text)
    ):
        return LOOSE
    return TEXT


def classify(blocks: list[Block], soft_breaks: bool | None) -> list[Item]:
    """The paragraphs of the blocks, each with its kind."""
    items: list[Item] = []
    for block in blocks:
        if block.heading:
            text = collapse(block.text)
            if text:
                link_text = sum(len(link) for link, _ in block.links)
                if selectors.TEASER_HEADING.match(text):
                    kind = TEASER
                elif not block.boiler and selectors.DATE_LINE.match(text):
                    kind = MARKER  # a blog's date over its post
                elif link_text * 2 >= len(text) or selectors.NUMBERED.match(text):
                    kind = TITLE  # of another film, in a list: "3. Der Schacht"
                else:
                    kind = HEADING
                items.append(Item(kind, Paragraph(text), level=block.heading, boiler=block.boiler))
            continue
        if len(block.links) == 1 and "\n" not in block.text:
            # A link alone (navigation, a title): nothing more to look at.
            text = block.links[0][0]
            if block.text.strip() == text:
                items.append(Item(JUNK, Paragraph(text, block.links), True, boiler=block.boiler))
                continue
        texts = paragraphs(block.text, soft_breaks)
        # A block that ends in "mehr ..." is a teaser, one under an ad's label an ad, whatever
        # its text says.
        teaser = any(len(text) < 20 and selectors.MORE_LINK.match(text) for text in texts) or (
            len(texts) > 1 and selectors.AD_LABEL.match(texts[0]) is not None
        )
        owned = _owned_links(block, texts) if block.links else None
        for number, text in enumerate(texts):
            before = items[-1].paragraph.text if items else ""
            if (
                len(text) < 80
                and before.endswith(":")
                and selectors.MARKER_LABEL.match(before)
                and is_marker(labelled := f"{before} {text}")
            ):
                items[-1] = Item(MARKER, Paragraph(labelled))
                continue
            links = owned[number] if owned else []
            paragraph = Paragraph(text, links)
            short = len(text) < 200
            if short and is_marker(text):
                kind = MARKER
            elif short and _is_section_label(text):
                items.append(Item(HEADING, paragraph, level=SECTION_LINE))
                continue
            elif len(text) < 120 and selectors.TEASER_HEADING.match(text):
                kind = TEASER
            elif _is_fact_value(items):
                kind = FACTS
            elif (
                block.boiler
                or teaser
                or (before.endswith(",") and selectors.SALUTATION.match(before))
            ):
                kind = JUNK
            else:
                kind = _text_kind(paragraph)
            link_only = bool(links) and sum(len(link) for link, _ in links) * 5 >= len(text) * 4
            items.append(Item(kind, paragraph, link_only, boiler=block.boiler))
    return items


def _owned_links(block: Block, texts: list[str]) -> list[list[tuple[str, int]]]:
    """Each paragraph's links: those whose text it holds; a text that several paragraphs hold
    ("Sean Connery" in a caption under a photo and in the story) is the link of the one where
    the link stands, found by counting that text's places before it."""
    owned: list[list[tuple[str, int]]] = [[] for _ in texts]
    for index, link in enumerate(block.links):
        holders = [number for number, text in enumerate(texts) if link[0] in text]
        if len(holders) > 1 and index < len(block.starts) and link[0]:
            holders = _holder(link[0], block.text[: block.starts[index]], texts) or holders
        for number in holders:
            owned[number].append(link)
    return owned


def _holder(name: str, before: str, texts: list[str]) -> list[int]:
    """The paragraph that holds the place of ``name`` after the ones in ``before``."""
    seen = " ".join(before.split()).count(name)
    for number, text in enumerate(texts):
        places = text.count(name)
        if seen < places:
            return [number]
        seen -= places
    return []


def _is_section_label(text: str) -> bool:
    """A line of its own that heads a box or a section: "Kurzinhalt:", "Über Tiberius Film:",
    "Zur Produktion", "Inhalt"; a facts label ("Darsteller:") heads only its value, and a line
    without a colon may be a facts cell or box over the story ("Produktion", "Fakten zum
    Film")."""
    if len(text) > 50:
        return False
    if selectors.SHORT_SYNOPSIS_HEADING.match(text):
        return True
    if selectors.FACT_LABEL.search(text):
        return False
    if text.endswith(":"):
        return selectors.SECTION_STOP.match(text) is not None
    return (
        len(text) <= 40
        and not text.endswith((".", "!", "?"))
        and (
            selectors.SYNOPSIS_HEADING.match(text) is not None
            or (
                selectors.ABOUT_PHRASE.match(text) is not None
                and selectors.SECTION_STOP.match(text) is not None
            )
        )
    )


def _is_fact_value(items: list[Item]) -> bool:
    """Whether the next paragraph is the value of a facts label in the cell before it
    ("Buch:" | "Andrew Birkin, Gérard Brach (nach dem Roman von Umberto Eco)")."""
    if not items:
        return False
    label = items[-1].paragraph.text
    return len(label) <= 30 and label.endswith(":") and bool(selectors.FACT_LABEL.match(label))
