"""Serving figures: the cablerdf front end against ``oxigraph serve-read-only`` on the same store, with wrk.

Run: ``python bench/serve.py [--store DIR] [--duration 15] [--connections 16]``. Writes the "## serve"
section of BENCHMARKS.md. The store defaults to ``/tmp/cablerdf-bench-store``, built on first use by
ingesting ``../shared/corpus/cables.csv.xz`` (the dev corpus). Needs ``wrk`` (Debian package) and the
PyPI package ``oxigraph``.

Figures, 16 connections each, medians of ``--runs`` runs:
- Turtle dereference: ``GET /cable/{ID}.ttl`` (the document a 303 from ``/cable/{ID}`` leads to),
  rotating over 200 cables against Oxigraph's ``CONSTRUCT`` of the same graph (``Accept: text/turtle``)
  over the same rotation; and cold, once over every cable on a fresh server (each document rendered
  once), against Oxigraph's CONSTRUCT once over every cable on a fresh Oxigraph;
- a one-subject SELECT through ``/sparql`` against the same query on Oxigraph (union default graph),
  over the rotation and over every cable (shuffled, each run another order) on both;
- the HTML cable page (``/cable/{ID}.html``): over the rotation, and cold on a fresh server (every cable
  once): requests/s and p50/p99 latency;
- the cablerdf figures under gunicorn and under granian.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT / "bench"))

from parse import machine, write_section  # noqa: E402

# wrk is one client: cablerdf's per-client limits (rate, queries at once) are off; the query deadline,
# the row cap, the memory limit and the server-wide query slots stay on
ONE_CLIENT = {"CABLERDF_RATE_LIMIT": "0", "CABLERDF_CLIENT_QUERIES": "0"}

LUA = """
paths = {%s}
counter = 0
started = 0
setup = function(thread)
  thread:set("offset", started)
  started = started + 1
end
init = function(args)
  counter = (offset or 0) * math.floor(#paths / 2)  -- each of the 2 threads from its own half of the list
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Accept"] = "%s"})
end
"""


@dataclass
class Figure:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server at {url} did not come up")


def ms(text: str) -> float:
    """wrk's ``812.00us``, ``1.26ms``, ``2.01s``, ``1.02m`` in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if match is None:
        raise SystemExit(f"unreadable wrk latency {text!r}")
    return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1e3, "m": 6e4, "h": 3.6e6}[match.group(2)]


def wrk(base: str, paths: list[str], accept: str, seconds: int, connections: int) -> Figure:
    lua = LUA % (", ".join(f'"{p}"' for p in paths), accept)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name, base],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(bad.group(1)) if bad else 0
    errors += sum(int(x) for x in socket_errors.groups()) if socket_errors else 0
    return Figure(rps, p50, p99, errors)


def median(figures: list[Figure]) -> Figure:
    return Figure(statistics.median(f.rps for f in figures), statistics.median(f.p50_ms for f in figures),
                  statistics.median(f.p99_ms for f in figures), sum(f.errors for f in figures))


def ensure_store(store: Path) -> None:
    if (store / "oxigraph").is_dir():
        return
    print(f"building the bench store {store} from the dev corpus (once)", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "cablerdf", "ingest", "--quiet", "--store", str(store),
                    str(CORPUS / "cables.csv.xz")], check=False)
    subprocess.run([sys.executable, "-m", "cablerdf", "dump", "--store", str(store)], check=True,
                   capture_output=True)


def ensure_rendered(store: Path) -> None:
    """Every cable's documents rendered once (``cablerdf render``), as a deployment would have them."""
    subprocess.run([sys.executable, "-m", "cablerdf", "render", "--quiet", "--store", str(store)], check=True)


def cable_ids(store: Path) -> list[str]:
    from cablerdf.store import CableStore

    opened = CableStore(store, read_only=True)
    prefix = opened.minter.base + "graph/"
    ids = sorted(g.value[len(prefix):] for g in opened.cable_graphs())
    del opened
    return ids


