"""What the tests of the SPARQL endpoint ``/sparql`` share: the sample cable's IRIs, two queries on it,
a GET through the Flask test client, the solutions of a JSON answer, and one request to a real server."""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

from flask.testing import FlaskClient
from rdflib.namespace import Namespace
from werkzeug.test import TestResponse

BASE = "http://127.0.0.1:8080/"
CABLE = BASE + "cable/09MEXICO2882"
GRAPH = BASE + "graph/09MEXICO2882"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SELECT_CABLE = "SELECT ?cable ?title WHERE { ?cable a cg:Cable ; dcterms:title ?title }"
CONSTRUCT_CABLE = "CONSTRUCT WHERE { ?cable a cg:Cable ; dcterms:title ?title ; dcterms:created ?created }"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def get(client: FlaskClient, query: str | None = None, accept: str | None = None, **params: Any) -> TestResponse:
    if query is not None:
        params["query"] = query
    return client.get("/sparql", query_string=params, headers={"Accept": accept} if accept else {})


def solutions(response: TestResponse) -> list[dict[str, str]]:
    data = json.loads(response.data)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


def ask(port: int, query: str, source: str = "127.0.0.1", accept: str = "application/sparql-results+json",
        method: str = "POST") -> Reply:
    """One SPARQL request from the loopback address ``source`` (so that tests can be several clients)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    started = time.monotonic()
    try:
        if method == "POST":
            connection.request("POST", "/sparql", body=query.encode(),
                               headers={"Content-Type": "application/sparql-query", "Accept": accept})
        else:
            connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
        response = connection.getresponse()
        body = response.read()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, body,
                     time.monotonic() - started)
    finally:
        connection.close()
