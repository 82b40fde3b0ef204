"""Labels and links for pages: what to call a node, and the relative link to its page.

Data IRIs under the base link to their HTML documents (``tag/PGOV`` -> ``../tag/PGOV.html``, a
paragraph to its anchor in the cable's page), so a click costs no 303; other IRIs link out as they
are. Labels come from the store (``skos:prefLabel``, ``rdfs:label``, …), predicate labels from the
ontology in the vocabulary graph, or a short table for the reused vocabularies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from pyoxigraph import BlankNode, Literal, NamedNode

from cablerdf.iris import NS, PREFIXES
from cablerdf.store.backend import Pattern, Term
from cablerdf.store.read import Reader
from cablerdf.terms import DCT, RDFS, SKOS
from cablerdf.web.links import linkable, relative

P = PREFIXES
LABELS = (SKOS.prefLabel, RDFS.label, NamedNode(P["foaf"] + "name"), DCT.title, SKOS.notation, DCT.identifier)
CABLE_PATH = re.compile(r"cable/([^/#]+)(?:/paragraph/(\d+))?(?:#(.+))?")
PAGE_KINDS = frozenset(("tag", "post", "person", "classification", "scheme", "precedence", "handling",
                        "classification-reason", "authority", "declassification", "office", "source",
                        "release", "run"))
SLUG_KINDS = frozenset(("post", "person"))  # their IRIs end in a slug of the label: no need to show it
PREDICATE_NAMES = {  # reused vocabularies, as a reader would say them
    P["rdf"] + "type": ("type", "type of"),
    P["rdfs"] + "label": ("label", "label of"),
    P["rdfs"] + "comment": ("comment", "comment on"),
    P["rdfs"] + "subClassOf": ("subclass of", "superclass of"),
    P["dcterms"] + "subject": ("subject", "subject of"),
    P["dcterms"] + "spatial": ("place", "place of"),
    P["dcterms"] + "creator": ("creator", "creator of"),
    P["dcterms"] + "title": ("title", "title of"),
    P["dcterms"] + "description": ("description", "description of"),
    P["dcterms"] + "references": ("references", "referenced by"),
    P["dcterms"] + "hasPart": ("has part", "part of"),
    P["dcterms"] + "isPartOf": ("part of", "has part"),
    P["dcterms"] + "license": ("licence", "licence of"),
    P["schema"] + "sender": ("sender", "sender of"),
    P["schema"] + "position": ("position", "position of"),
    P["schema"] + "text": ("text", "text of"),
    P["schema"] + "url": ("URL", "URL of"),
    P["schema"] + "toRecipient": ("to", "action addressee of"),
    P["schema"] + "ccRecipient": ("info", "info addressee of"),
    P["skos"] + "prefLabel": ("preferred label", "preferred label of"),
    P["skos"] + "altLabel": ("alternative label", "alternative label of"),
    P["skos"] + "hiddenLabel": ("hidden label", "hidden label of"),
    P["skos"] + "notation": ("notation", "notation of"),
    P["skos"] + "definition": ("definition", "definition of"),
    P["skos"] + "editorialNote": ("editorial note", "editorial note of"),
    P["skos"] + "scopeNote": ("scope note", "scope note of"),
    P["skos"] + "inScheme": ("in scheme", "concepts"),
    P["skos"] + "topConceptOf": ("top concept of", "top concepts"),
    P["skos"] + "hasTopConcept": ("top concepts", "top concept of"),
    P["skos"] + "broader": ("broader", "narrower"),
    P["skos"] + "narrower": ("narrower", "broader"),
    P["skos"] + "exactMatch": ("exact match", "exact match of"),
    P["foaf"] + "name": ("name", "name of"),
    P["foaf"] + "primaryTopic": ("primary topic", "topic of"),
    P["prov"] + "used": ("used", "used by"),
    P["prov"] + "wasDerivedFrom": ("derived from", "source of"),
    P["prov"] + "generatedAtTime": ("generated at", "generation time of"),
    P["prov"] + "startedAtTime": ("started at", "start of"),
    P["prov"] + "endedAtTime": ("ended at", "end of"),
    P["cito"] + "cites": ("cites", "cited by"),
}


@dataclass(frozen=True, slots=True)
class Link:
    """A value as a page shows it: text, optional link (relative for our data) and a secondary note."""

    text: str
    href: str | None = None
    note: str = ""
    literal: bool = False
    language: str = ""
    datatype: str = ""


class Labeller:
    """Labels and links for the nodes of one request (look-ups are cached for the request)."""

    def __init__(self, reader: Reader) -> None:
        self.reader, self.minter = reader, reader.minter
        self.cache: dict[str, Link] = {}
        self.values: dict[Pattern, Term | None] = {}  # asked at once by prefetch

    def prefetch(self, terms: Iterable[object]) -> None:
        """Ask at once for what :meth:`link` will need of ``terms`` (one request to a remote store,
        instead of one per label; the embedded store is asked as each label is needed)."""
        if not self.reader.batches:
            return
        patterns: list[Pattern] = []
        for node in {t for t in terms if isinstance(t, NamedNode) and t.value.startswith(self.minter.base)}:
            cable = CABLE_PATH.fullmatch(node.value[len(self.minter.base):])
            if cable is None:
                patterns += [(node, predicate, None) for predicate in LABELS[:2]]  # most nodes have one
            elif not cable.group(2) and not cable.group(3):
                graph = NamedNode(self.minter.graph(unquote(cable.group(1))))
                patterns += [(node, DCT.title, graph), (node, DCT.created, graph)]
        self.values.update(self.reader.values(patterns))

    def value(self, node: NamedNode, predicate: NamedNode, graph: NamedNode | None = None) -> Term | None:
        pattern = (node, predicate, graph)
        if pattern in self.values:
            return self.values[pattern]
        return self.reader.value(node, predicate, graph)

    def predicate(self, predicate: NamedNode, inbound: bool = False) -> str:
        names = PREDICATE_NAMES.get(predicate.value)
        if names:
            return names[1 if inbound else 0]
        label = self.reader.predicate_label(predicate)
        text = label.value if label is not None else compact(predicate.value)
        return f"← {text}" if inbound else text  # "← classified by": the values link here by that property

    def link(self, term: Term) -> Link:
        if isinstance(term, Literal):
            datatype = term.datatype.value
            plain = datatype in (P["xsd"] + "string", P["rdf"] + "langString")
            return Link(term.value, literal=True, language=term.language or "",
                        datatype="" if plain else compact(datatype))
        if isinstance(term, BlankNode):
            return Link(f"_:{term.value}")
        found = self.cache.get(term.value)
        if found is None:
            found = self.cache[term.value] = self.node_link(term)
        return found

    def node_link(self, node: NamedNode) -> Link:
        base = self.minter.base
        if node.value.startswith(NS):  # the vocabulary: its terms are anchors of /ns
            return Link(compact(node.value), relative("/ns") + "#" + node.value[len(NS):])
        if not node.value.startswith(base):
            return Link(compact(node.value), node.value if linkable(node.value) else None)
        path = node.value[len(base):]
        cable = CABLE_PATH.fullmatch(path)
        if cable:
            return self.cable_link(unquote(cable.group(1)), cable.group(2), cable.group(3))
        kind, _, code = path.partition("/")
        label = self.label(node)
        href = relative(f"/{path}.html") if kind in PAGE_KINDS and code else None
        code_text = unquote(code) or path
        if label and label != code_text:
            return Link(label, href, "" if kind in SLUG_KINDS else code_text)
        return Link(code_text, href)

    def label(self, node: NamedNode) -> str | None:
        for predicate in LABELS:
            value = self.value(node, predicate)
            if value is not None:
                return value.value
        return None

    def cable_link(self, cable_id: str, paragraph: str | None, fragment: str | None) -> Link:
        graph = NamedNode(self.minter.graph(cable_id))
        if not self.reader.has_cable_graph(cable_id):
            return Link(cable_id, None, "not in this dataset")
        page = relative(f"/cable/{self.minter.cable(cable_id)[len(self.minter.base) + 6:]}.html")
        if paragraph:
            return Link(f"{cable_id} ¶{paragraph}", f"{page}#p{paragraph}")
        if fragment:
            return Link(f"{cable_id} #{fragment}", f"{page}#{fragment}")
        node = NamedNode(self.minter.cable(cable_id))
        title = self.value(node, DCT.title, graph)
        created = self.value(node, DCT.created, graph)
        note = " · ".join(x for x in ((created.value[:10] if created else ""), title.value if title else "") if x)
        return Link(cable_id, page, note)


def compact(iri: str) -> str:
    """``http://purl.org/dc/terms/title`` -> ``dcterms:title``; other IRIs unchanged."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
