"""The one LRU map class of the web app: thread-safe, bounded by entries and by the summed sizes of
the values. :mod:`cablerdf.web.caching` declares the app's caches with it; the remote store's read
cache (:mod:`cablerdf.web.store_cache`) keeps pattern answers in one."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")
UNBOUNDED = 1 << 62


class LRU(Generic[K, V]):
    """A thread-safe LRU map, bounded by entries and by the summed ``size`` of the values."""

    def __init__(self, max_entries: int = UNBOUNDED, max_size: int = UNBOUNDED,
                 size: Callable[[V], int] = lambda _: 0) -> None:
        self.max_entries, self.max_size, self.size = max_entries, max_size, size
        self.data: OrderedDict[K, V] = OrderedDict()
        self.total = 0  # summed sizes
        self.lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self.lock:
            value = self.data.get(key)
            if value is not None:
                self.data.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self.lock:
            old = self.data.pop(key, None)
            if old is not None:
                self.total -= self.size(old)
            self.data[key] = value
            self.total += self.size(value)
            while len(self.data) > self.max_entries or (self.total > self.max_size and len(self.data) > 1):
                _, dropped = self.data.popitem(last=False)
                self.total -= self.size(dropped)

    def get_or_compute(self, key: K, compute: Callable[[], V | None]) -> V | None:
        """The value of ``key``, else ``compute()`` (outside the lock), kept unless it is None."""
        found = self.get(key)
        if found is None:
            found = compute()
            if found is not None:
                self.put(key, found)
        return found

    def clear(self) -> None:
        with self.lock:
            self.data.clear()
            self.total = 0
