"""What a monitor learns of a crawl run: a JSON line per visit and per run, the run's summary
file, and the exit status, also when the run is stopped by a signal."""

from __future__ import annotations

import asyncio
import json
import re
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import main
from scraper.config import CrawlConfig
from scraper.crawler import crawl
from tests.crawlsite import (
    HeldSite,
    RecordingSite,
    content,
    crawl_process,
    film_site,
    finished,
    rows,
    write,
)


def test_the_log_has_a_line_a_visit_and_a_run_and_the_summary_the_same(tmp_path: Path) -> None:
    root = tmp_path / "site"
    film_site(root, films=2)
    write(root, {"liste-0.html": (root / "liste-0.html").read_bytes() + b'<a href="/weg.html">'})
    db, log, summary = tmp_path / "c.db", tmp_path / "crawl.jsonl", tmp_path / "last.json"
    with RecordingSite(root) as site:
        args = ["crawl", f"{site.base}/", "--db", str(db), "--rate", "0", "-q"]
        args += ["--log-file", str(log), "--summary-json", str(summary)]
        results = [CliRunner().invoke(main, args) for _ in range(2)]

    assert [(result.exit_code, result.output) for result in results] == [(0, ""), (0, "")]
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    visits = [line for line in lines if line["event"] == "visit"]
    runs = [line for line in lines if line["event"] == "run"]
    assert [line["event"] for line in lines].count("run") == 2 and lines[-1] == runs[-1]
    columns = "crawl, url, result, record, http_status, reason, film"
    stored = rows(db, f"SELECT {columns} FROM visits ORDER BY id")
    assert [tuple(line[name] for name in columns.split(", ")) for line in visits] == stored
    assert (runs[1]["crawl"], runs[1]["status"], runs[1]["exit_status"]) == (2, "done", 0)
    counts = rows(db, "SELECT not_modified, gone, failed FROM crawls WHERE id = 2")
    assert [(c["not_modified"], c["gone"], c["failed"]) for c in [runs[1]["counts"]]] == counts
    assert runs[1]["message"].startswith("crawl 2 done in ")
    # The summary file is the last run's line, replaced at each run.
    assert json.loads(summary.read_text()) == {k: v for k, v in runs[1].items() if k != "event"}
    assert not list(tmp_path.glob(".last.json*"))


def test_an_unwritable_log_is_named_before_the_crawl(tmp_path: Path) -> None:
    log = tmp_path / "missing" / "crawl.jsonl"
    args = ["crawl", "http://127.0.0.1:9/", "--db", str(tmp_path / "c.db"), "--log-file", str(log)]
    result = CliRunner().invoke(main, args)
    assert (result.exit_code, result.stderr) == (1, f"Error: {log}: No such file or directory\n")
    assert not (tmp_path / "c.db").exists()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_crawl_with_130_and_the_next_run_resumes(
    tmp_path: Path, stop: signal.Signals
) -> None:
    film_site(tmp_path / "site", films=8, per_listing=4)
    db, summary = tmp_path / "c.db", tmp_path / "last.json"
    # Ctrl-C and SIGTERM take the same way out: whether the next run resumes, once is enough.
    resumes = stop == signal.SIGTERM
    with HeldSite(tmp_path / "site") as site:
        if resumes:
            whole = CrawlConfig(start_urls=[f"{site.base}/"], db=tmp_path / "w.db", rate=0)
            asyncio.run(crawl(whole))
        site.hold(after=8)
        process = crawl_process(f"{site.base}/", db, "-q", "--summary-json", str(summary))
        assert site.holding.wait(timeout=60)
        process.send_signal(stop)
        stopped = finished(process)
        crawls = rows(db, "SELECT ended, fetched, new FROM crawls")
        site.release()
        resumed = finished(crawl_process(f"{site.base}/", db)) if resumes else None

    status, out, err = stopped
    assert (status, out) == (130, "")
    assert re.fullmatch(
        r"crawl 1 interrupted after [\d.]+ s: .*; \d+ URLs left, run the same command again to"
        r" resume\n",
        err,
    ), err
    report = json.loads(summary.read_text())
    assert (report["status"], report["exit_status"], report["crawl"]) == ("interrupted", 130, 1)
    # What it did until the signal is stored, and the summary says so.
    assert crawls == [(None, report["counts"]["fetched"], report["counts"]["new"])]
    assert report["queued"] > 0 and report["counts"]["fetched"] > 0
    if resumed is not None:
        assert resumed[0] == 0 and resumed[1].startswith("crawl 1 (resumed) done in ")
        assert content(db) == content(tmp_path / "w.db")
