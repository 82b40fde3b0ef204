"""Shared fixtures: the corpus in ../shared (skipped with a reason when absent, required under CI)."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CABLERDF_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"


def csv_with_a_bad_row(path: Path) -> Path:
    """A gzipped cables.csv: a good row, a row of three columns, another good row (09MEXICO2883)."""
    good = ('"1","10/5/2009 20:26","09MEXICO2882","Embassy Mexico","CONFIDENTIAL","","",'
            '"C O N F I D E N T I A L MEXICO 002882\n\n1. (C) Text."\n')
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(good + '"2","only","three"\n' + good.replace("2882", "2883"))
    return path


@pytest.fixture
def bad_csv(tmp_path: Path) -> Path:
    return csv_with_a_bad_row(tmp_path / "cables.csv.gz")


def require_corpus() -> Path:
    """The corpus folder; skip when ../shared is absent, except under CI where it must be there."""
    if CORPUS.is_dir():
        return CORPUS
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the corpus is missing at {CORPUS}")
    pytest.skip(f"corpus not found at {CORPUS} (../shared is absent): corpus tests skipped")


@pytest.fixture(scope="session")
def corpus() -> Path:
    return require_corpus()
