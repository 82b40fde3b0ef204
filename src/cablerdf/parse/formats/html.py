"""``cablegate-html``: pages of the original site (2010-11) and of the final 2011 site.

Only the cable pane is parsed (the metadata table and the two ``<pre>`` blocks), with a real HTML
parser (lexbor, through selectolax): the 60 KB navigation sidebar around it is never parsed.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cablerdf.parse.formats.page_text import repair_urls
from cablerdf.parse.model import CableParseError, Defect, RawCable, Source

PANE_STARTS = ("<table class='cable'>", '<table class="cable">')
META_KEYS = ("reference_id", "created", "released", "classification", "origin")


def cable_pane(text: str, path: str) -> str:
    """The page from the metadata table to the end of the second ``<pre>`` block."""
    start = next((i for i in (text.find(s) for s in PANE_STARTS) if i >= 0), -1)
    if start < 0:
        raise CableParseError("no cable pane (<table class='cable'>) in the page", path)
    first = text.find("</pre>", start)
    second = text.find("</pre>", first + 1) if first >= 0 else -1
    end = second if second >= 0 else first
    if end < 0:
        raise CableParseError("no <pre> block with the cable text", path)
    return text[start:end + len("</pre>")]


def read_html(text: str, path: str) -> RawCable:
    tree = LexborHTMLParser(cable_pane(text, path))
    rows = tree.css("table.cable tr")
    if len(rows) < 2:
        raise CableParseError("the metadata table has no data row", path)
    values = [" ".join(td.text(deep=True).split()) for td in rows[1].css("td")]
    metadata = dict(zip(META_KEYS, values, strict=False))
    media = [a.attributes.get("href") or a.text() for row in rows[2:] for a in row.css("a")]
    pres = [pre.text(deep=True) for pre in tree.css("pre")]
    if not pres:
        raise CableParseError("no <pre> block with the cable text", path)
    defects: list[Defect] = []
    header = pres[0] if len(pres) > 1 else None
    return RawCable(Source(path, "cablegate-html"), metadata, header, pres[-1],
                    media_urls=repair_urls([m for m in media if m], defects), defects=defects)
