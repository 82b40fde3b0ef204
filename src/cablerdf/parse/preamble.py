"""The opening of a cable body: banner, captions, E.O. line, TAGS, SUBJECT, REF, Classified By."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from cablerdf.parse import ids, tables
from cablerdf.parse.model import Cable, ClassifiedBy, Reference

SPACED = re.compile(r"\b(?:[A-Z] ){3,}[A-Z]\b")
BANNER = re.compile(
    r"(?P<word>TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE)\b[/ ]*"
    r"(?P<captions>(?:(?:NOFORN|SIPDIS|EFTO|SENSITIVE|NODIS|EXDIS|LIMDIS|STADIS|FOUO)[/ ]+)*)"
    r"(?:S[A-Z]{3,7}\s*0*(?P<section>\d{1,3})\s+O?F\s*0*(?P<count>\d{1,3})\s+)?"
    r"(?:\d\d\s+)?(?P<station>[A-Z][A-Z .]*?)\s+0*(?P<serial>\d{1,7})\b"
    r"(?P<after>(?:[\s/]+(?:NOFORN|SIPDIS|EFTO|SENSITIVE|NODIS|EXDIS|LIMDIS|STADIS|FOUO))*)"
)
FIELD = re.compile(
    r"\s*¶?\s*(?:\((?:U|C|S|SBU)\)\s*)?(?:(?P<eo>E\.?\s?[O0]\.?\s?1\d{4}|E\.?\s?[O0]\.?\s?\d{4,5}\s*:)"
    r"|(?P<tags>TAGS?)(?=[\s:,.])|(?P<subject>SUBJ(?:ECT)?\s*[:.])|(?P<ref>REF(?:S|TEL|TELS)?\s*[:.(]|Refs?\s*:)"
    r"|(?P<cls>(?:CLASSIFIED|Classified)\s+(?:BY|By|by)\b))"
)
PARAGRAPH_START = re.compile(r"\s*(?:¶\s?)?\d{1,3}\s?[.)]\s|\s*¶\s?\d{1,3}\b")
# PARAGRAPH_START at the start of any line of a text (the first paragraph among the opening lines)
HEAD_PARAGRAPH = re.compile(r"^[ \t]*(?:(?:¶[^\S\n]?)?\d{1,3}[^\S\n]?[.)][^\S\n]|¶[^\S\n]?\d{1,3}\b)", re.M)
DECL_DATE = re.compile(
    r"DECL\s*[:.]?\s*(?:ON\s+)?(?:(\d{1,2})/(\d{1,2})/(\d{2,4})|(\d{4})/(\d{1,2})/(\d{1,2}))\b", re.I
)
REF_LABEL = re.compile(r"(?:^|(?<=\s)|(?<=;))¶?\(?([A-Z])[.)]\s+")
REASON_SECTION = re.compile(r"1\s?\.\s?([45])")
REASON_LETTER = re.compile(r"(?<![A-Za-z])([a-hA-H])(?![A-Za-z'])(?!\s?nd\b)")
REASON_START = re.compile(
    r"[,.;:]?\s*(?:\b(?:for|per|under)\s+)?(?:\breasons?\b|\bE\.?O\.?\s?1\d{4}|(?:\bsection\s+)?\b1\.[45]\b)", re.I
)
REASON_END = re.compile(r"[.;]\s+(?=\(?[A-Z][A-Za-z/]*\)?\s)")
TRAILING_WORDS = re.compile(r"(?:[\s,.;:]+|\b(?:for|per|under|by)\b)+$", re.I)
UNDERLINE_LINE = re.compile(r"\s*[-=_]{3,}\s*")
SUBJECT_PAGE_BREAK = re.compile(r"\s+[A-Z][A-Z .]*\s0*\d{1,7}\s+0*\d{1,3}(?:\.\d)?\s+OF\s+0*\d{1,3}\s*$")
INITIAL = re.compile(r"[A-Z]\.")
BANNER_FIRST = frozenset("TSCUL")
NAME_TOKEN = re.compile(r"[A-Z][A-Za-z'\-]+|[A-Z]\.")


@dataclass
class Preamble:
    """Where the preamble ends (index of the first text line) and what it held."""

    text_start: int
    banner_line: int | None
    banner: BannerLine | None
    lines: list[str]  # the body lines, preamble fields run together split apart


def collapse_spaced(line: str) -> str:
    """``C O N F I D E N T I A L MEXICO`` -> ``CONFIDENTIAL MEXICO``."""
    return SPACED.sub(lambda m: m.group(0).replace(" ", ""), line)


class BannerLine(NamedTuple):
    word: str
    captions: tuple[str, ...]
    section: int | None
    section_count: int | None
    station: str
    serial: str


def read_banner(line: str) -> BannerLine | None:
    """Read a body banner line: classification word, captions, section, station and serial."""
    line = line.strip()
    if line[:1] not in BANNER_FIRST:
        return None
    match = BANNER.match(collapse_spaced(line))
    if match is None:
        return None
    captions: list[str] = []
    for word in (match.group("captions") + " " + match.group("after")).replace("/", " ").split():
        captions.extend(tables.body_captions().get(word, (word,)))
    section = match.group("section")
    return BannerLine(
        match.group("word"), tuple(captions), int(section) if section else None,
        int(match.group("count")) if section else None, match.group("station").strip(), match.group("serial"),
    )


def add_captions(cable: Cable, codes: tuple[str, ...]) -> None:
    for code in codes:
        if code not in cable.handling:
            cable.handling.append(code)


def caption_codes(line: str) -> tuple[str, ...] | None:
    if len(line) > 60:
        return None
    key = line.replace(" ", "").strip(".").upper()
    return tables.body_captions().get(key) if key else None


def find_banner(lines: list[str], limit: int = 80) -> tuple[int, BannerLine] | None:
    for index, line in enumerate(lines[:limit]):
        banner = read_banner(line) if line.strip() else None
        if banner is not None:
            return index, banner
    return None


def repeated_banner(lines: list[str], found: tuple[int, BannerLine] | None) -> tuple[int, BannerLine] | None:
    """A second banner line of the same cable before the first paragraph: the body starting over."""
    if found is None:
        return None
    start = found[0] + 1
    serial = found[1].serial.lstrip("0")
    for index in range(start, min(len(lines), start + HEAD_LINES)):
        line = lines[index]
        if starts_paragraph(line):
            return None
        banner = read_banner(line) if line[:1].isupper() and serial in line else None
        if banner is not None and banner.serial.lstrip("0") == found[1].serial.lstrip("0"):
            return index, banner
    return None


def field_spans(lines: list[str], start: int) -> list[tuple[str, int, int]]:
    """(field, first line, end line exclusive) of each preamble field after ``start``."""
    spans: list[tuple[str, int, int]] = []
    index, total = start, min(len(lines), start + HEAD_LINES)
    while index < total:
        line = lines[index]
        first = line.lstrip(" \t¶")[:1]
        if first not in FIELD_FIRST:
            index += 1
            continue
        if first in DIGITS and PARAGRAPH_START.match(line) and (index == 0 or not lines[index - 1].strip()):
            break
        match = FIELD.match(line)
        if match is None:
            index += 1
            continue
        kind = match.lastgroup or ""
        end = field_end(lines, index, kind)
        spans.append((kind, index, end))
        index = end
    return spans


def field_end(lines: list[str], index: int, kind: str) -> int:
    """A field runs to the next blank line or field; REF also over lettered continuation blocks."""
    end = index + 1
    while end < len(lines):
        line = lines[end]
        if not line.strip():
            if kind != "ref":
                break
            nxt = next((n for n in range(end + 1, min(end + 4, len(lines))) if lines[n].strip()), None)
            if nxt is None or not REF_LABEL.match(lines[nxt].strip()):
                break
            end = nxt
            continue
        if FIELD.match(line) or (kind != "ref" and PARAGRAPH_START.match(line)) or UNDERLINE_LINE.fullmatch(line):
            break
        end += 1
    return end


HEAD_LINES = 80  # preamble fields are looked for in the first lines after the banner only
FIELD_FIRST = frozenset("ETSRCr(0123456789")
DIGITS = frozenset("0123456789")


def starts_paragraph(line: str) -> bool:
    first = line.lstrip(" \t")[:1]
    return (first in DIGITS or first == "¶") and PARAGRAPH_START.match(line) is not None


INLINE_FIELD = re.compile(r"(?<=\S)\s+(?=TAGS\s*:|SUBJECT\s*:|REF(?:S|TEL)?\s*:|Classified By\s*:|CLASSIFIED BY\s*:"
                          r"|E\.O\.\s?1\d{4}\s*:)")


def split_run_together(lines: list[str], cable: Cable) -> list[str]:
    """Preamble lines holding several fields (``E.O. 12958: N/A TAGS: ECON``) split at each field."""
    opening = "\n".join(lines[:80])
    start = HEAD_PARAGRAPH.search(opening)
    head = opening.count("\n", 0, start.start()) if start else min(len(lines), 80)
    if INLINE_FIELD.search(opening, 0, start.start() if start else len(opening)) is None:
        return lines
    out: list[str] = []
    for number, line in enumerate(lines[:head], 1):
        parts = INLINE_FIELD.split(line) if ":" in line and len(line) > 12 else [line]
        if len(parts) > 1:
            cable.defect("fields-run-together", f"{len(parts)} preamble fields on one line were split "
                         "(body line numbers after it count the split lines)", number)
        out.extend(parts)
    return out + lines[head:]


def parse_preamble(lines: list[str], cable: Cable, context_year: str | None) -> Preamble:
    lines = split_run_together(lines, cable)
    found = find_banner(lines)
    restart = repeated_banner(lines, found)
    if restart is not None:
        cable.defect("body-repeated", f"the body starts over at line {restart[0] + 1}; the lines before it are "
                     "a truncated copy and record residue", restart[0] + 1)
        found = restart
    if found is None:
        cable.defect("banner-missing", "no classification banner line opens the body")
    else:
        cable.section, cable.section_count = found[1].section, found[1].section_count
        add_captions(cable, found[1].captions)
    start = 0 if found is None else found[0] + 1
    spans = field_spans(lines, start)
    handlers = {"eo": read_eo, "tags": read_tags, "subject": read_subject, "cls": read_classified_by}
    for kind, first, end in spans:
        text = "\n".join(lines[first:end])
        if kind == "ref":
            read_refs(text, cable, context_year, first + 1)
        else:
            handlers[kind](text, cable, first + 1)
    text_start = spans[-1][2] if spans else start
    for line in lines[start:text_start]:
        codes = caption_codes(line)
        if codes:
            add_captions(cable, codes)
    # captions right after the fields (NOFORN below SUBJECT) still belong to the preamble
    while text_start < len(lines) and (not lines[text_start].strip() or caption_codes(lines[text_start])):
        codes = caption_codes(lines[text_start])
        if codes:
            add_captions(cable, codes)
        text_start += 1
    return Preamble(text_start, found[0] if found else None, found[1] if found else None, lines)


def field_value(text: str) -> str:
    """The text after a field's keyword and colon, whitespace folded."""
    match = FIELD.match(text)
    rest = text[match.end():] if match else text
    return " ".join(rest.lstrip(" :.").split())


