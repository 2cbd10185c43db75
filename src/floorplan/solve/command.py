"""`floorplan solve` at the command line: progress, writing, maps.

The layout is written only after the validator accepted it, via a temporary
file renamed into place; the maps follow. The time limit covers the whole
command, so part of it is kept back for writing and drawing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.text import Text

from floorplan.io.load import load_event, load_layout
from floorplan.io.save import save_layout
from floorplan.solve.pipeline import solve

RENDER_S_PER_HALL = 2.0
"""Kept back from the time limit per hall for drawing its map (measured 1.2-1.5 s on 2 cores)."""


def _line(
    phase: str, hall: str, placed: int, best: float | None, bound: float | None, t: float
) -> Text:
    parts = [f"{phase:<8}", f"{hall:<10}" if hall else " " * 10, f"placed {placed:>5}"]
    if best is not None:
        parts.append(f"best {best:,.0f}")
    if bound is not None:
        parts.append(f"bound {bound:,.0f}")
    parts.append(f"{t:6.1f} s")
    return Text("  ".join(parts))


def run_solve(
    event_path: Path,
    out: Path,
    *,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
    baseline: Path | None,
    quiet: bool,
    warn: Callable[[str], None],
) -> int:
    started = time.monotonic()
    event = load_event(event_path, warn)
    previous = load_layout(baseline) if baseline is not None else None
    limit = time_limit if time_limit is not None else event.solver.time_limit_s
    # The solver's budget is a pure function of the limit (reproducible); loading,
    # writing and drawing live in the reserve.
    reserve = min(0.5 * limit, 2.5 + RENDER_S_PER_HALL * (len(event.halls) + 1))
    budget = limit - reserve
    console = Console(stderr=True)
    live = Live(Text("loading"), console=console, transient=True, refresh_per_second=4)
    if not quiet:
        live.start()

    def progress(
        phase: str, hall: str, placed: int, best: float | None, bound: float | None, t: float
    ) -> None:
        if not quiet:
            live.update(_line(phase, hall, placed, best, bound, t))

    try:
        result = solve(
            event,
            time_limit_s=budget,
            seed=seed,
            workers=workers,
            baseline=previous,
            progress=progress,
        )
    finally:
        if not quiet:
            live.stop()
    if result.violations:
        for message in result.violations:
            console.print(f"error: {message}", markup=False)
        console.print(
            "error: the solver produced a layout the validator rejects; nothing was written "
            "(a bug: please report it with the event files)",
            markup=False,
        )
        return 1
    layout = result.layout
    save_layout(layout, out / "layout.json")
    written = [out / "layout.json"]
    from floorplan.render import render_layout
    from floorplan.render.files import default_workers

    written += render_layout(event, layout, out, workers=default_workers(len(event.halls)))
    m = layout.metrics
    if not quiet:
        console.print(
            f"placed {m.get('placed')}/{m.get('requested')} stands, "
            f"{m.get('placed_area_m2')}/{m.get('requested_area_m2')} m2, net-to-gross "
            f"{m.get('net_to_gross')}, status {result.status}, {time.monotonic() - started:.1f} s",
            markup=False,
        )
        for u in layout.unplaced:
            console.print(f"unplaced {u.request_id}: {u.reason}", markup=False)
    for path in written:
        print(path)
    return 0 if layout.stands or not event.requests else 1
