"""Paragraph labels in a cable's text, and paragraphs run together split at them.

Labels (``1.``, ``¶2.``, ``3)``) open a line, or stand in one after spaces where a site or a dump
joined paragraphs (``End Text. 17. This cable``, ``---- 3.  (C) The``, ``…with ILO support.`` /
``10.  Other`` without a blank line between). Which of them start paragraphs is decided from the
cable's own sequence of numbers and from the portion marking that follows a label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from cablerdf.parse import markings
from cablerdf.parse.model import Cable

UNDERLINE = re.compile(r"[-=_ ]{3,}")


def split_run_together(text: str, cable: Cable, first_line: int) -> str:
    """Paragraphs not parted by a blank line, split at their labels: a label in the middle of a line
    (``Libyans.   2. (SBU) According``, ``---- 3.  (C) The``) when a portion marking follows it, or when
    it carries the next number of the cable's sequence after a sentence (``End Text. 17. This cable``)
    and no sub-list (``1. … 2. …``) runs in the paragraph; a label opening a line right under the
    paragraph before (``…with ILO support.`` / ``10.  Other``) when it carries the next number and that
    paragraph's last line ends a sentence."""
    cuts: list[tuple[int, int, str]] = []
    last: int | None = None
    sublist = False
    for label in labels_in(text):
        number, follows = label.number, last is not None and label.number == last + 1
        if label.gap is None:
            opening = last is None and number <= 2  # the first paragraph, under a heading's underline
            if (follows or opening) and not blank_before(text, label.start) and ends_sentence_before(text, label.start):
                cuts.append((label.start, label.start, "\n"))
            if last is None or 0 < number - last < 10:
                last, sublist = number, False
            continue
        marked = markings.marking_at(text[label.end:label.end + 70]) is not None
        if label.after_word:  # "… Treaty. Recommendation 13. (SBU) Despite": a heading before
            if marked and follows:
                cuts.append((*label.gap, "\n\n"))
                last, sublist = number, False
            continue
        sentence = follows and not sublist and text[label.end:label.end + 3].strip()[:1].isupper()
        if marked or (follows and label.gap[1] - label.gap[0] >= 2) or sentence:
            cuts.append((*label.gap, "\n\n"))
            last, sublist = number, False
        elif number == 1:
            sublist = True
    if not cuts:
        return text
    cable.defect("paragraphs-run-together", f"{len(cuts)} paragraph(s) printed without a blank line after the "
                 "one before were split at their labels (body line numbers after it count the split lines)",
                 first_line)
    pieces, pos = [], 0
    for start, end, between in cuts:
        pieces += [text[pos:start], between]
        pos = end
    return "".join([*pieces, text[pos:]])


class Label(NamedTuple):
    number: int
    start: int  # where the label (its line, for one opening a line) starts
    end: int
    gap: tuple[int, int] | None  # the spaces before a label in the middle of a line
    after_word: bool  # that label follows a word, not a sentence's end


def labels_in(text: str) -> Iterator[Label]:
    """Paragraph labels (``1.``, ``¶2.``, ``3)``) opening a line or standing in one after spaces."""
    for match in LABEL_END.finditer(text):  # the digit before ".", found fast; the number read back from it
        first = match.start()
        while first > 0 and text[first - 1].isdigit() and match.start() - first < 2:
            first -= 1
        if first and text[first - 1].isdigit():
            continue  # four digits or more: a year, a serial
        start = first - 1 if first and text[first - 1] == "¶" else first
        if start and text[start - 1] not in " \t\n":  # "1.4", "A/3.", "¶¶2."
            continue
        gap_end = start
        while gap_end > 0 and text[gap_end - 1] in " \t":
            gap_end -= 1
        number, end = int(text[first:match.start() + 1]), match.end() - 1
        if gap_end == 0 or text[gap_end - 1] == "\n":
            yield Label(number, gap_end, end, None, False)
        elif gap_end < start:
            before = text[gap_end - 1]
            if before in SENTENCE_END or before.isalnum():
                yield Label(number, gap_end, end, (gap_end, start), before.isalnum())


LABEL_END = re.compile(r"\d[ \t]?[.)][ \t\n(]")
SENTENCE_END = frozenset(".!?\"')-_*:]}”’")


def blank_before(text: str, start: int) -> bool:
    """Whether the line before ``start`` (the start of a line) is blank."""
    end = start - 1  # the newline ending the line before
    if end <= 0:
        return True
    begin = text.rfind("\n", 0, end) + 1
    return not text[begin:end].strip()


def ends_sentence_before(text: str, start: int) -> bool:
    """Whether the line before ``start`` ends a sentence or is a rule (``-``, ``----``)."""
    end = len(text[:start].rstrip(" \t\n")) if start < 4000 else start - 1
    line = text[text.rfind("\n", 0, end) + 1:end].rstrip(" \\")
    return line.endswith((".", "!", "?", '"', "'", ")", ":", "”", "’")) or bool(UNDERLINE.fullmatch(line + "  ")) \
        or line.strip() == "-" or (0 < len(line.strip()) < 60 and not any(c.islower() for c in line))
