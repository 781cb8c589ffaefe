"""Character (Actor) pairs in synopsis text: ``seiner Nachbarin Irene (Carey Mulligan)``.

For every parenthesis the extractor asks two questions. Is everything inside it a list of
people's names? (Not a year, a credit, an agency mark, a place, a title or an aside.) And do
the words right before it end in a name? German capitalises every noun, so it walks back from
the parenthesis over name-like words and stops at the first article, verb, punctuation mark or
common noun ("Nachbarin", "Polizeichef"), keeping titles (``Dr.``, ``Graf``), particles
(``van der``) and quoted nicknames. A common noun right before the parenthesis after an article
("seine Frau (…)") is a role without a name: no pair. docs/CONVENTIONS.md has the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers import lexicon

_PARENTHESIS = re.compile(r"\(([^()]*)\)")
_ACTOR_SEPARATOR = re.compile(r"\s*(?:,|;|/|&|\bund\b|\bsowie\b)\s*")
# Inside the parentheses of cast: names only, no colons, quotes, digits or sentences.
_NOT_NAMES = re.compile(r"[:=„“”\"»«‚‘?!…+*§%@#\d]|\.\.")
_INITIALS = re.compile(r"(?:[A-ZÀ-ÖØ-Þ]\.-?)+\Z")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*\Z")
# "d'Artagnan", "l'Oréal" start with a particle glued to the name.
_GLUED_PARTICLE = re.compile(r"(?:[dl]|dell)['’][^\W\d_]")
_QUOTES_OPEN = "„“\"»«‚‘'"
_QUOTES_CLOSE = "“”\"«»‘’'"
_CLAUSE_END = (",", ";", ":", "!", "?", "–", "—", "-", "…", "/", ")")
_SENTENCE_END = (".", "!", "?", ":", "–", "—", "-", "…")
_TOKEN = re.compile(r"\S+")
_CUT = "\x00"  # stands for the word a text window cut in two
# Surname prefixes: walking back over them is only right when a name word stands before.
_PARTICLES = frozenset(
    "van von de del della dei di da das dos du des la le les lo ten ter te zu y e bin ibn al el "
    "af av mac st.".split()
)
# German prepositions and articles that are particles only inside a name ("von der Leyen").
_AMBIGUOUS_PARTICLES = frozenset("von zu der den dem des das y e".split())
_PARTICLE_ARTICLES = ("der", "den", "dem", "des")
_ARTICLE_TAKERS = ("van", "von", "ter", "de")
_SUFFIXES = frozenset("jr sr ii iii iv".split())
# Titles that belong to the name and are kept (docs/CONVENTIONS.md, rule 2).
_TITLES = frozenset(
    "dr. dr prof. prof mr. mrs. ms. mme. mlle. sir lady lord dame miss mister madame monsieur "
    "mademoiselle don doña señor señora professor professorin doktor graf gräfin baron baronin "
    "freiherr freifrau fürst fürstin prinz prinzessin könig königin herzog herzogin kaiser "
    "kaiserin zar zarin".split()
)
# Ranks, jobs and relations the German lexicon does not know as nouns, and a few it also
# knows as first names.
_ROLE_WORDS = frozenset(
    "captain detective lieutenant officer deputy colonel inspector chief commander constable "
    "sergeant marshal private agent doctor judge uncle aunt father mother brother sister nurse "
    "coach general major nanny".split()
)
# Endings of German nouns of persons and abstracts that no first or last name has.
_NOUN_ENDING = re.compile(r"(?:erin|istin|eurin|ung|heit|keit|schaft|ismus|tion|ität)\Z")
# Endings of nouns for persons ("Rechtsmedizinerin", "Häftling", "Pianist").
_NEUTER = frozenset("das dieses jenes jedes welches manches".split())
_PERSON_ENDING = re.compile(r"(?:in|innen|ling|linge|ist|isten|eur|eure|euse|ant|anten)\Z")


@dataclass(frozen=True, slots=True)
class Pair:
    character: str
    actor: str


def _bare(word: str) -> str:
    return word.strip(_QUOTES_OPEN + _QUOTES_CLOSE)


def _is_name_word(word: str) -> bool:
    if _INITIALS.match(word):
        return True
    if not _NAME_WORD.match(word):
        return _GLUED_PARTICLE.match(word) is not None
    return word[0].isupper() and (not word.isupper() or len(word) == 1)


def _is_title_or_initial(word: str) -> bool:
    return word.lower() in _TITLES or _INITIALS.match(word) is not None


def _is_noun(word: str) -> bool:
    """A common noun or a rank, not a name: where a character's name begins."""
    if word.lower() in _ROLE_WORDS:
        return True
    # "Rose", "Mark", "Blanche" are nouns too, but next to a name they are names.
    if lexicon.is_first_name(word):
        return False
    if lexicon.is_common_noun(word):
        return True
    return len(word) >= 7 and _NOUN_ENDING.search(word.lower()) is not None


