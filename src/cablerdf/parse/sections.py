"""Summary and closing comment, read from the paragraphs.

The text is looked at block by block (a paragraph's text parts at its blank lines): a summary opens
with ``Summary:`` (after the paragraph's label and marking) or under a ``SUMMARY`` heading (``BEGIN
SUMMARY``, ``------- Summary -------``), and runs to ``End Summary`` (or is that one block); the closing
comment is the last block opening with ``Comment:`` or under a ``COMMENT`` heading (``COMMENT: WHY IT
MATTERS``), and runs to ``End Comment`` or the end of the text. The markers are left out.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from cablerdf.parse.model import Paragraph
from cablerdf.parse.residue import LINE_END_ESCAPE

LEAD = re.compile(r"(?:¶?\s?\d{1,3}\s?[.)]\s*)?(?:\(\s*[A-Za-z/ ]{1,12}\)\s*)?[-\s]*(?:BEGIN TEXT[.:]?\s*)?")
AND_MORE = r"(?:\s+AND\s+(?:COMMENT|RECOMMENDATIONS?|ACTION REQUEST(?:ED)?))?"
MARKED = r"(?:\(\s*[A-Za-z/ ]{1,12}\)\s*)?"  # "Summary: (C) …"
SUMMARY_START = re.compile(rf"(?:BEGIN\s+)?SUMMARY{AND_MORE}\s*[:.\-]+\s*{MARKED}", re.I)
SUMMARY_END = re.compile(rf"\(?\s*END\s+(?:SIPDIS\s+)?(?:OF\s+)?SUMMARY{AND_MORE}\s*[.:)]*\s*\)?", re.I)
COMMENT_START = re.compile(rf"(?:BEGIN\s+)?COMMENT\s*[:.\-]+\s*{MARKED}", re.I)
COMMENT_END = re.compile(r"\(?\s*END\s+(?:SIPDIS\s+)?(?:OF\s+)?COMMENT\s*[.:)]*\s*\)?", re.I)
RULE = re.compile(r"[-=_*]{3,}")
TRAILING_HEADING = re.compile(
    r"(?:^|\n|\s{2,}|(?<=[-=]{3})\s*)((?:COMMENT|Comment|SUMMARY|Summary)\s*[:]?\s*[-=]{3,}|COMMENT|Comment:?)"
    r"\s*[}\]]?\s*$"
)


class Unit(NamedTuple):
    heading: str | None  # the heading above the block
    text: str  # the block's text, its label and marking taken off
    opens: bool  # the block opens a paragraph


def fold(text: str) -> str:
    return "\n\n".join(" ".join(part.split()) for part in text.split("\n\n") if part.strip())


def heading_word(text: str | None) -> str:
    """``------- Comment -------`` / ``BEGIN SUMMARY`` / ``COMMENT: WHY`` -> ``COMMENT`` / ``SUMMARY`` / ``COMMENT``."""
    words = RULE.sub(" ", text or "").strip(" :.-").upper().split()
    if words[:1] == ["BEGIN"]:
        words = words[1:]
    return words[0].strip(":.") if words else ""


def units(paragraphs: list[Paragraph]) -> list[Unit]:
    """The blocks of the text in order, each with the heading that stands above it. Blocks are also
    cut at ruled sub-headings (``----`` / ``Comment and Action Request`` / ``----``); a heading left at
    the end of a block (``… boarding house.  Comment -------``) stands above the next one."""
    found: list[Unit] = []
    heading: str | None = None
    for paragraph in paragraphs:
        heading = paragraph.heading or heading
        for index, block in enumerate(paragraph.text.split("\n\n")):
            text = block[LEAD.match(block).end():] if index == 0 else block.strip()  # type: ignore[union-attr]
            text = LINE_END_ESCAPE.sub("", text) if "\\" in text else text
            pieces = RULED.split(text) if "---" in text or "===" in text or "___" in text or "***" in text else [text]
            for number, piece in enumerate(pieces):
                piece = piece.strip()
                opens = index == 0 and number == 0
                if not piece:
                    continue
                ruled = number + 1 < len(pieces) and len(piece) < 70 and "\n" not in piece
                if is_heading_line(piece) or (ruled and not piece.endswith(".")):  # "----" / "Positive" / "----"
                    heading = piece
                    continue
                lines = piece.split("\n")
                if len(lines) > 1 and is_heading_line(lines[0]):  # "------- Comment -------" above the text
                    heading, piece = lines[0], "\n".join(lines[1:]).strip()
                trailing = TRAILING_HEADING.search(piece, max(0, len(piece) - 80))
                if trailing and trailing.start() > 0:
                    found.append(Unit(heading, piece[: trailing.start()].strip(), opens))
                    heading = trailing.group(1)
                    continue
                found.append(Unit(heading, piece, opens))
                heading = None
    return found


RULED = re.compile(r"\n\s*[-=_*]{5,}\s*(?=\n|$)")


def is_heading_line(line: str) -> bool:
    """A line that is only a SUMMARY or COMMENT heading (``------- Comment -------``, ``BEGIN SUMMARY``)."""
    return len(line) < 120 and HEADING_LINE.fullmatch(RULE.sub(" ", line).strip(" :.-")) is not None


HEADING_LINE = re.compile(r"(?:BEGIN\s+)?(?:SUMMARY|COMMENT)(?:\s+AND\s+(?:COMMENT|ACTION REQUEST))?", re.I)


def heads(heading: str | None, word: str) -> bool:
    """Whether a heading opens a summary (``INTRODUCTION AND SUMMARY``) or a comment (``COMMENT AND
    ACTION REQUEST``, not ``SUMMARY AND COMMENT``)."""
    words = RULE.sub(" ", heading or "").strip(" :.-").upper().replace(":", " ").split()
    if word == "SUMMARY":
        return "SUMMARY" in words[:4] and len(words) <= 6
    return heading_word(heading) == "COMMENT" and "SUMMARY" not in words


def opening(unit: Unit, start: re.Pattern[str], word: str) -> tuple[str, bool] | None:
    """The block's text after a ``Summary:``-like opening, or all of it under such a heading (True)."""
    match = start.match(unit.text)
    if match:
        return unit.text[match.end():], False
    if heads(unit.heading, word):
        return unit.text, True
    return None


