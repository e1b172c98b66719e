"""A progress line on stderr for long batch calls (`progress=True`) when tqdm
is not installed: one line, rewritten in place on a terminal, a line every
10% otherwise (logs stay short)."""

from __future__ import annotations

import sys
import time


class Line:
    def __init__(self, total: int, what: str) -> None:
        self.total = total
        self.what = what
        self.done = 0
        self.start = time.monotonic()
        self.tty = sys.stderr.isatty()
        self.shown_tenths = -1

    def update(self, n: int) -> None:
        self.done += n
        tenths = self.done * 10 // max(self.total, 1)
        if not self.tty and tenths == self.shown_tenths:
            return
        self.shown_tenths = tenths
        elapsed = max(time.monotonic() - self.start, 1e-9)
        pct = 100 * self.done // max(self.total, 1)
        line = f"{self.what}: {self.done:,}/{self.total:,} ({pct}%), {self.done / elapsed:,.0f}/s"
        sys.stderr.write(("\r" + line) if self.tty else (line + "\n"))
        sys.stderr.flush()

    def close(self) -> None:
        if self.tty:
            sys.stderr.write("\n")
            sys.stderr.flush()
