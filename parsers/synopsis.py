"""Find the synopsis, the film's heading, the author and the update date among a page's blocks.

The page signs itself: where it has author or update lines, the text block above them is the
synopsis (parsers.anchored). Where it has none (a copy from elsewhere, a text without the
byline), the synopsis is found by content and position: headings, teaser headings and bylines
cut the paragraphs into runs, and the run with the most story text (prose, not navigation,
facts, teasers or ads) is the synopsis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from parsers import selectors
from parsers.anchored import agency_lead, from_byline
from parsers.byline import author, updated
from parsers.kinds import (
    FACTS,
    HEADING,
    JUNK,
    LOOSE,
    MARKER,
    SENTENCE_END,
    TEASER,
    TEXT,
    TITLE,
    Item,
    Paragraph,
    classify,
)
from parsers.text import SECTION_LINE, Block, is_facts_row

# What the search by content passes over: it counts story prose only.
_NO_TEXT = (JUNK, LOOSE, FACTS)
# Story text shorter than this over the whole run is a teaser or a caption, not a synopsis.
MIN_SYNOPSIS_CHARS = 120


@dataclass(slots=True)
class Layout:
    synopsis: list[Paragraph]
    heading: str | None
    author: str | None
    updated: str | None  # ISO date as the page gives it; the record validates it
    has_marker: bool


class NoSynopsis(ValueError):
    """The page has no film synopsis; the message says why."""


def _runs(items: list[Item]) -> list[tuple[int, int]]:
    """(start, end) index ranges of the items between two boundaries; a box of navigation,
    ads or links (an aside set between two paragraphs) is passed over, not one."""
    runs = []
    start = 0
    for index, item in enumerate(items):
        if item.kind in (HEADING, TEASER, TITLE, MARKER) and not item.boiler:
            runs.append((start, index))
            start = index + 1
    runs.append((start, len(items)))
    return [run for run in runs if run[1] > run[0]]


def _tidy(synopsis: list[Paragraph]) -> list[Paragraph]:
    """Join paragraphs an ad or a page break cut inside a sentence; drop a short teaser
    before the synopsis ("Kurzinhalt: …") and a label in front of it ("Inhalt: ")."""
    tidy: list[Paragraph] = []
    for paragraph in synopsis:
        if tidy and not tidy[-1].text.endswith(SENTENCE_END) and paragraph.text[:1].islower():
            tidy[-1] = Paragraph(
                f"{tidy[-1].text} {paragraph.text}", tidy[-1].links + paragraph.links
            )
        else:
            tidy.append(paragraph)
    if len(tidy) > 1 and selectors.SHORT_SYNOPSIS.match(tidy[0].text):
        tidy = tidy[1:]
    # A label starts the synopsis where it stands: what comes before it is about the film.
    labelled = [
        i for i, paragraph in enumerate(tidy) if selectors.SYNOPSIS_LABEL.match(paragraph.text)
    ]
    if labelled:
        tidy = tidy[labelled[-1] :]
    if label := selectors.SYNOPSIS_LABEL.match(tidy[0].text):
        tidy[0] = Paragraph(tidy[0].text[label.end() :], tidy[0].links)
    return tidy


def _prose_count(items: list[Item], run: tuple[int, int]) -> int:
    return sum(1 for item in items[run[0] : run[1]] if item.kind == TEXT)


def _prose(items: list[Item], run: tuple[int, int]) -> list[Paragraph]:
    return [item.paragraph for item in items[run[0] : run[1]] if item.kind == TEXT]


def _titled(items: list[Item], index: int) -> bool:
    """Whether the story text at ``index`` has a title of its own, as the entries of a list,
    a shop or a start page have (a linked or numbered heading, or a link alone on its line,
    maybe with a line between); a synopsis has no such titles between its paragraphs."""
    for before in range(index - 1, max(index - 3, -1), -1):
        item = items[before]
        if item.boiler:
            break  # a box's links title nothing after it
        if item.kind == TITLE or (item.link_only and item.kind != TEXT):
            return True
        if item.kind in _NO_TEXT and selectors.REACTION.search(item.paragraph.text):
            return True
        if item.kind not in _NO_TEXT:
            break
    # A reader's comment has its reactions under it: "1 Std. Gefällt mir Antworten".
    for after in range(index + 1, min(index + 3, len(items))):
        item = items[after]
        if item.kind in _NO_TEXT and selectors.REACTION.search(item.paragraph.text):
            return True
        if item.kind not in _NO_TEXT:
            break
    return False


def _score(items: list[Item], run: tuple[int, int]) -> int:
    """Characters of story text in a run; none for entries of a list, or for a section after
    a heading like "Kritik" or "Trivia" (the synopsis comes before those)."""
    start, end = run
    above = items[start - 1] if start > 0 else None
    if (
        above
        and above.kind == HEADING
        and above.level != 1  # (the page's own heading is the film's title: "Das Interview")
        and selectors.SECTION_STOP.match(above.paragraph.text)
    ):
        return 0
    prose = titled = paragraphs = 0
    for index in range(start, end):
        if items[index].kind == TEXT:
            paragraphs += 1
            prose += len(items[index].paragraph.text)
            titled += _titled(items, index)
    return 0 if paragraphs and titled * 2 >= paragraphs else prose


def _extend(items: list[Item], runs: list[tuple[int, int]], best: int) -> list[tuple[int, int]]:
    """The best run and its neighbours across sub-headings of the story ("Die Vorgeschichte"),
    not across headings of other sections ("Kritik", "Trivia") or teasers."""
    chosen = [runs[best]]
    for step in (-1, 1):
        index = best
        while 0 <= index + step < len(runs):
            near, far = runs[index], runs[index + step]
            between = items[min(near[1], far[1]) : max(near[0], far[0])]
            # A section's own heading ("Inhalt", "Kritik") starts or ends the story.
            if not between or any(
                item.kind != HEADING
                or selectors.SECTION_STOP.match(item.paragraph.text)
                or selectors.SECTION_HEADING.match(item.paragraph.text)
                or selectors.SHORT_SYNOPSIS_HEADING.match(item.paragraph.text)
                for item in between
            ):
                break
            if _score(items, far) < MIN_SYNOPSIS_CHARS:
                break
            chosen.append(far)
            index += step
    return sorted(chosen)


def _heading(items: list[Item], start: int, *, nearest: bool = True) -> str | None:
    """The film's heading: the nearest <h1> above the synopsis that names something, else the
    nearest other heading (with ``nearest=False``: the first of the page)."""
    above = [
        item
        for item in (reversed(items[:start]) if nearest else items[:start])
        if item.kind == HEADING
        and item.level != SECTION_LINE
        and not item.boiler
        and not selectors.SECTION_HEADING.match(item.paragraph.text)
    ]
    top = next((item for item in above if item.level == 1), above[0] if above else None)
    return top.paragraph.text if top is not None else None


def _check_kind(items: list[Item], chosen: list[int], end: int, heading: str | None) -> None:
    """Raise NoSynopsis when the story-like text (up to ``end``) belongs to a page of another
    kind: a list, news, a discussion, reviews, a person's page."""
    start = chosen[0]
    # (the page's first heading is mostly the film's own: each text is looked at once; a
    # heading over a film's credits is that film's title, whatever words it holds: "Premiere
    # (1943)", "Der Newsletter")
    for text in dict.fromkeys((heading, _heading(items, len(items), nearest=False))):
        if (
            text is not None
            and selectors.NOT_A_FILM_HEADING.search(text)
            and not any(selectors.FILM_CREDITS.search(i.paragraph.text) for i in items[:start])
        ):
            raise NoSynopsis(f"a page of another kind (heading {text!r})")
    over = next(
        (item for item in reversed(items[:start]) if item.kind == HEADING and not item.boiler),
        None,
    )
    if over is not None and selectors.DISCUSSION_HEADING.match(over.paragraph.text):
        raise NoSynopsis(f"talk about a film (heading {over.paragraph.text!r})")
    if any(
        item.kind in _NO_TEXT and selectors.REACTION.search(item.paragraph.text)
        for item in items[start:end]
    ):
        raise NoSynopsis("a discussion: readers' posts between the paragraphs")
    # (an entry has its year in parentheses: a first look in C passes over the others)
    texts = (item.paragraph.text for item in items)
    if sum(1 for text in texts if "(" in text and selectors.FILM_ENTRY.match(text)) >= 3:
        raise NoSynopsis("a list of films, each with its title and year")
    entries = [i for i, item in enumerate(items) if item.kind == TEXT and _titled(items, i)]
    if len(entries) >= 3 and (
        len(entries) > len(chosen) or 2 * len(set(entries).intersection(chosen)) >= len(chosen)
    ):
        raise NoSynopsis(f"a list of {len(entries)} entries, not a film page")
    following = items[chosen[-1] + 1 :]
    signed = next((i for i, item in enumerate(following) if item.kind == MARKER), None)
    if signed is not None and sum(item.kind == TITLE for item in following[:signed]) >= 3:
        raise NoSynopsis("a list: titled entries between the text and its byline")
    # (a link alone, "Biografie" in a menu of genres, names no section of this page)
    if any(
        selectors.PERSON_PAGE.match(item.paragraph.text)
        for item in items
        if item.kind != TEXT and not item.link_only
    ):
        raise NoSynopsis("a page about a person (biography/filmography)")


