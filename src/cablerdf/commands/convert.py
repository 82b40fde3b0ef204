"""``cablerdf convert``: parse cables, map each to its named graph and write RDF, streaming.

The output format comes from the extension of ``--output`` (``.nq .nt .ttl .trig .jsonld``, each
optionally ``.gz``; see :mod:`cablerdf.rdfio`). The file is written under a temporary name and
renamed when complete. Cables that cannot be parsed or mapped are reported on stderr with their
file and row; the others are still written and the command exits 1 at the end.

Provenance of every cable's graph: the SHA-256 of the input *file* it came from, computed once per
file by streaming it (for a cable read from an archive, or from a multi-record file such as
cables.csv, that is the hash of the archive or of the whole file, not of the cable's own bytes), and
the conversion time, the run's start in UTC (or ``SOURCE_DATE_EPOCH`` when set, for reproducible
output).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import TextIO

from pyoxigraph import Quad

from cablerdf import pipeline
from cablerdf.commands.parse import add_input_options, sample_path
from cablerdf.iris import Minter
from cablerdf.progress import Progress
from cablerdf.rdfio import OUTPUT_EXTENSIONS, context, output_format, write_file


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "convert", help="convert cables to RDF (N-Quads, N-Triples, Turtle, TriG, JSON-LD)",
        description="Parse cables, map each to a named graph and write RDF; the format follows the "
                    f"extension of --output ({', '.join(OUTPUT_EXTENSIONS)}, each optionally .gz).")
    add_input_options(parser)
    parser.add_argument("--output", "-o", required=True, metavar="FILE", help="the RDF file to write")
    parser.add_argument("--base", metavar="URL",
                        help="base of the data IRIs (default: $CABLERDF_BASE or http://127.0.0.1:8080/)")
    parser.add_argument("--inline-context", action="store_true",
                        help="JSON-LD: embed the @context instead of referring to its published IRI")
    parser.set_defaults(run=run)


def convert(paths: list[str], fmt: str | None, minter: Minter, converted_at: str,
            progress: Progress, err: TextIO) -> Iterator[list[Quad]]:
    """The quads of each cable of the inputs (:func:`cablerdf.pipeline.convert`), reporting every cable that
    fails on ``err``."""
    for item in pipeline.convert(paths, minter, converted_at, fmt):
        if isinstance(item, list):
            progress.step()
            yield item
        else:
            progress.step(failed=True)
            err.write(f"error: {item}\n")


def run(args: argparse.Namespace) -> int:
    err = sys.stderr
    try:
        output_format(args.output)
    except ValueError as error:
        err.write(f"error: {error}\n")
        return 2
    converted_at = pipeline.utc_now()
    progress = Progress("converted", quiet=args.quiet)
    minter = Minter(args.base)
    cables = convert(args.paths or [sample_path()], args.format, minter, converted_at, progress, err)
    try:
        written = write_file(args.output, cables, context() if args.inline_context else None)
    except OSError as error:
        progress.close()
        err.write(f"error: cannot write {args.output}: {error.strerror or error}\n")
        return 1
    progress.close()
    failed = progress.failed
    if not args.quiet or failed:
        err.write(f"{written:,} cables written to {args.output}, {failed:,} failed\n")
    return 1 if failed else 0
