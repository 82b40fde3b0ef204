"""The SPARQL endpoint ``/sparql``, its answers: SELECT, ASK, CONSTRUCT, DESCRIBE in each format, chosen by
Accept or by the format parameter; the HTML results table. The Flask test client over the sample store."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph
import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient
from rdflib import RDF, URIRef
from sparql_endpoint import BROWSER, CABLE, CONSTRUCT_CABLE, SELECT_CABLE, get, solutions

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
