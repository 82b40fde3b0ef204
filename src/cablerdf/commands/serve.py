"""``cablerdf serve``: the web front end under a production server (the Flask dev server with --debug).

An empty store first gets the bundled sample cable (ingested, then dumped), so a fresh checkout
serves something at once.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import multiprocessing
import os
import sys
from typing import Any

from cablerdf.commands.ingest import add_store_options
from cablerdf.commands.parse import sample_path
from cablerdf.iris import base_from
from cablerdf.store import CableStore, store_location
from cablerdf.store.location import UnfinishedBuild, require_whole
from cablerdf.web.settings import LIMITS

SERVERS = ("gunicorn", "granian")
M_ARENA_MAX = -8  # mallopt parameter (glibc malloc.h)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("serve", help="serve the store: SPARQL endpoint, linked-data URIs, pages, dumps")
    add_serve_options(parser)
    parser.set_defaults(run=run)


def add_serve_options(parser: argparse.ArgumentParser) -> None:
    add_store_options(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="worker processes (default: cores + 1; granian: 2 per core)")
    parser.add_argument("--server", choices=SERVERS, default="gunicorn", help="production server")
    parser.add_argument("--debug", action="store_true", help="Flask's development server, one process")
    parser.add_argument("--quiet", action="store_true", help="no progress bar while loading the sample")
    for limit in LIMITS:
        parser.add_argument(limit.option, type=limit.kind, metavar="N", help=f"{limit.help}; env {limit.env}")


def ensure_data(store_dir: str, base: str, quiet: bool) -> None:
    """Ingest and dump the bundled sample into an empty store."""
    from cablerdf.ingest import ingest
    from cablerdf.store.dump import dump

    store = CableStore(store_dir, base=base)
    try:
        if next(store.cable_graphs(), None) is None:
            sys.stderr.write(f"empty store {store.path}: loading the bundled sample cable\n")
            ingest([sample_path()], store, jobs=1, quiet=quiet)
            dump(store)
    finally:
        del store


def prepare(store_dir: str, base: str, quiet: bool) -> None:
    """:func:`ensure_data` in a child process, so that the server's master never holds the store open
    read-write while it forks its workers (they open it read-only)."""
    child = multiprocessing.get_context("spawn").Process(target=ensure_data, args=(store_dir, base, quiet))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"could not prepare the store {store_dir} (exit code {child.exitcode})")


def run(args: argparse.Namespace) -> int:
    store_dir, base = store_location(args.store), base_from(args.base)
    for key, value in (("CABLERDF_GSP_URL", args.gsp_url), ("CABLERDF_UPDATE_URL", args.update_url)):
        if value:
            os.environ[key] = value  # for loading the sample into an empty remote store
    try:
        require_whole(store_dir)  # before anything: a half-built store is never served, nor loaded into
    except UnfinishedBuild as error:
        raise SystemExit(f"error: {error}") from None
    prepare(store_dir, base, args.quiet)
    os.environ["CABLERDF_STORE"], os.environ["CABLERDF_BASE"] = store_dir, base
    for limit in LIMITS:  # the workers' apps read their limits from the environment
        value = getattr(args, limit.key.lower())
        if value is not None:
            os.environ[limit.env] = str(value)
    if args.debug:
        from cablerdf.web import create_app

        create_app({"STORE": store_dir, "BASE": base}).run(args.host, args.port, debug=True)
        return 0
    workers = args.workers or default_workers(args.server)
    sys.stderr.write(f"serving {store_dir} at http://{args.host}:{args.port}/ (base {base}), "
                     f"{workers} {args.server} workers\n")
    (run_granian if args.server == "granian" else run_gunicorn)(args.host, args.port, workers)
    return 0


def default_workers(server: str) -> int:
    """gunicorn's sync workers run their queries themselves: CPU-bound, so one per core and one to
    cover a worker waiting on I/O (``bench/load.py``: as fast as two per core, a quarter less memory,
    since each holds the store's caches); granian's workers hand queries to query processes."""
    cores = os.cpu_count() or 1
    return 2 * cores if server == "granian" else cores + 1


def worker_timeout() -> int:
    """gunicorn's silent-worker timeout: well above the query deadline, so that a query is stopped by
    its deadline (with a clean 503) and never by gunicorn killing the worker mid-request."""
    from cablerdf.web.settings import apply

    config: dict[str, Any] = {}
    apply(config, {})
    return int(max(120.0, 2 * float(config["QUERY_TIMEOUT"]) + 30))


def few_malloc_arenas() -> None:
    """At most two malloc arenas per process (glibc's ``M_ARENA_MAX``), set before the workers fork.

    glibc gives each thread that meets another in ``malloc`` an arena of its own, up to eight per
    core, and memory freed in one is not reused by another; with the store's threads and the query
    thread, each worker then keeps more memory than it uses (``bench/load.py``: see BENCHMARKS.md)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to set
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, 2)


def run_gunicorn(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

    from cablerdf.web.sparql.inworker import ENABLED

    os.environ[ENABLED] = "1"  # sync workers: one request at a time, replaced when they exit
    few_malloc_arenas()

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in {"bind": f"{host}:{port}", "workers": workers, "worker_class": "sync",
                               "accesslog": None, "timeout": worker_timeout(),
                               "keepalive": 5, "limit_request_line": 8190, "control_socket_disable": True}.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from cablerdf.web.wsgi import app

            return app

    Server().run()


def run_granian(host: str, port: int, workers: int) -> None:
    from granian import Granian
    from granian.constants import Interfaces

    Granian("cablerdf.web.wsgi:app", address=host, port=port, interface=Interfaces.WSGI, workers=workers).serve()
