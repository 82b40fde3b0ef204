"""``/sparql``: the SPARQL 1.1 Protocol endpoint (query only, read-only) and its service description.

- ``GET``/``HEAD``/``POST`` run a query (:mod:`cablerdf.web.sparql.protocol`); the result format is
  negotiated per query form (``?format=`` first, then Accept with q-values); browsers get an HTML table.
- ``GET``/``HEAD`` without a query: the service description in RDF, or a 303 to the query page for
  browsers.
- ``OPTIONS``: the CORS preflight answer; other methods: 405 with ``Allow``.
- The status is decided before the first byte: the query is evaluated and serialised by this worker
  (gunicorn's sync workers: :mod:`cablerdf.web.sparql.inworker`) or by its query process
  (:mod:`cablerdf.web.sparql.executor`) under the deadline
  (``QUERY_TIMEOUT``, lowered by a ``timeout=`` parameter), the memory limit and the row cap
  (``MAX_ROWS``: a capped answer is a whole document with ``X-Result-Truncated: rows=N``), holding a
  query slot of the server's and one of the client's (:mod:`cablerdf.web.limits`). A query stopped at
  a limit gets 503 with ``Retry-After``; a client over its query count 429.
  GET answers carry a weak ``ETag`` (data version, query string,
  Accept) and ``Last-Modified``, and a conditional GET is answered 304 without running the query.

Configuration: ``SPARQL_FEDERATION`` (allow ``SERVICE``; default off: a public endpoint should not
fetch arbitrary URLs), ``SPARQL_MAX_AGE`` (``Cache-Control`` of GET answers, seconds; default 300),
``SPARQL_HTML_ROWS`` (rows of the HTML table; default 1000), ``SPARQL_CACHE_BYTES`` (GET answers up to
this size are replayed from memory by the app's response cache until the data changes; default
1 MiB, 0 turns it off).
"""

from __future__ import annotations

import contextlib
import functools
from contextlib import AbstractContextManager
from dataclasses import replace
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request

from cablerdf.web import caching, dataset
from cablerdf.web.caching import Validators
from cablerdf.web.errors import problem
from cablerdf.web.limits import Busy, Slots, client_key
from cablerdf.web.links import relative
from cablerdf.web.negotiation import content_type, from_name, media_type, negotiate
from cablerdf.web.sparql import description, executor, inworker, protocol, results
from cablerdf.web.sparql.executor import Executor, Refused
from cablerdf.web.sparql.inworker import InWorker
from cablerdf.web.sparql.protocol import Operation, ProtocolError
from cablerdf.web.sparql.results import Offer
from cablerdf.web.sparql.worker import Answer, Job

bp = Blueprint("sparql", __name__)
ALLOW = "GET, HEAD, POST, OPTIONS"
METHODS = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH", "QUERY", "TRACE"]
PREFLIGHT_HEADERS = "Accept, Content-Type, If-None-Match, If-Modified-Since"
QUEUE_WAIT = 10.0  # seconds a query may wait for a free query slot before a 503
UNCAPPED = 1 << 62


@bp.route("/sparql", methods=METHODS, provide_automatic_options=False)
def endpoint() -> Response:
    if request.method == "OPTIONS":
        return preflight()
    if request.method not in ("GET", "HEAD", "POST"):
        return problem(405, f"{request.method} is not supported by the SPARQL endpoint; use {ALLOW}",
                       {"Allow": ALLOW})
    try:
        operation = protocol.read_operation()
        return service_description() if operation is None else answer(operation)
    except ProtocolError as error:
        return problem(error.status, error.detail)


def answer(operation: Operation) -> Response:
    """Run the query in this process's query worker and answer in the negotiated format (or 304,
    406, or the clean error of a query stopped at a limit)."""
    cache = validators() if request.method != "POST" and not operation.volatile else None
    if cache is not None and cache.fresh():
        return not_modified(cache)
    job = Job(operation, endpoint_iri(), {offer.form: choose(offer) for offer in results.OFFERS},
              int(current_app.config["MAX_ROWS"]) or UNCAPPED, int(current_app.config.get("SPARQL_HTML_ROWS", 1000)),
              federation())
    try:
        outcome = execute(job)
    except (Refused, Busy) as error:
        return problem(error.status, error.detail, error.headers)
    if outcome.name is None:
        return not_acceptable(results.OFFER_OF[outcome.form])
    body = html(outcome, operation) if outcome.table is not None else outcome.body
    remember(cache, len(body))
    response = finish(Response(body, content_type=content_type(outcome.name)), cache)
    if outcome.truncated:
        response.headers["X-Result-Truncated"] = f"rows={outcome.rows}"
    return response


def execute(job: Job) -> Answer:
    """The job's answer from the query worker, within the deadline, a query slot of the server's and
    one of the client's (:mod:`cablerdf.web.limits`)."""
    config = current_app.config
    timeout = min(float(config["QUERY_TIMEOUT"]), job.operation.timeout or float("inf"))
    slots: Slots = current_app.extensions["cablerdf.slots"]
    with slots.hold(client_key(request.environ), wait=min(timeout, QUEUE_WAIT)), runner() as chosen:
        return chosen.run(job, timeout, int(config["QUERY_MEMORY"]) << 20)


