"""What each dereferenceable URI's documents say, as triples read from the store.

Three kinds of description, all built with ``quads_for_pattern`` or SPARQL with ``substitutions``
(terms are bound by pyoxigraph, never pasted into query text):

- a cable: its named graph, the labels of the concepts it links to, and the cables citing it;
- a paragraph: its own statements plus what a citation needs (cable ID, date, origin, classification,
  subject, number, canonical URI, a ready-made ``dcterms:bibliographicCitation``);
- any other entity (tag, post, person, concept, scheme, source, release, run): its statements from
  every graph, and the statements linking to it.

Link sets bigger than :data:`CAP` (a tag's cables, a scheme's concepts) are cut into pages of
``CAP`` values; each page states the totals and links the other pages, in the RDF (Hydra) as in the
HTML. Every document also describes itself: topic, licence, provenance, dataset, formats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import cast

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, Triple, Variable

from cablerdf.iris import NS, PREFIXES, Minter
from cablerdf.mapping.terms import CG, CITO, DCT, FOAF, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from cablerdf.store import CONTENT_HASH
from cablerdf.store.remote import Backend, first_quad

CAP = 100  # values of one property per page, in both directions
LICENSE = "http://creativecommons.org/publicdomain/zero/1.0/"
RIGHTS = ("The cable texts are works of the US government, in the public domain (17 U.S.C. 105), as "
          "released in 2010-11; this description of them is dedicated to the public domain (CC0 1.0).")
HYDRA = "http://www.w3.org/ns/hydra/core#"
Term = NamedNode | BlankNode | Literal
Subject = NamedNode | BlankNode


class V:
    """The terms the documents use, built once."""

    type = RDF.type
    label = RDFS.label
    pref_label = SKOS.prefLabel
    notation = SKOS.notation
    title = DCT.title
    identifier = DCT.identifier
    created = DCT.created
    license = DCT.license
    rights = DCT.rights
    modified = DCT.modified
    format = DCT.format
    has_format = DCT.hasFormat
    is_part_of = DCT.isPartOf
    citation = DCT.bibliographicCitation
    document = FOAF.Document
    primary_topic = FOAF.primaryTopic
    derived_from = PROV.wasDerivedFrom
    in_dataset = NamedNode(PREFIXES["void"] + "inDataset")
    cites = CITO.cites
    sender = SCHEMA.sender
    origin_text = CG.originText
    classification = CG.classification
    number = CG.paragraphNumber
    paragraph_label = CG.paragraphLabel
    datetime = XSD.dateTime
    integer = XSD.integer
    collection = NamedNode(HYDRA + "Collection")
    view_class = NamedNode(HYDRA + "PartialCollectionView")
    total = NamedNode(HYDRA + "totalItems")
    view = NamedNode(HYDRA + "view")
    manages = NamedNode(HYDRA + "manages")
    h_subject = NamedNode(HYDRA + "subject")
    h_property = NamedNode(HYDRA + "property")
    h_object = NamedNode(HYDRA + "object")
    first = NamedNode(HYDRA + "first")
    previous = NamedNode(HYDRA + "previous")
    next = NamedNode(HYDRA + "next")
    last = NamedNode(HYDRA + "last")


# the concept labels a cable document carries, so that a client sees "PGOV: Internal Governmental Affairs"
CONCEPT_LINKS = frozenset(NS + name for name in (
    "classification", "precedence", "handlingCaption", "portionMarking", "classificationReason",
    "classificationAuthority", "declassificationCode")) | {PREFIXES["dcterms"] + "subject"}
# links of the topic, by direction: counted by predicate in the store, then listed (a page of them
# when there are more than CAP, in index order: stable for a store, and streamed where ORDER BY would
# sort them all); LIMIT and OFFSET are integers computed here, every term is bound by substitution
COUNTS = {False: "SELECT ?s ?p (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?s ?p",
          True: "SELECT ?o ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?o ?p"}
LINKS = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
LINKS_PAGE = LINKS + " LIMIT %d OFFSET %d"
# concept labels by vocabulary graph and concept: the vocabulary is the package's, the same in every store
LABELS: dict[tuple[str, str], tuple[Term | None]] = {}
Counts = dict[tuple[bool, NamedNode], int]  # (inbound, predicate) -> how many values


@dataclass(frozen=True, slots=True)
class Group:
    """The links of one predicate to (``inbound``) or from the topic, and how many there are in all."""

    predicate: NamedNode
    inbound: bool
    total: int
    values: tuple[Term, ...]  # those on this page, in order

    @property
    def capped(self) -> bool:
        return self.total > CAP


@dataclass(slots=True)
class Description:
    topic: NamedNode
    kind: str  # cable, paragraph, entity
    triples: list[Triple]
    groups: list[Group]
    page: int = 1
    pages: int = 1
    graph: NamedNode | None = None  # the named graph a cable's or paragraph's statements come from


def pages_for(total: int) -> int:
    return max(1, -(-total // CAP))


def exists(store: Backend, node: NamedNode) -> bool:
    """Whether any statement has ``node`` as subject or object."""
    return first_quad(store, node, None, None) is not None or first_quad(store, None, None, node) is not None


def text_of(term: object) -> str:
    """The lexical value of a term (its IRI, label or literal text)."""
    return term.value if isinstance(term, (NamedNode, BlankNode, Literal)) else str(term)


def first_value(store: Backend, node: Subject, predicate: NamedNode, graph: NamedNode | None = None) -> Term | None:
    quad = first_quad(store, node, predicate, None, graph)
    return None if quad is None else cast(Term, quad.object)


# ---- cables and paragraphs ----------------------------------------------------------------------


def cable_description(store: Backend, minter: Minter, cable_id: str, page: int = 1) -> Description | None:
    """The cable's graph, concept labels and the citing cables (``page``: of the citing cables)."""
    topic = NamedNode(minter.cable(cable_id))
    graph = NamedNode(minter.graph(cable_id))
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph) if q.predicate != CONTENT_HASH]
    citing = sorted({text_of(q.subject) for q in store.quads_for_pattern(None, V.cites, topic, None)
                     if q.graph_name != graph})
    pages = pages_for(len(citing))
    if page > pages:
        return None
    shown = tuple(NamedNode(iri) for iri in citing[(page - 1) * CAP:page * CAP])
    triples.extend(Triple(s, V.cites, topic) for s in shown)
    triples.extend(concept_labels(store, minter, triples))
    group = Group(V.cites, True, len(citing), shown)
    return Description(topic, "cable", triples, [group], page, pages, graph)


