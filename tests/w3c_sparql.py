"""The W3C SPARQL 1.1 Protocol and Service Description tests, read from their manifests, run over HTTP.

The protocol manifest (``sparql11/protocol/manifest.ttl``) describes each test as data: an
``ht:Connection`` with a list of ``ht:Request`` (method, ``ht:absolutePath`` starting ``/sparql/``,
headers, a body with its character encoding) and, per request, the expected response
(``mf:expectedStatus`` classes, ``mf:expectedFormat`` boolean/tabular/RDF, ``mf:expectedBoolean``).
This module reads those requests as they are and sends them with :mod:`http.client` (urllib would add
a form Content-Type to every body and spoil the two "missing content type" tests), never following
redirects. The service-description manifest only names its three tests; their checks are written
here as the W3C test descriptions state them.

Adaptations (every one is listed in :data:`ADAPTATIONS`, and shown in the test ids' reports):

- Graph data: tests with ``ut:graphData`` need ``data1.nt``..``data3.nt`` in the named graphs their
  labels give; :func:`load_graph_data` loads them into a copy of the sample store, which a second
  ``cablerdf serve`` serves (the queries are not changed). All other tests run against the plain store.
- Updates: cablerdf is a read-only public endpoint. The seven update tests that expect a successful
  update (``update_*``) are run as written but must get the refusal, 403 Forbidden; their follow-up ASK
  must then answer ``false`` (nothing was written) instead of ``true``.
- Negative tests keep the manifest's 4xx class and are also pinned to the exact status the endpoint
  gives (:data:`EXACT`), so a change of behaviour is noticed.
- The request path prefix ``/sparql/`` is replaced by the endpoint path ``/sparql`` (the manifest asks
  for this).
"""

from __future__ import annotations

import http.client
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph
import pytest
import rdflib
from rdflib import RDF, URIRef
from rdflib.collection import Collection
from rdflib.namespace import Namespace

SHARED = Path(os.environ.get("CABLERDF_SHARED", Path(__file__).resolve().parent.parent.parent / "shared"))
SPARQL11 = SHARED / "w3c_tests" / "rdf-tests" / "sparql" / "sparql11"
PROTOCOL_MANIFEST = SPARQL11 / "protocol" / "manifest.ttl"
SD_MANIFEST = SPARQL11 / "service-description" / "manifest.ttl"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")

BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
TABULAR_TYPES = (*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
RDF_TYPES = ("application/rdf+xml", "text/turtle", "application/n-triples")  # the manifest also allows RDFa
SD_ACCEPT = "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, application/n-triples;q=0.7"

REFUSED = 403  # what a read-only endpoint answers to an update
EXACT = {  # the manifest says 4xx; these are the statuses cablerdf gives, pinned
    "bad_query_method": 405, "bad_multiple_queries": 400, "bad_query_wrong_media_type": 415,
    "bad_query_missing_form_type": 415, "bad_query_missing_direct_type": 415, "bad_query_non_utf8": 415,
    "bad_query_syntax": 400, "bad_update_get": 403, "bad_multiple_updates": 403,
    "bad_update_wrong_media_type": 415, "bad_update_missing_form_type": 415, "bad_update_non_utf8": 403,
    "bad_update_syntax": 403, "bad_update_dataset_conflict": 403,
}
ADAPTATIONS = {
    "graph data": "data1..3.nt loaded into the named graphs of their labels, in a second server's store",
    "update refused": "update_* expect 2xx from a writable store; the read-only endpoint must answer 403, "
                      "and the follow-up ASK must be false (nothing written)",
    "exact status": "negative tests pinned to the exact 4xx cablerdf gives (EXACT)",
    "path": "/sparql/ of ht:absolutePath replaced by the endpoint path /sparql",
}


def require_w3c() -> Path:
    """The sparql11 test folder; skip when ../shared is absent, except under CI where it must be there."""
    if PROTOCOL_MANIFEST.is_file() and SD_MANIFEST.is_file():
        return SPARQL11
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the W3C SPARQL tests are missing at {SPARQL11}")
    pytest.skip(f"W3C SPARQL tests not found at {SPARQL11} (../shared is absent): W3C tests skipped")


# ---- the protocol manifest as data --------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    classes: tuple[int, ...]  # acceptable status classes: 2 for 2xx...
    status: int | None = None  # an exact status, where pinned
    format: str | None = None  # boolean, tabular, RDF
    boolean: bool | None = None


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # below the endpoint: "" or "?query=..."
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    expected: Expected


@dataclass(frozen=True)
class ProtocolTest:
    id: str
    name: str
    graphs: tuple[tuple[str, Path], ...]  # (graph IRI, N-Triples file) to load before the requests
    requests: tuple[Request, ...]
    adaptations: tuple[str, ...] = field(default=())

    @property
    def is_update(self) -> bool:
        return self.id.startswith(("update_", "bad_update_"))


def protocol_tests() -> list[ProtocolTest]:
    """The 34 tests of the protocol manifest, in manifest order, with our adaptations applied."""
    graph = rdflib.Graph().parse(PROTOCOL_MANIFEST, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    return [adapt(read_test(graph, entry)) for entry in rdf_list(graph, graph.value(manifest, MF.entries))]


def rdf_list(graph: rdflib.Graph, head: rdflib.term.Node | None) -> Collection:
    """The RDF list at ``head``, which the manifest always gives."""
    assert head is not None, "an RDF list the manifest should give is missing"
    return Collection(graph, head)


def read_test(graph: rdflib.Graph, entry: rdflib.term.Node) -> ProtocolTest:
    test_id = str(entry).rsplit("#", 1)[-1]
    folder = PROTOCOL_MANIFEST.parent
    graphs = tuple((str(graph.value(data, RDFS.label)), folder / Path(str(graph.value(data, UT.graph))).name)
                   for data in graph.objects(entry, UT.graphData))
    action = graph.value(entry, MF.action)
    requests = tuple(read_request(graph, node) for node in rdf_list(graph, graph.value(action, HT.requests)))
    return ProtocolTest(test_id, str(graph.value(entry, MF.name)), tuple(sorted(graphs)), requests)


def read_request(graph: rdflib.Graph, node: rdflib.term.Node) -> Request:
    path = str(graph.value(node, HT.absolutePath))
    assert path.startswith("/sparql/"), path
    headers = tuple((str(graph.value(h, HT.fieldName)), str(graph.value(h, HT.fieldValue)))
                    for h in Collection(graph, graph.value(node, HT.headers) or RDF.nil))
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding.lower())
    response = graph.value(node, HT.resp)
    statuses = graph.objects(response, MF.expectedStatus)  # hts:StatusCode2xx...
    classes = tuple(sorted(int(str(s).rsplit("StatusCode", 1)[1][0]) for s in statuses))
    fmt, boolean = graph.value(response, MF.expectedFormat), graph.value(response, MF.expectedBoolean)
    expected = Expected(classes, None, None if fmt is None else str(fmt),
                        as_bool(boolean))
    return Request(str(graph.value(node, HT.methodName)), path[len("/sparql/"):], headers, body, expected)


def as_bool(node: rdflib.term.Node | None) -> bool | None:
    """A boolean literal's value (``None`` when absent)."""
    if node is None:
        return None
    assert isinstance(node, rdflib.Literal), node
    return bool(node.toPython())


def adapt(test: ProtocolTest) -> ProtocolTest:
    """Apply the read-only endpoint's adaptations (module docstring) to one test."""
    notes = ["path"] + (["graph data"] if test.graphs else [])
    requests = list(test.requests)
    if test.id.startswith("update_"):
        notes.append("update refused")
        first = requests[0]
        requests[0] = Request(first.method, first.path, first.headers, first.body, Expected((4,), REFUSED))
        requests[1:] = [Request(r.method, r.path, r.headers, r.body, Expected(r.expected.classes, None,
                                                                             r.expected.format, False))
                        for r in requests[1:]]
    elif test.id in EXACT:
        notes.append("exact status")
        only = requests[0]
        requests[0] = Request(only.method, only.path, only.headers, only.body,
                              Expected(only.expected.classes, EXACT[test.id]))
    return ProtocolTest(test.id, test.name, test.graphs, tuple(requests), tuple(notes))


def load_graph_data(store_dir: Path, tests: list[ProtocolTest]) -> list[str]:
    """Load every graph the tests need into the store (read-write, before any server opens it)."""
    from cablerdf.store import CableStore

    store = CableStore(store_dir)
    loaded: dict[str, Path] = {}
    for test in tests:
        loaded.update(dict(test.graphs))
    for iri, path in sorted(loaded.items()):
        graph = pyoxigraph.NamedNode(iri)
        store.store.extend(pyoxigraph.Quad(q.subject, q.predicate, q.object, graph)
                           for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES))
    store.flush()
    del store
    return sorted(loaded)


# ---- running --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    headers: dict[str, str]
    body: bytes


