"""One integration suite, three stores: every test runs against ``cablerdf serve`` on the embedded
Oxigraph store and on two remote stores reached through the SPARQL Protocol and written through the
Graph Store Protocol: a real ``oxigraph serve`` (the PyPI package ``oxigraph``) and a real Virtuoso
open source (the Debian package ``virtuoso-opensource``), written as its ``dba`` through its
digest-authenticated ``/sparql-graph-crud-auth``. Every server starts empty of cablerdf data and
loads the bundled sample cable itself.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.client
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

from servers import cablerdf_serve, free_port, running

CABLE = "09MEXICO2882"
CG = rdflib.Namespace("https://w3id.org/cablerdf/ns#")
XSD = "http://www.w3.org/2001/XMLSchema#"


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[str]:
    """``oxigraph serve`` with a union default graph on a free loopback port; yields its base URL."""
    binary = shutil.which("oxigraph")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("the oxigraph server (PyPI package oxigraph) is missing under CI")
        pytest.skip("the oxigraph server (PyPI package oxigraph) is not installed")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with running([binary, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}",
                  "--union-default-graph"], folder / "oxigraph.log", base + "query?query=ASK%7B%7D"):
        yield base


@pytest.fixture(scope="session")
def oxigraph_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-serve")) as base:
        yield base


VIRTUOSO_INI = ("/etc/virtuoso-opensource-7/virtuoso.ini", "/usr/share/virtuoso-opensource-7/virtuoso.ini")


def ini_with(text: str, changes: dict[tuple[str, str], str]) -> str:
    """An ini file's text with ``[section] key = value`` set: replaced where the key is, else added at
    the top of its section (Virtuoso's ini repeats keys, which ``configparser`` refuses)."""
    lines, section, done = text.splitlines(), "", set()
    for i, line in enumerate(lines):
        if header := re.match(r"\s*\[([^\]]+)\]", line):
            section = header.group(1)
        elif (entry := re.match(r"\s*([\w.]+)\s*=", line)) and (section, entry.group(1)) in changes:
            lines[i] = f"{entry.group(1)} = {changes[(section, entry.group(1))]}"
            done.add((section, entry.group(1)))
    for (section, key), value in changes.items():
        if (section, key) not in done:
            if f"[{section}]" not in (ln.strip() for ln in lines):
                lines.append(f"[{section}]")
            lines.insert([ln.strip() for ln in lines].index(f"[{section}]") + 1, f"{key} = {value}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def virtuoso_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Virtuoso (``virtuoso-t -f``, a fresh database from a copy of the packaged ``virtuoso.ini`` with
    its ports and files moved) on free loopback ports; yields its base URL. Its ``dba`` account has
    the default password ``dba`` in a fresh database."""
    binary, ini = shutil.which("virtuoso-t"), next((p for p in VIRTUOSO_INI if os.path.exists(p)), None)
    if binary is None or ini is None:
        if os.environ.get("CI"):
            pytest.fail("Virtuoso (Debian package virtuoso-opensource) is missing under CI")
        pytest.skip("Virtuoso (Debian package virtuoso-opensource: virtuoso-t) is not installed")
    folder = tmp_path_factory.mktemp("virtuoso")
    port, sql_port = free_port(), free_port()
    files = {("Database", "DatabaseFile"): "virtuoso.db", ("Database", "ErrorLogFile"): "virtuoso.log",
             ("Database", "LockFile"): "virtuoso.lck", ("Database", "TransactionFile"): "virtuoso.trx",
             ("Database", "xa_persistent_file"): "virtuoso.pxa", ("TempDatabase", "DatabaseFile"): "temp.db",
             ("TempDatabase", "TransactionFile"): "temp.trx"}
    changes = {key: str(folder / name) for key, name in files.items()}
    changes |= {("Parameters", "ServerPort"): f"127.0.0.1:{sql_port}",
                ("HTTPServer", "ServerPort"): f"127.0.0.1:{port}",
                ("Parameters", "DirsAllowed"): f"., {folder}, /usr/share/virtuoso-opensource-7/vad",
                ("URIQA", "DefaultHost"): f"127.0.0.1:{port}"}
    config = folder / "virtuoso.ini"
    config.write_text(ini_with(Path(ini).read_text(), changes))
    base = f"http://127.0.0.1:{port}/"
    with running([binary, "-f", "-c", str(config)], folder / "virtuoso.out", base + "sparql?query=ASK%7B%7D",
                 cwd=folder):
        yield base


def serve_remote(folder: Path, store: str, gsp_url: str) -> Iterator[str]:
    """``cablerdf serve --store <store> --gsp-url <gsp_url>`` on a free port; yields its URL."""
    env = {"CABLERDF_STATE": str(folder / "state"), "CABLERDF_RATE_LIMIT": "0", "CABLERDF_RUNTIME": str(folder / "run")}
    with cablerdf_serve(store, folder, "--gsp-url", gsp_url, "--workers", "2", env=env) as (base, _):
        yield base


@pytest.fixture(scope="session")
def remote_server(tmp_path_factory: pytest.TempPathFactory, oxigraph_endpoint: str) -> Iterator[str]:
    """``cablerdf serve --store <oxigraph serve>/query --gsp-url <...>/store`` on a free port; yields its URL."""
    yield from serve_remote(tmp_path_factory.mktemp("remote-serve"), oxigraph_endpoint + "query",
                            oxigraph_endpoint + "store")


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory, virtuoso_endpoint: str) -> Iterator[str]:
    """``cablerdf serve --store <virtuoso>/sparql --gsp-url http://dba:dba@<virtuoso>/sparql-graph-crud-auth``
    (HTTP digest authentication) on a free port; yields its URL."""
    gsp = virtuoso_endpoint.replace("http://", "http://dba:dba@") + "sparql-graph-crud-auth"
    yield from serve_remote(tmp_path_factory.mktemp("virtuoso-serve"), virtuoso_endpoint + "sparql", gsp)


SERVERS = {"embedded": "live_server", "oxigraph-serve": "remote_server", "virtuoso": "virtuoso_server"}
ENDPOINTS = {"oxigraph-serve": ("oxigraph_endpoint", "query"), "virtuoso": ("virtuoso_endpoint", "sparql")}


@pytest.fixture(params=list(SERVERS))
def server(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(SERVERS[request.param]))


def get(url: str, accept: str = "*/*") -> tuple[int, dict[str, str], bytes]:
    """One GET, redirects not followed."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers={"Accept": accept})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def sparql(server: str, query: str, accept: str = "application/sparql-results+json") -> tuple[int, bytes]:
    status, _, body = get(server + "sparql?" + urllib.parse.urlencode({"query": query}), accept)
    return status, body


def test_a_cable_dereferences_to_its_documents(server: str) -> None:
    status, headers, _ = get(server + f"cable/{CABLE}", "text/turtle")
    assert status == 303 and headers["location"].endswith(f"/cable/{CABLE}.ttl")
    status, headers, body = get(server + f"cable/{CABLE}.ttl")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    cable = rdflib.URIRef(server + f"cable/{CABLE}")
    assert (cable, rdflib.RDF.type, CG.Cable) in graph
    assert len(list(graph.objects(cable, rdflib.DCTERMS.hasPart))) >= 10
    status, _, body = get(server + f"cable/{CABLE}.jsonld")
    assert status == 200 and json.loads(body)["@context"]
    status, headers, _ = get(server + f"cable/{CABLE}", "text/html")
    assert status == 303 and headers["location"].endswith(".html")


def test_a_paragraph_dereferences(server: str) -> None:
    status, headers, _ = get(server + f"cable/{CABLE}/paragraph/3", "text/turtle")
    assert status == 303 and headers["location"].endswith(f"/cable/{CABLE}/paragraph/3.ttl")
    status, _, body = get(server + f"cable/{CABLE}/paragraph/3.ttl")
    assert status == 200
    graph = rdflib.Graph().parse(data=body, format="turtle")
    assert (rdflib.URIRef(server + f"cable/{CABLE}/paragraph/3"), rdflib.RDF.type, CG.Paragraph) in graph


def test_sparql_answers_the_same(server: str) -> None:
    status, body = sparql(server, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a cg:Cable }")
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "1"
    cable = f"<{server}cable/{CABLE}>"
    status, body = sparql(server, f"ASK {{ {cable} dcterms:hasPart ?p }}")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, body = sparql(server, f"CONSTRUCT {{ {cable} ?p ?o }} WHERE {{ {cable} ?p ?o }}", "application/n-triples")
    assert status == 200 and len(body.splitlines()) > 30
    assert sparql(server, "SELECT WHERE nonsense")[0] == 400
    status, body = sparql(server, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "text/csv")
    assert status == 200 and len(body.splitlines()) == 4


def test_pages_render(server: str) -> None:
    status, _, body = get(server + f"cable/{CABLE}.html")
    page = body.decode()
    assert status == 200 and CABLE in page and 'id="p3"' in page
    for path in ("", "browse", "query", "ns", "search?q=cooperation"):
        status, _, body = get(server + path, "text/html")
        assert status == 200, path
    assert CABLE in get(server + "search?q=cooperation", "text/html")[2].decode()


def test_dumps_are_listed_and_match_their_checksums(server: str) -> None:
    status, _, body = get(server + "dumps/", "text/html")
    assert status == 200
    listing = body.decode()
    status, _, data = get(server + "dumps/cablerdf.nq.gz")
    assert status == 200 and hashlib.sha256(data).hexdigest() in listing
    quads = gzip.decompress(data).decode().splitlines()
    assert len(quads) > 1000 and any(q.startswith(f"<{server}cable/{CABLE}> ") for q in quads)
    status, _, void = get(server + ".well-known/void", "text/turtle")
    assert status == 200 and b"dataDump" in void
    # the vocabulary graph is read whole, past Virtuoso's 10,000 rows per answer (ResultSetMaxRows)
    status, _, vocabulary = get(server + "dumps/cablerdf-vocabulary.ttl")
    _, body = sparql(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{server}graph/vocabulary> {{ ?s ?p ?o }} }}")
    count = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert status == 200 and len(rdflib.Graph().parse(data=vocabulary, format="turtle")) == count > 10_000


