"""Limits shared by all the server's worker processes, kept in a runtime directory.

- :class:`Slots`: how many queries run at once, server-wide; more wait in a queue (up to a time
  limit, then 503 with ``Retry-After``). One lock file per slot, held with ``flock``.
- The same lock files, per client, bound how many queries one client runs at once (429 beyond).
- :class:`RateLimit`: requests per second per client, a token bucket per client in a shared
  memory-mapped table (429 with ``Retry-After`` when empty), as WSGI middleware.

Locks are held by open files, so a worker that dies (killed, crashed) frees its slots at once. A
client is its address (an IPv6 client: its /64 network); behind a reverse proxy, configure the
proxy's forwarding so that ``REMOTE_ADDR`` is the client's.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import math
import mmap
import os
import struct
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cablerdf.web.errors import TITLES, problem_body
from cablerdf.web.wsgitypes import StartResponse, WSGIApp

BUCKETS = 1 << 16  # token buckets (clients share one when their hashes collide)
BUCKET = struct.Struct("dd")  # tokens, time of the last update (monotonic clock: system-wide on Linux)
CLIENT_FILES = 4096
UNLIMITED_PATHS = ("/healthz",)


class Busy(Exception):
    """No capacity for this request now: a status (429 or 503), a message and a ``Retry-After``."""

    def __init__(self, status: int, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, {"Retry-After": str(retry_after)}


def client_key(environ: dict[str, Any]) -> str:
    """The client's address; for IPv6, its /64 network (one host has many addresses)."""
    address = str(environ.get("REMOTE_ADDR") or "-")
    return ":".join(address.split(":")[:4]) if ":" in address else address


def digest(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")


class Slots:
    """Lock-file slots under ``directory``: ``total`` server-wide, ``per_client`` for each client."""

    def __init__(self, directory: Path, total: int, per_client: int) -> None:
        self.directory, self.total, self.per_client = directory, total, per_client
        (directory / "slots").mkdir(parents=True, exist_ok=True)
        (directory / "clients").mkdir(parents=True, exist_ok=True)

    @contextlib.contextmanager
    def hold(self, client: str, wait: float) -> Iterator[None]:
        """A slot of the client's and one of the server's, waiting up to ``wait`` s for the latter."""
        with contextlib.ExitStack() as held:
            if self.per_client > 0:
                files = [f"clients/{digest(client) % CLIENT_FILES}-{i}" for i in range(self.per_client)]
                if not held.enter_context(self.first_free(files, 0.0)):
                    raise Busy(429, f"at most {self.per_client} queries of one client run at once; "
                                    "wait for yours to finish", 1)
            if self.total > 0:
                files = [f"slots/{i}" for i in range(self.total)]
                if not held.enter_context(self.first_free(files, wait)):
                    raise Busy(503, f"the server is busy: {self.total} queries are running and the queue "
                                    f"did not move within {wait:g} s", 5)
            yield

    @contextlib.contextmanager
    def first_free(self, names: list[str], wait: float) -> Iterator[bool]:
        """Lock the first free file of ``names``, retrying until ``wait`` s have passed; yields
        whether one was locked (and unlocks it on exit)."""
        deadline, pause = time.monotonic() + wait, 0.002
        while True:
            for name in names:
                fd = os.open(self.directory / name, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    continue
                try:
                    yield True
                finally:
                    os.close(fd)  # closing the file releases the lock
                return
            if time.monotonic() >= deadline:
                yield False
                return
            time.sleep(pause)
            pause = min(pause * 2, 0.05)


class Buckets:
    """Token buckets in a file shared by the worker processes: ``rate`` per second, up to ``burst``."""

    def __init__(self, path: Path, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        if os.fstat(self.fd).st_size < BUCKETS * BUCKET.size:
            os.ftruncate(self.fd, BUCKETS * BUCKET.size)
        self.map = mmap.mmap(self.fd, BUCKETS * BUCKET.size)

    def take(self, client: str) -> float:
        """Take a token for ``client``: 0 if there was one, else the seconds until there is."""
        offset = (digest(client) % BUCKETS) * BUCKET.size
        fcntl.lockf(self.fd, fcntl.LOCK_EX, BUCKET.size, offset)
        try:
            tokens, stamp = BUCKET.unpack_from(self.map, offset)
            now = time.monotonic()
            tokens = self.burst if stamp == 0 or stamp > now else min(self.burst, tokens + (now - stamp) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            BUCKET.pack_into(self.map, offset, tokens - 1 if tokens >= 1 else tokens, now)
            return wait
        finally:
            fcntl.lockf(self.fd, fcntl.LOCK_UN, BUCKET.size, offset)


class RateLimit:
    """WSGI middleware: 429 with ``Retry-After`` for a client past its request rate."""

    def __init__(self, wsgi: WSGIApp, buckets: Buckets) -> None:
        self.wsgi, self.buckets = wsgi, buckets

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") in UNLIMITED_PATHS:
            return self.wsgi(environ, start_response)
        wait = self.buckets.take(client_key(environ))
        if wait <= 0:
            return self.wsgi(environ, start_response)
        seconds = max(1, math.ceil(wait))
        detail = (f"too many requests from your address: at most {self.buckets.rate:g} per second "
                  f"(bursts of {self.buckets.burst:g}); retry in {seconds} s")
        return refuse(environ, start_response, 429, detail, [("Retry-After", str(seconds))])


class BodyLimit:
    """WSGI middleware for chunked request bodies (no ``Content-Length``), which Werkzeug would cut at
    its limit without a word: one longer than ``limit`` gets 413; a shorter one is read here and
    handed on with its length."""

    def __init__(self, wsgi: WSGIApp, limit: int) -> None:
        self.wsgi, self.limit = wsgi, limit

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            return self.wsgi(environ, start_response)
        data = environ["wsgi.input"].read(self.limit + 1)
        if len(data) > self.limit:
            return refuse(environ, start_response, 413, f"the request body is over the limit of {self.limit} bytes; "
                                                        "query through GET, or split the request", [])
        environ.update({"wsgi.input": io.BytesIO(data), "CONTENT_LENGTH": str(len(data)),
                        "wsgi.input_terminated": False})
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.wsgi(environ, start_response)


def refuse(environ: dict[str, Any], start_response: StartResponse, status: int, detail: str,
           headers: list[tuple[str, str]]) -> Iterable[bytes]:
    """An error answered by middleware, in the app's one error shape."""
    body, content_type = problem_body(status, detail, environ.get("HTTP_ACCEPT"))
    start_response(f"{status} {TITLES.get(status, 'Error')}", [
        ("Content-Type", content_type), ("Content-Length", str(len(body))), *headers, ("Vary", "Accept"),
        ("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", "Retry-After"),
        ("X-Content-Type-Options", "nosniff")])
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


def runtime_directory(configured: str | None, store: str) -> Path:
    """Where the shared limit files live: configured, else a directory per store under the temp dir."""
    if configured:
        return Path(configured)
    import tempfile

    name = hashlib.sha256(os.path.abspath(store).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"cablerdf-{os.getuid()}-{name}"
