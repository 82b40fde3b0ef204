"""The read API: everything the pages and documents ask of a store, for the embedded store and a
remote one alike. The web layer calls :class:`Reader` and renders; it holds no SPARQL text and
matches no quad pattern of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from pyoxigraph import Literal, NamedNode, QuerySolutions, Triple

from cablerdf.iris import NS, Minter
from cablerdf.parse.ids import canonical
from cablerdf.store import CableStore
from cablerdf.store.backend import Backend, Pattern, Subject, Term
from cablerdf.store.describe import (
    Counts,
    Description,
    blank_node_closure,
    cable_description,
    entity_description,
    exists,
    first_value,
    link_counts,
    paragraph_description,
)
from cablerdf.store.facets import Facets
from cablerdf.store.search import Results, index_path, search
from cablerdf.store.statistics import Statistics, count
from cablerdf.terms import CG, DCT, PROV, RDF, RDFS, VOID

RUNS = "SELECT ?run ?ended { GRAPH %s { ?run %s ?ended } } ORDER BY ?run"


@dataclass(frozen=True)
class DataVersion:
    tag: str  # short digest, part of every ETag
    modified: datetime  # the end of the last ingest or dump run (UTC)


class Reader:
    """Reads of one opened store (:class:`~cablerdf.store.CableStore`)."""

    def __init__(self, store: CableStore) -> None:
        self.store = store
        self.backend: Backend = store.store
        self.minter: Minter = store.minter
        self.facets = Facets(self.backend, self.minter)

    @property
    def location(self) -> str:
        """The store's directory, or a remote endpoint's URL (where a query worker opens it)."""
        return self.store.location

    @property
    def path(self) -> Path:
        """The store's local directory (dumps, reports, search index)."""
        return self.store.path

    # ---- what the store holds -------------------------------------------------------------------

    def data_version(self) -> DataVersion:
        """A digest of the store's ingest and dump runs, and the end of the last one."""
        query = RUNS % (NamedNode(self.minter.metadata_graph()), PROV.endedAtTime)
        rows = cast(QuerySolutions, self.backend.query(query))
        runs = [(str(s["run"]), str(cast(Literal, s["ended"]).value)) for s in rows if s["ended"] is not None]
        digest = hashlib.sha256(repr(runs).encode()).hexdigest()[:16]
        latest = max((ended for _, ended in runs), default="1970-01-01T00:00:00Z")
        return DataVersion(digest, datetime.fromisoformat(latest.replace("Z", "+00:00")).astimezone(UTC))

    def ping(self) -> None:
        """Raise :class:`OSError` unless the store answers."""
        self.backend.query("ASK { }")

    def statistics(self) -> Statistics:
        """Statements and graphs, counted (slow on a big store: callers keep the answer)."""
        return count(self.store)

    def cable_ids(self) -> list[str]:
        """The IDs of every stored cable, sorted."""
        found = (self.minter.cable_of_graph(graph.value) for graph in self.store.cable_graphs())
        return sorted(cable_id for cable_id in found if cable_id is not None)

    def example_cable(self) -> str | None:
        """The IRI of one stored cable."""
        graph = next(self.store.cable_graphs(), None)
        cable_id = None if graph is None else self.minter.cable_of_graph(graph.value)
        return None if cable_id is None else self.minter.cable(cable_id)

    # ---- full-text search (the index beside the store) ---------------------------------------------

    def search(self, text: str, kinds: tuple[str, ...], limit: int, offset: int, timeout: float) -> Results:
        """Passages matching ``text``, best first (:func:`cablerdf.store.search.search`: its errors)."""
        return search(index_path(self.path), text, kinds, limit=limit, offset=offset, timeout=timeout)

    def search_stamp(self) -> str:
        """Changes when the index file is rebuilt or updated (the index may be newer than the store)."""
        try:
            stat = index_path(self.path).stat()
        except OSError:
            return "none"
        return f"{stat.st_mtime_ns}-{stat.st_size}"

    # ---- descriptions -----------------------------------------------------------------------------

    def cable(self, cable_id: str, page: int = 1) -> Description | None:
        return cable_description(self.backend, self.minter, cable_id, page)

    def paragraph(self, cable_id: str, position: int) -> Description | None:
        return paragraph_description(self.backend, self.minter, cable_id, position)

    def entity(self, iri: str, page: int = 1, counts: Counts | None = None) -> Description | None:
        return entity_description(self.backend, iri, page, counts)

    def link_counts(self, iri: str) -> Counts:
        return link_counts(self.backend, NamedNode(iri))

    def exists(self, iri: str) -> bool:
        """Whether any statement has the IRI as subject or object."""
        return exists(self.backend, NamedNode(iri))

    def is_cable(self, cable_id: str) -> bool:
        node, graph = NamedNode(self.minter.cable(cable_id)), NamedNode(self.minter.graph(cable_id))
        return self.backend.first(node, RDF.type, CG.Cable, graph) is not None

    def find_cable(self, raw: str) -> str | None:
        """The ID of the stored cable named ``raw``: as is, repaired, upper-cased, or as published."""
        for candidate in dict.fromkeys((raw, canonical(raw)[0], raw.strip().upper())):
            if self.is_cable(candidate):
                return candidate
        for name in dict.fromkeys((raw, raw.strip().upper())):
            found = self.cable_published_as(name)
            if found is not None:
                return found
        return None

    def cable_published_as(self, name: str) -> str | None:
        """The ID of a stored cable whose published ID (``cg:publishedIdentifier``) is ``name``."""
        for quad in self.backend.quads_for_pattern(None, CG.publishedIdentifier, Literal(name), None):
            if isinstance(quad.subject, Triple):
                continue
            identifier = first_value(self.backend, quad.subject, DCT.identifier)
            if identifier is not None and self.is_cable(identifier.value):
                return identifier.value
        return None

    def has_paragraph(self, cable_id: str, position: int) -> bool:
        node, graph = NamedNode(self.minter.paragraph(cable_id, position)), NamedNode(self.minter.graph(cable_id))
        return position > 0 and self.backend.first(node, RDF.type, CG.Paragraph, graph) is not None

    def has_cable_graph(self, cable_id: str) -> bool:
        return self.backend.contains_named_graph(NamedNode(self.minter.graph(cable_id)))

    def vocabulary_terms(self, ontology_iri: str) -> list[Triple]:
        """Every statement about the ontology and its ``cg:`` terms, with the blank nodes they use."""
        graph = NamedNode(self.minter.vocabulary_graph())
        triples = [q.triple for q in self.backend.quads_for_pattern(None, None, None, graph)
                   if isinstance(q.subject, NamedNode) and (q.subject.value.startswith(NS)
                                                            or q.subject.value == ontology_iri)]
        return triples + blank_node_closure(self.backend, triples)

    # ---- labels -----------------------------------------------------------------------------------

    def value(self, node: Subject, predicate: NamedNode, graph: NamedNode | None = None) -> Term | None:
        """The first value of ``predicate`` on ``node`` (in ``graph``, or in any)."""
        return first_value(self.backend, node, predicate, graph)

    @property
    def batches(self) -> bool:
        """Whether :meth:`values` saves round trips over one :meth:`value` per pattern."""
        return self.backend.batches

    def values(self, patterns: Iterable[Pattern]) -> dict[Pattern, Term | None]:
        """:meth:`value` of many patterns in one call (one request to a remote store)."""
        found = self.backend.firsts(list(dict.fromkeys(patterns)))
        return {pattern: None if quad is None else cast(Term, quad.object) for pattern, quad in found.items()}

    def predicate_label(self, predicate: NamedNode) -> Term | None:
        """``rdfs:label`` of a term of the ontology."""
        return first_value(self.backend, predicate, RDFS.label, NamedNode(self.minter.vocabulary_graph()))

    # ---- the dataset's own description ------------------------------------------------------------

    def dumps_graph(self) -> NamedNode:
        return NamedNode(self.minter.dumps_graph())

    def dumps_description(self) -> list[Triple]:
        """The description of the dumps kept in the metadata graph (VoID)."""
        return [q.triple for q in self.backend.quads_for_pattern(None, None, None, self.dumps_graph())]

    def dump_titles(self) -> dict[str, str]:
        """name -> ``dcterms:title`` of each dump in the store's description of the dumps."""
        prefix = self.minter.dump("")
        quads = self.backend.quads_for_pattern(None, DCT.title, None, self.dumps_graph())
        return {q.subject.value[len(prefix):]: q.object.value for q in quads if isinstance(q.subject, NamedNode)
                and q.subject.value.startswith(prefix) and isinstance(q.object, Literal)}

    def dumped_triples(self, since: datetime) -> int | None:
        """``void:triples`` of the N-Quads dump, when the dump is not older than ``since``."""
        dump = NamedNode(self.minter.dump("cablerdf.nq.gz"))
        counted = self.backend.first(dump, VOID.triples, None, self.dumps_graph())
        issued = self.backend.first(dump, DCT.modified, None, self.dumps_graph())
        if counted is None or issued is None or not isinstance(counted.object, Literal) \
                or not isinstance(issued.object, Literal) or not counted.object.value.isdigit():
            return None
        when = datetime.fromisoformat(issued.object.value.replace("Z", "+00:00"))
        return int(counted.object.value) if when >= since else None

    def runs(self) -> dict[Subject, list[Triple]]:
        """The ingest runs of the metadata graph, each with every statement about it."""
        meta = NamedNode(self.minter.metadata_graph())
        found = self.backend.quads_for_pattern(None, RDF.type, CG.ConversionRun, meta)
        runs = {q.subject for q in found if not isinstance(q.subject, Triple)}
        return {run: [q.triple for q in self.backend.quads_for_pattern(run, None, None, meta)] for run in runs}
