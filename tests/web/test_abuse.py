"""Abuse of the public endpoint: updates and federation refused (nothing written, nothing fetched), huge
bodies refused early by a real server, no way out of /dumps/, markup in the data and in requests always
escaped, malformed URLs and Accept headers never a 5xx or a traceback. Real stores, no mocks."""

from __future__ import annotations

import http.client
import http.server
import io
import json
import re
import select
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pyoxigraph
import pytest
from flask import Flask
from flask.testing import FlaskClient

BASE = "http://127.0.0.1:8080/"
CABLE = "09MEXICO2882"
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
# errors as problem+json; any answer to a query that got through is acceptable too (so it shows as a 200)
PROBLEM = {"Accept": "application/problem+json, application/sparql-results+json;q=0.9, text/turtle;q=0.9"}
FORM, DIRECT, UPDATE = "application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update"
HUGE = 100 * 1024 * 1024
TRACEBACK = (b"Traceback (most recent call last)", b'File "/')


def sane(response: Any, what: object = "") -> bytes:
    """The body of a response that is not a server error and shows no traceback."""
    body: bytes = response.get_data() if hasattr(response, "get_data") else response.read()
    status = getattr(response, "status_code", None) or response.status
    assert status < 500, (what, status, body[:400])
    assert not any(marker in body for marker in TRACEBACK), (what, body[:2000])
    return body


# ---- a SPARQL endpoint that records being called (a fetch must never reach it) ---------------------------


class Recorder(http.server.ThreadingHTTPServer):
    hits: list[str]


class Answer(http.server.BaseHTTPRequestHandler):
    """Answers any request with an empty, valid SPARQL JSON result, so a fetch would succeed."""

    def answer(self) -> None:
        self.server.hits.append(f"{self.command} {self.path}")  # type: ignore[attr-defined]
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


def refused(response: Any, statuses: tuple[int, ...] = (400, 403)) -> None:
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


def address(base: str) -> tuple[str, int]:
    parts = urlsplit(base)
    return parts.hostname or "127.0.0.1", parts.port or 80


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


# ---- /dumps/: no way out ----------------------------------------------------------------------------------


SECRET = "TOP-SECRET-NOT-A-DUMP"
TRAVERSALS = ["../secret.txt", "..%2fsecret.txt", "%2e%2e%2fsecret.txt", "%2e%2e/secret.txt", ".%2e/secret.txt",
              "..%5csecret.txt", "..\\secret.txt", "%252e%252e%252fsecret.txt", "....//secret.txt", "..;/secret.txt",
              "%c0%ae%c0%ae/secret.txt", "..%c0%afsecret.txt", "../../../../../../../etc/passwd",
              "..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "/etc/passwd", "%2fetc%2fpasswd", "//etc/passwd",
              "{absolute}", "%00", "ok.ttl%00", "ok.ttl%00.txt", "..%00/secret.txt", "ok.ttl/", "./ok.ttl", "ok.ttl/.",
              "sub/nested.ttl", "sub%2fnested.ttl", "sub", ".hidden", "link.ttl", "C:\\Windows\\win.ini",
              "\\\\server\\share\\x", "file:///etc/passwd", "%", "%zz", ".", "..", "...", "~", "%7e"]


@pytest.fixture(scope="module")
def dumps_app(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Flask, Path]:
    """An app whose dump directory holds one dump, beside a secret, a hidden file, a subdirectory and a
    symbolic link to the secret."""
    from cablerdf.web import create_app

    root = tmp_path_factory.mktemp("traversal")
    dumps = root / "dumps"
    (dumps / "sub").mkdir(parents=True)
    (dumps / "ok.ttl").write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    for secret in (root / "secret.txt", dumps / ".hidden", dumps / "sub" / "nested.ttl"):
        secret.write_text(SECRET)
    (dumps / "link.ttl").symlink_to(root / "secret.txt")
    app = create_app({"STORE": str(sample_store), "BASE": BASE, "DUMPS": str(dumps), "TESTING": True, "RATE_LIMIT": 0})
    return app, root / "secret.txt"


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_dumps_serve_nothing_outside_the_dump_files(dumps_app: tuple[Flask, Path], method: str) -> None:
    app, secret = dumps_app
    client = app.test_client()
    assert client.get("/dumps/ok.ttl").status_code == 200
    listing = client.get("/dumps/", headers=HTML).get_data(as_text=True)
    assert "ok.ttl" in listing and "link.ttl" not in listing and ".hidden" not in listing and "nested" not in listing
    for name in TRAVERSALS:
        path = "/dumps/" + name.replace("{absolute}", str(secret))
        response = client.open(path, method=method, headers={"Range": "bytes=0-"})
        body = sane(response, path)
        assert 400 <= response.status_code < 500, (path, response.status_code)
        assert SECRET.encode() not in body and b"root:" not in body, path


