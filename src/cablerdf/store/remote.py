"""A remote SPARQL 1.1 store behind the same small interface as the embedded Oxigraph store.

:class:`Backend` is everything cablerdf asks of a store: pyoxigraph's ``Store`` has it, and
:class:`RemoteStore` implements it over HTTP:

- reads (``query``, ``quads_for_pattern``, ``named_graphs``, ``contains_named_graph``, ``dump``,
  ``in``) through the SPARQL 1.1 Protocol (POST, answers as SPARQL JSON or N-Triples);
- writes through the SPARQL 1.1 Graph Store Protocol when ``gsp_url`` is given (``PUT`` replaces a
  graph, ``POST`` adds to it, ``DELETE`` drops it) else through SPARQL 1.1 Update (``update_url``):
  one request per graph, so each cable is written whole or not at all when the server makes each
  request a transaction (Oxigraph, Virtuoso and Fuseki do).

The remote default graph must be the union of the named graphs (``oxigraph serve
--union-default-graph``; Virtuoso's default; Fuseki's ``unionDefaultGraph``): cablerdf keeps
everything in named graphs. Credentials go in the URLs (``http://user:password@host/...``), sent
with HTTP Basic or Digest authentication as the server asks.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import IO, Any, Protocol

import pyoxigraph
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
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
READ_TYPES = {"application/sparql-results+json": QueryResultsFormat.JSON,
              "application/json": QueryResultsFormat.JSON,
              "application/sparql-results+xml": QueryResultsFormat.XML,
              "text/tab-separated-values": QueryResultsFormat.TSV}
GRAPH_TYPES = {"application/n-triples": RdfFormat.N_TRIPLES, "text/plain": RdfFormat.N_TRIPLES,
               "text/turtle": RdfFormat.TURTLE, "application/rdf+xml": RdfFormat.RDF_XML,
               "application/n-quads": RdfFormat.N_QUADS, "text/x-nquads": RdfFormat.N_QUADS}


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


class RemoteError(OSError):
    """The remote store refused a request or could not be reached: the status and its message."""


class RemoteStore:
    """A SPARQL endpoint (``query_url``) with, for writing, a Graph Store (``gsp_url``) or an Update
    endpoint (``update_url``)."""

    def __init__(self, query_url: str, update_url: str | None = None, gsp_url: str | None = None,
                 timeout: float = 120.0) -> None:
        self.query_url, self.update_url, self.gsp_url, self.timeout = query_url, update_url, gsp_url, timeout
        self.opener = opener_for(query_url, update_url, gsp_url)

    # ---- reading ----------------------------------------------------------------------------------

    def query(self, query: str, *, base_iri: str | None = None, prefixes: dict[str, str] | None = None,
              use_default_graph_as_union: bool = False, default_graph: Any = None,
              named_graphs: Any = None, substitutions: dict[Any, Any] | None = None,
              ) -> QuerySolutions | QueryBoolean | list[Triple]:
        """The answer as pyoxigraph objects: solutions, a boolean, or a list of triples (CONSTRUCT and
        DESCRIBE). ``use_default_graph_as_union`` is the remote server's own setting (see above);
        ``substitutions`` become a ``VALUES`` block opening the query's first group."""
        if substitutions:
            query = bind(query, substitutions)
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        text = (f"BASE <{base_iri}>\n" if base_iri else "") + prologue + query
        params = [("query", text)]
        params += [("default-graph-uri", g.value) for g in graphs(default_graph)]
        params += [("named-graph-uri", g.value) for g in graphs(named_graphs)]
        body, media_type = self.send(self.query_url, "POST", urllib.parse.urlencode(params).encode(),
                                     "application/x-www-form-urlencoded",
                                     f"{RESULTS}, {NTRIPLES};q=0.9, text/turtle;q=0.8, */*;q=0.1")
        return answer(body, media_type)

    def select(self, query: str) -> QuerySolutions:
        found = self.query(query)
        if not isinstance(found, QuerySolutions):
            raise RemoteError(f"{self.query_url} answered a SELECT with {type(found).__name__}")
        return found

    def quads_for_pattern(self, subject: Term, predicate: Term, object: Term,
                          graph_name: Term = None) -> Iterator[Quad]:
        terms = {"s": subject, "p": predicate, "o": object}
        pattern = " ".join(str(t) if t is not None else f"?{v}" for v, t in terms.items())
        if graph_name is None:
            where, graph_var = f"GRAPH ?g {{ {pattern} }}", True
        elif isinstance(graph_name, DefaultGraph):
            where, graph_var = pattern, False
        else:
            where, graph_var = f"GRAPH {graph_name} {{ {pattern} }}", False
        wanted = [f"?{v}" for v, t in terms.items() if t is None] + (["?g"] if graph_var else [])
        solutions = self.select(f"SELECT {' '.join(wanted) or '*'} WHERE {{ {where} }}")
        for solution in solutions:
            def bound(name: str, given: Term, row: Any = solution) -> Any:
                return given if given is not None else row[name]

            graph = solution["g"] if graph_var else (graph_name if graph_name is not None else DefaultGraph())
            yield Quad(bound("s", subject), bound("p", predicate), bound("o", object), graph)

    def named_graphs(self) -> Iterator[NamedNode]:
        for solution in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            if isinstance(solution["g"], NamedNode):
                yield solution["g"]

    def contains_named_graph(self, graph_name: Any) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {graph_name} {{ ?s ?p ?o }} }}"))

    def __contains__(self, quad: object) -> bool:
        if not isinstance(quad, Quad):
            return False
        pattern = f"{quad.subject} {quad.predicate} {quad.object}"
        graph = quad.graph_name
        return bool(self.query(f"ASK {{ {pattern} }}" if isinstance(graph, DefaultGraph)
                               else f"ASK {{ GRAPH {graph} {{ {pattern} }} }}"))

    def __len__(self) -> int:
        solutions = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sum(int(s["n"].value) for s in solutions)

    def dump(self, output: IO[bytes] | None = None, format: RdfFormat | None = None, *,
             from_graph: Any = None) -> bytes | None:
        """A graph (``from_graph``) in N-Triples, or every graph in N-Quads."""
        if from_graph is not None:
            triples = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {from_graph} {{ ?s ?p ?o }} }}")
            assert isinstance(triples, list)
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
        for graph, triples in by_graph.items():
            self.put_graph(graph, triples)

    def put_graph(self, graph: Any, triples: list[Triple]) -> None:
        """Replace one graph in one request: GSP ``PUT``, else ``DROP`` and ``INSERT DATA`` together."""
        body = pyoxigraph.serialize(triples, format=RdfFormat.N_TRIPLES) or b""
        if self.gsp_url is not None:
            self.send(self.graph_url(graph), "PUT", body, NTRIPLES, "*/*")
        else:
            self.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body.decode()}}} }}")

    def extend(self, quads: Iterable[Quad]) -> None:
        by_graph: dict[Any, list[Triple]] = defaultdict(list)
        for quad in quads:
            by_graph[quad.graph_name].append(quad.triple)
        for graph, triples in by_graph.items():
            body = pyoxigraph.serialize(triples, format=RdfFormat.N_TRIPLES) or b""
            if self.gsp_url is not None:
                self.send(self.graph_url(graph), "POST", body, NTRIPLES, "*/*")
            else:
                target = "" if isinstance(graph, DefaultGraph) else f"GRAPH {graph} "
                self.update(f"INSERT DATA {{ {target}{{\n{body.decode()}}} }}")

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
             accept: str) -> tuple[bytes, str]:
        """One request; the body and media type of a 2xx answer, else :class:`RemoteError`."""
        headers = {"Accept": accept, **({"Content-Type": content_type} if content_type else {})}
        request = urllib.request.Request(strip_credentials(url), data=body, headers=headers, method=method)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                media_type = response.headers.get_content_type()
                return response.read(), media_type
        except urllib.error.HTTPError as error:
            detail = error.read()[:2000].decode("utf-8", "replace").strip()
            if error.code == 400 and method == "POST" and url == self.query_url:
                raise SyntaxError(f"{url} refused the query: {detail}") from None
            raise RemoteError(f"{method} {strip_credentials(url)}: {error.code} {error.reason}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise RemoteError(f"{method} {strip_credentials(url)}: {error}") from None


def answer(body: bytes, media_type: str) -> QuerySolutions | QueryBoolean | list[Triple]:
    """A SPARQL answer parsed by its media type."""
    if media_type in READ_TYPES:
        return pyoxigraph.parse_query_results(body, format=READ_TYPES[media_type])
    if media_type in GRAPH_TYPES:
        return [quad.triple for quad in pyoxigraph.parse(body, format=GRAPH_TYPES[media_type])]
    if body.lstrip().startswith(b"{"):
        return pyoxigraph.parse_query_results(json.dumps(json.loads(body)).encode(), format=QueryResultsFormat.JSON)
    raise RemoteError(f"the remote store answered in {media_type}, which cablerdf does not read")


def bind(query: str, substitutions: dict[Any, Any]) -> str:
    """The query with its first group opened by ``VALUES (?a ?b) { (term term) }``: the variables are
    bound before anything else is evaluated, as pyoxigraph's ``substitutions`` bind them."""
    at = query.index("{") + 1
    names = " ".join(f"?{variable.value}" for variable in substitutions)
    terms = " ".join(str(term) for term in substitutions.values())
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


def is_remote(location: str) -> bool:
    return location.startswith(("http://", "https://"))
