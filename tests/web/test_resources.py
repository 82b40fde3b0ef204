"""Dereferenceable URIs and their documents: 303/301/404/406, formats, headers, caching, pages, escaping."""

from __future__ import annotations

import gzip
import http.client
import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from flask import Flask
from flask.testing import FlaskClient
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat

BASE = "http://127.0.0.1:8080/"
CABLE = BASE + "cable/09MEXICO2882"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
MEDIA = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
         "rdf": "application/rdf+xml", "html": "text/html"}
PARSE = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "rdf": RdfFormat.RDF_XML, "jsonld": RdfFormat.JSON_LD}
DCT, FOAF, HYDRA = "http://purl.org/dc/terms/", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/hydra/core#"
CG, SKOS = "https://w3id.org/cablerdf/ns#", "http://www.w3.org/2004/02/skos/core#"


def triples(data: bytes, fmt: str, base: str = BASE) -> set[tuple[str, str, str]]:
    return {(str(t.subject), str(t.predicate), str(t.object))
            for t in pyoxigraph.parse(data, format=PARSE[fmt], base_iri=base)}


def iri(value: str) -> str:
    return f"<{value}>"


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
    from cablerdf.web.fastpath import FastPath

    cache = app.extensions["cablerdf.fastpath"]
    assert isinstance(cache, FastPath)
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
    cache = app.extensions["cablerdf.fastpath"]
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


# ---- paragraphs --------------------------------------------------------------------------------


def test_paragraph_sends_browsers_to_the_cable_page_and_machines_to_its_documents(client: FlaskClient) -> None:
    browser = client.get("/cable/09MEXICO2882/paragraph/5", headers={"Accept": BROWSER})
    assert browser.status_code == 303 and browser.headers["Location"] == f"{CABLE}.html#p5"
    machine = client.get("/cable/09MEXICO2882/paragraph/5", headers={"Accept": "text/turtle"})
    assert machine.status_code == 303 and machine.headers["Location"] == f"{CABLE}/paragraph/5.ttl"
    assert machine.headers["Vary"] == "Accept"


def test_paragraph_document_has_citation_metadata(client: FlaskClient) -> None:
    found = triples(client.get("/cable/09MEXICO2882/paragraph/5.nt").data, "nt")
    paragraph = iri(CABLE + "/paragraph/5")
    numbers = [o for s, p, o in found if s == paragraph and p == iri(CG + "paragraphNumber")]
    assert len(numbers) == 1 and numbers[0].startswith('"5"^^')
    assert (paragraph, iri(DCT + "isPartOf"), iri(CABLE)) in found
    for predicate, value in ((DCT + "identifier", '"09MEXICO2882"'), (CG + "originText", '"Embassy Mexico"'),
                             (DCT + "created", '"2009-10-05T20:26:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>'),
                             (CG + "classification", iri(BASE + "classification/C"))):
        assert (iri(CABLE), iri(predicate), value) in found
    citation = next(o for s, p, o in found if s == paragraph and p == iri(DCT + "bibliographicCitation"))
    assert "09MEXICO2882" in citation and "¶5" in citation and "CONFIDENTIAL" in citation
    assert CABLE + "/paragraph/5" in citation
    page = client.get("/cable/09MEXICO2882/paragraph/5.html").get_data(as_text=True)
    assert "Cite as" in page and "STRATEGIC MISCALCULATIONS IN MERIDA" in page and "09MEXICO2882.html#p5" in page


# ---- other entities and the ontology ----------------------------------------------------------


@pytest.mark.parametrize(("path", "text"), [
    ("/tag/PGOV", "Internal Governmental Affairs"), ("/post/secstate-washdc", "SECSTATE WASHDC"),
    ("/person/keith-mines", "Keith Mines"), ("/classification/C", "CONFIDENTIAL"), ("/scheme/tags", "TAGS"),
    ("/precedence/O", "IMMEDIATE"), ("/office/LOG", "LOG"), ("/classification-reason/1.5b", "1.5(b)")])
def test_entities_dereference_like_cables(client: FlaskClient, path: str, text: str) -> None:
    assert client.get(path, headers={"Accept": BROWSER}).headers["Location"] == f"{BASE}{path[1:]}.html"
    assert client.get(path).headers["Location"] == f"{BASE}{path[1:]}.ttl"
    page = client.get(path + ".html")
    assert page.status_code == 200 and text in page.get_data(as_text=True)
    for fmt in ("ttl", "jsonld", "nt", "rdf"):
        found = triples(client.get(f"{path}.{fmt}").data, fmt)
        assert (iri(f"{BASE}{path[1:]}.{fmt}"), iri(FOAF + "primaryTopic"), iri(BASE + path[1:])) in found


