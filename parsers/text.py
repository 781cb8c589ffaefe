"""Clean text, and the plain-text form of a film page (what a browser's copy gives)."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

from parsers import selectors

# Soft hyphen, zero-width and bidi marks, BOM, and the controls that can survive decoding.
_INVISIBLE = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
# Ligatures from PDFs and the non-breaking hyphen: print forms of plain letters.
_PRINT_FORMS = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\u2011": "-",
    }
)
_PRINT_FORM_CHARS = tuple(chr(code) for code in _PRINT_FORMS)
_ENTITY = re.compile(
    r"&(?:nbsp|amp|quot|apos|lt|gt|[aouAOU]uml|szlig|[bl]dquo|[lr][sd]quo|ndash|mdash|hellip|"
    r"#\d{2,5}|#x[0-9a-fA-F]{2,4});"
)
# What fix_characters may have to change, in the bytes of a text that encodes to
# windows-1252: "&" and "[" (entities and footnote marks), control characters, the soft hyphen
# and the first characters of mojibake (Ã Â â). Text beyond windows-1252 (C1 controls,
# combining accents, ligatures, invisible spaces) takes the long way.
_PLAIN = bytes(set(range(32, 256)) - set(b"&[\x7f\xad\xc2\xc3\xe2")) + b"\t\n\r"
_FOOTNOTE_MARK = re.compile(r"(?<=\w) ?\[\d{1,3}\](?!\()")
# A run of characters that UTF-8 bytes become when read as windows-1252.
_MOJIBAKE = re.compile(
    "[ÂÃâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]+"
)


def _repair(match: re.Match[str]) -> str:
    try:
        return match.group().encode("cp1252").decode("utf-8")
    except UnicodeError:
        return match.group()


# What a browser prints on every page of a PDF, copied back as lines: the head ("11.03.19,
# 21:37 Die Verlegerin - moviemaster.de") and the foot (the address and "1/2", "Seite 1 von 2").
_PRINT_HEAD = re.compile(
    r"^[ \t\f]*\d{1,2}[./]\d{1,2}[./]\d{2,4},?[ \t]+\d{1,2}:\d{2}(?:[ \t]*[AP]M)?[ \t]+\S.*\n",
    re.MULTILINE,
)
_PRINT_FOOT = re.compile(
    r"^[ \t]*(https?://\S+)[ \t]+"
    r"(?:\d{1,3}[ \t]*/[ \t]*\d{1,3}|Seite \d{1,3} von \d{1,3})[ \t]*$\n?",
    re.MULTILINE,
)
# A page break of a PDF copied as text: the running foot before it (a short line with the
# page number at its end) and the form feed.
_PAGE_BREAK = re.compile(r"(\S?)[ \t]*\n(?:\s*\n[^\n]{0,80}?[ \t]\d{1,3}[ \t]*)?\s*\f\s*")


def _page_break(found: re.Match[str]) -> str:
    """A sentence runs on across the page; one that ended there ends its paragraph."""
    end = found.group(1)
    return f"{end}\n\n" if end in _SENTENCE_END else f"{end}\n"


_LINK_NUMBER = re.compile(r"\[\d{1,3}\](?=[^\W\d_])")
# Markdown links and images: "[Nina Hoss](../darsteller/nina-hoss)", "![Plakat](/p.jpg)".
_MARKDOWN_LINK = re.compile(r"!?\[([^\]\n]*)\]\(\s*([^)\s]+)(?:\s+\"[^\"\n]*\")?\s*\)")
# A link's text marked with its number while the text is cut into blocks (private-use
# characters, as in parsers.dom).
_LINK, _LINK_END = "\ue010", "\ue011"
_MARKED_LINK = re.compile(f"{_LINK}(\\d+){_LINK}([^{_LINK_END}]*){_LINK_END}")
# The front matter of a Markdown export, and the page's address in it.
_FRONT_MATTER = re.compile(r"---\n(.*?)\n---\n", re.DOTALL)
_FRONT_MATTER_URL = re.compile(
    r"^(?:canonical|url|source)\s*:\s*[\"']?(https?://[^\s\"']+)", re.MULTILINE | re.IGNORECASE
)
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
# A break after "(" (before a linked actor) or before ")" says nothing.
_BREAK_AFTER_OPENING = re.compile(r"\([ \t\u00a0]*\n")
_BREAK_BEFORE_CLOSING = re.compile(r"\n[ \t\u00a0]*\)")

# The end of a sentence inside a line, for telling one sentence a line from paragraphs.
_SENTENCE_INSIDE = re.compile("[.!?…][\"“”»«']? ")

_SENTENCE_END = (".", "!", "?", "…", ":", '"', "“", "”", "»", "«", "'", "’")
# How a line ends that no wrap cut: a sentence's end, or a break after "(" before an actor.
_WRAP_END = (*_SENTENCE_END, "(")


# The heading level of a section line of a text copy ("INHALT"): it cuts the text, and never
# names the film.
SECTION_LINE = 3


@dataclass(slots=True)
class Block:
    """A run of text the layout sets apart (a cell, a paragraph, a line group).

    ``text`` keeps line breaks as ``\\n`` and blank lines as ``\\n\\n``; ``links`` are the
    texts of the links inside it, in order, with the number of the link in the page.
    """

    text: str
    links: list[tuple[str, int]] = field(default_factory=list)
    heading: int = 0  # 1 for <h1>, 2 for the other headings, SECTION_LINE in a text copy
    boiler: bool = False
    starts: list[int] = field(default_factory=list)  # where each link starts in text, if known


def clean(text: str) -> str:
    """Collapse whitespace, drop invisible characters, tighten spaces inside parentheses;
    compose accents, undo ligatures and repair UTF-8 read as windows-1252 ("Ã¼" -> "ü")."""
    return collapse(fix_characters(text))


def fix_characters(text: str) -> str:
    """Drop invisible characters, compose accents, undo ligatures, decode entities escaped
    twice and repair UTF-8 read as windows-1252; a page's text goes through this once."""
    if not needs_fixing(text):
        return text
    if "&" in text and ";" in text:
        # Entities escaped twice ("&amp;nbsp;") reach the text as entities: decode them.
        text = _ENTITY.sub(lambda entity: html.unescape(entity.group()), text)
    if "[" in text:
        # A print version's footnote marks for links: "Russell Crowe [3]".
        text = _FOOTNOTE_MARK.sub("", text)
    text = _INVISIBLE.sub("", text)
    if text.isascii():
        return text
    # translate() raises and catches a KeyError for every other character: look first.
    if any(form in text for form in _PRINT_FORM_CHARS):
        text = text.translate(_PRINT_FORMS)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if ("Ã" in text or "â€" in text or "Â" in text) and _MOJIBAKE.search(text):
        text = _MOJIBAKE.sub(_repair, text)
    return text


