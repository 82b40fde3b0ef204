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
from itertools import islice
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, Store

from cablerdf.web.sparql import protocol, results
from cablerdf.web.sparql.protocol import Operation, ProtocolError, Result
from cablerdf.web.sparql.results import Table

EVALUATION_ERRORS = (OSError, RuntimeError, ValueError, SyntaxError)


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


def main(connection: Connection, database: str) -> None:
    """Serve jobs from the web process until it closes its end (or dies)."""
    store = Store.read_only(database)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(run(store, job))


def run(store: Store, job: Job) -> Answer | Failure:
    try:
        result = protocol.evaluate(store, job.operation, job.base_iri, job.federation)
        offer = results.offer(result)
        name = job.formats.get(offer.form)
        if name is None:
            return Answer(offer.form, None)
        if name == "html":
            table = results.table(result, min(job.html_rows, job.max_rows), str)
            return Answer(offer.form, name, table=table, truncated=table.truncated, rows=len(table.rows))
        return serialize(result, offer.form, name, job.max_rows)
    except ProtocolError as error:
        return Failure(error.status, error.detail)
    except EVALUATION_ERRORS as error:
        return Failure(500, f"query evaluation failed: {error}")


def serialize(result: Result, form: str, name: str, cap: int) -> Answer:
    """The answer in format ``name``, at most ``cap`` solutions or triples."""
    if isinstance(result, QueryBoolean):
        return Answer(form, name, results.serialize(result, name))
    rows: list[Any] = list(islice(result, cap + 1))
    truncated = len(rows) > cap
    del rows[cap:]
    if isinstance(result, QuerySolutions):
        body = results.serialize(solutions(result, rows), name)
    else:
        body = results.triples(rows, name)
    return Answer(form, name, body, truncated=truncated, rows=len(rows))


def solutions(result: QuerySolutions, rows: list[pyoxigraph.QuerySolution]) -> QuerySolutions:
    """Kept solutions as a ``QuerySolutions`` again (through TSV, whose terms are N-Triples), so that
    pyoxigraph's writers serialise them."""
    variables = [v.value for v in result.variables]
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if term is None else str(term).replace("\t", "\\t") for term in row) for row in rows]
    parsed = pyoxigraph.parse_query_results(("\n".join(lines) + "\n").encode(), format=QueryResultsFormat.TSV)
    assert isinstance(parsed, QuerySolutions)
    return parsed


if __name__ == "__main__":  # python -m cablerdf.web.sparql.worker FD DATABASE (see the executor)
    from cablerdf.web.sparql import worker  # by its name, so that answers unpickle as worker.Answer

    worker.main(Connection(int(sys.argv[1])), sys.argv[2])
