"""SHACL validation of the mapping's output with the shapes of ``shapes/`` (no inference).

The shapes ship in ``cablerdf.data.shapes`` (copies of ``shapes/*.ttl``): ``core.ttl`` (Violations),
``recommended.ttl`` (Warnings), ``info.ttl`` (Infos). :func:`validate_quads` validates a batch of
cables' graphs merged into one data graph with the compiled checker (:mod:`cablerdf.checker`);
:func:`validate_quads_pyshacl` does it with pyshacl (:mod:`cablerdf.shapes_pyshacl`), the reference the
checker is tested against: the same results, ten times slower. :func:`validate_paths` parses, maps
and validates inputs in batches in worker processes.
"""

from __future__ import annotations

import functools
import os
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Identifier, Node

from cablerdf.iris import PREFIXES, Minter
from cablerdf.mapping import Provenance, cable_quads
from cablerdf.parse import Cable, CableParseError
from cablerdf.sources import file_sha256, read_inputs, source_file

PACKAGE = "cablerdf.data.shapes"
SHAPE_FILES = ("core.ttl", "recommended.ttl", "info.ttl")
SHAPES_NS = "https://w3id.org/cablerdf/shapes#"
SH = Namespace(PREFIXES["sh"])
SEVERITIES = ("Violation", "Warning", "Info")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
CABLE = URIRef(PREFIXES["cg"] + "Cable")
XSD_STRING = PREFIXES["xsd"] + "string"


def shape_paths() -> list[Path]:
    """The shapes files shipped with the package, core first."""
    return [Path(str(resources.files(PACKAGE).joinpath(name))) for name in SHAPE_FILES]


@functools.cache
def shapes_graph() -> Graph:
    """The three shapes files in one graph, as written (parsed once per process; do not modify)."""
    graph = Graph()
    for path in shape_paths():
        graph.parse(path, format="turtle")
    return graph


@functools.cache
def validation_shapes() -> Graph:
    """:func:`shapes_graph` flattened for pyshacl: each property shape carries its node shape's targets."""
    graph = Graph()
    graph += shapes_graph()
    for node_shape in set(graph.subjects(RDF.type, SH.NodeShape)):
        targets = [(p, o) for p in TARGETS for o in graph.objects(node_shape, p)]
        if not targets:
            continue
        for property_shape in list(graph.objects(node_shape, SH.property)):
            for p, o in targets:
                graph.add((property_shape, p, o))
            graph.remove((node_shape, SH.property, property_shape))
    return graph


@dataclass(frozen=True, slots=True)
class Result:
    """One validation result."""

    severity: str  # Violation, Warning or Info
    focus: Node
    shape: Node  # sh:sourceShape
    path: str | None  # the predicate's IRI, "^" + IRI for an inverse path, None for a node shape
    message: str
    value: Node | None = None
    component: Node | None = None  # sh:sourceConstraintComponent
    graph: str = ""  # the cable's graph the focus node is described in

    @property
    def shape_name(self) -> str:
        """``cgsh:Cable-title`` for ``https://w3id.org/cablerdf/shapes#Cable-title``; other IRIs in full."""
        text = str(self.shape)
        return "cgsh:" + text[len(SHAPES_NS):] if text.startswith(SHAPES_NS) else text


@dataclass(slots=True)
class Report:
    """The results of validating some cables; reports of batches add up with ``+``."""

    cables: int = 0
    results: list[Result] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # inputs that could not be parsed or mapped

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    def count(self, severity: str) -> int:
        return sum(r.severity == severity for r in self.results)

    def by_shape(self) -> dict[str, Counter[str]]:
        """Result counts by severity, then by shape (``cgsh:Cable-title-present``), most frequent first."""
        counts: dict[str, Counter[str]] = {severity: Counter() for severity in SEVERITIES}
        for result in self.results:
            counts.setdefault(result.severity, Counter())[result.shape_name] += 1
        return counts

    def __add__(self, other: Report) -> Report:
        return Report(self.cables + other.cables, self.results + other.results, self.errors + other.errors)

    def to_graph(self) -> Graph:
        """A SHACL validation report (``sh:ValidationReport``) with one ``sh:result`` per result."""
        graph = Graph()
        for prefix in ("sh", "cg", "dcterms", "schema", "prov", "foaf", "skos", "rdfs", "xsd"):
            graph.bind(prefix, PREFIXES[prefix])
        graph.bind("cgsh", SHAPES_NS)
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        for result in self.results:
            node, path = BNode(), result_path_node(graph, result.path)
            for p, o in ((RDF.type, SH.ValidationResult), (SH.resultSeverity, SH[result.severity]),
                         (SH.focusNode, result.focus), (SH.sourceShape, result.shape),
                         (SH.resultMessage, Literal(result.message, lang="en")), (SH.resultPath, path),
                         (SH.value, result.value), (SH.sourceConstraintComponent, result.component),
                         (RDFS.seeAlso, URIRef(result.graph) if result.graph else None)):  # the cable's graph
                if o is not None:
                    graph.add((node, p, o))
            graph.add((report, SH.result, node))
        return graph

    def to_turtle(self) -> str:
        return self.to_graph().serialize(format="turtle")


def rdflib_term(term: Any, cache: dict[Any, Identifier]) -> Identifier:
    """A pyoxigraph term as an rdflib term (plain literals for xsd:string, as rdflib parses them)."""
    node: Identifier | None = cache.get(term)
    if node is None:
        if isinstance(term, ox.NamedNode):
            node = URIRef(term.value)
        elif isinstance(term, ox.BlankNode):
            node = BNode(term.value)
        elif term.language:
            node = Literal(term.value, lang=term.language)
        else:
            datatype = term.datatype.value
            node = Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
        cache[term] = node
    return node


