"""The one way from an input to RDF: source -> record -> content hash -> quads.

:func:`read_records` reads the cables of the inputs (:func:`cablerdf.sources.read_inputs`) and gives each
its :class:`~cablerdf.mapping.Provenance`: the SHA-256 of the input *file* it came from, computed once per
file (:class:`SourceHashes`; for a cable read from an archive, or from a multi-record file such as
cables.csv, that is the hash of the archive or of the whole file), and the conversion time.
:func:`content_hash` is the hash of a record's own content, the same for the same text wherever it was read.
:func:`to_quads` maps a record to its named graph's quads; :func:`mapped` does it without letting a mapping
bug lose the other cables. :func:`convert` chains them all (``cablerdf convert``); ``cablerdf validate`` and
ingest read the records in the main process and map them with the same functions in worker processes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from pyoxigraph import Quad

from cablerdf.iris import Minter
from cablerdf.mapping import Provenance, cable_quads
from cablerdf.parse import Cable, CableParseError
from cablerdf.sources import file_sha256, read_inputs, source_file


@dataclass(frozen=True, slots=True)
class Record:
    """A parsed cable and the provenance its graph records."""

    cable: Cable
    provenance: Provenance

    @property
    def canonical_id(self) -> str:
        return self.cable.canonical_id


@dataclass(frozen=True, slots=True)
class Failure:
    """A cable that was read but gives no quads: its source cannot be hashed, or its mapping failed."""

    label: str  # the cable's source label (see SourceHashes)
    row: int | None
    reason: str
    error: Exception

    def __str__(self) -> str:
        return f"{where(self.label, self.row)}: {self.reason}"


Item = Record | CableParseError | Failure


def utc_now() -> str:
    """Now in UTC to the second (``2026-11-28T10:00:00Z``), or ``SOURCE_DATE_EPOCH`` when set (reproducible
    output)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return now.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def where(label: str, row: int | None) -> str:
    return label + (f", row {row}" if row else "")


class SourceHashes:
    """SHA-256 of the file behind each cable's source label, computed once per file.

    A label is a file's path, or ``archive!member`` for a cable read from an archive.
    """

    def __init__(self) -> None:
        self.by_label: dict[str, str] = {}
        self.by_file: dict[str, str] = {}

    def __call__(self, label: str) -> str:
        digest = self.by_label.get(label)
        if digest is None:
            path = source_file(label)
            digest = self.by_file.get(path)
            if digest is None:
                digest = self.by_file[path] = file_sha256(path)
            if path == label:  # a multi-record file: its many cables share the label
                self.by_label[label] = digest
        return digest


def read_records(paths: list[str], converted_at: str, fmt: str | None = None, verify: bool = False
                 ) -> Iterator[Item]:
    """The cables of the inputs in order, each with its provenance; an input or cable that cannot be parsed
    is a :class:`~cablerdf.parse.CableParseError`, a cable whose source cannot be hashed a :class:`Failure`.
    ``verify``: see :func:`cablerdf.sources.read_inputs`."""
    hashes = SourceHashes()
    for item in read_inputs(paths, fmt, verify):
        if isinstance(item, CableParseError):
            yield item
            continue
        try:
            digest = hashes(item.source.path)
        except OSError as error:
            yield Failure(item.source.path, item.source.row, f"cannot hash the source: {error}", error)
            continue
        yield Record(item, Provenance(digest, converted_at))


def content_hash(cable: Cable) -> str:
    """SHA-256 of the record without its source location: the same text gives the same hash."""
    record = cable.to_dict()
    record.pop("source")
    return hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def to_quads(record: Record, minter: Minter) -> list[Quad]:
    """The quads of the record's named graph."""
    return cable_quads(record.cable, minter, record.provenance)


def mapped(record: Record, minter: Minter) -> list[Quad] | Failure:
    """:func:`to_quads`, or the :class:`Failure` of a mapping that raised."""
    try:
        return to_quads(record, minter)
    except Exception as error:  # a mapping bug must not lose the other cables
        cable = record.cable
        reason = f"{cable.canonical_id}: mapping failure: {type(error).__name__}: {error}"
        return Failure(cable.source.path, cable.source.row, reason, error)


def convert(paths: list[str], minter: Minter, converted_at: str, fmt: str | None = None
            ) -> Iterator[list[Quad] | CableParseError | Failure]:
    """The whole pipeline, in this process: the quads of each cable of the inputs, or why it has none."""
    for item in read_records(paths, converted_at, fmt):
        yield mapped(item, minter) if isinstance(item, Record) else item
