"""The same cable read from two sources: where the records disagree, and whether their texts differ.

A run that meets a cable a second time (``cables.csv`` and a site page, a page and its earlier
version) compares the two readings of its created date, classification, subject (its words, in any
case), TAGS and paragraph count. Each field that differs is a defect on the later record naming both
values and both sources, and saying whether the two texts differ (the sites changed, cut or redacted
them: the difference is the source's) or are the same (the difference is the parser's, and a bug).
A reading is small, so a run over the whole release keeps one per cable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cablerdf.parse.model import Cable, Defect

FIELDS = ("created", "classification", "subject", "tags", "paragraph count")


@dataclass(frozen=True, slots=True)
class Reading:
    source: str
    values: tuple[object, ...]  # in the order of FIELDS
    text: str  # a digest of the text's words (paragraphs, without residue and markup)
    words: int
    field_texts: tuple[str, str]  # the words of the SUBJECT and TAGS lines as printed


def where(cable: Cable) -> str:
    row = f", row {cable.source.row}" if cable.source.row else ""
    return f"{cable.source.format} ({cable.source.path.rsplit('/', 1)[-1]}{row})"


def words(text: str | None) -> list[str]:
    return (text or "").translate(PUNCTUATION).casefold().split()


PUNCTUATION = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~¶§‘’“”–—…\xa0"})


def reading(cable: Cable) -> Reading:
    text = [w for w in words(" ".join(p.text_repaired for p in cable.paragraphs)) if not w.isdigit()]
    digest = hashlib.blake2b(" ".join(text).encode(), digest_size=12).hexdigest()
    subject = " ".join(cable.subject.split()).casefold() if cable.subject else None  # the same words, any case
    values = ((cable.created or "")[:10], cable.classification, subject, tuple(cable.tags), len(cable.paragraphs))
    return Reading(where(cable), values, digest, len(text),
                   (" ".join(words(cable.subject)), " ".join(words(cable.tags_line))))


def disagreements(earlier: Reading, cable: Cable) -> list[Defect]:
    """Defects for ``cable`` (the later record) on each field where it disagrees with ``earlier``."""
    later = reading(cable)
    found = []
    for name, a, b in zip(FIELDS, earlier.values, later.values, strict=True):
        if a == b:
            continue
        differ = texts_differ(name, earlier, later)
        why = (("the lines as printed differ" if name in ("subject", "tags") else
                f"the texts differ ({earlier.words:,} and {later.words:,} words)") + ": the sources changed them"
               if differ else "the texts are the same: the two readings disagree")
        found.append(Defect("formats-differ" if differ else "formats-disagree",
                            f"{name}: {show(a)} in {earlier.source}, {show(b)} in {later.source}; {why}",
                            None, "metadata"))
    return found


def texts_differ(name: str, earlier: Reading, later: Reading) -> bool:
    if name == "subject":
        return earlier.field_texts[0] != later.field_texts[0]
    if name == "tags":
        return earlier.field_texts[1] != later.field_texts[1]
    return earlier.text != later.text


def show(value: object) -> str:
    if isinstance(value, tuple):
        return " ".join(map(str, value)) or "none"
    return repr(value) if isinstance(value, str) else str(value)
