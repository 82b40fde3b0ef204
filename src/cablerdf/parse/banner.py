"""The body's banner line: classification word, captions, section, station and serial.

The banner is written upper-case (``CONFIDENTIAL SECTION 01 OF 02 HARARE 005461``), letter-spaced
(``C O N F I D E N T I A L MEXICO 002882``) or, in the partial extracts newspapers printed, letter-spaced
and lower-cased (``C o n f i d e n t i a l section 01 of 04 ankara 000348``). A lower-case line is read
as a banner only when it is letter-spaced: ``Confidential sources 12`` is text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cablerdf.parse import tables

SPACED = re.compile(r"\b(?:[A-Za-z] ){3,}[A-Za-z]\b")
# the classification words a banner or a classification line opens with (the words of banner_words.csv)
CLASSIFICATION = r"(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE)"
CAPTION = r"(?:NOFORN|SIPDIS|EFTO|SENSITIVE|NODIS|EXDIS|LIMDIS|STADIS|FOUO)"
BANNER = re.compile(
    rf"(?P<word>{CLASSIFICATION})\b[/ ]*"
    rf"(?P<captions>(?:{CAPTION}[/ ]+)*)"
    r"(?:S[A-Z]{3,7}\s*0*(?P<section>\d{1,3})\s+O?F\s*0*(?P<count>\d{1,3})\s+)?"
    r"(?:\d\d\s+)?(?P<station>[A-Z][A-Z .]*?)\s+0*(?P<serial>\d{1,7})\b"
    rf"(?P<after>(?:[\s/]+{CAPTION})*)"
)
PADDED_SERIAL = re.compile(r"\s0\d{4,6}\s*$")  # "Unclas nairobi 000165"
BANNER_FIRST = frozenset("TSCULtscul")


class BannerLine(NamedTuple):
    word: str
    captions: tuple[str, ...]
    section: int | None
    section_count: int | None
    station: str
    serial: str
    lower_case: bool = False  # printed lower-cased (a newspaper's partial extract)


def collapse_spaced(line: str) -> str:
    """``C O N F I D E N T I A L MEXICO`` -> ``CONFIDENTIAL MEXICO`` (any case)."""
    return SPACED.sub(lambda m: m.group(0).replace(" ", ""), line)


def read_banner(line: str) -> BannerLine | None:
    """Read a body banner line: classification word, captions, section, station and serial."""
    line = line.strip()
    if line[:1] not in BANNER_FIRST:
        return None
    collapsed = collapse_spaced(line)
    lower = collapsed[1:12] != collapsed[1:12].upper()
    if lower and collapsed == line and not PADDED_SERIAL.search(line):
        return None  # "Confidential sources 12": a lower-case banner is letter-spaced or has a padded serial
    match = BANNER.match(collapsed.upper() if lower else collapsed)
    if match is None:
        return None
    captions: list[str] = []
    for word in (match.group("captions") + " " + match.group("after")).replace("/", " ").split():
        captions.extend(tables.body_captions().get(word, (word,)))
    section = match.group("section")
    return BannerLine(
        match.group("word"), tuple(captions), int(section) if section else None,
        int(match.group("count")) if section else None, match.group("station").strip(), match.group("serial"),
        lower,
    )


def find_banner(lines: list[str], limit: int = 160) -> tuple[int, BannerLine] | None:
    for index, line in enumerate(lines[:limit]):
        banner = read_banner(line) if line.strip() else None
        if banner is not None:
            return index, banner
    return None
