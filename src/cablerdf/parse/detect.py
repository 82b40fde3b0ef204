"""Telling an input's format from its name and first bytes."""

from __future__ import annotations

import re

CSV_START = re.compile(rb'\s*"\d+","')


def detect_format(name: str, head: bytes) -> str | None:
    """The format of a file named ``name`` that starts with ``head``, or None if unknown."""
    lower = name.lower()
    start = head.lstrip()[:200]
    if lower.endswith((".html", ".htm", ".xhtml")) or start[:1] == b"<":
        return "cablegate-html"
    if lower.endswith((".jsonl", ".json", ".ndjson")) or start[:1] == b"{":
        return "jsonl"
    if lower.endswith(".csv") or CSV_START.match(head):
        return "cables-csv"
    if b"| Reference ID" in head:
        return "page-text"
    if lower.endswith(".txt") or b"VZCZC" in head or b"\r\n" in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return "pdf-text"
        return "pdf-text" if b"\r\n" in head or b"| Reference ID" not in head else "page-text"
    return None

