"""Clean text, and the plain-text form of a film page (what a browser's copy gives)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Soft hyphen, zero-width and bidi marks, BOM, and the controls that can survive decoding.
_INVISIBLE = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
_SPACE = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_PAREN_SPACE = re.compile(r"\(\s+|\s+\)")
_SENTENCE_END = (".", "!", "?", "…", ":", '"', "“", "”", "»", "«", "'", "’")


@dataclass(slots=True)
class Block:
    """A run of text the layout sets apart (a cell, a paragraph, a line group).

    ``text`` keeps line breaks as ``\\n`` and blank lines as ``\\n\\n``; ``links`` are the
    (text, href) pairs of the links inside it, in order.
    """

    text: str
    links: list[tuple[str, str]] = field(default_factory=list)
    heading: int = 0
    boiler: bool = False


def clean(text: str) -> str:
    """Collapse whitespace, drop invisible characters, tighten spaces inside parentheses."""
    text = _INVISIBLE.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    if "(" in text or ")" in text:
        text = _PAREN_SPACE.sub(lambda m: m.group().strip(), text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _continues(line: str, following: str) -> bool:
    """Whether a line break between two lines falls inside a sentence."""
    if line.count("(") > line.count(")"):
        return True
    if following.startswith(")") or line.endswith(("-", ",", ";", "–")):
        return True
    if line.endswith(_SENTENCE_END):
        return False
    first = following[:1]
    return first.islower() or first in ",;)"


def paragraphs(text: str, hard_wrapped: bool = False) -> list[str]:
    """Split block text into paragraphs.

    Blank lines always separate. A single line break separates too (the site puts one
    between paragraphs) unless it falls inside a sentence; in hard-wrapped text (a press
    release copied with its line breaks) a single break never separates.
    """
    result = []
    for chunk in re.split(r"\n[ \t\u00a0]*\n", text):
        lines = [line for line in (clean(part) for part in chunk.split("\n")) if line]
        if not lines:
            continue
        current = lines[0]
        for line in lines[1:]:
            if hard_wrapped or _continues(current, line):
                current = _join(current, line)
            else:
                result.append(current)
                current = line
        result.append(current)
    return result


def _join(left: str, right: str) -> str:
    if left.endswith("(") or right.startswith(")"):
        return left + right
    # "Stunt-\nfahrer" was one word before the wrap; "Mafia-\nParteien" keeps its hyphen.
    if left.endswith("-") and right[:1].islower() and left[-2:-1].isalpha():
        return left[:-1] + right
    return f"{left} {right}"


def is_hard_wrapped(text: str) -> bool:
    """Whether a text breaks its lines at a fixed width, inside sentences.

    A press release copied with its line breaks has many lines of 40 to 100 characters that
    stop mid-sentence; a browser copy of the site has one long line per paragraph (and a
    break after "(" that says nothing about the width).
    """
    wrapped = long = 0
    for line in text.split("\n"):
        line = clean(line)
        if len(line) > 120:
            long += 1
        elif len(line) >= 40 and not line.endswith((*_SENTENCE_END, "(")):
            wrapped += 1
    return wrapped >= 2 and wrapped > long


def text_blocks(text: str) -> list[Block]:
    """The plain-text form: every line group between blank lines is a block."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [Block(chunk) for chunk in re.split(r"\n[ \t\u00a0]*\n", text) if chunk.strip()]
