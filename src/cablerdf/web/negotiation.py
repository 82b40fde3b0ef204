"""Content negotiation: Accept with q-values and specificity (RFC 9110 §12.5.1), ``?format=`` and
extensions. Formats are data: a short name, its media type, and the aliases clients send.

Server preference breaks ties in the order the caller offers formats (so ``*/*`` gets the first);
a browser's ``text/html`` wins over its ``*/*;q=0.8``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import request


@dataclass(frozen=True)
class Format:
    name: str  # short name: ?format=ttl, extension .ttl
    media_type: str
    aliases: tuple[str, ...] = ()
    charset: bool = False  # a text type served with "; charset=utf-8"

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("html", "text/html", ("application/xhtml+xml",), charset=True),
    Format("ttl", "text/turtle", ("application/x-turtle", "text/n3", "text/rdf+n3"), charset=True),
    Format("nt", "application/n-triples", ("text/plain",)),
    Format("nq", "application/n-quads", ("text/x-nquads",)),
    Format("trig", "application/trig", ("application/x-trig",)),
    Format("rdf", "application/rdf+xml", ("application/xml", "text/xml")),
    Format("jsonld", "application/ld+json", ("application/json",)),
    Format("json", "application/sparql-results+json", ("application/json",)),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Format("csv", "text/csv", (), charset=True),
    Format("tsv", "text/tab-separated-values", (), charset=True),
    Format("txt", "text/plain", (), charset=True),
    Format("problem", "application/problem+json", ("application/json",)),
)}
RDF_DOCUMENTS = ("ttl", "jsonld", "nt", "rdf", "html")  # extensions of every entity's documents


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
        fmt = FORMATS[name]
        q = max(quality(ranges, t) * (1.0 if i == 0 else 0.99) for i, t in enumerate((fmt.media_type, *fmt.aliases)))
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
