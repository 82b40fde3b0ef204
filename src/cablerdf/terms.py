"""The one module that names vocabulary terms: ``CG.Cable``, ``DCT.title``, ``HYDRA.view`` are
pyoxigraph nodes, built once (the mapping's fast path reuses them). :mod:`cablerdf.iris` mints the
data IRIs; every term of a vocabulary is named here, never by concatenating strings elsewhere.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from cablerdf.iris import NS, PREFIXES


class Namespace:
    """``CG.Cable`` -> ``NamedNode("https://w3id.org/cablerdf/ns#Cable")``, cached; ``CG.iri`` is the
    namespace IRI itself."""

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        node = NamedNode(self.iri + name)
        setattr(self, name, node)  # later lookups find the attribute and skip __getattr__
        return node

    def term(self, name: str) -> NamedNode:
        """A term whose name is not a Python identifier (``FORMATS.term("RDF_XML")`` is one that is)."""
        return NamedNode(self.iri + name)


CG = Namespace(NS)
DCT = Namespace(PREFIXES["dcterms"])
SCHEMA = Namespace(PREFIXES["schema"])
SKOS = Namespace(PREFIXES["skos"])
PROV = Namespace(PREFIXES["prov"])
FOAF = Namespace(PREFIXES["foaf"])
CITO = Namespace(PREFIXES["cito"])
RDF = Namespace(PREFIXES["rdf"])
RDFS = Namespace(PREFIXES["rdfs"])
OWL = Namespace(PREFIXES["owl"])
XSD = Namespace(PREFIXES["xsd"])
VOID = Namespace(PREFIXES["void"])
DCAT = Namespace(PREFIXES["dcat"])
SH = Namespace(PREFIXES["sh"])
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
LDP = Namespace("http://www.w3.org/ns/ldp#")
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")  # W3C's IRIs of the RDF and results formats
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")
A = RDF.type
CC0 = NamedNode("http://creativecommons.org/publicdomain/zero/1.0/")
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"  # + a media type: its IANA registration
