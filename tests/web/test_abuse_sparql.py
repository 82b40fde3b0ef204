"""Abuse of the SPARQL endpoint: updates, LOAD and federation refused (nothing written, nothing fetched),
FROM and dataset IRIs never fetched, huge bodies refused early, by the Flask test client and by a real
server. Real stores, no mocks."""

from __future__ import annotations

import http.client
import http.server
import io
import json
import select
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph
import pytest
from abuse_http import PROBLEM, address
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

FORM, DIRECT, UPDATE = "application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update"
HUGE = 100 * 1024 * 1024


# ---- a SPARQL endpoint that records being called (a fetch must never reach it) ---------------------------


class Recorder(http.server.ThreadingHTTPServer):
    hits: list[str]


class Answer(http.server.BaseHTTPRequestHandler):
    """Answers any request with an empty, valid SPARQL JSON result, so a fetch would succeed."""

    def answer(self) -> None:
        assert isinstance(self.server, Recorder)  # narrows the type: the server this handler serves
        self.server.hits.append(f"{self.command} {self.path}")
        body = b'{"head":{"vars":["s","p","o"]},"results":{"bindings":[]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = answer

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    server = Recorder(("127.0.0.1", 0), Answer)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def remote(recorder: Recorder) -> str:
    return f"http://127.0.0.1:{recorder.server_address[1]}/sparql"


def stored_triples(store_dir: Path) -> int:
    """The triples on disk now (a fresh read-only view of the store)."""
    return len(pyoxigraph.Store.read_only(str(store_dir / "oxigraph")))


@pytest.fixture
def untouched(sample_store: Path, recorder: Recorder) -> Iterator[None]:
    """The test may not change the store nor make the server fetch anything."""
    before = stored_triples(sample_store)
    recorder.hits.clear()
    yield
    assert recorder.hits == [], "the server fetched a remote URL"
    assert stored_triples(sample_store) == before


def refused(response: TestResponse, statuses: tuple[int, ...] = (400, 403)) -> None:
    assert response.status_code in statuses, (response.status_code, response.data[:300])
    problem = json.loads(response.data)
    assert problem["status"] == response.status_code and len(problem["detail"]) > 10


# ---- SPARQL Update and LOAD -------------------------------------------------------------------------------


INSERT = 'INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "pwned" } }'
UPDATES: dict[str, Any] = {  # name -> (method, kwargs) with {remote} in the strings
    "update-param-load": ("GET", {"query_string": {"update": "LOAD <{remote}> INTO GRAPH <urn:x:g>"}}),
    "update-param-lower-case": ("GET", {"query_string": {"update": INSERT.lower()}}),
    "update-param-beside-query": ("GET", {"query_string": [("query", "ASK {}"), ("update", "CLEAR ALL")]}),
    "update-param-empty": ("GET", {"query_string": [("query", "ASK {}"), ("update", "")]}),
    "form-load": ("POST", {"data": {"update": "load silent <{remote}>"}}),
    "form-update-smuggled-beside-query": ("POST", {"data": {"query": "ASK {}", "update": INSERT}}),
    "form-update-in-url-query-in-body": ("POST", {"data": {"query": "ASK {}"}, "query_string": {"update": INSERT}}),
    "direct-update-load": ("POST", {"data": "LOAD <{remote}>", "content_type": UPDATE}),
    "direct-update-type-with-charset": ("POST", {"data": INSERT,
                                                 "content_type": "Application/SPARQL-Update; charset=UTF-8"}),
    "direct-query-body-is-an-update": ("POST", {"data": INSERT, "content_type": DIRECT}),
    "direct-query-body-is-load": ("POST", {"data": "LOAD <{remote}>", "content_type": DIRECT}),
    "query-param-load": ("GET", {"query_string": {"query": "LOAD <{remote}>"}}),
    "query-param-load-lower-case": ("GET", {"query_string": {"query": "load silent <{remote}> into graph <urn:x:g>"}}),
    "query-param-drop": ("GET", {"query_string": {"query": "DROP ALL"}}),
    "query-then-update": ("GET", {"query_string": {"query": "ASK {} ; " + INSERT}}),
    "form-query-is-load": ("POST", {"data": {"query": "LOAD <{remote}>"}}),
}


def fill(value: Any, url: str) -> Any:
    if isinstance(value, str):
        return value.replace("{remote}", url)
    if isinstance(value, dict):
        return {k: fill(v, url) for k, v in value.items()}
    if isinstance(value, list):
        return [tuple(fill(x, url) for x in item) for item in value]
    return value


@pytest.mark.parametrize("name", UPDATES)
def test_updates_and_load_are_refused_and_nothing_is_written(client: FlaskClient, recorder: Recorder,
                                                            untouched: None, name: str) -> None:
    method, kwargs = UPDATES[name]
    refused(client.open("/sparql", method=method, headers=PROBLEM, **fill(kwargs, remote(recorder))))


# ---- SERVICE (federation): refused wherever it is, never fetched -----------------------------------------


