"""The text of a cable body: paragraphs, their numbers and markings, headings, and the signers.

The text after the preamble is first rid of transmission residue (``residue``), then of the signature
at its end (``signers``); what is left is cut into blank-line separated blocks. A numbered block
(``1.``, ``¶1.``, ``1)``) starts a paragraph that takes every following block up to the next numbered
paragraph: sub-paragraphs (``A.``, ``(1)``), tables, and text continued after a page break. A number
out of sequence is read as the author meant it where the evidence allows (``15.`` printed for ``¶5``,
a repeated ``6.``, a cable starting at 2) and as a sub-list item otherwise; each reading is a defect.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from cablerdf.parse import markings, residue, signers, tables
from cablerdf.parse.labels import split_run_together
from cablerdf.parse.model import Cable, Paragraph
from cablerdf.parse.repair import needs_repair, repair_text

BLANK = re.compile(r"\n[ \t\xa0]*(?:\n[ \t\xa0]*)+")
BLANK_SPLIT = re.compile(r"(\n[ \t\xa0]*(?:\n[ \t\xa0]*)+)")
SIGN_LINE = re.compile(r"\n[ \t]*(?=¶\s?\d)")
SINGLE_BLANK = re.compile(r"\n[ \t\xa0]*\n(?![ \t\xa0]*\n)")
NUMBERED = re.compile(r"(?P<label>¶\s?(?P<n1>\d{1,3})\s?[.)]?|(?P<n2>\d{1,3})\s?[.)])(?=\s|\(|[Xx]{4})")
UNDERLINE = re.compile(r"[-=_ ]{3,}")
RULED_HEADING = re.compile(r"[-=_*]{3,}[ \t]*[^\n]{1,60}?[ \t]*[-=_*]{3,}|[A-Z][^\n.]{0,60}?[ \t]+[-=_*]{5,}")
LEAD_WORDS = re.compile(r"\s*[A-Z][A-Za-z ]{0,24}(?::|\s--)\s*(?=\()")


@dataclass(slots=True)
class Block:
    text: str
    offset: int  # where the block starts in the paragraph text


class Body:
    """The paragraph text of a cable, the body line of each of its lines, and the whole-text marking."""

    def __init__(self, text: str, origin: list[int], cable: Cable) -> None:
        self.text, self.origin, self.cable = text, origin, cable
        self.repair = needs_repair(text)
        self.whole = markings.whole_text_marking(text)

    def line(self, block: Block) -> int:
        index = self.text.count("\n", 0, block.offset)
        return self.origin[min(index, len(self.origin) - 1)] if self.origin else 1

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
    if len(block) > 400:
        return False
    if RULED_HEADING.fullmatch(block.strip()):  # "------- Summary -------"
        return True
    lines = [ln.strip() for ln in block.split("\n")]
    words = [ln for ln in lines if not UNDERLINE.fullmatch(ln)]
    underlined = len(words) < len(lines)
    if not words or len(words) > 3 or sum(len(w) for w in words) > 100:
        return False
    text = " ".join(words)
    marked = markings.marking_at(text)
    text = text[marked[1]:].strip() if marked else text
    if not text or NUMBERED.match(text):
        return False
    return underlined or (not any(c.islower() for c in text) and not text.endswith((",", ";")))


def take_signers(text: str, first_line: int, origin: list[int], cable: Cable) -> str:
    """``text`` without the signature at its end, which goes into ``cable.signers`` (None if there is none)."""
    lines = text.split("\n")
    kept, names, glued = signers.split_signers(lines)
    if names:
        cable.signers = names
        if glued:
            at = origin[min(len(kept) - 1, len(origin) - 1)] if origin and kept else first_line
            cable.defect("signer-on-text-line", f"signer {names[0]} printed at the end of the text", at)
        return "\n".join(kept)
    cable.signers = None
    cable.defect("signer-missing", "no signature found at the end of the text", None)
    return text


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


@dataclass(slots=True)
class Reading:
    """Where the reading of a body's blocks stands."""

    current: Paragraph | None = None
    heading: Block | None = None  # a heading waiting for the paragraph it heads
    last: int | None = None  # the last paragraph number accepted
    sublist: int | None = None  # the last number of a list running inside the current paragraph


