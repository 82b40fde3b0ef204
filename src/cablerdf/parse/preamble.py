"""The opening of a cable body: banner, captions, E.O. line, TAGS, SUBJECT, REF, Classified By.

Fields are recognised in the forms cables print them: upper-case (``TAGS: PGOV``), without colon
(``TAGS PGOV``, ``EO 12958 DECL: …``), and the capitalised forms of the newspapers' partial extracts
(``E.o. 12958: decl: …``, ``Tags: prel, pgov``, ``Subject: …``), several run together on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablerdf.parse import ids, tables
from cablerdf.parse.banner import BannerLine, find_banner, read_banner
from cablerdf.parse.classified_by import read_classified_by
from cablerdf.parse.header import MONTHS
from cablerdf.parse.model import Cable
from cablerdf.parse.references import read_refs
from cablerdf.parse.residue import LINE_END_ESCAPE
from cablerdf.parse.tags import read_tags, split_tags

FIELD = re.compile(
    r"\s*¶?\s*(?:\((?:U|C|S|SBU)\)\s*)?(?:(?P<eo>E\.?\s?[Oo0]\.?\s?1\d{4}|E\.?\s?[O0]\.?\s?\d{4,5}\s*:|e\.o\.\s?1\d{4})"
    r"|(?P<tags>TAGS?(?=[\s:,.])|[Tt]ags?\s*:)|(?P<subject>SUBJ(?:ECT)?\s*[:.]|[Ss]ubj(?:ect)?\s*:|(?=X{8,}:\s))"
    r"|(?P<ref>REF(?:S|TEL|TELS)?\s*[:.(]|REF(?:S|TEL)?\s+(?=[A-Z0-9]{1,2}\s*[:.)]|\d\d\s|[A-Z]{3,}\s+\d)"
    r"|[Rr]efs?\s*:|Reftel\s*:)"
    r"|(?P<cls>(?:CLASSIFIED|Classified|classified)\s+(?:BY|By|by)\b))"
)
PARAGRAPH_START = re.compile(r"\s*(?:¶\s?)?\d{1,3}\s?[.)](?:\s|\()|\s*¶\s?\d{1,3}\b")
# PARAGRAPH_START at the start of any line of a text (the first paragraph among the opening lines)
HEAD_PARAGRAPH = re.compile(r"^[ \t]*(?:(?:¶[^\S\n]?)?\d{1,3}[^\S\n]?[.)](?:[^\S\n]|\()|¶[^\S\n]?\d{1,3}\b)", re.M)
DECL_DATE = re.compile(
    r"DECL(?:ASSIFIED)?\s*[:.]?\s*(?:ON\s+|BY\s+[A-Z]+\s+)?(?:(\d{1,2})/(\d{1,2})/(\d{2,4})|(\d{4})/(\d{1,2})/(\d{1,2}))\b",
    re.I,
)
EO_NUMBER = re.compile(r"\s*E\.?\s?[Oo0]\.?\s?\d{4,5}\s*:?\s*")
DECL_WORDS_DATE = re.compile(r"DECL(?:ASSIFIED)?\s*[:.]?\s*(?:ON\s+)?([A-Z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b", re.I)
UNDERLINE_LINE = re.compile(r"\s*[-=_]{3,}\s*")
SUBJECT_PAGE_BREAK = re.compile(
    r"\s+(?P<station>(?:[A-Z][A-Za-z.]*\s){0,3}[A-Z][A-Za-z.]*)\s0*\d{1,8}\s+0*\d{1,3}(?:\.\d)?\s+(?:OF|of)\s+0*\d{1,3}\s*$"
)
MARK = r"\((?:U|C|S|SBU|TS|LOU|[CSU]//?[A-Z]{1,6})\)"  # a paragraph's portion marking: "(C)", "(S//NF)"
INLINE_FIELD = re.compile(
    rf"(?<=[.)])\s*(?=¶?\d{{1,2}}\.\s?{MARK}(?:\s|$))"
    rf"|(?<=[^:\s])\s+(?={MARK}\s+[A-Z][a-z])"
    r"|(?<=[A-Z0-9,])(?=SUBJECT\s*:)|(?<=\d)(?=TAGS\s*:)|(?<=[A-Z])\s+(?=X{8,}:\s)|(?<=\d)\s+(?=TAGS\s+[A-Z]{2,4}\b)"
    r"|(?<=\S)\s+(?=[Tt](?:AGS|ags)\s*:|[Ss](?:UBJECT|ubject)\s*:|REF(?:S|TEL)?\s*:|[Rr]efs?\s*:"
    r"|[Cc](?:LASSIFIED BY|lassified [Bb]y)\b|[Ee]\.[Oo]\.\s?1\d{4}\s*:)"
)
HEAD_LINES = 80  # preamble fields are looked for in the first lines after the banner only
FIELD_FIRST = frozenset("ETSRCrcetsX(0123456789")
DIGITS = frozenset("0123456789")


@dataclass
class Preamble:
    """Where the preamble ends (index of the first text line) and what it held."""

    text_start: int
    banner_line: int | None
    banner: BannerLine | None
    lines: list[str]  # the body lines, preamble fields run together split apart


def add_captions(cable: Cable, codes: tuple[str, ...]) -> None:
    for code in codes:
        if code not in cable.handling:
            cable.handling.append(code)


def caption_codes(line: str) -> tuple[str, ...] | None:
    if len(line) > 60:
        return None
    key = line.replace(" ", "").replace(".", "").upper()
    return tables.body_captions().get(key) if key else None


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
        if banner is None and line[:1].isupper() and index + 1 < len(lines) and serial in lines[index + 1] \
                and " OF " in line.upper():  # "S E C R E T SECTION 01 OF 04" / "THE HAGUE 000399"
            banner = read_banner(line.rstrip() + " " + lines[index + 1].strip())
        if banner is not None and banner.serial.lstrip("0") == found[1].serial.lstrip("0") \
                and has_subject(lines, index + 1):
            return index, banner
    return None


def has_subject(lines: list[str], start: int) -> bool:
    """Whether a SUBJECT line follows ``start`` among the opening lines (a body starting over has one)."""
    for line in lines[start:start + HEAD_LINES]:
        match = FIELD.match(line)
        if match and match.lastgroup == "subject":
            return True
        if starts_paragraph(line):
            return False
    return False


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
        if kind == "cls":
            end = split_after_reasons(lines, index, end)
        spans.append((kind, index, end))
        index = end
    return spans


def field_end(lines: list[str], index: int, kind: str) -> int:
    """A field runs to the next blank line or field; REF also over labelled continuation blocks."""
    end = index + 1
    while end < len(lines):
        line = lines[end]
        if not line.strip():
            if kind == "subject" and end + 1 < len(lines) and subject_goes_on(lines[end + 1]) \
                    and (dangling(lines[end - 1]) or lines[end + 1].strip().startswith("(")):
                end += 2
                continue
            if kind != "ref":
                break
            nxt = next((n for n in range(end + 1, min(end + 4, len(lines))) if lines[n].strip()), None)
            if nxt is None or not ref_continues(lines[nxt].strip()):
                break
            end = nxt
            continue
        if FIELD.match(line) or UNDERLINE_LINE.fullmatch(line) or MARKED_TEXT.match(line):
            break
        if PARAGRAPH_START.match(line) and (kind != "ref" or not REF_ITEM.match(line)):
            break
        end += 1
    return end


def split_after_reasons(lines: list[str], index: int, end: int) -> int:
    """Where a Classified By field ends: after the line that completes its reasons (``… (b) and (d).``);
    text glued after the reasons on that line (``Mr. President, …``) is split onto a line of its own."""
    for at in range(index, end):
        so_far = " ".join(lines[index:at + 1])
        if not REASONS_GIVEN.search(so_far):
            continue
        tail = REASONS_DONE.search(lines[at])
        if tail and len(lines[at]) - tail.end() > 12 and lines[at][tail.end():].strip()[:1] in UPPER_OR_RULE:
            lines[at:at + 1] = [lines[at][: tail.end()], "", lines[at][tail.end():].strip()]
            return at + 1
        following = lines[at + 1].strip() if at + 1 < len(lines) else ""
        if lines[at].rstrip().endswith(".") or (lines[at].rstrip().endswith(")") and not CONTINUES.match(following)):
            return at + 1
    return end


CONTINUES = re.compile(r"(?:and|or|AND|OR|And)\b|&|\(|[a-z]")


UPPER_OR_RULE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ-=¶")
REASONS_GIVEN = re.compile(r"\b1\s?\.\s?[45]\b|\bE\.?O\.?\s?1\d{4}", re.I)
REASONS_DONE = re.compile(
    r"(?:\b1\s?\.\s?[45]\s?(?:\(?[a-hA-H]\)?(?:\s*(?:,|and|&)\s*)?)+|\([a-hA-H]\))(?:\s*[.;]|(?=\s+[A-Z¶-]))"
)


def dangling(line: str) -> bool:
    """A subject line that goes on below a blank line: it ends on a word that cannot end it (``… VISIT
    TO``), or it fills the line and ends without a stop (``… MEET WITH PRESIDENT`` / ``URIBE``)."""
    words = line.split()
    if not words:
        return False
    return words[-1].upper().strip(",") in DANGLING or (len(line.rstrip()) >= 50 and line.rstrip()[-1].isalnum())


def subject_goes_on(line: str) -> bool:
    """A short line that ends a subject, not a field, caption or heading of its own; or a gloss in
    parentheses (``“AQUI NADA ES FACIL”`` / ``(HERE NOTHING IS EASY)``)."""
    text = line.strip()
    if text.startswith("(") and text.endswith(")") and len(text) < 80:
        return True
    return 0 < len(text) < 60 and not FIELD.match(line) and caption_codes(line) is None \
        and text.strip(" :-").upper() not in HEADING_WORDS and not starts_paragraph(line)


HEADING_WORDS = frozenset({"SUMMARY", "COMMENT", "BACKGROUND", "INTRODUCTION", "BEGIN SUMMARY", "KEY POINTS"})


DANGLING = frozenset({"TO", "OF", "AND", "THE", "FOR", "IN", "ON", "WITH", "AT", "A", "AN", "BY", "FROM", "-", "--"})
MARKED_TEXT = re.compile(rf"\s*{MARK}\s+[A-Z][a-z]")  # "(U) Pol/Econ Chief …"


def ref_continues(line: str) -> bool:
    """A labelled REF item below a blank line (``B. STATE 1234``), not the text's first paragraph opening
    with its marking (``(U) Two days after NATO signed …``)."""
    return REF_CONTINUES.match(line) is not None and (len(line) < 60 or any(c.isdigit() for c in line[:40]))


REF_CONTINUES = re.compile(r"¶?\(?[A-Za-z][.)]\s*\S")
REF_ITEM = re.compile(r"\s*\d{1,2}[.)]\s+(?:\d\d(?:\d\d)?\s+)?[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+){0,3}\s+\d{1,7}\b")


def starts_paragraph(line: str) -> bool:
    first = line.lstrip(" \t")[:1]
    return (first in DIGITS or first == "¶") and PARAGRAPH_START.match(line) is not None


def split_run_together(lines: list[str], cable: Cable) -> list[str]:
    """Preamble lines holding several fields (``E.O. 12958: N/A TAGS: ECON``) split at each field."""
    opening = "\n".join(lines[:HEAD_LINES * 2])
    start = HEAD_PARAGRAPH.search(opening)
    head = opening.count("\n", 0, start.start()) if start else min(len(lines), HEAD_LINES * 2)
    if INLINE_FIELD.search(opening, 0, start.start() if start else len(opening)) is None:
        return lines
    out: list[str] = []
    for number, line in enumerate(lines[:head], 1):
        parts = INLINE_FIELD.split(line) if (":" in line or "(" in line) and len(line) > 6 else [line]
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
        read_banner_line(cable, found)
    start = 0 if found is None else found[0] + 1
    spans = field_spans(lines, start)
    seen: set[str] = set()
    for kind, first, end in spans:
        text = "\n".join(lines[first:end])
        if kind == "ref":
            read_refs(text, cable, context_year, first + 1)
        elif kind != "subject" and not field_value(text).strip(" :.").replace("Classified by", ""):
            continue  # a keyword alone ("Classified By: Classified by: …" split in two): the next one holds it
        elif kind not in seen or (kind == "subject" and (cable.subject or "").endswith("...")):
            HANDLERS[kind](text, cable, first + 1)  # given twice (a section header repeating it): the first
        seen.add(kind)
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


def tags_from_sections(lines: list[str], cable: Cable) -> None:
    """A cable whose own TAGS line holds no code (``TAGS: War Crimes``) takes the codes a later
    section's repeated preamble gives (``TAGS: PHUM SPR SOCI ELAB HR``)."""
    for number, line in enumerate(lines, 1):
        match = FIELD.match(line) if "TAGS" in line[:12] else None
        if match is None or match.lastgroup != "tags":
            continue
        codes, _ = split_tags(line[match.end():].lstrip(" :"))
        codes = [c for c in codes if not c.startswith("(")]
        if codes:
            cable.tags = codes
            cable.defect("tags-from-section", f"the TAGS line holds no code; {' '.join(codes)} read from a "
                         "later section's TAGS line", number)
            return


