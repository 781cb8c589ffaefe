"""A crawl on a terminal: a progress bar, and a line per failed or gone page."""

from __future__ import annotations

from collections.abc import Callable

import rich.progress
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

from scraper.crawler import Progress, Summary

ProgressHook = Callable[[Progress], None]


def run_with_progress(
    run: Callable[[ProgressHook | None], Summary],
    quiet: bool,
    also: ProgressHook | None = None,
) -> Summary:
    """Run a crawl with a progress bar on a terminal and a line per failed or gone page on
    stderr (neither when ``quiet``), handing every visit to ``also`` as well (a log)."""
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
        if not quiet:
            if step.visit.result in ("failed", "gone"):
                line = f"{step.visit.result}: {step.url}: {step.visit.reason}"
                console.print(line, markup=False, soft_wrap=True)
            bar.update(task, completed=step.visited, total=step.visited + step.queued)
        if also is not None:
            also(step)

    with bar:
        task = bar.add_task("crawl", total=None)
        summary = run(None if quiet and also is None else report)
        # The queue is counted now and then; at the end all that was queued is done.
        bar.update(task, total=bar.tasks[0].completed)
        return summary
