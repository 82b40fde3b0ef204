"""What the ingest fault tests (issue 6: test_ingest_sigkill.py, test_ingest_io_errors.py) run and compare.

The input is the first 200 rows of the corpus's ``cables.csv.xz``, written to a temporary directory
as ``part1.csv`` (96 cables) and ``part2.csv.gz`` (104). Every scenario runs ``cablerdf ingest`` as
a child process and ends with its store compared with the store of one uninterrupted run, through
the N-Quads dump (``dump_nquads``: every cable graph and the vocabulary graph, no run metadata) read
back graph by graph: each graph's statements, sorted (states in between, after a kill or a failure,
are read straight from the store, opened read-only). The one value of a cable graph that differs
between runs, its conversion time (``prov:generatedAtTime`` of the graph), is masked; everything else
must be equal, so a lost, extra, half-written or doubled cable shows, and so does a cable whose
content hash was written without its triples. Cable graphs have no blank nodes (checked); the
vocabulary's are named in order of appearance by the store, so their labels must match as well. After
every completed run the search index must list exactly the stored cables with their content hashes.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import lzma
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pyoxigraph

import cablerdf
from cablerdf.iris import Minter
from cablerdf.store import CableStore
from cablerdf.store.dump import dump_nquads
from cablerdf.store.search import cable_hashes

PARTS = (96, 104)  # cables in part1.csv and part2.csv.gz
GENERATED = "<http://www.w3.org/ns/prov#generatedAtTime>"
CONTENT_HASH = "<https://w3id.org/cablerdf/ns#contentSha256>"
MINTER = Minter()
VOCABULARY, METADATA = MINTER.vocabulary_graph(), MINTER.metadata_graph()
SRC = Path(cablerdf.__file__).resolve().parents[1]  # children import this very checkout
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
TIMEOUT = 300

Graphs = dict[str, list[str]]  # graph IRI -> its statements as N-Triples lines, sorted


# ---- inputs -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    first: Path  # part1.csv
    second: Path  # part2.csv.gz
    second_text: bytes  # part2 uncompressed, to make broken copies of

    @property
    def both(self) -> list[Path]:
        return [self.first, self.second]


def csv_records(corpus: Path, count: int) -> list[str]:
    """The first ``count`` records of cables.csv.xz, each exactly as written (records span lines)."""
    csv.field_size_limit(2**31 - 1)
    records: list[str] = []
    lines: list[str] = []

    def kept(stream: Iterator[str]) -> Iterator[str]:
        for line in stream:
            lines.append(line)
            yield line

    with lzma.open(corpus / "cables.csv.xz", "rt", encoding="utf-8", newline="") as stream:
        for _ in csv.reader(kept(stream), escapechar="\\", doublequote=False):
            records.append("".join(lines))
            lines.clear()
            if len(records) == count:
                break
    return records


def make_inputs(corpus: Path, directory: Path) -> Inputs:
    """part1.csv and part2.csv.gz in ``directory``."""
    records = csv_records(corpus, sum(PARTS))
    first, second = directory / "part1.csv", directory / "part2.csv.gz"
    first.write_text("".join(records[: PARTS[0]]), encoding="utf-8", newline="")
    text = "".join(records[PARTS[0]:]).encode("utf-8")
    second.write_bytes(gzip.compress(text, mtime=0))
    return Inputs(first, second, text)


# ---- running ingest -----------------------------------------------------------------------------------


def command(store: Path, paths: list[Path]) -> list[str]:
    return [sys.executable, "-m", "cablerdf.cli", "ingest", "--quiet", "--jobs", "2", "--store", str(store),
            *map(str, paths)]


def live_store(store: Path) -> None:
    """An existing (empty) store: ingests into it take the transactional path, not a build."""
    opened = CableStore(store)
    opened.flush()
    del opened


def run_ingest(store: Path, paths: list[Path], preexec: Callable[[], None] | None = None
               ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(store, paths), capture_output=True, text=True, env=ENV, timeout=TIMEOUT,
                          preexec_fn=preexec, start_new_session=True)


def start_ingest(store: Path, paths: list[Path]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command(store, paths), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
                            start_new_session=True)


def written(pid: int) -> int:
    """Bytes the process has written so far (``wchar`` of /proc/PID/io); 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/io", encoding="ascii") as stream:
            return next(int(line.split()[1]) for line in stream if line.startswith("wchar:"))
    except (OSError, StopIteration):
        return 0


def kill_when(process: subprocess.Popen[bytes], when: Callable[[], bool]) -> bool:
    """SIGKILL the ingest's main process (the store's one writer) once ``when()`` holds, as ``kill -9`` or
    the OOM killer would, then the workers it leaves behind; False when it had finished first."""
    while process.poll() is None and not when():
        time.sleep(0.004)
    if process.poll() is not None:
        return False
    os.kill(process.pid, signal.SIGKILL)
    os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)  # dead but not reaped: its group id stays ours
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(TIMEOUT)
    return True


