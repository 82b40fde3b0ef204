"""SHACL validation speed: the compiled checker beside pyshacl, on the same batches of corpus cables.

Run: ``python bench/validate.py [--runs 3] [--cables 1000]``. Writes the figures to BENCHMARKS.md
(section "validate"). The first ``--cables`` cables of each input are parsed and mapped beforehand; the
figures time validation alone, 250 cables per run (the batch of ``cablerdf validate``), one process,
medians of ``--runs`` runs. Both engines must give the same results (checked before timing).

- **checker, by graph**: :func:`cablerdf.validate.validate_graphs`, the cables' quad lists as
  ``cablerdf validate`` and ingest pass them;
- **checker, flat**: :func:`cablerdf.validate.validate_quads`, one list of quads (each quad's graph read);
- **pyshacl**: :func:`cablerdf.validate.validate_quads_pyshacl`, the reference.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph

from cablerdf.iris import Minter
from cablerdf.mapping import Provenance, cable_quads
from cablerdf.parse import Cable
from cablerdf.sources import read_inputs
from cablerdf.validate import Report, default_checker, validate_graphs, validate_quads, validate_quads_pyshacl
from cablerdf.validate.batch import Batch
from cablerdf.validate.checker import paused_gc
from parse import machine, write_section  # bench/parse.py (this directory is first on sys.path)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
INPUTS = {"html": CORPUS / "cablegate-html.tar.xz", "csv": CORPUS / "cables.csv.xz"}
BATCH = 250
Graphs = list[list[pyoxigraph.Quad]]


def graphs_of(path: Path, count: int) -> Graphs:
    """The mapped graphs of the first ``count`` cables of an input (one per reference ID)."""
    minter, provenance = Minter(), Provenance("0" * 64, "2026-11-28T00:00:00Z")
    graphs: Graphs = []
    seen: set[str] = set()
    for item in read_inputs([str(path)]):
        if isinstance(item, Cable) and item.canonical_id not in seen and len(graphs) < count:
            seen.add(item.canonical_id)
            graphs.append(cable_quads(item, minter, provenance))
        if len(graphs) >= count:
            break
    return graphs


def engines() -> dict[str, Callable[[Graphs], Report]]:
    return {"checker, by graph": validate_graphs,
            "checker, flat": lambda graphs: validate_quads(q for g in graphs for q in g),
            "pyshacl": lambda graphs: validate_quads_pyshacl(q for g in graphs for q in g)}


def rows(report: Report) -> list[tuple[str, ...]]:
    return sorted((r.severity, r.focus.n3(), str(r.shape), str(r.path), r.message,
                   "" if r.value is None else r.value.n3(), str(r.component), r.graph) for r in report.results)


def rate(validate: Callable[[Graphs], Report], batches: list[Graphs], runs: int) -> float:
    """Median cables/s over ``runs`` runs of every batch."""
    cables, times = sum(len(b) for b in batches), []
    for _ in range(runs):
        start = time.perf_counter()
        for batch in batches:
            validate(batch)
        times.append(time.perf_counter() - start)
    return cables / statistics.median(times)


def phases(batches: list[Graphs], runs: int) -> dict[str, float]:
    """Where the checker's time goes, in µs per cable (medians): indexing the quads, loading the SPARQL
    store, the checks (SPARQL queries and making the results included), freeing the batch."""
    checker = default_checker()
    times: dict[str, list[float]] = {name: [] for name in ("index", "SPARQL store", "checks", "free")}
    cables = sum(len(b) for b in batches)
    for _ in range(runs):
        spent = dict.fromkeys(times, 0.0)
        for graphs in batches:
            with paused_gc():
                t0 = time.perf_counter()
                batch = Batch(checker.scope)
                for quads in graphs:
                    graph = quads[0].graph_name
                    batch.add(quads, graph.value if isinstance(graph, pyoxigraph.NamedNode) else "")
                batch.finish()
                t1 = time.perf_counter()
                batch.store()
                t2 = time.perf_counter()
                checker.run(batch)
                t3 = time.perf_counter()
                del batch
                t4 = time.perf_counter()
            for name, seconds in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                spent[name] += seconds
        for name, seconds in spent.items():
            times[name].append(seconds * 1e6 / cables)
    return {name: statistics.median(values) for name, values in times.items()}


def section(runs: int, count: int) -> str:
    load = os.getloadavg()[0]
    validate_graphs([graphs_of(INPUTS["csv"], 1)[0]])  # compile the shapes before timing
    table, split = [], []
    for name, path in INPUTS.items():
        graphs = graphs_of(path, count)
        batches = [graphs[i:i + BATCH] for i in range(0, len(graphs), BATCH)]
        quads = sum(len(g) for g in graphs) / len(graphs)
        for batch in batches:
            assert rows(validate_graphs(batch)) == rows(validate_quads_pyshacl(q for g in batch for q in g))
        rates = {engine: rate(validate, batches, runs) for engine, validate in engines().items()}
        spent = phases(batches, runs)
        split.append(f"| {name} | " + " | ".join(f"{v:,.0f} µs" for v in spent.values()) + " |")
        table.append(f"| {name} ({len(graphs):,} cables, {quads:.0f} quads each) | "
                     + " | ".join(f"{r:,.0f}/s ({1e6 / r:,.0f} µs)" for r in rates.values())
                     + f" | {rates['checker, by graph'] / rates['pyshacl']:.0f}× |")
    return "\n".join([
        "## validate",
        "",
        f"Command: `python bench/validate.py --runs {runs} --cables {count}` (one process, one core; median of "
        f"{runs} runs). Machine: {machine()}; shared and noisy (1-minute load average {load:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end), so read the ratios.",
        "",
        f"SHACL validation alone of cables parsed and mapped beforehand, {BATCH} cables per run, the same batches "
        "for each engine (equal results checked first): cables/s (µs per cable).",
        "",
        "| input | " + " | ".join(engines()) + " | checker / pyshacl |",
        "|---|---|---|---|---|",
        *table,
        "",
        "Where a cable's time goes in the checker (by graph; per cable, medians): indexing the quads (one pass, "
        "the floor of reading pyoxigraph terms from Python), loading the quads SPARQL can match into an "
        "in-memory Oxigraph store, the checks (the SPARQL queries and making the results included), freeing the "
        "batch.",
        "",
        "| input | index | SPARQL store | checks | free |",
        "|---|---|---|---|---|",
        *split,
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cables", type=int, default=1000, help="cables of each input")
    parser.add_argument("--no-write", action="store_true", help="print only, leave BENCHMARKS.md alone")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    text = section(args.runs, args.cables)
    print(text)
    if not args.no_write:
        write_section("validate", text)


if __name__ == "__main__":
    main()
