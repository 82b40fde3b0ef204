"""The parts of a cable: addressings, marking, references, body elements, distribution, defects."""

from __future__ import annotations

import re

from pyoxigraph import NamedNode

from cablerdf.mapping.builder import Graph
from cablerdf.parse import tables
from cablerdf.parse.model import Addressee, Cable, Paragraph
from cablerdf.terms import CG, CITO, DCT, FOAF, RDFS, SCHEMA, SKOS, XSD

EO_ORDER = re.compile(r"E\.?\s?[O0]\.?\s?(\d{4,5})")
DECL_CODE = re.compile(r"\b(25X[1-9]|X[1-8]|OADR|XGDS-[1-4]|XGDS|GDS|ADS|N/A)\b")


def post_kind(name: str) -> NamedNode:
    """The class of an addressee from its plain-language address."""
    if name.endswith("COLLECTIVE"):
        return CG.CollectiveAddressee
    first = name.split(" ", 1)[0]
    kind = tables.office_kinds().get(first)
    return {"embassy": CG.Embassy, "consulate": CG.Consulate, "mission": CG.Mission,
            "headquarters": CG.Headquarters}.get(kind or "", CG.Addressee)


def post_node(g: Graph, name: str) -> NamedNode:
    iri = g.minter.post(name)
    node = g.node(iri)
    if not g.first_time(iri):
        return node
    kind = post_kind(name)
    g.types(node, kind, *((CG.Post,) if kind not in (CG.CollectiveAddressee, CG.Addressee) else ()))
    g.text(node, CG.plainLanguageAddress, name)
    g.text(node, RDFS.label, name)
    return node


def addressings(g: Graph, cable: Cable, cable_node: NamedNode) -> None:
    for role, people, link, cls in (("to", cable.to, SCHEMA.toRecipient, CG.ActionAddressing),
                                    ("info", cable.info, SCHEMA.ccRecipient, CG.InfoAddressing)):
        for index, addressee in enumerate(people, 1):
            addressing(g, cable, cable_node, addressee, f"{role}-{index}", index, link, cls)


def addressing(g: Graph, cable: Cable, cable_node: NamedNode, addressee: Addressee, fragment: str,
               position: int, link: NamedNode, cls: NamedNode) -> None:
    slot = g.node(g.minter.part(cable.canonical_id, fragment))
    post = post_node(g, addressee.name)
    g.add(cable_node, link, post)
    g.add(cable_node, CG.addressing, slot)
    g.types(slot, CG.Addressing, cls)
    g.add(slot, CG.addressee, post)
    g.text(slot, CG.addresseeText, addressee.name)
    if addressee.precedence:
        prosign = tables.precedence_words().get(addressee.precedence)
        if prosign:
            g.add(slot, CG.precedence, g.node(g.minter.concept("precedence", prosign)))
    g.text(slot, CG.messageContinuityNumber, addressee.serial)
    g.text(slot, CG.routingIndicator, addressee.route)
    g.integer(slot, SCHEMA.position, position, XSD.positiveInteger)


def marking(g: Graph, cable: Cable, cable_node: NamedNode) -> None:
    if cable.eo_line is None and cable.classified_by is None:
        return
    node = g.node(g.minter.part(cable.canonical_id, "marking"))
    g.add(cable_node, CG.marking, node)
    g.types(node, CG.ClassificationMarking)
    if cable.eo_line:
        g.text(node, CG.eoLine, cable.eo_line)
        order = EO_ORDER.search(cable.eo_line)
        if order:
            g.add(node, CG.classificationAuthority, g.node(g.minter.concept("authority", f"EO{order.group(1)}")))
    g.text(node, CG.declassificationInstruction, cable.declassification)
    g.typed(node, CG.declassifyOn, cable.declassify_on, XSD.date)
    code = DECL_CODE.search(cable.declassification or "") if cable.declassify_on is None else None
    if code:
        g.add(node, CG.declassificationCode, g.node(g.minter.concept("declassification", code.group(1))))
    who = cable.classified_by
    if who is None:
        return
    g.text(node, CG.classifiedByLine, who.text)
    g.text(node, CG.classifierName, who.name)
    g.text(node, CG.classifierTitle, who.title)
    if who.name and len(who.name.split()) >= 2:
        person = g.node(g.minter.person(who.name))
        g.add(node, CG.classifiedBy, person)
        if not g.first_time(person.value):
            return add_reasons(g, node, who.reasons)
        g.types(person, FOAF.Person, SCHEMA.Person)
        g.text(person, FOAF.name, who.name)
        g.text(person, RDFS.label, who.name)
    add_reasons(g, node, who.reasons)


