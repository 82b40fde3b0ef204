"""The SHACL shapes: every shape is broken once on the seed cable's real graph, with its exact message
and focus node; the shapes validate against the SHACL meta-shapes; the validator and the command."""

from __future__ import annotations

import dataclasses
import filecmp
import os
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from cablerdf import cli, shapes
from cablerdf.cli import sample_path
from cablerdf.iris import Minter
from cablerdf.mapping import Provenance, cable_quads
from cablerdf.mapping.terms import CG, DCT, FOAF, PROV, RDFS, SCHEMA, SKOS, XSD
from cablerdf.parse import Cable
from cablerdf.parse.model import Reference
from cablerdf.shapes import Report, Result, unique_batches, validate_paths, validate_quads
from cablerdf.sources import read_inputs

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CABLERDF_SHARED", ROOT.parent / "shared"))
SH = Namespace("http://www.w3.org/ns/shacl#")
CGSH = "https://w3id.org/cablerdf/shapes#"
BASE = "http://127.0.0.1:8080/"
SHA = "ab" * 32
PROVENANCE = Provenance(SHA, "2026-01-01T00:00:00Z")
RDF_TYPE = ox.NamedNode(str(RDF.type))
SCHEMA_URL = SCHEMA.url
CITO_CITES = ox.NamedNode("http://purl.org/spar/cito/cites")
ORG_UNIT = ox.NamedNode("http://www.w3.org/ns/org#OrganizationalUnit")
RDFS_SEE_ALSO = URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso")

Quads = list[ox.Quad]
Term = ox.NamedNode | ox.Literal


def seed_cable() -> Cable:
    cable = next(read_inputs([sample_path()]))
    assert isinstance(cable, Cable)
    return cable


def enriched_cable() -> Cable:
    """The seed with what it lacks for some shapes: a reference, an unrecognised TAG, a repaired ID, sections."""
    return dataclasses.replace(
        seed_cable(), reference_id="09MEXICO02882", section=1, section_count=2, tags=[*seed_cable().tags, "QQQQ"],
        references=[Reference(label="A", cable_id="09STATE1234", text="A. STATE 1234")])


def quads_of(cable: Cable, base: str = BASE) -> Quads:
    return cable_quads(cable, Minter(base), PROVENANCE)


@pytest.fixture(scope="module")
def seed() -> Quads:
    return quads_of(seed_cable())


@pytest.fixture(scope="module")
def enriched() -> Quads:
    return quads_of(enriched_cable())


def n(path: str) -> ox.NamedNode:
    return ox.NamedNode(BASE + path)


C = "cable/09MEXICO2882"
CABLE, GRAPH = n(C), n("graph/09MEXICO2882")
P1, P3, P4 = n(C + "/paragraph/1"), n(C + "/paragraph/3"), n(C + "/paragraph/4")
H3, TO1, MARKING = n(C + "#h3"), n(C + "#to-1"), n(C + "#marking")
REF, DIST, DEFECT, ARTICLE = n(C + "#ref-1"), n(C + "#dist-LOG-00"), n(C + "#defect-1"), n(C + "#article-1")
SENDER, PERSON, TAG = n("post/amembassy-mexico"), n("person/keith-mines"), n("tag/QQQQ")
SOURCE, RELEASE = n("source/" + SHA), n("release/2011-08-30")


def lit(value: str, datatype: ox.NamedNode | None = None) -> ox.Literal:
    return ox.Literal(value, datatype=datatype)


def drop(s: ox.NamedNode, p: ox.NamedNode, o: Term | None = None) -> Callable[[Quads], Quads]:
    """Remove the triples (s, p, o), any o when None."""
    return lambda quads: [q for q in quads if not (q.subject == s and q.predicate == p and o in (None, q.object))]


def add(s: ox.NamedNode, p: ox.NamedNode, *objects: Term) -> Callable[[Quads], Quads]:
    return lambda quads: quads + [ox.Quad(s, p, o, GRAPH) for o in objects]


def change(s: ox.NamedNode, p: ox.NamedNode, o: Term) -> Callable[[Quads], Quads]:
    """Replace every value of (s, p) by o."""
    return lambda quads: add(s, p, o)(drop(s, p)(quads))


def both(*edits: Callable[[Quads], Quads]) -> Callable[[Quads], Quads]:
    def apply(quads: Quads) -> Quads:
        for edit in edits:
            quads = edit(quads)
        return quads
    return apply


def keep(quads: Quads) -> Quads:
    return quads


def case(shape: str, edit: Callable[[Quads], Quads], focus: ox.NamedNode | tuple[ox.NamedNode, ...], message: str,
         graph: str = "enriched") -> object:
    foci = focus if isinstance(focus, tuple) else (focus,)
    return pytest.param(shape, edit, foci, message, graph, id=shape)


