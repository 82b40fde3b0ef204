"""User search text -> an FTS5 expression in which every term is quoted.

FTS5 syntax typed by a user (``NEAR(``, ``col:``, ``^``, unbalanced quotes) is searched for, never
interpreted. Understood: words (all must match), ``"a phrase"``, ``-excluded``, ``prefix*`` and
``OR`` between two terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_QUERY = 500
MAX_TERMS = 32


class SearchError(ValueError):
    """The user's search cannot be run (nothing to search for, too long, only exclusions)."""


TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
WORDLIKE = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    negated: bool = False
    prefix: bool = False

    def fts(self) -> str:
        return '"' + self.text.replace('"', '""') + '"' + ("*" if self.prefix else "")


def terms(text: str) -> Iterator[Term | None]:
    """The terms of the user's text; None stands for an ``OR`` between two terms."""
    for match in TOKEN.finditer(text):
        minus, phrase, word = match.groups()
        if word is None:
            yield Term(phrase, negated=bool(minus))
        elif word == "OR":
            yield None
        else:
            negated = word.startswith("-") and len(word) > 1
            word = word[1:] if negated else word
            prefix = word.endswith("*") and len(word.rstrip("*")) > 0
            yield Term(word.rstrip("*") if prefix else word, negated, prefix)


def fts_query(text: str) -> str:
    """The FTS5 expression for a user's search text (every term quoted); SearchError when unusable."""
    if len(text) > MAX_QUERY:
        raise SearchError(f"the search is longer than {MAX_QUERY} characters")
    text = CONTROL.sub(" ", text)
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    joined = False
    for term in terms(text):
        if term is None:
            joined = bool(groups)
            continue
        if not WORDLIKE.search(term.text):
            continue  # punctuation alone: nothing FTS5 would index
        if term.negated:
            excluded.append(term)
        elif joined:
            groups[-1].append(term)
        else:
            groups.append([term])
        joined = False
    if len(excluded) + sum(len(g) for g in groups) > MAX_TERMS:
        raise SearchError(f"the search has more than {MAX_TERMS} terms")
    if not groups:
        raise SearchError("nothing to search for: give at least one word that is not excluded"
                          if excluded else "nothing to search for: give at least one word")
    expression = " AND ".join(g[0].fts() if len(g) == 1 else "(" + " OR ".join(t.fts() for t in g) + ")"
                              for g in groups)
    return expression + "".join(f" NOT {t.fts()}" for t in excluded)