LIVE_TRAVERSALS = ["/dumps/../../../../../../etc/passwd", "/dumps/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
                   "/dumps/%2e%2e/search.sqlite", "/dumps/..%2fsearch.sqlite", "/dumps/../oxigraph/CURRENT",
                   "/dumps/%2e%2e%2foxigraph%2fCURRENT", "/dumps//etc/passwd", "/dumps/%2fetc%2fpasswd",
                   "/dumps/..%5c..%5c..%5cetc%5cpasswd", "/dumps/..\\search.sqlite", "/dumps/%00", "/dumps/void.ttl%00",
                   "/dumps/..%00/etc/passwd", "/dumps/%c0%ae%c0%ae/search.sqlite", "/dumps/%252e%252e/search.sqlite",
                   "/dumps/void.ttl/..%2f..%2fsearch.sqlite", "/dumps/.", "/dumps/..",
                   "/static/../dumps/../search.sqlite", "/static/%2e%2e/%2e%2e/search.sqlite",
                   "/static/..%2f..%2f..%2f..%2fetc%2fpasswd"]


def test_a_real_server_serves_nothing_outside_the_dump_files(live_server: str) -> None:
    for path in LIVE_TRAVERSALS:
        conn = http.client.HTTPConnection(*address(live_server), timeout=30)
        conn.request("GET", path)  # sent as written: no client-side normalisation of ".." or "%2f"
        response = conn.getresponse()
        body = sane(response, path)
        assert 400 <= response.status < 500, (path, response.status)
        assert not any(leak in body for leak in (b"root:", b"SQLite format", b"MANIFEST")), path
        conn.close()


# ---- markup in the data and in requests -------------------------------------------------------------------


PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "&lt;already&gt;", "javascript:alert(1)")
MARKED = "\ue000<b>marker</b>\ue001"  # the search index's highlight markers around markup, in the data
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;", "&amp;lt;already&amp;gt;")
RAW = ("<script>alert(1)</script>", "<img src=x", "<b>marker</b>", 'href="javascript:', "<script>alert")


@pytest.fixture(scope="module")
def xss_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """A store of the bundled sample cable with the payloads in its SUBJECT line and in paragraph 2."""
    from cablerdf.commands.parse import sample_path
    from cablerdf.ingest import ingest
    from cablerdf.store import CableStore
    from cablerdf.store.search import index_path, update_index
    from cablerdf.web import create_app

    folder = tmp_path_factory.mktemp("xss")
    text = Path(sample_path()).read_text(encoding="utf-8")
    hostile = " ".join(PAYLOADS)
    text, subjects = re.subn(r"^SUBJECT: (.*)$", lambda m: f"SUBJECT: {m.group(1)} {hostile}", text, count=1,
                             flags=re.MULTILINE)
    assert subjects == 1 and "¶2. (U) " in text
    source = folder / f"{CABLE}.txt"
    source.write_text(text.replace("¶2. (U) ", f"¶2. (U) {hostile} {MARKED} ", 1), encoding="utf-8")
    store = CableStore(folder / "store", base=BASE)
    report = ingest([str(source)], store, jobs=1, quiet=True)
    assert report.loaded == 1, report
    update_index(store)  # ingest keeps the index in step; this must find nothing left to do
    assert index_path(store.path).is_file()
    store.flush()
    del store
    return create_app({"STORE": str(folder / "store"), "BASE": BASE, "TESTING": True, "RATE_LIMIT": 0})


def escaped_page(client: FlaskClient, url: str, expected: tuple[str, ...] = ESCAPED) -> str:
    response = client.get(url, headers=HTML)
    text = sane(response, url).decode("utf-8")
    assert response.status_code == 200 and response.mimetype == "text/html", (url, response.status_code)
    found = [raw for raw in RAW if raw in text]
    assert not found, (url, found)
    missing = [form for form in expected if form not in text]
    assert not missing, (url, missing)
    return text


