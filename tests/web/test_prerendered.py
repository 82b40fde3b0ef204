"""Documents rendered once (``cablerdf render`` -> ``rendered.sqlite``): served byte for byte as the app
renders them, with the same headers, 304s and HEADs; unused once the data version or the base is not theirs."""

from __future__ import annotations

import shutil
import sqlite3
import zlib
from pathlib import Path

import pytest
from flask import Flask

from cablerdf.cli import main
from cablerdf.web import create_app
from cablerdf.web.prerendered import FORMATS, NAME

BASE = "http://127.0.0.1:8080/"
CABLE = "09MEXICO2882"


def app_on(store: Path, base: str = BASE) -> Flask:
    return create_app({"STORE": str(store), "BASE": base, "TESTING": True, "RATE_LIMIT": 0})


@pytest.fixture(scope="module")
def rendered(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample store, rendered by two processes."""
    store = tmp_path_factory.mktemp("rendered") / "store"
    shutil.copytree(sample_store, store)
    assert main(["render", "--store", str(store), "--base", BASE, "--quiet", "--jobs", "2"]) == 0
    return store


def rows(store: Path) -> dict[str, bytes]:
    with sqlite3.connect(store / NAME) as db:
        return {path: zlib.decompress(body) for path, body in db.execute("SELECT path, body FROM documents")}


def test_every_document_of_every_cable_is_rendered(rendered: Path) -> None:
    assert set(rows(rendered)) == {f"/cable/{CABLE}.{fmt}" for fmt in FORMATS}


def test_one_process_renders_what_two_do(rendered: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(rendered, store)
    (store / NAME).unlink()
    assert main(["render", "--store", str(store), "--base", BASE, "--quiet", "--jobs", "1"]) == 0
    assert rows(store) == rows(rendered)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_rendered_document_is_what_the_app_renders(rendered: Path, sample_store: Path, fmt: str) -> None:
    path = f"/cable/{CABLE}.{fmt}"
    assert not (sample_store / NAME).exists()  # the original renders each request itself
    live = app_on(sample_store).test_client().get(path)
    served = app_on(rendered).test_client().get(path)
    assert rows(rendered)[path] == served.get_data() == live.get_data()
    assert dict(served.headers) == dict(live.headers)


def test_rendered_documents_answer_304_and_head(rendered: Path) -> None:
    client = app_on(rendered).test_client()
    path = f"/cable/{CABLE}.ttl"
    first = client.get(path)
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.get_data()
    head = client.head(path)
    assert head.status_code == 200 and not head.get_data() and head.headers["ETag"] == first.headers["ETag"]


def stale_copy(rendered: Path, folder: Path, key: str) -> Path:
    """A copy of the rendered store whose file says ``stale`` for every document and names another
    ``key`` (data version, cablerdf version) than its own; ``key`` "": the same meta."""
    changed = folder / "store"
    shutil.copytree(rendered, changed)
    with sqlite3.connect(changed / NAME) as db:
        db.execute("UPDATE meta SET value = 'older' WHERE key = ?", (key,))
        db.execute("UPDATE documents SET body = ?", (zlib.compress(b"stale"),))
    return changed


@pytest.mark.parametrize("key", ["version", "cablerdf"])
def test_a_file_of_another_base_data_or_cablerdf_version_is_not_used(rendered: Path, tmp_path: Path,
                                                                     key: str) -> None:
    path = f"/cable/{CABLE}.ttl"
    other = app_on(rendered, "http://example.org/").test_client().get(path)
    assert other.status_code == 404  # the store mints no IRI under that base: the rendered file is not used
    changed = stale_copy(rendered, tmp_path, key)  # as if the data or the code had changed since
    assert app_on(changed).test_client().get(path).get_data() == rows(rendered)[path]


def test_rendering_again_never_reads_the_earlier_file(rendered: Path, tmp_path: Path) -> None:
    changed = stale_copy(rendered, tmp_path, "")
    assert set(rows(changed).values()) == {b"stale"}  # a file the server would use
    assert main(["render", "--store", str(changed), "--base", BASE, "--quiet", "--jobs", "1"]) == 0
    assert rows(changed) == rows(rendered)
