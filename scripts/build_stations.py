"""Build ``src/cablerdf/data/tables/stations.csv`` from the release's list of reference IDs.

The station codes (the letters between the year and the serial of a reference ID, such as
``MEXICO`` in ``09MEXICO2882``) are facts of the release. The table lets the parser turn
references such as ``SECSTATE 74879`` or ``NEW DELHI 17853`` into cable IDs and repair malformed
IDs. Run: ``python scripts/build_stations.py ../shared/corpus/all-reference-ids.csv.gz``.
"""

from __future__ import annotations

import collections
import csv
import gzip
import re
import sys
from pathlib import Path

CLEAN_ID = re.compile(r"(\d\d)([A-Z]+?)(\d+)")
OUT = Path(__file__).resolve().parent.parent / "src/cablerdf/data/tables/stations.csv"


def main(source: str) -> None:
    counts: collections.Counter[str] = collections.Counter()
    with gzip.open(source, "rt", encoding="utf-8") as f:
        for row in csv.reader(f):
            match = CLEAN_ID.fullmatch(row[0])
            if match and not match.group(2).startswith(("SECT", "SECI", "SETI", "SCTI")):
                counts[match.group(2)] += 1
    with OUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["station", "cables"])
        for station, n in sorted(counts.items()):
            writer.writerow([station, n])
    print(f"{len(counts)} stations -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/all-reference-ids.csv.gz")
