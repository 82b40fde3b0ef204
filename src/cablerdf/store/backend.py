"""What cablerdf asks of a store, typed: :class:`Backend`, met by the embedded Oxigraph store
(:class:`~cablerdf.store.embedded.Embedded`) and by a remote SPARQL endpoint
(:class:`~cablerdf.store.remote.RemoteStore`).

Every method is required: a caller never asks whether a store has one. ``first`` asks for one quad of a
pattern and ``firsts`` for the first quads of many patterns at once (one round trip to a remote store).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Protocol

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    Variable,
)

Subject = NamedNode | BlankNode
Term = NamedNode | BlankNode | Literal
GraphName = NamedNode | BlankNode | DefaultGraph
QueryResult = QuerySolutions | QueryBoolean | QueryTriples | list[Triple]
Pattern = tuple[NamedNode, NamedNode, NamedNode | None]  # subject, predicate, graph (None: any graph)


class Backend(Protocol):
    """A quad store: reads (patterns, SPARQL queries, dumps) and whole-graph writes."""

    batches: bool  # whether ``firsts`` saves round trips (a remote store), or is ``first`` in a loop

    def query(self, query: str, *, base_iri: str | None = None, prefixes: dict[str, str] | None = None,
              use_default_graph_as_union: bool = False, default_graph: GraphName | Sequence[GraphName] | None = None,
              named_graphs: Sequence[NamedNode | BlankNode] | None = None,
              substitutions: Mapping[Variable, Term] | None = None) -> QueryResult: ...

    def quads_for_pattern(self, subject: Subject | None, predicate: NamedNode | None, object: Term | None,
                          graph_name: GraphName | None = None) -> Iterator[Quad]: ...

    def first(self, subject: Subject | None, predicate: NamedNode | None, object: Term | None,
              graph_name: GraphName | None = None) -> Quad | None: ...

    def firsts(self, patterns: Sequence[Pattern]) -> dict[Pattern, Quad | None]: ...

    def named_graphs(self) -> Iterator[NamedNode | BlankNode]: ...

    def contains_named_graph(self, graph_name: NamedNode | BlankNode) -> bool: ...

    def dump(self, output: IO[bytes] | None = None, format: RdfFormat | None = None, *,
             from_graph: GraphName | None = None) -> bytes | None: ...

    def update(self, update: str) -> None: ...

    def load(self, input: bytes, format: RdfFormat) -> None: ...

    def extend(self, quads: Iterable[Quad]) -> None: ...

    def add(self, quad: Quad) -> None: ...

    def remove_graph(self, graph_name: NamedNode | BlankNode) -> None: ...

    def flush(self) -> None: ...

    def __contains__(self, quad: object) -> bool: ...

    def __len__(self) -> int: ...
