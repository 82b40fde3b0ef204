"""HTTP caching of the web app, in one place: ``Cache-Control``, validators, 304s and in-memory caches.

- Policy: how long clients and proxies may keep what (:func:`cache_control`, ``no-store`` for answers
  that change at each evaluation).
- Validators: one ETag recipe (:func:`etag`: the data version, the code version, what the response
  depends on, and for documents their bytes), ``Last-Modified`` the time of the last ingest; strong
  for documents and pages, weak ``W/"..."`` for SPARQL answers.
- Conditional GET: one check (:func:`is_fresh`: ``If-None-Match`` with weak comparison, else
  ``If-Modified-Since``) for every view, and for the response cache.
- :class:`~cablerdf.web.lru.LRU` (the one LRU map class, in its own module because the store cache of
  :mod:`cablerdf.web.dataset` uses it too, below this module); :class:`AppLRU` declares one per app
  (kept in ``app.extensions["cablerdf.caches"]``), such as :data:`RENDERED`, the
  documents of things rendered once per data version.
- :class:`ResponseCache`: WSGI middleware that replays the responses views mark as replayable
  (:func:`allow_replay`), installed by :func:`init_app` (``app.extensions["cablerdf.response_cache"]``).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Generic, TypeVar, cast

from flask import Flask, Response, current_app, request
from werkzeug.http import http_date, parse_date

from cablerdf import __version__
from cablerdf.store.describe import Counts, Description
from cablerdf.web import dataset
from cablerdf.web.lru import LRU, UNBOUNDED
from cablerdf.web.negotiation import content_type
from cablerdf.web.prerendered import Prerendered
from cablerdf.web.wsgitypes import Closable, StartResponse, WSGIApp

K = TypeVar("K")
V = TypeVar("V")
__all__ = ["LRU", "AppLRU"]

# ---- policy ------------------------------------------------------------------------------------------

DOCUMENT_MAX_AGE = 3600  # documents of things, their 303s and 301s
PAGE_MAX_AGE = 300  # HTML pages and the VoID description
DUMP_MAX_AGE = 3600  # dump files
SPARQL_MAX_AGE = 300  # default of the SPARQL_MAX_AGE setting: GET answers of the SPARQL endpoint
NO_STORE = "no-store"  # answers that change at each evaluation (NOW(), RAND()...)


def cache_control(max_age: int) -> str:
    return f"public, max-age={max_age}"


DOCUMENT_CACHE_CONTROL = cache_control(DOCUMENT_MAX_AGE)


def sparql_cache_control() -> str:
    return cache_control(int(current_app.config.get("SPARQL_MAX_AGE", SPARQL_MAX_AGE)))


# ---- validators and conditional GETs -----------------------------------------------------------------


def etag(*parts: str, body: bytes = b"", weak: bool = False) -> str:
    """The ETag of a response of this data version and code version that depends on ``parts`` (its URL,
    format, template...) and, for a document, on its ``body`` (so that new code rendering the same
    data differently is not answered with a stale 304)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update("\x00".join((dataset.version().tag, __version__, *parts, "")).encode("utf-8"))
    digest.update(body)
    tag = f'"{digest.hexdigest()}"'
    return "W/" + tag if weak else tag


@dataclass(frozen=True, slots=True)
class Validators:
    etag: str
    modified: datetime  # whole seconds, as Last-Modified says

    def headers(self) -> tuple[tuple[str, str], tuple[str, str]]:
        return ("ETag", self.etag), ("Last-Modified", last_modified(self.modified))

    def fresh(self) -> bool:
        """Whether the client's copy (of this request) is current."""
        return is_fresh(self.etag, self.modified, request.environ)


def validators(*parts: str, body: bytes = b"", weak: bool = False) -> Validators:
    """The :func:`etag` and ``Last-Modified`` (the data version's time) of this request's response."""
    return Validators(etag(*parts, body=body, weak=weak), dataset.version().modified.replace(microsecond=0))


@functools.lru_cache(maxsize=8)
def last_modified(moment: datetime) -> str:
    return http_date(moment)


def is_fresh(tag: str | None, modified: datetime | None, environ: Mapping[str, Any]) -> bool:
    """The conditional-GET check: whether a request's validators match a response's
    (``If-None-Match`` wins over ``If-Modified-Since``); needs only the environ."""
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match is not None:
        return tag is not None and etag_matches(match, tag)
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since and modified is not None:
        when = parse_date(since)
        return when is not None and modified.replace(microsecond=0) <= when
    return False


def etag_matches(header: str, tag: str) -> bool:
    """Weak comparison (RFC 9110 §13.1.2): ``*``, or any listed tag equal once ``W/`` is dropped."""
    own = tag.removeprefix("W/")
    return any(item.strip() == "*" or item.strip().removeprefix("W/") == own for item in header.split(","))


