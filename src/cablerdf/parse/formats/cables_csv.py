"""``cables-csv``: rows of the full release's cables.csv.

No header row; eight quoted columns ``id, date, refid, origin, classification, references,
header, body``; quotes escaped with a backslash; records span lines. Rows are read from an
iterable of lines, so a file of millions of lines streams.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator

from cablerdf.parse.model import CableParseError, RawCable, Source

COLUMNS = ("id", "created", "reference_id", "origin", "classification", "references", "header", "body")
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_csv_rows(lines: Iterable[str], path: str) -> Iterator[RawCable | CableParseError]:
    reader = csv.reader(lines, escapechar="\\", doublequote=False, strict=False)
    start_line = 1
    row_number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield CableParseError(f"unreadable csv: {error}", f"{path}, line {reader.line_num}")
            start_line = reader.line_num + 1
            continue
        row_number += 1
        source = Source(path, "cables-csv", row=row_number, line=start_line)
        start_line = reader.line_num + 1
        if not row or row == [""]:
            continue
        if len(row) != len(COLUMNS):
            where = f"{path}, row {row_number}, line {source.line}"
            yield CableParseError(f"expected 8 columns, found {len(row)}", where)
            continue
        fields = dict(zip(COLUMNS, row, strict=True))
        metadata = {k: fields[k] for k in ("reference_id", "created", "origin", "classification", "references")}
        yield RawCable(source, metadata, fields["header"] or None, fields["body"])
