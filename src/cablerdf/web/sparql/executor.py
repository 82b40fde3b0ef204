"""Queries under a deadline: each web process hands its queries to one query worker process
(:mod:`cablerdf.web.sparql.worker`) and waits for the answer at most until the deadline.

A worker that passes the deadline, or whose memory passes the limit, is killed (``SIGKILL``) and a
fresh one is started at once, so the next query does not wait for it to load. A worker that dies
(a crash of the query engine) is replaced the same way. Everything is decided before the web
process writes a byte: the caller gets an answer, or :class:`Refused` for a clean error response.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection

from cablerdf.web.sparql.worker import Answer, Failure, Job

CHECK_EVERY = 0.05  # seconds between memory checks while a query runs
PAGE = os.sysconf("SC_PAGE_SIZE")


class Refused(Exception):
    """A query the executor stopped: a status, a message and headers for the error response."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or {}


class Executor:
    """One query worker of this process, over the store at ``database`` (a directory or an endpoint URL)."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.process: subprocess.Popen[bytes] | None = None
        self.connection: Connection | None = None
        self.recycled = 0  # workers killed or lost so far (for tests and logs)

    def start(self) -> None:
        """A fresh worker: ``python -m cablerdf.web.sparql.worker`` over one end of a socket pair (a
        plain subprocess, so that nothing of this process, its threads or its open store is inherited)."""
        ours, theirs = socket.socketpair()
        process = subprocess.Popen([sys.executable, "-m", "cablerdf.web.sparql.worker", str(theirs.fileno()),
                                    self.database], pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        theirs.close()
        self.process, self.connection = process, Connection(ours.detach())

    def run(self, job: Job, timeout: float, memory: int) -> Answer:
        """The worker's answer to ``job`` within ``timeout`` seconds and ``memory`` bytes of RSS."""
        if self.process is None or self.process.poll() is not None:
            self.recycle(kill=False)
        assert self.connection is not None and self.process is not None
        deadline = time.monotonic() + timeout
        try:
            self.connection.send(job)
        except OSError:  # the worker died since: once more with a fresh one
            self.recycle(kill=False)
            assert self.connection is not None and self.process is not None
            self.connection.send(job)
        outcome = self.wait(self.connection, self.process, deadline, memory, timeout)
        if isinstance(outcome, Failure):
            raise Refused(outcome.status, outcome.detail, outcome.extra)
        return outcome

    def wait(self, connection: Connection, process: subprocess.Popen[bytes], deadline: float, memory: int,
             timeout: float) -> Answer | Failure:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.recycle()
                raise stopped_at_deadline(timeout)
            try:
                if connection.poll(min(remaining, CHECK_EVERY)):
                    outcome: Answer | Failure = connection.recv()
                    return outcome
            except (EOFError, OSError):
                self.recycle(kill=False)
                raise Refused(500, "the query engine failed on this query and was restarted") from None
            if rss(process.pid) > memory:
                self.recycle()
                raise stopped_at_memory(memory)

    def recycle(self, kill: bool = True) -> None:
        """Kill the worker (if still running) and start a fresh one."""
        if self.process is not None:
            self.recycled += 1
            if kill and self.process.poll() is None:
                self.process.send_signal(signal.SIGKILL)
            self.process.wait(5)
        if self.connection is not None:
            self.connection.close()
        self.start()

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()  # the worker sees the end of its input and leaves
        if self.process is not None:
            try:
                self.process.wait(2)
            except subprocess.TimeoutExpired:
                self.process.kill()


def stopped_at_deadline(timeout: float) -> Refused:
    return Refused(503, f"the query did not finish within the limit of {timeout:g} s and was stopped; "
                        "narrow it (LIMIT, more specific patterns) or use the dumps", {"Retry-After": "10"})


def stopped_at_memory(memory: int) -> Refused:
    return Refused(503, f"the query needed more than {memory >> 20} MiB of memory, the limit, and was stopped; "
                        "narrow it (LIMIT, more specific patterns) or use the dumps", {"Retry-After": "10"})


def rss(pid: int) -> int:
    """The resident memory of a process, in bytes (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


_idle: dict[tuple[int, str], list[Executor]] = {}
_lock = threading.Lock()


@contextlib.contextmanager
def borrowed(database: str) -> Iterator[Executor]:
    """An idle executor of this process for a store database, or a new one (so that a threaded server
    runs one query per worker process at a time; a fork gets its own)."""
    key = (os.getpid(), database)
    with _lock:
        idle = _idle.setdefault(key, [])
        found = idle.pop() if idle else None
    if found is None:
        found = Executor(database)
        found.start()
    try:
        yield found
    finally:
        with _lock:
            _idle[key].append(found)
