"""A synthetic corpus shaped like the real one, for ingest benchmarks at full-release scale.

IDs and months come from ``../shared/corpus/all-reference-ids.csv.gz`` (the 251,287 cables of the
release); texts come from real cables of ``cables.csv.xz`` used as templates in turn, with the
banner line rewritten to the synthetic ID's station and serial, so that header, body and field
distributions (lengths, paragraphs, TAGS, references, partial extracts) are the corpus's own.
Writes a ``cables.csv``-format file (gzip), which ``cablerdf ingest`` reads like the real one.

Run: ``python bench/synthetic.py N OUT.csv.gz``.
"""

from __future__ import annotations

import csv
import gzip
import io
import lzma
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
ID = re.compile(r"(\d\d)([A-Z]+?)(\d+)")


def templates(limit: int = 4000) -> list[list[str]]:
    csv.field_size_limit(2**31 - 1)
    rows = []
    with lzma.open(CORPUS / "cables.csv.xz", "rt", encoding="utf-8", newline="") as f:
        for row in csv.reader(f, escapechar="\\", doublequote=False):
            rows.append(row)
            if len(rows) >= limit:
                break
    return rows


def reference_ids(n: int) -> Iterator[tuple[str, str]]:
    with gzip.open(CORPUS / "all-reference-ids.csv.gz", "rt", encoding="utf-8") as f:
        for count, line in enumerate(f):
            if count >= n:
                return
            rid, _, month = line.strip().partition(",")
            yield rid, month


def rewrite_banner(body: str, station: str, serial: str) -> str:
    """The first banner line names the synthetic cable's station and serial."""
    lines = body.split("\n", 12)
    for index, line in enumerate(lines[:12]):
        match = re.match(r"(.*?(?:CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS|C O N F I D E N T I A L|S E C R E T)"
                         r"(?: SECTION \d+ OF \d+)?\s+)[A-Z][A-Z .]*?\s+0*\d{1,7}\b(.*)", line)
        if match:
            lines[index] = f"{match.group(1)}{station} {int(serial):06d}{match.group(2)}"
            break
    return "\n".join(lines)


def rows(n: int) -> Iterator[list[str]]:
    pool = templates()
    for index, (rid, month) in enumerate(reference_ids(n)):
        template = pool[index % len(pool)]
        match = ID.fullmatch(rid)
        station, serial = (match.group(2), match.group(3)) if match else ("STATE", str(index + 1))
        year = int(rid[:2]) if rid[:2].isdigit() else 5
        full_year = 1900 + year if year >= 50 else 2000 + year
        month_number = int(month) if month.isdigit() and 1 <= int(month) <= 12 else 1
        date = f"{month_number}/{1 + index % 28}/{full_year} {index % 24}:{index % 60:02d}"
        yield [str(index + 1), date, rid, template[3], template[4], template[5], template[6],
               rewrite_banner(template[7], station, serial)]


def write(n: int, out: Path) -> None:
    with gzip.open(out, "wb", compresslevel=1) as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
        writer = csv.writer(text, escapechar="\\", doublequote=False, quoting=csv.QUOTE_ALL, lineterminator="\n")
        for row in rows(n):
            writer.writerow(row)


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]))
