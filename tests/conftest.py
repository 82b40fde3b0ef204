"""Shared fixtures: the corpus in ../shared (skipped with a reason when absent, required under CI)."""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CABLERDF_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"


def csv_with_a_bad_row(path: Path) -> Path:
    """A gzipped cables.csv: a good row, a row of three columns, another good row (09MEXICO2883)."""
    good = ('"1","10/5/2009 20:26","09MEXICO2882","Embassy Mexico","CONFIDENTIAL","","",'
            '"C O N F I D E N T I A L MEXICO 002882\n\n1. (C) Text."\n')
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(good + '"2","only","three"\n' + good.replace("2882", "2883"))
    return path


@pytest.fixture
def bad_csv(tmp_path: Path) -> Path:
    return csv_with_a_bad_row(tmp_path / "cables.csv.gz")


def require_corpus() -> Path:
    """The corpus folder; skip when ../shared is absent, except under CI where it must be there."""
    if CORPUS.is_dir():
        return CORPUS
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the corpus is missing at {CORPUS}")
    pytest.skip(f"corpus not found at {CORPUS} (../shared is absent): corpus tests skipped")


@pytest.fixture(scope="session")
def corpus() -> Path:
    return require_corpus()


# ---- web: a store with the sample cable, the app over it, a real server on loopback ----------------


def free_port() -> int:
    from servers import free_port as port

    return port()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store directory holding the bundled sample cable (09MEXICO2882) and its dumps."""
    from cablerdf.commands.serve import ensure_data

    path = tmp_path_factory.mktemp("sample-store")
    ensure_data(str(path), "http://127.0.0.1:8080/", quiet=True)
    return path


@pytest.fixture(scope="session")
def app(sample_store: Path) -> Flask:
    from cablerdf.web import create_app

    # the suite sends hundreds of requests from one address: no per-client rate limit here (tests of
    # the limits make their own apps and servers)
    return create_app({"STORE": str(sample_store), "BASE": "http://127.0.0.1:8080/", "TESTING": True,
                       "RATE_LIMIT": 0})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``cablerdf serve`` (gunicorn, 2 workers) on a free loopback port over a store it fills with the
    sample, its base set to its own address so that every minted URI dereferences; stopped at the end
    of the session. Yields the base URL."""
    from servers import cablerdf_serve

    store = tmp_path_factory.mktemp("live-store")
    with cablerdf_serve(store, store.parent, "--workers", "2", env={"CABLERDF_RATE_LIMIT": "0"}) as (base, _):
        yield base
