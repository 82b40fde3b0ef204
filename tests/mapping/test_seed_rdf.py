"""The seed cable's RDF, checked triple by triple against a hand-written expected graph."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest

from cablerdf.cli import sample_path
from cablerdf.iris import NS, Minter
from cablerdf.mapping import Provenance, cable_quads
from cablerdf.parse import Cable
from cablerdf.sources import read_inputs
from cablerdf.vocab import ontology_path

EXPECTED = Path(__file__).parents[1] / "data" / "seed_expected.trig"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def seed() -> Cable:
    cable = next(read_inputs([sample_path()]))
    assert isinstance(cable, Cable)
    return cable


@pytest.fixture(scope="module")
def quads(seed: Cable) -> list[pyoxigraph.Quad]:
    return cable_quads(seed, Minter("https://example.org/"), Provenance("SHA", "2026-11-28T10:00:00Z"))


def literal(text: str | None) -> str:
    assert text is not None
    return json.dumps(text)[1:-1]  # JSON string escapes are valid Turtle string escapes


def expected_quads(seed: Cable) -> set[pyoxigraph.Quad]:
    values = {"BODY": seed.body, "HEADER": seed.header, "SUMMARY": seed.summary, "COMMENT": seed.comment,
              "R4": seed.paragraphs[3].text_repaired,
              "R10": seed.paragraphs[9].text_repaired}
    values.update({f"P{p.position}": p.text for p in seed.paragraphs})
    text = EXPECTED.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{" + key + "}", literal(value))
    return set(pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.TRIG))


def test_seed_graph_is_the_expected_graph(seed: Cable, quads: list[pyoxigraph.Quad]) -> None:
    expected = expected_quads(seed)
    actual = set(quads)
    assert len(actual) == len(quads), "the mapping emits no duplicate quads"
    assert sorted(map(str, actual - expected)) == [], "unexpected quads"
    assert sorted(map(str, expected - actual)) == [], "missing quads"
    assert all(not isinstance(q.subject, pyoxigraph.BlankNode) for q in quads)


def test_repaired_texts_differ_from_raw(seed: Cable) -> None:
    assert '"culture of lawfulness"' in seed.paragraphs[9].text_repaired
    assert "but also the training" in seed.paragraphs[3].text_repaired


@pytest.mark.parametrize("fmt", [pyoxigraph.RdfFormat.N_QUADS, pyoxigraph.RdfFormat.TRIG])
def test_round_trip_through_quad_formats(quads: list[pyoxigraph.Quad], fmt: pyoxigraph.RdfFormat) -> None:
    data = pyoxigraph.serialize(quads, format=fmt)
    assert set(pyoxigraph.parse(data, format=fmt)) == set(quads)


@pytest.mark.parametrize("fmt", [pyoxigraph.RdfFormat.N_TRIPLES, pyoxigraph.RdfFormat.TURTLE,
                                 pyoxigraph.RdfFormat.RDF_XML])
def test_round_trip_through_triple_formats(quads: list[pyoxigraph.Quad], fmt: pyoxigraph.RdfFormat) -> None:
    triples = {q.triple for q in quads}
    data = pyoxigraph.serialize(triples, format=fmt)
    assert {q.triple for q in pyoxigraph.parse(data, format=fmt)} == triples


def object_value(quad: pyoxigraph.Quad) -> str:
    """The text of a quad's object (the mapping writes no quoted triples)."""
    term = quad.object
    assert not isinstance(term, pyoxigraph.Triple), term
    return term.value


def ontology_terms() -> tuple[set[str], set[str]]:
    """(cg: terms declared with a type, every IRI the ontology mentions)."""
    declared, mentioned = set(), set()
    for triple in pyoxigraph.parse(path=str(ontology_path()), format=pyoxigraph.RdfFormat.TURTLE):
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, pyoxigraph.NamedNode):
                mentioned.add(term.value)
        if triple.predicate.value == RDF_TYPE and triple.subject.value.startswith(NS):
            declared.add(triple.subject.value)
    return declared, mentioned


def test_every_term_used_is_declared(quads: list[pyoxigraph.Quad]) -> None:
    """cg: terms are declared in the ontology; reused terms are named there (aligned or annotated)."""
    declared, mentioned = ontology_terms()
    used = {q.predicate.value for q in quads} | {object_value(q) for q in quads if q.predicate.value == RDF_TYPE}
    assert sorted(t for t in used if t.startswith(NS) and t not in declared) == []
    assert sorted(t for t in used if not t.startswith(NS) and t not in mentioned and t != RDF_TYPE) == []


def test_every_term_used_in_corpus_samples_is_declared(corpus: Path) -> None:
    declared, mentioned = ontology_terms()
    used: set[str] = set()
    for cable in read_inputs([str(corpus / name) for name in ("final-site-html", "pdf-text", "jsonl")]):
        if isinstance(cable, Cable):
            for q in cable_quads(cable, Minter(), Provenance("x", "2026-01-01T00:00:00Z")):
                used.add(q.predicate.value)
                if q.predicate.value == RDF_TYPE:
                    used.add(object_value(q))
    assert NS + "citedCable" in used and NS + "recognized" in used
    assert sorted(t for t in used if t.startswith(NS) and t not in declared) == []
    assert sorted(t for t in used if not t.startswith(NS) and t not in mentioned and t != RDF_TYPE) == []
