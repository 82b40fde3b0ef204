"""The SHACL shapes, one by one: every shape is broken once on the seed cable's real graph, with its exact
message and focus node, and the cases cover every shape with a constraint."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF
from seed_graph import Quads, keep
from shape_cases import CASES, CGSH, SH, SHAPE_CASES

from cablerdf.validate import Report, shapes, validate_quads


def shape_results(report: Report, shape: str) -> set[tuple[str, str]]:
    return {(str(r.focus), r.message) for r in report.results if str(r.shape) == CGSH + shape}


@pytest.mark.parametrize(("shape", "edit", "foci", "message", "graph"), CASES)
def test_each_shape_is_broken_with_its_message_and_focus(
        shape: str, edit: Callable[[Quads], Quads], foci: tuple[ox.NamedNode, ...], message: str, graph: str,
        seed: Quads, enriched: Quads) -> None:
    before = seed if graph == "seed" else enriched
    report = validate_quads(edit(list(before)))
    assert shape_results(report, shape) == {(focus.value, message) for focus in foci}
    if edit is not keep:  # the graph as mapped does not break it: the edit does
        assert shape_results(validate_quads(before), shape) == set()


def test_the_cases_cover_every_shape_with_a_constraint() -> None:
    graph = shapes.shapes_graph()
    property_shapes = set(graph.subjects(RDF.type, SH.PropertyShape))
    node_shapes = {s for s in graph.subjects(RDF.type, SH.NodeShape) if (s, SH.message, None) in graph}
    assert {str(s) for s in property_shapes | node_shapes} == {CGSH + c.shape for c in SHAPE_CASES}
