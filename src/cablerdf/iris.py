"""The one module that mints IRIs: vocabulary terms (fixed namespace) and data IRIs (configurable base).

Entities get slash IRIs under the data base (served with 303 See Other); parts that never stand
alone (addressings, the classification marking, references, distribution entries) are hash IRIs
inside their cable's document. The vocabulary namespace is fixed and independent of the base.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from urllib.parse import quote, unquote

NS = "https://w3id.org/cablerdf/ns#"
DEFAULT_BASE = "http://127.0.0.1:8080/"

PREFIXES = {
    "cg": NS,
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "cito": "http://purl.org/spar/cito/",
    "doco": "http://purl.org/spar/doco/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sh": "http://www.w3.org/ns/shacl#",
}

SLUG_DROP = re.compile(r"[^a-z0-9]+")


def base_from(value: str | None = None) -> str:
    """The data base IRI: the given value, else ``CABLERDF_BASE``, else the default; ends with ``/``."""
    base = value or os.environ.get("CABLERDF_BASE") or DEFAULT_BASE
    return base if base.endswith("/") else base + "/"


def slug(text: str) -> str:
    """``DEA HQS WASHINGTON DC`` -> ``dea-hqs-washington-dc`` (ASCII, lower case, hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return SLUG_DROP.sub("-", ascii_text.lower()).strip("-") or "x"


@functools.lru_cache(maxsize=65536)
def slug_cached(text: str) -> str:
    return slug(text)


@functools.lru_cache(maxsize=65536)
def segment(text: str) -> str:
    """A path segment: percent-encoded so that any code (``(KISSINGER, HENRY A)``) stays one segment."""
    return quote(text, safe="-._~")


class Minter:
    """Data IRIs under one base."""

    def __init__(self, base: str | None = None) -> None:
        self.base = base_from(base)

    def cable(self, cable_id: str) -> str:
        return f"{self.base}cable/{segment(cable_id)}"

    def paragraph(self, cable_id: str, position: int) -> str:
        return f"{self.cable(cable_id)}/paragraph/{position}"

    def part(self, cable_id: str, fragment: str) -> str:
        """A hash IRI inside the cable's document: ``#to-1``, ``#marking``, ``#ref-A``, ``#h2``."""
        return f"{self.cable(cable_id)}#{fragment}"

    def graph(self, cable_id: str) -> str:
        """The named graph that holds one cable's triples and their provenance."""
        return f"{self.base}graph/{segment(cable_id)}"

    def cable_of_graph(self, iri: str) -> str | None:
        """The cable ID whose :meth:`graph` ``iri`` is; None for the metadata and vocabulary graphs and any other."""
        prefix = self.graph("")
        if not iri.startswith(prefix) or iri.startswith((self.metadata_graph(), self.vocabulary_graph())):
            return None
        return unquote(iri[len(prefix):])

    def tag(self, code: str) -> str:
        return f"{self.base}tag/{segment(code)}"

    def post(self, name: str) -> str:
        return f"{self.base}post/{slug_cached(name)}"

    def person(self, name: str) -> str:
        return f"{self.base}person/{slug(name)}"

    def classification(self, level: str) -> str:
        return f"{self.base}classification/{segment(level)}"

    def scheme(self, name: str) -> str:
        return f"{self.base}scheme/{segment(name)}"

    def concept(self, scheme: str, code: str) -> str:
        """A concept of a code list other than TAGS and levels: precedence, handling, reasons, offices."""
        return f"{self.base}{scheme}/{segment(code)}"

    def source(self, sha256: str) -> str:
        return f"{self.base}source/{sha256}"

    def run(self, stamp: str) -> str:
        return f"{self.base}run/{segment(stamp)}"

    def release(self, date: str) -> str:
        return f"{self.base}release/{segment(date)}"

    def version(self, cable_id: str, sha256: str) -> str:
        """An earlier version of a cable's graph, named by the content hash it had."""
        return f"{self.graph(cable_id)}/version/{sha256}"

    def dataset(self, fragment: str = "") -> str:
        """The dataset (VoID, DCAT), or a part of its description (``#cables``, ``#period``)."""
        return f"{self.base}dataset" + (f"#{fragment}" if fragment else "")

    def catalog(self) -> str:
        return f"{self.base}catalog"

    def endpoint(self, fragment: str = "") -> str:
        """The SPARQL endpoint, or a part of its service description (``#service``, ``#default-graph``)."""
        return f"{self.base}sparql" + (f"#{fragment}" if fragment else "")

    def void_document(self) -> str:
        return f"{self.base}.well-known/void"

    def ontology_document(self) -> str:
        """Where this server serves the ontology (``https://w3id.org/cablerdf/ns`` can redirect here)."""
        return f"{self.base}ns"

    def search(self, text: str = "") -> str:
        """The full-text search for ``text`` (empty: the lookup URL that a term is appended to)."""
        return f"{self.base}search?q={quote(text)}"

    def dump(self, name: str) -> str:
        """A dump file (``cablerdf.nq.gz``); ``dump("")`` is the folder every dump is under."""
        return f"{self.base}dumps/{segment(name)}"

    def dump_checksum(self, name: str) -> str:
        return f"{self.dump(name)}#sha256"

    def dumps_graph(self) -> str:
        """The graph that describes the dumps (VoID and DCAT)."""
        return f"{self.metadata_graph()}/dumps"

    def metadata_graph(self) -> str:
        return f"{self.base}graph/metadata"

    def vocabulary_graph(self) -> str:
        return f"{self.base}graph/vocabulary"


def term(name: str) -> str:
    """A vocabulary term: ``term("Cable")`` -> ``https://w3id.org/cablerdf/ns#Cable``."""
    return NS + name
