"""The compiled SHACL checker gives pyshacl's results: on the graph that breaks each shape (the cases of
shape_cases.py), with the shapes' messages and with pyshacl's generic ones, and on corpus cables; shapes
it does not implement are refused when compiled."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD
from seed_graph import GRAPH, Quads, enriched_cable, quads_of, seed_cable
from shape_cases import CASES, SHAPE_CASES

from cablerdf.iris import Minter
from cablerdf.mapping import Provenance, cable_quads
from cablerdf.parse import Cable
from cablerdf.sources import read_inputs
from cablerdf.validate import (
    Checker,
    Report,
    Result,
    Unsupported,
    default_checker,
    shapes,
    validate_graphs,
    validate_quads,
    validate_quads_pyshacl,
)
from cablerdf.validate.sparql import scope_of

SH = Namespace("http://www.w3.org/ns/shacl#")
EX = Namespace("http://example.org/")
Row = tuple[str, str, str, str, str, str, str, str]


def rows(report: Report) -> list[Row]:
    """Every field of every result, sorted (pyshacl leaves ties between equal sort keys in any order)."""
    return sorted((r.severity, r.focus.n3(), str(r.shape), str(r.path), r.message,
                   "" if r.value is None else r.value.n3(), str(r.component), r.graph) for r in report.results)


def same(quads: Quads, checker: Checker | None = None, shapes_graph: Graph | None = None) -> Report:
    """Both engines' reports are equal; the checker's."""
    mine = (checker or default_checker()).check(quads)
    theirs = validate_quads_pyshacl(quads, shapes_graph)
    assert rows(mine) == rows(theirs)
    assert mine.cables == theirs.cables
    assert all(isinstance(r, Result) for r in mine.results)
    return mine


@pytest.fixture(scope="module")
def before() -> dict[str, Quads]:
    return {"seed": quads_of(seed_cable()), "enriched": quads_of(enriched_cable())}


@pytest.mark.parametrize(("shape", "edit", "foci", "message", "graph"), CASES)
def test_each_broken_graph_gives_pyshacls_results(
        shape: str, edit: Callable[[Quads], Quads], foci: tuple[ox.NamedNode, ...], message: str, graph: str,
        before: dict[str, Quads]) -> None:
    report = same(edit(list(before[graph])))
    assert any(r.shape_name == "cgsh:" + shape for r in report.results)


def test_the_seed_as_mapped_gives_pyshacls_results(before: dict[str, Quads]) -> None:
    for quads in before.values():
        assert same(quads).conforms


def all_edits(quads: Quads) -> Quads:
    """The enriched seed with every case's edit applied: a graph breaking most shapes at once."""
    for case in SHAPE_CASES:
        quads = case.edit(quads)
    return quads


@pytest.fixture(scope="module")
def without_messages() -> Graph:
    """The flattened shapes without sh:message: pyshacl's generic messages."""
    graph = Graph()
    graph += shapes.validation_shapes()
    graph.remove((None, SH.message, None))
    return graph


def test_generic_messages_are_pyshacls(before: dict[str, Quads], without_messages: Graph) -> None:
    checker = Checker(without_messages)
    for quads in (all_edits(list(before["enriched"])), before["seed"]):
        report = same(quads, checker, without_messages)
        assert report.count("Violation") > 50 or quads is before["seed"]


def test_all_edits_at_once_and_shared_nodes(before: dict[str, Quads]) -> None:
    second = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(GRAPH.value + "-copy")) for q in before["seed"]]
    report = same(all_edits(list(before["enriched"])) + second)
    assert {r.graph for r in report.results} == {GRAPH.value, GRAPH.value + "-copy", ""}  # "": only a literal


def test_quads_given_graph_by_graph_give_the_same_report(before: dict[str, Quads]) -> None:
    graphs = [before["enriched"], quads_of(seed_cable(), "https://example.org/")]
    assert rows(validate_graphs(graphs)) == rows(validate_quads(q for g in graphs for q in g))


def literal_cases() -> list[tuple[str, ox.Literal, bool]]:
    """Literals whose rdflib reading decides sh:datatype: (datatype, literal, conforms)."""
    return [("date", ox.Literal("2009-13-45", datatype=ox.NamedNode(XSD.date)), False),
            ("date", ox.Literal("2009-12-31", datatype=ox.NamedNode(XSD.date)), True),
            ("dateTime", ox.Literal("2009-10-05T20:26:00", datatype=ox.NamedNode(XSD.dateTime)), True),
            ("dateTime", ox.Literal("yesterday", datatype=ox.NamedNode(XSD.dateTime)), False),
            ("string", ox.Literal("chat", language="fr"), False),
            ("string", ox.Literal("chat"), True),
            ("positiveInteger", ox.Literal("+7", datatype=ox.NamedNode(XSD.positiveInteger)), True),
            ("positiveInteger", ox.Literal("0", datatype=ox.NamedNode(XSD.positiveInteger)), False),
            ("boolean", ox.Literal("1", datatype=ox.NamedNode(XSD.boolean)), True)]


