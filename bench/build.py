"""Build mode against the transactional path and against Oxigraph's own loader, on the same input.

Run: ``python bench/build.py [--pages 1000] [--jobs 2]``. Writes the "## build" section of BENCHMARKS.md.
For each input (the first N pages of ``cablegate-html.tar.xz``, and the dev corpus ``cables.csv.xz``):
``cablerdf ingest`` into a new directory (a build: bulk writes beside, renamed into place), the same
into an existing empty store (the transactional path), and ``oxigraph load`` (Rust, no parsing,
mapping or validation) of exactly the quads the build wrote, into an empty store: the floor. The
ratio is the build's time over the floor's (the issue's target: ≤ 1.5×).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "src")]

from parse import machine, write_section  # noqa: E402


def pages(count: int, folder: Path) -> list[str]:
    """The first ``count`` pages of the original site, written to ``folder``."""
    folder.mkdir(parents=True)
    written: list[str] = []
    with tarfile.open(CORPUS / "cablegate-html.tar.xz", "r|xz") as archive:
        for member in archive:
            page = archive.extractfile(member) if member.name.endswith(".html") else None
            if page is not None:
                written.append(str(folder / member.name.rsplit("/", 1)[-1]))
                Path(written[-1]).write_bytes(page.read())
            if len(written) == count:
                break
    return written


def ingest(paths: list[str], store: Path, jobs: int) -> tuple[float, int]:
    """(seconds, cables loaded) of one ``cablerdf ingest``."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cablerdf", "ingest", "--quiet", "--jobs", str(jobs), "--store",
                           str(store), *paths], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    found = re.search(r"([\d,]+) cables loaded", done.stderr)
    if found is None:
        raise SystemExit(f"ingest into {store} failed:\n{done.stderr[-2000:]}")
    return seconds, int(found.group(1).replace(",", ""))


def live(store: Path) -> None:
    """An existing, empty store: an ingest into it takes the transactional path."""
    from cablerdf.store import CableStore

    opened = CableStore(store)
    opened.flush()
    del opened


def floor(built: Path, work: Path) -> tuple[float, int]:
    """(seconds, quads) of ``oxigraph load`` of the built store's quads into an empty store."""
    nquads = work / "quads.nq"
    subprocess.run(["oxigraph", "dump", "--location", str(built / "oxigraph"), "--format", "nq", "--file",
                    str(nquads)], check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run(["oxigraph", "load", "--location", str(work / "floor"), "--file", str(nquads)], check=True,
                   capture_output=True)
    return time.perf_counter() - started, sum(1 for _ in nquads.open("rb"))


def measure(name: str, paths: list[str], work: Path, jobs: int) -> str:
    built_seconds, loaded = ingest(paths, work / "built", jobs)
    live(work / "live")
    live_seconds, _ = ingest(paths, work / "live", jobs)
    floor_seconds, quads = floor(work / "built", work)
    return (f"| {name} | {loaded:,} | {built_seconds:,.1f} s ({loaded / built_seconds:,.0f}/s) | "
            f"{live_seconds:,.1f} s ({loaded / live_seconds:,.0f}/s) | {floor_seconds:,.1f} s ({quads:,} quads) | "
            f"{built_seconds / floor_seconds:.2f}× | {live_seconds / built_seconds:.2f}× |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cablerdf-build-") as folder:
        work = Path(folder)
        rows = [measure(f"{args.pages:,} pages of cablegate-html", pages(args.pages, work / "pages"), work / "html",
                        args.jobs),
                measure("dev corpus (cables.csv.xz)", [str(CORPUS / "cables.csv.xz")], work / "csv", args.jobs)]
    text = "\n".join([
        "## build", "",
        f"Command: `python bench/build.py --pages {args.pages} --jobs {args.jobs}`. Machine: {machine()}.",
        "Build: `cablerdf ingest` into a new directory (bulk writes beside it, search index at the end, renamed "
        "into place). Transactional: the same into an existing empty store (one transaction per batch of new "
        "cables). Floor: `oxigraph load` of exactly the quads the build wrote, into an empty store.", "",
        "| input | cables | build | transactional | `oxigraph load` (floor) | build / floor (target ≤ 1.5×) | "
        "transactional / build |",
        "|---|---|---|---|---|---|---|", *rows, "",
    ])
    print(text)
    write_section("build", text)


if __name__ == "__main__":
    main()
