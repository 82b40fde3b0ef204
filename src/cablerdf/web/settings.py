"""The server's limits: their config keys, defaults, environment variables and ``serve`` options.

Each limit is read from the app config, else from the environment (``CABLERDF_<KEY>``, which
``cablerdf serve`` sets from its options), else its default. 0 turns a limit off (except the
timeout and memory, which always hold).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Limit:
    key: str
    kind: type
    default: float | int
    option: str  # the ``cablerdf serve`` option
    help: str

    @property
    def env(self) -> str:
        return f"CABLERDF_{self.key}"


LIMITS = (
    Limit("QUERY_TIMEOUT", float, 30.0, "--query-timeout", "seconds a SPARQL query may run (default 30)"),
    Limit("MAX_ROWS", int, 100_000, "--max-rows", "solutions or triples per SPARQL answer (default 100000)"),
    Limit("QUERY_MEMORY", int, 1024, "--query-memory", "MiB a SPARQL query may use (default 1024)"),
    Limit("MAX_QUERIES", int, os.cpu_count() or 1, "--max-queries",
          "SPARQL queries running at once, more queue (default: cores)"),
    Limit("CLIENT_QUERIES", int, 2, "--client-queries", "SPARQL queries one client may run at once (default 2)"),
    Limit("RATE_LIMIT", float, 50.0, "--rate-limit", "requests per second per client, 0: off (default 50)"),
)


def apply(config: MutableMapping[str, Any], given: Mapping[str, Any]) -> None:
    """Fill each limit into ``config``: given, else from the environment, else the default."""
    for limit in LIMITS:
        value = given.get(limit.key, os.environ.get(limit.env))
        config[limit.key] = limit.kind(limit.default if value in (None, "") else value)
