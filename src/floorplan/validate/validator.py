"""`validate(event, layout)`: run every rule and gather the metrics.

Halls are independent once stands are sorted into them, so the walkable-space
rules run hall by hall (optionally in worker processes).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

from shapely.geometry.base import BaseGeometry

from floorplan.model.event import Event
from floorplan.model.layout import Layout
from floorplan.pools import pool_of
from floorplan.validate import metrics as fig
from floorplan.validate.checks import (
    Context,
    centre,
    check_areas,
    check_bookkeeping,
    check_exit_clearance,
    check_geometry,
    check_overlaps,
    check_requirements,
    open_sides_needed,
)
from floorplan.validate.hall_checks import HallJob, HallResult, run_hall, space_of
from floorplan.validate.report import RULES, Report, Violation, with_numbers
from floorplan.validate.rows import Block, aligned_edges, check_rows, hall_blocks


def validate(
    event: Event,
    layout: Layout,
    workers: int = 1,
    halls: Collection[str] | None = None,
    space: bool = True,
) -> Report:
    """Check `layout` against every rule of CONTRACT.md; never raises for a bad layout.

    `workers` > 1 checks halls in that many processes (worth it from a few
    hundred stands on). `halls` limits the report to those halls' violations
    plus the event-wide ones (hall None): an editor that changed one hall
    re-checks only it, since the walkable-space rules (C4, C5, C7) cost
    nearly all the time and depend on that hall's stands alone. The metrics
    then cover only those halls' walks. `space=False` skips those rules
    altogether: the rest takes milliseconds even for hundreds of stands, so
    an editor answers with it first and sends C4, C5 and C7 when they are in.
    """
    ctx = Context.build(event, layout)
    jobs = [
        HallJob(
            ctx.halls[h],
            tuple(stands),
            tuple(open_sides_needed(ctx.request(s), s) for s in stands),
            event.rules,
        )
        for h, stands in ctx.by_hall.items()
        if space and (halls is None or h in halls)
    ]
    results = _run(jobs, workers)
    violations: list[Violation] = []
    violations += check_bookkeeping(ctx)
    violations += check_geometry(ctx)
    violations += check_overlaps(ctx)
    violations += check_areas(ctx)
    for result in results:
        violations += result.violations
    violations += check_exit_clearance(ctx)
    violations += check_requirements(ctx)
    blocks = hall_blocks(ctx)
    violations += check_rows(ctx, blocks)
    order = {rule: i for i, rule in enumerate(RULES)}
    if halls is not None:
        violations = [v for v in violations if v.hall is None or v.hall in halls]
    violations.sort(key=lambda v: order[v.rule])
    numbers = {st.request_id: st.number for st in layout.stands if st.number}
    violations = [with_numbers(v, numbers) for v in violations]
    return Report(violations, _metrics(ctx, results, blocks))


def _run(jobs: list[HallJob], workers: int) -> list[HallResult]:
    busy = [j for j in jobs if j.stands]
    if workers <= 1 or len(busy) <= 1:
        return [run_hall(j) for j in jobs]
    with pool_of(min(workers, len(busy))) as pool:
        # Largest halls first so that no worker is left with the big one at the end.
        ranked = sorted(jobs, key=lambda j: -len(j.stands))
        done = dict(zip((j.hall.id for j in ranked), pool.map(run_hall, ranked), strict=True))
    return [done[j.hall.id] for j in jobs]


def walkable_space(event: Event, layout: Layout, hall_id: str) -> BaseGeometry:
    """The walkable space of one hall under `layout` (see `validate.walkable`), for maps.

    Raises KeyError for a hall the venue does not have.
    """
    hall = event.venue.hall(hall_id)
    stands = [s for s in layout.stands if s.hall == hall_id]
    return space_of(hall, stands, event.rules).walkable


def _metrics(
    ctx: Context, results: list[HallResult], blocks: dict[str, list[Block]]
) -> dict[str, Any]:
    event = ctx.event
    placed_ids = [rid for rid in ctx.first_stand if ctx.first_stand[rid].hall in ctx.halls]
    placed_area = sum(ctx.first_stand[rid].area for rid in placed_ids)
    per_hall: dict[str, Any] = {}
    tau_inputs: dict[str, tuple[float | None, int]] = {}
    total_area = total_gross = 0.0
    edges_aligned = edges_all = 0
    for hall_id, stands in ctx.by_hall.items():
        hall = ctx.halls[hall_id]
        area = sum(s.area for s in stands)
        total_area += area
        total_gross += hall.gross_area
        scored = [s for s in stands if ctx.request(s) is not None]
        tiers = [float(ctx.event.request_by_id[s.request_id].tier) for s in scored]
        near = fig.proximity(hall, [centre(s) for s in scored]) if scored else []
        tau = fig.kendall_tau_b(tiers, near) if len(scored) >= 2 else None
        tau_inputs[hall_id] = (tau, len(scored))
        per_hall[hall_id] = {
            "stands": len(stands),
            "stand_area_m2": _r(area),
            "gross_area_m2": _r(hall.gross_area),
            "net_to_gross": _r(area / hall.gross_area),
            "fairness": _r(tau),
            "blocks": len(blocks[hall_id]),
            "aligned_edges": None,
        }
        # A lone block has nothing to line up with: the hall has no figure and is
        # left out of the event's, like a hall without a fairness figure.
        if len(blocks[hall_id]) >= 2:
            aligned, edges = aligned_edges(blocks[hall_id])
            per_hall[hall_id]["aligned_edges"] = _r(aligned / edges)
            edges_aligned += aligned
            edges_all += edges
    travel = {k: v for r in results for k, v in r.travel_m.items()}
    finite = {k: v for k, v in travel.items() if math.isfinite(v)}
    longest = max(finite, key=lambda k: finite[k]) if finite else None
    return {
        "requested": len(event.requests),
        "placed": len(placed_ids),
        "unplaced": len({u.request_id for u in ctx.layout.unplaced} & set(event.request_by_id)),
        "requested_area_m2": _r(sum(r.area_m2 for r in event.requests)),
        "placed_area_m2": _r(placed_area),
        "net_to_gross": _r(total_area / total_gross) if total_gross else None,
        "halls": per_hall,
        "open_sides": {k: v for r in results for k, v in r.open_sides.items()},
        "travel_m": {k: _r(v) for k, v in travel.items()},
        "to_aisle_m": {k: _r(v) for r in results for k, v in r.to_aisle_m.items()},
        "longest_travel_m": _r(finite[longest]) if longest is not None else None,
        "longest_travel_stand": longest,
        "fairness": _r(fig.fairness(tau_inputs)),
        "aligned_edges": _r(edges_aligned / edges_all) if edges_all else None,
    }


def _r(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, 4)


__all__ = ["validate", "walkable_space"]
