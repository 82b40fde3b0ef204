"""Ingest faults (issue 6): SIGKILL at random points, a full disk, unreadable inputs (no mocks).

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
import ctypes
import gzip
import lzma
import math
import os
import random
import resource
import shutil
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
import pytest

import cablerdf
from cablerdf.commands.parse import sample_path
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


@pytest.fixture(scope="module")
def inputs(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    directory = tmp_path_factory.mktemp("inputs")
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


@pytest.fixture(scope="module")
def reference(inputs: Inputs, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    directory = tmp_path_factory.mktemp("reference")
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


# ---- SIGKILL ------------------------------------------------------------------------------------------


def killed_and_rerun(tmp_path: Path, inputs: Inputs, reference: Reference,
                     when: Callable[[subprocess.Popen[bytes]], Callable[[], bool]], through_dump: bool = False
                     ) -> None:
    """Kill an ingest when ``when(process)()`` holds; the store must then open and hold whole cables only,
    and the same command run again must give the uninterrupted run's store (compared ``through_dump``:
    the dump files themselves, else the same graphs read straight from the store, which is quicker)."""
    store = tmp_path / "store"
    process = start_ingest(store, inputs.both)
    if not kill_when(process, when(process)):
        assert process.returncode == 0  # it finished first: the rerun below has nothing to do
    partial = read_state(store)  # opens; whatever cables it holds are whole
    assert_same(partial.cables(), reference.state.cables(), partial=True)
    if VOCABULARY in partial.graphs:  # one transaction, then its marker
        whole = reference.state.graphs[VOCABULARY]
        unmarked = [line for line in whole if not line.startswith(f"<{VOCABULARY}> {CONTENT_HASH} ")]
        assert partial.graphs[VOCABULARY] in (whole, unmarked)
    assert partial.hashes.keys() <= reference.state.hashes.keys()
    rerun = run_ingest(store, inputs.both)
    assert rerun.returncode == 0, rerun.stderr
    assert_complete(store, reference.state, tmp_path / "dump" if through_dump else None)


@pytest.mark.parametrize("third", [0, 1, 2])
def test_sigkill_at_a_random_moment_then_rerun(tmp_path: Path, inputs: Inputs, reference: Reference,
                                               third: int) -> None:
    """Killed at a random moment (seeded) of the first, second or last third of 1.1 times the time an
    uninterrupted run takes: from start-up to after the end (then the rerun has nothing to do)."""
    delay = (third + random.Random(third).random()) / 3 * 1.1 * reference.seconds

    def when(process: subprocess.Popen[bytes]) -> Callable[[], bool]:
        deadline = time.monotonic() + delay
        return lambda: time.monotonic() >= deadline

    killed_and_rerun(tmp_path, inputs, reference, when, through_dump=True)


@pytest.mark.parametrize(("seed", "share"), [(6, (0.01, 0.11)), (5, (0.2, 0.55))], ids=["vocabulary", "cables"])
def test_sigkill_while_writing_then_rerun(tmp_path: Path, inputs: Inputs, reference: Reference, seed: int,
                                          share: tuple[float, float]) -> None:
    """Killed once the process has written a random share (seeded) of what a whole run writes: 1 to 11 %
    is while the vocabulary is being loaded (or just after, before its marker), 20 to 55 % while the
    cables' transactions, flushes and compactions go on."""
    if not reference.written:
        pytest.skip("no /proc/PID/io here to follow what the process writes")
    target = random.Random(seed).uniform(*share) * reference.written

    def when(process: subprocess.Popen[bytes]) -> Callable[[], bool]:
        return lambda: written(process.pid) >= target

    killed_and_rerun(tmp_path, inputs, reference, when)


def test_sigkill_while_building_the_search_index_then_rerun(tmp_path: Path, inputs: Inputs,
                                                           reference: Reference) -> None:
    def when(process: subprocess.Popen[bytes]) -> Callable[[], bool]:
        return lambda: (tmp_path / "store" / ".search.sqlite.tmp").exists()

    killed_and_rerun(tmp_path, inputs, reference, when)


# ---- a full disk --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FirstBatch:
    store: Path
    state: State


@pytest.fixture(scope="module")
def first_batch(inputs: Inputs, tmp_path_factory: pytest.TempPathFactory) -> FirstBatch:
    """A store holding part1's cables, reopened once so that RocksDB has dropped its spent log: the free
    space a test leaves is then free space, not a log the next open deletes."""
    directory = tmp_path_factory.mktemp("first-batch")
    store = directory / "store"
    result = run_ingest(store, [inputs.first])
    assert result.returncode == 0, result.stderr
    settle = subprocess.run([sys.executable, "-c", "import sys; from cablerdf.store import CableStore; "
                             "CableStore(sys.argv[1]).flush()", str(store)], env=ENV, timeout=TIMEOUT)
    assert settle.returncode == 0
    state = read_state(store)
    assert len(state.cables()) == PARTS[0]
    return FirstBatch(store, state)


