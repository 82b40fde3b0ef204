"""Abuse of the URLs: no way out of /dumps/; malformed percent-encoding, overlong URIs and Accept headers
are never a 5xx or a traceback, by the Flask test client and by a real server. Real stores, no mocks."""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest
from abuse_http import BASE, CABLE, HTML, PROBLEM, address, sane
from flask import Flask
from flask.testing import FlaskClient

# ---- /dumps/: no way out ----------------------------------------------------------------------------------


SECRET = "TOP-SECRET-NOT-A-DUMP"
TRAVERSALS = ["../secret.txt", "..%2fsecret.txt", "%2e%2e%2fsecret.txt", "%2e%2e/secret.txt", ".%2e/secret.txt",
              "..%5csecret.txt", "..\\secret.txt", "%252e%252e%252fsecret.txt", "....//secret.txt", "..;/secret.txt",
              "%c0%ae%c0%ae/secret.txt", "..%c0%afsecret.txt", "../../../../../../../etc/passwd",
              "..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "/etc/passwd", "%2fetc%2fpasswd", "//etc/passwd",
              "{absolute}", "%00", "ok.ttl%00", "ok.ttl%00.txt", "..%00/secret.txt", "ok.ttl/", "./ok.ttl", "ok.ttl/.",
              "sub/nested.ttl", "sub%2fnested.ttl", "sub", ".hidden", "link.ttl", "C:\\Windows\\win.ini",
              "\\\\server\\share\\x", "file:///etc/passwd", "%", "%zz", ".", "..", "...", "~", "%7e"]


@pytest.fixture(scope="module")
def dumps_app(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Flask, Path]:
    """An app whose dump directory holds one dump, beside a secret, a hidden file, a subdirectory and a
    symbolic link to the secret."""
    from cablerdf.web import create_app

    root = tmp_path_factory.mktemp("traversal")
    dumps = root / "dumps"
    (dumps / "sub").mkdir(parents=True)
    (dumps / "ok.ttl").write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    for secret in (root / "secret.txt", dumps / ".hidden", dumps / "sub" / "nested.ttl"):
        secret.write_text(SECRET)
    (dumps / "link.ttl").symlink_to(root / "secret.txt")
    app = create_app({"STORE": str(sample_store), "BASE": BASE, "DUMPS": str(dumps), "TESTING": True, "RATE_LIMIT": 0})
    return app, root / "secret.txt"


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_dumps_serve_nothing_outside_the_dump_files(dumps_app: tuple[Flask, Path], method: str) -> None:
    app, secret = dumps_app
    client = app.test_client()
    assert client.get("/dumps/ok.ttl").status_code == 200
    listing = client.get("/dumps/", headers=HTML).get_data(as_text=True)
    assert "ok.ttl" in listing and "link.ttl" not in listing and ".hidden" not in listing and "nested" not in listing
    for name in TRAVERSALS:
        path = "/dumps/" + name.replace("{absolute}", str(secret))
        response = client.open(path, method=method, headers={"Range": "bytes=0-"})
        body = sane(response, path)
        assert 400 <= response.status_code < 500, (path, response.status_code)
        assert SECRET.encode() not in body and b"root:" not in body, path


LIVE_TRAVERSALS = ["/dumps/../../../../../../etc/passwd", "/dumps/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
                   "/dumps/%2e%2e/search.sqlite", "/dumps/..%2fsearch.sqlite", "/dumps/../oxigraph/CURRENT",
                   "/dumps/%2e%2e%2foxigraph%2fCURRENT", "/dumps//etc/passwd", "/dumps/%2fetc%2fpasswd",
                   "/dumps/..%5c..%5c..%5cetc%5cpasswd", "/dumps/..\\search.sqlite", "/dumps/%00", "/dumps/void.ttl%00",
                   "/dumps/..%00/etc/passwd", "/dumps/%c0%ae%c0%ae/search.sqlite", "/dumps/%252e%252e/search.sqlite",
                   "/dumps/void.ttl/..%2f..%2fsearch.sqlite", "/dumps/.", "/dumps/..",
                   "/static/../dumps/../search.sqlite", "/static/%2e%2e/%2e%2e/search.sqlite",
                   "/static/..%2f..%2f..%2f..%2fetc%2fpasswd"]


