"""Named markers of a film page: tag sets, class hints and text patterns, in one place.

The parser finds the synopsis by content and position; these only say what counts as a block,
what is surely not content, and how the author, date and boilerplate lines read.
"""

from __future__ import annotations

import re

# Elements whose content is never page text.
SKIP_TAGS = frozenset(
    "script style noscript noframes template svg math iframe object embed applet select "
    "option button input textarea map area canvas video audio head title meta link base".split()
)
# Elements that start a new block of text (everything else is inline).
BLOCK_TAGS = frozenset(
    "p div td th tr table tbody thead tfoot caption li ul ol dl dt dd h1 h2 h3 h4 h5 h6 "
    "blockquote section article header footer nav aside main figure figcaption center form "
    "fieldset legend address pre hr details summary body html menu dir".split()
)
# Regions that hold no synopsis: navigation, sidebars, captions.
BOILER_TAGS = frozenset("nav aside figure figcaption menu marquee".split())
# Ads, teasers, sidebars and the like by their class or id; a supplement to the content
# rules, never the only thing that decides. "ad" and "nav" only as whole words or prefixes
# ("ad-box", "nav-main"), not inside others ("header", "canvas").
BOILER_HINT = re.compile(
    r"teaser|sidebar|related|aehnlich|ähnlich|empfehl|banner|werbung|anzeige|advert|sponsor|"
    r"cookie|consent|newsletter|share|social|comment|breadcrumb|menu|caption|mehr-?zum-?thema|"
    r"lesen-?sie-?auch|"
    r"author-?(?:box|bio|info)|about-?(?:the-?)?author|autorenbox|"
    r"(?:^|[\s_-])(?:ads?|nav)(?:$|[\s_-])",
    re.IGNORECASE,
)
# The elements to look at: those of BOILER_TAGS and any with a class or id.
BOILER_SELECTOR = ", ".join([*sorted(BOILER_TAGS), "[class]", "[id]"])

