"""``page-text``: the Markdown-like text rendering of a cable page (the seed's form).

Site chrome, then the metadata table in Markdown, an "Appears in these articles" list of
``<url>`` lines, the office distribution table in Markdown, the header lines and the body.
"""

from __future__ import annotations

import re

from cablerdf.parse.model import CableParseError, Defect, RawCable, Source
from cablerdf.parse.tables import metadata_headers

LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
TABLE_ROW = re.compile(r"\|(.*)\|\s*")
RULE_ROW = re.compile(r"\|[\s|:-]*\|\s*")
BODY_START = re.compile(
    r"(?:(?:[A-Z] ){3,}[A-Z]|UNCLAS|UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\b"
)
DTG_START = re.compile(r"[A-Z]{1,2}(?: [A-Z])? \d{6}Z")


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def read_page_text(text: str, path: str) -> RawCable:
    lines = text.replace("\r\n", "\n").split("\n")
    start = next((i for i, ln in enumerate(lines) if ln.startswith("| Reference ID")), None)
    if start is None or start + 2 >= len(lines):
        raise CableParseError("no metadata table (| Reference ID | ...)", path)
    pairs = zip(cells(lines[start]), cells(lines[start + 2]), strict=False)
    names = metadata_headers()
    metadata = {names[key.lower()]: value for key, value in pairs if key.lower() in names and value}
    index, media = start + 3, []
    while index < len(lines) and not ends_media_list(lines[index]):
        url = AUTOLINK.fullmatch(lines[index].strip())
        if url:
            media.append(url.group(1))
        index += 1
    header_lines: list[str] = []
    while index < len(lines) and not BODY_START.match(lines[index]):
        line = lines[index]
        if RULE_ROW.fullmatch(line):
            pass
        elif TABLE_ROW.fullmatch(line):
            header_lines.append(" ".join(c for c in cells(line) if c))
        else:
            header_lines.append(line)
        index += 1
    body = "\n".join(unlink(line) for line in lines[index:]).strip("\n")
    defects: list[Defect] = []
    return RawCable(Source(path, "page-text"), metadata, "\n".join(header_lines).strip("\n") or None,
                    body, media_urls=repair_urls(media, defects), defects=defects)


def ends_media_list(line: str) -> bool:
    """The "Appears in these articles" list ends at the distribution table, DTG or banner."""
    return bool(TABLE_ROW.fullmatch(line) or DTG_START.match(line) or BODY_START.match(line))


def unlink(line: str) -> str:
    """Undo the rendering's link syntax: ``[KCRM](#)`` -> ``KCRM``, ``<http://x>`` -> ``http://x``."""
    if "[" in line:
        line = LINK.sub(r"\1", line)
    if "<" in line:
        line = AUTOLINK.sub(r"\1", line)
    return line


def repair_urls(urls: list[str], defects: list[Defect]) -> list[str]:
    """Media links with the doubled scheme of the 2010-11 site (``http://http://``) repaired."""
    repaired = []
    for url in urls:
        fixed = re.sub(r"^(https?://)+(?=https?://)", "", url)
        fixed = re.sub(r"^https?://(https?)://", r"\1://", fixed)
        if fixed != url:
            defects.append(Defect("media-url-doubled-scheme", f"{url} read as {fixed}", None, "metadata"))
        repaired.append(fixed)
    return repaired
