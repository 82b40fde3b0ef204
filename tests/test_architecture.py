"""The architecture: the import contracts of pyproject.toml (``[tool.importlinter]``, checked by
``lint-imports``), proof that a forbidden import breaks them, no import cycle between any two modules,
and rules read from the source: module size, no ``getattr`` on stores, no store opened by the web, one
copy of the ontology, the shapes and the JSON-LD context."""

from __future__ import annotations

import ast
import hashlib
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "cablerdf"
CONFIG = ROOT / "pyproject.toml"
LINT_IMPORTS = (sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()")
MAX_LINES = 400
DATA_SUFFIXES = {".ttl", ".jsonld"}


def lint_imports(*args: str, cwd: Path = ROOT, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with the contracts of pyproject.toml, on the package found on ``pythonpath``
    (default: the installed one); wide lines, so that no contract's name is wrapped."""
    env = {**os.environ, "COLUMNS": "240"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([*LINT_IMPORTS, "--no-logo", str(CONFIG), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


def test_the_import_contracts_hold() -> None:
    run = lint_imports()
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_forbidden_import_breaks_its_contract(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(SRC, copy / "cablerdf", ignore=shutil.ignore_patterns("__pycache__"))
    ids = copy / "cablerdf" / "parse" / "ids.py"
    ids.write_text(ids.read_text(encoding="utf-8") + "\nimport flask  # a web library in the pure parser\n",
                   encoding="utf-8")
    run = lint_imports("--no-cache", "--contract", "parse-pure", cwd=tmp_path, pythonpath=copy)
    assert run.returncode != 0, run.stdout + run.stderr
    assert "cablerdf.parse imports no rdflib, pyoxigraph or flask, not even indirectly BROKEN" in run.stdout, run.stdout
    assert "cablerdf.parse.ids -> flask" in run.stdout, run.stdout


def module_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every import that closes a cycle of two modules or more, as the cycle (first module repeated last);
    one per set of modules. (A module importing itself by name, as a ``__main__`` block may, is no cycle.)"""
    cycles: dict[frozenset[str], list[str]] = {}
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module) - {module}):
            back = graph.find_shortest_chain(imported, module)
            if back:
                cycle = [module, *back]
                cycles.setdefault(frozenset(cycle), cycle)
    return list(cycles.values())


def test_no_import_cycle_between_modules() -> None:
    # The acyclic_siblings contract sees cycles between sibling packages and modules, not those through a
    # package's own __init__ (cablerdf.x importing cablerdf.x.y, which imports cablerdf.x): this sees all.
    cycles = module_cycles(grimp.build_graph("cablerdf", cache_dir=None))
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


def source_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (SRC / folder).rglob("*.py"))


def test_no_module_is_over_400_lines() -> None:
    """The package, its tests, benchmarks and scripts alike."""
    others = [path for folder in ("tests", "bench", "scripts") for path in (ROOT / folder).rglob("*.py")]
    lengths = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in [*source_files("."), *others]}
    long = [f"{path.relative_to(ROOT)}: {n} lines" for path, n in lengths.items() if n > MAX_LINES]
    assert not long, f"modules over {MAX_LINES} lines:\n" + "\n".join(long)


def test_no_getattr_on_store_objects() -> None:
    calls = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}" for path in source_files("web", "store")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if "getattr(" in line]
    assert not calls, "getattr( in the web or the store (a store has its Backend's methods):\n" + "\n".join(calls)


def pyoxigraph_store_lines(path: Path) -> list[int]:
    """Lines that name ``pyoxigraph.Store`` (``from pyoxigraph import Store``, ``pyoxigraph.Store``, ``ox.Store``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names if alias.name == "pyoxigraph"}
    lines = [node.lineno for node in ast.walk(tree)
             if isinstance(node, ast.ImportFrom) and node.module == "pyoxigraph"
             and any(alias.name == "Store" for alias in node.names)]
    lines += [node.lineno for node in ast.walk(tree)
              if isinstance(node, ast.Attribute) and node.attr == "Store"
              and isinstance(node.value, ast.Name) and node.value.id in aliases]
    return sorted(lines)


def test_the_web_constructs_no_pyoxigraph_store() -> None:
    # The part of "the web opens no store" that import-linter cannot see: pyoxigraph is imported by the web
    # to serialise, so only its Store class, a name, is forbidden; stores are opened by cablerdf.store.
    uses = [f"{path.relative_to(ROOT)}:{n}" for path in source_files("web") for n in pyoxigraph_store_lines(path)]
    assert not uses, "pyoxigraph.Store named in the web (open stores through cablerdf.store):\n" + "\n".join(uses)


def test_the_ontology_shapes_and_context_exist_once() -> None:
    files = sorted(path for folder in ("ontology", "shapes", "src") for path in (ROOT / folder).rglob("*")
                   if path.suffix in DATA_SUFFIXES and path.is_file())
    by_name: defaultdict[str, list[str]] = defaultdict(list)
    by_content: defaultdict[str, list[str]] = defaultdict(list)
    for path in files:
        by_name[path.name].append(str(path.relative_to(ROOT)))
        by_content[hashlib.sha256(path.read_bytes()).hexdigest()].append(str(path.relative_to(ROOT)))
    duplicates = sorted({tuple(group) for groups in (by_name, by_content) for group in groups.values()
                         if len(group) > 1})
    assert not duplicates, "the same .ttl/.jsonld file twice:\n" + "\n".join(", ".join(group) for group in duplicates)
