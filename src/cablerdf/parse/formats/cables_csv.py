"""``cables-csv``: rows of the full release's cables.csv.

No header row; eight quoted columns ``id, date, refid, origin, classification, references,
header, body``; quotes escaped with a backslash; records span lines. Rows are read from an
iterable of lines, so a file of millions of lines streams.

A file cut short ends inside its last record: inside a quoted field, or before the eighth column.
That record is kept as far as it goes, with an ``input-truncated`` defect (Python's csv reader
would silently close the field); a record of the wrong width anywhere else is an error.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator

from cablerdf.parse.model import CableParseError, Defect, RawCable, Source

COLUMNS = ("id", "created", "reference_id", "origin", "classification", "references", "header", "body")
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class Lines:
    """The input lines, remembering the raw text of the record being read."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = iter(lines)
        self.record: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.record.append(line)
        return line

    def take(self) -> str:
        text, self.record = "".join(self.record), []
        return text


def ends_inside_quotes(text: str) -> bool:
    """Whether a record's raw text ends inside a quoted field (backslash escapes honoured)."""
    inside = escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif inside and char == "\\":
            escaped = True
        elif char == '"':
            inside = not inside
    return inside


def read_csv_rows(lines: Iterable[str], path: str) -> Iterator[RawCable | CableParseError]:
    source = Lines(lines)
    reader = csv.reader(source, escapechar="\\", doublequote=False, strict=False)
    start_line, row_number = 1, 0
    pending: tuple[list[str], str, Source] | None = None
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            yield CableParseError(f"unreadable csv: {error}", f"{path}, line {reader.line_num}")
            source.take()
            start_line = reader.line_num + 1
            continue
        row_number += 1
        raw = source.take()
        if not row or row == [""]:
            start_line = reader.line_num + 1
            continue
        if pending is not None:
            yield record(*pending, last=False)
        pending = (row, raw, Source(path, "cables-csv", row=row_number, line=start_line))
        start_line = reader.line_num + 1
    if pending is not None:
        yield record(*pending, last=True)


def record(row: list[str], raw: str, source: Source, last: bool) -> RawCable | CableParseError:
    where = f"{source.path}, row {source.row}, line {source.line}"
    cut = last and (ends_inside_quotes(raw) or len(row) < len(COLUMNS))
    if len(row) != len(COLUMNS) and not (cut and len(row) >= 3):
        return CableParseError(f"expected 8 columns, found {len(row)}", where)
    fields = dict(zip(COLUMNS, [*row, *[""] * (len(COLUMNS) - len(row))], strict=True))
    metadata = {k: fields[k] for k in ("reference_id", "created", "origin", "classification", "references")}
    defects = [truncated(row)] if cut else []
    return RawCable(source, metadata, fields["header"] or None, fields["body"], defects=defects)


def truncated(row: list[str]) -> Defect:
    column = COLUMNS[len(row) - 1]
    return Defect("input-truncated", f"the file ends inside this record's {column} column: the "
                  "record is cut short", None, "body" if column == "body" else "metadata")
