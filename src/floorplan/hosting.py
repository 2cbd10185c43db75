"""Which halls can host a request, and why not.

A planner acts on reasons, so every refusal names the requirement and the
value that fails it. Used by `info` and by the solver for unplaced reasons.
"""

from __future__ import annotations

from floorplan.clearfloor import clear_floor, clear_size
from floorplan.model.event import Event, Request
from floorplan.model.venue import Hall
from floorplan.sizes import (
    exact_area_fits,
    exact_units,
    fitting_extent,
    sizes_in_words,
    smallest_extent,
)


def hall_refusal(event: Event, request: Request, hall: Hall) -> str | None:
    """Why `hall` cannot host `request`, or None if it might."""
    if request.hall is not None and request.hall != hall.id:
        return f"must be in {request.hall}"
    need = request.floor_load_kn_m2
    if need is not None and (hall.floor_load_kn_m2 or 0) < need:
        have = hall.floor_load_kn_m2
        return (
            f"needs floor load {need:g} kN/m2, {hall.id} has {have:g}"
            if have
            else (f"needs floor load {need:g} kN/m2, {hall.id} has no rated floor load")
        )
    height = request.height_m
    if height is not None and (hall.ceiling_height_m or 0) < height:
        have_h = hall.ceiling_height_m
        return (
            f"needs ceiling {height:g} m, {hall.id} has {have_h:g} m"
            if have_h
            else (f"needs ceiling {height:g} m, {hall.id} has no stated ceiling height")
        )
    if smallest_extent(request, event.rules) is None:
        return "no stand size fits the rules"
    x0, y0, x1, y1 = hall.shape.bounds
    # An aisle in front of each open side: an island needs one all round, a stand
    # with fewer open sides may back onto the walls.
    a = event.rules.aisle_width_m
    need = request.open_sides_needed
    hs, hl = sorted((x1 - x0, y1 - y0))
    hs -= a * (2 if need >= 3 else 1)
    hl -= a * (2 if need >= 4 else 1)
    if fitting_extent(request, event.rules, hs, hl) is None:
        return (
            f"needs {sizes_in_words(request, event.rules)}, {hall.id} has {hs:g} x {hl:g} m "
            f"inside the aisles its {max(1, need)} open side(s) need"
        )
    if hall.obstacles or len(hall.outline) > 4:
        # Columns, keep-outs and inner corners cut the floor into smaller clear rooms, and
        # the doors' clearances cut the strips along the walls.
        floor = clear_floor(hall, clearance=event.rules.exit_clearance_m)
        if clear_size(request, event.rules, floor) is None:
            w, d = floor.largest()
            return (
                f"needs {sizes_in_words(request, event.rules)} of clear floor, {hall.id} has no "
                f"rectangle that large clear of its columns, keep-outs, walls and exit "
                f"clearances (largest about {w:.0f} x {d:.0f} m)"
            )
    return None


def aisle_round(event: Event, request: Request, hall: Hall) -> bool:
    """Whether the hall's floor may hold an island of this request with a whole aisle all
    round it, clear of the walls and keep-outs (`clearfloor` on the floor an aisle in from
    them; the columns as they stand, since the skeleton puts them in aisles). An island
    needs only half of each side open, so this is a preference, never a refusal: an
    island the hall knapsack sent elsewhere moves to such a hall when one has the room
    (`solve.assign`). A rectangular hall without columns or keep-outs has the answer in
    `hall_refusal` already."""
    if request.open_sides_needed < 4 or not (hall.obstacles or len(hall.outline) > 4):
        return True
    floor = clear_floor(hall, event.rules.aisle_width_m, event.rules.exit_clearance_m)
    return clear_size(request, event.rules, floor) is not None


def no_size_reason(event: Event, request: Request) -> str | None:
    r = event.rules
    exact = request.exact_size
    if exact is not None and not exact_area_fits(request, r):
        area = exact[0] * exact[1]
        return (
            f"exact size {exact[0]:g} x {exact[1]:g} m = {area:g} m2 is not within "
            f"{r.area_tolerance:.0%} of the {request.area_m2:g} m2 requested: no stand can "
            "have both (correct width_m, depth_m or area_m2)"
        )
    if exact is not None and exact_units(request, r) is None:
        return (
            f"exact size {exact[0]:g} x {exact[1]:g} m is not on the {r.grid_m:g} m grid: "
            "stands are placed on the grid only (give a size on it, or a finer grid_m)"
        )
    if smallest_extent(request, r) is not None:
        return None
    if exact is not None:
        return f"exact size {exact[0]:g} x {exact[1]:g} m is not on the {r.grid_m:g} m grid"
    return (
        f"no rectangle of {request.area_m2:g} m2 +/-{r.area_tolerance:.0%} has sides >= "
        f"{r.min_side_m:g} m and aspect <= {r.max_aspect:g} on the {r.grid_m:g} m grid"
    )


def unhostable_reason(event: Event, request: Request) -> str | None:
    """The reason no hall of the event can host `request`, or None if one can."""
    no_size = no_size_reason(event, request)
    if no_size:
        return no_size
    if request.hall is not None and request.hall not in event.halls:
        return (
            f"must be in {request.hall}, which this event does not use "
            f"(its halls: {', '.join(event.halls)})"
        )
    refusals = [hall_refusal(event, request, hall) for hall in event.hall_models]
    if any(r is None for r in refusals):
        return None
    if request.hall is not None:
        own = next(
            (r for h, r in zip(event.hall_models, refusals, strict=True) if h.id == request.hall),
            None,
        )
        if own:
            return own
    need = request.floor_load_kn_m2
    if need is not None:
        best = max((h.floor_load_kn_m2 or 0) for h in event.hall_models)
        if best < need:
            return f"needs floor load {need:g} kN/m2, the strongest hall has {best:g}"
    height = request.height_m
    if height is not None:
        best_h = max((h.ceiling_height_m or 0) for h in event.hall_models)
        if best_h < height:
            return f"needs ceiling {height:g} m, the highest hall has {best_h:g} m"
    return "; ".join(dict.fromkeys(r for r in refusals if r))