class Server:
    """A server process on a free loopback port, stopped on exit."""

    def __init__(self, command: list[str], health: str, env: dict[str, str] | None = None) -> None:
        env = {**os.environ, **ONE_CLIENT, **(env or {})}
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        wait_for(health)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(20)


def cablerdf_server(store: Path, port: int, server: str, workers: int) -> Server:
    return Server([sys.executable, "-m", "cablerdf", "serve", "--store", str(store), "--port", str(port),
                   "--workers", str(workers), "--server", server, "--quiet"], f"http://127.0.0.1:{port}/healthz")


def oxigraph_server(store: Path, port: int) -> Server:
    return Server(["oxigraph", "serve-read-only", "--location", str(store / "oxigraph"), "--bind",
                   f"127.0.0.1:{port}", "--union-default-graph"], f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")


def construct_path(base: str, cable_id: str) -> str:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{base}graph/{cable_id}> {{ ?s ?p ?o }} }}"
    return "/query?query=" + urllib.parse.quote(query)


def floor_paths(endpoint: str) -> list[str]:
    """What a SPARQL request costs a server before any data: ``ASK {}`` told apart by a comment-free
    filter on a number, so that no two are the same URL (no response cache can answer)."""
    return [f"{endpoint}?query=" + urllib.parse.quote(f"ASK {{ FILTER({n} > 0) }}") for n in range(1, 20001)]


def select_query(base: str, cable_id: str) -> str:
    return urllib.parse.quote(f"SELECT ?p ?o WHERE {{ <{base}cable/{cable_id}> ?p ?o }}")


