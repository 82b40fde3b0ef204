"""The ontology (ontology/cablerdf.ttl) and the concept schemes (ontology/schemes.ttl)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from cablerdf import vocab
from cablerdf.iris import NS, Minter

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology" / "cablerdf.ttl"
SCHEMES = ROOT / "ontology" / "schemes.ttl"
BASE = "https://example.org/cables/"
OTHER_BASE = "http://127.0.0.1:8080/"
DEFINED_BY = URIRef("https://w3id.org/cablerdf/ns")
CG = NS

CLASSES = [
    "Cable", "BodyElement", "Paragraph", "SummaryParagraph", "CommentParagraph", "Heading", "Addressing",
    "ActionAddressing", "InfoAddressing", "Post", "Embassy", "Consulate", "Mission", "Headquarters",
    "Addressee", "CollectiveAddressee", "ClassificationMarking", "DistributionEntry", "Reference", "Defect",
    "Release", "ConversionRun", "SourceDocument", "Tag", "SubjectTag", "ProgramTag", "OrganizationTag",
    "PersonTag", "CountryTag", "RegionTag", "ClassificationLevel", "HandlingCaption", "Precedence",
    "ClassificationAuthority", "ClassificationReason", "DeclassificationCode", "OfficeCode",
]

PROPERTIES = [
    "dateTimeGroup", "precedence", "classification", "handlingCaption", "classificationBanner", "marking",
    "tagsLine", "headerText", "reference", "signerName", "internalDistribution", "transmissionId",
    "sectionNumber", "sectionCount", "isPartial", "originCode", "serialNumber", "originText", "fromLine",
    "addressing", "addressee", "addresseeText", "messageContinuityNumber", "routingIndicator",
    "classificationAuthority", "classifiedBy", "classifierName", "classifierTitle", "classificationReason",
    "declassifyOn", "declassificationCode", "declassificationInstruction", "eoLine", "classifiedByLine",
    "paragraphNumber", "paragraphLabel", "portionMarking", "portionMarkingText", "heading", "repairedText",
    "summaryText", "commentText", "office", "copies", "recognized", "stationCode", "plainLanguageAddress",
    "referenceLabel", "referenceText", "citedCable", "defect", "defectCode", "defectMessage", "defectLine",
    "defectPart", "sourceFormat", "sourcePath", "sourceRow", "sha256", "parserVersion", "releaseDate",
    "canonicalIdentifier", "publishedIdentifier", "mediaUrl",
]

REUSED_NAMESPACES = (
    "http://purl.org/dc/terms/", "http://schema.org/", "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/",
    "http://purl.org/spar/cito/", "http://purl.org/spar/doco/", "https://www.ica.org/standards/RiC/ontology#",
    "http://www.w3.org/2001/XMLSchema#",
)

# scheme name -> (IRI path of its concepts, class, number of concepts)
SCHEMES_EXPECTED = {
    "tags": ("tag", "Tag", 1086),
    "classification-levels": ("classification", "ClassificationLevel", 7),
    "handling-captions": ("handling", "HandlingCaption", 11),
    "precedence": ("precedence", "Precedence", 5),
    "classification-reasons": ("classification-reason", "ClassificationReason", 15),
    "classification-authorities": ("authority", "ClassificationAuthority", 6),
    "declassification-codes": ("declassification", "DeclassificationCode", 26),
    "offices": ("office", "OfficeCode", 0),
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def schemes() -> Graph:
    return Graph().parse(SCHEMES, format="turtle", publicID=BASE)


def cg(name: str) -> URIRef:
    return URIRef(CG + name)


def test_both_files_parse_with_pyoxigraph() -> None:
    assert len(list(pyoxigraph.parse(path=ONTOLOGY, format=pyoxigraph.RdfFormat.TURTLE))) > 500
    triples = list(pyoxigraph.parse(path=SCHEMES, format=pyoxigraph.RdfFormat.TURTLE, base_iri=BASE))
    assert len(triples) > 10_000


def test_ontology_header(ontology: Graph) -> None:
    assert (DEFINED_BY, RDF.type, OWL.Ontology) in ontology
    for predicate in ("title", "description", "license", "creator"):
        assert ontology.value(DEFINED_BY, URIRef("http://purl.org/dc/terms/" + predicate)) is not None, predicate
    assert ontology.value(DEFINED_BY, URIRef("http://purl.org/dc/terms/license")) == URIRef(
        "http://creativecommons.org/publicdomain/zero/1.0/")
    assert str(ontology.value(DEFINED_BY, URIRef("http://purl.org/dc/terms/creator"))) == "cablerdf"
    assert ontology.value(DEFINED_BY, OWL.versionInfo) is not None


def test_listed_terms_are_declared_with_the_right_kind(ontology: Graph) -> None:
    for name in CLASSES:
        assert (cg(name), RDF.type, OWL.Class) in ontology, name
    for name in PROPERTIES:
        kinds = set(ontology.objects(cg(name), RDF.type))
        assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


def test_every_cg_term_used_is_declared_and_documented(ontology: Graph, schemes: Graph) -> None:
    used = {
        node for graph in (ontology, schemes) for triple in graph for node in triple
        if isinstance(node, URIRef) and str(node).startswith(CG)
    }
    assert used >= {cg(name) for name in CLASSES + PROPERTIES}
    for term in used:
        assert set(ontology.objects(term, RDF.type)) & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, term
        labels = list(ontology.objects(term, RDFS.label))
        comments = list(ontology.objects(term, RDFS.comment))
        assert len(labels) == 1 and isinstance(labels[0], Literal) and labels[0].language == "en", term
        assert len(comments) == 1 and len(str(comments[0])) > 20, term
        assert ontology.value(term, RDFS.isDefinedBy) == DEFINED_BY, term
    declared = {s for s in ontology.subjects(RDFS.isDefinedBy, DEFINED_BY)}
    assert declared == used, "declared terms that are never used, or the reverse"


def test_alignments_point_to_reused_vocabularies(ontology: Graph) -> None:
    predicates = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentProperty)
    aligned = [o for p in predicates for o in ontology.objects(None, p)]
    outside = [o for o in aligned if not str(o).startswith((CG, *REUSED_NAMESPACES))]
    assert not outside
    expected = {
        ("Cable", RDFS.subClassOf, "http://schema.org/Message"),
        ("Cable", RDFS.subClassOf, "http://www.w3.org/ns/prov#Entity"),
        ("Paragraph", RDFS.subClassOf, "http://purl.org/spar/doco/Paragraph"),
        ("Heading", RDFS.subClassOf, "http://purl.org/spar/doco/SectionTitle"),
        ("Post", RDFS.subClassOf, "http://www.w3.org/ns/org#OrganizationalUnit"),
        ("CollectiveAddressee", RDFS.subClassOf, "http://xmlns.com/foaf/0.1/Group"),
        ("Release", RDFS.subClassOf, "http://www.w3.org/ns/prov#Activity"),
        ("ConversionRun", RDFS.subClassOf, "http://www.w3.org/ns/prov#Activity"),
        ("Tag", RDFS.subClassOf, "http://www.w3.org/2004/02/skos/core#Concept"),
        ("OfficeCode", RDFS.subClassOf, "http://www.w3.org/2004/02/skos/core#Concept"),
        ("Reference", RDFS.subClassOf, "http://purl.org/spar/cito/Citation"),
        ("citedCable", RDFS.subPropertyOf, "http://purl.org/spar/cito/hasCitedEntity"),
        ("canonicalIdentifier", RDFS.subPropertyOf, "http://purl.org/dc/terms/identifier"),
    }
    for name, predicate, target in expected:
        assert (cg(name), predicate, URIRef(target)) in ontology, (name, target)
    assert (cg("Post"), RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Post")) not in ontology


def test_datatype_properties_have_xsd_ranges(ontology: Graph) -> None:
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        ranges = list(ontology.objects(prop, RDFS.range))
        assert len(ranges) == 1 and str(ranges[0]).startswith(str(XSD)), prop
    assert ontology.value(cg("recognized"), RDFS.range) == XSD.boolean


def concepts_of(schemes: Graph, name: str) -> set[URIRef]:
    return {s for s in schemes.subjects(SKOS.inScheme, URIRef(f"{BASE}scheme/{name}")) if isinstance(s, URIRef)}


def test_scheme_counts_and_concept_iris(schemes: Graph) -> None:
    minter = Minter(BASE)
    assert set(schemes.subjects(RDF.type, SKOS.ConceptScheme)) == {
        URIRef(minter.scheme(name)) for name in SCHEMES_EXPECTED
    }
    total = 0
    for name, (path, cls, count) in SCHEMES_EXPECTED.items():
        concepts = concepts_of(schemes, name)
        assert len(concepts) == count, name
        total += count
        for concept in concepts:
            code = str(schemes.value(concept, SKOS.notation))
            iri = minter.tag(code) if path == "tag" else minter.concept(path, code)
            assert str(concept) == iri
            assert (concept, RDF.type, SKOS.Concept) in schemes
            assert (concept, RDF.type, cg(cls)) in schemes
            assert schemes.value(concept, cg("recognized")) == Literal(True)
            labels = list(schemes.objects(concept, SKOS.prefLabel))
            assert len(labels) == 1 and isinstance(labels[0], Literal) and labels[0].language == "en"
    assert len(set(schemes.subjects(RDF.type, SKOS.Concept))) == total == 1156


def test_tags_by_kind_and_regions(schemes: Graph) -> None:
    tags = concepts_of(schemes, "tags")
    generic = (SKOS.Concept, cg("Tag"))
    kinds = Counter(str(t) for tag in tags for t in schemes.objects(tag, RDF.type) if t not in generic)
    assert kinds == {CG + "OrganizationTag": 583, CG + "CountryTag": 262, CG + "ProgramTag": 109,
                     CG + "SubjectTag": 96, CG + "RegionTag": 36}
    germany = URIRef(BASE + "tag/GM")
    assert schemes.value(germany, SKOS.prefLabel) == Literal("Germany", lang="en")
    assert set(schemes.objects(germany, SKOS.broader)) == {URIRef(BASE + "tag/XG"), URIRef(BASE + "tag/XT")}
    assert (URIRef(BASE + "tag/XT"), SKOS.narrower, germany) in schemes
    for tag in tags:
        broader = set(schemes.objects(tag, SKOS.broader))
        if (tag, RDF.type, cg("CountryTag")) in schemes:
            assert broader and all((b, RDF.type, cg("RegionTag")) in schemes for b in broader), tag
        else:
            assert not broader
            assert (tag, SKOS.topConceptOf, URIRef(BASE + "scheme/tags")) in schemes
    description = str(schemes.value(URIRef(BASE + "scheme/tags"), URIRef("http://purl.org/dc/terms/description")))
    assert "FIPS" in description and "GM is Germany" in description and "not ISO" in description.replace("NOT", "not")
    assert schemes.value(URIRef(BASE + "tag/AL"), SKOS.prefLabel) == Literal("Albania", lang="en")
    assert (URIRef(BASE + "tag/AER%20LINGUS"), SKOS.notation, Literal("AER LINGUS")) in schemes


def test_small_schemes(schemes: Graph) -> None:
    immediate = URIRef(BASE + "precedence/O")
    assert schemes.value(immediate, SKOS.prefLabel) == Literal("IMMEDIATE", lang="en")
    assert (immediate, SKOS.altLabel, Literal("NIACT IMMEDIATE", lang="en")) in schemes
    reasons = {str(schemes.value(c, SKOS.notation)) for c in concepts_of(schemes, "classification-reasons")}
    assert reasons == {f"1.5{x}" for x in "abcdefg"} | {f"1.4{x}" for x in "abcdefgh"}
    authorities = {str(schemes.value(c, SKOS.notation)) for c in concepts_of(schemes, "classification-authorities")}
    assert authorities >= {"EO12958", "EO13292", "EO13526", "EO12356", "EO11652"}
    codes = {str(schemes.value(c, SKOS.notation)) for c in concepts_of(schemes, "declassification-codes")}
    assert codes >= {"N/A", "X1", "X8", "25X1", "25X9", "OADR", "GDS", "ADS", "XGDS", "XGDS-4"}
    assert URIRef(BASE + "declassification/N%2FA") in concepts_of(schemes, "declassification-codes")
    levels = {str(schemes.value(c, SKOS.notation)) for c in concepts_of(schemes, "classification-levels")}
    assert levels == {"U", "SBU", "LOU", "FOUO", "C", "S", "TS"}
    assert (URIRef(BASE + "handling/NOFORN"), RDF.type, cg("HandlingCaption")) in schemes


def test_top_concepts_are_consistent(schemes: Graph) -> None:
    has_top = set(schemes.subject_objects(SKOS.hasTopConcept))
    top_of = {(o, s) for s, o in schemes.subject_objects(SKOS.topConceptOf)}
    assert has_top == top_of
    for concept, broader in schemes.subject_objects(SKOS.broader):
        assert schemes.value(concept, SKOS.inScheme) == schemes.value(broader, SKOS.inScheme)


def test_schemes_file_is_what_the_script_generates(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "build_ontology.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True)
    assert (tmp_path / "schemes.ttl").read_bytes() == SCHEMES.read_bytes(), "run scripts/build_ontology.py"


def test_relative_iris_resolve_against_any_base() -> None:
    directives = [line for line in SCHEMES.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert not [line for line in directives if line.lstrip().lower().startswith(("@base", "base "))]
    for base in (BASE, OTHER_BASE):
        minter = Minter(base)
        parsed = pyoxigraph.parse(path=SCHEMES, format=pyoxigraph.RdfFormat.TURTLE, base_iri=base)
        subjects = {t.subject.value for t in parsed if isinstance(t.subject, pyoxigraph.NamedNode)}
        graph = Graph().parse(SCHEMES, format="turtle", publicID=base)
        assert {str(s) for s in graph.subjects()} == subjects
        assert minter.tag("PGOV") in subjects and minter.scheme("tags") in subjects
        assert minter.classification("C") in subjects
        assert minter.concept("classification-reason", "1.5b") in subjects
        assert minter.concept("authority", "EO12958") in subjects
        assert minter.concept("precedence", "O") in subjects
        assert minter.concept("handling", "NOFORN") in subjects
        assert minter.concept("declassification", "25X1") in subjects
        assert all(s.startswith(base) for s in subjects)


def test_vocabulary_quads() -> None:
    graph = "https://example.org/cables/graph/vocabulary"
    quads = vocab.vocabulary_quads("https://example.org/cables", graph)  # a missing final / is added
    assert quads == vocab.vocabulary_quads(BASE, graph)
    assert all(q.graph_name == pyoxigraph.NamedNode(graph) for q in quads)
    subjects = {q.subject.value for q in quads if isinstance(q.subject, pyoxigraph.NamedNode)}
    assert {BASE + "tag/PGOV", CG + "Cable", BASE + "scheme/tags"} <= subjects
    store = pyoxigraph.Store()
    store.extend(quads)
    assert len(store) == len(set(quads))


def test_known_tag_kind() -> None:
    assert vocab.known_tag_kind("PGOV") == "subject"
    assert vocab.known_tag_kind("KCRM") == "program"
    assert vocab.known_tag_kind("NATO") == "organization"
    assert vocab.known_tag_kind("MX") == "geo-country"
    assert vocab.known_tag_kind("GM") == "geo-country"
    assert vocab.known_tag_kind("XM") == "geo-region"
    assert vocab.known_tag_kind("AL") == "geo-country"  # also an organization in the tables (AL-1)
    assert vocab.known_tag_kind("AL-1") == "organization"
    assert vocab.known_tag_kind("(KISSINGER, HENRY A)") is None
    assert vocab.known_tag_kind("SIPDIS") is None
    assert set(vocab.TAG_KIND_CLASS) >= {"subject", "program", "organization", "geo-country", "geo-region", "person"}
