"""References: the REF line or block of a cable's preamble, and cables cited as reftel in the body.

A REF block lists items labelled by letters or numbers (``A. STATE 77660 B. BERLIN 1000``,
``a) shanghai 80; b) 06 beijing 23548``, ``1. ROME 1902, 2. STATE 31565``, ``REF A: VATICAN 05286;
REF B: …``), on one line or many, or unlabelled (``STATE 106206 CIRCULAR; STATE CA-3400``). Each
cable an item cites is one reference, with the item's label and raw text; an item that cites no
cable (a letter, a meeting, ``TD-314/…``) is one reference without a cable ID.
"""

from __future__ import annotations

import re

from cablerdf.parse import ids
from cablerdf.parse.model import Cable, Reference
from cablerdf.parse.residue import INLINE_PAGE

KEYWORD = re.compile(r"^[\s¶]*(?:\([A-Za-z/]{1,6}\)\s*)?(?:REF(?:S|TEL|TELS)?|Refs?|refs?)\b\s*[:.]?\s*")
INNER_KEYWORD = re.compile(r"(?:(?<=^)|(?<=[\s;,.]))REF(?:TEL)?\s+(?=[A-Z0-9]{1,2}\s*[:.)])", re.I)
# a label: "A.", "a)", "(B)", "1.", "2)", "A:" at the start or after a separator; "A)Brasilia" too
LABEL = re.compile(
    r"(?:^|(?<=[\s;,]))¶?\(?(?P<label>[A-Za-z]|\d{1,2})(?:[.:]\)?(?=\s)|\)(?=\s?[A-Za-z0-9]))\s*"
)
LINE_LABEL = re.compile(r"\s*¶?\(?(?:[A-Za-z]|\d{1,2})[.)]\s*\S")
BODY_REFTEL = re.compile(
    r"\bREF(?:TEL)?\b\s*[:(]?\s*(?P<cite>(?:\d\d\s?)?[A-Z][A-Z ]{1,24}?\s0*\d{1,7})(?![\d/:-])", re.I
)


def read_refs(text: str, cable: Cable, context_year: str | None, line: int) -> None:
    lines = KEYWORD.sub("", text, count=1).split("\n")
    # a label opening a line is one whatever ends the line above ("… AND PREVIOUS" / "N) 02 SAO PAULO 1709")
    value = " ".join(" ".join((f"; {line}" if i and LINE_LABEL.match(line) else line).split())
                     for i, line in enumerate(lines))
    value = INLINE_PAGE.sub(" ", INNER_KEYWORD.sub("", value))
    if "¶" in value:
        cable.defect("spurious-paragraph-sign", "a REF label carries a paragraph sign", line)
    known = {(r.label, r.cable_id) for r in cable.references if r.cable_id}
    for label, part in items(value):
        cited = ids.cable_ids_in(part, context_year)
        if not cited:
            cable.references.append(Reference(label, None, part))
        for cable_id in cited:
            if (label, cable_id) not in known:  # a REF line given twice (a record dump, a section header)
                known.add((label, cable_id))
                cable.references.append(Reference(label, cable_id, part))


def items(value: str) -> list[tuple[str | None, str]]:
    """(label, text) of each item of a REF value, in order."""
    labels = in_sequence([m for m in LABEL.finditer(value) if is_label(m, value)])
    if not labels:
        return [(None, p.strip(" ;,.")) for p in re.split(r";|:\s", value) if p.strip(" ;,.")] \
            or [(None, value)]
    found: list[tuple[str | None, str]] = []
    head = value[: labels[0].start()].strip(" ;,.:")
    if head:
        found.append((None, head))
    for i, match in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(value)
        part = value[match.end(): end].strip(" ;,")
        if part:  # "A. A. 02 NEW DELHI 6938": a doubled label
            found.append((match.group("label").upper(), part.rstrip(" .") if part.endswith(". ") else part))
    return found


def in_sequence(found: list[re.Match[str]]) -> list[re.Match[str]]:
    """The labels that go forward (A, B, C; 1, 2, 3; an excerpt may skip some): one that goes back is
    no label. ``A. A. 02 NEW DELHI 6938``: a doubled label is kept (its empty item is dropped)."""
    kept: list[re.Match[str]] = []
    for match in found:
        label = match.group("label").upper()
        if not kept:
            if label in ("A", "1"):
                kept.append(match)
            continue
        before = kept[-1].group("label").upper()
        if label.isdigit() == before.isdigit() and (int(label) >= int(before) if label.isdigit() else label >= before):
            kept.append(match)
    return kept


def is_label(match: re.Match[str], value: str) -> bool:
    """A letter or number in label position, not a cable's serial (``STATE 1234. B. …``)."""
    label = match.group("label")
    if label.isdigit():
        before = value[: match.start()].rstrip()
        return not before or before[-1] in ";,." or before[-1].isdigit()
    before = value[: match.start()].rstrip(" ¶(")
    separated = not before or before[-1] in ";,.:)" or before[-1].isdigit()
    if not separated and not match.group(0).lstrip("¶").startswith("("):  # "DCM MICHAEL J. FITZPATRICK"
        return False
    return not (len(label) == 1 and label in "Ii" and value[match.end():match.end() + 1].islower())


def body_references(cable: Cable, context_year: str | None) -> None:
    """Without a REF line: the cables the body cites as its reftel (``REFTEL (STATE 12345)``)."""
    seen: set[str] = set()
    for paragraph in cable.paragraphs:
        if "REF" not in paragraph.text and "ref" not in paragraph.text.lower():
            continue
        for match in BODY_REFTEL.finditer(paragraph.text):
            cited = ids.cable_ids_in(match.group("cite"), context_year)
            for cable_id in cited:
                if cable_id not in seen:
                    seen.add(cable_id)
                    cable.references.append(Reference(None, cable_id, match.group(0)))
    if seen:
        cable.defect("references-from-body", f"no REF line: {len(seen)} reference(s) read from reftel "
                     "mentions in the text", None)
