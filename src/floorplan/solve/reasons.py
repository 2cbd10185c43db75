"""Why a request stayed unplaced, in words a planner can check on the map."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import shapely

from floorplan.model.event import Event, Request
from floorplan.sizes import smallest_extent

if TYPE_CHECKING:
    from floorplan.solve.hall import HallSolution
    from floorplan.solve.skeleton import Segment


def largest_free(sol: HallSolution) -> tuple[float, float]:
    """The largest empty stretch of any segment of the hall's skeleton (metres, along x depth)
    whose corners are all within `max_travel_m` of an exit in a straight line.

    Empty means no stand covers any of it or the aisles along it, whoever put
    the stand there: the packer, the open-floor pass, the slide onto a line or a
    kept baseline stand.
    """
    if sol.skeleton is None:
        return (0.0, 0.0)
    p = sol.problem
    g = p.g
    rects = [pl.rect for pl in sol.placed] + list(p.fixed_rects)
    best = (0, 0)
    a = sol.skeleton.aisle
    reach = p.rules.max_travel_m

    def within_reach(lo: int, hi: int, seg: Segment) -> bool:
        box = np.array([seg.rect(lo, hi, seg.t0, seg.t1)], dtype=np.int64)
        return not bool(p.beyond_reach(box, reach)[0])

    for seg in sol.skeleton.segments:
        # The aisles along the band's faces count: a stand seated in one (on the open
        # floor, or slid there) takes that stretch's way in.
        sx, sy, sw, sd = seg.rect(seg.s0, seg.s1, seg.t0 - a, seg.t1 + a)
        spans = sorted(
            (x, x + w) if seg.axis == "x" else (y, y + d)
            for x, y, w, d in rects
            if x < sx + sw and sx < x + w and y < sy + sd and sy < y + d
        )
        cursor = seg.s0
        # The segment's ends border cross aisles: a block may run up to them.
        for a0, a1 in [*spans, (seg.s1, seg.s1)]:
            # A new block needs an aisle's width from its neighbours.
            lo = cursor + (a if cursor > seg.s0 else 0)
            hi = a0 - (a if a0 < seg.s1 else 0)
            if (hi - lo) * seg.depth > best[0] * best[1] and within_reach(lo, hi, seg):
                best = (hi - lo, seg.depth)
            cursor = max(cursor, a1)
    return (best[0] * g, best[1] * g)


def beyond_reach(sol: HallSolution) -> float:
    """Share of the hall's floor farther than `max_travel_m` from every exit door in a
    straight line: no stand can stand there, whatever the layout (a walk is never
    shorter than the straight line)."""
    p = sol.problem
    reach = p.rules.max_travel_m
    near = shapely.union_all([d.buffer(reach) for d in p.doors])
    far = p.outline.difference(near).area
    return float(far / p.outline.area) if p.outline.area > 0 else 0.0


def room(event: Event, hall_id: str, sol: HallSolution) -> str:
    """What is free in a hall, in words a planner can check on its map (once per hall)."""
    w, d = largest_free(sol)
    if w > 0 and d > 0:
        part = f"{hall_id}: largest free slot {w:g} x {d:g} m"
    else:
        # Not "0 x 0 m": the aisles are free floor on the map, but no row has room left.
        part = f"{hall_id}: no row has a free stretch left"
    far = beyond_reach(sol)
    if far >= 0.05:
        part += (
            f", {far:.0%} of its floor is over {event.rules.max_travel_m:g} m "
            "(max_travel_m) from every exit"
        )
    return part


def full_reason(event: Event, req: Request, rooms: list[str]) -> str:
    """Why `req` is unplaced when the halls that could host it are full (`rooms`: `room` of
    each)."""
    if req.pavilion and not rooms:
        return f"pavilion {req.pavilion} does not fit together in any hall that can host it"
    extent = smallest_extent(req, event.rules) or (math.nan, math.nan)
    why = (
        f"no room left ({'; '.join(rooms)}); the stand needs {req.area_m2:g} m2, "
        f"at least {extent[0]:g} x {extent[1]:g} m"
        + (f" with {req.open_sides_needed} open sides" if req.open_sides_needed > 1 else "")
    )
    if req.pavilion:
        why = f"pavilion {req.pavilion} could not be kept together: " + why
    return why


__all__ = ["beyond_reach", "full_reason", "largest_free", "room"]
