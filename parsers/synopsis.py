"""Find the synopsis, the film's heading, the author and the update date among a page's blocks.

The synopsis is found by content and position, not by a CSS class: the page is cut into
paragraphs; headings, teaser headings and the author/update lines cut the paragraphs into
runs; the run with the most story text (prose, not navigation, facts, teasers or ads) is the
synopsis. Author and date come from the marker lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parsers import selectors
from parsers.text import Block, clean, has_soft_breaks, paragraphs

# Story text shorter than this over the whole run is a teaser or a caption, not a synopsis.
MIN_SYNOPSIS_CHARS = 120
_SENTENCE_END = (".", "!", "?", "…", '"', "“", "”", "»", "«")


@dataclass(slots=True)
class Paragraph:
    text: str
    links: list[tuple[str, int]] = field(default_factory=list)  # text, number in the page


@dataclass(slots=True)
class Layout:
    synopsis: list[Paragraph]
    heading: str | None
    author: str | None
    updated: str | None  # ISO date as the page gives it; the record validates it
    has_marker: bool


class NoSynopsis(ValueError):
    """The page has no film synopsis; the message says why."""


@dataclass(slots=True)
class _Item:
    kind: str  # "prose", "junk", "heading", "marker", "teaser"
    paragraph: Paragraph
    link_only: bool = False


def _link_text_outside_parentheses(paragraph: Paragraph) -> int:
    # Actor links stand inside parentheses; links elsewhere mean navigation or teasers.
    text = paragraph.text
    return sum(
        len(link)
        for link, _ in paragraph.links
        if link and (i := text.find(link)) >= 0 and text.rfind("(", 0, i) <= text.rfind(")", 0, i)
    )


def _is_prose(paragraph: Paragraph) -> bool:
    text = paragraph.text
    if len(text) < 20 or text.count(" ") < 3:
        return False
    if len(text) < 300 and selectors.BOILERPLATE_LINE.search(text):
        return False
    if len(text) < 200 and (
        selectors.FACT_LINE.match(text) or len(selectors.FACT_LABEL.findall(text)) >= 2
    ):
        return False
    if not text.endswith(_SENTENCE_END) and text.count(" ") < 12:
        return False
    if paragraph.links:
        first = paragraph.links[0][0]
        last = paragraph.links[-1][0]
        # A teaser opens with the linked title of another film or ends with "mehr ..." or a
        # link to elsewhere ("... finden Sie in unserem Archiv.").
        if (first and text.startswith(first)) or selectors.MORE_LINK.match(last or ""):
            return False
        if last and text.rstrip(" .!?…:").endswith(last):
            return False
        if _link_text_outside_parentheses(paragraph) * 2 > len(text):
            return False
    return True


def _is_marker(text: str) -> bool:
    if len(text) >= 200 or selectors.MARKER_HINT.search(text) is None:
        return False
    return selectors.AUTHOR.search(text) is not None or selectors.UPDATED.search(text) is not None


def _items(blocks: list[Block], soft_breaks: bool | None) -> list[_Item]:
    items = []
    for block in blocks:
        if block.heading:
            text = clean(block.text)
            if text:
                kind = "teaser" if selectors.TEASER_HEADING.match(text) else "heading"
                items.append(_Item(kind, Paragraph(text)))
            continue
        soft = has_soft_breaks(block.text) if soft_breaks is None else soft_breaks
        texts = paragraphs(block.text, soft)
        # A block that ends in "mehr ..." is a teaser, whatever its text says.
        teaser = any(selectors.MORE_LINK.match(text) for text in texts)
        for text in texts:
            paragraph = Paragraph(text, [link for link in block.links if link[0] in text])
            if _is_marker(text):
                kind = "marker"
            elif selectors.TEASER_HEADING.match(text) and len(text) < 60:
                kind = "teaser"
            elif block.boiler or teaser or not _is_prose(paragraph):
                kind = "junk"
            else:
                kind = "prose"
            link_text = sum(len(link) for link, _ in paragraph.links)
            items.append(_Item(kind, paragraph, link_text * 5 >= len(text) * 4))
    return items


def _runs(items: list[_Item]) -> list[tuple[int, int]]:
    """(start, end) index ranges of the items between two boundaries."""
    runs = []
    start = 0
    for index, item in enumerate(items):
        if item.kind in ("heading", "teaser", "marker"):
            runs.append((start, index))
            start = index + 1
    runs.append((start, len(items)))
    return [run for run in runs if run[1] > run[0]]


def _prose(items: list[_Item], run: tuple[int, int]) -> list[Paragraph]:
    return [item.paragraph for item in items[run[0] : run[1]] if item.kind == "prose"]


def _score(items: list[_Item], run: tuple[int, int]) -> int:
    """Characters of story text in a run; none for a list of teasers.

    A listing or start page sets a linked title above every short text; a synopsis has no
    such titles between its paragraphs.
    """
    prose = titled = 0
    previous: _Item | None = None
    for item in items[run[0] : run[1]]:
        if item.kind == "prose":
            prose += len(item.paragraph.text)
            titled += previous is not None and previous.link_only
        previous = item
    paragraphs = sum(1 for item in items[run[0] : run[1]] if item.kind == "prose")
    return 0 if paragraphs and titled * 2 >= paragraphs else prose


def _extend(items: list[_Item], runs: list[tuple[int, int]], best: int) -> list[tuple[int, int]]:
    """The best run and its neighbours across sub-headings of the story ("Die Vorgeschichte"),
    not across headings of other sections ("Kritik", "Trivia") or teasers."""
    chosen = [runs[best]]
    for step in (-1, 1):
        index = best
        while 0 <= index + step < len(runs):
            near, far = runs[index], runs[index + step]
            between = items[min(near[1], far[1]) : max(near[0], far[0])]
            if not between or any(
                item.kind != "heading" or selectors.SECTION_STOP.match(item.paragraph.text)
                for item in between
            ):
                break
            if _score(items, far) < MIN_SYNOPSIS_CHARS:
                break
            chosen.append(far)
            index += step
    return sorted(chosen)


def _heading(items: list[_Item], start: int) -> str | None:
    """The film's heading: the nearest heading above the synopsis that names something."""
    for item in reversed(items[:start]):
        if item.kind == "heading":
            text = item.paragraph.text
            if not (selectors.SECTION_HEADING.match(text) or selectors.SITE_NAME.fullmatch(text)):
                return text
    return None