def test_literal_values_follow_rdflib_as_pyshacl_does() -> None:
    graph = Graph()
    quads = []
    for i, (datatype, literal, _ok) in enumerate(literal_cases()):
        shape, p = EX[f"shape{i}"], ox.NamedNode(EX[f"p{i}"])
        graph.add((shape, SH.targetSubjectsOf, URIRef(p.value)))
        graph.add((shape, SH.path, URIRef(p.value)))
        graph.add((shape, SH.datatype, XSD[datatype]))
        quads.append(ox.Quad(ox.NamedNode(EX.s), p, literal, ox.NamedNode(EX.g)))
    quads += [ox.Quad(ox.NamedNode(EX.s), ox.NamedNode(EX.n), ox.Literal(n, datatype=ox.NamedNode(XSD.integer)))
              for n in ("1", "01")]
    graph.add((EX.counted, SH.targetSubjectsOf, EX.n))
    graph.add((EX.counted, SH.path, EX.n))
    graph.add((EX.counted, SH.maxCount, Literal(1)))
    report = same(quads, Checker(graph), graph)
    failing = {str(r.shape) for r in report.results}
    assert failing == {str(EX[f"shape{i}"]) for i, (_d, _l, ok) in enumerate(literal_cases()) if not ok}


FEATURES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:ont a owl:Ontology ; sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:Thing a sh:NodeShape ; sh:targetClass ex:Thing ; sh:nodeKind sh:IRI ; sh:pattern "^http://example.org/t" ;
    sh:property [ sh:path ex:size ; sh:minExclusive 0 ; sh:maxInclusive 10 ; sh:lessThan ex:limit ] ;
    sh:property [ sh:path ex:part ; sh:node ex:PartShape ; sh:class ex:Part ] ;
    sh:property [ sh:path ( ex:part ex:label ) ; sh:minCount 1 ; sh:pattern "^[a-z]+$" ; sh:flags "i" ] ;
    sh:property [ sh:path [ sh:inversePath ex:owns ] ; sh:maxCount 1 ; sh:hasValue ex:owner ] ;
    sh:property [ sh:path ex:kind ; sh:in ( "a" "b" 3 ) ;
                  sh:or ( [ sh:datatype xsd:string ] [ sh:datatype xsd:integer ] ) ] ;
    sh:sparql [ sh:prefixes ex:ont ; sh:message "{$this} has {?value} at {?path}" ;
        sh:select "SELECT $this ?path ?value WHERE { $this ?path ?value . FILTER (?path = ex:bad) }" ] ;
    sh:sparql [ sh:prefixes ex:ont ; sh:select "SELECT (COUNT(?p) AS ?value) WHERE { $this ex:part ?p }" ] .
ex:PartShape a sh:NodeShape ; sh:property [ sh:path ex:label ; sh:datatype xsd:string ; sh:maxCount 1 ] .
ex:BlankShape a sh:NodeShape ; sh:targetClass ex:Blank ; sh:nodeKind sh:IRI ; sh:pattern "^x" ;
    sh:property [ sh:path ex:part ; sh:node ex:PartShape ] .
