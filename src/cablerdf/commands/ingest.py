"""``cablerdf ingest``: parse -> map -> SHACL -> load into the store, in parallel, resumable.

Exit status: 0 when every cable was loaded (or was already there), 1 when some were rejected by SHACL
or could not be read (the others are loaded), or when the run stopped before its end (a full disk, a
store that cannot be opened or written): then one paragraph on stderr says why. Into a directory that
does not exist yet (or is empty) the run builds a new store instead (:func:`cablerdf.ingest.build`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cablerdf.commands.parse import add_input_options, sample_path
from cablerdf.ingest import IngestStopped, RunReport, build, builds, describe_error, ingest
from cablerdf.store import CableStore, store_location, store_path


def add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", metavar="DIR|URL", help="store directory, or a remote SPARQL endpoint's URL "
                        "(default: $CABLERDF_STORE or ./data/store)")
    parser.add_argument("--gsp-url", metavar="URL", help="remote store: its Graph Store Protocol endpoint, for "
                        "writing ($CABLERDF_GSP_URL)")
    parser.add_argument("--update-url", metavar="URL", help="remote store: its SPARQL Update endpoint, for writing "
                        "when there is no --gsp-url ($CABLERDF_UPDATE_URL)")
    parser.add_argument("--base", metavar="URL", help="base of data IRIs (default: $CABLERDF_BASE or "
                        "http://127.0.0.1:8080/)")


def open_store(args: argparse.Namespace) -> CableStore:
    """The store of the options of :func:`add_store_options`, for reading and writing."""
    return CableStore(args.store, base=args.base, update_url=args.update_url, gsp_url=args.gsp_url)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("ingest", help="load cables into the store",
                                 description="Parse, map, validate (SHACL) and load cables; cables with "
                                 "violations are reported, not loaded. Re-running skips unchanged cables. Into a "
                                 "new directory the store is built in bulk beside it and appears when whole.")
    add_input_options(parser)
    add_store_options(parser)
    parser.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: all cores)")
    parser.add_argument("--strict", action="store_true", help="also refuse cables with SHACL warnings")
    parser.set_defaults(run=run)


def stopped(store: str, cause: str, loaded: int | None) -> str:
    """The one paragraph that says why a run stopped and what to do."""
    done = "" if loaded is None else f" (this run loaded {loaded:,} before it stopped)"
    return (f"error: ingest stopped: {cause}. The store at {store} holds whole cables only, none half-written"
            f"{done}. Fix the cause (for a full disk: free some space) and run the same command again: it skips "
            "the cables already loaded and loads the rest.\n")


def not_built(store: str, cause: str) -> str:
    """Why a build of a new store stopped, and what to do."""
    return (f"error: ingest stopped: {cause}. The new store at {store} was not created (nothing half-built is "
            "ever left there). Fix the cause and run the same command again: the build starts afresh.\n")


def run_build(args: argparse.Namespace) -> int:
    """Into a new store: built beside, in bulk, renamed into place when whole."""
    target = store_path(args.store)
    try:
        report = build(args.paths or [sample_path()], target, base=args.base, jobs=args.jobs, strict=args.strict,
                       quiet=args.quiet, fmt=args.format)
    except IngestStopped as stop:
        list_problems(stop.report)
        sys.stderr.write(not_built(str(target), str(stop)))
        return 1
    except OSError as error:
        sys.stderr.write(not_built(str(target), describe_error(error)))
        return 1
    return finished(report, target)


def run(args: argparse.Namespace) -> int:
    if builds(store_location(args.store)):
        return run_build(args)
    where = str(store_path(args.store))
    try:
        store = open_store(args)
    except OSError as error:
        sys.stderr.write(stopped(where, f"the store could not be opened: {describe_error(error)}", None))
        return 1
    try:
        report = ingest(args.paths or [sample_path()], store, jobs=args.jobs, strict=args.strict, quiet=args.quiet,
                        fmt=args.format)
    except IngestStopped as stop:
        list_problems(stop.report)
        sys.stderr.write(stopped(where, str(stop), stop.report.loaded))
        return 1
    return finished(report, store.path)


def finished(report: RunReport, store: Path) -> int:
    """A run that ended: its problems, its summary and where its report is; the exit status."""
    list_problems(report)
    sys.stderr.write(report.summary() + f"\nreport: {store / 'reports'}\n")
    return 1 if report.rejected or report.parse_errors else 0


def list_problems(report: RunReport) -> None:
    for cable_id, messages in list(report.rejected.items())[:20]:
        sys.stderr.write(f"rejected {cable_id}: {messages[0]}\n")
    for error in report.parse_errors[:20]:
        sys.stderr.write(f"error: {error}\n")
