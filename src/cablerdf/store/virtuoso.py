"""Virtuoso, met where it differs from the SPARQL 1.1 standard (recognised by its ``Server`` header;
written through ``/sparql-graph-crud-auth`` with digest credentials).

- Its own graphs (``virtrdf#``, the OWL and LDP schemas, its service description and DAV graphs) are
  hidden by its ``input:default-graph-exclude`` and ``input:named-graph-exclude`` pragmas from queries
  that name no graph (with them, Virtuoso 7.2 finds nothing in ``GRAPH <iri>``).
- A SELECT it caps at ``ResultSetMaxRows`` (``X-SPARQL-MaxRows``) is read whole, page by page, by
  :class:`~cablerdf.store.remote.RemoteStore` (a CONSTRUCT it caps silently).
- Its blank nodes (``nodeID://b1``) are read as ``_:b1`` and asked for as ``<nodeID://b1>``.
- Booleans it keeps as ``1``/``0`` are read as ``true``/``false``; SPARQL 1.0 ``typed-literal`` and
  literals written as JSON numbers are read as SPARQL 1.1 JSON.
- ``INSERT DATA`` with blank nodes, which it refuses, is written ``INSERT {…} WHERE {}``.
- An answer its anytime-query timeout cut short (``X-SQL-State``) is an error.
"""

from __future__ import annotations

import json
import re
from email.message import Message

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode

from cablerdf.store.backend import Term

BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
OWN_SCHEMAS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/2002/07/owl#",
               "http://www.w3.org/ns/ldp#")
OWN_GRAPHS = ("SELECT DISTINCT ?g WHERE {\n"  # its service description and DAV graphs
              "{ GRAPH ?g { ?g a <http://www.w3.org/ns/sparql-service-description#Service> } } UNION\n"
              "{ GRAPH ?g { ?s <http://www.openlinksw.com/schemas/DAV#ownerUser> ?o } } }")


def is_virtuoso(headers: Message) -> bool:
    return "virtuoso" in headers.get("Server", "").lower()


def pragmas(own_graphs: list[str]) -> str:
    """The pragmas that hide Virtuoso's own graphs (its schemas and ``own_graphs``) from a query."""
    return "".join(f"define input:default-graph-exclude <{g}>\ndefine input:named-graph-exclude <{g}>\n"
                   for g in [*OWN_SCHEMAS, *own_graphs])


def partial_answer(headers: Message) -> str | None:
    """Virtuoso's message when its anytime-query timeout cut the answer short, else None."""
    return headers.get("X-SQL-Message", "") if headers.get("X-SQL-State") else None


def blank_node(node: BlankNode) -> str:
    """How Virtuoso is asked about one of its blank nodes."""
    return f"<nodeID://{node.value}>"


def normalized(body: bytes) -> bytes:
    """SPARQL JSON as pyoxigraph reads it: Virtuoso's blank nodes (``nodeID://b1``), ``typed-literal``
    (SPARQL 1.0 JSON), literals written as JSON numbers, and booleans kept as ``1`` and ``0``."""
    if b"nodeID://" not in body and b"typed-literal" not in body and BOOLEAN.encode() not in body:
        return body
    results = json.loads(body)
    for row in results.get("results", {}).get("bindings", []):
        for value in row.values():
            if value.get("type") == "bnode":
                value["value"] = re.sub(r"[^A-Za-z0-9_-]", "_", value["value"].removeprefix("nodeID://"))
            elif value.get("type") == "typed-literal":
                value["type"] = "literal"
            if not isinstance(value.get("value"), str):
                value["value"] = json.dumps(value.get("value"))
            if value.get("datatype") == BOOLEAN:
                value["value"] = {"1": "true", "0": "false"}.get(value["value"], value["value"])
    return json.dumps(results).encode()


def boolean(term: Term) -> Term:
    """Virtuoso's ``"1"^^xsd:boolean`` as ``"true"^^xsd:boolean`` (and ``0`` as ``false``)."""
    if isinstance(term, Literal) and term.datatype.value == BOOLEAN and term.value in ("1", "0"):
        return Literal("true" if term.value == "1" else "false", datatype=term.datatype)
    return term


def insert(graph: NamedNode | BlankNode | DefaultGraph, triples: str) -> str:
    """``INSERT DATA``; with blank nodes, which Virtuoso refuses there, ``INSERT {…} WHERE {}``."""
    data = triples if isinstance(graph, DefaultGraph) else f"GRAPH {graph} {{\n{triples}}}"
    return f"INSERT {{ {data} }} WHERE {{}}" if "_:" in triples else f"INSERT DATA {{ {data} }}"
