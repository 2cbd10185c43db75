"""Walkable space: the free floor a visitor can actually use to get out.

Free space is the hall outline minus stands, columns and keep-outs. A
corridor narrower than the aisle width is not an aisle, so the walkable space
is the morphological opening of free space by a disk of diameter
`aisle_width_m` (every point covered by such a disk lying inside free space),
keeping only the connected parts that border an exit door.

The opening is computed with Shapely buffers: erode by `r - TOL`, dilate by
`r`, clip to free space (r = aisle_width / 2). Along straight walls and stand
sides buffers are exact, so a gap of exactly the aisle width survives (its
eroded core is a sliver 2 * TOL wide) and a gap TOL narrower does not. The
dilation by the full r (clipped to free space) makes walkable space meet
stand sides and walls exactly, and lets a rounded end of it overlap a side it
is tangent to by at most sqrt(2 r TOL) (0.17 mm at r = 1.5 m). Round
joins are polygons of `ARC_SEGMENTS` chords per quarter circle; a gap that is
measured corner to corner (diagonally) is therefore judged to within
r * (1 - cos(pi / (4 * ARC_SEGMENTS))) = 0.45 mm per corner at r = 1.5 m.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import shapely
from shapely import LineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from floorplan.model.venue import Hall

TOL = 1e-8
"""Metres: a gap of exactly the aisle width counts; one TOL narrower does not."""

ARC_SEGMENTS = 32
"""Chords per quarter circle in buffers: keeps arcs within 0.45 mm of true circles."""

CONTACT = 10 * TOL
"""How far outside walkable space a door or stand side may lie and still border it.

Walkable space follows walls and stand sides to within TOL (where a rounded
end meets a side), so borders are probed a little further out than that.
"""

MARGIN = 4 * CONTACT
"""Width of the skin added around walkable space for sight-line tests.

A straight walk that grazes a stand corner or runs along a stand side is in
walkable space; testing sight lines against the walkable space grown by this
margin makes such walks robust to rounding while still blocking any walk
through a stand (stands are metres wide, not micrometres). It exceeds
CONTACT, so every point found to border walkable space lies strictly inside
the skin and can see along it.
"""

DOOR_CONTACT_M = 0.01
"""Walkable space reaches an exit when it borders at least 1 cm of the door."""


@dataclass(frozen=True)
class DoorPiece:
    """A straight stretch of an exit door that borders walkable space."""

    exit_id: str
    kind: str
    a: tuple[float, float]
    b: tuple[float, float]


@dataclass(frozen=True)
class HallSpace:
    hall_id: str
    free: BaseGeometry
    walkable: BaseGeometry
    """Opened free space, only the parts that reach an exit."""
    enclosed: BaseGeometry
    """Opened free space wide enough for an aisle but leading to no exit."""
    doors: tuple[DoorPiece, ...]


def free_space(hall: Hall, rects: list[Polygon]) -> BaseGeometry:
    blocked = shapely.union_all([*rects, *hall.obstacles])
    return hall.shape.difference(blocked)


def open_space(free: BaseGeometry, width: float) -> BaseGeometry:
    """Points of `free` covered by a disk of diameter `width` that lies inside `free`."""
    r = width / 2
    core = free.buffer(-(r - TOL), quad_segs=ARC_SEGMENTS)
    if core.is_empty:
        return Polygon()
    return core.buffer(r, quad_segs=ARC_SEGMENTS).intersection(free)


def polygons(geom: BaseGeometry) -> list[Polygon]:
    return [g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and not g.is_empty]


def grown(geom: BaseGeometry, margin: float = MARGIN) -> BaseGeometry:
    """`geom` grown by `margin`; mitred so a sharp corner adds no arc of vertices."""
    return geom.buffer(margin, join_style="mitre", mitre_limit=2.0)


def hall_space(hall: Hall, rects: list[Polygon], aisle_width: float) -> HallSpace:
    free = free_space(hall, rects)
    opened = open_space(free, aisle_width)
    doors = [(ex, ex.door(hall.shape)) for ex in hall.exits]
    keep: list[Polygon] = []
    lost: list[Polygon] = []
    pieces: list[DoorPiece] = []
    for part in polygons(opened):
        touched: list[DoorPiece] = []
        skin: BaseGeometry | None = None
        for ex, door in doors:
            if part.distance(door) > 10 * MARGIN:
                continue
            skin = skin if skin is not None else grown(part, CONTACT)
            contact = door.intersection(skin)
            if contact.length >= DOOR_CONTACT_M:
                touched += [DoorPiece(ex.id, ex.kind, a, b) for a, b in straight_runs(contact)]
        if touched:
            keep.append(part)
            pieces += touched
        else:
            lost.append(part)
    return HallSpace(
        hall_id=hall.id,
        free=free,
        walkable=_union(keep),
        enclosed=_union(lost),
        doors=tuple(pieces),
    )


def _union(parts: list[Polygon]) -> BaseGeometry:
    if not parts:
        return Polygon()
    if len(parts) == 1:
        return parts[0]
    return MultiPolygon(parts)


def straight_runs(geom: BaseGeometry) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Split lines into maximal straight segments (a door may wrap around an outline corner)."""
    runs: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for line in shapely.get_parts(geom):
        if not isinstance(line, LineString) or line.length < 1e-9:
            continue
        pts = [(float(x), float(y)) for x, y in line.coords]
        start = pts[0]
        for i in range(1, len(pts)):
            end = pts[i]
            nxt = pts[i + 1] if i + 1 < len(pts) else None
            if nxt is not None and _collinear(start, end, nxt):
                continue
            if math.dist(start, end) > 1e-9:
                runs.append((start, end))
            start = end
    return runs


def _collinear(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> bool:
    ux, uy = b[0] - a[0], b[1] - a[1]
    vx, vy = c[0] - b[0], c[1] - b[1]
    cross = ux * vy - uy * vx
    dot = ux * vx + uy * vy
    return dot > 0 and abs(cross) <= 1e-9 * math.hypot(ux, uy) * math.hypot(vx, vy)


__all__ = [
    "ARC_SEGMENTS",
    "CONTACT",
    "DOOR_CONTACT_M",
    "MARGIN",
    "TOL",
    "DoorPiece",
    "HallSpace",
    "free_space",
    "grown",
    "hall_space",
    "open_space",
    "polygons",
    "straight_runs",
]
