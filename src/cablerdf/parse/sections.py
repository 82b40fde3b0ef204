"""Summary and closing comment, read from the paragraphs."""

from __future__ import annotations

import re

from cablerdf.parse.model import Paragraph

LEAD = re.compile(r"(?:¶?\s?\d{1,3}\s?[.)]\s*)?(?:\(\s*[A-Z/ ]{1,12}\)\s*)?[-\s]*")
SUMMARY_START = re.compile(r"(?:BEGIN\s+)?SUMMARY\s*(?:AND\s+COMMENT\s*)?[:.\-]+\s*", re.I)
SUMMARY_END = re.compile(r"\(?\s*END\s+(?:OF\s+)?SUMMARY(?:\s+AND\s+COMMENT)?\s*[.:)]*\s*\)?", re.I)
COMMENT_START = re.compile(r"(?:BEGIN\s+)?COMMENT\s*[:.\-]+\s*", re.I)
COMMENT_END = re.compile(r"\(?\s*END\s+(?:OF\s+)?COMMENT\s*[.:)]*\s*\)?", re.I)


def fold(text: str) -> str:
    return "\n\n".join(" ".join(part.split()) for part in text.split("\n\n") if part.strip())


def opening(paragraph: Paragraph, start: re.Pattern[str], word: str) -> str | None:
    """The paragraph's text after a ``Summary:``-like opening, or all of it under such a heading."""
    text = paragraph.text[LEAD.match(paragraph.text).end():]  # type: ignore[union-attr]
    match = start.match(text)
    if match:
        return text[match.end():]
    if paragraph.heading and paragraph.heading.strip(" :.-").upper() == word:
        return text
    return None


def section(paragraphs: list[Paragraph], start: re.Pattern[str], end: re.Pattern[str], word: str,
            last: bool) -> str | None:
    order = range(len(paragraphs) - 1, -1, -1) if last else range(len(paragraphs))
    for index in order:
        text = opening(paragraphs[index], start, word)
        if text is None:
            continue
        parts: list[str] = []
        for following in [text, *(p.text for p in paragraphs[index + 1:])]:
            stop = end.search(following) if word in following.upper() else None
            if stop:
                parts.append(following[: stop.start()])
                return fold("\n\n".join(parts)) or None
            parts.append(following)
            if not last and len(parts) > 4:
                break
        return fold(parts[0] if not last else "\n\n".join(parts)) or None
    return None


def summary(paragraphs: list[Paragraph]) -> str | None:
    if not any("umma" in p.text or "UMMA" in p.text or p.heading for p in paragraphs):
        return None
    return section(paragraphs, SUMMARY_START, SUMMARY_END, "SUMMARY", last=False)


def comment(paragraphs: list[Paragraph]) -> str | None:
    if not any("omment" in p.text or "OMMENT" in p.text or p.heading for p in paragraphs):
        return None
    return section(paragraphs, COMMENT_START, COMMENT_END, "COMMENT", last=True)
