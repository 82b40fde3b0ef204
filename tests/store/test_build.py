"""Build mode (issue 16): a new store built in bulk beside its directory and renamed into place holds
the same quads as the transactional path gives from the same input, and the two dumps are the same
lines once sorted (but for the metadata graph, which names each run, and the time each cable was
converted, which is its run's)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from ingest_runs import GENERATED, METADATA, Inputs, assert_same, live_store, make_inputs, read_state

from cablerdf.ingest import build, builds, ingest
from cablerdf.store import CableStore
from cablerdf.store.dump import dump
from cablerdf.store.location import BUILDING

TIME = re.compile(GENERATED.encode() + rb' "[^"]*"')


@pytest.fixture(scope="module")
def inputs(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    return make_inputs(corpus, tmp_path_factory.mktemp("inputs"))


@pytest.fixture(scope="module")
def stores(inputs: Inputs, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(built, transactional) stores of the same input, each dumped."""
    folder = tmp_path_factory.mktemp("build")
    built, live = folder / "built", folder / "live"
    assert builds(str(built))
    report = build([str(p) for p in inputs.both], built, jobs=2, quiet=True)
    assert report.loaded == 200 and not report.rejected
    live_store(live)
    assert not builds(str(live))
    store = CableStore(live)
    assert ingest([str(p) for p in inputs.both], store, jobs=2, quiet=True).loaded == 200
    del store
    for path in (built, live):
        opened = CableStore(path)
        dump(opened)
        del opened
    return built, live


def test_a_build_appears_whole_with_nothing_beside_it(stores: tuple[Path, Path]) -> None:
    built, _ = stores
    assert not (built / BUILDING).exists() and not built.with_name(".built.building").exists()
    assert (built / "search.sqlite").is_file() and any((built / "reports").iterdir())


def test_built_and_transactional_stores_hold_the_same_quads(stores: tuple[Path, Path]) -> None:
    built, live = (read_state(path) for path in stores)
    assert_same(built.graphs, live.graphs)  # the runs' times (prov:generatedAtTime) masked
    assert built.hashes == live.hashes and len(built.cables()) == 200


def test_their_dumps_are_the_same_lines_once_sorted(stores: tuple[Path, Path]) -> None:
    def lines(store: Path) -> list[bytes]:
        with gzip.open(store / "dumps" / "cablerdf.nq.gz") as stream:
            return sorted(re.sub(TIME, b"", line) for line in stream
                          if not line.rstrip().endswith(f"<{METADATA}> .".encode()))

    built, live = (lines(path) for path in stores)
    assert built == live and len(built) > 200 * 100