def read_banner_line(cable: Cable, found: tuple[int, BannerLine]) -> None:
    banner = found[1]
    cable.section, cable.section_count = banner.section, banner.section_count
    add_captions(cable, banner.captions)
    if banner.lower_case:
        cable.is_partial = True
        cable.defect("partial-extract", "the banner is lower-cased: the text is the partial extract a newspaper "
                     "printed, not the whole cable", found[0] + 1)


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
    after = EO_NUMBER.match(cable.eo_line)
    instruction = cable.eo_line[decl:] if decl >= 0 else cable.eo_line[after.end():] if after else ""
    cable.declassification = instruction.strip() or None
    match = DECL_DATE.search(cable.eo_line)
    words = DECL_WORDS_DATE.search(cable.eo_line) if match is None else None
    if words and MONTHS.get(words.group(1)[:3].upper()):
        month = MONTHS[words.group(1)[:3].upper()]
        cable.declassify_on = f"{int(words.group(3)):04d}-{month:02d}-{int(words.group(2)):02d}"
    if match:
        g = match.groups()
        month, day, year = (int(g[0]), int(g[1]), int(g[2])) if g[0] else (int(g[4]), int(g[5]), int(g[3]))
        year = year + (2000 if year < 50 else 1900) if year < 100 else year
        if 1 <= month <= 12 and 1 <= day <= 31:
            cable.declassify_on = f"{year:04d}-{month:02d}-{day:02d}"
        else:
            cable.defect("declassification-date-invalid", f"declassification {match.group(0)!r} is not a date", line)


