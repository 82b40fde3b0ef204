"""Arbitrary input never raises anything but the parser's own error; bad input is reported, not fatal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablerdf.cli import sample_path
from cablerdf.parse import INPUT_FORMATS, Cable, CableParseError, parse_document

SEED = Path(sample_path()).read_text(encoding="utf-8")
texts = st.one_of(
    st.text(max_size=3000),
    st.builds(lambda a, b, c: SEED[:a] + c + SEED[b:], st.integers(0, len(SEED)), st.integers(0, len(SEED)),
              st.text(max_size=200)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, fmt=st.sampled_from(INPUT_FORMATS))
def test_arbitrary_text_only_raises_the_parser_error(text: str, fmt: str) -> None:
    for item in parse_document(text.encode("utf-8", "surrogatepass"), "fuzz.txt", fmt):
        assert isinstance(item, Cable | CableParseError)
        if isinstance(item, Cable):
            json.dumps(item.to_dict())


def test_bad_rows_are_reported_and_the_run_goes_on(bad_csv: Path) -> None:
    path = bad_csv
    result = subprocess.run([sys.executable, "-m", "cablerdf", "parse", "--json", "--quiet", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    ids = [json.loads(line)["reference_id"] for line in result.stdout.splitlines()]
    assert ids == ["09MEXICO2882", "09MEXICO2883"]
    assert f"{path}, row 2, line 4: expected 8 columns, found 3" in result.stderr


def test_strict_fails_on_defects_and_unreadable_files_are_named(tmp_path: Path) -> None:
    strict = subprocess.run([sys.executable, "-m", "cablerdf", "parse", "--strict", "--quiet", sample_path()],
                            capture_output=True, text=True)
    assert strict.returncode == 1 and "09MEXICO2882" in strict.stdout
    missing = tmp_path / "nope.html"
    result = subprocess.run([sys.executable, "-m", "cablerdf", "parse", "--quiet", str(missing), sample_path()],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert f"error: {missing}: cannot read" in result.stderr
    assert "09MEXICO2882" in result.stdout
