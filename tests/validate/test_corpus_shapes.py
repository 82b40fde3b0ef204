"""Every cable of ../shared/corpus, in every format, converts and its graph conforms to the SHACL shapes.

The corpus is validated once for the module with the compiled checker (parallel workers, 250 cables
per run), and once more with pyshacl, the reference it must agree with on every result (about two to
four minutes on two cores). Warnings and infos are counted by shape: they are printed on the
terminal with pytest's capture suspended (so they show with or without ``-s``; sys.__stderr__ is
file descriptor 2, which pytest captures too) and recorded as the test's user properties
(``--junitxml`` reports them).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from test_checker import rows

from cablerdf.validate import SEVERITIES, Report, validate_paths
from corpus_inputs import EXPECTED_COUNTS, INPUTS  # every input of every format

STAMP = "2026-01-01T00:00:00Z"  # the same provenance for both engines


def validate_corpus(corpus: Path, reference: bool) -> tuple[Report, float]:
    started = time.monotonic()
    paths = [str(corpus / name) for names in INPUTS.values() for name in names]
    report = sum(validate_paths(paths, batch_size=250, converted_at=STAMP, reference=reference), Report())
    return report, time.monotonic() - started


@pytest.fixture(scope="module")
def validated(corpus: Path) -> tuple[Report, float]:
    return validate_corpus(corpus, reference=False)


def test_pyshacl_gives_the_same_results_on_the_whole_corpus(validated: tuple[Report, float], corpus: Path) -> None:
    theirs, _seconds = validate_corpus(corpus, reference=True)
    mine = validated[0]
    assert (mine.cables, mine.errors) == (theirs.cables, theirs.errors)
    assert rows(mine) == rows(theirs)


def violations(report: Report) -> dict[str, list[str]]:
    """Examples (up to 5 focus nodes, with their graphs) of the violations, by shape."""
    found: dict[str, list[str]] = {}
    for result in report.results:
        if result.severity == "Violation":
            examples = found.setdefault(result.shape_name, [])
            if len(examples) < 5:
                examples.append(f"{result.focus} (in {result.graph})")
    return found


def test_every_cable_converts(validated: tuple[Report, float]) -> None:
    report, seconds = validated
    assert report.errors == []
    assert report.cables == sum(EXPECTED_COUNTS.values())
    assert seconds < 600, f"validating the corpus took {seconds:.0f} s"


def test_every_cable_conforms(validated: tuple[Report, float]) -> None:
    assert violations(validated[0]) == {}


def test_warnings_and_infos_by_shape(validated: tuple[Report, float], request: pytest.FixtureRequest) -> None:
    report, seconds = validated
    counts = report.by_shape()
    lines = [f"\ncorpus: {report.cables:,} cables validated in {seconds:.0f} s: "
             + ", ".join(f"{report.count(s):,} {s.lower()}s" for s in SEVERITIES)]
    for severity in SEVERITIES:
        for shape, count in counts[severity].most_common():
            lines.append(f"  {severity:<9} {shape:<45} {count:>7,}")
            request.node.user_properties.append((f"{severity} {shape}", count))
    request.node.user_properties.append(("cables", report.cables))
    request.node.user_properties.append(("seconds", round(seconds, 1)))
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print("\n".join(lines), file=sys.stderr, flush=True)  # on the terminal, with or without -s
    assert sum(sum(c.values()) for c in counts.values()) == len(report.results)
    assert Counter(r.severity for r in report.results).keys() <= set(SEVERITIES)
