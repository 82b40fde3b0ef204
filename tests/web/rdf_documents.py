"""What the tests of the dereferenceable URIs share: the sample cable's URI, the media types of its
documents, and their statements read back as (subject, predicate, object) strings."""

from __future__ import annotations

import pyoxigraph
from pyoxigraph import RdfFormat

BASE = "http://127.0.0.1:8080/"
CABLE = BASE + "cable/09MEXICO2882"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
MEDIA = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
         "rdf": "application/rdf+xml", "html": "text/html"}
PARSE = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "rdf": RdfFormat.RDF_XML, "jsonld": RdfFormat.JSON_LD}
DCT, FOAF, HYDRA = "http://purl.org/dc/terms/", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/hydra/core#"
CG, SKOS = "https://w3id.org/cablerdf/ns#", "http://www.w3.org/2004/02/skos/core#"


def triples(data: bytes, fmt: str, base: str = BASE) -> set[tuple[str, str, str]]:
    return {(str(t.subject), str(t.predicate), str(t.object))
            for t in pyoxigraph.parse(data, format=PARSE[fmt], base_iri=base)}


def iri(value: str) -> str:
    return f"<{value}>"
