"""``cablerdf ingest``: parse -> map -> SHACL -> load into the store, in parallel, resumable."""

from __future__ import annotations

import argparse
import sys

from cablerdf.commands.parse import add_input_options, sample_path
from cablerdf.ingest import ingest
from cablerdf.store import CableStore


def add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", metavar="DIR", help="store directory (default: $CABLERDF_STORE or ./data/store)")
    parser.add_argument("--base", metavar="URL", help="base of data IRIs (default: $CABLERDF_BASE or "
                        "http://127.0.0.1:8080/)")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("ingest", help="load cables into the store",
                                 description="Parse, map, validate (SHACL) and load cables; cables with "
                                 "violations are reported, not loaded. Re-running skips unchanged cables.")
    add_input_options(parser)
    add_store_options(parser)
    parser.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: all cores)")
    parser.add_argument("--strict", action="store_true", help="also refuse cables with SHACL warnings")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = CableStore(args.store, base=args.base)
    report = ingest(args.paths or [sample_path()], store, jobs=args.jobs, strict=args.strict, quiet=args.quiet,
                    fmt=args.format)
    for cable_id, messages in list(report.rejected.items())[:20]:
        sys.stderr.write(f"rejected {cable_id}: {messages[0]}\n")
    for error in report.parse_errors[:20]:
        sys.stderr.write(f"error: {error}\n")
    sys.stderr.write(report.summary() + f"\nreport: {store.path / 'reports'}\n")
    return 1 if report.rejected or report.parse_errors else 0