def test_answers_are_whole_and_hold_cablerdf_graphs_only(server: str) -> None:
    """No row cap of the store's own (Virtuoso's 10,000), none of its own graphs (Virtuoso's system
    graphs) in ``GRAPH ?g`` or the default graph, booleans as ``true`` and ``false``."""
    _, body = sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    total = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    status, body = sparql(server, "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", "text/tab-separated-values")
    assert status == 200 and total > 10_000 and len(body.splitlines()) == total + 1
    _, body = sparql(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    graphs = {row["g"]["value"] for row in json.loads(body)["results"]["bindings"]}
    assert graphs and all(g.startswith(server + "graph/") for g in graphs), graphs
    _, body = sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == total
    _, body = sparql(server, f"SELECT ?o WHERE {{ <{server}cable/{CABLE}> cg:isPartial ?o }}")
    value = json.loads(body)["results"]["bindings"][0]["o"]
    assert value["value"] == "false" and value["datatype"].endswith("#boolean")


def test_blank_nodes_are_followed(server: str, request: pytest.FixtureRequest) -> None:
    """The ontology's ``rdfs:domain [ owl:unionOf ( … ) ]`` come with their lists. A remote store is
    asked about a blank node by the name it gave it (Virtuoso's ``<nodeID://…>``); standard SPARQL
    has no such name, so over ``oxigraph serve`` the lists are missing."""
    status, _, body = get(server + "ns.nt")
    graph = rdflib.Graph().parse(data=body, format="nt")
    dangling = {o for o in graph.objects() if isinstance(o, rdflib.BNode)} - set(graph.subjects())
    assert status == 200 and any(isinstance(o, rdflib.BNode) for o in graph.objects())
    if dangling and request.node.callspec.params["server"] == "oxigraph-serve":
        pytest.xfail("SPARQL cannot name a stored blank node: oxigraph serve's lists are left out")
    assert not dangling


@pytest.mark.parametrize("remote", list(ENDPOINTS))
def test_stats_reads_a_remote_store(remote: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    fixture, path = ENDPOINTS[remote]
    endpoint, server = request.getfixturevalue(fixture), request.getfixturevalue(SERVERS[remote])
    env = {**os.environ, "CABLERDF_STATE": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "cablerdf.cli", "stats", "--store", endpoint + path,
                           "--base", server],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0 and "cables   1" in done.stdout, done.stderr


WRITERS = {"oxigraph-serve": ("oxigraph_endpoint", "query", "", "update", "store"),
           "virtuoso": ("virtuoso_endpoint", "sparql", "dba:dba@", "sparql-auth", "sparql-graph-crud-auth")}


@pytest.mark.parametrize("route", ["gsp", "update"])
@pytest.mark.parametrize("remote", list(WRITERS))
def test_a_remote_store_is_written_graph_by_graph(remote: str, route: str, request: pytest.FixtureRequest) -> None:
    """Both write routes (Graph Store Protocol, SPARQL Update; Virtuoso's with digest authentication):
    a graph replaced, added to, dropped; text, a boolean, a language tag and blank nodes read back."""
    from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

    from cablerdf.store.remote import RemoteStore

    fixture, query, credentials, update, gsp = WRITERS[remote]
    endpoint = request.getfixturevalue(fixture)
    writer = endpoint.replace("http://", "http://" + credentials)
    target = {"gsp_url": writer + gsp} if route == "gsp" else {"update_url": writer + update}
    store = RemoteStore(endpoint + query, **target)
    graph, a, p, q = (NamedNode(f"urn:x-test:{name}") for name in (route, "a", "p", "q"))
    node = BlankNode()
    triples = [Triple(a, p, Literal('é "quoted"\nnext line')), Triple(a, p, Literal("Mexiko", language="de")),
               Triple(a, q, node), Triple(node, p, Literal("true", datatype=NamedNode(XSD + "boolean")))]
    try:
        store.put_graph(graph, triples)
        found = [quad.triple for quad in store.quads_for_pattern(None, None, None, graph)]
        assert {t for t in found if not isinstance(t.object, BlankNode) and not isinstance(t.subject, BlankNode)} == {
            t for t in triples[:2]}
        blank = next(t.object for t in found if t.predicate == q)
        assert isinstance(blank, BlankNode)  # narrows the type: the set above kept the blank-node triples out
        assert [t.object for t in found if t.subject == blank] == [triples[3].object]
        if remote == "virtuoso":  # a stored blank node asked for by its name (<nodeID://…>)
            assert [x.object for x in store.quads_for_pattern(blank, p, None, None)] == [triples[3].object]
        store.put_graph(graph, triples[:1])
        assert [x.triple for x in store.quads_for_pattern(None, None, None, graph)] == triples[:1]
        store.extend([Quad(a, q, Literal("1"), graph)])
        assert len(list(store.quads_for_pattern(None, None, None, graph))) == 2 and store.contains_named_graph(graph)
    finally:
        store.remove_graph(graph)
    assert not store.contains_named_graph(graph)


def cablerdf(*args: str, state: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CABLERDF_STATE": str(state)}
    return subprocess.run([sys.executable, "-m", "cablerdf.cli", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def all_quads(store: str) -> set[str]:
    """The store's quads (an embedded store's directory, or an endpoint) as N-Quads, blank nodes renamed away."""
    from cablerdf.store.location import open_backend

    backend = open_backend(store, read_only=True)
    return {re.sub(r"_:\S+", "_:b", str(quad)) for quad in backend.quads_for_pattern(None, None, None, None)}


def test_copy_moves_a_store_to_a_remote_one_and_back(tmp_path: Path) -> None:
    """``cablerdf copy``: embedded -> a fresh oxigraph serve (GSP) -> a new embedded store; every quad
    arrives, the search index comes along, and a second run writes nothing."""
    source, back = tmp_path / "source", tmp_path / "back"
    assert cablerdf("ingest", "--quiet", "--store", str(source), state=tmp_path).returncode == 0
    with oxigraph_server(tmp_path) as base:
        remote = ["--store", base + "query", "--gsp-url", base + "store"]
        done = cablerdf("copy", "--quiet", "--from", str(source), *remote, state=tmp_path / "state")
        assert done.returncode == 0 and "1 cable graphs copied, 0 unchanged" in done.stderr, done.stderr
        expected = all_quads(str(source))
        assert len(expected) > 1000 and all_quads(base + "query") == expected
        index = next((tmp_path / "state").rglob("search.sqlite"))
        with contextlib.closing(sqlite3.connect(index)) as db:
            assert db.execute("SELECT id FROM cable").fetchall() == [(CABLE,)]
        again = cablerdf("copy", "--quiet", "--from", str(source), *remote, state=tmp_path / "state")
        assert again.returncode == 0 and "0 cable graphs copied, 1 unchanged" in again.stderr, again.stderr
        done = cablerdf("copy", "--quiet", "--from", base + "query", "--store", str(back), state=tmp_path / "state")
        assert done.returncode == 0, done.stderr
    assert all_quads(str(back)) == expected
    stopped = cablerdf("copy", "--from", str(source), *remote, state=tmp_path / "state")
    assert stopped.returncode == 1 and "copy stopped" in stopped.stderr and "run the same command" in stopped.stderr


def visible(page: str, base: str) -> list[str]:
    """A page's text as a reader sees it, the server's own address taken out (and xsd:positiveInteger read
    as the xsd:integer the embedded store gives back for it: pyoxigraph's, a known difference)."""
    page = page.replace("xsd:positiveInteger", "xsd:integer")
    page = re.sub(r"20[2-9]\d-\d\d-\d\d[ T][\d:]+(Z| UTC)?", "(converted)", page)  # each server loaded its own
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page.replace(base, "/"), flags=re.S)
    return [line for line in (re.sub(r"\s+", " ", x).strip() for x in re.split(r"<[^>]+>", page)) if line]


@pytest.mark.parametrize("remote", list(ENDPOINTS))
def test_pages_say_on_a_remote_store_what_they_say_on_the_embedded_one(remote: str,
                                                                       request: pytest.FixtureRequest) -> None:
    """Labels, titles and links of a cable's, a paragraph's, a tag's and a post's pages, fetched from a
    remote store in batches (``Labeller.prefetch``), are those the embedded store gives."""
    embedded, other = request.getfixturevalue("live_server"), request.getfixturevalue(SERVERS[remote])
    for path in (f"cable/{CABLE}.html", f"cable/{CABLE}/paragraph/3.html", "tag/PREL.html",
                 "post/amembassy-mexico.html", "classification/C.html"):
        ours, theirs = (visible(get(s + path, "text/html")[2].decode(), s) for s in (embedded, other))
        assert sorted(ours) == sorted(theirs), path
        assert ours == theirs, path
