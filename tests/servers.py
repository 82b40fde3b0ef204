"""Real servers for tests, on loopback only: start a process, wait until a URL answers 200, stop it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 120) -> None:
    """Until ``url`` answers 200; fails the test with the end of the log if the process dies or is late."""
    deadline = time.monotonic() + seconds
    while not answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"{url} did not come up: {log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@contextlib.contextmanager
def running(command: list[str], log: Path, ready: str, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """``command`` running (output in ``log``) once ``ready`` answers 200; stopped on exit."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    try:
        wait_for(ready, process, log)
        yield process
    finally:
        stop(process)


@contextlib.contextmanager
def cablerdf_serve(store: str | Path, folder: Path, *options: str, env: dict[str, str] | None = None,
                   port: int | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``cablerdf serve`` over ``store`` on a loopback port (default: a free one), its base its own
    address (so that every minted IRI dereferences); yields (base URL, process)."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "cablerdf.cli", "serve", "--store", str(store), "--host", "127.0.0.1",
               "--port", str(port), "--base", base, "--quiet", *options]
    with running(command, folder / f"serve-{port}.log", base + "healthz", {**os.environ, **(env or {})}) as process:
        yield base, process
