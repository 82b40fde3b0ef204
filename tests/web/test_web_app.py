"""The app skeleton: health, the error shape (problem+json, HTML, text), CORS, a real server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from flask.testing import FlaskClient

from cablerdf.web.negotiation import negotiate


def test_healthz(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok\n"


def test_errors_in_the_shape_the_client_wants(client: FlaskClient) -> None:
    as_json = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert as_json.status_code == 404
    assert as_json.content_type == "application/problem+json"
    assert json.loads(as_json.data)["status"] == 404
    as_html = client.get("/no/such/page", headers={"Accept": "text/html,*/*;q=0.8"})
    assert as_html.content_type == "text/html; charset=utf-8" and b"<h1>404 Not Found</h1>" in as_html.data
    plain = client.get("/no/such/page")
    assert plain.content_type == "text/plain; charset=utf-8" and plain.data.startswith(b"404 Not Found")
    assert plain.headers["Access-Control-Allow-Origin"] == "*"


def test_error_pages_escape_what_the_client_sent(client: FlaskClient) -> None:
    response = client.get("/<script>alert(1)</script>", headers={"Accept": "text/html"})
    assert b"<script>" not in response.data


def test_negotiation_q_values_and_specificity() -> None:
    offered = ("ttl", "jsonld", "nt", "rdf", "html")
    assert negotiate(offered, None) == "ttl"
    assert negotiate(offered, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8") == "html"
    assert negotiate(offered, "application/ld+json;q=0.5, text/turtle;q=0.4") == "jsonld"
    assert negotiate(offered, "text/*;q=0.5, text/turtle;q=0") == "html"  # the specific q=0 wins for turtle
    assert negotiate(offered, "application/json") == "jsonld"
    assert negotiate(offered, "image/png") is None
    assert negotiate(offered, "garbage, ;;, /") == "ttl"  # junk ranges ignored; nothing left is */*


def test_real_server_on_loopback(live_server: str) -> None:
    with urllib.request.urlopen(live_server + "healthz", timeout=10) as response:
        assert response.status == 200
    try:
        urllib.request.urlopen(live_server + "no-such-thing", timeout=10)
    except urllib.error.HTTPError as error:
        assert error.code == 404
    else:
        raise AssertionError("expected 404")
