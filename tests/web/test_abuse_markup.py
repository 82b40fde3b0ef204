"""Abuse by markup: markup in the data and in requests is always escaped (pages, search snippets, SPARQL
results tables, the query page), and no page links a ``javascript:`` IRI. Real stores, no mocks."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pyoxigraph
import pytest
from abuse_http import BASE, CABLE, HTML, sane
from flask import Flask
from flask.testing import FlaskClient

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
    from cablerdf.store import CableStore
    from cablerdf.store.embedded import Embedded
    from cablerdf.store.read import Reader
    from cablerdf.web.labels import Labeller

    labeller = Labeller(Reader(CableStore("unused", base=BASE, backend=Embedded())))
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
