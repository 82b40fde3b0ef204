"""A thing's document as bytes: its statements in order, serialised, and the ``Link`` header beside it.

Turtle and RDF/XML declare the prefixes of :data:`cablerdf.iris.PREFIXES` (and ``hydra``); JSON-LD is
compacted with the project's context, written inline. The format is a short name of
:mod:`cablerdf.web.negotiation` (``ttl``, ``nt``, ``rdf``, ``jsonld``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import cast

import pyoxigraph
from pyoxigraph import Quad, RdfFormat, Triple

from cablerdf.iris import PREFIXES
from cablerdf.rdfio import JsonLdWriter, context
from cablerdf.terms import HYDRA
from cablerdf.web.negotiation import rdf_format

TURTLE_PREFIXES = {**PREFIXES, "hydra": HYDRA.iri}
WITH_PREFIXES = (RdfFormat.TURTLE, RdfFormat.RDF_XML)


def ordered(triples: Sequence[Triple], first: Sequence[object]) -> list[Triple]:
    """The ``first`` subjects' statements first, then the rest in their order.

    Statements read from the store come grouped by subject (index order), so Turtle still writes
    each subject once; this only moves the document's and the topic's statements to the top.
    """
    head = [t for s in first for t in triples if t.subject == s]
    wanted = set(first)
    return head + [t for t in triples if t.subject not in wanted]


def serialize(triples: Sequence[Triple], fmt: str) -> bytes:
    """Turtle (with prefixes), N-Triples, RDF/XML or compacted JSON-LD with the context inline."""
    if fmt == "jsonld":
        out = io.BytesIO()
        writer = JsonLdWriter(out, context())
        writer.start()
        writer.write(cast(Sequence[Quad], triples))
        writer.finish()
        return out.getvalue()
    syntax = rdf_format(fmt)
    data = pyoxigraph.serialize(triples, None, syntax, prefixes=TURTLE_PREFIXES if syntax in WITH_PREFIXES else None)
    assert data is not None
    return data


def link_header(links: Iterable[tuple[str, str, str | None]]) -> str:
    """``<url>; rel="alternate"; type="text/turtle", …`` from (url, rel, media type) triples."""
    return ", ".join(f'<{url}>; rel="{rel}"' + (f'; type="{kind}"' if kind else "") for url, rel, kind in links)
