"""Streaming RDF writers: one cable's quads after another into N-Quads, N-Triples, Turtle, TriG or JSON-LD.

The format comes from the output file's extension (``.nq .nt .ttl .trig .jsonld``, each optionally
``.gz``). Nothing holds the whole dataset: every cable's quads are serialised and written before the
next cable is read.

- N-Quads and TriG keep one named graph per cable; N-Triples, Turtle and JSON-LD put every cable's
  triples in the default graph (the graph IRI stays as the subject of the provenance triples).
- N-Quads, N-Triples, Turtle and TriG go through pyoxigraph's serializer, one call per cable; the
  prefixes of :data:`cablerdf.iris.PREFIXES` are declared once at the top of Turtle and TriG.
- JSON-LD is compacted with the published context (``context.jsonld``, :data:`CONTEXT_IRI`): one node
  object per subject and cable in ``@graph``, built here from the quads, since a general JSON-LD
  compaction is far too slow for a bulk dump. Terms of the context are used wherever their type
  coercion fits the value; any other value is written under a compact IRI in expanded value form,
  so the document always expands to exactly the quads' triples.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple

from cablerdf.iris import PREFIXES
from cablerdf.resources import context_path
from cablerdf.terms import RDF, XSD

CONTEXT_IRI = "https://w3id.org/cablerdf/context/v1.jsonld"
"""Where the JSON-LD context is published (the file is ``ontology/context.jsonld``; version 1)."""

OUTPUT_FORMATS = (RdfFormat.N_QUADS, RdfFormat.N_TRIPLES, RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.JSON_LD)
OUTPUT_EXTENSIONS = tuple(f".{fmt.file_extension}" for fmt in OUTPUT_FORMATS)  # .nq .nt .ttl .trig .jsonld
RDF_TYPE = RDF.type.value
XSD_STRING = XSD.string.value
ID, TYPE = "@id", "@type"
Subject = NamedNode | BlankNode | Triple
Object = NamedNode | BlankNode | Literal | Triple


class Output(Protocol):
    """Where a writer writes: a binary file or a gzip stream."""

    def write(self, data: bytes, /) -> object: ...


def output_format(path: str | os.PathLike[str]) -> RdfFormat:
    """The format of :data:`OUTPUT_FORMATS` a file name's extension says (``.gz`` allowed)."""
    extension = os.fspath(path).lower().removesuffix(".gz").rpartition(".")[2]
    fmt = RdfFormat.from_extension(extension)
    if fmt is None or fmt not in OUTPUT_FORMATS or fmt.file_extension != extension:
        raise ValueError(f"cannot tell the RDF format of {os.fspath(path)!r}: use one of "
                         + ", ".join(f"{e}[.gz]" for e in OUTPUT_EXTENSIONS))
    return fmt


@functools.cache
def context() -> dict[str, Any]:
    """The value of ``@context`` of the published context document."""
    document: dict[str, Any] = json.loads(context_path().read_text(encoding="utf-8"))
    return dict(document["@context"])


