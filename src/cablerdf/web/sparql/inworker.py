"""Queries evaluated in the web worker itself, where the server makes that safe.

Under gunicorn's sync workers (``cablerdf serve``'s default) a worker process serves one request at a
time, and the master replaces a worker that exits. There a query runs in a thread of the worker, on
the store the worker already has open: no second process holding its own store caches, no round
trip, no pickling. The request thread watches the same limits as
:class:`~cablerdf.web.sparql.executor.Executor`: the deadline and the memory the query adds. pyoxigraph
cannot cancel a query, so one stopped at a limit gets its clean 503 and the worker then exits, as soon
as that answer is written (:class:`Retire`), taking the query with it; the master starts a fresh
worker. Every other server (granian's threads, the development server, a test client) keeps the
query process of :mod:`~cablerdf.web.sparql.executor`.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

from cablerdf.store.backend import Backend
from cablerdf.web.sparql.executor import CHECK_EVERY, Refused, rss, stopped_at_deadline, stopped_at_memory
from cablerdf.web.sparql.worker import Answer, Failure, Job, run
from cablerdf.web.wsgitypes import Closable, StartResponse, WSGIApp

RETIRE = "cablerdf.retire"  # environ key: this worker exits once the response is written
ENABLED = "CABLERDF_QUERIES_IN_WORKER"  # "1": the server's workers may run queries themselves
log = logging.getLogger(__name__)


def allowed(environ: dict[str, Any]) -> bool:
    """Whether this request's worker may evaluate queries itself: the server said its workers serve one
    request at a time and are replaced when they exit (``cablerdf serve`` sets :data:`ENABLED` for
    gunicorn's sync workers; a deployment running ``gunicorn -k sync`` itself may set it too), and the
    request agrees (gunicorn, one thread)."""
    return (os.environ.get(ENABLED) == "1" and str(environ.get("SERVER_SOFTWARE", "")).startswith("gunicorn")
            and not environ.get("wsgi.multithread"))


class InWorker:
    """Runs jobs in this process's query thread, on ``backend``, under the deadline and memory limit."""

    def __init__(self, backend: Backend, environ: dict[str, Any]) -> None:
        self.backend, self.environ = backend, environ

    def run(self, job: Job, timeout: float, memory: int) -> Answer:
        start, deadline = rss(os.getpid()), time.monotonic() + timeout
        pending = thread().submit(self.backend, job)
        while True:
            outcome = pending.wait(min(max(deadline - time.monotonic(), 0.0), CHECK_EVERY))
            if isinstance(outcome, Failure):
                raise Refused(outcome.status, outcome.detail, outcome.extra)
            if outcome is not None:
                return outcome
            if time.monotonic() >= deadline:
                raise self.retire(stopped_at_deadline(timeout))
            if rss(os.getpid()) - start > memory:
                raise self.retire(stopped_at_memory(memory))

    def retire(self, refusal: Refused) -> Refused:
        """The refusal of a query that cannot be stopped: this worker goes once it has answered."""
        log.warning("%s; worker %d exits after answering and is replaced", refusal.detail, os.getpid())
        self.environ[RETIRE] = True
        return refusal


class Pending:
    """A job handed to the query thread, and its outcome once there (a bare lock, released by the
    query thread: the cheapest hand-over between two threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.lock.acquire()
        self.outcome: Answer | Failure | None = None

    def finish(self, outcome: Answer | Failure) -> None:
        self.outcome = outcome
        self.lock.release()

    def wait(self, seconds: float) -> Answer | Failure | None:
        if self.outcome is None and self.lock.acquire(timeout=seconds):
            self.lock.release()
        return self.outcome


class QueryThread:
    """One daemon thread per process that evaluates the jobs handed to it, one at a time."""

    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[tuple[Backend, Job, Pending]] = queue.SimpleQueue()
        threading.Thread(target=self.serve, name="cablerdf-query", daemon=True).start()

    def submit(self, backend: Backend, job: Job) -> Pending:
        pending = Pending()
        self.jobs.put((backend, job, pending))
        return pending

    def serve(self) -> None:
        while True:
            backend, job, pending = self.jobs.get()
            try:
                outcome: Answer | Failure = run(backend, job)
            except Exception as error:  # like a query process that dies: a 500, and the thread goes on
                log.exception("query evaluation failed")
                outcome = Failure(500, f"the query engine failed on this query: {type(error).__name__}")
            pending.finish(outcome)


_threads: dict[int, QueryThread] = {}
_lock = threading.Lock()


def thread() -> QueryThread:
    """This process's query thread (started on first use, so never before a fork)."""
    with _lock:
        found = _threads.get(os.getpid())
        if found is None:
            found = _threads[os.getpid()] = QueryThread()
        return found


class Retire:
    """WSGI middleware, outermost: a worker whose query was stopped at a limit exits once the
    server has written the answer and closed it (PEP 3333's ``close``), with the query still running."""

    def __init__(self, wsgi: WSGIApp) -> None:
        self.wsgi = wsgi

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        result = self.wsgi(environ, start_response)
        return Exiting(result) if environ.get(RETIRE) else result


class Exiting:
    def __init__(self, result: Iterable[bytes]) -> None:
        self.result = result

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.result)

    def close(self) -> None:
        try:
            if isinstance(self.result, Closable):
                self.result.close()
        finally:
            os._exit(0)
