"""The vocabulary: the ontology (T-box) and the concept schemes, the files of ``ontology/`` (:mod:`cablerdf.resources`).

``cablerdf.ttl`` is the OWL ontology (absolute IRIs, namespace :data:`cablerdf.iris.NS`).
``schemes.ttl`` holds the SKOS concept schemes built by ``scripts/build_ontology.py`` from the
tables in ``cablerdf.data.tables``; its data IRIs are *relative* (``<tag/PGOV>``, ``<scheme/tags>``)
and there is no ``@base``, so they resolve against whatever data base the caller configures.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources
from pathlib import Path

import pyoxigraph

from cablerdf.iris import base_from
from cablerdf.resources import ontology_file
from cablerdf.terms import CG

ONTOLOGY_IRI = "https://w3id.org/cablerdf/ns"

# Tag kinds of tags.csv -> the class of their concepts. ``person`` has no table rows: personal-name
# TAGS such as ``(KISSINGER, HENRY A)`` are only met in cables.
TAG_KIND_CLASS = {
    "subject": CG.SubjectTag.value,
    "program": CG.ProgramTag.value,
    "organization": CG.OrganizationTag.value,
    "person": CG.PersonTag.value,
    "geo-country": CG.CountryTag.value,
    "geo-region": CG.RegionTag.value,
}

# When tags.csv lists a code under two kinds (AL is Albania and the Arab League, BP the Solomon
# Islands and British Petroleum), the concept {base}tag/{CODE} takes the kind listed first here; the
# organizations have unambiguous codes of their own (AL-1, BP-1).
KIND_PRIORITY = ("geo-country", "geo-region", "subject", "program", "organization", "person")


def _resource(name: str) -> Path:
    return ontology_file(name)


def ontology_path() -> Path:
    """The ontology (OWL, Turtle) shipped with the package."""
    return _resource("cablerdf.ttl")


def schemes_path() -> Path:
    """The concept schemes (SKOS, Turtle, relative data IRIs) shipped with the package."""
    return _resource("schemes.ttl")


@functools.cache
def _quads(base: str, graph: str) -> tuple[pyoxigraph.Quad, ...]:
    name = pyoxigraph.NamedNode(graph)
    quads: list[pyoxigraph.Quad] = []
    for path in (ontology_path(), schemes_path()):
        for quad in pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE, base_iri=base):
            quads.append(pyoxigraph.Quad(quad.subject, quad.predicate, quad.object, name))
    return tuple(quads)


def vocabulary_quads(base: str, graph: str) -> list[pyoxigraph.Quad]:
    """The ontology and the concept schemes as quads in ``graph``, data IRIs resolved against ``base``.

    ``base`` is normalized as :func:`cablerdf.iris.base_from` does (a missing final ``/`` is added),
    so the concepts get the same IRIs as :class:`cablerdf.iris.Minter` mints for that base.
    """
    return list(_quads(base_from(base), graph))


class TagRow:
    """One TAGS code of the reference tables, after resolving codes listed under two kinds."""

    __slots__ = ("code", "kind", "label", "other_labels", "regions")

    def __init__(self, code: str, kind: str, label: str, regions: tuple[str, ...]) -> None:
        self.code = code
        self.kind = kind
        self.label = label
        self.regions = regions
        self.other_labels: list[tuple[str, str]] = []  # (kind, label) of the rows that lost


@functools.cache
def tag_rows() -> dict[str, TagRow]:
    """The TAGS codes of ``tags.csv`` by code, one row per code (see :data:`KIND_PRIORITY`)."""
    text = resources.files("cablerdf.data.tables").joinpath("tags.csv").read_text(encoding="utf-8")
    by_code: dict[str, list[TagRow]] = {}
    for row in csv.DictReader(text.splitlines()):
        tag = TagRow(row["code"], row["kind"], row["label"], tuple(row["region_codes"].split()))
        by_code.setdefault(tag.code, []).append(tag)
    rows: dict[str, TagRow] = {}
    for code, candidates in by_code.items():
        candidates.sort(key=lambda tag: KIND_PRIORITY.index(tag.kind))
        winner = candidates[0]
        winner.other_labels = [(tag.kind, tag.label) for tag in candidates[1:]]
        rows[code] = winner
    return rows


def known_tag_kind(code: str) -> str | None:
    """The kind of a TAGS code of the reference tables (``subject``, ``program``, ``organization``,
    ``geo-country``, ``geo-region``), or None for a code the tables do not list."""
    row = tag_rows().get(code)
    return row.kind if row else None
