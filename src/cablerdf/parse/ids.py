"""Reference IDs: well-formedness, repair of malformed IDs, and cable IDs from REF texts."""

from __future__ import annotations

import functools
import re

from cablerdf.parse import tables

# 09MEXICO2882; the release also has 90STATE255195TOSEC140301 (a TOSEC series number).
WELL_FORMED = re.compile(r"\d\d[A-Z]+\d{1,7}(?:[A-Z]+\d+)?")
SECTION_IN_ID = re.compile(r"(\d\d)[A-Z]{4,8}\d{1,2}[A-Z]{0,2}\d{1,2}([A-Z]+\d+)")
DOUBLED_YEAR = re.compile(r"(\d\d)\1([A-Z]+\d+)")
EFTO_IN_ID = re.compile(r"(\d\d)EFTO([A-Z]+\d+)")
# "SECSTATE 74879", "03 VATICAN 1164", "NEW DELHI 17853", "STATE 106206 CIRCULAR"
REF_CABLE = re.compile(
    r"(?<![A-Z0-9])(?:(\d\d|19\d\d|20\d\d)\s*)?([A-Z][A-Z]+(?:\s[A-Z][A-Z]+){0,3})\s+0*(\d{1,7})(?![\d/:-])"
)
YEAR_BEFORE = re.compile(r"(?<![A-Z0-9/.-])(\d\d|19\d\d|20\d\d)\s+$")
SAME_STATION = re.compile(
    r"(?<![A-Z0-9])((?:\d\d\s)?[A-Z][A-Z]+(?:\s[A-Z][A-Z]+){0,3})\s+\d{1,7}\s+(?:AND|&)\s+(\d{2,7})(?![\d/:-])"
    r"(?!\s+[A-Z]{3})"
)
REF_ID = re.compile(r"(?<![A-Z0-9])(\d\d[A-Z]+\d{1,7})(?![\dA-Z])")


def is_well_formed(reference_id: str) -> bool:
    return WELL_FORMED.fullmatch(reference_id) is not None


def canonical(reference_id: str) -> tuple[str, str | None]:
    """The canonical form of an ID and, when it was repaired, a sentence saying how."""
    rid = reference_id.strip().upper()
    repairs = ((SECTION_IN_ID, "section marker"), (DOUBLED_YEAR, "doubled year"), (EFTO_IN_ID, "EFTO caption"))
    if is_well_formed(rid) and not any(pattern.fullmatch(rid) for pattern, _ in repairs):
        return rid, None
    for pattern, what in repairs:
        match = pattern.fullmatch(rid)
        if match:
            fixed, station_fix = with_known_station(match.group(1) + match.group(2))
            return fixed, f"malformed reference ID {reference_id} ({what}{station_fix}) read as {fixed}"
    return rid, None


def with_known_station(rid: str) -> tuple[str, str]:
    """A repaired ID whose station is one letter off a known one (``QRIPOLI``, ``EIJING``), mended."""
    parts = split_id(rid)
    if parts is None or parts[1] in tables.stations():
        return rid, ""
    near = [s for s in tables.stations() if tables.station_counts().get(s, 0) >= 10 and one_edit(parts[1], s)]
    if len(near) != 1:
        return rid, ""
    return parts[0] + near[0] + parts[2], f"; station {parts[1]} read as {near[0]}"


def one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by changing, adding or removing one letter."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@functools.lru_cache(maxsize=8192)
def station_code(written: str) -> str | None:
    """The station code for a station as a reference or banner writes it, if it is one."""
    words = written.strip().upper()
    mapped = tables.reference_stations().get(words)
    if mapped:
        return mapped
    code = words.replace(" ", "")
    if code in tables.stations():
        return code
    near = [s for s in tables.stations() if len(code) >= 5 and tables.station_counts().get(s, 0) >= 10
            and one_edit(code, s)] if code.isalpha() else []
    return near[0] if len(near) == 1 else None


def split_id(reference_id: str) -> tuple[str, str, str] | None:
    """(year, station, serial) of a well-formed ID."""
    match = re.fullmatch(r"(\d\d)([A-Z]+?)(\d{1,7})", reference_id)
    return (match.group(1), match.group(2), match.group(3)) if match else None


def cable_id_in(text: str, year: str | None) -> str | None:
    """The first cable a REF text cites, as a canonical ID (see :func:`cable_ids_in`)."""
    found = cable_ids_in(text, year)
    return found[0] if found else None


def cable_ids_in(text: str, year: str | None) -> list[str]:
    """The cables a REF text cites, in order, as canonical IDs; the year comes from context if absent.

    ``year`` is the citing cable's two-digit year; a cited year may be written with two digits or
    four (``2008 STATE 81854``). IDs written whole (``06BEIJING23548``) are taken as they are.
    """
    upper = text.upper()
    found: list[tuple[int, str]] = []
    for match in SAME_STATION.finditer(upper):  # "USUN NEW YORK 720 AND 721": 721 of the same station
        upper = upper[: match.start(2)] + f"{match.group(1)} " + upper[match.start(2):]
    for match in REF_ID.finditer(upper):
        parts = split_id(match.group(1))
        if parts and parts[1] in tables.stations():
            found.append((match.start(), f"{parts[0]}{parts[1]}{int(parts[2])}"))
    whole = list(found)
    for match in REF_CABLE.finditer(upper):
        station = station_in(match.group(2))
        written = match.group(1) or year_before(upper, match.start(2))
        cited_year = written[-2:] if written else year
        if station and cited_year and not any(start <= match.start() < start + len(cid) + 4 for start, cid in whole):
            found.append((match.start(), f"{cited_year}{station}{int(match.group(3))}"))
    return list(dict.fromkeys(cable_id for _, cable_id in sorted(found)))


def year_before(text: str, end: int) -> str | None:
    """A year written just before a station (``03 RANGOON``), which the station match did not take."""
    found = YEAR_BEFORE.search(text, max(0, end - 8), end)
    return found.group(1) if found else None


def station_in(words: str) -> str | None:
    """The station of ``STATE``, ``NEW DELHI`` or ``A STATE`` (leading words dropped until one is found)."""
    split = words.split()
    return next((code for i in range(len(split)) if (code := station_code(" ".join(split[i:]))) is not None), None)
