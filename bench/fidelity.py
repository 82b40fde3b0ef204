"""Fidelity: each field against the hand-checked gold set, per format, and the agreement between the
formats of the same cable.

Run: ``python bench/fidelity.py``. Prints the tables and writes them to BENCHMARKS.md (section
"fidelity"). The gold set is ``tests/parse/gold`` (read from the cables by a person, see its README); the
cables are read from ``../shared/corpus``. A field is right when it equals the gold as
``tests/parse/gold/goldset.py`` compares it; a pair of formats agrees when ``cablerdf.parse.compare`` finds no
field that differs (created date, classification, subject, TAGS, paragraph count).
"""

from __future__ import annotations

import platform
import sys
from collections import defaultdict
from pathlib import Path

from cablerdf.parse import Cable

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT / "tests" / "parse"))

from gold.goldset import FIELDS, field_results, gold_cables, parse_gold  # noqa: E402
from gold.pairs import tallies  # noqa: E402

from parse import write_section  # noqa: E402  (bench/parse.py: one writer of BENCHMARKS.md sections)

KINDS = ("site-versions", "cablegate-html", "final-site-html", "earlier-versions", "cables-csv", "pdf-text", "jsonl")


def gold_rates() -> tuple[dict[tuple[str, str], list[int]], list[str]]:
    """[right, checked] per (kind, field) and per ("all", field); the wrong readings, one line each."""
    cables = gold_cables()
    parsed = parse_gold(CORPUS, cables)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    wrong = []
    for gold in cables:
        cable = parsed.get(gold.name)
        if not isinstance(cable, Cable):
            wrong.append(f"{gold.name}: not parsed: {cable}")
            continue
        for name, (right, _, _) in field_results(cable, gold.truth).items():
            for key in ((gold.kind, name), ("all", name)):
                counts[key][0] += right
                counts[key][1] += 1
            if not right:
                wrong.append(f"{gold.name}: {name}")
    return counts, wrong


def cell(count: list[int] | None) -> str:
    if not count or not count[1]:
        return "–"
    return f"{count[0] / count[1]:.1%} ({count[0]}/{count[1]})"


def gold_table(counts: dict[tuple[str, str], list[int]]) -> list[str]:
    kinds = [k for k in KINDS if any((k, f) in counts for f in FIELDS)]
    rows = [f"| {name} | {cell(counts.get(('all', name)))} | "
            + " | ".join(cell(counts.get((kind, name))) for kind in kinds) + " |" for name in FIELDS]
    sizes = {kind: max(counts[(kind, f)][1] for f in FIELDS if (kind, f) in counts) for kind in kinds}
    head = " | ".join(f"{kind} ({sizes[kind]})" for kind in kinds)
    return [f"| field | all | {head} |", "|---|---|" + "---|" * len(kinds), *rows]


def agreement_table() -> tuple[list[str], list[str]]:
    results = tallies(CORPUS)
    rows, notes = [], []
    pairs = agree = explained = unexplained = 0
    for (first, second), tally in results.items():
        rows.append(f"| {first} ∩ {second} | {tally.pairs:,} | {tally.agree:,} | {tally.rate:.1%} | "
                    f"{len(tally.explained)} | {len(tally.unexplained)} |")
        pairs, agree = pairs + tally.pairs, agree + tally.agree
        explained, unexplained = explained + len(tally.explained), unexplained + len(tally.unexplained)
        notes += [f"- {first} ∩ {second}, {line}" for line in tally.explained + tally.unexplained]
    rows.append(f"| **all** | {pairs:,} | {agree:,} | **{agree / pairs:.1%}** | {explained} | {unexplained} |")
    head = ["| formats | pairs | agree | rate | differences explained (texts differ) | unexplained |",
            "|---|---|---|---|---|---|"]
    return head + rows, notes


def section() -> str:
    counts, wrong = gold_rates()
    agreement, differences = agreement_table()
    machine = f"{platform.processor() or platform.machine()}, Python {platform.python_version()}"
    return "\n".join([
        "## fidelity", "",
        f"Command: `python bench/fidelity.py` ({machine}). Gold: {len(gold_cables())} hand-checked cables in "
        "`tests/parse/gold` (read from the cables by a person; its README says how each field is read). "
        "Rate = right / checked, per field and format.", "",
        *gold_table(counts), "",
        f"Gold readings still wrong ({len(wrong)}): " + ("; ".join(wrong) or "none") + ".", "",
        "Agreement of the formats of the same cable (created date, classification, subject words, TAGS, "
        "paragraph count), every pair of `../shared/corpus`:", "",
        *agreement, "",
        "Each difference, with the defect the later record carries (`formats-differ`: the texts differ):", "",
        *differences, "",
    ])


def main() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    text = section()
    print(text)
    write_section("fidelity", text)


if __name__ == "__main__":
    main()