SERVICE_QUERIES = {
    "top-level": "SELECT * WHERE { SERVICE <{remote}> { ?s ?p ?o } }",
    "lower-case": "select * where { service <{remote}> { ?s ?p ?o } }",
    "mixed-case-silent": "SELECT * WHERE { SeRvIcE sIlEnT <{remote}> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { ?c a cg:Cable SERVICE SILENT <{remote}> { ?c ?p ?o } }",
    "in-optional": "SELECT * WHERE { ?c a cg:Cable OPTIONAL { SERVICE <{remote}> { ?c ?p ?o } } }",
    "in-union": "SELECT * WHERE { { ?c a cg:Cable } UNION { SERVICE <{remote}> { ?c ?p ?o } } }",
    "in-minus": "SELECT * WHERE { ?c a cg:Cable MINUS { SERVICE <{remote}> { ?c ?p ?o } } }",
    "in-subquery": "SELECT * WHERE { { SELECT ?c WHERE { SERVICE <{remote}> { ?c ?p ?o } } LIMIT 1 } }",
    "in-filter-exists": "SELECT * WHERE { ?c a cg:Cable FILTER EXISTS { SERVICE <{remote}> { ?c ?p ?o } } }",
    "in-filter-not-exists": "ASK { ?c a cg:Cable FILTER NOT EXISTS { SERVICE <{remote}> { ?c ?p ?o } } }",
    "in-graph": "SELECT * WHERE { GRAPH ?g { ?c a cg:Cable SERVICE <{remote}> { ?c ?p ?o } } }",
    "in-construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{remote}> { ?s ?p ?o } }",
    "in-describe": "DESCRIBE ?s WHERE { SERVICE <{remote}> { ?s ?p ?o } }",
    "comment-between": "SELECT * WHERE { SERVICE # <urn:not-this>\n <{remote}> { ?s ?p ?o } }",
    "no-whitespace": "SELECT * WHERE{?c a cg:Cable}SERVICE<{remote}>{?s ?p ?o}",
    "no-whitespace-inner": "SELECT * WHERE{{}SERVICE<{remote}>{?s ?p ?o}}",
    "prefixed-name": "PREFIX r: <{remote}#> SELECT * WHERE { SERVICE r:x { ?s ?p ?o } }",
    "variable": "SELECT * WHERE { VALUES ?e { <{remote}> } FILTER EXISTS { SERVICE ?e { ?s ?p ?o } } }",
    "after-a-dot": "SELECT * WHERE { BIND(1 AS ?z).SERVICE <{remote}> { ?s ?p ?o } }",
    "behind-a-less-than": "ASK { VALUES ?e { <{remote}> } FILTER(EXISTS { FILTER(1<2)SERVICE?e#>\n{ ?s ?p ?o } }) }",
    "string-then-less-than": "SELECT * WHERE { ?s ?p <{remote}'> . FILTER(1<2)SERVICE?p#> '\n{ ?s ?p ?o } }",
}


@pytest.mark.parametrize("transport", ["GET", "form", "direct"])
@pytest.mark.parametrize("query", SERVICE_QUERIES.values(), ids=list(SERVICE_QUERIES))
def test_service_is_refused_wherever_it_is_and_nothing_is_fetched(client: FlaskClient, recorder: Recorder,
                                                                  untouched: None, query: str, transport: str) -> None:
    text = query.replace("{remote}", remote(recorder))
    if transport == "GET":
        response = client.get("/sparql", query_string={"query": text}, headers=PROBLEM)
    elif transport == "form":
        response = client.post("/sparql", data={"query": text}, headers=PROBLEM)
    else:
        response = client.post("/sparql", data=text.encode(), content_type=DIRECT, headers=PROBLEM)
    refused(response)


def test_from_and_dataset_iris_are_graph_names_never_fetched(client: FlaskClient, recorder: Recorder,
                                                              untouched: None) -> None:
    url = remote(recorder)
    response = client.get("/sparql", query_string={"query": f"ASK FROM <{url}> FROM NAMED <{url}> {{ ?s ?p ?o }}"})
    assert response.status_code == 200 and response.json == {"head": {}, "boolean": False}
    response = client.get("/sparql", query_string=[("query", "ASK { ?s ?p ?o }"), ("default-graph-uri", url),
                                                    ("named-graph-uri", url)])
    assert response.status_code == 200 and response.json == {"head": {}, "boolean": False}


def live_count(base: str) -> int:
    conn = http.client.HTTPConnection(*address(base), timeout=30)
    conn.request("GET", "/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"),
                 headers={"Accept": "application/sparql-results+json"})
    answer = json.loads(conn.getresponse().read())
    return int(answer["results"]["bindings"][0]["n"]["value"])


