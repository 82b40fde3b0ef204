"""The same cable read from different formats yields the same fields, or a defect says why not.

Every pair of ``../shared/corpus`` (HTML ∩ cables.csv, HTML ∩ earlier versions, HTML ∩ site versions,
JSON ∩ HTML, JSON ∩ final site) is compared on created date, classification, subject, TAGS and
paragraph count (``cablerdf.parse.compare``). A difference is explained when the two texts really
differ (a ``formats-differ`` defect naming both values); a ``formats-disagree`` (the same text read
two ways) is a parser bug.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from gold.pairs import PAIRS, Tally, load, tally

from cablerdf.cli import sample_path
from cablerdf.parse import Cable
from cablerdf.parse.compare import disagreements, reading
from cablerdf.sources import read_inputs


@pytest.fixture(scope="module")
def sources(corpus: Path) -> dict[str, dict[str, list[Cable]]]:
    return load(corpus)


@pytest.fixture(scope="module")
def tallies(sources: dict[str, dict[str, list[Cable]]]) -> dict[tuple[str, str], Tally]:
    return {pair: tally(sources, *pair) for pair in PAIRS}


def test_every_overlap_is_compared(tallies: dict[tuple[str, str], Tally]) -> None:
    sizes = {pair: t.pairs for pair, t in tallies.items()}
    assert sizes[("HTML", "cables.csv")] >= 120 and sizes[("HTML", "site versions")] >= 550
    assert sizes[("HTML", "earlier versions")] >= 60 and sizes[("JSON", "HTML")] >= 10


def test_formats_agree_on_at_least_97_percent_of_pairs(tallies: dict[tuple[str, str], Tally]) -> None:
    pairs = sum(t.pairs for t in tallies.values())
    agree = sum(t.agree for t in tallies.values())
    assert agree / pairs >= 0.97, f"{agree}/{pairs}"
    assert tallies[("HTML", "site versions")].rate == 1.0


def test_every_difference_is_explained_by_texts_that_differ(tallies: dict[tuple[str, str], Tally]) -> None:
    assert [line for t in tallies.values() for line in t.unexplained] == []


def test_created_date_and_classification_never_differ(tallies: dict[tuple[str, str], Tally]) -> None:
    lines = [line for t in tallies.values() for line in t.explained]
    assert [line for line in lines if ": created:" in line or ": classification:" in line] == []


def test_seed_html_and_page_text_agree(sources: dict[str, dict[str, list[Cable]]]) -> None:
    seed = next(c for c in read_inputs([sample_path()]) if isinstance(c, Cable))
    page = sources["HTML"]["09MEXICO2882"][0]
    assert disagreements(reading(seed), page) == []
    assert [p.number for p in seed.paragraphs] == [p.number for p in page.paragraphs]
    assert [p.marking for p in seed.paragraphs] == [p.marking for p in page.paragraphs]
    assert seed.created == page.created == "2009-10-05T20:26:00Z"
    assert [a.name for a in seed.info] == [a.name for a in page.info]
