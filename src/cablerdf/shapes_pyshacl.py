"""The reference validator: pyshacl, the engine :mod:`cablerdf.checker` is tested against.

:func:`validate_quads_pyshacl` gives the results :func:`cablerdf.shapes.validate_quads` gives, about ten
times slower (``cablerdf validate --reference`` uses it). Two things keep pyshacl as fast as
it goes without changing what it checks: the shapes are *flattened*
(:func:`cablerdf.shapes.validation_shapes`: a property shape linked from a node shape with
``sh:property`` gets the node shape's targets and is unlinked, so it validates all its focus nodes at
once instead of once each; same results, same ``sh:sourceShape``), and SPARQL runs on Oxigraph over the
same triples (rdflib re-parses a query for every focus node and does not use the pre-bound ``$this`` to
order its joins) while SHACL-Core runs on rdflib.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import pyoxigraph as ox
from pyshacl import validate
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.query import Result as QueryResult
from rdflib.term import Identifier, Node, Variable

from cablerdf.shapes import CABLE, SH, Report, Result, rdflib_term, validation_shapes

WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def pre_bound(query: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with its pre-bound variables (``$this``) in a VALUES block opening its WHERE clause: Oxigraph's
    ``substitutions`` filter the solutions of the whole pattern (6 ms a query on 250 cables instead of 0.15)."""
    if not bindings:
        return query
    names = " ".join("?" + str(k) for k in bindings)
    values = " ".join(v.n3() for v in bindings.values())  # N-Triples syntax: no namespace manager
    block = f" VALUES ({names}) {{ ({values}) }} "
    match = WHERE.search(query)
    if match is None:
        raise ValueError("a pre-bound SPARQL query needs a WHERE clause")
    return query[: match.end()] + block + query[match.end():]


class DataGraph(Graph):
    """The data graph: rdflib for pyshacl's SHACL-Core, Oxigraph for its SPARQL queries."""

    def __init__(self) -> None:
        super().__init__()
        self.oxigraph = ox.Store()

    def query(
        self, query_object: Any, processor: Any = "sparql", result: Any = "sparql",
        initNs: Mapping[str, Any] | None = None, initBindings: Mapping[str, Identifier] | None = None,
        use_store_provided: bool = True, **kwargs: Any,
    ) -> QueryResult:
        if not isinstance(query_object, str):
            return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)
        answer = self.oxigraph.query(pre_bound(query_object, initBindings or {}), use_default_graph_as_union=True,
                                     prefixes={k: str(v) for k, v in (initNs or {}).items()} or None)
        if isinstance(answer, ox.QueryBoolean):
            out = QueryResult("ASK")
            out.askAnswer = bool(answer)
            return out
        if not isinstance(answer, ox.QuerySolutions):
            raise ValueError("only SELECT and ASK queries are supported")
        cache: dict[Any, Identifier] = {}
        variables = list(answer.variables)
        out = QueryResult("SELECT")
        out.vars = [Variable(v.value) for v in variables]
        out.bindings = [{Variable(v.value): rdflib_term(row[v], cache) for v in variables if row[v] is not None}
                        for row in answer]
        return out


def data_graph(quads: Iterable[ox.Quad]) -> DataGraph:
    """The triples of the quads in one graph (graph names dropped: the cables' graphs merged)."""
    graph = DataGraph()
    quads = list(quads)
    graph.oxigraph.bulk_extend(quads)
    add = graph.store.add  # Graph.add and Graph.addN check and wrap every triple
    cache: dict[Any, Identifier] = {}
    for quad in quads:
        add((rdflib_term(quad.subject, cache), rdflib_term(quad.predicate, cache),
             rdflib_term(quad.object, cache)), graph)
    return graph


def result_path(report: Graph, node: Node) -> str | None:
    """A result's sh:resultPath as the IRI of a predicate, or ``^`` and the IRI for an inverse path."""
    path = report.value(node, SH.resultPath)
    inverse = report.value(path, SH.inversePath) if isinstance(path, BNode) else None
    return str(path) if isinstance(path, URIRef) else "^" + str(inverse) if isinstance(inverse, URIRef) else None


def read_results(report: Graph) -> list[Result]:
    """The results of a pyshacl report graph, sorted by focus node, shape and value."""
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        focus, shape = report.value(node, SH.focusNode), report.value(node, SH.sourceShape)
        if focus is None or shape is None:
            raise ValueError("a validation result without focus node or source shape")
        results.append(Result(
            str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1], focus, shape, result_path(report, node),
            min((str(m) for m in report.objects(node, SH.resultMessage)), default=""),
            report.value(node, SH.value), report.value(node, SH.sourceConstraintComponent)))
    results.sort(key=lambda r: (str(r.focus), str(r.shape), str(r.value)))
    return results


def validate_graph(graph: Graph, shapes: Graph | None = None) -> Report:
    """Validate an rdflib graph (SPARQL on rdflib, unless it is a :class:`DataGraph`) with the shapes
    (default: :func:`cablerdf.shapes.validation_shapes`)."""
    _conforms, report, _text = validate(
        graph, shacl_graph=validation_shapes() if shapes is None else shapes, inference="none",
        allow_warnings=True, advanced=True, meta_shacl=False, inplace=True)
    if not isinstance(report, Graph):
        raise RuntimeError(f"validation failed: {report}")
    return Report(cables=len(set(graph.subjects(RDF.type, CABLE))), results=read_results(report))


def validate_quads_pyshacl(quads: Iterable[ox.Quad], shapes: Graph | None = None) -> Report:
    """:func:`cablerdf.shapes.validate_quads` with pyshacl: the graphs of some cables merged into one data
    graph. A result names the graph of its focus node; a node shared by graphs (a post, a person, an
    unrecognised TAG) has its results repeated for each graph that describes it."""
    quads = list(quads)
    report = validate_graph(data_graph(quads), shapes)
    subjects: dict[str, set[str]] = {}
    objects: dict[str, set[str]] = {}  # for a node that is only linked to
    for quad in quads:
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        subjects.setdefault(str(quad.subject), set()).add(name)  # N-Triples, as Node.n3() below
        if isinstance(quad.object, ox.NamedNode):
            objects.setdefault(str(quad.object), set()).add(name)
    results: list[Result] = []
    for result in report.results:
        focus = result.focus.n3()
        graphs = subjects.get(focus) or objects.get(focus) or {""}
        results.extend(replace(result, graph=graph) for graph in sorted(graphs))
    report.results = results
    return report