# ---- reading a store back -----------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    graphs: Graphs  # as dumped
    hashes: dict[str, str]  # cable graph -> content hash

    def cables(self) -> Graphs:
        return {graph: lines for graph, lines in self.graphs.items() if graph != VOCABULARY}


def read_state(store_dir: Path, dump_dir: Path | None = None) -> State:
    """The store opened read-only (which must work), read back by graph: from the N-Quads dump that the
    dump module writes into ``dump_dir`` if given, else straight from the store's graphs (quicker)."""
    if not (store_dir / "oxigraph" / "CURRENT").exists():  # killed before the database was created
        return State({}, {})
    store = CableStore(store_dir, read_only=True)
    assert not store.store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    if dump_dir is None:
        graphs = {graph.value: statements(store, graph) for graph in store.store.named_graphs()
                  if isinstance(graph, pyoxigraph.NamedNode) and not graph.value.startswith(METADATA)}
    else:
        dump_dir.mkdir(parents=True, exist_ok=True)
        dump_nquads(store, dump_dir)
        graphs = dumped_graphs(dump_dir / "cablerdf.nq.gz")
    state = State(graphs, cable_hashes(store))
    del store
    for graph, lines in state.cables().items():
        assert not any("_:" in line for line in lines), f"a blank node in {graph}"
    return state


def statements(store: CableStore, graph: pyoxigraph.NamedNode) -> list[str]:
    data = store.store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph)
    return sorted((data or b"").decode("utf-8").splitlines())


def dumped_graphs(path: Path) -> Graphs:
    """A dump's lines (``<s> <p> <o> <g> .``) by graph, each as the N-Triples line ``<s> <p> <o> .``."""
    graphs: dict[str, list[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            triple, graph, end = line.rstrip("\n").rsplit(" ", 2)
            assert end == "." and graph.startswith("<") and graph.endswith(">"), line
            graphs.setdefault(graph[1:-1], []).append(f"{triple} .")
    return {graph: sorted(lines) for graph, lines in graphs.items()}


def masked(graphs: Graphs) -> Graphs:
    """The graphs with each cable graph's conversion time replaced by a placeholder."""
    def mask(graph: str, line: str) -> str:
        return f"<{graph}> {GENERATED} \"(time)\" ." if line.startswith(f"<{graph}> {GENERATED} ") else line

    return {graph: sorted(mask(graph, line) for line in lines) for graph, lines in graphs.items()}


def differences(got: Graphs, want: Graphs, partial: bool = False) -> list[str]:
    """What differs (``partial``: ``got`` may lack graphs, but those it has must be whole and equal)."""
    got, want = masked(got), masked(want)
    problems = [f"graph {g} should not be there" for g in sorted(got.keys() - want.keys())]
    if not partial:
        problems += [f"graph {g} is missing" for g in sorted(want.keys() - got.keys())]
    for graph in sorted(got.keys() & want.keys()):
        if got[graph] != want[graph]:
            lost, extra = sorted(set(want[graph]) - set(got[graph])), sorted(set(got[graph]) - set(want[graph]))
            problems.append(f"graph {graph}: {len(got[graph])} statements, {len(want[graph])} wanted; "
                            f"lost {lost[:2]}, extra {extra[:2]}")
    return problems


def assert_same(got: Graphs, want: Graphs, partial: bool = False) -> None:
    problems = differences(got, want, partial)
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems[:12])


def indexed(store_dir: Path) -> dict[str, str]:
    """graph -> content hash, as the search index beside the store lists them."""
    uri = f"file:{quote(str(store_dir / 'search.sqlite'))}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
        return dict(connection.execute("SELECT graph, hash FROM cable").fetchall())


def assert_complete(store_dir: Path, reference: State, dump_dir: Path | None = None) -> None:
    """The store (its dump, with ``dump_dir``) equals the uninterrupted run's; its search index is in step."""
    state = read_state(store_dir, dump_dir)
    assert_same(state.graphs, reference.graphs)
    assert state.hashes == reference.hashes
    assert indexed(store_dir) == state.hashes


# ---- the uninterrupted run ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    state: State
    seconds: float  # wall time of the uninterrupted run
    written: int  # bytes it wrote (/proc wchar), 0 where /proc has no io file


def reference_run(inputs: Inputs, directory: Path) -> Reference:
    """One uninterrupted run over both inputs, into ``directory``, and the store it leaves."""
    started = time.monotonic()
    process = start_ingest(directory / "store", inputs.both)
    most = 0
    while process.poll() is None:
        most = max(most, written(process.pid))
        time.sleep(0.004)
    seconds = time.monotonic() - started
    assert process.returncode == 0
    state = read_state(directory / "store", directory / "dump")
    assert len(state.cables()) == sum(PARTS) and VOCABULARY in state.graphs
    assert indexed(directory / "store") == state.hashes
    return Reference(state, seconds, most)
