"""Relative links for pages (so the site works under any prefix behind a reverse proxy)."""

from __future__ import annotations

from flask import request


def relative(target: str) -> str:
    """``/tag/PREL`` seen from ``/cable/09MEXICO2882.html`` -> ``../tag/PREL``."""
    depth = request.path.count("/") - 1
    path = target.lstrip("/")
    return ("../" * depth if depth > 0 else "./") + path
