"""Build parsers/data/lexicon.txt.gz, the compact word lists the cast extractor reads.

Sources (install with `pip install -e ".[lexicon]"`):
- german-nouns: ~100,000 German nouns from Wiktionary with their inflected forms; rows tagged
  Vorname/Nachname/Toponym/Eigenname are names, the others common nouns.
- gender-guesser: ~48,000 first names from many countries.
- HanTa: the German model's lexicon of frequent word forms with their part of speech, for the
  words that are neither nouns nor names (articles, adjectives, adverbs, verbs ...), and
  the nouns and names its news corpus saw most often as such (frequent nouns like "Frau" or
  "Polizist"; "Rose" more often a name than a flower).

Loading those packages takes seconds; the compact file loads in a fraction of that. Run this
script again to pick up new releases of the sources; the output is sorted and deterministic.
"""

from __future__ import annotations

import csv
import gzip
import importlib.resources
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "parsers" / "data" / "lexicon.txt.gz"
NAME_TAGS = {"Vorname": "F", "Nachname": "S", "Toponym": "P", "Eigenname": "P"}
WORD = re.compile(r"[^\W\d_][\w'-]*\Z")
# Must match parsers/lexicon.py: a compound counts as a noun when it ends in one.
MIN_HEAD, MIN_MODIFIER = 4, 3
# STTS tags of HanTa: determiners and numerals, adjectives, and the rest that is no noun.
DETERMINER_TAGS = {"ART", "PPOSAT", "PIAT", "PIDAT", "PDAT", "PWAT", "CARD", "PRELAT"}
NOT_WORD_TAGS = {"NN", "NE", "NNA", "NNI", "FM", "XY", "TRUNC"}


def nouns_and_names(sections: dict[str, set[str]]) -> None:
    path = importlib.resources.files("german_nouns") / "nouns.csv"
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader(handle)
        next(rows)
        for row in rows:
            tags = set(row[1].split(","))
            names = [NAME_TAGS[tag] for tag in tags if tag in NAME_TAGS]
            if names:
                for section in names:
                    sections[section].add(row[0].lower())
            else:
                # Lemma and every inflected form (the columns after the genus columns).
                sections["N"].update(form.lower() for form in [row[0], *row[7:]] if form)


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
        tag = tagger.int2tag[max(analyses, key=lambda analysis: analysis[1])[0]]
        if tag == "NE":
            sections["E"].add(word.lower())
        elif tag == "NN":
            sections["C"].add(word.lower())
        elif tag in DETERMINER_TAGS:
            sections["D"].add(word.lower())
        elif tag.startswith("ADJ"):
            sections["A"].add(word.lower())
        elif tag not in NOT_WORD_TAGS:
            sections["O"].add(word.lower())


def drop_compounds(nouns: set[str]) -> set[str]:
    """Keep the nouns the extractor cannot derive: a compound whose head is a noun is one."""

    def derivable(word: str) -> bool:
        return any(
            word[i:] in nouns for i in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1)
        )

    return {word for word in nouns if WORD.match(word) and not derivable(word)}


def main() -> int:
    sections: dict[str, set[str]] = {key: set() for key in "NFSPECDAO"}
    nouns_and_names(sections)
    first_names(sections)
    other_words(sections)
    sections["N"] = drop_compounds(sections["N"])
    for key in "FSECDAO":
        sections[key] = {word for word in sections[key] if WORD.match(word)}
    # Places keep their spaces: "(New York)" is a place, not an actor.
    sections["P"] = {word for word in sections["P"] if WORD.match(word.replace(" ", "-"))}
    lines = []
    for key, words in sections.items():
        lines.append(f"#{key}")
        lines.extend(sorted(words))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same input gives the same bytes.
    with gzip.GzipFile(OUT, "wb", mtime=0) as handle:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    summary = ", ".join(f"{key}={len(words)}" for key, words in sections.items())
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes): {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
