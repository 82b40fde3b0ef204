"""SHACL-SPARQL for the compiled checker (:mod:`cablerdf.validate.checker`): SPARQL-based constraints (sh:sparql with
sh:select) and SPARQL-based targets (sh:target with sh:select), run by Oxigraph on an in-memory store of
the batch, as :mod:`cablerdf.validate.reference` runs them for pyshacl (prefixes from sh:prefixes, $this
pre-bound in a VALUES block opening the WHERE clause).

Two things keep it fast without changing the results. A constraint's query runs once for all focus
nodes (one VALUES row each) when that cannot mix them: $this projected, no LIMIT, OFFSET or sub-query,
aggregates only grouped by $this; otherwise once per focus node, as pyshacl does. And the store holds
only the triples the queries' patterns can match (their predicates; for rdf:type with a fixed class,
that class), read with rdflib's SPARQL parser; a query it cannot read so, or with a variable predicate,
a negated property set or a zero-length path, gets every triple.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from pyparsing import ParseResults
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, Path, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from cablerdf.validate.batch import Batch, Key, Scope, Term, key
from cablerdf.validate.checks import SH, Check, Context, Hit, Pairs, Unsupported, ox_term, rdf

WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
BIND = {name: re.compile(r"([\s{}()])[\$\?]" + name, flags=re.M) for name in ("this", "currentShape", "PATH")}
FORBIDDEN = re.compile(r"(?<![\w:])(MINUS|SERVICE|VALUES)\b|[\$\?]shapesGraph\b", re.IGNORECASE)
AGGREGATE = re.compile(r"\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(|\bGROUP\s+BY\b|\bHAVING\b", re.IGNORECASE)
GROUPED_BY_THIS = re.compile(r"\bGROUP\s+BY\b[^{}]*?[\$\?]this\b", re.IGNORECASE)
PROJECTS_THIS = re.compile(r"^\s*SELECT\b[^{]*?([\$\?]this\b|\*)", re.IGNORECASE | re.MULTILINE)
MIXING = re.compile(r"\b(LIMIT|OFFSET)\b|\{[^}]*\bSELECT\b", re.IGNORECASE)


@dataclass(frozen=True)
class Query:
    """A SHACL-SPARQL SELECT as pyshacl runs it: prefixed, $PATH substituted, which variables to pre-bind."""

    text: str
    this: bool  # $this is pre-bound
    current_shape: Node | None  # $currentShape is pre-bound to this shape
    batched: bool  # one run for all focus nodes gives the same rows as one run each

    def rows(self, batch: Batch, foci: Sequence[Term]) -> list[dict[str, Term]]:
        """The solutions (bound variables only) for these focus nodes in one query (a blank node, which
        VALUES cannot hold, alone by substitution)."""
        columns = (["this"] if self.this else []) + (["currentShape"] if self.current_shape is not None else [])
        text, substitutions = self.text, dict[ox.Variable, Any]()
        if self.this and len(foci) == 1 and type(foci[0]) is ox.BlankNode:
            substitutions[ox.Variable("this")] = foci[0]
            columns.remove("this")
        if columns:
            shape = [ox_node(self.current_shape)] if self.current_shape is not None else []
            rows = " ".join("(" + " ".join(str(t) for t in ([f] if "this" in columns else []) + shape) + ")"
                            for f in foci)
            match = WHERE.search(text)
            if match is None:
                raise Unsupported("a pre-bound SPARQL query needs a WHERE clause")
            block = " VALUES ({}) {{ {} }} ".format(" ".join("?" + c for c in columns), rows)
            text = text[: match.end()] + block + text[match.end():]
        answer = batch.store().query(text, use_default_graph_as_union=True, substitutions=substitutions or None)
        if not isinstance(answer, ox.QuerySolutions):
            raise Unsupported("a SHACL-SPARQL query must be a SELECT query")
        names = [v.value for v in answer.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in answer]


def ox_node(node: Node | None) -> Term:
    assert node is not None
    return ox_term(node)


def prefixes(graph: Graph, node: Node) -> dict[str, str]:
    """pyshacl's prefixes for a query node: rdf, rdfs, owl and the sh:declare of its sh:prefixes."""
    found = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
    SH_ = {name: URIRef(SH + name) for name in ("prefixes", "declare", "prefix", "namespace")}
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    everywhere = {d for o in ontologies for d in graph.objects(o, SH_["declare"])}
    for value in graph.objects(node, SH_["prefixes"]):
        own = set(graph.objects(value, SH_["declare"]))
        for declare in own if own and value in ontologies else everywhere | own:
            found[str(graph.value(declare, SH_["prefix"]))] = str(graph.value(declare, SH_["namespace"]))
    return found


