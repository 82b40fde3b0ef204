"""Counts and member lists for browsing: cables by month, origin, TAGS and classification.

The queries select cables by predicates that only cables carry in this data model
(``dcterms:created``, ``dcterms:subject``, ``cg:originCode``, ``cg:classification``): a join with
``?c a cg:Cable`` over the union graph would make each of them about ten times slower. Terms put into
queries are written by pyoxigraph (``str(Literal(...))``, ``str(NamedNode(...))``), never pasted from
user text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast
from urllib.parse import unquote

from pyoxigraph import Literal, NamedNode, QuerySolutions

from cablerdf.iris import NS, PREFIXES, Minter
from cablerdf.store.backend import Backend
from cablerdf.terms import CG, DCT, SKOS, XSD

PREFIX = f"PREFIX cg: <{NS}> PREFIX dcterms: <{PREFIXES['dcterms']}> PREFIX xsd: <{PREFIXES['xsd']}>\n"
FIELDS = {"id": DCT.identifier, "created": DCT.created, "title": DCT.title, "origin": CG.originText,
          "classification": CG.classificationBanner}
FACETS = {  # how a facet value selects its cables (?key: the value's term)
    "origin": "?c cg:originCode ?key", "tag": "?c dcterms:subject ?key", "classification": "?c cg:classification ?key",
}
ID_PARTS = re.compile(r"^(\d\d)(\D*?)(\d+)$")


@dataclass(frozen=True, slots=True)
class Bucket:
    key: str  # the value as it appears in the URL (a code, a year, a month)
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class CableRow:
    id: str
    created: str
    title: str
    origin: str
    classification: str


def value(term: object) -> str:
    return term.value if isinstance(term, Literal | NamedNode) else ""


class Facets:
    """The browse counts and lists of one store (each call asks the store: callers keep the answers)."""

    def __init__(self, backend: Backend, minter: Minter) -> None:
        self.backend, self.minter = backend, minter

    def select(self, query: str) -> QuerySolutions:
        return cast(QuerySolutions, self.backend.query(PREFIX + query, use_default_graph_as_union=True))

    def cable_count(self) -> int:
        return int(value(next(iter(self.select("SELECT (COUNT(?c) AS ?n) { ?c a cg:Cable }")))["n"]) or 0)

    def time_span(self) -> tuple[str | None, str | None]:
        """The earliest and latest ``dcterms:created`` (ISO dates)."""
        row = next(iter(self.select("SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) { ?c dcterms:created ?d }")))
        first, last = (value(row[k])[:10] or None for k in ("first", "last"))
        return first, last

    def months(self) -> dict[int, dict[int, int]]:
        """year -> month -> number of cables."""
        found: dict[int, dict[int, int]] = {}
        for row in self.select("SELECT ?y ?m (COUNT(?c) AS ?n) { ?c dcterms:created ?d "
                               "BIND(YEAR(?d) AS ?y) BIND(MONTH(?d) AS ?m) } GROUP BY ?y ?m"):
            if row["y"] is not None and row["m"] is not None:
                found.setdefault(int(value(row["y"])), {})[int(value(row["m"]))] = int(value(row["n"]))
        return {year: dict(sorted(found[year].items())) for year in sorted(found)}

    def origins(self) -> list[Bucket]:
        rows = self.select("SELECT ?k (COUNT(?c) AS ?n) { ?c cg:originCode ?k } GROUP BY ?k")
        buckets = [Bucket(value(r["k"]), self.origin_label(value(r["k"])), int(value(r["n"]))) for r in rows]
        return sorted(buckets, key=lambda b: (-b.count, b.key))

    def origin_label(self, code: str) -> str:
        """The origin text (``Embassy Mexico``) of one cable with this origin code (``MEXICO``)."""
        quad = self.backend.first(None, CG.originCode, Literal(code), None)
        if quad is None or not isinstance(quad.subject, NamedNode):
            return code
        text = self.backend.first(quad.subject, FIELDS["origin"], None, quad.graph_name)
        return (value(text.object) or code) if text is not None else code

    def tags(self) -> list[Bucket]:
        return self.grouped("?c dcterms:subject ?v", self.minter.tag(""))

    def classifications(self) -> list[Bucket]:
        return self.grouped("?c cg:classification ?v", self.minter.classification(""))

    def concept_labels(self, prefix: str) -> dict[str, str]:
        """skos:prefLabel of the vocabulary's concepts whose IRI starts with ``prefix``."""
        graph = NamedNode(self.minter.vocabulary_graph())
        quads = self.backend.quads_for_pattern(None, SKOS.prefLabel, None, graph)
        return {q.subject.value: value(q.object) for q in quads
                if isinstance(q.subject, NamedNode) and q.subject.value.startswith(prefix)}

    def grouped(self, pattern: str, prefix: str) -> list[Bucket]:
        """Cables counted per IRI value of ``pattern`` (?c ... ?v), keyed by the IRI's code after ``prefix``."""
        labels = self.concept_labels(prefix)
        buckets = []
        for row in self.select(f"SELECT ?v (COUNT(?c) AS ?n) {{ {pattern} }} GROUP BY ?v"):
            iri = value(row["v"])
            if iri.startswith(prefix):
                code = unquote(iri[len(prefix):])
                buckets.append(Bucket(code, labels.get(iri, code), int(value(row["n"]))))
        return sorted(buckets, key=lambda b: (-b.count, b.key))

    def facet_term(self, facet: str, key: str) -> str:
        if facet == "origin":
            return str(Literal(key))
        return str(NamedNode(self.minter.tag(key) if facet == "tag" else self.minter.classification(key)))

    def members(self, facet: str, key: str) -> list[str]:
        """The cables (IRIs) of one facet value, in ID order (by year, then origin and serial number).

        Not by date: that would be one date look-up per member (a second per 10,000 members), where
        this is one index scan; an origin's cables in ID order are in date order anyway."""
        pattern = FACETS[facet].replace("?key", self.facet_term(facet, key))
        return sorted((value(row["c"]) for row in self.select(f"SELECT ?c {{ {pattern} }}")), key=id_order)

    def month_members(self, year: int, month: int) -> list[str]:
        """The cables of one month, oldest first."""
        start = f"{year:04d}-{month:02d}-01T00:00:00Z"
        end = f"{year + month // 12:04d}-{month % 12 + 1:02d}-01T00:00:00Z"
        term = XSD.dateTime
        condition = f"FILTER(?d >= {Literal(start, datatype=term)} && ?d < {Literal(end, datatype=term)})"
        query = f"SELECT ?c {{ ?c dcterms:created ?d {condition} }} ORDER BY ?d ?c"
        return [value(row["c"]) for row in self.select(query)]

    def cable_rows(self, iris: list[str]) -> list[CableRow]:
        """Identifier, date, subject, origin and classification banner of each cable."""
        rows = []
        for iri in iris:
            node = NamedNode(iri)
            found = {name: next((q.object.value for q in self.backend.quads_for_pattern(node, predicate, None, None)
                                 if isinstance(q.object, Literal)), "") for name, predicate in FIELDS.items()}
            rows.append(CableRow(found["id"] or unquote(iri.rsplit("/", 1)[-1]),
                                 found["created"][:16].replace("T", " "), found["title"], found["origin"],
                                 found["classification"]))
        return rows


def id_order(iri: str) -> tuple[int, str, int, str]:
    """Cables by ID: year (``09`` is 2009, ``75`` 1975), origin, serial number (numerically)."""
    cable_id = unquote(iri.rsplit("/", 1)[-1])
    parts = ID_PARTS.match(cable_id)
    if parts is None:
        return (0, cable_id, 0, cable_id)
    year = int(parts.group(1))
    return (year + (1900 if year >= 50 else 2000), parts.group(2), int(parts.group(3)), cable_id)
