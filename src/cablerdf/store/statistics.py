"""How big a store is: statements in all graphs, cable graphs, and the graphs that are not cables'."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode

from cablerdf.store import CableStore


@dataclass(frozen=True)
class Statistics:
    triples: int  # statements in all graphs: what ?s ?p ?o matches in the union default graph
    cable_graphs: int
    cable_triples: int
    other_graphs: tuple[tuple[str, int], ...]  # (graph IRI, statements), the graphs that are not cables'


def count(store: CableStore) -> Statistics:
    """Counted (about 40 s for the whole release): callers keep the answer per data version."""
    cables = {graph.value for graph in store.cable_graphs()}
    others = []
    for graph in store.store.named_graphs():
        if isinstance(graph, NamedNode) and graph.value not in cables:
            size = sum(1 for _ in store.store.quads_for_pattern(None, None, None, graph))
            others.append((graph.value, size))
    total = len(store.store)
    return Statistics(total, len(cables), total - sum(n for _, n in others), tuple(sorted(others)))
