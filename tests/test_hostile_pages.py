"""Hostile inputs to `moviemaster parse` and to the parser pool: files past the caps, pages
built to stall the HTML parser, and thousands of mutated pages (hypothesis).

The mutated pages go through the pool the crawl uses, so that a page that hangs the parser
fails its example (a parse timeout) instead of hanging the suite. CI runs a short profile;
``MOVIEMASTER_HOSTILE_EXAMPLES=10000`` runs the long one.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.archive import Archive
from scraper.cli import main
from scraper.config import MB
from scraper.parsing import Page, Parsed
from scraper.pool import ParsePool
from tests.crawlsite import film_page

EXAMPLES = int(os.environ.get("MOVIEMASTER_HOSTILE_EXAMPLES", "150"))
FIXTURES = Path(__file__).parent / "fixtures"
# UTF-8 read as windows-1252 ("Ã¼" for "ü", "â€ž" for "„"), and C1 controls ("\x84" for "„").
MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|â€|Â[\u00a0-\u00bf]|[\x80-\x9f]")


def _with(page: bytes, inserted: bytes) -> bytes:
    return page.replace(b"<h1>", inserted + b"<h1>", 1)


def test_files_past_the_caps_are_refused_in_one_line(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    big.write_bytes(_with(film_page(1), b"<p>" + b"x" * (21 * MB) + b"</p>"))
    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb") as file:
        for _ in range(64):
            file.write(b"\0" * MB)
    warc = tmp_path / "night.warc.gz"
    with Archive(warc) as archive:
        for path, body in (("/huge.html", b"x" * (21 * MB)), ("/film.html", film_page(2))):
            headers = [("Content-Type", "text/html; charset=iso-8859-1")]
            archive.write_response(f"http://127.0.0.1{path}", "HTTP/1.1", 200, "OK", headers, body)
    result = CliRunner().invoke(main, ["parse", "--jobs", "1", str(big), str(bomb), str(warc)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {big}: too large (21.0 MB > 20 MB)",
        f"error: {bomb}: too large (over 20 MB decompressed)",
        f"error: {warc}: http://127.0.0.1/huge.html: too large (over 20 MB)",
    ]
    assert [line.count('"source"') for line in result.stdout.splitlines()] == [1]


@pytest.mark.parametrize(
    ("inserted", "reason"),
    [
        (b"<div>" * 200_000, "too deeply nested (over 512 elements)"),
        (b"<p>x</p>" * 30_000, "too many tags (over 50,000)"),
        (b"<ul><li>" * 10_000, "too deeply nested (over 512 elements)"),
        (b"<b>" * 3_000 + b"<li>x" * 3_000, "too deeply nested (over 512 elements)"),
        (b"<select>" + b"<option>x" * 20_000, "too many <option> elements (over 5,000)"),
        (
            b"<p>" + b"Text ohne Ende. " * 200_000,
            "too much text (3.2 million characters > 1 million)",
        ),
    ],
    ids=[
        "200k-divs",
        "60k-flat-tags",
        "nested-lists",
        "open-bold-then-items",
        "20k-options",
        "3-mb-of-text",
    ],
)
def test_pages_built_to_stall_the_parser_are_refused(
    tmp_path: Path, inserted: bytes, reason: str
) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(_with(film_page(3), inserted))
    result = CliRunner().invoke(main, ["parse", str(page)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {page}: {reason}\n"


def test_a_text_copy_longer_than_any_page_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Driver (Ryan Gossling) fährt. " * 40_000, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(page)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {page}: too much text (1.2 million characters > 1 million)\n"


@pytest.mark.parametrize(
    "inserted",
    [
        b"<p>Absatz<b>fett" * 3_000,  # paragraphs that leave their bold open
        b"<table>" + b"<tr><td>Zelle</td><td>Zelle</td></tr>" * 1_500 + b"</table>",
        b"<ul>" + b"<li>Punkt" * 5_000 + b"</ul>",
        b"<script>" + b"if (a<b && c<d) {}" * 3_000 + b"</script>",
    ],
    ids=["open-bold-in-paragraphs", "big-table", "long-list", "script-with-comparisons"],
)
def test_big_pages_of_ordinary_shape_are_parsed(tmp_path: Path, inserted: bytes) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(_with(film_page(4), inserted))
    result = CliRunner().invoke(main, ["parse", str(page)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert '"title": "Film 4"' in result.stdout


@pytest.mark.parametrize("nesting", [b"<div>" * 500, b"<span>" * 2_400], ids=["div", "span"])
def test_a_page_nested_below_the_guards_limit_is_parsed(tmp_path: Path, nesting: bytes) -> None:
    # (2,400 spans are under the tags the guard lets through unread: the parser itself must
    # take any depth, without recursion)
    page = tmp_path / "page.html"
    page.write_bytes(film_page(5)[:97] + nesting + film_page(5)[97:])
    result = CliRunner().invoke(main, ["parse", str(page)])
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.fixture(scope="module")
def pool() -> Iterator[tuple[asyncio.AbstractEventLoop, ParsePool]]:
    loop = asyncio.new_event_loop()
    # Time enough for any page on a busy machine: a page past it hangs the parser.
    pool = ParsePool(2, 10.0)
    loop.run_until_complete(pool.__aenter__())
    yield loop, pool
    loop.run_until_complete(pool.__aexit__(None, None, None))
    loop.close()


_BASES = [film_page(n) for n in range(3)] + [
    (FIXTURES / case / "page.html").read_bytes()
    for case in ("table_cp1252_meta", "nonfilm_listing_az")
    if (FIXTURES / case / "page.html").exists()
]
_TAGS = ["div", "span", "table", "ul", "li", "b", "font", "p", "td", "select", "option", "a"]
_ENCODINGS = ["utf-8", "cp1252", "utf-16", "iso-8859-15"]
_LABELS = [None, "utf-8", "iso-8859-1", "windows-1252"]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """A page with one to three mutations; and the Content-Type it comes with."""
    page = draw(st.sampled_from(_BASES))
    content_type: str | None = "text/html"
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(
                ["truncate", "encode", "nest", "tables", "attribute", "nul", "comment", "bytes"]
            )
        )
        at = draw(st.integers(0, len(page)))
        if kind == "truncate":
            page = page[:at]
        elif kind == "encode":
            text = page.decode("cp1252", "replace")
            page = text.encode(draw(st.sampled_from(_ENCODINGS)), "replace")
            label = draw(st.sampled_from(_LABELS))
            content_type = f"text/html; charset={label}" if label else None
        elif kind == "nest":
            tag = draw(st.sampled_from(_TAGS)).encode()
            depth = draw(st.sampled_from([10, 600, 6_000, 100_000]))
            page = page[:at] + b"<" + tag + b">" * 1 + (b"<" + tag + b">") * (depth - 1) + page[at:]
        elif kind == "tables":
            page = page[:at] + b"<table><tr><td>" * draw(st.integers(1, 3_000)) + page[at:]
        elif kind == "attribute":
            size = draw(st.sampled_from([1_000, 100_000, 2 * MB]))
            page = page[:at] + b'<a title="' + b"\xe4" * size + b'">x</a>' + page[at:]
        elif kind == "nul":
            page = page[:at] + b"\0" * draw(st.integers(1, 100)) + page[at:]
        elif kind == "comment":
            page = page[:at] + b"<!--" + page[at:]
        else:
            page = page[:at] + draw(st.binary(max_size=200)) + page[at:]
    return page, content_type


def _texts(parsed: Parsed) -> list[str]:
    film = parsed.film
    assert film is not None
    texts = [*film.synopsis, film.title or "", film.author or ""]
    return texts + [text for role in film.cast for text in (role.character, role.actor)]


# A failing example is megabytes long: hypothesis warns about printing it, and prints it.
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_mutated_pages_give_a_record_or_a_reason(
    pool: tuple[asyncio.AbstractEventLoop, ParsePool], case: tuple[bytes, str | None]
) -> None:
    loop, workers = pool
    data, content_type = case
    parsed = loop.run_until_complete(workers.parse(Page(data, content_type=content_type)))
    outcomes = [parsed.film is not None, parsed.skipped is not None, parsed.failed is not None]
    assert outcomes.count(True) == 1
    reason = parsed.skipped or parsed.failed
    if reason is not None:
        assert reason.strip() and "\n" not in reason
        assert not reason.startswith(("parse timeout", "parser process died")), reason
        assert not reason.startswith("parser error")
    else:
        assert not [text for text in _texts(parsed) if MOJIBAKE.search(text) or "\0" in text]
