"""A stand's sides and which of them open onto the floor: one definition outside the validator.

Numbering, the maps (and, once the solver switches over, its fairness pass)
read stand sides from here; the validator keeps its own, independent
definition (`validate.access`), so that a mistake here cannot hide a
violation there.

API (small and stable):

- `Side`: one side as a segment `a -> b`, counter-clockwise round the stand
  (the stand lies on the left), with its `length`, unit `normal` pointing out
  of the stand, and `facing`, the compass direction (S, E, N, W) nearest that
  normal. A rectangle's sides are S, E, N, W in that order; a polygon stand's
  are its edges, counter-clockwise from its lowest (then leftmost) vertex,
  with collinear vertices merged (CONTRACT.md 1.1: each polygon edge is a side).
- `stand_sides(stand)`: the sides of a rectangle or polygon stand.
- `free_floor(hall, stands)`: hall floor not covered by stands, columns, keep-outs.
- `open_shares(stands, space)`: per stand, per side, the share of its length
  bordering `space` (free floor, or walkable space when the caller has it).
- `open_sides(stands, space)`: per stand, the indices of its open sides
  (CONTRACT.md rule 5: at least half the side borders the space).
- `facing_shares(sides, shares)`: per compass direction, the length-weighted
  open share of the sides facing that way.
- `edge(stand, facing)` and `gap_ahead(...)`: the bounding-box line a stand
  presents to one compass direction, and the free distance in front of it
  (`boxes_of`: the boxes it compares, computed once for many questions).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import shapely
from shapely import LineString, Point, Polygon, unary_union
from shapely.geometry.base import BaseGeometry

from floorplan.model.layout import Stand
from floorplan.model.venue import Hall

Facing = Literal["S", "E", "N", "W"]
FACINGS: tuple[Facing, ...] = ("S", "E", "N", "W")
OPPOSITE: dict[Facing, Facing] = {"S": "N", "N": "S", "E": "W", "W": "E"}

OPEN_SHARE = 0.5
"""CONTRACT.md rule 5: a side is open when at least half of it borders walkable space."""
PROBE_M = 0.05
"""Depth of the strip probed beyond a side: thin enough to see only the neighbour."""
EPS = 1e-6

Pt = tuple[float, float]


@dataclass(frozen=True)
class Side:
    a: Pt
    b: Pt
    """Ends, counter-clockwise round the stand: the stand lies left of a -> b."""
    normal: Pt
    """Unit vector out of the stand."""
    length: float
    facing: Facing
    """The compass direction nearest `normal` (a 45-degree side faces S or N)."""

    @property
    def midpoint(self) -> Pt:
        return ((self.a[0] + self.b[0]) / 2, (self.a[1] + self.b[1]) / 2)

    def probe(self, depth: float = PROBE_M) -> Polygon:
        """The strip `depth` wide just outside the side."""
        nx, ny = self.normal[0] * depth, self.normal[1] * depth
        return Polygon(
            [self.a, self.b, (self.b[0] + nx, self.b[1] + ny), (self.a[0] + nx, self.a[1] + ny)]
        )


def _facing(nx: float, ny: float) -> Facing:
    if abs(ny) >= abs(nx) - EPS:
        return "N" if ny > 0 else "S"
    return "E" if nx > 0 else "W"


def _side(a: Pt, b: Pt) -> Side:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    nx, ny = dy / length, -dx / length  # right of a -> b: outside a counter-clockwise ring
    return Side(a, b, (nx, ny), length, _facing(nx, ny))


def polygon_corners(shape: Polygon) -> list[Pt]:
    """Vertices of a polygon counter-clockwise from its lowest-leftmost, collinear ones merged."""
    ring = shapely.orient_polygons(shape).exterior
    pts = [(float(x), float(y)) for x, y in ring.coords[:-1]]
    out: list[Pt] = []
    n = len(pts)
    for i, p in enumerate(pts):
        prev, nxt = pts[i - 1], pts[(i + 1) % n]
        if math.dist(p, prev) <= EPS:
            continue
        cross = (p[0] - prev[0]) * (nxt[1] - p[1]) - (p[1] - prev[1]) * (nxt[0] - p[0])
        scale = math.dist(p, prev) * max(math.dist(nxt, p), EPS)
        if abs(cross) <= 1e-9 * scale:
            continue
        out.append(p)
    start = min(range(len(out)), key=lambda i: (out[i][1], out[i][0]))
    return out[start:] + out[:start]


def stand_sides(stand: Stand) -> tuple[Side, ...]:
    """The stand's sides (module docstring)."""
    if stand.is_rect:
        x0, y0, x1, y1 = stand.bounds
        return (
            Side((x0, y0), (x1, y0), (0.0, -1.0), x1 - x0, "S"),
            Side((x1, y0), (x1, y1), (1.0, 0.0), y1 - y0, "E"),
            Side((x1, y1), (x0, y1), (0.0, 1.0), x1 - x0, "N"),
            Side((x0, y1), (x0, y0), (-1.0, 0.0), y1 - y0, "W"),
        )
    pts = polygon_corners(stand.shape)
    return tuple(_side(pts[i], pts[(i + 1) % len(pts)]) for i in range(len(pts)))


def free_floor(hall: Hall, stands: Sequence[Stand]) -> BaseGeometry:
    """Hall floor not covered by a stand, a column or a keep-out."""
    taken = unary_union([s.shape for s in stands] + list(hall.obstacles))
    return hall.shape.difference(taken)