def test_a_real_server_serves_nothing_outside_the_dump_files(live_server: str) -> None:
    for path in LIVE_TRAVERSALS:
        conn = http.client.HTTPConnection(*address(live_server), timeout=30)
        conn.request("GET", path)  # sent as written: no client-side normalisation of ".." or "%2f"
        response = conn.getresponse()
        body = sane(response, path)
        assert 400 <= response.status < 500, (path, response.status)
        assert not any(leak in body for leak in (b"root:", b"SQLite format", b"MANIFEST")), path
        conn.close()


# ---- malformed requests: percent-encoding, overlong URIs, Accept headers ----------------------------------


MAIN_ROUTES = ["/", "/browse", "/browse/year", "/browse/year/2009", "/browse/year/2009/10", "/browse/tag",
               "/browse/tag/PGOV", "/search", "/search?q=merida", "/query", "/dumps/", "/dumps/void.ttl", "/void",
               "/.well-known/void", "/void.ttl", "/ns", "/ns.ttl", f"/cable/{CABLE}", f"/cable/{CABLE}.html",
               f"/cable/{CABLE}/paragraph/1", "/tag/PGOV", "/tag/PGOV.html", "/graph/" + CABLE, "/sparql",
               "/sparql?query=ASK%7B%7D", "/healthz"]
BAD_ACCEPTS = ["garbage", "*/*;q=abc", "text/html;q=NaN", "text/html;q=nan, */*;q=NaN", "text/html;q=1e999",
               "text/html;q=-1", "*/*;q=inf", ";;;,,,", "/", "*/", "text/", "\x00", "ÿ/ÿ", "text/html;" + "a=b;" * 500,
               ",".join(f"type{i}/sub{i};q=0.{i % 10}" for i in range(3000)), "*/*;q=0"]
MALFORMED = ["/cable/%zz", "/cable/%", "/cable/%ff%fe", f"/cable/{CABLE}/paragraph/%zz", "/search?q=%ff%fe",
             "/search?q=%", "/search?q=%zz&page=%ff", "/search?%ff=1", "/sparql?query=%", "/sparql?query=%zz",
             "/sparql?query=%ff%fe", "/sparql?%=%", "/browse/tag/%zz", "/browse/tag?page=%ff", "/tag/%ff",
             "/tag/%", "/dumps/%zz", "/query?query=%ff%fe", "/ns.%zz", "/void?format=%ff", "/%", "/%%", "/?%zz"]
LONG = 20_000
OVERLONG = [prefix + "a" * LONG for prefix in ("/cable/", "/tag/", "/browse/tag/", "/dumps/", "/search?q=",
                                               "/sparql?query=", "/query?query=", "/browse?x=", "/")]


@pytest.mark.parametrize("url", MAIN_ROUTES)
def test_bad_accept_headers_are_never_a_server_error(client: FlaskClient, url: str) -> None:
    for accept in BAD_ACCEPTS:
        sane(client.get(url, headers={"Accept": accept}), (url, accept[:40]))


def test_malformed_percent_encoding_and_overlong_uris_are_never_a_server_error(client: FlaskClient) -> None:
    for url in MALFORMED + OVERLONG:
        for headers in ({}, HTML, PROBLEM):
            response = client.get(url, headers=headers)
            sane(response, url[:60])
            assert response.status_code < 400 or response.data, url[:60]  # an error says what it is


def test_a_real_server_answers_malformed_requests_with_4xx(live_server: str) -> None:
    for url in MALFORMED + OVERLONG:
        conn = http.client.HTTPConnection(*address(live_server), timeout=30)
        conn.request("GET", url, headers=HTML)
        response = conn.getresponse()
        sane(response, url[:60])
        assert url in MALFORMED or 400 <= response.status < 500, (url[:60], response.status)
        conn.close()
    for url in ("/", "/search?q=merida", f"/cable/{CABLE}", "/sparql?query=ASK%7B%7D", "/dumps/"):
        for accept in BAD_ACCEPTS:
            conn = http.client.HTTPConnection(*address(live_server), timeout=30)
            conn.request("GET", url, headers={"Accept": accept})
            sane(conn.getresponse(), (url, accept[:40]))
            conn.close()
