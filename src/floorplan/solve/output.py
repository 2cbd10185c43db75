"""From the halls' solutions to a numbered, explained and validated `Layout`.

Stands are written on the event's grid in world coordinates, numbered from geometry
(a stand that did not move keeps its number), every request left waiting gets the
reason a planner can check on the map, and the independent validator has the last word:
a stand it faults (a bug) is set aside with its words, so that what is written is
always valid.
"""

from __future__ import annotations

import math

from shapely.geometry import Polygon

from floorplan.hosting import hall_refusal
from floorplan.model.event import Event, Request
from floorplan.model.layout import Layout, Stand, Unplaced
from floorplan.sizes import fitting_extent
from floorplan.solve.hall import HallSolution
from floorplan.solve.notch import notches, outline, points
from floorplan.solve.pack import Placed
from floorplan.solve.problem import HallProblem
from floorplan.solve.reasons import (
    FloorSpots,
    Slot,
    beyond_reach,
    floor_spots,
    free_slots,
    full_reason,
    no_spot,
    room,
)
from floorplan.validate.report import Report, Violation

SET_ASIDE = "set aside after validation: "
"""How an unplaced reason starts when the validator faulted the stand the solver placed."""


def stand_of(pl: Placed, p: HallProblem) -> Stand:
    """A stand the solver placed (grid units of its hall's frame) as the layout's stand: in
    the hall's own coordinates, in metres on the event's grid; notched round the columns
    inside it (`notch.py`), as a polygon stand."""
    g = p.g
    x, y, w, d = p.to_world(pl.rect)
    cuts = notches((x, y, w, d), p.hall_column_boxes, g)
    shape = outline((x, y, w, d), cuts, g) if cuts else None
    if isinstance(shape, Polygon):
        return Stand(
            request_id=pl.request.id,
            hall=p.hall.id,
            polygon=points(shape),
            booth_type=pl.request.booth_type,
            locked=pl.request.locked,
        )
    return Stand(
        request_id=pl.request.id,
        hall=p.hall.id,
        x=round(x * g, 6),
        y=round(y * g, 6),
        width=round(w * g, 6),
        depth=round(d * g, 6),
        booth_type=pl.request.booth_type,
        locked=pl.request.locked,
    )


def layout_of(
    event: Event,
    solutions: dict[str, HallSolution],
    kept: dict[str, list[Stand]],
    unplaced: dict[str, str],
    todo: list[Request],
    previous: Layout | None,
    cut: bool = False,
) -> Layout:
    """The halls' stands and the kept ones, and every request left out with its reason
    (`cut`: the time limit cut the search short, which the reasons say)."""
    stands: list[Stand] = []
    for hall_id in event.halls:
        stands.extend(kept.get(hall_id, []))
        sol = solutions.get(hall_id)
        if sol is None:
            continue
        stands.extend(stand_of(pl, sol.problem) for pl in sol.placed)
    placed = {s.request_id: s.hall for s in stands}
    rooms: dict[tuple[str, int, int], str] = {}
    fars: dict[str, float] = {}
    slots: dict[str, list[Slot]] = {}
    floors: dict[str, FloorSpots] = {}
    for r in todo:
        if r.id not in placed and r.id not in unplaced:
            unplaced[r.id] = _full_reason(
                event, r, solutions, rooms, fars, slots, floors, placed, cut
            )
    return finished(event, stands, unplaced, previous)


def finished(
    event: Event, stands: list[Stand], unplaced: dict[str, str], previous: Layout | None
) -> Layout:
    stands = _numbered(event, stands, previous)
    placed = {s.request_id for s in stands}
    missing = [
        Unplaced(request_id=r.id, reason=unplaced.get(r.id) or "not placed")
        for r in event.requests
        if r.id not in placed
    ]
    gross = sum(h.gross_area for h in event.hall_models)
    metrics = {
        "placed": len(stands),
        "requested": len(event.requests),
        "placed_area_m2": round(sum(s.area for s in stands), 1),
        "requested_area_m2": round(sum(r.area_m2 for r in event.requests), 1),
        "net_to_gross": round(sum(s.area for s in stands) / gross, 3) if gross else 0.0,
    }
    return Layout(event=event.name, stands=stands, unplaced=missing, metrics=metrics)


