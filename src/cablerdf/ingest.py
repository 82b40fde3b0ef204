"""Ingest: parse -> map -> SHACL -> load, with worker processes and a single writer.

The main process reads the inputs (streaming) and parses them, skips cables whose content hash is
already stored, and sends batches to worker processes that map and validate them. Results come back
as N-Quads; the main process writes each accepted cable's graph in one transaction. In-flight
batches are bounded, so memory stays bounded whatever the corpus size. A run killed at any moment
leaves whole cables only; running it again skips them and writes the rest. Into a new store, the
run is a build instead (:func:`build`): written in bulk beside, renamed into place when whole. A run
that cannot go on (a full disk, a store or index that cannot be written, a worker process that died)
stops at the first such error with :class:`IngestStopped`, leaving whole cables only as well.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import gc
import json
import multiprocessing
import os
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph
from pyoxigraph import Literal, NamedNode, Quad

from cablerdf.iris import Minter
from cablerdf.parse import CableParseError
from cablerdf.pipeline import Failure, Item, Record, content_hash, read_records, to_quads
from cablerdf.progress import Progress
from cablerdf.store import CONTENT_HASH, CableStore
from cablerdf.store.dump import write_atomically
from cablerdf.store.http import is_remote
from cablerdf.store.location import BUILDING, store_path
from cablerdf.store.search import update_index
from cablerdf.terms import CG, PROV, RDF, XSD
from cablerdf.validate import validate_graphs

RDF_TYPE = RDF.type
BATCH = 64


@dataclass(slots=True)
class Job:
    record: Record
    stored_hash: str | None  # the hash of the stored version, if any


@dataclass(slots=True)
class Outcome:
    cable_id: str
    content_hash: str
    previous_hash: str | None  # the stored version this cable replaces
    nquads: bytes  # the cable's graph with its content-hash quad; empty when rejected or unchanged
    violations: list[str]
    warnings: list[str]
    unchanged: bool = False


@dataclass
class RunReport:
    started: str
    loaded: int = 0
    replaced: int = 0
    skipped: int = 0
    rejected: dict[str, list[str]] = field(default_factory=dict)
    parse_errors: list[str] = field(default_factory=list)
    warnings: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        return (f"{self.loaded:,} cables loaded ({self.replaced:,} new versions), {self.skipped:,} unchanged, "
                f"{len(self.rejected):,} rejected by SHACL, {len(self.parse_errors):,} unreadable, "
                f"{sum(self.warnings.values()):,} warnings")


class IngestStopped(Exception):
    """The run stopped before its end on an error of the store, the search index, the disk or a worker.

    Cables written before the error are whole (each cable's graph is one transaction); ``report``
    counts what the run had done by then."""

    def __init__(self, cause: BaseException, report: RunReport) -> None:
        super().__init__(describe_error(cause))
        self.report = report


FATAL = (OSError, sqlite3.Error, BrokenProcessPool)


def describe_error(error: BaseException) -> str:
    if isinstance(error, sqlite3.Error):
        return f"the search index could not be written: {error}"
    if isinstance(error, BrokenProcessPool):
        return f"a worker process died: {error}"
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror}: {error.filename}" if error.filename else error.strerror
    return str(error) or type(error).__name__


def map_and_validate(jobs: list[Job], base: str, strict: bool) -> list[Outcome]:
    """Worker: skip unchanged cables; map the others, validate them as one batch; N-Quads back."""
    minter = Minter(base)
    graphs, digests, outcomes = {}, {}, []
    for job in jobs:
        cid = job.record.canonical_id
        digests[cid] = content_hash(job.record.cable)
        if digests[cid] == job.stored_hash:
            outcomes.append(Outcome(cid, digests[cid], None, b"", [], [], unchanged=True))
            continue
        quads = to_quads(job.record, minter)
        if job.stored_hash:
            quads.append(revision_quad(minter, cid, job.stored_hash))
        graph = NamedNode(minter.graph(cid))
        quads.append(Quad(graph, CONTENT_HASH, Literal(digests[cid]), graph))
        graphs[cid] = quads
    findings = results_by_cable(graphs)
    for job in jobs:
        cid = job.record.canonical_id
        if cid not in graphs:
            continue
        violations, warnings = findings.get(cid, ([], []))
        if strict:
            violations = violations + warnings
        data = b"" if violations else pyoxigraph.serialize(graphs[cid], format=pyoxigraph.RdfFormat.N_QUADS)
        outcomes.append(Outcome(cid, digests[cid], job.stored_hash, data or b"", violations, warnings))
    return outcomes


def results_by_cable(graphs: dict[str, list[Quad]]) -> dict[str, tuple[list[str], list[str]]]:
    """Validate the cables' graphs (each list the quads of one cable's graph) as one batch; (violations,
    warning shapes) per cable ID.

    A result names the graph of its focus node: one whose focus several cables share (a post, a tag)
    counts for each of them, one about a node only linked to for the cables linking to it.
    """
    cables = {quads[0].graph_name.value: cable_id for cable_id, quads in graphs.items()
              if quads and isinstance(quads[0].graph_name, NamedNode)}
    report = validate_graphs(list(graphs.values()))
    findings: dict[str, tuple[list[str], list[str]]] = {}
    for result in report.results:
        cable_id = cables.get(result.graph)
        if result.severity == "Info" or cable_id is None:
            continue
        violations, warnings = findings.setdefault(cable_id, ([], []))
        if result.severity == "Violation":
            violations.append(f"{result.shape_name}: {result.message} (focus {result.focus})")
        else:
            warnings.append(result.shape_name)
    return findings


def revision_quad(minter: Minter, cable_id: str, previous: str) -> Quad:
    graph = NamedNode(minter.graph(cable_id))
    return Quad(graph, PROV.wasRevisionOf, NamedNode(minter.version(cable_id, previous)),
                graph)


def batches(items: Iterable[Item], store: CableStore, report: RunReport, progress: Progress) -> Iterator[list[Job]]:
    """The records in batches of :data:`BATCH` for the workers; a source that cannot be hashed stops the run."""
    stored = store.stored_hashes()
    seen: set[str] = set()
    batch: list[Job] = []
    for item in items:
        if isinstance(item, CableParseError):
            report.parse_errors.append(str(item))
            progress.step(failed=True)
            continue
        if isinstance(item, Failure):
            raise item.error
        report.parse_errors.extend(f"{damage} (loaded with this defect)" for damage in item.cable.damage())
        graph = store.minter.graph(item.canonical_id)
        if graph in seen:  # given twice in this run: the first wins
            report.skipped += 1
            progress.step()
            continue
        seen.add(graph)
        batch.append(Job(item, stored.get(graph)))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def write(store: CableStore, outcomes: list[Outcome], report: RunReport, converted_at: str) -> None:
    """Write a batch's accepted cables: new ones in one transaction, each replacement in its own."""
    new = []
    for outcome in outcomes:
        report.warnings.update(outcome.warnings)
        if outcome.unchanged:
            report.skipped += 1
        elif outcome.violations:
            report.rejected[outcome.cable_id] = outcome.violations
        elif outcome.previous_hash is None:
            new.append(outcome.nquads)
        else:
            replace(store, outcome, converted_at)
            report.loaded += 1
            report.replaced += 1
    store.add_cables(b"".join(new))
    report.loaded += len(new)


