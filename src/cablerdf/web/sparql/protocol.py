"""SPARQL 1.1 Protocol, query operation only: read the operation from the request, evaluate it.

Accepted: ``GET``/``HEAD`` with ``query=``; ``POST`` as ``application/x-www-form-urlencoded`` (``query=``
in the body, dataset parameters in the body or the URL) or as ``application/sparql-query`` (the body
is the query, UTF-8 only; dataset parameters in the URL). Exactly one ``query``. Updates (``update=``,
``application/sparql-update``) are refused: the endpoint is read-only.

Dataset: the protocol's ``default-graph-uri``/``named-graph-uri`` replace any ``FROM``/``FROM NAMED``
of the query; a query with neither uses its own ``FROM`` clauses; any other query sees the union of
all named graphs as its default graph. ``SERVICE`` (federated query) is refused unless enabled, since
it would make the public endpoint fetch arbitrary URLs. Relative IRIs resolve against the endpoint's
IRI; the prefixes of :data:`cablerdf.iris.PREFIXES` are predefined.

Which of these keywords a query uses (and whether it calls ``NOW()``, ``RAND()``, ``UUID()``,
``STRUUID()``, whose answers cannot be cached) is found by one regular-expression scan that skips
strings, IRIs and comments; the query is parsed once, by pyoxigraph.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from flask import request
from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, QueryTriples
from werkzeug.datastructures import MultiDict

from cablerdf.iris import PREFIXES
from cablerdf.store.backend import Backend

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
READ_ONLY = ("this endpoint is read-only: SPARQL Update is not accepted here "
             "(the service description lists sd:SPARQL11Query only)")
NO_FEDERATION = "federated queries (SERVICE) are disabled on this endpoint"

Result = QuerySolutions | QueryBoolean | QueryTriples

# Strings, IRIs and comments are skipped, so that a keyword is only found where it is one
LEXICAL = re.compile(
    r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\""
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n\r]*"
    r"|(?<![\w?$:.\-])(from|service|(?:now|rand|uuid|struuid)(?=\s*\())(?![\w:\-])"
    r"|([{(\[])|[})\]]",
    re.IGNORECASE | re.DOTALL)
VOLATILE = frozenset({"NOW", "RAND", "UUID", "STRUUID"})  # functions whose value changes at each evaluation
MIN_TIMEOUT = 1.0  # seconds: the lowest deadline a client may ask for
MAX_DEPTH = 100  # nested groups, expressions and lists; deeper queries are refused before parsing


class ProtocolError(Exception):
    """A request the endpoint answers with an error status and a message."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Operation:
    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    used: frozenset[str] = frozenset()  # the keywords of :func:`keywords`, scanned once
    timeout: float | None = None  # the client's own deadline (``timeout=`` seconds), if lower

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)

    @property
    def volatile(self) -> bool:
        """Whether the answer may change from one evaluation to the next (``NOW()``, ``RAND()``...)."""
        return bool(self.used & VOLATILE)


def read_operation() -> Operation | None:
    """The query operation of this request; None for a GET or HEAD without ``query`` (describe the service)."""
    if request.method == "POST":
        query, params = posted()
    else:
        refuse_update(request.args)
        found, params = single(request.args.getlist("query")), request.args
        if found is None:
            return None
        query = found
    used = keywords(query)
    if federated(query):
        used.add("SERVICE")
    return Operation(query, tuple(params.getlist("default-graph-uri")), tuple(params.getlist("named-graph-uri")),
                     frozenset(used), client_timeout(params.get("timeout")))


def posted() -> tuple[str, MultiDict[str, str]]:
    """The query and the parameters of a POST, by its media type."""
    media_type = request.mimetype
    if media_type == UPDATE:
        raise ProtocolError(403, READ_ONLY)
    if media_type == FORM:
        require_utf8()
        values = request.values
        refuse_update(values)
        query = single(values.getlist("query"))
        if query is None:
            raise ProtocolError(400, "missing 'query' parameter in the form")
        return query, values
    if media_type == DIRECT:
        require_utf8()
        if "query" in request.args:
            raise ProtocolError(400, "a direct POST carries its query in the body, not also in the URL")
        try:
            return request.get_data(cache=False).decode("utf-8"), request.args
        except UnicodeDecodeError as error:
            raise ProtocolError(400, f"the query is not valid UTF-8: {error}") from None
    sent = f"not {media_type}" if media_type else "not a body without Content-Type"
    raise ProtocolError(415, f"POST a query as {FORM} or {DIRECT}, {sent}")


