"""Hostile inputs: what each costs `moviemaster parse` in a fresh process, and what the guard
costs an ordinary page.

Usage: python benchmarks/hostile_bench.py

Builds pages meant to stall or exhaust the parser (deeply nested elements, a huge select, 20 MB
of text or of tags, a gzip bomb, a WARC file with a 1 GiB record) and runs `moviemaster parse`
on each, printing wall time, peak RSS and the line it gave. Then times the guard
(parsers/guard.py) on a generated 12 KB page and on a 58 KB one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import timeit
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.sitegen import film_page  # noqa: E402
from parsers.guard import check_page  # noqa: E402
from scraper.archive import Archive  # noqa: E402

MB = 1024 * 1024
COMMAND = [sys.executable, "-c", "from scraper.cli import main; main()", "parse"]


def _with(inserted: bytes) -> bytes:
    return film_page(1).replace(b"<h1>", inserted + b"<h1>", 1)


def _bomb(path: Path, size: int) -> None:
    """A gzip file that inflates to ``size`` bytes of a paragraph's text."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"<p>" + b"a" * (MB - 3)
    with path.open("wb") as file:
        for _ in range(size // MB):
            file.write(packer.compress(chunk))
        file.write(packer.flush())


def _warc_with_huge_record(path: Path) -> None:
    headers = [("Content-Type", "text/html; charset=iso-8859-1")]
    with Archive(path) as archive:
        archive.write_response(
            "http://127.0.0.1/a.html", "HTTP/1.1", 200, "OK", headers, film_page(1)
        )
        huge = b"<p>" + b"a" * (MB * 1024)
        archive.write_response("http://127.0.0.1/huge.html", "HTTP/1.1", 200, "OK", headers, huge)
        archive.write_response(
            "http://127.0.0.1/b.html", "HTTP/1.1", 200, "OK", headers, film_page(2)
        )


def measure(path: Path) -> tuple[float, int, str]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [*COMMAND, "--jobs", "1", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    said = process.stderr.read().decode().strip().splitlines()
    _, _, usage = os.wait4(process.pid, 0)
    line = said[-1].replace(str(path), "PATH") if said else "(a record)"
    return time.perf_counter() - started, usage.ru_maxrss, line


# What each input is, and how to make it.
INPUTS: dict[str, Callable[[], bytes]] = {
    "an ordinary film page (12 KB)": lambda: film_page(1),
    "20,000 nested <div>": lambda: _with(b"<div>" * 20_000),
    "40,000 nested <div>": lambda: _with(b"<div>" * 40_000),
    "200,000 nested <div>": lambda: _with(b"<div>" * 200_000),
    "500 nested <div>, then 49,000 <li>": lambda: _with(b"<div>" * 500 + b"<li>x" * 49_000),
    "<ul><li> nested 10,000 deep": lambda: _with(b"<ul><li>" * 10_000),
    "a <select> of 40,000 options": lambda: _with(b"<select>" + b"<option>x" * 40_000),
    "50,000 tags of table cells": lambda: _with(b"<table>" + b"<tr><td>x</td></tr>" * 12_499),
    "20 MB of text in a page": lambda: _with(b"<p>" + b"Ein Satz ohne Namen. " * (19 * MB // 21)),
    "20 MB of tags (<p>x</p>)": lambda: _with(b"<p>x</p>" * (19 * MB // 8)),
    "21 MB page": lambda: _with(b"<p>" + b"x" * (21 * MB)),
}


def build(folder: Path) -> None:
    """Write the inputs (in a process of their own: Linux hands a child the peak RSS of the
    process that forked it, and these take a gigabyte to build)."""
    for number, make in enumerate(INPUTS.values()):
        (folder / f"{number}.html").write_bytes(make())
    _bomb(folder / "bomb.html.gz", 1024 * MB)
    _warc_with_huge_record(folder / "huge.warc.gz")


def main() -> None:
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run([sys.executable, __file__, "--build", tmp], check=True)
        paths = [(label, folder / f"{n}.html") for n, label in enumerate(INPUTS)]
        bomb = folder / "bomb.html.gz"
        paths.append((f"gzip bomb: {bomb.stat().st_size / MB:.1f} MB to 1 GiB", bomb))
        paths.append(("WARC: 2 film pages and a 1 GiB record", folder / "huge.warc.gz"))
        for label, path in paths:
            seconds, rss, line = measure(path)
            print(f"{label:40} {seconds:6.2f} s {rss / 1024:6.0f} MB  {line}")

    page = film_page(7).decode("cp1252")
    longer = page * 5
    for text in (page, longer):
        number = 20_000
        seconds = min(timeit.repeat(lambda text=text: check_page(text), number=number, repeat=5))
        print(f"guard on a {len(text) / 1024:.1f} KB page: {seconds / number * 1e6:.2f} µs")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        build(Path(sys.argv[2]))
    else:
        main()
