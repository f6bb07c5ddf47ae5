"""A one-line progress bar on stderr: done, total, rate and time left."""

import sys
import time


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    """Redrawn in place on a terminal; elsewhere (a log file) a line every ten seconds."""

    def __init__(self, total: int, label: str = "articles", stream=None):
        self.total, self.label = total, label
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = self.shown = time.monotonic()
        self.interactive = hasattr(self.stream, "isatty") and self.stream.isatty()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        share = self.done / self.total if self.total else 1
        bar = "#" * int(share * 30)
        return (
            f"[{bar:<30}] {self.done:,}/{self.total:,} {self.label} {share:6.1%}"
            f"  {rate:,.0f}/s  elapsed {_clock(elapsed)}  ETA {_clock(left)}"
        )

    def advance(self, count: int):
        self.done += count
        now = time.monotonic()
        if now - self.shown >= (0.5 if self.interactive else 10) or self.done >= self.total:
            self.shown = now
            end = "\r" if self.interactive else "\n"
            self.stream.write(self.line() + end)
            self.stream.flush()

    def finish(self):
        if self.interactive:
            self.stream.write(self.line() + "\n")
            self.stream.flush()