def _is_role_noun(word: str, before: str) -> bool:
    """A noun that, after ``before`` (an article or adjective), names a role, not a character.

    Frequent nouns ("der Polizeichef") and nouns for persons ("die Rechtsmedizinerin") are
    roles; so is any noun after a neuter article ("das Orakel"), as no one's name is neuter.
    Other rare and foreign nouns are taken for names: "den jungen Mouse" is a character.
    """
    if not _is_noun(word):
        return False
    return (
        word.lower() in _ROLE_WORDS
        or lexicon.is_frequent_noun(word)
        or (len(word) >= 6 and _PERSON_ENDING.search(word.lower()) is not None)
        or _bare(before).lower() in _NEUTER
        or (before[:1].islower() and before.endswith("es") and lexicon.is_adjective(before))
    )


def _is_ordinary_word(word: str) -> bool:
    """A capitalised word at a sentence start that is no name: "Als", "Doch", "Seine"."""
    return (
        lexicon.is_function_word(word)
        or lexicon.is_determiner(word)
        or lexicon.is_adjective(word)
    )


def _is_common_word(word: str) -> bool:
    return (
        _is_noun(word)
        or lexicon.is_place(word)
        or _is_ordinary_word(word)
    )


def _is_person(part: str) -> bool:
    """Whether one entry of a parenthesis is a person's name ("Ryan Gossling")."""
    words = part.split()
    if not words or len(words) > 6:
        return False
    core = []
    for index, word in enumerate(words):
        lower = word.lower()
        if lower in _PARTICLES and 0 < index < len(words) - 1:
            continue
        if lower.rstrip(".") in _SUFFIXES and index == len(words) - 1 and index > 0:
            continue
        if not _is_name_word(word):
            return False
        if not _INITIALS.match(word):
            core.append(word)
    if not core or lexicon.is_place(part):
        return False
    if len(core) > 1 and lexicon.is_first_name(core[0]):
        return True

    def known(word: str) -> bool:
        return lexicon.is_surname(word) or lexicon.is_first_name(word)

    last = core[-1]
    if len(core) == 1:
        return known(last) or not _is_common_word(last)
    # Without a known first name: the surname must be no common word, and no word an
    # article or adjective ("Rote Armee Fraktion", "Deutsche Bank", "New York").
    if not known(last) and _is_common_word(last):
        return False
    return not any(
        not known(word) and (_is_ordinary_word(word) or lexicon.is_place(word))
        for word in core
    )


def actors_in(inner: str) -> list[str] | None:
    """The actors a parenthesis names, or None when it holds anything else."""
    inner = inner.strip()
    if not inner or len(inner) > 150 or _NOT_NAMES.search(inner):
        return None
    parts = _ACTOR_SEPARATOR.split(inner)
    if not all(_is_person(part) for part in parts):
        return None
    return parts


def _sentence_starts_before(words: list[str], index: int) -> bool:
    if index == 0:
        return True
    before = words[index - 1]
    if before.endswith(".") and _is_title_or_initial(before):
        return False
    return before.endswith(_SENTENCE_END) or before in _QUOTES_OPEN


def _is_genitive(word: str, known: frozenset[str]) -> bool:
    """``Lisas``, ``Irenes``, ``Thomas'``: a name in the genitive; ``Klaus`` is none."""
    if word.endswith(("'", "’")) and len(word) > 2:
        return True
    if not word.endswith("s") or len(word) <= 3 or lexicon.is_first_name(word):
        return False
    stem = word[:-1]
    return lexicon.is_first_name(stem) or stem in known


def _makes_role(words: list[str], known: frozenset[str]) -> bool:
    """Whether the words before a noun make it a role: "seine Frau", "Irenes Ehemann".

    A particle is no article: "van der Berg" is a name, "der Berg" a mountain.
    """
    before = words[-1]
    lower = before.lower()
    if lower in _PARTICLES and (
        lower not in _AMBIGUOUS_PARTICLES
        or (len(words) > 1 and words[-2].lower() in _ARTICLE_TAKERS)
    ):
        return False
    bare = _bare(before)
    if not bare or before.endswith(_CLAUSE_END) or before == _CUT:
        return False
    if lexicon.is_determiner(bare) or lexicon.is_adjective(bare):
        return True
    if bare[0].islower():
        return bare.endswith(("e", "en", "er", "es", "em")) and not lexicon.is_function_word(bare)
    return _is_genitive(bare, known)


def _nickname_start(words: list[str], index: int) -> int | None:
    """Where a quoted nickname ending at ``index`` opens (``Jame „Buffalo Bill“ Gumb``)."""
    for start in range(index, max(index - 4, 0), -1):
        if words[start][0] in _QUOTES_OPEN:
            before = words[start - 1]
            if _is_name_word(before) and not _is_noun(before):
                return start
            return None
    return None


def _name_before(words: list[str], known: frozenset[str]) -> tuple[list[str], int] | None:
    """The name the word list ends with, and the index of its first word; None if none."""
    suffix = None
    if len(words) > 1 and words[-1].lower().rstrip(".") in _SUFFIXES:
        # "Robert Downey Jr.", "Elizabeth II.": the suffix follows the name it belongs to.
        suffix, words = words[-1], words[:-1]
    found = _name_words_before(words, known)
    if found is None or suffix is None:
        return found
    return [*found[0], suffix], found[1]