PAGES_WITH_THE_SUBJECT = [f"/cable/{CABLE}.html", "/browse/tag/PGOV", "/browse/year/2009/10", "/browse/origin/MEXICO",
                          "/browse/classification/C", "/tag/PGOV.html", "/post/amembassy-mexico.html",
                          f"/cable/{CABLE}/paragraph/2.html", f"/cable/{CABLE}/paragraph/1.html"]


@pytest.mark.parametrize("url", PAGES_WITH_THE_SUBJECT)
def test_hostile_cable_text_is_escaped_on_every_page(xss_app: Flask, url: str) -> None:
    page = escaped_page(xss_app.test_client(), url)
    if url == f"/cable/{CABLE}.html":  # its JSON-LD cannot close its script element early
        head = page.split("</head>")[0]
        assert head.count("</script>") == head.count("<script") == 1 and "\\u003cscript\\u003e" in head


@pytest.mark.parametrize("words", ["alert", "script", "onerror", "already", "javascript", "marker", "lt", "Acting"])
def test_search_snippets_cannot_carry_markup(xss_app: Flask, words: str) -> None:
    page = escaped_page(xss_app.test_client(), "/search?q=" + quote(words), expected=())
    snippets = re.findall(r'<div class="snippet">(.*?)</div>', page, re.DOTALL)
    assert snippets, words
    for snippet in snippets:
        assert "<" not in snippet.replace("<mark>", "").replace("</mark>", ""), snippet
        assert snippet.count("<mark>") == snippet.count("</mark>") >= 1
        assert "\ue000" not in snippet and "\ue001" not in snippet
    assert any(form in page for form in ESCAPED), words


def test_search_echo_of_hostile_queries_is_escaped(xss_app: Flask) -> None:
    client = xss_app.test_client()
    for q in (PAYLOADS[0], PAYLOADS[1], f"alert {MARKED}", "\ue000alert\ue001", '"<script>alert(1)</script>" OR x*'):
        response = client.get("/search", query_string={"q": q}, headers=HTML)
        text = sane(response, q).decode("utf-8")
        assert not [raw for raw in RAW if raw in text], q
        assert "<mark>" not in text.split('<ol class="hits"')[0], q  # markers in the query are not highlighting


SPARQL_TABLES = [
    "SELECT ?title WHERE { ?c dcterms:title ?title }",
    "SELECT ?text WHERE { ?p a cg:Paragraph ; schema:text ?text FILTER(CONTAINS(?text, 'alert')) }",
    "CONSTRUCT { ?c dcterms:title ?t } WHERE { ?c dcterms:title ?t }",
    "SELECT ?x WHERE { BIND(IRI('javascript:alert(1)') AS ?x) }",
    "SELECT ?x WHERE { VALUES ?x { <JavaScript:alert(1)> <data:text/html;base64,PHNjcmlwdD4=> <vbscript:x> } }",
    "SELECT ?x WHERE { BIND(STRLANG('<script>alert(1)</script>', 'en') AS ?x) }",
    "SELECT * WHERE { ?c dcterms:title ?t } # </code></pre><script>alert(1)</script>",
]


@pytest.mark.parametrize("query", SPARQL_TABLES)
def test_sparql_html_results_escape_values_and_link_no_scripts(xss_app: Flask, query: str) -> None:
    response = xss_app.test_client().get("/sparql", query_string={"query": query}, headers=HTML)
    text = sane(response, query).decode("utf-8")
    assert response.status_code == 200 and response.mimetype == "text/html", text[:300]
    assert not [raw for raw in RAW if raw in text], query
    links = re.findall(r'href="([^"]*)"', text)
    assert not [link for link in links if re.match(r"\s*(javascript|data|vbscript):", link, re.IGNORECASE)], links
    if "javascript" in query.lower():
        assert "avaScript:alert(1)" in text or "javascript:alert(1)" in text  # shown, as text


def test_resource_pages_link_only_web_iris() -> None:
    """A stored IRI such as ``javascript:…`` is shown on entity and cable pages as text, not as a link."""
    from cablerdf.iris import Minter
    from cablerdf.web.labels import Labeller

    labeller = Labeller(pyoxigraph.Store(), Minter(BASE))
    for iri in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x"):
        link = labeller.link(pyoxigraph.NamedNode(iri))
        assert link.href is None and link.text == iri
    assert labeller.link(pyoxigraph.NamedNode("https://example.org/a")).href == "https://example.org/a"


