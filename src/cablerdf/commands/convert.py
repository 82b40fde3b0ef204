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
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TextIO

from pyoxigraph import Quad

from cablerdf.commands.parse import add_input_options, sample_path
from cablerdf.iris import Minter
from cablerdf.mapping import Provenance, cable_quads
from cablerdf.parse import CableParseError
from cablerdf.progress import Progress
from cablerdf.rdfio import FORMATS, context, output_format, write_file
from cablerdf.sources import file_sha256, read_inputs, source_file


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "convert", help="convert cables to RDF (N-Quads, N-Triples, Turtle, TriG, JSON-LD)",
        description="Parse cables, map each to a named graph and write RDF; the format follows the "
                    f"extension of --output ({', '.join(FORMATS)}, each optionally .gz).")
    add_input_options(parser)
    parser.add_argument("--output", "-o", required=True, metavar="FILE", help="the RDF file to write")
    parser.add_argument("--base", metavar="URL",
                        help="base of the data IRIs (default: $CABLERDF_BASE or http://127.0.0.1:8080/)")
    parser.add_argument("--inline-context", action="store_true",
                        help="JSON-LD: embed the @context instead of referring to its published IRI")
    parser.set_defaults(run=run)


def utc_now() -> str:
    """The run's start in UTC, or ``SOURCE_DATE_EPOCH`` when set (reproducible output)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return now.replace(microsecond=0).isoformat().replace("+00:00", "Z")



class SourceHashes:
    """SHA-256 of the file behind each cable's source label, computed once per file.

    A label is a file's path, or ``archive!member`` for a cable read from an archive.
    """

    def __init__(self) -> None:
        self.by_label: dict[str, str] = {}
        self.by_file: dict[str, str] = {}

    def __call__(self, label: str) -> str:
        digest = self.by_label.get(label)
        if digest is None:
            path = source_file(label)
            digest = self.by_file.get(path)
            if digest is None:
                digest = self.by_file[path] = file_sha256(path)
            if path == label:  # a multi-record file: its many cables share the label
                self.by_label[label] = digest
        return digest



def where(label: str, row: int | None) -> str:
    return label + (f", row {row}" if row else "")


def convert(paths: list[str], fmt: str | None, minter: Minter, converted_at: str,
            progress: Progress, err: TextIO) -> Iterator[list[Quad]]:
    """The quads of each cable of the inputs, reporting every cable that fails on ``err``."""
    hashes = SourceHashes()
    for item in read_inputs(paths, fmt):
        if isinstance(item, CableParseError):
            progress.step(failed=True)
            err.write(f"error: {item}\n")
            continue
        try:
            quads = cable_quads(item, minter, Provenance(hashes(item.source.path), converted_at))
        except OSError as error:
            progress.step(failed=True)
            err.write(f"error: {where(item.source.path, item.source.row)}: cannot hash the source: {error}\n")
            continue
        except Exception as error:  # a mapping bug must not lose the other cables
            progress.step(failed=True)
            err.write(f"error: {where(item.source.path, item.source.row)}: mapping failure: "
                      f"{type(error).__name__}: {error}\n")
            continue
        progress.step()
        yield quads


def run(args: argparse.Namespace) -> int:
    err = sys.stderr
    try:
        output_format(args.output)
    except ValueError as error:
        err.write(f"error: {error}\n")
        return 2
    converted_at = utc_now()
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
