"""The WSGI app for production servers: ``gunicorn cablerdf.web.wsgi:app`` (or granian).

Configured by the environment: ``CABLERDF_STORE``, ``CABLERDF_BASE`` (``cablerdf serve`` sets them).
"""

from __future__ import annotations

from cablerdf.web import create_app

app = create_app()
