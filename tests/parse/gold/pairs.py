"""The cables of ``../shared/corpus`` that come in more than one format, paired, and how the pairs agree.

Agreement is :mod:`cablerdf.parse.compare`'s: created date, classification, subject (its words), TAGS
and paragraph count equal. A pair that disagrees is explained when every field it disagrees on is a
``formats-differ`` defect (the two texts really differ); a ``formats-disagree`` (the same text read two
ways) is a parser bug. Used by ``tests/test_cross_format.py`` and ``bench/fidelity.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cablerdf.parse import Cable
from cablerdf.parse.compare import disagreements, reading
from cablerdf.parse.model import Defect
from cablerdf.sources import read_inputs

SOURCES = {"HTML": "cablegate-html.tar.xz", "cables.csv": "cables.csv.xz", "earlier versions": "earlier-versions",
           "site versions": "site-versions.tar.xz", "JSON": "jsonl", "final site": "final-site-html"}
PAIRS = (("HTML", "cables.csv"), ("HTML", "earlier versions"), ("HTML", "site versions"), ("JSON", "HTML"),
         ("JSON", "final site"))


@dataclass
class Tally:
    pairs: int = 0
    agree: int = 0
    explained: list[str] = field(default_factory=list)  # "ID: message" of each formats-differ
    unexplained: list[str] = field(default_factory=list)  # "ID: message" of each formats-disagree

    @property
    def rate(self) -> float:
        return self.agree / self.pairs if self.pairs else 1.0


def load(corpus: Path) -> dict[str, dict[str, list[Cable]]]:
    """The cables of each source, by canonical ID (a source may hold a cable more than once)."""
    found: dict[str, dict[str, list[Cable]]] = {}
    for name, path in SOURCES.items():
        cables: dict[str, list[Cable]] = {}
        for item in read_inputs([str(corpus / path)]):
            if isinstance(item, Cable):
                cables.setdefault(item.canonical_id, []).append(item)
        found[name] = cables
    return found


def compare_pair(a: Cable, b: Cable) -> list[Defect]:
    return disagreements(reading(a), b)


def tally(sources: dict[str, dict[str, list[Cable]]], first: str, second: str) -> Tally:
    result = Tally()
    for cable_id in sorted(set(sources[first]) & set(sources[second])):
        for a in sources[first][cable_id]:
            for b in sources[second][cable_id]:
                result.pairs += 1
                found = compare_pair(a, b)
                result.agree += not found
                for defect in found:
                    kept = result.explained if defect.code == "formats-differ" else result.unexplained
                    kept.append(f"{cable_id}: {defect.message}")
    return result


def tallies(corpus: Path) -> dict[tuple[str, str], Tally]:
    sources = load(corpus)
    return {pair: tally(sources, *pair) for pair in PAIRS}
