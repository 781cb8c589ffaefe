"""The `moviemaster` command: thin wrappers over the library's functions."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="moviemaster-scraper")
def main() -> None:
    """Crawl and parse moviemaster.de film pages into a SQLite database."""
