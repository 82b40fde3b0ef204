"""``/query``: a SPARQL editor over the endpoint (``sparql``, relative), with example queries.

The page is static apart from the query text: ``static/query.js`` sends the query to the endpoint
(GET, POST when long) asking for SPARQL JSON results and draws them as a table; ``?query=`` fills
the editor and runs it, so the address of the page is the share link. Without JavaScript the form
submits to the endpoint itself.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, request

from cablerdf.web import dataset
from cablerdf.web.examples import examples, prefixes, starter
from cablerdf.web.links import linkable
from cablerdf.web.pages import render

bp = Blueprint("query", __name__)
bp.add_app_template_test(linkable, "linkable")  # the results table of /sparql links only web IRIs


@bp.get("/query")
def query_page() -> Response:
    base = dataset.minter().base
    given = request.args.get("query", "")
    items = [(example, example.query(base)) for example in examples()]
    return render("query.html", title="Query", query=given or starter(base), autorun=bool(given.strip()),
                  share="query?query=" + quote(given or starter(base), safe=""), examples=items,
                  prefixes=prefixes(base), base=base, quote=quote)
