"""What changed between two stored versions of a film, as part names and as a readable diff.

Pure functions over ``Snapshot``s: the writer names the parts that changed when it keeps a
version, ``moviemaster history`` prints the diff.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from schemas import Film

__all__ = ["PARTS", "Snapshot", "changed_parts", "diff_lines"]

# The parts of a stored film that a version names as changed, in the order a diff shows them.
PARTS = ("title", "paragraphs", "cast", "author", "date", "url", "gone")
# Words kept on each side of a change inside a paragraph; longer unchanged runs are elided.
_CONTEXT = 6


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A film as stored at one time: its record and, when its page was gone, since which crawl."""

    title: str | None
    url: str | None
    synopsis: tuple[str, ...]
    # (character, actor): an actor's link is the person's, one for all films (people.url), so
    # no film's version of it is kept.
    cast: tuple[tuple[str, str], ...]
    author: str | None
    updated: str | None  # YYYY-MM-DD
    gone_since: int | None = None

    @classmethod
    def of(cls, film: Film) -> Snapshot:
        """The snapshot a write of ``film`` stores: a film just written is not gone."""
        return cls(
            title=film.title,
            url=film.url,
            synopsis=tuple(film.synopsis),
            cast=tuple((role.character, role.actor) for role in film.cast),
            author=film.author,
            updated=film.updated.isoformat() if film.updated else None,
        )


def changed_parts(old: Snapshot, new: Snapshot) -> list[str]:
    """The names of the parts that differ, in ``PARTS`` order; empty when none does."""
    differs = {
        "title": old.title != new.title,
        "paragraphs": old.synopsis != new.synopsis,
        "cast": old.cast != new.cast,
        "author": old.author != new.author,
        "date": old.updated != new.updated,
        "url": old.url != new.url,
        "gone": (old.gone_since is None) != (new.gone_since is None),
    }
    return [part for part in PARTS if differs[part]]


def diff_lines(old: Snapshot, new: Snapshot) -> list[str]:
    """The change from ``old`` to ``new`` for people: one line a changed value, and for the
    paragraphs and the cast a line a changed paragraph or role (``-`` removed, ``+`` added;
    inside a changed paragraph ``[-removed words-]{+added words+}``)."""
    lines: list[str] = []
    for part in changed_parts(old, new):
        if part == "paragraphs":
            lines += ["paragraphs:", *_indented(_paragraph_changes(old.synopsis, new.synopsis))]
        elif part == "cast":
            before, after = [f"{c} ({a})" for c, a in old.cast], [f"{c} ({a})" for c, a in new.cast]
            lines += ["cast:", *_indented(_line_changes(before, after))]
        elif part == "gone":
            if new.gone_since is not None:
                lines.append(f"gone: the page is gone since crawl {new.gone_since}")
            else:
                lines.append(f"gone: the page is back (it was gone since crawl {old.gone_since})")
        else:
            field = {"title": "title", "author": "author", "date": "updated", "url": "url"}[part]
            lines.append(f"{part}: {_value(getattr(old, field))} → {_value(getattr(new, field))}")
    return lines


def _value(value: str | None) -> str:
    return "(none)" if value is None else value


def _indented(lines: list[str]) -> list[str]:
    return [f"  {line}" for line in lines]


def _line_changes(old: Sequence[str], new: Sequence[str]) -> list[str]:
    lines = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op != "equal":
            lines += [f"- {line}" for line in old[i1:i2]] + [f"+ {line}" for line in new[j1:j2]]
    return lines


def _paragraph_changes(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """A line a removed (``- ¶n``), added (``+ ¶n``) or edited (``¶n``) paragraph; ``n`` counts
    from 1, in the old text for removed paragraphs and in the new one otherwise."""
    lines = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        edited = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(edited):
            lines.append(f"¶{j1 + k + 1} {_word_changes(old[i1 + k], new[j1 + k])}")
        lines += [f"- ¶{i + 1} {old[i]}" for i in range(i1 + edited, i2)]
        lines += [f"+ ¶{j + 1} {new[j]}" for j in range(j1 + edited, j2)]
    return lines


def _word_changes(old: str, new: str) -> str:
    """``new`` against ``old`` word by word, long unchanged stretches shortened to ``…``
    (paragraphs hold no runs of whitespace: splitting on spaces loses nothing)."""
    before, after = old.split(" "), new.split(" ")
    pieces = []
    opcodes = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            pieces.append(_elided(before[i1:i2], first=n == 0, last=n == len(opcodes) - 1))
            continue
        if i2 > i1:
            pieces.append(f"[-{' '.join(before[i1:i2])}-]")
        if j2 > j1:
            pieces.append(f"{{+{' '.join(after[j1:j2])}+}}")
    return " ".join(pieces)


def _elided(words: list[str], *, first: bool, last: bool) -> str:
    """An unchanged stretch: only the words next to the changes when that leaves out more than
    a few, else whole."""
    head = [] if first else words[:_CONTEXT]
    tail = [] if last else words[-_CONTEXT:]
    if len(words) - len(head) - len(tail) <= _CONTEXT:
        return " ".join(words)
    return " ".join([*head, "…", *tail])