class Writer:
    """Writes a stream of per-cable quad lists; subclasses serialise one format."""

    def __init__(self, out: Output) -> None:
        self.out = out

    def start(self) -> None:
        """Anything that comes before the first cable."""

    def write(self, quads: Sequence[Quad]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Anything that comes after the last cable."""


class OxigraphWriter(Writer):
    """N-Quads, N-Triples, Turtle, TriG: pyoxigraph serialises each cable; prefixes written once."""

    def __init__(self, out: Output, fmt: RdfFormat) -> None:
        super().__init__(out)
        self.format = fmt
        self.datasets = self.format.supports_datasets
        self.prefixes = PREFIXES if self.format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None

    def start(self) -> None:
        if self.prefixes:
            self.out.write("".join(f"@prefix {p}: <{iri}> .\n" for p, iri in self.prefixes.items()).encode())

    def write(self, quads: Sequence[Quad]) -> None:
        if self.prefixes:  # group each subject's statements, so Turtle writes a subject once
            quads = [q for group in by_subject(quads).values() for q in group]
        items = quads if self.datasets else [q.triple for q in quads]
        data = pyoxigraph.serialize(items, None, self.format, prefixes=self.prefixes)
        assert data is not None
        if self.prefixes:
            data = data[prefix_block_end(data):]
        self.out.write(data)


def prefix_block_end(data: bytes) -> int:
    """Where the ``@prefix`` lines pyoxigraph puts on top of each serialisation end."""
    index = 0
    while data.startswith(b"@prefix ", index):
        index = data.index(b"\n", index) + 1
    return index


def by_subject(quads: Iterable[Quad]) -> dict[Subject, list[Quad]]:
    """The quads grouped by subject, subjects and statements in order of first appearance."""
    groups: dict[Subject, list[Quad]] = {}
    for quad in quads:
        group = groups.get(quad.subject)
        if group is None:
            groups[quad.subject] = [quad]
        else:
            group.append(quad)
    return groups


class Compactor:
    """Compacts RDF terms and statements against a JSON-LD context (prefixes, terms, type coercion)."""

    def __init__(self, ctx: dict[str, Any]) -> None:
        self.prefixes: list[tuple[str, str]] = []  # (namespace, prefix), longest namespace first
        for name, value in ctx.items():
            if isinstance(value, str) and value.endswith(("/", "#")) and ":" in value:
                self.prefixes.append((value, name))
        self.prefixes.sort(key=lambda item: -len(item[0]))
        self.classes: dict[str, str] = {}  # class IRI -> term for @type values
        self.id_terms: dict[str, str] = {}  # property IRI -> term coercing values to IRIs
        self.typed_terms: dict[tuple[str, str], str] = {}  # (property, datatype) -> term coercing to it
        self.plain_terms: dict[str, str] = {}  # property IRI -> term without coercion
        for name, value in ctx.items():
            if name.startswith("@") or (isinstance(value, str) and value.endswith(("/", "#"))):
                continue
            iri = self.expand(value if isinstance(value, str) else value.get(ID, name), ctx)
            coercion = value.get(TYPE) if isinstance(value, dict) else None
            if coercion is None:
                self.plain_terms.setdefault(iri, name)
                self.classes.setdefault(iri, name)
            elif coercion == ID:
                self.id_terms.setdefault(iri, name)
            else:
                self.typed_terms.setdefault((iri, self.expand(coercion, ctx)), name)

    @staticmethod
    def expand(value: str, ctx: dict[str, Any]) -> str:
        prefix, colon, local = value.partition(":")
        target = ctx.get(prefix) if colon and not local.startswith("//") else None
        return target + local if isinstance(target, str) else value

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one compactor per process; bounded
    def iri(self, iri: str) -> str:
        """A compact IRI (``cg:Cable``) where a prefix of the context fits, else the IRI itself."""
        for namespace, prefix in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace) and not iri.startswith("//", len(namespace)):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def node_id(self, node: Subject) -> str:
        if isinstance(node, NamedNode):
            return self.iri(node.value)
        if isinstance(node, BlankNode):
            return f"_:{node.value}"
        raise ValueError(f"JSON-LD 1.1 cannot write {node}")

    def value(self, predicate: str, term: Object) -> tuple[str, Any]:
        """The key and the JSON value of one statement's object under the context."""
        if isinstance(term, Literal):
            datatype = term.datatype.value
            if term.language:
                return self.plain_key(predicate), {"@value": term.value, "@language": term.language}
            key = self.typed_terms.get((predicate, datatype))
            if key is not None:
                return key, term.value
            key = self.plain_key(predicate)
            if datatype == XSD_STRING:
                return key, term.value
            return key, {"@value": term.value, TYPE: self.iri(datatype)}
        key = self.id_terms.get(predicate)
        if key is not None:
            return key, self.node_id(term)
        return self.plain_key(predicate), {ID: self.node_id(term)}

    def plain_key(self, predicate: str) -> str:
        return self.plain_terms.get(predicate) or self.iri(predicate)

    def node(self, subject: Subject, quads: Iterable[Quad]) -> dict[str, Any]:
        """One node object: ``@id``, ``@type``, then each property; repeated values are dropped."""
        node: dict[str, Any] = {ID: self.node_id(subject)}
        values: dict[str, dict[str | tuple[str], Any]] = {}  # key -> {identity of value: value}, ordered
        for quad in quads:
            predicate, obj = quad.predicate.value, quad.object
            if predicate == RDF_TYPE and isinstance(obj, NamedNode):
                key, value = TYPE, self.classes.get(obj.value) or self.iri(obj.value)
            else:
                key, value = self.value(predicate, obj)
            seen = values.get(key)
            if seen is None:
                seen = values[key] = {}
            seen.setdefault(value if isinstance(value, str) else (json.dumps(value, sort_keys=True),), value)
        for key, unique in values.items():
            items = list(unique.values())
            node[key] = items[0] if len(items) == 1 else items
        return node


class JsonLdWriter(Writer):
    """``{"@context": ..., "@graph": [node, node, ...]}``, one node object per line, streamed."""

    def __init__(self, out: Output, context_ref: str | dict[str, Any] | None = None) -> None:
        super().__init__(out)
        self.context_ref: str | dict[str, Any] = CONTEXT_IRI if context_ref is None else context_ref
        self.compactor = Compactor(context())
        self.first = True

    def start(self) -> None:
        head = json.dumps({"@context": self.context_ref}, ensure_ascii=False, indent=1)[:-2]
        self.out.write(f'{head},\n "@graph": [\n'.encode())

    def write(self, quads: Sequence[Quad]) -> None:
        nodes = [self.compactor.node(subject, group) for subject, group in by_subject(quads).items()]
        if not nodes:
            return
        text = ",\n".join(json.dumps(node, ensure_ascii=False, separators=(",", ":")) for node in nodes)
        self.out.write(((" " if self.first else ",\n ") + text).encode("utf-8"))
        self.first = False

    def finish(self) -> None:
        self.out.write(b"\n ]\n}\n")


def make_writer(fmt: RdfFormat, out: Output, context_ref: str | dict[str, Any] | None = None) -> Writer:
    """A writer of ``fmt`` (one of :data:`OUTPUT_FORMATS`) on ``out``; ``context_ref`` is for JSON-LD:
    the context's IRI (default :data:`CONTEXT_IRI`) or the context object itself, written inline."""
    if fmt == RdfFormat.JSON_LD:
        return JsonLdWriter(out, context_ref)
    if fmt in OUTPUT_FORMATS:
        return OxigraphWriter(out, fmt)
    raise ValueError(f"unknown RDF output format {fmt}")


def write_file(path: str | os.PathLike[str], cables: Iterable[Sequence[Quad]],
               context_ref: str | dict[str, Any] | None = None) -> int:
    """Writes each cable's quads as they come to ``path`` (format by extension, gzip for ``.gz``).

    The file is written under a temporary name in the same directory and renamed when complete, so
    ``path`` never holds a partial file; on an exception the temporary file is removed. Returns the
    number of cables (quad lists) written.
    """
    target = Path(path)
    writer_format = output_format(target)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    count = 0
    try:
        with os.fdopen(fd, "wb") as raw:
            zipped = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6) \
                if target.name.lower().endswith(".gz") else None
            writer = make_writer(writer_format, zipped or raw, context_ref)
            writer.start()
            for quads in cables:
                writer.write(quads)
                count += 1
            writer.finish()
            if zipped:
                zipped.close()
        os.chmod(temporary, 0o666 & ~current_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
