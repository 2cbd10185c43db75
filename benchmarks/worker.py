"""One timed solve in a process of its own.

CP-SAT allocates in C++, out of tracemalloc's sight; a child process lets the
runner read the solve's true peak resident memory from `wait4`. The child
loads the event, lays it out with floorplan, the module-grid baseline or the
shelf packer, and writes layout.json; validation happens back in the runner,
outside the measurement.

    python -m benchmarks.worker {floorplan,baseline,shelf} EVENT OUT_JSON [--time-limit S]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.baseline import baseline_layout
from benchmarks.shelf import shelf_layout
from floorplan.io import load_event, save_layout
from floorplan.model import Layout

if TYPE_CHECKING:
    from floorplan.solve import Progress

METHODS = ("floorplan", "baseline", "shelf")


def _progress_printer(label: str) -> Progress:
    """A solver progress callback that prints one stderr line per phase or hall change."""
    last: list[tuple[str, str]] = []

    def report(phase: str, hall: str, placed: int, elapsed: float) -> None:
        if last and last[-1] == (phase, hall):
            return
        last.append((phase, hall))
        where = f" {hall}" if hall else ""
        print(f"  [{label}] {elapsed:6.1f}s {phase}{where}: {placed} placed", file=sys.stderr)

    return report


def lay_out(method: str, event_path: Path, time_limit_s: float | None) -> Layout:
    event = load_event(event_path)
    if method == "baseline":
        return baseline_layout(event)
    if method == "shelf":
        return shelf_layout(event)
    from floorplan.solve import solve

    result = solve(
        event,
        time_limit_s=time_limit_s,
        progress=_progress_printer(event_path.parent.name),
    )
    return result.layout


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worker")
    parser.add_argument("method", choices=METHODS)
    parser.add_argument("event", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--time-limit", type=float, default=None)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    layout = lay_out(args.method, args.event, args.time_limit)
    save_layout(layout, args.out)
    print(f"  [{args.method}] done in {time.perf_counter() - start:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
