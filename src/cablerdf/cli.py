"""The ``cablerdf`` command."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from importlib import resources
from typing import TextIO

from cablerdf import __version__
from cablerdf.parse import FORMATS, Cable, CableParseError
from cablerdf.progress import Progress
from cablerdf.sources import read_inputs


def sample_path() -> str:
    """The bundled sample cable (09MEXICO2882, as page text)."""
    return str(resources.files("cablerdf.data.sample").joinpath("09MEXICO2882.txt"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cablerdf", description="Linked data from the Cablegate cables.")
    parser.add_argument("--version", action="version", version=f"cablerdf {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="parse cables and print records",
                                description="Parse cables in any supported format or archive.")
    parse.add_argument("paths", nargs="*", metavar="PATH", help="files, directories or archives "
                       "(default: the bundled sample cable)")
    parse.add_argument("--json", action="store_true", help="print JSON Lines records (cable-record.md)")
    parse.add_argument("--format", choices=FORMATS, help="input format (default: detected)")
    parse.add_argument("--strict", action="store_true", help="also fail (exit 1) on defects")
    parse.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def summary_line(cable: Cable) -> str:
    codes = Counter(d.code for d in cable.defects)
    defects = ", ".join(f"{c}×{n}" if n > 1 else c for c, n in codes.items()) or "no defects"
    return (f"{cable.canonical_id}  {cable.created or '?'}  {cable.classification or '?'}  "
            f"{cable.origin or '?'}  {len(cable.paragraphs)} ¶  tags {' '.join(cable.tags) or '-'}\n"
            f"    {cable.subject or '(no subject)'}\n    {defects}")


def run_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    progress = Progress("parsed", quiet=args.quiet)
    failed = with_defects = 0
    for item in read_inputs(args.paths or [sample_path()], args.format):
        if isinstance(item, CableParseError):
            failed += 1
            progress.step(failed=True)
            err.write(f"error: {item}\n")
            continue
        progress.step()
        with_defects += bool(item.defects)
        if args.json:
            out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.write(summary_line(item) + "\n")
    progress.close()
    total = progress.count
    if not args.quiet or failed:
        err.write(f"{total - failed:,} cables parsed, {failed:,} failed, {with_defects:,} with defects\n")
    return 1 if failed or (args.strict and with_defects) else 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "parse":
            return run_parse(args, sys.stdout, sys.stderr)
    except BrokenPipeError:
        return 0
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
