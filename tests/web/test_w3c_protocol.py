"""W3C SPARQL 1.1 Protocol (34 tests) and Service Description (3 tests) against real servers.

Each manifest entry is one test, its id the manifest's (``-v`` lists them; the pass count is the
number of passed ids). Tests that load graph data (``ut:graphData``) run against a second ``cablerdf
serve`` whose store holds the sample cable plus those graphs; all others against ``live_server``.
The adaptations for a read-only endpoint are in :mod:`w3c_sparql` (``ADAPTATIONS``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import w3c_sparql
from servers import cablerdf_serve, free_port
from w3c_sparql import ProtocolTest, require_w3c

AVAILABLE = w3c_sparql.PROTOCOL_MANIFEST.is_file() and w3c_sparql.SD_MANIFEST.is_file()
PROTOCOL = {test.id: test for test in w3c_sparql.protocol_tests()} if AVAILABLE else {}
SD_TESTS = w3c_sparql.sd_tests() if AVAILABLE else []


@pytest.fixture(scope="session")
def w3c_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``cablerdf serve`` over the sample cable plus the W3C protocol tests' graphs (data1..3.nt)."""
    from cablerdf.commands.serve import ensure_data

    require_w3c()
    port = free_port()
    store: Path = tmp_path_factory.mktemp("w3c-store")
    ensure_data(str(store), f"http://127.0.0.1:{port}/", quiet=True)
    w3c_sparql.load_graph_data(store, list(PROTOCOL.values()))
    unlimited = {"CABLERDF_RATE_LIMIT": "0"}
    with cablerdf_serve(store, store.parent, "--workers", "2", env=unlimited, port=port) as (base, _):
        yield base


def server_for(test: ProtocolTest, request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue("w3c_server" if test.graphs else "live_server"))


@pytest.mark.parametrize("test_id", list(PROTOCOL) or ["manifest-missing"])
def test_protocol(test_id: str, request: pytest.FixtureRequest) -> None:
    require_w3c()
    test = PROTOCOL[test_id]
    answers = w3c_sparql.run_protocol_test(test, server_for(test, request) + "sparql")
    assert len(answers) == len(test.requests)


@pytest.mark.parametrize("test_id", SD_TESTS or ["manifest-missing"])
def test_service_description(test_id: str, request: pytest.FixtureRequest) -> None:
    require_w3c()
    w3c_sparql.run_sd_test(test_id, str(request.getfixturevalue("live_server")) + "sparql")


def test_manifest_is_read_whole() -> None:
    """34 protocol tests (13 query, 7 query errors, 7 updates refused, 7 update errors) and 3 SD tests;
    every test has an adaptation note, and only the update tests are changed in what they expect."""
    require_w3c()
    assert len(PROTOCOL) == 34 and SD_TESTS == ["has-endpoint-triple", "returns-rdf", "conforms-to-schema"]
    updates = [t for t in PROTOCOL.values() if t.id.startswith("update_")]
    assert len(updates) == 7 and all("update refused" in t.adaptations for t in updates)
    assert {t.id for t in PROTOCOL.values() if t.graphs} == {
        "query_dataset_default_graphs_get", "query_dataset_default_graphs_post", "query_dataset_named_graphs_post",
        "query_dataset_named_graphs_get", "query_dataset_full", "query_multiple_dataset"}
    assert set(w3c_sparql.EXACT) == {t.id for t in PROTOCOL.values() if t.id.startswith("bad_")}
    for test in PROTOCOL.values():
        assert test.adaptations and set(test.adaptations) <= set(w3c_sparql.ADAPTATIONS)
        if not test.id.startswith("update_"):  # the manifest's expectations are kept (only narrowed)
            for request in test.requests:
                assert request.expected.boolean in (None, True)


def test_dataset_tests_need_their_data(request: pytest.FixtureRequest) -> None:
    """The graph data matters: without data1/data2 the same request answers false."""
    require_w3c()
    w3c_server, live_server = (str(request.getfixturevalue(name)) for name in ("w3c_server", "live_server"))
    test = PROTOCOL["query_dataset_default_graphs_get"]
    first = test.requests[0]
    on_plain = w3c_sparql.send(live_server + "sparql", first.method, first.path, first.headers)
    assert on_plain.status == 200 and not bool(w3c_sparql.query_results(on_plain))
    on_w3c = w3c_sparql.send(w3c_server + "sparql", first.method, first.path, first.headers)
    assert bool(w3c_sparql.query_results(on_w3c))
