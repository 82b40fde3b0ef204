"""Splitting a TAGS line into single codes."""

from __future__ import annotations

import functools
import re

from cablerdf.parse import tables

TOKEN = re.compile(r"\([^)]*\)?|[^\s,;()]+")
ENTRY = re.compile(r"\([^)]*\)?|[^,;()]+")
CODE_LIKE = re.compile(r"[A-Z0-9]{2,}")


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
    """The codes of a TAGS line in written order, and a sentence for each run-on split.

    On a comma-separated line an entry of several words that are not all codes stays whole
    (``Muslim Issues``); person tags keep their parentheses: ``(KISSINGER, HENRY A)``.
    """
    codes: list[str] = []
    repairs: list[str] = []
    entries = ENTRY.findall(text) if "," in text or ";" in text else TOKEN.findall(text)
    for raw in entries:
        entry = " ".join(raw.split()).strip(".:")
        if not entry:
            continue
        words = entry.split()
        if entry.startswith("(") or (len(words) > 1 and not all(CODE_LIKE.fullmatch(w) for w in words)):
            codes.append(entry)
            continue
        for token in words:
            add_token(token.strip(".:"), codes, repairs)
    return codes, repairs


def add_token(token: str, codes: list[str], repairs: list[str]) -> None:
    if not token:
        return
    runs_on = len(token) >= 6 and token.isupper() and token.isalpha() and not is_code(token)
    parts = split_run_on(token) if runs_on else None
    if parts:
        repairs.append(f"TAGS run-on {token!r} split into {' '.join(parts)}")
        codes.extend(parts)
    else:
        codes.append(token)
