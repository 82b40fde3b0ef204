"""The SPARQL 1.1 Service Description of the endpoint (what ``GET /sparql`` without a query returns).

``sd:endpoint`` is built from the configured public base, never from the address the server is bound
to. The default dataset is described with its size (``void:triples``) and the few named graphs that
are not cable graphs (vocabulary, metadata); the cable graphs, one per cable, are far too many to list
and are described as one ``sd:GraphCollection`` with their count. The statistics are computed once per
process and data version.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from cablerdf.iris import NS, PREFIXES
from cablerdf.mapping.terms import RDF
from cablerdf.store import CableStore
from cablerdf.web.sparql import results

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
SIMPLE_ENTAILMENT = "http://www.w3.org/ns/entailment/Simple"
RDF_TYPE = RDF.type
VOID, RDFS, DCT, XSD = PREFIXES["void"], PREFIXES["rdfs"], PREFIXES["dcterms"], PREFIXES["xsd"]
EXTRA_PREFIXES = (("sd", SD), ("formats", FORMATS_NS))
TURTLE_PREFIXES = {**dict(EXTRA_PREFIXES), **{p: PREFIXES[p] for p in ("rdf", "rdfs", "dcterms", "void", "xsd", "cg")}}
ADVERTISED = ("json", "xml", "csv", "tsv", "ttl", "nt", "nq", "trig", "rdf", "jsonld")


@dataclass(frozen=True)
class Statistics:
    triples: int  # statements in all graphs: what ?s ?p ?o matches in the union default graph
    cable_graphs: int
    cable_triples: int
    other_graphs: tuple[tuple[str, int], ...]  # (graph IRI, statements), the graphs that are not cables'


_statistics: dict[tuple[str, str, str], Statistics] = {}
_lock = threading.Lock()


def statistics(store: CableStore, version: str) -> Statistics:
    """The store's statistics, counted on first use in each process for each data version."""
    key = (str(store.path), store.minter.base, version)
    with _lock:
        found = _statistics.get(key)
        if found is None:
            found = _statistics[key] = count(store)
    return found


def count(store: CableStore) -> Statistics:
    cables = {graph.value for graph in store.cable_graphs()}
    others = []
    for graph in store.store.named_graphs():
        if isinstance(graph, NamedNode) and graph.value not in cables:
            size = sum(1 for _ in store.store.quads_for_pattern(None, None, None, graph))
            others.append((graph.value, size))
    total = len(store.store)
    return Statistics(total, len(cables), total - sum(n for _, n in others), tuple(sorted(others)))


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))


def describe(base: str, stats: Statistics, federation: bool = False) -> list[Triple]:
    """The service description: the service, its default dataset, the graphs."""
    endpoint = NamedNode(base + "sparql")
    service, dataset = NamedNode(base + "sparql#service"), NamedNode(base + "sparql#dataset")
    void_document, void_dataset = NamedNode(base + ".well-known/void"), NamedNode(base + "dataset")
    triples = [*service_triples(service, endpoint, federation),
               Triple(service, NamedNode(SD + "defaultDataset"), dataset),
               Triple(service, NamedNode(RDFS + "seeAlso"), void_document),
               *dataset_triples(base, dataset, stats),
               Triple(dataset, NamedNode(RDFS + "seeAlso"), void_document),
               Triple(dataset, NamedNode(DCT + "source"), void_dataset),
               Triple(void_dataset, RDF_TYPE, NamedNode(VOID + "Dataset")),
               Triple(void_dataset, NamedNode(VOID + "sparqlEndpoint"), endpoint),
               Triple(void_dataset, NamedNode(RDFS + "isDefinedBy"), void_document)]
    collection = NamedNode(base + "sparql#cable-graphs")
    triples += [Triple(service, NamedNode(SD + "availableGraphs"), collection),
                *collection_triples(base, collection, stats),
                Triple(collection, NamedNode(DCT + "isPartOf"), void_dataset)]
    return triples


