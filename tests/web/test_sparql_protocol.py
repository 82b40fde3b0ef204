"""The SPARQL endpoint ``/sparql``, its protocol: methods, bodies, the dataset, errors, HEAD, OPTIONS,
caching, CORS, the service description. The Flask test client over the sample store."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph
import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import Namespace
from sparql_endpoint import BASE, BROWSER, CABLE, CONSTRUCT_CABLE, GRAPH, SD, SELECT_CABLE, get, solutions

from cablerdf.web.sparql.protocol import keywords
from cablerdf.web.sparql.worker import Answer, Job
from cablerdf.web.views import sparql as sparql_view

VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


# ---- the protocol: methods, bodies, dataset ------------------------------------------------------------


def test_post_form_and_post_direct(client: FlaskClient) -> None:
    form = client.post("/sparql", data={"query": SELECT_CABLE})
    direct = client.post("/sparql", data=SELECT_CABLE.encode(), content_type="application/sparql-query")
    with_charset = client.post("/sparql", data=SELECT_CABLE.encode(),
                               content_type="application/sparql-query; charset=UTF-8")
    for response in (form, direct, with_charset):
        assert response.status_code == 200 and solutions(response)[0]["cable"] == CABLE
        assert "ETag" not in response.headers  # POST answers are not cacheable
    form_format = client.post("/sparql", data={"query": SELECT_CABLE, "format": "csv"})
    assert form_format.content_type.startswith("text/csv")


def test_dataset_parameters(client: FlaskClient) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    vocabulary = BASE + "graph/vocabulary"
    union = int(solutions(get(client, count))[0]["n"])
    cable_only = int(solutions(get(client, count, **{"default-graph-uri": GRAPH}))[0]["n"])
    assert 0 < cable_only < union
    both = client.get("/sparql", query_string=[("query", count), ("default-graph-uri", GRAPH),
                                               ("default-graph-uri", vocabulary)])
    assert cable_only < int(solutions(both)[0]["n"]) <= union
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert [r["g"] for r in solutions(get(client, named, **{"named-graph-uri": GRAPH}))] == [GRAPH]
    assert solutions(get(client, count, **{"named-graph-uri": GRAPH}))[0]["n"] == "0"  # no default graph given
    form = client.post(f"/sparql?named-graph-uri={GRAPH}", data={"query": named})
    assert [r["g"] for r in solutions(form)] == [GRAPH]


def test_protocol_dataset_overrides_from_and_from_is_honoured(client: FlaskClient) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{BASE}graph/metadata> WHERE {{ ?s ?p ?o }}"
    metadata_only = int(solutions(get(client, query))[0]["n"])
    overridden = int(solutions(get(client, query, **{"default-graph-uri": GRAPH}))[0]["n"])
    plain = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    cable_only = int(solutions(get(client, plain, **{"default-graph-uri": GRAPH}))[0]["n"])
    assert 0 < metadata_only != overridden == cable_only


def test_union_default_graph(client: FlaskClient) -> None:
    assert json.loads(get(client, f"ASK {{ <{CABLE}> a cg:Cable }}").data)["boolean"] is True
    vocabulary_term = get(client, "ASK { cg:Cable a owl:Class }")
    assert json.loads(vocabulary_term.data)["boolean"] is True


def test_relative_iris_resolve_against_the_endpoint(client: FlaskClient) -> None:
    response = get(client, "CONSTRUCT { <s> <p> 1 } WHERE {}", format="nt")
    assert response.data.startswith(b"<http://127.0.0.1:8080/s> <http://127.0.0.1:8080/p> ")


def test_keywords_are_found_only_where_they_are_keywords() -> None:
    assert keywords("SELECT * FROM <g> { ?s ?p ?o }") == {"FROM"}
    assert keywords("select * from named <g> { service <x> { ?s ?p ?o } }") == {"FROM", "SERVICE"}
    assert keywords('SELECT ?from { ?s ex:from "FROM service" ; <http://x/from> ?o } # FROM') == set()
    assert keywords("SELECT * { ?s ?p '''\nFROM <g>\n''' ; from:x $service }") == set()
    assert keywords('SELECT (NOW() AS ?t) (rand () AS ?r) ?uuid { ?s ex:now "STRUUID()" }') == {"NOW", "RAND"}


# ---- errors ----------------------------------------------------------------------------------------------


def test_bad_query_is_400_with_the_parsers_message(client: FlaskClient) -> None:
    response = get(client, "SELECT * WHERE { ?s ?p }")
    assert response.status_code == 400 and response.headers["Vary"] == "Accept"
    assert b"1:" in response.data and b"syntax error" in response.data
    problem = get(client, "ASK {", "application/json")
    assert problem.content_type == "application/problem+json" and json.loads(problem.data)["status"] == 400


def test_one_query_only(client: FlaskClient) -> None:
    assert client.get("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D").status_code == 400
    assert client.post("/sparql", data="query=ASK+%7B%7D&query=ASK+%7B%7D",
                       content_type="application/x-www-form-urlencoded").status_code == 400
    assert client.post("/sparql?query=ASK%20%7B%7D", data=b"ASK {}",
                       content_type="application/sparql-query").status_code == 400
    assert client.post("/sparql", data={"format": "json"}).status_code == 400  # no query at all


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", None,
                                          "application/sparql-query; charset=UTF-16",
                                          "application/x-www-form-urlencoded; charset=latin1"])
def test_other_post_content_types_are_415(client: FlaskClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", data=b"ASK {}", headers=headers)
    assert response.status_code == 415
    assert b"application/sparql-query" in response.data or b"only UTF-8" in response.data


def test_body_not_utf8_is_400(client: FlaskClient) -> None:
    response = client.post("/sparql", data="ASK {}".encode("utf-16"), content_type="application/sparql-query")
    assert response.status_code == 400


@pytest.mark.parametrize("send", [
    lambda c: c.get("/sparql", query_string={"update": "CLEAR ALL"}),
    lambda c: c.post("/sparql", data={"update": "CLEAR ALL"}),
    lambda c: c.post("/sparql", data=b"CLEAR ALL", content_type="application/sparql-update"),
])
def test_updates_are_refused(client: FlaskClient, send: Any) -> None:
    response = send(client)
    assert response.status_code == 403 and b"read-only" in response.data
    assert json.loads(get(client, f"ASK {{ <{CABLE}> a cg:Cable }}").data)["boolean"] is True


def test_update_in_the_query_parameter_is_a_syntax_error(client: FlaskClient) -> None:
    assert get(client, "CLEAR ALL").status_code == 400


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405(client: FlaskClient, method: str) -> None:
    response = client.open("/sparql", method=method, query_string={"query": "ASK {}"})
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_not_acceptable_lists_the_types(client: FlaskClient) -> None:
    response = get(client, SELECT_CABLE, "image/png")
    assert response.status_code == 406
    for media_type in (b"application/sparql-results+json", b"application/sparql-results+xml", b"text/csv",
                       b"text/tab-separated-values", b"text/html"):
        assert media_type in response.data
    assert get(client, SELECT_CABLE, format="ttl").status_code == 406


def test_federated_queries_are_refused_unless_enabled(app: Flask, client: FlaskClient,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert get(client, query).status_code == 403
    monkeypatch.setitem(app.config, "SPARQL_FEDERATION", True)
    failed = get(client, query)  # allowed now; the remote endpoint cannot be reached: an evaluation failure
    assert failed.status_code == 500 and b"query evaluation failed" in failed.data


# ---- HEAD, OPTIONS, caching ---------------------------------------------------------------------------


def test_head_has_the_headers_of_get(client: FlaskClient) -> None:
    for params in ({"query": SELECT_CABLE}, {"query": CONSTRUCT_CABLE, "format": "jsonld"}, {}, {"query": "ASK {"}):
        got = client.get("/sparql", query_string=params)
        head = client.head("/sparql", query_string=params)
        assert head.status_code == got.status_code and head.data == b""
        assert dict(head.headers) == dict(got.headers)


def test_options_preflight(client: FlaskClient) -> None:
    response = client.options("/sparql", headers={"Origin": "https://example.org",
                                                  "Access-Control-Request-Method": "POST",
                                                  "Access-Control-Request-Headers": "content-type"})
    assert response.status_code == 204 and response.data == b""
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, POST, OPTIONS"
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()
    assert response.headers["Access-Control-Max-Age"] == "86400"
    plain = client.options("/sparql")
    assert plain.status_code == 204 and "Content-Type" in plain.headers["Access-Control-Allow-Headers"]


def test_conditional_get(client: FlaskClient) -> None:
    first = get(client, SELECT_CABLE)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('W/"') and "max-age" in first.headers["Cache-Control"]
    again = client.get("/sparql", query_string={"query": SELECT_CABLE}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag and again.headers["Vary"] == "Accept"
    since = client.get("/sparql", query_string={"query": SELECT_CABLE}, headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    other_format = get(client, SELECT_CABLE, "text/csv")
    assert other_format.headers["ETag"] != etag
    stale = client.get("/sparql", query_string={"query": SELECT_CABLE}, headers={"If-None-Match": 'W/"old"'})
    assert stale.status_code == 200


def test_repeated_gets_are_replayed_until_the_data_changes(client: FlaskClient,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """GET answers depend only on the data version, the URL and Accept: the app's response cache
    replays them without running the query again; POSTs are always run."""
    query = "SELECT ?cable WHERE { ?cable a cg:Cable } # replayed"
    first = get(client, query)
    runs: list[str] = []
    execute = sparql_view.execute

    def counted(job: Job) -> Answer:
        runs.append(job.operation.query)
        return execute(job)

    monkeypatch.setattr(sparql_view, "execute", counted)
    again = get(client, query)
    assert again.status_code == 200 and again.data == first.data and dict(again.headers) == dict(first.headers)
    assert get(client, query, "application/sparql-results+xml").status_code == 200  # another Accept: run
    assert client.post("/sparql", data={"query": query}).status_code == 200
    assert runs == [query, query]


def test_volatile_queries_are_neither_validated_nor_replayed(client: FlaskClient) -> None:
    query = "SELECT (STRUUID() AS ?id) WHERE {}"
    first, second = get(client, query), get(client, query)
    assert "ETag" not in first.headers and first.headers["Cache-Control"] == "no-store"
    assert solutions(first) != solutions(second)


# ---- service description -------------------------------------------------------------------------------


def description(client: FlaskClient, accept: str | None = None, fmt: str = "turtle") -> rdflib.Graph:
    response = get(client, None, accept)
    assert response.status_code == 200 and response.headers["Vary"] == "Accept"
    return rdflib.Graph().parse(data=response.data, format=fmt)


def test_service_description_content(client: FlaskClient, sample_store: Any) -> None:
    response = get(client)
    assert response.content_type == "text/turtle; charset=utf-8"
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    service = graph.value(None, RDF.type, SD.Service, any=False)
    assert service is not None and graph.value(service, SD.endpoint) == URIRef(BASE + "sparql")
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL10Query, SD.SPARQL11Query}
    assert set(graph.objects(service, SD.feature)) == {SD.UnionDefaultGraph}
    assert graph.value(service, SD.defaultEntailmentRegime) == URIRef("http://www.w3.org/ns/entailment/Simple")
    assert {FORMATS[n] for n in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                                 "SPARQL_Results_TSV", "Turtle", "N-Triples", "N-Quads", "TriG", "RDF_XML",
                                 "JSON-LD")} == set(graph.objects(service, SD.resultFormat))
    assert "Update is not supported" in str(graph.value(service, rdflib.RDFS.comment))
    assert URIRef(BASE + ".well-known/void") in set(graph.objects(service, rdflib.RDFS.seeAlso))
    dataset = graph.value(service, SD.defaultDataset)
    default_graph = graph.value(dataset, SD.defaultGraph)
    store = pyoxigraph.Store.read_only(str(sample_store / "oxigraph"))
    assert graph.value(default_graph, VOID.triples) == Literal(len(store))
    names = {graph.value(entry, SD.name) for entry in graph.objects(dataset, SD.namedGraph)}
    assert URIRef(BASE + "graph/vocabulary") in names and URIRef(GRAPH) not in names  # cable graphs: counted
    collection = graph.value(service, SD.availableGraphs)
    assert graph.value(collection, VOID.entities) == Literal(1) and (collection, RDF.type, SD.GraphCollection) in graph
    for entry in graph.subjects(RDF.type, SD.NamedGraph):
        assert isinstance(graph.value(entry, SD.name), URIRef)
    for each in graph.subjects(RDF.type, SD.Dataset):
        assert graph.value(each, SD.defaultGraph) is not None


@pytest.mark.parametrize(("accept", "fmt"), [("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
                                             ("application/rdf+xml", "xml"), ("text/turtle", "turtle")])
def test_service_description_formats(client: FlaskClient, accept: str, fmt: str) -> None:
    graph = description(client, accept, fmt)
    assert (None, SD.endpoint, URIRef(BASE + "sparql")) in graph
    assert len(graph) == len(description(client))


def test_service_description_for_browsers_is_the_query_page(client: FlaskClient) -> None:
    response = get(client, None, BROWSER)
    assert response.status_code == 303 and response.headers["Location"] == "./query"
    assert response.headers["Vary"] == "Accept"
    assert get(client, None, "image/png").status_code == 406
    assert get(client, None, BROWSER, format="ttl").status_code == 200


def test_service_description_advertises_federation_when_enabled(app: Flask, client: FlaskClient,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "SPARQL_FEDERATION", True)
    graph = description(client, "text/turtle;q=0.9")  # an Accept of its own: not a cached answer
    assert (None, SD.feature, SD.BasicFederatedQuery) in graph
