"""Counts and lists for browsing and the home page, read from the store lazily and kept per data version.

A GROUP BY over the whole release (251k cables) is too slow for every request, so each count
(:class:`~cablerdf.store.facets.Facets`) is asked once per process and data version and kept; the
sorted member list of a facet value (the cables of one month, origin, tag or level) is kept in an LRU
with a budget of member IRIs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

from cablerdf.store.facets import Bucket, CableRow
from cablerdf.web import dataset
from cablerdf.web.caching import CATALOG_COUNTS, CATALOG_MEMBERS, cache_key

T = TypeVar("T")
__all__ = ["Bucket", "CableRow", "Overview"]


@dataclass(frozen=True, slots=True)
class Overview:
    cables: int
    triples: int
    first: str | None  # earliest dcterms:created (ISO date)
    last: str | None


def counted(name: str, compute: Callable[[], T]) -> T:
    return cast(T, CATALOG_COUNTS.get_or_make(cache_key(name), compute))


# ---- counts -----------------------------------------------------------------------------------------


def overview() -> Overview:
    return counted("overview", compute_overview)


def compute_overview() -> Overview:
    facets = dataset.reader().facets
    first, last = facets.time_span()
    return Overview(facets.cable_count(), triples(), first, last)


def triples() -> int:
    """Statements in the store: from the description of an N-Quads dump made after the last ingest
    (free; it leaves out the small metadata graphs), else counted once per process and version
    (shared with the service description; about 40 s for the whole release)."""
    dumped = dataset.reader().dumped_triples(dataset.version().modified)
    return dumped if dumped is not None else dataset.statistics().triples


def months() -> dict[int, dict[int, int]]:
    """year -> month -> number of cables."""
    return counted("months", lambda: dataset.reader().facets.months())


def origins() -> list[Bucket]:
    return counted("origins", lambda: dataset.reader().facets.origins())


def tags() -> list[Bucket]:
    return counted("tags", lambda: dataset.reader().facets.tags())


def classifications() -> list[Bucket]:
    return counted("classifications", lambda: dataset.reader().facets.classifications())


def find(buckets: list[Bucket], key: str) -> Bucket | None:
    return next((b for b in buckets if b.key == key), None)


# ---- members ------------------------------------------------------------------------------------------


def members(facet: str, key: str) -> list[str]:
    """The cables (IRIs) of one facet value, in ID order."""
    return CATALOG_MEMBERS.get_or_make(cache_key("members", facet, key),
                                          lambda: dataset.reader().facets.members(facet, key))


def month_members(year: int, month: int) -> list[str]:
    """The cables of one month, oldest first."""
    return CATALOG_MEMBERS.get_or_make(cache_key("members", "month", str(year), str(month)),
                             lambda: dataset.reader().facets.month_members(year, month))


def describe(iris: list[str]) -> list[CableRow]:
    """Identifier, date, subject, origin and classification banner of each cable."""
    return dataset.reader().facets.cable_rows(iris)
