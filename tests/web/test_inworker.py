"""Queries evaluated by gunicorn's sync workers themselves (:mod:`cablerdf.web.sparql.inworker`), on a
real ``cablerdf serve``: no query process is started; a query stopped at its deadline or at its memory
limit gets its clean 503, then its worker exits and the master replaces it, and the server goes on
answering.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sparql_endpoint import ask

from servers import cablerdf_serve

DEADLINE = 2.0
MEMORY_MB = 150
SIMPLE = "SELECT ?cable ?title WHERE {{ ?cable a cg:Cable ; dcterms:title ?title }} LIMIT {n}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    folder = tmp_path_factory.mktemp("inworker")
    options = ("--workers", "2", "--query-timeout", str(DEADLINE), "--query-memory", str(MEMORY_MB),
               "--rate-limit", "0", "--client-queries", "0")
    with cablerdf_serve(folder / "store", folder, *options, env={"CABLERDF_RUNTIME": str(folder / "run")}) as served:
        base, process = served
        yield int(base.rstrip("/").rsplit(":", 1)[1]), process


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def command(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def workers(master: int) -> set[int]:
    """gunicorn's worker processes (the master's children that run the app)."""
    return {pid for pid in children(master) if "cablerdf" in command(pid)}


def replaced(master: int, before: set[int], seconds: float = 30) -> set[int]:
    """The workers once one of ``before`` has gone and the master has started as many again."""
    limit = time.monotonic() + seconds
    while time.monotonic() < limit:
        now = workers(master)
        if now != before and len(now) == len(before):
            return now
        time.sleep(0.1)
    raise AssertionError(f"no worker of {sorted(before)} was replaced within {seconds} s")


def test_queries_run_in_the_workers_without_query_processes(server: tuple[int, subprocess.Popen[bytes]]) -> None:
    port, process = server
    for n in range(1, 9):
        reply = ask(port, SIMPLE.format(n=n))
        assert reply.status == 200 and len(json.loads(reply.body)["results"]["bindings"]) >= 1
    grandchildren = {g for pid in workers(process.pid) for g in children(pid)}
    assert not [command(g) for g in grandchildren if "sparql.worker" in command(g)]


@pytest.mark.parametrize(("query", "reason"), [
    ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", "s and was stopped"),
    ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i", "MiB of memory"),
])
def test_a_query_stopped_at_a_limit_retires_its_worker(server: tuple[int, subprocess.Popen[bytes]], query: str,
                                                       reason: str) -> None:
    port, process = server
    ask(port, SIMPLE.format(n=1))
    before = workers(process.pid)
    assert len(before) == 2
    reply = ask(port, query)
    assert reply.status == 503 and reply.seconds < DEADLINE + 2, (reply.status, reply.seconds, reply.body[:200])
    assert reason in reply.body.decode() and int(reply.headers["retry-after"]) > 0
    after = replaced(process.pid, before)
    assert len(before - after) == 1  # the one worker that ran it, and only that one
    assert ask(port, SIMPLE.format(n=2)).status == 200
    assert process.poll() is None
