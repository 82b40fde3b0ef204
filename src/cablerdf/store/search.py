"""Full-text search over cable subjects and paragraph text: an SQLite FTS5 index beside the store.

The index (``<store>/search.sqlite``) holds one row per cable (ID, graph, content hash, date,
subject, origin, and the range of its passages' row numbers) and, in one FTS5 table, one passage
per subject, per paragraph (its heading and text, the repaired text where the parser repaired it)
and, for a cable without numbered paragraphs, its body. A cable's passages have consecutive row
numbers, so dropping a cable is one range delete.

:func:`update_index` runs at the end of every ingest: it reads the content hashes of the cable
graphs (``cg:contentSha256``), re-indexes the cables whose hash changed, adds new ones and drops
the ones no longer stored, all in one transaction; a missing or outdated index is built afresh
into a temporary file renamed into place. Readers (the web) open it read-only and see either the
old or the new index, never a half-written one.

User text becomes an FTS5 expression in :func:`cablerdf.store.search_syntax.fts_query`.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode

from cablerdf.store import PRIMARY_TOPIC, CableStore
from cablerdf.store.backend import Backend
from cablerdf.store.embedded import Embedded
from cablerdf.store.remote import RemoteStore
from cablerdf.store.search_syntax import SearchError, fts_query
from cablerdf.terms import CG, DCT, RDF, SCHEMA

__all__ = ["SearchError", "fts_query", "search", "update_index"]

INDEX_NAME = "search.sqlite"
SCHEMA_VERSION = "2"
OPEN, CLOSE = "\ue000", "\ue001"  # highlight markers in snippets (private-use, stripped from the text)
RANK_LIMIT = 100_000  # matches past which results come in index order, unranked
KINDS = ("subject", "paragraph", "body")

TITLE, CREATED, IDENTIFIER = DCT.title, DCT.created, DCT.identifier
TEXT, POSITION = SCHEMA.text, SCHEMA.position
ORIGIN, REPAIRED, HEADING = CG.originText, CG.repairedText, CG.heading
RDF_TYPE, PARAGRAPH = RDF.type, CG.Paragraph

SCHEMA_SQL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE cable(id TEXT PRIMARY KEY, graph TEXT NOT NULL UNIQUE, hash TEXT NOT NULL,
                   created TEXT, title TEXT, origin TEXT, first_row INTEGER NOT NULL, last_row INTEGER NOT NULL);
CREATE VIRTUAL TABLE passage USING fts5(cable UNINDEXED, position UNINDEXED, kind UNINDEXED, text,
                                        tokenize='porter unicode61 remove_diacritics 2');
"""


class IndexMissing(FileNotFoundError):
    """The store has no search index yet."""


@dataclass(frozen=True, slots=True)
class CableText:
    id: str
    graph: str
    hash: str
    created: str | None
    title: str | None
    origin: str | None
    passages: list[tuple[int, str, str]]  # (position, kind, text)


@dataclass(frozen=True, slots=True)
class IndexReport:
    added: int
    updated: int
    removed: int
    unchanged: int
    rebuilt: bool


@dataclass(frozen=True, slots=True)
class Hit:
    cable_id: str
    position: int
    kind: str
    snippet: str  # raw text with OPEN/CLOSE around matches; escape before inserting markup
    title: str | None
    created: str | None
    origin: str | None


@dataclass(frozen=True, slots=True)
class Results:
    total: int
    hits: list[Hit]
    ranked: bool = True  # False: too many matches to rank, in index order


def index_path(store_dir: str | Path) -> Path:
    return Path(store_dir) / INDEX_NAME


# ---- reading the store ------------------------------------------------------------------------------


def first_value(store: Backend, subject: NamedNode, predicate: NamedNode, graph: NamedNode) -> str | None:
    quad = store.first(subject, predicate, None, graph)
    return quad.object.value if quad is not None and isinstance(quad.object, Literal | NamedNode) else None


def clean(text: str) -> str:
    return text.replace(OPEN, "").replace(CLOSE, "")


def paragraph_passages(store: Backend, graph: NamedNode) -> list[tuple[int, str, str]]:
    passages = []
    for quad in store.quads_for_pattern(None, RDF_TYPE, PARAGRAPH, graph):
        node = quad.subject
        assert isinstance(node, NamedNode)
        position = first_value(store, node, POSITION, graph)
        text = first_value(store, node, REPAIRED, graph) or first_value(store, node, TEXT, graph) or ""
        heading = first_value(store, node, HEADING, graph)
        if position and position.isdigit():
            passages.append((int(position), "paragraph", clean(f"{heading}\n{text}" if heading else text)))
    return sorted(passages)


