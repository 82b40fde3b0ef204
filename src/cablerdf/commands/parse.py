"""``cablerdf parse``: parse cables and print records (JSON Lines with ``--json``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from importlib import resources

from cablerdf.parse import INPUT_FORMATS, Cable, CableParseError
from cablerdf.parse.compare import Reading, disagreements, reading
from cablerdf.progress import Progress
from cablerdf.sources import read_inputs


def sample_path() -> str:
    """The bundled sample cable (09MEXICO2882, as page text)."""
    return str(resources.files("cablerdf.data.sample").joinpath("09MEXICO2882.txt"))


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """PATH..., --format, --quiet: shared by every command that reads cables."""
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files, directories or archives (default: the bundled sample cable)")
    parser.add_argument("--format", choices=INPUT_FORMATS, help="input format (default: detected)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("parse", help="parse cables and print records",
                                 description="Parse cables in any supported format or archive.")
    add_input_options(parser)
    parser.add_argument("--json", action="store_true", help="print JSON Lines records (cable-record.md)")
    parser.add_argument("--strict", action="store_true", help="also fail (exit 1) on defects")
    parser.set_defaults(run=run)


def summary_line(cable: Cable) -> str:
    codes = Counter(d.code for d in cable.defects)
    defects = ", ".join(f"{c}×{n}" if n > 1 else c for c, n in codes.items()) or "no defects"
    return (f"{cable.canonical_id}  {cable.created or '?'}  {cable.classification or '?'}  "
            f"{cable.origin or '?'}  {len(cable.paragraphs)} ¶  tags {' '.join(cable.tags) or '-'}\n"
            f"    {cable.subject or '(no subject)'}\n    {defects}")


def compare_with_earlier(cable: Cable, seen: dict[str, Reading]) -> None:
    """A cable met again in this run (another format, an earlier version) gets a defect for each field
    where it disagrees with the first reading, naming both values and whether the texts differ."""
    earlier = seen.get(cable.canonical_id)
    if earlier is None:
        seen[cable.canonical_id] = reading(cable)
    else:
        cable.defects.extend(disagreements(earlier, cable))


def run(args: argparse.Namespace) -> int:
    out, err = sys.stdout, sys.stderr
    progress = Progress("parsed", quiet=args.quiet)
    failed = with_defects = 0
    seen: dict[str, Reading] = {}
    for item in read_inputs(args.paths or [sample_path()], args.format):
        if isinstance(item, CableParseError):
            failed += 1
            progress.step(failed=True)
            err.write(f"error: {item}\n")
            continue
        progress.step()
        compare_with_earlier(item, seen)
        with_defects += bool(item.defects)
        for damage in item.damage():
            err.write(f"error: {damage} (kept, with defect input-truncated)\n")
        if args.json:
            out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.write(summary_line(item) + "\n")
    progress.close()
    if not args.quiet or failed:
        err.write(f"{progress.count - failed:,} cables parsed, {failed:,} failed, {with_defects:,} with defects\n")
    return 1 if failed or (args.strict and with_defects) else 0
