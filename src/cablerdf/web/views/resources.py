"""Dereferenceable URIs: cables, paragraphs, and every other entity the mapping mints.

- ``/cable/{ID}`` -> 303 to ``/cable/{ID}.html|.ttl|.jsonld|.nt|.rdf`` by Accept (or ``?format=``);
  an ID that is malformed or differently cased but known -> 301 to the canonical one; unknown -> 404.
- ``/cable/{ID}/paragraph/{n}`` -> 303: browsers to the cable's page at ``#p{n}``, machines to the
  paragraph's own documents (``/cable/{ID}/paragraph/{n}.ttl`` …) with citation metadata.
- ``/tag/…``, ``/post/…``, ``/person/…``, ``/classification/…``, ``/scheme/…`` and the other concept
  kinds, sources, releases and ingest runs: the same pattern, big link sets paged with ``?page=N``.
- ``/graph/{ID}`` (a cable's named graph) -> 303 to the cable's documents, which serve that graph.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, render_template
from pyoxigraph import NamedNode

from cablerdf.iris import slug
from cablerdf.store.describe import Counts, Description, text_of
from cablerdf.terms import CG, DCT, RDF, SCHEMA
from cablerdf.web import dataset
from cablerdf.web.cable_page import cable_page
from cablerdf.web.caching import LINK_COUNTS, RESOLVED, cache_key, respond
from cablerdf.web.dereference import (
    Target,
    bad_page,
    cached_document,
    described,
    document,
    formats,
    moved,
    not_found,
    page_number,
    see_other,
    split_name,
)
from cablerdf.web.labels import PAGE_KINDS, Labeller, Link
from cablerdf.web.links import relative

bp = Blueprint("resources", __name__)
SCHEMA_TEXT, REPAIRED = SCHEMA.text, CG.repairedText
UPPER_CASE_KINDS = frozenset(("tag", "classification", "precedence", "handling", "authority", "declassification",
                              "office"))
MISSING = ""


# ---- cables ----------------------------------------------------------------------------------------


def resolve_cable(raw: str) -> str | None:
    """The canonical ID of a stored cable named ``raw`` (as is, repaired, upper-cased, as published)."""
    if not raw or len(raw) > 64:
        return None
    found = RESOLVED.get_or_compute(cache_key("cable-id", raw), lambda: dataset.reader().find_cable(raw) or MISSING)
    return found or None


@bp.get("/cable/<name>")
def cable(name: str) -> Response:
    def describe(cable_id: str, page: int) -> Description | None:
        return described(cache_key("cable", cable_id, str(page)), lambda: dataset.reader().cable(cable_id, page))

    return dereference(name, "cable with this ID", resolve_cable, dataset.minter().cable, describe,
                       lambda description, target, _: render_cable(description, target))


def dereference(name: str, what: str, resolve: Callable[[str], str | None], mint: Callable[[str], str],
                describe: Callable[[str, int], Description | None],
                render: Callable[[Description, Target, str], str]) -> Response:
    """The flow every thing's URI follows: cached document, else resolve (404), canonical name (301),
    no format (303 by Accept), else the document in that format."""
    stem, fmt = split_name(name)
    page = page_number()
    if page is None:
        return bad_page()
    key, hit = cached_document(str(page))
    if fmt is not None and hit is not None:
        return respond(hit)
    found = resolve(stem)
    if found is None:
        return not_found(what)
    uri = mint(found)
    target = Target(uri, uri, page)
    if found != stem:
        return moved(uri + (f".{fmt}" if fmt else ""))
    if fmt is None:
        return see_other(target)
    description = describe(found, page)
    if description is None:
        return not_found("such page")
    return document(key, description, target, fmt, lambda: render(description, target, found))


@bp.get("/cable/<cable_name>/paragraph/<name>")
def paragraph(cable_name: str, name: str) -> Response:
    stem, fmt = split_name(name)
    key, hit = cached_document("1")
    if fmt is not None and hit is not None:
        return respond(hit)
    cable_id = resolve_cable(cable_name)
    if cable_id is None or not stem.isdigit() or len(stem) > 6 or int(stem) < 1:
        return not_found("paragraph")
    position = int(stem)
    minter = dataset.minter()
    uri = minter.paragraph(cable_id, position)
    target = Target(uri, uri)
    if cable_id != cable_name or str(position) != stem:
        return moved(uri + (f".{fmt}" if fmt else ""))
    description = described(cache_key("paragraph", cable_id, stem),
                            lambda: dataset.reader().paragraph(cable_id, position))
    if description is None:
        return not_found("paragraph")
    if fmt is None:
        return see_other(target, html_location=f"{minter.cable(cable_id)}.html#p{position}")
    return document(key, description, target, fmt, lambda: render_paragraph(description, target, cable_id))


@bp.get("/graph/<name>")
def graph(name: str) -> Response:
    """A cable's named graph: its statements are what the cable's documents serve."""
    cable_id = resolve_cable(name)
    if cable_id is None or cable_id != name:
        return not_found("cable graph")
    uri = dataset.minter().cable(cable_id)
    return see_other(Target(uri, uri))


# ---- other entities ------------------------------------------------------------------------------


def resolve_entity(kind: str, raw: str) -> str | None:
    """The name under which an entity of ``kind`` is stored: ``raw``, else upper-cased or slugged."""
    found = RESOLVED.get_or_compute(cache_key("entity", kind, raw), lambda: find_entity(kind, raw) or MISSING)
    return found or None


def find_entity(kind: str, raw: str) -> str | None:
    variants = (raw, raw.upper()) if kind in UPPER_CASE_KINDS else (raw, slug(raw)) \
        if kind in ("post", "person") else (raw,)
    for variant in dict.fromkeys(variants):
        if len(variant) <= 300 and dataset.reader().exists(dataset.minter().concept(kind, variant)):
            return variant
    return None


KIND_RULE = "/<any({}):kind>/<path:name>".format(", ".join(f'"{k}"' for k in sorted(PAGE_KINDS)))


@bp.get(KIND_RULE)
def entity(kind: str, name: str) -> Response:
    def describe(found: str, page: int) -> Description | None:
        uri = dataset.minter().concept(kind, found)
        return described(cache_key("entity", uri, str(page)),
                         lambda: dataset.reader().entity(uri, page, link_counts_of(uri)))

    return dereference(name, kind, lambda stem: resolve_entity(kind, stem),
                       lambda found: dataset.minter().concept(kind, found), describe,
                       lambda description, target, found: render_entity(description, target, kind, found))


def link_counts_of(uri: str) -> Counts:
    """The entity's link counts, kept per process: every page of a big entity needs them."""
    return LINK_COUNTS.get_or_make(cache_key("counts", uri), lambda: dataset.reader().link_counts(uri))


