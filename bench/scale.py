"""Scale: the synthetic full-release corpus ingested into the embedded store and into ``oxigraph
serve``, and served from each, at several sizes: how cost grows with size.

Targets: ``embedded`` (``cablerdf ingest`` into a store directory), ``oxigraph`` (``cablerdf ingest``
into ``oxigraph serve`` through GSP), ``oxigraph-copy`` (``cablerdf copy`` of the embedded store of the
same size, built by an earlier target or run, into ``oxigraph serve``: the same graphs, one GSP PUT per
cable, without parsing and validating again).

Run: ``python bench/scale.py [--sizes 5000,251287] [--targets embedded,oxigraph] [--duration 10]``;
``--serve-only`` serves the stores an earlier run left in ``--work`` again, without building them.
Writes the "## scale" section of BENCHMARKS.md. For each size N: a synthetic corpus of N cables
(``bench/synthetic.py``: the release's own IDs, real cables as templates); ``cablerdf ingest --jobs 2``
into an embedded store, and into a fresh ``oxigraph serve --union-default-graph`` through the Graph
Store Protocol; then ``cablerdf serve`` (4 gunicorn workers) over each, measured with wrk (16
connections): Turtle documents over a rotation of up to 2,000 cables (first pass cold), a one-subject
SELECT over the same rotation through ``/sparql``, and the HTML page's p99. Disk is the size of the
store directory (Oxigraph's data, search index, dumps).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from parse import machine, write_section  # noqa: E402
from serve import Figure, Server, free_port, select_query, wrk  # noqa: E402
from synthetic import write as write_synthetic  # noqa: E402

ROTATION = 2000
TARGETS = {"embedded": "embedded Oxigraph", "oxigraph": "oxigraph serve (GSP)",
           "oxigraph-copy": "oxigraph serve (GSP, `cablerdf copy`)"}
BASE = "http://127.0.0.1:8080/"  # the IRIs of the stores (ingested with the default base)


def cablerdf_seconds(args: list[str], env: dict[str, str], check: bool = True) -> float:
    """Seconds a ``cablerdf`` command took."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "cablerdf", *args], check=check, env=env, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def ingest(corpus: Path, store: str, extra: list[str], env: dict[str, str]) -> float:
    """Seconds to ingest ``corpus`` into ``store`` (a directory, or an endpoint with its GSP URL); exit
    status 1 (some cables refused) is a result, not a failure."""
    return cablerdf_seconds(["ingest", "--quiet", "--jobs", "2", "--store", store, *extra, str(corpus)], env,
                            check=False)


