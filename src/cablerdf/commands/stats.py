"""``cablerdf stats``: counts of the store (cables, triples, by year, origin, classification, tags)."""

from __future__ import annotations

import argparse
import sys

from pyoxigraph import QuerySolutions

from cablerdf.commands.ingest import add_store_options, open_store
from cablerdf.store import CableStore

PREFIX = "PREFIX cg: <https://w3id.org/cablerdf/ns#> PREFIX dcterms: <http://purl.org/dc/terms/>\n"
BREAKDOWNS = {
    "by year": "SELECT ?k (COUNT(?c) AS ?n) { ?c a cg:Cable ; dcterms:created ?d BIND(YEAR(?d) AS ?k) } "
               "GROUP BY ?k ORDER BY ?k",
    "by origin": "SELECT ?k (COUNT(?c) AS ?n) { ?c a cg:Cable ; cg:originText ?k } GROUP BY ?k ORDER BY DESC(?n) "
                 "LIMIT 25",
    "by classification": "SELECT ?k (COUNT(?c) AS ?n) { ?c a cg:Cable ; cg:classificationBanner ?k } "
                         "GROUP BY ?k ORDER BY DESC(?n)",
    "by tag": "SELECT ?k (COUNT(?c) AS ?n) { ?c a cg:Cable ; dcterms:subject ?t BIND(STRAFTER(STR(?t), '/tag/') "
              "AS ?k) } GROUP BY ?k ORDER BY DESC(?n) LIMIT 25",
}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("stats", help="print counts of the store")
    add_store_options(parser)
    parser.set_defaults(run=run)


def rows(store: CableStore, query: str) -> list[tuple[str, int]]:
    result = store.query(PREFIX + query)
    assert isinstance(result, QuerySolutions)
    return [(s["k"].value if s["k"] is not None else "?", int(s["n"].value)) for s in result]


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    out = sys.stdout
    cables = sum(1 for _ in store.cable_graphs())
    out.write(f"cables   {cables:,}\ntriples  {len(store.store):,}\n")
    for title, query in BREAKDOWNS.items():
        out.write(f"\n{title}\n")
        for key, count in rows(store, query):
            out.write(f"  {key:<40} {count:>8,}\n")
    return 0
