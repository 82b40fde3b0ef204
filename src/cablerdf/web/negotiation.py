"""Content negotiation: Accept with q-values and specificity (RFC 9110 §12.5.1), ``?format=`` and
extensions. A format is a short name (``?format=ttl``, extension ``.ttl``): pyoxigraph's file extension
of an RDF or SPARQL-results format (:func:`syntax`), whose media type is pyoxigraph's, or one of
:data:`OWN_MEDIA_TYPES`. Text types are served with ``; charset=utf-8``.

Server preference breaks ties in the order the caller offers formats (so ``*/*`` gets the first);
a browser's ``text/html`` wins over its ``*/*;q=0.8``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from flask import request
from pyoxigraph import QueryResultsFormat, RdfFormat

Syntax = RdfFormat | QueryResultsFormat

# formats pyoxigraph does not know: pages, plain-text errors, problem details (RFC 9457)
OWN_MEDIA_TYPES = {"html": "text/html", "txt": "text/plain", "problem": "application/problem+json"}
# other media types clients send for a format, accepted a little below its own
ACCEPT_ALIASES = {
    "html": ("application/xhtml+xml",), "ttl": ("application/x-turtle", "text/n3", "text/rdf+n3"),
    "nt": ("text/plain",), "nq": ("text/x-nquads",), "trig": ("application/x-trig",),
    "rdf": ("application/xml", "text/xml"), "jsonld": ("application/json",),
    "json": ("application/json",), "xml": ("application/xml", "text/xml"), "problem": ("application/json",),
}
RDF_DOCUMENTS = ("ttl", "jsonld", "nt", "rdf", "html")  # extensions of every entity's documents


@functools.cache
def syntax(name: str) -> Syntax | None:
    """pyoxigraph's format of a short name: SPARQL results (``json xml csv tsv srj srx``) before RDF
    (``ttl nt nq trig rdf jsonld``); None for the formats of :data:`OWN_MEDIA_TYPES` and unknown names."""
    if name in OWN_MEDIA_TYPES:
        return None
    return QueryResultsFormat.from_extension(name) or RdfFormat.from_extension(name)


def rdf_format(name: str) -> RdfFormat:
    """The RDF format of a short name (``ttl``...); ValueError for any other."""
    found = syntax(name)
    if not isinstance(found, RdfFormat):
        raise ValueError(f"{name!r} is not the short name of an RDF format")
    return found


def results_format(name: str) -> QueryResultsFormat:
    """The SPARQL results format of a short name (``json``...); ValueError for any other."""
    found = syntax(name)
    if not isinstance(found, QueryResultsFormat):
        raise ValueError(f"{name!r} is not the short name of a SPARQL results format")
    return found


@functools.cache
def media_type(name: str) -> str:
    """The media type of a short name, without parameters (KeyError for an unknown name)."""
    found = syntax(name)
    if found is None:
        return OWN_MEDIA_TYPES[name]
    return found.media_type.split(";")[0]


@functools.cache
def content_type(name: str) -> str:
    """The ``Content-Type`` of a format: its media type, with ``; charset=utf-8`` for text types."""
    value = media_type(name)
    return f"{value}; charset=utf-8" if value.startswith("text/") else value


def registry_name(name: str) -> str:
    """The format's name in the W3C registry ``http://www.w3.org/ns/formats/`` (``Turtle``,
    ``SPARQL_Results_JSON``...), from its pyoxigraph IRI; ValueError for formats pyoxigraph does not know."""
    found = syntax(name)
    if found is None:
        raise ValueError(f"{name!r} is not in the W3C registry of formats")
    return found.iri.rsplit("/", 1)[1]


def accepted_types(name: str) -> tuple[str, ...]:
    """The media type of a format, then its :data:`ACCEPT_ALIASES`."""
    return media_type(name), *ACCEPT_ALIASES.get(name, ())


@dataclass(frozen=True)
class Range:
    type: str
    subtype: str
    params: tuple[tuple[str, str], ...]
    q: float

    def specificity(self, media_type: str) -> int:
        """How specifically this range matches ``media_type`` (-1: not at all)."""
        main, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != main:
            return -1
        if self.subtype == "*":
            return 1
        return 2 + len(self.params) if self.subtype == sub else -1


def parse_accept(header: str | None) -> list[Range]:
    """The ranges of an Accept header; a missing or empty header is ``*/*``; junk entries are skipped."""
    ranges = []
    for entry in (header or "*/*").split(","):
        parts = [p.strip() for p in entry.split(";")]
        main, slash, sub = parts[0].lower().partition("/")
        if not slash or not main or not sub:
            continue
        q, params = 1.0, []
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
            elif key.strip():
                params.append((key.strip().lower(), value.strip().strip('"')))
        ranges.append(Range(main, sub, tuple(params), q))
    return ranges or [Range("*", "*", (), 1.0)]


def quality(ranges: list[Range], media_type: str) -> float:
    """The q of the most specific range matching ``media_type`` (0 when none does)."""
    best, q = -1, 0.0
    for item in ranges:
        score = item.specificity(media_type)
        if score > best:
            best, q = score, item.q
    return q


def negotiate(offered: tuple[str, ...] | list[str], header: str | None) -> str | None:
    """The offered format (short name) the client prefers, or None if it accepts none of them."""
    ranges = parse_accept(header)
    best: tuple[float, int] = (0.0, 0)
    chosen = None
    for order, name in enumerate(offered):
        q = max(quality(ranges, t) * (1.0 if i == 0 else 0.99) for i, t in enumerate(accepted_types(name)))
        if (q, -order) > best and q > 0:
            best, chosen = (q, -order), name
    return chosen


def from_name(value: str, offered: tuple[str, ...] | list[str]) -> str | None:
    """``?format=`` given as a short name (``ttl``) or a media type (``text/turtle``)."""
    value = value.strip().lower()
    if value in offered:
        return value
    return negotiate(offered, value) if "/" in value else None


def choose(offered: tuple[str, ...] | list[str]) -> str | None:
    """The format for this request: ``?format=`` if given, else the Accept header."""
    override = request.args.get("format")
    if override:
        return from_name(override, offered)
    return negotiate(offered, request.headers.get("Accept"))