def section(found: list[Unit], start: re.Pattern[str], end: re.Pattern[str], word: str, last: bool) -> str | None:
    order = range(len(found) - 1, -1, -1) if last else range(len(found))
    for index in order:
        opened = opening(found[index], start, word)
        if opened is None:
            continue
        text, by_heading = opened
        rest = [text, *(u.text for u in found[index + 1:])]
        joined = "\n\n".join(rest if last else rest[:12])
        stop = end_of(joined, end, word)
        if stop is not None:
            return clean(joined[:stop])
        # no end marker: to the next heading; a summary opened by "Summary:" (not a heading): its paragraph
        return clean("\n\n".join([text, *until_heading(found[index + 1:], last or by_heading)]))
    return closing_only(found, end, word) if not last else None


def until_heading(following: list[Unit], across_paragraphs: bool) -> list[str]:
    """The texts of the blocks up to the next heading (and, unless ``across_paragraphs``, the next paragraph)."""
    kept = itertools.takewhile(lambda u: u.heading is None and (across_paragraphs or not u.opens), following)
    return [unit.text for unit in kept]


def closing_only(found: list[Unit], end: re.Pattern[str], word: str) -> str | None:
    """A paragraph that ends with ``End Summary.`` but opens without ``Summary:`` is the summary."""
    for unit in found[:6]:
        stop = end_of(unit.text, end, word)
        if stop is not None and unit.opens:
            return clean(unit.text[:stop])
    return None


def end_of(text: str, end: re.Pattern[str], word: str) -> int | None:
    """Where ``End Summary``/``End Comment`` closes the section: not an end that closes a comment in
    parentheses inside it (``(Comment: … End comment.)``)."""
    if word not in text.upper():
        return None
    previous = 0
    inline = re.compile(rf"\(\s*{word}\s*:", re.I)
    for match in end.finditer(text):
        if inline.search(text, previous, match.start()) is None:
            return match.start()
        previous = match.end()
    return None


def clean(text: str) -> str | None:
    """The section folded, without a lone ``End`` left by a page break inside ``End / Comment.``."""
    return LONE_END.sub("", fold(text)) or None


LONE_END = re.compile(r"\s*\bEnd\s*\.?$", re.I)


def summary_and_comment(paragraphs: list[Paragraph]) -> tuple[str | None, str | None]:
    """The cable's summary and closing comment (None where it has none)."""
    has_summary = any("umma" in p.text or "UMMA" in p.text or "umma" in (p.heading or "").lower() for p in paragraphs)
    has_comment = any("omment" in p.text or "OMMENT" in p.text or "omment" in (p.heading or "").lower()
                      for p in paragraphs)
    if not (has_summary or has_comment):
        return None, None
    found = units(paragraphs)
    return (section(found, SUMMARY_START, SUMMARY_END, "SUMMARY", last=False) if has_summary else None,
            section(found, COMMENT_START, COMMENT_END, "COMMENT", last=True) if has_comment else None)
