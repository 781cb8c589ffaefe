"""The synopsis as the film page and the films table show it: pairs found again in the text, and
the first sentence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scraper.datasette.synopsis import Piece, first_sentence, mark_pairs


def _marks(pieces: list[list[Piece]]) -> list[tuple[int, str, int | None, str | None]]:
    """(paragraph, text, role, kind) of every marked piece."""
    return [
        (number, piece.text, piece.role, piece.kind)
        for number, paragraph in enumerate(pieces)
        for piece in paragraph
        if piece.kind
    ]


def test_a_pair_is_marked_where_the_text_names_it() -> None:
    pieces = mark_pairs(["Driver (Ryan Gossling) fährt."], [("Driver", "Ryan Gossling")])
    assert pieces == [
        [
            Piece("Driver", 0, "character"),
            Piece(" ("),
            Piece("Ryan Gossling", 0, "actor"),
            Piece(") fährt."),
        ]
    ]


def test_the_name_nearest_the_parenthesis_is_marked() -> None:
    text = "Driver fährt, und Irene (Carey Mulligan) sieht Driver (Ryan Gossling) an."
    pieces = mark_pairs([text], [("Irene", "Carey Mulligan"), ("Driver", "Ryan Gossling")])
    texts = [piece.text for piece in pieces[0]]
    assert texts[:4] == ["Driver fährt, und ", "Irene", " (", "Carey Mulligan"]
    assert texts[4:6] == [") sieht ", "Driver"]


def test_several_actors_in_one_parenthesis() -> None:
    text = "Mia und Sebastian (Emma Stone, Ryan Gosling) begegnen sich."
    pieces = mark_pairs([text], [("Mia", "Emma Stone"), ("Sebastian", "Ryan Gosling")])
    assert _marks(pieces) == [
        (0, "Mia", 0, "character"),
        (0, "Sebastian", 1, "character"),
        (0, "Emma Stone", 0, "actor"),
        (0, "Ryan Gosling", 1, "actor"),
    ]


def test_a_character_in_the_genitive() -> None:
    pieces = mark_pairs(["Lisas (Anna Maria Mühe) Leben."], [("Lisa", "Anna Maria Mühe")])
    assert _marks(pieces)[0] == (0, "Lisas", 0, "character")


def test_one_name_for_two_roles_is_marked_once() -> None:
    text = "Die junge und die alte Rose (Kate Winslet, Gloria Stuart) erzählen."
    pieces = mark_pairs([text], [("Rose", "Kate Winslet"), ("Rose", "Gloria Stuart")])
    assert _marks(pieces) == [
        (0, "Rose", 0, "character"),
        (0, "Kate Winslet", 0, "actor"),
        (0, "Gloria Stuart", 1, "actor"),
    ]


def test_pairs_in_later_paragraphs_and_a_pair_not_found_again() -> None:
    paragraphs = ["Driver (Ryan Gossling) fährt.", "Niemand.", "Shannon (Bryan Cranston) hilft."]
    cast = [("Driver", "Ryan Gossling"), ("Standard", "Oscar Isaac"), ("Shannon", "Bryan Cranston")]
    pieces = mark_pairs(paragraphs, cast)
    assert _marks(pieces) == [
        (0, "Driver", 0, "character"),
        (0, "Ryan Gossling", 0, "actor"),
        (2, "Shannon", 2, "character"),
        (2, "Bryan Cranston", 2, "actor"),
    ]


words = st.sampled_from(["Driver", "Irene", "(", ")", " ", "Ryan Gossling", "Lisas", "und", ", "])


@given(
    paragraphs=st.lists(st.lists(words, max_size=12).map("".join), max_size=4),
    cast=st.lists(st.tuples(words, words), max_size=4),
)
def test_the_pieces_are_the_text_and_nothing_else(
    paragraphs: list[str], cast: list[tuple[str, str]]
) -> None:
    pieces = mark_pairs(paragraphs, cast)
    assert ["".join(piece.text for piece in paragraph) for paragraph in pieces] == paragraphs


def test_the_first_sentence_ends_at_no_abbreviation_or_ordinal() -> None:
    synopsis = (
        "Die Geologin Dr. Helen Marsh (Katrin Sommerfeld) bricht am 3. Oktober z. B. auf. "
        "Dann passiert etwas.\n\nZweiter Absatz."
    )
    assert first_sentence(synopsis) == (
        "Die Geologin Dr. Helen Marsh (Katrin Sommerfeld) bricht am 3. Oktober z. B. auf."
    )


def test_a_dateline_takes_the_next_sentence_with_it() -> None:
    synopsis = "Sommer 1933. In Sanary sammeln sich Schriftsteller. Dann kommt der Krieg."
    assert first_sentence(synopsis) == "Sommer 1933. In Sanary sammeln sich Schriftsteller."


def test_a_long_first_sentence_is_cut_at_a_word() -> None:
    shown = first_sentence("Er fährt " + "und fährt " * 60 + "davon.")
    assert len(shown) <= 302 and shown.endswith("fährt …")


def test_a_one_paragraph_synopsis_without_a_full_stop() -> None:
    assert first_sentence("Ein Satz ohne Punkt") == "Ein Satz ohne Punkt"
