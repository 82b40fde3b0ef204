"""Pure cable parsing: text in, cable records out (no RDF, no web, no I/O beyond its input).

``parse_document`` reads one single-cable document (an HTML page, a page text, a PDF text);
``parse_lines`` reads a multi-record stream (cables.csv rows, JSON lines) line by line.
Each yields a ``Cable`` or, for a cable that cannot be parsed at all, a ``CableParseError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cablerdf.parse.detect import detect_format
from cablerdf.parse.formats.cables_csv import read_csv_rows
from cablerdf.parse.formats.html import read_html
from cablerdf.parse.formats.jsonl import read_jsonl
from cablerdf.parse.formats.page_text import read_page_text
from cablerdf.parse.formats.pdf_text import decode as decode_pdf_text
from cablerdf.parse.formats.pdf_text import read_pdf_text
from cablerdf.parse.model import Cable, CableParseError, RawCable
from cablerdf.parse.record import build_cable

__all__ = [
    "INPUT_FORMATS",
    "STREAM_FORMATS",
    "Cable",
    "CableParseError",
    "detect_format",
    "parse_document",
    "parse_lines",
    "parse_text",
]

# the input formats: one reader each (a new format: its module in formats/, a line here, a rule in detect.py)
DOCUMENT_READERS = {"cablegate-html": read_html, "page-text": read_page_text, "pdf-text": read_pdf_text}
STREAM_READERS = {"cables-csv": read_csv_rows, "jsonl": read_jsonl}  # several cables per file
INPUT_FORMATS = (*DOCUMENT_READERS, *STREAM_READERS)
STREAM_FORMATS = frozenset(STREAM_READERS)


def build(raw: RawCable) -> Cable:
    """A record from a raw cable; any failure inside the parser becomes a CableParseError."""
    try:
        return build_cable(raw)
    except CableParseError:
        raise
    except Exception as error:
        where = raw.source.path + (f", row {raw.source.row}" if raw.source.row else "")
        raise CableParseError(f"parser failure: {type(error).__name__}: {error}", where) from error


def decode(data: bytes, fmt: str) -> str:
    if fmt == "pdf-text":
        return decode_pdf_text(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3:  # a file cut inside its last character: the rest is UTF-8
            return data[: error.start].decode("utf-8", errors="replace")
        return data.decode("latin-1")


def parse_text(text: str, name: str, fmt: str) -> Cable:
    """One cable from the text of a single-cable document in format ``fmt``."""
    reader = DOCUMENT_READERS.get(fmt)
    if reader is None:
        raise CableParseError(f"format {fmt} is not a single-cable document format", name)
    try:
        raw = reader(text, name)
    except CableParseError:
        raise
    except Exception as error:
        raise CableParseError(f"unreadable {fmt}: {type(error).__name__}: {error}", name) from error
    return build(raw)


def parse_document(data: bytes, name: str, fmt: str | None = None) -> Iterator[Cable | CableParseError]:
    """The cables in one document's bytes (several for a csv or jsonl file)."""
    fmt = fmt or detect_format(name, data[:4096])
    if fmt is None:
        yield CableParseError("unknown format (use --format)", name)
    elif fmt in STREAM_FORMATS:
        yield from parse_lines(decode(data, fmt).splitlines(keepends=True), name, fmt)
    else:
        try:
            yield parse_text(decode(data, fmt), name, fmt)
        except CableParseError as error:
            yield error


def parse_lines(lines: Iterable[str], name: str, fmt: str) -> Iterator[Cable | CableParseError]:
    """The cables of a multi-record stream given as lines (kept ends for csv)."""
    for item in STREAM_READERS[fmt](lines, name):
        if isinstance(item, CableParseError):
            yield item
            continue
        try:
            yield build(item)
        except CableParseError as error:
            yield error