def read_eo(text: str, cable: Cable, line: int) -> None:
    cable.eo_line = " ".join(text.replace("¶", "").split())
    if text.lstrip().startswith("¶"):
        cable.defect("spurious-paragraph-sign", "the E.O. line carries a paragraph sign", line)
    decl = cable.eo_line.upper().find("DECL")
    instruction = cable.eo_line[decl:] if decl >= 0 else cable.eo_line.split(":", 1)[1] if ":" in cable.eo_line else ""
    cable.declassification = instruction.strip() or None
    match = DECL_DATE.search(cable.eo_line)
    if match:
        g = match.groups()
        month, day, year = (int(g[0]), int(g[1]), int(g[2])) if g[0] else (int(g[4]), int(g[5]), int(g[3]))
        year = year + (2000 if year < 50 else 1900) if year < 100 else year
        if 1 <= month <= 12 and 1 <= day <= 31:
            cable.declassify_on = f"{year:04d}-{month:02d}-{day:02d}"
        else:
            cable.defect("declassification-date-invalid", f"declassification {match.group(0)!r} is not a date", line)


def read_subject(text: str, cable: Cable, line: int) -> None:
    cable.subject = field_value(text) or None
    residue = SUBJECT_PAGE_BREAK.search(cable.subject or "")
    if cable.subject and residue:
        cable.defect("page-break-residue", f"page-break text {residue.group(0).strip()!r} left out of the subject",
                     line)
        cable.subject = cable.subject[: residue.start()].rstrip() or None
    if cable.subject is None:
        cable.defect("subject-empty", "the SUBJECT line is empty", line)


