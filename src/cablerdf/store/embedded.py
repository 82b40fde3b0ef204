"""The embedded Oxigraph store as a :class:`~cablerdf.store.backend.Backend`: each method is
``pyoxigraph.Store``'s own, plus ``first`` and ``firsts`` (a pattern's first quad: one index seek)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, cast

import pyoxigraph
from pyoxigraph import BlankNode, NamedNode, Quad, RdfFormat, Variable

from cablerdf.store.backend import GraphName, Pattern, QueryResult, Subject, Term


class Embedded:
    """An Oxigraph database directory, read-write for one process or read-only for many (or in memory)."""

    batches = False  # firsts() is first() in a loop: nothing to save

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        if path is None:
            self.store = pyoxigraph.Store()
        elif read_only:
            self.store = pyoxigraph.Store.read_only(str(path))
        else:
            Path(path).mkdir(parents=True, exist_ok=True)
            self.store = pyoxigraph.Store(str(path))

    def query(self, query: str, *, base_iri: str | None = None, prefixes: dict[str, str] | None = None,
              use_default_graph_as_union: bool = False, default_graph: GraphName | Sequence[GraphName] | None = None,
              named_graphs: Sequence[NamedNode | BlankNode] | None = None,
              substitutions: Mapping[Variable, Term] | None = None) -> QueryResult:
        graphs = list(default_graph) if isinstance(default_graph, Sequence) else default_graph
        return cast(QueryResult, self.store.query(
            query, base_iri=base_iri, prefixes=prefixes, use_default_graph_as_union=use_default_graph_as_union,
            default_graph=graphs, named_graphs=None if named_graphs is None else list(named_graphs),
            substitutions=None if substitutions is None else dict(substitutions.items())))

    def quads_for_pattern(self, subject: Subject | None, predicate: NamedNode | None, object: Term | None,
                          graph_name: GraphName | None = None) -> Iterator[Quad]:
        return self.store.quads_for_pattern(subject, predicate, object, graph_name)

    def first(self, subject: Subject | None, predicate: NamedNode | None, object: Term | None,
              graph_name: GraphName | None = None) -> Quad | None:
        return next(self.store.quads_for_pattern(subject, predicate, object, graph_name), None)

    def firsts(self, patterns: Sequence[Pattern]) -> dict[Pattern, Quad | None]:
        return {pattern: self.first(pattern[0], pattern[1], None, pattern[2]) for pattern in patterns}

    def named_graphs(self) -> Iterator[NamedNode | BlankNode]:
        return self.store.named_graphs()

    def contains_named_graph(self, graph_name: NamedNode | BlankNode) -> bool:
        return self.store.contains_named_graph(graph_name)

    def dump(self, output: IO[bytes] | None = None, format: RdfFormat | None = None, *,
             from_graph: GraphName | None = None) -> bytes | None:
        return self.store.dump(output, format, from_graph=from_graph)

    def update(self, update: str) -> None:
        self.store.update(update)

    def load(self, input: bytes, format: RdfFormat) -> None:
        self.store.load(input, format=format)

    def bulk_load(self, nquads: bytes) -> None:
        """Write N-Quads without a transaction, straight into new table files (a store being built)."""
        self.store.bulk_load(nquads, format=RdfFormat.N_QUADS)

    def extend(self, quads: Iterable[Quad]) -> None:
        self.store.extend(quads)

    def add(self, quad: Quad) -> None:
        self.store.add(quad)

    def remove_graph(self, graph_name: NamedNode | BlankNode) -> None:
        self.store.remove_graph(graph_name)

    def flush(self) -> None:
        self.store.flush()

    def __contains__(self, quad: object) -> bool:
        return quad in self.store

    def __len__(self) -> int:
        return len(self.store)
