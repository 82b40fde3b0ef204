"""Every field of every cable of the hand-checked gold set (``tests/parse/gold``, read from the cables by a
person; its README says how) against what the parser reads from ``../shared/corpus``.

``KNOWN`` lists the readings still wrong, each with the reason, as strict expectations: when one
becomes right the test fails until its entry is removed. Rates per field and format:
``python bench/fidelity.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gold.goldset import FIELDS, GOLD, GoldCable, field_results, gold_cables, parse_gold

from cablerdf.parse import Cable

DAMAGED_CSV_DUMP = "the page holds a cables.csv row with its quoting residue (',,\"') in place of the cable text"
DAMAGED_BANNER = "the page's text is damaged: the banner runs into paragraph 1, the TAGS line into the text"
FLAT_JSON = "the dump removed every newline: the unnumbered blocks before paragraph 1 run into the REF line"
KNOWN: dict[tuple[str, str], str] = {
    **{("cablegate-html/06TOKYO1363", f): "the page lost its blank lines: the subject and the text run together"
       for f in ("subject", "paragraph numbers", "portion markings")},
    **{("cablegate-html/07ASUNCION396", f): DAMAGED_CSV_DUMP for f in (
        "tags", "paragraph numbers", "portion markings", "classified_by", "declassification", "comment")},
    **{("cablegate-html/08BUENOSAIRES1305", f): DAMAGED_BANNER
       for f in ("tags", "paragraph numbers", "portion markings", "comment")},
    **{("cablegate-html/08BUENOSAIRES62", f): "paragraph 4's label is glued to the word before it ('higgh4. (U)')"
       for f in ("paragraph numbers", "portion markings")},
    **{("cables-csv/row00183__88STATE274007", f): "an annex quoted in paragraph 3 numbers its items 1.-6.; items "
       "4.-6. continue the cable's own numbering and are read as paragraphs" for f in ("paragraph numbers",
                                                                                       "portion markings")},
    ("jsonl/delhi-line181", "comment"): "the comment ends at a heading ('Workshop Participants') that the "
                                        "newline-less dump does not set apart",
    ("jsonl/delhi-line61", "signers"): "the dump appends e-mail folder lists after the signature",
    **{("jsonl/wikileaks-11-28-10-line2", f): FLAT_JSON
       for f in ("paragraph numbers", "portion markings", "references", "summary")},
    ("site-versions/2010-12-22__03BRASILIA698", "summary"): "the site glued the next section's heading to the "
                                                            "summary's last sentence",
    ("site-versions/2010-12-22__06SAOPAULO1197", "references"): "REF B's station and serial are parted by a "
                                                                "blank line",
}
CABLES = gold_cables()


@pytest.fixture(scope="module")
def parsed(corpus: Path) -> dict[str, Cable | Exception]:
    return dict(parse_gold(corpus, CABLES))


def test_the_gold_set_covers_every_format_and_site_version() -> None:
    kinds = {cable.kind for cable in CABLES}
    assert len(CABLES) >= 150
    assert kinds >= {"site-versions", "cables-csv", "cablegate-html", "final-site-html", "earlier-versions",
                     "pdf-text", "jsonl"}
    assert sum(cable.kind == "site-versions" for cable in CABLES) >= 40
    assert sum(cable.kind == "cables-csv" for cable in CABLES) >= 40
    versions = {cable.truth["source"]["member"].split("/")[0] for cable in CABLES if cable.kind == "site-versions"}
    assert versions == {"2010-11-28", "2010-11-30", "2010-12-09", "2010-12-11", "2010-12-22"}
    assert any(cable.truth.get("is_partial") for cable in CABLES)
    assert any(cable.truth["created"] < "1990" for cable in CABLES)


@pytest.mark.parametrize("path", sorted(GOLD.glob("*/*.json")), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_file_is_complete(path: Path) -> None:
    truth: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert {"source", "format", "reference_id", "created", "classification", "origin", "notes"} <= set(truth)
    for paragraph in truth.get("paragraphs") or []:
        assert set(paragraph) == {"number", "level", "controls"}
    for reference in truth.get("references") or []:
        assert set(reference) == {"label", "cable_id"}


@pytest.mark.parametrize("gold", CABLES, ids=lambda g: g.name)
def test_gold_cable(gold: GoldCable, parsed: dict[str, Cable | Exception]) -> None:
    cable = parsed[gold.name]
    assert isinstance(cable, Cable), cable
    results = field_results(cable, gold.truth)
    wrong = {name: f"read {got!r}, gold {want!r}" for name, (right, got, want) in results.items()
             if not right and (gold.name, name) not in KNOWN}
    fixed = [name for name, (right, _, _) in results.items() if right and (gold.name, name) in KNOWN]
    assert wrong == {}
    assert fixed == [], "now read right: remove these from KNOWN"
    assert set(results) <= set(FIELDS)
