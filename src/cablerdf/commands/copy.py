"""``cablerdf copy``: make one store a copy of another, cable graph by cable graph.

The way to move an archive onto a remote store (or back): ingest into an embedded store, where
parsing and SHACL run fastest, then ``cablerdf copy --from data/store --store URL --gsp-url URL``.
Exit status 0, or 1 when the run stopped (a store that cannot be reached or written): what was
written stays, and the same command resumes (cable graphs already copied are skipped).
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from cablerdf.commands.ingest import add_store_options, open_store
from cablerdf.ingest import describe_error
from cablerdf.progress import Progress
from cablerdf.store import CableStore
from cablerdf.store.copy import copy_store


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("copy", help="copy a store into another (e.g. an embedded one to a remote one)",
                                 description="Make --store hold what --from holds: new and changed cable graphs "
                                 "written whole, one request per cable; unchanged ones skipped; ones --from "
                                 "lacks removed; the search index copied. Nothing is validated again.")
    parser.add_argument("--from", dest="source", metavar="DIR|URL", required=True,
                        help="the store to copy (a directory or a SPARQL endpoint's URL), read only")
    add_store_options(parser)
    parser.add_argument("--jobs", type=int, default=2, metavar="N", help="writes in flight at once (default 2)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress line")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        source = CableStore(args.source, read_only=True, base=args.base)
        dest = open_store(args)
    except OSError as error:
        sys.stderr.write(f"error: a store could not be opened: {describe_error(error)}\n")
        return 1
    try:
        with contextlib.closing(Progress("copied", quiet=args.quiet)) as progress:
            report = copy_store(source, dest, jobs=args.jobs, step=progress.step)
    except OSError as error:
        sys.stderr.write(f"error: copy stopped: {describe_error(error)}. The cable graphs written so far are "
                         f"whole; run the same command again to copy the rest.\n")
        return 1
    sys.stderr.write(report.summary() + "\n")
    return 0
