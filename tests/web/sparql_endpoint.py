"""What the tests of the SPARQL endpoint ``/sparql`` share: the sample cable's IRIs, two queries on it,
a GET through the Flask test client and the solutions of a JSON answer."""

from __future__ import annotations

import json
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
