"""Validating inputs: :func:`validate_paths` reads and parses cables here (:mod:`cablerdf.pipeline`), and maps
and validates them in batches in worker processes, with the compiled checker or, for ``--reference``, pyshacl.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Protocol, TypeVar

import pyoxigraph as ox

from cablerdf.iris import Minter
from cablerdf.pipeline import Failure, Record, mapped, read_records, utc_now
from cablerdf.validate.checker import validate_graphs
from cablerdf.validate.reference import validate_quads_pyshacl
from cablerdf.validate.report import Report


class Identified(Protocol):
    @property
    def canonical_id(self) -> str: ...


Cables = TypeVar("Cables", bound=Identified)


def validate_records(records: list[Record], base: str | None, reference: bool = False) -> Report:
    """Map and validate a batch of parsed cables (no two with the same ID); with pyshacl if ``reference``."""
    minter = Minter(base)
    graphs: list[list[ox.Quad]] = []
    errors: list[str] = []
    for record in records:
        quads = mapped(record, minter)
        if isinstance(quads, Failure):
            errors.append(str(quads))
        else:
            graphs.append(quads)
    if not graphs:
        report = Report()
    elif reference:
        report = validate_quads_pyshacl(q for quads in graphs for q in quads)
    else:
        report = validate_graphs(graphs)
    report.errors.extend(errors)
    return report


def unique_batches(cables: Iterable[Cables], size: int) -> Iterator[list[Cables]]:
    """Batches of at most ``size`` cables, no ID twice in a batch (a repeated cable waits for a later one)."""
    batch: dict[str, Cables] = {}

    def fill(items: list[Cables]) -> list[Cables]:
        """Add what fits to the batch; return the rest."""
        rest = []
        for cable in items:
            if cable.canonical_id in batch or len(batch) >= size:
                rest.append(cable)
            else:
                batch[cable.canonical_id] = cable
        return rest

    waiting: list[Cables] = []
    for cable in cables:
        waiting += fill([cable])
        if len(batch) >= size:
            yield list(batch.values())
            batch.clear()
            waiting = fill(waiting)
    while batch:
        yield list(batch.values())
        batch.clear()
        waiting = fill(waiting)


def validate_paths(paths: list[str], jobs: int | None = None, batch_size: int = 250, fmt: str | None = None,
                   base: str | None = None, converted_at: str | None = None, reference: bool = False
                   ) -> Iterator[Report]:
    """Parse, map and validate the cables of ``paths``, ``batch_size`` cables per validation run (with pyshacl
    if ``reference``), in ``jobs`` worker processes (default: all cores; 1 runs in this process). Yields the
    report of each batch in input order, and one with the error of each input that cannot be parsed. Provenance
    as ``cablerdf convert`` writes it (:func:`cablerdf.pipeline.read_records`)."""
    failed: list[str] = []

    def parsed() -> Iterator[Record]:
        for item in read_records(paths, converted_at or utc_now(), fmt):
            if isinstance(item, Record):
                yield item
            else:
                failed.append(str(item))

    def errors() -> Iterator[Report]:
        while failed:
            yield Report(errors=[failed.pop(0)])

    workers = jobs or os.cpu_count() or 1
    if workers == 1:
        for batch in unique_batches(parsed(), batch_size):
            yield from errors()
            yield validate_records(batch, base, reference)
        yield from errors()
        return
    with ProcessPoolExecutor(workers) as pool:
        pending: deque[Future[Report]] = deque()
        for batch in unique_batches(parsed(), batch_size):
            yield from errors()
            pending.append(pool.submit(validate_records, batch, base, reference))
            while len(pending) > 2 * workers or (pending and pending[0].done()):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        yield from errors()
