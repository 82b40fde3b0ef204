"""Field-by-field parser tests, each on a real Cablegate snippet (the comment names the cable;
long snippets are excerpts: lines or sentences left out, nothing reworded).

``bug(...)`` = ``xfail(strict=True)``: the correct result for a case the parser still gets wrong;
once it is fixed the test XPASSes and fails, so drop the mark then.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.resources import files

import pytest

from cablerdf.parse import header, ids, parse_text, preamble
from cablerdf.parse.model import Cable, RawCable, Source
from cablerdf.parse.paragraphs import parse_paragraphs
from cablerdf.parse.record import build_cable
from cablerdf.parse.repair import repair_text
from cablerdf.parse.tags import split_tags


def bug(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


def blank(rid: str = "09MEXICO2882") -> Cable:
    return Cable(rid, rid, Source(rid, "page-text"))


def build(rid: str, body: str, head: str | None = None, **meta: str) -> Cable:
    return build_cable(RawCable(Source(rid, "page-text"), {"reference_id": rid, **meta}, head, body))


def codes(cable: Cable) -> list[str]:
    return [d.code for d in cable.defects]


def pre(rid: str, *lines: str) -> Cable:
    """The preamble (banner, captions, E.O., TAGS, SUBJECT, REF, Classified By) of body ``lines``."""
    cable = blank(rid)
    preamble.parse_preamble(list(lines), cable, rid[:2])
    return cable


def paras(text: str) -> Cable:
    cable = blank()
    parse_paragraphs(text, 1, cable)
    return cable


@pytest.fixture(scope="module")
def seed() -> Cable:  # the project's sample: the page-text rendering of 09MEXICO2882
    path = files("cablerdf.data.sample").joinpath("09MEXICO2882.txt")
    return parse_text(path.read_text(encoding="utf-8"), str(path), "page-text")


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
def test_header(rid: str, text: str, when: tuple[int, ...] | None, prec: str | None,
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


# ---- banner, classification, handling captions --------------------------------------------------

@pytest.mark.parametrize(("line", "expected"), [
    ("C O N F I D E N T I A L SECTION 01 OF 02 BEIRUT 000895 ", ("CONFIDENTIAL", 1, 2, "BEIRUT", "895")),  # 06BEIRUT895
    ("C O N F I D E N T I A L MEXICO 002882", ("CONFIDENTIAL", None, None, "MEXICO", "2882")),  # 09MEXICO2882
    ("S E C R E T SECTION 01 OF 02 BOGOTA 003281 ", ("SECRET", 1, 2, "BOGOTA", "3281")),  # 02BOGOTA3281
    ("UNCLASSIFIED BUENOS AIRES 2481 ", ("UNCLASSIFIED", None, None, "BUENOS AIRES", "2481")),  # 66BUENOSAIRES2481
    ("C O N F I D E N T I A L  VATICAN 003196 ", ("CONFIDENTIAL", None, None, "VATICAN", "3196")),  # 04VATICAN3196
    # 7575LIBREVILLE1895
    ("C O N F I D E N T I A L 75 LIBREVILLE 1895 ", ("CONFIDENTIAL", None, None, "LIBREVILLE", "1895")),
])
def test_banner_line(line: str, expected: tuple[object, ...]) -> None:
    banner = preamble.read_banner(line)
    assert banner is not None
    assert (banner.word, banner.section, banner.section_count, banner.station, banner.serial) == expected


def test_classification_level_and_caption_lines() -> None:  # 07KABUL2004
    cable = build("07KABUL2004", "S E C R E T SECTION 01 OF 04 KABUL 002004 \n \nSIPDIS \n \nNOFORN \nSIPDIS \n \n"
                  "E.O. 12958: DECL: 06/21/2017 \nTAGS: PGOV\nSUBJECT: X\n\n1. (S) text",
                  classification="SECRET//NOFORN")
    assert (cable.classification, cable.classification_level) == ("SECRET//NOFORN", "S")
    assert sorted(cable.handling) == ["NOFORN", "SIPDIS"] and (cable.section, cable.section_count) == (1, 4)


@pytest.mark.parametrize(("lines", "expected"), [
    (("S E C R E T SECTION 01 OF 02 BOGOTA 003281 ", " ", "E.O. 12958: DECL: 4/4/2012 ",  # 02BOGOTA3281
      "SUBJECT: DETAILS ON FARC CAMPS IN VENEZUELA ", " ", "NOFORN ", " ", "REF: BOGOTA 3101 "), ["NOFORN"]),
    pytest.param(("UNCLAS SECTION 01 OF 02 LONDON 002494 SENSITIVE", "", " SIPDIS ", "", "E.O. 12958: N/A "),
                 ["SENSITIVE", "SIPDIS"]),  # 08LONDON2494
    (("S E C R E T PRETORIA 003555 ", " ", "SIPDIS ", " ", "NOFORN ", "TERREP ", " ",  # 04PRETORIA3555
                  "E.O. 12958: DECL: 1.6X1 "), ["NOFORN", "SIPDIS", "TERREP"]),
])
def test_handling_captions(lines: tuple[str, ...], expected: list[str]) -> None:
    assert sorted(pre("02BOGOTA3281", *lines).handling) == expected


# ---- E.O. line and declassification -------------------------------------------------------------

@pytest.mark.parametrize(("line", "on", "instruction"), [
    ("E.O. 12958: DECL: 10/04/2019", "2019-10-04", "DECL: 10/04/2019"),  # 09MEXICO2882
    ("E.O. 12958: DECL: 4/4/2012 ", "2012-04-04", "DECL: 4/4/2012"),  # 02BOGOTA3281
    ("E.O. 12356: DECL: 06/15/05 ", "2005-06-15", "DECL: 06/15/05"),  # 95ZAGREB2326 (cables.csv)
    ("E.O. 12958: N/A ", None, "N/A"),  # 00THEHAGUE1695
    ("E.O. 12958: DECL: 25X1 ", None, "DECL: 25X1"),  # 08STATE86156
    ("E.O. 12958: DECL: 1.6X1 ", None, "DECL: 1.6X1"),  # 04PRETORIA3555 (cables.csv)
    ("E.O. 12958: DECL: X6 ", None, "DECL: X6"),  # 04LILONGWE785 (cables.csv)
    ("E.O. 12356: DECL:OADR", None, "DECL:OADR"),  # 85BEIRUT1725
    pytest.param("E.O. 12958: DECL: 2020/01/28 ", "2020-01-28", "DECL: 2020/01/28"),  # 10BUENOSAIRES55
    pytest.param("EO 12958 DECL: 08/18/2014 ", "2014-08-18", "DECL: 08/18/2014"),  # 04VATICAN3196
    pytest.param("E.0. 12958: DECL: 03/05/11 ", "2011-03-05", "DECL: 03/05/11"),  # 01VATICAN1261
])
def test_eo_line(line: str, on: str | None, instruction: str) -> None:
    cable = pre("09MEXICO2882", "C O N F I D E N T I A L MEXICO 002882", "", line, "TAGS: PGOV")
    assert (cable.declassify_on, cable.declassification, cable.tags) == (on, instruction, ["PGOV"])


def test_fields_run_together_on_one_line() -> None:  # 05BRASILIA1608 (newlines lost)
    cable = build("05BRASILIA1608", "UNCLAS SECTION 01 OF 02 BRASILIA 001608 SIPDIS SENSITIVE E.O. 12958: N/A TAGS: "
                  "SENV EAGR EAID TBIO ECON SOCI XR BR SUBJECT: X \n\n1. (SBU) text")
    assert (cable.eo_line, cable.declassification, cable.subject) == ("E.O. 12958: N/A", "N/A", "X")
    assert cable.tags == ["SENV", "EAGR", "EAID", "TBIO", "ECON", "SOCI", "XR", "BR"]


# ---- TAGS and SUBJECT ---------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "expected"), [
    # a code given twice is kept once: TAGS name a set of codes
    ("PINR ELAB IT EUN ITPGOV EUN", (["PINR", "ELAB", "IT", "EUN", "PGOV"],  # 02ROME3639
                                     ["TAGS run-on 'ITPGOV' split into IT PGOV"])),
    ("CH, ID, VT, VTPREL", (["CH", "ID", "VT", "PREL"],  # 01VATICAN3507
                            ["TAGS run-on 'VTPREL' split into VT PREL"])),
    (" PGOV, PINR, HR, (KUHARIC, F) ", (["PGOV", "PINR", "HR", "(KUHARIC, F)"], [])),  # 95ZAGREB2326 (cables.csv)
    ("CVIS, CLOK (KREISLER DE AGUILAR, EDUARDO RAFAEL)",  # 04MADRID693 (cables.csv)
     (["CVIS", "CLOK", "(KREISLER DE AGUILAR, EDUARDO RAFAEL)"], [])),
    ("CE IN ECONOMICS LTTE", (["CE", "IN", "ECONOMICS", "LTTE"], [])),  # 03COLOMBO189
    ("OFDA MEETINGS WITH AMBASSADOR", (["OFDA", "MEETINGS", "AMBASSADOR"],  # 05BUENOSAIRES496
                                       ["TAGS entry 'OFDA MEETINGS WITH AMBASSADOR' read as OFDA MEETINGS "
                                        "AMBASSADOR"])),
    # 04LILONGWE785 (cables.csv): free text is no code (it stays in tags_line, a defect names it)
    ("MI, Terrorism, Muslim Issues, Political", (["MI"], [
        "TAGS entry 'Terrorism' is free text, not a code: not a tag",
        "TAGS entry 'Muslim Issues' is free text, not a code: not a tag",
        "TAGS entry 'Political' is free text, not a code: not a tag"])),
    # the partial extracts newspapers printed: lower-cased, comma-separated (09NAIROBI1829, site version 2010-12-22)
    ("cvis, kcor, kcrm, pgov, prel, econ, ke", (["CVIS", "KCOR", "KCRM", "PGOV", "PREL", "ECON", "KE"],
                                               ["the TAGS line is lower-cased: read upper-case"])),
    # a description with its code; upper-case words of a description (03BRASILIA1066, 04BRASILIA1291, cables.csv)
    ("ETRD, BR, Fee Trade Agreement of America (FTAA)", (["ETRD", "BR", "FTAA"], [
        "TAGS entry 'Fee Trade Agreement of America' is free text, not a code: not a tag"])),
    ("MARR, BR, POL-MIL Issues", (["MARR", "BR", "POL", "MIL"], ["TAGS entry 'POL-MIL Issues' read as POL MIL"])),
])
def test_split_tags(line: str, expected: tuple[list[str], list[str]]) -> None:
    assert split_tags(line) == expected


@pytest.mark.parametrize(("line", "word"), [
    ("IT EUN ITPGOV EUN ITALIAN POLITICS", "POLITICS"),  # 02ROME3639 (-> PO LI TI CS)
    ("PREL KWBG PTER IS ISRAELI PALESTINIAN AFFAIRS", "PALESTINIAN"),  # 05TELAVIV4405 (-> PAL ES TI NI AN)
    ("PREL EAID MASS MARR IR CH BO EUN USEU BRUSSELS", "BRUSSELS"),  # 04BRUSSELS4944 (-> BR US SE LS)
    ("YM PARMS COUNTER TERRORISM", "COUNTER"),  # 04SANAA3023 (-> CO UNTER)
])
def test_tags_words_are_not_split_into_codes(line: str, word: str) -> None:
    tags, repairs = split_tags(line)
    assert word in tags and not any(repr(word) in r for r in repairs)


def test_tags_missing_colon_subject_created_from_metadata() -> None:  # 04VATICAN3196 (partial: no header)
    cable = build("04VATICAN3196", "C O N F I D E N T I A L  VATICAN 003196 \nSIPDIS \nEO 12958 DECL: 08/18/2014 \n"
                  "TAGS EU, PHUM, PREL, SOCI, TU, VT \nSUBJECT: VATICAN STILL OPEN TO TURKEY’S EU BID \n",
                  created="2004-08-18 16:04")
    assert cable.tags == ["EU", "PHUM", "PREL", "SOCI", "TU", "VT"] and "tags-colon-missing" in codes(cable)
    # the site's typographic apostrophe is read as the telegram's plain one, and said so
    assert (cable.subject, cable.handling) == ("VATICAN STILL OPEN TO TURKEY'S EU BID", ["SIPDIS"])
    assert "subject-typographic-quotes" in codes(cable)
    assert (cable.created, cable.dtg) == ("2004-08-18T16:04:00Z", None)


@pytest.mark.parametrize(("rid", "lines", "subject"), [
    ("06BEIRUT895", ("SUBJECT: MGLE01:  SPEAKER BERRI ASKS FOR US, SAUDI, AND ", "EGYPTIAN HELP IN PRESSURING SYRIA ON "
                     "PRESIDENCY ", " "), "MGLE01: SPEAKER BERRI ASKS FOR US, SAUDI, AND EGYPTIAN HELP IN PRESSURING "
     "SYRIA ON PRESIDENCY"),  # 06BEIRUT895
    ("75LIBREVILLE1895", ("SUBJ: KOREA AT 30TH UNGA: GABON ", " "), "KOREA AT 30TH UNGA: GABON"),  # 7575LIBREVILLE1895
    pytest.param("08LONDON2494", (" SUBJECT: New Chief Regulator Faces Baptism by Fire in Month of Crashes, Bounces "
                                  "and Bailouts LONDON 00002494 001.2 OF 002", ""),
                 "New Chief Regulator Faces Baptism by Fire in Month of Crashes, Bounces and Bailouts"),
])
def test_subject(rid: str, lines: tuple[str, ...], subject: str) -> None:
    assert pre(rid, "C O N F I D E N T I A L MEXICO 002882", " ", "TAGS: PGOV", *lines).subject == subject


# ---- REF ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "year", "expected"), [
    ("STATE 74879", "08", "08STATE74879"),  # 08MANAMA473
    ("SECSTATE 296471", "03", "03STATE296471"),  # 03THEHAGUE2670
    ("03 VATICAN 1164", "04", "03VATICAN1164"),  # 04VATICAN3196
    ("STATE 106206 CIRCULAR", "66", "66STATE106206"),  # 66BUENOSAIRES2481
    ("STATE CA-3400 NOV 2, 1966", "66", None),  # 66BUENOSAIRES2481 (a circular airgram, not a cable)
    ("PORT AU PRINCE 2325", "04", "04PORTAUPRINCE2325"),  # 04BRASILIA2863
    ("RICHARD-WITMER EMAIL 10/9", "03", None),  # 03THEHAGUE2597
])
def test_cable_id_in_ref_text(text: str, year: str, expected: str | None) -> None:
    assert ids.cable_id_in(text, year) == expected


@pytest.mark.parametrize(("rid", "lines", "expected"), [
    ("04VATICAN3196", ("REF: A. 03 VATICAN 1164", " ¶B. 03 VATICAN 5666  C. 03 VATICAN 5748", ""),
     [("A", "03VATICAN1164"), ("B", "03VATICAN5666"), ("C", "03VATICAN5748")]),
    ("03ANKARA3694", ("REF: A. ANKARA 2521 ", "     ¶B. ANKARA 2666 ", "     ¶C. ANKARA 2122 ", "     ¶D. ANKARA 1350 ",
                      "     ¶E. ANKARA 0418 ", "     ¶F. 02 ANKARA 7682 ", "     ¶G. 02 ANKARA 7683 ",
                      "     ¶H. ISTANBUL 0776 ", " "),
     [("A", "03ANKARA2521"), ("B", "03ANKARA2666"), ("C", "03ANKARA2122"), ("D", "03ANKARA1350"), ("E", "03ANKARA418"),
      ("F", "02ANKARA7682"), ("G", "02ANKARA7683"), ("H", "03ISTANBUL776")]),
    ("75LIBREVILLE1895", ("REF: STATE 272523; USUN 6028 ", " "),  # 7575LIBREVILLE1895
     [(None, "75STATE272523"), (None, "75USUNNEWYORK6028")]),
    ("02BOGOTA3281", ("REF: BOGOTA 3101 ",), [(None, "02BOGOTA3101")]),
    pytest.param("03ROME2045", ("REF: A. ROME 0292 ", "     ¶I. ROME 1143 ", "     ¶J. ROME 1205 ",  # excerpt
                                "     ¶K. ROME 1264 ", "     ¶P. ROME 1754 ", " "),
                 [("A", "03ROME292"), ("I", "03ROME1143"), ("J", "03ROME1205"), ("K", "03ROME1264"),
                  ("P", "03ROME1754")]),
    pytest.param("03KATHMANDU280", ("REF: A. A. 02 NEW DELHI 6938      B. B. NEW DELHI 267      C. C. NEW DELHI 641 ",
                                    ""), [("A", "02NEWDELHI6938"), ("B", "03NEWDELHI267"), ("C", "03NEWDELHI641")]),
    pytest.param("04BRASILIA1503", ("REF: A. BEIJING 9600 B. BEIJING 9152 Classified By: SCI/C Daniel Rubinstein. "
                                    "Reasons 1.4 (b,d). ", ""), [("A", "04BEIJING9600"), ("B", "04BEIJING9152")]),
])
def test_ref_blocks(rid: str, lines: tuple[str, ...], expected: list[tuple[str | None, str]]) -> None:
    cable = pre(rid, "C O N F I D E N T I A L ROME 002045 ", *lines)
    assert [(r.label, r.cable_id) for r in cable.references] == expected
    assert all(r.text and "Classified" not in r.text for r in cable.references)
    assert ("spurious-paragraph-sign" in codes(cable)) == ("¶" in "".join(lines))


# ---- Classified By ------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "title", "name", "reasons"), [
    ("Classified By: NAS Director Keith Mines, reasons 1.5 (b) (d)",  # 09MEXICO2882
     "NAS Director", "Keith Mines", ["1.5(b)", "1.5(d)"]),
    ("CLASSIFIED BY AMBASSADOR ANNE W. PATTERSON.  REASON: 1.5 \n(B) AND (D) ",  # 02BOGOTA3281
     "AMBASSADOR", "ANNE W. PATTERSON", ["1.5(b)", "1.5(d)"]),
    ("Classified By: Political Counselor Richard M. Mills for reasons 1.4 (b) and (d).",  # 08LONDON2735
     "Political Counselor", "Richard M. Mills", ["1.4(b)", "1.4(d)"]),
    ("Classified By: Classified by RSO Marilyn Wanner, reasons 1.4 (C) (D) ",  # 04PRETORIA3555 (cables.csv)
     "RSO", "Marilyn Wanner", ["1.4(c)", "1.4(d)"]),
    ("Classified By: Pol/Econ Officer Peter W. Lord, reasons 1.5 (b/d). ",  # 04LILONGWE785 (cables.csv)
     "Pol/Econ Officer", "Peter W. Lord", ["1.5(b)", "1.5(d)"]),
    (" Classified By: Ambassador David C. Mulford, for reasons 1.4 (B,D) ",  # 06NEWDELHI657
     "Ambassador", "David C. Mulford", ["1.4(b)", "1.4(d)"]),
    pytest.param("Classified By: Ambassador Jeffrey D. Feltman.  Reason: Section 1.4 (d). ",  # 06BEIRUT895
                 "Ambassador", "Jeffrey D. Feltman", ["1.4(d)"]),
    pytest.param("Classified By: Charge d’affaires D. Brent Hardt. Reasons 1.5 (b) and ( d).",  # 04VATICAN3196
                 "Charge d’affaires", "D. Brent Hardt", ["1.5(b)", "1.5(d)"]),
    pytest.param("CLASSIFIED BY: AMBASSADOR MEL SEMBLER FOR REASONS 1.5 (B) AND (D) ",  # 03ROME2045
                 "AMBASSADOR", "MEL SEMBLER", ["1.5(b)", "1.5(d)"]),
    pytest.param("CLASSIFIED BY: Alex Featherstone, Political Counselor; REASON: \n1.4(B), (D) ",  # 10BUENOSAIRES109
                 "Political Counselor", "Alex Featherstone", ["1.4(b)", "1.4(d)"]),
    pytest.param("Classified By: Ambassador Margaret Scobey per 1.4 (b) and (d). ",  # 08CAIRO2255
                 "Ambassador", "Margaret Scobey", ["1.4(b)", "1.4(d)"]),
    pytest.param("Classified By: Acting Economic Counselor Todd Kushner. Reason 1.5(b) a nd (d)",  # 03THEHAGUE2113
                 "Acting Economic Counselor", "Todd Kushner", ["1.5(b)", "1.5(d)"]),
    pytest.param("Classified By: CDA Christopher Henzel for reasons 1.4 (b) and (d). (C) A/DCM "  # 08MANAMA473
                 "delivered reftel points", "CDA", "Christopher Henzel", ["1.4(b)", "1.4(d)"]),
])
def test_classified_by(line: str, title: str, name: str, reasons: list[str]) -> None:
    cable = blank()
    preamble.read_classified_by(line, cable, 1)
    assert cable.classified_by is not None
    assert (cable.classified_by.title, cable.classified_by.name, cable.classified_by.reasons) == (title, name, reasons)


def test_classified_by_after_portion_mark() -> None:  # 03ANKARA3694
    cable = pre("03ANKARA3694", "S E C R E T SECTION 01 OF 03 ANKARA 003694 ", "REF: A. ANKARA 2521 ", " ", " ",
                "(U) Classified by Ambassador W. Robert Pearson; reasons: 1.5 (b,d). ", " ", " ",
                "¶1. (C) Summary: Chief of the General Staff (TGS) Ozkok's ")
    assert cable.classified_by is not None
    assert (cable.classified_by.name, cable.classified_by.reasons) == ("W. Robert Pearson", ["1.5(b)", "1.5(d)"])


# ---- summary, comment, paragraphs, headings, signers ---------------------------------------------

BEIRUT_BODY = (  # 06BEIRUT895
    "C O N F I D E N T I A L SECTION 01 OF 02 BEIRUT 000895 \n \nSIPDIS \n \nSUMMARY \n-------- \n \n¶1.  (C)  In a "
    "March 21 meeting with the Ambassador and \neconoff, Speaker of Parliament Nabih Berri was upbeat about \nthe "
    "success of the national dialogue he has brokered.  End summary. \n \nBERRI ASKS FOR PRESSURE \nON SYRIA OVER "
    "LAHOUD \n--------------------- \n \n¶3.  (C)  The presidency, on the hand, concerned Berri. \n \nCOMMENT \n"
    "------- \n \n¶9.  (C)  Many Lebanese are predicting that tomorrow's \nimpromptu (and unwanted) history lesson "
    "on the Shebaa Farms. \nEnd comment. \nFELTMAN"
)


def test_summary_comment_headings_signer() -> None:  # 06BEIRUT895
    cable = build("06BEIRUT895", BEIRUT_BODY)
    assert cable.summary == ("In a March 21 meeting with the Ambassador and econoff, Speaker of Parliament Nabih "
                             "Berri was upbeat about the success of the national dialogue he has brokered.")
    assert cable.comment == ("Many Lebanese are predicting that tomorrow's impromptu (and unwanted) history lesson "
                             "on the Shebaa Farms.")
    assert [(p.number, p.marking, p.heading) for p in cable.paragraphs] == [
        (1, "C", "SUMMARY"), (3, "C", "BERRI ASKS FOR PRESSURE ON SYRIA OVER LAHOUD"), (9, "C", "COMMENT")]
    assert cable.signers == ["FELTMAN"] and "FELTMAN" not in cable.paragraphs[-1].text


def test_seed_summary_comment_paragraph_numbers(seed: Cable) -> None:  # 09MEXICO2882
    assert seed.summary is not None and seed.summary.startswith("At a dinner hosted by PGR for a visiting DOJ")
    assert seed.summary.endswith("damaged international reputation.")
    assert seed.comment is not None and seed.comment.startswith("We will follow up with Tello Peon and Gutierrez")
    assert [p.number for p in seed.paragraphs] == list(range(1, 13))
    assert [p.label for p in seed.paragraphs[3:9]] == ["¶4.", "15.", "16.", "17.", "18.", "¶9."]
    assert [p.heading for p in seed.paragraphs[2:5]] == [
        "GOM WANTS FULL TRANSFER OF INTEL TECHNOLOGY AND TRAINING", None, "STRATEGIC MISCALCULATIONS IN MERIDA"]
    assert [p.marking for p in seed.paragraphs[:3]] == ["C", "U", "C"]
    defect = next(d for d in seed.defects if d.code == "paragraph-sign-as-digit")
    assert defect.message == "paragraph labels 15.-18. read as ¶5-¶8"
    assert (seed.tags, seed.signers, seed.handling) == (["KCRM", "PGOV", "SNAR", "MX"], ["PASCUAL"], [])
    assert seed.classified_by is not None and seed.classified_by.name == "Keith Mines"


def test_seed_defect_lines_are_body_lines(seed: Cable) -> None:  # 09MEXICO2882
    assert [(d.code, d.line) for d in seed.defects if d.part == "body"] == [
        ("boilerplate-left-out", 70), ("paragraph-split", 44), ("paragraph-sign-as-digit", 48),
        ("quote-as-ampersand-8", 64)]


def test_page_break_residue_dropped_and_paragraph_joined() -> None:  # 06BEIRUT895
    cable = paras("¶4.  (C)  Berri, bragging that he had not met with a Syrian \n \n¶5.  (C)  Reciting the most "
                  "recent rumors of the presidential \nrace, Berri dismissed them as lies.  Berri joked about Edde as "
                  "president, saying  that he would \nstay for 12 years, because it would take him 6 years to "
                  "issue \n \nBEIRUT 00000895  002 OF 002 \n \n \nhis statements and 6 years for everyone else to "
                  "answer. \n")
    assert [p.number for p in cable.paragraphs] == [4, 5]
    assert "BEIRUT 00000895" not in cable.paragraphs[1].text_repaired
    assert "to issue his statements" in cable.paragraphs[1].text_repaired
    assert {"page-break-residue", "paragraph-split"} <= set(codes(cable))


def test_signer_before_trailer() -> None:  # 02BOGOTA3281
    cable = paras("¶7. (C) COMMENT:  THERE IS A MOUNTING BODY OF HARD \nEVIDENCE THAT THERE ARE FARC GUERRILLA CAMPS "
                  "IN \nVENEZUELA. \n \n \nPATTERSON \n\n \n> \n\n"
                  "=======================CABLE ENDS============================")
    assert cable.signers == ["PATTERSON"] and "CABLE ENDS" not in cable.paragraphs[-1].text


def test_old_page_header_residue() -> None:  # 95ZAGREB2326 (cables.csv)
    cable = paras("1.  CONFIDENTIAL - ENTIRE TEXT. \n                       CONFIDENTIAL \n\n \n \n"
                  "                           CONFIDENTIAL \n \nPAGE 02        ZAGREB  02326  01 OF 03  161531Z \n \n"
                  "------- \nSUMMARY \n------- \n \n2.  IN AN APRIL 12 MEETING, CROATIA'S CARDINAL KUHARIC")
    assert "PAGE 02" not in cable.paragraphs[0].text_repaired and "page-break-residue" in codes(cable)


def test_summary_after_run_on_preamble() -> None:  # 04VATICAN3196
    cable = build("04VATICAN3196", "C O N F I D E N T I A L  VATICAN 003196 \nSIPDIS \nClassified By: Charge "
                  "d’affaires D. Brent Hardt. Reasons 1.5 (b) and ( d).\n------- \nSummary\n------- \n¶1. (C) Acting "
                  "Holy See Foreign Minister Parolin reaffirmed August 18. End Summary.\n")
    assert cable.summary == "Acting Holy See Foreign Minister Parolin reaffirmed August 18."


# ---- typographic repairs ------------------------------------------------------------------------

def test_ampersand_quotes_repaired_raw_text_kept(seed: Cable) -> None:  # 09MEXICO2882 ¶10
    tenth = seed.paragraphs[9]
    assert "&culture of lawfulness8" in tenth.text and '"culture of lawfulness"' in tenth.text_repaired
    assert "&" not in tenth.text_repaired and "&culture of lawfulness8" in seed.body
    assert "quote-as-ampersand-8" in codes(seed)


@pytest.mark.parametrize(("text", "expected"), [
    ("She called President\nSarkozy,s state visit", "She called President\nSarkozy's state visit"),  # 07PARIS4533
    ("Sporting a &Paris 20128 lapel pin", 'Sporting a "Paris 2012" lapel pin'),  # 05PARIS1142
    ("&ridiculous8 Chirac,s desire", "\"ridiculous\" Chirac's desire"),  # 05PARIS1142
    ("provided P&A data in September 2003 for 8 P-3B(H)",  # 05NEWDELHI2550
     "provided P&A data in September 2003 for 8 P-3B(H)"),
    ("the MFA's (and \nGOCR's) prime UN", "the MFA's (and \nGOCR's) prime UN"),  # 07SANJOSE202
    # 06LIMA2017
    ("Ambassador Curt Struble for Reasons 1.4 (b,d)", "Ambassador Curt Struble for Reasons 1.4 (b,d)"),
])
def test_repair_text(text: str, expected: str) -> None:
    cable = blank()
    assert repair_text(text, cable, 1) == expected
    assert bool(codes(cable)) == (text != expected)  # every repair is recorded


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
