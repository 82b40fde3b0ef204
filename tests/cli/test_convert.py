"""``cablerdf convert``: every output format round-trips to the mapping's quads, streaming, errors reported."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from cablerdf import rdfio
from cablerdf.cli import main, sample_path
from cablerdf.iris import DEFAULT_BASE, PREFIXES, Minter
from cablerdf.mapping import Provenance, cable_quads
from cablerdf.parse import Cable
from cablerdf.sources import file_sha256, read_inputs

ROOT = Path(__file__).resolve().parents[2]
EPOCH = "1795824000"  # SOURCE_DATE_EPOCH of the runs below: 2026-11-28T00:00:00Z
CONVERTED_AT = "2026-11-28T00:00:00Z"
FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".nt": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE,
           ".trig": ox.RdfFormat.TRIG, ".jsonld": None}
OTHER_BASE = "https://cables.example.org/data/"
# rdflib's own JSON-LD parser and Dataset.parse use APIs rdflib itself deprecates
pytestmark = [pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
              pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")]


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("CABLERDF_BASE", raising=False)


def seed_quads(base: str = DEFAULT_BASE) -> set[ox.Quad]:
    (cable,) = read_inputs([sample_path()])
    assert isinstance(cable, Cable)
    return set(cable_quads(cable, Minter(base), Provenance(file_sha256(sample_path()), CONVERTED_AT)))


def rdflib_term(term: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, rdflib.Literal)
    datatype = None if term.language else ox.NamedNode(str(term.datatype or rdflib.XSD.string))
    return ox.Literal(str(term), datatype=datatype, language=term.language)


def rdflib_subject(term: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode:
    converted = rdflib_term(term)
    assert not isinstance(converted, ox.Literal), term  # RDF has no literal subjects
    return converted


def rdflib_iri(term: rdflib.term.Node) -> ox.NamedNode:
    converted = rdflib_term(term)
    assert isinstance(converted, ox.NamedNode), term  # predicates are IRIs
    return converted


def jsonld_triples(path: Path, monkeypatch: pytest.MonkeyPatch) -> set[ox.Triple]:
    """The triples of a JSON-LD output, read by rdflib offline: the published context is the local file."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        document = json.load(f)
    assert document["@context"] == rdfio.CONTEXT_IRI
    document["@context"] = dict(rdfio.context())
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)  # compare lexical forms exactly
    dataset = rdflib.Dataset().parse(data=json.dumps(document), format="json-ld")
    assert {g for _, _, _, g in dataset.quads()} == {rdflib.graph.DATASET_DEFAULT_GRAPH_ID}
    return {ox.Triple(rdflib_subject(s), rdflib_iri(p), rdflib_term(o))
            for s, p, o, _ in dataset.quads()}


def read_back(path: Path, monkeypatch: pytest.MonkeyPatch) -> set[ox.Quad] | set[ox.Triple]:
    extension = path.suffix if path.suffix != ".gz" else Path(path.stem).suffix
    fmt = FORMATS[extension]
    if fmt is None:
        return jsonld_triples(path, monkeypatch)
    data = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    quads = set(ox.parse(data, format=fmt))
    if fmt.supports_datasets:
        return quads
    assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in quads)
    return triples(quads)


def convert(*args: str) -> int:
    return main(["convert", "--quiet", *args])


def triples(quads: Iterable[ox.Quad]) -> set[ox.Triple]:
    return {q.triple for q in quads}


def test_the_mapping_has_no_blank_nodes() -> None:
    assert not [q for q in seed_quads() if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)]


