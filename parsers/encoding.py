"""Bytes -> text, the way a browser decodes a page (and a little wiser about wrong labels)."""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_SAMPLE = 65536
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
# <meta charset="…"> or <meta http-equiv="Content-Type" content="text/html; charset=…">
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
# WHATWG Encoding Standard: these labels all mean windows-1252 in a browser.
_WINDOWS_1252_LABELS = frozenset(
    "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
    "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 latin-1 us-ascii windows-1252 x-cp1252".split()
)


def _c1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    # windows-1252 leaves five bytes undefined; browsers map them to the C1 code points.
    bad = error.object[error.start : error.end]
    return "".join(chr(b) for b in bad), error.end


codecs.register_error("moviemaster-c1", _c1_fallback)


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def _codec(label: str | None) -> str | None:
    """The Python codec for an encoding label, or None for an unknown one."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # A label like "base64" names a codec that cannot read text; a page cannot choose it.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _decode_as(data: bytes, codec: str) -> str:
    if codec == "cp1252":
        return data.decode("cp1252", "moviemaster-c1")
    return data.decode(codec, "replace")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, content_type: str | None = None) -> str:
    """Decode a page: BOM, then the HTTP charset, then <meta>, then UTF-8, then a detector.

    Two wrong labels are common on old sites and are corrected: bytes labelled
    latin-1/windows-1252 that are valid UTF-8 with non-ASCII characters (a server default
    that never matched the files), and bytes labelled UTF-8 that are not UTF-8.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")

    codec = _codec(charset_from_content_type(content_type))
    if codec is None:
        match = _META_CHARSET.search(data, 0, 4096)
        codec = _codec(match.group(1).decode("ascii", "ignore")) if match else None

    if data.isascii():
        return data.decode("ascii")
    if codec in (None, "cp1252", "utf-8") and _is_utf8(data):
        return data.decode("utf-8")
    if codec is not None and codec != "utf-8":
        return _decode_as(data, codec)
    return _decode_as(data, _detect(data))


def _detect(data: bytes) -> str:
    import charset_normalizer  # (a page that says its charset, most do, need not load it)

    # The detector reads all it is given, slowly: a sample from the first non-ASCII byte on
    # tells the charset of a page as well as the whole.
    first = _NON_ASCII.search(data)
    start = first.start() if first else 0
    best = charset_normalizer.from_bytes(data[start : start + _SAMPLE]).best()
    codec = _codec(best.encoding) if best is not None else None
    # Western single-byte guesses for German text are windows-1252 in every browser.
    if codec is None or codec.startswith(("latin", "iso8859", "cp125", "mac")):
        return "cp1252"
    return codec
