"""Reference IDs: well-formedness, repair of malformed IDs, and cable IDs from REF texts."""

from __future__ import annotations

import re

from cablerdf.parse import tables

# 09MEXICO2882; the release also has 90STATE255195TOSEC140301 (a TOSEC series number).
WELL_FORMED = re.compile(r"\d\d[A-Z]+\d{1,7}(?:[A-Z]+\d+)?")
SECTION_IN_ID = re.compile(r"(\d\d)[A-Z]{4,8}\d{1,2}[A-Z]{0,2}\d{1,2}([A-Z]+\d+)")
DOUBLED_YEAR = re.compile(r"(\d\d)\1([A-Z]+\d+)")
EFTO_IN_ID = re.compile(r"(\d\d)EFTO([A-Z]+\d+)")
# "SECSTATE 74879", "03 VATICAN 1164", "NEW DELHI 17853", "STATE 106206 CIRCULAR"
REF_CABLE = re.compile(
    r"(?<![A-Z0-9])(?:(\d\d)\s*)?([A-Z][A-Z]+(?:\s[A-Z][A-Z]+){0,3})\s+0*(\d{1,7})(?![\d/:-])"
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


def station_code(written: str) -> str | None:
    """The station code for a station as a reference or banner writes it, if it is one."""
    words = written.strip().upper()
    mapped = tables.reference_stations().get(words)
    if mapped:
        return mapped
    code = words.replace(" ", "")
    return code if code in tables.stations() else None


def split_id(reference_id: str) -> tuple[str, str, str] | None:
    """(year, station, serial) of a well-formed ID."""
    match = re.fullmatch(r"(\d\d)([A-Z]+?)(\d{1,7})", reference_id)
    return (match.group(1), match.group(2), match.group(3)) if match else None


def cable_id_in(text: str, year: str | None) -> str | None:
    """The first cable a REF text cites, as a canonical ID; the year comes from context if absent.

    ``year`` is the citing cable's two-digit year. Returns None when no cable ID can be read.
    """
    upper = text.upper()
    match = REF_ID.search(upper)
    parts = split_id(match.group(1)) if match else None
    if match and parts and parts[1] in tables.stations():
        return match.group(1)
    for match in REF_CABLE.finditer(upper):
        station = station_code(match.group(2))
        if station is None:
            # "A. STATE 1234": drop leading words until a station is found
            words = match.group(2).split()
            station = next((station_code(" ".join(words[i:])) for i in range(1, len(words))
                            if station_code(" ".join(words[i:]))), None)
        cited_year = match.group(1) or year
        if station and cited_year:
            return f"{cited_year}{station}{int(match.group(3))}"
    return None
