"""``cablerdf render``: every cable's documents rendered once, for servers to read (``rendered.sqlite``)."""

from __future__ import annotations

import argparse
import sys
import time

from cablerdf.store import store_location
from cablerdf.web import create_app
from cablerdf.web.prerendered import render


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("render", help="render every cable's documents once, for fast first requests",
                                 description="Render each cable's documents (Turtle, JSON-LD, N-Triples, RDF/XML, "
                                 "HTML) into rendered.sqlite beside the store. Servers use it while the data is "
                                 "unchanged: run it after the last ingest or dump.")
    parser.add_argument("--store", metavar="DIR|URL", help="store directory, or a remote SPARQL endpoint's URL "
                        "(default: $CABLERDF_STORE or ./data/store)")
    parser.add_argument("--base", metavar="URL", help="base of data IRIs, as the server will have it "
                        "(default: $CABLERDF_BASE or http://127.0.0.1:8080/)")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    app = create_app({"STORE": store_location(args.store), "BASE": args.base, "RATE_LIMIT": 0})
    written = render(app, quiet=args.quiet)
    sys.stderr.write(f"{written:,} documents rendered in {time.monotonic() - started:,.0f} s\n")
    return 0
