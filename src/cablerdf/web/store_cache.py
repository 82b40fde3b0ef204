"""Reads of a remote store kept in memory, for a read-only front end.

A front end serves one data release at a time (its ETags name it), so what a pattern matched once
it matches until the process is restarted on a new release. Pages and documents ask a store for the
same small patterns again and again (labels of tags, posts, classifications, the vocabulary); over
HTTP each costs a round trip, so :class:`CachedBackend` keeps the answers of ``quads_for_pattern``,
``first``, ``firsts`` and ``contains_named_graph`` (least recently used first out). Everything else goes
to the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO

from pyoxigraph import BlankNode, NamedNode, Quad, RdfFormat, Variable

from cablerdf.store.backend import Backend, GraphName, Pattern, QueryResult, Subject, Term
from cablerdf.web.lru import LRU

ENTRIES = 50_000  # patterns kept
LARGEST = 2_000  # quads of the largest answer kept


class CachedBackend:
    """A :class:`~cablerdf.store.backend.Backend` that remembers the pattern answers of another."""

    def __init__(self, backend: Backend, entries: int = ENTRIES) -> None:
        self.backend = backend
        self.batches = backend.batches
        self.kept: LRU[tuple[str, ...], list[Quad] | bool] = LRU(max_entries=entries)

    def quads_for_pattern(self, subject: Subject | None, predicate: NamedNode | None, object: Term | None,
                          graph_name: GraphName | None = None) -> Iterator[Quad]:
        key = ("quads", str(subject), str(predicate), str(object), str(graph_name))
        found = self.recall(key)
        if not isinstance(found, list):
            found = list(self.backend.quads_for_pattern(subject, predicate, object, graph_name))
            if len(found) <= LARGEST:
                self.keep(key, found)
        return iter(found)

    def first(self, subject: Subject | None, predicate: NamedNode | None, object: Term | None,
              graph_name: GraphName | None = None) -> Quad | None:
        key = first_key(subject, predicate, object, graph_name)
        found = self.recall(key)
        if not isinstance(found, list):
            found = [quad] if (quad := self.backend.first(subject, predicate, object, graph_name)) else []
            self.keep(key, found)
        return found[0] if found else None

    def firsts(self, patterns: Sequence[Pattern]) -> dict[Pattern, Quad | None]:
        """The :meth:`first` answers of ``patterns``: those not kept yet asked of the store at once."""
        keys = {pattern: first_key(pattern[0], pattern[1], None, pattern[2]) for pattern in patterns}
        missing = [pattern for pattern, key in keys.items() if self.recall(key) is None]
        if missing:
            for pattern, quad in self.backend.firsts(missing).items():
                self.keep(keys[pattern], [quad] if quad else [])
        found: dict[Pattern, Quad | None] = {}
        for pattern, key in keys.items():
            kept = self.recall(key)
            found[pattern] = kept[0] if isinstance(kept, list) and kept else None
        return found

    def contains_named_graph(self, graph_name: NamedNode | BlankNode) -> bool:
        key = ("graph", str(graph_name))
        found = self.recall(key)
        if not isinstance(found, bool):
            found = bool(self.backend.contains_named_graph(graph_name))
            self.keep(key, found)
        return found

    def recall(self, key: tuple[str, ...]) -> list[Quad] | bool | None:
        return self.kept.get(key)

    def keep(self, key: tuple[str, ...], value: list[Quad] | bool) -> None:
        self.kept.put(key, value)

    # ---- the rest goes to the store ----------------------------------------------------------------

    def query(self, query: str, *, base_iri: str | None = None, prefixes: dict[str, str] | None = None,
              use_default_graph_as_union: bool = False, default_graph: GraphName | Sequence[GraphName] | None = None,
              named_graphs: Sequence[NamedNode | BlankNode] | None = None,
              substitutions: Mapping[Variable, Term] | None = None) -> QueryResult:
        return self.backend.query(query, base_iri=base_iri, prefixes=prefixes,
                                  use_default_graph_as_union=use_default_graph_as_union, default_graph=default_graph,
                                  named_graphs=named_graphs, substitutions=substitutions)

    def named_graphs(self) -> Iterator[NamedNode | BlankNode]:
        return self.backend.named_graphs()

    def dump(self, output: IO[bytes] | None = None, format: RdfFormat | None = None, *,
             from_graph: GraphName | None = None) -> bytes | None:
        return self.backend.dump(output, format, from_graph=from_graph)

    def update(self, update: str) -> None:
        raise PermissionError("a front end's store is read-only")

    def load(self, input: bytes, format: RdfFormat) -> None:
        raise PermissionError("a front end's store is read-only")

    def extend(self, quads: Iterable[Quad]) -> None:
        raise PermissionError("a front end's store is read-only")

    def add(self, quad: Quad) -> None:
        raise PermissionError("a front end's store is read-only")

    def remove_graph(self, graph_name: NamedNode | BlankNode) -> None:
        raise PermissionError("a front end's store is read-only")

    def flush(self) -> None:
        """Nothing to write."""

    def __contains__(self, quad: object) -> bool:
        return quad in self.backend

    def __len__(self) -> int:
        return len(self.backend)


def first_key(subject: Subject | None, predicate: NamedNode | None, object: Term | None,
              graph_name: GraphName | None) -> tuple[str, ...]:
    """The key of a :meth:`CachedBackend.first` answer (also filled by :meth:`CachedBackend.firsts`)."""
    return ("first", str(subject), str(predicate), str(object), str(graph_name))