# ---- pages -----------------------------------------------------------------------------------------


def local(url: str) -> str:
    """A relative link to one of our URLs (absolute under the base)."""
    base = dataset.minter().base
    return relative("/" + url[len(base):]) if url.startswith(base) else url


def pager(description: Description, target: Target) -> dict[str, object]:
    def href(number: int) -> str:
        return local(target.url("html", number))

    return {"page": description.page, "pages": description.pages, "first": href(1),
            "last": href(description.pages),
            "prev": href(description.page - 1) if description.page > 1 else None,
            "next": href(description.page + 1) if description.page < description.pages else None}


def common(target: Target) -> dict[str, object]:
    return {"uri": target.thing, "canonical": target.thing,
            "formats": [(name, media, local(url)) for name, media, url in formats(target)],
            "alternates": [(media, local(url)) for name, media, url in formats(target) if name != "html"]}


def labeller_for(description: Description) -> Labeller:
    """A labeller that has already asked for the labels of the description's nodes (see prefetch)."""
    labeller = Labeller(dataset.reader())
    labeller.prefetch([t.object for t in description.triples] + [t.subject for t in description.triples]
                      + [v for g in description.groups for v in g.values])
    return labeller


def render_cable(description: Description, target: Target) -> str:
    labeller = labeller_for(description)
    group = description.groups[0]
    return render_template("cable.html", page=cable_page(description, labeller), pager=pager(description, target),
                           cited_by=[labeller.link(v) for v in group.values], cited_total=group.total,
                           **common(target))


def render_paragraph(description: Description, target: Target, cable_id: str) -> str:
    labeller = labeller_for(description)
    topic = description.topic
    values = {(t.subject, t.predicate): text_of(t.object) for t in description.triples}
    cable_uri = dataset.minter().cable(cable_id)
    position = int(target.thing.rsplit("/", 1)[1])
    text = values.get((topic, REPAIRED)) or values.get((topic, SCHEMA_TEXT))
    return render_template(
        "paragraph.html", cable_id=cable_id, position=position, citation=values[(topic, DCT.bibliographicCitation)],
        cable_link=labeller.link(NamedNode(cable_uri)), text=text or "",
        heading=values.get((topic, CG.heading), ""),
        cable_page=local(f"{cable_uri}.html") + f"#p{position}",
        previous=neighbour(cable_id, position - 1), next=neighbour(cable_id, position + 1),
        rows=entity_rows(description, labeller, inbound=False), **common(target))


def neighbour(cable_id: str, position: int) -> str | None:
    """The page of the paragraph at ``position`` in the same cable, if there is one."""
    found = dataset.reader().has_paragraph(cable_id, position)
    return local(f"{dataset.minter().paragraph(cable_id, position)}.html") if found else None


def entity_rows(description: Description, labeller: Labeller, inbound: bool) -> list[dict[str, object]]:
    rows = []
    for group in description.groups if description.kind == "entity" else []:
        if group.inbound == inbound and group.values:
            rows.append({"label": labeller.predicate(group.predicate, inbound), "total": group.total,
                         "capped": group.capped, "values": [labeller.link(v) for v in group.values]})
    if description.kind == "paragraph":
        by_predicate: dict[str, list[Link]] = {}
        shown_above = (SCHEMA_TEXT, REPAIRED, DCT.bibliographicCitation)
        for t in sorted(description.triples, key=lambda t: (t.predicate.value, str(t.object))):  # any store's order
            if t.subject == description.topic and t.predicate not in shown_above:
                by_predicate.setdefault(labeller.predicate(t.predicate), []).append(labeller.link(t.object))  # type: ignore[arg-type]
        rows = [{"label": k, "total": len(v), "capped": False, "values": v} for k, v in by_predicate.items()]
    return rows


def render_entity(description: Description, target: Target, kind: str, name: str) -> str:
    labeller = labeller_for(description)
    label = labeller.label(description.topic)
    types = [labeller.link(t.object) for t in description.triples  # type: ignore[arg-type]
             if t.subject == description.topic and t.predicate == RDF.type]
    return render_template("entity.html", kind=kind, name=name, label=label or name, types=types,
                           rows=entity_rows(description, labeller, inbound=False),
                           inbound=entity_rows(description, labeller, inbound=True),
                           pager=pager(description, target), **common(target))
