"""The seed cable's graph, as the SHACL tests break it: the seed (and an enriched copy with what it lacks for
some shapes) mapped to quads, the IRIs of its nodes, and edits of its quads (drop, add, change, both, keep)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pyoxigraph as ox
from rdflib.namespace import RDF

from cablerdf.cli import sample_path
from cablerdf.iris import Minter
from cablerdf.mapping import Provenance, cable_quads
from cablerdf.parse import Cable
from cablerdf.parse.model import Reference
from cablerdf.sources import read_inputs
from cablerdf.terms import SCHEMA

BASE = "http://127.0.0.1:8080/"
SHA = "ab" * 32
PROVENANCE = Provenance(SHA, "2026-01-01T00:00:00Z")
RDF_TYPE = ox.NamedNode(str(RDF.type))
SCHEMA_URL = SCHEMA.url
CITO_CITES = ox.NamedNode("http://purl.org/spar/cito/cites")
ORG_UNIT = ox.NamedNode("http://www.w3.org/ns/org#OrganizationalUnit")

Quads = list[ox.Quad]
Term = ox.NamedNode | ox.Literal


def seed_cable() -> Cable:
    cable = next(read_inputs([sample_path()]))
    assert isinstance(cable, Cable)
    return cable


def enriched_cable() -> Cable:
    """The seed with what it lacks for some shapes: a reference, an unrecognised TAG, a repaired ID, sections."""
    return dataclasses.replace(
        seed_cable(), reference_id="09MEXICO02882", section=1, section_count=2, tags=[*seed_cable().tags, "QQQQ"],
        references=[Reference(label="A", cable_id="09STATE1234", text="A. STATE 1234")])


def quads_of(cable: Cable, base: str = BASE) -> Quads:
    return cable_quads(cable, Minter(base), PROVENANCE)


def n(path: str) -> ox.NamedNode:
    return ox.NamedNode(BASE + path)


C = "cable/09MEXICO2882"
CABLE, GRAPH = n(C), n("graph/09MEXICO2882")
P1, P3, P4 = n(C + "/paragraph/1"), n(C + "/paragraph/3"), n(C + "/paragraph/4")
H3, TO1, MARKING = n(C + "#h3"), n(C + "#to-1"), n(C + "#marking")
REF, DIST, DEFECT, ARTICLE = n(C + "#ref-1"), n(C + "#dist-LOG-00"), n(C + "#defect-1"), n(C + "#article-1")
SENDER, PERSON, TAG = n("post/amembassy-mexico"), n("person/keith-mines"), n("tag/QQQQ")
SOURCE, RELEASE = n("source/" + SHA), n("release/2011-08-30")


def lit(value: str, datatype: ox.NamedNode | None = None) -> ox.Literal:
    return ox.Literal(value, datatype=datatype)


def drop(s: ox.NamedNode, p: ox.NamedNode, o: Term | None = None) -> Callable[[Quads], Quads]:
    """Remove the triples (s, p, o), any o when None."""
    return lambda quads: [q for q in quads if not (q.subject == s and q.predicate == p and o in (None, q.object))]


def add(s: ox.NamedNode, p: ox.NamedNode, *objects: Term) -> Callable[[Quads], Quads]:
    return lambda quads: quads + [ox.Quad(s, p, o, GRAPH) for o in objects]


def change(s: ox.NamedNode, p: ox.NamedNode, o: Term) -> Callable[[Quads], Quads]:
    """Replace every value of (s, p) by o."""
    return lambda quads: add(s, p, o)(drop(s, p)(quads))


def both(*edits: Callable[[Quads], Quads]) -> Callable[[Quads], Quads]:
    def apply(quads: Quads) -> Quads:
        for edit in edits:
            quads = edit(quads)
        return quads
    return apply


def keep(quads: Quads) -> Quads:
    return quads
