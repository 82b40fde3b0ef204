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
from cablerdf.store import serialized
from cablerdf.terms import CG, DCAT, DCT, FOAF, PROV, RDF, SPDX, VOID, W3C_FORMATS, XSD
from cablerdf.web import catalog, dataset
from cablerdf.web.caching import conditional
from cablerdf.web.errors import problem
from cablerdf.web.links import relative
from cablerdf.web.negotiation import choose, content_type, media_type, rdf_format, registry_name
from cablerdf.web.pages import render
from cablerdf.web.views.dumps import served_files, titles

bp = Blueprint("void", __name__)
OFFERED = ("ttl", "jsonld", "nt", "rdf", "html")
RDF_TYPE = RDF.type
FEATURES = ("ttl", "jsonld", "nt", "nq", "rdf", "json")  # formats the data is available in (void:feature)
VOCABULARIES = ("cg", "dcterms", "schema", "skos", "prov", "org", "foaf", "cito", "doco")
DESCRIPTION = ("The US diplomatic cables of the 2010-11 Cablegate release as linked data: one named graph per "
               "cable with its header fields, paragraphs, portion markings, addressees, TAGS, references and "
               "the provenance of the conversion.")


def typed(value: object, datatype: str) -> Literal:
    return Literal(str(value), datatype=XSD.term(datatype))


def stored_description() -> set[Triple]:
    """The dumps' description: the store's metadata graph and the ``void.ttl`` beside the dumps."""
    triples = set(dataset.reader().dumps_description())
    path = Path(current_app.config["DUMPS"]) / "void.ttl"
    if path.is_file():
        triples.update(q.triple for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    return triples


def run_triples(topic: NamedNode) -> list[Triple]:
    """The ingest runs of the metadata graph, as what generated the dataset."""
    runs = dataset.reader().runs()
    triples = [Triple(topic, PROV.wasGeneratedBy, run) for run in runs]
    return triples + [triple for about in runs.values() for triple in about]


def server_description() -> list[Triple]:
    minter = dataset.minter()
    base, topic = minter.base, NamedNode(minter.dataset())
    catalog_node, service = NamedNode(minter.catalog()), NamedNode(minter.endpoint("service"))
    period = NamedNode(minter.dataset("period"))
    overview = catalog.overview()
    t = [
        Triple(topic, DCT.description, Literal(DESCRIPTION, language="en")),
        Triple(topic, VOID.triples, typed(overview.triples, "integer")),
        Triple(topic, DCAT.landingPage, NamedNode(base)),
        Triple(topic, FOAF.homepage, NamedNode(base)),
        Triple(topic, VOID.uriLookupEndpoint, Literal(minter.search())),
        Triple(topic, VOID.classPartition, NamedNode(minter.dataset("cables"))),
        Triple(NamedNode(minter.dataset("cables")), VOID.term("class"), CG.Cable),
        Triple(NamedNode(minter.dataset("cables")), VOID.entities, typed(overview.cables, "integer")),
        Triple(catalog_node, RDF_TYPE, DCAT.Catalog),
        Triple(catalog_node, DCT.title, Literal("cablerdf catalogue", language="en")),
        Triple(catalog_node, DCAT.dataset, topic),
        Triple(catalog_node, DCAT.service, service),
        Triple(service, RDF_TYPE, DCAT.DataService),
        Triple(service, DCT.title, Literal("SPARQL 1.1 endpoint", language="en")),
        Triple(service, DCAT.endpointURL, NamedNode(minter.endpoint())),
        Triple(service, DCAT.endpointDescription, NamedNode(minter.endpoint())),
        Triple(service, DCAT.servesDataset, topic),
        Triple(service, DCT.conformsTo, NamedNode("https://www.w3.org/TR/sparql11-protocol/")),
    ]
    t += [Triple(topic, VOID.vocabulary, NamedNode(PREFIXES[p])) for p in VOCABULARIES]
    t += [Triple(topic, VOID.feature, W3C_FORMATS.term(registry_name(f)))
          for f in FEATURES]
    if overview.first and overview.last:
        t += [Triple(topic, DCT.temporal, period),
              Triple(period, RDF_TYPE, DCT.PeriodOfTime),
              Triple(period, DCAT.startDate, typed(overview.first, "date")),
              Triple(period, DCAT.endDate, typed(overview.last, "date"))]
    example = dataset.reader().example_cable()
    if example is not None:
        t.append(Triple(topic, VOID.exampleResource, NamedNode(example)))
    return t + run_triples(topic)


def description() -> list[Triple]:
    found = stored_description() | set(server_description())
    return sorted(found, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def alternates() -> str:
    return ", ".join(f'<{relative("/void." + name)}>; rel="alternate"; type="{media_type(name)}"'
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
                          overview=catalog.overview(), files=files, names=titles(), base=dataset.minter().base,
                          turtle=serialize("ttl"))
        if vary:
            response.headers["Vary"] = vary
        return response
    response = Response(serialize(fmt), content_type=content_type(fmt), headers=headers)
    return conditional(response, fmt, void_stamp(), vary=vary)


def serialize(fmt: str) -> str:
    prefixes = {**PREFIXES, "spdx": SPDX.iri}
    return serialized(pyoxigraph.serialize(description(), format=rdf_format(fmt), prefixes=prefixes)).decode("utf-8")


@bp.get("/.well-known/void")
@bp.get("/void")
def void() -> Response:
    fmt = choose(OFFERED)
    if fmt is None:
        available = ", ".join(media_type(name) for name in OFFERED)
        return problem(406, f"the description is available as {available}", {"Vary": "Accept"})
    return respond(fmt, negotiated="format" not in request.args)


@bp.get("/void.<any(ttl, jsonld, nt, rdf, html):ext>")
def void_file(ext: str) -> Response:
    return respond(ext, negotiated=False)
