"""Where visitors can walk, and which stand sides open onto it.

The validator owns the definition of walkable space (CONTRACT.md rule 4);
the map shows the validator's answer whenever `floorplan.validate` provides
`walkable_space`. The fallback here follows the same contract wording (free
floor whose clear width is at least the aisle width and that reaches an exit)
so the renderer works, and its tests run, without the validator.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
import shapely
from shapely import LineString, Point, Polygon, box, unary_union
from shapely.geometry.base import BaseGeometry

from floorplan.model.event import Event
from floorplan.model.layout import Layout, Stand
from floorplan.model.venue import Hall

Side = Literal["S", "E", "N", "W"]
SIDES: tuple[Side, ...] = ("S", "E", "N", "W")

EPS = 1e-6
PROBE_M = 0.05
"""Depth of the strip probed beyond a stand side: thin enough to see only the neighbour."""
OPEN_SHARE = 0.5
"""CONTRACT.md rule 5: a side is open when at least half of it borders walkable space."""

WalkableFn = Callable[[Event, Layout, str], BaseGeometry]


def free_floor(hall: Hall, stands: Sequence[Stand]) -> BaseGeometry:
    """Hall floor not covered by a stand, a column or a keep-out."""
    taken = unary_union([s.rect for s in stands] + list(hall.obstacles))
    return hall.shape.difference(taken)


def fallback_walkable(event: Event, layout: Layout, hall_id: str) -> BaseGeometry:
    """Free floor at least one aisle wide that connects to an exit door."""
    hall = event.venue.hall(hall_id)
    stands = [s for s in layout.stands if s.hall == hall_id]
    free = free_floor(hall, stands)
    r = event.rules.aisle_width_m / 2 - 1e-6
    # A mitred opening keeps the square corners of aisle crossings that a
    # round one would shave off; what it removes is narrower than an aisle.
    opened = free.buffer(-r, join_style="mitre").buffer(r, join_style="mitre").intersection(free)
    doors = [ex.door(hall.shape) for ex in hall.exits]
    parts = [
        p
        for p in getattr(opened, "geoms", [opened])
        if isinstance(p, Polygon) and not p.is_empty and any(p.distance(d) < 1e-3 for d in doors)
    ]
    return unary_union(parts) if parts else Polygon()


def validator_walkable() -> WalkableFn | None:
    try:
        from floorplan.validate import walkable_space
    except ImportError:
        return None
    fn: WalkableFn = walkable_space
    return fn


def walkable(event: Event, layout: Layout, hall_id: str) -> BaseGeometry:
    fn = validator_walkable() or fallback_walkable
    return fn(event, layout, hall_id)


def side_segments(stand: Stand) -> dict[Side, tuple[tuple[float, float], tuple[float, float]]]:
    x0, y0 = stand.x, stand.y
    x1, y1 = x0 + stand.width, y0 + stand.depth
    return {
        "S": ((x0, y0), (x1, y0)),
        "E": ((x1, y0), (x1, y1)),
        "N": ((x1, y1), (x0, y1)),
        "W": ((x0, y1), (x0, y0)),
    }


OPPOSITE: dict[Side, Side] = {"S": "N", "N": "S", "E": "W", "W": "E"}


def edge(stand: Stand, side: Side) -> float:
    """The coordinate of a side: y for S and N, x for W and E."""
    return {
        "S": stand.y,
        "N": stand.y + stand.depth,
        "W": stand.x,
        "E": stand.x + stand.width,
    }[side]


def gap_ahead(
    stand: Stand, side: Side, others: Sequence[Stand], outline: BaseGeometry, cap: float
) -> tuple[float, int | None]:
    """Free distance in front of `side` to the next stand or wall (at most `cap`).

    Also returns the index in `others` of the stand that ends the gap, or None
    when a wall or the cap does. Stands count when they overlap the side's
    span; the wall is probed from the side's midpoint.
    """
    x0, y0 = stand.x, stand.y
    x1, y1 = x0 + stand.width, y0 + stand.depth
    gap, ahead = cap, None
    for k, o in enumerate(others):
        if o is stand:
            continue
        ox0, oy0, ox1, oy1 = o.x, o.y, o.x + o.width, o.y + o.depth
        if side in ("S", "N") and min(x1, ox1) - max(x0, ox0) > EPS:
            d = y0 - oy1 if side == "S" else oy0 - y1
        elif side in ("E", "W") and min(y1, oy1) - max(y0, oy0) > EPS:
            d = ox0 - x1 if side == "E" else x0 - ox1
        else:
            continue
        if -EPS <= d < gap:
            gap, ahead = max(d, 0.0), k
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    start, end = {
        "S": ((mx, y0), (mx, y0 - cap)),
        "N": ((mx, y1), (mx, y1 + cap)),
        "W": ((x0, my), (x0 - cap, my)),
        "E": ((x1, my), (x1 + cap, my)),
    }[side]
    hit = LineString([start, end]).intersection(outline)
    if not hit.is_empty:
        wall = float(Point(start).distance(hit))
        if wall < gap:
            gap, ahead = wall, None
    return gap, ahead


def _probe(stand: Stand, side: Side, depth: float) -> Polygon:
    x0, y0 = stand.x, stand.y
    x1, y1 = x0 + stand.width, y0 + stand.depth
    if side == "S":
        return box(x0, y0 - depth, x1, y0)
    if side == "N":
        return box(x0, y1, x1, y1 + depth)
    if side == "W":
        return box(x0 - depth, y0, x0, y1)
    return box(x1, y0, x1 + depth, y1)


def open_shares(stands: Sequence[Stand], space: BaseGeometry) -> list[dict[Side, float]]:
    """Share of each side's length that borders `space`, per stand."""
    if not stands:
        return []
    probes = np.array([_probe(s, side, PROBE_M) for s in stands for side in SIDES], dtype=object)
    if space.is_empty:
        shares = np.zeros(len(probes))
    else:
        shapely.prepare(space)
        hit = shapely.intersects(space, probes)
        shares = np.zeros(len(probes))
        if hit.any():
            inter = shapely.intersection(probes[hit], space)
            shares[hit] = shapely.area(inter) / shapely.area(probes[hit])
    out: list[dict[Side, float]] = []
    for i in range(len(stands)):
        row = shares[4 * i : 4 * i + 4]
        out.append({side: float(row[j]) for j, side in enumerate(SIDES)})
    return out


def open_sides(stands: Sequence[Stand], space: BaseGeometry) -> list[frozenset[Side]]:
    return [
        frozenset(side for side, share in shares.items() if share >= OPEN_SHARE - 1e-9)
        for shares in open_shares(stands, space)
    ]


__all__ = [
    "OPPOSITE",
    "SIDES",
    "Side",
    "edge",
    "fallback_walkable",
    "free_floor",
    "gap_ahead",
    "open_shares",
    "open_sides",
    "side_segments",
    "walkable",
]
