"""Every cable of ../shared/corpus, in every format, parses; invariants hold on every record."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from cablerdf.parse import Cable, CableParseError
from cablerdf.parse.header import MONTHS
from cablerdf.parse.ids import is_well_formed
from cablerdf.sources import read_inputs
from corpus_inputs import EXPECTED_COUNTS, INPUTS

OFFICE_CODE = re.compile(r"[A-Z0-9]{1,8}-\d{1,3}")
DTG = re.compile(r"(\d\d)\d{4}Z\s+([A-Z]{3})")


@pytest.fixture(scope="module", params=sorted(INPUTS))
def parsed(request: pytest.FixtureRequest, corpus: Path) -> tuple[str, list[Cable], list[CableParseError]]:
    fmt = request.param
    items = list(read_inputs([str(corpus / name) for name in INPUTS[fmt]]))
    cables = [i for i in items if isinstance(i, Cable)]
    return fmt, cables, [i for i in items if isinstance(i, CableParseError)]


def offenders(cables: list[Cable], broken: Callable[[Cable], bool]) -> list[str]:
    return [c.canonical_id for c in cables if broken(c)]


def test_every_cable_parses(parsed: tuple[str, list[Cable], list[CableParseError]]) -> None:
    fmt, cables, errors = parsed
    assert [str(e) for e in errors] == []
    assert len(cables) == EXPECTED_COUNTS[fmt]
    assert {c.source.format for c in cables} == {fmt}


def test_ids_well_formed(parsed: tuple[str, list[Cable], list[CableParseError]]) -> None:
    assert offenders(parsed[1], lambda c: not is_well_formed(c.canonical_id)) == []


def created_agrees(cable: Cable) -> bool:
    if cable.created is None:
        return any(d.code == "created-missing" for d in cable.defects)
    created = datetime.strptime(cable.created, "%Y-%m-%dT%H:%M:%SZ")
    match = DTG.match(cable.dtg or "")
    if match is None or any(d.code == "dtg-invalid" for d in cable.defects):
        return True
    return (created.day, created.month) == (int(match.group(1)), MONTHS[match.group(2)])


def test_created_parses_and_agrees_with_dtg(parsed: tuple[str, list[Cable], list[CableParseError]]) -> None:
    assert offenders(parsed[1], lambda c: not created_agrees(c)) == []


def test_paragraph_positions_contiguous(parsed: tuple[str, list[Cable], list[CableParseError]]) -> None:
    def broken(c: Cable) -> bool:
        return [p.position for p in c.paragraphs] != list(range(1, len(c.paragraphs) + 1))

    assert offenders(parsed[1], broken) == []


def test_tags_where_a_tags_line_exists(parsed: tuple[str, list[Cable], list[CableParseError]]) -> None:
    def broken(c: Cable) -> bool:
        free_text = any(d.code == "tags-free-text" for d in c.defects)  # "TAGS: War Crimes": said, not lost
        return c.tags_line is not None and len(c.tags_line.split()) > 1 and not c.tags and not free_text

    assert offenders(parsed[1], broken) == []


def test_no_addressee_named_like_an_office_code(parsed: tuple[str, list[Cable], list[CableParseError]]) -> None:
    def broken(c: Cable) -> bool:
        return any(all(OFFICE_CODE.fullmatch(w) for w in a.name.split()) for a in [*c.to, *c.info])

    assert offenders(parsed[1], broken) == []


def test_every_record_is_complete(parsed: tuple[str, list[Cable], list[CableParseError]]) -> None:
    """No field absent, and a value that could not be found comes with a defect."""
    def broken(c: Cable) -> bool:
        record = c.to_dict()
        missing_created = record["created"] is None and not any(d.code == "created-missing" for d in c.defects)
        return len(record) != 35 or missing_created or not record["classification_level"]

    assert offenders(parsed[1], broken) == []