def read_subject(text: str, cable: Cable, line: int) -> None:
    cable.subject = field_value(LINE_END_ESCAPE.sub("", text)) or None
    if cable.subject:
        cable.subject = subject_repairs(cable.subject, cable, line)
    residue = SUBJECT_PAGE_BREAK.search(cable.subject or "")
    if cable.subject and residue:
        words = residue.group("station").split()  # "… BANKING LONDON 00002478 001.3 OF 003": LONDON only
        kept = next((i for i in range(len(words)) if ids.station_code(" ".join(words[i:]))), len(words) - 1)
        cut = residue.start("station") + len(" ".join(words[:kept])) if kept else residue.start()
        cable.defect("page-break-residue", f"page-break text {cable.subject[cut:].strip()!r} left out of the "
                     "subject", line)
        cable.subject = cable.subject[:cut].rstrip() or None
    if cable.subject is None:
        cable.defect("subject-empty", "the SUBJECT line is empty", line)


TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def subject_repairs(subject: str, cable: Cable, line: int) -> str:
    """The subject without what a site added to it: typographic quotes (telegrams have none), its
    "..." truncation mark, a caption run into it (``… SENSITIVE BUT UNCLASSIFIED, PLEASE TREAT …``)."""
    plain = subject.translate(TYPOGRAPHIC)
    if plain != subject:
        cable.defect("subject-typographic-quotes", "typographic quotes in the subject read as plain quotes "
                     "(the site's rendering; telegrams have none)", line)
    if plain.endswith(" ..."):
        plain = plain[:-4].rstrip()
        cable.defect("subject-truncation-mark", "the site's truncation mark '...' after the subject left out", line)
    for caption in tables.subject_trailers():
        if plain.upper().endswith(" " + caption):
            plain = plain[: -len(caption)].rstrip(" ,;-")
            cable.defect("subject-caption-run-in", f"the caption {caption!r} run into the subject left out", line)
            break
    return plain


HANDLERS = {"eo": read_eo, "tags": read_tags, "subject": read_subject, "cls": read_classified_by}
