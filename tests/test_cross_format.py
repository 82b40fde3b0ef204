"""The same cable read from different formats yields the same fields, or the difference is explained.

Compared: created date, classification, TAGS, subject and paragraph count. A difference is explained
when the two sources' texts of that field differ (the releases changed the text) or when a defect
on either record says what was repaired.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cablerdf.cli import sample_path
from cablerdf.parse import Cable
from cablerdf.sources import read_inputs

FIELDS = ("created", "classification", "tags", "subject", "paragraphs")
WORDS = re.compile(r"[A-Za-z0-9]+")
COMMON = ("fields-run-together", "newlines-restored", "body-preamble", "foreign-text", "banner-missing")
RELEVANT = {
    "created": ("created-", "dtg-"),
    "classification": ("classification-",),
    "tags": ("tags-", *COMMON),
    "subject": ("subject-", *COMMON),
    "paragraphs": ("paragraph", "page-break-residue", "double-spaced", "signer-", *COMMON),
}


def load(*paths: Path | str) -> dict[str, Cable]:
    return {c.canonical_id: c for c in read_inputs([str(p) for p in paths]) if isinstance(c, Cable)}


def value(cable: Cable, field: str) -> object:
    if field == "created":
        return (cable.created or "")[:10]
    if field == "paragraphs":
        return len(cable.paragraphs)
    return getattr(cable, field)


def source_text(cable: Cable, field: str) -> str:
    """The published text a field is read from, reduced to its words."""
    text = {"tags": cable.tags_line or "", "subject": cable.subject or ""}.get(field)
    if text is not None:
        return " ".join(text.split())
    return " ".join(WORDS.findall(cable.body.replace("¶", "")))


def unexplained(a: Cable, b: Cable) -> list[str]:
    found = []
    for field in FIELDS:
        if value(a, field) == value(b, field):
            continue
        if source_text(a, field) != source_text(b, field):
            continue
        if any(d.code.startswith(RELEVANT[field]) for d in [*a.defects, *b.defects]):
            continue
        found.append(f"{a.canonical_id} {field}: {value(a, field)!r} != {value(b, field)!r}")
    return found


@pytest.fixture(scope="module")
def html(corpus: Path) -> dict[str, Cable]:
    return load(corpus / "cablegate-html.tar.xz")


def test_html_and_csv_agree(corpus: Path, html: dict[str, Cable]) -> None:
    csv = load(corpus / "cables.csv.xz")
    common = sorted(set(html) & set(csv))
    assert len(common) >= 120
    same = [i for i in common if not any(value(html[i], f) != value(csv[i], f) for f in FIELDS)]
    assert len(same) >= len(common) // 3
    assert [p for i in common for p in unexplained(html[i], csv[i])] == []
    assert all(html[i].created[:10] == csv[i].created[:10] for i in common)  # type: ignore[index]
    assert all(html[i].classification == csv[i].classification for i in common)


def test_seed_html_and_page_text_agree(html: dict[str, Cable]) -> None:
    seed = load(sample_path())["09MEXICO2882"]
    page = html["09MEXICO2882"]
    for field in FIELDS:
        assert value(seed, field) == value(page, field), field
    assert [p.number for p in seed.paragraphs] == [p.number for p in page.paragraphs]
    assert [p.marking for p in seed.paragraphs] == [p.marking for p in page.paragraphs]
    assert seed.created == page.created == "2009-10-05T20:26:00Z"
    assert [a.name for a in seed.info] == [a.name for a in page.info]


def test_earlier_versions_agree_or_differ_in_text(corpus: Path, html: dict[str, Cable]) -> None:
    earlier = [c for c in read_inputs([str(corpus / "earlier-versions")]) if isinstance(c, Cable)]
    assert len(earlier) == 68
    pairs = [(c, html[c.canonical_id]) for c in earlier if c.canonical_id in html]
    assert len(pairs) >= 40
    assert [p for a, b in pairs for p in unexplained(a, b)] == []
    assert all(a.created == b.created for a, b in pairs)


def test_jsonl_and_final_site_agree(corpus: Path) -> None:
    jsonl = load(corpus / "jsonl")
    final = load(corpus / "final-site-html")
    common = sorted(set(jsonl) & set(final))
    assert len(common) == 2
    assert [p for i in common for p in unexplained(jsonl[i], final[i])] == []
    assert all(jsonl[i].classification == final[i].classification for i in common)
