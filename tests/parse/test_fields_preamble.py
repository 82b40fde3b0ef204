"""Field-by-field parser tests of the preamble: banner, classification, handling captions, E.O. line and
declassification, TAGS, SUBJECT, REF, Classified By. Each is on a real Cablegate snippet (the comment
names the cable; long snippets are excerpts: lines or sentences left out, nothing reworded)."""

from __future__ import annotations

import pytest
from snippet_cables import blank, build, codes, pre

from cablerdf.parse import ids
from cablerdf.parse.banner import read_banner
from cablerdf.parse.classified_by import read_classified_by
from cablerdf.parse.tags import split_tags

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
    banner = read_banner(line)
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
    read_classified_by(line, cable, 1)
    assert cable.classified_by is not None
    assert (cable.classified_by.title, cable.classified_by.name, cable.classified_by.reasons) == (title, name, reasons)


def test_classified_by_after_portion_mark() -> None:  # 03ANKARA3694
    cable = pre("03ANKARA3694", "S E C R E T SECTION 01 OF 03 ANKARA 003694 ", "REF: A. ANKARA 2521 ", " ", " ",
                "(U) Classified by Ambassador W. Robert Pearson; reasons: 1.5 (b,d). ", " ", " ",
                "¶1. (C) Summary: Chief of the General Staff (TGS) Ozkok's ")
    assert cable.classified_by is not None
    assert (cable.classified_by.name, cable.classified_by.reasons) == ("W. Robert Pearson", ["1.5(b)", "1.5(d)"])
