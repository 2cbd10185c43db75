"""Why a request stayed unplaced, in words a planner can check on the map."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import shapely

from floorplan.model.event import Event, Request
from floorplan.sizes import smallest_extent
from floorplan.solve.params import DEFAULT, Params
from floorplan.solve.stretches import free_stretches
from floorplan.solve.walk import build_walk

if TYPE_CHECKING:
    from floorplan.solve.hall import HallSolution


def largest_free(
    sol: HallSolution, sides: int = 1, params: Params = DEFAULT
) -> tuple[float, float]:
    """The largest empty stretch of any segment of the hall's skeleton (metres, along x depth)
    whose corners are all within `max_travel_m` of an exit in a straight line and that has
    at least `sides` open sides (`stretches.free_stretches` says what empty means).

    A stretch is open in front (the aisle) and at its ends (an aisle from the next
    stand, or a cross aisle); its back is open only where the band's other row is empty
    there too. Fuzzed ev11 named a 10 x 5.5 m slot to islands of 5.5 x 6.5 m: the slot
    backed onto a stand, and no island could stand there.
    """
    p = sol.problem
    g = p.g
    best = (0, 0)
    reach = p.rules.max_travel_m
    stretches = free_stretches(sol)
    rects = [st.segment.rect(st.lo, st.hi, st.segment.t0, st.segment.t1) for st in stretches]
    walk = None
    for st, rect in zip(stretches, rects, strict=True):
        seg = st.segment
        if st.length * seg.depth <= best[0] * best[1]:
            continue
        if bool(p.beyond_reach(np.array([rect], dtype=np.int64), reach)[0]):
            continue
        if sides > 1:
            if walk is None:
                # Every stretch taken: a stand there takes the floor that widened the aisle
                # in front of it (a column in that aisle then narrows it again).
                walk = build_walk(p, [pl.rect for pl in sol.placed] + rects, params)
            x, y, w, d = rect
            if len(walk.access((x * g, y * g, w * g, d * g), params.open_share).open) < sides:
                continue
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


def room(event: Event, hall_id: str, sol: HallSolution, sides: int = 1) -> str:
    """What is free in a hall for a stand that needs `sides` open sides, in words a planner
    can check on its map (once per hall and number of sides)."""
    w, d = largest_free(sol, sides)
    with_sides = f" with {sides} open sides" if sides > 1 else ""
    if w > 0 and d > 0:
        part = f"{hall_id}: largest free slot{with_sides} {w:g} x {d:g} m"
    elif sides > 1 and largest_free(sol) != (0, 0):
        part = f"{hall_id}: no free slot{with_sides}"
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
