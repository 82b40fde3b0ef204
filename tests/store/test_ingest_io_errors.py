"""Ingest faults (issue 6): a full disk, unreadable inputs (no mocks). How the stores are compared:
ingest_runs.py."""

from __future__ import annotations

import contextlib
import ctypes
import lzma
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from ingest_runs import (
    ENV,
    MINTER,
    PARTS,
    TIMEOUT,
    VOCABULARY,
    Inputs,
    Reference,
    State,
    assert_complete,
    assert_same,
    command,
    indexed,
    make_inputs,
    read_state,
    reference_run,
    run_ingest,
)

from cablerdf.commands.parse import sample_path


@pytest.fixture(scope="module")
def inputs(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    return make_inputs(corpus, tmp_path_factory.mktemp("inputs"))


@pytest.fixture(scope="module")
def reference(inputs: Inputs, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    return reference_run(inputs, tmp_path_factory.mktemp("reference"))


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
