"""A document's statements about itself: topic, licence, provenance, dataset, formats, and paging
(Hydra) when its link sets are cut into pages. What the document says of its topic is read from the
store (:mod:`cablerdf.store.describe`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from cablerdf.store.describe import Description
from cablerdf.terms import CC0, DCT, FOAF, HYDRA, PROV, RDF, VOID, XSD

LICENSE = CC0.value
RIGHTS = ("The cable texts are works of the US government, in the public domain (17 U.S.C. 105), as "
          "released in 2010-11; this description of them is dedicated to the public domain (CC0 1.0).")


def document_triples(description: Description, document: str, media_type: str, alternates: Iterable[str],
                     dataset: str, modified: str, page_url: Callable[[int], str] | None = None) -> list[Triple]:
    """The document's own statements: topic, licence, provenance, dataset, formats, and paging."""
    doc = NamedNode(document)
    triples = [
        Triple(doc, RDF.type, FOAF.Document),
        Triple(doc, FOAF.primaryTopic, description.topic),
        Triple(doc, DCT.license, CC0),
        Triple(doc, DCT.rights, Literal(RIGHTS)),
        Triple(doc, VOID.inDataset, NamedNode(dataset)),
        Triple(doc, DCT.modified, Literal(modified, datatype=XSD.dateTime)),
        Triple(doc, DCT.format, Literal(media_type)),
    ]
    triples += [Triple(doc, DCT.hasFormat, NamedNode(url)) for url in alternates]
    if description.graph is not None:
        triples.append(Triple(doc, PROV.wasDerivedFrom, description.graph))
    if page_url:
        triples += paging_triples(description, doc, page_url)
    return triples


def paging_triples(description: Description, doc: NamedNode, page_url: Callable[[int], str]) -> list[Triple]:
    """Hydra: the link sets this page shows part of, their totals, and the other pages."""
    triples = []
    for number, group in enumerate(description.groups, 1):
        if not group.capped:
            continue
        collection, manages = BlankNode(f"links{number}"), BlankNode(f"links{number}of")  # stable output
        triples += [Triple(collection, RDF.type, HYDRA.Collection),
                    Triple(collection, HYDRA.totalItems, Literal(str(group.total), datatype=XSD.integer)),
                    Triple(collection, HYDRA.view, doc), Triple(collection, HYDRA.manages, manages),
                    Triple(manages, HYDRA.property, group.predicate),
                    Triple(manages, HYDRA.object if group.inbound else HYDRA.subject, description.topic)]
    if description.pages > 1:
        triples += [Triple(doc, RDF.type, HYDRA.PartialCollectionView),
                    Triple(doc, HYDRA.first, NamedNode(page_url(1))),
                    Triple(doc, HYDRA.last, NamedNode(page_url(description.pages)))]
        if description.page > 1:
            triples.append(Triple(doc, HYDRA.previous, NamedNode(page_url(description.page - 1))))
        if description.page < description.pages:
            triples.append(Triple(doc, HYDRA.next, NamedNode(page_url(description.page + 1))))
    return triples
