"""Why a request stayed unplaced, in words a planner can check on the map."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from floorplan.model.event import Event, Request
from floorplan.sizes import smallest_extent

if TYPE_CHECKING:
    from floorplan.solve.hall import HallSolution


def largest_free(sol: HallSolution) -> tuple[float, float]:
    """The largest empty stretch of any segment of the hall's skeleton (metres, along x depth).

    Empty means no stand covers any of it, whoever put the stand there: the
    packer, the open-floor pass, the slide onto a line or a kept baseline stand.
    """
    if sol.skeleton is None:
        return (0.0, 0.0)
    p = sol.problem
    g = p.g
    rects = [pl.rect for pl in sol.placed] + list(p.fixed_rects)
    best = (0, 0)
    a = sol.skeleton.aisle
    for seg in sol.skeleton.segments:
        sx, sy, sw, sd = seg.box
        spans = sorted(
            (x, x + w) if seg.axis == "x" else (y, y + d)
            for x, y, w, d in rects
            if x < sx + sw and sx < x + w and y < sy + sd and sy < y + d
        )
        cursor = seg.s0
        for a0, a1 in [*spans, (seg.s1 + a, seg.s1 + a)]:
            # A new block needs an aisle's width from its neighbours.
            lo = cursor + (a if cursor > seg.s0 else 0)
            hi = a0 - (a if a0 < seg.s1 else 0)
            if (hi - lo) * seg.depth > best[0] * best[1]:
                best = (hi - lo, seg.depth)
            cursor = max(cursor, a1)
    return (best[0] * g, best[1] * g)


def full_reason(event: Event, req: Request, rooms: list[tuple[str, HallSolution]]) -> str:
    if req.pavilion and not rooms:
        return f"pavilion {req.pavilion} does not fit together in any hall that can host it"
    extent = smallest_extent(req, event.rules) or (math.nan, math.nan)
    parts = []
    for hall_id, sol in rooms:
        w, d = largest_free(sol)
        parts.append(f"{hall_id}: largest free slot {w:g} x {d:g} m")
    why = (
        f"no room left ({'; '.join(parts)}); the stand needs {req.area_m2:g} m2, "
        f"at least {extent[0]:g} x {extent[1]:g} m"
        + (f" with {req.open_sides_needed} open sides" if req.open_sides_needed > 1 else "")
    )
    if req.pavilion:
        why = f"pavilion {req.pavilion} could not be kept together: " + why
    return why


__all__ = ["full_reason", "largest_free"]