def run_all(store: Path, seconds: int, connections: int, runs: int, workers: int) -> list[str]:
    ids = cable_ids(store)
    base = "http://127.0.0.1:8080/"  # the store's IRIs (the bench store is built with the default base)
    rotation = ids[:: max(1, len(ids) // 200)][:200]
    rows: list[str] = []
    port = free_port()
    with oxigraph_server(store, port):
        url = f"http://127.0.0.1:{port}"
        ox_cold = wrk(url, [construct_path(base, i) for i in shuffled(ids, 100)], "text/turtle", max(5, seconds),
                      connections)
        ox_select_cold = median([wrk(url, ["/query?query=" + select_query(base, i) for i in shuffled(ids, r)],
                                     "application/sparql-results+json", seconds, connections) for r in range(runs)])
        ox_floor = wrk(url, floor_paths("/query"), "application/sparql-results+json", seconds, connections)
        ox_construct = median([wrk(url, [construct_path(base, i) for i in rotation], "text/turtle", seconds,
                                   connections) for _ in range(runs)])
        ox_select = median([wrk(url, ["/query?query=" + select_query(base, i) for i in rotation],
                                "application/sparql-results+json", seconds, connections) for _ in range(runs)])
    for server in ("gunicorn", "granian"):
        port = free_port()
        with cablerdf_server(store, port, server, workers):  # a fresh server: every page rendered cold
            cold_page = wrk(f"http://127.0.0.1:{port}", [f"/cable/{i}.html" for i in shuffled(ids, 200)], "text/html",
                            max(5, seconds), connections)
        port = free_port()
        with cablerdf_server(store, port, server, workers):
            url = f"http://127.0.0.1:{port}"
            cold = wrk(url, [f"/cable/{i}.ttl" for i in shuffled(ids, 100)], "text/turtle", max(5, seconds),
                       connections)
            deref = median([wrk(url, [f"/cable/{i}.ttl" for i in rotation], "text/turtle", seconds, connections)
                            for _ in range(runs)])
            select = median([wrk(url, ["/sparql?query=" + select_query(base, i) for i in rotation],
                                 "application/sparql-results+json", seconds, connections) for _ in range(runs)])
            page = median([wrk(url, [f"/cable/{i}.html" for i in rotation], "text/html", seconds, connections)
                           for _ in range(runs)])
            cold_select = median([wrk(url, ["/sparql?query=" + select_query(base, i) for i in shuffled(ids, r)],
                                      "application/sparql-results+json", seconds, connections) for r in range(runs)])
            floor = wrk(url, floor_paths("/sparql"), "application/sparql-results+json", seconds, connections)
        rows += [
            row(f"Turtle dereference, 200-cable rotation ({server})", deref, ox_construct, 1.0),
            row(f"Turtle dereference, every cable once, cold ({server})", cold, ox_cold, 1.0),
            row(f"one-subject SELECT via /sparql ({server})", select, ox_select, 0.7),
            row(f"one-subject SELECT, every cable, uncached ({server})", cold_select, ox_select_cold, 0.7),
            row(f"the floor: a different ASK each time, no data read ({server})", floor, ox_floor, None),
            row(f"HTML cable page ({server})", page, None, None),
            row(f"HTML cable page, every cable once, cold ({server})", cold_page, None, None),
        ]
    rows += [row("Oxigraph CONSTRUCT of the cable graph, 200-cable rotation (anchor)", ox_construct, None, None),
             row("Oxigraph CONSTRUCT, every cable once, cold (anchor)", ox_cold, None, None),
             row("Oxigraph one-subject SELECT, 200-cable rotation (anchor)", ox_select, None, None),
             row("Oxigraph one-subject SELECT, every cable (anchor)", ox_select_cold, None, None),
             row("Oxigraph, a different ASK each time (anchor)", ox_floor, None, None)]
    return rows


def shuffled(ids: list[str], seed: int) -> list[str]:
    order = list(ids)
    random.Random(seed).shuffle(order)
    return order


def row(name: str, figure: Figure, anchor: Figure | None, target: float | None) -> str:
    ratio = f"{figure.rps / anchor.rps:.2f}×" if anchor else "–"
    goal = f"≥ {target}×" if target else ("p99 < 50 ms" if "page" in name else "–")
    return (f"| {name} | {figure.rps:,.0f}/s | {figure.p50_ms:.1f} ms | {figure.p99_ms:.1f} ms | {figure.errors} | "
            f"{ratio} | {goal} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, default=Path("/tmp/cablerdf-bench-store"))
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4, help="server worker processes")
    args = parser.parse_args()
    ensure_store(args.store)
    ensure_rendered(args.store)
    rows = run_all(args.store, args.duration, args.connections, args.runs, args.workers)
    text = "\n".join([
        "## serve", "",
        f"Command: `python bench/serve.py --duration {args.duration} --runs {args.runs} --workers {args.workers}` "
        f"(wrk, {args.connections} connections, 2 threads; medians of {args.runs} runs).",
        f"Machine: {machine()}; wrk, the servers and Oxigraph share its 2 cores, so read the ratios.",
        f"Store: the dev corpus (cables.csv.xz) at {args.store}; cablerdf with {args.workers} worker processes.",
        "Limits on: every SPARQL query runs under the 30 s deadline, the memory limit, the row cap and the "
        "server-wide query slots, in the web worker itself under gunicorn (a worker whose query is stopped exits "
        "after answering) and in the worker's query process under granian; the per-client rate and query limits "
        "are off, since wrk is one client.",
        "Cold rows (issue 15): each on a fresh server, every cable once in a shuffled order (each wrk thread from "
        "its own half of the list), against Oxigraph's cold figures measured the same way on a fresh Oxigraph; the "
        "uncached SELECT rows and their anchor are medians over a new shuffled order per run, with no response "
        "cache in play.",
        "Documents: `cablerdf render` runs before the servers start (every cable's Turtle, JSON-LD, N-Triples, "
        "RDF/XML and HTML in rendered.sqlite), so a cable's first request is one SQLite read; paragraphs, other "
        "entities and SPARQL answers are computed per request.",
        "",
        "| request | requests/s | p50 | p99 | errors | ratio to Oxigraph | target |",
        "|---|---|---|---|---|---|---|",
        *rows, "",
    ])
    print(text)
    write_section("serve", text)


if __name__ == "__main__":
    main()
