"""``cablerdf render``: every cable's documents rendered once, for servers to read (``rendered.sqlite``).

With ``--jobs N`` (default: the cores) N processes, each with its own app over the store, render
batches of cables; this process writes what they return into the one SQLite file.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator, Mapping
from typing import Any

from flask.testing import FlaskClient

from cablerdf.store import store_location
from cablerdf.web import create_app
from cablerdf.web.prerendered import Document, documents, plan, write

BATCH = 64  # cables per task handed to a render process
_client: FlaskClient | None = None  # the app of a render process


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("render", help="render every cable's documents once, for fast first requests",
                                 description="Render each cable's documents (Turtle, JSON-LD, N-Triples, RDF/XML, "
                                 "HTML) into rendered.sqlite beside the store. Servers use it while the data is "
                                 "unchanged: run it after the last ingest or dump.")
    parser.add_argument("--store", metavar="DIR|URL", help="store directory, or a remote SPARQL endpoint's URL "
                        "(default: $CABLERDF_STORE or ./data/store)")
    parser.add_argument("--base", metavar="URL", help="base of data IRIs, as the server will have it "
                        "(default: $CABLERDF_BASE or http://127.0.0.1:8080/)")
    parser.add_argument("--jobs", type=int, metavar="N", default=os.cpu_count() or 1,
                        help="render processes (default: the cores)")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    config = {"STORE": store_location(args.store), "BASE": args.base, "RATE_LIMIT": 0, "USE_RENDERED": False}
    app = create_app(config)
    todo = plan(app)
    if args.jobs <= 1:
        client = app.test_client()
        written = write(todo, (documents(client, i) for i in todo.cable_ids), args.quiet)
    else:
        config["BASE"] = todo.base  # as the first app resolved it
        written = write(todo, parallel(config, todo.cable_ids, args.jobs), args.quiet)
    sys.stderr.write(f"{written:,} documents rendered in {time.monotonic() - started:,.0f} s\n")
    return 0


def parallel(config: Mapping[str, Any], cable_ids: list[str], jobs: int) -> Iterator[list[Document]]:
    """Each cable's documents, rendered by ``jobs`` fresh processes (spawned: nothing of this process's
    open store is inherited), batch by batch in any order."""
    batches = [cable_ids[i:i + BATCH] for i in range(0, len(cable_ids), BATCH)]
    with multiprocessing.get_context("spawn").Pool(jobs, initializer=start, initargs=(dict(config),)) as pool:
        for rendered in pool.imap_unordered(render_batch, batches):
            yield from rendered


def start(config: dict[str, Any]) -> None:
    global _client
    _client = create_app(config).test_client()


def render_batch(cable_ids: list[str]) -> list[list[Document]]:
    assert _client is not None
    return [documents(_client, cable_id) for cable_id in cable_ids]