def read_classified_by(text: str, cable: Cable, line: int) -> None:
    folded = field_value(text)
    folded = re.sub(r"^(?:Classifi?e?d\s+by:?\s*)+", "", folded, flags=re.I)
    reason_at = REASON_START.search(folded)
    who = folded[: reason_at.start()] if reason_at else folded
    reasons_text = folded[reason_at.start():] if reason_at else ""
    end = REASON_END.search(reasons_text, 1)
    reasons_text = reasons_text[: end.start()] if end else reasons_text
    title, name = split_title_name(TRAILING_WORDS.sub("", who).strip(" ,.;:"))
    cable.classified_by = ClassifiedBy(name, title, reasons(reasons_text), folded)
    if not cable.classified_by.reasons:
        cable.defect("classification-reasons-missing", "no classification reason on the Classified By line", line)


def reasons(text: str) -> list[str]:
    found: list[str] = []
    sections = list(REASON_SECTION.finditer(text))
    for i, match in enumerate(sections):
        stop = sections[i + 1].start() if i + 1 < len(sections) else len(text)
        for letter in REASON_LETTER.findall(text[match.end():stop]):
            reason = f"1.{match.group(1)}({letter.lower()})"
            if reason not in found:
                found.append(reason)
    return found


def split_title_name(who: str) -> tuple[str | None, str | None]:
    """``NAS Director Keith Mines`` -> (``NAS Director``, ``Keith Mines``); also ``Name, Title``."""
    if "," in who:
        left, right = (part.strip() for part in who.split(",", 1))
        if is_name(left.split()):
            return right or None, left
    tokens = who.split()
    if not tokens:
        return None, None
    titles = tables.classifier_title_words()
    if not NAME_TOKEN.fullmatch(tokens[-1]) or tokens[-1].upper().rstrip(".") in titles:
        return who, None
    start = take_initials(tokens, len(tokens) - 1)
    candidate = tokens[start - 1] if start > 0 else ""
    if candidate and NAME_TOKEN.fullmatch(candidate) and candidate.upper() not in titles \
            and not (candidate.isupper() and len(candidate) <= 4 and not tokens[-1].isupper()):
        start = take_initials(tokens, start - 1)
    return " ".join(tokens[:start]) or None, " ".join(tokens[start:])


