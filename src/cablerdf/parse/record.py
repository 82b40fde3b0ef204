"""From what a format reader extracted (``RawCable``) to the cable record (``Cable``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from cablerdf.parse import banner as banners
from cablerdf.parse import classified_by, header, ids, paragraphs, preamble, references, sections, tables
from cablerdf.parse.model import Cable, CableParseError, RawCable

META_TIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})|(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})"
)
ISO_DATE = re.compile(r"-\d\d-\d\d\s")
RECORD_DUMP_LINE = re.compile(r"^(?:\d{3,7}\s+\d{4}-\d\d-\d\d\s+(\d\d[A-Z]+\d+)\s|refid:\s*(\d\d[A-Z]+\d+))", re.M)


def iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def metadata_time(text: str | None) -> datetime | None:
    """``2009-10-05 20:26`` or ``12/28/1966 18:48`` (UTC) as a datetime."""
    match = META_TIME.search(text or "")
    if match is None:
        return None
    g = match.groups()
    year, month, day, hour, minute = (g[0], g[1], g[2], g[3], g[4]) if g[0] else (g[7], g[5], g[6], g[8], g[9])
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), tzinfo=UTC)
    except ValueError:
        return None


def build_cable(raw: RawCable) -> Cable:
    meta = raw.metadata
    published_id = meta.get("reference_id", "").strip()
    derived = None if published_id else derive_id(raw)
    if not published_id and derived is None:
        raise CableParseError("no reference ID, and none can be read from the banner and date", location_of(raw))
    canonical, repair = ids.canonical(published_id or derived or "")
    cable = Cable(reference_id=published_id or canonical, canonical_id=canonical, source=raw.source)
    cable.defects.extend(raw.defects)
    if derived:
        cable.defect("reference-id-derived", f"the source gives no reference ID; {derived} read from the "
                     "body banner's station and serial and the year of the date", part="metadata")
    if repair:
        cable.defect("malformed-reference-id", repair, part="metadata")
    elif not ids.is_well_formed(canonical):
        cable.defect("malformed-reference-id", f"reference ID {published_id!r} is malformed", part="metadata")
    year = canonical[:2] if canonical[:2].isdigit() else None
    cable.header, cable.body, cable.media_urls = raw.header, raw.body, raw.media_urls
    dtg_time = header.parse_header(raw.header, cable, year) if raw.header else None
    if raw.header is None and not raw.lines_restored:
        cable.defect("header-missing", "the source has no header: precedence, DTG, FM, TO and INFO are unknown",
                     part="header")
    elif cable.is_partial:
        cable.defect("header-missing", "partial extract: the original header is not available", part="header")
    banner = read_body(raw.body, cable, year)
    set_created(cable, dtg_time, meta)
    cable.released = iso_or_none(metadata_time(meta.get("released")))
    set_classification(cable, meta.get("classification"), banner)
    if cable.subject is None and meta.get("page_subject"):
        cable.subject = meta["page_subject"]
        cable.defect("subject-from-page-heading", "the text has no SUBJECT line: the subject is the page heading's "
                     "(the site's copy of the subject's first line)", part="metadata")
    cable.origin = meta.get("origin") or origin_without_metadata(cable)
    if cable.origin is None:
        cable.defect("origin-missing", "no origin in the metadata or the FM line", part="metadata")
    return cable


def origin_without_metadata(cable: Cable) -> str | None:
    """The post, for a source without metadata: as the release names its station, else from the FM line."""
    parts = ids.split_id(cable.canonical_id)
    station = parts[1] if parts else ""
    named = tables.station_origins().get(station)
    if named:
        cable.defect("origin-from-station", f"origin {named!r}: the release's name for the station {station}",
                     part="metadata")
        return named
    return header.origin_from_line(cable.from_) if cable.from_ else None


def derive_id(raw: RawCable) -> str | None:
    """An ID from the banner (``NEW DELHI 006976``) and the year of the DTG or metadata date."""
    found = banners.find_banner(raw.body.split("\n", 160)[:160])
    dtg = header.DTG_LINE.search(raw.header or "")
    when = metadata_time(raw.metadata.get("created"))
    year = dtg.group(6)[-2:] if dtg else f"{when.year % 100:02d}" if when else None
    station = ids.station_code(found[1].station) if found else None
    if found is None or station is None or year is None:
        return None
    return f"{year}{station}{int(found[1].serial)}"


def location_of(raw: RawCable) -> str:
    where = raw.source.path
    if raw.source.row is not None:
        where += f", row {raw.source.row}"
    if raw.source.line is not None:
        where += f", line {raw.source.line}"
    return where


def iso_or_none(when: datetime | None) -> str | None:
    return iso(when) if when else None


def read_body(body: str, cable: Cable, year: str | None) -> banners.BannerLine | None:
    foreign = foreign_text_at(body, cable)
    opening = preamble.parse_preamble(body.split("\n")[:foreign], cable, year)
    lines = opening.lines
    if not cable.tags and cable.tags_line:
        preamble.tags_from_sections(lines[opening.text_start:], cable)
    if opening.banner_line and any(line.strip() for line in lines[: opening.banner_line]):
        cable.defect("body-preamble", f"{opening.banner_line} line(s) before the banner are not cable text", 1)
    text = "\n".join(lines[opening.text_start:])
    paragraphs.parse_paragraphs(text, opening.text_start + 1, cable)
    if cable.classified_by is None:
        classified_in_text(cable)
    if not cable.references:
        references.body_references(cable, year)
    cable.summary, cable.comment = sections.summary_and_comment(cable.paragraphs)
    check_banner(cable, opening.banner)
    return opening.banner


def classified_in_text(cable: Cable) -> None:
    """A Classified By line printed as the first paragraph's text (``1. (U) CLASSIFIED BY …``)."""
    for paragraph in cable.paragraphs[:2]:
        match = CLASSIFIED_IN_TEXT.match(paragraph.text)
        if match:
            classified_by.read_classified_by(paragraph.text[match.start(1):], cable, 1)
            cable.defect("classified-by-in-text", "the Classified By line is printed inside a paragraph", None)
            return


