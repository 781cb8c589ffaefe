"""A site on 127.0.0.1 whose film pages fail the ways servers and networks do: errors, resets,
silence, truncated and dripping bodies, redirect loops, huge bodies, gzip bombs, wrong content
types, lying charsets and pages built to choke a parser.

Every path's fault is fixed when the site is made, so a test knows what each page must end
as; a transient fault answers the first try only. Each connection carries one request.
"""

from __future__ import annotations

import gzip
import random
import socket
import socketserver
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass
from functools import cache

from tests.crawlsite import film_page, listing_page

MB = 1024 * 1024


@dataclass(frozen=True)
class Fault:
    name: str
    result: str  # what the page must end as: "film", "failed" or "skipped"
    reason: str = ""  # the start of its recorded reason, for "failed" and "skipped"


FAULTS = [
    Fault("http-500", "failed", "HTTP 500"),
    Fault("503-retry-after-once", "film"),
    Fault("429-retry-after-too-long", "failed", "HTTP 429 Too Many Requests: retry-after too long"),
    Fault("reset-once", "film"),
    Fault("reset", "failed", ""),
    Fault("close-without-answer", "failed", "broken response"),
    Fault("truncated-once", "film"),
    Fault("truncated", "failed", "truncated body"),
    Fault("slow-drip", "film"),
    Fault("drip-past-timeout", "failed", "no complete response in 3 s"),
    Fault("redirect-loop", "failed", "more than 5 redirects"),
    Fault("off-host-redirect", "skipped", "redirected to another host"),
    Fault("50-mb-declared", "failed", "too large (over 5,242,880 bytes on the wire)"),
    Fault("50-mb-streamed", "failed", "too large (over 5,242,880 bytes on the wire)"),
    Fault("gzip-bomb", "failed", "too large (over 20,971,520 bytes decompressed)"),
    Fault("wrong-content-type", "skipped", "content type image/jpeg"),
    Fault("utf8-labelled-latin1", "film"),
    Fault("cp1252-labelled-utf8", "film"),
    Fault("nested-divs", "failed", "too deeply nested"),
    Fault("select-of-40000-options", "failed", "too many <option> elements"),
]


@cache
def _bomb() -> bytes:
    """A gzip body of 1 KB or so that inflates to 64 MB."""
    return gzip.compress(b"\0" * (64 * MB), compresslevel=9)