# How the site's script signs a film page, under its text: "Autor/Bearbeitung: Frank
# Ehrlacher", "Update: 31.01.2019".
SITE_BYLINE = ("Autor/Bearbeitung", "Update:")
# "Autor/Bearbeitung: Frank Ehrlacher", also the plain forms a relaunch might use.
# (Markdown-ish copies wrap labels in asterisks: "**Update:** 12.11.2015".)
AUTHOR = re.compile(
    r"(?:Autor(?:in)?\s*/\s*Bearbeitung|Autor(?:in)?|Bearbeitung|Text|Verfasser(?:in)?|"
    r"Redaktion(?: [A-ZÄÖÜ][\w-]+)?)"
    r"[*_]*\s*:[*_\s]*"
    r"(?P<name>[^\n|·•*/]+?)[*_\s]*"
    r"(?=$|\n|[|·•/]|(?:Update|Stand|Aktualisiert|Letzte Änderung|zuletzt)\b)",
    re.IGNORECASE,
)
_MONTHS = (
    "januar|jänner|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|"
    "november|dezember"
)
_DATE = (
    rf"(?:(?P<day>\d{{1,2}})\.\s*(?:(?P<month>\d{{1,2}})\.|(?P<month_name>(?i:{_MONTHS}))\s)\s*"
    r"(?P<year>\d{4}|\d{2})\b|(?P<iso_year>\d{4})-(?P<iso_month>\d\d)-(?P<iso_day>\d\d)\b)"
)
# A byline: "Von Frank Ehrlacher · 12.03.2012", "Veröffentlicht am … · von Sabine Kühn",
# the CMS forms "Geschrieben von …", "Eingereicht von … am So., 03.02.2019", "Eingestellt von
# … um 21:14".
BYLINE = re.compile(
    # (a theme that hides "Veröffentlicht von" for screen readers glues it to the name)
    r"(?:^|[·|/]\s*)(?:(?:Geschrieben|Eingereicht|Eingestellt|Verfasst|Veröffentlicht|Erstellt)"
    r"\s+[Vv]on\s*|[Vv]on\s+)(?P<name>[A-ZÄÖÜ][\w.'-]*(?:\s+(?:[A-ZÄÖÜ][\w.'-]*|von|van|de|der|zu))*)"
    r"\s*(?:$|um\s+\d{1,2}[:.]\d\d|(?:am\s+(?:[A-Z][a-z]+\.?,\s*)?|[·|/,–-]\s*"
    r"(?:(?:Stand|Veröffentlicht|Aktualisiert)(?:\s+am)?\s*:?\s*)?"
    # (a theme that sets the date's label beside the name, or the date, no separator between)
    r"|(?:Stand|Veröffentlicht|Aktualisiert)(?:\s+am)?\s*:\s*|(?=\d))"
    rf"(?:{_DATE})?)"
)
# What stands above a reader's post or comment: "Verfasst am: …", "kinofan schrieb am …".
REACTION = re.compile(
    r"Verfasst am|hat folgendes geschrieben|schrieb am|Anmeldungsdatum|Beiträge:|"
    r"Gefällt mir|Antworten|Kommentieren|\bZitat\b",
    re.IGNORECASE,
)
# A cheap first look (in the lowercased text) for the words the patterns above and below
# start with, in one pass.
MARKER_WORD = re.compile(
    "autor|bearbeit|text|update|stand|aktualisier|änderung|geändert|redaktion|verfasser|von |"
    "veröffentlicht von"
)
# An author or date label alone, its value in the next cell of a facts table.
MARKER_LABEL = re.compile(
    r"^(?:Autor(?:in)?(?:\s*/\s*Bearbeitung)?|Text|Redaktion|Update|Stand(?: der Information)?|"
    r"(?:Zuletzt\s+)?Aktualisiert"
    r"(?:\s+am)?|Letzte\s+(?:Änderung|Aktualisierung))\s*:$",
    re.IGNORECASE,
)
_WEEKDAY = r"(?:(?:Mo|Di|Mi|Do|Fr|Sa|So)[a-z]*\.?,?\s+)"
UPDATED = re.compile(
    r"(?:Update|Stand(?:\s+der\s+Information)?|Aktualisiert(?:\s+am)?|"
    r"(?:zuletzt\s+)?(?:bearbeitet|geändert)(?:\s+am)?(?=\s*:?\s*\d)|"
    r"Letzte\s+(?:Änderung|Aktualisierung|Bearbeitung))[*_]*\s*:?[*_\s]*"
    # Joomla: "Zuletzt aktualisiert ( Dienstag, 09. März 2010 um 14:22 Uhr )"
    rf"(?:\(\s*)?{_WEEKDAY}?{_DATE}",
    re.IGNORECASE,
)
# A date alone, as a blog heads its posts: "Samstag, 3. März 2012".
DATE_LINE = re.compile(rf"^{_WEEKDAY}?{_DATE}$", re.IGNORECASE)
MONTH_NUMBER = {
    name: number
    for number, names in enumerate(
        [
            ["januar", "jänner"],
            ["februar"],
            ["märz", "maerz"],
            ["april"],
            ["mai"],
            ["juni"],
            ["juli"],
            ["august"],
            ["september"],
            ["oktober"],
            ["november"],
            ["dezember"],
        ],
        start=1,
    )
    for name in names
}

