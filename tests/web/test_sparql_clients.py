"""The SPARQL endpoint ``/sparql`` and real clients against a real server: SPARQLWrapper, http.client
(HEAD and GET alike), rdflib reading the service description."""

from __future__ import annotations

import rdflib
from rdflib import URIRef
from sparql_endpoint import CONSTRUCT_CABLE, SD, SELECT_CABLE

# ---- real clients against a real server -----------------------------------------------------------------


def test_sparqlwrapper_select_ask_construct(live_server: str) -> None:
    from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

    endpoint = SPARQLWrapper(live_server + "sparql")
    endpoint.setQuery(SELECT_CABLE)
    endpoint.setReturnFormat(JSON)
    selected = endpoint.query().convert()
    assert isinstance(selected, dict)  # narrows the type: JSON results are a dict
    bindings = selected["results"]["bindings"]
    assert bindings[0]["cable"]["value"] == live_server + "cable/09MEXICO2882"
    endpoint.setQuery("ASK { ?cable a cg:Cable }")
    asked = endpoint.query().convert()
    assert isinstance(asked, dict) and asked["boolean"] is True
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
