"""Build ``src/cablerdf/data/tables/station_origins.csv``: how the release's metadata names the post of
each station (``UNVIEVIENNA`` -> ``UNVIE``, ``MEXICO`` -> ``Embassy Mexico``).

Sources without metadata (the PDF texts) name no origin; the FM line gives one in another form
(``USMISSION UNVIE VIENNA`` -> ``Mission Unvie Vienna``). The names are facts of the release, read
from the metadata of the cables in ``../shared/corpus``: the most common name per station.
Run: ``python scripts/build_station_origins.py ../shared/corpus``.
"""

from __future__ import annotations

import collections
import csv
import sys
from pathlib import Path

from cablerdf.parse import Cable
from cablerdf.parse.ids import split_id
from cablerdf.sources import read_inputs

OUT = Path(__file__).resolve().parent.parent / "src/cablerdf/data/tables/station_origins.csv"
INPUTS = ("cablegate-html.tar.xz", "site-versions.tar.xz", "cables.csv.xz", "final-site-html", "earlier-versions")


def main(corpus: str) -> None:
    names: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for item in read_inputs([str(Path(corpus) / name) for name in INPUTS]):
        if not isinstance(item, Cable) or item.origin is None or item.source.format == "pdf-text":
            continue
        parts = split_id(item.canonical_id)
        if parts and not any(d.code == "origin-from-station" for d in item.defects):
            names[parts[1]][item.origin] += 1
    with OUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["station", "origin", "cables"])
        for station in sorted(names):
            origin, count = names[station].most_common(1)[0]
            writer.writerow([station, origin, count])


if __name__ == "__main__":
    main(sys.argv[1])
