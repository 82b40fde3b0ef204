"""What each dereferenceable URI's documents say, as triples read from the store.

Three kinds of description, all built with ``quads_for_pattern`` or SPARQL with ``substitutions``
(terms are bound by pyoxigraph, never pasted into query text):

- a cable: its named graph, the labels of the concepts it links to, and the cables citing it;
- a paragraph: its own statements plus what a citation needs (cable ID, date, origin, classification,
  subject, number, canonical URI, a ready-made ``dcterms:bibliographicCitation``);
- any other entity (tag, post, person, concept, scheme, source, release, run): its statements from
  every graph, and the statements linking to it.

Link sets bigger than :data:`CAP` (a tag's cables, a scheme's concepts) are cut into pages of
``CAP`` values; each page states the totals and links the other pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import cast

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, Triple, Variable

from cablerdf.iris import Minter
from cablerdf.store import CONTENT_HASH
from cablerdf.store.backend import Backend, Subject, Term
from cablerdf.terms import CG, CITO, DCT, RDF, RDFS, SCHEMA, SKOS

CAP = 100  # values of one property per page, in both directions


# the concept labels a cable document carries, so that a client sees "PGOV: Internal Governmental Affairs"
CONCEPT_LINKS = frozenset(CG.term(name).value for name in (
    "classification", "precedence", "handlingCaption", "portionMarking", "classificationReason",
    "classificationAuthority", "declassificationCode")) | {DCT.subject.value}
# links of the topic, by direction: counted by predicate in the store, then listed (a page of them
# when there are more than CAP, in index order: stable for a store, and streamed where ORDER BY would
# sort them all); LIMIT and OFFSET are integers computed here, every term is bound by substitution
COUNTS = {False: "SELECT ?s ?p (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?s ?p",
          True: "SELECT ?o ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?o ?p"}
LINKS = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
LINKS_PAGE = LINKS + " LIMIT %d OFFSET %d"
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
    return store.first(node, None, None) is not None or store.first(None, None, node) is not None


def text_of(term: object) -> str:
    """The lexical value of a term (its IRI, label or literal text)."""
    return term.value if isinstance(term, (NamedNode, BlankNode, Literal)) else str(term)


def first_value(store: Backend, node: Subject, predicate: NamedNode, graph: NamedNode | None = None) -> Term | None:
    quad = store.first(node, predicate, None, graph)
    return None if quad is None else cast(Term, quad.object)


# ---- cables and paragraphs ----------------------------------------------------------------------


def cable_description(store: Backend, minter: Minter, cable_id: str, page: int = 1) -> Description | None:
    """The cable's graph, concept labels and the citing cables (``page``: of the citing cables)."""
    topic = NamedNode(minter.cable(cable_id))
    graph = NamedNode(minter.graph(cable_id))
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph) if q.predicate != CONTENT_HASH]
    citing = sorted({text_of(q.subject) for q in store.quads_for_pattern(None, CITO.cites, topic, None)
                     if q.graph_name != graph})
    pages = pages_for(len(citing))
    if page > pages:
        return None
    shown = tuple(NamedNode(iri) for iri in citing[(page - 1) * CAP:page * CAP])
    triples.extend(Triple(s, CITO.cites, topic) for s in shown)
    triples.extend(concept_labels(store, minter, triples))
    group = Group(CITO.cites, True, len(citing), shown)
    return Description(topic, "cable", triples, [group], page, pages, graph)


def concept_labels(store: Backend, minter: Minter, triples: Iterable[Triple]) -> list[Triple]:
    """``skos:prefLabel`` of the concepts the statements link to, from the vocabulary graph (one request
    to a remote store for them all)."""
    vocabulary = NamedNode(minter.vocabulary_graph())
    concepts = {t.object for t in triples if t.predicate.value in CONCEPT_LINKS and isinstance(t.object, NamedNode)}
    found = store.firsts([(concept, SKOS.prefLabel, vocabulary) for concept in sorted(concepts, key=text_of)])
    return [Triple(pattern[0], SKOS.prefLabel, quad.object) for pattern, quad in found.items() if quad is not None]


def paragraph_description(store: Backend, minter: Minter, cable_id: str, position: int) -> Description | None:
    """A paragraph's statements and its citation: the cable's identity, date, origin, classification."""
    topic = NamedNode(minter.paragraph(cable_id, position))
    graph = NamedNode(minter.graph(cable_id))
    own = [q.triple for q in store.quads_for_pattern(topic, None, None, graph)]
    if not own:
        return None
    cable = NamedNode(minter.cable(cable_id))
    fields = (DCT.identifier, DCT.title, DCT.created, CG.originText, SCHEMA.sender, CG.classification)
    context = [q.triple for p in fields
               for q in store.quads_for_pattern(cable, p, None, graph)]
    context += [Triple(cable, RDF.type, CG.Cable)]
    context += [q.triple for t in context if t.predicate == SCHEMA.sender and isinstance(t.object, NamedNode)
                for q in store.quads_for_pattern(t.object, RDFS.label, None, graph)]
    triples = own + context
    triples.extend(concept_labels(store, minter, triples))
    triples.append(Triple(topic, DCT.bibliographicCitation, Literal(citation(triples, cable, topic))))
    return Description(topic, "paragraph", triples, [], 1, 1, graph)


def citation(triples: list[Triple], cable: NamedNode, paragraph: NamedNode) -> str:
    """``Cable 09MEXICO2882 (Embassy Mexico, 2009-10-05, CONFIDENTIAL), ¶5, <URI>``."""
    values = {(t.subject, t.predicate): t.object.value for t in triples if isinstance(t.object, (Literal, NamedNode))}
    level = values.get((cable, CG.classification))
    level_label = values.get((NamedNode(level), SKOS.prefLabel)) if level else None
    details = [values.get((cable, CG.originText)), (values.get((cable, DCT.created)) or "")[:10] or None, level_label]
    number = values.get((paragraph, CG.paragraphNumber))
    mark = f"¶{number}" if number else values.get((paragraph, CG.paragraphLabel), "paragraph")
    inner = ", ".join(d for d in details if d)
    head = f"Cable {values.get((cable, DCT.identifier), '')}" + (f" ({inner})" if inner else "")
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
    return inbound, predicate != RDF.type, predicate.value


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


