"""The SPARQL endpoint ``/sparql``: protocol, formats, negotiation, errors, caching, CORS, the service
description; the Flask test client over the sample store, then real clients against a real server."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pyoxigraph
import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import Namespace
from werkzeug.test import TestResponse

from cablerdf.web.sparql.protocol import keywords
from cablerdf.web.views import sparql as sparql_view

BASE = "http://127.0.0.1:8080/"
CABLE = BASE + "cable/09MEXICO2882"
GRAPH = BASE + "graph/09MEXICO2882"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
SELECT_CABLE = "SELECT ?cable ?title WHERE { ?cable a cg:Cable ; dcterms:title ?title }"
CONSTRUCT_CABLE = "CONSTRUCT WHERE { ?cable a cg:Cable ; dcterms:title ?title ; dcterms:created ?created }"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def get(client: FlaskClient, query: str | None = None, accept: str | None = None, **params: Any) -> TestResponse:
    if query is not None:
        params["query"] = query
    return client.get("/sparql", query_string=params, headers={"Accept": accept} if accept else {})


def solutions(response: TestResponse) -> list[dict[str, str]]:
    data = json.loads(response.data)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


# ---- SELECT, ASK, CONSTRUCT, DESCRIBE: formats and negotiation --------------------------------------


def test_select_json_by_default(client: FlaskClient) -> None:
    response = get(client, SELECT_CABLE)
    assert response.status_code == 200
    assert response.content_type == "application/sparql-results+json"
    assert response.headers["Vary"] == "Accept"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert [row["cable"] for row in solutions(response)] == [CABLE]
    assert json.loads(response.data)["head"]["vars"] == ["cable", "title"]


@pytest.mark.parametrize(("accept", "content_type"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/*;q=0.5, text/csv;q=0", "text/tab-separated-values; charset=utf-8"),
    ("*/*", "application/sparql-results+json"),
    (BROWSER, "text/html; charset=utf-8"),
])
def test_select_negotiation(client: FlaskClient, accept: str, content_type: str) -> None:
    response = get(client, SELECT_CABLE, accept)
    assert response.status_code == 200
    assert response.content_type == content_type


def test_select_bodies_in_each_format(client: FlaskClient) -> None:
    xml = get(client, SELECT_CABLE, format="xml")
    parsed = pyoxigraph.parse_query_results(xml.data, pyoxigraph.QueryResultsFormat.XML)
    assert isinstance(parsed, pyoxigraph.QuerySolutions)
    assert [str(s["cable"]) for s in parsed] == [f"<{CABLE}>"]
    rows = list(csv.reader(io.StringIO(get(client, SELECT_CABLE, format="csv").get_data(as_text=True))))
    assert rows[0] == ["cable", "title"] and rows[1][0] == CABLE
    tsv = get(client, SELECT_CABLE, format="tsv").get_data(as_text=True).splitlines()
    assert tsv[0] == "?cable\t?title" and tsv[1].startswith(f"<{CABLE}>\t\"")


def test_format_parameter_wins_over_accept(client: FlaskClient) -> None:
    assert get(client, SELECT_CABLE, "application/sparql-results+xml", format="csv").content_type.startswith("text/csv")
    assert get(client, SELECT_CABLE, format="text/tab-separated-values").content_type.startswith("text/tab")
    assert get(client, CONSTRUCT_CABLE, format="turtle").content_type.startswith("text/turtle")
    assert get(client, CONSTRUCT_CABLE, format="xml").content_type == "application/rdf+xml"  # SPARQLWrapper's word
    assert get(client, CONSTRUCT_CABLE, format="json").content_type == "application/ld+json"
    # several values (SPARQLWrapper sends format=rdf+xml&format=application/rdf+xml): the first usable one
    several = client.get("/sparql", query_string=[("query", SELECT_CABLE), ("format", "nonsense"), ("format", "csv")])
    assert several.content_type.startswith("text/csv")


def test_ask(client: FlaskClient) -> None:
    yes = get(client, f"ASK {{ <{CABLE}> a cg:Cable }}")
    assert yes.status_code == 200 and json.loads(yes.data) == {"head": {}, "boolean": True}
    no = get(client, "ASK { <http://example.org/nothing> ?p ?o }", format="xml")
    assert no.content_type == "application/sparql-results+xml"
    assert not bool(pyoxigraph.parse_query_results(no.data, pyoxigraph.QueryResultsFormat.XML))


def test_ask_is_only_json_or_xml(client: FlaskClient) -> None:
    for accept in ("text/csv", "text/tab-separated-values"):
        response = get(client, "ASK {}", accept)
        assert response.status_code == 406
        assert b"application/sparql-results+json" in response.data
        assert b"application/sparql-results+xml" in response.data
        assert b"text/csv" not in response.data
    assert get(client, "ASK {}", format="csv").status_code == 406


@pytest.mark.parametrize(("name", "media_type", "rdf_format"), [
    ("ttl", "text/turtle", pyoxigraph.RdfFormat.TURTLE),
    ("nt", "application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
    ("nq", "application/n-quads", pyoxigraph.RdfFormat.N_QUADS),
    ("trig", "application/trig", pyoxigraph.RdfFormat.TRIG),
    ("rdf", "application/rdf+xml", pyoxigraph.RdfFormat.RDF_XML),
    ("jsonld", "application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
])
def test_construct_formats(client: FlaskClient, name: str, media_type: str, rdf_format: pyoxigraph.RdfFormat) -> None:
    by_accept = get(client, CONSTRUCT_CABLE, media_type)
    by_name = get(client, CONSTRUCT_CABLE, format=name)
    assert by_accept.status_code == by_name.status_code == 200
    assert by_accept.content_type.split(";")[0] == media_type == by_name.content_type.split(";")[0]
    assert by_accept.data == by_name.data
    triples = {(q.subject, q.predicate, q.object) for q in pyoxigraph.parse(by_name.data, rdf_format)}
    assert len(triples) == 3
    assert (pyoxigraph.NamedNode(CABLE), pyoxigraph.NamedNode(rdflib.RDF.type.toPython()),
            pyoxigraph.NamedNode("https://w3id.org/cablerdf/ns#Cable")) in triples


def test_construct_turtle_by_default_with_prefixes(client: FlaskClient) -> None:
    response = get(client, CONSTRUCT_CABLE)
    assert response.content_type == "text/turtle; charset=utf-8"
    assert b"@prefix cg: <https://w3id.org/cablerdf/ns#>" in response.data and b"a cg:Cable" in response.data


def test_construct_json_ld_is_compacted_with_the_project_context(client: FlaskClient) -> None:
    document = json.loads(get(client, CONSTRUCT_CABLE, "application/ld+json").data)
    assert document["@context"]["cg"] == "https://w3id.org/cablerdf/ns#"  # inline: no remote context to fetch
    (node,) = document["@graph"]
    assert node["@id"] == CABLE and "title" in node and "created" in node
    assert node["@type"] in ("cg:Cable", "Cable")
    graph = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    assert (URIRef(CABLE), RDF.type, URIRef("https://w3id.org/cablerdf/ns#Cable")) in graph


def test_describe_reads_the_union_of_the_cable_graphs(client: FlaskClient) -> None:
    response = get(client, f"DESCRIBE <{CABLE}>", format="nt")
    assert response.status_code == 200
    triples = list(pyoxigraph.parse(response.data, pyoxigraph.RdfFormat.N_TRIPLES))
    assert len(triples) > 10 and all(t.subject == pyoxigraph.NamedNode(CABLE) for t in triples)


def test_html_results_table_escapes_and_links_back(client: FlaskClient) -> None:
    query = 'SELECT ?x ?cable WHERE { BIND("<script>alert(1)</script>" AS ?x) ?cable a cg:Cable }'
    response = get(client, query, BROWSER)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.content_type == "text/html; charset=utf-8"
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="./query?query=SELECT+%3Fx' in page  # edit the query on the query page
    assert 'href="./cable/09MEXICO2882"' in page  # our IRIs link relative
    assert "<th>?x</th>" in page and "format=csv" in page


def test_html_for_ask_and_construct_and_the_row_cap(app: Flask, client: FlaskClient,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert "<strong>true</strong>" in get(client, "ASK {}", "text/html").get_data(as_text=True)
    assert "<th>predicate</th>" in get(client, CONSTRUCT_CABLE, "text/html").get_data(as_text=True)
    monkeypatch.setitem(app.config, "SPARQL_HTML_ROWS", 2)
    page = get(client, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5", "text/html").get_data(as_text=True)
    assert page.count('<td class="iri">') == 2 and "The first 2 results are shown" in page


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
    monkeypatch.setattr(sparql_view, "execute", lambda job: runs.append(job.operation.query) or execute(job))
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


# ---- real clients against a real server -----------------------------------------------------------------


def test_sparqlwrapper_select_ask_construct(live_server: str) -> None:
    from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

    endpoint = SPARQLWrapper(live_server + "sparql")
    endpoint.setQuery(SELECT_CABLE)
    endpoint.setReturnFormat(JSON)
    bindings = endpoint.query().convert()["results"]["bindings"]  # type: ignore[index, call-overload]
    assert bindings[0]["cable"]["value"] == live_server + "cable/09MEXICO2882"
    endpoint.setQuery("ASK { ?cable a cg:Cable }")
    assert endpoint.query().convert()["boolean"] is True  # type: ignore[index, call-overload]
    endpoint.setQuery(CONSTRUCT_CABLE)
    endpoint.setReturnFormat(XML)  # SPARQLWrapper's default: RDF/XML, parsed into an rdflib graph
    graph = endpoint.query().convert()
    assert isinstance(graph, rdflib.Graph) and len(graph) == 3
    endpoint.setReturnFormat(TURTLE)
    endpoint.setMethod("POST")
    turtle = endpoint.query().convert()
    assert isinstance(turtle, bytes) and len(rdflib.Graph().parse(data=turtle, format="turtle")) == 3


def test_head_over_a_real_server(live_server: str) -> None:
    import http.client
    from urllib.parse import quote, urlsplit

    url = urlsplit(live_server)
    for path in ("/sparql", "/sparql?query=" + quote(SELECT_CABLE), "/sparql?query=ASK%20%7B"):
        seen = []
        for method in ("GET", "HEAD"):
            connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=30)
            connection.request(method, path)
            response = connection.getresponse()
            body = response.read()
            seen.append((response.status, response.getheader("Content-Type"), response.getheader("Content-Length"),
                         response.getheader("ETag"), len(body)))
            connection.close()
        (status, kind, length, etag, size), head = seen
        assert head == (status, kind, length, etag, 0) and int(length or 0) == size > 0


def test_rdflib_reads_the_service_description(live_server: str) -> None:
    graph = rdflib.Graph().parse(live_server + "sparql")
    assert (None, SD.endpoint, URIRef(live_server + "sparql")) in graph
    assert (None, SD.supportedLanguage, SD.SPARQL11Query) in graph