def read_cable(store: Backend, graph: NamedNode, digest: str) -> CableText | None:
    """The searchable text of one cable graph (None when the graph has no cable)."""
    topic = next(iter(store.quads_for_pattern(graph, PRIMARY_TOPIC, None, graph)), None)
    if topic is None or not isinstance(topic.object, NamedNode):
        return None
    cable = topic.object
    cable_id = first_value(store, cable, IDENTIFIER, graph)
    if not cable_id:
        return None
    title = first_value(store, cable, TITLE, graph)
    passages = paragraph_passages(store, graph)
    if not passages:
        body = first_value(store, cable, TEXT, graph)
        passages = [(0, "body", clean(body))] if body else []
    if title:
        passages.insert(0, (0, "subject", clean(title)))
    return CableText(cable_id, graph.value, digest, first_value(store, cable, CREATED, graph), title,
                     first_value(store, cable, ORIGIN, graph), passages)


def readable(store: Backend, graph: NamedNode) -> Backend:
    """Where to read one cable graph from: the store itself, or for a remote store an in-memory copy
    of the graph, fetched in one request instead of one request per field."""
    if not isinstance(store, RemoteStore):
        return store
    copy = Embedded()
    copy.extend(store.quads_for_pattern(None, None, None, graph))
    return copy


def cable_hashes(store: CableStore) -> dict[str, str]:
    """Every cable graph of the store and its content hash."""
    return {graph: digest for graph, digest in store.stored_hashes().items()
            if store.minter.cable_of_graph(graph) is not None}


# ---- writing the index ------------------------------------------------------------------------------


def connect_for_writing(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 30000")
    return connection


def usable(path: Path) -> bool:
    """An index file of this schema version (else it is rebuilt)."""
    if not path.is_file():
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == SCHEMA_VERSION


def remove_cable(connection: sqlite3.Connection, cable_id: str) -> None:
    row = connection.execute("SELECT first_row, last_row FROM cable WHERE id = ?", (cable_id,)).fetchone()
    if row is not None:
        connection.execute("DELETE FROM passage WHERE rowid BETWEEN ? AND ?", row)
        connection.execute("DELETE FROM cable WHERE id = ?", (cable_id,))


def add_cable(connection: sqlite3.Connection, cable: CableText, first: int) -> int:
    """Index one cable, its passages numbered from ``first``; the next free row number."""
    rows = [(first + i, cable.id, position, kind, text) for i, (position, kind, text) in enumerate(cable.passages)]
    connection.execute("INSERT INTO cable(id, graph, hash, created, title, origin, first_row, last_row) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (cable.id, cable.graph, cable.hash, cable.created,
                                                          cable.title, cable.origin, first, first + len(rows) - 1))
    connection.executemany("INSERT INTO passage(rowid, cable, position, kind, text) VALUES (?, ?, ?, ?, ?)", rows)
    return first + len(rows)


def read_ahead(store: CableStore, todo: list[tuple[str, str]]) -> Iterator[CableText | None]:
    """``read_cable`` of each (graph, hash), in a second thread: reading the store (Python) overlaps
    with indexing (SQLite, which releases the GIL). Errors of the reader are raised here."""
    pipe: queue.Queue[CableText | BaseException | None] = queue.Queue(maxsize=256)
    stop = threading.Event()

    def produce() -> None:
        try:
            for graph, digest in todo:
                if stop.is_set():
                    return
                pipe.put(read_cable(readable(store.store, NamedNode(graph)), NamedNode(graph), digest))
        except BaseException as error:  # handed to the consumer
            pipe.put(error)

    thread = threading.Thread(target=produce, name="search-index-reader", daemon=True)
    thread.start()
    try:
        for _ in todo:
            item = pipe.get()
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # unblock a reader waiting on a full queue
            with contextlib.suppress(queue.Empty):
                pipe.get(timeout=0.05)