def parse_paragraphs(text: str, first_line: int, cable: Cable) -> None:
    lines, origin = residue.clean(text.split("\n"), cable, first_line)
    text = take_signers("\n".join(lines), first_line, origin, cable)
    shaped = undouble(split_run_together(text, cable, first_line), cable, first_line)
    if shaped != text:
        origin = [first_line + i for i in range(shaped.count("\n") + 1)]
    body = Body(shaped, origin, cable)
    found = drop_trailers(blocks(shaped), body)
    state = Reading()
    labels = [numbered(block.text) for block in found]
    for index, block in enumerate(found):
        label = labels[index]
        following = found[index + 1] if index + 1 < len(found) else None
        if label is None and following and is_heading(block.text) and (labels[index + 1] or (
                state.last is None and len(following.text) > 2 * len(block.text) + 40)):
            state.heading = block
            continue
        number = accept(label, state, block, body) if label else None
        if number is None and state.current is not None and (state.last is not None or block.text[:1].islower()) \
                and not (label is None and state.last is not None and lost_label(block, state.current, body)):
            if state.heading:  # a heading inside the paragraph: "ANNEX I" above a list
                join_continuation(state.current, state.heading, body)
            join_continuation(state.current, block, body)
            state.heading = None
            continue
        heading = heading_text(state.heading.text) if state.heading else None
        state.current = new_paragraph(body, block, label[0] if label and number else None, number, heading)
        state.heading = None
        if number is not None:
            state.last, state.sublist = number, None


def heading_text(block: str) -> str:
    return " ".join(ln.strip() for ln in block.split("\n") if not UNDERLINE.fullmatch(ln.strip()))


def accept(label: tuple[str, int], state: Reading, block: Block, body: Body) -> int | None:
    """The number of a numbered block, or None when it is an item of a list inside the paragraph: a list
    goes on (``1.`` … ``2.``) unless its next number is also the paragraphs' next, and then it goes on
    only when the cable marks its paragraphs and this one has no marking."""
    printed, number = label
    if state.sublist is None and state.current is not None and state.last is not None and number < state.last \
            and re.search(rf"(?m)^\s*\(?{number - 1}[.)]\s", state.current.text):
        state.sublist = number - 1  # "10. … are:" / "1) …" in the paragraph, then "2)": its list goes on
    elif state.sublist is None and state.current is not None and state.current.marking and state.last is not None \
            and number == state.last + 1 and markings.marking_at(block.text[len(printed):]) is None \
            and re.search(rf"(?:^|\s)\(?{number - 1}[.)]\s", state.current.text[len(state.current.label or ""):]):
        state.sublist = number - 1  # "2. (SBU) Begin text: … 1. … 2. …", then an unmarked "3.": the list's
    if state.sublist is not None and number == state.sublist + 1:
        unmarked = markings.marking_at(block.text[len(printed):]) is None
        marks_paragraphs = state.current is not None and state.current.marking is not None
        if state.last is None or number != state.last + 1 or (unmarked and marks_paragraphs):
            state.sublist = number
            return None
    accepted = accept_number(label, state.last, block, body)
    if accepted is None:
        state.sublist = number
    return accepted


def lost_label(block: Block, current: Paragraph, body: Body) -> bool:
    """A block opening with its own portion marking (``(U) This message was coordinated …``) after
    numbered paragraphs is a paragraph whose number was lost, not a part of the one before (unless the
    one before is only a caption: ``10.  MILITARY:`` / ``(S) TUNISIAN MILITARY TIES …``)."""
    if block.text[:1] != "(" or markings.marking_at(block.text) is None or len(current.text) < 60:
        return False
    body.defect("paragraph-number-missing", "a paragraph with its own portion marking has no number", block)
    return True


