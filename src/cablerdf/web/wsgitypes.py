"""The WSGI types (PEP 3333) the middlewares of :mod:`cablerdf.web` share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, runtime_checkable

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@runtime_checkable
class Closable(Protocol):
    """A response iterable with ``close``, which the server calls once the response is written."""

    def close(self) -> None: ...