def runner() -> AbstractContextManager[InWorker | Executor]:
    """This worker itself where the server allows (:mod:`cablerdf.web.sparql.inworker`), else this
    process's query process."""
    reader = dataset.reader()
    if inworker.allowed(request.environ):
        return contextlib.nullcontext(InWorker(reader.backend, request.environ))
    return executor.borrowed(reader.location)  # a directory, or a remote endpoint's URL


def service_description() -> Response:
    """The service description in RDF; browsers are sent to the query page."""
    name = choose(results.DOCUMENT)
    if name is None:
        return not_acceptable(results.DOCUMENT)
    if name == "html":
        target = relative("/query")
        return Response(f"See {target}\n", 303, {"Location": target, "Vary": "Accept"},
                        content_type="text/plain; charset=utf-8")
    cache = validators()
    if cache.fresh():
        return not_modified(cache)
    stats = dataset.statistics()
    body = description.document(current_app.config["BASE"], stats, name, federation())
    remember(cache, len(body))
    response = finish(Response(body, content_type=content_type(name)), cache)
    response.headers["Link"] = ", ".join(
        f'<sparql?format={other}>; rel="alternate"; type="{media_type(other)}"'
        for other in results.DOCUMENT.formats if other not in ("html", name))
    return response


def endpoint_iri() -> str:
    """The public IRI of the endpoint: also the base IRI of queries (relative IRIs resolve against it)."""
    return str(current_app.config["BASE"]) + "sparql"


def federation() -> bool:
    return bool(current_app.config.get("SPARQL_FEDERATION", False))


def choose(offer: Offer) -> str | None:
    """``format`` (URL, or form body; the first usable value) else the Accept header."""
    params = request.values if request.method == "POST" and request.mimetype == protocol.FORM else request.args
    wanted = params.getlist("format")
    for value in wanted:
        key = value.strip().lower()
        chosen = from_name(offer.named(key), offer.formats)
        if chosen:
            return chosen
    return None if wanted else negotiated(offer.formats, request.headers.get("Accept"))


negotiated = functools.lru_cache(maxsize=1024)(negotiate)  # clients send few distinct Accept headers


def not_acceptable(offer: Offer) -> Response:
    return problem(406, f"no acceptable format for the answer to this {offer.form}; available: {offer.media_types()}")


def preflight() -> Response:
    """CORS preflight: any origin may send any query, including ``application/sparql-query`` POSTs."""
    response = Response(status=204)
    del response.headers["Content-Type"]
    response.headers.update({
        "Allow": ALLOW,
        "Access-Control-Allow-Methods": ALLOW,
        "Access-Control-Allow-Headers": request.headers.get("Access-Control-Request-Headers") or PREFLIGHT_HEADERS,
        "Access-Control-Max-Age": "86400",
        "Vary": "Access-Control-Request-Headers",
    })
    return response


# ---- caching -----------------------------------------------------------------------------------------


def validators() -> Validators:
    """The validators of a GET answer: it depends on the query string and the Accept header; the ETag
    is weak, since results with blank nodes are equivalent, not byte-identical."""
    return caching.validators(request.query_string.decode("latin-1"), request.headers.get("Accept", ""), weak=True)


def not_modified(cache: Validators) -> Response:
    return finish(Response(status=304), cache)


def finish(response: Response, cache: Validators | None) -> Response:
    """``Vary: Accept`` always; for GETs the validators and ``Cache-Control`` (``no-store`` for queries
    with ``NOW()``, ``RAND()``...)."""
    response.headers["Vary"] = "Accept"
    if cache is not None:
        response.headers.update(cache.headers())
        response.headers["Cache-Control"] = caching.sparql_cache_control()
    elif request.method != "POST":
        response.headers["Cache-Control"] = caching.NO_STORE
    return response


def remember(cache: Validators | None, size: int) -> None:
    """Let the app's response cache (:mod:`cablerdf.web.caching`) replay this GET answer until the
    data changes: answers depend only on the data version, the URL and Accept. Large answers and
    volatile queries are not kept; ``SPARQL_CACHE_BYTES`` (default 1 MiB, 0: never) is the limit."""
    limit = int(current_app.config.get("SPARQL_CACHE_BYTES", 1 << 20))
    if cache is not None and request.method == "GET" and size <= limit:
        caching.allow_replay(True, cache)


# ---- HTML ----------------------------------------------------------------------------------------------


def html(outcome: Answer, operation: Operation) -> str:
    """The result as an escaped HTML table, with links to edit the query and to the other formats."""
    assert outcome.table is not None
    table = replace(outcome.table, rows=[[replace(c, href=link(c.href)) if c.href else c for c in row]
                                         for row in outcome.table.rows])
    dataset = [*(("default-graph-uri", g) for g in operation.default_graphs),
               *(("named-graph-uri", g) for g in operation.named_graphs)]
    offer = results.OFFER_OF[outcome.form]
    downloads = [(name.upper(), relative("/sparql") + "?" + urlencode([("query", operation.query), *dataset,
                                                                         ("format", name)]))
                 for name in offer.formats if name != "html"]
    return render_template("sparql_results.html", table=table, query=operation.query, form=offer.form,
                           limit=len(table.rows) if table.truncated else 0, downloads=downloads,
                           edit=relative("/query") + "?" + urlencode({"query": operation.query}))


def link(iri: str) -> str:
    """An IRI's link in a page: relative for ours (the site may sit behind a proxy), else the IRI."""
    base = str(current_app.config["BASE"])
    return relative("/" + iri[len(base):]) if iri.startswith(base) else iri
