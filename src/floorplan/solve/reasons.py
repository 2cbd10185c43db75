"""Why a request stayed unplaced, in words a planner can check on the map."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import shapely

from floorplan.model.event import Event, Request
from floorplan.sizes import smallest_extent
from floorplan.solve.stretches import free_stretches

if TYPE_CHECKING:
    from floorplan.solve.hall import HallSolution


def largest_free(sol: HallSolution) -> tuple[float, float]:
    """The largest empty stretch of any segment of the hall's skeleton (metres, along x depth)
    whose corners are all within `max_travel_m` of an exit in a straight line
    (`stretches.free_stretches` says what empty means)."""
    p = sol.problem
    g = p.g
    best = (0, 0)
    reach = p.rules.max_travel_m
    for st in free_stretches(sol):
        seg = st.segment
        if st.length * seg.depth <= best[0] * best[1]:
            continue
        box = np.array([seg.rect(st.lo, st.hi, seg.t0, seg.t1)], dtype=np.int64)
        if not bool(p.beyond_reach(box, reach)[0]):
            best = (st.length, seg.depth)
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
        # The free slot is weighed against the whole pavilion, not this member alone.
        members = [r for r in event.requests if r.pavilion == req.pavilion]
        total = sum(r.area_m2 for r in members)
        why = (
            f"pavilion {req.pavilion} could not be kept together: "
            + why
            + f"; its {len(members)} stands need {total:g} m2 side by side"
        )
    return why


__all__ = ["beyond_reach", "full_reason", "largest_free", "room"]
