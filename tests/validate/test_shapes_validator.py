"""The SHACL validator and the command: the seed as mapped conforms, whatever the base; shared nodes,
batches and worker processes; the report as a SHACL validation report; ``cablerdf validate``."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from seed_graph import BASE, CABLE, GRAPH, P1, Quads, change, drop, enriched_cable, lit, quads_of, seed_cable
from shape_cases import CGSH, SH

from cablerdf import cli
from cablerdf.cli import sample_path
from cablerdf.terms import CG, DCT, SCHEMA, XSD
from cablerdf.validate import Report, Result, unique_batches, validate_paths, validate_quads

RDFS_SEE_ALSO = URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso")


def test_the_seed_as_mapped_has_no_violations_or_warnings(seed: Quads, enriched: Quads) -> None:
    plain, more = validate_quads(seed), validate_quads(enriched)
    assert plain.conforms and plain.count("Warning") == 0
    assert plain.by_shape()["Info"] == {"cgsh:Cable-defects": 1, "cgsh:Paragraph-number-repaired": 4}
    assert more.conforms and more.count("Warning") == 0
    assert set(more.by_shape()["Info"]) == {"cgsh:Cable-defects", "cgsh:Paragraph-number-repaired",
                                             "cgsh:Tag-unrecognized", "cgsh:Cable-identifier-repaired"}
    assert {r.graph for r in more.results} == {GRAPH.value} and plain.cables == more.cables == 1


def test_the_shapes_do_not_depend_on_the_base() -> None:
    report = validate_quads(quads_of(enriched_cable(), "https://data.example.org/cablegate/"))
    assert report.conforms and report.count("Warning") == 0
    assert {str(r.focus) for r in report.results if r.shape_name == "cgsh:Tag-unrecognized"} == {
        "https://data.example.org/cablegate/tag/QQQQ"}


def test_a_node_shared_by_two_graphs_is_reported_for_each() -> None:
    second = dataclasses.replace(enriched_cable(), canonical_id="09MEXICO2883", reference_id="09MEXICO2883")
    report = validate_quads(quads_of(enriched_cable()) + quads_of(second))
    tags = sorted(r.graph for r in report.results if r.shape_name == "cgsh:Tag-unrecognized")
    assert tags == [BASE + "graph/09MEXICO2882", BASE + "graph/09MEXICO2883"]
    assert report.cables == 2 and report.conforms


def test_unique_batches_keep_a_repeated_cable_for_a_later_batch() -> None:
    cable = seed_cable()
    cables = [dataclasses.replace(cable, canonical_id=i) for i in ["a", "b", "a", "c", "a", "d", "e"]]
    batches = [[c.canonical_id for c in b] for b in unique_batches(cables, 3)]
    assert batches == [["a", "b", "c"], ["a", "d", "e"], ["a"]]
    assert [len(b) for b in unique_batches(cables[:1], 3)] == [1] and list(unique_batches([], 3)) == []


def test_validate_paths_in_worker_processes(tmp_path: Path) -> None:
    sample = Path(sample_path())
    copy = tmp_path / "copy.txt"
    copy.write_bytes(sample.read_bytes())
    broken = tmp_path / "broken.txt"
    broken.write_text("not a cable\n")
    reports = list(validate_paths([str(sample), str(copy), str(broken)], jobs=2, batch_size=1))
    total = sum(reports, Report())
    assert total.cables == 2 and total.conforms  # the same cable twice, in two batches
    assert len(total.errors) == 1 and "broken.txt" in total.errors[0]
    assert total.by_shape()["Info"]["cgsh:Paragraph-number-repaired"] == 8


def test_the_report_is_a_shacl_validation_report(seed: Quads) -> None:
    report = validate_quads(change(P1, SCHEMA.position, lit("0", XSD.integer))(drop(CABLE, CG.addressing)(seed)))
    graph = Graph().parse(data=report.to_turtle(), format="turtle")
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    conforms = graph.value(node, SH.conforms)
    assert isinstance(conforms, Literal)  # narrows the type: sh:conforms is a boolean literal
    assert conforms.toPython() is False
    results = list(graph.objects(node, SH.result))
    assert len(results) == len(report.results) and all(isinstance(r, Result) for r in report.results)
    assert all(graph.value(r, RDFS_SEE_ALSO) == URIRef(GRAPH.value) for r in results)
    severities = {str(graph.value(r, SH.resultSeverity)).rsplit("#")[-1] for r in results}
    assert severities == {"Violation", "Warning", "Info"}


def test_an_inverse_result_path_round_trips(enriched: Quads) -> None:
    report = validate_quads(drop(CABLE, CG.reference)(enriched))
    (result,) = [r for r in report.results if r.shape_name == "cgsh:Reference-cable"]
    assert result.path == "^" + CG.reference.value
    graph = report.to_graph()
    (node,) = graph.subjects(SH.sourceShape, URIRef(CGSH + "Reference-cable"))
    assert graph.value(graph.value(node, SH.resultPath), SH.inversePath) == URIRef(CG.reference.value)


def test_the_command_prints_a_summary_and_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.ttl"
    assert cli.main(["validate", "--quiet", "--jobs", "1", "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 cables validated in ") and "0 violations, 0 warnings, 5 infos" in out
    assert "cgsh:Paragraph-number-repaired        4  Paragraph number repaired" in out
    assert len(list(Graph().parse(report).subjects(RDF.type, SH.ValidationResult))) == 5


def test_the_command_exits_1_on_a_violation(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                            seed: Quads) -> None:
    broken = validate_quads(drop(CABLE, DCT.identifier)(seed))
    monkeypatch.setattr("cablerdf.commands.validate.validate_paths", lambda *args, **kwargs: iter([broken]))
    assert cli.main(["validate", "--quiet"]) == 1
    out = capsys.readouterr().out
    assert "1 violations" in out and "cgsh:Cable-identifier-count" in out
