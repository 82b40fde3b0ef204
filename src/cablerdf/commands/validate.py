"""``cablerdf validate``: map cables to RDF and validate each cable's graph with the SHACL shapes.

Cables are parsed here and mapped and validated in batches in worker processes (the compiled checker,
no inference; ``--reference`` validates with pyshacl instead, the same results much slower; see
:mod:`cablerdf.validate`). Prints a summary (cables, then violations, warnings and
infos by shape) and writes the full SHACL validation report with ``--report``. Exits 1 on any
violation, or when an input cannot be parsed or mapped.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from cablerdf.commands.parse import add_input_options, sample_path
from cablerdf.progress import Progress
from cablerdf.validate import SEVERITIES, Report, validate_paths

PLURAL = {"Violation": "violations", "Warning": "warnings", "Info": "infos"}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "validate", help="validate the RDF of cables with the SHACL shapes",
        description="Parse cables, map each to its named graph and validate it with the SHACL shapes "
                    "(core: violations, recommended: warnings, info: infos). Exit 1 on any violation.")
    add_input_options(parser)
    parser.add_argument("--report", metavar="FILE", help="write the full SHACL validation report (Turtle)")
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: all cores)")
    parser.add_argument("--batch-size", type=int, default=250, metavar="N",
                        help="cables validated together in one run (default: 250)")
    parser.add_argument("--reference", action="store_true",
                        help="validate with pyshacl, the reference the compiled checker is tested against (slow)")
    parser.add_argument("--base", metavar="URL",
                        help="base of the data IRIs (default: $CABLERDF_BASE or http://127.0.0.1:8080/)")
    parser.set_defaults(run=run)


def summary(report: Report, seconds: float, out: TextIO) -> None:
    """Cables and result counts, then the counts of each shape by severity."""
    counts = report.by_shape()
    totals = ", ".join(f"{report.count(s):,} {PLURAL[s]}" for s in SEVERITIES)
    out.write(f"{report.cables:,} cables validated in {seconds:.1f} s: {totals}"
              f"{f', {len(report.errors):,} inputs failed' if report.errors else ''}\n")
    messages = {r.shape_name: r.message for r in report.results}
    for severity in SEVERITIES:
        if not counts[severity]:
            continue
        out.write(f"{PLURAL[severity].capitalize()} by shape:\n")
        width = max(len(name) for name in counts[severity])
        for name, count in counts[severity].most_common():
            out.write(f"  {name:<{width}}  {count:>7,}  {messages[name]}\n")


def run(args: argparse.Namespace) -> int:
    if (args.jobs is not None and args.jobs < 1) or args.batch_size < 1:
        sys.stderr.write("error: --jobs and --batch-size must be at least 1\n")
        return 2
    progress = Progress("validated", quiet=args.quiet)
    started = time.monotonic()
    total = Report()
    for report in validate_paths(args.paths or [sample_path()], jobs=args.jobs, batch_size=args.batch_size,
                                fmt=args.format, base=args.base, reference=args.reference):
        total = total + report
        for error in report.errors:
            sys.stderr.write(f"error: {error}\n")
            progress.step(failed=True)
        non_conforming = len({r.graph for r in report.results if r.severity == "Violation"})
        for index in range(report.cables):
            progress.step(failed=index < non_conforming)
    progress.close()
    if args.report:
        Path(args.report).write_text(total.to_turtle(), encoding="utf-8")
    summary(total, time.monotonic() - started, sys.stdout)
    return 0 if total.conforms and not total.errors else 1
