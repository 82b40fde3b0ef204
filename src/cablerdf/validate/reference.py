"""The reference validator: pyshacl, the engine :mod:`cablerdf.validate.checker` is tested against.

:func:`validate_quads_pyshacl` gives the results :func:`cablerdf.validate.validate_quads` gives, about ten
times slower (``cablerdf validate --reference`` uses it). Two things keep pyshacl as fast as
it goes without changing what it checks: the shapes are *flattened*
(:func:`cablerdf.validate.shapes.validation_shapes`: a property shape linked from a node shape with
``sh:property`` gets the node shape's targets and is unlinked, so it validates all its focus nodes at
once instead of once each; same results, same ``sh:sourceShape``), and SPARQL runs on Oxigraph over the
same triples (:mod:`cablerdf.validate.datagraph`) while SHACL-Core runs on rdflib.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pyoxigraph as ox
from pyshacl import validate
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from cablerdf.validate.datagraph import data_graph
from cablerdf.validate.report import Report, Result
from cablerdf.validate.shapes import validation_shapes
from cablerdf.validate.terms import CABLE, SH


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
    (default: :func:`cablerdf.validate.shapes.validation_shapes`)."""
    _conforms, report, _text = validate(
        graph, shacl_graph=validation_shapes() if shapes is None else shapes, inference="none",
        allow_warnings=True, advanced=True, meta_shacl=False, inplace=True)
    if not isinstance(report, Graph):
        raise RuntimeError(f"validation failed: {report}")
    return Report(cables=len(set(graph.subjects(RDF.type, CABLE))), results=read_results(report))


def validate_quads_pyshacl(quads: Iterable[ox.Quad], shapes: Graph | None = None) -> Report:
    """:func:`cablerdf.validate.validate_quads` with pyshacl: the graphs of some cables merged into one data
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
