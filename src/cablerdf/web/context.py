"""Per-process state of the web app: the read-only store and the data version.

Each worker process opens the store once, read-only, on first use (never before a fork). The data
version (a digest of the store's ingest and dump runs) and the time of the last change give every
response's ``ETag`` and ``Last-Modified``: documents change only when the data does.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from flask import current_app
from pyoxigraph import QuerySolutions

from cablerdf.iris import Minter
from cablerdf.store import CableStore

RUNS = ("SELECT ?run ?ended { GRAPH <%s> { ?run <http://www.w3.org/ns/prov#endedAtTime> ?ended } } "
        "ORDER BY ?run")


@dataclass(frozen=True)
class DataVersion:
    tag: str  # short digest, part of every ETag
    modified: datetime  # the end of the last ingest or dump run (UTC)


@dataclass
class State:
    pid: int
    store: CableStore
    version: DataVersion


_state: dict[str, State] = {}


def state() -> State:
    """This process's store and data version for the current app (opened on first use)."""
    key = current_app.config["STORE"] + "|" + current_app.config["BASE"]
    found = _state.get(key)
    if found is None or found.pid != os.getpid():
        store = CableStore(current_app.config["STORE"], read_only=True, base=current_app.config["BASE"])
        found = State(os.getpid(), store, data_version(store))
        _state[key] = found
    return found


def opened(key: str) -> State | None:
    """The state this process opened under ``key`` (``STORE|BASE``), without opening anything."""
    found = _state.get(key)
    return found if found is not None and found.pid == os.getpid() else None


def store() -> CableStore:
    return state().store


def minter() -> Minter:
    return state().store.minter


def version() -> DataVersion:
    return state().version


def data_version(store: CableStore) -> DataVersion:
    solutions = cast(QuerySolutions, store.store.query(RUNS % store.minter.metadata_graph()))
    runs = [(str(s["run"]), str(s["ended"].value)) for s in solutions if s["ended"] is not None]
    digest = hashlib.sha256(repr(runs).encode()).hexdigest()[:16]
    latest = max((ended for _, ended in runs), default="1970-01-01T00:00:00Z")
    modified = datetime.fromisoformat(latest.replace("Z", "+00:00")).astimezone(UTC)
    return DataVersion(digest, modified)


def reset() -> None:
    """Forget the open stores (tests that rebuild a store under the same path)."""
    _state.clear()
