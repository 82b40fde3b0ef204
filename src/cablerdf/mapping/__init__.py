"""Cable records to quads: one named graph per cable, built directly as pyoxigraph terms.

``cable_quads(cable, minter, provenance)`` is pure: it reads the record and returns the quads of the
cable's graph, including the provenance of the conversion and concepts for unrecognised codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode, Quad

from cablerdf import __version__
from cablerdf.iris import Minter
from cablerdf.mapping import parts
from cablerdf.mapping.builder import Graph
from cablerdf.parse import ids, tables
from cablerdf.parse.model import Cable
from cablerdf.terms import CG, DCT, FOAF, PROV, SCHEMA, XSD
from cablerdf.vocab import known_tag_kind

GEO_KINDS = frozenset({"geo-country", "geo-region"})


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a conversion's input came from and when it ran."""

    sha256: str  # of the source file (or of the record's text when the file is not at hand)
    converted_at: str  # ISO 8601 UTC, e.g. 2026-11-28T10:00:00Z
    parser_version: str = __version__


def cable_quads(cable: Cable, minter: Minter, provenance: Provenance) -> list[Quad]:
    g = Graph(minter.graph(cable.canonical_id), minter)
    node = g.node(minter.cable(cable.canonical_id))
    identity(g, cable, node)
    dates_and_origin(g, cable, node)
    classification(g, cable, node)
    subjects(g, cable, node)
    texts(g, cable, node)
    parts.addressings(g, cable, node)
    parts.marking(g, cable, node)
    parts.references(g, cable, node)
    parts.body_elements(g, cable, node)
    parts.distribution(g, cable, node)
    parts.defects(g, cable, node)
    parts.unknown_concepts(g, cable)
    graph_provenance(g, cable, node, provenance)
    return g.quads


def identity(g: Graph, cable: Cable, node: NamedNode) -> None:
    g.types(node, CG.Cable, SCHEMA.Message)
    g.text(node, DCT.identifier, cable.canonical_id)
    if cable.reference_id != cable.canonical_id:
        g.text(node, CG.publishedIdentifier, cable.reference_id)
    split = ids.split_id(cable.canonical_id)
    if split:
        g.text(node, CG.originCode, split[1])
        g.text(node, CG.serialNumber, split[2])
    g.text(node, CG.transmissionId, cable.transmission_id)
    g.integer(node, CG.sectionNumber, cable.section, XSD.positiveInteger)
    g.integer(node, CG.sectionCount, cable.section_count, XSD.positiveInteger)
    g.typed(node, CG.isPartial, cable.is_partial, XSD.boolean)


def sender_name(cable: Cable) -> str | None:
    """The plain-language address of the sender: the FM line, else rebuilt from the origin label."""
    if cable.from_:
        return cable.from_
    if not cable.origin:
        return None
    label, _, place = cable.origin.partition(" ")
    prefix = next((p for p, name in tables.office_prefixes().items() if name == label and " " not in p), None)
    return f"{prefix} {place.upper()}".strip() if prefix and place else cable.origin.upper()


def dates_and_origin(g: Graph, cable: Cable, node: NamedNode) -> None:
    g.typed(node, DCT.created, cable.created, XSD.dateTime)
    g.typed(node, DCT.available, cable.released, XSD.dateTime)
    g.text(node, CG.dateTimeGroup, cable.dtg)
    g.text(node, CG.originText, cable.origin)
    g.text(node, CG.fromLine, cable.from_)
    sender = sender_name(cable)
    if sender:
        post = parts.post_node(g, sender)
        g.add(node, SCHEMA.sender, post)
        g.add(node, DCT.creator, post)
    if cable.precedence:
        g.add(node, CG.precedence, g.node(g.minter.concept("precedence", cable.precedence)))


def classification(g: Graph, cable: Cable, node: NamedNode) -> None:
    g.text(node, CG.classificationBanner, cable.classification)
    if cable.classification_level:
        g.add(node, CG.classification, g.node(g.minter.classification(cable.classification_level)))
    for caption in cable.handling:
        g.add(node, CG.handlingCaption, g.node(g.minter.concept("handling", caption)))


def subjects(g: Graph, cable: Cable, node: NamedNode) -> None:
    g.text(node, DCT.title, cable.subject)
    g.text(node, CG.tagsLine, cable.tags_line)
    for code in dict.fromkeys(cable.tags):
        tag = g.node(g.minter.tag(code))
        g.add(node, DCT.subject, tag)
        if known_tag_kind(code) in GEO_KINDS:
            g.add(node, DCT.spatial, tag)
    for index, url in enumerate(cable.media_urls, 1):
        article = g.node(g.minter.part(cable.canonical_id, f"article-{index}"))
        g.add(node, SCHEMA.subjectOf, article)
        g.types(article, SCHEMA.NewsArticle)
        if is_iri(url):
            g.add(article, SCHEMA.url, g.node(url))
            g.add(node, CG.mediaUrl, g.node(url))
        else:  # kept, but not as an IRI: it is not one
            g.typed(article, SCHEMA.url, url, XSD.anyURI)


def is_iri(text: str) -> bool:
    return text.startswith(("http://", "https://")) and not any(c in text for c in ' <>"{}|\\^`')


def texts(g: Graph, cable: Cable, node: NamedNode) -> None:
    g.text(node, SCHEMA.text, cable.body)
    g.text(node, CG.headerText, cable.header)
    g.text(node, CG.summaryText, cable.summary)
    g.text(node, CG.commentText, cable.comment)
    for signer in cable.signers or []:
        g.text(node, CG.signerName, signer)


def published_path(path: str) -> str:
    """The source as published: the file's name (and the member inside an archive), no local folders."""
    archive, bang, member = path.partition("!")
    return archive.rsplit("/", 1)[-1] + bang + member


def graph_provenance(g: Graph, cable: Cable, node: NamedNode, provenance: Provenance) -> None:
    graph = g.name
    source = g.node(g.minter.source(provenance.sha256))
    g.types(graph, PROV.Entity)
    g.add(graph, FOAF.primaryTopic, node)
    g.add(graph, PROV.wasDerivedFrom, source)
    g.typed(graph, PROV.generatedAtTime, provenance.converted_at, XSD.dateTime)
    g.text(graph, CG.parserVersion, provenance.parser_version)
    g.types(source, CG.SourceDocument, PROV.Entity)
    g.text(source, CG.sha256, provenance.sha256)
    g.text(graph, CG.sourcePath, published_path(cable.source.path))
    g.text(graph, CG.sourceFormat, cable.source.format)
    g.integer(graph, CG.sourceRow, cable.source.row, XSD.positiveInteger)
    if cable.released:
        day = cable.released[:10]
        release = g.node(g.minter.release(day))
        g.types(release, CG.Release, PROV.Activity)
        g.typed(release, CG.releaseDate, day, XSD.date)
        g.add(release, PROV.used, node)
