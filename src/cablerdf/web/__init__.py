"""The Flask front end: ``create_app(config)`` builds the app over a store opened read-only.

One blueprint per URL family, each a module of :mod:`cablerdf.web.views` exposing ``bp`` (found at
start-up, like the CLI's commands). Shared pieces: :mod:`.context` (the store of this process, the
data version for ETags), :mod:`.negotiation` (Accept with q-values, ``?format=`` and extensions),
:mod:`.caching` (validators, 304s, ``Cache-Control``, the per-app caches and the response cache),
:mod:`.errors` (the one error shape). Links in pages are relative, so the site works behind a
reverse proxy; minted IRIs use the configured public base.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response

from cablerdf.iris import base_from
from cablerdf.store import store_location, store_path
from cablerdf.web import caching, errors, limits, settings
from cablerdf.web.links import relative
from cablerdf.web.sparql import inworker
from cablerdf.web.views import blueprints

EXPOSED = "ETag, Link, Content-Location, Retry-After, Last-Modified, Vary, X-Result-Truncated"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app. Config: ``STORE`` (directory), ``BASE`` (public base IRI), ``DUMPS`` (dump directory),
    ``RUNTIME`` (directory of the limits shared by worker processes), the limits of
    :mod:`cablerdf.web.settings`, ``MAX_CONTENT_LENGTH`` (request bodies, default 1 MiB)."""
    app = Flask(__name__)
    app.config.update(STORE=store_location(None), BASE=None, DUMPS=None, MAX_CONTENT_LENGTH=1 << 20,
                      RUNTIME=os.environ.get("CABLERDF_RUNTIME"))
    app.config.update(dict(config or {}))
    settings.apply(app.config, dict(config or {}))
    app.config["BASE"] = base_from(app.config["BASE"])
    app.config["STORE"] = store_location(app.config["STORE"])  # a directory or a remote endpoint's URL
    app.config["DUMPS"] = app.config["DUMPS"] or str(store_path(app.config["STORE"]) / "dumps")
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    for blueprint in blueprints():
        app.register_blueprint(blueprint)
    app.jinja_env.globals["rel"] = relative
    errors.register(app)
    app.after_request(cors)
    caching.init_app(app)  # the response cache sits behind the limits
    install_limits(app)
    app.wsgi_app = inworker.Retire(app.wsgi_app)  # type: ignore[method-assign]
    return app


def install_limits(app: Flask) -> None:
    """The shared query slots (used by ``/sparql``) and the per-client rate limit (in front of all)."""
    runtime = limits.runtime_directory(app.config["RUNTIME"], app.config["STORE"])
    app.extensions["cablerdf.slots"] = limits.Slots(runtime, app.config["MAX_QUERIES"], app.config["CLIENT_QUERIES"])
    app.wsgi_app = limits.BodyLimit(app.wsgi_app, int(app.config["MAX_CONTENT_LENGTH"]))  # type: ignore[method-assign]
    rate = float(app.config["RATE_LIMIT"])
    if rate > 0:
        buckets = limits.Buckets(runtime / "rates", rate, max(4 * rate, 1.0))
        app.wsgi_app = limits.RateLimit(app.wsgi_app, buckets)  # type: ignore[method-assign]


def cors(response: Response) -> Response:
    """CORS for a public read-only API: any origin, no credentials, our headers readable."""
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    response.headers.setdefault("Access-Control-Expose-Headers", EXPOSED)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")  # error texts echo what was sent
    return response
