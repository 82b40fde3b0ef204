"""The query worker: a child process that evaluates SPARQL queries on its own read-only store.

pyoxigraph cannot cancel a running query, so queries run here, where the web process can kill them
(:mod:`cablerdf.web.sparql.executor`). The worker evaluates a :class:`Job` and serialises the answer
in the format the web process negotiated for the query's form, keeping at most ``max_rows``
solutions or triples: a capped answer is still a whole, valid document, flagged ``truncated``.
Browsers get the rows of an HTML table instead of bytes.

No Flask here: the job carries all the request told.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import IO, cast

import pyoxigraph
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, QueryTriples, RdfFormat

from cablerdf.store.backend import Backend
from cablerdf.store.location import open_backend
from cablerdf.web.sparql import protocol, results
from cablerdf.web.sparql.protocol import Operation, ProtocolError
from cablerdf.web.sparql.results import Table

EVALUATION_ERRORS = (OSError, RuntimeError, ValueError, SyntaxError)
# the fewest bytes a solution or triple takes in each format: an answer within max_rows times this
# is written straight away (it cannot hold more than max_rows); a longer one is counted
MIN_BYTES = {"json": 3, "xml": 17, "csv": 2, "tsv": 1, "ttl": 4, "trig": 4, "nt": 14, "nq": 16, "rdf": 20}


@dataclass(frozen=True, slots=True)
class Job:
    operation: Operation
    base_iri: str
    formats: dict[str, str | None]  # query form -> negotiated format name (None: nothing acceptable)
    max_rows: int
    html_rows: int
    federation: bool = False


@dataclass(frozen=True, slots=True)
class Answer:
    form: str  # SELECT, ASK, CONSTRUCT/DESCRIBE
    name: str | None  # the format of ``body``; None when the client accepts none for this form
    body: bytes = b""
    table: Table | None = None  # for name == "html"
    truncated: bool = False  # the row cap was hit: ``rows`` of more are in the body
    rows: int = 0


@dataclass(frozen=True, slots=True)
class Failure:
    status: int
    detail: str
    extra: dict[str, str] = field(default_factory=dict)


def main(connection: Connection, location: str) -> None:
    """Serve jobs from the web process until it closes its end (or dies); ``location``: the store's
    directory, or a remote endpoint's URL."""
    store = open_backend(location, read_only=True)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(run(store, job))


def run(store: Backend, job: Job) -> Answer | Failure:
    try:
        result = protocol.evaluate(store, job.operation, job.base_iri, job.federation)
        offer = results.offer(result)
        name = job.formats.get(offer.form)
        if name is None:
            return Answer(offer.form, None)
        if name == "html":
            table = results.table(result, min(job.html_rows, job.max_rows), str)
            return Answer(offer.form, name, table=table, truncated=table.truncated, rows=len(table.rows))
        if isinstance(result, QueryBoolean):
            return Answer(offer.form, name, results.serialize(result, name))
        if name in MIN_BYTES:
            try:
                return Answer(offer.form, name, direct(result, name, Budget(job.max_rows * MIN_BYTES[name])))
            except Enough:  # perhaps more than max_rows: once more, counted
                result = protocol.evaluate(store, job.operation, job.base_iri, job.federation)
        assert not isinstance(result, QueryBoolean)
        return capped(result, offer.form, name, job.max_rows)
    except ProtocolError as error:
        return Failure(error.status, error.detail)
    except EVALUATION_ERRORS as error:
        return Failure(500, f"query evaluation failed: {error}")


class Enough(Exception):
    """Raised by a writer to stop pyoxigraph's serialiser."""


class Budget:
    """A writer for pyoxigraph's serialisers that stops them past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit, self.size, self.parts = limit, 0, list[bytes]()

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        if self.size > self.limit:
            raise Enough
        return len(data)

    def flush(self) -> None:
        pass


class Marks(Budget):
    """A writer that stops the serialiser once ``marker`` has been written more than ``cap`` times."""

    def __init__(self, marker: bytes, cap: int) -> None:
        super().__init__(1 << 62)
        self.marker, self.cap, self.seen, self.tail = marker, cap, 0, b""

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        self.seen += (self.tail + chunk).count(self.marker)
        self.tail = chunk[1 - len(self.marker):] if len(self.marker) > 1 else b""
        self.parts.append(chunk)
        if self.seen > self.cap:
            raise Enough
        return len(chunk)

    def cut(self, after: bool) -> bytes:
        """What was written up to the ``cap + 1``-th marker (``after``: through the ``cap``-th one)."""
        data, at = b"".join(self.parts), -1
        for _ in range(self.cap if after else self.cap + 1):
            at = data.index(self.marker, at + 1)
        return data[:at + len(self.marker)] if after else data[:at]


def direct(result: QuerySolutions | QueryTriples, name: str, writer: Budget) -> bytes:
    """pyoxigraph's serialisation of the whole result into ``writer``."""
    output = cast(IO[bytes], writer)  # what pyoxigraph needs of a file: write and flush
    if isinstance(result, QuerySolutions):
        results.serialize(result, name, output)
    else:
        results.triples(result, name, output=output)
    return b"".join(writer.parts)


def capped(result: QuerySolutions | QueryTriples, form: str, name: str, cap: int) -> Answer:
    """At most ``cap`` solutions (counted in SPARQL XML) or triples (counted in N-Triples), then
    written in format ``name``: a whole document either way."""
    solutions = isinstance(result, QuerySolutions)
    writer = Marks(b"<result>" if solutions else b"\n", cap)
    try:
        data, truncated = direct(result, "xml" if solutions else "nt", writer), False
    except Enough:
        data = writer.cut(after=not solutions) + (b"</results></sparql>" if solutions else b"")
        truncated = True
    rows = cap if truncated else 0  # (counted only when capped)
    if solutions:
        kept = pyoxigraph.parse_query_results(data, format=QueryResultsFormat.XML)
        return Answer(form, name, data if name == "xml" else results.serialize(kept, name), truncated=truncated,
                      rows=rows)
    triples = [quad.triple for quad in pyoxigraph.parse(data, format=RdfFormat.N_TRIPLES)]
    return Answer(form, name, data if name == "nt" else results.triples(triples, name), truncated=truncated,
                  rows=rows)


if __name__ == "__main__":  # python -m cablerdf.web.sparql.worker FD DATABASE (see the executor)
    from cablerdf.web.sparql import worker  # by its name, so that answers unpickle as worker.Answer

    worker.main(Connection(int(sys.argv[1])), sys.argv[2])
