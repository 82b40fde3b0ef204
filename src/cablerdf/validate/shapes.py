"""The SHACL shapes of ``shapes/`` (no inference): ``core.ttl`` (Violations), ``recommended.ttl`` (Warnings),
``info.ttl`` (Infos), read once per process, as written (:func:`shapes_graph`) and flattened for validation
(:func:`validation_shapes`, what both the compiled checker and pyshacl are given).
"""

from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from cablerdf.resources import shapes_file
from cablerdf.validate.terms import SH

SHAPE_FILES = ("core.ttl", "recommended.ttl", "info.ttl")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def shape_paths() -> list[Path]:
    """The shapes files shipped with the package, core first."""
    return [shapes_file(name) for name in SHAPE_FILES]


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