def take_initials(tokens: list[str], start: int) -> int:
    while start > 0 and INITIAL.fullmatch(tokens[start - 1]):
        start -= 1
    return start


def is_name(words: list[str]) -> bool:
    titles = tables.classifier_title_words()
    return 2 <= len(words) <= 4 and all(NAME_TOKEN.fullmatch(w) and w.upper() not in titles for w in words)


def read_tags(text: str, cable: Cable, line: int) -> None:
    from cablerdf.parse.tags import split_tags

    cable.tags_line = " ".join(text.split())
    match = FIELD.match(text)
    rest = text[match.end():] if match else text
    if not rest.lstrip().startswith(":"):
        cable.defect("tags-colon-missing", "the TAGS line has no colon", line)
    cable.tags, repairs = split_tags(rest.lstrip(" :"))
    for message in repairs:
        cable.defect("tags-run-on", message, line)


def read_refs(text: str, cable: Cable, context_year: str | None, line: int) -> None:
    value = field_value(text)
    labels = list(REF_LABEL.finditer(value))
    if "¶" in value:
        cable.defect("spurious-paragraph-sign", "a REF label carries a paragraph sign", line)
    parts: list[tuple[str | None, str]]
    if not labels:
        parts = [(None, p.strip()) for p in value.split(";") if p.strip()] or [(None, value)]
    else:
        parts = [
            (m.group(1), value[m.end(): labels[i + 1].start() if i + 1 < len(labels) else len(value)].strip(" ;"))
            for i, m in enumerate(labels)
        ]
    for label, part in parts:
        if not part:
            continue  # "A. A. 02 NEW DELHI 6938": a doubled label
        cable_id = ids.cable_id_in(part, context_year)
        cable.references.append(Reference(label, cable_id, part))