def conditional(response: Response, *parts: str, vary: str | None = None) -> Response:
    """Validators and caching headers for a page built from the store's data (``parts``: what else
    than the URL it depends on); turned into a 304 in place when the client's copy is current."""
    found = validators(request.full_path, *parts)
    response.headers.update(found.headers())
    response.headers.setdefault("Cache-Control", cache_control(PAGE_MAX_AGE))
    if vary:
        response.headers["Vary"] = vary
    if request.method in ("GET", "HEAD") and found.fresh():
        response.status_code = 304
    return response


# ---- LRU maps -------------------------------------------------------------------------------------


class AppLRU(Generic[K, V]):
    """An :class:`LRU` of each app, declared once (at module level) and kept in the app's extensions."""

    def __init__(self, name: str, max_entries: int = UNBOUNDED, max_size: int = UNBOUNDED,
                 size: Callable[[V], int] = lambda _: 0) -> None:
        self.name = name
        self.make: Callable[[], LRU[K, V]] = lambda: LRU(max_entries, max_size, size)

    def lru(self, app: Flask | None = None) -> LRU[K, V]:
        """The map of ``app`` (default: the current app), made on first use."""
        caches: dict[str, LRU[Any, Any]] = (app or current_app).extensions["cablerdf.caches"]
        found = caches.get(self.name)
        if found is None:
            found = caches.setdefault(self.name, self.make())  # one map even when threads race here
        return cast(LRU[K, V], found)

    def get(self, key: K) -> V | None:
        return self.lru().get(key)

    def put(self, key: K, value: V) -> None:
        self.lru().put(key, value)

    def get_or_compute(self, key: K, compute: Callable[[], V | None]) -> V | None:
        """The value of ``key``, else ``compute()``, kept unless it is None."""
        return self.lru().get_or_compute(key, compute)

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The value of ``key``, else ``make()`` (never None), kept."""
        found = self.lru().get_or_compute(key, make)
        assert found is not None
        return found


def cache_key(*parts: str) -> tuple[str, ...]:
    """A key of a per-app cache for this data version: the data version's tag, then ``parts``."""
    return dataset.version().tag, *parts


# ---- rendered documents -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rendered:
    """A 200 response ready to send again: body and headers (validators included)."""

    body: bytes
    headers: tuple[tuple[str, str], ...]
    validators: Validators


# ---- the caches of each app: every size is here ------------------------------------------------------

RENDERED: AppLRU[tuple[str, ...], Rendered] = AppLRU("rendered", 2000, 128 << 20, lambda r: len(r.body) + 512)
DESCRIPTIONS: AppLRU[tuple[str, ...], Description] = AppLRU("descriptions", 256)  # what documents say
RESOLVED: AppLRU[tuple[str, ...], str] = AppLRU("resolved names", 8192)  # a URL's name -> the stored name
LINK_COUNTS: AppLRU[tuple[str, ...], Counts] = AppLRU("link counts", 2048)  # every page of a big entity needs them
CATALOG_COUNTS: AppLRU[tuple[str, ...], Any] = AppLRU("catalog counts", max_entries=64)  # browse counts
CATALOG_MEMBERS: AppLRU[tuple[str, ...], list[str]] = AppLRU(  # a facet value's cables: about 60 MB of IRIs
    "catalog members", max_size=600_000, size=lambda members: max(1, len(members)))
RESPONSES = (4000, 16 << 20)  # the response cache: entries, bytes (rendered.sqlite holds every cable)


def rendered(body: bytes, fmt: str, url: str, extra: Iterable[tuple[str, str]] = ()) -> Rendered:
    """A 200 response for ``body`` in format ``fmt`` at ``url`` (the document's own URL)."""
    found = validators(url, fmt, body=body)
    headers = (("Content-Type", content_type(fmt)), *found.headers(), ("Cache-Control", DOCUMENT_CACHE_CONTROL),
               *extra)
    return Rendered(body, headers, found)


def respond(document: Rendered) -> Response:
    """The document, or 304 when the client's copy is current (HEAD: same headers, no body)."""
    allow_replay(False, document.validators)
    if document.validators.fresh():
        return Response(status=304, headers=[(k, v) for k, v in document.headers if k != "Content-Type"])
    return Response(document.body, 200, document.headers)


# ---- the response cache -------------------------------------------------------------------------------

REPLAY = "cablerdf.replay"  # the environ key of a request whose response may be replayed
FORWARDED = ("HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PROTO", "HTTP_FORWARDED")


@dataclass(frozen=True, slots=True)
class Replay:
    """That a response may be replayed by the :class:`ResponseCache`, and how to revalidate it."""

    varies: bool  # with the Accept header
    validators: Validators | None = None


