"""The one error shape: ``application/problem+json`` (RFC 9457) for JSON clients, a small escaped
HTML page for browsers, plain UTF-8 text for everything else. Never a stack trace.
"""

from __future__ import annotations

import json
import logging
from html import escape

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from cablerdf.web.negotiation import negotiate

log = logging.getLogger("cablerdf.web")
TITLES = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
          406: "Not Acceptable", 413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
          429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable",
          504: "Gateway Timeout"}


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    """An error response in the shape the client prefers."""
    body, content_type = problem_body(status, detail, request.headers.get("Accept"))
    # the body also for HEAD: Werkzeug drops it there, and Content-Length stays that of the GET
    response = Response(body, status, content_type=content_type)
    response.headers.update(headers or {})
    response.headers["Vary"] = "Accept"
    return response


def problem_body(status: int, detail: str, accept: str | None) -> tuple[bytes, str]:
    """The body and Content-Type of an error for a client that sends ``accept`` (no Flask needed)."""
    title = TITLES.get(status, "Error")
    shape = negotiate(("txt", "problem", "html"), accept) or "txt"
    if shape == "problem":
        body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail},
                          ensure_ascii=False)
        return body.encode(), "application/problem+json"
    if shape == "html":
        body = (f"<!doctype html><html lang=en><meta charset=utf-8><title>{status} {escape(title)}</title>"
                f"<h1>{status} {escape(title)}</h1><pre>{escape(detail)}</pre></html>")
        return body.encode(), "text/html; charset=utf-8"
    return f"{status} {title}: {detail}\n".encode(), "text/plain; charset=utf-8"


def http_error(error: HTTPException) -> Response:
    headers = {k: v for k, v in error.get_headers() if k.lower() not in ("content-type", "content-length")}
    return problem(error.code or 500, error.description or "", headers)


def unexpected(error: Exception) -> Response:
    if isinstance(error, HTTPException):
        return http_error(error)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return problem(500, "internal error; it has been logged")


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected)
