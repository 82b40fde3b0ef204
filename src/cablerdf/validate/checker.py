"""A compiled SHACL checker: the shapes read once into plain Python closures, the data indexed once per batch.

It gives the results pyshacl 0.40 gives for the same shapes and data as :mod:`cablerdf.validate.reference`
runs it (no inference, advanced features on, ``allow_warnings``; the shapes flattened by
:func:`cablerdf.validate.shapes.validation_shapes`): equal :class:`~cablerdf.validate.report.Result` values in every
field, severity, focus node, source shape, result path, message, value node, constraint component
and graph, as ``tests/validate/test_checker.py`` and ``tests/validate/test_corpus_shapes.py`` check against pyshacl.

What it implements, as pyshacl does it:

- targets: sh:targetClass (and a shape that is an rdfs:Class), the instances following
  rdfs:subClassOf* in the data graph only; sh:targetNode; sh:targetSubjectsOf; sh:targetObjectsOf;
  SPARQL-based targets (sh:target with sh:select);
- paths: a predicate, sh:inversePath of a predicate, and sequences of these;
- components (:mod:`cablerdf.validate.components`): sh:class, sh:datatype (rdflib's literal values:
  an ill-typed literal fails, a plain literal is an xsd:string, a tagged one an rdf:langString),
  sh:nodeKind, sh:minCount, sh:maxCount, sh:pattern (with sh:flags i and m; on the lexical form of a
  literal, an IRI's string; a blank node fails), sh:in, sh:hasValue, sh:equals, sh:lessThan,
  sh:lessThanOrEquals, sh:minInclusive, sh:minExclusive, sh:maxInclusive, sh:maxExclusive, sh:or,
  sh:node (with pyshacl's nested results), sh:property, and SPARQL-based constraints
  (:mod:`cablerdf.validate.sparql`);
- value nodes are sets under rdflib's term equality (a triple in two graphs counts once, and so do
  ``"1"`` and ``"01"`` typed xsd:integer); messages are the shape's sh:message (the least one), else
  pyshacl's generic message (:mod:`cablerdf.validate.checks`).

Anything else (another component, path, target type, custom constraint components, rules, SHACL
functions) raises :class:`Unsupported` when the shapes are compiled, naming the shape, so that a new
shape is never skipped silently. Known differences, none met by the mapping's output: a shape constant
written ``"x"^^xsd:string`` equals the data's ``"x"`` here (pyshacl's rdflib keeps them apart); a blank
node focus of a SPARQL-based constraint is pre-bound here (by substitution), where pyshacl as
:mod:`cablerdf.validate.reference` runs it fails (a VALUES block cannot hold a blank node).

The data (:mod:`cablerdf.validate.batch`) is indexed in one pass over the quads; shapes with the same
targets share their focus nodes, and those with the same targets and path their value nodes. The
cyclic garbage collector is paused while a batch is checked.
"""

from __future__ import annotations

import functools
import gc
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from cablerdf.iris import NS
from cablerdf.validate.batch import RDF_TYPE, Batch, Index, Key, Scope, Term, key, unique
from cablerdf.validate.checks import SH, Check, Context, Hit, Pairs, ShapeInfo, Unsupported, Validator, ox_term, rdf
from cablerdf.validate.components import SIMPLE
from cablerdf.validate.report import Report, Result
from cablerdf.validate.shapes import validation_shapes
from cablerdf.validate.sparql import merge, sparql_check, sparql_target

__all__ = ["Checker", "Unsupported", "default_checker", "validate_graphs", "validate_quads"]

CABLE = NS + "Cable"
NOT_CONSTRAINTS = {"path", "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "target", "severity",
                   "message", "name", "description", "deactivated", "order", "group", "defaultValue", "flags"}
REFUSED_TYPES = ("ConstraintComponent", "SPARQLRule", "TripleRule", "JSRule", "SPARQLFunction", "JSFunction",
                 "SPARQLTargetType", "JSTargetType", "JSTarget", "SPARQLAskValidator", "SPARQLSelectValidator")
Foci = dict[Key, Term]
TargetFn = Callable[[Batch], Foci]
PathFn = Callable[[Batch, Foci], Pairs]


