"""A small quad builder for one cable's graph (pyoxigraph terms, no rdflib on the fast path)."""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from cablerdf.iris import Minter
from cablerdf.terms import XSD

Subject = NamedNode | BlankNode
Object = NamedNode | BlankNode | Literal


class Graph:
    """Collects the quads of one named graph."""

    def __init__(self, graph: str, minter: Minter) -> None:
        self.name = NamedNode(graph)
        self.minter = minter
        self.quads: list[Quad] = []
        self._nodes: dict[str, NamedNode] = {}
        self.described: set[str] = set()  # shared nodes (posts, persons) already described here

    def first_time(self, iri: str) -> bool:
        """Whether a shared node is met for the first time in this graph (describe it only then)."""
        if iri in self.described:
            return False
        self.described.add(iri)
        return True

    def node(self, iri: str) -> NamedNode:
        node = self._nodes.get(iri)
        if node is None:
            node = self._nodes[iri] = NamedNode(iri)
        return node

    def add(self, s: Subject, p: NamedNode, o: Object) -> None:
        self.quads.append(Quad(s, p, o, self.name))

    def text(self, s: Subject, p: NamedNode, value: str | None) -> None:
        """A plain ``xsd:string`` literal (cable text is not tagged with a language)."""
        if value is not None and value != "":
            self.quads.append(Quad(s, p, Literal(value), self.name))

    def typed(self, s: Subject, p: NamedNode, value: object | None, datatype: NamedNode) -> None:
        if value is not None:
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            self.quads.append(Quad(s, p, Literal(text, datatype=datatype), self.name))

    def integer(self, s: Subject, p: NamedNode, value: int | None, datatype: NamedNode = XSD.integer) -> None:
        self.typed(s, p, value, datatype)

    def types(self, s: Subject, *classes: NamedNode) -> None:
        from cablerdf.terms import A

        for cls in classes:
            self.quads.append(Quad(s, A, cls, self.name))
