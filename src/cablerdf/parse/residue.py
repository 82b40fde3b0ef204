"""Transmission residue inside a cable's text, taken out before paragraphs are read.

A cable sent in sections, or printed in pages, carries in its text: page-break lines
(``PAGE 02 HARARE 05461 01 OF 02 271458Z``, ``BRASILIA 00001450 002 OF 003``, ``Kinshasa 00000189 002 of
002``), the classification repeated at page ends, and for each further section its transmission
header (from its ``PAGE 01`` line through FM/TO/INFO), its banner (``CONFIDENTIAL SECTION 02 OF 03
ZAGREB 000941``) and its repeated preamble (E.O., TAGS, SUBJECT). Left in, they split paragraphs
and are read as paragraphs. Each removal is a defect; the body text itself is never changed.
"""

from __future__ import annotations

import bisect
import itertools
import re

from cablerdf.parse import ids
from cablerdf.parse.banner import CLASSIFICATION, read_banner
from cablerdf.parse.model import Cable

STATION = r"[A-Za-z][A-Za-z .'-]*?"
PAGE_LINE = re.compile(
    rf"\s*(?:PAGE\s+\d{{1,3}}\s+)?{STATION}\s+0*\d{{1,8}}\s+0*\d{{1,3}}(?:\.\d)?\s+(?:OF|of)\s+0*\d{{1,3}}"
    r"(?:\s+\d{6}Z)?(?:\s+(?:C ?O ?R ?R ?E ?C ?T ?E ?D\s+C ?O ?P ?Y|Z ?F ?F ?\w*))?[\s\\]*"
)
PAGE_PREFIX = re.compile(
    rf"\s*PAGE\s+\d{{1,3}}\s+{STATION}\s+0*\d{{1,8}}\s+0*\d{{1,3}}\s+OF\s+0*\d{{1,3}}\s+\d{{6}}Z\s+"
)
CLASSIFICATION_LINE = re.compile(
    rf"\s*{CLASSIFICATION}"
    r"(?://?[A-Z ]{2,30})?(?:\s+[A-Z]{2,4}\d{3,5})?\s*[>\\]?\s*"
)
# the final site's page marker (zero-padded serial, three-digit pages), also in the middle of a line
INLINE_PAGE = re.compile(
    r"[ \t]*\b[A-Za-z][A-Za-z .'-]{1,24}?\s0{2,}\d{1,6}\s+\d{3}(?:\.\d)?\s+(?:OF|of)\s+\d{3}\b[ \t]*"
)
CLASSIFICATION_SUFFIX = re.compile(r"\s{2,}(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|LIMITED OFFICIAL USE)\s*$")
PAGE_ONE = re.compile(r"\s*PAGE\s+0?1\s")
HEADER_START = re.compile(r"\s*(?:[ZOPRY]{1,2}\s+\d{6}Z\s+[A-Z]{3}\s+\d\d|ACTION\s+[A-Z]+-\d\d|INFO\s+[A-Z]+-\d\d)")
FIELD_LINE = re.compile(r"\s*¶?\s*(?:E\.?\s?[Oo0]\.?\s?1\d{4}|TAGS?\b|Tags:|SUBJ(?:ECT)?\s*[:.]|Subject:"
                        r"|REF(?:S|TEL)?\b"
                        r"|Ref:|(?:CLASSIFIED|Classified)\s+(?:BY|By|by)\b)")
SECTION_LOOKAHEAD = 40
LINE_END_ESCAPE = re.compile(r"[ \t]*\\[ \t]*$", re.M)  # "THE UN'S FUTURE IN COLOMBIA \\": a dump's escapes


def suspects(lines: list[str]) -> list[int]:
    """The indexes of the lines that may hold residue, in order (found in one pass over the text)."""
    text = "\n".join(lines)
    if HINT.search(text) is None:
        return []
    starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    return sorted({bisect.bisect_right(starts, match.start()) - 1 for match in HINT.finditer(text)})


HINT = re.compile(r"\d\s+(?:OF|of|Of)\s+0*\d|PAGE\s+\d|000\d|SECRET|CONFIDENTIAL|UNCLAS|LIMITED OFFICIAL USE")