def needs_fixing(text: str) -> bool:
    """A first look in C: whether a text holds any character fix_characters would change."""
    try:
        return bool(text.encode("cp1252").translate(None, _PLAIN))
    except UnicodeEncodeError:
        return True


def collapse(text: str) -> str:
    """Collapse whitespace and tighten spaces inside parentheses."""
    # str.split() splits at every Unicode space, the no-break space included; a text with
    # single ASCII spaces only inside it (all other spaces are unprintable) needs no split.
    text = text.strip()
    if "  " in text or not text.isprintable():
        text = " ".join(text.split())
    if "( " in text or " )" in text:
        text = text.replace("( ", "(").replace(" )", ")")
    return text


def _continues(line: str, following: str) -> bool:
    """Whether a line break between two lines falls inside a sentence."""
    if following.startswith(")") or line.endswith(("-", ",", ";", "–")):
        return True
    if line.endswith(_SENTENCE_END):
        return False
    first = following[:1]
    if first.islower() or first in ",;()":
        return True
    # A long line that stops mid-sentence goes on ("… Ausflüge an den<br>Stadtrand, …"),
    # unless it is a line of facts.
    return (
        len(line) >= 60
        and not following.endswith(":")
        and not any(
            pattern.search(line)
            for pattern in (selectors.FACT_LABEL, selectors.FACT_DATA, selectors.FACT_SEPARATOR)
        )
    )


