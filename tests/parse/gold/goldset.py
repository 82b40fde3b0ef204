"""The hand-checked gold set: load it, parse each gold cable from ``../shared/corpus``, compare field by field.

Used by ``tests/test_gold.py`` (every field of every gold cable) and ``bench/fidelity.py`` (rates per
format and field). How a field is compared is written once, here.
"""

from __future__ import annotations

import json
import lzma
import re
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cablerdf.parse import Cable, CableParseError, parse_document, parse_lines

GOLD = Path(__file__).resolve().parent
FIELDS = ("reference_id", "created", "classification", "origin", "is_partial", "tags", "subject", "signers",
          "paragraph numbers", "portion markings", "references", "classified_by", "declassification",
          "summary", "comment")


@dataclass
class GoldCable:
    path: Path
    truth: dict[str, Any]

    @property
    def kind(self) -> str:
        return self.path.parent.name

    @property
    def name(self) -> str:
        return f"{self.kind}/{self.path.stem}"


def gold_cables() -> list[GoldCable]:
    return [GoldCable(p, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(GOLD.glob("*/*.json"))]


def parse_gold(corpus: Path, cables: list[GoldCable]) -> dict[str, Cable | CableParseError]:
    """Each gold cable parsed from its source in ``corpus`` (archives and csv read in one pass each)."""
    found: dict[str, Cable | CableParseError] = {}
    by_corpus: dict[str, list[GoldCable]] = {}
    for cable in cables:
        by_corpus.setdefault(cable.truth["source"]["corpus"], []).append(cable)
    for name, group in by_corpus.items():
        path = corpus / name
        if name.endswith(".tar.xz"):
            found.update(from_tar(path, group))
        elif name == "cables.csv.xz":
            found.update(from_stream(path, group, "row", "cables-csv"))
        elif name.endswith(".jsonl"):
            found.update(from_stream(path, group, "line", "jsonl"))
        else:
            for cable in group:
                found[cable.name] = first(parse_document(path.read_bytes(), str(path)))
    return found


def first(items: Iterator[Cable | CableParseError]) -> Cable | CableParseError:
    return next(iter(items), CableParseError("no cable in the source"))


def from_tar(path: Path, group: list[GoldCable]) -> dict[str, Cable | CableParseError]:
    wanted = {cable.truth["source"]["member"]: cable.name for cable in group}
    found: dict[str, Cable | CableParseError] = {}
    with tarfile.open(path, mode="r|*") as archive:
        for member in archive:
            if member.name in wanted:
                stream = archive.extractfile(member)
                assert stream is not None
                found[wanted[member.name]] = first(parse_document(stream.read(), f"{path}!{member.name}"))
    return found


def from_stream(path: Path, group: list[GoldCable], key: str, fmt: str) -> dict[str, Cable | CableParseError]:
    wanted = {cable.truth["source"][key]: cable.name for cable in group}
    opener: Callable[..., Any] = lzma.open if path.suffix == ".xz" else open
    found: dict[str, Cable | CableParseError] = {}
    with opener(path, "rt", encoding="utf-8", newline="") as lines:
        for item in parse_lines(lines, str(path), fmt):
            where = item.source.row if isinstance(item, Cable) else None
            if where in wanted:
                found[wanted[where]] = item
    return found


# ---- comparing -----------------------------------------------------------------------------------

def words(text: str | None) -> str:
    """Lower-cased words only: how free text is compared (punctuation and spacing are not the field)."""
    return " ".join(re.findall(r"[^\W_]+", (text or "").casefold()))


def section_matches(value: str | None, truth: dict[str, str] | None) -> bool:
    if truth is None or value is None:
        return truth is None and value is None
    text = words(value)
    return text.startswith(words(truth["starts"])) and text.endswith(words(truth["ends"]))


def classified_by(cable: Cable) -> Any:
    found = cable.classified_by
    if found is None:
        return None
    return {"name": words(found.name), "title": words(found.title), "reasons": sorted(found.reasons)}


def value_pairs(cable: Cable, truth: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """(parsed, gold) for each field the gold file states, both in their compared form."""
    paragraphs = truth.get("paragraphs")
    gold_cls = truth.get("classified_by")
    pairs: dict[str, tuple[Any, Any]] = {
        "reference_id": (cable.canonical_id, truth.get("reference_id", "").upper()),
        "created": ((cable.created or "")[:16], (truth.get("created") or "")[:16]),
        "classification": (cable.classification, truth.get("classification")),
        "origin": (words(cable.origin), words(truth.get("origin"))),
        "is_partial": (cable.is_partial, truth.get("is_partial")),
        "tags": (cable.tags, [t.upper() for t in truth.get("tags") or []]),
        "subject": (words(cable.subject) or None, words(truth.get("subject")) or None),
        "signers": ([words(s) for s in cable.signers] if cable.signers else None,
                    [words(s) for s in truth["signers"]] if truth.get("signers") else None),
        "paragraph numbers": ([p.number for p in cable.paragraphs],
                              [p["number"] for p in paragraphs] if paragraphs is not None else None),
        "portion markings": ([(p.marking_level, [c.upper() for c in p.marking_controls]) for p in cable.paragraphs],
                             [(p["level"], [c.upper() for c in p["controls"]]) for p in paragraphs]
                             if paragraphs is not None else None),
        "references": ([((r.label or "").upper() or None, r.cable_id) for r in cable.references],
                       [((r["label"] or "").upper() or None, r["cable_id"]) for r in truth.get("references") or []]),
        "classified_by": (classified_by(cable), None if gold_cls is None else {
            "name": words(gold_cls.get("name")), "title": words(gold_cls.get("title")),
            "reasons": sorted(gold_cls.get("reasons") or [])}),
        "declassification": ((cable.declassify_on, words(cable.declassification) or None),
                             (truth.get("declassify_on"), words(truth.get("declassification")) or None)),
    }
    for name in ("summary", "comment"):
        value = getattr(cable, name)
        pairs[name] = (value, truth.get(name))
    return {k: v for k, v in pairs.items() if k in stated(truth)}


def stated(truth: dict[str, Any]) -> set[str]:
    """The compared fields a gold file states (a field left out of it is not checked)."""
    keys = set(truth)
    names = {k for k in FIELDS if k in keys}
    if "paragraphs" in keys:
        names |= {"paragraph numbers", "portion markings"}
    if "declassify_on" in keys or "declassification" in keys:
        names.add("declassification")
    return names


def field_results(cable: Cable, truth: dict[str, Any]) -> dict[str, tuple[bool, Any, Any]]:
    """For each stated field: (right?, parsed, gold)."""
    results = {}
    for name, (got, want) in value_pairs(cable, truth).items():
        right = section_matches(got, want) if name in ("summary", "comment") else got == want
        results[name] = (right, got, want)
    return results