def allow_replay(varies: bool, found: Validators | None = None) -> None:
    """Let the response cache keep this request's response (a 200 or a 303) until the data changes."""
    request.environ[REPLAY] = Replay(varies, found)


def replay_varies_with_accept() -> None:
    """The response already allowed to be replayed depends on the Accept header after all."""
    found = request.environ.get(REPLAY)
    if isinstance(found, Replay):
        request.environ[REPLAY] = replace(found, varies=True)



@dataclass(frozen=True, slots=True)
class Entry:
    state: object  # the dataset.Opened the response was made from
    status: str
    headers: list[tuple[str, str]]
    not_modified: list[tuple[str, str]]  # the headers of its 304
    body: bytes
    replay: Replay


class ResponseCache:
    """WSGI middleware: answers repeated GET/HEAD requests for replayable responses from memory.

    It keeps the final response (status, every header Flask and its ``after_request`` hooks set,
    body) and answers the next identical request itself: same headers, 304 when the client's copy is
    current, no body for HEAD. Entries belong to the store state of this process: a reopened store (or
    a fork) makes them stale. It steps aside when app-wide ``before_request`` hooks exist (rate limits,
    say), since replaying would skip them, and for requests with forwarded headers (other URLs).
    """

    def __init__(self, app: Flask, wsgi: WSGIApp) -> None:
        self.app, self.wsgi = app, wsgi
        self.entries: LRU[tuple[str, str, str], Entry] = LRU(*RESPONSES, lambda e: len(e.body) + 1024)
        self.prerendered = Prerendered(app)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            return self.wsgi(environ, start_response)
        path, query = environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
        entry = self.entries.get((path, query, "")) or self.entries.get((path, query, varying(environ)))
        if entry is not None and entry.state is dataset.opened_in(self.app):
            return replay(entry, environ, start_response, method == "HEAD")
        rendered = self.prerendered.get(path) if not query and self.applies(environ) else None
        if rendered is not None:  # kept in memory as well, for the requests that come again
            entry = prerendered_entry(dataset.opened_in(self.app), *rendered)
            self.entries.put((path, query, ""), entry)
            return replay(entry, environ, start_response, method == "HEAD")
        if method == "HEAD":
            return self.wsgi(environ, start_response)
        return self.record(environ, start_response, path, query)

    def record(self, environ: dict[str, Any], start_response: StartResponse, path: str,
               query: str) -> Iterable[bytes]:
        seen: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        result = self.wsgi(environ, capture)
        found = environ.get(REPLAY)
        if not isinstance(found, Replay) or not seen or seen[0][:3] not in ("200", "303") or not self.applies(environ):
            return result
        try:
            body = b"".join(result)
        finally:
            if isinstance(result, Closable):  # PEP 3333: the server calls close() if the iterable has one
                result.close()
        headers = list(seen[1])
        self.entries.put((path, query, varying(environ) if found.varies else ""),
                         Entry(dataset.opened_in(self.app), seen[0], headers, not_modified(headers), body, found))
        return [body]

    def applies(self, environ: dict[str, Any]) -> bool:
        """No app-wide request hooks to honour, and no forwarded headers that could change URLs."""
        return not self.app.before_request_funcs.get(None) and not any(h in environ for h in FORWARDED)


def prerendered_entry(state: object, status: str, headers: list[tuple[str, str]], body: bytes) -> Entry:
    """A response of ``rendered.sqlite`` as the response cache replays it (its validators from its headers)."""
    found = dict((k.lower(), v) for k, v in headers)
    modified = parse_date(found.get("last-modified"))
    validators = Validators(found["etag"], modified) if "etag" in found and modified is not None else None
    return Entry(state, status, headers, not_modified(headers), body, Replay(False, validators))


def not_modified(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The headers of a response's 304: all but those that describe its body."""
    return [h for h in headers if h[0].lower() not in ("content-type", "content-length", "last-modified")]


def varying(environ: dict[str, Any]) -> str:
    """The key part of a response that varies with Accept (never "", the key part of one that does not)."""
    return "Accept: " + str(environ.get("HTTP_ACCEPT", "*/*"))


def replay(entry: Entry, environ: dict[str, Any], start_response: StartResponse, head: bool) -> Iterable[bytes]:
    found = entry.replay.validators
    if found is not None and is_fresh(found.etag, found.modified, environ):
        start_response("304 NOT MODIFIED", list(entry.not_modified))
        return []
    start_response(entry.status, list(entry.headers))
    return [] if head else [entry.body]


def init_app(app: Flask) -> None:
    """The per-app caches, and the response cache in front of the app's WSGI callable."""
    app.extensions["cablerdf.caches"] = {}
    cache = ResponseCache(app, app.wsgi_app)
    app.extensions["cablerdf.response_cache"] = cache
    app.wsgi_app = cache  # type: ignore[method-assign]
