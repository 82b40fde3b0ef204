"""``cablegate-html``: pages of the original site (2010-11), its earlier versions and the final 2011 site.

Only the cable pane is parsed (the metadata table and the two ``<pre>`` blocks), with a real HTML
parser (lexbor, through selectolax): the 60 KB navigation sidebar around it is never parsed.

The metadata table is read by its header cells, never by position: the very first site (November
2010) had four columns (Reference ID, Date, Classification, Origin), later ones five (Created and
Released instead of Date). A page cut short (no closing ``</table>`` or ``</pre>``) is read as far
as it goes, with an ``input-truncated`` defect.
"""

from __future__ import annotations

import html

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cablerdf.parse.formats.page_text import repair_urls
from cablerdf.parse.model import CableParseError, Defect, RawCable, Source
from cablerdf.parse.tables import metadata_headers

VIEWING = "<h3>Viewing cable "
PANE_STARTS = ("<table class='cable'>", '<table class="cable">')


def cable_pane(text: str, path: str, defects: list[Defect]) -> str:
    """The page from the metadata table to the end of the second ``<pre>`` block (or of the page)."""
    start = next((i for i in (text.find(s) for s in PANE_STARTS) if i >= 0), -1)
    if start < 0:
        raise CableParseError("no cable pane (<table class='cable'>) in the page", path)
    table_end = text.find("</table>", start)
    if table_end < 0:
        defects.append(Defect("input-truncated", "the page ends inside the metadata table (no </table>)",
                              None, "metadata"))
        return text[start:]
    first = text.find("</pre>", table_end)
    second = text.find("</pre>", first + 1) if first >= 0 else -1
    opened = text.count("<pre>", table_end, second if second >= 0 else len(text))
    if first < 0 or (second < 0 and opened > 1):
        defects.append(Defect("input-truncated", "the page ends inside the cable text (no closing </pre>): "
                              "the text is cut short", None, "body"))
        return text[start:]
    end = second if second >= 0 else first
    return text[start:end + len("</pre>")]


def metadata(rows: list[LexborNode], defects: list[Defect]) -> dict[str, str]:
    """The metadata table's values keyed by field, matched through the header row's cells."""
    names = metadata_headers()
    heads = [" ".join(th.text(deep=True).split()) for th in rows[0].css("th")] if rows else []
    values = [" ".join(td.text(deep=True).split()) for td in rows[1].css("td")] if len(rows) > 1 else []
    found: dict[str, str] = {}
    for head, value in zip(heads, values, strict=False):
        key = names.get(head.lower())
        if key is None:
            defects.append(Defect("metadata-column-unknown", f"metadata column {head!r} is not known: ignored",
                                  None, "metadata"))
        elif value:
            found[key] = value
    if len(values) < len(heads):
        missing = ", ".join(heads[len(values):])
        defects.append(Defect("metadata-cells-missing", f"the metadata table has no value for {missing}: "
                              "read from the text where it can be", None, "metadata"))
    return found


def page_subject(text: str) -> str | None:
    """The subject in the page's heading (``Viewing cable 09MEXICO2882, ELEMENTS OF …``): the site's
    copy of the SUBJECT line's first line, for a cable text that lost its own."""
    start = text.find(VIEWING)
    end = text.find("</h3>", start) if start >= 0 else -1
    if end < 0:
        return None
    _, _, subject = html.unescape(text[start + len(VIEWING):end]).partition(",")
    return " ".join(subject.split()) or None


def read_html(text: str, path: str) -> RawCable:
    defects: list[Defect] = []
    tree = LexborHTMLParser(cable_pane(text, path, defects))
    rows = tree.css("table.cable tr")
    meta = metadata(rows, defects)
    heading = page_subject(text)
    if heading:
        meta["page_subject"] = heading
    media = [a.attributes.get("href") or a.text() for row in rows[2:] for a in row.css("a")]
    pres = [pre.text(deep=True) for pre in tree.css("pre")]
    truncated = any(d.code == "input-truncated" for d in defects)
    if not pres or (truncated and len(pres) < 2):
        raise CableParseError("the page ends before the cable text" if truncated
                              else "no <pre> block with the cable text", path)
    header = pres[0] if len(pres) > 1 else None
    return RawCable(Source(path, "cablegate-html"), meta, header, pres[-1],
                    media_urls=repair_urls([m for m in media if m], defects), defects=defects)
