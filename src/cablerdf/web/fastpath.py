"""A response cache in front of Flask for what the dereferencing views mark as cacheable.

Documents of dereferenceable URIs change only with the data, and the 303s of their things only with
the data and the ``Accept`` header. When a view answers such a GET, it marks the request
(:func:`cablerdf.web.representations.mark`); this middleware then keeps the final response
(status, every header Flask and its ``after_request`` hooks set, body) and answers the next
identical request itself: same headers,
304 on a matching ``If-None-Match``/``If-Modified-Since``, no body for HEAD. Entries belong to the
store state of this process and data version: a reopened store (or a fork) makes them stale.

It steps aside when app-wide ``before_request`` hooks exist (rate limits, say), since replaying a
response would skip them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask

from cablerdf.web import context
from cablerdf.web.representations import LRU, MARK, Mark, is_fresh

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
FORWARDED = ("HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PROTO", "HTTP_FORWARDED")


@dataclass(frozen=True, slots=True)
class Entry:
    state: object  # the context.State the response was made from
    status: str
    headers: list[tuple[str, str]]
    not_modified: list[tuple[str, str]]
    body: bytes
    mark: Mark


class FastPath:
    """WSGI middleware: answers repeated GET/HEAD requests for cacheable responses from memory."""

    def __init__(self, app: Flask, wsgi: WSGIApp) -> None:
        self.app, self.wsgi = app, wsgi
        self.key = f"{app.config['STORE']}|{app.config['BASE']}"
        self.entries: LRU[tuple[str, str, str], Entry] = LRU(4000, 128 << 20, lambda e: len(e.body) + 1024)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            return self.wsgi(environ, start_response)
        path, query = environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
        entry = self.entries.get((path, query, "")) or self.entries.get((path, query, varying(environ)))
        if entry is not None and entry.state is context.opened(self.key):
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
        found = environ.get(MARK)
        if not isinstance(found, Mark) or not seen or seen[0][:3] not in ("200", "303") or not self.applies(environ):
            return result
        try:
            body = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        headers = list(seen[1])
        skip = ("content-type", "content-length", "last-modified")
        self.entries.put((path, query, varying(environ) if found.varies else ""), Entry(
            context.opened(self.key), seen[0], headers, [h for h in headers if h[0].lower() not in skip], body, found))
        return [body]

    def applies(self, environ: dict[str, Any]) -> bool:
        """No app-wide request hooks to honour, and no forwarded headers that could change URLs."""
        return not self.app.before_request_funcs.get(None) and not any(h in environ for h in FORWARDED)


def varying(environ: dict[str, Any]) -> str:
    """The key part of a response that varies with Accept (never "", the key part of one that does not)."""
    return "Accept: " + str(environ.get("HTTP_ACCEPT", "*/*"))


def replay(entry: Entry, environ: dict[str, Any], start_response: StartResponse, head: bool) -> Iterable[bytes]:
    if entry.mark.etag is not None and is_fresh(entry.mark.etag, entry.mark.modified, environ):
        start_response("304 NOT MODIFIED", list(entry.not_modified))
        return []
    start_response(entry.status, list(entry.headers))
    return [] if head else [entry.body]


def install(app: object) -> None:
    """Put the response cache in front of the app's WSGI callable (once)."""
    if isinstance(app, Flask) and "cablerdf.fastpath" not in app.extensions:
        app.wsgi_app = app.extensions["cablerdf.fastpath"] = FastPath(app, app.wsgi_app)  # type: ignore[method-assign]
