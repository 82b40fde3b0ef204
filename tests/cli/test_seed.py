"""The seed cable 09MEXICO2882, field by field, as cable-record.md gives it (bundled sample)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from cablerdf.cli import sample_path
from cablerdf.sources import read_inputs


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    (cable,) = list(read_inputs([sample_path()]))
    assert not isinstance(cable, Exception), cable
    return cable.to_dict()


def test_identity_and_dates(seed: dict[str, Any]) -> None:
    assert seed["reference_id"] == seed["canonical_id"] == "09MEXICO2882"
    assert seed["source"]["format"] == "page-text"
    assert seed["created"] == "2009-10-05T20:26:00Z"
    assert seed["released"] == "2011-08-30T01:44:00Z"
    assert seed["dtg"] == "052026Z OCT 09"
    assert seed["precedence"] == "O"


def test_classification(seed: dict[str, Any]) -> None:
    assert seed["classification"] == "CONFIDENTIAL"
    assert seed["classification_level"] == "C"
    assert seed["handling"] == []
    assert seed["origin"] == "Embassy Mexico"
    assert seed["eo_line"] == "E.O. 12958: DECL: 10/04/2019"
    assert seed["declassify_on"] == "2019-10-04"
    assert seed["declassification"] == "DECL: 10/04/2019"


def test_addressees(seed: dict[str, Any]) -> None:
    assert seed["from"] == "AMEMBASSY MEXICO"
    assert seed["to"] == [{"name": "SECSTATE WASHDC", "precedence": "IMMEDIATE", "serial": "8484",
                           "route": None, "collective": False}]
    assert len(seed["info"]) == 12
    assert seed["info"][0] == {"name": "ALL US CONSULATES IN MEXICO COLLECTIVE", "precedence": "PRIORITY",
                               "serial": None, "route": None, "collective": True}
    assert seed["info"][-1]["name"] == "WHITE HOUSE WASHINGTON DC"
    assert all(a["precedence"] == "PRIORITY" for a in seed["info"])
    assert not any("-0" in a["name"] for a in seed["info"])


def test_distribution_is_not_info(seed: dict[str, Any]) -> None:
    assert seed["distribution"][:3] == ["LOG-00", "AF-00", "AID-00"]
    assert "LAB-01" in seed["distribution"] and "SANA-00" in seed["distribution"]
    assert len(seed["distribution"]) == 49
    assert seed["transmission_id"] is None


def test_tags_subject_refs(seed: dict[str, Any]) -> None:
    assert seed["tags"] == ["KCRM", "PGOV", "SNAR", "MX"]
    assert seed["subject"] == ("ELEMENTS OF GOM POLICY TEAM INTERESTED IN FOCUSING TOGETHER ON IMPROVING "
                               "SECURITY IN A FEW KEY CITIES")
    assert seed["references"] == []


def test_classified_by(seed: dict[str, Any]) -> None:
    assert seed["classified_by"]["name"] == "Keith Mines"
    assert seed["classified_by"]["title"] == "NAS Director"
    assert seed["classified_by"]["reasons"] == ["1.5(b)", "1.5(d)"]


def test_paragraphs(seed: dict[str, Any]) -> None:
    paragraphs = seed["paragraphs"]
    assert [p["position"] for p in paragraphs] == list(range(1, 13))
    assert [p["number"] for p in paragraphs] == list(range(1, 13))
    assert [p["label"] for p in paragraphs[3:9]] == ["¶4.", "15.", "16.", "17.", "18.", "¶9."]
    assert {p["marking"] for p in paragraphs} == {"C", "U"} and paragraphs[1]["marking"] == "U"
    assert paragraphs[2]["heading"] == "GOM WANTS FULL TRANSFER OF INTEL TECHNOLOGY AND TRAINING"
    assert paragraphs[4]["heading"] == "STRATEGIC MISCALCULATIONS IN MERIDA"
    assert paragraphs[5]["heading"] == '"WE HAVE EIGHTEEN MONTHS"'
    assert paragraphs[0]["text"].startswith("¶1. (C) Summary: At a dinner hosted by PGR")
    assert "GOM\n\nNational Security System Coordinator" in paragraphs[1]["text"]
    assert paragraphs[3]["text"].endswith("only in conjunction with the USMS.")
    assert "&culture of lawfulness8" in paragraphs[9]["text"]
    assert '"culture of lawfulness"' in paragraphs[9]["text_repaired"]


def test_summary_comment_signers(seed: dict[str, Any]) -> None:
    assert seed["summary"].startswith("At a dinner hosted by PGR")
    assert seed["summary"].endswith("damaged international reputation.")
    assert seed["comment"].startswith("We will follow up with")
    assert seed["comment"].endswith("ready to roll out in the new year.")
    assert seed["signers"] == ["PASCUAL"]
    assert seed["is_partial"] is False
    assert seed["media_urls"] == ["http://wikileaks.jornada.com.mx/notas/falta-cooperacion-entre-agencias"]


def test_defects(seed: dict[str, Any]) -> None:
    codes = {d["code"]: d for d in seed["defects"]}
    assert codes["paragraph-sign-as-digit"]["message"] == "paragraph labels 15.-18. read as ¶5-¶8"
    assert "quote-as-ampersand-8" in codes
    assert "paragraph-split" in codes  # ¶4 runs on after a page break
    assert seed["body"].startswith("C O N F I D E N T I A L MEXICO 002882")
    assert seed["body"].rstrip().endswith("PASCUAL")


def test_cli_json_is_the_record(seed: dict[str, Any]) -> None:
    result = subprocess.run([sys.executable, "-m", "cablerdf", "parse", "--json", "--quiet"],
                            capture_output=True, text=True, check=True)
    (line,) = result.stdout.splitlines()
    record = json.loads(line)
    assert record["paragraphs"] == seed["paragraphs"]
    assert set(record) >= {"reference_id", "canonical_id", "source", "created", "released", "classification",
                           "classification_level", "handling", "origin", "precedence", "dtg", "from", "to",
                           "info", "distribution", "transmission_id", "tags", "subject", "references",
                           "classified_by", "declassify_on", "declassification", "summary", "comment",
                           "paragraphs", "signers", "is_partial", "media_urls", "body", "defects"}