def drop_trailers(found: list[Block], body: Body) -> list[Block]:
    """Unnumbered blocks holding a post's boilerplate (``Visit … Classified Website``) are no paragraph."""
    trailers = [p for p in tables.trailer_patterns() if p in body.text]
    if not trailers:
        return found
    kept = []
    for block in found:
        if numbered(block.text) is None and any(p in block.text for p in trailers):
            body.defect("boilerplate-left-out", "the post's boilerplate block is not a paragraph", block)
        else:
            kept.append(block)
    return kept


def accept_number(label: tuple[str, int], previous: int | None, block: Block, body: Body) -> int | None:
    """The repaired number of a numbered block, or None if it continues the current paragraph."""
    printed, number = label
    if number == 0 and previous != 9:
        return None
    if previous is None:
        return number
    expected = previous + 1
    if number == expected:
        return number
    if expected < 10 and str(number) == f"1{expected}" and not printed.startswith("¶"):
        record_sign_as_digit(body, printed, expected, block)
        return expected
    if printed.startswith("¶") and expected == 10 + number:  # "¶0." after ¶9: the sign took the 1 of "10."
        body.defect("paragraph-sign-as-digit", f"paragraph label {printed} read as ¶{expected}", block)
        return expected
    if number == 0:
        return None
    if number == previous:
        body.defect("paragraph-number-repeated", f"paragraph {number} is numbered {number} again", block)
        return number
    marked = markings.marking_at(block.text[len(printed):]) is not None
    if number > expected and (number - expected < 10 or marked):
        body.defect("paragraph-number-gap", f"paragraph {number} follows {previous}", block)
        return number
    if number < previous and (marked or (number > 1 and not introduces_list(block, body))):
        body.defect("paragraph-number-out-of-order", f"paragraph {number} follows {previous}", block)
        return number
    return None


def introduces_list(block: Block, body: Body) -> bool:
    """Whether the text before a block ends with a colon (``… AS FOLLOWS:``): a list starts below it."""
    before = body.text[max(0, block.offset - 300):block.offset].rstrip()
    return before.endswith(":")


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
    rest = block.text[len(label):] if label else block.text
    found = markings.marking_at(rest)
    lead = LEAD_WORDS.match(rest) if found is None else None
    if lead:  # "¶1. Summary: (C) …", "¶1. KEY POINTS -- (S) …"
        found = markings.marking_at(rest[lead.end():])
    mark = found[0] if found else None
    paragraph = Paragraph(
        position=len(body.cable.paragraphs) + 1,
        number=number,
        label=label,
        marking=mark.raw if mark else None,
        heading=heading,
        text=block.text,
        text_repaired=body.repaired(block),
        marking_level=mark.level if mark else body.whole.level if body.whole else None,
        marking_controls=list(mark.controls if mark else body.whole.controls if body.whole else ()),
    )
    body.cable.paragraphs.append(paragraph)
    return paragraph


def join_continuation(paragraph: Paragraph, block: Block, body: Body) -> None:
    found = markings.marking_at(block.text) if paragraph.marking is None and len(paragraph.text) < 60 else None
    if found:  # "10.  MILITARY:" / "(S) TUNISIAN …": the caption's paragraph takes the text's marking
        paragraph.marking, paragraph.marking_level = found[0].raw, found[0].level
        paragraph.marking_controls = list(found[0].controls)
    paragraph.text = f"{paragraph.text}\n\n{block.text}"
    repaired = body.repaired(block)
    if block.text[:1].islower():
        body.defect("paragraph-split", "a paragraph continues after a page break", block)
        paragraph.text_repaired = f"{paragraph.text_repaired} {repaired}"
    else:
        paragraph.text_repaired = f"{paragraph.text_repaired}\n\n{repaired}"