def concept_labels(store: Backend, minter: Minter, triples: Iterable[Triple]) -> list[Triple]:
    """``skos:prefLabel`` of the concepts the statements link to, from the vocabulary graph."""
    vocabulary = NamedNode(minter.vocabulary_graph())
    concepts = {t.object for t in triples if t.predicate.value in CONCEPT_LINKS and isinstance(t.object, NamedNode)}
    missing = [(c, V.pref_label, vocabulary) for c in concepts if (vocabulary.value, c.value) not in LABELS]
    if missing and hasattr(store, "prefetch"):  # a remote store's front end: one request for them all
        store.prefetch(missing)
    labels = []
    for concept in sorted(concepts, key=text_of):
        key = (vocabulary.value, concept.value)
        label = LABELS.get(key)
        if label is None:
            label = (first_value(store, concept, V.pref_label, vocabulary),)
            if len(LABELS) < 100_000:
                LABELS[key] = label
        if label[0] is not None:
            labels.append(Triple(concept, V.pref_label, label[0]))
    return labels


def paragraph_description(store: Backend, minter: Minter, cable_id: str, position: int) -> Description | None:
    """A paragraph's statements and its citation: the cable's identity, date, origin, classification."""
    topic = NamedNode(minter.paragraph(cable_id, position))
    graph = NamedNode(minter.graph(cable_id))
    own = [q.triple for q in store.quads_for_pattern(topic, None, None, graph)]
    if not own:
        return None
    cable = NamedNode(minter.cable(cable_id))
    context = [q.triple for p in (V.identifier, V.title, V.created, V.origin_text, V.sender, V.classification)
               for q in store.quads_for_pattern(cable, p, None, graph)]
    context += [Triple(cable, V.type, CG.Cable)]
    context += [q.triple for t in context if t.predicate == V.sender and isinstance(t.object, NamedNode)
                for q in store.quads_for_pattern(t.object, V.label, None, graph)]
    triples = own + context
    triples.extend(concept_labels(store, minter, triples))
    triples.append(Triple(topic, V.citation, Literal(citation(triples, cable, topic))))
    return Description(topic, "paragraph", triples, [], 1, 1, graph)


def citation(triples: list[Triple], cable: NamedNode, paragraph: NamedNode) -> str:
    """``Cable 09MEXICO2882 (Embassy Mexico, 2009-10-05, CONFIDENTIAL), ¶5, <URI>``."""
    values = {(t.subject, t.predicate): t.object.value for t in triples if isinstance(t.object, (Literal, NamedNode))}
    level = values.get((cable, V.classification))
    level_label = values.get((NamedNode(level), V.pref_label)) if level else None
    details = [values.get((cable, V.origin_text)), (values.get((cable, V.created)) or "")[:10] or None, level_label]
    number = values.get((paragraph, V.number))
    mark = f"¶{number}" if number else values.get((paragraph, V.paragraph_label), "paragraph")
    inner = ", ".join(d for d in details if d)
    head = f"Cable {values.get((cable, V.identifier), '')}" + (f" ({inner})" if inner else "")
    return f"{head}, {mark}, {paragraph.value}"


# ---- other entities -----------------------------------------------------------------------------


