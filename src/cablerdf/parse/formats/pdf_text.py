"""``pdf-text``: text extracted from the release's PDF rendering.

ISO-8859-1 with CRLF line ends (``¶`` is byte 0xB6); no metadata table: the transmission header
(VZCZC, DTG, FM, TO, INFO) runs straight into the body, which opens with the banner line.
"""

from __future__ import annotations

import re

from cablerdf.parse import ids
from cablerdf.parse.banner import read_banner
from cablerdf.parse.formats.page_text import BODY_START
from cablerdf.parse.header import DTG_LINE
from cablerdf.parse.model import CableParseError, Defect, RawCable, Source

HEADER_LINE = re.compile(r"VZCZC|[A-Z]{1,2}\s+R[A-Z]{4}|DE R|ZNY|ZNR|FM |TO |INFO |BT\b|R[A-Z0-9]{3,7}/")


def decode(data: bytes) -> str:
    return data.decode("latin-1").replace("\r\n", "\n").replace("\r", "\n")


def read_pdf_text(text: str, path: str) -> RawCable:
    lines = text.split("\n")
    start = body_start(lines)
    if start is None:
        raise CableParseError("no banner line (classification, station, serial) found", path)
    header = "\n".join(lines[:start]).strip("\n") or None
    body = "\n".join(lines[start:]).strip("\n")
    defects: list[Defect] = []
    reference_id = id_from(lines[start], header, path, defects)
    return RawCable(Source(path, "pdf-text"), {"reference_id": reference_id}, header, body, defects=defects)


def body_start(lines: list[str]) -> int | None:
    seen_dtg = False
    for index, line in enumerate(lines):
        seen_dtg = seen_dtg or DTG_LINE.match(line.strip()) is not None
        if BODY_START.match(line) and (seen_dtg or not HEADER_LINE.match(line)) and read_banner(line):
            return index
    return None


def id_from(banner_line: str, header: str | None, path: str, defects: list[Defect]) -> str:
    """The reference ID: year of the DTG, station and serial of the banner line."""
    banner = read_banner(banner_line)
    dtg = DTG_LINE.search(header or "")
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0].upper()
    station = ids.station_code(banner.station) if banner else None
    if banner is None or dtg is None or station is None:
        if ids.is_well_formed(stem):
            defects.append(Defect("reference-id-from-file-name", f"reference ID {stem} taken from the file name",
                                  None, "metadata"))
            return stem
        raise CableParseError("cannot tell the reference ID (no DTG or banner station)", path)
    built = f"{dtg.group(6)[-2:]}{station}{int(banner.serial)}"
    if ids.is_well_formed(stem) and stem != built:
        defects.append(Defect("reference-id-mismatch", f"the text reads {built}, the file is named {stem}",
                              None, "metadata"))
    return built
