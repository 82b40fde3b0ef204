"""Where a store is, and opening it: the one place that constructs a :class:`Backend`."""

from __future__ import annotations

import os
import re
from pathlib import Path

from cablerdf.store.backend import Backend
from cablerdf.store.embedded import Embedded
from cablerdf.store.http import is_remote, strip_credentials
from cablerdf.store.remote import RemoteStore

DEFAULT_STORE = "data/store"
BUILDING = ".building"  # in a store directory: a build not finished (``cablerdf ingest`` into a new store)


class UnfinishedBuild(OSError):
    """A store directory whose build did not finish: never opened, never served."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} is an unfinished build (an ingest into a new store stopped before it ended) and is "
                         "never opened; run that ingest again, which builds the store afresh")


def store_location(value: str | None = None) -> str:
    """The store: the given value, else ``CABLERDF_STORE``, else ``./data/store``; a directory, or the
    ``http(s)://`` URL of a remote SPARQL endpoint."""
    return str(value or os.environ.get("CABLERDF_STORE") or DEFAULT_STORE)


def store_path(value: str | None = None) -> Path:
    """The store's local directory (its database, dumps, reports and search index). For a remote
    store, a directory per endpoint under ``CABLERDF_STATE`` (default ``./data/remote``)."""
    location = store_location(value)
    if not is_remote(location):
        return Path(location)
    slug = re.sub(r"[^A-Za-z0-9.-]+", "_", strip_credentials(location).split("://", 1)[1]).strip("_")
    return Path(os.environ.get("CABLERDF_STATE") or "data/remote") / slug


def database_path(location: str) -> str:
    """The Oxigraph database of a local store, or the endpoint URL of a remote one."""
    return location if is_remote(location) else str(store_path(location) / "oxigraph")


def require_whole(location: str) -> None:
    """:class:`UnfinishedBuild` for a local store whose build did not finish."""
    if not is_remote(location) and (store_path(location) / BUILDING).exists():
        raise UnfinishedBuild(store_path(location))


def open_backend(location: str, read_only: bool = False, update_url: str | None = None,
                 gsp_url: str | None = None, max_rows: int | None = None, building: bool = False) -> Backend:
    """The store at ``location`` (see :func:`store_location`), read-only or read-write; a remote store is
    written through ``gsp_url`` or ``update_url`` (default: ``CABLERDF_GSP_URL``, ``CABLERDF_UPDATE_URL``).
    A local store being built (:data:`BUILDING`) is opened only by its builder (``building``)."""
    if is_remote(location):
        if read_only:
            return RemoteStore(location, max_rows=max_rows)
        return RemoteStore(location, update_url or os.environ.get("CABLERDF_UPDATE_URL"),
                           gsp_url or os.environ.get("CABLERDF_GSP_URL"), max_rows=max_rows)
    if not building:
        require_whole(location)
    return Embedded(database_path(location), read_only=read_only)
