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
from dataclasses import dataclass, field, replace

from shapely import Polygon, box

from floorplan.hosting import hall_refusal
from floorplan.io.errors import InputError
from floorplan.model.event import Event, Request, Rules
from floorplan.model.layout import Layout, Stand
from floorplan.sizes import grid_sizes
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
    holes: list[tuple[int, int, int, int, str]] = field(default_factory=list)
    """Floor freed inside the cluster (cancelled or changed stands): x, y, w, d in grid
    units from the cluster's corner, and the sides of it that face an aisle (BTLR)."""

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
    freed: dict[str, list[Stand]] = {}
    problems = []
    seen: set[str] = set()
    for stand in baseline.stands:
        req = requests.get(stand.request_id)
        if req is None or stand.request_id in seen:
            # Cancelled (or a duplicate a planner left): its floor is free.
            freed.setdefault(stand.hall, []).append(stand)
            continue
        seen.add(stand.request_id)
        locked = stand.locked or req.id in locked_ids
        why = still_fits(event, req, stand)
        if why is not None:
            if locked:
                problems.append(f"locked stand {req.id} ({stand.hall}) cannot stay: {why}")
            freed.setdefault(stand.hall, []).append(stand)
            continue
        keep.setdefault(stand.hall, []).append(stand.model_copy(update={"locked": locked}))
    if problems:
        raise InputError(problems)
    # A stand a planner's locked stand was moved onto gives way: it is re-placed.
    for hall_id, stands in keep.items():
        pins = [s.rect for s in stands if s.locked]
        gone = [
            s
            for s in stands
            if not s.locked and any(s.rect.intersection(p).area > EPS for p in pins)
        ]
        keep[hall_id] = [s for s in stands if s not in gone]
        freed.setdefault(hall_id, []).extend(gone)
    out: dict[str, list[Kept]] = {}
    for hall_id, stands in keep.items():
        fr = frames[hall_id]
        out[hall_id] = [
            _cluster_block(event, fr, cluster, requests, freed.get(hall_id, []))
            for cluster in _clusters(stands, fr)
        ]
    return out


def fill_holes(kept: list[Kept], candidates: list[Request], rules: Rules) -> set[str]:
    """Put new or changed requests into the floor cancelled stands left in kept clusters.

    A request takes a hole when one of its sizes fits it, reaching every side
    of the hole it needs for its open sides (a side of the hole counts when it
    faces an aisle); it stands in the hole's corner. Returns the ids placed.
    """
    g = rules.grid_m
    taken: set[str] = set()
    pool = sorted(
        (r for r in candidates if not r.pavilion and not r.keep_apart),
        key=lambda r: (-r.tier, -r.area_m2, r.id),
    )
    for k in kept:
        if k.locked or not k.holes:
            continue
        block, shape = k.block, k.block.shapes[0]
        for hx, hy, hw, hd, open_sides in k.holes:
            for r in pool:
                if r.id in taken:
                    continue
                fit = _hole_fit(r, rules, hw, hd, open_sides)
                if fit is None:
                    continue
                w, d = fit
                block.members.append(r)
                shape = replace(shape, stands=(*shape.stands, (r.id, (hx, hy, w, d))))
                if block.exact is not None:
                    block.exact[r.id] = (hx * g, hy * g, w * g, d * g)
                taken.add(r.id)
                break
        block.shapes[0] = shape
    return taken


def _hole_fit(
    r: Request, rules: Rules, hw: int, hd: int, open_sides: str
) -> tuple[int, int] | None:
    g = rules.grid_m
    for w, d in grid_sizes(r, rules):
        if w > hw or d > hd:
            continue
        # Sides of the hole the stand reaches from the hole's lower-left corner.
        reached = {"B", "L"} | ({"T"} if d == hd else set()) | ({"R"} if w == hw else set())
        sides = [s for s in open_sides if s in reached]
        if len(sides) < r.open_sides_needed:
            continue
        # Inside walk to the nearest open side.
        walk = min(d if s in "BT" else w for s in sides) if len(sides) == 1 else min(w, d)
        if walk * g <= rules.max_to_aisle_m:
            return (w, d)
    return None


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
    event: Event,
    fr: Frame,
    stands: list[Stand],
    requests: dict[str, Request],
    freed: list[Stand],
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
    # validator, which measures them again after the re-solve. A cluster with its
    # back on a wall (a wall row) stays a wall row.
    wall = (
        "B"
        if gy == fr.y0
        else "T"
        if gy + depth == fr.y1
        else "L"
        if gx == fr.x0
        else "R"
        if gx + width == fr.x1
        else None
    )
    shape = Shape(width, depth, placed, (), wall)
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
    holes = []
    for s in freed:
        if not s.is_rect:
            continue  # (1.1) a polygon's bounding box may hold kept neighbours: not a hole
        x, y = round(s.x / g) - gx, round(s.y / g) - gy
        w, d = math.floor(s.width / g + EPS), math.floor(s.depth / g + EPS)
        if x < 0 or y < 0 or x + w > width or y + d > depth:
            continue  # not inside this cluster
        sides = "".join(
            side
            for side, on_edge in (
                ("B", y == 0),
                ("T", y + d == depth),
                ("L", x == 0),
                ("R", x + w == width),
            )
            if on_edge
        )
        holes.append((x, y, w, d, sides))
    # (1.1) A polygon stand cannot be re-cut as rectangles: its cluster stays exactly as drawn.
    fixed = any(s.locked or not s.is_rect for s in stands)
    return Kept(block, Spot(0, gx, gy), fixed, stands, holes)