def require_utf8() -> None:
    charset = request.mimetype_params.get("charset", "utf-8").strip().lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"only UTF-8 is accepted, not charset={charset}")


def refuse_update(params: Mapping[str, Any]) -> None:
    if "update" in params:
        raise ProtocolError(403, READ_ONLY)


def single(values: list[str]) -> str | None:
    if len(values) > 1:
        raise ProtocolError(400, f"exactly one 'query' parameter is allowed, {len(values)} were given")
    return values[0] if values else None


def keywords(query: str) -> set[str]:
    """The dataset and federation keywords (``FROM``, ``SERVICE``) and the volatile functions
    (``NOW``, ``RAND``, ``UUID``, ``STRUUID``) the query uses, outside strings, IRIs and comments: a
    scan, not a parse. A query nesting braces, parentheses or brackets deeper than :data:`MAX_DEPTH`
    is refused here (a parser would recurse that deep)."""
    found: set[str] = set()
    depth = 0
    for match in LEXICAL.finditer(query):
        keyword, opening = match.group(1), match.group(2)
        if keyword:
            found.add(keyword.upper())
        elif opening:
            depth += 1
            if depth > MAX_DEPTH:
                raise ProtocolError(400, f"the query nests groups or expressions more than {MAX_DEPTH} deep")
        elif match.group(0) in "})]":
            depth = max(depth - 1, 0)
    return found


def federated(query: str) -> bool:
    """Whether the query has a ``SERVICE`` pattern. A scan cannot be sure (``FILTER(1<2)SERVICE?e#>``
    reads as an IRI to a scan, as less-than, a keyword and a comment to a parser), so a query with the
    word anywhere is parsed by rdflib's SPARQL parser, which reads tokens in context as pyoxigraph's
    does; a query rdflib cannot parse counts as federated."""
    if "service" not in query.lower():
        return False
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return has_part(parseQuery(query), "ServiceGraphPattern")
    except Exception:  # whatever failed in the second parser: refuse rather than guess
        return True


def has_part(node: object, name: str) -> bool:
    """Whether an rdflib parse tree has a part called ``name``."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue) and node.name == name:
        return True
    if isinstance(node, dict):
        return any(has_part(value, name) for value in node.values())
    if isinstance(node, list | tuple | ParseResults):
        return any(has_part(value, name) for value in node)
    return False


def client_timeout(value: str | None) -> float | None:
    """The ``timeout`` parameter: seconds, which may only lower the server's limit (and not below
    :data:`MIN_TIMEOUT`: each stopped query costs a fresh query process)."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        raise ProtocolError(400, f"timeout must be a number of seconds, not {value[:40]!r}") from None
    if not 0 < seconds < float("inf"):
        raise ProtocolError(400, f"timeout must be a positive number of seconds, not {value[:40]!r}")
    return max(seconds, MIN_TIMEOUT)


def dataset_options(operation: Operation) -> dict[str, Any]:
    """pyoxigraph's dataset arguments: the protocol's graphs, the query's own FROM, or the union."""
    if operation.has_dataset:
        return {"default_graph": iris(operation.default_graphs), "named_graphs": iris(operation.named_graphs)}
    if "FROM" in operation.used:
        return {}
    return {"use_default_graph_as_union": True}


def iris(values: tuple[str, ...]) -> list[NamedNode]:
    try:
        return [NamedNode(value) for value in values]
    except ValueError as error:
        raise ProtocolError(400, f"not an absolute IRI in a dataset parameter: {error}") from None


def evaluate(store: Backend, operation: Operation, base_iri: str, federation: bool = False) -> Result:
    """Parse the query and start its evaluation (solutions and triples are produced lazily)."""
    if "SERVICE" in operation.used and not federation:
        raise ProtocolError(403, NO_FEDERATION)
    try:
        # (a remote store answers CONSTRUCT with a list of triples, which every writer takes too)
        return cast(Result, store.query(operation.query, base_iri=base_iri, prefixes=PREFIXES,
                                        **dataset_options(operation)))
    except SyntaxError as error:
        raise ProtocolError(400, f"query syntax error: {error}") from None
    except OSError as error:
        raise ProtocolError(500, f"query evaluation failed: {error}") from None
