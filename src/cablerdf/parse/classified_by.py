"""The "Classified By" line: who classified the cable, their title, and the reasons."""

from __future__ import annotations

import re

from cablerdf.parse import tables
from cablerdf.parse.model import Cable, ClassifiedBy

REASON_SECTION = re.compile(r"1\s?\.\s?([45])")
REASON_LETTER = re.compile(r"(?<![A-Za-z])([a-hA-H])(?![A-Za-z'])(?!\s?nd\b)")
REASON_START = re.compile(
    r"[,.;:]?\s*(?:\b(?:for|per|under)\s+)?(?:\breasons?\b|\bE\.?O\.?\s?1\d{4}|(?:\bsection\s+)?\b1\.[45]\b)", re.I
)
REASON_END = re.compile(r"[.;]\s+(?=\(?[A-Z][A-Za-z/]*\)?\s)")
TRAILING_WORDS = re.compile(r"(?:[\s,.;:]+|\b(?:for|per|under|by)\b)+$", re.I)
INITIAL = re.compile(r"[A-Z]\.")
NAME_TOKEN = re.compile(r"[A-Z][A-Za-z'\-]+|[A-Z]\.")
KEYWORD = re.compile(r"^(?:Classifi?e?d\s+by:?\s*)+", re.I)


def read_classified_by(text: str, cable: Cable, line: int) -> None:
    folded = KEYWORD.sub("", " ".join(text.split()))
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


