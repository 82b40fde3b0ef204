"""Serving a thing and its documents: 303 by Accept, 301 to canonical names, documents with headers.

A thing's URI (``{base}cable/{ID}``) answers ``303 See Other`` to the document in the negotiated
format (``{base}cable/{ID}.ttl``), with ``Vary: Accept``. A document answers 200 with ``Link``
(``alternate`` for each other format, ``canonical`` to the thing, LDP type, paging), ``Content-Location``,
validators and ``Cache-Control``; it is rendered once per process and data version and then served
from :data:`cablerdf.web.caching.RENDERED`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, request
from pyoxigraph import NamedNode

from cablerdf.store.describe import Description
from cablerdf.terms import LDP
from cablerdf.web import dataset
from cablerdf.web.caching import (
    DESCRIPTIONS,
    DOCUMENT_CACHE_CONTROL,
    RENDERED,
    Rendered,
    allow_replay,
    cache_key,
    rendered,
    respond,
)
from cablerdf.web.documents import document_triples
from cablerdf.web.documents_render import link_header, ordered, serialize
from cablerdf.web.errors import problem
from cablerdf.web.negotiation import RDF_DOCUMENTS, choose, media_type

DOCUMENTS = RDF_DOCUMENTS  # ttl first: what */* and a missing Accept get
MAX_PAGE = 1_000_000


@dataclass(frozen=True, slots=True)
class Target:
    """A thing and where its documents are: ``{stem}.{format}``, ``?page=N`` beyond the first page."""

    thing: str
    stem: str
    page: int = 1

    def url(self, fmt: str, page: int | None = None) -> str:
        number = self.page if page is None else page
        return f"{self.stem}.{fmt}" + (f"?page={number}" if number > 1 else "")

    def paged(self, fmt: str) -> Callable[[int], str]:
        return lambda number: self.url(fmt, number)


def split_name(name: str) -> tuple[str, str | None]:
    """``09MEXICO2882.ttl`` -> (``09MEXICO2882``, ``ttl``); a name without a document extension -> (name, None)."""
    stem, dot, extension = name.rpartition(".")
    if dot and stem and extension in DOCUMENTS:
        return stem, extension
    return name, None


def page_number() -> int | None:
    """``?page=N`` (1 when absent), or None when it is not a page number."""
    raw = request.args.get("page")
    if raw is None:
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        return None
    return int(raw)


def bad_page() -> Response:
    return problem(400, f"page must be a whole number from 1 to {MAX_PAGE}")


def not_found(what: str) -> Response:
    return problem(404, f"no {what} here")


def not_acceptable(offered: tuple[str, ...] = DOCUMENTS) -> Response:
    types = ", ".join(media_type(f) for f in offered)
    return problem(406, f"no acceptable representation; available: {types}", {"Vary": "Accept"})


def moved(location: str) -> Response:
    """301 to the canonical name, keeping the page asked for."""
    page = request.args.get("page")
    target = location + (f"?page={page}" if page and page.isdigit() else "")
    response = Response(f"301 Moved Permanently: {target}\n", 301, content_type="text/plain; charset=utf-8")
    response.headers.update({"Location": target, "Cache-Control": DOCUMENT_CACHE_CONTROL})
    return response


def see_other(target: Target, html_location: str | None = None) -> Response:
    """303 to the document the client prefers (``html_location`` overrides where browsers go)."""
    fmt = choose(DOCUMENTS)
    if fmt is None:
        return not_acceptable()
    location = html_location if fmt == "html" and html_location else target.url(fmt)
    described = link_header((target.url(f), "describedby", media_type(f)) for f in DOCUMENTS)
    response = Response(f"303 See Other: {location}\n", 303, content_type="text/plain; charset=utf-8")
    response.headers.update({"Location": location, "Vary": "Accept", "Cache-Control": DOCUMENT_CACHE_CONTROL,
                             "Link": described})
    allow_replay(True)
    return response


def cached_document(*parts: str) -> tuple[tuple[str, ...], Rendered | None]:
    """The cache key of this request's document and the cached rendering, if any."""
    key = cache_key(request.path, *parts)
    return key, RENDERED.get(key)


def described(key: tuple[str, ...], build: Callable[[], Description | None]) -> Description | None:
    """A description from the per-process cache (shared by a thing's formats), else built."""
    return DESCRIPTIONS.get_or_compute(key, build)


def document(key: tuple[str, ...], description: Description, target: Target, fmt: str,
             html: Callable[[], str]) -> Response:
    """Render (and cache) the document of ``description`` in ``fmt``, then answer with it."""
    body = html().encode("utf-8") if fmt == "html" else rdf_body(description, target, fmt)
    headers = (("Link", link_header(document_links(description, target, fmt))),
               ("Content-Location", target.url(fmt)))
    result = rendered(body, fmt, target.url(fmt), headers)
    RENDERED.put(key, result)
    return respond(result)


def rdf_body(description: Description, target: Target, fmt: str) -> bytes:
    url = target.url(fmt)
    version = dataset.version()
    others = [target.url(f) for f in DOCUMENTS if f != fmt]
    own = document_triples(description, url, media_type(fmt), others, dataset.minter().dataset(),
                           version.modified.strftime("%Y-%m-%dT%H:%M:%SZ"), target.paged(fmt))
    return serialize(ordered(own + description.triples, [NamedNode(url), description.topic]), fmt)


def document_links(description: Description, target: Target, fmt: str) -> list[tuple[str, str, str | None]]:
    links: list[tuple[str, str, str | None]] = [
        (target.url(f), "alternate", media_type(f)) for f in DOCUMENTS if f != fmt]
    links.append((target.thing, "canonical", None))
    if fmt != "html":
        links += [(LDP.RDFSource.value, "type", None), (LDP.Resource.value, "type", None)]
    if description.pages > 1:
        links += [(target.url(fmt, 1), "first", None), (target.url(fmt, description.pages), "last", None)]
        if description.page > 1:
            links.append((target.url(fmt, description.page - 1), "prev", None))
        if description.page < description.pages:
            links.append((target.url(fmt, description.page + 1), "next", None))
    return links


def formats(target: Target) -> list[tuple[str, str, str]]:
    """(short name, media type, URL) of each document, for the pages' format links."""
    return [(f, media_type(f), target.url(f)) for f in DOCUMENTS]
