"""The "Classified By" line: who classified the cable, their title, and the reasons."""

from __future__ import annotations

import re

from cablerdf.parse import tables
from cablerdf.parse.model import Cable, ClassifiedBy

REASON_SECTION = re.compile(r"1\s?\.\s?([45])")
REASON_LETTER = re.compile(r"(?<![A-Za-z])([a-hA-H])(?![A-Za-z'])(?!\s?nd\b)")
REASON_START = re.compile(
    r"[,.;:]?\s*(?:\b(?:for|per|under)\s+)?"
    r"(?:\breasons?\b|\breaso\s?ns?\b|\bE\.?O\.?\s?1\d{4}|(?:\bsection\s+)?\b1\.[45]\b)", re.I
)
REASON_END = re.compile(r"[.;]\s+(?=\(?[A-Z][A-Za-z/]*\)?\s)")
TRAILING_WORDS = re.compile(r"(?:[\s,.;:]+|\b(?:for|per|under|by|based upon|based on|due to|with)\b)+$", re.I)
INITIAL = re.compile(r"(?:[A-Z]\.)+")
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
    """(title, name) of the classifier: ``NAS Director Keith Mines``, ``Ambassador Carol van Voorst``,
    ``Charge d'Affaires a.i. Sylvia Reed Curran``, ``Daniel Fried, Assistant Secretary, EUR, Department
    of State`` (the parts after the title name the office: left out), ``Berliner,Nicholas PolEcon Chief``."""
    who = SUFFIX.sub(r" \1.", who)
    parts = [part.strip() for part in who.split(",")]
    if len(parts) > 1 and is_name(parts[0].split()):
        return parts[1] or None, parts[0]
    head = parts[0] if len(parts) > 1 and name_at_end(parts[0].split()) else who.replace(",", " ") \
        if re.search(r"[a-z],[A-Z]", who) else who
    tokens = head.split()
    if not tokens:
        return None, None
    start = name_at_end(tokens)
    if start is not None:
        return " ".join(tokens[:start]) or None, " ".join(tokens[start:])
    end = name_at_start(tokens)
    if end is not None:
        return " ".join(tokens[end:]) or None, " ".join(tokens[:end])
    return who, None


SUFFIX = re.compile(r",?\s+(Jr|Sr|JR|SR|II|III|IV)\.?(?=$|[\s,])")
PARTICLES = frozenset({"van", "von", "de", "del", "della", "da", "di", "du", "le", "la", "bin", "al", "el", "der",
                       "den"})
SUFFIXES = frozenset({"JR.", "SR.", "II.", "III.", "IV."})


def name_word(token: str, caps: bool) -> bool:
    """A word of a person's name (not a title word; an all-caps acronym only in an all-caps line)."""
    if token.upper() in SUFFIXES or INITIAL.fullmatch(token):
        return True
    bare = token.rstrip(".,")
    titles = tables.classifier_title_words()
    if not NAME_TOKEN.fullmatch(bare) or bare.upper() in titles or any(p.upper() in titles for p in bare.split("-")):
        return False
    return caps or not (bare.isupper() and len(bare) <= 4)


def name_at_end(tokens: list[str]) -> int | None:
    """Where a name of 2-4 words (initials, particles and Jr. aside) ends the tokens, or None."""
    caps = not any(c.islower() for c in "".join(tokens))
    start, words = len(tokens), 0
    while start > 0 and words < 4:
        token = tokens[start - 1]
        if token.lower() in PARTICLES and start < len(tokens):
            start -= 1
            continue
        if not name_word(token, caps):
            break
        words += not (INITIAL.fullmatch(token) or token.upper() in SUFFIXES)
        start -= 1
    while start < len(tokens) and tokens[start].lower() in PARTICLES:
        start += 1
    real = [t for t in tokens[start:] if not INITIAL.fullmatch(t) and t.upper() not in SUFFIXES]
    return start if real and (len(tokens[start:]) >= 2 or start > 0) else None


def name_at_start(tokens: list[str]) -> int | None:
    caps = not any(c.islower() for c in "".join(tokens))
    end = 0
    while end < len(tokens) and end < 4 and name_word(tokens[end], caps):
        end += 1
    return end if end >= 2 and end < len(tokens) else None


def is_name(words: list[str]) -> bool:
    caps = not any(c.islower() for c in "".join(words))
    return 2 <= len(words) <= 5 and all(name_word(w, caps) or w.lower() in PARTICLES for w in words)