def sparql_path(graph: Graph, path: Node) -> str:
    if isinstance(path, URIRef):
        return f"<{path}>"
    steps = list(graph.items(path))
    if len(steps) > 1:
        return "(" + " / ".join(sparql_path(graph, s) for s in steps) + ")"
    inverse = graph.value(path, URIRef(SH + "inversePath"))
    if inverse is None:
        raise Unsupported(f"$PATH with an unsupported path {path}")
    return "^" + sparql_path(graph, inverse)


def compile_query(ctx: Context, node: Node, constraint: bool) -> Query:
    """The query of a sh:sparql or sh:target node, checked and prepared once."""
    select = [s for s in ctx.graph.objects(node, URIRef(SH + "select"))]
    if len(select) != 1 or not isinstance(select[0], Literal):
        raise Unsupported(f"{ctx.node}: a SPARQL constraint or target needs exactly one sh:select")
    text = str(select[0])
    if FORBIDDEN.search(text):
        raise Unsupported(f"{ctx.node}: unsupported SPARQL (MINUS, VALUES, SERVICE or $shapesGraph)")
    if BIND["PATH"].search(text):
        if ctx.info.path_node is None:
            raise Unsupported(f"{ctx.node}: $PATH in a node shape's query")
        text = BIND["PATH"].sub(r"\g<1>" + sparql_path(ctx.graph, ctx.info.path_node).replace("\\", "\\\\"), text)
    this = constraint and bool(BIND["this"].search(text))
    current = ctx.node if constraint and BIND["currentShape"].search(text) else None
    prefixed = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes(ctx.graph, node).items()) + "\n" + text
    aggregates = AGGREGATE.search(text) is not None
    batched = bool(PROJECTS_THIS.search(text)) and not MIXING.search(text) and \
        (not aggregates or GROUPED_BY_THIS.search(text) is not None)
    return Query(prefixed, this, current, batched)


# --- what the store must hold -------------------------------------------------------------------------

def scope_of(text: str) -> Scope:
    """The triples a query's patterns can match: predicate -> fixed IRI objects (None: any); None: all."""
    try:
        algebra = prepareQuery(text).algebra
    except Exception:
        return None
    found: dict[str, frozenset[str] | None] = {}
    return found if _walk(algebra, found) else None


def _walk(node: Any, found: dict[str, frozenset[str] | None]) -> bool:
    """Collect the patterns under an algebra node (BGPs, and EXISTS groups left as parsed); False if one
    can match any triple."""
    if isinstance(node, CompValue):
        triples = dict.get(node, "triples")  # (CompValue.get resolves variables)
        if triples is not None and not all(_pattern(t, found) for t in _triples(triples)):
            return False
        return all(_walk(v, found) for k, v in node.items() if k != "triples")
    if isinstance(node, dict):
        return all(_walk(v, found) for v in node.values())
    if isinstance(node, list | tuple | ParseResults):
        return all(_walk(v, found) for v in node)
    return not isinstance(node, Path)  # a path outside a triple pattern: unknown


def _triples(triples: Any) -> list[tuple[Any, ...]]:
    """A BGP's triples, or a parsed block's (flat lists of subject, predicate, object, subject, ...)."""
    out: list[tuple[Any, ...]] = []
    for group in triples:
        items = list(group)
        if len(items) % 3:
            return [(None, None, None)]  # not triples: the store gets everything
        out.extend(tuple(items[i:i + 3]) for i in range(0, len(items), 3))
    return out


def _pattern(triple: tuple[Any, ...], found: dict[str, frozenset[str] | None]) -> bool:
    _s, p, o = triple
    if isinstance(p, URIRef):
        fixed = frozenset([str(o)]) if isinstance(o, URIRef) else None
        old = found.get(str(p), frozenset())
        found[str(p)] = None if old is None or fixed is None else old | fixed
        return True
    return isinstance(p, Path) and _path(p, found)


def _path(path: Any, found: dict[str, frozenset[str] | None]) -> bool:
    if isinstance(path, NegatedPath) or (isinstance(path, MulPath) and path.zero):
        return False
    if isinstance(path, URIRef):
        found[str(path)] = None
        return True
    if isinstance(path, AlternativePath | SequencePath):
        return all(_path(p, found) for p in path.args)
    if isinstance(path, InvPath):
        return _path(path.arg, found)
    return isinstance(path, MulPath) and _path(path.path, found)


