"""Word lists for telling names from German nouns, loaded once, on first use.

``data/lexicon.txt.gz`` is built by ``scripts/build_lexicon.py`` from german-nouns
(Wiktionary), gender-guesser and HanTa; see there for what each section holds.
"""

from __future__ import annotations

import gzip
from functools import cache, lru_cache
from importlib.resources import files

# A compound is a noun when it ends in one: "Kindheitsfreund" ends in "freund".
# Must match scripts/build_lexicon.py, which leaves such compounds out of the file.
MIN_HEAD, MIN_MODIFIER = 4, 3


@cache
def _sections() -> dict[str, frozenset[str]]:
    data = gzip.decompress((files("parsers") / "data" / "lexicon.txt.gz").read_bytes())
    sections = {}
    for section in data.decode("utf-8").split("#")[1:]:
        key, _, words = section.partition("\n")
        sections[key] = frozenset(words.split("\n"))
    return sections


def _in(section: str, word: str) -> bool:
    return word.lower() in _sections()[section]


@lru_cache(maxsize=65536)
def is_common_noun(word: str) -> bool:
    """A German common noun (or an inflected form), compounds and hyphenated ones included."""
    nouns = _sections()["N"]
    word = word.lower()
    if word in nouns:
        return True
    head = word.rpartition("-")[2]
    if head != word and len(head) >= 2:
        return is_common_noun(head)
    return any(word[i:] in nouns for i in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1))


@lru_cache(maxsize=65536)
def is_first_name(word: str) -> bool:
    """A first name, hyphenated ones ("Jean-Luc", "Karl-Friedrich") included."""
    if _in("F", word):
        return True
    parts = word.split("-")
    return len(parts) > 1 and all(part and _in("F", part) for part in parts)


def is_surname(word: str) -> bool:
    return _in("S", word)


@lru_cache(maxsize=65536)
def is_frequent_noun(word: str) -> bool:
    """A noun of everyday German text ("Frau", "Polizist"), or a compound ending in one."""
    frequent = _sections()["C"]
    word = word.lower()
    if word in frequent:
        return True
    head = word.rpartition("-")[2]
    if head != word and len(head) >= 2:
        return is_frequent_noun(head)
    return any(word[i:] in frequent for i in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1))


def is_mostly_name(word: str) -> bool:
    """A word that running German text uses more often as a name than as a noun ("Rose")."""
    return _in("E", word)


def is_place(words: str) -> bool:
    return _in("P", words)


def is_determiner(word: str) -> bool:
    """Articles, possessives, demonstratives, quantifiers and numerals."""
    return _in("D", word)


def is_adjective(word: str) -> bool:
    return _in("A", word)


def is_function_word(word: str) -> bool:
    """A word that is neither noun, name, determiner nor adjective (adverbs, verbs, ...)."""
    return _in("O", word)
