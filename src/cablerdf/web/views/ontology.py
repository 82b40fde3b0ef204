"""The ontology: ``/ns`` (negotiated, 200 with ``Content-Location``) and ``/ns.html|.ttl|.jsonld|.nt|.rdf``.

The vocabulary namespace ``https://w3id.org/cablerdf/ns#`` is not under the data base, so the
ontology document is served here (a w3id redirect can point at ``{base}ns``); its statements are
read from the store's vocabulary graph. The HTML lists the classes and properties with their labels,
comments, hierarchy, domains and ranges, each anchored by its local name (``/ns#Cable``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, Response, render_template
from pyoxigraph import BlankNode, NamedNode, Triple

from cablerdf.iris import NS
from cablerdf.store.describe import Description, text_of
from cablerdf.terms import DCT, OWL, RDF, RDFS
from cablerdf.vocab import ONTOLOGY_IRI
from cablerdf.web import dataset
from cablerdf.web.caching import cache_key, replay_varies_with_accept, respond
from cablerdf.web.dereference import (
    DOCUMENTS,
    Target,
    cached_document,
    described,
    document,
    formats,
    not_acceptable,
    not_found,
    split_name,
)
from cablerdf.web.labels import compact
from cablerdf.web.links import relative
from cablerdf.web.negotiation import choose

bp = Blueprint("ontology", __name__)
KINDS = {OWL.Class.value: "Classes", OWL.ObjectProperty.value: "Object properties",
         OWL.DatatypeProperty.value: "Datatype properties", OWL.AnnotationProperty.value: "Annotation properties"}
RELATIONS = (("subClassOf", RDFS.subClassOf.value), ("subPropertyOf", RDFS.subPropertyOf.value),
             ("domain", RDFS.domain.value), ("range", RDFS.range.value), ("equivalent", OWL.equivalentClass.value),
             ("inverse", OWL.inverseOf.value))


@dataclass(slots=True)
class Term:
    name: str
    label: str = ""
    comment: str = ""
    relations: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)  # (name, [(text, href)])


@bp.get("/ns")
def namespace() -> Response:
    fmt = choose(DOCUMENTS)
    if fmt is None:
        return not_acceptable()
    response = serve(fmt)
    if response.status_code in (200, 304):
        response.headers["Vary"] = "Accept"
        replay_varies_with_accept()
    return response


@bp.get("/ns.<ext>")
def namespace_document(ext: str) -> Response:
    stem, fmt = split_name(f"ns.{ext}")
    if fmt is None or stem != "ns":
        return not_found("ontology document in this format")
    return serve(fmt)


def serve(fmt: str) -> Response:
    key, hit = cached_document(fmt)
    if hit is not None:
        return respond(hit)
    target = Target(ONTOLOGY_IRI, dataset.minter().ontology_document())
    description = described(cache_key("ontology"), ontology_description)
    assert description is not None
    return document(key, description, target, fmt, lambda: render_ontology(description, target))


def ontology_description() -> Description:
    """The ontology's statements: every triple about the ontology and its ``cg:`` terms."""
    triples = dataset.reader().vocabulary_terms(ONTOLOGY_IRI)
    return Description(NamedNode(ONTOLOGY_IRI), "ontology", triples, [])


def render_ontology(description: Description, target: Target) -> str:
    by_subject: dict[str, dict[str, list[NamedNode | BlankNode | str]]] = {}
    for t in description.triples:
        if isinstance(t.subject, NamedNode):
            value = t.object if isinstance(t.object, (NamedNode, BlankNode)) else text_of(t.object)
            by_subject.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(value)
    sections: dict[str, list[Term]] = {title: [] for title in KINDS.values()}
    for iri in sorted(by_subject):
        if not iri.startswith(NS):
            continue
        props = by_subject[iri]
        kinds = [KINDS[t.value] for t in props.get(RDF.type.value, []) if isinstance(t, NamedNode) and t.value in KINDS]
        if kinds:
            sections[kinds[0]].append(term(iri, props, description.triples))
    about = by_subject.get(ONTOLOGY_IRI, {})
    meta = {k: str(about.get(p, [""])[0]) for k, p in (
        ("title", DCT.title.value), ("description", DCT.description.value),
        ("version", OWL.versionInfo.value))}
    return render_template("ontology.html", meta=meta, sections=sections, uri=target.thing, canonical=target.thing,
                           namespace=NS, formats=[(n, m, local(u)) for n, m, u in formats(target)],
                           alternates=[(m, local(u)) for n, m, u in formats(target) if n != "html"])


def local(url: str) -> str:
    base = dataset.minter().base
    return relative("/" + url[len(base):]) if url.startswith(base) else url


def term(iri: str, props: dict[str, list[NamedNode | BlankNode | str]], triples: list[Triple]) -> Term:
    found = Term(iri[len(NS):], str((props.get(RDFS.label.value) or [""])[0]),
                 str((props.get(RDFS.comment.value) or [""])[0]))
    for name, predicate in RELATIONS:
        values = [shown(v, triples) for v in props.get(predicate, [])]
        if values:
            found.relations.append((name, [v for group in values for v in group]))
    return found


def shown(value: NamedNode | BlankNode | str, triples: list[Triple]) -> list[tuple[str, str]]:
    """(text, href) of a related term; a blank ``owl:unionOf`` class becomes its members."""
    if isinstance(value, NamedNode):
        if value.value.startswith(NS):
            return [(value.value[len(NS):], "#" + value.value[len(NS):])]
        return [(compact(value.value), value.value)]
    if isinstance(value, BlankNode):
        members = [t.object for t in list_members(value, triples)]
        return [item for m in members if isinstance(m, NamedNode) for item in shown(m, triples)]
    return [(value, "")]


def list_members(node: BlankNode, triples: list[Triple]) -> list[Triple]:
    """The members of the ``owl:unionOf`` list of a blank class (rdf:first of each cell)."""
    out: dict[BlankNode | NamedNode, dict[str, object]] = {}
    for t in triples:
        if isinstance(t.subject, BlankNode):
            out.setdefault(t.subject, {})[t.predicate.value] = t.object
    cell = out.get(node, {}).get(OWL.unionOf.value)
    members: list[Triple] = []
    while isinstance(cell, BlankNode) and len(members) < 100:
        first = out.get(cell, {}).get(RDF.first.value)
        if isinstance(first, NamedNode):
            members.append(Triple(node, RDF.first, first))
        cell = out.get(cell, {}).get(RDF.rest.value)
    return members
