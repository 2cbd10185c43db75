"""Where a stand's outline borders walkable space: its windows onto the aisles.

A stand's sides are the four sides of a rectangle or the edges of a polygon
(`validate.outline`). A point of a stand side borders walkable space when walkable space lies just
outside it. Each side is shifted outward by `PROBE` and intersected with the
walkable space; the stretches found are the side's windows. Access (C4),
open sides (C5) and the walk out of the stand (C7) are all read off them.

Accuracy: a window ends where the opening's rounded edge (radius aisle/2)
leaves the side; probing `PROBE` outside the side lengthens each such end by
at most sqrt(aisle_width * (PROBE + TOL)), 0.6 mm at 3 m aisles. Windows
along straight aisles are exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import LineString
from shapely.geometry.base import BaseGeometry

from floorplan.model.layout import Stand
from floorplan.validate.outline import compass, outline
from floorplan.validate.walkable import CONTACT

PROBE = CONTACT
"""Metres outside the side at which walkable space is looked for."""


@dataclass(frozen=True)
class Side:
    """A stand side as a parametrised segment: origin + t * direction, t in [0, length]."""

    name: str
    origin: tuple[float, float]
    direction: tuple[float, float]
    normal: tuple[float, float]
    """Unit vector pointing out of the stand."""
    length: float

    def point(self, t: float) -> tuple[float, float]:
        return (
            self.origin[0] + t * self.direction[0],
            self.origin[1] + t * self.direction[1],
        )


@dataclass(frozen=True)
class StandAccess:
    sides: tuple[Side, ...]
    windows: tuple[tuple[tuple[float, float], ...], ...]
    """Per side, the (t0, t1) stretches that border walkable space."""

    def bordering(self, side: int) -> float:
        return sum(t1 - t0 for t0, t1 in self.windows[side])

    @property
    def total_bordering(self) -> float:
        return sum(self.bordering(i) for i in range(len(self.sides)))

    def open_sides(self, tol: float) -> list[int]:
        """Sides with at least half their length bordering walkable space."""
        return [
            i for i, side in enumerate(self.sides) if self.bordering(i) >= side.length / 2 - tol
        ]


def stand_sides(stand: Stand) -> tuple[Side, ...]:
    """A rectangle's sides south, east, north, west; a polygon's edges (see `outline`)."""
    o = outline(stand)
    if o.box is not None:
        x0, y0, w, d = o.box
        x1, y1 = x0 + w, y0 + d
        return (
            Side("south", (x0, y0), (1.0, 0.0), (0.0, -1.0), w),
            Side("east", (x1, y0), (0.0, 1.0), (1.0, 0.0), d),
            Side("north", (x0, y1), (1.0, 0.0), (0.0, 1.0), w),
            Side("west", (x0, y0), (0.0, 1.0), (-1.0, 0.0), d),
        )
    pts = o.corners
    sides = []
    for i, a in enumerate(pts):
        b = pts[(i + 1) % len(pts)]
        length = math.dist(a, b)
        ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
        normal = (uy, -ux)  # counter-clockwise ring: the outside is on the right
        sides.append(Side(f"{compass(normal)} ({i + 1})", a, (ux, uy), normal, length))
    return tuple(sides)


def stand_access(stands: list[Stand], walkable: BaseGeometry) -> list[StandAccess]:
    """Windows of every stand of one hall, with one vectorised intersection."""
    all_sides = [stand_sides(s) for s in stands]
    probes = []
    for sides in all_sides:
        for side in sides:
            ox = side.origin[0] + PROBE * side.normal[0]
            oy = side.origin[1] + PROBE * side.normal[1]
            ex = ox + side.length * side.direction[0]
            ey = oy + side.length * side.direction[1]
            probes.append(LineString([(ox, oy), (ex, ey)]))
    if walkable.is_empty or not probes:
        hits = [None] * len(probes)
    else:
        shapely.prepare(walkable)
        hits = list(shapely.intersection(np.array(probes, dtype=object), walkable))
    out = []
    k = 0
    for sides in all_sides:
        windows = []
        for side in sides:
            hit = hits[k]
            k += 1
            windows.append(_stretches(hit, side) if hit is not None else ())
        out.append(StandAccess(sides, tuple(windows)))
    return out


def _stretches(hit: BaseGeometry, side: Side) -> tuple[tuple[float, float], ...]:
    spans: list[tuple[float, float]] = []
    for part in shapely.get_parts(hit):
        if part.is_empty or part.length <= 0:
            continue
        coords = np.asarray(part.coords)
        ts = (coords[:, 0] - side.origin[0]) * side.direction[0] + (
            coords[:, 1] - side.origin[1]
        ) * side.direction[1]
        t0 = max(0.0, float(ts.min()))
        t1 = min(side.length, float(ts.max()))
        if t1 > t0:
            spans.append((t0, t1))
    spans.sort()
    merged: list[tuple[float, float]] = []
    for t0, t1 in spans:
        if merged and t0 <= merged[-1][1] + 1e-9:
            merged[-1] = (merged[-1][0], max(merged[-1][1], t1))
        else:
            merged.append((t0, t1))
    return tuple(merged)


__all__ = ["PROBE", "Side", "StandAccess", "stand_access", "stand_sides"]
