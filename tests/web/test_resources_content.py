"""What the resources say: paragraphs and their citation, other entities and the ontology, the cable page;
a store with hostile text, a citing cable and a big tag (escaping, citations, paged inbound links)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pyoxigraph import Literal, NamedNode, Quad
from rdf_documents import BASE, BROWSER, CABLE, CG, DCT, FOAF, HYDRA, MEDIA, SKOS, iri, triples

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
    ingest([sample_path(), str(csv)], store, jobs=1, quiet=True)
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
