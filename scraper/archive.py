"""WARC files: the crawl appends every response to one; ``parse`` reads the pages back out.

Bodies are stored as the crawl read them, decompressed; the HTTP headers are adjusted to match
(no ``Content-Encoding`` or ``Transfer-Encoding``, a true ``Content-Length``), so any WARC
reader gets the page bytes without undoing an encoding that is no longer there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from types import TracebackType

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.config import MAX_SIZE

__all__ = ["Archive", "ArchiveError", "ArchivedPage", "iter_warc_responses"]

# Headers that describe the bytes on the wire, not the decoded body the archive stores.
_WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


class ArchiveError(ValueError):
    """A file that is not a readable WARC file; the message is one line."""


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    url: str
    content_type: str | None
    body: bytes  # empty when too large
    robots: str | None = None  # the X-Robots-Tag header
    too_large: bool = False  # the body is over the size cap, and was not read


class Archive:
    """A WARC file (gzipped per record when its name ends in ``.gz``) open for appending."""

    def __init__(self, path: Path) -> None:
        # A folder a night: `--archive "nights/$(date +%F).warc.gz"` needs no mkdir first.
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("ab")
        self._writer = WARCWriter(self._file, gzip=path.name.endswith(".gz"))
        info = {"software": "moviemaster-scraper", "format": "WARC File Format 1.1"}
        self._writer.write_record(self._writer.create_warcinfo_record(path.name, info))

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._file.close()

    def write_response(
        self,
        url: str,
        http_version: str,
        status: int,
        reason: str,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> None:
        kept = [(name, value) for name, value in headers if name.lower() not in _WIRE_HEADERS]
        http_headers = StatusAndHeaders(
            f"{status} {reason}".rstrip(),
            [*kept, ("Content-Length", str(len(body)))],
            protocol=http_version,
        )
        record = self._writer.create_warc_record(
            url, "response", payload=BytesIO(body), length=len(body), http_headers=http_headers
        )
        self._writer.write_record(record)
        # A crawl can be killed at any moment: what was written must be on disk, whole records.
        self._file.flush()


def iter_warc_responses(path: str | Path, max_size: int = MAX_SIZE) -> Iterator[ArchivedPage]:
    """The pages (2xx responses with a body) of a WARC file (``.warc`` or ``.warc.gz``), in order;
    a body over ``max_size`` bytes (decoded) is not read, and its page says so.

    Raises ArchiveError for a file that is not WARC, OSError when it cannot be read.
    """
    with Path(path).open("rb") as file:
        try:
            for record in ArchiveIterator(file):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                if not (record.http_headers.get_statuscode() or "").startswith("2"):
                    continue
                # At most one byte past the cap is decoded: a bomb inside a record stays small.
                body = record.content_stream().read(max_size + 1)
                if body:
                    yield ArchivedPage(
                        record.rec_headers.get_header("WARC-Target-URI"),
                        record.http_headers.get_header("Content-Type"),
                        body if len(body) <= max_size else b"",
                        record.http_headers.get_header("X-Robots-Tag"),
                        too_large=len(body) > max_size,
                    )
        except ArchiveLoadFailed as err:
            raise ArchiveError(f"not a WARC file: {err.msg}".splitlines()[0]) from None
