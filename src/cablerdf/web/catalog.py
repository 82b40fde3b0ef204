"""Counts and lists for browsing and the home page, computed lazily and cached per data version.

A GROUP BY over the whole release (251k cables) is too slow for every request, so each count is
computed once per process and data version (``context.version().tag``) and kept; the sorted member
list of a facet value (the cables of one month, origin, tag or level) is kept in an LRU cache with
a budget of member IRIs, and a page of it is described with a few ``quads_for_pattern`` look-ups.
Terms put into queries are written by pyoxigraph (``str(Literal(...))``, ``str(NamedNode(...))``),
never pasted from user text.

The queries select cables by predicates that only cables carry in this data model
(``dcterms:created``, ``dcterms:subject``, ``cg:originCode``, ``cg:classification``): a join with
``?c a cg:Cable`` over the union graph would make each of them about ten times slower.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, cast
from urllib.parse import unquote

from flask import current_app
from pyoxigraph import Literal, NamedNode, QuerySolutions

from cablerdf.iris import NS, PREFIXES
from cablerdf.mapping.terms import CG, XSD
from cablerdf.web import context

T = TypeVar("T")
PREFIX = (f"PREFIX cg: <{NS}> PREFIX dcterms: <{PREFIXES['dcterms']}> PREFIX xsd: <{PREFIXES['xsd']}>\n")
DCT, SKOS = PREFIXES["dcterms"], PREFIXES["skos"]
PREF_LABEL, ORIGIN_CODE = NamedNode(SKOS + "prefLabel"), CG.originCode
VOID_TRIPLES, MODIFIED = NamedNode(PREFIXES["void"] + "triples"), NamedNode(DCT + "modified")
FIELDS = {"id": NamedNode(DCT + "identifier"), "created": NamedNode(DCT + "created"),
          "title": NamedNode(DCT + "title"), "origin": CG.originText,
          "classification": CG.classificationBanner}
FACETS = {  # how a facet value selects its cables (?key: the value's term)
    "origin": "?c cg:originCode ?key", "tag": "?c dcterms:subject ?key", "classification": "?c cg:classification ?key",
}


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


@dataclass(frozen=True, slots=True)
class Overview:
    cables: int
    triples: int
    first: str | None  # earliest dcterms:created (ISO date)
    last: str | None


class VersionCache:
    """Values per (store, data version, name), least recently used dropped first once the weights of
    the entries (1 each, or the length of a list) pass ``budget``."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.items: OrderedDict[tuple[str, ...], tuple[Any, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, name: tuple[str, ...], compute: Callable[[], T]) -> T:
        key = (current_app.config["STORE"], context.version().tag, *name)
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return cast(T, self.items[key][0])
        value = compute()
        with self.lock:
            self.items[key] = (value, max(1, len(value)) if isinstance(value, list) and name[0] == "members" else 1)
            while len(self.items) > 1 and sum(weight for _, weight in self.items.values()) > self.budget:
                self.items.popitem(last=False)
        return value


counts_cache = VersionCache(64)
members_cache = VersionCache(600_000)  # cable IRIs kept in member lists, about 60 MB at most
ID_PARTS = re.compile(r"^(\d\d)(\D*?)(\d+)$")


def select(query: str) -> QuerySolutions:
    return cast(QuerySolutions, context.store().store.query(PREFIX + query, use_default_graph_as_union=True))


def value(term: object) -> str:
    return term.value if isinstance(term, Literal | NamedNode) else ""


# ---- counts -----------------------------------------------------------------------------------------


def overview() -> Overview:
    return counts_cache.get(("overview",), compute_overview)


def compute_overview() -> Overview:
    cables = next(iter(select("SELECT (COUNT(?c) AS ?n) { ?c a cg:Cable }")))
    row = next(iter(select("SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) { ?c dcterms:created ?d }")))
    first, last = (value(row[k])[:10] or None for k in ("first", "last"))
    return Overview(int(value(cables["n"]) or 0), triples(), first, last)


def triples() -> int:
    """Statements in the store: from the description of an N-Quads dump made after the last ingest
    (free; it leaves out the small metadata graphs), else counted once per process and version
    (shared with the service description; about 40 s for the whole release)."""
    dumped = dumped_triples()
    if dumped is not None:
        return dumped
    from cablerdf.web.sparql.description import statistics

    return statistics(context.store(), context.version().tag).triples


def dumped_triples() -> int | None:
    """``void:triples`` of the N-Quads dump, when the dump is not older than the last ingest."""
    store, minter = context.store().store, context.minter()
    graph, dump = NamedNode(minter.metadata_graph() + "/dumps"), NamedNode(minter.base + "dumps/cablerdf.nq.gz")
    counted = next(store.quads_for_pattern(dump, VOID_TRIPLES, None, graph), None)
    issued = next(store.quads_for_pattern(dump, MODIFIED, None, graph), None)
    if counted is None or issued is None or not value(counted.object).isdigit():
        return None
    when = datetime.fromisoformat(value(issued.object).replace("Z", "+00:00"))
    return int(value(counted.object)) if when >= context.version().modified else None


def months() -> dict[int, dict[int, int]]:
    """year -> month -> number of cables."""
    return counts_cache.get(("months",), compute_months)


