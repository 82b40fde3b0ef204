"""The cable page's content, read from the cable's description (the store's triples, no re-parsing).

:func:`cable_page` turns a :class:`~cablerdf.store.describe.Description` into plain values for
``cable.html``: the metadata table, the header with addressees linked to their posts, TAGS with
their labels, references to the cited cables, the cables citing this one, the paragraphs in order
with their headings, printed labels and portion markings, summary and comment, the marking, the
distribution, the defects, the provenance, and schema.org JSON-LD for the page head.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import NamedNode, Triple

from cablerdf.store.backend import Term
from cablerdf.store.describe import Description
from cablerdf.terms import CG, DCT, PROV, RDF, SCHEMA
from cablerdf.web.documents import LICENSE
from cablerdf.web.labels import Labeller, Link

RDF_TYPE = RDF.type.value


class Index:
    """The description's statements by subject and predicate."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.by: dict[Term, dict[str, list[Term]]] = {}
        for t in triples:
            self.by.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)  # type: ignore[arg-type]

    def all(self, subject: Term, predicate: str) -> list[Term]:
        return self.by.get(subject, {}).get(predicate, [])

    def one(self, subject: Term, predicate: str) -> str:
        values = self.all(subject, predicate)
        return values[0].value if values else ""

    def nodes(self, subject: Term, predicate: str) -> list[NamedNode]:
        """The IRIs a property links to, by IRI: the same order from every store."""
        return sorted((v for v in self.all(subject, predicate) if isinstance(v, NamedNode)), key=lambda v: v.value)

    def types(self, subject: Term) -> set[str]:
        return {v.value for v in self.all(subject, RDF_TYPE)}

    def position(self, subject: Term) -> int:
        value = self.one(subject, SCHEMA.position.value)
        return int(value) if value.isdigit() else 0


@dataclass(slots=True)
class Addressing:
    fragment: str
    iri: str  # the addressee's
    addressee: Link
    text: str
    precedence: Link | None
    continuity: str


@dataclass(slots=True)
class Paragraph:
    position: int
    number: str
    label: str  # as printed (¶5. or 15.)
    marking: str  # as printed (C, SBU)
    level: Link | None
    heading: str
    text: str  # the repaired text, its printed label and marking taken off the front
    raw: str  # the text as released, when the repair changed it
    kind: str  # summary, comment or ""


@dataclass(slots=True)
class Reference:
    fragment: str
    label: str
    text: str
    cited: Link | None


