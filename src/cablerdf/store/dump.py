"""Bulk dumps of a store, for mirroring: N-Quads and Turtle (gzip) plus the vocabulary.

Each file is written under a temporary name and renamed when complete, so a half-written dump is
never served. The dumps are described in VoID and DCAT 3 (``void.ttl``, with SHA-256, byte size,
triple count and media type of each file) beside a ``SHA256SUMS`` file, and that description is
loaded into the store's metadata graph.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import queue
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import pyoxigraph
from pyoxigraph import Literal, NamedNode, Quad

from cablerdf.iris import PREFIXES
from cablerdf.store import CableStore, serialized
from cablerdf.terms import DCAT, DCT, MEDIA_TYPES, RDF, SPDX, VOID, XSD

RDF_TYPE = RDF.type


@dataclass(frozen=True, slots=True)
class DumpFile:
    name: str
    media_type: str
    triples: int
    size: int
    sha256: str
    title: str


class CountingWriter:
    """A binary stream that counts the lines (statements) written through it.

    Writes go to the target from a second thread in chunks of about 1 MB, so that compressing
    (zlib releases the GIL) overlaps with producing the statements, as ``dump | gzip`` would.
    """

    CHUNK = 1 << 20

    def __init__(self, target: BinaryIO) -> None:
        self.target = target
        self.lines = 0
        self.pending: list[bytes] = []
        self.size = 0
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self.thread = threading.Thread(target=self.drain, daemon=True)
        self.thread.start()

    def drain(self) -> None:
        while (chunk := self.queue.get()) is not None:
            self.target.write(chunk)

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        self.pending.append(data)
        self.size += len(data)
        if self.size >= self.CHUNK:
            self.queue.put(b"".join(self.pending))
            self.pending, self.size = [], 0
        return len(data)

    def close(self) -> None:
        """Hand over what is left and wait until the target has it all."""
        if self.pending:
            self.queue.put(b"".join(self.pending))
            self.pending, self.size = [], 0
        self.queue.put(None)
        self.thread.join()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def finish(tmp: Path, final: Path, triples: int, media_type: str, title: str) -> DumpFile:
    os.replace(tmp, final)
    return DumpFile(final.name, media_type, triples, final.stat().st_size, sha256_of(final), title)


def dump_nquads(store: CableStore, directory: Path) -> DumpFile:
    """Every cable graph and the vocabulary graph, as gzipped N-Quads.

    The metadata graphs (ingest runs, this very description of the dumps) are left out, so that the
    dump of an unchanged store is byte for byte the same; they are published as ``void.ttl``.
    """
    final = directory / "cablerdf.nq.gz"
    tmp = directory / f".{final.name}.tmp"
    meta = store.minter.metadata_graph()
    with gzip.GzipFile(tmp, "wb", compresslevel=6, mtime=0) as raw:
        out = CountingWriter(raw)  # type: ignore[arg-type]
        for graph in store.store.named_graphs():
            if isinstance(graph, NamedNode) and not graph.value.startswith(meta):
                # N-Triples lines end in " .\n" (newlines in literals are escaped): name the graph there
                triples = serialized(store.store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph))
                out.write(triples.replace(b" .\n", f" <{graph.value}> .\n".encode()))
        out.close()
    return finish(tmp, final, out.lines, "application/n-quads", "All cables and the vocabulary, one graph each")


def dump_turtle(store: CableStore, directory: Path) -> DumpFile:
    """All cables' triples in the default graph, as gzipped Turtle (N-Triples lines are Turtle).

    Nodes that several cables describe (posts, persons, sources, releases) are written once.
    """
    final = directory / "cablerdf-cables.ttl.gz"
    tmp = directory / f".{final.name}.tmp"
    own = (f"<{store.minter.cable('')}".encode(), f"<{store.minter.graph('')}".encode())
    shared: set[bytes] = set()
    with gzip.GzipFile(tmp, "wb", compresslevel=6, mtime=0) as raw:
        out = CountingWriter(raw)  # type: ignore[arg-type]
        for graph in store.cable_graphs():
            triples = serialized(store.store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph))
            lines = triples.splitlines(keepends=True)
            fresh = [ln for ln in lines if ln.startswith(own) or ln not in shared]
            shared.update(ln for ln in fresh if not ln.startswith(own))
            out.write(b"".join(fresh))
        out.close()
    return finish(tmp, final, out.lines, "text/turtle", "All cables in the default graph")


def dump_vocabulary(store: CableStore, directory: Path) -> DumpFile:
    final = directory / "cablerdf-vocabulary.ttl"
    tmp = directory / f".{final.name}.tmp"
    graph = NamedNode(store.minter.vocabulary_graph())
    triples = [q.triple for q in store.store.quads_for_pattern(None, None, None, graph)]
    tmp.write_bytes(serialized(pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES)))
    return finish(tmp, final, len(triples), "text/turtle", "The ontology and concept schemes")


def dump(store: CableStore, output_dir: Path | None = None) -> list[DumpFile]:
    directory = output_dir or store.path / "dumps"
    directory.mkdir(parents=True, exist_ok=True)
    files = [dump_nquads(store, directory), dump_turtle(store, directory), dump_vocabulary(store, directory)]
    issued = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    description = describe(store, files, issued)
    turtle = pyoxigraph.serialize([q.triple for q in description], format=pyoxigraph.RdfFormat.TURTLE,
                                  prefixes={**PREFIXES, "spdx": SPDX.iri})
    write_atomically(directory / "void.ttl", serialized(turtle))
    write_atomically(directory / "SHA256SUMS", "".join(f"{f.sha256}  {f.name}\n" for f in files).encode())
    store.replace_graph(store.minter.dumps_graph(), description)
    store.flush()
    return files


def write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def typed(value: object, datatype: str) -> Literal:
    return Literal(str(value), datatype=XSD.term(datatype))


def describe(store: CableStore, files: list[DumpFile], issued: str) -> list[Quad]:
    """VoID and DCAT 3 for the dataset and each dump file."""
    base = store.minter.base
    graph = NamedNode(store.minter.dumps_graph())
    dataset = NamedNode(store.minter.dataset())
    when = Literal(issued, datatype=XSD.dateTime)
    cables = sum(1 for _ in store.cable_graphs())
    quads = [
        Quad(dataset, RDF_TYPE, VOID.Dataset, graph),
        Quad(dataset, RDF_TYPE, DCAT.Dataset, graph),
        Quad(dataset, DCT.title, Literal("Cablegate cables as linked data (cablerdf)"), graph),
        Quad(dataset, DCT.modified, when, graph),
        Quad(dataset, VOID.uriSpace, Literal(base), graph),
        Quad(dataset, VOID.sparqlEndpoint, NamedNode(store.minter.endpoint()), graph),
        Quad(dataset, VOID.entities, Literal(str(cables), datatype=XSD.integer), graph),
    ]
    for file in files:
        node = NamedNode(store.minter.dump(file.name))
        checksum = NamedNode(store.minter.dump_checksum(file.name))
        quads += [
            Quad(dataset, VOID.dataDump, node, graph),
            Quad(dataset, DCAT.distribution, node, graph),
            Quad(node, RDF_TYPE, DCAT.Distribution, graph),
            Quad(node, DCT.title, Literal(file.title), graph),
            Quad(node, DCAT.downloadURL, node, graph),
            Quad(node, DCAT.mediaType,
                 NamedNode(MEDIA_TYPES + file.media_type), graph),
            Quad(node, DCAT.byteSize, typed(file.size, "nonNegativeInteger"), graph),
            Quad(node, DCT.issued, when, graph),
            Quad(node, DCT.modified, when, graph),
            Quad(node, VOID.triples, typed(file.triples, "integer"), graph),
            Quad(node, SPDX.checksum, checksum, graph),
            Quad(checksum, RDF_TYPE, SPDX.Checksum, graph),
            Quad(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256, graph),
            Quad(checksum, SPDX.checksumValue,
                 Literal(file.sha256, datatype=XSD.hexBinary), graph),
        ]
        if file.name.endswith(".gz"):
            quads.append(Quad(node, DCAT.compressFormat,
                              NamedNode(MEDIA_TYPES + "application/gzip"), graph))
    return quads
