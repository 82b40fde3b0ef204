"""The embedded Oxigraph store: one named graph per cable, vocabulary and metadata in their own graphs.

A cable's graph is written in one transaction (``Store.extend`` for a new cable, one SPARQL update
``DROP GRAPH …; INSERT DATA …`` to replace one), so readers never see half a cable, and a run killed
at any moment leaves whole cables only. Each cable graph carries the SHA-256 of the record it was
made from (``cg:contentSha256``), which makes re-ingest idempotent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph
from pyoxigraph import Literal, NamedNode, Quad

from cablerdf.iris import Minter
from cablerdf.store.backend import Backend
from cablerdf.store.bulk import BulkWriter
from cablerdf.store.embedded import Embedded
from cablerdf.store.http import is_remote
from cablerdf.store.location import DEFAULT_STORE, database_path, open_backend, store_location, store_path
from cablerdf.store.remote import RemoteStore
from cablerdf.terms import CG, FOAF

__all__ = ["DEFAULT_STORE", "Backend", "CableStore", "open_backend", "store_location", "store_path"]
CONTENT_HASH = CG.contentSha256
PRIMARY_TOPIC = FOAF.primaryTopic


def literal_value(term: object) -> str:
    return term.value if isinstance(term, Literal) else str(term)


def serialized(data: bytes | None) -> bytes:
    """pyoxigraph returns bytes when no output is given; this says so to the type checker."""
    assert data is not None
    return data


def stable_blank_nodes(quads: list[Quad]) -> list[Quad]:
    """The same quads with blank nodes named in order of appearance, so that loads are repeatable."""
    names: dict[pyoxigraph.BlankNode, pyoxigraph.BlankNode] = {}

    def rename(term: object) -> object:
        if isinstance(term, pyoxigraph.BlankNode):
            return names.setdefault(term, pyoxigraph.BlankNode(f"v{len(names)}"))
        return term

    return [Quad(rename(q.subject), q.predicate, rename(q.object), q.graph_name)  # type: ignore[arg-type]
            for q in quads]


class CableStore:
    """A cablerdf store on disk (read-write for one process, or read-only for many)."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False, base: str | None = None,
                 update_url: str | None = None, gsp_url: str | None = None, backend: Backend | None = None,
                 building: bool = False) -> None:
        """``path``: a directory (the embedded store), or a SPARQL endpoint's URL with, for writing,
        ``gsp_url`` or ``update_url`` (:mod:`cablerdf.store.remote`); ``backend``: the store already
        opened there (a front end's, with its reads cached); ``building``: a new local store being built
        (:func:`cablerdf.ingest.build`), whose cables are written in bulk, without transactions."""
        location = store_location(str(path) if path else None)
        self.location = location  # a directory, or a remote endpoint's URL
        self.path = store_path(location)  # beside the database: dumps/, reports/, search.sqlite
        self.minter = Minter(base)
        self.database = database_path(location)
        if is_remote(location):
            self.path.mkdir(parents=True, exist_ok=True)
        self.store: Backend = backend if backend is not None else open_backend(location, read_only, update_url, gsp_url,
                                                                              building=building)
        self.bulk = BulkWriter(self.store) if building and isinstance(self.store, Embedded) else None

    # ---- cables ---------------------------------------------------------------------------------

    def graph_node(self, cable_id: str) -> NamedNode:
        return NamedNode(self.minter.graph(cable_id))

    def stored_hash(self, cable_id: str) -> str | None:
        """The content hash recorded in a cable's graph, or None when the cable is not stored."""
        graph = self.graph_node(cable_id)
        for quad in self.store.quads_for_pattern(graph, CONTENT_HASH, None, graph):
            return literal_value(quad.object)
        return None

    def stored_hashes(self) -> dict[str, str]:
        """Every stored cable graph and its content hash (one scan, for a whole ingest run)."""
        return {q.graph_name.value: literal_value(q.object)
                for q in self.store.quads_for_pattern(None, CONTENT_HASH, None, None)
                if isinstance(q.graph_name, NamedNode)}

    def add_cables(self, nquads: bytes) -> None:
        """Write new cables' graphs (N-Quads, each with its content-hash quad) in one transaction (in
        bulk, without one, into a store being built)."""
        if nquads and self.bulk is not None:
            self.bulk.put(nquads)
        elif nquads:
            self.store.load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)

    def remove_cable(self, cable_id: str) -> None:
        """Drop a cable's graph, in one transaction (nothing when it is not stored)."""
        self.store.remove_graph(self.graph_node(cable_id))

    def cable_graphs(self) -> Iterator[NamedNode]:
        for graph in self.store.named_graphs():
            if isinstance(graph, NamedNode) and self.minter.cable_of_graph(graph.value) is not None:
                yield graph

    # ---- vocabulary and metadata ------------------------------------------------------------------

    def replace_graph(self, graph: str, quads: Iterable[Quad]) -> None:
        """Replace a whole (small) graph in one transaction."""
        node = NamedNode(graph)
        triples = [q.triple for q in quads]
        if isinstance(self.store, RemoteStore):
            self.store.put_graph(node, triples)  # one request: GSP PUT, or DROP and INSERT DATA
            return
        body = serialized(pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)).decode("utf-8")
        self.store.update(f"DROP SILENT GRAPH <{node.value}> ;\nINSERT DATA {{ GRAPH <{node.value}> {{\n{body}}} }}")

    def add_metadata(self, quads: Iterable[Quad]) -> None:
        self.store.extend(quads)

    def load_vocabulary(self) -> None:
        """Load the ontology and concept schemes into their graph, unless that very version is there."""
        from cablerdf.vocab import vocabulary_quads

        graph = self.minter.vocabulary_graph()
        quads = stable_blank_nodes(vocabulary_quads(self.minter.base, graph))
        digest = hashlib.sha256(serialized(pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)))
        node = NamedNode(graph)
        marker = Quad(node, CONTENT_HASH, Literal(digest.hexdigest()), node)
        if marker in self.store:
            return
        # not one transaction (SPARQL INSERT DATA would rename the blank nodes): the graph is
        # cleared, then written; the marker goes last, so an interrupted load is redone next time
        self.store.remove_graph(node) if self.store.contains_named_graph(node) else None
        self.store.extend(quads)
        self.store.add(marker)

    def end_bulk_writes(self) -> None:
        """A store being built: wait until its bulk writes are in the store (nothing for any other)."""
        if self.bulk is not None:
            self.bulk.finish()

    def flush(self) -> None:
        """Every write on disk (a store being built: once its bulk writes have ended)."""
        self.end_bulk_writes()
        self.store.flush()

    def query(self, sparql: str, union_default: bool = True) -> object:
        return self.store.query(sparql, use_default_graph_as_union=union_default)