def add_reasons(g: Graph, node: NamedNode, reasons: list[str]) -> None:
    for reason in reasons:
        g.add(node, CG.classificationReason,
              g.node(g.minter.concept("classification-reason", reason.replace("(", "").replace(")", ""))))


def references(g: Graph, cable: Cable, cable_node: NamedNode) -> None:
    for index, ref in enumerate(cable.references, 1):
        node = g.node(g.minter.part(cable.canonical_id, f"ref-{index}"))
        g.add(cable_node, CG.reference, node)
        g.types(node, CG.Reference)
        g.text(node, CG.referenceLabel, ref.label)
        g.text(node, CG.referenceText, ref.text)
        g.integer(node, SCHEMA.position, index, XSD.positiveInteger)
        if ref.cable_id and ref.cable_id != cable.canonical_id:
            cited = g.node(g.minter.cable(ref.cable_id))
            g.add(node, CG.citedCable, cited)
            g.add(cable_node, CITO.cites, cited)
            g.add(cable_node, DCT.references, cited)


def paragraph_class(cable: Cable, paragraph: Paragraph) -> NamedNode | None:
    text = paragraph.text.upper()
    head = text[:40]
    if "SUMMARY" in head or (paragraph.heading or "").strip(" :.-").upper() == "SUMMARY":
        return CG.SummaryParagraph
    if "COMMENT" in head or (paragraph.heading or "").strip(" :.-").upper() == "COMMENT":
        return CG.CommentParagraph
    return None


def body_elements(g: Graph, cable: Cable, cable_node: NamedNode) -> None:
    for paragraph in cable.paragraphs:
        node = g.node(g.minter.paragraph(cable.canonical_id, paragraph.position))
        g.add(cable_node, DCT.hasPart, node)
        g.types(node, CG.Paragraph, *filter(None, [paragraph_class(cable, paragraph)]))
        g.add(node, DCT.isPartOf, cable_node)
        g.integer(node, SCHEMA.position, paragraph.position, XSD.positiveInteger)
        g.integer(node, CG.paragraphNumber, paragraph.number, XSD.positiveInteger)
        g.text(node, CG.paragraphLabel, paragraph.label)
        g.text(node, SCHEMA.text, paragraph.text)
        if paragraph.text_repaired != paragraph.text:
            g.text(node, CG.repairedText, paragraph.text_repaired)
        g.text(node, CG.portionMarkingText, paragraph.marking)
        if paragraph.marking_level:
            g.add(node, CG.portionMarking, g.node(g.minter.classification(paragraph.marking_level)))
        for control in paragraph.marking_controls:
            g.text(node, CG.portionMarkingControl, control)
        if paragraph.heading:
            g.text(node, CG.heading, paragraph.heading)
            heading = g.node(g.minter.part(cable.canonical_id, f"h{paragraph.position}"))
            g.add(cable_node, DCT.hasPart, heading)
            g.types(heading, CG.Heading)
            g.add(heading, DCT.isPartOf, cable_node)
            g.text(heading, SCHEMA.text, paragraph.heading)


def distribution(g: Graph, cable: Cable, cable_node: NamedNode) -> None:
    for entry in cable.distribution:
        office, _, copies = entry.rpartition("-")
        node = g.node(g.minter.part(cable.canonical_id, f"dist-{entry}"))
        g.add(cable_node, CG.internalDistribution, node)
        g.types(node, CG.DistributionEntry)
        g.add(node, CG.office, g.node(g.minter.concept("office", office)))
        g.typed(node, CG.copies, int(copies) if copies.isdigit() else None, XSD.nonNegativeInteger)


def defects(g: Graph, cable: Cable, cable_node: NamedNode) -> None:
    for index, defect in enumerate(cable.defects, 1):
        node = g.node(g.minter.part(cable.canonical_id, f"defect-{index}"))
        g.add(cable_node, CG.defect, node)
        g.types(node, CG.Defect)
        g.text(node, CG.defectCode, defect.code)
        g.text(node, CG.defectMessage, defect.message)
        g.text(node, CG.defectPart, defect.part)
        g.integer(node, CG.defectLine, defect.line, XSD.positiveInteger)


def unknown_concepts(g: Graph, cable: Cable) -> None:
    """Codes met in the cable but absent from the reference tables: concepts flagged unrecognised."""
    from cablerdf.vocab import known_tag_kind

    for code in dict.fromkeys(cable.tags):
        if known_tag_kind(code) is not None:
            continue
        node = g.node(g.minter.tag(code))
        g.types(node, SKOS.Concept, CG.Tag, *([CG.PersonTag] if code.startswith("(") else []))
        g.add(node, SKOS.inScheme, g.node(g.minter.scheme("tags")))
        g.text(node, SKOS.notation, code)
        g.typed(node, CG.recognized, False, XSD.boolean)