def entity_description(store: Backend, iri: str, page: int = 1, counts: Counts | None = None) -> Description | None:
    """Statements about the entity from every graph, and the statements linking to it, paged.

    ``counts``: the entity's :func:`link_counts`, when the caller keeps them between pages.
    """
    topic = NamedNode(iri)
    counts = link_counts(store, topic) if counts is None else counts
    pages = max((pages_for(n) for n in counts.values()), default=1)
    if page > pages:
        return None
    groups = [link_group(store, topic, inbound, predicate, total, page)
              for (inbound, predicate), total in sorted(counts.items(), key=group_order)]
    triples: list[Triple] = []
    for group in groups:
        if group.inbound:
            triples.extend(Triple(cast(Subject, v), group.predicate, topic) for v in group.values)
        else:
            triples.extend(Triple(topic, group.predicate, v) for v in group.values)
    triples.extend(blank_node_closure(store, triples))
    return Description(topic, "entity", triples, groups, page, pages)


def group_order(item: tuple[tuple[bool, NamedNode], int]) -> tuple[bool, bool, str]:
    (inbound, predicate), _ = item
    return inbound, predicate != V.type, predicate.value


def solutions(store: Backend, query: str, **bound: Term) -> Iterator[dict[str, Term]]:
    """The rows of a SELECT with variables bound by pyoxigraph."""
    rows = cast(QuerySolutions, store.query(query, substitutions={Variable(k): v for k, v in bound.items()}))
    names = [v.value for v in rows.variables]
    for row in rows:
        yield {name: cast(Term, row[name]) for name in names if row[name] is not None}


def link_counts(store: Backend, topic: NamedNode) -> Counts:
    """How many values the topic has, and how many subjects link to it, by predicate (counted in the store)."""
    counts: Counts = {}
    for inbound, query in COUNTS.items():
        for row in solutions(store, query, **{"o" if inbound else "s": topic}):
            counts[(inbound, cast(NamedNode, row["p"]))] = int(row["n"].value)
    return counts


def link_group(store: Backend, topic: NamedNode, inbound: bool, predicate: NamedNode, total: int, page: int) -> Group:
    """The values of one predicate on this page (all of them when they fit in one)."""
    query = LINKS if total <= CAP else LINKS_PAGE % (CAP, (page - 1) * CAP)
    bound = {"o": topic, "p": predicate} if inbound else {"s": topic, "p": predicate}
    values = sorted((row["s" if inbound else "o"] for row in solutions(store, query, **bound)), key=sort_key)
    return Group(predicate, inbound, total, tuple(values))


def sort_key(term: Term) -> tuple[int, str]:
    """Values in a stable order: IRIs, then literals, then blank nodes; by their text."""
    rank = 0 if isinstance(term, NamedNode) else 1 if isinstance(term, Literal) else 2
    return rank, term.value


def blank_node_closure(store: Backend, triples: list[Triple]) -> list[Triple]:
    """The statements about blank nodes among the values (owl:unionOf lists and the like), bounded."""
    pending = [t.object for t in triples if isinstance(t.object, BlankNode)]
    seen: set[BlankNode] = set()
    extra: list[Triple] = []
    while pending and len(extra) < 1000:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        for quad in store.quads_for_pattern(node, None, None, None):
            extra.append(quad.triple)
            if isinstance(quad.object, BlankNode):
                pending.append(quad.object)
    return extra


# ---- the document about the description -------------------------------------------------------


def document_triples(description: Description, document: str, media_type: str, alternates: Iterable[str],
                     dataset: str, modified: str, page_url: Callable[[int], str] | None = None) -> list[Triple]:
    """The document's own statements: topic, licence, provenance, dataset, formats, and paging."""
    doc = NamedNode(document)
    triples = [
        Triple(doc, V.type, V.document),
        Triple(doc, V.primary_topic, description.topic),
        Triple(doc, V.license, NamedNode(LICENSE)),
        Triple(doc, V.rights, Literal(RIGHTS)),
        Triple(doc, V.in_dataset, NamedNode(dataset)),
        Triple(doc, V.modified, Literal(modified, datatype=V.datetime)),
        Triple(doc, V.format, Literal(media_type)),
    ]
    triples += [Triple(doc, V.has_format, NamedNode(url)) for url in alternates]
    if description.graph is not None:
        triples.append(Triple(doc, V.derived_from, description.graph))
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
        triples += [Triple(collection, V.type, V.collection),
                    Triple(collection, V.total, Literal(str(group.total), datatype=V.integer)),
                    Triple(collection, V.view, doc), Triple(collection, V.manages, manages),
                    Triple(manages, V.h_property, group.predicate),
                    Triple(manages, V.h_object if group.inbound else V.h_subject, description.topic)]
    if description.pages > 1:
        triples += [Triple(doc, V.type, V.view_class), Triple(doc, V.first, NamedNode(page_url(1))),
                    Triple(doc, V.last, NamedNode(page_url(description.pages)))]
        if description.page > 1:
            triples.append(Triple(doc, V.previous, NamedNode(page_url(description.page - 1))))
        if description.page < description.pages:
            triples.append(Triple(doc, V.next, NamedNode(page_url(description.page + 1))))
    return triples