def oxigraph_serve(data: Path, port: int) -> Server:
    """``oxigraph serve`` over ``data`` with a union default graph, on ``port``."""
    return Server(["oxigraph", "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}",
                   "--union-default-graph"], f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")


def size_of(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def measure(store: str, ids: list[str], seconds: int, env: dict[str, str]) -> dict[str, Figure]:
    """wrk figures of ``cablerdf serve`` over ``store``."""
    port = free_port()
    command = [sys.executable, "-m", "cablerdf", "serve", "--store", store, "--port", str(port), "--workers", "4",
               "--quiet"]
    with Server(command, f"http://127.0.0.1:{port}/healthz", env):
        url = f"http://127.0.0.1:{port}"
        return {
            "Turtle": wrk(url, [f"/cable/{i}.ttl" for i in ids], "text/turtle", seconds, 16),
            "SELECT": wrk(url, ["/sparql?query=" + select_query(BASE, i) for i in ids],
                          "application/sparql-results+json", seconds, 16),
            "page": wrk(url, [f"/cable/{i}.html" for i in ids], "text/html", seconds, 16),
        }


def rotation(corpus: Path, n: int) -> list[str]:
    """Up to :data:`ROTATION` cable IDs of the synthetic corpus, in a fixed random order."""
    import csv
    import gzip

    csv.field_size_limit(2**31 - 1)
    with gzip.open(corpus, "rt", encoding="utf-8", newline="") as f:
        ids = [row[2] for row in csv.reader(f, escapechar="\\", doublequote=False)]
    random.Random(n).shuffle(ids)
    return ids[:ROTATION]


def embedded(corpus: Path, work: Path, ids: list[str], seconds: int) -> tuple[float, int, dict[str, Figure]]:
    store = work / "embedded"
    took = ingest(corpus, str(store), [], dict(os.environ))
    return took, size_of(store), measure(str(store), ids, seconds, {})


def remote(corpus: Path, work: Path, ids: list[str], seconds: int,
           copy: bool = False) -> tuple[float, int, dict[str, Figure]]:
    """Into a fresh ``oxigraph serve``: ``cablerdf ingest`` of the corpus, or (``copy``) ``cablerdf copy``
    of the embedded store built beside it."""
    port = free_port()
    data, state = work / "oxigraph-serve", work / "state"
    work.mkdir(parents=True, exist_ok=True)
    endpoint = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "CABLERDF_STATE": str(state)}
    with oxigraph_serve(data, port):
        if copy:
            took = cablerdf_seconds(["copy", "--quiet", "--from", str(work.parent / "embedded" / "embedded"),
                                     "--store", endpoint + "query", "--gsp-url", endpoint + "store"], env)
        else:
            took = ingest(corpus, endpoint + "query", ["--gsp-url", endpoint + "store"], env)
        figures = measure(endpoint + "query", ids, seconds, {"CABLERDF_STATE": str(state)})
    return took, size_of(data) + size_of(state), figures


def serve_again(work: Path, target: str, ids: list[str], seconds: int) -> dict[str, Figure]:
    """Serving figures of a store an earlier run built in ``work`` (a remote one on a new port: its
    local state directory is renamed to the new endpoint's)."""
    if target == "embedded":
        return measure(str(work / "embedded"), ids, seconds, {})
    port = free_port()
    endpoint, state = f"http://127.0.0.1:{port}/", work / "state"
    next(state.iterdir()).rename(state / f"127.0.0.1_{port}_query")
    with oxigraph_serve(work / "oxigraph-serve", port):
        return measure(endpoint + "query", ids, seconds, {"CABLERDF_STATE": str(state)})


def rows_for(n: int, target: str, took: float, disk: int, figures: dict[str, Figure]) -> str:
    turtle, select, page = figures["Turtle"], figures["SELECT"], figures["page"]
    return (f"| {n:,} | {target} | {took:,.0f} s ({n / took:,.0f}/s) | {disk / 2**30:.2f} GiB | "
            f"{turtle.rps:,.0f}/s | {select.rps:,.0f}/s | {page.rps:,.0f}/s, p99 {page.p99_ms:.0f} ms | "
            f"{turtle.errors + select.errors + page.errors} |")


def merged(rows: list[str]) -> list[str]:
    """This run's rows with those of earlier runs at other sizes or stores, ordered by size then store."""
    path = ROOT / "BENCHMARKS.md"
    old = path.read_text(encoding="utf-8").split("## scale\n", 1) if path.exists() else []
    section = old[1].split("\n## ", 1)[0] if len(old) == 2 else ""
    earlier = [line for line in section.splitlines() if line.startswith("| ") and line[2:3].isdigit()]
    table = {key(line): line for line in earlier + rows}
    return sorted(table.values(), key=lambda line: (int(key(line)[0].replace(",", "")), key(line)[1]))


def key(row: str) -> tuple[str, str]:
    cells = [c.strip() for c in row.strip("|").split("|")]
    return cells[0], cells[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="5000,251287")
    parser.add_argument("--targets", default="embedded,oxigraph")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cablerdf-scale"))
    parser.add_argument("--serve-only", action="store_true",
                        help="serve the stores of earlier runs again, print the figures (BENCHMARKS.md untouched)")
    args = parser.parse_args()
    if args.serve_only:
        for n in (int(s) for s in args.sizes.split(",")):
            ids = rotation(args.work / str(n) / "synthetic.csv.gz", n)
            for target in args.targets.split(","):
                f = serve_again(args.work / str(n) / target, target, ids, args.duration)
                print(f"| {n:,} | {TARGETS[target]} | {f['Turtle'].rps:,.0f}/s | {f['SELECT'].rps:,.0f}/s | "
                      f"{f['page'].rps:,.0f}/s, p99 {f['page'].p99_ms:,.0f} ms |", flush=True)
        return
    rows: list[str] = []
    for n in (int(s) for s in args.sizes.split(",")):
        work = args.work / str(n)
        work.mkdir(parents=True, exist_ok=True)
        corpus = work / "synthetic.csv.gz"
        if not corpus.exists():  # the same N always gives the same corpus: reused by a later run
            write_synthetic(n, work / "partial.csv.gz")
            (work / "partial.csv.gz").rename(corpus)
        ids = rotation(corpus, n)
        for target in args.targets.split(","):
            shutil.rmtree(work / target, ignore_errors=True)
            if target == "embedded":
                figures = embedded(corpus, work / target, ids, args.duration)
            else:
                figures = remote(corpus, work / target, ids, args.duration, copy=target == "oxigraph-copy")
            rows.append(rows_for(n, TARGETS[target], *figures))
            print(rows[-1], flush=True)
    rows = merged(rows)
    text = "\n".join([
        "## scale", "",
        f"Command: `python bench/scale.py --sizes {args.sizes} --targets {args.targets} --duration {args.duration}`.",
        f"Machine: {machine()}; the servers, the ingest and wrk share its 2 cores.",
        "Ingest: `cablerdf ingest --jobs 2` of the synthetic corpus (bench/synthetic.py); oxigraph serve is "
        "written one cable graph per GSP PUT. Serving: `cablerdf serve`, 4 gunicorn workers, wrk with 16 "
        f"connections for {args.duration} s over the same {ROTATION:,}-cable rotation (the first pass is cold).",
        "",
        "| cables | store | ingest | disk | Turtle documents | one-subject SELECT | HTML page | errors |",
        "|---|---|---|---|---|---|---|---|",
        *rows, "",
    ])
    print(text)
    write_section("scale", text)


if __name__ == "__main__":
    main()
