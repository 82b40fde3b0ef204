"""Mixed load with wrk on the cablerdf front end and on ``oxigraph serve-read-only``; RSS before and after.

Run: ``python bench/load.py [--store DIR] [--duration 60] [--connections 64] [--threads 2] [--workers N]
[--runs 1] [--no-write]`` (not in CI; the store is bench/serve.py's; a store without a search index gets
one). Writes the "## load" section of BENCHMARKS.md (with ``--workers N``: "## load, N workers") unless
``--no-write``. Needs ``wrk`` (Debian) and
``oxigraph`` (PyPI). One Lua script sends 40 % pages ``/cable/{ID}.html``, 30 % Turtle ``/cable/{ID}.ttl``,
20 % SELECTs by GET ``/sparql`` (one-subject 10 %, per-year count of one post's cables 5 %, one tag's
cables 5 %), 10 % searches ``/search?q=``, each kind rotating over its own shuffled list (every cable,
post, tag), each wrk thread from its own offset, on a fresh server per run. Oxigraph gets its part in
the same proportions (Turtle as ``CONSTRUCT``, the same SELECTs); cablerdf runs that part too. cablerdf's
per-client limits are off (wrk is one client); the deadline, row and memory caps and query slots stay.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "src")]
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))

from pyoxigraph import QuerySolutions  # noqa: E402

from parse import machine, write_section  # noqa: E402
from serve import Server, cable_ids, construct_path, ensure_store, free_port, ms, oxigraph_server, wait_for  # noqa

PER_CLIENT_OFF = ("RATE_LIMIT", "CLIENT_QUERIES")  # cablerdf limits set to 0 (off) for the one wrk client
PREFIXES = "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX schema: <http://schema.org/> "
CABLE = PREFIXES + "SELECT DISTINCT ?x WHERE { ?c a <https://w3id.org/cablerdf/ns#Cable> ; "
SUBJECT = "SELECT ?p ?o WHERE { <$iri> ?p ?o }"
AGGREGATE = (PREFIXES + "SELECT ?year (COUNT(?c) AS ?n) WHERE { ?c schema:sender <$iri> ; dcterms:created ?d } "
             "GROUP BY (YEAR(?d) AS ?year) ORDER BY ?year")
TAG = PREFIXES + "SELECT ?c ?title WHERE { ?c dcterms:subject <$iri> ; dcterms:title ?title } LIMIT 50"
JSON = "application/sparql-results+json, application/json;q=0.9"  # application/json: errors as problem+json
HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
# 20 slots, interleaved: pages 8, Turtle 6, one-subject SELECTs 2, aggregates 1, tag lookups 1, searches 2
SCHEDULE = "page ttl subject page ttl search page ttl page aggregate tag page ttl page ttl subject page search ttl page"
SHAPES = {"text/html": "page/search", "text/plain": "Turtle", "application/problem+json": "SPARQL"}  # cablerdf's
LOG_SIGNS = ("Traceback", "[ERROR]", "[CRITICAL]")  # in gunicorn's and the app's output
FULL, PART = "pages 40 %, Turtle 30 %, SELECT 20 %, search 10 %", "Turtle 60 %, SELECT 40 %"

LUA = Template("""
local kinds, schedule, threads = {$kinds}, {$schedule}, {}
for _, k in ipairs(kinds) do k.paths = {}; for line in io.lines(k.file) do k.paths[#k.paths + 1] = line end end
function setup(thread) thread:set("id", #threads); threads[#threads + 1] = thread end
function init(args)
  step, sent, bad, cursor = 0, {}, {}, {}
  for i, k in ipairs(kinds) do sent[k.name], cursor[i] = 0, math.floor(#k.paths * id / $threads) end
end
function request()
  step = step % #schedule + 1
  local i, k = schedule[step], kinds[schedule[step]]
  cursor[i], sent[k.name] = cursor[i] % #k.paths + 1, sent[k.name] + 1
  return wrk.format("GET", k.paths[cursor[i]], {["Accept"] = k.accept})
end
function response(status, headers, body)
  if status < 200 or status > 399 then
    local key = status .. "|" .. ((headers["Content-Type"] or headers["content-type"] or "none"):gsub("%s*;.*", ""))
    bad[key] = (bad[key] or 0) + 1
  end
end
function done(summary, latency, requests)
  for _, name in ipairs({"sent", "bad"}) do
    local total = {}
    for _, t in ipairs(threads) do for key, n in pairs(t:get(name)) do total[key] = (total[key] or 0) + n end end
    for key, n in pairs(total) do io.write("load-", name, " ", key, " ", n, "\\n") end
  end
end
""")


@dataclass
class Kind:
    name: str
    accept: str
    paths: list[str]


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    socket: dict[str, int]
    non_2xx_3xx: int
    rss: list[dict[int, float]]  # MiB by process: before, during (every sixth of the run), after
    sent: dict[str, int] = field(default_factory=dict)
    bad: dict[str, int] = field(default_factory=dict)  # "status|content type": count
    log: dict[str, int] = field(default_factory=dict)  # LOG_SIGNS in the server's output: count


class Corpus(NamedTuple):
    base: str
    ids: list[str]
    posts: list[str]
    tags: list[str]
    words: list[str]


def read_corpus(store: Path) -> Corpus:
    from cablerdf.store import CableStore

    opened = CableStore(store, read_only=True)
    found = []
    for tail in ("schema:sender ?x }", "dcterms:subject ?x }", "dcterms:title ?x } LIMIT 5000"):
        solutions = opened.store.query(CABLE + tail, use_default_graph_as_union=True)
        assert isinstance(solutions, QuerySolutions)
        found.append(sorted({str(row[0].value) for row in solutions}))
    base = opened.minter.base
    del opened
    return Corpus(base, cable_ids(store), found[0], found[1], search_terms(found[2]))


def search_terms(titles: list[str]) -> list[str]:
    """Single words and neighbouring pairs of words (five letters or more) from the cables' subjects."""
    terms: set[str] = set()
    for title in titles:
        words = [w.lower() for w in re.findall(r"[A-Za-z]{5,}", title)]
        terms.update(words, (f"{a} {b}" for a, b in itertools.pairwise(words)))
    return sorted(terms)


def shuffled(items: list[str], seed: int) -> list[str]:
    items = list(items)
    random.Random(seed).shuffle(items)
    return items


def quoted(template: str, iri: str) -> str:
    return urllib.parse.quote(Template(template).substitute(iri=iri))


def kinds(corpus: Corpus, oxigraph: bool = False, part: bool = False) -> list[Kind]:
    """The requests of each kind, cablerdf's or Oxigraph's; ``part``: only what Oxigraph can serve."""
    base, ids = corpus.base, shuffled(corpus.ids, 1)
    sparql = "/query?query=" if oxigraph else "/sparql?query="
    documents = [construct_path(base, i) if oxigraph else f"/cable/{i}.ttl" for i in shuffled(corpus.ids, 2)]
    every = [
        Kind("page", HTML, [f"/cable/{i}.html" for i in ids]),
        Kind("ttl", "text/turtle", documents),
        Kind("subject", JSON, [sparql + quoted(SUBJECT, f"{base}cable/{i}") for i in shuffled(corpus.ids, 3)]),
        Kind("aggregate", JSON, [sparql + quoted(AGGREGATE, p) for p in shuffled(corpus.posts, 4)]),
        Kind("tag", JSON, [sparql + quoted(TAG, t) for t in shuffled(corpus.tags, 5)]),
        Kind("search", HTML, ["/search?q=" + urllib.parse.quote_plus(w) for w in shuffled(corpus.words, 6)]),
    ]
    return [k for k in every if not (oxigraph or part) or k.name not in ("page", "search")]


def tree_rss(root: int) -> dict[int, float]:
    """VmRSS (MiB) of ``root`` and of each of its descendants, by process id."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            children.setdefault(int(stat.read_text().rsplit(")", 1)[1].split()[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    rss, todo = {}, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            found = re.search(r"^VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
        except OSError:
            continue
        rss[pid] = int(found.group(1)) / 1024 if found else 0.0
    return rss


def wrk(url: str, mix: list[Kind], args: argparse.Namespace, pid: int, workdir: Path) -> Result:
    for kind in mix:
        (workdir / kind.name).write_text("\n".join(kind.paths) + "\n", encoding="utf-8")
    table = ", ".join(f'{{name="{k.name}", accept="{k.accept}", file="{workdir / k.name}"}}' for k in mix)
    script = workdir / "load.lua"
    order = ", ".join(str(1 + [k.name for k in mix].index(n)) for n in SCHEDULE.split() if n in [k.name for k in mix])
    script.write_text(LUA.substitute(kinds=table, schedule=order, threads=args.threads), encoding="utf-8")
    samples = [tree_rss(pid)]
    with subprocess.Popen(["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
                           f"--timeout={args.timeout}s", "--latency", "-s", str(script), url],
                          stdout=subprocess.PIPE, text=True) as load:
        while not wait(load, max(1.0, args.duration / 6)):
            samples.append(tree_rss(pid))
        out = load.communicate()[0]
    return parse_wrk(out, [*samples, tree_rss(pid)])


def wait(process: subprocess.Popen[str], seconds: float) -> bool:
    """Whether ``process`` ended within ``seconds``."""
    try:
        process.wait(seconds)
        return True
    except subprocess.TimeoutExpired:
        return False


def parse_wrk(out: str, rss: list[dict[int, float]]) -> Result:
    def grab(pattern: str) -> str:
        found = re.search(pattern, out, re.M)
        if found is None:
            raise SystemExit(f"unreadable wrk output (no {pattern!r}):\n{out}")
        return found.group(1)

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    socket = dict(zip(("connect", "read", "write", "timeout"), map(int, errors.groups() if errors else "0000"),
                      strict=True))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sent, by_status = ({k: int(n) for k, n in re.findall(rf"^load-{name} (\S+) (\d+)$", out, re.M)}
                       for name in ("sent", "bad"))
    return Result(float(grab(r"Requests/sec:\s+([\d.]+)")), ms(grab(r"^\s+50%\s+(\S+)")), ms(grab(r"^\s+99%\s+(\S+)")),
                  socket, int(bad.group(1)) if bad else 0, rss, sent, by_status)


class Cablerdf(Server):
    """``cablerdf serve`` with the per-client limits off, its shared limit files in ``runtime``."""

    def __init__(self, store: Path, port: int, workers: int | None, runtime: Path) -> None:
        command = [sys.executable, "-m", "cablerdf.cli", "serve", "--store", str(store), "--host", "127.0.0.1",
                   "--port", str(port), "--quiet", *(["--workers", str(workers)] if workers else [])]
        env = {**os.environ, "CABLERDF_RUNTIME": str(runtime), **{f"CABLERDF_{k}": "0" for k in PER_CLIENT_OFF}}
        usage = subprocess.run([*command[:4], "--help"], capture_output=True, text=True, env=env).stdout
        for key in PER_CLIENT_OFF:
            option = "--" + key.lower().replace("_", "-")
            command += [option, "0"] if option in usage else []
        with (runtime.parent / "serve.log").open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 120
        while self.process.poll() is None and time.monotonic() < deadline:
            try:
                wait_for(f"http://127.0.0.1:{port}/healthz", 1)
                return
            except SystemExit:
                continue
        self.__exit__()
        raise SystemExit(f"cablerdf serve did not come up:\n{(runtime.parent / 'serve.log').read_text()[-3000:]}")


def run(start: str, corpus: Corpus, args: argparse.Namespace) -> Result:
    """One wrk run on a fresh server; ``start``: "cablerdf", "part" (Oxigraph's part) or "oxigraph"."""
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        server = (oxigraph_server(args.store, port) if start == "oxigraph" else
                  Cablerdf(args.store, port, args.workers, Path(workdir) / "runtime"))
        with server:
            mix = kinds(corpus, start == "oxigraph", start == "part")
            for _ in range(args.passes if start == "again" else 1):  # "again": the full mix N times, the last reported
                result = wrk(f"http://127.0.0.1:{port}", mix, args, server.process.pid, Path(workdir))
        log = Path(workdir, "serve.log").read_text(errors="replace") if start != "oxigraph" else ""
        result.log = {sign: log.count(sign) for sign in LOG_SIGNS if sign in log}
        return result


def measure(start: str, corpus: Corpus, args: argparse.Namespace) -> Result:
    """Medians of ``args.runs`` runs (errors summed; RSS and counts of the median run)."""
    results = sorted((run(start, corpus, args) for _ in range(args.runs)), key=lambda r: r.rps)
    middle = results[len(results) // 2]
    return Result(statistics.median(r.rps for r in results), statistics.median(r.p50_ms for r in results),
                  statistics.median(r.p99_ms for r in results),
                  {k: sum(r.socket[k] for r in results) for k in middle.socket}, sum(r.non_2xx_3xx for r in results),
                  middle.rss, middle.sent, added(r.bad for r in results), added(r.log for r in results))


def added(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    return dict(sum(map(Counter, counts), Counter()))


def ensure_index(store: Path) -> None:
    from cablerdf.store import CableStore
    from cablerdf.store.search import index_path, update_index

    if not index_path(store).exists():
        print(f"building the search index of {store} (once; /search answers 503 without it)", file=sys.stderr)
        update_index(CableStore(store, read_only=True))


def row(name: str, mix: str, r: Result) -> str:
    socket = ", ".join(f"{k} {n}" for k, n in r.socket.items())
    before, after = r.rss[0], r.rss[-1]
    started = [p for p in after if p not in before]
    where = f"{len(before)} process(es) {sum(after.get(p, 0) - mib for p, mib in before.items()):+,.0f} MiB" + (
        f"; {len(started)} started during the run, {sum(after[p] for p in started):,.0f} MiB" if started else "")
    return (f"| {name} | {mix} | {r.rps:,.0f}/s | {r.p50_ms:.1f} ms | {r.p99_ms:.1f} ms | {socket} | "
            f"{r.non_2xx_3xx} | {sum(before.values()):,.0f} → {sum(after.values()):,.0f} MiB ({where}) |")


def detail(name: str, r: Result, sizes: dict[str, int], shapes: dict[str, str]) -> str:
    sent = ", ".join(f"{k} {n:,} ({min(n, sizes[k]) / max(n, 1):.0%} first requests of {sizes[k]:,})"
                     for k, n in sorted(r.sent.items()))
    bad = ", ".join(f"{n} × {status} {shapes.get(ctype, ctype)}" for (status, ctype), n in
                    sorted((tuple(key.split("|", 1)), n) for key, n in r.bad.items())) or "none"
    log = (", ".join(f"{n} × {sign}" for sign, n in r.log.items()) or "none") if shapes else "not kept"
    during = ", ".join(f"{sum(sample.values()):,.0f}" for sample in r.rss)
    return (f"- {name}: sent {sent}; non-2xx/3xx by status and kind: {bad}; server log: {log}; "
            f"RSS over the run: {during} MiB.")


def report(args: argparse.Namespace, corpus: Corpus, results: dict[str, Result]) -> str:
    sizes = {k.name: len(k.paths) for k in kinds(corpus)}
    flags = "".join(f" --{k} {getattr(args, k)}" for k in ("store", "duration", "connections", "threads", "runs",
                                                             "passes", "timeout"))
    workers = f" --workers {args.workers}" if args.workers else ""
    return "\n".join([
        f"## {section(args)}", "",
        f"Command: `python bench/load.py{flags}{workers}` (wrk {args.connections} connections, {args.threads} "
        f"threads, {args.duration} s, request timeout {args.timeout} s; medians of {args.runs} run(s), errors summed).",
        f"Machine: {machine()}; wrk and the servers share its cores.",
        f"Store: {len(corpus.ids):,} cables at {args.store}; cablerdf under gunicorn with "
        f"{args.workers or 2 * (os.cpu_count() or 1)} workers.", "",
        "| server | mix | requests/s | p50 | p99 | socket errors | non-2xx/3xx | RSS before → after |",
        "|---|---|---|---|---|---|---|---|",
        row("cablerdf", FULL, results["cablerdf"]),
        row(f"cablerdf, run {args.passes} on the same server", FULL, results["again"]),
        row("cablerdf", PART + " (Oxigraph's part)", results["part"]),
        row("Oxigraph serve-read-only", PART.replace("Turtle", "CONSTRUCT"), results["oxigraph"]), "",
        f"Ratio on the part both serve (cablerdf / Oxigraph, requests/s): "
        f"{results['part'].rps / results['oxigraph'].rps:.2f}×.", "",
        "Requests sent by kind (how many were the first for their URL, of how many URLs), and the non-2xx/3xx "
        "answers by status and kind (cablerdf's kinds told apart by the error's shape; pages and searches share one):",
        detail("cablerdf", results["cablerdf"], sizes, SHAPES),
        detail(f"cablerdf, run {args.passes} on the same server", results["again"], sizes, SHAPES),
        detail("cablerdf, Oxigraph's part", results["part"], sizes, SHAPES),
        detail("Oxigraph", results["oxigraph"], sizes, {}), "",
        "Notes: each kind rotates over its own shuffled list (every cable for pages, Turtle and one-subject "
        "SELECTs, every post and tag for the counts and tag lookups, words and word pairs of cable subjects for "
        "searches), each wrk thread from its own offset, on a fresh server per run: a request that is the first "
        "for its URL is cold (the response caches are per worker). cablerdf's per-client limits are off "
        "(`CABLERDF_RATE_LIMIT=0`, `CABLERDF_CLIENT_QUERIES=0`: wrk is one client with "
        f"{args.connections} connections); the query deadline, row cap, memory cap and server-wide query slots "
        "stay on. Both servers get the same SELECTs (prefixes declared, JSON results); Oxigraph runs with the union "
        "default graph, its Turtle is a CONSTRUCT of the cable graph; pages and searches have no Oxigraph "
        "equivalent. RSS: VmRSS summed over the server process and all its descendants (gunicorn's master and "
        "workers, each of which evaluates its SPARQL queries itself), read from /proc before the first "
        "request, every sixth of the run and right after it. \"Run N on the same server\" is the last of N runs "
        "of the full mix back to back on one server (`--passes N`): whether its memory levels off once the "
        "caches are full.", "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, default=Path("/tmp/cablerdf-bench-store"))
    parser.add_argument("--duration", type=int, default=60, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, help="cablerdf worker processes (default: serve's)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=10, help="wrk's request timeout, seconds")
    parser.add_argument("--no-write", action="store_true", help="print the section, leave BENCHMARKS.md alone")
    parser.add_argument("--passes", type=int, default=2, help="runs of the full mix on one server for the "
                        "'same server' row (the last is reported)")
    args = parser.parse_args()
    ensure_store(args.store)
    ensure_index(args.store)
    corpus = read_corpus(args.store)
    results = {start: measure(start, corpus, args) for start in ("cablerdf", "again", "part", "oxigraph")}
    text = report(args, corpus, results)
    print(text)
    if not args.no_write:
        write_section(section(args), text)


def section(args: argparse.Namespace) -> str:
    """"load" for serve's default workers; "load, N workers" for another number, kept beside it."""
    return "load" if args.workers is None else f"load, {args.workers} workers"


if __name__ == "__main__":
    main()
