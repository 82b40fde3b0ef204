"""``/dumps/``: the dump files with sizes and SHA-256 checksums, and the files themselves.

Files are served as static files (``send_from_directory``): ``Range`` and ``If-Range`` for resumable
downloads, ``ETag``/``Last-Modified`` and 304s, HEAD. Only the regular, non-hidden files of the
dump directory are served (a half-written dump has a hidden temporary name; a symbolic link may
point anywhere); anything else, ``..``, encoded slashes and absolute paths included, is a 404.

Media types: compressed dumps are served as what they are on the wire, ``application/gzip``, with
``Content-Disposition: attachment`` and never ``Content-Encoding: gzip`` (which would make clients
unpack them on the fly and break both the checksums and resumed ranges); the RDF format inside is
said by the file name and, for machines, by ``dcat:mediaType`` in the VoID/DCAT description.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, send_from_directory
from pyoxigraph import RdfFormat
from werkzeug.exceptions import NotFound

from cablerdf.iris import segment
from cablerdf.web import dataset
from cablerdf.web.caching import DUMP_MAX_AGE
from cablerdf.web.pages import render

bp = Blueprint("dumps", __name__)
bp.add_app_template_filter(segment, "segment")  # percent-encoded path segments in links
# suffix -> (media type, download as attachment) of what is not an RDF file named by its own extension
OTHER_MEDIA_TYPES = {
    ".gz": ("application/gzip", True), ".xz": ("application/x-xz", True), ".bz2": ("application/x-bzip2", True),
    ".hdt": ("application/vnd.hdt", True), ".json": ("application/json", False),
}
PLAIN = {"SHA256SUMS": "text/plain"}  # werkzeug adds "; charset=utf-8" to text types
ABOUT = {"void.ttl": "VoID and DCAT description of the dumps", "SHA256SUMS": "SHA-256 checksums (sha256sum -c)"}


def directory() -> Path:
    """The dump directory, absolute (``send_from_directory`` reads a relative one from the package)."""
    return Path(current_app.config["DUMPS"]).resolve()


def served_files() -> dict[str, Path]:
    """The files that may be downloaded: regular, not hidden, directly in the dump directory."""
    folder = directory()
    if not folder.is_dir():
        return {}
    files = [p for p in folder.iterdir() if not p.name.startswith(".") and p.is_file() and not p.is_symlink()]
    return {p.name: p for p in sorted(files, key=lambda p: (p.name in ABOUT, p.name))}


def media_type(name: str) -> tuple[str, bool]:
    if name in PLAIN:
        return PLAIN[name], False
    suffix = Path(name).suffix.lower()
    if suffix in OTHER_MEDIA_TYPES:
        return OTHER_MEDIA_TYPES[suffix]
    rdf = RdfFormat.from_extension(suffix[1:])
    if rdf is not None and rdf.file_extension == suffix[1:]:  # .ttl .nq .nt .trig .jsonld .rdf...
        return rdf.media_type, False
    return "application/octet-stream", True


def checksums(files: dict[str, Path]) -> dict[str, str]:
    """name -> SHA-256 from SHA256SUMS (``<hex>  <name>`` lines)."""
    sums = files.get("SHA256SUMS")
    if sums is None:
        return {}
    found = {}
    for line in sums.read_text(encoding="utf-8", errors="replace").splitlines():
        digest, _, name = line.partition("  ")
        if len(digest) == 64 and name:
            found[name.lstrip("*")] = digest
    return found


def titles() -> dict[str, str]:
    """name -> dcterms:title of each dump in the store's description of the dumps."""
    return dataset.reader().dump_titles()


@bp.get("/dumps/")
def listing() -> Response:
    files = served_files()
    sums, names = checksums(files), {**ABOUT, **titles()}
    rows = [(name, path.stat().st_size, sums.get(name), media_type(name)[0].split(";")[0], names.get(name, ""))
            for name, path in files.items()]
    stamp = ",".join(f"{name}:{path.stat().st_mtime_ns}" for name, path in files.items())
    return render("dumps.html", title="Dumps", rows=rows, etag=(stamp,))


@bp.get("/dumps/<path:name>", merge_slashes=False)  # "/dumps//etc/passwd" is a 404, not a redirect
def download(name: str) -> Response:
    if name not in served_files():
        raise NotFound(f"no dump file {name!r}")
    mimetype, attachment = media_type(name)
    response = send_from_directory(directory(), name, mimetype=mimetype, as_attachment=attachment,
                                   conditional=True, etag=True, max_age=DUMP_MAX_AGE)
    response.headers["Accept-Ranges"] = "bytes"
    return response
