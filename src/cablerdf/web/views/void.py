"""``/.well-known/void`` and ``/void``: the VoID and DCAT 3 description of the dataset.

The description is the dumps' ``void.ttl`` (also kept in the store's metadata graph) plus what this
server knows: the catalogue and the SPARQL endpoint as a ``dcat:DataService``, the counts (triples,
cables, the time span), the vocabularies, formats, an example resource and the ingest runs that made
the data. Content negotiation (Turtle by default, JSON-LD, N-Triples, RDF/XML, an HTML summary),
``?format=`` and extension URLs (``/void.ttl``...), ``Vary: Accept``, ``Link: rel=alternate``.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
from flask import Blueprint, Response, current_app, request
from pyoxigraph import Literal, NamedNode, Triple

from cablerdf.iris import PREFIXES
from cablerdf.mapping.terms import CG, RDF
from cablerdf.store import serialized
from cablerdf.web import catalog, context
from cablerdf.web.errors import problem
from cablerdf.web.links import relative
from cablerdf.web.negotiation import FORMATS, choose
from cablerdf.web.pages import conditional, render
from cablerdf.web.views.dumps import served_files, titles

bp = Blueprint("void", __name__)
OFFERED = ("ttl", "jsonld", "nt", "rdf", "html")
RDF_FORMATS = {"ttl": pyoxigraph.RdfFormat.TURTLE, "jsonld": pyoxigraph.RdfFormat.JSON_LD,
               "nt": pyoxigraph.RdfFormat.N_TRIPLES, "rdf": pyoxigraph.RdfFormat.RDF_XML}
VOID, DCAT, DCT, XSD = PREFIXES["void"], PREFIXES["dcat"], PREFIXES["dcterms"], PREFIXES["xsd"]
PROV, FOAF = PREFIXES["prov"], PREFIXES["foaf"]
SPDX = "http://spdx.org/rdf/terms#"
RDF_TYPE = RDF.type
FORMAT_IRIS = ("Turtle", "JSON-LD", "N-Triples", "N-Quads", "RDF_XML", "SPARQL_Results_JSON")
VOCABULARIES = ("cg", "dcterms", "schema", "skos", "prov", "org", "foaf", "cito", "doco")
DESCRIPTION = ("The US diplomatic cables of the 2010-11 Cablegate release as linked data: one named graph per "
               "cable with its header fields, paragraphs, portion markings, addressees, TAGS, references and "
               "the provenance of the conversion.")


def node(suffix: str) -> NamedNode:
    return NamedNode(context.minter().base + suffix)


def typed(value: object, datatype: str) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + datatype))


def stored_description() -> set[Triple]:
    """The dumps' description: the store's metadata graph and the ``void.ttl`` beside the dumps."""
    store = context.store().store
    graph = NamedNode(context.minter().metadata_graph() + "/dumps")
    triples = {q.triple for q in store.quads_for_pattern(None, None, None, graph)}
    path = Path(current_app.config["DUMPS"]) / "void.ttl"
    if path.is_file():
        triples.update(q.triple for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    return triples


def run_triples(dataset: NamedNode) -> list[Triple]:
    """The ingest runs of the metadata graph, as what generated the dataset."""
    meta = NamedNode(context.minter().metadata_graph())
    store = context.store().store
    runs = {q.subject for q in store.quads_for_pattern(None, RDF_TYPE, CG.ConversionRun, meta)}
    triples = [Triple(dataset, NamedNode(PROV + "wasGeneratedBy"), run) for run in runs]
    for run in runs:
        triples += [q.triple for q in store.quads_for_pattern(run, None, None, meta)]
    return triples


def server_description() -> list[Triple]:
    base, dataset = context.minter().base, node("dataset")
    catalog_node, service, period = node("catalog"), node("sparql#service"), node("dataset#period")
    overview = catalog.overview()
    t = [
        Triple(dataset, NamedNode(DCT + "description"), Literal(DESCRIPTION, language="en")),
        Triple(dataset, NamedNode(VOID + "triples"), typed(overview.triples, "integer")),
        Triple(dataset, NamedNode(DCAT + "landingPage"), NamedNode(base)),
        Triple(dataset, NamedNode(FOAF + "homepage"), NamedNode(base)),
        Triple(dataset, NamedNode(VOID + "uriLookupEndpoint"), Literal(base + "search?q=")),
        Triple(dataset, NamedNode(VOID + "classPartition"), node("dataset#cables")),
        Triple(node("dataset#cables"), NamedNode(VOID + "class"), CG.Cable),
        Triple(node("dataset#cables"), NamedNode(VOID + "entities"), typed(overview.cables, "integer")),
        Triple(catalog_node, RDF_TYPE, NamedNode(DCAT + "Catalog")),
        Triple(catalog_node, NamedNode(DCT + "title"), Literal("cablerdf catalogue", language="en")),
        Triple(catalog_node, NamedNode(DCAT + "dataset"), dataset),
        Triple(catalog_node, NamedNode(DCAT + "service"), service),
        Triple(service, RDF_TYPE, NamedNode(DCAT + "DataService")),
        Triple(service, NamedNode(DCT + "title"), Literal("SPARQL 1.1 endpoint", language="en")),
        Triple(service, NamedNode(DCAT + "endpointURL"), node("sparql")),
        Triple(service, NamedNode(DCAT + "endpointDescription"), node("sparql")),
        Triple(service, NamedNode(DCAT + "servesDataset"), dataset),
        Triple(service, NamedNode(DCT + "conformsTo"), NamedNode("https://www.w3.org/TR/sparql11-protocol/")),
    ]
    t += [Triple(dataset, NamedNode(VOID + "vocabulary"), NamedNode(PREFIXES[p])) for p in VOCABULARIES]
    t += [Triple(dataset, NamedNode(VOID + "feature"), NamedNode(f"http://www.w3.org/ns/formats/{f}"))
          for f in FORMAT_IRIS]
    if overview.first and overview.last:
        t += [Triple(dataset, NamedNode(DCT + "temporal"), period),
              Triple(period, RDF_TYPE, NamedNode(DCT + "PeriodOfTime")),
              Triple(period, NamedNode(DCAT + "startDate"), typed(overview.first, "date")),
              Triple(period, NamedNode(DCAT + "endDate"), typed(overview.last, "date"))]
    example = next(context.store().cable_graphs(), None)
    if example is not None:
        t.append(Triple(dataset, NamedNode(VOID + "exampleResource"),
                        NamedNode(base + "cable/" + example.value.rsplit("/", 1)[-1])))
    return t + run_triples(dataset)


def description() -> list[Triple]:
    found = stored_description() | set(server_description())
    return sorted(found, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def alternates() -> str:
    return ", ".join(f'<{relative("/void." + name)}>; rel="alternate"; type="{FORMATS[name].media_type}"'
                     for name in OFFERED)


def void_stamp() -> str:
    path = Path(current_app.config["DUMPS"]) / "void.ttl"
    return str(path.stat().st_mtime_ns) if path.is_file() else "none"


def respond(fmt: str, negotiated: bool) -> Response:
    headers = {"Link": alternates()}
    if negotiated:
        headers["Content-Location"] = relative("/void." + fmt)
    vary = "Accept" if negotiated else None
    if fmt == "html":
        files = served_files()
        response = render("void.html", headers=headers, etag=(fmt, void_stamp()), title="VoID and DCAT",
                          overview=catalog.overview(), files=files, names=titles(), base=context.minter().base,
                          turtle=serialize("ttl"))
        if vary:
            response.headers["Vary"] = vary
        return response
    response = Response(serialize(fmt), content_type=FORMATS[fmt].content_type, headers=headers)
    return conditional(response, fmt, void_stamp(), vary=vary)


def serialize(fmt: str) -> str:
    prefixes = {**PREFIXES, "spdx": SPDX}
    return serialized(pyoxigraph.serialize(description(), format=RDF_FORMATS[fmt], prefixes=prefixes)).decode("utf-8")


@bp.get("/.well-known/void")
@bp.get("/void")
def void() -> Response:
    fmt = choose(OFFERED)
    if fmt is None:
        available = ", ".join(FORMATS[name].media_type for name in OFFERED)
        return problem(406, f"the description is available as {available}", {"Vary": "Accept"})
    return respond(fmt, negotiated="format" not in request.args)


@bp.get("/void.<any(ttl, jsonld, nt, rdf, html):ext>")
def void_file(ext: str) -> Response:
    return respond(ext, negotiated=False)
