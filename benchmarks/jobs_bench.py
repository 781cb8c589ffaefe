"""`moviemaster parse` on one core and on all: pages/s, and peak memory as the input grows.

Usage: python benchmarks/jobs_bench.py [--pages N] [--big M] [--rounds R]

Writes N (default 3000) generated old-layout film pages (benchmarks/sitegen.py) into a folder
and runs `moviemaster parse` over it, each run a fresh process so that start-up counts:
- `--jobs 1` (in this process) and `--jobs <cores>` (a pool), printing JSON lines, then the
  same with `--db` into a new database; R rounds alternating, the best reported (the machine
  is shared);
- `parse --db` over 10,000 and over M (default 100,000) pages, as WARC files (one file, not
  100,000), with the peak RSS of the parent and of the largest worker: flat when memory does
  not grow with the input.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.sitegen import film_page  # noqa: E402
from scraper.archive import Archive  # noqa: E402

COMMAND = [sys.executable, "-c", "from scraper.cli import main; main()", "parse"]


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    """The pid's descendants (the fork server and its workers)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            found += map(int, kids)
            todo += map(int, kids)
    return found


def run(args: list[str]) -> tuple[float, int, int]:
    """Run `moviemaster parse ARGS`: (seconds, parent's peak RSS, largest child's RSS) in KB;
    children are sampled every 50 ms (the parent's peak is the kernel's own figure)."""
    started = time.perf_counter()
    process = subprocess.Popen([*COMMAND, *args], stdout=subprocess.DEVNULL, cwd=ROOT)
    largest = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal largest
        while not stop.wait(0.05):
            largest = max([largest, *(_rss_kb(pid) for pid in _children(process.pid))])

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed ({status}): {' '.join(args)}")
    return seconds, usage.ru_maxrss, largest


def _warc(path: Path, pages: int) -> None:
    headers = [("Content-Type", "text/html; charset=iso-8859-1")]
    with Archive(path) as archive:
        for number in range(pages):
            url = f"http://127.0.0.1/filme/{number}.html"
            archive.write_response(url, "HTTP/1.1", 200, "OK", headers, film_page(number))


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--pages", type=int, default=3000)
    options.add_argument("--big", type=int, default=100_000)
    options.add_argument("--rounds", type=int, default=2)
    args = options.parse_args()
    cores = os.cpu_count() or 1
    print(f"load average before: {os.getloadavg()[0]:.2f} on {cores} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for number in range(args.pages):
            (folder / f"{number}.html").write_bytes(film_page(number))
        print(
            f"{args.pages} pages of {sum(len(film_page(n)) for n in range(50)) / 50 / 1024:.1f} KB"
        )
        best: dict[str, float] = {}
        for _ in range(args.rounds):
            for jobs in (1, cores):
                for db in (False, True):
                    label = f"--jobs {jobs}" + (" --db" if db else "")
                    extra = ["--db", str(Path(tmp) / f"{jobs}-{time.time()}.db")] if db else []
                    seconds, _, _ = run(["--jobs", str(jobs), *extra, str(folder)])
                    best[label] = min(best.get(label, seconds), seconds)
        for label, seconds in best.items():
            print(f"parse {label:16} {args.pages / seconds:7.0f} pages/s ({seconds:.1f} s)")
        for count in (10_000, args.big):
            warc = Path(tmp) / f"{count}.warc.gz"
            _warc(warc, count)
            db = Path(tmp) / f"rss-{count}.db"
            seconds, parent, worker = run(["--db", str(db), str(warc)])
            print(
                f"parse --db of {count:,} pages (WARC, --jobs {cores}): {seconds:.0f} s, "
                f"peak RSS {parent / 1024:.0f} MB (parent), {worker / 1024:.0f} MB (largest worker)"
            )
            warc.unlink()
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