def replace(store: CableStore, outcome: Outcome, converted_at: str) -> None:
    quads = list(pyoxigraph.parse(outcome.nquads, format=pyoxigraph.RdfFormat.N_QUADS))
    store.replace_graph(store.minter.graph(outcome.cable_id), quads)
    version = NamedNode(store.minter.version(outcome.cable_id, outcome.previous_hash or ""))
    meta = NamedNode(store.minter.metadata_graph())
    store.add_metadata([
        Quad(version, RDF_TYPE, PROV.Entity, meta),
        Quad(version, CONTENT_HASH, Literal(outcome.previous_hash or ""), meta),
        Quad(version, PROV.invalidatedAtTime,
             Literal(converted_at, datatype=XSD.dateTime), meta),
    ])


def ingest(paths: list[str], store: CableStore, jobs: int | None = None, strict: bool = False,
           quiet: bool = False, fmt: str | None = None) -> RunReport:
    """Load the cables of ``paths``; IngestStopped when the run cannot go on (see the module)."""
    report = RunReport(datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    try:
        store.load_vocabulary()
        with contextlib.closing(Progress("ingested", quiet=quiet)) as progress:
            load(paths, store, report, progress, jobs or os.cpu_count() or 1, strict, fmt)
        store.end_bulk_writes()  # a build's cables are in before the run is recorded
        record_run(store, report)
        store.flush()
        update_index(store)  # the full-text search index (cablerdf.store.search), in step with the store
    except FATAL as error:
        raise IngestStopped(error, report) from error
    return report


def builds(location: str) -> bool:
    """Whether an ingest into ``location`` builds a new store (:func:`build`): a local directory that
    does not exist yet, or is empty."""
    path = store_path(location)
    return not is_remote(location) and (not path.exists() or (path.is_dir() and not any(path.iterdir())))


def build(paths: list[str], target: Path, base: str | None = None, jobs: int | None = None, strict: bool = False,
          quiet: bool = False, fmt: str | None = None) -> RunReport:
    """A new store at ``target``, built beside it and renamed into place when whole.

    The cables are written in bulk (no transactions: nothing else reads a store being built). The
    directory being built is marked (:data:`~cablerdf.store.location.BUILDING`) until it is whole, so
    that no server or command opens it; ``target`` itself appears only when the build has ended. A
    build that stops leaves ``target`` as it was; running it again starts afresh."""
    building = target.with_name(f".{target.name}.building")
    shutil.rmtree(building, ignore_errors=True)  # what an earlier, stopped build left
    building.mkdir(parents=True)
    (building / BUILDING).touch()
    store = CableStore(building, base=base, building=True)
    try:
        report = ingest(paths, store, jobs, strict, quiet, fmt)
    finally:
        del store  # closed: nothing holds the database while it moves
        gc.collect()
    (building / BUILDING).unlink()
    if target.exists():
        target.rmdir()  # empty (see builds)
    building.rename(target)
    return report


def load(paths: list[str], store: CableStore, report: RunReport, progress: Progress, workers: int, strict: bool,
         fmt: str | None) -> None:
    """Parse here, map and validate in worker processes, write here as batches come back."""
    started = report.started
    context = multiprocessing.get_context("forkserver")
    with cf.ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: set[cf.Future[list[Outcome]]] = set()
        try:
            for batch in batches(read_records(paths, started, fmt, verify=True), store, report, progress):
                pending.add(pool.submit(map_and_validate, batch, store.minter.base, strict))
                if len(pending) >= workers * 2:
                    pending = drain(pending, store, report, progress, started, cf.FIRST_COMPLETED)
            drain(pending, store, report, progress, started, cf.ALL_COMPLETED)
        except BaseException:
            pool.shutdown(cancel_futures=True)  # batches not started are dropped, running ones waited for
            raise


def drain(pending: set[cf.Future[list[Outcome]]], store: CableStore, report: RunReport, progress: Progress,
          converted_at: str, when: str) -> set[cf.Future[list[Outcome]]]:
    done, rest = cf.wait(pending, return_when=when)
    outcomes = [outcome for future in done for outcome in future.result()]
    write(store, outcomes, report, converted_at)  # the finished batches' new cables: one transaction
    for outcome in outcomes:
        progress.step(failed=bool(outcome.violations))
    return rest


def record_run(store: CableStore, report: RunReport) -> None:
    """The run's provenance in the metadata graph, and its report file in the store directory."""
    meta = NamedNode(store.minter.metadata_graph())
    run = NamedNode(store.minter.run(report.started))
    ended = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    dt = XSD.dateTime
    integer = XSD.nonNegativeInteger
    store.add_metadata([
        Quad(run, RDF_TYPE, CG.ConversionRun, meta),
        Quad(run, RDF_TYPE, PROV.Activity, meta),
        Quad(run, PROV.startedAtTime, Literal(report.started, datatype=dt), meta),
        Quad(run, PROV.endedAtTime, Literal(ended, datatype=dt), meta),
        Quad(run, CG.cablesLoaded, Literal(str(report.loaded), datatype=integer), meta),
        Quad(run, CG.cablesSkipped, Literal(str(report.skipped), datatype=integer), meta),
        Quad(run, CG.cablesRejected, Literal(str(len(report.rejected)), datatype=integer), meta),
    ])
    reports = store.path / "reports"
    reports.mkdir(exist_ok=True)
    path = reports / f"ingest-{report.started.replace(':', '')}.json"
    payload = {"started": report.started, "ended": ended, "summary": report.summary(),
               "rejected": report.rejected, "parse_errors": report.parse_errors,
               "warnings_by_shape": dict(report.warnings.most_common())}
    write_atomically(path, json.dumps(payload, indent=2, ensure_ascii=False).encode("utf-8"))
