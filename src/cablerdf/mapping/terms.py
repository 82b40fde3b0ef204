"""Vocabulary terms as pyoxigraph nodes, built once (the mapping's fast path reuses them)."""

from __future__ import annotations

from pyoxigraph import NamedNode

from cablerdf.iris import NS, PREFIXES


class Namespace:
    """``CG.Cable`` -> ``NamedNode("https://w3id.org/cablerdf/ns#Cable")``, cached."""

    def __init__(self, iri: str) -> None:
        self._iri = iri
        self._nodes: dict[str, NamedNode] = {}

    def __getattr__(self, name: str) -> NamedNode:
        node = self._nodes.get(name)
        if node is None:
            node = self._nodes[name] = NamedNode(self._iri + name)
        return node


CG = Namespace(NS)
DCT = Namespace(PREFIXES["dcterms"])
SCHEMA = Namespace(PREFIXES["schema"])
SKOS = Namespace(PREFIXES["skos"])
PROV = Namespace(PREFIXES["prov"])
FOAF = Namespace(PREFIXES["foaf"])
CITO = Namespace(PREFIXES["cito"])
RDF = Namespace(PREFIXES["rdf"])
RDFS = Namespace(PREFIXES["rdfs"])
XSD = Namespace(PREFIXES["xsd"])
A = RDF.type
