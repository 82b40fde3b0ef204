"""Show one cable of ``../shared/corpus`` raw, for a person writing or checking a gold file.

Display transforms only: HTML entities decoded, ``&#x000A;`` shown as a newline, TAGS links and
paragraph-sign anchors shown as their text, table cells marked ``|TH|``/``|TD|``. Nothing is parsed.

    python tests/parse/gold/view.py site-versions.tar.xz 2010-12-22/cable/2009/09/09NAIROBI1829.html
    python tests/parse/gold/view.py cablegate-html.tar.xz cable/2009/10/09MEXICO2882.html
    python tests/parse/gold/view.py cables.csv.xz 123          (1-based record number)
    python tests/parse/gold/view.py jsonl/delhi.jsonl 7        (1-based line)
    python tests/parse/gold/view.py pdf-text/09PARIS1040.txt
    python tests/parse/gold/view.py final-site-html/72TEHRAN1164.html
"""

from __future__ import annotations

import csv
import html
import json
import lzma
import re
import sys
import tarfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"
COLUMNS = ("id", "date", "refid", "origin", "classification", "references", "header", "body")


def show_html(text: str) -> str:
    start = text.find("<table class")
    end = text.find("</pre>", text.find("</pre>", start) + 1)
    pane = (text[start:end + 6] if end > 0 else text[start:]).replace("&#x000A;", "\n")
    pane = re.sub(r"<a id='par\d+' href='#par\d+'>(¶)</a>", r"\1", pane)
    pane = re.sub(r"<a href='[^']*'(?: title='[^']*')?>([^<]*)</a>", r"\1", pane)
    pane = re.sub(r"<(t[hd])[^>]*>", lambda m: f" |{m.group(1).upper()}| ", pane)
    pane = re.sub(r"</?(?:tr|td|th|table|br ?/?)[^>]*>", "", pane)
    return html.unescape(pane)


def member(archive: Path, name: str) -> str:
    with tarfile.open(archive, mode="r|*") as tar:
        for item in tar:
            if item.name == name:
                stream = tar.extractfile(item)
                assert stream is not None
                return stream.read().decode("utf-8")
    raise SystemExit(f"{name} is not in {archive}")


def csv_row(number: int) -> str:
    csv.field_size_limit(2**31 - 1)
    with lzma.open(CORPUS / "cables.csv.xz", "rt", encoding="utf-8", newline="") as lines:
        for index, row in enumerate(csv.reader(lines, escapechar="\\", doublequote=False), 1):
            if index == number:
                return "\n".join(f"===== {name} =====\n{value}" for name, value in zip(COLUMNS, row, strict=False))
    raise SystemExit(f"cables.csv has no record {number}")


def json_line(path: Path, number: int) -> str:
    with path.open(encoding="utf-8") as lines:
        for index, line in enumerate(lines, 1):
            if index == number:
                return "\n".join(f"===== {key} =====\n{value}" for key, value in json.loads(line).items())
    raise SystemExit(f"{path} has no line {number}")


def main(source: str, where: str = "") -> str:
    if source.endswith(".tar.xz"):
        return show_html(member(CORPUS / source, where))
    if source == "cables.csv.xz":
        return csv_row(int(where))
    if source.startswith("jsonl/"):
        return json_line(CORPUS / source, int(where))
    if source.startswith("pdf-text/"):
        return (CORPUS / source).read_bytes().decode("latin-1").replace("\r\n", "\n")
    return show_html((CORPUS / source).read_text(encoding="utf-8"))


if __name__ == "__main__":
    print(main(*sys.argv[1:3]))
