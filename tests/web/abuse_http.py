"""What the abuse tests of the public endpoint share: the Accept headers they send, and ``sane()``, which
takes the answer of the Flask test client or of a real server (http.client) and refuses a server error
or a traceback."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

from werkzeug.test import TestResponse

BASE = "http://127.0.0.1:8080/"
CABLE = "09MEXICO2882"
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
# errors as problem+json; any answer to a query that got through is acceptable too (so it shows as a 200)
PROBLEM = {"Accept": "application/problem+json, application/sparql-results+json;q=0.9, text/turtle;q=0.9"}
TRACEBACK = (b"Traceback (most recent call last)", b'File "/')


def sane(response: TestResponse | http.client.HTTPResponse, what: object = "") -> bytes:
    """The body of a response that is not a server error and shows no traceback."""
    if isinstance(response, TestResponse):
        body, status = response.get_data(), response.status_code
    else:
        body, status = response.read(), response.status
    assert status < 500, (what, status, body[:400])
    assert not any(marker in body for marker in TRACEBACK), (what, body[:2000])
    return body


def address(base: str) -> tuple[str, int]:
    parts = urlsplit(base)
    return parts.hostname or "127.0.0.1", parts.port or 80
