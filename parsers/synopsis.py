"""Find the synopsis, the film's heading, the author and the update date among a page's blocks.

The synopsis is found by content and position, not by a CSS class: the page is cut into
paragraphs; headings, teaser headings and the author/update lines cut the paragraphs into
runs; the run with the most story text (prose, not navigation, facts, teasers or ads) is the
synopsis. Author and date come from the marker lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

from parsers import selectors
from parsers.cast import find_pairs
from parsers.text import SECTION_LINE, Block, clean, is_facts_row, paragraphs

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
    kind: str  # "prose", "junk", "heading", "title", "marker", "teaser"
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


def _is_prose(paragraph: Paragraph) -> bool:
    text = paragraph.text
    if len(text) < 20 or text.count(" ") < 3 or selectors.CACHE_BANNER.match(text):
        return False
    if len(text) < 300 and selectors.BOILERPLATE_LINE.search(text):
        return False
    if len(text) < 200 and (
        selectors.FACT_LINE.match(text)
        or len(selectors.FACT_LABEL.findall(text)) >= 2
        or (len(selectors.FACT_SEPARATOR.findall(text)) >= 2 and not text.endswith(_SENTENCE_END))
        or (len(text) < 120 and selectors.FACT_DATA.search(text))
    ):
        return False
    if not text.endswith(_SENTENCE_END):
        if text.count(" ") < 12:
            return False
        # A menu or a list of titles copied as one line: hardly a lowercase word in it.
        words = text.split()
        if sum(word[0].islower() for word in words) * 4 < len(words):
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
    if len(text) >= 200:
        return False
    lower = text.lower()
    if not any(word in lower for word in selectors.MARKER_WORDS):
        return False
    return any(
        pattern.search(text) is not None
        for pattern in (selectors.AUTHOR, selectors.UPDATED, selectors.BYLINE)
    )


def _items(blocks: list[Block], soft_breaks: bool | None) -> list[_Item]:
    items = []
    for block in blocks:
        if block.heading:
            text = clean(block.text)
            if text:
                link_text = sum(len(link) for link, _ in block.links)
                if selectors.TEASER_HEADING.match(text):
                    kind = "teaser"
                elif not block.boiler and selectors.DATE_LINE.match(text):
                    kind = "marker"  # a blog's date over its post
                elif link_text * 2 >= len(text) or selectors.NUMBERED.match(text):
                    kind = "title"  # of another film, in a list: "3. Der Schacht"
                else:
                    kind = "heading"
                items.append(_Item(kind, Paragraph(text), level=block.heading, boiler=block.boiler))
            continue
        if len(block.links) == 1 and "\n" not in block.text:
            # A link alone (navigation, a title): nothing more to look at.
            text = block.links[0][0]
            if block.text.strip() == text:
                items.append(_Item("junk", Paragraph(text, block.links), True))
                continue
        texts = paragraphs(block.text, soft_breaks)
        # A block that ends in "mehr ..." is a teaser, whatever its text says.
        teaser = any(selectors.MORE_LINK.match(text) for text in texts)
        for text in texts:
            if (
                items
                and len(text) < 80
                and selectors.MARKER_LABEL.match(items[-1].paragraph.text)
                and _is_marker(labelled := f"{items[-1].paragraph.text} {text}")
            ):
                items[-1] = _Item("marker", Paragraph(labelled))
                continue
            paragraph = Paragraph(text, [link for link in block.links if link[0] in text])
            if _is_marker(text):
                kind = "marker"
            elif _is_section_label(text):
                items.append(_Item("heading", paragraph, level=SECTION_LINE))
                continue
            elif selectors.TEASER_HEADING.match(text) and len(text) < 120:
                kind = "teaser"
            elif (
                block.boiler
                or teaser
                or selectors.MORE_AT_END.search(text, max(0, len(text) - 20))
                or _is_fact_value(items)
                or (items and selectors.SALUTATION.match(items[-1].paragraph.text))
                or not _is_prose(paragraph)
            ):
                kind = "junk"
            else:
                kind = "prose"
            link_text = sum(len(link) for link, _ in paragraph.links)
            items.append(_Item(kind, paragraph, link_text * 5 >= len(text) * 4))
    return items


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


def _is_announcement(text: str) -> bool:
    """A lead that announces the film ("Hamburg (ots) - Die Tiberius Film bringt am 14. März
    …", "… Ab dem 16. September ist der Film in den Kinos zu sehen."); a lead that tells the
    story names its characters."""
    return (
        selectors.PRESS_LEAD.match(text) is not None or selectors.RELEASE.search(text) is not None
    ) and not find_pairs(text)


def _is_fact_value(items: list[_Item]) -> bool:
    """Whether the next paragraph is the value of a facts label in the cell before it
    ("Buch:" | "Andrew Birkin, Gérard Brach (nach dem Roman von Umberto Eco)")."""
    if not items:
        return False
    label = items[-1].paragraph.text
    return len(label) <= 30 and label.endswith(":") and bool(selectors.FACT_LABEL.match(label))


def _runs(items: list[_Item]) -> list[tuple[int, int]]:
    """(start, end) index ranges of the items between two boundaries."""
    runs = []
    start = 0
    for index, item in enumerate(items):
        if item.kind in ("heading", "teaser", "title", "marker"):
            runs.append((start, index))
            start = index + 1
    runs.append((start, len(items)))
    return [run for run in runs if run[1] > run[0]]


def _tidy(synopsis: list[Paragraph]) -> list[Paragraph]:
    """Join paragraphs an ad or a page break cut inside a sentence; drop a short teaser
    ("Kurzinhalt: …") or a press release's lead before the synopsis and a label ("Inhalt: ")
    in front of it."""
    tidy: list[Paragraph] = []
    for paragraph in synopsis:
        if tidy and not tidy[-1].text.endswith(_SENTENCE_END) and paragraph.text[:1].islower():
            tidy[-1] = Paragraph(
                f"{tidy[-1].text} {paragraph.text}", tidy[-1].links + paragraph.links
            )
        else:
            tidy.append(paragraph)
    if len(tidy) > 1 and (
        selectors.SHORT_SYNOPSIS.match(tidy[0].text) or _is_announcement(tidy[0].text)
    ):
        tidy = tidy[1:]
    if len(tidy) > 1 and (_is_quotation(tidy[-1].text) or selectors.STATEMENT.match(tidy[-1].text)):
        tidy.pop()  # a statement of the director's or a tagline under the story
    if label := selectors.SYNOPSIS_LABEL.match(tidy[0].text):
        tidy[0] = Paragraph(tidy[0].text[label.end() :], tidy[0].links)
    return tidy


def _is_quotation(text: str) -> bool:
    """A paragraph that is one quotation: „Ich wollte einen Film über das Loslassen drehen.“"""
    return (
        text[:1] in '„»"'
        and text[-1:] in '“«"'
        and text.count("„") + text.count("»") + text.count('"') <= 2
    )


def _prose_count(items: list[_Item], run: tuple[int, int]) -> int:
    return sum(1 for item in items[run[0] : run[1]] if item.kind == "prose")


def _prose(items: list[_Item], run: tuple[int, int]) -> list[Paragraph]:
    return [item.paragraph for item in items[run[0] : run[1]] if item.kind == "prose"]


def _titled(items: list[_Item], index: int) -> bool:
    """Whether the story text at ``index`` has a title of its own, as the entries of a list,
    a shop or a start page have (a linked or numbered heading, or a link alone on its line,
    maybe with a line between); a synopsis has no such titles between its paragraphs."""
    for before in range(index - 1, max(index - 3, -1), -1):
        item = items[before]
        if item.kind == "title" or (
            item.link_only and item.kind != "prose" and not _is_ad(items, before)
        ):
            return True
        if item.kind == "junk" and selectors.REACTION.search(item.paragraph.text):
            return True
        if item.kind != "junk":
            break
    # A reader's comment has its reactions under it: "1 Std. Gefällt mir Antworten".
    for after in range(index + 1, min(index + 3, len(items))):
        item = items[after]
        if item.kind == "junk" and selectors.REACTION.search(item.paragraph.text):
            return True
        if item.kind != "junk":
            break
    return False


def _is_ad(items: list[_Item], index: int) -> bool:
    """An ad between paragraphs: a price, or an "Anzeige" label next to it."""
    if selectors.PRICE.search(items[index].paragraph.text):
        return True
    return any(
        selectors.AD_LABEL.match(items[near].paragraph.text)
        for near in (index - 1, index + 1)
        if 0 <= near < len(items)
    )


def _score(items: list[_Item], run: tuple[int, int]) -> int:
    """Characters of story text in a run; none for entries of a list, or for a section after
    a heading like "Kritik" or "Trivia" (the synopsis comes before those)."""
    start, end = run
    above = items[start - 1] if start > 0 else None
    if above and above.kind == "heading" and selectors.SECTION_STOP.match(above.paragraph.text):
        return 0
    prose = titled = paragraphs = 0
    for index in range(start, end):
        if items[index].kind == "prose":
            paragraphs += 1
            prose += len(items[index].paragraph.text)
            titled += _titled(items, index)
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
            # A section's own heading ("Inhalt", "Kritik") starts or ends the story.
            if not between or any(
                item.kind != "heading"
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


def _over_box(
    items: list[_Item], runs: list[tuple[int, int]], story: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The story with its first paragraph when a teaser box stands between that and the rest
    ("Ähnliche Filme" floated after the first paragraph): the run right under the film's
    <h1>, across nothing but the box."""
    index = story[0][0] - 1
    box = False
    while index >= 0 and items[index].kind in ("teaser", "title", "junk"):
        box = box or items[index].kind == "teaser"
        index -= 1
    if not box or index < 0 or items[index].kind != "prose":
        return story
    above = next(run for run in runs if run[0] <= index < run[1])
    heading = items[above[0] - 1] if above[0] > 0 else None
    if heading is None or heading.kind != "heading" or heading.level != 1:
        return story
    if _score(items, above) < MIN_SYNOPSIS_CHARS:
        return story
    return [above, *story]


def _heading(items: list[_Item], start: int, *, nearest: bool = True) -> str | None:
    """The film's heading: the nearest <h1> above the synopsis that names something, else the
    nearest other heading (with ``nearest=False``: the first of the page)."""
    above = [
        item
        for item in (reversed(items[:start]) if nearest else items[:start])
        if item.kind == "heading"
        and item.level != SECTION_LINE
        and not item.boiler
        and not selectors.SECTION_HEADING.match(item.paragraph.text)
        and not selectors.SITE_NAME.fullmatch(item.paragraph.text)
    ]
    top = next((item for item in above if item.level == 1), above[0] if above else None)
    return top.paragraph.text if top is not None else None


def _author(markers: list[str]) -> str | None:
    for text in markers:
        if match := selectors.AUTHOR.search(text) or selectors.BYLINE.search(text):
            return match.group("name").strip(" .,;-")
    return None


def _updated(markers: list[str]) -> str | None:
    """The update date as ISO text; the record's validation judges whether it is a date."""
    labelled = (selectors.UPDATED.search(text) or selectors.BYLINE.search(text) for text in markers)
    # A date alone (a blog's heading over the post) only when no line says what its date is.
    alone = (selectors.DATE_LINE.match(text) for text in markers)
    for match in chain(labelled, alone):
        if match is None:
            continue
        found = match.groupdict()
        if found.get("iso_year"):
            return f"{found['iso_year']}-{found['iso_month']}-{found['iso_day']}"
        if found["year"]:
            year = int(found["year"])
            if year < 100:
                year += 1900 if year >= 96 else 2000
            month = (
                int(found["month"])
                if found["month"]
                else selectors.MONTH_NUMBER[found["month_name"].lower()]
            )
            return f"{year:04d}-{month:02d}-{int(found['day']):02d}"
    return None


def _check_kind(items: list[_Item], story: list[tuple[int, int]], heading: str | None) -> None:
    """Raise NoSynopsis when the story-like text belongs to a page of another kind: a list,
    news, a discussion, reviews, a person's page."""
    start, end = story[0][0], story[-1][1]
    for text in (heading, _heading(items, len(items), nearest=False)):
        if text is not None and selectors.NOT_A_FILM_HEADING.search(text):
            raise NoSynopsis(f"a page of another kind (heading {text!r})")
    over = next(
        (item for item in reversed(items[:start]) if item.kind == "heading" and not item.boiler),
        None,
    )
    if over is not None and selectors.DISCUSSION_HEADING.match(over.paragraph.text):
        raise NoSynopsis(f"talk about a film (heading {over.paragraph.text!r})")
    if any(
        item.kind == "junk" and selectors.REACTION.search(item.paragraph.text)
        for item in items[start:end]
    ):
        raise NoSynopsis("a discussion: readers' posts between the paragraphs")
    if sum(1 for item in items if selectors.FILM_ENTRY.match(item.paragraph.text)) >= 3:
        raise NoSynopsis("a list of films, each with its title and year")
    entries = sum(1 for i, item in enumerate(items) if item.kind == "prose" and _titled(items, i))
    if entries >= 3 and entries > sum(_prose_count(items, run) for run in story):
        raise NoSynopsis(f"a list of {entries} entries, not a film page")
    if any(
        selectors.PERSON_PAGE.match(item.paragraph.text) for item in items if item.kind != "prose"
    ):
        raise NoSynopsis("a page about a person (biography/filmography)")


def find_layout(
    blocks: list[Block], *, soft_breaks: bool | None = None, page_title: str | None = None
) -> Layout:
    """The synopsis and its marks among the blocks; ``soft_breaks`` says whether single line
    breaks fall inside paragraphs, None: decide for each block. ``page_title``, the film's
    name from the HTML <title>, names the film when a line above the story repeats it and no
    <h1> does (a CMS that styles its heading as a table cell)."""
    items = _items(blocks, soft_breaks)
    # Three or more films' title lines or facts rows ("D 2023 · 112 Min. · FSK 6") make a
    # list of films: each heads an entry.
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
            item.kind = "title"
    runs = _runs(items)
    scores = [_score(items, run) for run in runs]
    if not runs or max(scores) < MIN_SYNOPSIS_CHARS:
        raise NoSynopsis("no synopsis (no run of story paragraphs)")
    story = _over_box(items, runs, _extend(items, runs, scores.index(max(scores))))
    best = (story[0][0], story[-1][1])
    heading = _heading(items, best[0])
    _check_kind(items, story, heading)
    synopsis = _tidy([paragraph for run in story for paragraph in _prose(items, run)])
    if any(word in paragraph.text for paragraph in synopsis for word in selectors.CONTEST_WORDS):
        raise NoSynopsis("a contest: it gives tickets away")
    # Markers after the synopsis are its own; one before it (a byline) counts too.
    markers = [item.paragraph.text for item in items[best[1] :] if item.kind == "marker"]
    markers += [item.paragraph.text for item in items[: best[0]] if item.kind == "marker"]
    above = items[best[0] - 1] if best[0] > 0 else None
    titled_story = (
        above is not None
        and above.kind == "heading"
        and selectors.SYNOPSIS_HEADING.match(above.paragraph.text) is not None
    )
    if not markers and not titled_story:
        # No author or date: only a page that is all story text is a film page (a copied
        # synopsis), not a newsletter, a post or a trailer page with a blurb; or one that
        # says "Inhalt" over it (a press release).
        prose = sum(len(item.paragraph.text) for item in items if item.kind == "prose")
        if len(synopsis) < 2 or sum(len(p.text) for p in synopsis) * 10 < prose * 7:
            raise NoSynopsis("no author or update line, and the page is no synopsis alone")
    if (
        page_title
        and not any(item.kind == "heading" and item.level == 1 for item in items)
        and any(item.paragraph.text == page_title for item in items[: best[0]])
    ):
        heading = page_title
    return Layout(
        synopsis=synopsis,
        heading=heading,
        author=_author(markers),
        updated=_updated(markers),
        has_marker=bool(markers),
    )
