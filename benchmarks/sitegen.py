"""Generated film pages in the old moviemaster.de layout, for benchmarks (about 12 KB each).

Deterministic for a given seed: every page has its own synopsis with "Character (Actor)"
pairs, actor links, an ad between paragraphs, navigation, a column of teasers for other
films with pairs of their own, the author/update lines and the footer, in windows-1252 as
the old site serves them.
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
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _paragraph(rng: random.Random, links: bool) -> str:
    character = rng.choice(FIRST)
    actor = _person(rng)
    slug = actor.lower().replace(" ", "-").replace("ä", "ae")
    actor_html = f'<a href="/darsteller/{slug}.html">{actor}</a>' if links else actor
    role = rng.choice(ROLES)
    other = rng.choice(FIRST)
    parts = [
        f"Ihre {role} {character} (<br>{actor_html}) ist seit Jahren auf der Flucht vor der "
        f"{rng.choice(WORDS)}.",
        f"Gemeinsam mit {other} (<br>{_person(rng)}) sucht sie nach der {rng.choice(WORDS)}.",
    ]
    parts += [rng.choice(SENTENCES).format(w=rng.choice(WORDS), n=character) for _ in range(9)]
    return " ".join(parts)


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


def film_page(number: int, seed: int = 0) -> bytes:
    rng = random.Random(seed * 1_000_003 + number)
    title = f"{rng.choice(WORDS)} der {rng.choice(WORDS)} {number}"
    nav = "".join(
        f'<tr><td><font face="Arial" size="2"><a href="/filme/{c}.html">Filme {c.upper()}</a>'
        f"</font></td></tr>"
        for c in "abcdefghijklmnopqrstuvwxyz"
    )
    paragraphs = [_paragraph(rng, links=True) for _ in range(rng.randint(7, 9))]
    body = "<br>\n".join(paragraphs[:3])
    ad = '<table><tr><td><a href="https://partner.example/">Anzeige</a></td></tr></table>'
    body += f"<br>\n{ad}"
    body += "<br>\n".join(paragraphs[3:])
    teasers = "".join(_teaser(rng) for _ in range(6))
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
{body}<br>
<br>
Autor/Bearbeitung: Frank Ehrlacher<br>
Update: {rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2000, 2024)}<br>
<br>
Alle Preisangaben ohne Gewähr.<br>
&copy; 1996 - 2024 moviemaster.de<br>
Als Amazon-Partner verdiene ich an qualifizierten Verkäufen.<br>
Technische Realisation: "PHP Movie Script" 10.2.1; &copy; 2002 - 2024 by Frank Ehrlacher
</font></td>
<td width="180" valign="top"><font face="Arial" size="2"><b>Ähnliche Filme</b></font>
<table>{teasers}</table></td></tr></table></body></html>
"""
    return html.encode("cp1252")
