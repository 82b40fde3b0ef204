"""Reads of a remote store kept in memory, for a read-only front end.

A front end serves one data release at a time (its ETags name it), so what a pattern matched once
it matches until the process is restarted on a new release. Pages and documents ask a store for the
same small patterns again and again (labels of tags, posts, classifications, the vocabulary); over
HTTP each costs a round trip, so :class:`ReadCache` keeps the answers of ``quads_for_pattern`` and
``contains_named_graph`` (least recently used first out). Everything else goes to the store.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from pyoxigraph import Quad

from cablerdf.store.remote import Backend, Pattern, first_quad

ENTRIES = 50_000  # patterns kept
LARGEST = 2_000  # quads of the largest answer kept


class ReadCache:
    """A :class:`~cablerdf.store.remote.Backend` that remembers pattern answers of another."""

    def __init__(self, backend: Backend, entries: int = ENTRIES) -> None:
        self.backend, self.entries = backend, entries
        self.kept: OrderedDict[tuple[str, ...], list[Quad] | bool] = OrderedDict()
        self.lock = threading.Lock()

    def quads_for_pattern(self, subject: Any, predicate: Any, object: Any,
                          graph_name: Any = None) -> Iterator[Quad]:
        key = ("quads", str(subject), str(predicate), str(object), str(graph_name))
        found = self.recall(key)
        if not isinstance(found, list):
            found = list(self.backend.quads_for_pattern(subject, predicate, object, graph_name))
            if len(found) <= LARGEST:
                self.keep(key, found)
        return iter(found)

    def first(self, subject: Any, predicate: Any, object: Any, graph_name: Any = None) -> Quad | None:
        key = first_key(subject, predicate, object, graph_name)
        found = self.recall(key)
        if not isinstance(found, list):
            found = [quad] if (quad := first_quad(self.backend, subject, predicate, object, graph_name)) else []
            self.keep(key, found)
        return found[0] if found else None

    def prefetch(self, patterns: list[Pattern]) -> None:
        """Ask the store at once for the :meth:`first` answers of ``patterns`` not kept yet."""
        keys = {pattern: first_key(pattern[0], pattern[1], None, pattern[2]) for pattern in patterns}
        missing = [pattern for pattern, key in keys.items() if self.recall(key) is None]
        firsts = getattr(self.backend, "firsts", None)
        if missing and firsts is not None:
            for pattern, quad in firsts(missing).items():
                self.keep(keys[pattern], [quad] if quad else [])

    def contains_named_graph(self, graph_name: Any) -> bool:
        key = ("graph", str(graph_name))
        found = self.recall(key)
        if not isinstance(found, bool):
            found = bool(self.backend.contains_named_graph(graph_name))
            self.keep(key, found)
        return found

    def recall(self, key: tuple[str, ...]) -> list[Quad] | bool | None:
        with self.lock:
            found = self.kept.get(key)
            if found is not None:
                self.kept.move_to_end(key)
            return found

    def keep(self, key: tuple[str, ...], value: list[Quad] | bool) -> None:
        with self.lock:
            self.kept[key] = value
            while len(self.kept) > self.entries:
                self.kept.popitem(last=False)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.backend, name)

    def __contains__(self, quad: object) -> bool:
        return quad in self.backend

    def __len__(self) -> int:
        return len(self.backend)


def first_key(subject: Any, predicate: Any, object: Any, graph_name: Any) -> tuple[str, ...]:
    """The key of a :meth:`ReadCache.first` answer (also filled by :meth:`ReadCache.prefetch`)."""
    return ("first", str(subject), str(predicate), str(object), str(graph_name))
