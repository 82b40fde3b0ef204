"""Field-by-field parser tests of the telegram header and the metadata: DTG -> created, precedence, FM,
TO, INFO, VZCZC, office distribution, an HTML page's table, reference IDs as published. Each is on a real
Cablegate snippet (the comment names the cable; long snippets are excerpts: lines or sentences left out,
nothing reworded)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from snippet_cables import blank, build, codes, seed_cable

from cablerdf.parse import header, ids, parse_text
from cablerdf.parse.model import Cable


@pytest.fixture(scope="module")
def seed() -> Cable:  # the project's sample: the page-text rendering of 09MEXICO2882
    return seed_cable()


# ---- header: DTG -> created, precedence, FM, TO, INFO, VZCZC, office distribution ----------------

BEIRUT_HEADER = (  # 06BEIRUT895
    "VZCZCXRO6712\nPP RUEHBC RUEHDE RUEHKUK RUEHMOS\nDE RUEHLB #0895/01 0801511\nZNY CCCCC ZZH\nP 211511Z MAR 06\n"
    "FM AMEMBASSY BEIRUT\nTO RUEHC/SECSTATE WASHDC PRIORITY 2672\nINFO RUEHEE/ARAB LEAGUE COLLECTIVE PRIORITY\n"
    "RUCNMEM/EU MEMBER STATES COLLECTIVE PRIORITY\nRHMFISS/CDR USCENTCOM MACDILL AFB FL PRIORITY\n"
    "RHEHNSC/NSC WASHDC PRIORITY"
)
HARARE_HEADER = (  # 00HARARE5461 (partial extract: office table, no DTG line)
    "This record is a partial extract of the original cable. The full text of the original cable is not available.\n"
    "\n                           CONFIDENTIAL     PTQ2529\n\nPAGE 01        HARARE  05461  01 OF 02  271458Z \n"
    "ACTION AF-00    \n\nINFO  LOG-00   NP-00    ACQ-00   CIAE-00  DINT-00  DODE-00  SRPP-00  \n"
    "      NFAT-00  SAS-00     /006W\n                  ------------------8A8E0D  271459Z /38    \n"
    "FM AMEMBASSY HARARE\nTO SECSTATE WASHDC IMMEDIATE 7212\nINFO NSC WASHDC IMMEDIATE\n"
    "SOUTHERN AFRICAN DEVELOPMENT COMMUNITY"
)


@pytest.mark.parametrize(("rid", "text", "when", "prec", "to", "info"), [
    ("06BEIRUT895", BEIRUT_HEADER, (2006, 3, 21, 15, 11), "P", [("SECSTATE WASHDC", "PRIORITY", "2672", "RUEHC")],
     ["ARAB LEAGUE COLLECTIVE", "EU MEMBER STATES COLLECTIVE", "CDR USCENTCOM MACDILL AFB FL", "NSC WASHDC"]),
    ("66BUENOSAIRES2481", "P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\nTO SECSTATE WASHDC PRIORITY\n"
     "INFO USCINCSO\nCINCLANT", (1966, 12, 28, 18, 48), "P", [("SECSTATE WASHDC", "PRIORITY", None, None)],
     ["USCINCSO", "CINCLANT"]),
    ("08STATE88235", "VZCZCXYZ0000\nNN RUEHWEB\n\nDE RUEHC #8235 2290841\nZNY CCCCC ZZH ZZK\nO 160836Z AUG 08 ZFF4\n"
     "FM SECSTATE WASHDC\nTO RUEHHE/AMEMBASSY HELSINKI NIACT IMMEDIATE 0000\nRUEHBS/USEU BRUSSELS IMMEDIATE\n"
     "INFO RUEHVEN/USMISSION USOSCE IMMEDIATE 0000", (2008, 8, 16, 8, 36), "O",
     [("AMEMBASSY HELSINKI", "NIACT IMMEDIATE", "0000", "RUEHHE"), ("USEU BRUSSELS", "IMMEDIATE", None, "RUEHBS")],
     ["USMISSION USOSCE"]),
    ("00HARARE5461", HARARE_HEADER, None, None, [("SECSTATE WASHDC", "IMMEDIATE", "7212", None)],
     ["NSC WASHDC", "SOUTHERN AFRICAN DEVELOPMENT COMMUNITY"]),
    pytest.param("09TRIPOLI254", "O R 261318Z MAR 09\nFM AMEMBASSY TRIPOLI\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 4653\n"
                 "INFO RUEHEE/ARAB LEAGUE COLLECTIVE\nRUEHTRO/AMEMBASSY TRIPOLI 5180\nXMT AMEMBASSY KHARTOUM",
                 (2009, 3, 26, 13, 18), "O", [("SECSTATE WASHDC", "IMMEDIATE", "4653", "RUEHC")],
                 ["ARAB LEAGUE COLLECTIVE", "AMEMBASSY TRIPOLI"]),
    pytest.param("08STATE23763", "P 071500Z MAR 08\nFM SECSTATE WASHDC\nTO PAGE 02        STATE   023763  071504Z\n"
                 "AMEMBASSY NEW DELHI PRIORITY\nINFO MISSILE TECHNOLOGY CONTROL REGIME COLLECTIVE PRIORITY",
                 (2008, 3, 7, 15, 0), "P", [("AMEMBASSY NEW DELHI", "PRIORITY", None, None)],
                 ["MISSILE TECHNOLOGY CONTROL REGIME COLLECTIVE"]),
])
def test_header(rid: str, text: str, when: tuple[int, int, int, int, int] | None, prec: str | None,
                to: list[tuple[str | None, ...]], info: list[str]) -> None:
    cable = blank(rid)
    got = header.parse_header(text, cable, rid[:2])
    assert got == (datetime(*when, tzinfo=UTC) if when else None) and cable.precedence == prec
    assert [(a.name, a.precedence, a.serial, a.route) for a in cable.to] == to
    assert [a.name for a in cable.info] == info


def test_action_office_table_and_partial_note() -> None:  # 00HARARE5461
    cable = blank("00HARARE5461")
    header.parse_header(HARARE_HEADER, cable, "00")
    assert cable.is_partial and cable.from_ == "AMEMBASSY HARARE"
    assert cable.distribution == ["AF-00", "LOG-00", "NP-00", "ACQ-00", "CIAE-00", "DINT-00", "DODE-00", "SRPP-00",
                                  "NFAT-00", "SAS-00"]


def test_office_distribution_table_is_not_info(seed: Cable) -> None:  # 09MEXICO2882
    assert seed.distribution[:3] == ["LOG-00", "AF-00", "AID-00"] and seed.distribution[-1] == "SANA-00"
    assert len(seed.distribution) == 49 and "LAB-01" in seed.distribution
    assert len(seed.info) == 12 and not any("-00" in a.name or "001W" in a.name for a in seed.info)
    first = seed.info[0]
    assert (first.name, first.precedence, first.collective) == (
        "ALL US CONSULATES IN MEXICO COLLECTIVE", "PRIORITY", True)
    assert [(a.name, a.precedence, a.serial) for a in seed.to] == [("SECSTATE WASHDC", "IMMEDIATE", "8484")]
    assert (seed.precedence, seed.dtg, seed.from_) == ("O", "052026Z OCT 09", "AMEMBASSY MEXICO")
    assert (seed.created, seed.released) == ("2009-10-05T20:26:00Z", "2011-08-30T01:44:00Z")


BEIRUT_PAGE = (  # 06BEIRUT895: the 2010-11 site's page, cut down to the cable pane
    "<table class='cable'>\n<tr>\n<th>Reference ID</th>\n<th>Created</th>\n<th>Released</th>\n<th>Classification</th>\n"
    "<th>Origin</th>\n</tr>\n<tr>\n<td>\n<a href='/cable/2006/03/06BEIRUT895.html'>06BEIRUT895</a>\n</td>\n<td>\n"
    "<a href='/date/2006-03_0.html'>2006-03-21 15:03</a>\n</td>\n<td>\n<a href='/reldate/2011-04-08_0.html'>"
    "2011-04-08 00:12</a>\n</td>\n<td>\n<a href='/classification/1_0.html' title='unclassified'>CONFIDENTIAL</a>\n"
    "</td>\n<td>\n<a href='/origin/131_0.html'>Embassy Beirut</a>\n</td>\n</tr>\n<tr>\n<td colspan='5'>\n"
    "Appears in these articles:<br />\n<a href='http://http://www.al-akhbar.com/node/8639'>http://www.al-akhbar.com/"
    "node/8639</a><br /> \n</td>\n</tr>\n</table>\n<code><pre>VZCZCXRO6712&#x000A;P 211511Z MAR 06&#x000A;FM "
    "AMEMBASSY BEIRUT&#x000A;TO RUEHC/SECSTATE WASHDC PRIORITY 2672</pre></code>\n<code><pre>C O N F I D E N T I A L "
    "SECTION 01 OF 02 BEIRUT 000895 &#x000A; &#x000A;TAGS: <a href='/tag/CVIS_0.html'>CVIS</a> <a href='/tag/EG_0."
    "html'>EG</a>&#x000A; &#x000A;<a id='par1' href='#par1'>¶</a>1.  (C)  In a March 21 meeting</pre></code>"
)


def test_html_page_media_urls_created_classification() -> None:  # 06BEIRUT895
    cable = parse_text(BEIRUT_PAGE, "06BEIRUT895.html", "cablegate-html")
    assert cable.media_urls == ["http://www.al-akhbar.com/node/8639"]
    assert (cable.transmission_id, cable.dtg, cable.from_) == ("VZCZCXRO6712", "211511Z MAR 06", "AMEMBASSY BEIRUT")
    assert (cable.created, cable.released) == ("2006-03-21T15:11:00Z", "2011-04-08T00:12:00Z")  # DTG 1511Z, not 15:03
    assert {"media-url-doubled-scheme", "created-minutes-wrong"} <= set(codes(cable))
    assert (cable.classification, cable.classification_level, cable.origin) == ("CONFIDENTIAL", "C", "Embassy Beirut")
    assert (cable.section, cable.section_count, cable.tags, cable.paragraphs[0].label) == (1, 2, ["CVIS", "EG"], "¶1.")


# ---- reference IDs (as published in the corpus) ------------------------------------------------

@pytest.mark.parametrize(("published", "expected"), [
    ("09SECTION01OF03SANJOSE525", "09SANJOSE525"),
    ("7575LIBREVILLE1895", "75LIBREVILLE1895"),
    ("08ECTION01OF02MANAMA492", "08MANAMA492"),
    ("08SCTION02OF02SAOPAULO335", "08SAOPAULO335"),
    ("09EFTOLONDON2468", "09LONDON2468"),
    ("09MEXICO2882", "09MEXICO2882"),
    ("90STATE255195TOSEC140301", "90STATE255195TOSEC140301"),  # a TOSEC number: well formed
    pytest.param("09SECTION02OF03QRIPOLI583", "09TRIPOLI583"),  # its banner: 'SECTION 02 OF 03QRIPOLI 000583'
])
def test_canonical_id(published: str, expected: str) -> None:
    fixed, repair = ids.canonical(published)
    assert fixed == expected and (repair is None) == (published == expected)


def test_malformed_id_kept_as_published_and_recorded() -> None:  # 09SECTION01OF03SANJOSE525
    cable = build("09SECTION01OF03SANJOSE525", "UNCLAS SECTION 01 OF 03 SAN JOSE 000525 \n \n1. (U) text")
    assert (cable.reference_id, cable.canonical_id) == ("09SECTION01OF03SANJOSE525", "09SANJOSE525")
    assert "malformed-reference-id" in codes(cable) and "header-body-mismatch" not in codes(cable)