def _response(status: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return f"HTTP/1.1 {status}\r\n{head}Connection: close\r\n\r\n".encode() + body


def _ok(body: bytes, content_type: str = "text/html; charset=iso-8859-1") -> bytes:
    headers = {"Content-Type": content_type, "Content-Length": str(len(body))}
    return _response("200 OK", headers, body)


class FaultSite(socketserver.ThreadingTCPServer):
    """``films`` film pages under /filme/, in listings of ten; ``share`` of them faulty."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, films: int, share: float = 0.2, seed: int = 10) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.films = films
        rng = random.Random(seed)
        faulty = sorted(rng.sample(range(films), round(films * share)))
        self.faults = {n: FAULTS[i % len(FAULTS)] for i, n in enumerate(faulty)}
        self.tries: Counter[str] = Counter()
        self.lock = threading.Lock()
        _bomb()  # made now: making it while a client waits would look like a stalled server
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def __enter__(self) -> FaultSite:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()
        self.server_close()

    def film_path(self, number: int) -> str:
        return f"/filme/film-{number}.html"

    def expected(self, number: int) -> Fault:
        return self.faults.get(number, Fault("none", "film"))

    def reply(self, path: str, conn: socket.socket) -> None:
        with self.lock:
            self.tries[path] += 1
            tries = self.tries[path]
        if path == "/robots.txt":
            conn.sendall(_ok(b"User-agent: *\nAllow: /\n", "text/plain"))
        elif path == "/":
            links = [f"/liste-{i}.html" for i in range(0, self.films, 10)]
            conn.sendall(_ok(listing_page("Filme", links)))
        elif path.startswith("/liste-"):
            first = int(path.removeprefix("/liste-").removesuffix(".html"))
            links = [self.film_path(n) for n in range(first, min(first + 10, self.films))]
            conn.sendall(_ok(listing_page(f"Liste {first}", links)))
        elif path.startswith("/filme/film-"):
            number = int(path.removeprefix("/filme/film-").removesuffix(".html"))
            fault = self.faults.get(number)
            self._film(conn, path, film_page(number, ["/"]), fault.name if fault else "", tries)
        else:  # actor pages and the like
            conn.sendall(_ok(listing_page(path, ["/"])))

    def _film(self, conn: socket.socket, path: str, page: bytes, fault: str, tries: int) -> None:
        first = tries == 1
        if fault == "http-500":
            conn.sendall(_response("500 Internal Server Error", {"Content-Length": "0"}))
        elif fault == "503-retry-after-once" and first:
            headers = {"Retry-After": "0.1", "Content-Length": "0"}
            conn.sendall(_response("503 Service Unavailable", headers))
        elif fault == "429-retry-after-too-long":
            headers = {"Retry-After": "3600", "Content-Length": "0"}
            conn.sendall(_response("429 Too Many Requests", headers))
        elif fault == "reset" or (fault == "reset-once" and first):
            # SO_LINGER with a zero timeout: close() sends a RST instead of a FIN.
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif fault == "close-without-answer":
            pass
        elif fault == "truncated" or (fault == "truncated-once" and first):
            conn.sendall(_ok(page)[: -len(page) // 2])
        elif fault in ("slow-drip", "drip-past-timeout"):
            whole = _ok(page)
            size, pause = (64, 0.02) if fault == "slow-drip" else (16, 0.1)
            try:
                for start in range(0, len(whole), size):
                    conn.sendall(whole[start : start + size])
                    time.sleep(pause)
            except OSError:
                pass  # the client gave up
        elif fault == "redirect-loop":
            conn.sendall(_response("302 Found", {"Location": path, "Content-Length": "0"}))
        elif fault == "off-host-redirect":
            elsewhere = f"http://127.0.0.2:{self.server_address[1]}{path}"
            conn.sendall(_response("302 Found", {"Location": elsewhere, "Content-Length": "0"}))
        elif fault == "50-mb-declared":
            headers = {"Content-Type": "text/html", "Content-Length": str(50 * MB)}
            self._stream(conn, _response("200 OK", headers), 50 * MB)
        elif fault == "50-mb-streamed":
            self._stream(conn, _response("200 OK", {"Content-Type": "text/html"}), 50 * MB)
        elif fault == "gzip-bomb":
            bomb = _bomb()
            headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
            conn.sendall(_response("200 OK", {**headers, "Content-Length": str(len(bomb))}, bomb))
        elif fault == "wrong-content-type":
            conn.sendall(_ok(page, "image/jpeg"))
        elif fault == "utf8-labelled-latin1":
            utf8 = page.decode("cp1252").encode("utf-8")
            conn.sendall(_ok(utf8, "text/html; charset=iso-8859-1"))
        elif fault == "cp1252-labelled-utf8":
            conn.sendall(_ok(page, "text/html; charset=utf-8"))
        elif fault == "nested-divs":
            conn.sendall(_ok(page.replace(b"<h1>", b"<div>" * 20_000 + b"<h1>", 1)))
        elif fault == "select-of-40000-options":
            select = b"<select>" + b"<option>x" * 40_000 + b"</select>"
            conn.sendall(_ok(page.replace(b"<h1>", select + b"<h1>", 1)))
        else:
            conn.sendall(_ok(page))

    def _stream(self, conn: socket.socket, head: bytes, size: int) -> None:
        chunk = b"<p>" + b"x" * (64 * 1024 - 3)
        try:
            conn.sendall(head)
            for _ in range(size // len(chunk)):
                conn.sendall(chunk)
        except OSError:
            pass  # the client stopped reading at its cap


class _Handler(socketserver.BaseRequestHandler):
    server: FaultSite

    def handle(self) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            data = self.request.recv(4096)
            if not data:
                return
            request += data
        path = request.split(b" ", 2)[1].decode("ascii", "replace")
        self.server.reply(path, self.request)
