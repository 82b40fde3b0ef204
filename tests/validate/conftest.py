"""Fixtures of the shape tests: the seed cable's quads as mapped, and enriched with what the seed
lacks (so that every shape has something to check)."""

from __future__ import annotations

import pytest
from seed_graph import Quads, enriched_cable, quads_of, seed_cable


@pytest.fixture(scope="module")
def seed() -> Quads:
    return quads_of(seed_cable())


@pytest.fixture(scope="module")
def enriched() -> Quads:
    return quads_of(enriched_cable())