# shape, edit of the seed's graph that breaks it, focus node(s), exact message
CASES = [
    # Cable
    case("CableShape", add(n(C + "/extra"), RDF_TYPE, CG.Cable), n(C + "/extra"),
         "A cable's IRI must be {base}cable/{ID}."),
    case("Cable-type", drop(CABLE, RDF_TYPE, SCHEMA.Message), CABLE, "A cable must also be typed schema:Message."),
    case("Cable-graph", drop(GRAPH, FOAF.primaryTopic), CABLE,
         "A cable must be the foaf:primaryTopic of exactly one graph {base}graph/{ID}."),
    case("Cable-identifier-count", drop(CABLE, DCT.identifier), CABLE,
         "A cable must have exactly one dcterms:identifier."),
    case("Cable-identifier-form", change(CABLE, DCT.identifier, lit("09mexico2882")), CABLE,
         "A cable's dcterms:identifier must be a string of a two-digit year then capital letters and digits, "
         "such as 09MEXICO2882."),
    case("Cable-publishedIdentifier", change(CABLE, CG.publishedIdentifier, lit("9", XSD.integer)), CABLE,
         "A cable must have at most one cg:publishedIdentifier, a string."),
    case("Cable-originCode", change(CABLE, CG.originCode, lit("Mexico")), CABLE,
         "A cable must have at most one cg:originCode, a string of capital letters."),
    case("Cable-serialNumber", change(CABLE, CG.serialNumber, lit("28A2")), CABLE,
         "A cable must have at most one cg:serialNumber, a string of 1 to 7 digits."),
    case("Cable-transmissionId", add(CABLE, CG.transmissionId, lit("VZCZCXRO1"), lit("VZCZCXRO2")), CABLE,
         "A cable must have at most one cg:transmissionId, a string."),
    case("Cable-sectionNumber", change(CABLE, CG.sectionNumber, lit("1", XSD.integer)), CABLE,
         "A cable must have at most one cg:sectionNumber, an xsd:positiveInteger."),
    case("Cable-sectionCount", change(CABLE, CG.sectionCount, lit("0", XSD.positiveInteger)), CABLE,
         "A cable must have at most one cg:sectionCount, an xsd:positiveInteger."),
    case("Cable-isPartial", change(CABLE, CG.isPartial, lit("no")), CABLE,
         "A cable must have at most one cg:isPartial, an xsd:boolean."),
    case("Cable-created-count", add(CABLE, DCT.created, lit("2009-10-06T00:00:00Z", XSD.dateTime)), CABLE,
         "A cable must have exactly one dcterms:created."),
    case("Cable-created-datatype", change(CABLE, DCT.created, lit("2009-10-05", XSD.date)), CABLE,
         "A cable's dcterms:created must be a valid xsd:dateTime."),
    case("Cable-available", add(CABLE, DCT.available, lit("2011-08-31T00:00:00Z", XSD.dateTime)), CABLE,
         "A cable must have at most one dcterms:available, a valid xsd:dateTime."),
    case("Cable-created-notAfterAvailable", change(CABLE, DCT.available, lit("2001-01-01T00:00:00Z", XSD.dateTime)),
         CABLE, "A cable's dcterms:created must not be after its dcterms:available."),
    case("Cable-dateTimeGroup", add(CABLE, CG.dateTimeGroup, lit("052027Z OCT 09")), CABLE,
         "A cable must have at most one cg:dateTimeGroup, a string."),
    case("Cable-originText", add(CABLE, CG.originText, lit("Mexico")), CABLE,
         "A cable must have at most one cg:originText, a string."),
    case("Cable-fromLine", add(CABLE, CG.fromLine, lit("AMEMBASSY MEXICO CITY")), CABLE,
         "A cable must have at most one cg:fromLine, a string."),
    case("Cable-sender-count", both(drop(CABLE, SCHEMA.sender), drop(CABLE, DCT.creator)), CABLE,
         "A cable must have exactly one schema:sender."),
    case("Cable-sender-form", both(change(CABLE, SCHEMA.sender, n("posts/mexico")),
                                   change(CABLE, DCT.creator, n("posts/mexico"))), CABLE,
         "A cable's schema:sender must be an IRI {base}post/{slug}."),
    case("Cable-creator", change(CABLE, DCT.creator, n("post/secstate-washdc")), CABLE,
         "A cable's dcterms:creator must equal its schema:sender."),
    case("Cable-precedence", change(CABLE, CG.precedence, lit("O")), CABLE,
         "A cable must have at most one cg:precedence, an IRI {base}precedence/{prosign}."),
    case("Cable-classificationBanner", add(CABLE, CG.classificationBanner, lit("SECRET")), CABLE,
         "A cable must have at most one cg:classificationBanner, a string."),
    case("Cable-classification-count", drop(CABLE, CG.classification), CABLE,
         "A cable must have exactly one cg:classification."),
    case("Cable-classification-form", change(CABLE, CG.classification, n("level/C")), CABLE,
         "A cable's cg:classification must be an IRI {base}classification/{code}."),
    case("Cable-handlingCaption", add(CABLE, CG.handlingCaption, lit("SIPDIS")), CABLE,
         "A cable's cg:handlingCaption must be an IRI {base}handling/{CODE}."),
    case("Cable-title", add(CABLE, DCT.title, lit("ANOTHER SUBJECT")), CABLE,
         "A cable must have at most one dcterms:title, a string."),
    case("Cable-tagsLine", add(CABLE, CG.tagsLine, lit("TAGS: PREL")), CABLE,
         "A cable must have at most one cg:tagsLine, a string."),
    case("Cable-subject", add(CABLE, DCT.subject, n("topic/PGOV")), CABLE,
         "A cable's dcterms:subject must be an IRI {base}tag/{CODE}."),
    case("Cable-spatial", add(CABLE, DCT.spatial, lit("MX")), CABLE,
         "A cable's dcterms:spatial must be an IRI {base}tag/{CODE}."),
    case("Cable-subjectOf", add(CABLE, SCHEMA.subjectOf, n(C + "#news-1")), CABLE,
         "A cable's schema:subjectOf must be a schema:NewsArticle at {cable}#article-{n}."),
    case("Cable-mediaUrl", add(CABLE, CG.mediaUrl, lit("http://example.org/news")), CABLE,
         "A cable's cg:mediaUrl must be an IRI."),
    case("Cable-text", add(CABLE, SCHEMA.text, lit("more text")), CABLE,
         "A cable must have at most one schema:text, a string."),
    case("Cable-headerText", add(CABLE, CG.headerText, lit("more header")), CABLE,
         "A cable must have at most one cg:headerText, a string."),
    case("Cable-summaryText", add(CABLE, CG.summaryText, lit("another summary")), CABLE,
         "A cable must have at most one cg:summaryText, a string."),
    case("Cable-commentText", add(CABLE, CG.commentText, lit("another comment")), CABLE,
         "A cable must have at most one cg:commentText, a string."),
    case("Cable-signerName", add(CABLE, CG.signerName, lit("5", XSD.integer)), CABLE,
         "A cable's cg:signerName must be a string."),
    case("Cable-toRecipient", add(CABLE, SCHEMA.toRecipient, n("addressee/secstate")), CABLE,
         "A cable's schema:toRecipient must be an IRI {base}post/{slug}."),
    case("Cable-ccRecipient", add(CABLE, SCHEMA.ccRecipient, lit("FBI WASHINGTON DC")), CABLE,
         "A cable's schema:ccRecipient must be an IRI {base}post/{slug}."),
    case("Cable-addressing", add(CABLE, CG.addressing, n(C + "#cc-1")), CABLE,
         "A cable's cg:addressing must be a cg:Addressing at {cable}#to-{n} or {cable}#info-{n}."),
    case("Cable-marking", add(CABLE, CG.marking, n(C + "#marking-2")), CABLE,
         "A cable must have at most one cg:marking, a cg:ClassificationMarking at {cable}#marking."),
    case("Cable-reference", add(CABLE, CG.reference, n(C + "#ref-A")), CABLE,
         "A cable's cg:reference must be a cg:Reference at {cable}#ref-{n}."),
    case("Cable-cites", both(add(CABLE, CITO_CITES, lit("09STATE1")), add(CABLE, DCT.references, lit("09STATE1"))),
         CABLE, "A cable's cito:cites must be an IRI {base}cable/{ID}."),
    case("Cable-references", drop(CABLE, DCT.references), CABLE,
         "A cable's dcterms:references must equal its cito:cites."),
    case("Cable-hasPart", add(CABLE, DCT.hasPart, n(C + "#p1")), CABLE,
         "A cable's dcterms:hasPart must be an IRI {cable}/paragraph/{n} or {cable}#h{n}."),
    case("Cable-internalDistribution", add(CABLE, CG.internalDistribution, n(C + "#distribution-1")), CABLE,
         "A cable's cg:internalDistribution must be a cg:DistributionEntry at {cable}#dist-{entry}."),
    case("Cable-defect", add(CABLE, CG.defect, n(C + "#problem-1")), CABLE,
         "A cable's cg:defect must be a cg:Defect at {cable}#defect-{n}."),
    case("Cable-positions-contiguous", change(P3, SCHEMA.position, lit("30", XSD.positiveInteger)), CABLE,
         "The schema:position values of a cable's paragraphs must be 1 to n with no gap or duplicate."),
    case("Cable-identifier-canonical", change(CABLE, DCT.identifier, lit("06ASTANA")), CABLE,  # as in the release
         "A cable's dcterms:identifier should read year, station, serial, such as 09MEXICO2882."),
    case("Cable-title-present", drop(CABLE, DCT.title), CABLE, "A cable should have a dcterms:title."),
    case("Cable-subject-present", both(drop(CABLE, DCT.subject), drop(CABLE, DCT.spatial)), CABLE,
         "A cable should have at least one dcterms:subject (TAG)."),
    case("Cable-addressing-present", drop(CABLE, CG.addressing), CABLE,
         "A cable should have at least one cg:addressing."),
    case("Cable-marking-present", drop(CABLE, CG.marking), CABLE, "A cable should have a cg:marking."),
    case("Cable-text-present", drop(CABLE, SCHEMA.text), CABLE, "A cable should have a schema:text."),
    case("Cable-originCode-present", drop(CABLE, CG.originCode), CABLE,
         "A cable should have a cg:originCode (the station code of its reference ID)."),
    case("Cable-dateTimeGroup-form", change(CABLE, CG.dateTimeGroup, lit("5 OCT 2009 20:26")), CABLE,
         "A cable's cg:dateTimeGroup should read DDHHMMZ MON YY."),
    case("Cable-sectionNumber-notAfterCount", change(CABLE, CG.sectionNumber, lit("3", XSD.positiveInteger)), CABLE,
         "A cable's cg:sectionNumber should not exceed its cg:sectionCount."),
    case("Cable-sender-post", both(drop(SENDER, RDF_TYPE), add(SENDER, RDF_TYPE, CG.Addressee)), CABLE,
         "A cable's schema:sender should be a cg:Post."),
    case("Cable-defects", keep, CABLE, "The cable has defects (cg:defect): repairs or oddities met in conversion.",
         graph="seed"),
    case("Cable-identifier-repaired", keep, CABLE,
         "Reference ID repaired: cg:publishedIdentifier keeps the malformed ID as published."),
    # Body elements
    case("BodyElement-type", add(P1, RDF_TYPE, SCHEMA.Message), P1,
         "A body element must be typed cg:Paragraph (possibly cg:SummaryParagraph or cg:CommentParagraph) "
         "or cg:Heading only."),
    case("BodyElement-isPartOf", drop(P1, DCT.isPartOf), P1,
         "A body element must be dcterms:isPartOf exactly one cg:Cable {base}cable/{ID}."),
    case("BodyElement-partOfCable", drop(CABLE, DCT.hasPart, H3), H3,
         "A body element must be the dcterms:hasPart of exactly the cable it is dcterms:isPartOf."),
    case("ParagraphShape", add(n(C + "/para/1"), RDF_TYPE, CG.Paragraph), n(C + "/para/1"),
         "A paragraph's IRI must be {base}cable/{ID}/paragraph/{n}."),
    case("Paragraph-position", change(P1, SCHEMA.position, lit("0", XSD.integer)), P1,
         "A paragraph must have exactly one schema:position, an xsd:positiveInteger of at least 1."),
    case("Paragraph-paragraphNumber", change(P1, CG.paragraphNumber, lit("one")), P1,
         "A paragraph must have at most one cg:paragraphNumber, an xsd:positiveInteger."),
    case("Paragraph-paragraphLabel", add(P1, CG.paragraphLabel, lit("1.")), P1,
         "A paragraph must have at most one cg:paragraphLabel, a string."),
    case("Paragraph-text", drop(P1, SCHEMA.text), P1, "A paragraph must have exactly one schema:text, a string."),
    case("Paragraph-repairedText", add(P4, CG.repairedText, lit("another repair")), P4,
         "A paragraph must have at most one cg:repairedText, a string."),
    case("Paragraph-portionMarkingText", add(P1, CG.portionMarkingText, lit("S")), P1,
         "A paragraph must have at most one cg:portionMarkingText, a string."),
    case("Paragraph-portionMarkingControl", add(P1, CG.portionMarkingControl, n(C + "/NOFORN")), P1,
         "A paragraph's cg:portionMarkingControl must be a string."),
    case("Paragraph-portionMarking", change(P1, CG.portionMarking, lit("C")), P1,
         "A paragraph must have at most one cg:portionMarking, an IRI {base}classification/{code}."),
    case("Paragraph-heading", add(P3, CG.heading, lit("ANOTHER HEADING")), P3,
         "A paragraph must have at most one cg:heading, a string."),
    case("Paragraph-number-repaired", keep, tuple(n(C + f"/paragraph/{i}") for i in (5, 6, 7, 8)),
         "Paragraph number repaired: the printed label differs from cg:paragraphNumber.", graph="seed"),
    case("HeadingShape", add(n(C + "/h/3"), RDF_TYPE, CG.Heading), n(C + "/h/3"),
         "A heading's IRI must be {base}cable/{ID}#h{n}."),
    case("Heading-text", drop(H3, SCHEMA.text), H3, "A heading must have exactly one schema:text, a string."),
    # Addressings, senders and addressees
    case("AddressingShape", add(n(C + "#cc-1"), RDF_TYPE, CG.Addressing), n(C + "#cc-1"),
         "An addressing's IRI must be {base}cable/{ID}#to-{n} or {base}cable/{ID}#info-{n}."),
    case("Addressing-cable", drop(CABLE, CG.addressing, TO1), TO1,
         "An addressing must be the cg:addressing of exactly one cg:Cable."),
    case("Addressing-kind", add(TO1, RDF_TYPE, CG.InfoAddressing), TO1,
         "An addressing must be typed cg:Addressing and exactly one of cg:ActionAddressing and cg:InfoAddressing."),
    case("Addressing-addressee", drop(TO1, CG.addressee), TO1,
         "An addressing must have exactly one cg:addressee, an IRI {base}post/{slug}."),
    case("Addressing-addresseeText", drop(TO1, CG.addresseeText), TO1,
         "An addressing must have exactly one cg:addresseeText, a string."),
    case("Addressing-position", change(TO1, SCHEMA.position, lit("1")), TO1,
         "An addressing must have exactly one schema:position, an xsd:positiveInteger."),
    case("Addressing-precedence", change(TO1, CG.precedence, lit("IMMEDIATE")), TO1,
         "An addressing must have at most one cg:precedence, an IRI {base}precedence/{prosign}."),
    case("Addressing-messageContinuityNumber", add(TO1, CG.messageContinuityNumber, lit("8485")), TO1,
         "An addressing must have at most one cg:messageContinuityNumber, a string."),
    case("Addressing-routingIndicator", add(TO1, CG.routingIndicator, lit("RUEHC"), lit("RUEHME")), TO1,
         "An addressing must have at most one cg:routingIndicator, a string."),
    case("AgentShape", add(n("posts/mexico"), RDF_TYPE, CG.Addressee), n("posts/mexico"),
         "A sender's or addressee's IRI must be {base}post/{slug}."),
    case("Agent-type", add(SENDER, RDF_TYPE, ORG_UNIT), SENDER,
         "A sender or addressee must be typed with cg:Post (and its kind), cg:Addressee or cg:CollectiveAddressee "
         "only."),
    case("Agent-plainLanguageAddress", drop(SENDER, CG.plainLanguageAddress), SENDER,
         "A sender or addressee must have a cg:plainLanguageAddress, a string."),
    case("Agent-label", change(SENDER, RDFS.label, lit("US Embassy Mexico")), SENDER,
         "A sender's or addressee's rdfs:label must equal its cg:plainLanguageAddress."),
    case("Post-kind", add(SENDER, RDF_TYPE, CG.Consulate), SENDER,
         "A post must be typed cg:Post and exactly one of cg:Embassy, cg:Consulate, cg:Mission and cg:Headquarters."),
    # Classification marking and person
    case("ClassificationMarkingShape", add(n(C + "#classification"), RDF_TYPE, CG.ClassificationMarking),
         n(C + "#classification"), "A classification marking's IRI must be {base}cable/{ID}#marking."),
    case("Marking-cable", drop(CABLE, CG.marking), MARKING,
         "A classification marking must be the cg:marking of exactly one cg:Cable."),
    case("Marking-eoLine", add(MARKING, CG.eoLine, lit("E.O. 13526")), MARKING,
         "A classification marking must have at most one cg:eoLine, a string."),
    case("Marking-classificationAuthority", change(MARKING, CG.classificationAuthority, lit("E.O. 12958")), MARKING,
         "A classification marking must have at most one cg:classificationAuthority, an IRI {base}authority/{order}."),
    case("Marking-declassificationInstruction", add(MARKING, CG.declassificationInstruction, lit("DECL: X1")),
         MARKING, "A classification marking must have at most one cg:declassificationInstruction, a string."),
    case("Marking-declassifyOn", change(MARKING, CG.declassifyOn, lit("2019-10-04T00:00:00Z", XSD.dateTime)),
         MARKING, "A classification marking must have at most one cg:declassifyOn, a valid xsd:date."),
    case("Marking-declassificationCode", add(MARKING, CG.declassificationCode, lit("X1")), MARKING,
         "A classification marking must have at most one cg:declassificationCode, an IRI "
         "{base}declassification/{code}."),
    case("Marking-classifiedByLine", add(MARKING, CG.classifiedByLine, lit("Keith Mines")), MARKING,
         "A classification marking must have at most one cg:classifiedByLine, a string."),
    case("Marking-classifierName", add(MARKING, CG.classifierName, lit("K. Mines")), MARKING,
         "A classification marking must have at most one cg:classifierName, a string."),
    case("Marking-classifierTitle", add(MARKING, CG.classifierTitle, lit("Director")), MARKING,
         "A classification marking must have at most one cg:classifierTitle, a string."),
    case("Marking-classifiedBy", change(MARKING, CG.classifiedBy, n("people/keith-mines")), MARKING,
         "A classification marking must have at most one cg:classifiedBy, a foaf:Person at {base}person/{slug}."),
    case("Marking-classificationReason", add(MARKING, CG.classificationReason, lit("1.5 (b)")), MARKING,
         "A classification marking's cg:classificationReason must be an IRI {base}classification-reason/{section}."),
    case("Marking-classificationAuthority-present", drop(MARKING, CG.classificationAuthority), MARKING,
         "A classification marking should have a cg:classificationAuthority."),
    case("PersonShape", add(n("people/keith-mines"), RDF_TYPE, FOAF.Person), n("people/keith-mines"),
         "A person's IRI must be {base}person/{slug}."),
    case("Person-type", drop(PERSON, RDF_TYPE, SCHEMA.Person), PERSON, "A person must also be typed schema:Person."),
    case("Person-name", both(drop(PERSON, FOAF.name), drop(PERSON, RDFS.label)), PERSON,
         "A person must have a foaf:name, a string."),
    case("Person-label", change(PERSON, RDFS.label, lit("Mines")), PERSON,
         "A person's rdfs:label must equal its foaf:name."),
    # References, distribution entries, defects, news articles
    case("ReferenceShape", add(n(C + "#ref-A"), RDF_TYPE, CG.Reference), n(C + "#ref-A"),
         "A reference's IRI must be {base}cable/{ID}#ref-{n}."),
    case("Reference-cable", drop(CABLE, CG.reference), REF, "A reference must be the cg:reference of exactly one "
                                                             "cg:Cable."),
    case("Reference-referenceLabel", add(REF, CG.referenceLabel, lit("B")), REF,
         "A reference must have at most one cg:referenceLabel, a string."),
    case("Reference-referenceText", add(REF, CG.referenceText, lit("B. STATE 5678")), REF,
         "A reference must have at most one cg:referenceText, a string."),
    case("Reference-position", drop(REF, SCHEMA.position), REF,
         "A reference must have exactly one schema:position, an xsd:positiveInteger."),
    case("Reference-citedCable", change(REF, CG.citedCable, lit("09STATE1234")), REF,
         "A reference must have at most one cg:citedCable, an IRI {base}cable/{ID}."),
    case("Reference-referenceText-present", drop(REF, CG.referenceText), REF,
         "A reference should have a cg:referenceText."),
    case("DistributionEntryShape", add(n(C + "#distribution-1"), RDF_TYPE, CG.DistributionEntry),
         n(C + "#distribution-1"), "A distribution entry's IRI must be {base}cable/{ID}#dist-{entry}."),
    case("DistributionEntry-cable", drop(CABLE, CG.internalDistribution, DIST), DIST,
         "A distribution entry must be the cg:internalDistribution of exactly one cg:Cable."),
    case("DistributionEntry-office", drop(DIST, CG.office), DIST,
         "A distribution entry must have exactly one cg:office, an IRI {base}office/{CODE}."),
    case("DistributionEntry-copies", change(DIST, CG.copies, lit("-1", XSD.integer)), DIST,
         "A distribution entry must have at most one cg:copies, an xsd:nonNegativeInteger."),
    case("DistributionEntry-copies-present", drop(DIST, CG.copies), DIST,
         "A distribution entry should have a cg:copies."),
    case("DefectShape", add(n(C + "#problem-1"), RDF_TYPE, CG.Defect), n(C + "#problem-1"),
         "A defect's IRI must be {base}cable/{ID}#defect-{n}."),
    case("Defect-cable", drop(CABLE, CG.defect, DEFECT), DEFECT, "A defect must be the cg:defect of exactly one "
                                                                  "cg:Cable."),
    case("Defect-defectCode", change(DEFECT, CG.defectCode, lit("Paragraph split")), DEFECT,
         "A defect must have exactly one cg:defectCode, a lower-case hyphenated string."),
    case("Defect-defectMessage", drop(DEFECT, CG.defectMessage), DEFECT,
         "A defect must have exactly one cg:defectMessage, a string."),
    case("Defect-defectPart", change(DEFECT, CG.defectPart, lit("footer")), DEFECT,
         "A defect must have at most one cg:defectPart: \"metadata\", \"header\" or \"body\"."),
    case("Defect-defectLine", change(DEFECT, CG.defectLine, lit("0", XSD.integer)), DEFECT,
         "A defect must have at most one cg:defectLine, an xsd:positiveInteger."),
    case("NewsArticleShape", add(n(C + "#story-1"), RDF_TYPE, SCHEMA.NewsArticle), n(C + "#story-1"),
         "A news article's IRI must be {base}cable/{ID}#article-{n}."),
    case("NewsArticle-cable", drop(CABLE, SCHEMA.subjectOf), ARTICLE,
         "A news article must be the schema:subjectOf exactly one cg:Cable."),
    case("NewsArticle-url", drop(ARTICLE, SCHEMA_URL), ARTICLE,
         "A news article must have exactly one schema:url, an IRI or an xsd:anyURI."),
    case("NewsArticle-url-literal", change(ARTICLE, SCHEMA_URL, lit("http://http://example.org/a b", XSD.anyURI)),
         ARTICLE, "News article URL is not an IRI: kept as an xsd:anyURI literal."),
    # Unrecognised TAGS
    case("TagShape", add(n("tags/QQQQ"), RDF_TYPE, CG.Tag), n("tags/QQQQ"), "A TAG's IRI must be {base}tag/{CODE}."),
    case("Tag-type", drop(TAG, RDF_TYPE, SKOS.Concept), TAG, "A TAG must also be typed skos:Concept."),
    case("Tag-inScheme", change(TAG, SKOS.inScheme, n("scheme/places")), TAG,
         "A TAG must be skos:inScheme exactly one scheme {base}scheme/tags."),
    case("Tag-notation", drop(TAG, SKOS.notation), TAG, "A TAG must have exactly one skos:notation, a string."),
    case("Tag-recognized", drop(TAG, CG.recognized), TAG, "A TAG must have exactly one cg:recognized, an xsd:boolean."),
    case("Tag-unrecognized", keep, TAG, "TAG not in the reference tables (cg:recognized false)."),
    # Provenance
    case("GraphShape", add(n("graphs/09MEXICO2882"), FOAF.primaryTopic, CABLE), n("graphs/09MEXICO2882"),
         "A cable graph's IRI must be {base}graph/{ID}."),
    case("Graph-type", drop(GRAPH, RDF_TYPE, PROV.Entity), GRAPH, "A cable graph must be typed prov:Entity."),
    case("Graph-primaryTopic", change(GRAPH, FOAF.primaryTopic, lit("09MEXICO2882")), GRAPH,
         "A cable graph must have exactly one foaf:primaryTopic, a cg:Cable at {base}cable/{ID}."),
    case("Graph-wasDerivedFrom", drop(GRAPH, PROV.wasDerivedFrom), GRAPH,
         "A cable graph must have exactly one prov:wasDerivedFrom, a cg:SourceDocument at {base}source/{sha256}."),
    case("Graph-generatedAtTime", change(GRAPH, PROV.generatedAtTime, lit("yesterday")), GRAPH,
         "A cable graph must have exactly one prov:generatedAtTime, a valid xsd:dateTime."),
    case("Graph-parserVersion", drop(GRAPH, CG.parserVersion), GRAPH,
         "A cable graph must have exactly one cg:parserVersion, a string."),
    case("Graph-sourcePath", drop(GRAPH, CG.sourcePath), GRAPH,
         "A cable graph must have exactly one cg:sourcePath, a string."),
    case("Graph-sourceFormat", change(GRAPH, CG.sourceFormat, lit("docx")), GRAPH,
         "A cable graph must have exactly one cg:sourceFormat: cablegate-html, page-text, cables-csv, jsonl or "
         "pdf-text."),
    case("Graph-sourceRow", add(GRAPH, CG.sourceRow, lit("row 1")), GRAPH,
         "A cable graph must have at most one cg:sourceRow, an xsd:positiveInteger."),
    case("SourceDocumentShape", add(n("source/ABC"), RDF_TYPE, CG.SourceDocument), n("source/ABC"),
         "A source document's IRI must be {base}source/{sha256}."),
    case("SourceDocument-type", drop(SOURCE, RDF_TYPE, PROV.Entity), SOURCE,
         "A source document must also be typed prov:Entity."),
    case("SourceDocument-sha256", change(SOURCE, CG.sha256, lit(SHA.upper())), SOURCE,
         "A source document must have exactly one cg:sha256, 64 lower-case hexadecimal digits."),
    case("ReleaseShape", add(n("release/30-08-2011"), RDF_TYPE, CG.Release), n("release/30-08-2011"),
         "A release's IRI must be {base}release/{YYYY-MM-DD}."),
    case("Release-type", drop(RELEASE, RDF_TYPE, PROV.Activity), RELEASE,
         "A release must also be typed prov:Activity."),
    case("Release-releaseDate", drop(RELEASE, CG.releaseDate), RELEASE,
         "A release must have exactly one cg:releaseDate, a valid xsd:date."),
    case("Release-used", drop(RELEASE, PROV.used), RELEASE,
         "A release must prov:used at least one cg:Cable at {base}cable/{ID}."),
]


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
    assert {str(s) for s in property_shapes | node_shapes} == {CGSH + c.values[0] for c in CASES}  # type: ignore[attr-defined]


