"""The inputs of ../shared/corpus, by format, and the cables each format holds: the corpus tests of
tests/parse (parsing) and tests/validate (the SHACL shapes) go over the same inputs."""

from __future__ import annotations

INPUTS = {
    "cablegate-html": ["cablegate-html.tar.xz", "final-site-html", "earlier-versions"],
    "cables-csv": ["cables.csv.xz"],
    "jsonl": ["jsonl"],
    "pdf-text": ["pdf-text"],
    "page-text": ["page-text"],
}
EXPECTED_COUNTS = {"cablegate-html": 4869 + 10 + 68, "cables-csv": 10521, "jsonl": 202, "pdf-text": 12,
                   "page-text": 1}
