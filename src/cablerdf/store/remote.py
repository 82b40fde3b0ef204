"""A remote SPARQL 1.1 store as a :class:`~cablerdf.store.backend.Backend`, over HTTP:

- reads (``query``, ``quads_for_pattern``, ``first``, ``firsts``, ``named_graphs``,
  ``contains_named_graph``, ``dump``, ``in``) through the SPARQL 1.1 Protocol (POST; SELECT and ASK
  answered in SPARQL JSON, CONSTRUCT and DESCRIBE in N-Triples or Turtle);
- writes through the SPARQL 1.1 Graph Store Protocol when ``gsp_url`` is given (``PUT`` replaces a
  graph, ``POST`` adds to it, ``DELETE`` drops it) else through SPARQL 1.1 Update (``update_url``):
  one request per graph, so each cable is written whole or not at all when the server makes each
  request a transaction (Oxigraph, Virtuoso and Fuseki do).

The remote default graph must be the union of the named graphs (``oxigraph serve
--union-default-graph``; Virtuoso's default; Fuseki's ``unionDefaultGraph``): cablerdf keeps
everything in named graphs. Credentials go in the URLs (``http://user:password@host/...``), sent
with HTTP Basic or Digest authentication as the server asks (:mod:`cablerdf.store.http`). Where
Virtuoso differs, :mod:`cablerdf.store.virtuoso` says how it is met.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from typing import IO, Any, cast

import pyoxigraph
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Triple,
    Variable,
)

from cablerdf.store import virtuoso
from cablerdf.store.backend import GraphName, Pattern, QueryResult, Subject, Term
from cablerdf.store.http import NTRIPLES, RESULTS, RemoteError, answer, opener_for, results_format, strip_credentials

ACCEPT = {"SELECT": f"{RESULTS}, application/sparql-results+xml;q=0.9", "ASK": RESULTS,
          "CONSTRUCT": f"{NTRIPLES}, text/plain;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.5",
          "": f"{RESULTS}, {NTRIPLES};q=0.9, text/turtle;q=0.8, */*;q=0.1"}
# the query form, after the prologue (BASE, PREFIX) and comments
FORM = re.compile(r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)
NAMES_GRAPH = re.compile(r"(?:^|[\s{}.;])GRAPH\s*(?:<|[^\s?$<{]*:)", re.I)  # GRAPH <iri>, GRAPH ex:g
WRITERS = 4  # graphs written at once by load()


class RemoteStore:
    """A SPARQL endpoint (``query_url``) with, for writing, a Graph Store (``gsp_url``) or an Update
    endpoint (``update_url``). A SELECT that the server caps is read whole, page by page, or up to one
    row more than ``max_rows`` when that is given (so that a caller capping at ``max_rows`` sees more)."""

    batches = True  # firsts() asks for a hundred patterns per request

    def __init__(self, query_url: str, update_url: str | None = None, gsp_url: str | None = None,
                 timeout: float = 120.0, max_rows: int | None = None) -> None:
        self.query_url, self.update_url, self.gsp_url, self.timeout = query_url, update_url, gsp_url, timeout
        self.max_rows = max_rows
        self.opener = opener_for(query_url, update_url, gsp_url)
        self.virtuoso: bool | None = None  # learned from the first answer's Server header
        self.pragmas = ""  # Virtuoso: its own graphs, left out of queries

    # ---- reading ----------------------------------------------------------------------------------

    def query(self, query: str, *, base_iri: str | None = None, prefixes: dict[str, str] | None = None,
              use_default_graph_as_union: bool = False, default_graph: GraphName | Sequence[GraphName] | None = None,
              named_graphs: Sequence[NamedNode | BlankNode] | None = None,
              substitutions: Mapping[Variable, Term] | None = None) -> QueryResult:
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
        cap = headers.get("X-SPARQL-MaxRows")
        json_answer = results_format(media_type) == pyoxigraph.QueryResultsFormat.JSON
        if form == "SELECT" and found and cap and cap.isdigit() and json_answer:
            body = self.pages(text[:found.start(1)], text[found.start(1):], dataset, int(cap), max_rows, body)
            media_type = RESULTS
        return answer(body, media_type)

    def pages(self, prologue: str, select: str, dataset: list[tuple[str, str]], cap: int,
              max_rows: int | None, first: bytes) -> bytes:
        """Every solution of a SELECT the server cut at ``cap`` rows, as one SPARQL JSON document: the
        query as a subquery, ``cap`` rows at a time; ordered by all its variables unless it has its own
        order (Virtuoso sorts at most ``cap`` rows with ``LIMIT`` and ``OFFSET`` in one query)."""
        results = json.loads(virtuoso.normalized(first))
        names = " ".join(f"?{name}" for name in results["head"]["vars"])
        if not re.search(r"\bORDER\s+BY\b", select, re.I):
            select = f"SELECT * WHERE {{ {{ {select}\n}} }} ORDER BY {names}"
            results["results"]["bindings"] = []
        rows, page = results["results"]["bindings"], len(results["results"]["bindings"]) or cap
        while page == cap and (max_rows is None or len(rows) <= max_rows):
            text = f"{prologue}SELECT * WHERE {{ {{ {select}\n}} }} LIMIT {cap} OFFSET {len(rows)}"
            found = json.loads(virtuoso.normalized(self.post(text, dataset, RESULTS)[0]))["results"]["bindings"]
            rows.extend(found)
            page = len(found)
        return json.dumps(results).encode()

    def post(self, text: str, dataset: list[tuple[str, str]], accept: str) -> tuple[bytes, str, Message]:
        pragmas = "" if NAMES_GRAPH.search(text) else self.pragmas
        form = urllib.parse.urlencode([("query", pragmas + text), *dataset]).encode()
        body, media_type, headers = self.send(self.query_url, "POST", form, "application/x-www-form-urlencoded", accept)
        partial = virtuoso.partial_answer(headers)
        if partial is not None:
            raise RemoteError(f"{self.query_url} answered in part only: {partial}")
        return body, media_type, headers

    def probe(self) -> None:
        """Learn once whether the server is Virtuoso, and then which graphs are its own."""
        if self.virtuoso is None:
            self.virtuoso = virtuoso.is_virtuoso(self.post("ASK {}", [], RESULTS)[2])
            if self.virtuoso:
                self.pragmas = virtuoso.pragmas([row["g"].value for row in self.select(virtuoso.OWN_GRAPHS)])

    def term(self, term: Term | GraphName) -> str | None:
        """A term in SPARQL; a blank node only on Virtuoso (``<nodeID://…>``), else None: a query cannot
        name a blank node of the store."""
        if isinstance(term, BlankNode):
            self.probe()
            return virtuoso.blank_node(term) if self.virtuoso else None
        return str(term)

    def select(self, query: str) -> QuerySolutions:
        """An internal SELECT: every solution, however many."""
        self.probe()
        found = self.run(query, [], None)
        if not isinstance(found, QuerySolutions):
            raise RemoteError(f"{self.query_url} answered a SELECT with {type(found).__name__}")
        return found

    def quads_for_pattern(self, subject: Subject | None, predicate: NamedNode | None, object: Term | None,
                          graph_name: GraphName | None = None) -> Iterator[Quad]:
        return self.matching(subject, predicate, object, graph_name, None)

    def first(self, subject: Subject | None, predicate: NamedNode | None, object: Term | None,
              graph_name: GraphName | None = None) -> Quad | None:
        """The first quad of a pattern, one row asked (a post's label is in each of its cables' graphs)."""
        return next(self.matching(subject, predicate, object, graph_name, 1), None)

    def firsts(self, patterns: Sequence[Pattern]) -> dict[Pattern, Quad | None]:
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

    def matching(self, subject: Subject | None, predicate: NamedNode | None, object: Term | None,
                 graph_name: GraphName | None, limit: int | None) -> Iterator[Quad]:
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
                yield Quad(*cast(tuple[Subject, NamedNode, Term, GraphName], (subject, predicate, object, graph_name)))
            return
        cap = f" LIMIT {limit}" if limit else ""
        for solution in self.select(f"SELECT {' '.join(wanted)} WHERE {{ {where} }}{cap}"):
            def bound(name: str, given: Term | None, row: Any = solution) -> Any:
                return given if given is not None else row[name]

            graph = solution["g"] if graph_var else graph_name
            yield Quad(bound("s", subject), bound("p", predicate), bound("o", object), graph)

    def named_graphs(self) -> Iterator[NamedNode]:
        for solution in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            if isinstance(solution["g"], NamedNode):
                yield solution["g"]

    def contains_named_graph(self, graph_name: NamedNode | BlankNode) -> bool:
        self.probe()
        return bool(self.run(f"ASK {{ GRAPH {graph_name} {{ ?s ?p ?o }} }}", [], None))

    def __contains__(self, quad: object) -> bool:
        if not isinstance(quad, Quad) or isinstance(quad.subject, Triple) or isinstance(quad.object, Triple):
            return False
        found = self.quads_for_pattern(quad.subject, quad.predicate, quad.object, quad.graph_name)
        return next(iter(found), None) is not None

    def __len__(self) -> int:
        solutions = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sum(int(s["n"].value) for s in solutions)

    def dump(self, output: IO[bytes] | None = None, format: RdfFormat | None = None, *,
             from_graph: GraphName | None = None) -> bytes | None:
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

    def load(self, input: bytes, format: RdfFormat) -> None:
        """N-Quads (or other RDF) written graph by graph, each graph replaced whole."""
        by_graph: dict[GraphName, list[Triple]] = defaultdict(list)
        for quad in pyoxigraph.parse(input, format=format):
            by_graph[quad.graph_name].append(quad.triple)
        with ThreadPoolExecutor(WRITERS) as pool:  # the server works on one while the next is sent
            for future in [pool.submit(self.put_graph, graph, triples) for graph, triples in by_graph.items()]:
                future.result()

    def put_graph(self, graph: GraphName, triples: list[Triple]) -> None:
        """Replace one graph in one request: GSP ``PUT``, else ``DROP`` and ``INSERT DATA`` together."""
        body = pyoxigraph.serialize(triples, format=RdfFormat.N_TRIPLES) or b""
        if self.gsp_url is not None:
            self.send(self.graph_url(graph), "PUT", body, f"{NTRIPLES}; charset=utf-8", "*/*")
        else:
            self.update(f"DROP SILENT GRAPH {graph} ;\n{virtuoso.insert(graph, body.decode())}")

    def extend(self, quads: Iterable[Quad]) -> None:
        by_graph: dict[GraphName, list[Triple]] = defaultdict(list)
        for quad in quads:
            by_graph[quad.graph_name].append(quad.triple)
        for graph, triples in by_graph.items():
            body = pyoxigraph.serialize(triples, format=RdfFormat.N_TRIPLES) or b""
            if self.gsp_url is not None:
                self.send(self.graph_url(graph), "POST", body, f"{NTRIPLES}; charset=utf-8", "*/*")
            else:
                self.update(virtuoso.insert(graph, body.decode()))

    def add(self, quad: Quad) -> None:
        self.extend([quad])

    def remove_graph(self, graph_name: NamedNode | BlankNode) -> None:
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

    def graph_url(self, graph: GraphName) -> str:
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




def bind(query: str, substitutions: dict[Variable, str]) -> str:
    """The query with its first group opened by ``VALUES (?a ?b) { (term term) }``: the variables are
    bound before anything else is evaluated, as pyoxigraph's ``substitutions`` bind them."""
    at = query.index("{") + 1
    names = " ".join(f"?{variable.value}" for variable in substitutions)
    terms = " ".join(substitutions.values())
    return f"{query[:at]} VALUES ({names}) {{ ({terms}) }} {query[at:]}"


def graphs(value: GraphName | Sequence[GraphName] | None) -> list[NamedNode]:
    if value is None:
        return []
    return [g for g in (value if isinstance(value, list | tuple) else [value]) if isinstance(g, NamedNode)]