def test_every_shape_is_named_described_with_a_message_and_a_severity() -> None:
    graph = shapes.shapes_graph()
    for shape in graph.subjects(RDF.type, SH.PropertyShape):
        assert isinstance(shape, URIRef), "property shapes are named"
        for p in (SH.name, SH.description, SH.message, SH.severity):
            assert (shape, p, None) in graph, (shape, p)
    for shape in graph.subjects(RDF.type, SH.NodeShape):
        assert isinstance(shape, URIRef) and (shape, SH.name, None) in graph
        assert any((shape, p, None) in graph for p in shapes.TARGETS), shape


def test_the_seed_as_mapped_has_no_violations_or_warnings(seed: Quads, enriched: Quads) -> None:
    plain, more = validate_quads(seed), validate_quads(enriched)
    assert plain.conforms and plain.count("Warning") == 0
    assert plain.by_shape()["Info"] == {"cgsh:Cable-defects": 1, "cgsh:Paragraph-number-repaired": 4}
    assert more.conforms and more.count("Warning") == 0
    assert set(more.by_shape()["Info"]) == {"cgsh:Cable-defects", "cgsh:Paragraph-number-repaired",
                                             "cgsh:Tag-unrecognized", "cgsh:Cable-identifier-repaired"}
    assert {r.graph for r in more.results} == {GRAPH.value} and plain.cables == more.cables == 1


