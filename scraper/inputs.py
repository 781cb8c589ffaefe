"""Reading saved pages: files, folders, gzip, WARC archives."""

from __future__ import annotations

import gzip
from pathlib import Path

_GZIP_MAGIC = b"\x1f\x8b"


def read_input(path: Path) -> bytes:
    """The page bytes of a saved file, gunzipped when compressed."""
    data = path.read_bytes()
    if data.startswith(_GZIP_MAGIC):
        return gzip.decompress(data)
    return data