def _mark_lists(items: list[Item]) -> None:
    """Three or more films' title lines or facts rows ("D 2023 · 112 Min. · FSK 6") make a
    list of films: each heads an entry."""
    titles = [
        item
        for item in items
        if (
            item.paragraph.text.endswith(")")
            and selectors.FILM_TITLE_LINE.match(item.paragraph.text)
        )
        or is_facts_row(item.paragraph.text)
    ]
    if len(titles) >= 3:
        for item in titles:
            item.kind = TITLE


def _by_content(items: list[Item]) -> list[int]:
    """The story paragraphs of the run with the most story text, and its neighbours."""
    runs = _runs(items)
    scores = [_score(items, run) for run in runs]
    if not runs or max(scores) < MIN_SYNOPSIS_CHARS:
        raise NoSynopsis("no synopsis (no run of story paragraphs)")
    story = _extend(items, runs, scores.index(max(scores)))
    chosen = [index for run in story for index in range(*run) if items[index].kind == TEXT]
    lead = agency_lead(items, story[0][0] - 1) if story[0][0] > 0 else None
    return chosen if lead is None else [lead, *chosen]


def find_layout(
    blocks: list[Block],
    *,
    soft_breaks: bool | None = None,
    page_title: Callable[[], str | None] = lambda: None,
) -> Layout:
    """The synopsis and its marks among the blocks; ``soft_breaks`` says whether single line
    breaks fall inside paragraphs, None: decide for each block. ``page_title`` gives the
    film's name from the HTML <title> (read only when needed), which names the film when a
    line above the story repeats it and no <h1> does (a CMS that styles its heading as a
    table cell)."""
    items = classify(blocks, soft_breaks)
    _mark_lists(items)
    found = from_byline(items)
    if found is not None:
        return _layout(items, found.chosen, found.byline, page_title)
    chosen = _by_content(items)
    return _layout(items, chosen, chosen[-1] + 1, page_title)


