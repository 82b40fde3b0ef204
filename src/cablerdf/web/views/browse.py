"""``/browse``: the cables by date (year, month), origin, TAGS and classification, with counts and paging.

Lists of values (``/browse/tag``) and lists of cables (``/browse/tag/PGOV``) are paged with
``?page=N`` and ``Link: rel=next/prev`` headers; value lists sort by count or, with ``?sort=name``,
by code. Unknown values are 404s.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable

from flask import Blueprint, Response, request
from werkzeug.exceptions import BadRequest, NotFound

from cablerdf.iris import segment
from cablerdf.web import catalog
from cablerdf.web.catalog import Bucket
from cablerdf.web.pages import pager, render

bp = Blueprint("browse", __name__)
bp.add_app_template_filter(segment, "segment")  # percent-encoded path segments in links
CABLES_PER_PAGE = 50
VALUES_PER_PAGE = 200
FACETS = {  # facet -> (title of the list, name of one value, where its own page is, if any)
    "origin": ("Origins", "origin", None),
    "tag": ("TAGS", "tag", "/tag/"),
    "classification": ("Classifications", "classification", None),
}
MONTHS = list(calendar.month_name)
COUNTS: dict[str, Callable[[], list[Bucket]]] = {
    "origin": catalog.origins, "tag": catalog.tags, "classification": catalog.classifications}


def sort_order(buckets: list[Bucket]) -> list[Bucket]:
    """``?sort=count`` (the default: most cables first) or ``?sort=name`` (by code)."""
    sort = request.args.get("sort", "count")
    if sort not in ("count", "name"):
        raise BadRequest("sort must be count or name")
    return sorted(buckets, key=lambda b: b.key) if sort == "name" else buckets


@bp.get("/browse")
def overview() -> Response:
    years = [Bucket(str(y), str(y), sum(m.values())) for y, m in catalog.months().items()]
    return render("browse.html", title="Browse", overview=catalog.overview(), years=years,
                  origins=catalog.origins()[:20], tags=catalog.tags()[:30],
                  classifications=catalog.classifications())


@bp.get("/browse/year")
def years() -> Response:
    found = catalog.months()
    rows = [(year, sum(months.values()), [(m, MONTHS[m], n) for m, n in months.items()])
            for year, months in found.items()]
    return render("browse_years.html", title="Cables by year", rows=rows)


@bp.get("/browse/year/<int(fixed_digits=4):year>")
def year(year: int) -> Response:
    months = catalog.months().get(year)
    if not months:
        raise NotFound(f"no cables dated {year}")
    buckets = [Bucket(f"{m:02d}", f"{MONTHS[m]} {year}", n) for m, n in months.items()]
    return render("browse_values.html", title=f"Cables of {year}", crumbs=[("Years", "/browse/year")],
                  buckets=buckets, base=f"/browse/year/{year}/", own_page=None, pager=None,
                  total=sum(months.values()), sortable=False)


@bp.get("/browse/year/<int(fixed_digits=4):year>/<int(fixed_digits=2):month>")
def month(year: int, month: int) -> Response:
    if not catalog.months().get(year, {}).get(month):
        raise NotFound(f"no cables dated {year}-{month:02d}")
    crumbs = [("Years", "/browse/year"), (str(year), f"/browse/year/{year}")]
    return cables_page(f"Cables of {MONTHS[month]} {year}", crumbs, catalog.month_members(year, month), "oldest first")


@bp.get("/browse/<any(origin, tag, classification):facet>")
def values(facet: str) -> Response:
    title, _, own_page = FACETS[facet]
    buckets = sort_order(COUNTS[facet]())
    paging = pager(len(buckets), VALUES_PER_PAGE)
    return render("browse_values.html", headers=paging.link_header(), title=title, crumbs=[],
                  buckets=paging.slice(buckets), base=f"/browse/{facet}/", own_page=own_page, pager=paging,
                  total=sum(b.count for b in buckets), sortable=True)


@bp.get("/browse/<any(origin, tag, classification):facet>/<path:key>")
def facet_value(facet: str, key: str) -> Response:
    title, name, own_page = FACETS[facet]
    bucket = catalog.find(COUNTS[facet](), key)
    if bucket is None:
        raise NotFound(f"no cables with {name} {key}")
    heading = f"Cables with {name} {bucket.key}" + (f" ({bucket.label})" if bucket.label != bucket.key else "")
    about = f"{own_page}{segment(bucket.key)}" if own_page else None
    return cables_page(heading, [(title, f"/browse/{facet}")], catalog.members(facet, key),
                       "by cable ID (year, origin, serial number)", about)


def cables_page(heading: str, crumbs: list[tuple[str, str]], iris: list[str], order: str,
                about: str | None = None) -> Response:
    paging = pager(len(iris), CABLES_PER_PAGE)
    rows = catalog.describe(paging.slice(iris))
    return render("browse_cables.html", headers=paging.link_header(), title=heading, crumbs=crumbs, rows=rows,
                  pager=paging, about=about, order=order)
