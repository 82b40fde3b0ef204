"""The text of a cable body: paragraphs, headings, page-break residue, trailer and signers."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from cablerdf.parse import tables
from cablerdf.parse.model import Cable, Paragraph
from cablerdf.parse.repair import needs_repair, repair_text

BLANK = re.compile(r"\n[ \t\xa0]*(?:\n[ \t\xa0]*)+")
BLANK_SPLIT = re.compile(r"(\n[ \t\xa0]*(?:\n[ \t\xa0]*)+)")
SIGN_LINE = re.compile(r"\n[ \t]*(?=¶\s?\d)")
SINGLE_BLANK = re.compile(r"\n[ \t\xa0]*\n(?![ \t\xa0]*\n)")
NUMBERED = re.compile(r"(?P<label>¶\s?(?P<n1>\d{1,3})\s?[.)]?|(?P<n2>\d{1,3})\s?[.)])(?=\s|\()")
MARKING = re.compile(
    r"\(\s*(?P<m>(?:U|C|S|TS|SBU|LOU|FOUO|CONF|UNCLAS|SECRET|CONFIDENTIAL)(?:\s?/\s?[A-Z]{1,8})*)\s*\)"
)
PAGE_BREAK = re.compile(
    r"(?:PAGE\s+\d{1,3}\s+)?[A-Z][A-Z .]*\s0*\d{1,7}\s+0*\d{1,3}(?:\.\d)?\s+OF\s+0*\d{1,3}(?:\s+\d{6}Z)?"
)
MARK_AFTER_LABEL = re.compile(r"\((?:U|C|S|SBU|TS|LOU)(?:/[A-Z]{1,6})?\)")
RUN_TOGETHER_LABEL = re.compile(r"(?<=[.!?\"')])([ \t]{2,})¶?\d{1,3}\.[ \t]+$")
UNDERLINE = re.compile(r"[-=_ ]{3,}")
SIGNER = re.compile(r"[A-Z][A-Z'\-]+(?:\s[A-Z][A-Z'\-]*\.?){0,2}")
SIGNER_ON_TEXT = re.compile(r"(?<=[.!?\"')])\s{2,}(?P<name>[A-Z][A-Z'\-]{2,})\s*$")
END_MARK = re.compile(r"[\s=>#\-_*]*(?:(?:CABLE|TEXT|MESSAGE) ENDS?|END (?:OF )?(?:TEXT|CABLE|MESSAGE)|BT|NNNN)?"
                      r"[\s=>#\-_*.]*")


@dataclass(slots=True)
class Block:
    text: str
    offset: int  # where the block starts in the paragraph text


class Body:
    """The paragraph text of a cable and the body line it starts at; lines are counted on demand."""

    def __init__(self, text: str, first_line: int, cable: Cable) -> None:
        self.text, self.first_line, self.cable = text, first_line, cable
        self.repair = needs_repair(text)

    def line(self, block: Block) -> int:
        return self.first_line + self.text.count("\n", 0, block.offset)

    def defect(self, code: str, message: str, block: Block) -> None:
        self.cable.defect(code, message, self.line(block))

    def repaired(self, block: Block) -> str:
        return repair_text(block.text, self.cable, self.line(block)) if self.repair else block.text


def blocks(text: str) -> list[Block]:
    """Blank-line separated blocks of ``text`` (stripped); a ``¶n`` line always starts a block."""
    found: list[Block] = []
    pos = 0
    signs = "\n¶" in text or "\n ¶" in text
    for index, part in enumerate(BLANK_SPLIT.split(text)):
        if index % 2 == 0:
            if signs and "¶" in part:
                add_signed(text, pos, pos + len(part), found)
            else:
                add_block(part, pos, found)
        pos += len(part)
    return found


def add_signed(text: str, start: int, end: int, found: list[Block]) -> None:
    bounds = [start, *(m.end() for m in SIGN_LINE.finditer(text, start, end)), end]
    for a, b in itertools.pairwise(bounds):
        add_block(text[a:b], a, found)


def add_block(chunk: str, start: int, found: list[Block]) -> None:
    stripped = chunk.strip()
    if stripped:
        found.append(Block(stripped, start + len(chunk) - len(chunk.lstrip())))


def numbered(block: str) -> tuple[str, int] | None:
    if not block[:1].isdigit() and block[:1] != "¶":
        return None
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


def take_signers(found: list[Block], body: Body) -> None:
    """Move the signature lines at the end of the body into ``cable.signers``."""
    while found:
        last = found[-1]
        lines = last.text.split("\n")
        names: list[str] = []
        while lines and (END_MARK.fullmatch(lines[-1]) or SIGNER.fullmatch(lines[-1].strip())):
            line = lines.pop().strip()
            if not END_MARK.fullmatch(line):
                names.insert(0, line)
        if not names and lines and len(found) > 1:
            match = SIGNER_ON_TEXT.search(lines[-1])
            if match:
                names = [match.group("name")]
                lines[-1] = lines[-1][: match.start()]
                body.defect("signer-on-text-line", f"signer {names[0]} printed at the end of the text", last)
        body.cable.signers[:0] = names
        if lines:
            last.text = "\n".join(lines).rstrip()
            return
        found.pop()
        if names:
            return


def undouble(text: str, cable: Cable, first_line: int) -> str:
    """Text whose every line is followed by a blank line, with those single blank lines removed."""
    lines = text.count("\n")
    if lines < 12 or len(text) > 90 * lines or text.count("\n\n") + text.count("\n \n") < 0.35 * lines:
        return text
    if len(BLANK.findall(text)) < 0.4 * lines:
        return text
    if sum(1 for m in BLANK.finditer(text) if m.group(0).count("\n") == 2) < 0.35 * lines:
        return text
    cable.defect("double-spaced", "every line is followed by a blank line; single blank lines read as "
                 "line breaks, paragraphs split at their labels", first_line)
    return SINGLE_BLANK.sub("\n", text)


def split_run_together(text: str, cable: Cable, first_line: int) -> str:
    """Paragraphs joined on one line (``Libyans.   2. (SBU) According``) split at their labels."""
    cuts: list[tuple[int, int]] = []
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
    text = undouble(split_run_together(text, cable, first_line), cable, first_line)
    body = Body(text, first_line, cable)
    found = drop_residue(blocks(text), body)
    take_signers(found, body)
    current: Paragraph | None = None
    heading: str | None = None
    last_number: int | None = None
    labels = [numbered(block.text) for block in found]
    for index, block in enumerate(found):
        label = labels[index]
        number = accept_number(label, last_number, block, body) if label else None
        if label is None and index + 1 < len(found) and labels[index + 1] and is_heading(block.text):
            heading = " ".join(ln.strip() for ln in block.text.split("\n") if not UNDERLINE.fullmatch(ln.strip()))
            current = None
            continue
        if number is None and current is not None and (last_number is not None or block.text[:1].islower()):
            join_continuation(current, block, body)
            continue
        current = new_paragraph(body, block, label[0] if label and number else None, number, heading)
        last_number = number if number is not None else last_number
        heading = None


def drop_residue(found: list[Block], body: Body) -> list[Block]:
    """Blocks that are page-break lines or the post's boilerplate are not paragraph text."""
    trailers = [p for p in tables.trailer_patterns() if p in body.text]
    kept = []
    for block in found:
        if " OF " in block.text and PAGE_BREAK.fullmatch(block.text):
            body.defect("page-break-residue", f"page-break line {block.text!r} left out of the text", block)
        elif not (trailers and any(p in block.text for p in trailers)):
            kept.append(block)
    return kept


