"""Cables built from real Cablegate snippets, for the field-by-field parser tests (test_fields_*.py).

``bug(...)`` = ``xfail(strict=True)``: the correct result for a case the parser still gets wrong;
once it is fixed the test XPASSes and fails, so drop the mark then.
"""

from __future__ import annotations

from importlib.resources import files

import pytest

from cablerdf.parse import parse_text, preamble
from cablerdf.parse.model import Cable, RawCable, Source
from cablerdf.parse.paragraphs import parse_paragraphs
from cablerdf.parse.record import build_cable


def bug(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


def blank(rid: str = "09MEXICO2882") -> Cable:
    return Cable(rid, rid, Source(rid, "page-text"))


def build(rid: str, body: str, head: str | None = None, **meta: str) -> Cable:
    return build_cable(RawCable(Source(rid, "page-text"), {"reference_id": rid, **meta}, head, body))


def codes(cable: Cable) -> list[str]:
    return [d.code for d in cable.defects]


def pre(rid: str, *lines: str) -> Cable:
    """The preamble (banner, captions, E.O., TAGS, SUBJECT, REF, Classified By) of body ``lines``."""
    cable = blank(rid)
    preamble.parse_preamble(list(lines), cable, rid[:2])
    return cable


def paras(text: str) -> Cable:
    cable = blank()
    parse_paragraphs(text, 1, cable)
    return cable


def seed_cable() -> Cable:
    """The project's sample: the page-text rendering of 09MEXICO2882."""
    path = files("cablerdf.data.sample").joinpath("09MEXICO2882.txt")
    return parse_text(path.read_text(encoding="utf-8"), str(path), "page-text")
