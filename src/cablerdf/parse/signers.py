"""The signature at the end of a cable's text.

Signatures are written on their own line (``RICE``, ``Ranneberger``, ``Larry L. Palmer``), glued to
the last sentence (``…End comment. Scobey``, ``…plans. ERELI``), followed by transmission residue
(``NNNN``, a classification line, ``2004CARACA01107 - CONFIDENTIAL``, ``>``), or preceded by a line
such as ``FOR THE AMBASSADOR``. A text whose end holds no name has no signer found: ``None``, with a
defect, never an empty list.
"""

from __future__ import annotations

import functools
import re

from cablerdf.parse import tables
from cablerdf.parse.banner import CLASSIFICATION

NAME_TOKEN = r"(?!XXX)(?:(?:Mc|Mac|O'|D'|De|Di|La|Le|Van|Von)?[A-Z][A-Za-z'\-]*[A-Za-z]|[A-Z]\.?)"
NAME = re.compile(rf"(?:(?:[Vv]an|von|de|da|di|du|le|la|del|der|den|bin|al|el) )?{NAME_TOKEN}"
                  rf"(?:[ ,]{{1,2}}(?:(?:van|von|de|da|di|du|le|la|del|der|den) )?{NAME_TOKEN}){{0,3}}")
GLUED = re.compile(rf"(?:(?<=[.!?\"')\]*:”’])\s+|\s{{2,}}|(?<=XXXX)\s+)"
                   rf"(?P<name>{NAME_TOKEN}(?: {NAME_TOKEN}){{0,2}})[.#\s]*$")
# an upper-case name after the last word of mixed-case text (``…e-PINE Coordinator RICE``)
GLUED_CAPS = re.compile(r"(?<=[a-z0-9,;)]) (?P<name>[A-Z][A-Z'\-]{3,})\s*$")
RESIDUE = re.compile(
    r"(?:[\s=>#\-_*\\.,\"]|(?:BT|NNNN|#|END OF (?:TEXT|CABLE|MESSAGE)|(?:CABLE|TEXT|MESSAGE) ENDS?)\.?"
    r"|\d{4}[A-Z]{3,6}\d{5}\s+-\s+(?:Classification:\s*)?[A-Z/ ]+"
    rf"|{CLASSIFICATION}(?://?[A-Z ]+)?"
    r"|X{3,}|\(signature\)|Visit .{0,80}Classified Web ?[Ss]ite:?\s*(?:X+|\S+)?|GP-?\d|v\d+(?:\.\d+)+"
    r"|NOTE: NOT PASSED TO ABOVE ADDRESSEE\(S\)\.?"
    r"|Declassified/Released US Department of State EO|Systematic Review \d\d [A-Z]{3} \d{4}|\S.{0,80}?\.\.\.$)+",
    re.I,
)
FOR_LINE = re.compile(r"\s*FOR THE (?:AMBASSADOR|SECRETARY|CHARGE|CONSUL GENERAL|DEPUTY)[:.,]?\s*"
                      r"|\s*(?:Sincerely|Regards)[,.]?\s*",
                      re.I)


@functools.cache
def not_names() -> frozenset[str]:
    """Upper-cased words that end texts but are no one's name (END, COMMENT, titles, captions)."""
    words = {row["word"].upper() for row in tables.read_table("signer_stopwords.csv")}
    return frozenset(words | tables.classifier_title_words())


LONE_SHORT = re.compile(r"[A-Z][A-Z]")  # "LU", "NG": a short name alone on its line


def is_name(text: str) -> bool:
    text = text.strip()
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$|\.\.$", text):  # "WORLD EVENT.": a sentence's end
        return False
    text = text.rstrip(".#")
    if not text or len(text) > 40 or NAME.fullmatch(text) is None:
        return False
    words = [w.strip(",.").upper() for w in text.replace(",", " ").split()]
    if any(w in not_names() for w in words):
        return False
    return any(len(w) > 2 for w in words) or LONE_SHORT.fullmatch(text) is not None


def split_signers(lines: list[str]) -> tuple[list[str], list[str], bool]:
    """(text lines without the signature, the signer names, whether one was glued to the text).

    ``lines`` are the lines of the text; residue after the signature is dropped with it. Quoting residue
    of some dumps (``"CASON ,,,,"``, a trailing backslash) is looked through.
    """
    lines = list(lines)
    names: list[str] = []
    while lines and skippable(bare(lines[-1])):
        lines.pop()
    while lines and is_name(bare(lines[-1])) and (len(lines) == 1 or is_name(bare(lines[-2]))
                                                  or ends_text(bare(lines[-2]))) \
            and not (bare(lines[-1]).endswith(".") and len(lines) > 1 and not ends_sentence(bare(lines[-2]))):
        name = clean(bare(lines.pop()))
        if not names or names[0] != name:  # a name printed twice is one signer
            names.insert(0, name)
        while lines and (not bare(lines[-1]) or FOR_LINE.fullmatch(lines[-1])):  # above a name: text stays
            lines.pop()
    if names:
        return lines, names, False
    last = bare(lines[-1]) if lines else ""
    glued = GLUED.search(last) or GLUED_CAPS.search(last)
    if glued and is_name(glued.group("name")) and ((glued.start() > 2 and len(lines) > 1) or glued.start() > 8):
        lines[-1] = last[: glued.start()]
        return lines, [clean(glued.group("name"))], True
    return lines, [], False


def bare(line: str) -> str:
    return line.strip(' \\",')


def skippable(line: str) -> bool:
    return not line or bool(RESIDUE.fullmatch(line) or FOR_LINE.fullmatch(line))


def ends_text(line: str) -> bool:
    """Whether the line before a name line ends the text, so the name is a signature and not the text's
    last words: it ends a sentence, or it is mixed-case text (an upper-case name below it signs)."""
    stripped = line.rstrip(" \\")
    if not stripped or RESIDUE.fullmatch(line) or stripped.endswith(TERMINATORS) or CLOSING.fullmatch(stripped):
        return True
    return any(c.islower() for c in stripped) or not any(c.isalpha() for c in stripped)  # "(506) 2519-2269"


CLOSING = re.compile(r"\(?END (?:OF )?(?:COMMENT|SUMMARY|TEXT|NOTE|CABLE|MESSAGE)\.?\)?|.{0,40}MINIMIZE CONSIDERED\.?"
                     r"|SIPDIS|NOFORN|SENSITIVE",
                     re.I)


def ends_sentence(line: str) -> bool:
    stripped = line.rstrip(" \\")
    return not stripped or stripped.endswith(TERMINATORS)


TERMINATORS = (".", "!", "?", '"', "'", ")", ":", "*", "]", "-", "”", "’")


def clean(name: str) -> str:
    return " ".join(name.strip().rstrip(".#").split())
