"""Vocabulary terms as pyoxigraph nodes, built once (the mapping's fast path reuses them)."""

from __future__ import annotations

from pyoxigraph import NamedNode

from cablerdf.iris import NS, PREFIXES


class Namespace:
    """``CG.Cable`` -> ``NamedNode("https://w3id.org/cablerdf/ns#Cable")``, cached."""

    def __init__(self, iri: str) -> None:
        self._iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        node = NamedNode(self._iri + name)
        setattr(self, name, node)  # later lookups find the attribute and skip __getattr__
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
