"""Build parsers/data/lexicon.marisa, the word lists the cast extractor reads.

Sources (install with `pip install -e ".[lexicon]"`):
- german-nouns: ~100,000 German nouns from Wiktionary with their inflected forms; rows tagged
  Vorname/Nachname/Toponym/Eigenname are names, the others common nouns, and those declined
  like adjectives ("Fremder") name persons.
- gender-guesser: ~48,000 first names from many countries.
- HanTa: the German model's lexicon of frequent word forms with their part of speech: the
  words that are neither nouns nor names (articles, adjectives, adverbs, verbs ...), and the
  nouns and names its news corpus saw most often as such (frequent nouns like "Frau" or
  "Tod"; "Rose" more often a name than a flower).

Loading those packages takes seconds; the file, a MARISA trie that parsers.lexicon maps and
looks words up in, loads in a millisecond. Compounds that parsers.lexicon derives from shorter
nouns are left out. Run this script again to pick up new releases of the sources; the output
is sorted and deterministic.
"""

from __future__ import annotations

import csv
import importlib.resources
import re
import sys
from pathlib import Path

import marisa_trie

from parsers.lexicon import derives_noun

OUT = Path(__file__).resolve().parent.parent / "parsers" / "data" / "lexicon.marisa"
SECTIONS = "NJWMFSPECDAOV"
_DEUMLAUT = str.maketrans("äöü", "aou")
NAME_TAGS = {"Vorname": "F", "Nachname": "S", "Toponym": "P", "Eigenname": "P"}
WORD = re.compile(r"[^\W\d_][\w'-]*\Z")
# STTS tags of HanTa.
DETERMINER_TAGS = {"ART", "PPOSAT", "PIAT", "PIDAT", "PDAT", "PWAT", "CARD", "PRELAT"}
NOT_WORD_TAGS = {"NN", "NE", "NNA", "NNI", "FM", "XY", "TRUNC"}


def nouns_and_names(sections: dict[str, set[str]]) -> None:
    path = importlib.resources.files("german_nouns") / "nouns.csv"
    lemmas: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader(handle)
        next(rows)
        for row in rows:
            tags = set(row[1].split(","))
            names = [NAME_TAGS[tag] for tag in tags if tag in NAME_TAGS]
            for section in names:
                sections[section].add(row[0].lower())
            if not names:
                # Lemma and every inflected form (the columns after the genus columns).
                forms = {form.lower() for form in [row[0], *row[7:]] if form}
                sections["N"].update(forms)
                lemmas.setdefault(row[0].lower(), set()).update(forms)
                if "adjektivische Deklination" in tags:
                    sections["J"].update(forms)
    persons(lemmas, sections)


def persons(lemmas: dict[str, set[str]], sections: dict[str, set[str]]) -> None:
    """Nouns for persons, told by their feminine form: "Nachbarin" (W) beside "Nachbar" (M),
    "Ärztin" beside "Arzt", "Kollegin" beside "Kollege"."""
    for lemma, forms in lemmas.items():
        if not lemma.endswith("in") or len(lemma) < 5:
            continue
        stem = lemma[:-2]
        plain = stem.translate(_DEUMLAUT)
        for masculine in (stem, plain, stem + "e", plain + "e"):
            if masculine in lemmas and masculine != lemma:
                sections["W"].update(forms)
                sections["M"].update(lemmas[masculine])


def first_names(sections: dict[str, set[str]]) -> None:
    path = importlib.resources.files("gender_guesser") / "data" / "nam_dict.txt"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or len(line) < 30:
                continue
            name = line[3:29].strip().replace("+", "-")
            if name:
                sections["F"].add(name.lower())


def other_words(sections: dict[str, set[str]]) -> None:
    from HanTa import HanoverTagger

    tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    for word, analyses in tagger.cache.items():
        if not word.isalpha():
            continue
        word = word.lower()
        tag = tagger.int2tag[max(analyses, key=lambda analysis: analysis[1])[0]]
        if tag == "NE":
            sections["E"].add(word)
        elif tag == "NN":
            sections["C"].add(word)
        elif tag in DETERMINER_TAGS:
            sections["D"].add(word)
        elif tag.startswith("ADJ"):
            sections["A"].add(word)
        elif tag.startswith("V"):
            sections["V"].add(word)
        elif tag not in NOT_WORD_TAGS:
            sections["O"].add(word)


def drop_derivable(nouns: set[str], adjectives: set[str], frequent: set[str]) -> set[str]:
    """The nouns parsers.lexicon cannot derive, shortest first, so a compound is left out
    only when the shorter parts it is derived from are kept."""
    kept: set[str] = set()
    cache: dict[str, bool] = {}

    def is_noun(word: str) -> bool:
        if word not in cache:
            cache[word] = word in kept or derives_noun(word, is_noun, kept, adjectives, frequent)
        return cache[word]

    for word in sorted(nouns, key=lambda word: (len(word), word)):
        if "-" in word or not derives_noun(word, is_noun, kept, adjectives, frequent):
            kept.add(word)
            cache[word] = True
    return kept


def main() -> int:
    sections: dict[str, set[str]] = {key: set() for key in SECTIONS}
    nouns_and_names(sections)
    first_names(sections)
    other_words(sections)
    for key in SECTIONS:
        # Places keep their spaces: "(New York)" is a place, not an actor.
        sections[key] = {
            word
            for word in sections[key]
            if WORD.match(word if key != "P" else word.replace(" ", "-"))
        }
    sections["N"] = drop_derivable(sections["N"], sections["A"], sections["C"])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # Each word under its section's letter: "Nnachbar", "Fanna".
    marisa_trie.Trie(key + word for key in SECTIONS for word in sections[key]).save(str(OUT))
    summary = ", ".join(f"{key}={len(sections[key])}" for key in SECTIONS)
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes): {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
