"""The SPARQL 1.1 Service Description of the endpoint (what ``GET /sparql`` without a query returns).

``sd:endpoint`` is built from the configured public base, never from the address the server is bound
to. The default dataset is described with its size (``void:triples``) and the few named graphs that
are not cable graphs (vocabulary, metadata); the cable graphs, one per cable, are far too many to list
and are described as one ``sd:GraphCollection`` with their count. The statistics are computed once per
process and data version.
"""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from cablerdf.iris import NS, PREFIXES, Minter
from cablerdf.store.statistics import Statistics
from cablerdf.terms import DCT, ENTAILMENT, RDF, RDFS, SD, VOID, W3C_FORMATS, XSD
from cablerdf.web.sparql import results

RDF_TYPE = RDF.type
EXTRA_PREFIXES = (("sd", SD.iri), ("formats", W3C_FORMATS.iri))
TURTLE_PREFIXES = {**dict(EXTRA_PREFIXES), **{p: PREFIXES[p] for p in ("rdf", "rdfs", "dcterms", "void", "xsd", "cg")}}
ADVERTISED = ("json", "xml", "csv", "tsv", "ttl", "nt", "nq", "trig", "rdf", "jsonld")


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def describe(base: str, stats: Statistics, federation: bool = False) -> list[Triple]:
    """The service description: the service, its default dataset, the graphs."""
    minter = Minter(base)
    endpoint = NamedNode(minter.endpoint())
    service, dataset = NamedNode(minter.endpoint("service")), NamedNode(minter.endpoint("dataset"))
    void_document, void_dataset = NamedNode(minter.void_document()), NamedNode(minter.dataset())
    triples = [*service_triples(service, endpoint, federation),
               Triple(service, SD.defaultDataset, dataset),
               Triple(service, RDFS.seeAlso, void_document),
               *dataset_triples(base, dataset, stats),
               Triple(dataset, RDFS.seeAlso, void_document),
               Triple(dataset, DCT.source, void_dataset),
               Triple(void_dataset, RDF_TYPE, VOID.Dataset),
               Triple(void_dataset, VOID.sparqlEndpoint, endpoint),
               Triple(void_dataset, RDFS.isDefinedBy, void_document)]
    collection = NamedNode(minter.endpoint("cable-graphs"))
    triples += [Triple(service, SD.availableGraphs, collection),
                *collection_triples(base, collection, stats),
                Triple(collection, DCT.isPartOf, void_dataset)]
    return triples


def service_triples(service: NamedNode, endpoint: NamedNode, federation: bool) -> list[Triple]:
    features = ["UnionDefaultGraph", *(["BasicFederatedQuery"] if federation else [])]
    comment = ("Read-only SPARQL 1.1 Query endpoint over the Cablegate cables: SPARQL Update is not supported "
               "(update requests are refused with 403 Forbidden)"
               + ("" if federation else "; federated queries (SERVICE) are disabled")
               + ". The default graph is the union of all named graphs; the prefixes "
               + ", ".join(f"{p}:" for p in PREFIXES) + " are predefined.")
    return [Triple(service, RDF_TYPE, SD.Service),
            Triple(service, SD.endpoint, endpoint),
            Triple(service, DCT.title, Literal("cablerdf SPARQL endpoint", language="en")),
            Triple(service, RDFS.comment, Literal(comment, language="en")),
            Triple(service, SD.supportedLanguage, SD.SPARQL10Query),
            Triple(service, SD.supportedLanguage, SD.SPARQL11Query),
            Triple(service, SD.defaultEntailmentRegime, ENTAILMENT.Simple),
            *(Triple(service, SD.feature, SD.term(name)) for name in features),
            *(Triple(service, SD.resultFormat, W3C_FORMATS.term(results.FORMAT_IRIS[name]))
              for name in ADVERTISED)]


def dataset_triples(base: str, dataset: NamedNode, stats: Statistics) -> list[Triple]:
    default_graph = NamedNode(Minter(base).endpoint("default-graph"))
    triples = [Triple(dataset, RDF_TYPE, SD.Dataset),
               Triple(dataset, SD.defaultGraph, default_graph),
               Triple(default_graph, RDF_TYPE, SD.Graph),
               Triple(default_graph, VOID.triples, integer(stats.triples)),
               Triple(default_graph, RDFS.comment,
                      Literal("The union of all named graphs (the cable graphs, the vocabulary and the metadata).",
                              language="en"))]
    for index, (name, size) in enumerate(stats.other_graphs):
        entry, graph = BlankNode(f"named{index}"), BlankNode(f"graph{index}")
        triples += [Triple(dataset, SD.namedGraph, entry),
                    Triple(entry, RDF_TYPE, SD.NamedGraph),
                    Triple(entry, SD.name, NamedNode(name)),
                    Triple(entry, SD.graph, graph),
                    Triple(graph, RDF_TYPE, SD.Graph),
                    Triple(graph, VOID.triples, integer(size))]
    return triples


def collection_triples(base: str, collection: NamedNode, stats: Statistics) -> list[Triple]:
    """The cable graphs as one collection: how many, how big, how they are named; not listed."""
    graphs = f"{stats.cable_graphs} named graph{'' if stats.cable_graphs == 1 else 's'}"
    comment = (f"{graphs}, one per cable, each named {base}graph/{{cable ID}} "
               f"(for example {base}graph/09MEXICO2882); too many to list here. Each graph holds the triples "
               "of one cable and its provenance; every cable graph is also part of the default graph.")
    return [Triple(collection, RDF_TYPE, SD.GraphCollection),
            Triple(collection, RDF_TYPE, VOID.Dataset),
            Triple(collection, RDFS.label, Literal("The cable graphs", language="en")),
            Triple(collection, RDFS.comment, Literal(comment, language="en")),
            Triple(collection, VOID.entities, integer(stats.cable_graphs)),
            Triple(collection, VOID.triples, integer(stats.cable_triples)),
            Triple(collection, VOID.vocabulary, NamedNode(NS))]


def document(base: str, stats: Statistics, name: str, federation: bool = False) -> bytes:
    """The service description in format ``name`` (ttl, jsonld, nt, rdf), each subject's statements together."""
    grouped: dict[object, list[Triple]] = {}
    for triple in describe(base, stats, federation):
        grouped.setdefault(triple.subject, []).append(triple)
    ordered = [triple for group in grouped.values() for triple in group]
    return results.triples(ordered, name, TURTLE_PREFIXES, EXTRA_PREFIXES)
