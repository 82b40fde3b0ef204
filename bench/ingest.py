"""Ingest and dump figures: cables/s end to end with 1 and 2 jobs, peak RSS, synthetic scale, dump speed.

Run: ``python bench/ingest.py [--synthetic 2000,10000]``. Writes the "## ingest" section of
BENCHMARKS.md. Inputs: ``../shared/corpus/cables.csv.xz`` (the dev corpus) and synthetic corpora from
``bench/synthetic.py`` (IDs of the full release, texts of real cables). The dump is compared with
``oxigraph dump`` (PyPI package ``oxigraph``) piped through ``gzip`` on the same store.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT / "bench"))

from parse import machine, write_section  # noqa: E402
from synthetic import write as write_synthetic  # noqa: E402


def timed_ingest(paths: list[str], store: Path, jobs: int) -> tuple[float, int, float]:
    """(seconds, cables loaded, peak RSS of the children in MB) of one ``cablerdf ingest`` run."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "cablerdf", "ingest", "--quiet", "--jobs", str(jobs),
                             "--store", str(store), *paths], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    match = re.search(r"([\d,]+) cables loaded", result.stderr)
    loaded = int(match.group(1).replace(",", "")) if match else 0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, loaded, rss


def timed_dumps(store: Path) -> tuple[float, float]:
    """(seconds of ``cablerdf dump``, seconds of ``oxigraph dump | gzip`` of the whole store)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cablerdf", "dump", "--store", str(store)], check=True,
                   capture_output=True)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(f"oxigraph dump --location {store / 'oxigraph'} --format nq | gzip -6 > {store / 'ox.nq.gz'}",
                   shell=True, check=True)
    return ours, time.perf_counter() - start


def loader_ceiling(store: Path, cables: int) -> str:
    """Oxigraph's own loader (``oxigraph load``, Rust, no parsing, mapping or validation) on the same quads:
    the fastest any ingest into this store could write them on this machine."""
    nquads = store.parent / "ceiling.nq"
    subprocess.run(["oxigraph", "dump", "--location", str(store / "oxigraph"), "--format", "nq", "--file",
                    str(nquads)], check=True, capture_output=True)
    quads = sum(1 for _ in nquads.open("rb"))
    start = time.perf_counter()
    subprocess.run(["oxigraph", "load", "--location", str(store.parent / "ceiling"), "--file", str(nquads)],
                   check=True, capture_output=True)
    seconds = time.perf_counter() - start
    return (f"Ceiling: `oxigraph load` (Oxigraph's bulk loader, Rust) writes the dev store's {quads:,} quads "
            f"into an empty store in {seconds:.1f} s: {quads / seconds:,.0f} quads/s, the equivalent of "
            f"{cables / seconds:,.0f} cables/s before any parsing, mapping or validation.")


def row(name: str, jobs: int, loaded: int, seconds: float, rss: float) -> str:
    return f"| {name} | {jobs} | {loaded:,} | {seconds:,.0f} s | {loaded / seconds:,.0f}/s | {rss:,.0f} MB |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", default="10000,50000,251287", help="synthetic corpus sizes, comma-separated")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cablerdf-bench-"))
    rows = []
    dev_loaded = 0
    for jobs in (1, 2):
        seconds, loaded, rss = timed_ingest([str(CORPUS / "cables.csv.xz")], work / f"dev-{jobs}", jobs)
        rows.append(row("dev corpus (cables.csv.xz)", jobs, loaded, seconds, rss))
        dev_loaded = loaded
    ceiling = loader_ceiling(work / "dev-2", dev_loaded)
    for size in (int(n) for n in args.synthetic.split(",")):
        source = work / f"synthetic-{size}.csv.gz"
        write_synthetic(size, source)
        seconds, loaded, rss = timed_ingest([str(source)], work / f"syn-{size}", 2)
        rows.append(row(f"synthetic {size:,}", 2, loaded, seconds, rss))
    ours, oxigraph = timed_dumps(work / "dev-2")
    text = "\n".join([
        "## ingest", "",
        f"Command: `python bench/ingest.py --synthetic {args.synthetic}`. Machine: {machine()}.", "",
        "| input | jobs | cables loaded | time | cables/s | peak RSS (largest process) |",
        "|---|---|---|---|---|---|", *rows, "",
        f"Whole `cablerdf dump` of the dev store (three files: N-Quads, default-graph Turtle, vocabulary, plus "
        f"VoID) took {ours:.1f} s against {oxigraph:.1f} s for `oxigraph dump | gzip` (N-Quads only); the "
        "like-for-like comparison (N-Quads against N-Quads) is `bench/dump.py`.", "", ceiling, "",
        "Targets: ≥ 500 cables/s with 2 jobs, 251,287 cables in ≤ 10 min, peak RSS ≤ 2 GB.", "",
    ])
    print(text)
    write_section("ingest", text)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
