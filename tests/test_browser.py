"""The demo database in a real browser: Debian's Chromium, driven by Playwright, on a real
`moviemaster serve`. Skipped, saying why, where Chromium is not installed."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from scraper import demo
from tests.served import serving

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parents[1] / "scripts" / "screenshots.py"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's Chromium is not installed (apt-get install chromium)"
)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install playwright)"
)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    demo.run(path)
    return path


@pytest.fixture
def page(demo_db: Path) -> Iterator[tuple[str, sync_api.Page]]:
    """A Chromium tab, and the address of the demo database served by `moviemaster serve`."""
    with (
        serving("moviemaster", "serve", "--db", demo_db) as served,
        sync_api.sync_playwright() as playwright,
    ):
        # No sandbox: containers and CI runners rarely allow one.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield served.base, browser.new_page()
        browser.close()


def test_a_film_page_of_the_demo_has_its_cast_and_working_links_to_people(
    demo_db: Path, page: tuple[str, sync_api.Page]
) -> None:
    base, tab = page
    with closing(sqlite3.connect(demo_db)) as connection:
        film, title = connection.execute(
            "SELECT id, title FROM films WHERE title = 'Drive'"
        ).fetchone()
        cast = connection.execute(
            "SELECT character, name FROM roles JOIN people ON people.id = person"
            " WHERE film = ? ORDER BY position",
            [film],
        ).fetchall()

    assert tab.goto(f"{base}/demo/films/{film}").ok
    rows = tab.locator("table.cast tbody tr")
    assert [tuple(rows.nth(i).locator("td").all_inner_texts()) for i in range(rows.count())] == [
        tuple(role) for role in cast
    ]

    character, actor = cast[0]
    tab.locator("table.cast").get_by_role("link", name=actor).click()
    tab.wait_for_load_state()
    assert tab.locator("h1").inner_text() == actor
    assert tab.locator("table.roles").get_by_role("link", name=title, exact=True).is_visible()

    # A character named in the synopsis leads to its row of the cast.
    tab.go_back()
    tab.locator(".synopsis a.character").first.click()
    assert tab.evaluate("location.hash") == "#role-1"
    assert tab.locator("tr:target td").first.inner_text() == character


def test_the_screenshot_script_takes_every_page(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "shots"

    result = subprocess.run(
        [sys.executable, SCREENSHOTS, demo_db, "--out", out],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    for name in ("home.png", "films.png", "film.png", "person.png", "search.png"):
        image = (out / name).read_bytes()
        assert image.startswith(b"\x89PNG") and len(image) > 10_000, name