def test_entity_pages_link_back_to_the_cables(client: FlaskClient) -> None:
    page = client.get("/post/secstate-washdc.html").get_data(as_text=True)
    assert 'href="../cable/09MEXICO2882.html"' in page and "action addressee of" in page
    found = triples(client.get("/tag/PGOV.ttl").data, "ttl")
    assert (iri(CABLE), iri(DCT + "subject"), iri(BASE + "tag/PGOV")) in found


def test_big_link_sets_are_paged_in_rdf_and_html(client: FlaskClient) -> None:
    first = client.get("/scheme/tags.ttl")
    found = triples(first.data, "ttl")
    top = [o for s, p, o in found if s == iri(BASE + "scheme/tags") and p == iri(SKOS + "hasTopConcept")]
    assert len(top) == 100
    assert (iri(BASE + "scheme/tags.ttl"), iri(HYDRA + "next"), iri(BASE + "scheme/tags.ttl?page=2")) in found
    totals = {o for s, p, o in found if p == iri(HYDRA + "totalItems")}
    assert '"1086"^^<http://www.w3.org/2001/XMLSchema#integer>' in totals
    assert f'<{BASE}scheme/tags.ttl?page=2>; rel="next"' in first.headers["Link"]
    last = client.get("/scheme/tags.ttl?page=11")
    assert last.status_code == 200 and 'rel="prev"' in last.headers["Link"] and 'rel="next"' not in last.headers["Link"]
    assert client.get("/scheme/tags.ttl?page=12").status_code == 404
    assert client.get("/scheme/tags.ttl?page=0").status_code == 400
    assert client.get("/scheme/tags.ttl?page=two").status_code == 400
    html = client.get("/scheme/tags.html?page=2").get_data(as_text=True)
    assert "1,086 in all" in html and 'href="../scheme/tags.html?page=3"' in html


def test_graph_uri_leads_to_the_cable_documents(client: FlaskClient) -> None:
    assert client.get("/graph/09MEXICO2882").headers["Location"] == f"{CABLE}.ttl"


