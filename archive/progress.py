"""A small progress bar for management commands: a live line on a terminal, a line every few seconds elsewhere."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(self, total: int | None, label: str = "", stream: TextIO | None = None, every: float = 5.0):
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = time.monotonic()
        self.last_print = 0.0
        self.every = every if not self._tty else 0.2

    @property
    def _tty(self) -> bool:
        return hasattr(self.stream, "isatty") and self.stream.isatty()

    def update(self, done: int | None = None, total: int | None = None) -> None:
        self.done = self.done + 1 if done is None else done
        if total is not None:
            self.total = total
        now = time.monotonic()
        if now - self.last_print >= self.every:
            self.last_print = now
            self._print()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        if self.total:
            share = min(self.done / self.total, 1.0)
            filled = int(share * 30)
            # Never show 100 % while work remains: the bar tops out at 99 % until close().
            percent = min(int(share * 100), 99)
            remaining = (self.total - self.done) / rate if rate else 0
            eta = time.strftime("%H:%M:%S", time.gmtime(remaining))
            return f"{self.label} [{'#' * filled}{'.' * (30 - filled)}] {percent:2d}% {self.done}/{self.total} {rate:.1f}/s ETA {eta}"
        return f"{self.label} {self.done} done, {rate:.1f}/s"

    def _print(self) -> None:
        if self._tty:
            self.stream.write("\r" + self.line())
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def note(self, message: str) -> None:
        """A line of its own while the bar runs (on a terminal, below the live line, which goes on after it)."""
        self.stream.write(("\n" if self._tty and self.last_print else "") + message + "\n")
        self.stream.flush()

    def close(self) -> None:
        elapsed = time.monotonic() - self.started
        end = "\n" if self._tty else ""
        self.stream.write(
            ("\r" if self._tty else "")
            + f"{self.label} {self.done} done in {elapsed:.1f}s{end}"
            + ("" if self._tty else "\n")
        )
        self.stream.flush()