@pytest.mark.parametrize("name", [f"seed{ext}{gz}" for ext in FORMATS for gz in ("", ".gz")])
def test_every_format_round_trips(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / name
    assert convert("--output", str(out), sample_path()) == 0
    assert not [p for p in tmp_path.iterdir() if p != out], "the temporary file is left behind"
    if name.endswith(".gz"):
        assert out.read_bytes()[:2] == b"\x1f\x8b"
    expected = seed_quads()
    got = read_back(out, monkeypatch)
    if name.startswith(("seed.nq", "seed.trig")):
        assert got == expected
    else:
        assert got == triples(expected)


def test_turtle_and_trig_declare_prefixes_once(tmp_path: Path) -> None:
    for ext in (".ttl", ".trig"):
        out = tmp_path / f"two{ext}"
        assert convert("--output", str(out), sample_path(), sample_path()) == 0
        lines = out.read_text(encoding="utf-8").splitlines()
        prefix_lines = [line for line in lines if line.startswith("@prefix")]
        assert prefix_lines == [f"@prefix {p}: <{iri}> ." for p, iri in PREFIXES.items()]
        assert lines[: len(PREFIXES)] == prefix_lines
        assert "cg:Cable" in out.read_text(encoding="utf-8")


def test_jsonld_is_compacted_with_the_published_context(tmp_path: Path) -> None:
    out = tmp_path / "seed.jsonld"
    assert convert("--output", str(out), sample_path()) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert set(document) == {"@context", "@graph"}
    cable = next(n for n in document["@graph"] if n["@id"] == Minter().cable("09MEXICO2882"))
    assert cable["@type"] == ["Cable", "Message"]
    assert cable["identifier"] == "09MEXICO2882"
    assert cable["created"] == "2009-10-05T20:26:00Z"  # coerced to xsd:dateTime by the context
    assert cable["isPartial"] == "false"
    assert cable["classification"] == Minter().classification("C")
    assert len(cable["hasPart"]) > 10
    assert not any(key.startswith("http") for node in document["@graph"] for key in node), "uncompacted key"
    ids = [node["@id"] for node in document["@graph"]]
    assert len(ids) == len(set(ids)), "one node object per subject"


def test_inline_context_round_trips_as_is(tmp_path: Path) -> None:
    out = tmp_path / "seed.jsonld"
    assert convert("--inline-context", "--output", str(out), sample_path()) == 0
    graph = rdflib.Graph().parse(out, format="json-ld")  # nothing to fetch
    assert len(graph) == len(triples(seed_quads()))


def test_the_context_is_published_identically_and_declares_only_known_terms() -> None:
    published = ROOT / "ontology" / "context.jsonld"
    assert rdfio.context() == json.loads(published.read_text(encoding="utf-8"))["@context"]
    ontology = ox.Store()
    ontology.bulk_load(path=ROOT / "ontology" / "cablerdf.ttl", format=ox.RdfFormat.TURTLE)
    declared = {q.subject.value for q in ontology}
    ctx = rdfio.context()
    for name, value in ctx.items():
        iri = value if isinstance(value, str) else value["@id"]
        if iri.startswith("cg:"):
            assert PREFIXES["cg"] + iri[3:] in declared, f"{name}: {iri} is not in the ontology"
    for prefix, namespace in PREFIXES.items():
        assert ctx[prefix] == namespace


def test_base_changes_every_data_iri(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    default, other = tmp_path / "default.nq", tmp_path / "other.nq"
    assert convert("--output", str(default), sample_path()) == 0
    assert convert("--base", OTHER_BASE, "--output", str(other), sample_path()) == 0
    assert DEFAULT_BASE.encode() not in other.read_bytes()
    assert other.read_text(encoding="utf-8") == default.read_text(encoding="utf-8").replace(DEFAULT_BASE, OTHER_BASE)
    assert read_back(other, monkeypatch) == seed_quads(OTHER_BASE)
    monkeypatch.setenv("CABLERDF_BASE", OTHER_BASE)
    from_env = tmp_path / "env.nq"
    assert convert("--output", str(from_env), sample_path()) == 0
    assert from_env.read_bytes() == other.read_bytes()


def test_a_bad_row_is_reported_and_the_rest_written(tmp_path: Path, bad_csv: Path) -> None:
    path = bad_csv
    out = tmp_path / "out.nq"
    result = subprocess.run([sys.executable, "-m", "cablerdf", "convert", "--quiet", "-o", str(out), str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert f"{path}, row 2, line 4: expected 8 columns, found 3" in result.stderr
    assert "2 cables written" in result.stderr and "1 failed" in result.stderr
    graphs = {q.graph_name.value for q in ox.parse(path=out, format=ox.RdfFormat.N_QUADS)}
    assert graphs == {Minter().graph("09MEXICO2882"), Minter().graph("09MEXICO2883")}


def test_unknown_extension_and_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert convert("--output", str(tmp_path / "x.rdf"), sample_path()) == 2
    assert "cannot tell the RDF format" in capsys.readouterr().err
    assert convert("--output", str(tmp_path / "missing" / "x.nq"), sample_path()) == 1
    assert "cannot write" in capsys.readouterr().err


def test_a_failed_run_leaves_no_file(tmp_path: Path) -> None:
    def cables() -> Iterable[list[ox.Quad]]:
        yield list(seed_quads())
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rdfio.write_file(tmp_path / "x.nq.gz", cables())
    assert list(tmp_path.iterdir()) == []


def test_corpus_sample_jsonld_round_trips(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real cables of both main forms: every literal and IRI survives the compaction."""
    minter, provenance = Minter(), Provenance("0" * 64, CONVERTED_AT)
    cables = [c for name in ("cables.csv.xz", "cablegate-html.tar.xz")
              for c in itertools.islice(read_inputs([str(corpus / name)]), 150) if isinstance(c, Cable)]
    quads = [cable_quads(cable, minter, provenance) for cable in cables]
    out = tmp_path / "sample.jsonld"
    assert rdfio.write_file(out, quads) == len(cables) == 300
    assert jsonld_triples(out, monkeypatch) == {q.triple for cable in quads for q in cable}


# The peak RSS of this process's own memory (VmHWM): ru_maxrss would also count the parent's RSS
# carried over the fork and exec that started it (the pytest process, hundreds of MB late in a run).
MEMORY_PROBE = """
import sys
from cablerdf.cli import main
code = main(["convert", "--quiet", "--output", sys.argv[1], sys.argv[2]])
status = open("/proc/self/status").read().split("VmHWM:")[1]
print(int(status.split()[0]) // 1024, file=sys.stderr)
sys.exit(code)
"""


def test_the_whole_csv_streams_with_bounded_memory(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "cables.nq.gz"
    result = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(out), str(corpus / "cables.csv.xz")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    peak_mb = int(result.stderr.split()[-1])
    # the dataset is ~5 million quads (well over a gigabyte as Python objects); streaming stays near
    # the interpreter's own footprint
    assert peak_mb < 300, f"peak RSS {peak_mb} MB"
    graphs = set()
    count = 0
    with gzip.open(out, "rb") as f, io.BufferedReader(f) as lines:
        for quad in ox.parse(lines, format=ox.RdfFormat.N_QUADS):
            graphs.add(quad.graph_name)
            count += 1
    assert len(graphs) == 10_521
    assert count > 1_000_000
