"""The full-text index beside the store: built by ingest, updated by content hash, atomic, read-only readers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from cablerdf.store import CONTENT_HASH, CableStore
from cablerdf.store.search import IndexMissing, index_path, open_index, search, update_index

BASE = "http://127.0.0.1:8080/"
CABLE = "09MEXICO2882"


@pytest.fixture
def store(tmp_path: Path) -> CableStore:
    from cablerdf.commands.serve import ensure_data

    ensure_data(str(tmp_path), BASE, quiet=True)  # ingest (which builds the index), then dump
    return CableStore(tmp_path, base=BASE)


def test_ingest_builds_the_index(sample_store: Path) -> None:
    results = search(index_path(sample_store), "merida")
    assert results.total == 1
    hit = results.hits[0]
    assert (hit.cable_id, hit.position, hit.kind) == (CABLE, 5, "paragraph")
    assert hit.title and hit.title.startswith("ELEMENTS OF GOM")
    assert hit.created is not None and hit.created.startswith("2009-10-05")
    assert search(index_path(sample_store), "security", kinds=("subject",)).hits[0].kind == "subject"


def test_update_follows_content_hashes(store: CableStore) -> None:
    path = index_path(store.path)
    assert update_index(store).unchanged == 1
    graph = store.graph_node(CABLE)
    old = store.stored_hash(CABLE)
    store.store.update(f"DELETE DATA {{ GRAPH {graph} {{ {graph} {CONTENT_HASH} {Literal(old or '')} }} }}")
    store.store.add(Quad(graph, CONTENT_HASH, Literal("0" * 64), graph))
    report = update_index(store)
    assert (report.updated, report.added, report.removed) == (1, 0, 0)
    assert search(path, "merida").total == 1  # re-indexed once, not twice
    store.remove_cable(CABLE)
    assert update_index(store).removed == 1
    assert search(path, "merida").total == 0
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM passage").fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM passage WHERE passage MATCH 'merida'").fetchone()[0] == 0


def test_an_outdated_or_broken_index_is_rebuilt(store: CableStore) -> None:
    path = index_path(store.path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    assert update_index(store).rebuilt
    path.write_bytes(b"not a database")
    report = update_index(store)
    assert report.rebuilt and report.added == 1 and search(path, "merida").total == 1
    assert not list(path.parent.glob(".search.sqlite*"))


def test_readers_are_read_only(store: CableStore) -> None:
    path = index_path(store.path)
    with open_index(path) as connection, pytest.raises(sqlite3.OperationalError):
        connection.execute("DELETE FROM cable")
    with pytest.raises(IndexMissing):
        open_index(path.with_name("missing.sqlite"))


def test_a_failed_update_leaves_the_index_as_it_was(store: CableStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from cablerdf.store import search as module

    path = index_path(store.path)
    store.store.add(Quad(store.graph_node(CABLE), CONTENT_HASH, Literal("f" * 64), NamedNode(BASE + "graph/X")))

    def broken(*args: object) -> None:
        raise RuntimeError("store read failed")

    store.remove_cable(CABLE)
    monkeypatch.setattr(module, "read_cable", broken)
    with pytest.raises(RuntimeError):
        update_index(store)
    assert search(path, "merida").total == 1  # the removal was rolled back with the rest