def clean(lines: list[str], cable: Cable, first_line: int) -> tuple[list[str], list[int]]:
    """The text lines without residue, and for each kept line its 1-based body line number. Only the
    lines that may hold residue are looked at; the others are copied in slices."""
    kept: list[str] = []
    origin: list[int] = []
    serial = serial_of(cable)
    done = 0  # lines before this index are dealt with
    for index in suspects(lines):
        if index < done:
            continue
        kept.extend(lines[done:index])
        origin.extend(range(first_line + done, first_line + index))
        done = index + 1
        line, number = lines[index], first_line + index
        paged = " OF " in line or " of " in line or " Of " in line  # page-break and section lines say "N OF M"
        section_end = section_header_end(lines, index, serial, cable) if serial and paged else None
        if section_end is not None:
            drop_header_before(kept, origin, cable)
            cable.defect("section-header-residue", f"the header of a further section (lines {number}-"
                         f"{first_line + section_end - 1}) left out of the text", number)
            done = section_end
        elif paged and PAGE_LINE.fullmatch(line):
            cable.defect("page-break-residue", f"page-break line {line.strip()!r} left out of the text", number)
        elif line[:40].lstrip()[:1] in "TSCUL" and CLASSIFICATION_LINE.fullmatch(line) and len(line.strip()) > 5:
            cable.defect("page-break-residue", f"classification line {line.strip()!r} left out of the text", number)
        else:
            kept.append(trim(line, cable, number))
            origin.append(number)
    kept.extend(lines[done:])
    origin.extend(range(first_line + done, first_line + len(lines)))
    return kept, origin


def trim(line: str, cable: Cable, number: int) -> str:
    """A text line without a page-break line glued to its front or a classification glued to its end."""
    if line[:1] in " P" and PAGE_PREFIX.match(line):
        found = PAGE_PREFIX.match(line)
        assert found is not None
        cable.defect("page-break-residue", f"page-break text {found.group(0).strip()!r} left out of the text", number)
        line = line[found.end():]
    inline = INLINE_PAGE.search(line) if "000" in line else None
    if inline:
        cable.defect("page-break-residue", f"page-break text {inline.group(0).strip()!r} left out of the text", number)
        line = line[: inline.start()] + " " + line[inline.end():]
    suffix = CLASSIFICATION_SUFFIX.search(line) if line.endswith(("L", "T", "E", "D", " ")) else None
    if suffix and len(line) > len(suffix.group(0)) + 10:
        cable.defect("page-break-residue", f"classification {suffix.group(0).strip()!r} left out of the text", number)
        line = line[: suffix.start()]
    return line


def serial_of(cable: Cable) -> int | None:
    parts = ids.split_id(cable.canonical_id)
    return int(parts[2]) if parts else None


def section_header_end(lines: list[str], index: int, serial: int, cable: Cable) -> int | None:
    """Where a further section's banner and repeated preamble starting at ``index`` end (or None)."""
    line = lines[index]
    if not line.strip() or line.lstrip()[:1] not in "TSCULtscul":
        return None
    banner = read_banner(line)
    if banner is None or banner.section is None or banner.section < 2 or int(banner.serial) != serial:
        return None
    end = index + 1
    fields_end = None
    for ahead in range(index + 1, min(len(lines), index + SECTION_LOOKAHEAD)):
        if FIELD_LINE.match(lines[ahead]):
            fields_end = field_line_end(lines, ahead, cable)
        elif fields_end is not None and ahead >= fields_end and lines[ahead].strip():
            break
    if fields_end is not None:
        end = fields_end
    while end < len(lines) and (not lines[end].strip() or caption_line(lines[end])):
        end += 1
    return end


def caption_line(line: str) -> bool:
    return line.strip().upper() in ("SIPDIS", "NOFORN", "SENSITIVE", "EXDIS", "NODIS", "LIMDIS")


def field_line_end(lines: list[str], index: int, cable: Cable) -> int:
    """The end of a repeated preamble field: one line, a subject as long as the cable's own subject."""
    end = index + 1
    if re.match(r"\s*(?:SUBJ|Subj)", lines[index]) and cable.subject:
        words = cable.subject.upper().split()
        taken = len(lines[index].split()) - 1
        while end < len(lines) and lines[end].strip() and taken < len(words) \
                and lines[end].upper().split()[0] in words[taken:taken + 2]:
            taken += len(lines[end].split())
            end += 1
    return end


def drop_header_before(kept: list[str], origin: list[int], cable: Cable) -> None:
    """The transmission header of a further section, before its banner: from its PAGE 01 line (or its
    DTG or office table), at most 120 lines back."""
    start = None
    for back in range(len(kept) - 1, max(-1, len(kept) - 121), -1):
        if PAGE_ONE.match(kept[back]):
            start = back
            break
    if start is None:
        for back in range(len(kept) - 1, max(-1, len(kept) - 61), -1):
            if HEADER_START.match(kept[back]):
                start = back
    if start is not None:
        del kept[start:], origin[start:]
