"""The SHACL shapes graph itself: every shape is named, described, with a message and a severity; it
validates against the SHACL meta-shapes (pyshacl's and the W3C's); it is read from the top-level folder;
the identifier patterns pass every reference ID of the release."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from shape_cases import CGSH, SH

from cablerdf.validate import shapes

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CABLERDF_SHARED", ROOT.parent / "shared"))


def test_every_shape_is_named_described_with_a_message_and_a_severity() -> None:
    graph = shapes.shapes_graph()
    for shape in graph.subjects(RDF.type, SH.PropertyShape):
        assert isinstance(shape, URIRef), "property shapes are named"
        for p in (SH.name, SH.description, SH.message, SH.severity):
            assert (shape, p, None) in graph, (shape, p)
    for shape in graph.subjects(RDF.type, SH.NodeShape):
        assert isinstance(shape, URIRef) and (shape, SH.name, None) in graph
        assert any((shape, p, None) in graph for p in shapes.TARGETS), shape


def test_the_shapes_graph_validates_against_pyshacls_meta_shapes() -> None:
    """meta_shacl validates the shapes graph with pyshacl's shacl-shacl first, and raises if it does not conform."""
    conforms, _graph, text = validate(Graph(), shacl_graph=shapes.shapes_graph(), meta_shacl=True, advanced=True,
                                      inference="none")
    assert conforms, text


def test_the_shapes_graph_conforms_to_the_w3c_shacl_shacl_shapes() -> None:
    meta = SHARED / "w3c_tests/data-shapes/data-shapes-test-suite/tests/core/complex/shacl-shacl-data-shapes.ttl"
    if not meta.is_file():
        pytest.skip(f"the W3C SHACL test suite is not at {meta}")
    conforms, _graph, text = validate(shapes.shapes_graph(), shacl_graph=Graph().parse(meta), inference="none")
    assert conforms, text


def test_the_shapes_read_are_the_files_of_the_top_level_folder() -> None:
    assert [path.name for path in shapes.shape_paths() if path.is_file()] == list(shapes.SHAPE_FILES)
    assert sorted(p.name for p in (ROOT / "shapes").glob("*.ttl")) == sorted(shapes.SHAPE_FILES)


def test_every_reference_id_of_the_release_passes_the_identifier_form(corpus: Path) -> None:
    """All 251,287 IDs of the release (``all-reference-ids.csv.gz``) pass cgsh:Cable-identifier-form, so
    none is refused for its form; the 44 that are no year-station-serial are warned of instead."""
    import gzip
    import re as regex

    core, recommended = (Graph().parse(ROOT / "shapes" / name) for name in ("core.ttl", "recommended.ttl"))
    form = regex.compile(str(core.value(URIRef(CGSH + "Cable-identifier-form"), SH.pattern)))
    canonical = regex.compile(str(recommended.value(URIRef(CGSH + "Cable-identifier-canonical"), SH.pattern)))
    with gzip.open(corpus / "all-reference-ids.csv.gz", "rt", encoding="utf-8") as f:
        ids = [line.split(",", 1)[0] for line in f if line.strip()]
    assert len(ids) == 251_287
    assert [i for i in ids if not form.search(i)] == []
    odd = [i for i in ids if not canonical.search(i)]
    assert len(odd) == 44 and "06ASTANA" in odd and "09MEXICO2882" not in odd