def open_shares(stands: Sequence[Stand], space: BaseGeometry) -> list[tuple[float, ...]]:
    """Per stand, per side (in `stand_sides` order): the share of it that borders `space`."""
    sides = [stand_sides(s) for s in stands]
    probes = np.array([side.probe() for ss in sides for side in ss], dtype=object)
    shares = np.zeros(len(probes))
    if len(probes) and not space.is_empty:
        shapely.prepare(space)
        hit = shapely.intersects(space, probes)
        if hit.any():
            inter = shapely.intersection(probes[hit], space)
            shares[hit] = shapely.area(inter) / shapely.area(probes[hit])
    out: list[tuple[float, ...]] = []
    k = 0
    for ss in sides:
        out.append(tuple(float(v) for v in shares[k : k + len(ss)]))
        k += len(ss)
    return out


def open_sides(stands: Sequence[Stand], space: BaseGeometry) -> list[frozenset[int]]:
    """Per stand, the indices of the sides open onto `space`."""
    return [
        frozenset(i for i, share in enumerate(row) if share >= OPEN_SHARE - 1e-9)
        for row in open_shares(stands, space)
    ]


def facing_shares(sides: Sequence[Side], shares: Sequence[float]) -> dict[Facing, float]:
    """Per compass direction, the open share of the sides facing it, weighted by length."""
    length: dict[Facing, float] = dict.fromkeys(FACINGS, 0.0)
    bordering: dict[Facing, float] = dict.fromkeys(FACINGS, 0.0)
    for side, share in zip(sides, shares, strict=True):
        length[side.facing] += side.length
        bordering[side.facing] += side.length * share
    return {f: bordering[f] / length[f] if length[f] > 0 else 0.0 for f in FACINGS}


def edge(stand: Stand, facing: Facing) -> float:
    """The coordinate of the stand's extent towards `facing`: y for S and N, x for W and E."""
    x0, y0, x1, y1 = stand.bounds
    return {"S": y0, "N": y1, "W": x0, "E": x1}[facing]


def boxes_of(stands: Sequence[Stand]) -> np.ndarray:
    """The stands' bounding boxes as rows (x0, y0, x1, y1): what `gap_ahead` compares."""
    return np.array([s.bounds for s in stands], dtype=float).reshape(-1, 4)


def gap_ahead(
    stand: Stand,
    facing: Facing,
    others: Sequence[Stand],
    outline: BaseGeometry,
    cap: float,
    boxes: np.ndarray | None = None,
) -> tuple[float, int | None]:
    """Free distance in front of the stand towards `facing`, to the next stand or wall (<= cap).

    Also returns the index in `others` of the stand that ends the gap, or None
    when a wall or the cap does. Measured between bounding boxes: stands count
    when they overlap the stand's span across `facing`; the wall is probed
    from the middle of that span. `boxes` are the others' (`boxes_of`), when the
    caller asks for many stands: a map of 432 stands asks 2,700 times.
    """
    x0, y0, x1, y1 = stand.bounds
    b = boxes_of(others) if boxes is None else boxes
    if facing in ("S", "N"):
        overlap = np.minimum(x1, b[:, 2]) - np.maximum(x0, b[:, 0]) > EPS
        dist = y0 - b[:, 3] if facing == "S" else b[:, 1] - y1
    else:
        overlap = np.minimum(y1, b[:, 3]) - np.maximum(y0, b[:, 1]) > EPS
        dist = b[:, 0] - x1 if facing == "E" else x0 - b[:, 2]
    gap, ahead = cap, None
    # The few stands in reach, in their order: the nearest wins, ties as they come.
    for k in np.nonzero(overlap & (dist >= -EPS) & (dist < cap))[0].tolist():
        if others[k] is stand:
            continue
        d = float(dist[k])
        if d < gap:
            gap, ahead = max(d, 0.0), k
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    start, end = {
        "S": ((mx, y0), (mx, y0 - cap)),
        "N": ((mx, y1), (mx, y1 + cap)),
        "W": ((x0, my), (x0 - cap, my)),
        "E": ((x1, my), (x1 + cap, my)),
    }[facing]
    hit = LineString([start, end]).intersection(outline)
    if not hit.is_empty:
        wall = float(Point(start).distance(hit))
        if wall < gap:
            gap, ahead = wall, None
    return gap, ahead


def ray_ahead(side: Side, cap: float) -> LineString:
    """The straight line `clear_ahead` looks along: out from the middle of `side`, `cap`
    long (a caller may pick what can block it by this line's box)."""
    mx, my = side.midpoint
    start = (mx + side.normal[0] * EPS * 10, my + side.normal[1] * EPS * 10)
    return LineString([start, (mx + side.normal[0] * cap, my + side.normal[1] * cap)])


def clear_ahead(side: Side, blocking: BaseGeometry, cap: float) -> float:
    """Free distance straight out from the middle of `side` to `blocking` (at most `cap`)."""
    mx, my = side.midpoint
    hit = ray_ahead(side, cap).intersection(blocking)
    if hit.is_empty:
        return cap
    return min(cap, float(Point((mx, my)).distance(hit)))


__all__ = [
    "FACINGS",
    "OPEN_SHARE",
    "OPPOSITE",
    "PROBE_M",
    "Facing",
    "Side",
    "boxes_of",
    "clear_ahead",
    "edge",
    "facing_shares",
    "free_floor",
    "gap_ahead",
    "open_shares",
    "open_sides",
    "polygon_corners",
    "ray_ahead",
    "stand_sides",
]
