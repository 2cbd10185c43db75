"""Progress of a long command, shown as it moves.

The interface a long computation calls is one function:

    progress(phase: str, done: int, total: int) -> None

`phase` names the step (`assign`, `place`, `validate`, `draw`, ... any short
word); `done` of `total` says how far it is (halls placed of halls, maps
drawn of maps). The phase `stands` is special: it reports stands placed of
stands requested, shown beside whatever phase is running. Calls are cheap;
call as often as something changes. The solver takes such a callable and
knows nothing about terminals.

`ProgressDisplay` is the implementation for the command line:
- on a terminal, one live line on stderr whose clock ticks between calls, so
  a long search never looks frozen;
- elsewhere (CI logs, pipes), one plain line per phase, so logs stay short;
- quiet, nothing at all.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, Any

from rich.console import Console
from rich.live import Live
from rich.text import Text

Progress = Callable[[str, int, int], None]
"""progress(phase, done, total): see the module docstring."""

STANDS = "stands"


def no_progress(phase: str, done: int, total: int) -> None:
    """A `Progress` that shows nothing."""


class ProgressDisplay:
    """Shows `Progress` calls on stderr; use as a context manager around the work."""

    def __init__(self, *, quiet: bool = False, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.started = time.monotonic()
        self.phase = "loading"
        self.done = 0
        self.total = 0
        self.placed: tuple[int, int] | None = None
        self._seen: set[str] = set()
        self.live_mode = not quiet and self.stream.isatty()
        self._live: Live | None = None

    def __enter__(self) -> ProgressDisplay:
        if self.live_mode:
            console = Console(file=self.stream)
            self._live = Live(self, console=console, transient=True, refresh_per_second=4)
            self._live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase == STANDS:
            self.placed = (done, total)
            return
        self.phase, self.done, self.total = phase, done, total
        if not self.quiet and not self.live_mode and phase not in self._seen:
            self._seen.add(phase)
            print(self.line(), file=self.stream, flush=True)

    def line(self) -> str:
        """The status as one line: phase, its count, stands placed, elapsed time."""
        parts = [f"{self.phase:<10}"]
        if self.total:
            parts.append(f"{self.done}/{self.total}")
        if self.placed is not None:
            parts.append(f"stands placed {self.placed[0]}/{self.placed[1]}")
        parts.append(f"{time.monotonic() - self.started:6.1f} s")
        return "  ".join(parts)

    def __rich__(self) -> Any:
        """Re-drawn by the live display four times a second: the clock moves."""
        return Text(self.line())


__all__ = ["STANDS", "Progress", "ProgressDisplay", "no_progress"]
