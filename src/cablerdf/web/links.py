"""Relative links for pages (so the site works under any prefix behind a reverse proxy), and which
links a page may carry at all."""

from __future__ import annotations

from flask import request

WEB_SCHEMES = ("http:", "https:", "ftp:", "mailto:")


def relative(target: str) -> str:
    """``/tag/PREL`` seen from ``/cable/09MEXICO2882.html`` -> ``../tag/PREL``."""
    depth = request.path.count("/") - 1
    path = target.lstrip("/")
    return ("../" * depth if depth > 0 else "./") + path


def linkable(href: str | None) -> bool:
    """Whether ``href`` may become a link in a page: our relative links and web IRIs, never an IRI
    such as ``javascript:…`` or ``data:…`` that a browser would run or render in the page's origin."""
    if not href:
        return False
    return href.startswith(("./", "../", "#")) or href[:7].lower().startswith(WEB_SCHEMES)