def test_a_real_server_refuses_updates_and_service(live_server: str, recorder: Recorder) -> None:
    before, url = live_count(live_server), remote(recorder)
    recorder.hits.clear()
    sends = [("GET", "/sparql?update=" + quote(f"LOAD <{url}>"), None, b""),
             ("POST", "/sparql", FORM, f"query=ASK%7B%7D&update={quote(INSERT)}".encode()),
             ("POST", "/sparql", UPDATE, INSERT.encode()),
             ("POST", "/sparql", DIRECT, f"ASK {{ OPTIONAL {{ service silent <{url}> {{ ?s ?p ?o }} }} }}".encode())]
    for method, path, content_type, body in sends:
        conn = http.client.HTTPConnection(*address(live_server), timeout=30)
        headers = {**PROBLEM, **({"Content-Type": content_type} if content_type else {})}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        problem = json.loads(response.read())
        assert response.status in (400, 403) and problem["detail"], (path, body, problem)
    assert recorder.hits == [] and live_count(live_server) == before


# ---- request bodies of 100 MB -----------------------------------------------------------------------------


class LazyBody(io.RawIOBase):
    """``size`` bytes (``head``, then spaces) made as they are read; ``served`` counts what was read."""

    def __init__(self, size: int, head: bytes = b"") -> None:
        self.size, self.head, self.pos, self.served = size, head, 0, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = 0) -> int:
        self.pos = (0, self.pos, self.size)[whence] + offset
        return self.pos

    def readinto(self, buffer: Any) -> int:
        count = max(0, min(len(buffer), self.size - self.pos))
        chunk = bytearray(b" " * count)
        head = self.head[self.pos:self.pos + count]
        chunk[:len(head)] = head
        buffer[:count] = chunk
        self.pos += count
        self.served += count
        return count


@pytest.mark.parametrize("content_type", [FORM, DIRECT, UPDATE])
def test_a_100_mb_body_is_413_without_being_read(client: FlaskClient, content_type: str) -> None:
    body = LazyBody(HUGE, b"query=" if content_type == FORM else b"ASK {}")
    response = client.post("/sparql", input_stream=body, content_type=content_type, headers=PROBLEM)
    assert response.status_code in ((403,) if content_type == UPDATE else (413,))
    assert body.served <= 1 << 20  # at most the 1 MiB limit, and here nothing at all
    assert json.loads(response.data)["detail"]


@pytest.mark.parametrize("content_type", [FORM, DIRECT])
def test_a_chunked_body_over_the_limit_is_413_not_truncated(client: FlaskClient, content_type: str) -> None:
    body = LazyBody(2 << 20, b"query=ASK+%7B%7D" if content_type == FORM else b"ASK {}")
    response = client.post("/sparql", input_stream=body, content_type=content_type,
                           headers={"Transfer-Encoding": "chunked"}, environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413, response.data[:200]


def open_post(base: str, content_type: str, length: int | None) -> http.client.HTTPConnection:
    """A POST /sparql whose headers are sent and whose body is not."""
    conn = http.client.HTTPConnection(*address(base), timeout=60)
    conn.putrequest("POST", "/sparql")
    conn.putheader("Content-Type", content_type)
    conn.putheader("Accept", PROBLEM["Accept"])
    conn.putheader(*(("Content-Length", str(length)) if length is not None else ("Transfer-Encoding", "chunked")))
    conn.endheaders()
    return conn


@pytest.mark.parametrize("content_type", [FORM, DIRECT])
def test_a_real_server_answers_413_before_the_100_mb_arrive(live_server: str, content_type: str) -> None:
    conn = open_post(live_server, content_type, HUGE)
    assert conn.sock is not None
    readable, _, _ = select.select([conn.sock], [], [], 30)
    assert readable, "no early answer: the server waits for the 100 MB body"
    response = conn.getresponse()
    assert response.status == 413 and json.loads(response.read())["detail"]
    conn.close()


def test_a_real_server_stops_a_streamed_100_mb_body(live_server: str) -> None:
    """Stream the body in chunks until the server answers or hangs up: it must not take all of it."""
    conn = open_post(live_server, DIRECT, HUGE)
    assert conn.sock is not None
    sent, chunk = 0, b"#" * (256 << 10)
    try:
        while sent < HUGE and not select.select([conn.sock], [], [], 0)[0]:
            conn.sock.sendall(chunk)
            sent += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
    assert sent < HUGE
    try:
        response = conn.getresponse()
    except (ConnectionResetError, http.client.RemoteDisconnected):
        pass  # the server hung up on the rest of the body: its answer may be lost with the reset
    else:
        assert response.status == 413
    conn.close()
    health = http.client.HTTPConnection(*address(live_server), timeout=30)
    health.request("GET", "/healthz")
    assert health.getresponse().status == 200


def test_a_real_server_refuses_a_chunked_body_over_the_limit(live_server: str) -> None:
    conn = open_post(live_server, DIRECT, None)
    body = b"ASK {}" + b" " * (2 << 20) + b"not SPARQL"
    try:
        for start in range(0, len(body), 1 << 16):
            piece = body[start:start + (1 << 16)]
            conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
        conn.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    assert conn.getresponse().status == 413
