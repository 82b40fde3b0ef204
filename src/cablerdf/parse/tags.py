"""Splitting a TAGS line into single codes."""

from __future__ import annotations

import functools
import re

from cablerdf.parse import tables

TOKEN = re.compile(r"\([^)]*\)?|[^\s,;()]+")


def is_code(token: str) -> bool:
    return token in tables.tag_codes()


@functools.lru_cache(maxsize=4096)
def split_run_on(token: str) -> tuple[str, ...] | None:
    """``PGOVPREL`` -> (``PGOV``, ``PREL``) when the token is a run of known codes, else None."""
    if len(token) < 4:
        return None
    best: dict[int, tuple[str, ...]] = {0: ()}
    for end in range(1, len(token) + 1):
        for size in (4, 2, 3, 5):
            start = end - size
            if start in best and is_code(token[start:end]):
                best[end] = (*best[start], token[start:end])
                break
    parts = best.get(len(token))
    return parts if parts and len(parts) > 1 else None


def split_tags(text: str) -> tuple[list[str], list[str]]:
    """The codes of a TAGS line in written order, and a sentence for each run-on split."""
    codes: list[str] = []
    repairs: list[str] = []
    for raw in TOKEN.findall(text):
        token = raw.strip(".:")
        if not token:
            continue
        if token.startswith("("):
            codes.append(" ".join(token.split()))  # a person tag, kept with its parentheses
            continue
        runs_on = len(token) >= 6 and token.isupper() and token.isalpha() and not is_code(token)
        parts = split_run_on(token) if runs_on else None
        if parts:
            repairs.append(f"TAGS run-on {token!r} split into {' '.join(parts)}")
            codes.extend(parts)
        else:
            codes.append(token)
    return codes, repairs