def merge(scopes: list[Scope]) -> Scope:
    merged: dict[str, frozenset[str] | None] = {}
    for scope in scopes:
        if scope is None:
            return None
        for p, objects in scope.items():
            old = merged.get(p, frozenset())
            merged[p] = None if old is None or objects is None else old | objects
    return merged


# --- constraints and targets -----------------------------------------------------------------------

def format_message(message: str, bound: dict[str, Any]) -> str:
    """pyshacl's substitution of {?var} and {$var} in a SPARQL-based result's message."""
    for var, val in bound.items():
        message = re.sub(f"{{[?$]{var}}}", str(val), message)
    return message


def sparql_check(ctx: Context, scopes: list[Scope]) -> Check:
    nodes = ctx.values("sparql")
    constraints = []
    for node in nodes:
        deactivated = ctx.graph.objects(node, URIRef(SH + "deactivated"))
        if any(isinstance(d, Literal) and d.toPython() is True for d in deactivated):
            continue
        query = compile_query(ctx, node, constraint=True)
        scopes.append(scope_of(query.text))
        own = [str(m) for m in ctx.graph.objects(node, URIRef(SH + "message"))]
        constraints.append((query, node, own))
    shape_messages = [str(m) for m in ctx.graph.objects(ctx.node, URIRef(SH + "message"))]
    info, component = ctx.info, URIRef(SH + "SPARQLConstraintComponent")

    def hits(focus: Term, rows: list[dict[str, Term]], own: list[str]) -> list[Hit]:
        """pyshacl's results for a focus node's solutions: one for ?failure, else one for each distinct
        (?this, ?path, ?value, other bindings), the message's {?var} replaced by the bindings."""
        messages = shape_messages + [m for m in own if m not in shape_messages]
        out: list[Hit] = []
        seen: list[Any] = []
        default = focus if info.path_node is None else None
        for row in rows:
            bound = {k: rdf(v) for k, v in row.items()}
            if bound.pop("failure", None) is not None:
                if True not in seen:
                    seen.append(True)
                    text = min((format_message(m, bound) for m in messages), default="")
                    out.append(Hit(info, component, focus, default, text, info.path))
                continue
            t, p, v = (bound.pop(k, None) for k in ("this", "path", "value"))
            if (t is None and p is None and v is None) or (t, p, v, bound) in seen:
                continue
            seen.append((t, p, v, bound))
            names = {**bound, **{k: n for k, n in (("this", t), ("path", p), ("value", v)) if n is not None}}
            text = min((format_message(m, names) for m in messages), default="")
            path = row.get("path")
            where = info.path if p is None else str(path.value) if type(path) is ox.NamedNode else None
            value = row["value"] if v is not None else default
            out.append(Hit(info, component, row["this"] if t else focus, value, text, where))
        return out

    def check(batch: Batch, pairs: Pairs, out: list[Hit]) -> None:
        foci = pairs[0]
        for query, _node, own in constraints:
            batched = query.batched and query.this
            together = [f for f in foci if type(f) is not ox.BlankNode] if batched else []
            by_focus: dict[Key, list[dict[str, Term]]] = {}
            for row in query.rows(batch, together) if together else []:
                if "this" in row:
                    by_focus.setdefault(key(row["this"]), []).append(row)
            for focus in foci:
                alone = not batched or type(focus) is ox.BlankNode
                rows = query.rows(batch, [focus]) if alone else by_focus.get(key(focus), [])
                out.extend(hits(focus, rows, own))
    return check


def sparql_target(ctx: Context, node: Node, scopes: list[Scope]) -> Callable[[Batch], dict[Key, Term]]:
    """The focus nodes of a SPARQL-based target: the ?this of its query, run once on the batch."""
    kinds = set(ctx.graph.objects(node, RDF.type))
    if not kinds <= {URIRef(SH + "SPARQLTarget")}:
        raise Unsupported(f"{ctx.node}: unsupported target type {sorted(map(str, kinds))}")
    query = compile_query(ctx, node, constraint=False)
    scopes.append(scope_of(query.text))

    def foci(batch: Batch) -> dict[Key, Term]:
        return {key(row["this"]): row["this"] for row in query.rows(batch, []) if "this" in row}
    return foci
