"""The cable record: dataclasses for what the parser produces.

The JSON form of these records (``Cable.to_dict``) is the public interface described in
``spec/cable-record.md``: field names are stable, a missing value is ``None`` (or ``[]``), never
absent. Fields beyond the spec are additions, never renames.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DAMAGE_CODES = frozenset({"input-truncated"})  # defects that are errors of the input, reported as such


class CableParseError(ValueError):
    """A cable (or a whole input) that cannot be parsed at all.

    ``location`` names the file and, where known, the row or line.
    """

    def __init__(self, message: str, location: str = "") -> None:
        super().__init__(f"{location}: {message}" if location else message)
        self.location = location
        self.reason = message


@dataclass(slots=True)
class Defect:
    """A repair or oddity met while parsing; ``line`` is 1-based within ``part``."""

    code: str
    message: str
    line: int | None = None
    part: str = "body"  # "metadata", "header" or "body"


@dataclass(slots=True)
class Source:
    path: str
    format: str
    row: int | None = None  # 1-based record number inside a multi-record file (csv, jsonl)
    line: int | None = None  # 1-based physical line where that record starts


@dataclass(slots=True)
class Addressee:
    name: str
    precedence: str | None = None
    serial: str | None = None
    route: str | None = None
    collective: bool = False


@dataclass(slots=True)
class Reference:
    label: str | None
    cable_id: str | None
    text: str


@dataclass(slots=True)
class ClassifiedBy:
    name: str | None
    title: str | None
    reasons: list[str]
    text: str  # the line as written, markers folded to single spaces


@dataclass(slots=True)
class Paragraph:
    position: int
    number: int | None
    label: str | None
    marking: str | None
    heading: str | None
    text: str
    text_repaired: str  # ``text`` with the typographic repairs recorded in defects
    marking_level: str | None = None  # the marking's level (U, SBU, LOU, C, S, TS), or the whole text's
    marking_controls: list[str] = field(default_factory=list)  # NOFORN, ORCON, "REL ISAF", …


@dataclass(slots=True)
class Cable:
    reference_id: str
    canonical_id: str
    source: Source
    created: str | None = None
    released: str | None = None
    classification: str | None = None
    classification_level: str | None = None
    handling: list[str] = field(default_factory=list)
    origin: str | None = None
    precedence: str | None = None
    dtg: str | None = None
    from_: str | None = None
    to: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    transmission_id: str | None = None
    section: int | None = None
    section_count: int | None = None
    tags: list[str] = field(default_factory=list)
    tags_line: str | None = None
    subject: str | None = None
    references: list[Reference] = field(default_factory=list)
    classified_by: ClassifiedBy | None = None
    eo_line: str | None = None
    declassify_on: str | None = None
    declassification: str | None = None
    summary: str | None = None
    comment: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    signers: list[str] | None = field(default_factory=list)  # None: no signature found (a defect says so)
    is_partial: bool = False
    media_urls: list[str] = field(default_factory=list)
    header: str | None = None
    body: str = ""
    defects: list[Defect] = field(default_factory=list)

    def defect(self, code: str, message: str, line: int | None = None, part: str = "body") -> None:
        self.defects.append(Defect(code, message, line, part))

    def damage(self) -> list[str]:
        """Where the input itself is damaged (cut short): ``location: message`` for each such defect."""
        where = self.source.path + (f", row {self.source.row}" if self.source.row else "")
        return [f"{where}: {d.message}" for d in self.defects if d.code in DAMAGE_CODES]

    def to_dict(self) -> dict[str, Any]:
        """The record as ``cable-record.md`` specifies it (``from_`` is written ``from``)."""
        data = asdict(self)
        data["from"] = data.pop("from_")
        return {key: data[key] for key in RECORD_FIELDS}


RECORD_FIELDS = (
    "reference_id", "canonical_id", "source", "created", "released", "classification",
    "classification_level", "handling", "origin", "precedence", "dtg", "from", "to", "info",
    "distribution", "transmission_id", "section", "section_count", "tags", "tags_line", "subject",
    "references", "classified_by", "eo_line", "declassify_on", "declassification", "summary",
    "comment", "paragraphs", "signers", "is_partial", "media_urls", "header", "body", "defects",
)


@dataclass(slots=True)
class RawCable:
    """What a format reader extracts before the common parser runs.

    ``metadata`` holds the source's own fields (``reference_id``, ``created``, ``released``,
    ``classification``, ``origin``, ``references``) as strings; ``header`` and ``body`` are the
    texts as published, with format encodings (markup, escapes, charset) undone.
    """

    source: Source
    metadata: dict[str, str]
    header: str | None
    body: str
    media_urls: list[str] = field(default_factory=list)
    defects: list[Defect] = field(default_factory=list)
    lines_restored: bool = False  # newlines were stripped and have been re-inserted
