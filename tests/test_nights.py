"""Crawls night after night, each in a process of its own, on a local site: a changed page
gives exactly one version and a diff naming what changed; a page that turns 404 makes its film
gone with exit status 0, and its return brings the film back."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from scraper.cli import main
from tests.crawlsite import RecordingSite, crawl_process, film_site, finished, rows

TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


def test_a_changed_page_a_gone_page_and_its_return(tmp_path: Path) -> None:
    root = tmp_path / "site"
    film_site(root, films=3)
    removed, edited = root / "filme" / "film-1.html", root / "filme" / "film-2.html"
    saved = removed.read_bytes()
    db = tmp_path / "c.db"
    with RecordingSite(root) as site:
        gone_url, changed_url = f"{site.base}/filme/film-1.html", f"{site.base}/filme/film-2.html"
        assert finished(crawl_process(f"{site.base}/", db))[0] == 0
        [(gone_id,)] = rows(db, "SELECT id FROM films WHERE key = ?", [gone_url])
        removed.unlink()
        edited.write_bytes(
            edited.read_bytes()
            .replace(b"Stuntfahrer in Film 2", b"Stuntman in Film 2")
            .replace(b"Autor/Bearbeitung: Frank Ehrlacher", b"Autor/Bearbeitung: Tom Reinders")
        )

        second = finished(crawl_process(f"{site.base}/", db))
        gone_film = rows(db, "SELECT gone_since FROM films WHERE id = ?", [gone_id])
        gone_page = rows(
            db, "SELECT result, reason, http_status, film FROM pages WHERE url = ?", [gone_url]
        )
        removed.write_bytes(saved)

        third = finished(crawl_process(f"{site.base}/", db))

    status, out, err = second
    assert status == 0
    assert "1 fetched, 7 not modified, 0 new, 1 changed, 0 unchanged, 1 gone, 0 failed" in out
    assert err == f"gone: {gone_url}: HTTP 404 Not Found\n"
    assert gone_film == [(2,)]
    assert gone_page == [("gone", "HTTP 404 Not Found", 404, gone_id)]
    status, out, err = third
    assert (status, err) == (0, "")
    assert "1 fetched, 8 not modified, 0 new, 1 changed, 0 unchanged, 0 gone, 0 failed" in out
    assert rows(db, "SELECT gone_since FROM films WHERE id = ?", [gone_id]) == [(None,)]
    assert rows(db, "SELECT count(*) FROM films") == [(3,)]
    assert rows(db, "SELECT gone FROM crawls ORDER BY id") == [(0,), (1,), (0,)]

    # One version a change: the edited film's before its edit, the gone film's before it went
    # and before it came back; the third night left the edited film alone.
    versions = "SELECT f.key, v.crawl, v.changed, v.author, v.gone_since FROM versions v"
    # Ordered by crawl and URL: pages are parsed in other processes, so written as they finish.
    assert rows(db, f"{versions} JOIN films f ON f.id = v.film ORDER BY v.crawl, f.key") == [
        (gone_url, 2, '["gone"]', "Frank Ehrlacher", None),
        (changed_url, 2, '["paragraphs", "author"]', "Frank Ehrlacher", None),
        (gone_url, 3, '["gone"]', "Frank Ehrlacher", 2),
    ]
    # Every crawl's visit of the gone page, as a revisit scheduler reads it.
    visits = "SELECT crawl, result, record, http_status FROM visits WHERE url = ? ORDER BY id"
    assert rows(db, visits, [gone_url]) == [
        (1, "film", "new", 200),
        (2, "gone", "gone", 404),
        (3, "film", "changed", 200),
    ]
    shown = CliRunner().invoke(main, ["history", changed_url, "--db", str(db)])
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert TIME.sub("TIME", shown.stdout) == (
        f"Film 2\n{changed_url}\nstored since crawl 1, TIME; changed once\n"
        "\ncrawl 2, TIME: paragraphs, author\n"
        "  paragraphs:\n"
        "    ¶1 Bernie Rose (Albert Brooks) ist [-Stuntfahrer-] {+Stuntman+} in Film 2."
        " „Ich mache das …\n"
        "  author: Frank Ehrlacher → Tom Reinders\n"
    )
