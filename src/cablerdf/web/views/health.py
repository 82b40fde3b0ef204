"""``/healthz``: 200 when the store opens and answers, 503 otherwise."""

from __future__ import annotations

from flask import Blueprint, Response

from cablerdf.web import dataset
from cablerdf.web.errors import problem

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    try:
        dataset.reader().ping()
    except OSError as error:
        return problem(503, f"store unavailable: {error}")
    return Response("ok\n", content_type="text/plain; charset=utf-8", headers={"Cache-Control": "no-store"})
