"""The text of a cable body: paragraphs, headings, page-break residue, trailer and signers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablerdf.parse import tables
from cablerdf.parse.model import Cable, Paragraph
from cablerdf.parse.repair import needs_repair, repair_text

BLANK = re.compile(r"\n[ \t\xa0]*(?:\n[ \t\xa0]*)+")
NUMBERED = re.compile(r"(?P<label>¶\s?(?P<n1>\d{1,3})\s?[.)]?|(?P<n2>\d{1,3})\s?[.)])(?=\s|\()")
MARKING = re.compile(
    r"\(\s*(?P<m>(?:U|C|S|TS|SBU|LOU|FOUO|CONF|UNCLAS|SECRET|CONFIDENTIAL)(?:\s?/\s?[A-Z]{1,8})*)\s*\)"
)
PAGE_BREAK = re.compile(r"[A-Z][A-Z .]*\s0*\d{1,7}\s+0*\d{1,3}\s+OF\s+0*\d{1,3}")
SIGN_LINE = re.compile(r"\n(?=¶\s?\d)")
SINGLE_BLANK = re.compile(r"\n[ \t\xa0]*\n(?![ \t\xa0]*\n)")
MARK_AFTER_LABEL = re.compile(r"\((?:U|C|S|SBU|TS|LOU)(?:/[A-Z]{1,6})?\)")
RUN_TOGETHER_LABEL = re.compile(r"(?<=[.!?\"')])([ \t]{2,})¶?\d{1,3}\.[ \t]+$")
UNDERLINE = re.compile(r"[-=_ ]{3,}")
SIGNER = re.compile(r"[A-Z][A-Z'\-]+(?:\s[A-Z][A-Z'\-]*\.?){0,2}")
SIGNER_ON_TEXT = re.compile(r"(?<=[.!?\"')])\s{2,}(?P<name>[A-Z][A-Z'\-]{2,})\s*$")
END_MARKS = frozenset({"BT", "NNNN", "#", "END TEXT", "END CABLE"})


@dataclass(slots=True)
class Block:
    text: str
    line: int  # 1-based body line where the block starts


def undouble(text: str, cable: Cable, first_line: int) -> str:
    """Text whose every line is followed by a blank line, with those single blank lines removed."""
    lines = text.count("\n")
    if lines < 12 or len(BLANK.findall(text)) < 0.4 * lines or len(text) > 90 * lines:
        return text
    if sum(1 for m in BLANK.finditer(text) if m.group(0).count("\n") == 2) < 0.35 * lines:
        return text
    cable.defect("double-spaced", "every line is followed by a blank line; single blank lines read as "
                 "line breaks, paragraphs split at their labels", first_line)
    return SINGLE_BLANK.sub("\n", text)


def blocks(text: str, first_line: int) -> list[Block]:
    """Blank-line separated blocks of ``text`` (stripped), with their starting body lines."""
    if "\n¶" in text:
        text = SIGN_LINE.sub("\n\n", text)
    found: list[Block] = []
    line, pos = first_line, 0
    for match in BLANK.finditer(text):
        chunk = text[pos:match.start()]
        if chunk.strip():
            found.append(Block(chunk.strip(), line + count_leading_newlines(chunk)))
        line += text.count("\n", pos, match.end())
        pos = match.end()
    chunk = text[pos:]
    if chunk.strip():
        found.append(Block(chunk.strip(), line + count_leading_newlines(chunk)))
    return found


def count_leading_newlines(chunk: str) -> int:
    return chunk[: len(chunk) - len(chunk.lstrip())].count("\n")


def numbered(block: str) -> tuple[str, int] | None:
    match = NUMBERED.match(block)
    if match is None:
        return None
    return match.group("label"), int(match.group("n1") or match.group("n2"))


def is_heading(block: str) -> bool:
    lines = [ln.strip() for ln in block.split("\n")]
    words = [ln for ln in lines if not UNDERLINE.fullmatch(ln)]
    underlined = len(words) < len(lines)
    if not words or len(words) > 3 or sum(len(w) for w in words) > 100:
        return False
    text = " ".join(words)
    if MARKING.match(text) or NUMBERED.match(text):
        return False
    return underlined or (not any(c.islower() for c in text) and not text.endswith((",", ";")))


def is_trailer(block: str) -> bool:
    return any(pattern in block for pattern in tables.trailer_patterns())


def take_signers(found: list[Block], cable: Cable) -> None:
    """Move the signature lines at the end of the body into ``cable.signers``."""
    while found:
        last = found[-1]
        lines = last.text.split("\n")
        names: list[str] = []
        while lines and (lines[-1].strip() in END_MARKS or SIGNER.fullmatch(lines[-1].strip())):
            line = lines.pop().strip()
            if line not in END_MARKS:
                names.insert(0, line)
        if not names:
            match = SIGNER_ON_TEXT.search(lines[-1]) if lines else None
            if match and len(found) > 1:
                names = [match.group("name")]
                lines[-1] = lines[-1][: match.start()]
                cable.defect("signer-on-text-line", f"signer {names[0]} printed at the end of the text",
                             last.line + len(lines) - 1)
        cable.signers[:0] = names
        if lines:
            last.text = "\n".join(lines).rstrip()
            return
        found.pop()
        if names:
            return


def split_run_together(text: str, cable: Cable, first_line: int) -> str:
    """Paragraphs joined on one line (``Libyans.   2. (SBU) According``) split at their labels."""
    cuts = []
    for mark in MARK_AFTER_LABEL.finditer(text):
        label = RUN_TOGETHER_LABEL.search(text, max(0, mark.start() - 12), mark.start())
        if label is not None:
            cuts.append((label.start(1), label.end(1)))
    if not cuts:
        return text
    cable.defect("paragraphs-run-together", "paragraphs printed on one line were split at their labels "
                 "(body line numbers after it count the split lines)", first_line)
    pieces, pos = [], 0
    for start, end in cuts:
        pieces += [text[pos:start], "\n\n"]
        pos = end
    return "".join([*pieces, text[pos:]])


def parse_paragraphs(text: str, first_line: int, cable: Cable) -> None:
    text = split_run_together(text, cable, first_line)
    found = [b for b in blocks(undouble(text, cable, first_line), first_line) if not drop_block(b, cable)]
    repair = needs_repair(text)
    take_signers(found, cable)
    current: Paragraph | None = None
    heading: str | None = None
    last_number: int | None = None
    for index, block in enumerate(found):
        label = numbered(block.text)
        number = accept_number(label, last_number, block, cable) if label else None
        numbers_seen = last_number is not None
        if label is None and next_is_numbered(found, index) and is_heading(block.text):
            heading = " ".join(ln.strip() for ln in block.text.split("\n") if not UNDERLINE.fullmatch(ln.strip()))
            current = None
            continue
        if number is None and current is not None and (numbers_seen or block.text[:1].islower()):
            join_continuation(current, block, cable, repair)
            continue
        current = new_paragraph(cable, block, label[0] if label and number else None, number, heading, repair)
        last_number = number if number is not None else last_number
        heading = None


def drop_block(block: Block, cable: Cable) -> bool:
    if PAGE_BREAK.fullmatch(block.text):
        cable.defect("page-break-residue", f"page-break line {block.text!r} left out of the text", block.line)
        return True
    return is_trailer(block.text)


def next_is_numbered(found: list[Block], index: int) -> bool:
    return index + 1 < len(found) and numbered(found[index + 1].text) is not None


def accept_number(label: tuple[str, int], previous: int | None, block: Block, cable: Cable) -> int | None:
    """The repaired number of a numbered block, or None if it continues the current paragraph."""
    printed, number = label
    if previous is None:
        return number
    expected = previous + 1
    if number == expected:
        return number
    if str(number) == f"1{expected}" and not printed.startswith("¶"):
        record_sign_as_digit(cable, printed, expected, block.line)
        return expected
    if number > expected and number - expected < 10:
        cable.defect("paragraph-number-gap", f"paragraph {number} follows {previous}", block.line)
        return number
    return None


def record_sign_as_digit(cable: Cable, printed: str, number: int, line: int) -> None:
    """One defect per run of labels whose ``¶`` was printed as ``1`` (``15.``-``18.`` = ¶5-¶8)."""
    last = cable.defects[-1] if cable.defects else None
    run = re.fullmatch(r"paragraph labels? (\S+?)(?:-(\S+))? read as ¶(\d+)(?:-¶(\d+))?", last.message) \
        if last and last.code == "paragraph-sign-as-digit" else None
    if last is not None and run is not None and int(run.group(4) or run.group(3)) == number - 1:
        last.message = f"paragraph labels {run.group(1)}-{printed} read as ¶{run.group(3)}-¶{number}"
        return
    cable.defect("paragraph-sign-as-digit", f"paragraph label {printed} read as ¶{number}", line)


def new_paragraph(cable: Cable, block: Block, label: str | None, number: int | None,
                  heading: str | None, repair: bool) -> Paragraph:
    rest = block.text[len(label):].lstrip() if label else block.text
    marking = MARKING.match(rest)
    text = block.text
    paragraph = Paragraph(
        position=len(cable.paragraphs) + 1,
        number=number,
        label=label,
        marking=marking.group("m").replace(" ", "") if marking else None,
        heading=heading,
        text=text,
        text_repaired=repair_text(text, cable, block.line) if repair else text,
    )
    cable.paragraphs.append(paragraph)
    return paragraph


def join_continuation(paragraph: Paragraph, block: Block, cable: Cable, repair: bool) -> None:
    paragraph.text = f"{paragraph.text}\n\n{block.text}"
    repaired = repair_text(block.text, cable, block.line) if repair else block.text
    if block.text[:1].islower():
        cable.defect("paragraph-split", "a paragraph continues after a page break", block.line)
        paragraph.text_repaired = f"{paragraph.text_repaired} {repaired}"
    else:
        paragraph.text_repaired = f"{paragraph.text_repaired}\n\n{repaired}"
