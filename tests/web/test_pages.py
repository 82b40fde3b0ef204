"""The pages: home, browse, search, query, dumps, VoID — routes, counts, paging, errors, escaping."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pyoxigraph
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablerdf.store.facets import id_order
from cablerdf.store.search import SearchError, fts_query
from cablerdf.web import create_app
from cablerdf.web.examples import Example, examples
from cablerdf.web.views import browse
from cablerdf.web.views import search as search_view
from cablerdf.web.views.search import highlighted

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
CABLE = "09MEXICO2882"
BASE = "http://127.0.0.1:8080/"
PAGES = ["/", "/browse", "/browse/year", "/browse/year/2009", "/browse/year/2009/10", "/browse/origin",
         "/browse/origin/MEXICO", "/browse/tag", "/browse/tag/PGOV", "/browse/classification",
         "/browse/classification/C", "/search", "/search?q=merida", "/query", "/dumps/", "/void"]
LINK = re.compile(r'(?:href|src|action)="([^"]*)"')


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url, headers=HTML)
    assert response.status_code == status, (url, response.status_code, response.data[:300])
    return response.get_data(as_text=True)


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_with_relative_links_and_validators(client: FlaskClient, url: str) -> None:
    response = client.get(url, headers=HTML)
    assert response.status_code == 200 and response.content_type == "text/html; charset=utf-8"
    links = LINK.findall(response.get_data(as_text=True))
    assert links and not [link for link in links if link.startswith(("/", "http:", "https:", "//"))]
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    again = client.get(url, headers={**HTML, "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert client.head(url, headers=HTML).status_code == 200


def test_home_says_what_the_dataset_is_with_counts_and_ways_in(client: FlaskClient) -> None:
    text = page(client, "/")
    assert "Cablegate" in text and re.search(r"<strong>1</strong> cables", text)
    assert re.search(r"<strong>[\d,]{5,}</strong> triples", text) and "2009-10-05 – 2009-10-05" in text
    for target in ("./browse", "./search", "./query", "./dumps/", "./.well-known/void", "./sparql"):
        assert f'href="{target}"' in text


def test_browse_overview_and_dates(client: FlaskClient) -> None:
    text = page(client, "/browse")
    assert 'href="./browse/year/2009"' in text and 'href="./browse/tag/PGOV"' in text
    assert "Embassy Mexico" in text and "CONFIDENTIAL" in text
    years = page(client, "/browse/year")
    assert 'href="../browse/year/2009/10"' in years and "Oct" in years
    assert 'href="../../browse/year/2009/10"' in page(client, "/browse/year/2009")
    month = page(client, "/browse/year/2009/10")
    assert f'href="../../../cable/{CABLE}.html"' in month and "ELEMENTS OF GOM POLICY TEAM" in month
    assert "2009-10-05 20:26" in month


@pytest.mark.parametrize(("url", "needle"), [
    ("/browse/origin", 'href="../browse/origin/MEXICO"'),
    ("/browse/origin/MEXICO", f'href="../../cable/{CABLE}.html"'),
    ("/browse/tag", 'href="../browse/tag/KCRM"'),
    ("/browse/tag/MX", "Mexico"),
    ("/browse/tag/PGOV", 'href="../../tag/PGOV"'),
    ("/browse/classification", "CONFIDENTIAL"),
    ("/browse/classification/C", f"{CABLE}</a>"),
])
def test_browse_facets(client: FlaskClient, url: str, needle: str) -> None:
    assert needle in page(client, url)


def test_browse_counts(client: FlaskClient) -> None:
    text = page(client, "/browse/tag")
    for code in ("KCRM", "PGOV", "SNAR", "MX"):
        assert re.search(rf">{code}</a></td><td>[^<]*</td>\s*<td class=\"n\">1</td>", text), code
    assert "Internal Governmental Affairs" in text


@pytest.mark.parametrize("url", ["/browse/year/1999", "/browse/year/2009/11", "/browse/year/2009/13",
                                 "/browse/tag/NOPE", "/browse/origin/NOWHERE", "/browse/classification/TS",
                                 "/browse/planet", "/browse/year/09", "/browse/tag/PGOV?page=2"])
def test_browse_unknown_values_are_404(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("query", ["page=0", "page=x", "page=-1", "page=1e3", "sort=size"])
def test_browse_bad_arguments_are_400(client: FlaskClient, query: str) -> None:
    response = client.get(f"/browse/tag?{query}", headers={"Accept": "application/json"})
    assert response.status_code == 400 and response.content_type == "application/problem+json"


def test_facet_members_are_in_cable_id_order() -> None:
    iris = [f"{BASE}cable/{name}" for name in ("10MEXICO1", "09MEXICO300", "75MEXICO10", "09MEXICO2882", "09BOGOTA7")]
    assert [iri.rsplit("/", 1)[-1] for iri in sorted(iris, key=id_order)] == [
        "75MEXICO10", "09BOGOTA7", "09MEXICO300", "09MEXICO2882", "10MEXICO1"]


def test_browse_paging_with_link_headers(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browse, "VALUES_PER_PAGE", 3)
    first = client.get("/browse/tag?sort=name", headers=HTML)
    assert '<tag?sort=name&page=2>; rel="next"' in first.headers["Link"] and 'rel="prev"' not in first.headers["Link"]
    text = first.get_data(as_text=True)
    assert ">KCRM</a>" in text and ">SNAR</a>" not in text and 'rel="next" href="tag?sort=name&amp;page=2"' in text
    second = client.get("/browse/tag?sort=name&page=2", headers=HTML)
    assert 'rel="prev"' in second.headers["Link"] and 'rel="next"' not in second.headers["Link"]
    assert ">SNAR</a>" in second.get_data(as_text=True) and ">KCRM</a>" not in second.get_data(as_text=True)
    assert client.get("/browse/tag?page=3").status_code == 404


def test_search_links_to_the_paragraph_and_highlights(client: FlaskClient) -> None:
    text = page(client, "/search?q=Merida")
    assert f'href="./cable/{CABLE}.html#p5"' in text and "<mark>MERIDA</mark>" in text
    assert "1 passages match" in text or "passages match" in text
    assert re.search(r"Merida Initiative|<mark>Merida</mark>", text)


def test_search_phrases_prefixes_exclusions_and_scopes(client: FlaskClient) -> None:
    assert f"{CABLE} ¶5" in page(client, "/search?q=%22strategic+thought%22")
    assert f"{CABLE} ¶5" in page(client, "/search?q=merid*")
    assert "No passage matches" in page(client, "/search?q=merida+-equipment")
    subjects = page(client, "/search?q=security&in=subjects")
    assert f'href="./cable/{CABLE}.html"' in subjects and "(subject)" in subjects
    assert "#p" not in re.sub(r'href="\./cable/[^"]*"', "", subjects).split("<ol", 1)[-1].split("</ol>")[0]
    assert "No passage matches" in page(client, "/search?q=zzzzqqq")


@pytest.mark.parametrize("q", ["((", "-merida", '""', "*", "-", "a" * 600, " ".join(["w"] * 40)])
def test_search_syntax_errors_are_400_with_a_message(client: FlaskClient, q: str) -> None:
    response = client.get("/search", query_string={"q": q}, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert json.loads(response.data)["detail"]


def test_search_bad_scope_and_page(client: FlaskClient) -> None:
    assert client.get("/search?q=merida&in=everything").status_code == 400
    assert client.get("/search?q=merida&page=0").status_code == 400
    assert client.get("/search?q=merida&page=9").status_code == 404


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('abc "*-():^+{}NEAROTD\\\'.,;\u00e9\u0000')), max_size=40))
def test_search_never_fails_on_user_text(client: FlaskClient, q: str) -> None:
    response = client.get("/search", query_string={"q": q})
    assert response.status_code in (200, 400), (q, response.data[:300])


def test_search_query_quotes_every_term() -> None:
    assert fts_query('merida "strategic thought" -equipment') == '"merida" AND "strategic thought" NOT "equipment"'
    assert fts_query("a OR b c") == '("a" OR "b") AND "c"'
    assert fts_query("merid* NEAR(x") == '"merid"* AND "NEAR(x"'
    assert fts_query('say "hi') == '"say" AND "hi"'
    assert fts_query('col:x "a""b"') == '"col:x" AND "a" AND "b"'
    with pytest.raises(SearchError):
        fts_query("-only -exclusions")


def test_search_escapes_data_and_echo(client: FlaskClient) -> None:
    assert str(highlighted('a <b> & "c" \ue000x\ue001')) == "a &lt;b&gt; &amp; &#x27;c&#x27; <mark>x</mark>".replace(
        "&#x27;c&#x27;", "&quot;c&quot;")
    text = page(client, "/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)" in text


def test_search_paging(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_view, "PER_PAGE", 2)
    first = client.get("/search?q=the", headers=HTML)
    assert 'rel="next"' in first.headers["Link"] and "search?q=the&page=2" in first.headers["Link"]
    assert first.get_data(as_text=True).count('class="hit"') == 2
    second = client.get("/search?q=the&page=2", headers=HTML)
    assert 'rel="prev"' in second.headers["Link"] and '<ol class="hits" start="3">' in second.get_data(as_text=True)


def test_search_without_an_index_is_503(sample_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    (copy / "search.sqlite").unlink()
    app = create_app({"STORE": str(copy), "BASE": BASE, "TESTING": True})
    response = app.test_client().get("/search?q=merida")
    assert response.status_code == 503 and b"cablerdf ingest" in response.data
    assert app.test_client().get("/search").status_code == 200


def test_query_page_editor_examples_and_share_link(client: FlaskClient) -> None:
    text = page(client, "/query")
    assert "PREFIX cg: &lt;https://w3id.org/cablerdf/ns#&gt;" in text and f"PREFIX tag: &lt;{BASE}tag/&gt;" in text
    assert 'data-endpoint="./sparql"' in text and 'src="./static/query.js"' in text
    for example in examples():
        assert f'id="example-{example.name}"' in text and example.title in text
    titles = " ".join(e.title for e in examples())
    for needle in ("TAGS", "wrote to whom", "cited", "SECRET"):
        assert needle in titles
    shared = page(client, "/query?query=" + quote("SELECT * { ?s ?p ?o } LIMIT 1 # </textarea><script>x</script>"))
    assert "<script>x</script>" not in shared and 'data-autorun="true"' in shared
    assert 'href="query?query=SELECT%20%2A' in shared
    script = client.get("/static/query.js")
    assert script.status_code == 200 and "javascript" in script.content_type and b"textContent" in script.data


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.name)
def test_example_queries_run_and_return_rows(app: Flask, client: FlaskClient, example: Example) -> None:
    if "sparql" not in app.blueprints:
        pytest.fail("the SPARQL endpoint (web/views/sparql.py) is not there")
    response = client.get("/sparql", query_string={"query": example.query(BASE)},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.data[:500]
    assert json.loads(response.data)["results"]["bindings"]


def test_dumps_listing_has_sizes_and_checksums(client: FlaskClient, sample_store: Path) -> None:
    text = page(client, "/dumps/")
    lines = (sample_store / "dumps" / "SHA256SUMS").read_text().splitlines()
    sums = {name: digest for digest, name in (line.split("  ") for line in lines)}
    for name in ("cablerdf.nq.gz", "cablerdf-cables.ttl.gz", "cablerdf-vocabulary.ttl", "void.ttl", "SHA256SUMS"):
        size = (sample_store / "dumps" / name).stat().st_size
        assert f'href="../dumps/{name}"' in text and f"{size:,}" in text
        if name in sums:
            assert sums[name] in text
    assert client.get("/dumps").status_code in (301, 308)


@pytest.mark.parametrize(("name", "media_type", "attachment"), [
    ("cablerdf.nq.gz", "application/gzip", True), ("cablerdf-cables.ttl.gz", "application/gzip", True),
    ("cablerdf-vocabulary.ttl", "text/turtle; charset=utf-8", False), ("void.ttl", "text/turtle; charset=utf-8", False),
    ("SHA256SUMS", "text/plain; charset=utf-8", False),
])
def test_dump_files_are_served_with_types_ranges_and_etags(client: FlaskClient, sample_store: Path, name: str,
                                                           media_type: str, attachment: bool) -> None:
    data = (sample_store / "dumps" / name).read_bytes()
    response = client.get(f"/dumps/{name}")
    assert response.status_code == 200 and response.data == data and response.content_type == media_type
    assert "Content-Encoding" not in response.headers and response.headers["Accept-Ranges"] == "bytes"
    assert ("attachment" in response.headers.get("Content-Disposition", "")) == attachment
    etag = response.headers["ETag"]
    part = client.get(f"/dumps/{name}", headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.data == data[10:20]
    assert part.headers["Content-Range"] == f"bytes 10-19/{len(data)}"
    assert client.get(f"/dumps/{name}", headers={"If-None-Match": etag}).status_code == 304
    resumed = client.get(f"/dumps/{name}", headers={"Range": "bytes=5-", "If-Range": etag})
    assert resumed.status_code == 206 and resumed.data == data[5:]
    stale = client.get(f"/dumps/{name}", headers={"Range": "bytes=5-", "If-Range": '"other"'})
    assert stale.status_code == 200 and stale.data == data
    head = client.head(f"/dumps/{name}")
    assert head.status_code == 200 and head.headers["Content-Length"] == str(len(data))
    assert client.get(f"/dumps/{name}", headers={"Range": f"bytes={len(data) + 10}-"}).status_code == 416


@pytest.mark.parametrize("url", [
    "/dumps/../oxigraph/CURRENT", "/dumps/%2e%2e/oxigraph/CURRENT", "/dumps/%2E%2E%2Fsearch.sqlite",
    "/dumps/..%2f..%2fpyproject.toml", "/dumps//etc/passwd", "/dumps/%2Fetc%2Fpasswd", "/dumps/..",
    "/dumps/.cablerdf.nq.gz.tmp", "/dumps/void.ttl/..", "/dumps/nothing.nq.gz", "/dumps/C:%5Cwindows",
])
def test_dumps_refuse_paths_outside_the_listing(client: FlaskClient, url: str) -> None:
    response = client.get(url, follow_redirects=True)  # "//" is merged into "/" by a redirect first
    assert response.status_code == 404, (url, response.status_code)
    assert all(r.headers["Location"].startswith("http://localhost/dumps/") for r in response.history)


RDF = {"text/turtle": pyoxigraph.RdfFormat.TURTLE, "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
       "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML, "application/ld+json": pyoxigraph.RdfFormat.JSON_LD}


def parsed(response_data: bytes, media_type: str) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object))
            for q in pyoxigraph.parse(response_data, format=RDF[media_type], base_iri=BASE)}


@pytest.mark.parametrize("media_type", list(RDF))
def test_void_in_every_rdf_format(client: FlaskClient, media_type: str) -> None:
    response = client.get("/.well-known/void", headers={"Accept": media_type})
    assert response.status_code == 200 and response.content_type.startswith(media_type)
    assert response.headers["Vary"] == "Accept" and response.headers["ETag"]
    triples = parsed(response.data, media_type)
    dataset, void, dcat = f"<{BASE}dataset>", "<http://rdfs.org/ns/void#", "<http://www.w3.org/ns/dcat#"
    assert (dataset, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", void + "Dataset>") in triples
    assert (dataset, void + "sparqlEndpoint>", f"<{BASE}sparql>") in triples
    for name in ("cablerdf.nq.gz", "cablerdf-cables.ttl.gz", "cablerdf-vocabulary.ttl"):
        assert (dataset, void + "dataDump>", f"<{BASE}dumps/{name}>") in triples
        assert any(s == f"<{BASE}dumps/{name}>" and p == dcat + "byteSize>" for s, p, _ in triples)
    assert any(p == dcat + "endpointURL>" for _, p, _ in triples)
    assert any(p == void + "triples>" and s == dataset for s, p, _ in triples)


def test_void_negotiation_extensions_and_html(client: FlaskClient) -> None:
    default = client.get("/.well-known/void")
    assert default.content_type == "text/turtle; charset=utf-8"
    assert "Content-Location" in default.headers and 'rel="alternate"' in default.headers["Link"]
    assert client.get("/void", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/void?format=nt").content_type == "application/n-triples"
    assert client.get("/void.rdf").content_type == "application/rdf+xml"
    assert client.get("/void.jsonld").content_type == "application/ld+json"
    html = page(client, "/.well-known/void")
    assert "VoID" in html and "cablerdf.nq.gz" in html and 'rel="alternate" type="text/turtle"' in html
    etag = default.headers["ETag"]
    assert client.get("/.well-known/void", headers={"If-None-Match": etag}).status_code == 304


def test_static_assets_ship_in_the_package(client: FlaskClient) -> None:
    for name in ("cablerdf.css", "pages.css", "query.js"):
        assert client.get(f"/static/{name}").status_code == 200
    for url in PAGES:
        text = page(client, url)
        assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', text), url
