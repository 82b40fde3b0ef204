"""The ``cablerdf`` command: one subcommand per module of ``cablerdf.commands``."""

from __future__ import annotations

import argparse
import importlib

from cablerdf import __version__
from cablerdf.commands.parse import sample_path

__all__ = ["build_parser", "main", "sample_path"]

COMMANDS = ("parse", "convert", "validate", "ingest", "copy", "stats", "dump", "render", "serve")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cablerdf", description="Linked data from the Cablegate cables.")
    parser.add_argument("--version", action="version", version=f"cablerdf {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"cablerdf.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"cablerdf.commands.{name}":
                raise
            continue
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
