"""Saved pages to parse: files, folders (recursively), gzip files and WARC archives."""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scraper.config import MAX_SIZE, MB

_GZIP_MAGIC = b"\x1f\x8b"
# What a folder walk picks up: pages a browser or a crawler saves, plain or gzipped.
PAGE_SUFFIXES = frozenset(".html .htm .xhtml .shtml .php .asp .txt".split())
_SUFFIX_LIST = ", ".join(sorted(PAGE_SUFFIXES))
# Byte order marks of UTF-16 and UTF-32 text, whose bytes hold NULs; other pages have none.
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True, slots=True)
class SavedPage:
    source: str  # the path as the user gave it (a file inside a given folder: below it)
    data: bytes
    url: str | None = None
    content_type: str | None = None
    crawled: bool = False  # out of a WARC file: a page that asks not to be stored is not
    robots: str | None = None  # its X-Robots-Tag header

    @property
    def name(self) -> str:
        """The page in a message: its file, and its URL when it came out of a WARC file."""
        return f"{self.source}: {self.url}" if self.url else self.source


@dataclass(frozen=True, slots=True)
class Unreadable:
    source: str
    reason: str


class TooLarge(ValueError):
    """A saved page over the size cap; the message is one line."""


def read_input(path: Path, max_size: int = MAX_SIZE) -> bytes:
    """The page bytes of a saved file, gunzipped when compressed.

    Raises TooLarge past ``max_size`` bytes (decompressed): a gzip file is read as a stream,
    so a bomb stops there.
    """
    with path.open("rb") as file:
        compressed = file.read(2) == _GZIP_MAGIC
        file.seek(0)
        if compressed:
            with gzip.GzipFile(fileobj=file) as unpacked:
                data = unpacked.read(max_size + 1)
            if len(data) > max_size:
                raise TooLarge(f"too large (over {max_size / MB:g} MB decompressed)")
            return data
        size = os.fstat(file.fileno()).st_size
        if size > max_size:
            raise TooLarge(f"too large ({size / MB:.1f} MB > {max_size / MB:g} MB)")
        return file.read()


def _is_warc(path: Path) -> bool:
    return path.name.lower().endswith((".warc", ".warc.gz"))


def is_one_page(given: str) -> bool:
    """Whether an input names one page: not a folder, not a WARC file (whose pages are many)."""
    return not Path(given).is_dir() and not _is_warc(Path(given))


def _is_page(path: Path) -> bool:
    suffixes = [suffix.lower() for suffix in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return (bool(suffixes) and suffixes[-1] in PAGE_SUFFIXES) or _is_warc(path)


def _files(given: str) -> Iterator[tuple[str, Path] | Unreadable]:
    path = Path(given)
    if path.is_dir():
        found = False
        for file in sorted(path.rglob("*")):
            if file.is_file() and _is_page(file):
                found = True
                yield str(Path(given) / file.relative_to(path)), file
        if not found:
            yield Unreadable(given, f"no saved pages in this folder ({_SUFFIX_LIST}, .warc)")
    elif path.is_file():
        yield given, path
    elif path.exists():
        yield Unreadable(given, "not a file or folder")
    else:
        yield Unreadable(given, "no such file or folder")


def _reason(error: Exception) -> str:
    if isinstance(error, (EOFError, zlib.error, gzip.BadGzipFile)):
        return f"broken gzip file ({error or 'cut short'})"
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


def iter_saved_pages(paths: Iterable[str]) -> Iterator[SavedPage | Unreadable]:
    """Every page of the inputs, in order; an input that cannot be read is an Unreadable."""
    for given in paths:
        for found in _files(given):
            if isinstance(found, Unreadable):
                yield found
                continue
            source, path = found
            if _is_warc(path):
                yield from _warc_pages(source, path)
                continue
            try:
                data = read_input(path)
            except (OSError, EOFError, zlib.error, TooLarge) as error:
                yield Unreadable(source, _reason(error))
                continue
            if b"\0" in data[:4096] and not data.startswith(_WIDE_BOMS):
                yield Unreadable(source, "a binary file, not a saved page")
            else:
                yield SavedPage(source, data)


def _warc_pages(source: str, path: Path) -> Iterator[SavedPage | Unreadable]:
    from scraper.archive import ArchiveError, iter_warc_responses  # warcio only when needed

    try:
        for page in iter_warc_responses(path):
            if page.too_large:
                yield Unreadable(f"{source}: {page.url}", f"too large (over {MAX_SIZE / MB:g} MB)")
            else:
                yield SavedPage(
                    source, page.body, page.url, page.content_type, crawled=True, robots=page.robots
                )
    except (OSError, EOFError, zlib.error, ArchiveError) as error:
        yield Unreadable(source, _reason(error))
