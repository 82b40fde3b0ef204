"""What the HTML pages share: rendering with validators and 304s, paging with ``Link`` headers.

A page's validators are :func:`cablerdf.web.caching.conditional`'s: its ETag depends on the data
version, the code version, the path and query and the template (so a page changes exactly when the
data or the code that renders it does); ``Last-Modified`` is the time of the last ingest. Paging is
``?page=N`` (1-based) with ``rel=next/prev/first/last`` both in the ``Link`` header and in the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Response, render_template, request
from werkzeug.exceptions import BadRequest, NotFound

from cablerdf.iris import segment
from cablerdf.web.caching import conditional

MAX_PAGE = 100_000


def render(template: str, status: int = 200, headers: Mapping[str, str] | None = None,
           etag: tuple[str, ...] = (), **values: Any) -> Response:
    """An HTML page with validators (``etag``: what else it depends on than the data version)."""
    body = render_template(template, **values)
    response = Response(body, status, content_type="text/html; charset=utf-8")
    response.headers.update(dict(headers or {}))
    return conditional(response, template, *etag) if status == 200 else response


@dataclass(frozen=True)
class Pager:
    page: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def first_item(self) -> int:
        return min(self.offset + 1, self.total)

    @property
    def last_item(self) -> int:
        return min(self.offset + self.size, self.total)

    def slice(self, items: list[Any]) -> list[Any]:
        return items[self.offset:self.offset + self.size]

    def href(self, page: int) -> str:
        """A relative link to another page of this listing (same path, other query arguments kept)."""
        args = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
        if page > 1:
            args.append(("page", str(page)))
        last = segment(request.path.rsplit("/", 1)[-1]) or "./"
        return last + ("?" + urlencode(args) if args else "")

    def links(self) -> dict[str, str]:
        """rel -> relative href for the pages around this one."""
        found = {"first": self.href(1), "last": self.href(self.pages)}
        if self.page > 1:
            found["prev"] = self.href(self.page - 1)
        if self.page < self.pages:
            found["next"] = self.href(self.page + 1)
        return found

    def link_header(self) -> dict[str, str]:
        links = self.links()
        if self.pages == 1:
            return {}
        return {"Link": ", ".join(f'<{href}>; rel="{rel}"' for rel, href in links.items())}


def page_number() -> int:
    """``?page=`` as a positive integer (400 for anything else)."""
    value = request.args.get("page", "1")
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        raise BadRequest(f"page must be a whole number from 1 to {MAX_PAGE}, not {value[:40]!r}")
    return int(value)


def pager(total: int, size: int) -> Pager:
    """The pager for this request; 404 for a page past the last one."""
    result = Pager(page_number(), size, total)
    if result.page > result.pages:
        raise NotFound(f"page {result.page} is past the last page ({result.pages})")
    return result