def indexed_cables(connection: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """graph -> (cable ID, content hash) of the indexed cables."""
    return {graph: (cable_id, digest) for cable_id, graph, digest in
            connection.execute("SELECT id, graph, hash FROM cable")}


def apply_changes(connection: sqlite3.Connection, store: CableStore, current: dict[str, str],
                  indexed: dict[str, tuple[str, str]]) -> IndexReport:
    """Bring the index in step with ``current`` (graph -> hash) inside the caller's transaction."""
    removed = [cable_id for graph, (cable_id, _) in indexed.items() if graph not in current]
    todo = [(graph, digest) for graph, digest in current.items() if indexed.get(graph, ("", ""))[1] != digest]
    for cable_id in removed + [indexed[graph][0] for graph, _ in todo if graph in indexed]:
        remove_cable(connection, cable_id)
    next_row = int(connection.execute("SELECT coalesce(max(last_row), 0) + 1 FROM cable").fetchone()[0])
    for cable in read_ahead(store, todo):
        if cable is not None:
            remove_cable(connection, cable.id)  # the same ID in another graph
            next_row = add_cable(connection, cable, next_row)
    updated = sum(1 for graph, _ in todo if graph in indexed)
    return IndexReport(len(todo) - updated, updated, len(removed), len(current) - len(todo), rebuilt=False)


def changes(indexed: dict[str, tuple[str, str]], current: dict[str, str]) -> int:
    return sum(1 for graph, digest in current.items() if indexed.get(graph, ("", ""))[1] != digest) + \
        sum(1 for graph in indexed if graph not in current)


def build_fresh(store: CableStore, path: Path, current: dict[str, str]) -> IndexReport:
    """A new index in a temporary file, renamed over ``path`` when complete."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        with contextlib.closing(connect_for_writing(tmp)) as connection:
            report = fill(connection, store, current)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a failed build (a full disk) leaves no large half-written file
        raise
    os.replace(tmp, path)
    return IndexReport(report.added, 0, 0, 0, rebuilt=True)


def fill(connection: sqlite3.Connection, store: CableStore, current: dict[str, str]) -> IndexReport:
    """Create the schema and index every cable of ``current`` in a new database."""
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA cache_size = -131072")  # 128 MiB for the FTS segments being built
    connection.executescript(SCHEMA_SQL)
    connection.execute("BEGIN")
    connection.execute("INSERT INTO meta(key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
    report = apply_changes(connection, store, current, {})
    connection.execute("INSERT INTO passage(passage) VALUES ('optimize')")
    connection.execute("COMMIT")
    return report


def update_index(store: CableStore, path: Path | None = None) -> IndexReport:
    """Bring the store's search index in step with its cable graphs, atomically.

    Few changes are applied in one transaction; a missing or outdated index, or one where more than
    a quarter of the cables changed, is built afresh beside it and renamed into place (a long write
    transaction would hold readers off while SQLite spills its cache)."""
    path = path or index_path(store.path)
    current = cable_hashes(store)
    if usable(path):
        with contextlib.closing(connect_for_writing(path)) as connection:
            connection.execute("PRAGMA cache_size = -131072")
            connection.execute("BEGIN IMMEDIATE")
            indexed = indexed_cables(connection)
            if changes(indexed, current) <= max(1000, len(indexed) // 4):
                try:
                    report = apply_changes(connection, store, current, indexed)
                except BaseException:
                    if connection.in_transaction:  # SQLite may have rolled back already (a full disk)
                        connection.execute("ROLLBACK")
                    raise
                connection.execute("COMMIT")
                return report
            connection.execute("ROLLBACK")
    return build_fresh(store, path, current)


# ---- searching --------------------------------------------------------------------------------------

class SearchTimeout(Exception):
    """A search stopped at its deadline."""


def open_index(path: Path) -> sqlite3.Connection:
    """The index, read-only (IndexMissing when it has not been built)."""
    if not path.is_file():
        raise IndexMissing(f"no search index at {path}")
    connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    connection.execute("PRAGMA busy_timeout = 5000")
    return connection


def kind_filter(kinds: tuple[str, ...]) -> tuple[str, list[str]]:
    if not kinds or set(kinds) >= set(KINDS):
        return "", []
    return f" AND passage.kind IN ({', '.join('?' * len(kinds))})", list(kinds)


def search(path: Path, text: str, kinds: tuple[str, ...] = (), limit: int = 20, offset: int = 0,
           tokens: int = 24, timeout: float | None = None) -> Results:
    """Passages matching the user's text with snippets, best first (bm25) unless more than
    RANK_LIMIT match (then in index order: ranking them all would take seconds); SearchError on bad input,
    SearchTimeout when it takes more than ``timeout`` seconds (SQLite interrupts itself)."""
    expression = fts_query(text)
    where, params = kind_filter(kinds)
    with contextlib.closing(open_index(path)) as connection:
        end = time.monotonic() + (timeout if timeout is not None else float("inf"))
        if timeout is not None:
            connection.set_progress_handler(lambda: time.monotonic() > end, 1_000)
        try:
            total = int(connection.execute(f"SELECT count(*) FROM passage WHERE passage MATCH ?{where}",
                                           [expression, *params]).fetchone()[0])
            ranked = total <= RANK_LIMIT
            if timeout is not None and time.monotonic() > end:  # (FTS5's own work cannot be interrupted)
                raise sqlite3.OperationalError("interrupted")
            rows = connection.execute(
                "SELECT cable, position, kind, snippet(passage, 3, ?, ?, '…', ?) FROM passage "
                f"WHERE passage MATCH ?{where} ORDER BY {'rank' if ranked else 'rowid'} LIMIT ? OFFSET ?",
                [OPEN, CLOSE, tokens, expression, *params, limit, offset]).fetchall()
        except sqlite3.OperationalError as error:
            if "interrupted" in str(error).lower():
                raise SearchTimeout(f"the search took more than {timeout:g} s and was stopped") from error
            if "fts5" in str(error).lower() or "syntax" in str(error).lower():
                raise SearchError(f"the search could not be read: {error}") from error
            raise
        cables = cable_rows(connection, {row[0] for row in rows})
    hits = [Hit(cable, int(position), kind, snippet, *cables.get(cable, (None, None, None)))
            for cable, position, kind, snippet in rows]
    return Results(total, hits, ranked)


def cable_rows(connection: sqlite3.Connection, ids: set[str]) -> dict[str, tuple[str | None, str | None, str | None]]:
    """id -> (subject, date, origin) of the given cables."""
    marks = ", ".join("?" * len(ids))
    found = connection.execute(f"SELECT id, title, created, origin FROM cable WHERE id IN ({marks})", sorted(ids))
    return {row[0]: (row[1], row[2], row[3]) for row in found}