def test_the_query_page_draws_no_script_links(live_server: str) -> None:
    """The query page's own table (static/query.js) shows a javascript: IRI as text, not as a link."""
    browser_module = pytest.importorskip("test_browser")
    sync_api = browser_module.require_browser()
    query = "SELECT ?x ?y WHERE { BIND(IRI('javascript:alert(1)') AS ?x) BIND(<http://example.org/> AS ?y) }"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(browser_module.CHROMIUM))
        try:
            tab = browser.new_page()
            tab.goto(live_server + "query?query=" + quote(query, safe=""))
            tab.wait_for_selector("#results table", timeout=15_000)
            hrefs = tab.eval_on_selector_all("#results a", "links => links.map(a => a.getAttribute('href'))")
            cells = tab.eval_on_selector_all("#results td", "cells => cells.map(td => td.textContent)")
        finally:
            browser.close()
    assert hrefs == ["http://example.org/"] and "javascript:alert(1)" in cells


# ---- malformed requests: percent-encoding, overlong URIs, Accept headers ----------------------------------


MAIN_ROUTES = ["/", "/browse", "/browse/year", "/browse/year/2009", "/browse/year/2009/10", "/browse/tag",
               "/browse/tag/PGOV", "/search", "/search?q=merida", "/query", "/dumps/", "/dumps/void.ttl", "/void",
               "/.well-known/void", "/void.ttl", "/ns", "/ns.ttl", f"/cable/{CABLE}", f"/cable/{CABLE}.html",
               f"/cable/{CABLE}/paragraph/1", "/tag/PGOV", "/tag/PGOV.html", "/graph/" + CABLE, "/sparql",
               "/sparql?query=ASK%7B%7D", "/healthz"]
BAD_ACCEPTS = ["garbage", "*/*;q=abc", "text/html;q=NaN", "text/html;q=nan, */*;q=NaN", "text/html;q=1e999",
               "text/html;q=-1", "*/*;q=inf", ";;;,,,", "/", "*/", "text/", "\x00", "ÿ/ÿ", "text/html;" + "a=b;" * 500,
               ",".join(f"type{i}/sub{i};q=0.{i % 10}" for i in range(3000)), "*/*;q=0"]
MALFORMED = ["/cable/%zz", "/cable/%", "/cable/%ff%fe", f"/cable/{CABLE}/paragraph/%zz", "/search?q=%ff%fe",
             "/search?q=%", "/search?q=%zz&page=%ff", "/search?%ff=1", "/sparql?query=%", "/sparql?query=%zz",
             "/sparql?query=%ff%fe", "/sparql?%=%", "/browse/tag/%zz", "/browse/tag?page=%ff", "/tag/%ff",
             "/tag/%", "/dumps/%zz", "/query?query=%ff%fe", "/ns.%zz", "/void?format=%ff", "/%", "/%%", "/?%zz"]
LONG = 20_000
OVERLONG = [prefix + "a" * LONG for prefix in ("/cable/", "/tag/", "/browse/tag/", "/dumps/", "/search?q=",
                                               "/sparql?query=", "/query?query=", "/browse?x=", "/")]


@pytest.mark.parametrize("url", MAIN_ROUTES)
def test_bad_accept_headers_are_never_a_server_error(client: FlaskClient, url: str) -> None:
    for accept in BAD_ACCEPTS:
        sane(client.get(url, headers={"Accept": accept}), (url, accept[:40]))


def test_malformed_percent_encoding_and_overlong_uris_are_never_a_server_error(client: FlaskClient) -> None:
    for url in MALFORMED + OVERLONG:
        for headers in ({}, HTML, PROBLEM):
            response = client.get(url, headers=headers)
            sane(response, url[:60])
            assert response.status_code < 400 or response.data, url[:60]  # an error says what it is


def test_a_real_server_answers_malformed_requests_with_4xx(live_server: str) -> None:
    for url in MALFORMED + OVERLONG:
        conn = http.client.HTTPConnection(*address(live_server), timeout=30)
        conn.request("GET", url, headers=HTML)
        response = conn.getresponse()
        sane(response, url[:60])
        assert url in MALFORMED or 400 <= response.status < 500, (url[:60], response.status)
        conn.close()
    for url in ("/", "/search?q=merida", f"/cable/{CABLE}", "/sparql?query=ASK%7B%7D", "/dumps/"):
        for accept in BAD_ACCEPTS:
            conn = http.client.HTTPConnection(*address(live_server), timeout=30)
            conn.request("GET", url, headers={"Accept": accept})
            sane(conn.getresponse(), (url, accept[:40]))
            conn.close()
