"""Dereferenceable URIs: 303 by Accept, 301, 404, 406; the documents in each format and their headers;
caching, HEAD, CORS; real HTTP clients against a real server; every minted path dereferences."""

from __future__ import annotations

import http.client
import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdf_documents import BASE, BROWSER, CABLE, CG, DCT, FOAF, MEDIA, SKOS, iri, triples

# ---- the thing: 303 by Accept, 301, 404, 406 --------------------------------------------------


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/n-triples", "nt"),
    ("application/rdf+xml", "rdf"), (BROWSER, "html"), (None, "ttl"), ("*/*", "ttl"),
    ("application/json", "jsonld"), ("text/plain", "nt"), ("text/html;q=0.5, text/turtle;q=0.9", "ttl")])
def test_cable_uri_answers_303_to_the_document_the_client_accepts(client: FlaskClient, accept: str | None,
                                                                 fmt: str) -> None:
    response = client.get("/cable/09MEXICO2882", headers={"Accept": accept} if accept else {})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{CABLE}.{fmt}"
    assert response.headers["Vary"] == "Accept"
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    assert f'<{CABLE}.ttl>; rel="describedby"; type="text/turtle"' in response.headers["Link"]


def test_format_parameter_overrides_accept(client: FlaskClient) -> None:
    response = client.get("/cable/09MEXICO2882?format=jsonld", headers={"Accept": "text/html"})
    assert response.headers["Location"] == f"{CABLE}.jsonld"


