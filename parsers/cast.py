"""Character (Actor) pairs in synopsis text: ``seiner Nachbarin Irene (Carey Mulligan)``.

For every parenthesis the extractor asks two questions. Is everything inside it a list of
people's names? (Not a year, a credit, an agency mark, a place, a title or an aside.) And do
the words right before it end in a name? German capitalises every noun, so it walks back from
the parenthesis over name-like words and stops at the first article, verb, punctuation mark or
common noun ("Nachbarin", "Polizeichef"), keeping titles (``Dr.``, ``Graf``), particles
(``van der``) and quoted nicknames. A noun for a person right before the parenthesis after an
article ("seine Frau (…)") is a role without a name: no pair. docs/CONVENTIONS.md has the rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from parsers import lexicon

_PARENTHESIS = re.compile(r"\(([^()]*)\)")
_ACTOR_SEPARATOR = re.compile(r"\s*(?:,|;|/|&|\bund\b|\bsowie\b)\s*")
_INITIALS = re.compile(r"(?:[A-ZÀ-ÖØ-Þ]\.-?)+\Z")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*\Z")
# "d'Artagnan", "al-Masri": a particle glued to the name.
_GLUED_PARTICLE = re.compile(
    r"(?:(?:d|l|dell)['’]|(?:al|el|ad|ar|as|at|an|ben|bin|ibn|abu)-)[^\W\d_]"
)
_QUOTES_OPEN = "„“\"»«‚‘'"
_QUOTES_CLOSE = "“”\"«»‘’'"
_QUOTES = _QUOTES_OPEN + _QUOTES_CLOSE
# Last characters of words (a set lookup of ``word[-1:]`` is many times cheaper than
# ``endswith`` with a tuple).
_CLAUSE_END = frozenset(",;:!?–—-…/)")
_SENTENCE_END = frozenset(".!?:–—-…")
_DIGIT = re.compile(r"\d")
_GENITIVE_APOSTROPHE = re.compile(r"[^\W\d_][sxzß]['’]\Z")
_CUT = "\x00"  # stands for the word a text window cut in two
# Surname prefixes: walking back over them is only right when a name word stands before.
_PARTICLES = frozenset(
    "van von de der den dem del della dei di da das do dos du des la le les lo ten ter te zu y e "
    "ben bin ibn al el af av mac st. dit".split()
)
# German prepositions and articles that are particles only inside a name ("von der Leyen").
_AMBIGUOUS_PARTICLES = frozenset("von zu der den dem des das y e".split())
_PARTICLE_ARTICLES = ("der", "den", "dem", "des")
_ARTICLE_TAKERS = ("van", "von", "ter", "de")
_SUFFIXES = frozenset("jr sr ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi".split())
# Titles that belong to the name and are kept (docs/CONVENTIONS.md, rule 2).
_TITLES = frozenset(
    "dr. dr prof. prof mr. mrs. ms. mme. mlle. sir lady lord dame miss mister madame monsieur "
    "mademoiselle don doña señor señora professor professorin doktor graf gräfin baron baronin "
    "freiherr freifrau fürst fürstin prinz prinzessin könig königin herzog herzogin kaiser "
    "kaiserin zar zarin erzherzog erzherzogin mylady milady contessa conte marchesa marchese "
    "duca duchessa principe principessa comtesse marquise marquis duc duchesse".split()
)
# Ranks, jobs and relations the German lexicon does not know as nouns, and a few it also
# knows as first names.
_ROLE_WORDS = frozenset(
    "captain detective diva lieutenant officer deputy colonel inspector chief commander constable "
    "sergeant marshal private agent doctor judge uncle aunt father mother brother sister "
    "nurse coach general major nanny sheriff pater corporal admiral kardinal papst bischof abt "
    "prior pastor vikar cop boss butler bodyguard cowboy gangster "
    "dealer trucker biker outlaw stuntman hitman ranger nerd mogul counselor consigliere "
    "commissario commissaire ispettore questore sergente capo padre inspectora sensei ronin "
    "rōnin samurai".split()
)
# First names whose s is their own in German texts, though the name without it is one too
# ("Jonas", "Andreas", "Carlos"); other first names that are one plus s ("Pauls", "Toms",
# "Oskars": Baltic forms in the word lists) are the genitive of that one. (No genitive ends
# in "us": "Klaus", "Antonius" need no entry.)
_OWN_S_NAMES = frozenset(
    "jonas niklas nicklas niclas nikolas nicolas nicholas lukas lucas elias andreas matthias "
    "mathias tobias marcos hans nils niels jens lars mats mattis klas thomas tomas janis jannis "
    "yannis johannes silas louis luis mathis matthis alois ines iris doris agnes dolores "
    "mercedes frances chris kris boris denis dennis carlos andrés jesús nikos kostas dimitris "
    "christos giorgos stavros james charles georges jacques jules gilles yves miles lewis "
    "francis anders".split()
)
# Nouns for people that have no feminine form to tell them by ("Frau", "Onkel", "Ex").
_PERSONS = frozenset(
    "frau mann mutter vater sohn tochter kind baby mädchen junge bruder schwester onkel tante "
    "oma opa neffe nichte vetter cousin cousine ex witwe witwer waise gast mensch person leute "
    "eltern geschwister zwilling zwillinge braut bräutigam gatte paar ehepaar mama papa enkel "
    "engel tod teufel fräulein knecht magd nonne zofe amme lakai knappe "
    # (their plurals, before names: "die Witwen Mizzi, Gusti und Resl (…, …, …)")
    "frauen männer mütter väter söhne töchter kinder brüder schwestern onkel tanten neffen "
    "nichten vettern cousins cousinen witwen waisen gäste enkelinnen".split()
)
# Prepositions with the article in them, and relative possessives: "vom Consigliere Tom".
_WITH_ARTICLE = frozenset(
    "vom zum zur beim im am ins ans aufs durchs fürs ums übers deren dessen".split()
)
_INDEFINITE = re.compile(r"k?ein(?:e[mnrs]?)?")
_ROLE_ENDINGS = tuple(word for word in _ROLE_WORDS if len(word) >= 5)
_PLACE_PREPOSITIONS = frozenset("aus in nach bei über durch nahe bis im am ins".split())
_BARE_PREPOSITIONS = frozenset("mit ohne für gegen samt".split())
_NEUTER = frozenset("das dieses jenes jedes welches manches".split())
# Endings of German nouns of persons and abstracts that no first or last name has.
_NOUN_ENDING = re.compile(r"(?:erin|istin|eurin|ung|heit|keit|schaft|ismus|tion|ität)\Z")
# Endings of nouns for persons: "Offizier", "Pianist", "Sekretär", "Techniker", "Pilot".
_PERSON_SUFFIX = re.compile(
    r"(?:ier|eur|ist|ant|ent|är|iker|loge|naut|or|ör|ling|at)(?:in|innen|en|e|s)?\Z"
)


class Pair(NamedTuple):
    character: str
    actor: str


def _bare(word: str) -> str:
    return word.strip(_QUOTES)


@lru_cache(maxsize=16384)
def _is_name_word(word: str) -> bool:
    if _INITIALS.match(word) or _GLUED_PARTICLE.match(word):
        return True
    if not _NAME_WORD.match(word) or not word[0].isupper():
        return False
    # All capitals is an abbreviation ("USA", "FBI"), unless digits make it a name ("R2-D2")
    # or it is a first name in a press kit's capitals ("GEORG (Franz Rogowski)").
    return (
        not word.isupper()
        or len(word) == 1
        or _DIGIT.search(word) is not None
        or (len(word) >= 4 and lexicon.is_first_name(word.title()))
    )


def _is_first_name_only(word: str) -> bool:
    """A first name that is no common noun: "Claus", "Amália"; not "Mentor", "Rose"."""
    return lexicon.is_first_name(word) and not lexicon.is_common_noun(word)


def _is_given_name(word: str) -> bool:
    """A first name, whatever else it is ("Rose", "Charlotte"), unless a noun for a person
    ("Engel")."""
    return lexicon.is_first_name(word) and word.lower() not in _PERSONS


def _has_own_s(word: str) -> bool:
    """A first name that ends in s of its own ("Klaus", "Jonas"), no other one's genitive."""
    return lexicon.is_first_name(word) and (
        word.endswith("us") or word.lower() in _OWN_S_NAMES or not lexicon.is_first_name(word[:-1])
    )


