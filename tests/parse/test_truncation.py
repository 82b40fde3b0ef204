"""Truncated inputs never give a silently shortened cable: a cables.csv cut inside its last record,
or an HTML page cut before its text ends, is an error or a cable with an ``input-truncated`` defect
(and ``cablerdf parse --strict`` exits 1). Real files of ``../shared/corpus``, cut at byte offsets that
hypothesis picks."""

from __future__ import annotations

import lzma
import tarfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablerdf.cli import main
from cablerdf.parse import Cable, CableParseError, parse_document

PAGE = "cable/2009/10/09MEXICO2882.html"


@pytest.fixture(scope="module")
def csv_head(corpus: Path) -> bytes:
    """The first 40 records of cables.csv, as bytes."""
    with lzma.open(corpus / "cables.csv.xz", "rb") as stream:
        data = stream.read(4_000_000)
    records = parse(data, "cables.csv")
    assert len(records) > 40 and all(isinstance(r, Cable) for r in records[:40])
    # cut after record 40 ends: the byte before the 41st record's opening quote
    after = records[40]
    assert isinstance(after, Cable)  # narrows the type: the 41st record's source line is read below
    return data[: line_offset(data, after.source.line or 1)]


def line_offset(data: bytes, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = data.index(b"\n", offset) + 1
    return offset


@pytest.fixture(scope="module")
def page(corpus: Path) -> bytes:
    with tarfile.open(corpus / "cablegate-html.tar.xz", mode="r|*") as tar:
        for member in tar:
            if member.name == PAGE:
                stream = tar.extractfile(member)
                assert stream is not None
                return stream.read()
    raise AssertionError(PAGE)


def parse(data: bytes, name: str) -> list[Cable | CableParseError]:
    return list(parse_document(data, name))


def truncated(cable: Cable) -> bool:
    return any(d.code == "input-truncated" for d in cable.defects)


def same(a: Cable, b: Cable) -> bool:
    return {**a.to_dict(), "source": None} == {**b.to_dict(), "source": None}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(min_value=0.0, max_value=1.0))
def test_csv_cut_anywhere_is_whole_or_said(csv_head: bytes, fraction: float) -> None:
    whole = parse(csv_head, "cables.csv")
    cut = parse(csv_head[: int(len(csv_head) * fraction)], "cables.csv")
    cables = [c for c in cut if isinstance(c, Cable)]
    for index, cable in enumerate(cables):
        original = whole[index]
        assert isinstance(original, Cable)
        assert same(cable, original) or (index == len(cables) - 1 and truncated(cable)), cable.reference_id


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(min_value=0.0, max_value=1.0))
def test_html_cut_anywhere_is_whole_or_said(page: bytes, fraction: float) -> None:
    (whole,) = parse(page, PAGE)
    (cut,) = parse(page[: int(len(page) * fraction)], PAGE)
    assert isinstance(whole, Cable)
    assert isinstance(cut, CableParseError) or same(cut, whole) or truncated(cut)


def test_csv_record_cut_inside_a_quoted_field(csv_head: bytes, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    end = csv_head.rindex(b"OTHER") if b"OTHER" in csv_head else len(csv_head) - 200
    path = tmp_path / "cut.csv"
    path.write_bytes(csv_head[:end])
    *_, last = parse(path.read_bytes(), str(path))
    assert isinstance(last, Cable) and truncated(last)
    assert main(["parse", str(path), "--quiet"]) == 0
    assert "error:" in capsys.readouterr().err and "cut short" in "".join(d.message for d in last.defects)
    assert main(["parse", str(path), "--quiet", "--strict"]) == 1


def test_csv_record_cut_before_its_eighth_column(csv_head: bytes) -> None:
    records = parse(csv_head, "cables.csv")
    last = records[-1]
    assert isinstance(last, Cable)
    start = line_offset(csv_head, last.source.line or 1)
    header_column = csv_head.index(b'","', start)  # after the first column
    *_, cut = parse(csv_head[: header_column + 3], "cables.csv")
    assert isinstance(cut, CableParseError) and "columns" in str(cut)  # id only: nothing to keep
    six = start
    for _ in range(6):
        six = csv_head.index(b'","', six) + 3
    *_, kept = parse(csv_head[: six - 2], "cables.csv")  # six whole columns, the header and body lost
    assert isinstance(kept, Cable) and truncated(kept) and kept.body == ""


def test_html_page_without_closing_pre(page: bytes) -> None:
    end = page.index(b"</pre>", page.index(b"</pre>") + 1)
    (cable,) = parse(page[: end - 500], PAGE)
    assert isinstance(cable, Cable) and truncated(cable)
    (whole,) = parse(page, PAGE)
    assert isinstance(whole, Cable) and len(cable.body) < len(whole.body)


def test_html_page_cut_in_its_header_or_table(page: bytes) -> None:
    (cut,) = parse(page[: page.index(b"</pre>") - 100], PAGE)
    assert isinstance(cut, CableParseError) and "ends before the cable text" in str(cut)
    (table,) = parse(page[: page.index(b"</table>", page.index(b"<table class='cable'>")) - 40], PAGE)
    assert isinstance(table, CableParseError)
