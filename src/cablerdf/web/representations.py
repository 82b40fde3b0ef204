"""Rendered documents: serialisation, a bounded per-process cache, validators and conditional GETs.

A document is rendered once per process and data version: the body and every header of its 200
response are kept in an LRU cache keyed by (store, data version, path, page), so a repeated request
costs a dictionary look-up and a ``Response``. The ETag is a digest of the data version, the URL, the
format and the body's bytes; ``Last-Modified`` is the data version's time. ``If-None-Match`` (weak
comparison) and, without it, ``If-Modified-Since`` give 304 with the same validators and headers.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar, cast

import pyoxigraph
from flask import Response, current_app, request
from pyoxigraph import Quad, RdfFormat, Triple
from werkzeug.http import http_date, parse_date

from cablerdf.iris import PREFIXES
from cablerdf.rdfio import JsonLdWriter, context
from cablerdf.web import context as web_context
from cablerdf.web.documents import HYDRA
from cablerdf.web.negotiation import FORMATS

CACHE_CONTROL = "public, max-age=3600"
TURTLE_PREFIXES = {**PREFIXES, "hydra": HYDRA}
OXIGRAPH = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "rdf": RdfFormat.RDF_XML}
K = TypeVar("K")
T = TypeVar("T")


class LRU(Generic[K, T]):
    """A small thread-safe LRU map, bounded by entries and by the summed ``size`` of the values."""

    def __init__(self, entries: int, max_bytes: int, size: Callable[[T], int] = lambda _: 0) -> None:
        self.entries, self.max_bytes, self.size = entries, max_bytes, size
        self.data: OrderedDict[K, T] = OrderedDict()
        self.bytes = 0
        self.lock = threading.Lock()

    def get(self, key: K) -> T | None:
        with self.lock:
            value = self.data.get(key)
            if value is not None:
                self.data.move_to_end(key)
            return value

    def put(self, key: K, value: T) -> None:
        with self.lock:
            old = self.data.pop(key, None)
            if old is not None:
                self.bytes -= self.size(old)
            self.data[key] = value
            self.bytes += self.size(value)
            while len(self.data) > self.entries or (self.bytes > self.max_bytes and len(self.data) > 1):
                _, dropped = self.data.popitem(last=False)
                self.bytes -= self.size(dropped)

    def clear(self) -> None:
        with self.lock:
            self.data.clear()
            self.bytes = 0


@dataclass(frozen=True, slots=True)
class Rendered:
    """A 200 response ready to send again: body and headers (validators included)."""

    body: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    modified: datetime


RENDERED: LRU[tuple[str, ...], Rendered] = LRU(2000, 128 << 20, lambda r: len(r.body) + 512)
MARK = "cablerdf.cacheable"


@dataclass(frozen=True, slots=True)
class Mark:
    """That a response may be replayed by :mod:`cablerdf.web.fastpath`, and how to revalidate it."""

    varies: bool  # with the Accept header
    etag: str | None = None
    modified: datetime | None = None


def mark(varies: bool, etag: str | None = None, modified: datetime | None = None) -> None:
    """Let the response cache keep this request's response (a 200 document or a 303)."""
    request.environ[MARK] = Mark(varies, etag, modified)


def cache_key(*parts: str) -> tuple[str, ...]:
    """The key of the current request's document: store, base, data version, then ``parts``."""
    config = current_app.config
    return config["STORE"], config["BASE"], web_context.version().tag, *parts


def etag(body: bytes, *parts: str) -> str:
    """A strong validator: the data version, the URL (with query), the format, and the bytes themselves
    (so that new code rendering the same data differently is not answered with a stale 304)."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update("\x00".join((web_context.version().tag, *parts, "")).encode("utf-8"))
    digest.update(body)
    return '"' + digest.hexdigest() + '"'


def rendered(body: bytes, fmt: str, url: str, extra: Iterable[tuple[str, str]] = ()) -> Rendered:
    """A 200 response for ``body`` in format ``fmt`` at ``url`` (the document's own URL)."""
    version = web_context.version()
    tag = etag(body, url, fmt)
    headers = (("Content-Type", FORMATS[fmt].content_type), ("ETag", tag),
               ("Last-Modified", http_date(version.modified)), ("Cache-Control", CACHE_CONTROL), *extra)
    return Rendered(body, headers, tag, version.modified.replace(microsecond=0))


def respond(document: Rendered) -> Response:
    """The document, or 304 when the client's copy is current (HEAD: same headers, no body)."""
    mark(False, document.etag, document.modified)
    if is_fresh(document.etag, document.modified, request.environ):
        headers = [(k, v) for k, v in document.headers if k != "Content-Type"]
        return Response(status=304, headers=headers)
    return Response(document.body, 200, document.headers)


def is_fresh(etag: str | None, modified: datetime | None, environ: Mapping[str, Any]) -> bool:
    """Whether a request's validators (``If-None-Match`` wins over ``If-Modified-Since``) match a
    response's; shared by the views and by :mod:`cablerdf.web.fastpath`, which has only the environ."""
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match is not None:
        return etag is not None and etag_matches(match, etag)
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since and modified is not None:
        when = parse_date(since)
        return when is not None and modified <= when
    return False


def etag_matches(header: str, tag: str) -> bool:
    """Weak comparison (RFC 9110 §13.1.2): ``*``, or any listed tag equal once ``W/`` is dropped."""
    for item in header.split(","):
        value = item.strip()
        if value == "*" or value.removeprefix("W/") == tag:
            return True
    return False


# ---- serialisation ------------------------------------------------------------------------------


def ordered(triples: Sequence[Triple], first: Sequence[object]) -> list[Triple]:
    """The ``first`` subjects' statements first, then the rest in their order.

    Statements read from the store come grouped by subject (index order), so Turtle still writes
    each subject once; this only moves the document's and the topic's statements to the top.
    """
    head = [t for s in first for t in triples if t.subject == s]
    wanted = set(first)
    return head + [t for t in triples if t.subject not in wanted]


def serialize(triples: Sequence[Triple], fmt: str) -> bytes:
    """Turtle (with prefixes), N-Triples, RDF/XML or compacted JSON-LD with the context inline."""
    if fmt == "jsonld":
        out = io.BytesIO()
        writer = JsonLdWriter(out, context())
        writer.start()
        writer.write(cast(Sequence[Quad], triples))
        writer.finish()
        return out.getvalue()
    prefixes = TURTLE_PREFIXES if fmt in ("ttl", "rdf") else None
    data = pyoxigraph.serialize(triples, None, OXIGRAPH[fmt], prefixes=prefixes)
    assert data is not None
    return data


def link_header(links: Iterable[tuple[str, str, str | None]]) -> str:
    """``<url>; rel="alternate"; type="text/turtle", …`` from (url, rel, media type) triples."""
    return ", ".join(f'<{url}>; rel="{rel}"' + (f'; type="{kind}"' if kind else "") for url, rel, kind in links)
