"""A crawl on a terminal: a progress bar, a line per failed page, one line for trouble."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import click
import rich.progress
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

from scraper.crawler import Progress, Summary

ProgressHook = Callable[[Progress], None]


def run_with_progress(
    run: Callable[[ProgressHook | None], Summary], quiet: bool, db: Path
) -> Summary:
    """Run a crawl with a progress bar on a terminal and a line per failed page on stderr; the
    troubles that are not a page's (interrupted, unusable database file) as one line each."""
    console = Console(stderr=True, highlight=False)
    bar = rich.progress.Progress(
        TextColumn("crawling"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet or not console.is_terminal,
    )

    def report(step: Progress) -> None:
        if step.visit.result == "failed":
            console.print(f"failed: {step.url}: {step.visit.reason}", markup=False, soft_wrap=True)
        bar.update(task, completed=step.visited, total=step.visited + step.queued)

    try:
        with bar:
            task = bar.add_task("crawl", total=None)
            summary = run(None if quiet else report)
            # The queue is counted now and then; at the end all that was queued is done.
            bar.update(task, total=bar.tasks[0].completed)
            return summary
    except KeyboardInterrupt:
        click.echo("interrupted: run the same command again to resume", err=True)
        raise SystemExit(130) from None
    except sqlite3.Error as err:
        raise click.ClickException(f"{db}: {err}") from None
    except OSError as err:
        raise click.ClickException(str(err)) from None
