"""Documents rendered once, read by every worker: ``rendered.sqlite`` beside the store.

``cablerdf render`` asks the app itself for every cable's documents (``/cable/{ID}.ttl``, ``.jsonld``,
``.nt``, ``.rdf``, ``.html``), through the same code and the same response cache as a client would, and
keeps each final response (status, headers, and the body compressed with zlib, about 3.4 times smaller)
in one SQLite file, written aside and renamed into place. The file names the data version, the base
and the cablerdf version it was rendered for; a server uses it only while all three are its own, so an
ingest or a dump run (which change the data version) or an upgrade makes it unused until it is
rendered again: nothing stale is served. Rendering never reads an earlier file. A cold
document then costs one indexed read instead of a description read from the store and rendered.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from cablerdf import __version__
from cablerdf.iris import segment
from cablerdf.progress import Progress
from cablerdf.web import dataset

NAME = "rendered.sqlite"
FORMATS = ("ttl", "jsonld", "nt", "rdf", "html")  # the documents of a cable
SCHEMA = ("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
          "CREATE TABLE documents (path TEXT PRIMARY KEY, status TEXT NOT NULL, headers TEXT NOT NULL, "
          "body BLOB NOT NULL) WITHOUT ROWID;")
Row = tuple[str, list[tuple[str, str]], bytes]  # status, headers, body
Document = tuple[str, str, str, bytes]  # path, status, headers (JSON), body (zlib)


def path_for_app() -> Path:
    """The file beside the current app's store."""
    return dataset.reader().path / NAME


@dataclass(frozen=True)
class Plan:
    """What ``cablerdf render`` writes: the file, the data version and base it is for, the cables."""

    target: Path
    version: str
    base: str
    cable_ids: list[str]


def plan(app: Flask) -> Plan:
    with app.app_context():
        return Plan(path_for_app(), dataset.version().tag, str(app.config["BASE"]), dataset.reader().cable_ids())


def write(plan: Plan, batches: Iterable[list[Document]], quiet: bool = False) -> int:
    """Write the documents of ``batches`` (one list per cable) into ``plan.target``, aside then renamed
    into place; the number written."""
    temporary = plan.target.with_name(f".{NAME}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    progress, written = Progress("rendered", quiet), 0
    with contextlib.closing(sqlite3.connect(temporary)) as db, db:  # closed, and committed first
        db.executescript(SCHEMA)
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("version", plan.version), ("base", plan.base),
                                                          ("cablerdf", __version__)])
        for rows in batches:
            db.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?)", rows)
            written += len(rows)
            progress.step(failed=len(rows) < len(FORMATS))
    progress.close()
    os.replace(temporary, plan.target)
    return written


def documents(client: FlaskClient, cable_id: str) -> list[Document]:
    """``(path, status, headers, body)`` of each 200 document of one cable, as the app answers it."""
    found = []
    for fmt in FORMATS:
        path = f"/cable/{segment(cable_id)}.{fmt}"
        response = client.get(path)
        if response.status_code == 200:
            headers = list(response.headers.items())
            found.append((path, response.status, json.dumps(headers), zlib.compress(response.get_data(), 6)))
    return found


class Prerendered:
    """The documents of ``rendered.sqlite`` for one process, while they are of the data it serves."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.local = threading.local()  # one connection per thread (sqlite3 connections are not shared)
        # decided once per process, when the dataset is opened; never for ``cablerdf render`` itself
        self.usable: bool | None = None if app.config.get("USE_RENDERED", True) else False

    def get(self, path: str) -> Row | None:
        db = self.connection()
        if db is None:
            return None
        found = db.execute("SELECT status, headers, body FROM documents WHERE path = ?", (path,)).fetchone()
        if found is None:
            return None
        return found[0], [(str(k), str(v)) for k, v in json.loads(found[1])], zlib.decompress(found[2])

    def connection(self) -> sqlite3.Connection | None:
        db: sqlite3.Connection | None = vars(self.local).get("db")
        if db is None and self.usable is not False:
            db = self.open()
            self.local.db = db
        return db

    def open(self) -> sqlite3.Connection | None:
        """A read-only connection, if the file is of this process's data version and base."""
        with self.app.app_context():
            path, version, base = path_for_app(), dataset.version().tag, str(self.app.config["BASE"])
        if not path.is_file():
            self.usable = False
            return None
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        self.usable = (meta.get("version"), meta.get("base"), meta.get("cablerdf")) == (version, base, __version__)
        if not self.usable:
            db.close()
            return None
        return db
