"""One integration suite, two stores: every test runs against ``cablerdf serve`` on the embedded
Oxigraph store and on a remote store, a real ``oxigraph serve`` (the PyPI package ``oxigraph``)
reached through the SPARQL Protocol and written through the Graph Store Protocol. Both servers
start empty of cablerdf data and load the bundled sample cable themselves.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

CABLE = "09MEXICO2882"
CG = rdflib.Namespace("https://w3id.org/cablerdf/ns#")


def free_port() -> int:
    from conftest import free_port as port

    return port()


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"{url} did not come up: {log.read_text()[-3000:]}")
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def oxigraph_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``oxigraph serve`` with a union default graph on a free loopback port; yields its base URL."""
    binary = shutil.which("oxigraph")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("the oxigraph server (PyPI package oxigraph) is missing under CI")
        pytest.skip("the oxigraph server (PyPI package oxigraph) is not installed")
    folder = tmp_path_factory.mktemp("oxigraph-serve")
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("wb") as out:
        process = subprocess.Popen([binary, "serve", "--location", str(folder / "data"), "--bind",
                                    f"127.0.0.1:{port}", "--union-default-graph"], stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    wait_for(base + "query?query=ASK%7B%7D", process, log)
    yield base
    stop(process)


@pytest.fixture(scope="session")
def remote_server(tmp_path_factory: pytest.TempPathFactory, oxigraph_endpoint: str) -> Iterator[str]:
    """``cablerdf serve --store <oxigraph serve>/query --gsp-url <...>/store`` on a free port; yields its URL."""
    folder = tmp_path_factory.mktemp("remote-serve")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = folder / "serve.log"
    env = {**os.environ, "CABLERDF_STATE": str(folder / "state"), "CABLERDF_RATE_LIMIT": "0",
           "CABLERDF_RUNTIME": str(folder / "run")}
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "cablerdf.cli", "serve", "--store",
                                    oxigraph_endpoint + "query", "--gsp-url", oxigraph_endpoint + "store", "--base",
                                    base, "--host", "127.0.0.1", "--port", str(port), "--workers", "2", "--quiet"],
                                   stdout=out, stderr=subprocess.STDOUT, env=env)
    wait_for(base + "healthz", process, log)
    yield base
    stop(process)


@pytest.fixture(params=["embedded", "oxigraph-serve"])
def server(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue("live_server" if request.param == "embedded" else "remote_server"))


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


def test_stats_reads_a_remote_store(oxigraph_endpoint: str, remote_server: str, tmp_path: Path) -> None:
    env = {**os.environ, "CABLERDF_STATE": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "cablerdf.cli", "stats", "--store", oxigraph_endpoint + "query",
                           "--base", remote_server],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0 and "cables   1" in done.stdout, done.stderr