# A heading that opens a box about other films: what follows it is not this film's synopsis.
TEASER_HEADING = re.compile(
    r"^(?:ähnliche filme|das könnte (?:sie|dich) auch interessieren|auch interessant|"
    r"weitere filme|mehr (?:filme|zum thema)|neu im kino|neu auf (?:dvd|blu-ray)|"
    r"filmtipps?|tipps?|empfehlungen|top ?\d+|beliebte filme|zuletzt aktualisiert)\b",
    re.IGNORECASE,
)
# Headings that label a section instead of naming the film.
SECTION_HEADING = re.compile(
    r"^(?:inhalt|langinhalt|langfassung|langsynopsis|synopsis \(lang\)|handlung|story|"
    r"synopsis|filminhalt|zum film|kritik|"
    r"filmkritik|"
    r"besetzung|darsteller|details|info(?:s|rmationen)?)\s*:?$",
    re.IGNORECASE,
)
# A label in front of the synopsis, and a short teaser synopsis above the long one.
SYNOPSIS_LABEL = re.compile(
    r"^(?:Inhalt|Handlung|Story|Zum Inhalt|Zum Film|Synopsis|Filminhalt|Worum es geht|"
    r"Pressetext(?: des Verleihs)?)\s*:\s*",
    re.IGNORECASE,
)
SHORT_SYNOPSIS = re.compile(r"^(?:Kurzinhalt|Kurz gesagt|In Kürze|Kurzfassung)\s*:", re.I)
# The heading of the story itself: what stands under it is a synopsis.
SYNOPSIS_HEADING = re.compile(
    r"^(?:inhalt|langinhalt|langfassung|langsynopsis|synopsis \(lang\)|handlung|story|synopsis|"
    r"filminhalt|zum inhalt|"
    r"worum es geht)\s*:?$",
    re.I,
)
# A letter's greeting: what follows is the letter, not the story ("Hallo Frank,").
SALUTATION = re.compile(
    r"^(?:hallo|hi|liebe[rs]?|sehr geehrte[rs]?|guten (?:tag|morgen|abend))\b.{0,40},$", re.I
)
# A news agency's dateline that opens a press text: "Hamburg (ots) - ", "BERLIN (dpa) – ".
AGENCY_LEAD = re.compile(
    r"^[A-ZÄÖÜ][\w./ -]{1,40}\s\((?:ots|dpa|epd|kna|afp|apa|sda|ap|dts|ddp|rtr|reuters)\)\s*[-–—]",
    re.IGNORECASE,
)
SHORT_SYNOPSIS_HEADING = re.compile(
    r"^(?:Kurzinhalt|Kurzfassung|Kurzsynopsis|In Kürze|Synopsis \(kurz\))"
    r"(?:\s*(?:&|und)\s*Fakten)?\s*:?$",
    re.I,
)
# Headings of sections after the story: no sub-heading of the synopsis.
SECTION_STOP = re.compile(
    r"^(?:(?:über|zur|zum|die|der|das|meine?|unsere?)\s+(?:(?:die|den|das)\s+)?)?"
    r"(?:kritik|filmkritik|rezension|fazit|meinung|bewertung|hintergr[uü]nde?|trivia|"
    r"interviews?|biografien|statements?|anmerkungen|hinter den kulissen|wissenswertes|produktion|"
    r"über den film|pressekontakt|"
    r"auszeichnungen|preise|darsteller|besetzung|cast|crew|stab|"
    r"trailer|kommentare|leserkommentare|forum|links|weblinks|quellen|dvd|blu-ray|extras|"
    r"bonusmaterial|soundtrack|musik|bilder|galerie|fotos|termine|kinoprogramm|"
    r"technische daten|daten|fakten|infos?)\b|"
    # a press release's "Über Tiberius Film:", about its sender; "Über die Regisseurin"
    r"^über [^:]{2,40}:$|"
    # a director's statement under its own heading: "Die Regisseurin über ihren Film"
    r"^[^:]{0,40}\büber (?:ihren|seinen|den) film$|"
    r"^(?:über (?:den|die|das)|zur|zum) (?!inhalt\b|handlung\b|film\b)[\w-]+$",
    re.IGNORECASE,
)
# "Zur Produktion", "Über den Film": a line that says what the text under it is about.
ABOUT_PHRASE = re.compile(r"^(?:über|zur|zum|hinter)\s", re.IGNORECASE)
# "3. Der Schacht", "10) Joker", "Folge 2: Ebbe": an entry of a list or an episode guide.
NUMBERED = re.compile(r"^(?:\d{1,3}[.)]\s|(?:Folge|Episode)\s+\d{1,3}\b)")
# Headings of pages that are no film page: the site's own pages, lists, news and reviews
# (a headline that quotes a film's title is about that film, not its page).
NOT_A_FILM_HEADING = re.compile(
    r"^(?:impressum|kontakt|datenschutz|agb|über uns|suche|suchergebnis|kinoprogramm|willkommen|"
    r"programm|kinocharts|news|nachrichten|forum|gästebuch|leserkritiken|leserkommentare|"
    r"kommentare|top ?\d+|die (?:\d+|zehn|zwanzig|hundert) besten|bestenliste|"
    r"filme (?:des jahres|von|mit|aus|a.?z)|neu (?:im kino|auf dvd)|startseite|archiv|"
    r"darsteller|regisseure|filmografie|biografie|shop|(?:seite|film) nicht gefunden|"
    r"fehler 404|404)\b|"
    r"\b(?:auf (?:dvd|blu-?ray)|im (?:kino|stream|tv)|premiere|trailer|videos?|clips?|"
    r"bildergalerie|fotos|newsletter)\b|„[^“]+“|»[^«]+«|"
    # A festival's or an award's year ("Berlinale 2020 – Unser Tagebuch", "Filmfest Oberrhein
    # 2024"), a number of films ("Zwölf Filme im Wettbewerb")
    r"\b(?:berlinale|cannes|venedig|filmfest\w*|festival|oscars?|golden globes?)(?:\s+\w+){0,2}"
    r"\s+(?:19|20)\d\d\b|"
    r"\b(?:\d+|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig) filme\b",
    re.IGNORECASE,
)
# A film's country and year after its title: "(USA 1972)", "(2021)".
_FILM_YEAR = r"\((?:[A-ZÄÖÜ][\w./ -]*,? )?(?:19|20)\d\d\)"
# An entry of a list of films: "☐ Kaltes Land (2021) – zwei Schwestern …".
FILM_ENTRY = re.compile(rf"^\W{{0,3}}[^()]{{2,60}}{_FILM_YEAR}\s*[–—:-]\s")
# The mechanics of a contest: a page that gives away tickets is no film page (free tickets a
# character wins in the story are no mechanics).
CONTEST_WORDS = (
    "wir verlosen",
    "Wir verlosen",
    "verlosen wir",
    "Teilnahmeschluss",
    "Einsendeschluss",
    "Teilnahmebedingungen",
)
# The heading right over story-like text that is readers' talk about the film, not its text.
DISCUSSION_HEADING = re.compile(
    r"^(?:leserkritiken|leserkommentare|lesermeinungen|kritiken der leser|kommentare|forum|"
    r"gästebuch|pressestimmen|pressespiegel)\b",
    re.IGNORECASE,
)
# "Das Haus am Deich (2004)", "Good Bye, Lenin! - Druckversion": what follows a film's title
# in its heading or <title>.
TITLE_SUFFIX = re.compile(
    r"(?:\s*\((?:19|20)\d\d\)|\s+[-–|]\s+(?:Druckversion|Druckansicht|Druckvorschau|Inhalt))+$"
)
# Pages about a person, not a film: a "Biografie" or "Filmografie" heading or label (not the
# genre "Biografie / Musikfilm"), the dates of a life, "Filme mit …".
PERSON_PAGE = re.compile(
    r"(?:Filmogra(?:f|ph)ie|Biogra(?:f|ph)ie)\s*(?:$|[:(])"
    r"|(?:Geboren|Geburtsort|Gestorben|Filme mit)\b"
)