def disk_usage(directory: Path) -> int:
    """Bytes a tmpfs needs for the files under ``directory`` (whole pages)."""
    return sum(math.ceil(path.stat().st_size / 4096) * 4096 for path in directory.rglob("*") if path.is_file())


TMPFS_RUN = r"""
set -u
size=$1 disk=$2 seed=$3 out=$4
shift 4
mount -t tmpfs -o "size=$size" cablerdf-test "$disk" || exit 90
cp -a "$seed/." "$disk/" || exit 91
"$@" 2>"$out/stderr"
echo $? >"$out/rc"
"$PYTHON" -c 'import sys; from cablerdf.store import CableStore
print(sum(1 for _ in CableStore(sys.argv[1], read_only=True).cable_graphs()))' "$disk" >"$out/read-only" 2>&1
cp -a "$disk/." "$out/store/"
"""


def tmpfs_usable(scratch: Path) -> str | None:
    """None when this process may mount a tmpfs in a mount namespace of its own, else why not."""
    if shutil.which("unshare") is None:
        return "no unshare(1)"
    scratch.mkdir(parents=True, exist_ok=True)
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "mount", "-t", "tmpfs", "-o", "size=64k",
                            "cablerdf-test", str(scratch)], capture_output=True, text=True, timeout=60)
    return None if probe.returncode == 0 else f"unshare -m + mount -t tmpfs failed: {probe.stderr.strip()}"


@dataclass(frozen=True)
class Stopped:
    result: subprocess.CompletedProcess[str]
    store: Path  # the store as the failed run left it
    named: str  # the store path the run was given
    opened_on_full_disk: int | None  # cable graphs a read-only open saw while the disk was still full


def ingest_on_tmpfs(first: Path, out: Path, free: int, paths: list[Path]) -> Stopped:
    """Ingest into a copy of ``first`` on a tmpfs with ``free`` bytes left (a mount namespace of its own,
    gone with the run); what it leaves is then copied out, as if the disk had been freed."""
    disk = out / "disk"
    disk.mkdir(parents=True)
    (out / "store").mkdir()
    size = disk_usage(first) + free
    run = ["unshare", "-m", "--propagation", "private", "sh", "-c", TMPFS_RUN, "sh", str(size), str(disk),
           str(first), str(out), *command(disk, paths)]
    shell = subprocess.run(run, capture_output=True, text=True, env={**ENV, "PYTHON": sys.executable},
                           timeout=TIMEOUT)
    assert shell.returncode == 0 and (out / "rc").exists(), shell.stderr
    result = subprocess.CompletedProcess(run, int((out / "rc").read_text()), "", (out / "stderr").read_text())
    seen = (out / "read-only").read_text().strip()
    assert seen.isdigit(), f"the store did not open read-only on the full disk: {seen}"
    return Stopped(result, out / "store", str(disk), int(seen))


def ingest_with_file_size_limit(first: Path, out: Path, limit: int, paths: list[Path]) -> Stopped:
    """Ingest into a copy of ``first`` where no file may grow past ``limit`` bytes (writes fail with EFBIG)."""
    store = out / "store"
    shutil.copytree(first, store)

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return Stopped(run_ingest(store, paths, preexec=limited), store, str(store), None)


@pytest.mark.parametrize(("how", "room"), [("tmpfs", 64 << 10), ("tmpfs", 4 << 20), ("file-size", 4 << 20)],
                         ids=["tmpfs-no-room-to-open", "tmpfs-full-while-loading", "file-size-limit"])
def test_full_disk_stops_with_a_clear_error_and_the_store_intact(
        tmp_path: Path, inputs: Inputs, reference: Reference, first_batch: FirstBatch, how: str, room: int) -> None:
    """The second batch meets a full disk: the run stops with one paragraph on stderr, the store holds its
    first batch unchanged and whole cables only; with room again, the same command completes it."""
    if how == "tmpfs":
        reason = tmpfs_usable(tmp_path / "probe")
        if reason:
            pytest.skip(f"cannot simulate a full disk with a tmpfs here: {reason}")
        stopped = ingest_on_tmpfs(first_batch.store, tmp_path / "run", room, inputs.both)
        cause = "No space left on device"
    else:
        if tmpfs_usable(tmp_path / "probe") is None:
            pytest.skip("the fallback for where no tmpfs can be mounted; the tmpfs cases run here")
        stopped = ingest_with_file_size_limit(first_batch.store, tmp_path / "run", room, inputs.both)
        cause = "File too large"
    err = stopped.result.stderr
    assert stopped.result.returncode == 1, err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith("error: ingest stopped: ") and cause in err and stopped.named in err, err
    assert "run the same command again" in err
    state = read_state(stopped.store)
    assert state.graphs.keys() >= first_batch.state.graphs.keys()
    assert {g: state.graphs[g] for g in first_batch.state.graphs} == first_batch.state.graphs  # not even re-timed
    assert_same(state.cables(), reference.state.cables(), partial=True)
    if stopped.opened_on_full_disk is not None:
        assert stopped.opened_on_full_disk == len(state.cables())
    rerun = run_ingest(stopped.store, inputs.both)
    assert rerun.returncode == 0, rerun.stderr
    assert_complete(stopped.store, reference.state)