def test_ontology_namespace_is_served_as_html_and_turtle(client: FlaskClient) -> None:
    turtle = client.get("/ns", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"
    assert turtle.headers["Content-Location"] == BASE + "ns.ttl" and turtle.headers["Vary"] == "Accept"
    found = triples(turtle.data, "ttl")
    assert (iri(CG + "Cable"), "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
            "<http://www.w3.org/2002/07/owl#Class>") in found
    html = client.get("/ns", headers={"Accept": BROWSER})
    assert html.mimetype == "text/html" and 'id="Cable"' in html.get_data(as_text=True)
    assert client.get("/ns.ttl").data == turtle.data


# ---- the cable page ------------------------------------------------------------------------------


def test_cable_page_shows_the_fields(client: FlaskClient) -> None:
    page = client.get("/cable/09MEXICO2882.html").get_data(as_text=True)
    assert "ELEMENTS OF GOM POLICY TEAM INTERESTED IN FOCUSING TOGETHER" in page
    for code, label in (("PGOV", "Internal Governmental Affairs"), ("KCRM", "Criminal Activity"), ("MX", "Mexico")):
        assert f'<a href="../tag/{code}.html">{code}</a> <span class="note">{label}</span>' in page
    assert '<a href="../post/secstate-washdc.html">SECSTATE WASHDC</a>' in page
    assert '<a href="../post/white-house-washington-dc.html">WHITE HOUSE WASHINGTON DC</a>' in page
    for position in range(1, 13):
        assert f'id="p{position}"' in page and f'href="#p{position}"' in page
    assert 'title="printed as 15.">15.</span>' in page  # the printed label beside ¶5
    assert 'class="marking" href="../classification/C.html" title="CONFIDENTIAL">(C)</a>' in page
    assert '<h3 class="heading" id="h5">STRATEGIC MISCALCULATIONS IN MERIDA</h3>' in page
    assert 'class="para summary"' in page and 'class="para comment"' in page
    assert 'id="defects"' in page and "paragraph-sign-as-digit" in page
    for fmt in ("ttl", "jsonld", "nt", "rdf"):
        assert f'<link rel="alternate" type="{MEDIA[fmt]}" href="../cable/09MEXICO2882.{fmt}">' in page
        assert f'href="../cable/09MEXICO2882.{fmt}"' in page
    script = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(script)
    assert data["@type"] == "Message" and data["identifier"] == "09MEXICO2882" and data["@id"] == CABLE


def test_links_in_pages_are_relative(client: FlaskClient) -> None:
    page = client.get("/cable/09MEXICO2882.html").get_data(as_text=True)
    hrefs = [part.split('"', 1)[0] for part in page.split('href="')[1:]]
    ours = [h for h in hrefs if h.startswith(BASE)]
    assert ours == [CABLE]  # only <link rel=canonical> names the absolute URI


# ---- a store with hostile text, a citing cable and a big tag ------------------------------------


EVIL_BODY = ("C O N F I D E N T I A L MEXICO 002999\n\nE.O. 12958: DECL: 10/04/2019\nTAGS: PGOV MX\n"
             "SUBJECT: <script>alert(1)</script> & FRIENDS\n\nREF: A. 09 MEXICO 2882 B. STATE 12345\n\n"
             "1. (C) Summary: Text with <script>alert(1)</script> & an ampersand. End summary.\n\n"
             "2. (U) More <b>bold</b> & text.\n")


@pytest.fixture(scope="module")
def evil_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from cablerdf.commands.parse import sample_path
    from cablerdf.ingest import ingest
    from cablerdf.store import CableStore
    from cablerdf.web import create_app

    folder = tmp_path_factory.mktemp("evil-store")
    csv = folder / "evil.csv.gz"
    with gzip.open(csv, "wt", encoding="utf-8") as f:
        f.write(f'"1","10/5/2009 20:26","09MEXICO2999","Embassy Mexico","CONFIDENTIAL","","","{EVIL_BODY}"\n')
    store = CableStore(folder / "store", base=BASE)
    ingest([sample_path(), csv], store, jobs=1, quiet=True)
    add_tagged_cables(store, 250)
    store.flush()
    del store
    yield create_app({"STORE": str(folder / "store"), "BASE": BASE, "TESTING": True})


def add_tagged_cables(store: Any, count: int) -> None:
    """``count`` bare cables tagged SENV (not in the sample): a link set bigger than one page."""
    subject, kind = NamedNode(DCT + "subject"), NamedNode(CG + "Cable")
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    quads = []
    for number in range(count):
        cable_id = f"08BIGTAG{number:04d}"
        graph, node = NamedNode(BASE + f"graph/{cable_id}"), NamedNode(BASE + f"cable/{cable_id}")
        quads += [Quad(node, rdf_type, kind, graph), Quad(node, subject, NamedNode(BASE + "tag/SENV"), graph),
                  Quad(node, NamedNode(DCT + "identifier"), Literal(cable_id), graph)]
    store.store.extend(quads)


def test_raw_cable_text_is_always_escaped(evil_app: Flask) -> None:
    client = evil_app.test_client()
    page = client.get("/cable/09MEXICO2999.html").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; FRIENDS" in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; text." in page
    head = page.split("</head>")[0]
    assert head.count("</script>") == 1  # the JSON-LD cannot close its script element early
    assert "\\u003cscript\\u003e" in head
    for fmt in ("ttl", "nt", "rdf", "jsonld"):
        found = triples(client.get(f"/cable/09MEXICO2999.{fmt}").data, fmt)
        assert (iri(BASE + "cable/09MEXICO2999"), iri(DCT + "title"), '"<script>alert(1)</script> & FRIENDS"') in found
    paragraph = client.get("/cable/09MEXICO2999/paragraph/1.html").get_data(as_text=True)
    assert "<script>alert" not in paragraph and "&lt;script&gt;" in paragraph


def test_references_link_the_cited_cable_and_it_lists_its_citers(evil_app: Flask) -> None:
    client = evil_app.test_client()
    citing = client.get("/cable/09MEXICO2999.html").get_data(as_text=True)
    assert '<a href="../cable/09MEXICO2882.html">09MEXICO2882</a>' in citing
    assert "09STATE12345</span> <span class=\"note\">not in this dataset" in citing
    cited = client.get("/cable/09MEXICO2882.html").get_data(as_text=True)
    assert 'id="cited-by"' in cited and '<a href="../cable/09MEXICO2999.html">09MEXICO2999</a>' in cited
    found = triples(client.get("/cable/09MEXICO2882.ttl").data, "ttl")
    assert (iri(BASE + "cable/09MEXICO2999"), "<http://purl.org/spar/cito/cites>", iri(CABLE)) in found


def test_inbound_links_of_a_big_entity_are_capped_and_paged(evil_app: Flask) -> None:
    client = evil_app.test_client()
    tag = BASE + "tag/SENV"
    counts = []
    for page in (1, 2, 3):
        response = client.get(f"/tag/SENV.nt?page={page}")
        found = triples(response.data, "nt")
        counts.append(sum(1 for s, p, o in found if p == iri(DCT + "subject") and o == iri(tag)))
        assert '"250"^^<http://www.w3.org/2001/XMLSchema#integer>' in {o for s, p, o in found
                                                                         if p == iri(HYDRA + "totalItems")}
    assert counts == [100, 100, 50]
    assert client.get("/tag/SENV.nt?page=4").status_code == 404
    html = client.get("/tag/SENV.html").get_data(as_text=True)
    assert "250 in all; 100 on this page" in html and 'rel="next" href="../tag/SENV.html?page=2"' in html


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
