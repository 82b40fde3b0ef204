"""``jsonl``: JSON-lines dumps (a Mongo export of the first release; New Delhi cables).

Keys: ``_id`` (or ``reference_id``), ``origin``, ``date_time``, ``classification``, ``body`` and
sometimes ``header``. Their texts lost their newlines; the line structure the parser needs is
restored before known markers, and that repair is recorded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from cablerdf.parse.model import CableParseError, Defect, RawCable, Source

BODY_MARKERS = re.compile(
    r"\s*(?<![A-Za-z])"
    r"(?=E\.\s?O\.\s?\d{4,5}\s*:|TAGS\s*:|SUBJECT\s*:|REF(?:S|TEL)?\s*:|CLASSIFIED BY\b|Classified By\b)"
)
PARAGRAPH_LABEL = re.compile(r"(?:\s{2,}|(?<=[.:)\"]) |^)(¶?\d{1,3}\.)\s+")
HEADER_MARKERS = re.compile(r"\s*(?=\bFM |(?<=[A-Z0-9])FM |(?<=[A-Z0-9])TO |\bTO |(?<=[A-Z0-9 ])INFO )")
AFTER_PRECEDENCE = re.compile(r"((?:IMMEDIATE|PRIORITY|ROUTINE|FLASH)(?: \d{1,5})?)\s*(?=[A-Z])")


def restore_body(text: str) -> str:
    text = BODY_MARKERS.sub("\n", text)
    out: list[str] = []
    expected, pos = 1, 0
    for match in PARAGRAPH_LABEL.finditer(text):
        label = match.group(1).lstrip("¶").rstrip(".")
        if int(label) == expected or match.group(1).startswith("¶"):
            out.append(text[pos:match.start()])
            out.append("\n\n" + match.group(1) + " ")
            pos = match.end()
            expected = int(label) + 1
    out.append(text[pos:])
    return "".join(out)


def restore_header(text: str) -> str:
    text = HEADER_MARKERS.sub("\n", text)
    return AFTER_PRECEDENCE.sub(r"\1\n", text)


def read_jsonl(lines: Iterable[str], path: str) -> Iterator[RawCable | CableParseError]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            record = json.loads(line)
        except ValueError as error:
            yield CableParseError(f"invalid JSON: {error}", where)
            continue
        if not isinstance(record, dict) or not isinstance(record.get("body"), str):
            yield CableParseError("a JSON line without a text 'body'", where)
            continue
        yield raw_from(record, Source(path, "jsonl", row=number, line=number))


def raw_from(record: dict[str, object], source: Source) -> RawCable:
    def text(key: str) -> str:
        value = record.get(key)
        return value if isinstance(value, str) else ""

    # The New Delhi dump has no reference_id and no header: its ``_id`` holds the cable's references
    # (``04DHAKA3127|04KOLKATA350``), so the ID is read from the body banner instead.
    own_id = "reference_id" in record or "header" in record
    metadata = {"reference_id": text("reference_id") or (text("_id") if own_id else ""),
                "references": "" if own_id else text("_id"), "created": text("date_time"),
                "origin": text("origin"), "classification": text("classification")}
    body, header = text("body"), text("header") or None
    defects: list[Defect] = []
    restored = "\n" not in body.strip()
    if restored:
        body = restore_body(body)
        header = restore_header(header) if header else None
        defects.append(Defect("newlines-restored", "the dump lost its line breaks; lines were re-broken "
                              "before known markers", None, "body"))
    return RawCable(source, metadata, header, body, defects=defects, lines_restored=restored)
