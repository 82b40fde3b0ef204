"""Portion markings: ``(C)``, ``(S//NF)``, ``(C/REL ISAF)``, ``(SBU)``, ``(u)``, ``(C - ENTIRE TEXT)``.

A marking is read into its level and dissemination controls (``S//NF`` -> S, NOFORN; ``C//REL TO USA,
ISAF`` -> C, ``REL USA, ISAF``); the raw mark is kept as printed. Text in parentheses that is not a
marking (``(Afghanistan)``, ``(U.S.)``) is not read as one. The codes are data:
``data/tables/portion_marks.csv``.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from cablerdf.parse import tables

MARK = re.compile(r"\s*\(\s*(?P<m>[A-Za-z][A-Za-z/ ,.\-–]{0,60}?)\s*\)")
UNCLOSED = re.compile(r"\s*\(\s*(?P<m>SBU|LOU|TS|[CSU]|[CS]//?NF)\s+(?=[A-Z][a-z])")
ENTIRE = re.compile(r"[\s\-–.,]*(?:--\s*)?ENTIRE\s+(?P<what>TEXT|MESSAGE|CABLE|PARAGRAPH)\.?$")
REL = re.compile(r"\bREL(?:EASABLE)?(?:\s+TO)?\s+(?P<to>[^/]+(?:/[A-Z]{2,}(?![A-Z/]))*)")
WHOLE_TEXT = re.compile(
    r"(?:^|\n)[ \t]*(?:\d{1,2}\.\s*)?\(?\s*(?P<m>(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|SBU|LOU|[CSU])"
    r"(?:\s?/{1,2}\s?[A-Z]+)*\)?\s*[-–]*\s*ENTIRE\s+(?:TEXT|MESSAGE|CABLE)\.?)\s*\)?", re.I
)


class Marking(NamedTuple):
    raw: str  # as printed, without the parentheses
    level: str
    controls: tuple[str, ...]
    whole_text: bool  # "(C - ENTIRE TEXT)": the marking of every paragraph


@functools.cache
def codes() -> dict[str, dict[str, str]]:
    """``level`` and ``control`` words of portion marks -> their codes."""
    found: dict[str, dict[str, str]] = {"level": {}, "control": {}}
    for row in tables.read_table("portion_marks.csv"):
        found[row["kind"]][row["written"]] = row["value"]
    return found


@functools.cache
def level_pattern() -> re.Pattern[str]:
    words = sorted(codes()["level"], key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, words))})(?=$|[\s/\-–,]|NF\b)")


@functools.lru_cache(maxsize=4096)
def read_marking(raw: str) -> Marking | None:
    """The marking a parenthesised text is, or None when it is not one."""
    text = " ".join(raw.upper().replace("N/F", "NF").replace("NO FORN", "NOFORN").strip("()").replace(")", " ").split())
    entire = ENTIRE.search(text)
    whole = entire is not None and entire.group("what") != "PARAGRAPH"
    text = text[: entire.start()] if entire else text
    level = level_pattern().match(text)
    if level is None:
        return None
    rest = text[level.end():]
    controls: list[str] = []
    rel = REL.search(rest)
    if rel:
        controls.append("REL " + " ".join(rel.group("to").strip(" /,").split()))
        rest = rest[: rel.start()] + rest[rel.end():]
    words = [w for w in re.split(r"[\s/\-–,]+", rest) if w]
    known = codes()["control"]
    index = 0
    while index < len(words):
        pair = " ".join(words[index:index + 2])
        if pair in known:
            controls.insert(len(controls) - bool(rel), known[pair])
            index += 2
        elif words[index] in known:
            controls.insert(len(controls) - bool(rel), known[words[index]])
            index += 1
        else:
            return None
    return Marking(raw.strip(), codes()["level"][level.group(0)], tuple(dict.fromkeys(controls)), whole)


def marking_at(text: str) -> tuple[Marking, int] | None:
    """The marking at the start of ``text`` (after spaces) and where it ends; also one whose closing
    parenthesis was lost (``(SBU During recent months``)."""
    match = MARK.match(text) or UNCLOSED.match(text)
    found = read_marking(match.group("m")) if match else None
    return (found, match.end()) if found and match else None


def whole_text_marking(text: str) -> Marking | None:
    """A whole-text marking among the opening lines of a text (``CONFIDENTIAL - ENTIRE TEXT``)."""
    head = text[:4000]
    if "ENTIRE" not in head.upper():
        return None
    match = WHOLE_TEXT.search(head)
    return read_marking(match.group("m")) if match else None