def accept_number(label: tuple[str, int], previous: int | None, block: Block, body: Body) -> int | None:
    """The repaired number of a numbered block, or None if it continues the current paragraph."""
    printed, number = label
    if previous is None:
        return number
    expected = previous + 1
    if number == expected:
        return number
    if str(number) == f"1{expected}" and not printed.startswith("¶"):
        record_sign_as_digit(body, printed, expected, block)
        return expected
    if number > expected and number - expected < 10:
        body.defect("paragraph-number-gap", f"paragraph {number} follows {previous}", block)
        return number
    return None


def record_sign_as_digit(body: Body, printed: str, number: int, block: Block) -> None:
    """One defect per run of labels whose ``¶`` was printed as ``1`` (``15.``-``18.`` = ¶5-¶8)."""
    defects = body.cable.defects
    last = defects[-1] if defects else None
    run = re.fullmatch(r"paragraph labels? (\S+?)(?:-(\S+))? read as ¶(\d+)(?:-¶(\d+))?", last.message) \
        if last and last.code == "paragraph-sign-as-digit" else None
    if last is not None and run is not None and int(run.group(4) or run.group(3)) == number - 1:
        last.message = f"paragraph labels {run.group(1)}-{printed} read as ¶{run.group(3)}-¶{number}"
        return
    body.defect("paragraph-sign-as-digit", f"paragraph label {printed} read as ¶{number}", block)


def new_paragraph(body: Body, block: Block, label: str | None, number: int | None,
                  heading: str | None) -> Paragraph:
    rest = block.text[len(label):].lstrip() if label else block.text
    marking = MARKING.match(rest) if rest[:1] == "(" else None
    paragraph = Paragraph(
        position=len(body.cable.paragraphs) + 1,
        number=number,
        label=label,
        marking=marking.group("m").replace(" ", "") if marking else None,
        heading=heading,
        text=block.text,
        text_repaired=body.repaired(block),
    )
    body.cable.paragraphs.append(paragraph)
    return paragraph


def join_continuation(paragraph: Paragraph, block: Block, body: Body) -> None:
    paragraph.text = f"{paragraph.text}\n\n{block.text}"
    repaired = body.repaired(block)
    if block.text[:1].islower():
        body.defect("paragraph-split", "a paragraph continues after a page break", block)
        paragraph.text_repaired = f"{paragraph.text_repaired} {repaired}"
    else:
        paragraph.text_repaired = f"{paragraph.text_repaired}\n\n{repaired}"