def result_path_node(graph: Graph, path: str | None) -> Node | None:
    """A node for sh:resultPath (``^`` and an IRI: an inverse path, added to ``graph``)."""
    if not path or not path.startswith("^"):
        return URIRef(path) if path else None
    node = BNode()
    graph.add((node, SH.inversePath, URIRef(path[1:])))
    return node


def validate_quads(quads: Iterable[ox.Quad]) -> Report:
    """Validate the graphs of some cables merged into one data graph (give each cable once), with the compiled
    checker. A result names the graph of its focus node; a node shared by graphs (a post, a person, an
    unrecognised TAG) has its results repeated for each graph that describes it, so counts do not depend on
    batching; a node only linked to takes the graphs linking to it."""
    from cablerdf.checker import default_checker

    return default_checker().check(quads)


def validate_graphs(graphs: Iterable[Sequence[ox.Quad]]) -> Report:
    """:func:`validate_quads` for quads given graph by graph: each sequence the quads of one graph (the graph
    of its first quad), as :func:`cablerdf.mapping.cable_quads` makes them; faster."""
    from cablerdf.checker import default_checker

    return default_checker().check_graphs(graphs)


def validate_quads_pyshacl(quads: Iterable[ox.Quad]) -> Report:
    """:func:`validate_quads` with pyshacl (:mod:`cablerdf.shapes_pyshacl`), the reference: the same results."""
    from cablerdf.shapes_pyshacl import validate_quads_pyshacl as validate

    return validate(quads)


def validate_cables(cables: list[Cable], base: str | None, provenance: dict[str, Provenance],
                    reference: bool = False) -> Report:
    """Map and validate a batch of parsed cables (no two with the same ID); ``provenance`` by source path;
    with pyshacl if ``reference``."""
    minter = Minter(base)
    graphs: list[list[ox.Quad]] = []
    errors: list[str] = []
    for cable in cables:
        try:
            graphs.append(cable_quads(cable, minter, provenance[cable.source.path]))
        except Exception as error:  # a mapping bug must not lose the other cables
            errors.append(f"{cable.source.path}: {cable.canonical_id}: mapping failure: "
                          f"{type(error).__name__}: {error}")
    if not graphs:
        report = Report()
    elif reference:
        report = validate_quads_pyshacl(q for quads in graphs for q in quads)
    else:
        report = validate_graphs(graphs)
    report.errors.extend(errors)
    return report


def unique_batches(cables: Iterable[Cable], size: int) -> Iterator[list[Cable]]:
    """Batches of at most ``size`` cables, no ID twice in a batch (a repeated cable waits for a later one)."""
    batch: dict[str, Cable] = {}

    def fill(items: list[Cable]) -> list[Cable]:
        """Add what fits to the batch; return the rest."""
        rest = []
        for cable in items:
            if cable.canonical_id in batch or len(batch) >= size:
                rest.append(cable)
            else:
                batch[cable.canonical_id] = cable
        return rest

    waiting: list[Cable] = []
    for cable in cables:
        waiting += fill([cable])
        if len(batch) >= size:
            yield list(batch.values())
            batch.clear()
            waiting = fill(waiting)
    while batch:
        yield list(batch.values())
        batch.clear()
        waiting = fill(waiting)


def validate_paths(paths: list[str], jobs: int | None = None, batch_size: int = 250, fmt: str | None = None,
                   base: str | None = None, converted_at: str | None = None, reference: bool = False
                   ) -> Iterator[Report]:
    """Parse, map and validate the cables of ``paths``, ``batch_size`` cables per validation run (with pyshacl
    if ``reference``), in ``jobs`` worker processes (default: all cores; 1 runs in this process). Yields the
    report of each batch in input order, and one with the error of each input that cannot be parsed. Provenance
    as ``cablerdf convert`` writes it: the SHA-256 of each input file (of the archive for a cable read from one)."""
    stamp = converted_at or datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    digests: dict[str, str] = {}
    provenance: dict[str, Provenance] = {}
    failed: list[str] = []

    def parsed() -> Iterator[Cable]:
        for item in read_inputs(paths, fmt):
            if isinstance(item, CableParseError):
                failed.append(str(item))
                continue
            label = item.source.path
            if label not in provenance:
                file = source_file(label)
                try:
                    digests[file] = digests.get(file) or file_sha256(file)
                except OSError as error:
                    failed.append(f"{label}: cannot hash the source: {error}")
                    continue
                provenance[label] = Provenance(digests[file], stamp)
            yield item

    def errors() -> Iterator[Report]:
        while failed:
            yield Report(errors=[failed.pop(0)])

    def sources(batch: list[Cable]) -> dict[str, Provenance]:
        return {c.source.path: provenance[c.source.path] for c in batch}

    workers = jobs or os.cpu_count() or 1
    if workers == 1:
        for batch in unique_batches(parsed(), batch_size):
            yield from errors()
            yield validate_cables(batch, base, sources(batch), reference)
        yield from errors()
        return
    with ProcessPoolExecutor(workers) as pool:
        pending: deque[Future[Report]] = deque()
        for batch in unique_batches(parsed(), batch_size):
            yield from errors()
            pending.append(pool.submit(validate_cables, batch, base, sources(batch), reference))
            while len(pending) > 2 * workers or (pending and pending[0].done()):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        yield from errors()
