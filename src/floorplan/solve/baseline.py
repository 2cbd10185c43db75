"""Re-layout: what of a previous layout stays where it is.

Contracts move every week; exhibitors who were told their location keep it.
A request whose baseline stand still fits it (same hall allowed, area within
tolerance, booth type and exact size unchanged, hall requirements met) is
*kept*. Kept stands closer to each other than an aisle form a cluster: the
block they were built as. A cluster becomes a one-shape block that the
model rewards for staying exactly in place; a cluster holding a locked stand
does not move at all. Changed, new and cancelled requests make room or take
it around them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from shapely import Polygon, box

from floorplan.hosting import hall_refusal
from floorplan.io.errors import InputError
from floorplan.model.event import Event, Request
from floorplan.model.layout import Layout, Stand
from floorplan.solve.blocks import Block, Shape
from floorplan.solve.frame import Frame
from floorplan.solve.place import Spot

EPS = 1e-6


@dataclass(frozen=True)
class Kept:
    block: Block
    spot: Spot
    locked: bool
    stands: list[Stand]

    def box(self) -> tuple[int, int, int, int]:
        shape = self.block.shapes[0]
        return (self.spot.x, self.spot.y, shape.width, shape.depth)


def still_fits(event: Event, request: Request, stand: Stand) -> str | None:
    """Why the baseline stand no longer serves the request, or None if it does."""
    rules = event.rules
    if stand.hall not in event.halls:
        return f"hall {stand.hall} is no longer in the event"
    hall = event.venue.hall(stand.hall)
    refusal = hall_refusal(event, request, hall)
    if refusal and not refusal.startswith("needs at least"):
        return refusal
    if abs(stand.area - request.area_m2) > rules.area_tolerance * request.area_m2 + EPS:
        return f"area changed to {request.area_m2:g} m2, the stand has {stand.area:g} m2"
    exact = request.exact_size
    if exact is not None and sorted((stand.width, stand.depth)) != sorted(exact):
        return f"exact size changed to {exact[0]:g} x {exact[1]:g} m"
    if request.booth_type != stand.booth_type:
        return f"booth type changed to {request.booth_type or 'any'}"
    rect = stand.rect
    if not hall.shape.buffer(EPS).covers(rect):
        return "no longer inside the hall"
    for obstacle in hall.obstacles:
        if rect.intersection(obstacle).area > EPS:
            return "overlaps a column or keep-out"
    g = rules.grid_m
    for v in (stand.x, stand.y):
        if abs(v / g - round(v / g)) > EPS:
            return f"not on the {g:g} m grid"
    return None


def kept_blocks(event: Event, baseline: Layout, frames: dict[str, Frame]) -> dict[str, list[Kept]]:
    """Per hall, the clusters of kept baseline stands; raises for an impossible locked stand."""
    requests = event.request_by_id
    locked_ids = {r.id for r in event.requests if r.locked}
    keep: dict[str, list[Stand]] = {}
    problems = []
    seen: set[str] = set()
    for stand in baseline.stands:
        req = requests.get(stand.request_id)
        if req is None or stand.request_id in seen:
            continue  # cancelled (or a duplicate a planner left): its floor is free
        seen.add(stand.request_id)
        locked = stand.locked or req.id in locked_ids
        why = still_fits(event, req, stand)
        if why is not None:
            if locked:
                problems.append(f"locked stand {req.id} ({stand.hall}) cannot stay: {why}")
            continue
        keep.setdefault(stand.hall, []).append(stand.model_copy(update={"locked": locked}))
    if problems:
        raise InputError(problems)
    out: dict[str, list[Kept]] = {}
    for hall_id, stands in keep.items():
        fr = frames[hall_id]
        out[hall_id] = [
            _cluster_block(event, fr, cluster, requests) for cluster in _clusters(stands, fr)
        ]
    return out


def _clusters(stands: list[Stand], fr: Frame) -> list[list[Stand]]:
    """Stands closer than an aisle belong together, and so do overlapping cluster extents."""
    aisle = fr.aisle * fr.grid - EPS
    groups = [[s] for s in sorted(stands, key=lambda s: (s.y, s.x, s.request_id))]
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                a, b = _extent(groups[i]), _extent(groups[j])
                if a.distance(b) < aisle:
                    groups[i] += groups.pop(j)
                    merged = True
                    break
            if merged:
                break
    return groups


def _extent(stands: list[Stand]) -> Polygon:
    x0 = min(s.x for s in stands)
    y0 = min(s.y for s in stands)
    x1 = max(s.x + s.width for s in stands)
    y1 = max(s.y + s.depth for s in stands)
    return box(x0, y0, x1, y1)


def _cluster_block(
    event: Event, fr: Frame, stands: list[Stand], requests: dict[str, Request]
) -> Kept:
    g = fr.grid
    x0 = min(s.x for s in stands)
    y0 = min(s.y for s in stands)
    gx, gy = round(x0 / g), round(y0 / g)
    width = math.ceil(max(s.x + s.width for s in stands) / g - EPS) - gx
    depth = math.ceil(max(s.y + s.depth for s in stands) / g - EPS) - gy
    placed = tuple(
        (
            s.request_id,
            (round(s.x / g) - gx, round(s.y / g) - gy, round(s.width / g), round(s.depth / g)),
        )
        for s in stands
    )
    # A kept cluster keeps its shape and its walks: the baseline passed the
    # validator, which measures them again after the re-solve.
    shape = Shape(width, depth, placed, ())
    members = [requests[s.request_id] for s in stands]
    exact = {s.request_id: (s.x - gx * g, s.y - gy * g, s.width, s.depth) for s in stands}
    pavilions = {r.pavilion for r in members}
    pavilion = pavilions.pop() if len(pavilions) == 1 else None
    block = Block(
        f"{fr.hall.id}-kept-{stands[0].request_id}",
        members,
        [shape],
        "kept",
        pavilion,
        exact=exact,
    )
    return Kept(block, Spot(0, gx, gy), any(s.locked for s in stands), stands)
