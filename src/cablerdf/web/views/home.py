"""``/``: what the dataset is, its counts, and the ways in (browse, search, query, dumps, VoID, SPARQL)."""

from __future__ import annotations

from flask import Blueprint, Response

from cablerdf.web import catalog, dataset
from cablerdf.web.pages import render

bp = Blueprint("home", __name__)


@bp.get("/")
def home() -> Response:
    return render("home.html", title="Cablegate cables as linked data", overview=catalog.overview(),
                  base=dataset.minter().base, modified=dataset.version().modified)
