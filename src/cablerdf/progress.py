"""A small progress line on stderr for long runs (quiet when asked, or when stderr is no terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, label: str, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = not quiet and self.stream.isatty()
        self.label = label
        self.count = self.failed = 0
        self.started = self.shown = time.monotonic()

    def step(self, failed: bool = False) -> None:
        self.count += 1
        self.failed += failed
        now = time.monotonic()
        if self.enabled and now - self.shown >= 0.2:
            self.shown = now
            self.show(now)

    def show(self, now: float) -> None:
        rate = self.count / max(now - self.started, 1e-9)
        self.stream.write(f"\r{self.label}: {self.count:,} ({rate:,.0f}/s), {self.failed:,} failed ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.show(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
