"""Golden tests: every fixture page gives exactly its expected record (or is skipped)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers import NotAFilmPage, parse_page
from scraper.inputs import read_input

FIXTURES = Path(__file__).parent / "fixtures"
# Pages the parser is known to get wrong, with why; strict: a fix must remove the entry.
KNOWN_FAILURES = {
    "y_nonfilm_newsletter_html_mail": (
        "a newsletter with a greeting and several films' blurbs, no author or update line and "
        "no titles the parser recognises, reads as one film's synopsis"
    ),
    "z_news_article_shoot_dpa_gz": (
        "a news article about a shoot, with an author line and pairs, reads as a synopsis (a "
        "dateline cannot tell it from a press text, which is a film page)"
    ),
    "z_synopsis_only_clipboard_cp1252_crlf": (
        "'der Prinzessin von Wales (Lady Di)': an alias in parentheses reads as a pair"
    ),
    "r_apa_agenturmeldung": (
        "an agency report on a festival opening retells the film's story with pairs; like the "
        "news article above, nothing in its form tells it from a press text"
    ),
    "r_print_css_zweispaltig": (
        "'Snoop (Messi)': a one-word stage name that is also a German noun is taken for a noun"
    ),
    "s_kinderfilm_weitergeleitete_mail": (
        "'der alte Dachs (Otto Waalkes)': after an adjective a rarer noun reads as a name (as "
        "'den wortkargen Frost' is one), so an animal without a name gives a pair"
    ),
    "v_cms_relaunch_latin1_label": (
        "'der örtlichen Polizei (Norfolk Constabulary)': an institution's name in parentheses "
        "reads as an actor (no first name is known for many real actors either)"
    ),
    "o_classic2008_cp1252_brbr_xhtml_6para_titles_genitives": (
        "'findet Konstantin Franziskas (…) Tagebuch': the subject's first name before a genitive"
        " first name reads as part of one name"
    ),
    "n_nonfilm_newsletter_maerz_txt": (
        "a newsletter copied as text, its 'Film des Monats' a two-paragraph story with pairs under"
        " a byline, reads as one film's page"
    ),
    "n_pdf_text_schuh_des_manitu": (
        "'Listiger Lurch (…)': an adjective that is part of a name is taken for a word before it"
    ),
    "m_site2015_div_ads_8para": (
        "'dem Tresorknacker „Il Gatto“ (…)': a quoted name of two words counts only after a noun"
        " the word lists know for a person, and 'Tresorknacker' is not one"
    ),
    "m_nf_cinema_programme": (
        "a cinema's programme of two films, each under its heading with a facts row, reads as"
        " one film's text under its 'Stand:' line (three such entries make a list)"
    ),
    "k_text_markdown_note_export": (
        "'die ausgedörrten Hügel (Sierra de Cazorla)': a frequent noun after an adjective reads as"
        " a name (as 'den wortkargen Frost' is one), and a place of three words as an actor"
    ),
    "j_notfilm_casting_news": (
        "a news item about a casting, with an agency's dateline, pairs and an author line, reads"
        " as a press text (as the news article above)"
    ),
    "j_text_press_release_wrapped": (
        "'Swinemünde (Świnoujście), Herbst 1989': a town's other name in parentheses reads as a"
        " one-word stage name (the word lists know neither)"
    ),
    "h_streaming_title_stille_nach_dem_sturm": (
        "a streaming service's title page: the row of buttons ('Abspielen', 'Trailer') right"
        " above its one paragraph reads as the title of an entry, so no run of story is left"
    ),
    "g_dpa_lead_koeln": (
        "'Autor/Bearbeitung: dpa / Frank Ehrlacher': a slash ends the author's name, as it"
        " parts the author from the date in 'Autor: … / Stand: …'"
    ),
    "f_top_10_one_paragraph": (
        "the one paragraph stands under 'Auszeichnungen:' and its value at the end of the facts:"
        " the label reads as a section's heading ('Auszeichnungen' over prizes), so the text"
        " under it is another section's"
    ),
}
CASES = [
    pytest.param(
        path.parent,
        id=path.parent.name,
        marks=[pytest.mark.xfail(reason=KNOWN_FAILURES[path.parent.name], strict=True)]
        if path.parent.name in KNOWN_FAILURES
        else [],
    )
    for path in sorted(FIXTURES.glob("*/expected.json"))
]


def _page(case: Path) -> Path:
    (page,) = case.glob("page.*")
    return page


@pytest.mark.parametrize("case", CASES)
def test_fixture_gives_its_expected_record(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    meta_path = case / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    data = read_input(_page(case))
    if expected == {"not_a_film": True}:
        with pytest.raises(NotAFilmPage):
            parse_page(data, url=meta.get("url"), content_type=meta.get("content_type"))
        return
    film = parse_page(data, url=meta.get("url"), content_type=meta.get("content_type"))
    assert film.model_dump(mode="json") == expected


def test_there_are_enough_fixtures() -> None:
    cases = [param.values[0] for param in CASES]
    films = [case for case in cases if "not_a_film" not in (case / "expected.json").read_text()]
    assert len(films) >= 12
    assert len(cases) - len(films) >= 4