def paragraphs(text: str, soft_breaks: bool | None = None) -> list[str]:
    """Split block text (its characters fixed already) into paragraphs.

    Blank lines always separate. A single line break separates too (the site puts one
    between paragraphs) unless it falls inside a sentence; with ``soft_breaks`` (None:
    decide from this text, see :func:`has_soft_breaks`) it only separates lines that are
    no story text.
    """
    if "(" in text and "\n" in text:
        text = _BREAK_BEFORE_CLOSING.sub(")", _BREAK_AFTER_OPENING.sub("(", text))
    if "\n" not in text:
        line = collapse(text)
        return [line] if line else []
    chunks = [[collapse(line) for line in chunk.split("\n")] for chunk in _BLANK_LINE.split(text)]
    if soft_breaks is None:
        soft_breaks = _soft_breaks(chunks, "\n\n" in text.replace(" ", ""))
    result = []
    for chunk in chunks:
        lines = [line for line in chunk if line]
        if not lines:
            continue
        current = previous = lines[0]
        for line in lines[1:]:
            if (
                (soft_breaks and _joinable(previous, line))
                or _continues(previous, line)
                or current.count("(") > current.count(")")
            ):
                current = _join(current, line)
                # A word broken at the line's end belongs to both lines: they are one line.
                previous = _join(previous, line) if previous.endswith("-") else line
            else:
                result.append(current)
                current = previous = line
        result.append(current)
    return result


def _join(left: str, right: str) -> str:
    if left.endswith("(") or right.startswith(")"):
        return left + right
    # "Stunt-\nfahrer" was one word before the wrap; "Ost-\nBerlin" keeps its hyphen.
    if left.endswith("-") and left[-2:-1].isalpha():
        return left[:-1] + right if right[:1].islower() else left + right
    return f"{left} {right}"


def has_soft_breaks(text: str) -> bool:
    """Whether single line breaks in a text fall inside paragraphs.

    So they do in text wrapped at a fixed width (a press release copied with its line
    breaks: many lines of 40 to 100 characters that stop mid-sentence) and in text with one
    sentence a line and blank lines between paragraphs. A browser copy of the site has one
    line per paragraph, several sentences each (and a break after "(" that says nothing).
    """
    if "\n" not in text:
        return False
    chunks = [[line.strip() for line in chunk.split("\n")] for chunk in _BLANK_LINE.split(text)]
    # A break after "(" (before a linked actor) is the mark of a browser's copy, which has
    # one line a paragraph: no wrap breaks a line there.
    if sum(line.endswith("(") for lines in chunks for line in lines) >= 2:
        return False
    return _soft_breaks(chunks, "\n\n" in text.replace(" ", ""))


def _sentences_inside(line: str) -> bool:
    """Whether a sentence ends inside the line, before its end."""
    return _SENTENCE_INSIDE.search(line) is not None


def _soft_breaks(chunks: list[list[str]], blank_lines: bool) -> bool:
    wrapped = long = single = several = 0
    for lines in chunks:
        for line in lines:
            if len(line) > 120:
                long += 1
            elif len(line) >= 40 and not line.endswith(_WRAP_END):
                wrapped += 1
    if wrapped >= 2 and wrapped > long:
        return True
    if not blank_lines:
        return False
    for lines in chunks:
        if len(lines) > 1:
            for line in lines:
                if line.count(" ") >= 5 and line.endswith(_SENTENCE_END):
                    if _sentences_inside(line):
                        several += 1
                    else:
                        single += 1
    return single >= 3 and single > 2 * several


_OWN_LINES = (
    selectors.FACT_LABEL,
    selectors.AUTHOR,
    selectors.UPDATED,
    selectors.MORE_LINK,
    selectors.REACTION,
)
# Markdown and list marks at a line's start, emphasis around words: "## Inhalt",
# "- **Regie:** Fritz Lang", "> Quelle: …" (a note or a mail keeps them in its text copy).
_LINE_MARKUP = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*•][ \t]+)+", re.MULTILINE)
_EMPHASIS = re.compile(r"\*\*|__")


def is_facts_row(line: str) -> bool:
    """ "D 2023 · 112 Min. · FSK 6 · Regie: …", "Do 17:30 · Fr 20:15": facts, not story."""
    return bool(
        ("·" in line or "|" in line or "•" in line)
        and selectors.FACT_SEPARATOR.search(line)
        and selectors.FACT_DATA.search(line)
    )