def _name_words_before(words: list[str], known: frozenset[str]) -> tuple[list[str], int] | None:
    last = words[-1]
    if last.endswith(_CLAUSE_END) or (last.endswith(".") and not _is_title_or_initial(last)):
        return None
    direct = _bare(last)
    if not direct or not _is_name_word(direct) or direct.lower() in _TITLES:
        return None
    first = len(words) - 1
    if last[0] in _QUOTES_OPEN:
        return [direct], first
    if _sentence_starts_before(words, first):
        if _is_ordinary_word(direct) and not lexicon.is_first_name(direct):
            return None
        return [direct], first
    if _is_role_noun(direct, words[first - 1]) and _makes_role(words[:first], known):
        return None
    name = [direct]
    pending: list[str] = []
    index = first - 1
    while index >= 0:
        word = words[index]
        lower = word.lower()
        if word[-1] in _QUOTES_CLOSE and word[0] not in _QUOTES_OPEN:
            start = _nickname_start(words, index)
            if start is None:
                break
            name.extend(pending)
            pending = []
            name.extend(reversed(words[start : index + 1]))
            index = start - 1
            continue
        if word.endswith(_CLAUSE_END) or word == _CUT:
            break
        if lower in _PARTICLES:
            if lower in _PARTICLE_ARTICLES and (
                index == 0 or words[index - 1].lower() not in _ARTICLE_TAKERS
            ):
                break
            pending.append(word)
            index -= 1
            continue
        if word.endswith(".") and not _is_title_or_initial(word):
            break
        opens_quote = word[0] in _QUOTES_OPEN
        if opens_quote and word[-1] in _QUOTES_CLOSE and len(word) > 2:
            start = _nickname_start(words, index)
            if start is None:
                break
            name.extend(pending)
            pending = []
            name.append(word)
            index -= 1
            continue
        bare = _bare(word)
        if not bare or not _is_name_word(bare):
            break
        if not _is_title_or_initial(bare) and (
            _is_noun(bare)
            or (_sentence_starts_before(words, index) and _is_ordinary_word(bare))
        ):
            break
        name.extend(pending)
        pending = []
        name.append(bare)
        first = index
        if opens_quote:
            break
        index -= 1
    # Particles at the start stay when they cannot be German words ("van Helsing").
    while pending and pending[-1].lower() not in _AMBIGUOUS_PARTICLES:
        name.append(pending.pop(0))
        first -= 1
    return list(reversed(name)), first


def _characters(words: list[str], count: int, known: frozenset[str]) -> list[str] | None:
    """The character names before a parenthesis; several when ``count`` actors are paired
    with as many names ("Mia und Sebastian (Emma Stone, Ryan Gosling)")."""
    found = _name_before(words, known)
    if found is None:
        return None
    names = [found[0]]
    start = found[1]
    while count > len(names) and start >= 1:
        joiner = words[start - 1]
        if joiner in ("und", "sowie"):
            rest = words[: start - 1]
        elif joiner.endswith(",") and len(joiner) > 1:
            rest = [*words[: start - 1], joiner[:-1]]
        else:
            break
        found = _name_before(rest, known) if rest else None
        if found is None:
            break
        names.insert(0, found[0])
        start = found[1]
    return [" ".join(name) for name in names]


def _possessed(after: str) -> bool:
    """Whether the text after a parenthesis goes on with what a genitive owns ("Leben")."""
    words = after.split(maxsplit=2)
    if not words:
        return False
    if words[0][:1].isupper():
        return True
    return len(words) > 1 and words[1][:1].isupper() and lexicon.is_adjective(words[0])


def find_pairs(text: str, known: frozenset[str] = frozenset()) -> list[Pair]:
    """All Character (Actor) pairs of one paragraph, in order.

    ``known`` holds the capitalised words of the whole synopsis; it tells a genitive
    ("Standards (…) Schulden") from a name that ends in s.
    """
    pairs = []
    for match in _PARENTHESIS.finditer(text):
        actors = actors_in(match.group(1))
        if actors is None:
            continue
        start = max(0, match.start() - 200)
        words = _TOKEN.findall(text, start, match.start())
        if start > 0 and words:
            # The window cut a word: it is no sentence start, and no part of a name.
            words[0] = _CUT
        if not words or words[-1] == _CUT:
            continue
        characters = _characters(words, len(actors), known)
        if characters is None:
            continue
        if len(characters) == 1 and " " not in characters[0]:
            name = characters[0]
            if _is_genitive(name, known) and (
                name.endswith(("'", "’")) or _possessed(text[match.end() :])
            ):
                characters = [name[:-1]]
        if len(characters) == len(actors):
            pairs.extend(Pair(c, a) for c, a in zip(characters, actors, strict=True))
        else:
            pairs.extend(Pair(characters[-1], actor) for actor in actors)
    return pairs


def capitalised_words(paragraphs: list[str]) -> frozenset[str]:
    """The capitalised words of a text, for telling genitives from names."""
    return frozenset(
        _bare(word).strip(".,;:!?()")
        for text in paragraphs
        for word in text.split()
        if word[:1].isupper()
    )
