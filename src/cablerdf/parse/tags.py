"""The TAGS line: its codes, in the order written.

Codes are upper-case tokens (``PGOV``), also run together (``PGOVPREL``). The partial extracts
newspapers printed lower-case the whole line (``Tags: prel, pgov, tu``): it is upper-cased. An
entry that describes a code gives that code (``Fee Trade Agreement of America (FTAA)`` -> FTAA,
``POL-MIL Issues`` -> POL, MIL); free text that holds no code (``Human Rights``) is no tag (it stays
in ``tags_line``, and a defect names it). Person tags of old cables keep their parentheses:
``(KISSINGER, HENRY A)``.
"""

from __future__ import annotations

import functools
import re

from cablerdf.parse import tables
from cablerdf.parse.model import Cable

ENTRY = re.compile(r"\([^)]*\)?|[^,;()]+")
WORD = re.compile(r"[A-Za-z0-9]+")
CODE_LIKE = re.compile(r"[A-Z0-9]{2,}")
FUNCTION_WORDS = frozenset({"AND", "OF", "THE", "FOR", "WITH"})  # in descriptions; not codes (IN, TO are)
KEYWORD = re.compile(r"^\s*¶?\s*(?:\([A-Z]{1,3}\)\s*)?TAGS?\b", re.I)


def is_code(token: str) -> bool:
    return token in tables.tag_codes()


@functools.lru_cache(maxsize=4096)
def split_run_on(token: str) -> tuple[str, ...] | None:
    """``PGOVPREL`` -> (``PGOV``, ``PREL``): the fewest known 4- and 2-letter codes making up the token.

    Accepted only when the run holds no more 2-letter (geo) codes than 4-letter ones, so that words
    (``POLITICS`` = PO LI TI CS) are never cut into country codes.
    """
    best: dict[int, tuple[str, ...]] = {0: ()}
    for end in range(2, len(token) + 1):
        options = [best[end - size] + (token[end - size:end],) for size in (4, 2)
                   if end - size in best and is_code(token[end - size:end])]
        if options:
            best[end] = min(options, key=len)
    parts = best.get(len(token))
    if not parts or len(parts) < 2:
        return None
    geo = sum(len(p) == 2 for p in parts)
    return parts if geo <= len(parts) - geo else None


def split_tags(text: str) -> tuple[list[str], list[str]]:
    """The codes of a TAGS line in written order, and a sentence for each repair made."""
    codes: list[str] = []
    repairs: list[str] = []
    if text.strip() and not any(c.isupper() for c in text):
        text = text.upper()
        repairs.append("the TAGS line is lower-cased: read upper-case")
    for raw in ENTRY.findall(text):
        entry = " ".join(raw.split()).strip(".:")
        if not entry:
            continue
        if entry.startswith("(") and ("," in entry or " " in entry.strip("()")):
            codes.append(entry if entry.endswith(")") else entry + ")")  # a person tag
            continue
        found = [w for w in WORD.findall(entry) if (CODE_LIKE.fullmatch(w) or (len(w) >= 4 and is_code(w.upper())))
                 and w.upper() not in FUNCTION_WORDS and not w.isdigit()]  # "Spanish Election March 2004"
        if not found:
            repairs.append(f"TAGS entry {entry!r} is free text, not a code: not a tag")
            continue
        if len(found) < len(WORD.findall(entry)):
            if entry.startswith("("):
                repairs.append(f"TAGS entry {entry!r} read as {found[0].upper()}")
            else:
                repairs.append(f"TAGS entry {entry!r} read as {' '.join(w.upper() for w in found)}")
        for token in found:
            add_token(token.upper(), codes, repairs)
    return drop_described(codes), repairs


def drop_described(codes: list[str]) -> list[str]:
    """A code given twice (a description's code repeating one written before) is kept once."""
    return list(dict.fromkeys(codes))


def add_token(token: str, codes: list[str], repairs: list[str]) -> None:
    runs_on = len(token) >= 6 and token.isalpha() and not is_code(token)
    parts = split_run_on(token) if runs_on else None
    if parts:
        repairs.append(f"TAGS run-on {token!r} split into {' '.join(parts)}")
        codes.extend(parts)
    else:
        codes.append(token)


def read_tags(text: str, cable: Cable, line: int) -> None:
    cable.tags_line = " ".join(text.split())
    match = KEYWORD.match(text)
    rest = text[match.end():] if match else text
    if not rest.lstrip().startswith(":"):
        cable.defect("tags-colon-missing", "the TAGS line has no colon", line)
    cable.tags, repairs = split_tags(rest.lstrip(" :"))
    for message in repairs:
        code = "tags-run-on" if "run-on" in message else "tags-lower-case" if "lower" in message else "tags-free-text"
        cable.defect(code, message, line)