# ---- unreadable inputs --------------------------------------------------------------------------------


def broken_inputs(inputs: Inputs, directory: Path) -> dict[str, Path]:
    """Copies of part2 that cannot be read whole, and a path that does not exist."""
    directory.mkdir()
    xz = lzma.compress(inputs.second_text)
    flipped = bytearray(inputs.second.read_bytes())
    flipped[len(flipped) // 3] ^= 0xFF  # gzip checks its CRC at the very end: garbled rows come first
    files = {"truncated": directory / "truncated.csv.xz", "corrupt": directory / "corrupt.csv.gz",
             "not gzip": directory / "plain.csv.gz", "missing": directory / "missing.csv"}
    files["truncated"].write_bytes(xz[: len(xz) * 3 // 5])
    files["corrupt"].write_bytes(bytes(flipped))
    files["not gzip"].write_bytes(inputs.second_text[:50_000])
    return files


def test_unreadable_inputs_are_named_and_the_good_file_is_loaded(tmp_path: Path, inputs: Inputs,
                                                                 reference: Reference, first_batch: FirstBatch
                                                                 ) -> None:
    """A truncated .xz, a .gz with a flipped byte, a .gz that is no gzip and a missing file, beside a good
    file: each is named on stderr, none of their cables is loaded (not even the rows before the damage,
    which a corrupt gzip yields garbled before its CRC fails), all of the good file's are, exit 1."""
    broken = broken_inputs(inputs, tmp_path / "broken")
    store = tmp_path / "store"
    result = run_ingest(store, [inputs.first, *broken.values()])
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for what, path in broken.items():
        assert f"error: {path}: " in result.stderr, f"{what} not named:\n{result.stderr}"
    assert "cannot read: No such file or directory" in result.stderr
    state = read_state(store)
    assert_same(state.cables(), first_batch.state.cables())  # part1's cables, whole, and only those
    assert state.graphs[VOCABULARY] == reference.state.graphs[VOCABULARY]
    assert indexed(store) == state.hashes


PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def without_file_permission_override() -> None:
    """In the child: drop root's power to read any file (from the bounding set, so exec keeps it dropped)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@contextlib.contextmanager
def unreadable(path: Path) -> Iterator[Callable[[], None] | None]:
    """``path`` made mode 000; yields what a child needs to be refused it (None for a non-root user)."""
    path.chmod(0)
    try:
        preexec = without_file_permission_override if os.geteuid() == 0 else None
        try:
            probe = subprocess.run([sys.executable, "-c", "import sys; open(sys.argv[1], 'rb')", str(path)],
                                   preexec_fn=preexec, capture_output=True, text=True, timeout=60)
        except subprocess.SubprocessError as error:  # prctl refused: no CAP_SETPCAP
            pytest.skip(f"running as root, and CAP_DAC_OVERRIDE cannot be dropped ({error}): chmod 000 stops nothing")
        if "PermissionError" not in probe.stderr:
            pytest.skip("chmod 000 does not stop reads here (root, with CAP_DAC_OVERRIDE)")
        yield preexec
    finally:
        path.chmod(0o644)


def test_a_file_without_read_permission_is_named_and_the_rest_is_loaded(tmp_path: Path, inputs: Inputs,
                                                                         reference: Reference) -> None:
    """chmod 000 (as root, the child runs without CAP_DAC_OVERRIDE so that the mode counts), beside the
    bundled sample cable: the file is named, the sample loaded, the store opens, exit 1."""
    locked = tmp_path / "locked.csv"
    shutil.copyfile(inputs.first, locked)
    with unreadable(locked) as preexec:
        result = run_ingest(tmp_path / "store", [locked, Path(sample_path())], preexec=preexec)
    assert result.returncode == 1, result.stderr
    assert f"error: {locked}: cannot read: Permission denied" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    state = read_state(tmp_path / "store")
    assert list(state.hashes) == [MINTER.graph("09MEXICO2882")]
    assert state.graphs[VOCABULARY] == reference.state.graphs[VOCABULARY]
    assert indexed(tmp_path / "store") == state.hashes
