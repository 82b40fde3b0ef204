"""Parse speed per core on the HTML archive and on cables.csv, beside the floor of merely reading them.

Run: ``python bench/parse.py [--runs 3]``. Writes the figures to BENCHMARKS.md (section "parse").
The floor decompresses and splits the same input (tar members decoded to text; csv rows split by
the csv module) without parsing cables. Medians of ``--runs`` runs, one process, one core.
"""

from __future__ import annotations

import argparse
import csv
import lzma
import platform
import re
import statistics
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

from cablerdf.parse import Cable
from cablerdf.sources import read_inputs

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
HTML = CORPUS / "cablegate-html.tar.xz"
CSV = CORPUS / "cables.csv.xz"
TARGETS = {"html": 1500.0, "csv": 4000.0}


def read_html_floor() -> int:
    count = 0
    with tarfile.open(HTML, mode="r|*") as archive:
        for member in archive:
            stream = archive.extractfile(member) if member.isfile() else None
            if stream is not None:
                stream.read().decode("utf-8")
                count += 1
    return count


def read_csv_floor() -> int:
    csv.field_size_limit(2**31 - 1)
    with lzma.open(CSV, "rt", encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.reader(f, escapechar="\\", doublequote=False))


def parse_all(path: Path) -> Callable[[], int]:
    def run() -> int:
        return sum(1 for item in read_inputs([str(path)]) if isinstance(item, Cable))
    return run


def rate(work: Callable[[], int], runs: int) -> tuple[float, int]:
    rates, count = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        count = work()
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates), count


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    return f"{cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def section(runs: int) -> str:
    rows = []
    for name, floor, path in (("html", read_html_floor, HTML), ("csv", read_csv_floor, CSV)):
        floor_rate, n = rate(floor, runs)
        parse_rate, parsed = rate(parse_all(path), runs)
        assert parsed == n, f"{name}: parsed {parsed} of {n}"
        target = TARGETS[name]
        rows.append(f"| {name} ({n:,} cables) | {parse_rate:,.0f}/s | {floor_rate:,.0f}/s | "
                    f"{parse_rate / floor_rate:.2f}× | {target:,.0f}/s | {parse_rate / target:.2f}× |")
    return "\n".join([
        "## parse",
        "",
        f"Command: `python bench/parse.py --runs {runs}` (one process, one core; median of {runs} runs).",
        f"Machine: {machine()}; shared and noisy, so read the ratios.",
        "",
        "| input | parse (read + parse) | floor (read + split only) | parse / floor | target | parse / target |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
    ])


def write_section(name: str, text: str) -> None:
    """Put ``text`` in BENCHMARKS.md as the section ``## name``, replacing that section if present."""
    path = ROOT / "BENCHMARKS.md"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if f"## {name}\n" in old:
        old = re.sub(rf"## {re.escape(name)}\n.*?(?=\n## |\Z)", lambda _: text.rstrip("\n") + "\n", old, flags=re.S)
    else:
        old = old.rstrip("\n") + "\n\n" + text
    path.write_text(old, encoding="utf-8")


def write(text: str) -> None:
    write_section("parse", text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    text = section(args.runs)
    print(text)
    write(text)


if __name__ == "__main__":
    main()
