"""The `moviemaster` command: thin wrappers over the library's functions."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from scraper.config import CrawlConfig
    from scraper.crawler import Summary
    from scraper.progress import ProgressHook

# Each command imports what it needs when it runs: `moviemaster parse` on one saved page
# should not wait for the crawler's, Datasette's or rich's imports.
FORMATS = ("jsonl", "json", "table")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="moviemaster-scraper")
def main() -> None:
    """Crawl and parse moviemaster.de film pages into a SQLite database."""


@main.command("parse", short_help="Parse saved pages into film records.")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Print records as JSON lines, one JSON array, or a table.  "
    "[default: jsonl; nothing with --db]",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the film records into this SQLite database.",
)
@click.option("--url", help="The address the page came from (one input only).")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    help="Parser processes for many pages; 1 parses in this process.",
)
def parse_command(
    inputs: tuple[str, ...], fmt: str | None, db: Path | None, url: str | None, jobs: int
) -> None:
    """Parse saved pages: files, folders (recursively), .gz, .warc and .warc.gz archives.

    Pages that are no film pages are reported as "skipped: PATH: reason" on stderr, inputs
    that cannot be read or give an invalid record as "error: PATH: reason". Exit status 0 when
    every input was read, 1 when some could not be, 2 for a usage error.
    """
    from scraper import output
    from scraper.inputs import is_one_page
    from scraper.parse import parse_saved_pages

    if url is not None and (len(inputs) > 1 or not is_one_page(inputs[0])):
        raise click.UsageError(
            "--url names the address of one page: give one saved page with it (not a folder"
            " or a WARC file, whose pages have addresses of their own)"
        )
    printer = output.Printer(fmt or ("jsonl" if db is None else output.SILENT), sys.stdout)
    try:
        counts = parse_saved_pages(inputs, printer, db=db, url=url, report=_report, jobs=jobs)
    except sqlite3.Error as err:
        # (the writer, and sqlite-utils with it, is imported only when a database is written)
        from scraper.writer import database_trouble

        raise click.ClickException(f"{db}: {database_trouble(err)}") from None
    except OSError as err:  # no parser processes could be started
        raise click.ClickException(str(err)) from None
    except KeyboardInterrupt:
        # Every record written so far is whole: each is its own transaction.
        click.echo("interrupted", err=True)
        raise SystemExit(130) from None
    printer.close()
    if db is not None:
        click.echo(f"{db}: {counts.line()}", err=True)
    raise SystemExit(1 if counts.errors else 0)


def _this_command() -> str:
    """How to call this command again: by name when it is on the PATH, else by its path (right
    after set-up the virtualenv is not activated)."""
    import shutil

    path = Path(sys.argv[0])
    on_path = shutil.which("moviemaster")
    if path.name != "moviemaster" or (on_path and Path(on_path).samefile(path)):
        return "moviemaster"
    return str(path)


def _report(kind: str, source: str, reason: str) -> None:
    click.echo(f"{kind}: {source}: {reason}", err=True)


@main.command("crawl", short_help="Crawl the site into the database, politely.")
@click.argument("start_urls", nargs=-1, metavar="[START_URL]...")
@click.option(
    "--db", type=click.Path(dir_okay=False), help="SQLite database.  [default: moviemaster.db]"
)
@click.option("--concurrency", type=int, help="Requests at once, per host.  [default: 2]")
@click.option(
    "--rate", type=float, help="Requests per second, per host; 0: no limit.  [default: 1]"
)
@click.option(
    "--max-pages", type=int, help="Pause after visiting this many pages; the next run goes on."
)
@click.option(
    "--budget",
    type=int,
    help="Send at most this many requests (robots.txt aside), then end the crawl: listings and "
    "new URLs first, then the pages most likely to have changed.",
)
@click.option(
    "--include", multiple=True, metavar="REGEX", help="Follow only links matching one of these."
)
@click.option(
    "--exclude", multiple=True, metavar="REGEX", help="Do not follow links matching any of these."
)
@click.option("--user-agent", help="User-Agent header: name the tool and a contact URL.")
@click.option(
    "--jobs",
    type=int,
    help="Parser processes (at most --concurrency per host).  [default: the number of cores]",
)
@click.option(
    "--archive",
    type=click.Path(dir_okay=False),
    help="Append every response to this WARC file (.warc.gz).",
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False),
    help="Append JSON lines to this file: one per visit, one per run.",
)
@click.option(
    "--summary-json",
    type=click.Path(dir_okay=False),
    help="Write the run's counts, time and exit status to this JSON file.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML file holding these settings (same names; start-urls for the START_URLs; db, "
    "archive, log-file and summary-json relative to the file) and: connect-timeout, "
    "read-timeout, total-timeout (seconds), retries, backoff, max-backoff, max-retry-after "
    "(seconds), max-download, max-size (bytes), max-redirects, parsed-types, parse-timeout "
    "(seconds). Options given win over the file.",
)
@click.option("--quiet", "-q", is_flag=True, default=None, help="No progress bar, no summary.")
def crawl_command(start_urls: tuple[str, ...], config_file: Path | None, **options: object) -> None:
    """Crawl the site (default: https://www.moviemaster.de/) into the database, politely and
    incrementally; a killed crawl resumes where it stopped. One crawl at a time: a second one
    on the same database exits at once.

    \b
    Exit status:
      0    the crawl ran to its end, or paused at --max-pages (pages
           answering 404 or 410 are counted as gone, not failed)
      1    pages failed (network errors, 5xx after the retries, timeouts,
           too large; the pages table holds the reasons), or the crawl could
           not run (its database or a file it writes is unusable)
      2    usage error
      75   another crawl is running on the database (its pid and start time
           are named)
      130  interrupted (Ctrl-C, SIGTERM); run again to resume
    """
    import asyncio
    import time

    from scraper.clock import ClockError, now
    from scraper.config import ConfigError, load_config
    from scraper.monitor import EXIT_FAILED, RunLog, end_of, run_record, write_summary
    from scraper.progress import run_with_progress

    # Options not given are None or (repeatable ones) empty: the TOML file's values stand.
    given = {"start_urls": start_urls, **options}
    settings = {name: value for name, value in given.items() if value not in (None, ())}
    try:
        config = load_config(config_file, settings)
        started = now()
    except (ConfigError, ClockError) as err:
        raise click.UsageError(str(err)) from None
    began = time.monotonic()
    try:
        log = RunLog(config.log_file) if config.log_file else None
    except OSError as err:
        raise click.ClickException(f"{config.log_file}: {err.strerror}") from None

    end = end_of(
        lambda: run_with_progress(
            lambda hook: asyncio.run(_stoppable_crawl(config, hook)),
            config.quiet,
            also=log.visit if log else None,
        ),
        config.db,
    )
    record = run_record(
        end, db=config.db, started=started, seconds=time.monotonic() - began, ended=now()
    )
    exit_status = end.exit_status
    if log is not None:
        log.run(record)
        log.close()
    if end.troubled or not config.quiet:
        click.echo(end.message, err=end.troubled)
    if config.summary_json is not None:
        try:
            write_summary(config.summary_json, record)
        except OSError as err:
            click.echo(f"Error: {config.summary_json}: {err.strerror}", err=True)
            exit_status = exit_status or EXIT_FAILED
    raise SystemExit(exit_status)


async def _stoppable_crawl(config: CrawlConfig, hook: ProgressHook | None) -> Summary:
    """The crawl, stopped by SIGTERM (systemctl stop, a time limit) as by Ctrl-C: cleanly, with
    what it did counted."""
    import asyncio
    import signal

    from scraper.crawler import crawl

    loop, task = asyncio.get_running_loop(), asyncio.current_task()
    assert task is not None
    loop.add_signal_handler(signal.SIGTERM, task.cancel)
    try:
        return await crawl(config, hook)
    finally:
        loop.remove_signal_handler(signal.SIGTERM)


@main.command("demo", short_help="Crawl the bundled sample site into demo.db.")
@click.option(
    "--db",
    default="demo.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The database: an earlier demo's is crawled again, any other file left alone.",
)
@click.option(
    "--edited",
    is_flag=True,
    help="Serve the site as a later night finds it: one film's text edited, one film's page "
    "removed (then see `moviemaster history`).",
)
def demo_command(db: Path, edited: bool) -> None:
    """Serve the bundled sample site on 127.0.0.1 and crawl it into a database.

    The site has one broken link on purpose: its page is counted as gone. Exit status as for
    `moviemaster crawl`: 0 when the crawl ran to its end.
    """
    import shlex

    from scraper import demo
    from scraper.history import changed_titles
    from scraper.monitor import end_of
    from scraper.progress import run_with_progress

    try:
        end = end_of(
            lambda: run_with_progress(lambda hook: demo.run(db, hook, edited=edited), False), db
        )
    except demo.NotADemoDatabase as error:
        raise click.ClickException(str(error)) from None
    click.echo(end.message, err=end.troubled)
    if end.summary is not None:
        command = _this_command()
        for title in changed_titles(db, end.summary.crawl):
            click.echo(f"see what changed: {command} history {shlex.quote(title)} --db {db}")
        click.echo(f"explore it: {command} serve --db {db}")
    raise SystemExit(end.exit_status)


@main.command("history", short_help="Show how a film's record changed, crawl by crawl.")
@click.argument("film")
@click.option(
    "--db",
    default="moviemaster.db",
    show_default=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The database.",
)
def history_command(film: str, db: Path) -> None:
    """Print every change of a film's record as a readable diff, oldest first: FILM is its
    URL or its title (whole, or a part that only one title holds).

    Paragraphs show their words removed as [-…-] and added as {+…+}; roles and paragraphs
    removed or added whole start with - or +. Exit status 0, or 1 when no film (or more than
    one, by a part of a title) matches.
    """
    from scraper.history import FilmNotFound, history

    try:
        click.echo(history(db, film), nl=False)
    except FilmNotFound as error:
        raise click.ClickException(str(error)) from None
    except sqlite3.Error as error:
        raise click.ClickException(f"{db}: {error}") from None


@main.command("serve", short_help="Explore the database in Datasette.")
@click.option(
    "--db",
    default="moviemaster.db",
    show_default=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The database to serve (migrated to the current shape first).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port."
)
def serve_command(db: Path, host: str, port: int) -> None:
    """Explore the database in Datasette, with the bundled metadata: labels, facets,
    full-text search and canned queries."""
    from scraper.serve import NotOurDatabase, serve

    try:
        serve(db, host=host, port=port)
    except NotOurDatabase as error:
        raise click.ClickException(str(error)) from None
    except sqlite3.Error as error:
        raise click.ClickException(f"{db}: {error}") from None