def test_nothing_acceptable_is_406_listing_the_types(client: FlaskClient) -> None:
    response = client.get("/cable/09MEXICO2882", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.get_data(as_text=True) and "application/ld+json" in response.get_data(as_text=True)
    assert response.headers["Vary"] == "Accept"


@pytest.mark.parametrize(("path", "location"), [
    ("/cable/09mexico2882", CABLE), ("/cable/09Mexico2882.ttl", CABLE + ".ttl"),
    ("/cable/0909MEXICO2882", CABLE), ("/cable/09mexico2882/paragraph/5", CABLE + "/paragraph/5"),
    ("/cable/09MEXICO2882/paragraph/05.nt", CABLE + "/paragraph/5.nt"), ("/tag/pgov", BASE + "tag/PGOV"),
    ("/tag/pgov.html?page=1", BASE + "tag/PGOV.html?page=1"),
    ("/post/AMEMBASSY MEXICO", BASE + "post/amembassy-mexico"),
    ("/classification/c.ttl", BASE + "classification/C.ttl")])
def test_known_but_malformed_names_move_permanently_to_the_canonical_one(client: FlaskClient, path: str,
                                                                          location: str) -> None:
    response = client.get(path)
    assert response.status_code == 301
    assert response.headers["Location"] == location


@pytest.mark.parametrize("path", [
    "/cable/09MEXICO9999", "/cable/09MEXICO9999.ttl", "/cable/metadata", "/cable/vocabulary.ttl",
    "/cable/09MEXICO2882/paragraph/99", "/cable/09MEXICO2882/paragraph/99.ttl", "/cable/09MEXICO2882/paragraph/x",
    "/cable/09MEXICO2882/paragraph/0", "/tag/NO-SUCH-TAG", "/tag/NO-SUCH-TAG.ttl", "/post/nobody", "/person/nobody",
    "/scheme/nothing", "/ns.xml", "/graph/09MEXICO9999", "/cable/" + "9" * 200])
def test_unknown_names_are_404(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"


# ---- the documents -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nt", "rdf"])
def test_cable_documents_carry_the_cable_and_describe_themselves(client: FlaskClient, fmt: str) -> None:
    response = client.get(f"/cable/09MEXICO2882.{fmt}")
    assert response.status_code == 200
    assert response.mimetype == MEDIA[fmt]
    found = triples(response.data, fmt)
    doc = iri(f"{CABLE}.{fmt}")
    assert (iri(CABLE), iri(DCT + "identifier"), '"09MEXICO2882"') in found
    assert (iri(CABLE + "/paragraph/5"), iri(CG + "paragraphLabel"), '"15."') in found
    assert (doc, iri(FOAF + "primaryTopic"), iri(CABLE)) in found
    assert (doc, iri(DCT + "license"), "<http://creativecommons.org/publicdomain/zero/1.0/>") in found
    assert (doc, "<http://www.w3.org/ns/prov#wasDerivedFrom>", iri(BASE + "graph/09MEXICO2882")) in found
    assert (doc, "<http://rdfs.org/ns/void#inDataset>", iri(BASE + "dataset")) in found
    assert (iri(BASE + "tag/PGOV"), iri(SKOS + "prefLabel"), '"Internal Governmental Affairs"@en') in found


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nt", "rdf", "html"])
def test_every_document_links_the_others_and_the_canonical_uri(client: FlaskClient, fmt: str) -> None:
    response = client.get(f"/cable/09MEXICO2882.{fmt}")
    link = response.headers["Link"]
    for other in MEDIA:
        if other != fmt:
            assert f'<{CABLE}.{other}>; rel="alternate"; type="{MEDIA[other]}"' in link
    assert f'<{CABLE}>; rel="canonical"' in link
    assert response.headers["Content-Location"] == f"{CABLE}.{fmt}"
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    assert response.headers["Last-Modified"] and response.headers["ETag"].startswith('"')


def test_jsonld_is_compacted_with_an_inline_context(client: FlaskClient) -> None:
    document = json.loads(client.get("/cable/09MEXICO2882.jsonld").data)
    assert document["@context"]["cg"] == CG
    node = next(n for n in document["@graph"] if n["@id"] == CABLE)
    assert node["identifier"] == "09MEXICO2882"


# ---- caching, HEAD -----------------------------------------------------------------------------


def test_revalidation_gives_304_with_the_same_validators(client: FlaskClient) -> None:
    first = client.get("/cable/09MEXICO2882.ttl")
    tag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    for headers in ({"If-None-Match": tag}, {"If-None-Match": f'"other", W/{tag}'}, {"If-None-Match": "*"},
                    {"If-Modified-Since": modified}):
        again = client.get("/cable/09MEXICO2882.ttl", headers=headers)
        assert again.status_code == 304, headers
        assert again.data == b"" and again.headers["ETag"] == tag
        assert again.headers["Cache-Control"] == "public, max-age=3600"
    assert client.get("/cable/09MEXICO2882.ttl", headers={"If-None-Match": '"stale"'}).status_code == 200
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get("/cable/09MEXICO2882.ttl", headers={"If-Modified-Since": old}).status_code == 200
    assert client.get("/cable/09MEXICO2882.ttl", headers={"If-None-Match": '"x"', "If-Modified-Since": modified}
                      ).status_code == 200  # If-None-Match wins


def test_etags_differ_by_format_and_page(client: FlaskClient) -> None:
    tags = {client.get(path).headers["ETag"] for path in (
        "/cable/09MEXICO2882.ttl", "/cable/09MEXICO2882.nt", "/cable/09MEXICO2882.html", "/scheme/tags.ttl",
        "/scheme/tags.ttl?page=2")}
    assert len(tags) == 5
    same = client.get("/cable/09MEXICO2882.ttl"), client.get("/cable/09MEXICO2882.ttl")
    assert same[0].headers["ETag"] == same[1].headers["ETag"]


@pytest.mark.parametrize("path", ["/cable/09MEXICO2882.ttl", "/cable/09MEXICO2882.html", "/cable/09MEXICO2882",
                                  "/tag/PGOV.jsonld", "/ns"])
def test_head_has_the_headers_of_get_and_no_body(client: FlaskClient, path: str) -> None:
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code and head.data == b""
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified", "Link", "Location", "Vary",
                 "Content-Location", "Cache-Control"):
        assert head.headers.get(name) == get.headers.get(name), name


def test_replayed_responses_are_the_ones_flask_made(app: Flask) -> None:
    from cablerdf.web.caching import ResponseCache

    cache = app.extensions["cablerdf.response_cache"]
    assert isinstance(cache, ResponseCache)
    client = app.test_client()
    for path, headers in (("/person/keith-mines.ttl", {}), ("/person/keith-mines", {"Accept": "text/html"}),
                          ("/person/keith-mines", {"Accept": "application/rdf+xml"})):
        cache.entries.clear()
        first = client.get(path, headers=headers)
        assert cache.entries.data, path  # kept
        again = client.get(path, headers=headers)
        assert again.status_code == first.status_code and again.data == first.data
        assert sorted(again.headers.items()) == sorted(first.headers.items())
    html, rdf = (client.get("/person/keith-mines", headers={"Accept": a}) for a in ("text/html", "application/rdf+xml"))
    assert html.headers["Location"].endswith(".html") and rdf.headers["Location"].endswith(".rdf")


def test_errors_and_redirects_to_other_names_are_not_kept(app: Flask) -> None:
    client = app.test_client()
    cache = app.extensions["cablerdf.response_cache"]
    cache.entries.clear()
    for path in ("/cable/09MEXICO9999.ttl", "/cable/09mexico2882.ttl", "/tag/PGOV.ttl?page=x"):
        client.get(path)
    assert not cache.entries.data


def test_cors_options_and_methods(client: FlaskClient) -> None:
    for path in ("/cable/09MEXICO2882", "/cable/09MEXICO2882.ttl", "/cable/09MEXICO2882.ttl"):
        assert client.get(path).headers["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in client.get(path).headers["Access-Control-Expose-Headers"]
    allowed = client.options("/cable/09MEXICO2882.ttl").headers["Allow"]
    assert "GET" in allowed and "HEAD" in allowed
    assert client.post("/cable/09MEXICO2882.ttl").status_code == 405


# ---- real clients against a real server ----------------------------------------------------------


def test_rdflib_follows_the_303_and_gets_the_cable(live_server: str) -> None:
    import rdflib

    graph = rdflib.Graph().parse(live_server + "cable/09MEXICO2882")
    cable = rdflib.URIRef(live_server + "cable/09MEXICO2882")
    assert (cable, rdflib.DCTERMS.identifier, rdflib.Literal("09MEXICO2882")) in graph
    assert len(list(graph.triples((None, None, None)))) > 500
    paragraph = rdflib.Graph().parse(live_server + "cable/09MEXICO2882/paragraph/5")
    assert (rdflib.URIRef(str(cable) + "/paragraph/5"), rdflib.DCTERMS.isPartOf, cable) in paragraph


def test_http_client_sees_303_with_vary(live_server: str) -> None:
    url = urllib.parse.urlsplit(live_server)
    connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=10)
    try:
        connection.request("GET", "/cable/09MEXICO2882", headers={"Accept": "application/ld+json"})
        response = connection.getresponse()
        response.read()
        assert response.status == 303
        assert response.getheader("Location") == live_server + "cable/09MEXICO2882.jsonld"
        assert response.getheader("Vary") == "Accept"
    finally:
        connection.close()
    request = urllib.request.Request(live_server + "cable/09MEXICO2882/paragraph/5", headers={"Accept": BROWSER})
    with urllib.request.urlopen(request, timeout=10) as followed:
        assert followed.status == 200 and followed.url == live_server + "cable/09MEXICO2882.html#p5"
        assert 'id="p5"' in followed.read().decode("utf-8")


def test_live_documents_revalidate(live_server: str) -> None:
    with urllib.request.urlopen(live_server + "tag/PGOV.ttl", timeout=10) as response:
        tag = response.headers["ETag"]
    request = urllib.request.Request(live_server + "tag/PGOV.ttl", headers={"If-None-Match": tag})
    try:
        urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        assert error.code == 304
    else:
        raise AssertionError("expected 304")


def test_paths_are_what_the_minter_mints(client: FlaskClient, sample_store: Path) -> None:
    """Every named node under the base in the cable's document dereferences (hash IRIs via their document)."""
    found = triples(client.get("/cable/09MEXICO2882.nt").data, "nt")
    nodes = {term[1:-1] for s, p, o in found for term in (s, o) if term.startswith(f"<{BASE}")}
    failures = []
    for node in sorted(nodes):
        path = "/" + node[len(BASE):].split("#", 1)[0]
        if path in ("/dataset",) or path.endswith((".ttl", ".nt", ".jsonld", ".rdf", ".html")):
            continue
        status = client.get(path).status_code
        if status not in (303,):
            failures.append((path, status))
    assert not failures
