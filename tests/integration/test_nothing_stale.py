"""Nothing stale is ever served: a new version of a cable ingested into a copy of a store, served by a
fresh server, gives the new text, a new ETag, and the changed "cited by" of the cable the old version cited,
although the copy still holds the documents rendered (``cablerdf render``) for the old data.

The cables are real (``03ANKARA4231`` cites ``03ANKARA4230`` by ``REF: ANKARA 4230``); the new version of
03ANKARA4231 is its page with that reference changed to a cable not in the store and one sentence
reworded, as a later release would change a cable.
"""

from __future__ import annotations

import shutil
import tarfile
import urllib.request
from pathlib import Path

from cablerdf.cli import main
from cablerdf.ingest import ingest
from cablerdf.store import CableStore
from servers import cablerdf_serve, free_port

CITING, CITED = "03ANKARA4231", "03ANKARA4230"
OLD_REF, NEW_REF = "REF: ANKARA 4230 ", "REF: ANKARA 4229 "
OLD_TEXT, NEW_TEXT = "Forces in Iraq (reftel).", "Forces in northern Iraq (reftel)."


def pages(corpus: Path, folder: Path) -> dict[str, Path]:
    """The two cables' pages of the original site, written to ``folder``."""
    folder.mkdir()
    found: dict[str, Path] = {}
    with tarfile.open(corpus / "cablegate-html.tar.xz", "r|xz") as archive:
        for member in archive:
            name = member.name.rsplit("/", 1)[-1].removesuffix(".html")
            page = archive.extractfile(member) if name in (CITING, CITED) else None
            if page is not None:
                found[name] = folder / f"{name}.html"
                found[name].write_bytes(page.read())
    assert set(found) == {CITING, CITED}
    return found


def get(url: str) -> tuple[str, str]:
    """The body and ETag of a Turtle document."""
    request = urllib.request.Request(url, headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode("utf-8"), response.headers["ETag"]


def served(store: Path, folder: Path, port: int) -> dict[str, tuple[str, str]]:
    """Both cables' Turtle documents and the cited cable's HTML page, from a fresh server on ``store``."""
    with cablerdf_serve(store, folder, port=port) as (base, _):
        found = {name: get(f"{base}cable/{name}.ttl") for name in (CITING, CITED)}
        with urllib.request.urlopen(f"{base}cable/{CITED}.html", timeout=30) as response:
            found["page"] = (response.read().decode("utf-8"), response.headers["ETag"])
    return found


def test_a_new_version_is_served_new_with_its_citations(tmp_path: Path, corpus: Path) -> None:
    found = pages(corpus, tmp_path / "pages")
    old_page = found[CITING].read_text(encoding="utf-8")
    assert OLD_REF in old_page and OLD_TEXT in old_page
    port = free_port()  # the stores mint their IRIs under the address they are served at
    base = f"http://127.0.0.1:{port}/"
    first = tmp_path / "first"
    report = ingest([str(found[CITING]), str(found[CITED])], CableStore(first, base=base), jobs=1, quiet=True)
    assert report.loaded == 2 and report.rejected == {}
    assert main(["render", "--store", str(first), "--base", base, "--quiet"]) == 0  # rendered once, then stale
    before = served(first, tmp_path, port)
    assert OLD_TEXT in before[CITING][0]
    assert CITING in before[CITED][0] and CITING in before["page"][0]  # cited by 03ANKARA4231

    second = tmp_path / "second"
    shutil.copytree(first, second)
    newer = tmp_path / "newer"
    newer.mkdir()
    changed = old_page.replace(OLD_REF, NEW_REF).replace(OLD_TEXT, NEW_TEXT)
    (newer / f"{CITING}.html").write_text(changed, encoding="utf-8")
    report = ingest([str(newer / f"{CITING}.html")], CableStore(second, base=base), jobs=1, quiet=True)
    assert (report.loaded, report.replaced) == (1, 1)
    after = served(second, tmp_path, port)

    text, etag = after[CITING]
    assert NEW_TEXT in text and OLD_TEXT not in text
    assert etag != before[CITING][1]
    assert "03ANKARA4229" in text  # the new reference
    assert CITING not in after[CITED][0]  # no longer cited by the new version
    assert after[CITED][1] != before[CITED][1]
    assert CITING not in after["page"][0] and after["page"][1] != before["page"][1]