ex:Off a sh:NodeShape ; sh:targetClass ex:Thing ; sh:deactivated true ; sh:nodeKind sh:Literal .
ex:Lit a sh:NodeShape ; sh:targetObjectsOf ex:kind ; sh:targetNode ex:nowhere ; sh:datatype xsd:string .
ex:Current a sh:PropertyShape ; sh:targetSubjectsOf ex:size ; sh:path ex:size ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o . FILTER (?o = $currentShape) } LIMIT 5" ] .
"""
DATA = """
@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Special rdfs:subClassOf ex:Thing . ex:SubPart rdfs:subClassOf ex:Part .
ex:t1 a ex:Thing ; ex:size 0, 5 ; ex:limit 4 ; ex:part ex:p1, ex:p2 ; ex:kind "a", "c", 3 ; ex:bad "x" .
ex:t2 a ex:Special ; ex:size "7"^^xsd:integer ; ex:limit 9 ; ex:part ex:p3 ; ex:kind 4.5 .
ex:owner ex:owns ex:t1 . ex:other ex:owns ex:t1, ex:t2 .
ex:thing3 a ex:Thing ; ex:size 11 ; ex:kind ex:Current .
ex:p1 a ex:Part ; ex:label "ok", "two" . ex:p2 a ex:SubPart ; ex:label "Bad label" . ex:p3 ex:label 5 .
[] a ex:Blank ; ex:kind "b" ; ex:part [ ex:label "x"@en ] .
"""


def test_each_implemented_feature_gives_pyshacls_results() -> None:
    shapes_graph = Graph().parse(data=FEATURES, format="turtle")
    quads = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(EX.g))
             for q in ox.parse(DATA.encode(), format=ox.RdfFormat.TURTLE)]
    report = same(quads, Checker(shapes_graph), shapes_graph)
    components = {str(r.component).rsplit("#", 1)[-1] for r in report.results}
    assert len(components) == 14, components


def test_the_sparql_store_holds_what_the_patterns_can_match() -> None:
    prefixes = "PREFIX d: <http://d/> "
    query = "SELECT $this WHERE { $this d:a ?x . ?x a d:C . FILTER NOT EXISTS { ?x d:b/^d:c ?y } }"
    assert scope_of(prefixes + query) == {
        str(RDF.type): frozenset({"http://d/C"}), "http://d/a": None, "http://d/b": None, "http://d/c": None}
    for anything in ("$this ?p ?x", "$this d:a* ?x", "$this !d:a ?x"):  # these can match any triple
        assert scope_of(prefixes + f"SELECT $this WHERE {{ {anything} }}") is None


UNSUPPORTED = {  # a property shape on cables, with one SHACL feature the checker does not implement
    "minLength": "sh:path dcterms:title ; sh:minLength 1",
    "closed": "sh:path dcterms:title ; sh:closed true",
    "alternativePath": "sh:path [ sh:alternativePath ( dcterms:title dcterms:subject ) ]",
    "zeroOrMorePath": "sh:path [ sh:zeroOrMorePath dcterms:hasPart ] ; sh:minCount 1",
    "qualifiedValueShape": "sh:path dcterms:title ; sh:qualifiedValueShape [ sh:datatype xsd:string ] ; "
                           "sh:qualifiedMinCount 1",
    "custom target": "sh:target [ a cg:OwnTarget ] ; sh:path dcterms:title ; sh:minCount 1",
}


@pytest.mark.parametrize("feature", sorted(UNSUPPORTED))
def test_an_unsupported_shape_is_refused_when_compiled(feature: str) -> None:
    graph = Graph()
    graph += shapes.validation_shapes()
    graph.parse(format="turtle", data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix cg: <https://w3id.org/cablerdf/ns#> .
        @prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://w3id.org/cablerdf/shapes#Unsupported> a sh:PropertyShape ; sh:targetClass cg:Cable ;
            {UNSUPPORTED[feature]} .""")
    with pytest.raises(Unsupported, match="shapes#Unsupported"):
        Checker(graph)


def test_custom_constraint_components_are_refused() -> None:
    graph = Graph()
    graph.add((EX.component, RDF.type, SH.ConstraintComponent))
    with pytest.raises(Unsupported, match="ConstraintComponent"):
        Checker(graph)


# --- corpus -------------------------------------------------------------------------------------------

CORPUS_SAMPLE = {"cables.csv.xz": 400, "cablegate-html.tar.xz": 200, "jsonl": 60, "pdf-text": 12, "page-text": 1}


@pytest.fixture(scope="module")
def corpus_graphs(corpus: Path) -> list[Quads]:
    minter, graphs, seen = Minter(None), [], set()
    for name, count in CORPUS_SAMPLE.items():
        cables = (c for c in read_inputs([str(corpus / name)]) if isinstance(c, Cable))
        for cable in itertools.islice((c for c in cables if c.canonical_id not in seen), count):
            seen.add(cable.canonical_id)
            graphs.append(cable_quads(cable, minter, Provenance("ab" * 32, "2026-01-01T00:00:00Z")))
    return graphs


def test_corpus_cables_give_pyshacls_results(corpus_graphs: list[Quads]) -> None:
    total = Report()
    for start in range(0, len(corpus_graphs), 250):
        batch = corpus_graphs[start:start + 250]
        mine = validate_graphs(batch)
        assert rows(mine) == rows(same([q for g in batch for q in g]))
        total = total + mine
    assert total.cables == len(corpus_graphs)
    assert total.count("Warning") > 0 and total.count("Info") > 0
