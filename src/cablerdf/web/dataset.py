"""This process's dataset: the store opened read-only, its :class:`~cablerdf.store.read.Reader`, and
the data version.

Each worker process opens the store once, on first use (never before a fork), and keeps it in
``app.extensions``. The data version (a digest of the store's ingest and dump runs) and the time of
the last change give every response's ``ETag`` and ``Last-Modified``: documents change only when the
data does. A remote store's pattern reads are kept in memory for the life of the process
(:class:`~cablerdf.web.store_cache.CachedBackend`): a front end serves one release at a time.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

from flask import Flask, current_app

from cablerdf.iris import Minter
from cablerdf.store import CableStore, open_backend
from cablerdf.store.http import is_remote
from cablerdf.store.read import DataVersion, Reader
from cablerdf.store.statistics import Statistics
from cablerdf.web.store_cache import CachedBackend

EXTENSION = "cablerdf.dataset"


@dataclass
class Opened:
    pid: int
    reader: Reader
    version: DataVersion
    statistics: Statistics | None = None  # counted on first use
    lock: threading.Lock = field(default_factory=threading.Lock)


def open_reader(location: str, base: str) -> Reader:
    """A read-only store for a front end (a remote one with its reads kept)."""
    backend = open_backend(location, read_only=True)
    if is_remote(location):
        backend = CachedBackend(backend)
    return Reader(CableStore(location, read_only=True, base=base, backend=backend))


def opened() -> Opened:
    """This process's dataset for the current app (opened on first use)."""
    found = opened_in(current_app)
    if found is None:
        reader = open_reader(current_app.config["STORE"], current_app.config["BASE"])
        found = Opened(os.getpid(), reader, reader.data_version())
        current_app.extensions[EXTENSION] = found
    return found


def opened_in(app: Flask) -> Opened | None:
    """The dataset this process opened for ``app``, without opening anything."""
    found: Opened | None = app.extensions.get(EXTENSION)
    return found if found is not None and found.pid == os.getpid() else None


def reader() -> Reader:
    return opened().reader


def minter() -> Minter:
    return opened().reader.minter


def version() -> DataVersion:
    return opened().version


def statistics() -> Statistics:
    """The store's statistics, counted once per process (for the data version it opened)."""
    state = opened()
    with state.lock:
        if state.statistics is None:
            state.statistics = state.reader.statistics()
        return state.statistics
