"""A synopsis as a reader sees it: the pairs' names marked in its paragraphs, its first sentence.

Pure functions over text the database already holds: the parser found the pairs, this module
only finds them again in the paragraphs so that the page can link them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal, NamedTuple

from sentence_splitter import SentenceSplitter

from scraper.writer import SYNOPSIS_SEPARATOR

__all__ = ["Piece", "first_sentence", "mark_pairs"]

_PARENTHESIS = re.compile(r"\(([^()]*)\)")
# A dateline ("Sommer 1933.", "Wien, 1955.") says little alone: the sentence after it joins it.
_SHORT_SENTENCE = 40
# Splitting reads only the start of the first paragraph; the table shows at most this much.
_MAX_CHARS = 300


Kind = Literal["character", "actor"]


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a paragraph's text; ``role`` (an index into the cast) marks a pair's name."""

    text: str
    role: int | None = None
    kind: Kind | None = None


def mark_pairs(paragraphs: Sequence[str], cast: Sequence[tuple[str, str]]) -> list[list[Piece]]:
    """Cut each paragraph into pieces, marking each (character, actor) pair of ``cast`` where
    the text names it: the actor inside a parenthesis, the character before it.

    The cast is in the order of the text. Several actors may share a parenthesis (``Mia und
    Sebastian (Emma Stone, Ryan Gosling)``); a character may stand in the genitive (``Lisas``).
    A pair that cannot be found again is left unmarked rather than guessed at.
    """
    marks: list[list[_Mark]] = [[] for _ in paragraphs]
    paragraph, cursor = 0, 0
    for role, (character, actor) in enumerate(cast):
        found = _find_pair(paragraphs, paragraph, cursor, character, actor)
        if found is None:
            continue
        paragraph, cursor, pair = found  # the next pair may share this parenthesis
        for mark in pair:
            if not any(
                mark.start < other.end and other.start < mark.end for other in marks[paragraph]
            ):
                marks[paragraph].append(mark._replace(role=role))
    return [_pieces(text, sorted(own)) for text, own in zip(paragraphs, marks, strict=True)]


class _Mark(NamedTuple):
    start: int
    end: int
    kind: Kind
    role: int = -1


def _find_pair(
    paragraphs: Sequence[str], paragraph: int, cursor: int, character: str, actor: str
) -> tuple[int, int, list[_Mark]] | None:
    """(paragraph, parenthesis start, marks) of the first parenthesis from ``cursor`` on that
    names ``actor``: the actor's mark, and the character's where the words before it name it."""
    name = re.compile(rf"(?<!\w){re.escape(character)}(?:s|'s|’s|')?(?!\w)")
    for number in range(paragraph, len(paragraphs)):
        text = paragraphs[number]
        for match in _PARENTHESIS.finditer(text, cursor if number == paragraph else 0):
            at = match.group(1).find(actor)
            if at < 0:
                continue
            start = match.start(1) + at
            marks = [_Mark(start, start + len(actor), "actor")]
            # The character stands among the words since the parenthesis before this one.
            names = list(name.finditer(text, text.rfind(")", 0, match.start()) + 1, match.start()))
            if names:
                marks.append(_Mark(names[-1].start(), names[-1].end(), "character"))
            return number, match.start(), marks
    return None


def _pieces(text: str, marks: list[_Mark]) -> list[Piece]:
    pieces, at = [], 0
    for mark in marks:
        if mark.start > at:
            pieces.append(Piece(text[at : mark.start]))
        pieces.append(Piece(text[mark.start : mark.end], mark.role, mark.kind))
        at = mark.end
    if at < len(text):
        pieces.append(Piece(text[at:]))
    return pieces


@cache
def _splitter() -> SentenceSplitter:
    return SentenceSplitter(language="de")


def first_sentence(synopsis: str) -> str:
    """The first sentence of a synopsis (with the next when the first is a short dateline), cut
    at a word with "…" when longer than the table should show."""
    return _first_sentence(synopsis.split(SYNOPSIS_SEPARATOR, 1)[0][: _MAX_CHARS * 2])


# A table page shows up to 100 films, and is sorted, faceted and paged again and again.
@lru_cache(maxsize=4096)
def _first_sentence(start: str) -> str:
    sentences = _splitter().split(start) or [start]
    shown = sentences[0]
    if len(shown) < _SHORT_SENTENCE and len(sentences) > 1:
        shown = f"{shown} {sentences[1]}"
    if len(shown) > _MAX_CHARS:
        shown = shown[:_MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return shown
