"""Copy one store into another: an embedded store pushed to a remote one, or the reverse.

What ``cablerdf copy`` does. The destination ends up holding what the source holds:

- every cable graph the destination lacks, or holds with another content hash, is written whole, in
  one request or transaction per cable (``replace_graph``), so a reader never sees half a cable;
- cable graphs whose hash is the same on both sides are skipped (a second run copies only changes);
- cable graphs the source no longer has are removed from the destination;
- the other graphs (vocabulary, run metadata) are replaced whole;
- the search index is the source's, copied when it has one (SQLite's backup), then brought in step
  with the destination, so 250,000 cables are not read back over the network to be indexed again.

Nothing is parsed, mapped or validated again: the source's graphs were validated when they were
ingested. Writes to a remote store go out ``jobs`` at a time; an error stops the run with what was
written kept, and running it again resumes.
"""

from __future__ import annotations

import concurrent.futures as cf
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pyoxigraph import NamedNode, Quad

from cablerdf.store import CableStore
from cablerdf.store.search import IndexReport, index_path, update_index


@dataclass
class CopyReport:
    copied: int = 0
    unchanged: int = 0
    removed: int = 0
    other_graphs: int = 0
    index: IndexReport | None = None

    def summary(self) -> str:
        return (f"{self.copied:,} cable graphs copied, {self.unchanged:,} unchanged, {self.removed:,} removed; "
                f"{self.other_graphs:,} other graphs replaced")


def copy_store(source: CableStore, dest: CableStore, jobs: int = 2,
               step: Callable[[], None] = lambda: None) -> CopyReport:
    """Make ``dest`` hold what ``source`` holds (see the module); ``step`` is called per cable graph."""
    report = CopyReport()
    theirs, ours = source.stored_hashes(), dest.stored_hashes()
    cables = {g.value for g in source.cable_graphs()}
    with cf.ThreadPoolExecutor(max(1, jobs)) as pool:
        pending: set[cf.Future[None]] = set()
        for graph in sorted(cables):
            if graph in ours and ours[graph] == theirs.get(graph):
                report.unchanged += 1
                step()
                continue
            pending.add(pool.submit(dest.replace_graph, graph, graph_quads(source, graph)))
            report.copied += 1
            if len(pending) >= 4 * max(1, jobs):
                pending = settle(pending, step)
        settle(pending, step, wait_all=True)
    for node in list(dest.cable_graphs()):
        if node.value not in cables:
            dest.store.remove_graph(node)
            report.removed += 1
    for other in source.store.named_graphs():
        if isinstance(other, NamedNode) and other.value not in cables:
            dest.replace_graph(other.value, graph_quads(source, other.value))
            report.other_graphs += 1
    dest.flush()
    copy_index(index_path(source.path), index_path(dest.path))
    report.index = update_index(dest)
    return report


def graph_quads(store: CableStore, graph: str) -> list[Quad]:
    return list(store.store.quads_for_pattern(None, None, None, NamedNode(graph)))


def settle(pending: set[cf.Future[None]], step: Callable[[], None],
           wait_all: bool = False) -> set[cf.Future[None]]:
    """Wait for some (or all) writes; the first failure is raised, the rest already written stay."""
    done, rest = cf.wait(pending, return_when=cf.ALL_COMPLETED if wait_all else cf.FIRST_COMPLETED)
    for future in done:
        future.result()
        step()
    return rest


def copy_index(source: Path, dest: Path) -> None:
    """The source's search index as the destination's, written beside it and renamed into place."""
    if not source.is_file() or source.resolve() == dest.resolve():
        return
    tmp = dest.with_name(f".{dest.name}.copy")
    tmp.unlink(missing_ok=True)
    with sqlite3.connect(f"file:{quote(str(source))}?mode=ro", uri=True) as reader, sqlite3.connect(tmp) as writer:
        reader.backup(writer)
    reader.close()
    writer.close()
    tmp.replace(dest)
