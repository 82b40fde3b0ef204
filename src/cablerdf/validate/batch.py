"""The data side of the compiled SHACL checker (:mod:`cablerdf.validate.checker`): a batch's quads indexed once.

Terms stay pyoxigraph terms; dictionary keys are plain strings, cheaper to hash than pyoxigraph terms:
an IRI's key is the IRI, a blank node's ``_:`` and its label (no IRI starts so), a literal's key is
its :func:`canonical` self. Literal values follow rdflib, as pyshacl sees them in its rdflib data
graph: :func:`rdflib_literal` (cached) gives the value, the ill-typed flag and the normalised
lexical form (``"01"^^xsd:integer`` is ``"1"``, so it is the same value node as ``"1"``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from typing import Literal as Exactly

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from cablerdf.validate.datagraph import DataGraph, data_graph
from cablerdf.validate.terms import XSD_STRING

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Key = str | ox.Literal
Index = dict[Key, list[Term]]
Scope = dict[str, frozenset[str] | None] | None  # predicate -> IRI objects (None: any) of the SPARQL data
Wanted = frozenset[str] | None | Exactly[False]  # a predicate's triples in the SPARQL store: some, all, none
LANG_STRING = str(RDF.langString)
RDF_TYPE, SUBCLASS_OF = str(RDF.type), str(RDFS.subClassOf)
CACHE_SIZE = 200_000
_literals: dict[ox.Literal, Literal] = {}
_canonical: dict[ox.Literal, ox.Literal] = {}
_well_typed: dict[ox.Literal, bool] = {}
PYTHON_TYPES: dict[str, type] = {
    str(XSD.integer): int, str(XSD.float): float, str(XSD.decimal): Decimal, str(XSD.boolean): bool,
    str(XSD.date): datetime.date, str(XSD.time): datetime.time, str(XSD.dateTime): datetime.datetime}


def rdflib_literal(term: ox.Literal) -> Literal:
    """The literal as pyshacl's data graph holds it (plain for xsd:string), with rdflib's value and checks."""
    found = _literals.get(term)
    if found is None:
        if len(_literals) > CACHE_SIZE:
            _literals.clear()
        datatype = term.datatype.value
        if term.language:
            found = Literal(term.value, lang=term.language)
        else:
            found = Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
        _literals[term] = found
    return found


def well_typed(term: ox.Literal) -> bool:
    """pyshacl's sh:datatype test for a literal of that datatype: not ill-typed for rdflib, and of the Python
    type rdflib gives the datatypes pyshacl knows."""
    found = _well_typed.get(term)
    if found is None:
        if len(_well_typed) > CACHE_SIZE:
            _well_typed.clear()
        literal = rdflib_literal(term)
        python_type = PYTHON_TYPES.get(term.datatype.value, object)
        found = _well_typed[term] = literal.ill_typed is not True and isinstance(literal.value, python_type)
    return found


def is_string(term: ox.Literal) -> bool:
    """An xsd:string or rdf:langString literal: rdflib keeps its lexical form as written."""
    return term.datatype.value in (XSD_STRING, LANG_STRING)


def canonical(term: ox.Literal) -> ox.Literal:
    """The literal with rdflib's normalised lexical form: rdflib-equal literals become equal terms."""
    if is_string(term):
        return term
    found = _canonical.get(term)
    if found is None:
        if len(_canonical) > CACHE_SIZE:
            _canonical.clear()
        lexical = str(rdflib_literal(term))
        found = term if lexical == term.value else ox.Literal(lexical, datatype=term.datatype)
        _canonical[term] = found
    return found


def key(term: Any) -> Key:
    kind = type(term)
    if kind is ox.NamedNode:
        return str(term.value)
    if kind is ox.BlankNode:
        return "_:" + str(term.value)
    if kind is ox.Literal:
        return canonical(term)
    raise TypeError(f"unsupported term in the data: {term!r}")


def subject_key(term: Any) -> str:
    """A subject's key (an IRI or a blank node; RDF-star triple terms are not supported)."""
    found = key(term)
    if not isinstance(found, str):
        raise TypeError(f"unsupported subject in the data: {term!r}")
    return found


def lexical_form(term: Term) -> str | None:
    """The string sh:pattern matches: an IRI, a literal's (normalised) lexical form; None for a blank node."""
    if type(term) is ox.NamedNode:
        return str(term.value)
    if type(term) is ox.Literal:
        return str(term.value) if is_string(term) else str(rdflib_literal(term))
    return None


def unique(values: list[Term]) -> list[Term]:
    """The distinct values, rdflib-equal literals counted once."""
    out = list(dict.fromkeys(values))
    if len(out) > 1 and any(type(v) is ox.Literal for v in out):
        out = list(dict.fromkeys(canonical(v) if type(v) is ox.Literal else v for v in out))
    return out