def test_the_shapes_do_not_depend_on_the_base() -> None:
    report = validate_quads(quads_of(enriched_cable(), "https://data.example.org/cablegate/"))
    assert report.conforms and report.count("Warning") == 0
    assert {str(r.focus) for r in report.results if r.shape_name == "cgsh:Tag-unrecognized"} == {
        "https://data.example.org/cablegate/tag/QQQQ"}


def test_a_node_shared_by_two_graphs_is_reported_for_each() -> None:
    second = dataclasses.replace(enriched_cable(), canonical_id="09MEXICO2883", reference_id="09MEXICO2883")
    report = validate_quads(quads_of(enriched_cable()) + quads_of(second))
    tags = sorted(r.graph for r in report.results if r.shape_name == "cgsh:Tag-unrecognized")
    assert tags == [BASE + "graph/09MEXICO2882", BASE + "graph/09MEXICO2883"]
    assert report.cables == 2 and report.conforms


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


def test_the_bundled_shapes_are_copies_of_the_top_level_ones() -> None:
    for bundled in shapes.shape_paths():
        assert filecmp.cmp(ROOT / "shapes" / bundled.name, bundled, shallow=False), bundled.name
    assert sorted(p.name for p in (ROOT / "shapes").glob("*.ttl")) == sorted(shapes.SHAPE_FILES)