def service_triples(service: NamedNode, endpoint: NamedNode, federation: bool) -> list[Triple]:
    features = ["UnionDefaultGraph", *(["BasicFederatedQuery"] if federation else [])]
    comment = ("Read-only SPARQL 1.1 Query endpoint over the Cablegate cables: SPARQL Update is not supported "
               "(update requests are refused with 403 Forbidden)"
               + ("" if federation else "; federated queries (SERVICE) are disabled")
               + ". The default graph is the union of all named graphs; the prefixes "
               + ", ".join(f"{p}:" for p in PREFIXES) + " are predefined.")
    return [Triple(service, RDF_TYPE, NamedNode(SD + "Service")),
            Triple(service, NamedNode(SD + "endpoint"), endpoint),
            Triple(service, NamedNode(DCT + "title"), Literal("cablerdf SPARQL endpoint", language="en")),
            Triple(service, NamedNode(RDFS + "comment"), Literal(comment, language="en")),
            Triple(service, NamedNode(SD + "supportedLanguage"), NamedNode(SD + "SPARQL10Query")),
            Triple(service, NamedNode(SD + "supportedLanguage"), NamedNode(SD + "SPARQL11Query")),
            Triple(service, NamedNode(SD + "defaultEntailmentRegime"), NamedNode(SIMPLE_ENTAILMENT)),
            *(Triple(service, NamedNode(SD + "feature"), NamedNode(SD + name)) for name in features),
            *(Triple(service, NamedNode(SD + "resultFormat"), NamedNode(FORMATS_NS + results.FORMAT_IRIS[name]))
              for name in ADVERTISED)]


def dataset_triples(base: str, dataset: NamedNode, stats: Statistics) -> list[Triple]:
    default_graph = NamedNode(base + "sparql#default-graph")
    triples = [Triple(dataset, RDF_TYPE, NamedNode(SD + "Dataset")),
               Triple(dataset, NamedNode(SD + "defaultGraph"), default_graph),
               Triple(default_graph, RDF_TYPE, NamedNode(SD + "Graph")),
               Triple(default_graph, NamedNode(VOID + "triples"), integer(stats.triples)),
               Triple(default_graph, NamedNode(RDFS + "comment"),
                      Literal("The union of all named graphs (the cable graphs, the vocabulary and the metadata).",
                              language="en"))]
    for index, (name, size) in enumerate(stats.other_graphs):
        entry, graph = BlankNode(f"named{index}"), BlankNode(f"graph{index}")
        triples += [Triple(dataset, NamedNode(SD + "namedGraph"), entry),
                    Triple(entry, RDF_TYPE, NamedNode(SD + "NamedGraph")),
                    Triple(entry, NamedNode(SD + "name"), NamedNode(name)),
                    Triple(entry, NamedNode(SD + "graph"), graph),
                    Triple(graph, RDF_TYPE, NamedNode(SD + "Graph")),
                    Triple(graph, NamedNode(VOID + "triples"), integer(size))]
    return triples


def collection_triples(base: str, collection: NamedNode, stats: Statistics) -> list[Triple]:
    """The cable graphs as one collection: how many, how big, how they are named; not listed."""
    graphs = f"{stats.cable_graphs} named graph{'' if stats.cable_graphs == 1 else 's'}"
    comment = (f"{graphs}, one per cable, each named {base}graph/{{cable ID}} "
               f"(for example {base}graph/09MEXICO2882); too many to list here. Each graph holds the triples "
               "of one cable and its provenance; every cable graph is also part of the default graph.")
    return [Triple(collection, RDF_TYPE, NamedNode(SD + "GraphCollection")),
            Triple(collection, RDF_TYPE, NamedNode(VOID + "Dataset")),
            Triple(collection, NamedNode(RDFS + "label"), Literal("The cable graphs", language="en")),
            Triple(collection, NamedNode(RDFS + "comment"), Literal(comment, language="en")),
            Triple(collection, NamedNode(VOID + "entities"), integer(stats.cable_graphs)),
            Triple(collection, NamedNode(VOID + "triples"), integer(stats.cable_triples)),
            Triple(collection, NamedNode(VOID + "vocabulary"), NamedNode(NS))]


def document(base: str, stats: Statistics, name: str, federation: bool = False) -> bytes:
    """The service description in format ``name`` (ttl, jsonld, nt, rdf), each subject's statements together."""
    grouped: dict[object, list[Triple]] = {}
    for triple in describe(base, stats, federation):
        grouped.setdefault(triple.subject, []).append(triple)
    ordered = [triple for group in grouped.values() for triple in group]
    return results.triples(ordered, name, TURTLE_PREFIXES, EXTRA_PREFIXES)