def find_signed(
    blocks: list[Block], *, page_title: Callable[[], str | None] = lambda: None
) -> Layout | None:
    """The synopsis above the site's byline, in the blocks of the element that holds both;
    None when the text does not begin inside them (or there is none)."""
    items = classify(blocks, None)
    _mark_lists(items)
    found = from_byline(items)
    if found is None or not found.closed:
        return None
    return _layout(items, found.chosen, found.byline, page_title)


def _layout(
    items: list[Item], chosen: list[int], end: int, page_title: Callable[[], str | None]
) -> Layout:
    """The layout of the synopsis made of the ``chosen`` items, whose text ends at ``end``."""
    start = chosen[0]
    heading = _heading(items, start)
    _check_kind(items, chosen, end, heading)
    synopsis = _tidy([items[index].paragraph for index in chosen])
    if any(word in paragraph.text for paragraph in synopsis for word in selectors.CONTEST_WORDS):
        raise NoSynopsis("a contest: it gives tickets away")
    # Markers after the synopsis are its own; one before it (a byline) counts too.
    markers = [item.paragraph.text for item in items[end:] if item.kind == MARKER]
    markers += [item.paragraph.text for item in items[:start] if item.kind == MARKER]
    # (over the text, or over its story below an agency's lead)
    titled_story = any(
        item.kind == HEADING and selectors.SYNOPSIS_HEADING.match(item.paragraph.text)
        for item in items[max(start - 1, 0) : chosen[-1]]
    )
    if not markers and not titled_story:
        # No author or date: only a page that is all story text is a film page (a copied
        # synopsis), not a newsletter, a post or a trailer page with a blurb; or one that
        # says "Inhalt" over it (a press release).
        prose = sum(len(item.paragraph.text) for item in items if item.kind == TEXT)
        if len(synopsis) < 2 or sum(len(p.text) for p in synopsis) * 10 < prose * 7:
            raise NoSynopsis("no author or update line, and the page is no synopsis alone")
    if not any(item.kind == HEADING and item.level == 1 for item in items) and (
        (title := page_title()) and any(item.paragraph.text == title for item in items[:start])
    ):
        heading = title
    return Layout(
        synopsis=synopsis,
        heading=heading,
        author=author(markers),
        updated=updated(markers),
        has_marker=bool(markers),
    )
