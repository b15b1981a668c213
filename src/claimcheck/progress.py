"""Progress on standard error while long work runs: a bar on a terminal, plain
lines in CI logs and pipes.

On a terminal outside CI it is a transient rich bar. Elsewhere it is one plain
line every ``PLAIN_INTERVAL`` seconds while the work lasts, and nothing for
work that ends sooner::

    claimcheck: checking links: 2,400 of 10,000 URLs after 30 s (2,310 ok, 61 broken, 29 blocked)

A CI log gets no control characters, a long link check shows it is alive (CI
services end jobs that print nothing for ten minutes), and a quick run adds
nothing around its report. Standard output is never touched.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import TextIO

__all__ = ["PLAIN_INTERVAL", "Progress"]

PLAIN_INTERVAL = 10.0  # seconds between two plain lines


class Progress:
    """``with Progress("checking links", "URLs") as progress:`` then
    ``progress.set_total(n)`` when the total is known and ``progress.advance(outcome)``
    per item done; ``outcome`` (a verdict, say) is tallied in the plain lines.
    Work of ``minimum`` items or fewer shows nothing."""

    def __init__(self, label: str, unit: str, *, total: int | None = None, minimum: int = 1,
                 stream: TextIO | None = None, terminal: bool | None = None,
                 interval: float | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.label, self.unit, self.total, self.minimum = label, unit, total, minimum
        self.stream = stream if stream is not None else sys.stderr
        self.terminal = _is_terminal(self.stream) if terminal is None else terminal
        self.interval = PLAIN_INTERVAL if interval is None else interval
        self.clock = clock
        self.done = 0
        self.tally: Counter[str] = Counter()
        self._bar = None
        self._task = None

    def __enter__(self) -> Progress:
        self.started = self.clock()
        self.next_line = self.started + self.interval
        if self.terminal and self._worth_showing():
            from rich.console import Console
            from rich.progress import MofNCompleteColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(*Bar.get_default_columns(), MofNCompleteColumn(), transient=True,
                            console=Console(file=self.stream))
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total)
        return self

    def set_total(self, total: int) -> None:
        self.total = total
        if self._bar is not None:
            self._bar.update(self._task, total=total)

    def advance(self, outcome: str | None = None) -> None:
        self.done += 1
        if outcome:
            self.tally[outcome] += 1
        if self._bar is not None:
            self._bar.advance(self._task)
        elif not self.terminal and self.clock() >= self.next_line and self._worth_showing():
            self.stream.write(self.line() + "\n")
            self.stream.flush()
            self.next_line = self.clock() + self.interval

    def _worth_showing(self) -> bool:
        return self.total is None or self.total > self.minimum

    def line(self) -> str:
        """The plain line for what is done so far."""
        of = f" of {self.total:,}" if self.total is not None else ""
        text = (f"claimcheck: {self.label}: {self.done:,}{of} {self.unit} "
                f"after {self.clock() - self.started:.0f} s")
        if self.tally:
            text += " (" + ", ".join(f"{count:,} {outcome}" for outcome, count in self.tally.most_common()) + ")"
        return text

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()


def _is_terminal(stream: TextIO) -> bool:
    """A person watching: a terminal, and not a CI job (whose log may be a pty)."""
    try:
        return stream.isatty() and not os.environ.get("CI")
    except (AttributeError, ValueError):
        return False
