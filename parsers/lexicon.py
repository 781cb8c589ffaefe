"""Word lists for telling names from German nouns, loaded once, on first use.

``data/lexicon.marisa`` is built by ``scripts/build_lexicon.py`` from german-nouns
(Wiktionary), gender-guesser and HanTa: a MARISA trie of every word as its section's letter and
the word ("Nnachbar"), mapped from the file rather than read into sets, which took a fresh
``moviemaster parse`` of one page 80 ms. Its sections, all lower case:

- ``N`` common nouns and their inflected forms, without the compounds that
  :func:`is_common_noun` derives from shorter entries ("Kindheitsfreund" = "Kindheit-s-Freund")
- ``J`` nouns declined like adjectives ("Fremder", "Verdächtige"): they name persons
- ``W`` feminine nouns for persons ("Nachbarin"), ``M`` the nouns they are formed from
  ("Nachbar"), with their inflected forms
- ``F`` first names, ``S`` surnames, ``P`` places and other proper names
- ``E`` words running text uses mostly as names ("Rose"), ``C`` frequent nouns ("Frau")
- ``D`` articles, possessives and numerals, ``A`` adjectives, ``O`` other closed-class words
  (adverbs, conjunctions, prepositions, pronouns), ``V`` verb forms
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Container
from functools import cache, lru_cache
from pathlib import Path

import marisa_trie

# Next to this module (importlib.resources would cost a third of a second to import).
_LEXICON = Path(__file__).parent / "data" / "lexicon.marisa"
# A compound's last part (its head) and first part (its modifier) are at least this long.
MIN_HEAD, MIN_MODIFIER = 4, 4
# Linking elements between the parts of a German compound: "Kindheit-s-freund".
_LINKS = ("s", "es", "n", "en", "e", "er", "ens")


def derives_noun(
    word: str,
    is_noun: Callable[[str], bool],
    nouns: Container[str],
    adjectives: Container[str],
    frequent: Container[str],
) -> bool:
    """Whether ``word`` is a compound noun: a noun head after a noun (or adjective) modifier.

    Shared with scripts/build_lexicon.py, which leaves out of the file exactly the compounds
    this derives, so the rule and the file must change together. The modifier must be a noun
    itself (or an adjective before a frequent noun: "Kleinkriminelle"), which keeps foreign
    names out ("Shosanna" does not end in the noun "Anna").
    """
    for i in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
        head = word[i:]
        if not is_noun(head):
            continue
        modifier = word[:i]
        if modifier in nouns or any(
            modifier.endswith(link) and modifier[: -len(link)] in nouns for link in _LINKS
        ):
            return True
        if modifier in adjectives and head in frequent:
            return True
    return False


@cache
def _trie() -> marisa_trie.Trie:
    trie = marisa_trie.Trie()
    trie.mmap(str(_LEXICON))
    # The parser's first use: what its imports made (modules, validators, patterns) lives as
    # long as the process. Frozen, no collection walks it again, nor the one at exit (which
    # cost a fresh `moviemaster parse` of one page 40 ms).
    gc.freeze()
    return trie


def _listed(section: str, word: str) -> bool:
    """Whether the section lists the word as it is (no case folding)."""
    try:
        return section + word in _trie()
    except UnicodeEncodeError:  # a stray surrogate in a text given as str: no word has one
        return False


class _Section:
    """One section as a container of words, for :func:`derives_noun`."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and _listed(self.key, word)


_NOUNS, _ADJECTIVES, _FREQUENT = _Section("N"), _Section("A"), _Section("C")


# A lookup in the trie costs a microsecond, ten times one in a set: the answers are kept (the
# words of running text repeat).
@lru_cache(maxsize=65536)
def _in(section: str, word: str) -> bool:
    return _listed(section, word.lower())


def _hyphen_head(word: str) -> str | None:
    """The last part of "Stripper-Freundin"; None when the word has no such part."""
    modifier, _, head = word.rpartition("-")
    return head if len(modifier) >= 2 and len(head) >= 3 else None


@lru_cache(maxsize=65536)
def _noun(word: str) -> bool:
    if _listed("N", word):
        return True
    if (head := _hyphen_head(word)) is not None:
        return _noun(head)
    return derives_noun(word, _noun, _NOUNS, _ADJECTIVES, _FREQUENT)


def is_listed_noun(word: str) -> bool:
    """A noun form the lexicon lists as it is, not derived as a compound."""
    return _in("N", word)


def is_common_noun(word: str) -> bool:
    """A German common noun (or an inflected form), compounds and hyphenated ones included.

    Beyond the compounds the file leaves out, a long noun modifier may end in a short noun:
    "Immobilienhai".
    """
    word = word.lower()
    if _noun(word):
        return True
    return any(_listed("N", word[:i]) and _listed("N", word[i:]) for i in range(5, len(word) - 2))


@lru_cache(maxsize=65536)
def heads(word: str) -> tuple[str, ...]:
    """The word and the noun heads it ends in, longest first ("polizeichef", "chef")."""
    word = word.lower()
    if (head := _hyphen_head(word)) is not None:
        return (word, *heads(head))
    # Any modifier of two letters or more: "Hofkomponist" ends in "Komponist".
    return (word, *(word[i:] for i in range(2, len(word) - MIN_HEAD + 1) if _noun(word[i:])))


def is_frequent_noun(word: str) -> bool:
    """A noun of everyday German text ("Frau", "Tod"), or a compound ending in one."""
    return any(_listed("C", head) for head in heads(word))


@lru_cache(maxsize=65536)
def is_first_name(word: str) -> bool:
    """A first name, hyphenated ones ("Jean-Luc", "Karl-Friedrich") included."""
    if _in("F", word):
        return True
    parts = word.split("-")
    return len(parts) > 1 and all(part and _in("F", part) for part in parts)


def is_adjectival_noun(word: str) -> bool:
    return _in("J", word)


def is_feminine_person(word: str) -> bool:
    """A feminine noun for a person, or a form of one ("Nachbarin", "Ärztinnen")."""
    return _in("W", word)


def is_masculine_person(word: str) -> bool:
    """A noun with a feminine form for persons ("Nachbar", "Koch"); many surnames are too."""
    return _in("M", word)


def is_surname(word: str) -> bool:
    return _in("S", word)


def is_mostly_name(word: str) -> bool:
    """A word that running German text uses more often as a name than as a noun ("Rose")."""
    return _in("E", word)


def is_place(words: str) -> bool:
    return _in("P", words)


# Possessives, which the tagger's lexicon may file as verbs ("sein") or pronouns ("ihr").
_POSSESSIVE = re.compile(r"(?:mein|dein|sein|ihr|unser|euer|eur)(?:e[mnrs]?)?")


def is_determiner(word: str) -> bool:
    """Articles, possessives, demonstratives, quantifiers and numerals."""
    return _in("D", word) or _POSSESSIVE.fullmatch(word.lower()) is not None


def is_adjective(word: str) -> bool:
    return _in("A", word)


def is_function_word(word: str) -> bool:
    """Adverbs, conjunctions, prepositions, pronouns and particles."""
    return _in("O", word)


def is_verb(word: str) -> bool:
    return _in("V", word)
