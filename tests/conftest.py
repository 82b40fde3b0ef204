"""Shared fixtures: the corpus in ../shared (skipped with a reason when absent, required under CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CABLERDF_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"


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
