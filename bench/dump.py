"""Dump speed against ``oxigraph dump | gzip`` on the same store (PyPI package ``oxigraph``).

Run: ``python bench/dump.py [--runs 3]``. Builds a store from the dev corpus (``cables.csv.xz``:
convert to N-Quads, bulk load, vocabulary), then times the N-Quads dump (``cablerdf.nq.gz``), the
default-graph Turtle dump, and ``oxigraph dump --format nq | gzip -6`` on the same store. Medians.
Writes the "## dump" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph

from cablerdf.store import CableStore
from cablerdf.store.dump import dump_nquads, dump_turtle

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT / "bench"))

from parse import machine, write_section  # noqa: E402


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def our_dumps(work: Path, nquads: Path, runs: int) -> tuple[float, float, int]:
    store = CableStore(work / "store")
    assert isinstance(store.store, pyoxigraph.Store)  # an embedded store: bulk loading is Oxigraph's own
    store.store.bulk_load(path=str(nquads), format=pyoxigraph.RdfFormat.N_QUADS)
    store.load_vocabulary()
    store.flush()
    out = work / "dumps"
    out.mkdir()
    ours = median_seconds(lambda: dump_nquads(store, out), runs)
    turtle = median_seconds(lambda: dump_turtle(store, out), runs)
    return ours, turtle, len(store.store)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cablerdf-dump-"))
    nquads = work / "input.nq"
    subprocess.run([sys.executable, "-m", "cablerdf", "convert", "--quiet", str(CORPUS / "cables.csv.xz"),
                    "--output", str(nquads)], check=True)
    ours, turtle, quads = our_dumps(work, nquads, args.runs)  # the store is closed on return
    command = f"oxigraph dump --location {work / 'store' / 'oxigraph'} --format nq | gzip -6 > {work / 'ox.nq.gz'}"
    oxigraph = median_seconds(lambda: subprocess.run(command, shell=True, check=True), args.runs)
    text = "\n".join([
        "## dump", "",
        f"Command: `python bench/dump.py --runs {args.runs}` (medians). Machine: {machine()}.",
        f"Store: the dev corpus (cables.csv.xz, 10,521 cables) plus the vocabulary, {quads:,} quads.", "",
        "| dump | time | quads/s | ratio to `oxigraph dump \\| gzip` (target ≥ 0.8×) |", "|---|---|---|---|",
        f"| `oxigraph dump --format nq \\| gzip -6` | {oxigraph:.1f} s | {quads / oxigraph:,.0f}/s | 1.00× |",
        f"| cablerdf `cablerdf.nq.gz` | {ours:.1f} s | {quads / ours:,.0f}/s | {oxigraph / ours:.2f}× |",
        f"| cablerdf `cablerdf-cables.ttl.gz` (default graph) | {turtle:.1f} s | – | {oxigraph / turtle:.2f}× |", "",
    ])
    print(text)
    write_section("dump", text)


if __name__ == "__main__":
    main()
