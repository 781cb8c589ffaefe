"""Generated film pages in the old moviemaster.de layout, for benchmarks (about 10 KB each).

Deterministic for a given seed: every page has its own synopsis of one to nine paragraphs
(as `<br>` lines or `<p>`s) with "Character (Actor)" pairs and actor links after "(" and a line
break, a facts table with the director and the cast as links above it, an ad between
paragraphs, navigation, a column of teasers for other films with pairs of their own, the
author/update lines and the footer, in windows-1252 as the old site serves them.
`film_expected` gives what a parser should read from each page.
"""

from __future__ import annotations

import random

FIRST = (
    "Anna Ben Carla David Eva Felix Greta Hannes Ines Jonas Klara Lukas Mia Nils Olga Paul Rosa "
    "Sven Tilda Udo Vera Willi Yara Zoe"
).split()
LAST = (
    "Albers Brandt Cordes Dreyer Engel Fuchs Gruber Hansen Iversen Jäger Kranz Lorenz Maurer "
    "Nowak Ostermann Peters Quandt Roth Seidel Tauber Ulrich Vogt Weber Zander"
).split()
ROLES = (
    "Nachbarin Kollege Ehemann Schwester Kommissarin Polizeichef Freundin Onkel Chef Assistentin"
).split()
WORDS = (
    "Stadt Nacht Geld Plan Wagen Spur Leben Angst Wahrheit Familie Vergangenheit Zukunft Hafen "
    "Auftrag Geheimnis Brief Haus Schuld Rache Liebe"
).split()
SENTENCES = [
    "Doch die {w} lässt {n} nicht los, und bald steht mehr auf dem Spiel als gedacht.",
    "In der {w} von Hamburg beginnt eine Suche, die alles verändert.",
    "Was als harmloser {w} beginnt, wird zur größten Prüfung ihres Lebens.",
    "Niemand ahnt, dass die {w} längst entschieden ist.",
    "Zwischen Misstrauen und Hoffnung muss {n} eine Entscheidung treffen.",
    "„Es gibt kein Zurück“, sagt {n} – und meint es auch so.",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-").replace("ä", "ae")


def _paragraph(rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """A paragraph's HTML and its pairs."""
    character, actor = rng.choice(FIRST), _person(rng)
    other, other_actor = rng.choice(FIRST), _person(rng)
    parts = [
        f'Ihre {rng.choice(ROLES)} {character} (<br>\n<a href="/darsteller/{_slug(actor)}.html">'
        f"{actor}</a>) ist seit Jahren auf der Flucht vor der {rng.choice(WORDS)}.",
        f"Gemeinsam mit {other} (<br>\n{other_actor}) sucht sie nach der {rng.choice(WORDS)}.",
    ]
    parts += [rng.choice(SENTENCES).format(w=rng.choice(WORDS), n=character) for _ in range(9)]
    return " ".join(parts), [(character, actor), (other, other_actor)]


def _teaser(rng: random.Random) -> str:
    """A box for another film in the right column, with a pair of its own: never taken."""
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    words = (rng.choice(SENTENCES).format(w=rng.choice(WORDS), n="sie") for _ in range(2))
    return (
        f'<tr><td><font face="Arial" size="1"><a href="/filme/{letter}.html"><b>'
        f"{rng.choice(WORDS)} und {rng.choice(WORDS)}</b></a><br>"
        f"{rng.choice(ROLES)} {rng.choice(FIRST)} ({_person(rng)}) gerät in Gefahr. "
        f'{" ".join(words)} <a href="/filme/{letter}.html">mehr &raquo;</a></font></td></tr>'
    )


def _film(number: int, seed: int) -> tuple[bytes, dict[str, object]]:
    rng = random.Random(seed * 1_000_003 + number)
    title = f"{rng.choice(WORDS)} der {rng.choice(WORDS)} {number}"
    nav = "".join(
        f'<tr><td><font face="Arial" size="2"><a href="/filme/{c}.html">Filme {c.upper()}</a>'
        f"</font></td></tr>"
        for c in "abcdefghijklmnopqrstuvwxyz"
    )
    written = [_paragraph(rng) for _ in range(rng.randint(1, 9))]
    paragraphs = [text for text, _ in written]
    director = _person(rng)
    cast = [actor for _, pairs in written for _, actor in pairs[:1]][:4]
    facts = (
        '<table border="0" cellpadding="2">'
        f"<tr><td><b>Genre:</b></td><td>{rng.choice(WORDS)}drama</td></tr>"
        f"<tr><td><b>Land/Jahr:</b></td><td>Deutschland {rng.randint(1990, 2024)}</td></tr>"
        f'<tr><td><b>Regie:</b></td><td><a href="/regie/{_slug(director)}.html">{director}</a>'
        "</td></tr><tr><td><b>Darsteller:</b></td><td>"
        + ", ".join(f'<a href="/darsteller/{_slug(name)}.html">{name}</a>' for name in cast)
        + f"</td></tr><tr><td><b>Laufzeit:</b></td><td>{rng.randint(80, 150)} Min.</td></tr>"
        "</table>"
    )
    ad = '<table><tr><td><a href="https://partner.example/">Anzeige</a></td></tr></table>'
    if rng.random() < 0.5:
        body = "<br>\n".join(paragraphs[:3])
        if paragraphs[3:]:
            body += f"<br>\n{ad}" + "<br>\n".join(paragraphs[3:])
        byline = "<br>\n<br>\n"
    else:
        body = "".join(f"<p>{text}\n" for text in paragraphs[:3])
        if paragraphs[3:]:
            body += ad + "".join(f"<p>{text}\n" for text in paragraphs[3:])
        byline = "<p>"
    teasers = "".join(_teaser(rng) for _ in range(6))
    updated = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2000, 2024)}"
    html = f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>{title} - moviemaster.de</title>
<script>function popup(u) {{ window.open(u, 'pop'); }}</script>
</head><body bgcolor="#FFFFFF">
<table width="100%" border="0">
<tr><td colspan="2"><img src="/img/logo.gif" alt="moviemaster.de"></td></tr>
<tr><td width="150" valign="top"><table>{nav}</table></td>
<td valign="top"><font face="Arial" size="2">
<h1>{title}</h1>
{facts}
{body}{byline}Autor/Bearbeitung: Frank Ehrlacher<br>
Update: {updated}<br>
<br>
Alle Preisangaben ohne Gewähr.<br>
&copy; 1996 - 2024 moviemaster.de<br>
Als Amazon-Partner verdiene ich an qualifizierten Verkäufen.<br>
Technische Realisation: "PHP Movie Script" 10.2.1; &copy; 2002 - 2024 by Frank Ehrlacher
</font></td>
<td width="180" valign="top"><font face="Arial" size="2"><b>Ähnliche Filme</b></font>
<table>{teasers}</table></td></tr></table></body></html>
"""
    pairs = list(dict.fromkeys(pair for _, found in written for pair in found))
    expected = {"title": title, "paragraphs": len(paragraphs), "cast": pairs}
    return html.encode("cp1252"), expected


def film_page(number: int, seed: int = 0) -> bytes:
    """The page's bytes."""
    return _film(number, seed)[0]


def film_expected(number: int, seed: int = 0) -> dict[str, object]:
    """What the page holds: its title, the number of its paragraphs, its pairs in order."""
    return _film(number, seed)[1]