@dataclass(slots=True)
class CablePage:
    id: str
    uri: str
    title: str
    rows: list[tuple[str, list[Link]]] = field(default_factory=list)
    sender: Link | None = None
    to: list[Addressing] = field(default_factory=list)
    info: list[Addressing] = field(default_factory=list)
    tags: list[Link] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    marking: list[tuple[str, list[Link]]] = field(default_factory=list)
    distribution: list[tuple[str, Link, str]] = field(default_factory=list)
    defects: list[dict[str, str]] = field(default_factory=list)
    provenance: list[tuple[str, list[Link]]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # body, header, summary, comment (as released)
    schema_org: dict[str, Any] = field(default_factory=dict)


def cable_page(description: Description, labeller: Labeller) -> CablePage:
    index = Index(description.triples)
    cable = description.topic
    page = CablePage(index.one(cable, DCT.identifier.value), cable.value, index.one(cable, DCT.title.value))
    page.texts = {name: index.one(cable, iri) for name, iri in (
        ("body", SCHEMA.text.value), ("header", CG.headerText.value), ("summary", CG.summaryText.value),
        ("comment", CG.commentText.value))}
    senders = index.nodes(cable, SCHEMA.sender.value)
    page.sender = labeller.link(senders[0]) if senders else None
    page.tags = [labeller.link(t) for t in index.nodes(cable, DCT.subject.value)]
    page.rows = metadata_rows(index, cable, page, labeller)
    page.to, page.info = addressings(index, cable, labeller)
    page.references = references(index, cable, labeller)
    page.paragraphs = paragraphs(index, cable, labeller)
    page.marking = marking_rows(index, cable, labeller)
    page.distribution = distribution(index, cable, labeller)
    page.defects = defects(index, cable)
    page.provenance = provenance_rows(index, description, labeller)
    page.schema_org = schema_org(index, cable, page)
    return page


def literal(text: str, note: str = "") -> list[Link]:
    return [Link(text, note=note, literal=True)] if text else []


def when(value: str) -> str:
    """``2009-10-05T20:26:00Z`` -> ``2009-10-05 20:26 UTC``."""
    return f"{value[:10]} {value[11:16]} UTC" if len(value) >= 16 else value


def metadata_rows(index: Index, cable: NamedNode, page: CablePage, labeller: Labeller) -> list[tuple[str, list[Link]]]:
    published = index.one(cable, CG.publishedIdentifier.value)
    section, count = index.one(cable, CG.sectionNumber.value), index.one(cable, CG.sectionCount.value)
    banner = index.one(cable, CG.classificationBanner.value)
    levels = [labeller.link(n) for n in index.nodes(cable, CG.classification.value)]
    rows = [
        ("Reference ID", literal(page.id, f"published as {published}" if published else "")),
        ("Subject", literal(page.title)),
        ("Created", literal(when(index.one(cable, DCT.created.value)))),
        ("Released", literal(when(index.one(cable, DCT.available.value)))),
        ("Date-time group", literal(index.one(cable, CG.dateTimeGroup.value))),
        ("Classification", levels + literal(banner if banner and banner not in [x.text for x in levels] else "")),
        ("Handling", [labeller.link(n) for n in index.nodes(cable, CG.handlingCaption.value)]),
        ("Precedence", [labeller.link(n) for n in index.nodes(cable, CG.precedence.value)]),
        ("Origin", literal(index.one(cable, CG.originText.value)) + ([page.sender] if page.sender else [])),
        ("TAGS", page.tags),
        ("Section", literal(f"{section} of {count}" if section and count else section)),
        ("Partial extract", literal("yes" if index.one(cable, CG.isPartial.value) == "true" else "")),
        ("Signed", [Link(s.value, literal=True) for s in index.all(cable, CG.signerName.value)]),
        ("Transmission", literal(index.one(cable, CG.transmissionId.value))),
        ("Appears in", [labeller.link(n) for a in index.nodes(cable, SCHEMA.subjectOf.value)
                        for n in index.all(a, SCHEMA.url.value) if isinstance(n, NamedNode)]),
    ]
    return [(name, values) for name, values in rows if values]


def addressings(index: Index, cable: NamedNode, labeller: Labeller) -> tuple[list[Addressing], list[Addressing]]:
    to: list[Addressing] = []
    info: list[Addressing] = []
    for slot in sorted(index.nodes(cable, CG.addressing.value), key=index.position):
        posts = index.nodes(slot, CG.addressee.value)
        text = index.one(slot, CG.addresseeText.value)
        precedence = index.nodes(slot, CG.precedence.value)
        item = Addressing(slot.value.partition("#")[2], posts[0].value if posts else "",
                          labeller.link(posts[0]) if posts else Link(text), text,
                          labeller.link(precedence[0]) if precedence else None,
                          index.one(slot, CG.messageContinuityNumber.value))
        (to if CG.ActionAddressing.value in index.types(slot) else info).append(item)
    return to, info


def references(index: Index, cable: NamedNode, labeller: Labeller) -> list[Reference]:
    found = []
    for ref in sorted(index.nodes(cable, CG.reference.value), key=index.position):
        cited = index.nodes(ref, CG.citedCable.value)
        found.append(Reference(ref.value.partition("#")[2], index.one(ref, CG.referenceLabel.value),
                               index.one(ref, CG.referenceText.value), labeller.link(cited[0]) if cited else None))
    return found


def paragraphs(index: Index, cable: NamedNode, labeller: Labeller) -> list[Paragraph]:
    found = []
    for node in index.nodes(cable, DCT.hasPart.value):
        types = index.types(node)
        if CG.Paragraph.value not in types:
            continue
        label, marking = index.one(node, CG.paragraphLabel.value), index.one(node, CG.portionMarkingText.value)
        raw = index.one(node, SCHEMA.text.value)
        repaired = index.one(node, CG.repairedText.value) or raw
        levels = index.nodes(node, CG.portionMarking.value)
        kinds = {CG.SummaryParagraph.value: "summary", CG.CommentParagraph.value: "comment"}
        kind = next((name for iri, name in kinds.items() if iri in types), "")
        found.append(Paragraph(index.position(node), index.one(node, CG.paragraphNumber.value), label, marking,
                               labeller.link(levels[0]) if levels else None, index.one(node, CG.heading.value),
                               strip_front(repaired, label, marking), raw if repaired != raw else "", kind))
    return sorted(found, key=lambda p: p.position)


def strip_front(text: str, label: str, marking: str) -> str:
    """The paragraph's text without the printed label and marking the page shows beside it."""
    rest = text.lstrip()
    if label and rest.startswith(label):
        rest = rest[len(label):].lstrip()
        if marking and rest.startswith(f"({marking})"):
            rest = rest[len(marking) + 2:].lstrip()
        return rest
    return text


def marking_rows(index: Index, cable: NamedNode, labeller: Labeller) -> list[tuple[str, list[Link]]]:
    rows: list[tuple[str, list[Link]]] = []
    for mark in index.nodes(cable, CG.marking.value):
        rows += [
            ("E.O. line", literal(index.one(mark, CG.eoLine.value))),
            ("Authority", [labeller.link(n) for n in index.nodes(mark, CG.classificationAuthority.value)]),
            ("Classified by", literal(index.one(mark, CG.classifiedByLine.value))
             + [labeller.link(n) for n in index.nodes(mark, CG.classifiedBy.value)]),
            ("Classifier title", literal(index.one(mark, CG.classifierTitle.value))),
            ("Reasons", [labeller.link(n) for n in index.nodes(mark, CG.classificationReason.value)]),
            ("Declassify on", literal(index.one(mark, CG.declassifyOn.value))),
            ("Declassification", literal(index.one(mark, CG.declassificationInstruction.value))
             + [labeller.link(n) for n in index.nodes(mark, CG.declassificationCode.value)]),
        ]
    return [(name, values) for name, values in rows if values]


def distribution(index: Index, cable: NamedNode, labeller: Labeller) -> list[tuple[str, Link, str]]:
    entries = []
    for entry in index.nodes(cable, CG.internalDistribution.value):
        offices = index.nodes(entry, CG.office.value)
        if offices:
            copies = index.one(entry, CG.copies.value)
            entries.append((entry.value.partition("#")[2], labeller.link(offices[0]), copies))
    return entries


def defects(index: Index, cable: NamedNode) -> list[dict[str, str]]:
    found = []
    for node in index.nodes(cable, CG.defect.value):
        found.append({"fragment": node.value.partition("#")[2], "code": index.one(node, CG.defectCode.value),
                      "message": index.one(node, CG.defectMessage.value), "part": index.one(node, CG.defectPart.value),
                      "line": index.one(node, CG.defectLine.value)})
    return sorted(found, key=lambda d: (d["part"], int(d["line"] or 0), d["fragment"]))


def provenance_rows(index: Index, description: Description, labeller: Labeller) -> list[tuple[str, list[Link]]]:
    graph = description.graph
    if graph is None:
        return []
    sources = index.nodes(graph, PROV.wasDerivedFrom.value)
    rows = [
        ("Source file", literal(index.one(graph, CG.sourcePath.value), index.one(graph, CG.sourceFormat.value))),
        ("Source SHA-256", literal(index.one(sources[0], CG.sha256.value)) if sources else []),
        ("Converted", literal(when(index.one(graph, PROV.generatedAtTime.value)),
                              f"cablerdf {index.one(graph, CG.parserVersion.value)}")),
        ("Named graph", [Link(graph.value, None, literal=True)]),
    ]
    return [(name, values) for name, values in rows if values]


def schema_org(index: Index, cable: NamedNode, page: CablePage) -> dict[str, Any]:
    """schema.org JSON-LD for search engines (a Message with its dates, sender, recipients, keywords)."""
    def org(item: Addressing | None, link: Link | None, iri: str) -> dict[str, str]:
        return {"@type": "Organization", "@id": iri, "name": (item.text if item else link.text if link else "")}

    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Message", "@id": page.uri, "url": page.uri + ".html",
        "identifier": page.id, "name": page.title or page.id, "headline": page.title or page.id,
        "dateCreated": index.one(cable, DCT.created.value), "datePublished": index.one(cable, DCT.available.value),
        "inLanguage": "en", "isAccessibleForFree": True, "license": LICENSE,
        "keywords": [tag.text for tag in page.tags],
        "toRecipient": [org(a, None, a.iri) for a in page.to if a.iri],
        "ccRecipient": [org(a, None, a.iri) for a in page.info if a.iri],
    }
    senders = index.nodes(cable, SCHEMA.sender.value)
    if senders:
        data["sender"] = org(None, page.sender, senders[0].value)
    if page.texts.get("summary"):
        data["abstract"] = page.texts["summary"]
    return {k: v for k, v in data.items() if v not in ("", [], None)}
