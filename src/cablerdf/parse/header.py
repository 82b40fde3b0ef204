"""The cable header: office distribution table, transmission lines, DTG, FM, TO and INFO."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from cablerdf.parse import tables
from cablerdf.parse.model import Addressee, Cable

PARTIAL_NOTE = "This record is a partial extract of the original cable"
OFFICE_CODE = re.compile(r"[A-Z0-9/]{1,8}-\d{1,3}")
DISTRIBUTION_LINE = re.compile(r"(?:(?:ACTION|INFO)\s+)?(?:[A-Z0-9]{1,8}-\d{1,3}\s*)+(?:/\d+W)?\s*")
DTG_LINE = re.compile(r"((?:[ZOPRY]\s+){0,2})(\d{2})(\d{2})(\d{2})Z\s+([A-Z]{3}|[A-Z][a-z]{2})\s+(\d{2}|\d{4})\b")
MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}
PRECEDENCE_WORDS = "NIACT IMMEDIATE|FLASH|IMMEDIATE|PRIORITY|ROUTINE"
ADDRESSEE = re.compile(
    rf"(?:(?P<route>R[A-Z0-9]{{3,7}})/)?(?P<name>.+?)"
    rf"(?:\s+(?P<prec>{PRECEDENCE_WORDS}))?(?:\s+(?P<serial>\d{{1,5}}))?\s*"
)
END_LINES = frozenset({"BT", "NNNN", "#"})
SKIPPED_WORDS = frozenset({"XMT", "PAGE"})
PAGE_LINE = re.compile(r"PAGE\s+\d{1,3}\b")


def two_digit_year_to_full(yy: int, context_year: str | None) -> int:
    """A DTG's year: two digits are placed in the century of the cable's ID year."""
    if yy >= 100:
        return yy
    if context_year is not None:
        century = 1900 if int(context_year) >= 50 else 2000
        return century + yy
    return 1900 + yy if yy >= 50 else 2000 + yy


def dtg_datetime(match: re.Match[str], context_year: str | None) -> datetime | None:
    """The UTC time a DTG match denotes, or None when its fields are out of range."""
    day, hour, minute = int(match.group(2)), int(match.group(3)), int(match.group(4))
    month = MONTHS.get(match.group(5).upper())
    year = two_digit_year_to_full(int(match.group(6)), context_year)
    if month is None:
        return None
    try:
        return datetime(year, month, day, hour % 24, minute, tzinfo=UTC)
    except ValueError:
        return None


def parse_addressee(text: str) -> Addressee:
    match = ADDRESSEE.fullmatch(text.strip())
    assert match is not None  # the pattern accepts any non-empty text
    name = " ".join(match.group("name").split())
    return Addressee(
        name=name,
        precedence=match.group("prec"),
        serial=match.group("serial"),
        route=match.group("route"),
        collective=name.endswith("COLLECTIVE"),
    )


def parse_header(text: str, cable: Cable, context_year: str | None) -> datetime | None:
    """Fill the header fields of ``cable``; returns the DTG time when one was read."""
    if PARTIAL_NOTE in text:
        cable.is_partial = True
    target: list[Addressee] | None = None
    created: datetime | None = None
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("VZCZC"):
            cable.transmission_id = line.split()[0]
            continue
        if DISTRIBUTION_LINE.fullmatch(line) and OFFICE_CODE.search(line):
            cable.distribution.extend(OFFICE_CODE.findall(line))
            continue
        if cable.dtg is None:
            match = DTG_LINE.match(line)
            if match:
                created = read_dtg(match, cable, context_year, number)
                continue
        word, _, rest = line.partition(" ")
        if word in SKIPPED_WORDS or rest.startswith("PAGE ") or PAGE_LINE.match(line):
            # "XMT X" exempts X from a collective; page headers are residue (both stay in `header`)
            target = cable.to if word == "TO" else cable.info if word == "INFO" else target
            continue
        if word == "FM" and cable.from_ is None:
            cable.from_ = " ".join(rest.split()) or None
            target = None
        elif word == "TO" and rest:
            target = cable.to
            target.append(parse_addressee(rest))
        elif word == "INFO" and rest:
            target = cable.info
            target.append(parse_addressee(rest))
        elif line in END_LINES or line.startswith(("ZNY", "ZEN", "DE R", "ZFF")):
            target = None if line in END_LINES else target
        elif target is not None:
            target.append(parse_addressee(line))
    return created


def read_dtg(match: re.Match[str], cable: Cable, context_year: str | None, line: int) -> datetime | None:
    prosigns = match.group(1).split()
    cable.precedence = prosigns[0] if prosigns else None
    cable.dtg = match.group(0)[len(match.group(1)):]
    when = dtg_datetime(match, context_year)
    if when is None:
        cable.defect("dtg-invalid", f"date-time group {cable.dtg!r} is not a valid time", line, "header")
    return when


def find_dtg(text: str, context_year: str | None) -> tuple[str, datetime | None] | None:
    """A date-time group anywhere in ``text`` (for sources whose header is inside the body)."""
    match = DTG_LINE.search(text)
    if match is None:
        return None
    return match.group(0)[len(match.group(1)):], dtg_datetime(match, context_year)


def origin_from_line(from_line: str) -> str | None:
    """``AMEMBASSY MEXICO`` -> ``Embassy Mexico``, for sources without an Origin field."""
    words = from_line.split()
    if not words:
        return None
    label = tables.office_prefixes().get(words[0])
    if label is None:
        return None
    place = [w for w in words[1:] if w not in ("WASHDC",)]
    return " ".join([label, *(w.capitalize() for w in place)]) if place else label