def test_unique_batches_keep_a_repeated_cable_for_a_later_batch() -> None:
    cable = seed_cable()
    cables = [dataclasses.replace(cable, canonical_id=i) for i in ["a", "b", "a", "c", "a", "d", "e"]]
    batches = [[c.canonical_id for c in b] for b in unique_batches(cables, 3)]
    assert batches == [["a", "b", "c"], ["a", "d", "e"], ["a"]]
    assert [len(b) for b in unique_batches(cables[:1], 3)] == [1] and list(unique_batches([], 3)) == []


def test_validate_paths_in_worker_processes(tmp_path: Path) -> None:
    sample = Path(sample_path())
    copy = tmp_path / "copy.txt"
    copy.write_bytes(sample.read_bytes())
    broken = tmp_path / "broken.txt"
    broken.write_text("not a cable\n")
    reports = list(validate_paths([str(sample), str(copy), str(broken)], jobs=2, batch_size=1))
    total = sum(reports, Report())
    assert total.cables == 2 and total.conforms  # the same cable twice, in two batches
    assert len(total.errors) == 1 and "broken.txt" in total.errors[0]
    assert total.by_shape()["Info"]["cgsh:Paragraph-number-repaired"] == 8


def test_the_report_is_a_shacl_validation_report(seed: Quads) -> None:
    report = validate_quads(change(P1, SCHEMA.position, lit("0", XSD.integer))(drop(CABLE, CG.addressing)(seed)))
    graph = Graph().parse(data=report.to_turtle(), format="turtle")
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms).toPython() is False  # type: ignore[union-attr]
    results = list(graph.objects(node, SH.result))
    assert len(results) == len(report.results) and all(isinstance(r, Result) for r in report.results)
    assert all(graph.value(r, RDFS_SEE_ALSO) == URIRef(GRAPH.value) for r in results)
    severities = {str(graph.value(r, SH.resultSeverity)).rsplit("#")[-1] for r in results}
    assert severities == {"Violation", "Warning", "Info"}


