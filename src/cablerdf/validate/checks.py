"""The parts the compiled checker's components share (:mod:`cablerdf.validate.components`): what a shape's
results have in common, a result (:class:`Hit`), and the compile-time :class:`Context` of a shape, which
makes its results with the shape's message, else pyshacl's generic one, made with pyshacl's own
``stringify_node``: the same text for the same nodes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import pyoxigraph as ox
from pyshacl.rdfutil.stringify import stringify_node
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from cablerdf.iris import PREFIXES
from cablerdf.validate.batch import Batch, Key, Term, rdflib_literal
from cablerdf.validate.terms import XSD_STRING

SH = PREFIXES["sh"]
Pairs = tuple[list[Term], list[Sequence[Term]]]  # focus nodes, and the value nodes of each


@dataclass(frozen=True)
class ShapeInfo:
    """What a shape's results share."""

    node: Node
    severity: str  # Violation, Warning or Info (the local name of the IRI)
    path: str | None  # the result path: predicate IRI, ^IRI, or None (node shape, complex path)
    path_node: Node | None
    message: str | None  # the least of its sh:message values (read_results keeps that one)
    allowed: bool  # sh:Warning or sh:Info: its results do not make a nested shape fail (allow_warnings)


class Hit(NamedTuple):
    shape: ShapeInfo
    component: URIRef
    focus: Term
    value: Term | None
    message: str
    path: str | None


Check = Callable[[Batch, Pairs, list[Hit]], None]
Validator = Callable[[Batch, dict[Key, Term], list[Hit]], bool]  # appends hits; True if the nodes conform


class Unsupported(ValueError):
    """A shape uses SHACL that the compiled checker does not implement."""


def ox_term(node: Node) -> Term:
    """A shapes-graph term as a pyoxigraph term."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or XSD_STRING)))
    raise Unsupported(f"not an RDF term: {node!r}")


def rdf(term: Term) -> Node:
    """A data term as pyshacl's rdflib data graph holds it."""
    if type(term) is ox.Literal:
        return rdflib_literal(term)
    return URIRef(term.value) if type(term) is ox.NamedNode else BNode(term.value)


_EMPTY = Graph()


def data_text(batch: Batch, term: Term | None) -> str:
    """pyshacl's text of a data node (a blank node is written out from the data graph)."""
    if term is None:
        return "None"
    return str(stringify_node(batch.rdflib_graph() if type(term) is ox.BlankNode else _EMPTY, rdf(term)))


@dataclass
class Context:
    """A shape being compiled: its shapes graph, its node, its results' common parts."""

    graph: Graph
    node: Node
    info: ShapeInfo
    nested: Callable[[Node], Validator]  # compiles another shape (sh:or, sh:node, sh:property)

    def values(self, predicate: str) -> list[Node]:
        return list(self.graph.objects(self.node, URIRef(SH + predicate)))

    def one(self, predicate: str) -> Node:
        found = self.values(predicate)
        if len(found) != 1:
            raise Unsupported(f"{self.node}: sh:{predicate} must have exactly one value")
        return found[0]

    def text(self, node: Node) -> str:
        """pyshacl's text of a shapes-graph node, for a generic message (called only when one is made)."""
        return str(stringify_node(self.graph, node))

    def hitter(self, component: str, generic: Callable[[Batch, Term, Term | None], str]
               ) -> Callable[[Batch, Term, Term | None], Hit]:
        """Makes the component's results: the shape's message, else pyshacl's generic one."""
        info, iri = self.info, URIRef(SH + component + "ConstraintComponent")

        def hit(batch: Batch, focus: Term, value: Term | None) -> Hit:
            message = info.message if info.message is not None else generic(batch, focus, value)
            return Hit(info, iri, focus, value, message, info.path)
        return hit
