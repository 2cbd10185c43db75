"""A stand's outline as the validator sees it: its sides and its convex parts.

The validator's own definition, shared with nothing outside `validate/`
(the rest of floorplan reads sides from `floorplan.sides`), so that the
checker stays independent of what it checks.

A stand is a rectangle or (contract 1.1) a simple polygon. Each polygon edge
is a side, counter-clockwise from the lowest, then leftmost, vertex;
vertices where the outline runs straight on are not corners. A polygon that
is exactly its bounding box is checked as that rectangle, so the two ways of
writing a rectangle get the same verdict and the same figures.

For the walk inside a stand that is not convex, the stand is cut into convex
parts: from each reflex corner along the extension of the edge arriving at
it, to the far outline. Inside a part, walks are straight; between parts
they cross the cuts (`portals`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import shapely
from shapely import LineString, Polygon
from shapely.ops import split

from floorplan.model.layout import Stand

Pt = tuple[float, float]

AREA_EPS = 1e-9
"""Square metres: a polygon within this of its bounding box (or convex hull) is one."""

COMPASS = (
    "east",
    "north-east",
    "north",
    "north-west",
    "west",
    "south-west",
    "south",
    "south-east",
)


@dataclass(frozen=True)
class StandOutline:
    box: tuple[float, float, float, float] | None
    """(x, y, width, depth) when the stand is a rectangle (in either form), else None."""
    corners: tuple[Pt, ...]
    """Counter-clockwise from the lowest-leftmost vertex, without straight-on vertices."""
    parts: tuple[Polygon, ...]
    """Convex parts (the stand itself when convex)."""
    reflex: tuple[Pt, ...]
    """Corners that turn into the stand (none when convex)."""
    portals: tuple[tuple[int, int, Pt, Pt], ...] = ()
    """Cuts between convex parts: (part i, part j, one end, the other end)."""

    @property
    def convex(self) -> bool:
        return len(self.parts) == 1


def corners_of(shape: Polygon) -> tuple[Pt, ...]:
    ring = shapely.orient_polygons(shape).exterior
    pts = [(float(x), float(y)) for x, y in ring.coords[:-1]]
    out: list[Pt] = []
    for i, p in enumerate(pts):
        prev, nxt = pts[i - 1], pts[(i + 1) % len(pts)]
        if math.dist(p, prev) <= 1e-9:
            continue
        cross = (p[0] - prev[0]) * (nxt[1] - p[1]) - (p[1] - prev[1]) * (nxt[0] - p[0])
        if abs(cross) <= 1e-9 * math.dist(p, prev) * max(math.dist(nxt, p), 1e-9):
            continue
        out.append(p)
    start = min(range(len(out)), key=lambda i: (out[i][1], out[i][0]))
    return tuple(out[start:] + out[:start])


def _reflex(corners: tuple[Pt, ...]) -> list[int]:
    out = []
    n = len(corners)
    for i, p in enumerate(corners):
        prev, nxt = corners[i - 1], corners[(i + 1) % n]
        cross = (p[0] - prev[0]) * (nxt[1] - p[1]) - (p[1] - prev[1]) * (nxt[0] - p[0])
        if cross < 0:
            out.append(i)
    return out


def _cut(part: Polygon) -> list[Polygon] | None:
    """Split a non-convex part in two at its first reflex corner; None when convex."""
    corners = corners_of(part)
    reflex = _reflex(corners)
    if not reflex:
        return None
    i = reflex[0]
    p, prev = corners[i], corners[i - 1]
    dx, dy = p[0] - prev[0], p[1] - prev[1]
    norm = math.hypot(dx, dy)
    x0, y0, x1, y1 = part.bounds
    reach = 2 * math.hypot(x1 - x0, y1 - y0)
    ux, uy = dx / norm, dy / norm
    ray = LineString([(p[0] + ux * 1e-7, p[1] + uy * 1e-7), (p[0] + ux * reach, p[1] + uy * reach)])
    hit = ray.intersection(part.exterior)
    if hit.is_empty:
        return [part]
    far = min((q for q in shapely.get_coordinates(hit)), key=lambda q: math.dist(p, (q[0], q[1])))
    pieces = [
        g for g in split(part, LineString([p, (float(far[0]), float(far[1]))])).geoms if g.area > 0
    ]
    return pieces if len(pieces) >= 2 else [part]


def _convex_parts(shape: Polygon) -> list[Polygon]:
    todo, done = [shape], []
    for _ in range(64):
        if not todo:
            break
        part = todo.pop()
        pieces = _cut(part)
        if pieces is None or len(pieces) == 1:
            done.append(part)
        else:
            todo += pieces
    return done + todo


@lru_cache(maxsize=4096)
def _outline(points: tuple[Pt, ...]) -> StandOutline:
    shape = Polygon(points)
    x0, y0, x1, y1 = shape.bounds
    if abs(shape.area - (x1 - x0) * (y1 - y0)) <= AREA_EPS:
        return _box_outline(x0, y0, x1 - x0, y1 - y0)
    corners = corners_of(shape)
    reflex = tuple(corners[i] for i in _reflex(corners))
    parts = tuple(_convex_parts(shape)) if reflex else (shape,)
    return StandOutline(None, corners, parts, reflex, _portals(parts))


def _portals(parts: tuple[Polygon, ...]) -> tuple[tuple[int, int, Pt, Pt], ...]:
    out = []
    for i, a in enumerate(parts):
        for j in range(i + 1, len(parts)):
            shared = a.exterior.intersection(parts[j].exterior)
            for line in (
                shapely.get_parts(
                    shapely.line_merge(
                        shapely.union_all([g for g in shapely.get_parts(shared) if g.length > 1e-9])
                    )
                )
                if shared.length > 1e-9
                else ()
            ):
                coords = shapely.get_coordinates(line)
                p, q = coords[0], coords[-1]
                out.append((i, j, (float(p[0]), float(p[1])), (float(q[0]), float(q[1]))))
    return tuple(out)


def _box_outline(x: float, y: float, w: float, d: float) -> StandOutline:
    corners = ((x, y), (x + w, y), (x + w, y + d), (x, y + d))
    return StandOutline((x, y, w, d), corners, (Polygon(corners),), ())


def outline(stand: Stand) -> StandOutline:
    if stand.polygon is None:
        return _box_outline(stand.x, stand.y, stand.width, stand.depth)
    return _outline(tuple((float(x), float(y)) for x, y in stand.polygon))


def compass(normal: Pt) -> str:
    """The compass name of an outward direction, to the nearest of eight."""
    angle = math.degrees(math.atan2(normal[1], normal[0])) % 360
    return COMPASS[round(angle / 45) % 8]


def inside_point(stand: Stand) -> Pt:
    """Where a finding about the whole stand is marked: a point well inside it."""
    o = outline(stand)
    if o.box is not None:
        x, y, w, d = o.box
        return (x + w / 2, y + d / 2)
    shape = stand.shape
    c = shape.centroid
    if shape.contains(c):
        return (float(c.x), float(c.y))
    p = shape.representative_point()
    return (float(p.x), float(p.y))


__all__ = ["COMPASS", "StandOutline", "compass", "corners_of", "inside_point", "outline"]
