"""Scale, cold: the first-request figures of bench/serve.py on the stores of bench/scale.py, beside
Oxigraph's own on the same store, and the HTML page against the figures before rendered documents.

Run: ``python bench/scale_cold.py [--sizes 50000] [--targets oxigraph-copy] [--duration 10]`` after
``python bench/scale.py`` has built the stores in ``--work`` (``--build`` builds the missing ones
here, with scale.py's own steps, without touching its section). For each store: ``cablerdf render``
(timed), then on the same Oxigraph (``oxigraph serve`` for a remote target, ``serve-read-only`` over
the embedded store's directory otherwise) Oxigraph's CONSTRUCT of each cable's graph and the
one-subject SELECT, every cable once in a shuffled order; then a fresh ``cablerdf serve`` (4 gunicorn
workers) for the same requests and the HTML page, every cable once. Writes the "## scale, cold"
section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import os
import random
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from parse import machine, write_section  # noqa: E402
from scale import BASE, TARGETS, cablerdf_seconds, embedded, oxigraph_serve, remote, rotation  # noqa: E402
from serve import Figure, Server, construct_path, free_port, select_query, wrk  # noqa: E402
from synthetic import write as write_synthetic  # noqa: E402

BEFORE = {"embedded": "embedded", "oxigraph": "oxigraph serve", "oxigraph-copy": "oxigraph serve"}


def every_id(corpus: Path, seed: int) -> list[str]:
    csv.field_size_limit(2**31 - 1)
    with gzip.open(corpus, "rt", encoding="utf-8", newline="") as f:
        ids = [row[2] for row in csv.reader(f, escapechar="\\", doublequote=False)]
    random.Random(seed).shuffle(ids)
    return ids


@contextlib.contextmanager
def opened(work: Path, target: str) -> Iterator[tuple[str, dict[str, str], str]]:
    """(the store as ``cablerdf`` names it, its environment, Oxigraph's query URL) while Oxigraph runs."""
    port = free_port()
    if target == "embedded":
        store = work / "embedded"
        with Server(["oxigraph", "serve-read-only", "--location", str(store / "oxigraph"), "--bind",
                     f"127.0.0.1:{port}", "--union-default-graph"], f"http://127.0.0.1:{port}/query?query=ASK%7B%7D"):
            yield str(store), {}, f"http://127.0.0.1:{port}"
        return
    state = work / "state"  # the remote store's local state, named after its endpoint: renamed to the new one
    next(state.iterdir()).rename(state / f"127.0.0.1_{port}_query")
    with oxigraph_serve(work / "oxigraph-serve", port):
        yield f"http://127.0.0.1:{port}/query", {"CABLERDF_STATE": str(state)}, f"http://127.0.0.1:{port}"


def measure(work: Path, target: str, ids: list[str], seconds: int) -> dict[str, Figure | float]:
    """Oxigraph's figures on a fresh Oxigraph; then, on another fresh one, ``cablerdf render`` and cablerdf's."""
    found: dict[str, Figure | float] = {}
    with opened(work, target) as (_, _, oxigraph):
        found["ox Turtle"] = wrk(oxigraph, [construct_path(BASE, i) for i in ids], "text/turtle", seconds, 16)
        found["ox SELECT"] = wrk(oxigraph, ["/query?query=" + select_query(BASE, i) for i in ids[::-1]],
                                 "application/sparql-results+json", seconds, 16)
    with opened(work, target) as (store, env, _):
        found["render"] = cablerdf_seconds(["render", "--quiet", "--store", store], {**os.environ, **env})
        port = free_port()
        command = [sys.executable, "-m", "cablerdf", "serve", "--store", store, "--port", str(port), "--workers", "4",
                   "--quiet"]
        with Server(command, f"http://127.0.0.1:{port}/healthz", env):
            url = f"http://127.0.0.1:{port}"
            found["Turtle"] = wrk(url, [f"/cable/{i}.ttl" for i in ids], "text/turtle", seconds, 16)
            found["SELECT"] = wrk(url, ["/sparql?query=" + select_query(BASE, i) for i in ids[::-1]],
                                  "application/sparql-results+json", seconds, 16)
            found["page"] = wrk(url, [f"/cable/{i}.html" for i in ids[len(ids) // 2:] + ids[:len(ids) // 2]],
                                "text/html", seconds, 16)
    return found


def before(n: int, target: str) -> tuple[float, float] | None:
    """The page rate and p99 of the medians table of "## scale" (before rendered documents), if there."""
    text = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8").split("## scale\n", 1)[-1].split("\n## ", 1)[0]
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 6 and cells[0] == f"{n:,}" and cells[1] == BEFORE[target]:
            rate, p99 = cells[4].split(", p99 ")
            return float(rate.rstrip("/s").replace(",", "")), float(p99.rstrip(" ms").replace(",", ""))
    return None


def versus(ours: Figure, theirs: Figure) -> str:
    return f"{ours.rps:,.0f}/s vs {theirs.rps:,.0f}/s ({ours.rps / theirs.rps:.2f}×)"


def row(n: int, target: str, f: dict[str, Figure | float]) -> str:
    figures = {k: v for k, v in f.items() if isinstance(v, Figure)}
    page, old = figures["page"], before(n, target)
    then = f"{old[0]:,.0f}/s, p99 {old[1]:,.0f} ms ({page.rps / old[0]:.1f}×)" if old else "–"
    return (f"| {n:,} | {TARGETS[target]} | {f['render']:,.0f} s | {versus(figures['Turtle'], figures['ox Turtle'])} | "
            f"{versus(figures['SELECT'], figures['ox SELECT'])} | {page.rps:,.0f}/s, p99 {page.p99_ms:,.1f} ms | "
            f"{then} | {sum(x.errors for x in figures.values())} |")


def build(work: Path, n: int, target: str, seconds: int) -> None:
    """scale.py's store of this size and target, when an earlier run did not leave it."""
    corpus = work / "synthetic.csv.gz"
    if not corpus.exists():  # as scale.py writes it: the same N always gives the same corpus
        work.mkdir(parents=True, exist_ok=True)
        write_synthetic(n, work / "partial.csv.gz")
        (work / "partial.csv.gz").rename(corpus)
    if target == "embedded" and not (work / "embedded" / "embedded").is_dir():
        embedded(corpus, work / "embedded", rotation(corpus, n), seconds)
    elif target != "embedded" and not (work / target / "oxigraph-serve").is_dir():
        if target == "oxigraph-copy":
            build(work, n, "embedded", seconds)
        shutil.rmtree(work / target, ignore_errors=True)
        remote(corpus, work / target, rotation(corpus, n), seconds, copy=target == "oxigraph-copy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50000")
    parser.add_argument("--targets", default="oxigraph-copy")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cablerdf-scale"))
    parser.add_argument("--build", action="store_true", help="build the stores an earlier scale.py run did not leave")
    args = parser.parse_args()
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        for target in args.targets.split(","):
            work = args.work / str(n)
            if args.build:
                started = time.monotonic()
                build(work, n, target, args.duration)
                print(f"{n:,} {target}: built in {time.monotonic() - started:,.0f} s", flush=True)
            store_work = work / ("embedded" if target == "embedded" else target)
            rows.append(row(n, target, measure(store_work, target, every_id(work / "synthetic.csv.gz", n),
                                               args.duration)))
            print(rows[-1], flush=True)
    text = "\n".join([
        "## scale, cold", "",
        f"Command: `python bench/scale_cold.py --sizes {args.sizes} --targets {args.targets} "
        f"--duration {args.duration}` (stores of bench/scale.py).",
        f"Machine: {machine()}; Oxigraph, cablerdf and wrk share its 2 cores.",
        "Every cable once, in a shuffled order, 16 connections, 10 s per row: Oxigraph's CONSTRUCT of the cable's "
        "graph and its one-subject SELECT on a fresh Oxigraph over the store; then, over a fresh Oxigraph again, "
        "`cablerdf render` (timed) and a fresh `cablerdf serve` (4 gunicorn workers). "
        "\"Page before\": the median of the scale section's runs of the code before rendered documents.", "",
        "| cables | store | render | Turtle, cablerdf vs Oxigraph | one-subject SELECT, cablerdf vs Oxigraph | "
        "HTML page | page before (now / before) | errors |",
        "|---|---|---|---|---|---|---|---|",
        *rows, "",
    ])
    print(text)
    write_section("scale, cold", text)


if __name__ == "__main__":
    main()
