"""A hall seen by the solver: integer grid, fixed boxes, exits.

Everything the CP-SAT model needs about a hall's geometry, prepared with
Shapely and testable without a solver. Boxes are (x, y, w, d) in grid units
of absolute hall coordinates (x = X * grid_m).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import Polygon, box

from floorplan.model.event import Rules
from floorplan.model.venue import Hall

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Door:
    id: str
    x: int
    y: int
    entrance: bool


@dataclass(frozen=True)
class Wall:
    """A straight stretch of the hall's outer wall on the bounding box.

    `side` is the block side that would lie against it (a row on the bottom
    wall has its bottom side there); `at` is the wall's coordinate across,
    `free` the stretches along it (grid units) that are clear of every door
    and its exit clearance, where a wall row may stand.
    """

    side: str
    at: int
    free: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Frame:
    hall: Hall
    grid: float
    x0: int
    y0: int
    x1: int
    y1: int
    aisle: int
    fixed: tuple[Box, ...]
    """Outside-of-hall pieces, columns, keep-outs and exit zones: no block within `aisle`."""
    doors: tuple[Door, ...]
    walls: tuple[Wall, ...] = ()
    foyers: tuple[Box, ...] = ()
    """Floor kept free in front of visitor entrances."""

    @property
    def blocked(self) -> tuple[Box, ...]:
        """Everything no block may come within an aisle of."""
        return self.fixed + self.foyers

    def metres(self, v: int) -> float:
        return v * self.grid

    @property
    def entrances(self) -> tuple[Door, ...]:
        own = tuple(d for d in self.doors if d.entrance)
        return own or self.doors


def _outside_boxes(outline: Polygon, g: float, x0: int, y0: int, x1: int, y1: int) -> list[Box]:
    """Cover the bounding box minus the hall with grid rectangles (conservative)."""
    if outline.equals(box(x0 * g, y0 * g, x1 * g, y1 * g)):
        return []
    step = max(1, math.ceil(1.0 / g))
    xs = list(range(x0, x1, step))
    ys = list(range(y0, y1, step))
    cells = [
        box(x * g, y * g, min(x + step, x1) * g, min(y + step, y1) * g) for y in ys for x in xs
    ]
    inside = shapely.contains(outline.buffer(1e-9), np.array(cells, dtype=object))
    blocked = np.logical_not(inside).reshape(len(ys), len(xs))
    runs: dict[tuple[int, int], list[int]] = {}
    for j, y in enumerate(ys):
        i = 0
        while i < len(xs):
            if not blocked[j, i]:
                i += 1
                continue
            k = i
            while k < len(xs) and blocked[j, k]:
                k += 1
            xa, xb = xs[i], min(xs[k - 1] + step, x1)
            runs.setdefault((xa, xb), []).append(y)
            i = k
    out: list[Box] = []
    for (xa, xb), rows in runs.items():
        start = prev = rows[0]
        ends: list[int | None] = [*rows[1:], None]
        for nxt in ends:
            if nxt is not None and nxt == prev + step:
                prev = nxt
                continue
            top = min(prev + step, y1)
            out.append((xa, start, xb - xa, top - start))
            if nxt is not None:
                start = prev = nxt
    return out


def _grid_box(poly: Polygon, g: float) -> Box:
    bx0, by0, bx1, by1 = poly.bounds
    gx0, gy0 = math.floor(bx0 / g + 1e-9), math.floor(by0 / g + 1e-9)
    gx1, gy1 = math.ceil(bx1 / g - 1e-9), math.ceil(by1 / g - 1e-9)
    return (gx0, gy0, max(1, gx1 - gx0), max(1, gy1 - gy0))


ENTRANCE_FOYER_M = 3.0
"""Depth kept free in front of a visitor entrance, on top of the aisle round every block:
6 m clear, the main aisle of Asian venue rules. (A 6 m foyer cost the tight hall
0.06 of net-to-gross.) Fire exits only keep their clearance."""


def frame(hall: Hall, rules: Rules) -> Frame:
    g = rules.grid_m
    outline = hall.shape
    bx0, by0, bx1, by1 = outline.bounds
    x0, y0 = math.floor(bx0 / g + 1e-9), math.floor(by0 / g + 1e-9)
    x1, y1 = math.ceil(bx1 / g - 1e-9), math.ceil(by1 / g - 1e-9)
    aisle = math.ceil(rules.aisle_width_m / g - 1e-9)
    fixed = _outside_boxes(outline, g, x0, y0, x1, y1)
    fixed += [_grid_box(o, g) for o in hall.obstacles]
    doors = []
    foyers = []
    for ex in hall.exits:
        door = ex.door(outline)
        if ex.kind == "entrance":
            # Visitors arrive here: keep a foyer a main aisle deep in front of the door.
            foyer = door.buffer(ENTRANCE_FOYER_M, cap_style="square").intersection(outline)
            foyers.append(_grid_box(foyer, g))
        if rules.exit_clearance_m > rules.aisle_width_m or not _on_axis_wall(door):
            # The perimeter aisle keeps stands `aisle` from walls; more is needed here.
            zone = door.buffer(max(0.0, rules.exit_clearance_m - rules.aisle_width_m) + 1e-6)
            fixed.append(_grid_box(zone, g))
        c = door.interpolate(0.5, normalized=True)
        doors.append(Door(ex.id, round(c.x / g), round(c.y / g), ex.kind == "entrance"))
    walls = _walls(hall, rules, x0, y0, x1, y1, g)
    return Frame(hall, g, x0, y0, x1, y1, aisle, tuple(fixed), tuple(doors), walls, tuple(foyers))


def wall_stretches(fr: Frame) -> list[int]:
    """Lengths (grid units) of the free wall stretches, longest first."""
    return sorted((e - s for wall in fr.walls for s, e in wall.free), reverse=True)


WALL_BAND_M = 10.0
"""Depth along a wall inside which door clearances rule out wall rows."""


def _walls(
    hall: Hall, rules: Rules, x0: int, y0: int, x1: int, y1: int, g: float
) -> tuple[Wall, ...]:
    outline = hall.shape
    # A row end needs an aisle beyond it (its corner stand opens there): door zones are
    # at least an aisle wide, and every stretch stops an aisle short of its ends.
    reach = max(rules.exit_clearance_m, rules.aisle_width_m) + 1e-6
    zones = [ex.door(outline).buffer(reach) for ex in hall.exits]
    # Columns and keep-outs near a wall break it too, with an aisle's width round them.
    zones += [o.buffer(rules.aisle_width_m + 1e-6, join_style="mitre") for o in hall.obstacles]
    out = []
    lines = {
        "B": (y0, box(x0 * g, y0 * g, x1 * g, (y0 * g) + WALL_BAND_M)),
        "T": (y1, box(x0 * g, y1 * g - WALL_BAND_M, x1 * g, y1 * g)),
        "L": (x0, box(x0 * g, y0 * g, x0 * g + WALL_BAND_M, y1 * g)),
        "R": (x1, box(x1 * g - WALL_BAND_M, y0 * g, x1 * g, y1 * g)),
    }
    ring = outline.exterior
    for side, (at, band) in lines.items():
        # The part of the bounding-box line that really is hall wall.
        if side in "BT":
            line = shapely.LineString([(x0 * g, at * g), (x1 * g, at * g)])
        else:
            line = shapely.LineString([(at * g, y0 * g), (at * g, y1 * g)])
        wall = line.intersection(ring.buffer(1e-6))
        spans: list[tuple[float, float]] = []
        for piece in getattr(wall, "geoms", [wall]):
            if piece.is_empty or piece.length < 1e-6:
                continue
            bx0, by0, bx1, by1 = piece.bounds
            lo, hi = (bx0, bx1) if side in "BT" else (by0, by1)
            spans.append((lo + rules.aisle_width_m, hi - rules.aisle_width_m))
        for zone in zones:
            hit = zone.intersection(band)
            if hit.is_empty:
                continue
            zx0, zy0, zx1, zy1 = hit.bounds
            lo, hi = (zx0, zx1) if side in "BT" else (zy0, zy1)
            spans = [
                p
                for s, e in spans
                for p in ((s, min(e, lo)), (max(s, hi), e))
                if p[1] - p[0] > 1e-6
            ]
        free = tuple(
            (math.ceil(s / g - 1e-9), math.floor(e / g + 1e-9))
            for s, e in sorted(spans)
            if math.floor(e / g + 1e-9) > math.ceil(s / g - 1e-9)
        )
        if free:
            out.append(Wall(side, at, free))
    return tuple(out)


def _on_axis_wall(door: shapely.LineString) -> bool:
    xs, ys = door.xy
    return bool(max(xs) - min(xs) < 1e-6 or max(ys) - min(ys) < 1e-6)


def disjoint(boxes: list[Box]) -> list[Box]:
    """The union of boxes as non-overlapping boxes.

    Fixed intervals that overlap make `add_no_overlap_2d` infeasible, and
    grown obstacles near each other or near the hall's edge do overlap.
    """
    if not boxes:
        return []
    xs = sorted({v for x, _, w, _ in boxes for v in (x, x + w)})
    ys = sorted({v for _, y, _, d in boxes for v in (y, y + d)})
    covered = np.zeros((len(ys) - 1, len(xs) - 1), dtype=bool)
    xi = {v: i for i, v in enumerate(xs)}
    yi = {v: i for i, v in enumerate(ys)}
    for x, y, w, d in boxes:
        covered[yi[y] : yi[y + d], xi[x] : xi[x + w]] = True
    runs: dict[tuple[int, int], list[int]] = {}
    for j in range(len(ys) - 1):
        i = 0
        while i < len(xs) - 1:
            if not covered[j, i]:
                i += 1
                continue
            k = i
            while k < len(xs) - 1 and covered[j, k]:
                k += 1
            runs.setdefault((i, k), []).append(j)
            i = k
    out: list[Box] = []
    for (i, k), rows in sorted(runs.items()):
        first = last = rows[0]
        for j in [*rows[1:], -1]:
            if j == last + 1:
                last = j
                continue
            out.append((xs[i], ys[first], xs[k] - xs[i], ys[last + 1] - ys[first]))
            first = last = j
    return out