def test_an_inverse_result_path_round_trips(enriched: Quads) -> None:
    report = validate_quads(drop(CABLE, CG.reference)(enriched))
    (result,) = [r for r in report.results if r.shape_name == "cgsh:Reference-cable"]
    assert result.path == "^" + CG.reference.value
    graph = report.to_graph()
    (node,) = graph.subjects(SH.sourceShape, URIRef(CGSH + "Reference-cable"))
    assert graph.value(graph.value(node, SH.resultPath), SH.inversePath) == URIRef(CG.reference.value)


def test_the_command_prints_a_summary_and_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.ttl"
    assert cli.main(["validate", "--quiet", "--jobs", "1", "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 cables validated in ") and "0 violations, 0 warnings, 5 infos" in out
    assert "cgsh:Paragraph-number-repaired        4  Paragraph number repaired" in out
    assert len(list(Graph().parse(report).subjects(RDF.type, SH.ValidationResult))) == 5


def test_the_command_exits_1_on_a_violation(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                            seed: Quads) -> None:
    broken = validate_quads(drop(CABLE, DCT.identifier)(seed))
    monkeypatch.setattr("cablerdf.commands.validate.validate_paths", lambda *args, **kwargs: iter([broken]))
    assert cli.main(["validate", "--quiet"]) == 1
    out = capsys.readouterr().out
    assert "1 violations" in out and "cgsh:Cable-identifier-count" in out


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
