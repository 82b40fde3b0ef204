"""Field-by-field parser tests of the body: summary, comment, paragraphs, headings, signers, page-break
residue, typographic repairs. Each is on a real Cablegate snippet (the comment names the cable; long
snippets are excerpts: lines or sentences left out, nothing reworded)."""

from __future__ import annotations

import pytest
from snippet_cables import blank, build, codes, paras, seed_cable

from cablerdf.parse.model import Cable
from cablerdf.parse.repair import repair_text


@pytest.fixture(scope="module")
def seed() -> Cable:  # the project's sample: the page-text rendering of 09MEXICO2882
    return seed_cable()


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
