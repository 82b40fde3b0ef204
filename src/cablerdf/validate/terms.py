"""The RDF terms validation shares: the SHACL namespace, the shapes' namespace, and pyoxigraph terms as the
rdflib terms pyshacl sees (the reference validator's data graph, and the checker's generic messages)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.term import Identifier

from cablerdf.iris import PREFIXES

SH = Namespace(PREFIXES["sh"])
SHAPES_NS = "https://w3id.org/cablerdf/shapes#"
CABLE = URIRef(PREFIXES["cg"] + "Cable")
XSD_STRING = PREFIXES["xsd"] + "string"


def rdflib_term(term: Any, cache: dict[Any, Identifier]) -> Identifier:
    """A pyoxigraph term as an rdflib term (plain literals for xsd:string, as rdflib parses them)."""
    node: Identifier | None = cache.get(term)
    if node is None:
        if isinstance(term, ox.NamedNode):
            node = URIRef(term.value)
        elif isinstance(term, ox.BlankNode):
            node = BNode(term.value)
        elif term.language:
            node = Literal(term.value, lang=term.language)
        else:
            datatype = term.datatype.value
            node = Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
        cache[term] = node
    return node