CLASSIFIED_IN_TEXT = re.compile(
    r"(?:¶?\s?\d{1,3}\s?[.)]\s*)?(?:\([A-Za-z/ ]{1,12}\)\s*)?((?:CLASSIFIED|Classified) (?:BY|By|by)\b)"
)


def check_banner(cable: Cable, banner: banners.BannerLine | None) -> None:
    """The body banner's station and serial should be the cable's own (else: mixed texts)."""
    parts = ids.split_id(cable.canonical_id)
    if banner is None or parts is None:
        return
    station = ids.station_code(banner.station)
    if int(banner.serial) != int(parts[2]) or (station is not None and station != parts[1]):
        cable.defect("header-body-mismatch",
                     f"the body is headed {banner.station} {banner.serial}, not {parts[1]} {parts[2]}: "
                     "header and body may come from different cables", 1)


def foreign_text_at(body: str, cable: Cable) -> int | None:
    """The body line (0-based) where the record of another cable starts, if the body carries one: the
    text from there on is not this cable's (a defect says so)."""
    if "refid:" not in body and ISO_DATE.search(body) is None:
        return None
    for match in RECORD_DUMP_LINE.finditer(body):
        other = match.group(1) or match.group(2)
        if other != cable.canonical_id and other != cable.reference_id:
            line = body.count("\n", 0, match.start())
            cable.defect("foreign-text", f"the body carries text of another cable, {other}, from this line on: "
                         "it is not read as this cable's paragraphs", line + 1)
            return line
    return None


def set_created(cable: Cable, dtg_time: datetime | None, meta: dict[str, str]) -> None:
    meta_time = metadata_time(meta.get("created"))
    if dtg_time is None and cable.dtg is None and cable.header is None:
        found = header.find_dtg(cable.body[:3000], cable.canonical_id[:2])
        if found and found[1]:
            cable.dtg, dtg_time = found
            cable.defect("dtg-from-body", f"date-time group {cable.dtg} read from the body text")
    if dtg_time is not None:
        cable.created = iso(dtg_time)
        if meta_time is not None and meta_time != dtg_time:
            compare_created(cable, dtg_time, meta_time)
    elif meta_time is not None:
        cable.created = iso(meta_time)
    else:
        cable.defect("created-missing", "no date-time group and no Created date", part="metadata")


def compare_created(cable: Cable, dtg_time: datetime, meta_time: datetime) -> None:
    gap = abs((dtg_time - meta_time).total_seconds())
    if dtg_time.date() == meta_time.date() and dtg_time.hour == meta_time.hour:
        cable.defect("created-minutes-wrong",
                     f"Created {meta_time:%H:%M} disagrees with the DTG {cable.dtg}; the DTG wins", part="metadata")
    elif gap > 36 * 3600:
        cable.defect("created-date-mismatch",
                     f"Created {meta_time:%Y-%m-%d %H:%M} is far from the DTG {cable.dtg}; the DTG wins",
                     part="metadata")
    else:
        cable.defect("created-time-mismatch",
                     f"Created {meta_time:%Y-%m-%d %H:%M} disagrees with the DTG {cable.dtg}; the DTG wins",
                     part="metadata")


def set_classification(cable: Cable, published: str | None, banner: banners.BannerLine | None) -> None:
    from_body = tables.banner_words().get(banner.word) if banner else None
    if published:
        cable.classification = published.strip()
        known = tables.release_banners().get(cable.classification)
        if known is None:
            cable.defect("classification-unknown", f"classification {published!r} is not a release banner",
                         part="metadata")
            cable.classification_level = from_body[0] if from_body else None
        else:
            cable.classification_level = known.level
            for control in reversed(known.controls):
                if control not in cable.handling:
                    cable.handling.insert(0, control)
        if from_body and cable.classification_level and from_body[0] != cable.classification_level \
                and not (from_body[0] == "U" and cable.classification_level in ("FOUO", "SBU")):
            cable.defect("classification-mismatch",
                         f"the body banner says {from_body[1]}, the metadata {published}", 1)
    elif from_body:
        cable.classification_level, cable.classification = from_body
        if "NOFORN" in cable.handling:
            cable.classification += "//NOFORN"
        cable.defect("classification-from-banner", "classification read from the body banner line", 1)
    else:
        cable.defect("classification-missing", "no classification in the metadata or the body", part="metadata")