def _is_section_line(line: str) -> bool:
    """A line that names a section of a text copy: "INHALT", "Kritik", "Kurzinhalt"."""
    line = line.strip()
    return (
        0 < len(line) <= 40
        and not line.endswith((".", "!", "?"))
        and any(
            pattern.match(line)
            for pattern in (
                selectors.SECTION_HEADING,
                selectors.SECTION_STOP,
                selectors.TEASER_HEADING,
                selectors.SHORT_SYNOPSIS_HEADING,
            )
        )
    )


def _joinable(line: str, following: str) -> bool:
    """Lines that can be parts of one paragraph: story text, no heading, author, date,
    label, footer or "mehr ..." line."""
    if len(line) < 40 and (not line.endswith(_SENTENCE_END) or line.endswith(":")):
        return False  # a heading, a title or a label: "Dune: Part Two (2024)", "Über uns:"
    return not any(
        pattern.match(part)
        or selectors.BOILERPLATE_LINE.search(part)
        or selectors.FOOTER_WORD.search(part)
        or selectors.REACTION.search(part)
        for part in (line, following)
        for pattern in _OWN_LINES
    )


@dataclass(slots=True)
class TextPage:
    blocks: list[Block]
    hrefs: list[str]  # the targets of the text's Markdown links, by link number
    url: str | None  # where the text says it came from: a PDF's printed foot, front matter

    def href(self, number: int) -> str | None:
        return self.hrefs[number] if number < len(self.hrefs) else None


def read_text(text: str) -> TextPage:
    """The plain-text form: every line group between blank lines is a block, and every line
    alone that heads a section ("INHALT", a divider) is a heading of its own."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    url = None
    if text.startswith("---\n") and (front := _FRONT_MATTER.match(text)):
        # An export's front matter ("canonical: https://…") says where the page came from.
        found = _FRONT_MATTER_URL.search(front.group(1))
        url = found.group(1) if found else None
        text = text[front.end() :]
    if printed := _PRINT_FOOT.search(text):
        # A PDF's page breaks fall inside paragraphs, even inside words.
        url = url or printed.group(1)
        text = _PRINT_HEAD.sub("", _PRINT_FOOT.sub("", text))
    if "\f" in text:
        text = _PAGE_BREAK.sub(_page_break, text)
    # A text browser's dump numbers links: "([7]Götz George)".
    text = _LINK_NUMBER.sub("", text)
    hrefs: list[str] = []
    if "](" in text:
        text = _MARKDOWN_LINK.sub(lambda link: _unlink(link, hrefs), text)
    if "#" in text or ">" in text or "*" in text or "_" in text or "\n-" in text or "•" in text:
        text = _EMPHASIS.sub("", _LINE_MARKUP.sub("", text))
    text = fix_characters(text)
    blocks = []
    for chunk in _BLANK_LINE.split(text):
        lines: list[str] = []
        for index, line in enumerate(chunk_lines := chunk.strip("\n").split("\n")):
            # A section line heads a block, alone or over its text; inside a group of short
            # lines it is an entry of a menu ("Darsteller").
            following = chunk_lines[index + 1] if index + 1 < len(chunk_lines) else ""
            heads = index == 0 and (not following or len(following) >= 40)
            if heads and _is_section_line(line):
                if any(lines):
                    blocks.append(_block(lines))
                blocks.append(Block(line.strip(), heading=SECTION_LINE))
                lines = []
            else:
                lines.append(line)
        if any(line.strip() for line in lines):
            blocks.append(_block(lines))
    return TextPage(blocks, hrefs, url)


def _unlink(link: re.Match[str], hrefs: list[str]) -> str:
    """A Markdown link's text, marked with its number; an image goes."""
    if link.group().startswith("!"):
        return ""
    hrefs.append(link.group(2))
    return f"{_LINK}{len(hrefs) - 1}{_LINK}{link.group(1)}{_LINK_END}"


def _block(lines: list[str]) -> Block:
    text = "\n".join(lines)
    if _LINK not in text:
        return Block(text)
    links = [(link.group(2), int(link.group(1))) for link in _MARKED_LINK.finditer(text)]
    return Block(_MARKED_LINK.sub(r"\2", text), links)
