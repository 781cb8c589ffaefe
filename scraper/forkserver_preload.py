"""Imported by the parser pool's fork server (scraper/pool.py) when it starts: every worker is
forked from a process that has loaded the parser and its word lists, so none loads them again,
and the word lists' memory pages are shared."""

from scraper.parsing import warm_up

warm_up()
