"""Reading inputs: files, directories and archives (.tar, .tar.gz, .tar.xz, .zip, .gz, .xz), streaming.

Every input becomes a sequence of cables or errors; single-cable documents are read whole (they are
small), multi-record files (cables.csv, JSON lines) line by line so that any size streams.

gzip checks its CRC only at the end of a stream, xz at the end of a block: a corrupt compressed file
first yields garbled cables, then fails. With ``verify`` (what ``ingest`` asks for), a compressed
input is read to its end once before any of its cables is used, so that a truncated or corrupt one
gives one error and no cable at all.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import lzma
import os
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from cablerdf.parse import STREAM_FORMATS, Cable, CableParseError, detect_format, parse_document, parse_lines

Item = Cable | CableParseError
COMPRESSORS: dict[str, Callable[[Path], io.BufferedIOBase]] = {
    ".gz": gzip.GzipFile,
    ".xz": lzma.LZMAFile,
    ".bz2": bz2.BZ2File,
}
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2")
CHECKED: dict[str, Callable[[Path], io.BufferedIOBase]] = {  # compressions with checksums
    **COMPRESSORS, ".tgz": gzip.GzipFile, ".txz": lzma.LZMAFile}
BROKEN = (tarfile.TarError, zipfile.BadZipFile, EOFError, lzma.LZMAError, zlib.error)


def source_file(label: str) -> str:
    """The file on disk a source label names: the label itself, else the archive before a ``!``."""
    while not os.path.isfile(label) and "!" in label:
        label = label.rsplit("!", 1)[0]
    return label


def file_sha256(path: str) -> str:
    """SHA-256 of a file (of an archive, for a member of one), read in chunks."""
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def read_inputs(paths: list[str], fmt: str | None = None, verify: bool = False) -> Iterator[Item]:
    """The cables of the paths, in order; an unreadable path or a broken archive is one error item.

    With ``verify``, a compressed input whose checksums fail gives its error and no cable."""
    for path in paths:
        try:
            if verify:
                check_integrity(Path(path))
            yield from read_path(Path(path), fmt, verify)
        except OSError as error:
            yield CableParseError(f"cannot read: {error.strerror or error}", path)
        except BROKEN as error:
            yield CableParseError(f"broken archive: {error}", path)


def check_integrity(path: Path) -> None:
    """Read a compressed file (or archive) to its end, which checks its CRCs; raise what reading raises."""
    name = path.name.lower()
    if not path.is_file():
        return
    if name.endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            member = archive.testzip()
        if member is not None:
            raise zipfile.BadZipFile(f"bad CRC or header for member {member}")
        return
    suffix = next((s for s in CHECKED if name.endswith(s)), None)
    if suffix:
        with CHECKED[suffix](path) as stream:
            while stream.read(1 << 20):
                pass


def read_path(path: Path, fmt: str | None, verify: bool = False) -> Iterator[Item]:
    name = path.name.lower()
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for file in sorted(files):
                yield from read_inputs([os.path.join(root, file)], fmt, verify)
    elif name.endswith(TAR_SUFFIXES):
        yield from read_tar(path, fmt)
    elif name.endswith(".zip"):
        yield from read_zip(path, fmt)
    else:
        suffix = next((s for s in COMPRESSORS if name.endswith(s)), None)
        if suffix:
            with COMPRESSORS[suffix](path) as stream:
                yield from read_stream(stream, str(path), str(path)[: -len(suffix)], fmt)
        else:
            with path.open("rb") as stream:
                yield from read_stream(stream, str(path), str(path), fmt)


def read_stream(stream: IO[bytes] | io.BufferedIOBase, label: str, name: str, fmt: str | None) -> Iterator[Item]:
    """Cables of one file's byte stream; ``name`` (without compression suffix) guides detection."""
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[type-var]
    head = buffered.peek(4096)[:4096]
    kind = fmt or detect_format(name, head)
    if kind in STREAM_FORMATS:
        text = io.TextIOWrapper(buffered, encoding="utf-8", errors="replace", newline="")
        yield from parse_lines(text, label, kind)
    else:
        yield from parse_document(buffered.read(), label, kind)


def read_tar(path: Path, fmt: str | None) -> Iterator[Item]:
    with tarfile.open(path, mode="r|*") as archive:
        for member in archive:
            if not member.isfile():
                continue
            stream = archive.extractfile(member)
            if stream is None:
                continue
            label = f"{path}!{member.name}"
            yield from read_stream(stream, label, member.name, fmt)


def read_zip(path: Path, fmt: str | None) -> Iterator[Item]:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            with archive.open(info) as stream:
                yield from read_stream(stream, f"{path}!{info.filename}", info.filename, fmt)
