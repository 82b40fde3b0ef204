"""Code tables the parser reads: data files under ``cablerdf/data/tables``, not ``if`` chains."""

from __future__ import annotations

import csv
import functools
from importlib import resources
from typing import NamedTuple


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a bundled CSV table as dicts (the first row names the columns)."""
    text = resources.files("cablerdf.data.tables").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


class Banner(NamedTuple):
    level: str
    controls: tuple[str, ...]


@functools.cache
def release_banners() -> dict[str, Banner]:
    """The release's classification strings, e.g. ``SECRET//NOFORN`` -> (S, (NOFORN,))."""
    return {
        row["banner"]: Banner(row["level_code"], tuple(filter(None, [row["dissemination_controls"]])))
        for row in read_table("release_classification_banners.csv")
    }


@functools.cache
def banner_words() -> dict[str, tuple[str, str]]:
    """Classification words opening a cable body (``UNCLAS``) -> (level, banner)."""
    return {row["word"]: (row["level"], row["banner"]) for row in read_table("banner_words.csv")}


@functools.cache
def body_captions() -> dict[str, tuple[str, ...]]:
    """Caption lines of a body preamble (spaces removed) -> the caption codes they carry."""
    return {
        row["text"].replace(" ", ""): tuple(row["code"].split(";"))
        for row in read_table("body_captions.csv")
    }


@functools.cache
def precedence_words() -> dict[str, str]:
    """Precedence words of addressee lines (``IMMEDIATE``) -> prosign (``O``)."""
    return {row["label"]: row["prosign"] for row in read_table("precedence.csv")}


@functools.cache
def tag_codes() -> frozenset[str]:
    """Every TAGS code of the reference tables."""
    return frozenset(row["code"] for row in read_table("tags.csv"))


@functools.cache
def stations() -> frozenset[str]:
    """Station codes of the release's reference IDs (``MEXICO``, ``STATE``, ``USUNNEWYORK``)."""
    return frozenset(row["station"] for row in read_table("stations.csv"))


@functools.cache
def station_counts() -> dict[str, int]:
    """How many cables of the release each station sent (typos of IDs have counts of 1 or 2)."""
    return {row["station"]: int(row["cables"]) for row in read_table("stations.csv")}


@functools.cache
def reference_stations() -> dict[str, str]:
    """How references write a station (``SECSTATE``) -> the station code (``STATE``)."""
    return {row["written"]: row["station"] for row in read_table("reference_stations.csv")}


@functools.cache
def office_prefixes() -> dict[str, str]:
    """FM-line prefixes (``AMEMBASSY``) -> the origin label's first word (``Embassy``)."""
    return {row["prefix"]: row["label"] for row in read_table("addressee_offices.csv")}


@functools.cache
def classifier_title_words() -> frozenset[str]:
    """Words of official titles on Classified By lines (upper-cased), to tell title from name."""
    return frozenset(row["word"].upper() for row in read_table("classifier_title_words.csv"))


@functools.cache
def trailer_patterns() -> tuple[str, ...]:
    """Substrings that mark a post's boilerplate block after the last paragraph."""
    return tuple(row["pattern"] for row in read_table("trailer_patterns.csv"))


@functools.cache
def office_kinds() -> dict[str, str]:
    """FM/TO-line prefixes (``AMEMBASSY``) -> kind of post (``embassy``, ``consulate``, ``mission``, …)."""
    return {row["prefix"]: row["kind"] for row in read_table("addressee_offices.csv")}


@functools.cache
def metadata_headers() -> dict[str, str]:
    """Header cells of a page's metadata table (lower-cased: ``date``, ``created``) -> record field."""
    return {row["header"]: row["field"] for row in read_table("metadata_columns.csv")}


@functools.cache
def subject_trailers() -> tuple[str, ...]:
    """Captions that pages run into the end of the SUBJECT line (longest first)."""
    rows = [row["text"] for row in read_table("subject_trailers.csv")]
    return tuple(sorted(rows, key=len, reverse=True))


@functools.cache
def station_origins() -> dict[str, str]:
    """Station codes (``UNVIEVIENNA``) -> the post as the release's metadata names it (``UNVIE``)."""
    return {row["station"]: row["origin"] for row in read_table("station_origins.csv")}
