#!/usr/bin/env python3
"""Start the cablerdf web front end: ``python serve.py [--store DIR] [--host H] [--port P] [--base URL]
[--workers N] [--server gunicorn|granian] [--debug]`` (the same options as ``cablerdf serve``)."""

from __future__ import annotations

import sys

from cablerdf.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["serve", *sys.argv[1:]]))