def sh(name: str) -> URIRef:
    return URIRef(SH + name)


class Top(NamedTuple):
    """A shape validated on its own targets."""

    targets: tuple[object, ...]  # what identifies its focus nodes (shapes with the same share them)
    target_fns: list[TargetFn]
    path: object  # what identifies its path (None for a node shape)
    path_fn: PathFn
    checks: list[Check]


def node_values(_batch: Batch, foci: Foci) -> Pairs:
    return list(foci.values()), list(zip(foci.values()))  # each focus node its one value node


def no_values(_batch: Batch, foci: Foci) -> Pairs:
    return list(foci.values()), [()] * len(foci)


class Checker:
    """The shapes of a shapes graph, compiled; :meth:`check` validates a batch of quads with them."""

    def __init__(self, shapes: Graph) -> None:
        self.graph = shapes
        self.scopes: list[Scope] = []
        self._nested: dict[Node, Validator] = {}
        self._compiling: set[Node] = set()
        self.refuse_unsupported_features()
        self.top = [top for node in sorted(self.shape_nodes(), key=str) if (top := self.compile_top(node))]
        self.scope = merge(self.scopes)

    # --- compiling -------------------------------------------------------------------------------------

    def refuse_unsupported_features(self) -> None:
        for name in REFUSED_TYPES:
            for node in self.graph.subjects(RDF.type, sh(name)):
                raise Unsupported(f"{node}: sh:{name} is not supported by the compiled checker")
        for s, p, _o in self.graph.triples((None, None, None)):
            if p in (sh("rule"), sh("js"), sh("jsFunctionName"), sh("entailment"), sh("nodeValidator")):
                raise Unsupported(f"{s}: {p} is not supported by the compiled checker")

    def shape_nodes(self) -> set[Node]:
        """The shapes pyshacl finds: typed ones, the subjects of targets, sh:property and sh:node, and the
        values of shape-expecting parameters."""
        g = self.graph
        found = set(g.subjects(RDF.type, sh("NodeShape"))) | set(g.subjects(RDF.type, sh("PropertyShape")))
        for p in ("targetClass", "targetNode", "targetObjectsOf", "targetSubjectsOf", "property", "node"):
            found |= set(g.subjects(sh(p), None))
        for p in ("property", "node", "not", "qualifiedValueShape"):
            found |= set(g.objects(None, sh(p)))
        for p in ("and", "or", "xone"):
            found |= {m for lst in g.objects(None, sh(p)) for m in g.items(lst)}
        return found

    def info(self, node: Node) -> ShapeInfo:
        g = self.graph
        severity = next(iter(set(g.objects(node, sh("severity")))), sh("Violation"))
        messages = [str(m) for m in set(g.objects(node, sh("message")))]
        paths = list(g.objects(node, sh("path")))
        if len(paths) > 1:
            raise Unsupported(f"{node}: more than one sh:path")
        path = paths[0] if paths else None
        inverse = g.value(path, sh("inversePath")) if isinstance(path, BNode) else None
        text = str(path) if isinstance(path, URIRef) else "^" + str(inverse) if isinstance(inverse, URIRef) else None
        return ShapeInfo(node, str(severity).rsplit("#", 1)[-1], text, path, min(messages) if messages else None,
                         severity in (sh("Warning"), sh("Info")))

    def parts(self, node: Node) -> tuple[ShapeInfo, object, PathFn, list[Check]] | None:
        """A shape's common result parts, value nodes (their identity and function) and checks; None if it is
        deactivated. SPARQL-based constraints do not use value nodes: a shape with only those gets none."""
        if any(isinstance(d, Literal) and d.toPython() for d in self.graph.objects(node, sh("deactivated"))):
            return None
        info = self.info(node)
        ctx = Context(self.graph, node, info, self.nested)
        checks, compiled = [], set()
        names = sorted({str(p)[len(SH):] for p in self.graph.predicates(node) if str(p).startswith(SH)})
        for name in names:
            if name in NOT_CONSTRAINTS:
                continue
            if name == "sparql":
                checks.append(sparql_check(ctx, self.scopes))
            elif name not in SIMPLE:
                raise Unsupported(f"{node}: sh:{name} is not supported by the compiled checker")
            elif SIMPLE[name] not in compiled:  # (one compiler may serve several parameters)
                compiled.add(SIMPLE[name])
                checks.append(SIMPLE[name](ctx))
        if info.path_node is None:
            return info, None, node_values, checks
        path, path_fn = self.path(node, info.path_node)
        if set(names) - NOT_CONSTRAINTS == {"sparql"}:
            return info, "none", no_values, checks
        return info, path, path_fn, checks

    def nested(self, node: Node) -> Validator:
        """A shape validated on given focus nodes (a member of sh:or, the value of sh:node or sh:property)."""
        if node in self._nested:
            return self._nested[node]
        if node in self._compiling:
            raise Unsupported(f"{node}: recursive shapes are not supported by the compiled checker")
        self._compiling.add(node)
        parts = self.parts(node)
        self._compiling.discard(node)

        def validate(batch: Batch, foci: Foci, out: list[Hit]) -> bool:
            if parts is None:
                return True
            info, _path, path_fn, checks = parts
            start, pairs = len(out), path_fn(batch, foci)
            for check in checks:
                check(batch, pairs, out)
            return info.allowed or all(hit.shape.allowed for hit in out[start:])
        self._nested[node] = validate
        return validate

    def compile_top(self, node: Node) -> Top | None:
        """A shape with targets, or None (no targets, or deactivated)."""
        g = self.graph
        specs: list[tuple[object, ...]] = []
        fns: list[TargetFn] = []
        for cls in self.target_classes(node):
            cls_key = key(ox_term(cls))
            specs.append(("class", cls_key))
            fns.append(functools.partial(Batch.instances, cls=cls_key))
        for target in g.objects(node, sh("targetNode")):
            term = ox_term(target)
            specs.append(("node", key(term)))
            fns.append(functools.partial(constant, node=term))
        for kind, fn in (("targetSubjectsOf", subjects_of), ("targetObjectsOf", objects_of)):
            for p in g.objects(node, sh(kind)):
                specs.append((kind, str(p)))
                fns.append(functools.partial(fn, predicate=str(p)))
        info = self.info(node)
        for target in g.objects(node, sh("target")):
            specs.append(("target", node, target))
            fns.append(sparql_target(Context(g, node, info, self.nested), target, self.scopes))
        parts = self.parts(node) if fns else None
        if parts is None:
            return None
        return Top(tuple(sorted(specs, key=str)), fns, parts[1], parts[2], parts[3])

    def target_classes(self, node: Node) -> list[Node]:
        g = self.graph
        classes = list(g.objects(node, sh("targetClass")))
        class_types = {RDFS.Class, *g.subjects(RDFS.subClassOf, RDFS.Class)}
        return classes + ([node] if any(t in class_types for t in g.objects(node, RDF.type)) else [])

    def path(self, shape: Node, path: Node) -> tuple[object, PathFn]:
        """A path's identity and its value nodes: a predicate, an inverse path, a sequence of these."""
        steps = self.steps(shape, path)
        if len(steps) == 1:
            step = steps[0][1]

            def one_step(batch: Batch, foci: Foci) -> Pairs:
                return list(foci.values()), list(map(step(batch).get, foci, itertools.repeat(())))
            return steps[0][0], one_step

        def values(batch: Batch, foci: Foci) -> Pairs:
            indexes = [step(batch) for _sig, step in steps]
            found: list[Sequence[Term]] = []
            for focus in foci.values():
                nodes: Sequence[Term] = [focus]
                for index in indexes:
                    nodes = unique([v for n in nodes for v in index.get(key(n), ())])
                found.append(nodes)
            return list(foci.values()), found
        return tuple(sig for sig, _step in steps), values

    def steps(self, shape: Node, path: Node) -> list[tuple[object, Callable[[Batch], Index]]]:
        g = self.graph
        if isinstance(path, URIRef):
            p = str(path)
            return [(("p", p), lambda batch: batch.objects.get(p, {}))]
        items = list(g.items(path)) if isinstance(path, BNode) else []
        if len(items) > 1:
            return [step for item in items for step in self.steps(shape, item)]
        inverse = g.value(path, sh("inversePath"))
        if isinstance(inverse, URIRef) and len(list(g.predicate_objects(path))) == 1:
            p = str(inverse)
            return [(("^", p), lambda batch: batch.inverse(p))]
        raise Unsupported(f"{shape}: this sh:path is not supported by the compiled checker")

    # --- checking --------------------------------------------------------------------------------------

    def check(self, quads: Iterable[ox.Quad]) -> Report:
        """Validate quads of any graphs as one data graph (each quad's graph read for the results)."""
        with paused_gc():
            batch = Batch(self.scope)
            batch.add_quads(quads)
            report = self.run(batch.finish())
            del batch  # freed before the collector resumes, which would otherwise traverse it all
        return report

    def check_graphs(self, graphs: Iterable[Sequence[ox.Quad]]) -> Report:
        """Validate graphs as one data graph; each sequence holds quads of one graph (its first quad's)."""
        with paused_gc():
            batch = Batch(self.scope)
            for quads in graphs:
                if quads:
                    name = quads[0].graph_name
                    batch.add(quads, name.value if type(name) is ox.NamedNode else "")
            report = self.run(batch.finish())
            del batch  # freed before the collector resumes, which would otherwise traverse it all
        return report

    def hits(self, batch: Batch) -> list[Hit]:
        hits: list[Hit] = []
        memo = batch.memo
        for top in self.top:
            foci = memo.get(top.targets)
            if foci is None:
                foci = memo[top.targets] = {}
                for fn in top.target_fns:
                    foci.update(fn(batch))
            if foci:
                pairs = memo.get((top.targets, top.path))
                if pairs is None:
                    pairs = memo[(top.targets, top.path)] = top.path_fn(batch, foci)
                for check in top.checks:
                    check(batch, pairs, hits)
        return hits

    def run(self, batch: Batch) -> Report:
        """The batch's results, sorted as pyshacl's (focus, shape, value), one for each graph describing
        the focus node (the graphs linking to it for a node only linked to)."""
        found = []
        for hit in self.hits(batch):
            value = None if hit.value is None else rdf(hit.value)
            found.append((rdf(hit.focus), hit, value, batch.graphs_of(key(hit.focus))))
        found.sort(key=lambda f: (str(f[0]), str(f[1].shape.node), str(f[2])))
        results = [Result(hit.shape.severity, focus, hit.shape.node, hit.path, hit.message, value, hit.component,
                          graph) for focus, hit, value, graphs in found for graph in graphs]
        return Report(len({key(c) for c in batch.inverse(RDF_TYPE).get(CABLE, ())}), results)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a batch is checked: the index is tens of thousands of small
    containers, without cycles, that each collection would traverse again (twice the time otherwise)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def constant(_batch: Batch, node: Term) -> Foci:
    return {key(node): node}


def subjects_of(batch: Batch, predicate: str) -> Foci:
    subjects = batch.subjects
    return {sk: subjects[sk][0] for sk in batch.objects.get(predicate, {}) if isinstance(sk, str)}


def objects_of(batch: Batch, predicate: str) -> Foci:
    return {key(o): o for values in batch.objects.get(predicate, {}).values() for o in values}


@functools.cache
def default_checker() -> Checker:
    """The checker of the shipped shapes (compiled once per process)."""
    return Checker(validation_shapes())


def validate_quads(quads: Iterable[ox.Quad]) -> Report:
    """Validate the graphs of some cables merged into one data graph (give each cable once), with the compiled
    checker. A result names the graph of its focus node; a node shared by graphs (a post, a person, an
    unrecognised TAG) has its results repeated for each graph that describes it, so counts do not depend on
    batching; a node only linked to takes the graphs linking to it."""
    return default_checker().check(quads)


def validate_graphs(graphs: Iterable[Sequence[ox.Quad]]) -> Report:
    """:func:`validate_quads` for quads given graph by graph: each sequence the quads of one graph (the graph
    of its first quad), as :func:`cablerdf.mapping.cable_quads` makes them; faster."""
    return default_checker().check_graphs(graphs)