def _is_title_or_initial(word: str) -> bool:
    return word.lower() in _TITLES or _INITIALS.match(word) is not None


@lru_cache(maxsize=16384)
def _is_noun(word: str) -> bool:
    """A common noun or a rank: no name."""
    if word.lower() in _ROLE_WORDS:
        return True
    if lexicon.is_common_noun(word):
        return True
    return len(word) >= 7 and _NOUN_ENDING.search(word.lower()) is not None


@lru_cache(maxsize=16384)
def _is_person_noun(word: str, *, strict: bool = False) -> bool:
    """A noun that names a person ("Nachbarin", "Polizeichef", "Fremder", "Onkel"), or a
    compound ending in one ("Kriminaltechniker").

    ``strict``: a noun that has a feminine form ("Koch", "Brenner") counts only when it is
    frequent too, since many surnames are such nouns; feminine forms ("Rechtsmedizinerin")
    count always.
    """
    return any(_is_person_head(head, strict) for head in lexicon.heads(word))


def _is_person_head(head: str, strict: bool) -> bool:
    if head in _PERSONS or head in _ROLE_WORDS:
        return True
    if not strict and head.endswith(_ROLE_ENDINGS):
        return True  # "Polizeicaptain"
    if lexicon.is_feminine_person(head) or lexicon.is_adjectival_noun(head):
        return True
    if lexicon.is_masculine_person(head):
        return not strict or lexicon.is_frequent_noun(head)
    return not strict and _PERSON_SUFFIX.search(head) is not None and _is_noun(head)


