"""The store on disk (no mocks): ingest, idempotent re-ingest, new versions, kill -9, rejects, dumps."""

from __future__ import annotations

import gzip
import os
import random
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from cablerdf.cli import sample_path
from cablerdf.ingest import ingest
from cablerdf.store import CableStore
from cablerdf.store.dump import dump

SMALL = ("final-site-html", "pdf-text", "jsonl")
VOLATILE = ("generatedAtTime", "startedAtTime", "endedAtTime", "invalidatedAtTime", "/run/")


def inputs(corpus: Path) -> list[str]:
    return [sample_path(), *(str(corpus / name) for name in SMALL)]


def stable_lines(path: Path) -> list[str]:
    """A dump's statements without the times of runs (which differ between any two runs)."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return sorted(line for line in f if not any(v in line for v in VOLATILE))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    path = tmp_path_factory.mktemp("store")
    report = ingest(inputs(corpus), CableStore(path), jobs=2, quiet=True)
    assert report.rejected == {} and report.parse_errors == []
    assert (report.loaded, report.skipped) == (1 + 10 + 12 + 200, 2)  # 2 JSON cables repeat final-site ones
    return path


def test_ingest_and_idempotent_reingest(loaded: Path, corpus: Path) -> None:
    store = CableStore(loaded)
    first = {f.name: f for f in dump(store)}
    before = len(store.store)
    report = ingest(inputs(corpus), store, jobs=2, quiet=True)
    assert (report.loaded, report.skipped) == (0, 225)
    assert len(store.store) == before + 7  # the second run's record in the metadata graph
    second = {f.name: f for f in dump(store)}
    assert second["cablerdf-cables.ttl.gz"].sha256 == first["cablerdf-cables.ttl.gz"].sha256
    assert second["cablerdf.nq.gz"].sha256 == first["cablerdf.nq.gz"].sha256


def test_dumps_load_back_to_the_same_counts(loaded: Path) -> None:
    store = CableStore(loaded)
    files = {f.name: f for f in dump(store)}
    directory = loaded / "dumps"
    fresh = pyoxigraph.Store()
    with gzip.open(directory / "cablerdf.nq.gz", "rb") as f:
        fresh.load(f.read(), format=pyoxigraph.RdfFormat.N_QUADS)
    assert len(fresh) == files["cablerdf.nq.gz"].triples
    graph = rdflib.Graph()
    with gzip.open(directory / "cablerdf-cables.ttl.gz", "rb") as f:
        graph.parse(data=f.read(), format="turtle")
    assert len(graph) == files["cablerdf-cables.ttl.gz"].triples
    sums = (directory / "SHA256SUMS").read_text().split("\n")
    assert f"{files['cablerdf.nq.gz'].sha256}  cablerdf.nq.gz" in sums
    void = rdflib.Graph().parse(directory / "void.ttl")
    assert len(list(void.objects(None, rdflib.URIRef("http://rdfs.org/ns/void#dataDump")))) == 3
    assert not list(directory.glob(".*.tmp"))


def test_changed_text_replaces_the_graph_as_a_new_version(tmp_path: Path, corpus: Path) -> None:
    earlier = corpus / "earlier-versions" / "518c80ff" / "cable" / "2008" / "09" / "08TRIPOLI688.html"
    later = tmp_path / "later"
    with tarfile.open(corpus / "cablegate-html.tar.xz", "r|xz") as archive:
        for member in archive:
            if member.name.endswith("/08TRIPOLI688.html"):
                later.mkdir()
                page = archive.extractfile(member)
                assert page is not None  # narrows the type: a file member has its contents
                (later / "08TRIPOLI688.html").write_bytes(page.read())
                break
    store = CableStore(tmp_path / "store")
    assert ingest([str(earlier)], store, jobs=1, quiet=True).loaded == 1
    old_hash = store.stored_hash("08TRIPOLI688")
    report = ingest([str(later)], store, jobs=1, quiet=True)
    assert (report.loaded, report.replaced) == (1, 1)
    assert store.stored_hash("08TRIPOLI688") != old_hash
    graph = pyoxigraph.NamedNode(store.minter.graph("08TRIPOLI688"))
    revision = pyoxigraph.NamedNode("http://www.w3.org/ns/prov#wasRevisionOf")
    (quad,) = list(store.store.quads_for_pattern(graph, revision, None, graph))
    assert isinstance(quad.object, pyoxigraph.NamedNode)  # narrows the type: the earlier version's IRI
    assert quad.object.value.endswith(f"/version/{old_hash}")
    assert len(list(store.cable_graphs())) == 1


def test_violations_are_reported_not_loaded(tmp_path: Path) -> None:
    text = Path(sample_path()).read_text(encoding="utf-8")
    broken = text.replace("| 2009-10-05 20:26 |", "| - |").replace("O 052026Z OCT 09", "O")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "09MEXICO2882.txt").write_text(broken, encoding="utf-8")
    store = CableStore(tmp_path / "store")
    report = ingest([str(tmp_path / "in")], store, jobs=1, quiet=True)
    assert list(report.rejected) == ["09MEXICO2882"]
    assert any("created" in message for message in report.rejected["09MEXICO2882"])
    assert store.stored_hash("09MEXICO2882") is None
    (log,) = list((tmp_path / "store" / "reports").glob("ingest-*.json"))
    assert "09MEXICO2882" in log.read_text(encoding="utf-8")


def run_ingest(store: Path, paths: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "cablerdf", "ingest", "--quiet", "--jobs", "2", "--store",
                             str(store), *paths], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


@pytest.mark.parametrize("seed", [1, 2])
def test_sigkill_midway_then_rerun_gives_the_uninterrupted_store(tmp_path: Path, corpus: Path, seed: int) -> None:
    paths = [*inputs(corpus), str(corpus / "earlier-versions" / "909afef2")]
    reference = tmp_path / "reference"
    assert run_ingest(reference, paths).wait(timeout=600) == 0
    killed = tmp_path / "killed"
    process = run_ingest(killed, paths)
    time.sleep(random.Random(seed).uniform(1.5, 4.0))
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert run_ingest(killed, paths).wait(timeout=600) == 0
    for path in (reference, killed):
        dump(CableStore(path))
    assert stable_lines(killed / "dumps" / "cablerdf.nq.gz") == stable_lines(reference / "dumps" / "cablerdf.nq.gz")
