"""Validation results and reports: :class:`Result`, one result as pyshacl reports it, and :class:`Report`,
the results of some cables, counted by shape and written as a SHACL validation report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from cablerdf.iris import PREFIXES
from cablerdf.validate.terms import SH, SHAPES_NS

SEVERITIES = ("Violation", "Warning", "Info")


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

def result_path_node(graph: Graph, path: str | None) -> Node | None:
    """A node for sh:resultPath (``^`` and an IRI: an inverse path, added to ``graph``)."""
    if not path or not path.startswith("^"):
        return URIRef(path) if path else None
    node = BNode()
    graph.add((node, SH.inversePath, URIRef(path[1:])))
    return node