def _full_reason(
    event: Event,
    req: Request,
    solutions: dict[str, HallSolution],
    rooms: dict[tuple[str, int, int], str],
    fars: dict[str, float],
    slots: dict[str, list[Slot]],
    floors: dict[str, FloorSpots],
    placed: dict[str, str],
    cut: bool = False,
) -> str:
    """`reasons.full_reason` over the halls that could host `req`; each hall's free slots
    are found once (`slots` keeps them; their open sides cost one walk, `fars` its floor out
    of reach) and described once for each number of open sides and of slots as long as the
    stand may be (`rooms` keeps those); its open floor is rastered once
    (`floors`). A member of a pavilion seated in part (`placed`: request id -> hall) could
    stand only in its fellows' hall: that hall is described."""
    seated = [
        r.id
        for r in event.requests
        if req.pavilion and r.pavilion == req.pavilion and r.id in placed
    ]
    fellows = {placed[rid] for rid in seated}
    free = []
    sides = max(1, req.open_sides_needed)
    # The longest the stand may be: a slot open only at its ends gives both to a stand as
    # long as the slot alone.
    longest = fitting_extent(req, event.rules, math.inf, math.inf)
    most = longest[1] if longest is not None else math.inf
    refused = []
    for hall in event.hall_models:
        sol = solutions.get(hall.id)
        refusal = hall_refusal(event, req, hall)
        if refusal is not None and req.hall is None and not seated:
            refused.append((hall.id, refusal))
        if sol is None or refusal is not None:
            continue
        if seated and hall.id not in fellows:
            continue
        if hall.id not in slots:
            slots[hall.id] = free_slots(sol)
            fars[hall.id] = beyond_reach(sol)
        # The slots as long as the stand may be: what the words depend on.
        key = (hall.id, sides, sum(1 for s in slots[hall.id] if s.length <= most + 1e-9))
        if key not in rooms:
            rooms[key] = room(event, hall.id, sol, sides, slots[hall.id], most, fars[hall.id])
        if hall.id not in floors:
            floors[hall.id] = floor_spots(sol)
        free.append(rooms[key] + no_spot(req, floors[hall.id]))
    return full_reason(event, req, free, seated, refused, cut)


def _numbered(event: Event, stands: list[Stand], previous: Layout | None) -> list[Stand]:
    """Stand numbers from geometry; a stand that did not move keeps the number it had."""
    from floorplan.numbering import renumber

    return renumber(event, stands, previous.stands if previous is not None else ())


def _fault(v: Violation, stand: Stand | None) -> str:
    """The validator's finding about a stand the solver placed, said by where the stand was
    (its number is gone with it): rule, hall, spot, size and the measured words."""
    if stand is None or stand.polygon is not None:
        return v.message
    detail = v.message.split(": ", 1)[-1]
    return (
        f"{v.rule} at x {stand.x:g}, y {stand.y:g} m in {stand.hall} "
        f"({stand.width:g} x {stand.depth:g} m): {detail}"
    )


def checked(
    event: Event, layout: Layout, previous: Layout | None, workers: int
) -> tuple[Layout, Report]:
    """The validator's verdict; stands it faults are set aside with its words (a safety net).
    Returns the layout and the validator's report of it (the maps show it). Halls are
    checked in `workers` processes: the proof of a big event takes seconds."""
    from floorplan.validate import validate

    for _ in range(3):
        report = validate(event, layout, workers)
        if report.valid:
            return layout, report
        faults: dict[str, str] = {}
        locked = {s.request_id for s in layout.stands if s.locked}
        where = {s.request_id: s for s in layout.stands}
        for v in report.violations:
            for rid in v.stands:
                if rid in locked:
                    continue
                faults.setdefault(rid, _fault(v, where.get(rid)))
        if not faults:
            break
        stands = [s for s in layout.stands if s.request_id not in faults]
        unplaced = {u.request_id: u.reason for u in layout.unplaced}
        for rid, msg in faults.items():
            unplaced[rid] = f"{SET_ASIDE}{msg}"
        layout = finished(event, stands, unplaced, previous)
    return layout, validate(event, layout, workers)