def send(endpoint: str, method: str, path: str = "", headers: tuple[tuple[str, str], ...] = (),
         body: bytes | None = None) -> Answer:
    """One request with http.client: no added headers (no Content-Type), no redirects followed."""
    url = urlsplit(endpoint)
    connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=30)
    try:
        connection.request(method, url.path + path, body=body, headers=dict(headers))
        response = connection.getresponse()
        data = response.read()
        found = {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()
    return Answer(response.status, found.get("content-type", "").split(";")[0].strip().lower(), found, data)


def check(request: Request, answer: Answer) -> None:
    """The answer is what the (adapted) manifest expects: status, format, boolean."""
    expected = request.expected
    assert answer.status // 100 in expected.classes, (answer.status, answer.body[:300])
    if expected.status is not None:
        assert answer.status == expected.status, (answer.status, answer.body[:300])
    if expected.format == "boolean":
        assert answer.media_type in BOOLEAN_TYPES, answer.media_type
        results = query_results(answer)
        assert isinstance(results, pyoxigraph.QueryBoolean)
        if expected.boolean is not None:
            assert bool(results) is expected.boolean
    elif expected.format == "tabular":
        assert answer.media_type in TABULAR_TYPES, answer.media_type
        if answer.media_type == "text/csv":  # pyoxigraph reads JSON, XML and TSV results, not CSV
            assert answer.body.split(b"\r\n", 1)[0], answer.body[:100]
        else:
            assert isinstance(query_results(answer), pyoxigraph.QuerySolutions)
    elif expected.format == "RDF":
        assert answer.media_type in RDF_TYPES, answer.media_type
        fmt = pyoxigraph.RdfFormat.from_media_type(answer.media_type)
        assert fmt is not None
        list(pyoxigraph.parse(answer.body, fmt))  # well-formed


def query_results(answer: Answer) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean:
    fmt = pyoxigraph.QueryResultsFormat.from_media_type(answer.media_type)
    assert fmt is not None, answer.media_type
    return pyoxigraph.parse_query_results(answer.body, fmt)


def run_protocol_test(test: ProtocolTest, endpoint: str) -> list[Answer]:
    """Send the test's requests in order, checking each answer; returns the answers."""
    answers = []
    for request in test.requests:
        answer = send(endpoint, request.method, request.path, request.headers, request.body)
        check(request, answer)
        answers.append(answer)
    return answers


# ---- service description ----------------------------------------------------------------------------


def sd_tests() -> list[str]:
    """The ids of the service-description manifest's tests, in manifest order."""
    graph = rdflib.Graph().parse(SD_MANIFEST, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    return [str(entry).rsplit("#", 1)[-1] for entry in rdf_list(graph, graph.value(manifest, MF.entries))]


def service_description(endpoint: str, accept: str = SD_ACCEPT) -> tuple[Answer, rdflib.Graph]:
    answer = send(endpoint, "GET", "", (("Accept", accept),))
    graph = rdflib.Graph()
    if answer.status == 200:
        graph.parse(data=answer.body, format={"text/turtle": "turtle", "application/rdf+xml": "xml",
                                              "application/ld+json": "json-ld",
                                              "application/n-triples": "nt"}[answer.media_type])
    return answer, graph


def run_sd_test(test_id: str, endpoint: str) -> None:
    """``returns-rdf``, ``has-endpoint-triple``, ``conforms-to-schema`` as the W3C describes them."""
    answer, graph = service_description(endpoint)
    assert answer.status == 200, answer.status
    if test_id == "returns-rdf":
        assert len(graph) > 0
    elif test_id == "has-endpoint-triple":
        assert (None, SD.endpoint, URIRef(endpoint)) in graph
    elif test_id == "conforms-to-schema":
        assert not schema_violations(graph), schema_violations(graph)
    else:
        raise AssertionError(f"unknown service description test {test_id}")


def schema_violations(graph: rdflib.Graph) -> list[str]:
    """What the SD schema test checks: a service with an endpoint, every sd:NamedGraph with an IRI
    sd:name, every sd:Dataset with an sd:defaultGraph; plus the known languages."""
    problems = []
    services = set(graph.subjects(RDF.type, SD.Service))
    if not services:
        problems.append("no sd:Service")
    problems += [f"{s} has no sd:endpoint" for s in services if graph.value(s, SD.endpoint) is None]
    for named in graph.subjects(RDF.type, SD.NamedGraph):
        if not isinstance(graph.value(named, SD.name), URIRef):
            problems.append(f"sd:NamedGraph {named} has no IRI sd:name")
    for dataset in graph.subjects(RDF.type, SD.Dataset):
        if graph.value(dataset, SD.defaultGraph) is None:
            problems.append(f"sd:Dataset {dataset} has no sd:defaultGraph")
    languages = {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
    problems += [f"unknown language {o}" for o in graph.objects(None, SD.supportedLanguage) if o not in languages]
    return problems
