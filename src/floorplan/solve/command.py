"""`floorplan solve` at the command line: progress, writing, maps.

The output folder is checked before the search starts. The layout is written
only after the validator accepted it (and, with --require-all, only when
every request is placed), together with its maps: all files are staged and
moved in at the end, or none is. The time limit covers the whole command, so
part of it is kept back for writing and drawing.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

from floorplan.io.errors import InputError, display, first
from floorplan.io.load import load_event, load_layout
from floorplan.io.save import check_output_dir, output_set, save_layout
from floorplan.model.event import Event
from floorplan.model.layout import Layout
from floorplan.progress import STANDS, Progress, ProgressDisplay
from floorplan.solve.assign import overbooked
from floorplan.solve.baseline import locked_conflicts, locked_gone
from floorplan.solve.budget import proof_s, window_s
from floorplan.solve.params import DEFAULT
from floorplan.solve.pipeline import solve
from floorplan.solve.workers import process_count, processes

RENDER_S_PER_MAP = 0.4
RENDER_S_PER_STAND = 0.012
"""Kept back from the time limit for drawing the maps (one per hall and the overview), per
map and per requested stand (each drawn twice), by one process: `floorplan render` took
4.6 s for Hong Kong's 7 maps of 75 stands and 9.4 s for the organiser hall's 2 maps of
360 (validation and start-up included) on a 2-core AMD EPYC. A flat 2 s per hall kept 10
of Hong Kong's 20 s back for 4.7 s of work, and its search hit the emergency stop.
`solve` draws in the search's processes (`solver_budget`'s `drawers`): the six halls' 7
maps of 400 stands in 3.3 s on 2 cores, sixteen halls' 17 of 1,500 in 10.4 s, half the
estimate for one."""

RENDER_S_PER_LISTED = 0.016
PANEL_LISTED = 40
"""... and per unplaced request a map lists (every map lists the event's, as many as its
panel holds, about `PANEL_LISTED`), counted from the requests the halls cannot hold
(`assign.overbooked`): fitted with the figures above on 20 fuzzed events, where events
of 20-143 unplaced drew their maps in 1.6-1.9 times the estimate without it."""

BUSY_FACTOR = 1.5
"""How much longer than on an idle machine loading, writing and drawing are given (Hong
Kong's 5.5 s took 12 s with both cores busy, and the whole command 22 s of its 20 s
limit while 6.2 s were kept back). Not the full 2x: the proof and the maps of a large
event would then leave its search no window at all (287 requests in four halls at
`--time-limit 30`: cut short on an idle machine)."""


def kept_back(event: Event, drawers: int = 1) -> float:
    """Seconds loading, writing and drawing the maps are given, with the cores busy: a pure
    function of the event and the processes that draw the maps side by side (`drawers`)."""
    maps = len(event.halls) + 1
    listed = min(PANEL_LISTED, overbooked(event))
    drawing = (
        RENDER_S_PER_MAP * maps
        + RENDER_S_PER_STAND * len(event.requests)
        + RENDER_S_PER_LISTED * listed * maps
    ) / max(1, min(drawers, maps))
    return BUSY_FACTOR * (2.5 + drawing)


def solver_budget(event: Event, limit: float, drawers: int = 1) -> float:
    """The solver's share of the time limit (reproducible): what `kept_back` leaves, and
    never less than half."""
    return limit - min(0.5 * limit, kept_back(event, drawers))


SHORT_SEARCH_SHARE = 0.25
"""Below this share of the time limit for the search, `solve` warns that the limit is short:
loading, proving and drawing cost what they cost, and what is left is the search (seed
6600's 220 requests at `--time-limit 15`: a search window of 0.9 s, and 21 s with both
cores busy, past the limit, for the proof and the maps alone)."""


def short_limit(event: Event, limit: float, drawers: int = 1) -> str | None:
    """A warning when `limit` leaves the search under `SHORT_SEARCH_SHARE` of it, or leaves
    loading, writing and drawing less than they are given (`kept_back`), naming the
    window and a limit that would leave both their share (None otherwise)."""
    proof = proof_s(event, DEFAULT)
    kept = kept_back(event, drawers)

    def window(seconds: float) -> float:
        return window_s(solver_budget(event, seconds, drawers), proof, DEFAULT)

    def enough(seconds: float) -> bool:
        return window(seconds) >= SHORT_SEARCH_SHARE * seconds and kept <= 0.5 * seconds

    if enough(limit):
        return None
    longer = limit
    for _ in range(40):
        longer *= 1.25
        if enough(longer):
            break
    return (
        f"a time limit of {limit:g} s leaves the search {window(limit):.1f} s: loading, "
        f"proving and drawing the layout of {len(event.requests)} requests in "
        f"{len(event.halls)} hall(s) take the rest, and may take longer than the limit on a "
        f"busy machine; about {math.ceil(longer / 5) * 5:g} s or more gives the search a fair "
        "share"
    )


def _check_baseline(
    event: Event, previous: Layout, path: Path, warn: Callable[[str], None]
) -> None:
    """Before the search: locked stands that cannot stay are bad input naming the baseline
    file (exit 2; the solver would only end in a layout the proof refuses), and a baseline
    of another event or locked stands of cancelled requests are said (`validate` says the
    first too)."""
    if previous.event != event.name:
        warn(f"{display(path)} was made for event {previous.event!r}, not {event.name!r}")
    for rid in locked_gone(event, previous):
        warn(f"{display(path)}: locked stand {rid} is not requested any more; its floor is free")
    problems = locked_conflicts(event, previous)
    if problems:
        raise InputError([f"{display(path)}: {p}" for p in problems])


def output_names(event: Event, fmt: str = "png") -> list[str]:
    """The files `solve` writes into its output folder."""
    return ["layout.json", *(f"{h}.{fmt}" for h in event.halls), f"overview.{fmt}"]


def _pipeline_progress(show: Progress, event: Event) -> Callable[..., None]:
    """Adapt the pipeline's report (phase, hall, placed, t) to the display's `Progress`
    (phase, done, total): halls done while placing, stands placed so far."""
    halls = 0
    n_halls = len(event.halls)
    n_requests = len(event.requests)

    def report(phase: str, hall: str, placed: int, t: float) -> None:
        nonlocal halls
        if phase == "place":
            halls += 1
            show("place", halls, n_halls)
        else:
            show(phase, 0, 0)
        if phase in ("place", "validate"):
            show(STANDS, placed, n_requests)

    return report


def _summary(layout: Layout, status: str, seconds: float) -> list[str]:
    m = layout.metrics
    lines = [
        f"placed {m.get('placed')}/{m.get('requested')} stands, "
        f"{m.get('placed_area_m2')}/{m.get('requested_area_m2')} m2, net-to-gross "
        f"{m.get('net_to_gross')}, status {status}, {seconds:.1f} s"
    ]
    lines += [f"unplaced {u.request_id}: {u.reason}" for u in layout.unplaced]
    return lines


def _say(lines: list[str]) -> None:
    # Plain prints, not a console: a log or a pipe gets whole lines, never wrapped ones.
    for line in lines:
        print(line, file=sys.stderr, flush=True)


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
    require_all: bool = False,
) -> int:
    started = time.monotonic()
    event = load_event(event_path, warn)
    previous = load_layout(baseline, warn) if baseline is not None else None
    if baseline is not None and previous is not None:
        _check_baseline(event, previous, baseline, warn)
    held = [r.id for r in event.requests if r.stand]
    if held and baseline is None:
        # The `stand` column names stands of an existing plan; from scratch, numbers are
        # new and may be others' old ones (1A01 held by one, given to another).
        warn(
            f"{len(held)} request(s) give the stand they hold (the `stand` column: "
            f"{first(held, 3)}), but no --baseline: the layout is made from scratch and its "
            "stand numbers are new; to keep the existing stands, import the plan "
            "(floorplan import-dxf DRAWING --layout LAYOUT --event EVENT) and pass it as "
            "--baseline"
        )
    # Before the long search: an output folder that cannot take the files is bad input.
    check_output_dir(out, output_names(event))
    limit = time_limit if time_limit is not None else event.solver.time_limit_s
    n = workers if workers is not None else event.solver.workers
    # The search's processes draw the maps too (one process draws alone).
    drawers = process_count(n)
    budget = solver_budget(event, limit, drawers)
    short = short_limit(event, limit, drawers)
    if short:
        warn(short)
    # The maps' modules are loaded before the worker processes start (forked, before any
    # thread), so that the processes that searched draw the hall sheets at no start-up cost.
    from floorplan.render import render_layout
    from floorplan.render.files import default_workers

    with processes(n) as pool, ProgressDisplay(quiet=quiet) as show:
        result = solve(
            event,
            time_limit_s=budget,
            seed=seed,
            workers=workers,
            baseline=previous,
            progress=_pipeline_progress(show, event),
            pool=pool,
        )
        if result.violations:
            show.stop()
            _say([f"error: {message}" for message in result.violations])
            _say(
                [
                    "error: the solver produced a layout the validator rejects; nothing was "
                    "written (a bug: please report it with the event files)"
                ]
            )
            return 1
        layout = result.layout
        if require_all and layout.unplaced:
            show.stop()
            _say(_summary(layout, result.status, time.monotonic() - started))
            _say(
                [
                    f"error: --require-all: {len(layout.unplaced)} of {len(event.requests)} "
                    "requests could not be placed; nothing was written"
                ]
            )
            return 1
        show("write", 0, 0)
        # layout.json and its maps appear together or not at all.
        with output_set() as outputs:
            save_layout(layout, out / "layout.json", outputs)
            written = [out / "layout.json"]
            written += render_layout(
                event,
                layout,
                out,
                report=result.report,
                workers=default_workers(len(event.halls)),
                pool=pool,
                outputs=outputs,
                progress=lambda done, total: show("draw", done, total),
            )
    _say(_summary(layout, result.status, time.monotonic() - started))
    for path in written:
        print(path)
    return 0 if layout.stands or not event.requests else 1
