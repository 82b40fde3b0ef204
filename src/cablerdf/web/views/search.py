"""``/search``: full-text search over subjects and paragraph text (the store's FTS5 index).

``?q=`` is the user's text (words, ``"phrases"``, ``-excluded``, ``prefix*``, ``OR``), ``?in=`` one
of ``all`` (default), ``subjects``, ``text``; ``?page=`` pages. Each hit links to its paragraph
(``cable/{ID}.html#p{n}``) or, for a subject, to the cable. Snippets are escaped first; the
highlighting markup is put in afterwards. A search that cannot be read is a 400 with a message,
a store without an index a 503.
"""

from __future__ import annotations

from html import escape

from flask import Blueprint, Response, current_app, request
from markupsafe import Markup

from cablerdf.iris import segment
from cablerdf.store.search import CLOSE, OPEN, Hit, IndexMissing, SearchError, SearchTimeout
from cablerdf.web import dataset
from cablerdf.web.errors import problem
from cablerdf.web.pages import Pager, page_number, render

bp = Blueprint("search", __name__)
bp.add_app_template_filter(segment, "segment")
PER_PAGE = 20
SEARCH_TIMEOUT = 10.0  # seconds; a search stopped at it gets 503
SCOPES = {"all": (), "subjects": ("subject",), "text": ("paragraph", "body")}


def highlighted(snippet: str) -> Markup:
    """The snippet escaped, then the match markers turned into ``<mark>``."""
    safe = escape(snippet.replace("\r", ""), quote=True)
    return Markup(safe.replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))


def target(hit: Hit) -> str:
    page = f"/cable/{segment(hit.cable_id)}.html"
    return page + (f"#p{hit.position}" if hit.kind == "paragraph" else "")


@bp.get("/search")
def search_page() -> Response:
    text = request.args.get("q", "").strip()
    scope = request.args.get("in", "all")
    if scope not in SCOPES:
        return problem(400, f"in must be one of {', '.join(SCOPES)}")
    if not text:
        return render("search.html", title="Search", q="", scope=scope, hits=None, pager=None)
    page = page_number()
    reader = dataset.reader()
    try:
        results = reader.search(text, SCOPES[scope], limit=PER_PAGE, offset=(page - 1) * PER_PAGE,
                                timeout=min(float(current_app.config["QUERY_TIMEOUT"]), SEARCH_TIMEOUT))
    except SearchTimeout as error:
        return problem(503, f"{error}; search for more specific words", {"Retry-After": "10"})
    except SearchError as error:
        return problem(400, f"cannot search for {text!r}: {error}")
    except IndexMissing:
        return problem(503, "the search index has not been built: run `cablerdf ingest` on this store "
                       "(unchanged cables are skipped; the index is brought up to date at the end)")
    paging = Pager(page, PER_PAGE, results.total)
    if results.total and page > paging.pages:
        return problem(404, f"page {page} is past the last page ({paging.pages})")
    hits = [(hit, target(hit), highlighted(hit.snippet)) for hit in results.hits]
    return render("search.html", headers=paging.link_header(), etag=(reader.search_stamp(),), title=f"Search: {text}",
                  q=text, scope=scope, hits=hits, pager=paging, ranked=results.ranked)