def _author(markers: list[str]) -> str | None:
    for text in markers:
        if match := selectors.AUTHOR.search(text):
            return match.group("name").strip(" .,;-")
    return None


def _updated(markers: list[str]) -> str | None:
    """The update date as ISO text; the record's validation judges whether it is a date."""
    for text in markers:
        if match := selectors.UPDATED.search(text):
            year = int(match.group("year"))
            if year < 100:
                year += 1900 if year >= 96 else 2000
            month = (
                int(match.group("month"))
                if match.group("month")
                else selectors.MONTH_NUMBER[match.group("month_name").lower()]
            )
            return f"{year:04d}-{month:02d}-{int(match.group('day')):02d}"
    return None


def find_layout(blocks: list[Block], *, soft_breaks: bool | None = None) -> Layout:
    """The synopsis and its marks among the blocks; ``soft_breaks`` says whether single line
    breaks fall inside paragraphs, None: decide for each block."""
    items = _items(blocks, soft_breaks)
    runs = _runs(items)
    scores = [_score(items, run) for run in runs]
    if not runs or max(scores) < MIN_SYNOPSIS_CHARS:
        raise NoSynopsis("no synopsis (no run of story paragraphs)")
    story = _extend(items, runs, scores.index(max(scores)))
    best = (story[0][0], story[-1][1])
    if any(
        selectors.PERSON_PAGE.match(item.paragraph.text) for item in items if item.kind != "prose"
    ):
        raise NoSynopsis("a page about a person (biography/filmography)")
    synopsis = [paragraph for run in story for paragraph in _prose(items, run)]
    # Markers after the synopsis are its own; one before it (a byline) counts too.
    markers = [item.paragraph.text for item in items[best[1] :] if item.kind == "marker"]
    markers += [item.paragraph.text for item in items[: best[0]] if item.kind == "marker"]
    return Layout(
        synopsis=synopsis,
        heading=_heading(items, best[0]),
        author=_author(markers),
        updated=_updated(markers),
        has_marker=bool(markers),
    )
