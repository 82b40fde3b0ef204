"""A remote SPARQL 1.1 store behind the same small interface as the embedded Oxigraph store.

:class:`Backend` is everything cablerdf asks of a store: pyoxigraph's ``Store`` has it, and
:class:`RemoteStore` implements it over HTTP:

- reads (``query``, ``quads_for_pattern``, ``named_graphs``, ``contains_named_graph``, ``dump``,
  ``in``) through the SPARQL 1.1 Protocol (POST; SELECT and ASK answered in SPARQL JSON, CONSTRUCT
  and DESCRIBE in N-Triples or Turtle);
- writes through the SPARQL 1.1 Graph Store Protocol when ``gsp_url`` is given (``PUT`` replaces a
  graph, ``POST`` adds to it, ``DELETE`` drops it) else through SPARQL 1.1 Update (``update_url``):
  one request per graph, so each cable is written whole or not at all when the server makes each
  request a transaction (Oxigraph, Virtuoso and Fuseki do).

The remote default graph must be the union of the named graphs (``oxigraph serve
--union-default-graph``; Virtuoso's default; Fuseki's ``unionDefaultGraph``): cablerdf keeps
everything in named graphs. Credentials go in the URLs (``http://user:password@host/...``), sent
with HTTP Basic or Digest authentication as the server asks.

Virtuoso (recognised by its ``Server`` header; written through ``/sparql-graph-crud-auth`` with
digest credentials) is met where it differs: its own graphs (``virtrdf#``, the OWL and LDP schemas,
its service description and DAV graphs) are hidden by its ``input:default-graph-exclude`` and
``input:named-graph-exclude`` pragmas from queries that name no graph (with them, Virtuoso 7.2 finds
nothing in ``GRAPH <iri>``); a SELECT it caps at ``ResultSetMaxRows`` (``X-SPARQL-MaxRows``) is read
whole, page by page (a CONSTRUCT it caps silently); its blank nodes (``nodeID://b1``) are read as
``_:b1`` and asked for as ``<nodeID://b1>`` (elsewhere a stored blank node cannot be asked for);
booleans it keeps as ``1``/``0`` are read as ``true``/``false``; an answer its anytime-query timeout
cut short (``X-SQL-State``) is an error.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from typing import IO, Any, Protocol, cast

import pyoxigraph
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
)

Term = Any
GraphName = NamedNode | BlankNode | DefaultGraph
RESULTS = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
ACCEPT = {"SELECT": f"{RESULTS}, application/sparql-results+xml;q=0.9", "ASK": RESULTS,
          "CONSTRUCT": f"{NTRIPLES}, text/plain;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.5",
          "": f"{RESULTS}, {NTRIPLES};q=0.9, text/turtle;q=0.8, */*;q=0.1"}
READ_TYPES = {"application/sparql-results+json": QueryResultsFormat.JSON,
              "application/json": QueryResultsFormat.JSON,
              "application/sparql-results+xml": QueryResultsFormat.XML,
              "text/tab-separated-values": QueryResultsFormat.TSV}
GRAPH_TYPES = {"application/n-triples": RdfFormat.N_TRIPLES, "text/plain": RdfFormat.N_TRIPLES,
               "text/ntriples": RdfFormat.N_TRIPLES, "text/turtle": RdfFormat.TURTLE,
               "application/x-turtle": RdfFormat.TURTLE, "application/rdf+xml": RdfFormat.RDF_XML,
               "application/n-quads": RdfFormat.N_QUADS, "text/x-nquads": RdfFormat.N_QUADS}
# the query form, after the prologue (BASE, PREFIX) and comments
FORM = re.compile(r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)
NAMES_GRAPH = re.compile(r"(?:^|[\s{}.;])GRAPH\s*(?:<|[^\s?$<{]*:)", re.I)  # GRAPH <iri>, GRAPH ex:g
BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
VIRTUOSO_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/2002/07/owl#",
                   "http://www.w3.org/ns/ldp#")
VIRTUOSO_OWN = ("SELECT DISTINCT ?g WHERE {\n"  # its service description and DAV graphs
                "{ GRAPH ?g { ?g a <http://www.w3.org/ns/sparql-service-description#Service> } } UNION\n"
                "{ GRAPH ?g { ?s <http://www.openlinksw.com/schemas/DAV#ownerUser> ?o } } }")


class Backend(Protocol):
    """What cablerdf needs of a store: these methods of ``pyoxigraph.Store``, with its arguments."""

    def query(self, *args: Any, **kwargs: Any) -> Any: ...
    def quads_for_pattern(self, *args: Any, **kwargs: Any) -> Iterator[Quad]: ...
    def named_graphs(self, *args: Any, **kwargs: Any) -> Iterator[Any]: ...
    def contains_named_graph(self, *args: Any, **kwargs: Any) -> bool: ...
    def dump(self, *args: Any, **kwargs: Any) -> bytes | None: ...
    def update(self, *args: Any, **kwargs: Any) -> None: ...
    def load(self, *args: Any, **kwargs: Any) -> None: ...
    def extend(self, *args: Any, **kwargs: Any) -> None: ...
    def add(self, *args: Any, **kwargs: Any) -> None: ...
    def remove_graph(self, *args: Any, **kwargs: Any) -> None: ...
    def flush(self) -> None: ...
    def __contains__(self, quad: Any) -> bool: ...
    def __len__(self) -> int: ...


WRITERS = 4  # graphs written at once by load()
Pattern = tuple[NamedNode, NamedNode, NamedNode | None]  # subject, predicate, graph (None: any)


class RemoteError(OSError):
    """The remote store refused a request or could not be reached: the status and its message."""


class RemoteStore:
    """A SPARQL endpoint (``query_url``) with, for writing, a Graph Store (``gsp_url``) or an Update
    endpoint (``update_url``). A SELECT that the server caps is read whole, page by page, or up to one
    row more than ``max_rows`` when that is given (so that a caller capping at ``max_rows`` sees more)."""

    def __init__(self, query_url: str, update_url: str | None = None, gsp_url: str | None = None,
                 timeout: float = 120.0, max_rows: int | None = None) -> None:
        self.query_url, self.update_url, self.gsp_url, self.timeout = query_url, update_url, gsp_url, timeout
        self.max_rows = max_rows
        self.opener = opener_for(query_url, update_url, gsp_url)
        self.virtuoso: bool | None = None  # learned from the first answer's Server header
        self.pragmas = ""  # Virtuoso: its own graphs, left out of queries

    # ---- reading ----------------------------------------------------------------------------------

    def query(self, query: str, *, base_iri: str | None = None, prefixes: dict[str, str] | None = None,
              use_default_graph_as_union: bool = False, default_graph: Any = None,
              named_graphs: Any = None, substitutions: dict[Any, Any] | None = None,
              ) -> QuerySolutions | QueryBoolean | list[Triple]:
        """The answer as pyoxigraph objects: solutions, a boolean, or a list of triples (CONSTRUCT and
        DESCRIBE). ``use_default_graph_as_union`` is the remote server's own setting (see above);
        ``substitutions`` become a ``VALUES`` block opening the query's first group."""
        self.probe()
        if substitutions:
            query = bind(query, {variable: self.term(term) or str(term) for variable, term in substitutions.items()})
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        text = (f"BASE <{base_iri}>\n" if base_iri else "") + prologue + query
        dataset = [("default-graph-uri", g.value) for g in graphs(default_graph)]
        dataset += [("named-graph-uri", g.value) for g in graphs(named_graphs)]
        return self.run(text, dataset, self.max_rows)

    def run(self, text: str, dataset: list[tuple[str, str]], max_rows: int | None,
            ) -> QuerySolutions | QueryBoolean | list[Triple]:
        """One query; a SELECT capped by the server is asked again page by page (see :meth:`pages`)."""
        found = FORM.match(text)
        form = found.group(1).upper() if found else ""
        body, media_type, headers = self.post(text, dataset, ACCEPT["CONSTRUCT" if form == "DESCRIBE" else form])
        cap, json_answer = headers.get("X-SPARQL-MaxRows"), READ_TYPES.get(media_type) == QueryResultsFormat.JSON
        if form == "SELECT" and found and cap and cap.isdigit() and json_answer:
            body = self.pages(text[:found.start(1)], text[found.start(1):], dataset, int(cap), max_rows, body)
            media_type = RESULTS
        return answer(body, media_type)

    def pages(self, prologue: str, select: str, dataset: list[tuple[str, str]], cap: int,
              max_rows: int | None, first: bytes) -> bytes:
        """Every solution of a SELECT the server cut at ``cap`` rows, as one SPARQL JSON document: the
        query as a subquery, ``cap`` rows at a time; ordered by all its variables unless it has its own
        order (Virtuoso sorts at most ``cap`` rows with ``LIMIT`` and ``OFFSET`` in one query)."""
        results = json.loads(normalized(first))
        names = " ".join(f"?{name}" for name in results["head"]["vars"])
        if not re.search(r"\bORDER\s+BY\b", select, re.I):
            select = f"SELECT * WHERE {{ {{ {select}\n}} }} ORDER BY {names}"
            results["results"]["bindings"] = []
        rows, page = results["results"]["bindings"], len(results["results"]["bindings"]) or cap
        while page == cap and (max_rows is None or len(rows) <= max_rows):
            text = f"{prologue}SELECT * WHERE {{ {{ {select}\n}} }} LIMIT {cap} OFFSET {len(rows)}"
            found = json.loads(normalized(self.post(text, dataset, RESULTS)[0]))["results"]["bindings"]
            rows.extend(found)
            page = len(found)
        return json.dumps(results).encode()

    def post(self, text: str, dataset: list[tuple[str, str]], accept: str) -> tuple[bytes, str, Message]:
        pragmas = "" if NAMES_GRAPH.search(text) else self.pragmas
        form = urllib.parse.urlencode([("query", pragmas + text), *dataset]).encode()
        body, media_type, headers = self.send(self.query_url, "POST", form, "application/x-www-form-urlencoded", accept)
        if headers.get("X-SQL-State"):  # Virtuoso's anytime query: a partial answer
            raise RemoteError(f"{self.query_url} answered in part only: {headers.get('X-SQL-Message', '')}")
        return body, media_type, headers

    def probe(self) -> None:
        """Learn once whether the server is Virtuoso, and then which graphs are its own."""
        if self.virtuoso is None:
            self.virtuoso = "virtuoso" in self.post("ASK {}", [], RESULTS)[2].get("Server", "").lower()
            if self.virtuoso:
                own = list(VIRTUOSO_GRAPHS) + [row["g"].value for row in self.select(VIRTUOSO_OWN)]
                self.pragmas = "".join(f"define input:default-graph-exclude <{g}>\n"
                                       f"define input:named-graph-exclude <{g}>\n" for g in own)

    def term(self, term: Term) -> str | None:
        """A term in SPARQL; a blank node only on Virtuoso (``<nodeID://…>``), else None: a query cannot
        name a blank node of the store."""
        if isinstance(term, BlankNode):
            self.probe()
            return f"<nodeID://{term.value}>" if self.virtuoso else None
        return str(term)

    def select(self, query: str) -> QuerySolutions:
        """An internal SELECT: every solution, however many."""
        self.probe()
        found = self.run(query, [], None)
        if not isinstance(found, QuerySolutions):
            raise RemoteError(f"{self.query_url} answered a SELECT with {type(found).__name__}")
        return found

    def quads_for_pattern(self, subject: Term, predicate: Term, object: Term,
                          graph_name: Term = None) -> Iterator[Quad]:
        return self.matching(subject, predicate, object, graph_name, None)

    def first(self, subject: Term, predicate: Term, object: Term, graph_name: Term = None) -> Quad | None:
        """The first quad of a pattern, one row asked (a post's label is in each of its cables' graphs)."""
        return next(self.matching(subject, predicate, object, graph_name, 1), None)

    def firsts(self, patterns: list[Pattern]) -> dict[Pattern, Quad | None]:
        """:meth:`first` of many ``(subject, predicate, graph or None)`` patterns, a hundred per request:
        a page needs the labels of dozens of nodes, and one round trip beats dozens."""
        found: dict[Pattern, Quad | None] = dict.fromkeys(patterns)
        for start in range(0, len(patterns), 100):
            chunk = patterns[start:start + 100]
            branches = [f"{{ {{ SELECT ?o{'' if graph else ' ?g'} WHERE {{ GRAPH {graph or '?g'} "
                        f"{{ {subject} {predicate} ?o }} }} LIMIT 1 }} BIND({i} AS ?i) }}"
                        for i, (subject, predicate, graph) in enumerate(chunk)]
            for row in self.select(f"SELECT ?i ?o ?g WHERE {{ {' UNION '.join(branches)} }}"):
                pattern = chunk[int(row["i"].value)]
                subject, predicate, graph = pattern
                found[pattern] = Quad(subject, predicate, row["o"], graph or row["g"])
        return found

    def matching(self, subject: Term, predicate: Term, object: Term, graph_name: Term,
                 limit: int | None) -> Iterator[Quad]:
        terms = {"s": subject, "p": predicate, "o": object}
        written = [self.term(t) if t is not None else f"?{v}" for v, t in terms.items()]
        named = self.term(graph_name) if isinstance(graph_name, NamedNode | BlankNode) else "?g"
        if None in written or named is None:
            return  # a blank node the server cannot be asked about
        pattern = " ".join(str(w) for w in written)
        where = pattern if isinstance(graph_name, DefaultGraph) else f"GRAPH {named} {{ {pattern} }}"
        graph_var = graph_name is None
        wanted = [f"?{v}" for v, t in terms.items() if t is None] + (["?g"] if graph_var else [])
        if not wanted:  # one quad: is it there?
            if self.run(f"ASK {{ {where} }}", [], None):
                yield Quad(subject, predicate, object, graph_name)
            return
        cap = f" LIMIT {limit}" if limit else ""
        for solution in self.select(f"SELECT {' '.join(wanted)} WHERE {{ {where} }}{cap}"):
            def bound(name: str, given: Term, row: Any = solution) -> Any:
                return given if given is not None else row[name]

            graph = solution["g"] if graph_var else graph_name
            yield Quad(bound("s", subject), bound("p", predicate), bound("o", object), graph)

    def named_graphs(self) -> Iterator[NamedNode]:
        for solution in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            if isinstance(solution["g"], NamedNode):
                yield solution["g"]

    def contains_named_graph(self, graph_name: Any) -> bool:
        self.probe()
        return bool(self.run(f"ASK {{ GRAPH {graph_name} {{ ?s ?p ?o }} }}", [], None))

    def __contains__(self, quad: object) -> bool:
        if not isinstance(quad, Quad):
            return False
        found = self.quads_for_pattern(quad.subject, quad.predicate, quad.object, quad.graph_name)
        return next(iter(found), None) is not None

    def __len__(self) -> int:
        solutions = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sum(int(s["n"].value) for s in solutions)

    def dump(self, output: IO[bytes] | None = None, format: RdfFormat | None = None, *,
             from_graph: Any = None) -> bytes | None:
        """A graph (``from_graph``) in N-Triples, or every graph in N-Quads."""
        if from_graph is not None:
            triples = [quad.triple for quad in self.quads_for_pattern(None, None, None, from_graph)]
            data = pyoxigraph.serialize(triples, format=format or RdfFormat.N_TRIPLES)
        else:
            quads = self.quads_for_pattern(None, None, None, None)
            data = pyoxigraph.serialize(quads, format=format or RdfFormat.N_QUADS)
        if output is None:
            return data
        output.write(data or b"")
        return None

    # ---- writing ----------------------------------------------------------------------------------

    def update(self, update: str) -> None:
        if self.update_url is None:
            raise RemoteError("this remote store has no update endpoint (--update-url)")
        self.send(self.update_url, "POST", urllib.parse.urlencode({"update": update}).encode(),
                  "application/x-www-form-urlencoded", "*/*")

    def load(self, input: bytes | str | None = None, format: RdfFormat | None = None,
             **options: Any) -> None:
        """N-Quads (or other RDF) written graph by graph, each graph replaced whole."""
        data = input.encode() if isinstance(input, str) else input or b""
        by_graph: dict[Any, list[Triple]] = defaultdict(list)
        for quad in pyoxigraph.parse(data, format=format or RdfFormat.N_QUADS):
            by_graph[quad.graph_name].append(quad.triple)
        with ThreadPoolExecutor(WRITERS) as pool:  # the server works on one while the next is sent
            for future in [pool.submit(self.put_graph, graph, triples) for graph, triples in by_graph.items()]:
                future.result()

    def put_graph(self, graph: Any, triples: list[Triple]) -> None:
        """Replace one graph in one request: GSP ``PUT``, else ``DROP`` and ``INSERT DATA`` together."""
        body = pyoxigraph.serialize(triples, format=RdfFormat.N_TRIPLES) or b""
        if self.gsp_url is not None:
            self.send(self.graph_url(graph), "PUT", body, f"{NTRIPLES}; charset=utf-8", "*/*")
        else:
            self.update(f"DROP SILENT GRAPH {graph} ;\n{insert(graph, body.decode())}")

    def extend(self, quads: Iterable[Quad]) -> None:
        by_graph: dict[Any, list[Triple]] = defaultdict(list)
        for quad in quads:
            by_graph[quad.graph_name].append(quad.triple)
        for graph, triples in by_graph.items():
            body = pyoxigraph.serialize(triples, format=RdfFormat.N_TRIPLES) or b""
            if self.gsp_url is not None:
                self.send(self.graph_url(graph), "POST", body, f"{NTRIPLES}; charset=utf-8", "*/*")
            else:
                self.update(insert(graph, body.decode()))

    def add(self, quad: Quad) -> None:
        self.extend([quad])

    def remove_graph(self, graph_name: Any) -> None:
        if self.gsp_url is not None:
            try:
                self.send(self.graph_url(graph_name), "DELETE", None, None, "*/*")
            except RemoteError as error:
                if "404" not in str(error):
                    raise
        else:
            self.update(f"DROP SILENT GRAPH {graph_name}")

    def flush(self) -> None:
        """Nothing to do: each request is committed by the server."""

    def graph_url(self, graph: Any) -> str:
        assert self.gsp_url is not None
        if isinstance(graph, DefaultGraph):
            return self.gsp_url + ("&" if "?" in self.gsp_url else "?") + "default"
        return self.gsp_url + ("&" if "?" in self.gsp_url else "?") + urllib.parse.urlencode({"graph": graph.value})

    # ---- HTTP -------------------------------------------------------------------------------------

    def send(self, url: str, method: str, body: bytes | None, content_type: str | None,
             accept: str) -> tuple[bytes, str, Message]:
        """One request; the body, media type and headers of a 2xx answer, else :class:`RemoteError`
        (:class:`SyntaxError` when the server refuses a query with 400)."""
        headers = {"Accept": accept, **({"Content-Type": content_type} if content_type else {})}
        request = urllib.request.Request(strip_credentials(url), data=body, headers=headers, method=method)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.read(), response.headers.get_content_type(), response.headers
        except urllib.error.HTTPError as error:
            detail = error.read()[:2000].decode("utf-8", "replace").strip()
            if error.code == 400 and method == "POST" and url == self.query_url:
                raise SyntaxError(f"{strip_credentials(url)} refused the query: {detail}") from None
            raise RemoteError(f"{method} {strip_credentials(url)}: {error.code} {error.reason}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise RemoteError(f"{method} {strip_credentials(url)}: {error}") from None


def answer(body: bytes, media_type: str) -> QuerySolutions | QueryBoolean | list[Triple]:
    """A SPARQL answer parsed by its media type."""
    if media_type in ("application/sparql-results+json", "application/json") or (
            media_type not in READ_TYPES and media_type not in GRAPH_TYPES and body.lstrip().startswith(b"{")):
        return pyoxigraph.parse_query_results(normalized(body), format=QueryResultsFormat.JSON)
    if media_type in READ_TYPES:
        return pyoxigraph.parse_query_results(body, format=READ_TYPES[media_type])
    if media_type in GRAPH_TYPES:
        triples = [quad.triple for quad in pyoxigraph.parse(body, format=GRAPH_TYPES[media_type])]
        return [Triple(t.subject, t.predicate, boolean(t.object)) for t in triples]
    raise RemoteError(f"the remote store answered in {media_type}, which cablerdf does not read")


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


def insert(graph: Any, triples: str) -> str:
    """``INSERT DATA``; with blank nodes, which Virtuoso refuses there, ``INSERT {…} WHERE {}``."""
    data = triples if isinstance(graph, DefaultGraph) else f"GRAPH {graph} {{\n{triples}}}"
    return f"INSERT {{ {data} }} WHERE {{}}" if "_:" in triples else f"INSERT DATA {{ {data} }}"


def bind(query: str, substitutions: dict[Any, str]) -> str:
    """The query with its first group opened by ``VALUES (?a ?b) { (term term) }``: the variables are
    bound before anything else is evaluated, as pyoxigraph's ``substitutions`` bind them."""
    at = query.index("{") + 1
    names = " ".join(f"?{variable.value}" for variable in substitutions)
    terms = " ".join(substitutions.values())
    return f"{query[:at]} VALUES ({names}) {{ ({terms}) }} {query[at:]}"


def graphs(value: Any) -> list[NamedNode]:
    if value is None:
        return []
    return [g for g in (value if isinstance(value, list | tuple) else [value]) if isinstance(g, NamedNode)]


def strip_credentials(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url
    netloc = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def opener_for(*urls: str | None) -> urllib.request.OpenerDirector:
    """An opener answering Basic and Digest challenges with the credentials found in the URLs."""
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    for url in urls:
        parts = urllib.parse.urlsplit(url or "")
        if parts.username is not None:
            passwords.add_password(None, strip_credentials(url or ""), urllib.parse.unquote(parts.username),
                                   urllib.parse.unquote(parts.password or ""))
    return urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(passwords),
                                       urllib.request.HTTPDigestAuthHandler(passwords))


def first_quad(store: Backend, subject: Term, predicate: Term, object: Term,
               graph_name: Term = None) -> Quad | None:
    """The first quad matching a pattern; a remote store is asked for one row only."""
    first = getattr(store, "first", None)
    if first is not None:
        return cast(Quad | None, first(subject, predicate, object, graph_name))
    return next(iter(store.quads_for_pattern(subject, predicate, object, graph_name)), None)


def is_remote(location: str) -> bool:
    return location.startswith(("http://", "https://"))
