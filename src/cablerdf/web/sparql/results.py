"""Result formats by query form, and their writers (pyoxigraph, straight to bytes).

SELECT: SPARQL JSON, XML, CSV, TSV; ASK: JSON, XML; CONSTRUCT and DESCRIBE: Turtle, N-Triples,
N-Quads, TriG, RDF/XML and JSON-LD compacted with the project's context. Each form also has an HTML
view for browsers (:func:`table`). The first format of each offer is the one ``*/*`` gets. Formats
are the short names of :mod:`cablerdf.web.negotiation`; pyoxigraph knows their media types, file
extensions and IRIs.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

import pyoxigraph
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
)

from cablerdf.iris import PREFIXES
from cablerdf.rdfio import Compactor, by_subject, context
from cablerdf.web.negotiation import media_type, rdf_format, registry_name, results_format, syntax
from cablerdf.web.sparql.protocol import Result

WITH_PREFIXES = (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML)
# ?format= words for RDF formats besides the short names and pyoxigraph's file extensions
# (SPARQLWrapper sends format=turtle, format=rdf+xml, format=xml...)
GRAPH_WORDS = {"turtle": "ttl", "n3": "ttl", "ntriples": "nt", "n-triples": "nt", "nquads": "nq",
               "n-quads": "nq", "xml": "rdf", "rdfxml": "rdf", "rdf+xml": "rdf", "rdf/xml": "rdf",
               "json": "jsonld", "json-ld": "jsonld"}


@dataclass(frozen=True)
class Offer:
    """What one query form can be answered in."""

    form: str  # SELECT, ASK, CONSTRUCT/DESCRIBE
    formats: tuple[str, ...]  # short names (cablerdf.web.negotiation), server preference first
    words: Mapping[str, str] = field(default_factory=dict)  # other ?format= words -> short name

    def media_types(self) -> str:
        return ", ".join(f"{media_type(name)} (format={name})" for name in self.formats)

    def named(self, word: str) -> str:
        """The short name a ``?format=`` word stands for: one of :attr:`words`, the file extension
        pyoxigraph gives one of the formats (``srj``, ``srx``), else the word itself."""
        if word in self.words:
            return self.words[word]
        return next((name for name in self.formats if extension(name) == word), word)


def extension(name: str) -> str | None:
    found = syntax(name)
    return None if found is None else found.file_extension


SELECT = Offer("SELECT", ("json", "xml", "csv", "tsv", "html"))
ASK = Offer("ASK", ("json", "xml", "html"))
GRAPH = Offer("CONSTRUCT/DESCRIBE", ("ttl", "nt", "nq", "trig", "rdf", "jsonld", "html"), GRAPH_WORDS)
DOCUMENT = Offer("service description", ("ttl", "jsonld", "nt", "rdf", "html"), GRAPH_WORDS)
OFFERS = (SELECT, ASK, GRAPH)
OFFER_OF = {offer.form: offer for offer in OFFERS}
# the formats' names in the W3C registry (http://www.w3.org/ns/formats/), for the service description
FORMAT_IRIS = {name: registry_name(name) for offer in OFFERS for name in offer.formats if name != "html"}


def offer(result: Result) -> Offer:
    if isinstance(result, QuerySolutions):
        return SELECT
    return ASK if isinstance(result, QueryBoolean) else GRAPH


def serialize(result: QuerySolutions | QueryBoolean, name: str, output: IO[bytes] | None = None) -> bytes:
    """Solutions or a boolean in format ``name`` (not ``html``): the bytes, or written to ``output``
    (then ``b""``); evaluation happens here."""
    return result.serialize(output, format=results_format(name)) or b""


def triples(result: Iterable[Triple], name: str, prefixes: dict[str, str] | None = None,
            extra: tuple[tuple[str, str], ...] = (), output: IO[bytes] | None = None) -> bytes:
    """Triples in an RDF format: ``prefixes`` (default ours) declared in Turtle, TriG and RDF/XML;
    JSON-LD compacted with the project's context plus the ``extra`` prefixes. The bytes, or written to
    ``output`` (then ``b""``; not for JSON-LD)."""
    if name == "jsonld":
        assert output is None
        return jsonld(result, extra)
    fmt = rdf_format(name)
    if isinstance(result, QueryTriples) and fmt not in WITH_PREFIXES:
        return result.serialize(output, format=fmt) or b""  # no Python objects on this path
    return pyoxigraph.serialize(result, output, format=fmt,
                                prefixes=(prefixes or PREFIXES) if fmt in WITH_PREFIXES else None) or b""


@functools.cache
def compactor(extra: tuple[tuple[str, str], ...] = ()) -> tuple[dict[str, Any], Compactor]:
    """The context (the project's, plus ``extra`` prefixes) and its compactor, made once per process."""
    ctx = {**context(), **dict(extra)}
    return ctx, Compactor(ctx)


def jsonld(result: Iterable[Triple], extra: tuple[tuple[str, str], ...] = ()) -> bytes:
    """Compacted JSON-LD, one node object per subject, with the context inline (the document stands
    alone: no remote context to fetch)."""
    ctx, compact = compactor(extra)
    quads = [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in result]
    nodes = [compact.node(subject, group) for subject, group in by_subject(quads).items()]
    return json.dumps({"@context": ctx, "@graph": nodes}, ensure_ascii=False, indent=1).encode("utf-8")


# ---- HTML ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    href: str | None = None  # a link (IRIs)
    note: str = ""  # language tag or datatype of a literal
    kind: str = "literal"  # iri, literal, bnode, triple, unbound


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Cell]]
    truncated: bool
    boolean: bool | None = None


def table(result: Result, limit: int, link: Any) -> Table:
    """At most ``limit`` rows of the result for an HTML page; ``link(iri)`` gives an IRI's href."""
    if isinstance(result, QueryBoolean):
        return Table([], [], False, bool(result))
    if isinstance(result, QuerySolutions):
        columns = [v.value for v in result.variables]
        rows: Iterator[list[Any]] = ([solution[c] for c in columns] for solution in result)
    else:
        columns = ["subject", "predicate", "object"]
        rows = ([t.subject, t.predicate, t.object] for t in result)
    kept: list[list[Cell]] = []
    for row in rows:
        if len(kept) == limit:
            return Table(columns, kept, True)
        kept.append([cell(term, link) for term in row])
    return Table(columns, kept, False)


def cell(term: Any, link: Any) -> Cell:
    if term is None:
        return Cell("", kind="unbound")
    if isinstance(term, NamedNode):
        return Cell(short(term.value), link(term.value), kind="iri")
    if isinstance(term, BlankNode):
        return Cell(f"_:{term.value}", kind="bnode")
    if isinstance(term, Literal):
        if term.language:
            return Cell(term.value, note=f"@{term.language}")
        datatype = term.datatype.value
        return Cell(term.value, note="" if datatype.endswith("#string") else short(datatype))
    return Cell(str(term), kind="triple")


def short(iri: str) -> str:
    """``cg:Cable`` for an IRI in a namespace of :data:`PREFIXES`, else the IRI."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
