"""Typographic repairs of cable text; each repair is recorded as a defect, the raw text is kept.

State's cable system turned typographic quotes into ``&`` (open) and ``8`` (close), and the
apostrophe into ``,``: ``&culture of lawfulness8``, ``Sarkozy,s``.
"""

from __future__ import annotations

import re

from cablerdf.parse.model import Cable

AMPERSAND_QUOTE = re.compile(r"&(?<![A-Za-z0-9]&)([^\s&;](?:[^&\n]{0,300}?[^\s&])?)8(?![0-9A-Za-z])")
COMMA_APOSTROPHE = re.compile(r",(?:(?<=[A-Za-z]{2},)|(?<=\bI,))(?=(?:s|t|ll|re|ve|d|m|S|T|LL|RE|VE|D|M)\b)")


def needs_repair(text: str) -> bool:
    """Whether any typographic repair applies to ``text`` (one pass over a whole body)."""
    return ("&" in text and AMPERSAND_QUOTE.search(text) is not None) or COMMA_APOSTROPHE.search(text) is not None


def repair_text(text: str, cable: Cable, line: int) -> str:
    """``text`` with ``&…8`` read as double quotes and ``,`` as apostrophe, each recorded."""
    repaired = text
    if "&" in repaired:
        repaired, count = AMPERSAND_QUOTE.subn(r'"\1"', repaired)
        if count:
            cable.defect("quote-as-ampersand-8", f"{count} quotation(s) printed as &…8 read as \"…\"", line)
    if "," in repaired:
        repaired, count = COMMA_APOSTROPHE.subn("'", repaired)
        if count:
            cable.defect("apostrophe-as-comma", f"{count} apostrophe(s) printed as ',' restored", line)
    return repaired
