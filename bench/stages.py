"""Where a build's time goes: each stage of the pipeline alone, on one core, in ms per cable.

Run: ``python bench/stages.py [--input ../shared/corpus/cables.csv.xz]``. Writes the "## stages"
section of BENCHMARKS.md. Stages, each timed over every cable of the input before the next starts:
read and parse (``pipeline.read_records``), map and SHACL (``ingest.map_and_validate``, batches of 64,
in this process), write (one ``bulk_load`` of all the accepted quads into an empty store), search
index (``update_index`` of that store). A build runs the middle stage in ``--jobs`` processes and the
write in a thread beside the parse, so its wall time is below the sum.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "src")]

from cablerdf.ingest import BATCH, Job, map_and_validate  # noqa: E402
from cablerdf.iris import Minter  # noqa: E402
from cablerdf.pipeline import Record, read_records  # noqa: E402
from cablerdf.store import CableStore  # noqa: E402
from cablerdf.store.search import update_index  # noqa: E402
from parse import machine, write_section  # noqa: E402


def stages(path: Path, work: Path) -> list[tuple[str, float, int]]:
    """(stage, seconds, cables) for each stage."""
    started = time.perf_counter()
    records = [item for item in read_records([str(path)], "2026-01-01T00:00:00Z", verify=True)
               if isinstance(item, Record)]
    found = [("read and parse", time.perf_counter() - started, len(records))]
    started = time.perf_counter()
    nquads = [outcome.nquads for i in range(0, len(records), BATCH)
              for outcome in map_and_validate([Job(r, None) for r in records[i:i + BATCH]], Minter().base, False)]
    found.append(("map and SHACL", time.perf_counter() - started, len(records)))
    store = CableStore(work / "store", building=True)
    started = time.perf_counter()
    assert store.bulk is not None
    store.bulk.put(b"".join(nquads))
    store.flush()
    found.append(("write (bulk_load)", time.perf_counter() - started, len(nquads)))
    started = time.perf_counter()
    update_index(store)
    found.append(("search index", time.perf_counter() - started, len(nquads)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=Path, default=CORPUS / "cables.csv.xz")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cablerdf-stages-") as folder:
        found = stages(args.input, Path(folder))
    total = sum(seconds for _, seconds, _ in found)
    rows = [f"| {name} | {cables:,} | {seconds:,.1f} s | {1000 * seconds / cables:.2f} ms | {seconds / total:.0%} |"
            for name, seconds, cables in found]
    text = "\n".join([
        "## stages", "",
        f"Command: `python bench/stages.py --input {args.input.name}`. Machine: {machine()}.",
        "Each stage alone, one core, over every cable of the input (the build overlaps them: map and SHACL in "
        "worker processes, the write in a thread).", "",
        "| stage | cables | time | per cable | share |", "|---|---|---|---|---|", *rows,
        f"| all, one after another | | {total:,.1f} s | {1000 * total / found[0][2]:.2f} ms | |", "",
    ])
    print(text)
    write_section("stages", text)


if __name__ == "__main__":
    main()