def compute_months() -> dict[int, dict[int, int]]:
    found: dict[int, dict[int, int]] = {}
    for row in select("SELECT ?y ?m (COUNT(?c) AS ?n) { ?c dcterms:created ?d "
                      "BIND(YEAR(?d) AS ?y) BIND(MONTH(?d) AS ?m) } GROUP BY ?y ?m"):
        if row["y"] is not None and row["m"] is not None:
            found.setdefault(int(value(row["y"])), {})[int(value(row["m"]))] = int(value(row["n"]))
    return {year: dict(sorted(found[year].items())) for year in sorted(found)}


def origins() -> list[Bucket]:
    return counts_cache.get(("origins",), compute_origins)


def compute_origins() -> list[Bucket]:
    rows = select("SELECT ?k (COUNT(?c) AS ?n) { ?c cg:originCode ?k } GROUP BY ?k")
    buckets = [Bucket(value(r["k"]), origin_label(value(r["k"])), int(value(r["n"]))) for r in rows]
    return sorted(buckets, key=lambda b: (-b.count, b.key))


def origin_label(code: str) -> str:
    """The origin text (``Embassy Mexico``) of one cable with this origin code (``MEXICO``)."""
    store = context.store().store
    for quad in store.quads_for_pattern(None, ORIGIN_CODE, Literal(code), None):
        for text in store.quads_for_pattern(quad.subject, FIELDS["origin"], None, quad.graph_name):
            return value(text.object) or code
        break
    return code


def concept_labels(prefix: str) -> dict[str, str]:
    """skos:prefLabel of the vocabulary's concepts whose IRI starts with ``prefix``."""
    graph = NamedNode(context.minter().vocabulary_graph())
    return {q.subject.value: value(q.object) for q in
            context.store().store.quads_for_pattern(None, PREF_LABEL, None, graph)
            if isinstance(q.subject, NamedNode) and q.subject.value.startswith(prefix)}


def grouped(pattern: str, prefix: str) -> list[Bucket]:
    """Cables counted per IRI value of ``pattern`` (?c ... ?v), keyed by the IRI's code after ``prefix``."""
    labels = concept_labels(prefix)
    buckets = []
    for row in select(f"SELECT ?v (COUNT(?c) AS ?n) {{ {pattern} }} GROUP BY ?v"):
        iri = value(row["v"])
        if iri.startswith(prefix):
            code = unquote(iri[len(prefix):])
            buckets.append(Bucket(code, labels.get(iri, code), int(value(row["n"]))))
    return sorted(buckets, key=lambda b: (-b.count, b.key))


def tags() -> list[Bucket]:
    return counts_cache.get(("tags",), lambda: grouped("?c dcterms:subject ?v", context.minter().tag("")))


def classifications() -> list[Bucket]:
    return counts_cache.get(("classifications",),
                            lambda: grouped("?c cg:classification ?v", context.minter().classification("")))


def find(buckets: list[Bucket], key: str) -> Bucket | None:
    return next((b for b in buckets if b.key == key), None)


# ---- members ------------------------------------------------------------------------------------------


def facet_term(facet: str, key: str) -> str:
    if facet == "origin":
        return str(Literal(key))
    minter = context.minter()
    return str(NamedNode(minter.tag(key) if facet == "tag" else minter.classification(key)))


def id_order(iri: str) -> tuple[int, str, int, str]:
    """Cables by ID: year (``09`` is 2009, ``75`` 1975), origin, serial number (numerically)."""
    cable_id = unquote(iri.rsplit("/", 1)[-1])
    parts = ID_PARTS.match(cable_id)
    if parts is None:
        return (0, cable_id, 0, cable_id)
    year = int(parts.group(1))
    return (year + (1900 if year >= 50 else 2000), parts.group(2), int(parts.group(3)), cable_id)


def members(facet: str, key: str) -> list[str]:
    """The cables (IRIs) of one facet value, in ID order (by year, then origin and serial number).

    Not by date: that would be one date look-up per member (a second per 10,000 members), where
    this is one index scan; an origin's cables in ID order are in date order anyway."""
    pattern = FACETS[facet].replace("?key", facet_term(facet, key))
    return members_cache.get(("members", facet, key),
                             lambda: sorted((value(row["c"]) for row in select(f"SELECT ?c {{ {pattern} }}")),
                                            key=id_order))


def month_members(year: int, month: int) -> list[str]:
    """The cables of one month, oldest first."""
    start = f"{year:04d}-{month:02d}-01T00:00:00Z"
    end = f"{year + month // 12:04d}-{month % 12 + 1:02d}-01T00:00:00Z"
    term = XSD.dateTime
    condition = f"FILTER(?d >= {Literal(start, datatype=term)} && ?d < {Literal(end, datatype=term)})"
    query = f"SELECT ?c {{ ?c dcterms:created ?d {condition} }} ORDER BY ?d ?c"
    return members_cache.get(("members", "month", str(year), str(month)),
                             lambda: [value(row["c"]) for row in select(query)])


def describe(iris: list[str]) -> list[CableRow]:
    """Identifier, date, subject, origin and classification banner of each cable."""
    store = context.store().store
    rows = []
    for iri in iris:
        node = NamedNode(iri)
        found = {name: next((q.object.value for q in store.quads_for_pattern(node, predicate, None, None)
                             if isinstance(q.object, Literal)), "") for name, predicate in FIELDS.items()}
        rows.append(CableRow(found["id"] or unquote(iri.rsplit("/", 1)[-1]), found["created"][:16].replace("T", " "),
                             found["title"], found["origin"], found["classification"]))
    return rows