# Lines that are never story text, wherever they stand.
BOILERPLATE_LINE = re.compile(
    r"Preisangaben|©|\(c\)\s*\d{4}|Amazon-Partner|Technische Realisation|PHP Movie Script|"
    r"^(?:Anzeige|Werbung|Advertisement)$|Trailer (?:ansehen|abspielen)|"
    r"(?:jetzt|hier) (?:bestellen|kaufen|ansehen)|Alle Rechte vorbehalten|"
    r"Besucher(?:in)? (?:Nr|Nummer)\b|Besucherzähler|"
    r"verraten (?:wir|wird) (?:hier )?das Ende|\b(?:Fotos?|Bild|Bilder)\s*:",
    re.IGNORECASE,
)
# Words of a footer or a notice that a story may use too ("Das Impressum wird nie geändert."):
# they mark a line that is no sentence.
FOOTER_WORD = re.compile(r"Impressum|Datenschutz|Cookies?\b|Spoiler", re.IGNORECASE)
# Labels of a facts box ("USA 1999 · Regie: … · FSK: 16").
FACT_LABEL = re.compile(
    r"\b(?:Regie|Drehbuch|Buch|Kamera|Musik|Schnitt|Darsteller|Besetzung|Laufzeit|Länge|FSK|"
    r"Genre|Produktion|Produktionsland|Land|Jahr|Originaltitel|Verleih|Kinostart|Start|"
    r"Altersfreigabe)\s*:"
)
# A film's credits among its facts: the director or the cast.
FILM_CREDITS = re.compile(r"\b(?:Regie|Darsteller|Besetzung)\s*:")
# "Spanien 2019 · Regie: … · 94 Min.": facts in a row.
FACT_SEPARATOR = re.compile(r"\s[·|•]\s")
# What only a line of facts holds: a running time, an age rating.
FACT_DATA = re.compile(
    r"\b\d{2,3}\s*(?:Min\b|Min\.|Minuten)|\bFSK\b|\bab \d{1,2}(?: Jahren)?\b|\bLaufzeit\b"
)
# An ad's label on a line of its own: all of the block under it is the ad ("Anzeige" over a
# banner and its slogan).
AD_LABEL = re.compile(r"(?:Anzeige|Werbung|Advertisement|Sponsored)\W*$", re.IGNORECASE)
# The first words of a box set into the text, not the author's: an ad's label, a poll, a tip,
# a link to more, a counter, a web cache's banner over the page it keeps.
BOX_START = re.compile(
    r"^(?:(?:Anzeige|Werbung|Advertisement|Sponsored)\b|"
    r"(?:Umfrage|Mehr zum Thema|Lesen Sie auch|Auch interessant|Tipp|DVD-Tipp|Besucher(?:in)?|"
    r"Gewinnspiel|Newsletter|Quelle)\s*:|"
    r"Dies ist der Cache von Google|This is Google's cache of)",
    re.IGNORECASE,
)
# Prices: an ad or a shop box between the paragraphs.
PRICE = re.compile(r"\d+[,.](?:\d{2}|-)\s*(?:€|EUR)|€\s*\d|\bEUR\b|\bMwSt\b")
# Link texts that end a teaser ("mehr", "weiterlesen", "»").
MORE_LINK = re.compile(r"^(?:mehr|weiter(?:lesen)?|zum film|details|»|>>|\.\.\.|…)\W*$", re.I)
# A film's title with its country and year on a line of its own: an entry of a programme or
# a list ("Der Pate (USA 1972)"); several of them make a page of several films.
FILM_TITLE_LINE = re.compile(rf"^[^()]{{2,80}}{_FILM_YEAR}$")

# "Drive - moviemaster.de", "moviemaster.de: Drive": the site's name around a <title>.
SITE_IN_TITLE = re.compile(
    r"^\s*(?:www\.)?moviemaster(?:\.de)?\s*[-|–—:·»]+\s*|"
    r"\s*[-|–—:·«]+\s*(?:www\.)?moviemaster(?:\.de)?\s*$",
    re.IGNORECASE,
)
LOOKS_LIKE_HTML = re.compile(
    r"<(?:!doctype|html|head|body|p|div|br|table|title|meta|font|span|td|a\s)\b", re.IGNORECASE
)
SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
