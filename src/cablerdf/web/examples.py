"""The example SPARQL queries of the query page (``queries/*.rq`` in the package) and its prefixes.

Each ``.rq`` file starts with ``# title:`` and ``# description:`` lines, then the query without its
PREFIX lines: the prefixes it uses are put in front from :func:`prefixes` (the vocabularies of
``cablerdf.iris.PREFIXES`` and, under the configured base, ``cable:``, ``tag:``, ``post:``,
``person:`` and ``level:``), so the examples hold for any base.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from cablerdf.iris import PREFIXES, Minter

DATA_PREFIXES = {"cable": "cable/", "tag": "tag/", "post": "post/", "person": "person/", "level": "classification/"}
HEADER = re.compile(r"^#\s*(title|description):\s*(.*)$")


@dataclass(frozen=True, slots=True)
class Example:
    name: str
    title: str
    description: str
    body: str  # the query without PREFIX lines

    def query(self, base: str) -> str:
        return with_prefixes(self.body, base)


def prefixes(base: str) -> dict[str, str]:
    """Prefix -> namespace for the editor: the vocabularies, then the data under ``base``."""
    minter = Minter(base)
    return {**PREFIXES, **{name: minter.base + path for name, path in DATA_PREFIXES.items()}}


def prefix_lines(names: list[str], base: str) -> str:
    known = prefixes(base)
    return "".join(f"PREFIX {name}: <{known[name]}>\n" for name in names)


def used_prefixes(body: str, base: str) -> list[str]:
    """The known prefixes that ``body`` uses (``name:`` not inside a word or an IRI), in table order."""
    return [name for name in prefixes(base) if re.search(rf"(?<![\w/:#.-]){re.escape(name)}:", body)]


def with_prefixes(body: str, base: str) -> str:
    return prefix_lines(used_prefixes(body, base), base) + "\n" + body


STARTER_PREFIXES = ["cg", "dcterms", "schema", "skos", "rdfs", "xsd", "cable", "tag", "post", "level"]


def starter(base: str) -> str:
    """The editor's text when no query is given: the main prefixes, the others named, a first query."""
    others = ", ".join(f"{name}:" for name in prefixes(base) if name not in STARTER_PREFIXES)
    return (prefix_lines(STARTER_PREFIXES, base)
            + f"# also known, declared when used: {others}\n\n"
            "SELECT ?cable ?created ?subject WHERE {\n"
            "  GRAPH ?g { ?cable a cg:Cable ; dcterms:created ?created ; dcterms:title ?subject . }\n"
            "}\nLIMIT 20\n")


def parse(name: str, text: str) -> Example:
    fields = {"title": name, "description": ""}
    lines = text.splitlines()
    while lines and (match := HEADER.match(lines[0])):
        fields[match.group(1)] = match.group(2).strip()
        lines.pop(0)
    return Example(name, fields["title"], fields["description"], "\n".join(lines).strip() + "\n")


@functools.cache
def examples() -> tuple[Example, ...]:
    folder = resources.files("cablerdf.web").joinpath("queries")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return tuple(parse(f.name.removesuffix(".rq").split("-", 1)[-1], f.read_text(encoding="utf-8")) for f in files)
