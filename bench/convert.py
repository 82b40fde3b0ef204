"""Convert speed (read + parse + map + serialise N-Quads) beside the same mapping done through rdflib.

Run: ``python bench/convert.py [--runs 3] [--limit N] [--validate-limit 500]``. Writes the figures to
BENCHMARKS.md (section "convert"). Medians of ``--runs`` runs.

- **cablerdf**: what ``cablerdf convert --output x.nq`` does (the command's own generator and
  :func:`cablerdf.rdfio.write_file`): pyoxigraph terms, pyoxigraph's N-Quads serialiser, per cable.
- **rdflib**: the same records mapped by the *same mapping code* through a builder that adds rdflib
  terms to an ``rdflib.Dataset`` per cable (one named graph), serialised by rdflib (``nquads``) and
  written to a file. The two give the same quads (checked on a sample before timing; rdflib
  normalises the lexical form of date-times, ``Z`` becoming ``+00:00``).
- **one core**: one process; **two cores**: the input split beforehand into two halves (tar members
  or csv records alternately; the halves are xz files like the original) converted by two processes.
- **map + serialise only**: the first 1,000 cables of each input parsed beforehand, so that the
  figure and its ratio are those of the RDF path alone, without the parser.
- **convert + validate**: convert with the quads also validated (:func:`cablerdf.validate.validate_quads`,
  the compiled checker; ``bench/validate.py`` times it beside pyshacl), 250
  cables per validation run (the batch of ``cablerdf validate``), on the first ``--validate-limit`` cables.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import lzma
import multiprocessing
import os
import statistics
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, ClassVar

import pyoxigraph
import rdflib
from pyoxigraph import NamedNode

from cablerdf import mapping
from cablerdf.commands.convert import convert
from cablerdf.iris import Minter
from cablerdf.mapping import Provenance, cable_quads, parts
from cablerdf.mapping.builder import Graph
from cablerdf.parse import Cable, CableParseError
from cablerdf.pipeline import SourceHashes
from cablerdf.progress import Progress
from cablerdf.rdfio import write_file
from cablerdf.sources import read_inputs
from cablerdf.terms import XSD
from cablerdf.validate import validate_quads
from parse import machine, write_section  # bench/parse.py (this directory is first on sys.path)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
INPUTS = {"html": CORPUS / "cablegate-html.tar.xz", "csv": CORPUS / "cables.csv.xz"}
CONVERTED_AT = "2026-11-28T00:00:00Z"
TARGET = 10.0
SAMPLE = 1000
VALIDATE_BATCH = 250


# --- the rdflib baseline: the mapping's builder over an rdflib Dataset -------------------------------

class RdflibGraph:
    """:class:`cablerdf.mapping.builder.Graph` with rdflib terms in an ``rdflib.Dataset``.

    The mapping passes its vocabulary terms as pyoxigraph nodes; they become ``URIRef`` through a
    cache, so the baseline pays rdflib's costs, not a conversion's.
    """

    terms: ClassVar[dict[NamedNode, rdflib.URIRef]] = {}

    def __init__(self, graph: str, minter: Minter) -> None:
        self.dataset = rdflib.Dataset()
        self.name = rdflib.URIRef(graph)
        self.graph = self.dataset.graph(self.name)
        self.minter = minter

    def term(self, node: Any) -> Any:
        if isinstance(node, NamedNode):
            ref = self.terms.get(node)
            if ref is None:
                ref = self.terms[node] = rdflib.URIRef(node.value)
            return ref
        return node

    def node(self, iri: str) -> rdflib.URIRef:
        return rdflib.URIRef(iri)

    def add(self, s: Any, p: Any, o: Any) -> None:
        self.graph.add((self.term(s), self.term(p), self.term(o)))

    def text(self, s: Any, p: Any, value: str | None) -> None:
        if value is not None and value != "":
            self.graph.add((self.term(s), self.term(p), rdflib.Literal(value)))

    def typed(self, s: Any, p: Any, value: object | None, datatype: NamedNode) -> None:
        if value is not None:
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            self.graph.add((self.term(s), self.term(p), rdflib.Literal(text, datatype=self.term(datatype))))

    def integer(self, s: Any, p: Any, value: int | None, datatype: NamedNode = XSD.integer) -> None:
        self.typed(s, p, value, datatype)

    def types(self, s: Any, *classes: NamedNode) -> None:
        for cls in classes:
            self.graph.add((self.term(s), rdflib.RDF.type, self.term(cls)))


def rdflib_dataset(cable: Cable, minter: Minter, provenance: Provenance) -> rdflib.Dataset:
    """:func:`cablerdf.mapping.cable_quads`, step for step, through :class:`RdflibGraph`."""
    rg = RdflibGraph(minter.graph(cable.canonical_id), minter)
    g: Graph = rg  # type: ignore[assignment]  # same interface, rdflib terms
    node: Any = g.node(minter.cable(cable.canonical_id))
    for step in (mapping.identity, mapping.dates_and_origin, mapping.classification, mapping.subjects,
                 mapping.texts, parts.addressings, parts.marking, parts.references, parts.body_elements,
                 parts.distribution, parts.defects):
        step(g, cable, node)
    parts.unknown_concepts(g, cable)
    mapping.graph_provenance(g, cable, node, provenance)
    return rg.dataset


def rdflib_convert(paths: list[str], out: Path, limit: int | None) -> int:
    hashes, minter, count = SourceHashes(), Minter(), 0
    with out.open("wb") as f:
        for item in itertools.islice(read_inputs(paths), limit):
            if isinstance(item, CableParseError):
                continue
            dataset = rdflib_dataset(item, minter, Provenance(hashes(item.source.path), CONVERTED_AT))
            f.write(dataset.serialize(format="nquads").encode("utf-8"))
            count += 1
    return count


# --- cablerdf ------------------------------------------------------------------------------------------

def cables_of(paths: list[str], limit: int | None, validate: Callable[[Any], Any] | None = None
              ) -> Iterator[list[pyoxigraph.Quad]]:
    """The quads of each cable as ``cablerdf convert`` makes them; with ``validate``, also validated in
    batches of :data:`VALIDATE_BATCH` cables (the default batch of ``cablerdf validate``)."""
    items = convert(paths, None, Minter(), CONVERTED_AT, Progress("", quiet=True), sys.stderr)
    batch: list[pyoxigraph.Quad] = []
    for index, quads in enumerate(itertools.islice(items, limit), 1):
        yield quads
        if validate is not None:
            batch.extend(quads)
            if index % VALIDATE_BATCH == 0:
                validate(batch)
                batch = []
    if validate is not None and batch:
        validate(batch)


def cablerdf_convert(paths: list[str], out: Path, limit: int | None) -> int:
    return write_file(out, cables_of(paths, limit))


def cablerdf_convert_validate(paths: list[str], out: Path, limit: int | None) -> int:
    return write_file(out, cables_of(paths, limit, validate_quads))


# --- running ------------------------------------------------------------------------------------------

Work = Callable[[list[str], Path, int | None], int]


def job(args: tuple[Work, str, str, int | None]) -> int:
    work, path, out, limit = args
    return work([path], Path(out), limit)


def timed(work: Work, shards: list[Path], out_dir: Path, limit: int | None, runs: int) -> tuple[float, int]:
    """Median cables/s of ``work`` over the shards, one process per shard (in-process for one)."""
    rates, count = [], 0
    for _ in range(runs):
        outs = [str(out_dir / f"out-{i}.nq") for i in range(len(shards))]
        share = None if limit is None else -(-limit // len(shards))
        start = time.perf_counter()
        if len(shards) == 1:
            count = work([str(shards[0])], Path(outs[0]), share)
        else:
            with multiprocessing.get_context("fork").Pool(len(shards)) as pool:
                count = sum(pool.map(job, [(work, str(s), o, share) for s, o in zip(shards, outs, strict=True)]))
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates), count


def split(name: str, path: Path, into: Path) -> list[Path]:
    """Two halves of an input, alternating tar members or csv records; xz-compressed like the original."""
    if name == "html":
        halves = [into / f"{name}-{i}.tar.xz" for i in range(2)]
        with ExitStack() as stack, tarfile.open(path, "r|*") as archive:
            writers = [stack.enter_context(tarfile.open(h, "w:xz", preset=1)) for h in halves]
            members = (m for m in archive if m.isfile())
            for index, member in enumerate(members):
                writers[index % 2].addfile(member, archive.extractfile(member))
        return halves
    halves = [into / f"{name}-{i}.csv.xz" for i in range(2)]
    csv.field_size_limit(2**31 - 1)
    record: list[str] = []

    def lines(stream: Iterable[str]) -> Iterator[str]:
        for line in stream:
            record.append(line)
            yield line

    with ExitStack() as stack, lzma.open(path, "rt", encoding="utf-8", newline="") as f:
        outs = [stack.enter_context(lzma.open(h, "wt", encoding="utf-8", newline="", preset=1)) for h in halves]
        for index, _ in enumerate(csv.reader(lines(f), escapechar="\\", doublequote=False, strict=False)):
            outs[index % 2].write("".join(record))
            record.clear()
    return halves


def same_quads(path: Path) -> None:
    """The baseline maps like cablerdf: same quads on a sample (date-time lexical forms aside)."""
    minter, provenance = Minter(), Provenance("0" * 64, CONVERTED_AT)
    cables = [c for c in itertools.islice(read_inputs([str(path)]), 50) if isinstance(c, Cable)]
    ours = b"".join(pyoxigraph.serialize(cable_quads(c, minter, provenance), None, pyoxigraph.RdfFormat.N_QUADS)
                    or b"" for c in cables)
    theirs = "".join(rdflib_dataset(c, minter, provenance).serialize(format="nquads") for c in cables)

    def normal(data: bytes) -> set[str]:
        quads = pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS)
        return {str(q).replace("+00:00\"", "Z\"") for q in quads}

    assert normal(ours) == normal(theirs.encode("utf-8")), "the rdflib baseline does not map the same quads"


def map_only(path: Path, runs: int) -> tuple[float, float]:
    """Cables/s of map + serialise N-Quads alone, cablerdf and rdflib, on pre-parsed cables."""
    minter, provenance = Minter(), Provenance("0" * 64, CONVERTED_AT)
    cables = [c for c in itertools.islice(read_inputs([str(path)]), SAMPLE) if isinstance(c, Cable)]

    def ours() -> None:
        for cable in cables:
            pyoxigraph.serialize(cable_quads(cable, minter, provenance), None, pyoxigraph.RdfFormat.N_QUADS)

    def theirs() -> None:
        for cable in cables:
            rdflib_dataset(cable, minter, provenance).serialize(format="nquads")

    rates = []
    for work in (ours, theirs):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        rates.append(len(cables) / statistics.median(times))
    return rates[0], rates[1]


def section(runs: int, limit: int | None, validate_limit: int) -> str:
    load = os.getloadavg()[0]
    rows, map_rows, validate_rows = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-convert-") as tmp:
        work_dir = Path(tmp)
        for name, path in INPUTS.items():
            same_quads(path)
            halves = split(name, path, work_dir)
            figures = {}
            for cores, shards in ((1, [path]), (2, halves)):
                ours, n = timed(cablerdf_convert, shards, work_dir, limit, runs)
                theirs, m = timed(rdflib_convert, shards, work_dir, limit, runs)
                assert n == m, f"{name}: {n} cables against {m}"
                figures[cores] = (ours, theirs)
            (one, base_one), (two, base_two) = figures[1], figures[2]
            rows.append(f"| {name} ({n:,} cables) | {one:,.0f}/s | {two:,.0f}/s ({two / one:.2f}×) | "
                        f"{base_one:,.0f}/s | {base_two:,.0f}/s | {one / base_one:.1f}× | {two / base_two:.1f}× |")
            ours_map, theirs_map = map_only(path, runs)
            map_rows.append(f"| {name} (first {SAMPLE:,}) | {ours_map:,.0f}/s | {theirs_map:,.0f}/s | "
                            f"{ours_map / theirs_map:.1f}× |")
            cap = min(validate_limit, limit or validate_limit)
            for cores, shards in ((1, [path]), (2, halves)):
                rate, n = timed(cablerdf_convert_validate, shards, work_dir, cap, runs)
                validate_rows.append(f"| {name} (first {n:,}) | {cores} | {rate:,.0f}/s | "
                                     f"{figures[cores][0]:,.0f}/s |")
            for half in halves:
                half.unlink()
    command = f"python bench/convert.py --runs {runs}" + (f" --limit {limit}" if limit else "")
    lines = [
        "## convert",
        "",
        f"Command: `{command}` (median of {runs} runs). Machine: {machine()}; shared and noisy (1-minute load "
        f"average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end), so read the ratios.",
        "",
        "Convert = read + parse + map + serialise N-Quads to a file, per cable, as `cablerdf convert x.nq` "
        "does. The rdflib baseline runs the same mapping code with rdflib terms in an `rdflib.Dataset` per "
        "cable and serialises it with rdflib (`nquads`). Two cores: the input split in two halves beforehand, "
        "one process each.",
        "",
        "| input | cablerdf, 1 core | cablerdf, 2 cores | rdflib, 1 core | rdflib, 2 cores "
        f"| cablerdf / rdflib, 1 core | 2 cores (target ≥ {TARGET:.0f}×) |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
        "The RDF path alone (map + serialise N-Quads of cables parsed beforehand, one core):",
        "",
        "| input | cablerdf | rdflib | cablerdf / rdflib |",
        "|---|---|---|---|",
        *map_rows,
        "",
        f"Convert + validate (`cablerdf.validate.validate_quads`, {VALIDATE_BATCH} cables per validation run):",
        "",
        "| input | cores | convert + validate | convert alone |",
        "|---|---|---|---|",
        *validate_rows,
        "",
    ]
    return "\n".join(lines)


def write(text: str, name: str = "convert") -> None:
    """Replace (or append) the section ``## {name}`` of BENCHMARKS.md."""
    write_section(name, text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, help="only the first N cables of each input (quick runs)")
    parser.add_argument("--validate-limit", type=int, default=1000, help="cables per input for convert + validate")
    parser.add_argument("--no-write", action="store_true", help="print only, leave BENCHMARKS.md alone")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    text = section(args.runs, args.limit, args.validate_limit)
    print(text)
    if not args.no_write:
        write(text)


if __name__ == "__main__":
    main()
