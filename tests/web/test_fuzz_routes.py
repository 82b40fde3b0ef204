"""Every route of the app, fuzzed: path values (plausible ones from the sample store, and random text)
and query strings (the parameters the views read, random names; text with control characters, huge
and negative numbers, unicode, malformed percent-encoding). Never a 5xx, never a traceback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph
import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule

from cablerdf.web import catalog
from cablerdf.web.labels import PAGE_KINDS
from cablerdf.web.views import blueprints

BASE = "http://127.0.0.1:8080/"
CABLE = "09MEXICO2882"
PLACEHOLDER = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")
# the parameters the views read (grep request.args / request.values), and a few they might one day
READ = ("q", "in", "page", "sort", "format", "query", "update", "default-graph-uri", "named-graph-uri",
        "timeout", "offset", "limit", "kind", "using-graph-uri", "callback")
SPECIAL = ("", "0", "-1", "1", "2", "-0", "00", "1e309", "NaN", "inf", "-inf", "9" * 400, "0x10", "１２", "٣",
           "html", "ttl", "jsonld", "nt", "rdf", "json", "xml", "csv", "tsv", "text/html", "*/*", "application/json",
           "all", "subjects", "text", "count", "name", "\x00", "%00", "../../etc/passwd", "<script>x</script>",
           "ASK {}", "SELECT * { ?s ?p ?o } LIMIT 3", "CLEAR ALL", "\ue000x\ue001", "a" * 600)
ACCEPTS = (None, "text/html", "*/*", "application/json", "text/turtle", "application/ld+json", "garbage",
           "*/*;q=abc", "text/html;q=NaN", "text/*;q=1e999", ";;,,", "application/sparql-results+json;q=0")
NOT_A_TRACEBACK = (b"Traceback (most recent call last)", b'File "/')


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(max_size=max_size)  # any code point but surrogates: control characters included


VALUES = st.one_of(texts(60), st.integers(-10**40, 10**40).map(str), st.sampled_from(SPECIAL),
                   st.floats(allow_nan=True, allow_infinity=True).map(repr))
NAMES = st.one_of(st.sampled_from(READ), texts(12).filter(bool))
ENCODED = st.lists(st.tuples(NAMES, VALUES), max_size=5).map(urlencode)
RAW = st.text(alphabet="%&=;+#?/\\aZ09~.-_ fF\x7f", max_size=40)  # malformed escapes: %, %zz, %f, %ff%fe
QUERY_STRINGS = st.one_of(ENCODED, RAW, st.builds(lambda a, b: a + "&" + b, ENCODED, RAW))
HEADERS = st.one_of(st.sampled_from(ACCEPTS), st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126),
                                                      max_size=60))


# ---- plausible path values from the sample store --------------------------------------------------------


@pytest.fixture(scope="module")
def known(app: Flask, sample_store: Path) -> dict[str, list[dict[str, str]]]:
    """Rule -> assignments of its variables (URL-encoded) that name things in the sample store."""
    with app.test_request_context("/"):
        facets = {"origin": catalog.origins(), "tag": catalog.tags()[:5], "classification": catalog.classifications()}
    store = pyoxigraph.Store.read_only(str(sample_store / "oxigraph"))
    entities = sorted(entity_names(store))
    paragraphs = [str(n) for n in range(1, 12)]
    dumps = sorted(p.name for p in (sample_store / "dumps").iterdir())
    cable_names = [CABLE, f"{CABLE}.html", f"{CABLE}.ttl", f"{CABLE}.jsonld", f"{CABLE}.nt", f"{CABLE}.rdf",
                   "09mexico2882", "09MEXICO02882.ttl", f"{CABLE}.pdf", f"{CABLE}."]
    assignments: dict[str, list[dict[str, str]]] = {
        "/cable/<name>": [{"name": n} for n in cable_names],
        "/cable/<cable_name>/paragraph/<name>": [{"cable_name": c, "name": n + ext} for c in (CABLE, "09mexico2882")
                                                  for n in [*paragraphs, "0", "01"] for ext in ("", ".html", ".ttl")],
        "/graph/<name>": [{"name": CABLE}, {"name": "vocabulary"}, {"name": "metadata"}],
        "/dumps/<path:name>": [{"name": n} for n in dumps],
        "/static/<path:filename>": [{"filename": n} for n in ("cablerdf.css", "pages.css", "query.js",
                                                              "resources.css", "../templates/base.html")],
        "/ns.<ext>": [{"ext": e} for e in ("ttl", "jsonld", "nt", "rdf", "html", "xyz", "")],
        "/browse/year/<int(fixed_digits=4):year>": [{"year": "2009"}, {"year": "2010"}, {"year": "0000"}],
        "/browse/year/<int(fixed_digits=4):year>/<int(fixed_digits=2):month>": [
            {"year": "2009", "month": m} for m in ("10", "01", "00", "13", "99")],
    }
    facet_rule = next(r.rule for r in app.url_map.iter_rules() if r.rule.endswith(":facet>/<path:key>"))
    assignments[facet_rule] = [{"facet": f, "key": quote(b.key, safe="")} for f, bs in facets.items() for b in bs]
    entity_rule = next(r.rule for r in app.url_map.iter_rules() if r.rule.endswith(":kind>/<path:name>"))
    assignments[entity_rule] = [{"kind": k, "name": n + ext} for k, n in entities for ext in ("", ".html", ".ttl")]
    return assignments


def entity_names(store: pyoxigraph.Store) -> Iterator[tuple[str, str]]:
    """(kind, name as in the IRI) of up to three entities of each page kind in the store."""
    seen: dict[str, set[str]] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        for term in (quad.subject, quad.object):
            if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(BASE) and "#" not in term.value:
                kind, _, name = term.value[len(BASE):].partition("/")
                if kind in PAGE_KINDS and name and len(seen.setdefault(kind, set())) < 3:
                    seen[kind].add(name)
    return ((kind, name) for kind, names in seen.items() for name in names)


# ---- strategies -------------------------------------------------------------------------------------------


def random_value(converter: str | None, args: str | None) -> st.SearchStrategy[str]:
    """A value for one placeholder: anything the converter could receive, and some it could not."""
    if converter == "any":
        items = [item.strip().strip("'\"") for item in (args or "").split(",")]
        # never empty: a path starting "//" is read by the test client as a network-path reference
        return st.one_of(st.sampled_from(items), texts(12).map(lambda t: quote(t, safe="")).filter(bool))
    if converter == "int":
        return st.one_of(st.integers(-10**12, 10**12).map(str), st.integers(0, 9999).map(lambda n: f"{n:04d}"))
    safe = "/" if converter == "path" else ""
    hostile = st.sampled_from(("..", "%2e%2e", "..%2f..%2fetc%2fpasswd", "%00", "%zz", "%", "%ff%fe", "a%2fb",
                               "%5c..%5c", "." * 300, "x" * 5000, "%C0%AE%C0%AE"))
    return st.one_of(texts(60).map(lambda t: quote(t, safe=safe)), hostile)


def fill(rule: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values[m.group(3)], rule)


def path_for(rule: Rule, known: dict[str, list[dict[str, str]]], data: st.DataObject) -> str:
    samples = known.get(rule.rule, [])
    if not rule.arguments:
        return rule.rule
    if bool(samples) and data.draw(st.booleans(), label="known values"):
        return fill(rule.rule, data.draw(st.sampled_from(samples), label="known"))
    values = {m.group(3): data.draw(random_value(m.group(1), m.group(2)), label=m.group(3))
              for m in PLACEHOLDER.finditer(rule.rule)}
    return fill(rule.rule, values)


def check(response: Any, what: str, limits: bool = False) -> None:
    """Not a server error, no traceback; with ``limits``, a query stopped at a limit (503 with
    ``Retry-After``: the deadline the client set with ``timeout=``, say) is an answer too."""
    body = response.get_data()  # bytes: a dump is gzip
    stopped = limits and response.status_code == 503 and "Retry-After" in response.headers
    assert response.status_code < 500 or stopped, (what, response.status_code, body[:500])
    assert not any(marker in body for marker in NOT_A_TRACEBACK), (what, body[:2000])


# ---- the fuzz tests ---------------------------------------------------------------------------------------


def route_ids() -> list[str]:
    """The rules of the app's blueprints (as ``create_app`` registers them) and its static files, found at
    collection time without opening a store; ``/sparql`` has a test of its own."""
    bare = Flask("cablerdf.web")
    bare.config.update(STORE="", BASE=BASE)
    for blueprint in blueprints():
        bare.register_blueprint(blueprint)
    return sorted(r.rule for r in bare.url_map.iter_rules() if r.rule != "/sparql")


@pytest.mark.parametrize("rule_text", route_ids())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), query_string=QUERY_STRINGS, accept=HEADERS, head=st.booleans())
def test_every_route_survives_fuzzed_paths_and_query_strings(app: Flask, known: dict[str, list[dict[str, str]]],
                                                             rule_text: str, data: st.DataObject,
                                                             query_string: str, accept: str | None,
                                                             head: bool) -> None:
    rule = next(r for r in app.url_map.iter_rules() if r.rule == rule_text)
    path = path_for(rule, known, data)
    headers = {"Accept": accept} if accept is not None else {}
    client = app.test_client()
    send = client.head if head else client.get
    check(send(path, query_string=query_string, headers=headers), f"{path}?{query_string} Accept: {accept}")


SPARQL_QUERIES = st.one_of(
    st.sampled_from(("ASK {}", "SELECT * { ?s ?p ?o } LIMIT 3", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
                     "DESCRIBE <http://127.0.0.1:8080/cable/09MEXICO2882>", "SELECT (COUNT(*) AS ?n) { ?s a cg:Cable }",
                     "SELECT * { ?s ?p ?o FILTER(?o > 1e309) } LIMIT 1", "SELECT * {", "INSERT DATA { <a> <b> <c> }",
                     "SELECT ?x { BIND(1/0 AS ?x) }", "SELECT * FROM <x:y> { ?s ?p ?o }", "")),
    texts(80))
SPARQL_PARAMS = st.lists(st.tuples(st.one_of(st.sampled_from(READ), texts(10).filter(bool)), VALUES), max_size=4)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=SPARQL_QUERIES, params=SPARQL_PARAMS, accept=HEADERS, method=st.sampled_from(("GET", "POST", "HEAD")),
       raw=st.one_of(st.none(), RAW))
def test_the_sparql_endpoint_survives_fuzzed_parameters(app: Flask, query: str, params: list[tuple[str, str]],
                                                        accept: str | None, method: str, raw: str | None) -> None:
    fields = [("query", query), *params]
    headers = {"Accept": accept} if accept is not None else {}
    client = app.test_client()
    if method == "POST":
        response = client.post("/sparql", data=urlencode(fields), headers=headers, query_string=raw or "",
                               content_type="application/x-www-form-urlencoded")
    else:
        query_string = urlencode(fields) + ("&" + raw if raw else "")
        response = client.open("/sparql", method=method, query_string=query_string, headers=headers)
    check(response, f"{method} {fields} {raw!r} Accept: {accept}", limits=True)