class Batch:
    """The triples of some graphs: objects by predicate and subject, subjects' terms and graphs."""

    def __init__(self, scope: Scope) -> None:
        self.objects: dict[str, Index] = {}  # predicate IRI -> subject key -> distinct objects
        self.subjects: dict[str, tuple[Term, str]] = {}  # subject key -> subject, first graph describing it
        self.segments: list[tuple[str, Sequence[ox.Quad]]] = []
        self.scope = scope
        self.sparql_quads: list[ox.Quad] = []
        self._predicates: dict[ox.NamedNode, tuple[Index, Wanted]] = {}
        self._more_graphs: dict[str, set[str]] = {}
        self._multi: list[list[Term]] = []
        self._inverse: dict[str, Index] = {}
        self._store: ox.Store | None = None
        self._object_graphs: dict[str, set[str]] | None = None
        self.known_classes: dict[Key, set[Key]] = {}  # node -> its classes (see classes())
        self._rdflib: DataGraph | None = None
        self.memo: dict[Any, Any] = {}  # the checker's per-batch focus nodes and value nodes

    def _predicate(self, predicate: ox.NamedNode) -> tuple[Index, Wanted]:
        """A predicate's objects by subject, and which of its triples SPARQL sees: all (None), those with
        these IRI objects, or none (False)."""
        p = predicate.value
        wanted: Wanted = None if self.scope is None else self.scope.get(p, False)
        index = self.objects.setdefault(p, {})
        entry = self._predicates[predicate] = (index, wanted)
        return entry

    def add(self, quads: Sequence[ox.Quad], graph: str) -> None:
        """Index quads of the graph named ``graph`` ("" for the default graph)."""
        self.segments.append((graph, quads))
        predicates, subjects, multi, collect = self._predicates, self.subjects, self._multi, self.sparql_quads.append
        last: Any = None
        sk = ""
        for quad in quads:
            s = quad.subject
            if s != last:  # a run of one subject's triples: its key once
                last = s
                sk = s.value if type(s) is ox.NamedNode else subject_key(s)
                seen = subjects.get(sk)
                if seen is None:
                    subjects[sk] = (s, graph)  # type: ignore[assignment]
                elif seen[1] != graph:
                    self._more_graphs.setdefault(sk, set()).add(graph)
            p = quad.predicate
            entry = predicates.get(p) or self._predicate(p)
            o: Term = quad.object  # type: ignore[assignment]  # a triple term fails in key() when it matters
            values = entry[0].get(sk)
            if values is None:
                entry[0][sk] = [o]
            else:
                values.append(o)
                if len(values) == 2:
                    multi.append(values)
            wanted = entry[1]
            if wanted is not False and (wanted is None or (type(o) is ox.NamedNode and o.value in wanted)):
                collect(quad)

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Index quads of any graphs (each quad's graph read)."""
        runs: list[tuple[str, list[ox.Quad]]] = []
        previous: Any = None
        for quad in quads:
            graph = quad.graph_name
            if graph != previous:
                previous = graph
                runs.append((graph.value if type(graph) is ox.NamedNode else "", []))
            runs[-1][1].append(quad)
        for name, run in runs:
            self.add(run, name)

    def finish(self) -> Batch:
        """Drop repeated triples (a node described in several graphs): value nodes are sets."""
        for values in self._multi:
            if len(values) == 2 and values[0] != values[1] and ox.Literal not in (type(values[0]), type(values[1])):
                continue  # two different IRIs or blank nodes
            distinct = unique(values)
            if len(distinct) < len(values):
                values[:] = distinct
        self._multi = []
        return self

    def inverse(self, predicate: str) -> Index:
        """Subjects by object key for one predicate (built on first use)."""
        found = self._inverse.get(predicate)
        if found is None:
            found = self._inverse[predicate] = {}
            subjects = self.subjects
            for sk, values in self.objects.get(predicate, {}).items():
                subject = subjects[sk][0]  # type: ignore[index]  # subjects are keyed by strings
                for value in values:
                    vk = value.value if type(value) is ox.NamedNode else key(value)
                    linked = found.get(vk)
                    if linked is None:
                        found[vk] = [subject]
                    else:
                        linked.append(subject)
        return found

    def instances(self, cls: Key) -> dict[Key, Term]:
        """The SHACL instances of a class as pyshacl finds them: rdf:type the class or a subclass of it by
        rdfs:subClassOf* in the data graph (no inference)."""
        types, subclasses = self.inverse(RDF_TYPE), self.inverse(SUBCLASS_OF)
        classes: set[Key] = {cls}
        todo: list[Key] = [cls]
        while todo:
            for sub in subclasses.get(todo.pop(), ()):
                sub_key = key(sub)
                if sub_key not in classes:
                    classes.add(sub_key)
                    todo.append(sub_key)
        return {s.value if type(s) is ox.NamedNode else key(s): s for c in classes for s in types.get(c, ())}

    def store(self) -> ox.Store:
        """The quads SPARQL queries can see (those their patterns can match), in an in-memory store."""
        if self._store is None:
            self._store = ox.Store()
            self._store.bulk_extend(self.sparql_quads)
        return self._store

    def graphs_of(self, focus: Key) -> list[str]:
        """The graphs describing a focus node; for a node only linked to, those linking to it."""
        if isinstance(focus, str):
            seen = self.subjects.get(focus)
            if seen is not None:
                return sorted({seen[1], *self._more_graphs.get(focus, ())})
            if self._object_graphs is None:
                self._object_graphs = {}
                for graph, quads in self.segments:
                    for quad in quads:
                        if type(quad.object) is ox.NamedNode:
                            self._object_graphs.setdefault(quad.object.value, set()).add(graph)
            found = self._object_graphs.get(focus)
            if found:
                return sorted(found)
        return [""]

    def classes(self, node: Key) -> set[Key]:
        """A node's classes: its rdf:type values and their rdfs:subClassOf* in the data graph."""
        found = self.known_classes.get(node)
        if found is None:
            types = self.objects.get(RDF_TYPE, {}).get(node, ())
            found = {t.value if type(t) is ox.NamedNode else key(t) for t in types}
            supers = self.objects.get(SUBCLASS_OF)
            todo: list[Key] = list(found) if supers else []
            while todo:
                for sup in supers.get(todo.pop(), ()) if supers else ():
                    if (sup_key := key(sup)) not in found:
                        found.add(sup_key)
                        todo.append(sup_key)
            self.known_classes[node] = found
        return found

    def rdflib_graph(self) -> DataGraph:
        """The data as pyshacl's rdflib data graph (for a generic message about a blank node)."""
        if self._rdflib is None:
            self._rdflib = data_graph(q for _graph, quads in self.segments for q in quads)
        return self._rdflib