@lru_cache(maxsize=16384)
def _is_ordinary_word(word: str) -> bool:
    """A capitalised word at a sentence start that is no name: "Als", "Doch", "Seine"."""
    return (
        lexicon.is_function_word(word)
        or lexicon.is_determiner(word)
        or lexicon.is_adjective(word)
        or (lexicon.is_verb(word) and not lexicon.is_first_name(word))
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
        if not _is_name_word(word) or _DIGIT.search(word):
            return False
        # (a title ends no name: last, it is a surname, "Lena Graf", "Rosa Herzog")
        if _INITIALS.match(word) or (lower in _TITLES and index < len(words) - 1):
            continue
        if word.endswith("."):
            return False  # an abbreviation: "(Wh.)", "(Forts.)"
        core.append(word)
    if not core or lexicon.is_place(part):
        return False
    # A place of several words at the end says where: "(Downtown Los Angeles)"; one word
    # may end a name ("Jack London").
    if any(lexicon.is_place(" ".join(words[start:])) for start in range(1, len(words) - 1)):
        return False
    if len(core) == 1:
        # One word: a stage name ("Cher", "Fernandel"), never a noun ("Foto", "Regie").
        word = core[0]
        if len(word) == 1:
            return len(words) > 1
        if "-" not in word and sum(map(str.isupper, word)) > 1:
            return False  # an abbreviation or a brand: "(OmU)", "(ZMSBw)", "(ProSieben)"
        if lexicon.is_frequent_noun(word) or _is_ordinary_word(word) or lexicon.is_place(word):
            return False
        return lexicon.is_first_name(word) or lexicon.is_surname(word) or not _is_noun(word)
    first = core[0]
    if lexicon.is_first_name(first):
        return True
    # A frequent noun first says what the rest names: "(Präfektur Ishikawa)", "(Landkreis
    # Sonneberg)", "(Filiale Finsdorf)"; a surname that is one leads a name ("Winter").
    if (
        lexicon.is_common_noun(first)
        and lexicon.is_frequent_noun(first)
        and not lexicon.is_surname(first)
    ):
        return False
    # No known first name: no article or adjective in front ("Rote Armee Fraktion",
    # "Deutsche Bank", "Los Angeles"), and not nouns and places only ("Buch Regie"). Only
    # nouns as the lexicon lists them count: names are full of what looks like compounds.
    if _is_ordinary_word(first):
        return False
    return not all(lexicon.is_listed_noun(word) or lexicon.is_place(word) for word in core)


@lru_cache(maxsize=16384)
def actors_in(inner: str) -> tuple[str, ...] | None:
    """The actors a parenthesis names, or None when it holds anything else."""
    inner = inner.strip()
    if not inner or len(inner) > 150:
        return None
    parts = tuple(_ACTOR_SEPARATOR.split(inner))
    if not all(_is_person(part) for part in parts):
        return None
    return parts


def _sentence_starts_before(words: list[str], index: int) -> bool:
    return index == 0 or _ends_sentence(words[index - 1])


@lru_cache(maxsize=16384)
def _ends_sentence(word: str) -> bool:
    if word.endswith(".") and _is_title_or_initial(word):
        return False
    return word[-1:] in _SENTENCE_END or word in _QUOTES_OPEN


def _is_genitive(word: str, known: Callable[[str], bool]) -> bool:
    """``Lisas``, ``Irenes``, ``Thomas'``: a name in the genitive; ``Klaus`` is none."""
    if word.endswith(("'", "’")) and len(word) > 2:
        return True
    # A name's genitive adds one s; a name that ends in two ("Kress") is none.
    if not word.endswith("s") or word.endswith("ss") or len(word) <= 3:
        return False
    if _has_own_s(word):
        return False
    stem = word[:-1]
    return lexicon.is_first_name(stem) or known(stem)


def _makes_role(words: list[str], noun: str, known: Callable[[str], bool]) -> bool:
    """Whether the words before ``noun`` make it a role without a name: "seine Frau",
    "Irenes Ehemann", "der Polizeichef", "das Orakel"; not "den wortkargen Frost".

    Any noun for a person after an article is a role. Other frequent nouns are one only
    right after the article ("Der Tod"): after an adjective they are names ("den
    wortkargen Frost"); rare and foreign nouns are names anyway ("den jungen Mouse"),
    except after a neuter article: no one's name is neuter.
    """
    before = words[-1]
    lower = before.lower()
    takes_article = len(words) > 1 and words[-2].lower() in _ARTICLE_TAKERS
    if lower in _PARTICLES and (lower not in _AMBIGUOUS_PARTICLES or takes_article):
        return False  # "van der Berg" is a name, "der Berg" a mountain
    if before.endswith(")"):
        # "Effis (Julia Jentsch) Eltern": what stands before the parenthesis decides.
        opening = next((i for i in range(len(words) - 1, -1, -1) if words[i].startswith("(")), None)
        return bool(opening) and _makes_role(words[:opening], noun, known)
    bare = _bare(before)
    if not bare or before[-1:] in _CLAUSE_END or before == _CUT:
        return False
    if bare in _BARE_PREPOSITIONS:
        # "eine Frau mit Kinderwagen (…)": a thing after a preposition; "mit Lola (…)" a name.
        return lexicon.is_listed_noun(noun) and not (
            lexicon.is_first_name(noun) or lexicon.is_surname(noun) or lexicon.is_mostly_name(noun)
        )
    if (
        lexicon.is_determiner(bare)
        or bare.lower() in _WITH_ARTICLE
        or (bare[0].isupper() and _is_genitive(bare, known))
    ):
        article = True
    elif lexicon.is_adjective(bare) or _is_attributive(bare):
        article = False
    else:
        return False
    # No name takes an indefinite article: "ein Fischer", "eines strengen Dorfpriesters".
    if any(_INDEFINITE.fullmatch(word.lower()) for word in words[-3:]):
        return True
    if _is_person_noun(noun, strict=True):
        return True
    if lower in _NEUTER or (not article and bare.endswith("es") and bare[0].islower()):
        return True
    # Right after an article any word that is no known name is a role ("der Abt", "Der
    # Tod", "die Carabinieri"); after an adjective only a frequent noun is one ("den
    # wortkargen Frost" is a name).
    return article and (
        lexicon.is_common_noun(noun)
        or not (lexicon.is_surname(noun) or lexicon.is_mostly_name(noun))
    )


def _nickname_start(words: list[str], index: int) -> int | None:
    """Where a quoted nickname ending at ``index`` opens (``Jame „Buffalo Bill“ Gumb``)."""
    for start in range(index, max(index - 4, 0), -1):
        if words[start][0] in _QUOTES_OPEN:
            before = words[start - 1]
            # (a first name that is a noun too is a first name here: "Charlotte „Lotte“ …")
            if _is_name_word(before) and (not _is_noun(before) or _is_given_name(before)):
                return start
            return None
    return None


def _stops_name(word: str, sentence_start: bool, before: str, after: str) -> bool:
    """Whether a capitalised word before a name (``after`` is the name's word that follows
    it) is no part of it: a noun ("Nachbarin", "Hafen", "Kriminaltechniker"), a rank, the
    head of a phrase after an article ("der zwielichtige Consigliere"), or an ordinary word
    at a sentence start."""
    verdict, noun = _stops_by_itself(word, sentence_start)
    if (
        verdict is False
        and word.lower() not in _TITLES
        and lexicon.is_first_name(word)
        and lexicon.is_first_name(after)
        and lexicon.is_feminine_person(word)
    ):
        return True  # a feminine noun for a person that is a first name too: "die Polin Agnieszka"
    if verdict is not None:
        return verdict
    # A noun in front of a first name or initials describes the person ("Handlanger J. G.
    # Jopling"); surnames that are nouns follow the first name ("Claus Schenk").
    if noun and (lexicon.is_first_name(after) or _INITIALS.match(after)):
        return True
    # After an article the word is the head of a phrase ("Der Lausbub Michel"); after an
    # adjective only a noun is ("der zwielichtige Immobilienhai Viktor Jansen"; but "den
    # wortkargen Gaear Grimsrud").
    return bool(
        before
        and _is_attributive(before)
        and (lexicon.is_determiner(before) or before in _WITH_ARTICLE or noun)
    )


@lru_cache(maxsize=16384)
def _stops_by_itself(word: str, sentence_start: bool) -> tuple[bool | None, bool]:
    """Whether ``word`` stops a name whatever the words around it (None: they decide), and
    whether it is a noun."""
    lower = word.lower()
    if lower in _TITLES or _INITIALS.match(word):
        return False, False
    if lower in _ROLE_WORDS or (sentence_start and _is_ordinary_word(word)):
        return True, False
    # "Rose", "Mark", "Charlotte" are nouns too, but before a name they are first names.
    if lexicon.is_first_name(word):
        return not _is_given_name(word), False
    if _is_person_noun(word) or _looks_like_role(word):
        return True, False
    noun = _is_noun(word)
    # A rare noun with no article before it is a name ("Kalli Hammermann", "Pony Hütchen",
    # "Claus Schenk Graf von Stauffenberg"); a frequent one is not ("im Hafen").
    if noun and lexicon.is_frequent_noun(word):
        return True, noun
    return None, noun


def _looks_like_role(word: str) -> bool:
    """A word the lexicon does not know that reads as a noun for a person: an agent noun of
    a verb ("Tatortreiniger": reinigen), a feminine or an ending for persons
    ("Tierpräparatorin"), or a nominalised adjective ("Vertrauten")."""
    lower = word.lower()
    if len(lower) < 6 or lexicon.is_common_noun(word):
        return False
    for start in range(len(lower) - 5):
        part = lower[start:]
        if part.endswith("er") and lexicon.is_verb(part[:-2] + "en"):
            return True
    # Nouns made of adjectives and participles: "die Vertrauten", "der Verdächtige". A person
    # ending needs a stem before it: "Pastorin", not "Thorin".
    suffix = _PERSON_SUFFIX.search(lower)
    return (
        (suffix is not None and suffix.start() >= 3)
        or lexicon.is_adjective(lower)
        or lexicon.is_verb(lower)
    )


def _is_attributive(word: str) -> bool:
    """An article, possessive or adjective in front of a noun: "der", "seine", "junge",
    "vom" (von dem); capitalised only as articles at a sentence start ("Der")."""
    if not word[:1].islower():
        return lexicon.is_determiner(word)
    return (
        word in _WITH_ARTICLE
        or lexicon.is_determiner(word)
        or lexicon.is_adjective(word)
        or (
            word.endswith(("e", "en", "er", "es", "em"))
            and not lexicon.is_function_word(word)
            and not lexicon.is_verb(word)
        )
    )


# What a word before a parenthesis is, as far as its own letters tell: they are looked up
# once per word (cached), not once per parenthesis.
_STOP, _NICKNAME_END, _PARTICLE, _ARTICLE, _UND, _QUOTED, _NAME, _GENITIVE = range(8)


@lru_cache(maxsize=16384)
def _walk_kind(word: str) -> tuple[int, str | None]:
    """The word's kind on the walk back over a name, and the name word it gives when the
    words around it do not make it anything else (None: no name word)."""
    if word[-1] in _QUOTES_CLOSE and word[0] not in _QUOTES_OPEN:
        return _NICKNAME_END, None
    if word[-1] in _CLAUSE_END or word == _CUT:
        return _STOP, None
    lower = word.lower()
    if lower in _PARTICLES:
        return (_ARTICLE if lower in _PARTICLE_ARTICLES else _PARTICLE), None
    if word.endswith(".") and not _is_title_or_initial(word):
        return _STOP, None
    bare = _bare(word)
    name = bare if bare and _is_name_word(bare) else None
    if lower == "und":
        return _UND, name
    if word[0] in _QUOTES_OPEN and word[-1] in _QUOTES_CLOSE and len(word) > 2:
        return _QUOTED, name
    return (_STOP, None) if name is None else (_NAME, name)


def _walk_back(
    words: list[str], direct: str, first: int, known: Callable[[str], bool]
) -> tuple[list[str], int]:
    name = [direct]
    pending: list[str] = []
    index = first - 1
    while index >= 0:
        word = words[index]
        kind, bare = _walk_kind(word)
        if kind == _STOP:
            break
        if kind == _NICKNAME_END:
            start = _nickname_start(words, index)
            if start is None:
                break
            name += pending + words[start : index + 1][::-1]
            pending = []
            index = start - 1
            continue
        if kind == _ARTICLE:
            if index == 0 or words[index - 1].lower() not in _ARTICLE_TAKERS:
                break
            kind = _PARTICLE
        elif kind == _UND and pending and pending[-1] == "zu" and words[index - 1] == "von":
            kind = _PARTICLE
        if kind == _PARTICLE:
            if not pending and word == "von" and len(name) > 1 and lexicon.is_first_name(name[-1]):
                break  # a preposition before a whole name: "die Tage von Adolf Hitler"
            pending.append(word)
            index -= 1
            continue
        if kind == _QUOTED and _nickname_start(words, index) is not None:
            name += [*pending, word]  # a nickname: Frank „Frankie“ Berger
            pending = []
            index -= 1
            continue
        if bare is None:
            break
        before = words[index - 1] if index > 0 else ""
        if _stops_name(bare, not before or _ends_sentence(before), before, name[-1]):
            break
        name += [*pending, bare]
        pending = []
        first = index
        if word[0] in _QUOTES_OPEN:
            break
        index -= 1
    # Particles at the start stay when they cannot be German words ("van Helsing").
    while pending and pending[-1].lower() not in _AMBIGUOUS_PARTICLES:
        name.append(pending.pop(0))
        first -= 1
    if len(name) == 1:
        return name, first
    name.reverse()
    # A title starts the name unless a first name stands before it ("Claus Schenk Graf von
    # Stauffenberg"): "Chansonnière Madame Hélène Fournier" is Madame Hélène Fournier, and
    # "Mentor Prof. Wilhelm Adler" is Prof. Wilhelm Adler.
    # (A title at the end is a surname: "Rosa Herzog".)
    titled = next((i for i, word in enumerate(name[:-1]) if word.lower() in _TITLES), None)
    if titled and not any(_is_first_name_only(word) for word in name[:titled]):
        return name[titled:], first + titled
    return name, first


class _Last(NamedTuple):
    """What the word before a parenthesis is, as far as its own letters tell."""

    suffix: bool  # "Jr.", "II."
    kind: int  # _STOP, _GENITIVE, _NICKNAME_END or _NAME
    direct: str  # the name word, for _NAME
    initial: bool
    quoted: bool  # opens a quotation


@lru_cache(maxsize=16384)
def _last_word(last: str) -> _Last:
    """The last word before a parenthesis, as _name_before takes it first."""
    suffix = last.lower().rstrip(".") in _SUFFIXES
    if last[-1] in _CLAUSE_END or (last.endswith(".") and not _is_title_or_initial(last)):
        return _Last(suffix, _STOP, "", False, False)
    if last.endswith(("'", "’")) and _GENITIVE_APOSTROPHE.search(last):
        return _Last(suffix, _GENITIVE, "", False, False)
    if last[-1] in _QUOTES_CLOSE and last[0] not in _QUOTES_OPEN:
        return _Last(suffix, _NICKNAME_END, "", False, False)
    direct = _bare(last)
    if not direct or not _is_name_word(direct):
        return _Last(suffix, _STOP, "", False, False)
    initial = _INITIALS.match(direct) is not None
    if direct.endswith(".") and direct.lower() in _TITLES:
        return _Last(suffix, _STOP, "", False, False)
    return _Last(suffix, _NAME, direct, initial, last[0] in _QUOTES_OPEN)


def _name_before(words: list[str], known: Callable[[str], bool]) -> tuple[list[str], int] | None:
    """The name the word list ends with, and the index of its first word; None if none."""
    last = words[-1]
    suffix, kind, direct, initial, quoted = _last_word(last)
    if suffix and len(words) > 1:
        # "Robert Downey Jr.", "Elizabeth II.": the suffix follows the name it belongs to.
        found = _name_before(words[:-1], known)
        return None if found is None else ([*found[0], last], found[1])
    if kind == _STOP:
        return None
    if kind == _GENITIVE:
        # "Thomas' (…) Frau": the genitive of a name that ends in s, x, z or ß.
        found = _name_before([*words[:-1], last[:-1]], known)
        return None if found is None else ([*found[0][:-1], found[0][-1] + last[-1]], found[1])
    if kind == _NICKNAME_END:
        return _quoted_name(words)
    if initial and not (
        # An initial ends a name after a first name or a title ("Gustave H.", "Madame D.").
        len(words) > 1 and (lexicon.is_first_name(words[-2]) or words[-2].lower() in _TITLES)
    ):
        return None
    first = len(words) - 1
    if quoted:
        return [direct], first
    before = words[first - 1] if first else ""
    if not before or _ends_sentence(before):
        if _is_ordinary_word(direct) and not lexicon.is_first_name(direct):
            return None
        return [direct], first
    first_name, is_noun, place = _direct_facts(direct)
    if not first_name and not is_noun:
        # Any word right after an article is a noun: "die Carabinieri (…, …)".
        is_noun = before[:1].islower() and lexicon.is_determiner(before)
    if is_noun and _makes_role(words[:first], direct, known):
        return None
    if place and before in _PLACE_PREPOSITIONS:
        return None  # "ein Ehepaar aus Essen (…, …)": where they come from, no name
    return _walk_back(words, direct, first, known)


@lru_cache(maxsize=16384)
def _direct_facts(direct: str) -> tuple[bool, bool, bool]:
    """Whether the name word before a parenthesis is a first name, a noun (by its letters
    alone), a place."""
    if lexicon.is_first_name(direct):  # "die kleine Rose", "den buckligen Salvatore"
        lower = direct.lower()
        return True, lower in _PERSONS or lower in _ROLE_WORDS, lexicon.is_place(direct)
    noun = _is_noun(direct) or _is_person_noun(direct) or _looks_like_role(direct)
    return False, noun, lexicon.is_place(direct)


def _quoted_name(words: list[str]) -> tuple[list[str], int] | None:
    """A name in quotes standing alone at a sentence start (``"Mad Dog" (Ralf Richter)``) or
    after a noun for a person (``der Killer „John Boy“ (Matt Bomer)``); elsewhere a quotation
    before a parenthesis is a title (``im „Les Deux Moulins“ (…)``)."""
    for start in range(len(words) - 1, max(len(words) - 4, -1), -1):
        if words[start][0] in _QUOTES_OPEN:
            if not _sentence_starts_before(words, start) and not _is_person_noun(
                _bare(words[start - 1])
            ):
                return None
            name = [_bare(word) for word in words[start:]]
            return (name, start) if all(_is_name_word(word) for word in name) else None
    return None


def _joined_before(words: list[str], start: int) -> int | None:
    """Index of the "und" or comma that joins another name to the one at ``start``,
    across a role phrase: "die Schauspielerin Mia und der Jazzpianist Sebastian"."""
    for index in range(start - 1, max(start - 5, -1), -1):
        word = words[index]
        if word in ("und", "sowie", "&") or word.endswith(","):
            return index
        if word[0].isupper():
            if not _is_noun(_bare(word)):
                return None
        elif not (
            lexicon.is_determiner(word)
            or lexicon.is_adjective(word)
            or word.endswith(("e", "en", "er", "es", "em"))
        ):
            return None
    return None


def _characters(
    words: list[str], count: int, known: Callable[[str], bool]
) -> tuple[list[str], int] | None:
    """The character names before a parenthesis, several when ``count`` actors are paired
    with as many names ("Mia und Sebastian (Emma Stone, Ryan Gosling)"), and the index of the
    first word of the name next to the parenthesis."""
    found = _name_before(words, known)
    if found is None:
        return None
    names = [found[0]]
    start = near = found[1]
    while count > len(names):
        joiner = _joined_before(words, start)
        if joiner is None:
            break
        rest = words[:joiner]
        if words[joiner].endswith(","):
            rest.append(words[joiner][:-1])
        found = _name_before(rest, known) if rest and rest[-1] else None
        if found is None:
            break
        names.insert(0, found[0])
        start = found[1]
    return [" ".join(name) for name in names], near


def _possessed(after: str) -> bool:
    """Whether the text after a parenthesis goes on with what a genitive owns ("Leben",
    "unehelicher Sohn")."""
    words = after.split(maxsplit=2)
    if not words:
        return False
    if words[0][:1].isupper():
        return True
    # An adjective may stand between ("neues Leben"), an article may not ("seine Tochter",
    # "vom Nachbargut" go on with a new phrase).
    first = words[0]
    return (
        len(words) > 1
        and words[1][:1].isupper()
        and _is_attributive(first)
        and not lexicon.is_determiner(first)
        and first not in _WITH_ARTICLE
    )


def _names_someone(after: str) -> bool:
    """Whether the text after a parenthesis starts with a first name: the object of the
    sentence ("Inspektor Álvaro Reis (…) Amália unter Druck"), nothing a genitive owns."""
    words = after.split(maxsplit=1)
    if not words:
        return False
    return _is_first_name_only(_bare(words[0]).rstrip(",.;:"))


def _strip_genitive(
    name: str, words: list[str], start: int, text: str, end: int, known: Callable[[str], bool]
) -> str:
    """``Lisas (…) Leben`` -> ``Lisa``; ``Ned Starks (…) unehelicher Sohn`` -> ``Ned Stark``;
    ``die Musik Richard Wagners (…)`` -> ``Richard Wagner``; but ``sein Bruder Illias (…)``
    stays: after a noun for a person with its article the name is its apposition.

    ``text[end:]`` is what follows the parenthesis (sliced only here: few names get so far).
    """
    last = name.rpartition(" ")[2]
    verdict = _genitive_by_itself(last)
    if verdict is False and _named_stem(last, known):
        # A first name of its own ("Willis", "Oskars") is the genitive of one the text names
        # elsewhere when what follows is owned: "Willis (…) Stall", "Willi" named before.
        after = text[end:]
        return name[:-1] if _possessed(after) and not _names_someone(after) else name
    if verdict is not None:
        return name[:-1] if verdict else name
    before = _bare(words[start - 1]) if start > 0 else ""
    noun_before = before[:1].isupper() and before != _CUT
    if noun_before and _is_person_noun(before):
        article = words[start - 2] if start > 1 else ""
        if lexicon.is_determiner(article) or _is_attributive(article):
            return name
    after = text[end:]
    if _possessed(after) and not _names_someone(after):
        return name[:-1]
    stem = last[:-1]
    if noun_before and known(stem):
        # A genitive after what it belongs to ("die Musik Richard Wagners"), when the text
        # names the man elsewhere too ("Wagner"); "Thomas Andrews" stays.
        return name[:-1]
    return name


def _named_stem(last: str, known: Callable[[str], bool]) -> bool:
    """Whether ``last`` is a first name plus s whose stem is a first name the text names."""
    stem = last[:-1]
    return (
        last.endswith("s")
        and not last.endswith("ss")
        and len(last) > 3
        and lexicon.is_first_name(stem)
        and known(stem)
    )


@lru_cache(maxsize=16384)
def _genitive_by_itself(last: str) -> bool | None:
    """Whether the last word of a name is a genitive whatever the words around it (None:
    they decide)."""
    if last.endswith(("'", "’")) and len(last) > 2:
        return True
    if not last.endswith("s") or last.endswith("ss") or len(last) <= 3:
        return False
    if _has_own_s(last) or lexicon.is_surname(last):
        return False
    return None


def _is_title_role(character: str, before: str) -> bool:
    """A title alone after an article or adjective is a role: "die alte Contessa (…)", "des
    lüsternen Herzogs (…)"; "Bukow und König (…)" names a man called König."""
    return _is_title(character) and before[:1].islower() and _is_attributive(before)


@lru_cache(maxsize=16384)
def _is_title(word: str) -> bool:
    """A title, or its genitive."""
    title = word.lower()
    return title in _TITLES or (title.endswith("s") and title[:-1] in _TITLES)


def _plausible(character: str, actors: tuple[str, ...], before: str) -> bool:
    """A stage name in parentheses ("Cher") needs a character that is no place or frequent
    noun, and no name after a preposition of place: "München (Geiselgasteig)" and "im Val
    Lumnezia (Surselva)" name a district. No one is named for a place's genitive: "die Wüste
    Jordaniens (Wadi Rum)"."""
    if _is_place_genitive(character):
        return False
    if all(" " in actor or lexicon.is_first_name(actor) for actor in actors):
        return True
    return _may_name_anyone(character) and before not in _PLACE_PREPOSITIONS


@lru_cache(maxsize=16384)
def _is_place_genitive(word: str) -> bool:
    return (
        word.endswith("s")
        and lexicon.is_place(word[:-1])
        and not (lexicon.is_first_name(word) or lexicon.is_surname(word))
    )


@lru_cache(maxsize=16384)
def _may_name_anyone(character: str) -> bool:
    """Whether the character's name may go with any actor's: more than one word, or none
    that is a place or a frequent noun."""
    return " " in character or not (
        lexicon.is_place(character)
        or (lexicon.is_listed_noun(character) and lexicon.is_frequent_noun(character))
    )


def find_pairs(text: str, known: Callable[[str], bool] = lambda word: False) -> list[Pair]:
    """All Character (Actor) pairs of one paragraph, in order.

    ``known`` tells whether a word stands capitalised elsewhere in the synopsis; it tells a
    genitive ("Standards (…) Schulden") from a name that ends in s.
    """
    pairs = []
    for match in _PARENTHESIS.finditer(text):
        actors = actors_in(match.group(1))
        if actors is None:
            continue
        opening = match.start()
        start = max(0, opening - 200)
        words = text[start:opening].split()
        if start > 0 and words:
            # The window cut a word: it is no sentence start, and no part of a name.
            words[0] = _CUT
        if not words or words[-1] == _CUT:
            continue
        found = _characters(words, len(actors), known)
        if found is None or not _plausible(
            found[0][-1], actors, words[found[1] - 1] if found[1] else ""
        ):
            continue
        characters, near = found
        quoted = words[near][0] in _QUOTES_OPEN  # a name by rule: „Professor“ (…)
        if near and not quoted and _is_title_role(characters[-1], words[near - 1]):
            continue
        if len(characters) == 1:
            characters = [_strip_genitive(characters[0], words, near, text, match.end(), known)]
        if len(characters) == len(actors):
            pairs += map(Pair, characters, actors)
        else:
            pairs += [Pair(characters[-1], actor) for actor in actors]
    return pairs


def _in_word(character: str) -> bool:
    """Whether a character continues a word, as regex \\w or an apostrophe or hyphen would."""
    return character.isalnum() or character in "_'’-"


def cast_of(paragraphs: list[str]) -> list[tuple[int, Pair]]:
    """The pairs of a whole synopsis with the index of their paragraph, each pair once."""
    synopsis = "\n".join(paragraphs)

    def known(word: str) -> bool:
        # The word as a whole word of its own somewhere in the synopsis; found with str.find,
        # as a pattern that starts with a look-behind is tried at every position of the text.
        start = synopsis.find(word)
        while start >= 0:
            end = start + len(word)
            if not (start and _in_word(synopsis[start - 1])) and not (
                end < len(synopsis) and _in_word(synopsis[end])
            ):
                return True
            start = synopsis.find(word, start + 1)
        return False

    seen: set[Pair] = set()
    found = []
    for index, text in enumerate(paragraphs):
        for pair in find_pairs(text, known):
            if pair not in seen:
                seen.add(pair)
                found.append((index, pair))
    # An actor of the synopsis followed by a parenthesis names a film of theirs, not a role:
    # "Ralph Fiennes (Schindlers Liste) spielt den Concierge Gustave H. (Ralph Fiennes)"; one
    # who plays themself stays ("Bill Murray (Bill Murray)").
    actors = {pair.actor for _, pair in found if pair.character != pair.actor}
    return [(index, pair) for index, pair in found if pair.character not in actors]
