"""Ingest faults (issue 6): SIGKILL at random points, then the same command again (no mocks), into an
existing store (the transactional path) and while a new store is built (issue 16). The uninterrupted
reference run is a build: so each transactional rerun is also compared with a built store. How the
stores are compared: ingest_runs.py."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_runs import (
    CONTENT_HASH,
    VOCABULARY,
    Inputs,
    Reference,
    assert_complete,
    assert_same,
    kill_when,
    live_store,
    make_inputs,
    read_state,
    reference_run,
    run_ingest,
    start_ingest,
    written,
)

from cablerdf.store import CableStore
from cablerdf.store.location import BUILDING, UnfinishedBuild


@pytest.fixture(scope="module")
def inputs(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    return make_inputs(corpus, tmp_path_factory.mktemp("inputs"))


@pytest.fixture(scope="module")
def reference(inputs: Inputs, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    return reference_run(inputs, tmp_path_factory.mktemp("reference"))


# ---- SIGKILL ------------------------------------------------------------------------------------------


def killed_and_rerun(tmp_path: Path, inputs: Inputs, reference: Reference,
                     when: Callable[[subprocess.Popen[bytes]], Callable[[], bool]], through_dump: bool = False
                     ) -> None:
    """Kill an ingest when ``when(process)()`` holds; the store must then open and hold whole cables only,
    and the same command run again must give the uninterrupted run's store (compared ``through_dump``:
    the dump files themselves, else the same graphs read straight from the store, which is quicker)."""
    store = tmp_path / "store"
    live_store(store)
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


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_during_a_build_then_rerun(tmp_path: Path, inputs: Inputs, reference: Reference, seed: int) -> None:
    """Killed at a random moment (seeded) of a build: the new store is not there, or whole; what was being
    built is refused by every opener and by ``serve``; the same command then gives the uninterrupted store."""
    store, building = tmp_path / "store", tmp_path / ".store.building"
    deadline = time.monotonic() + random.Random(seed).uniform(0.05, 1.0) * reference.seconds
    process = start_ingest(store, inputs.both)
    if kill_when(process, lambda: time.monotonic() >= deadline) and not store.exists():
        if (building / BUILDING).exists():
            with pytest.raises(UnfinishedBuild, match="unfinished build"):
                CableStore(building, read_only=True)
            served = subprocess.run([sys.executable, "-m", "cablerdf.cli", "serve", "--store", str(building),
                                     "--port", "9"], capture_output=True, text=True, timeout=60)
            assert served.returncode != 0 and "unfinished build" in served.stderr, served.stderr
    else:
        assert_complete(store, reference.state)  # it ended (renamed into place) before the kill
    rerun = run_ingest(store, inputs.both)
    assert rerun.returncode == 0, rerun.stderr
    assert_complete(store, reference.state)
    assert not building.exists()
