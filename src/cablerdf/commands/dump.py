"""``cablerdf dump``: N-Quads and Turtle dumps (gzip) with VoID/DCAT and SHA256SUMS."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cablerdf.commands.ingest import add_store_options, open_store
from cablerdf.store.dump import dump


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("dump", help="write bulk dumps of the store",
                                 description="Write the dataset as gzipped N-Quads and Turtle plus the "
                                 "vocabulary, described in void.ttl, with SHA256SUMS.")
    add_store_options(parser)
    parser.add_argument("--output-dir", metavar="DIR", help="where to write (default: <store>/dumps)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    for file in dump(store, Path(args.output_dir) if args.output_dir else None):
        sys.stdout.write(f"{file.name}  {file.triples:,} statements  {file.size:,} bytes  sha256 {file.sha256}\n")
    return 0
