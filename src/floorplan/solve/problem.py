"""Per-hall problem data: the hall's geometry in the solver's units, seen along one axis.

Everything downstream (skeleton, walk raster, packing) works with bands that
run along x. The other orientation is the same hall transposed (x and y
swapped), so one code path serves both; `to_world` swaps back. Coordinates
are integers in units of the event's `grid_m`, so every stand lands on the
grid exactly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import shapely
from shapely import LineString, Polygon, box
from shapely.geometry.base import BaseGeometry

from floorplan.model.event import Request, Rules
from floorplan.model.venue import Hall

Rect = tuple[int, int, int, int]
"""x, y, width, depth in grid units."""


def on_grid(lo: float, hi: float, g: float) -> tuple[int, int]:
    """The span [lo, hi] (metres) widened to the grid (grid units): what an obstacle
    takes of a row, and the box a stand is notched by round a column."""
    return math.floor(lo / g + 1e-9), math.ceil(hi / g - 1e-9)


def pieces(
    intervals: list[tuple[int, int]], aisles: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Intervals less the `aisles` cut out of them (grid units)."""
    out = []
    for s0, s1 in intervals:
        cur = s0
        for c0, c1 in aisles:
            if c1 <= cur or c0 >= s1:
                continue
            if c0 > cur:
                out.append((cur, c0))
            cur = max(cur, c1)
        if s1 > cur:
            out.append((cur, s1))
    return out


def rect_gap(a: Rect, b: Rect) -> float:
    """Distance between two rectangles (grid units; 0 when they touch or overlap)."""
    ax, ay, aw, ad = a
    bx, by, bw, bd = b
    return math.hypot(
        max(0, bx - (ax + aw), ax - (bx + bw)), max(0, by - (ay + ad), ay - (by + bd))
    )


def gaps(rects: np.ndarray, rect: Rect | np.ndarray) -> np.ndarray:
    """Distance (grid units) from `rect` to each row of `rects` (an n x 4 array)."""
    x, y, w, d = (int(v) for v in rect)
    dx = np.maximum(0, np.maximum(rects[:, 0] - (x + w), x - (rects[:, 0] + rects[:, 2])))
    dy = np.maximum(0, np.maximum(rects[:, 1] - (y + d), y - (rects[:, 1] + rects[:, 3])))
    out: np.ndarray = np.hypot(dx, dy)
    return out


def block_labels(rects: np.ndarray, near: int) -> np.ndarray:
    """Which block each stand (row of an n x 4 array) belongs to: stands closer together
    than `near` grid units are one block, as rule C10 groups them. Labels are stand
    indices; equal labels, one block."""
    n = len(rects)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in np.nonzero(gaps(rects, rects[i]) < near)[0].tolist():
            if j != i:
                parent[find(j)] = find(i)
    return np.array([find(i) for i in range(n)], dtype=np.int64)


Box = tuple[int, int, int, int]
"""x0, y0, x1, y1 in grid units."""


def blocks(rects: Sequence[Rect], near: int) -> list[tuple[int, ...]]:
    """Stands closer together than `near` grid units, grouped as for rule C10."""
    labels = block_labels(np.asarray(rects, dtype=np.int64).reshape(-1, 4), near)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(i)
    return [tuple(m) for m in groups.values()]


def box_of(rects: Sequence[Rect]) -> Box:
    """The bounding box of stands' rectangles."""
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[0] + r[2] for r in rects),
        max(r[1] + r[3] for r in rects),
    )


def _swap(geom: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: xy[:, ::-1])


ZONE_SIDES = 32
"""Sides of the polygon drawn round an exit clearance's round ends."""


def _zone(door: LineString, c: float) -> BaseGeometry:
    """Every point within `c` of a door, and no point of the zone's edge nearer than `c`.

    A buffer's round ends are chords inside the true circle (1.4 cm short at 3 m, where
    a stand on a 1 cm grid then stood 2.99 m from the door). Here the ends are polygons
    drawn round the circle, their sides tangent to it at every multiple of 360 /
    `ZONE_SIDES` degrees: a band whose edge runs at exactly `c` from a door in an
    axis-parallel wall still fits, since a side lies on that line.
    """
    n = ZONE_SIDES
    angles = (np.arange(n) + 0.5) * 2 * math.pi / n
    r = c / math.cos(math.pi / n)
    ring = np.stack([np.cos(angles), np.sin(angles)], axis=1) * r
    ends = [Polygon(ring + np.asarray(pt)) for pt in shapely.get_coordinates(door)[[0, -1]]]
    return shapely.union_all([door.buffer(c, cap_style="flat"), *ends])


_MEMOS = ("macro_sizes", "macro_spans")


@dataclass(frozen=True)
class HallProblem:
    """One hall, its rules and its requests, as the solver sees them (one orientation)."""

    hall: Hall
    rules: Rules
    requests: tuple[Request, ...]
    transpose: bool
    fixed: tuple[BaseGeometry, ...] = ()
    """Stands kept from a baseline that the solver may not touch (hall coordinates)."""

    @property
    def g(self) -> float:
        return self.rules.grid_m

    @property
    def exact_grid(self) -> bool:
        """Whether grid multiples are exact in floating point (0.5 m is, 0.1 m is not)."""
        return abs(self.g * 1024 - round(self.g * 1024)) < 1e-9

    @property
    def passage(self) -> int:
        """Grid units between two blocks that any checker reads as an aisle: one unit more
        than the aisle on a grid that is not a binary fraction (12.3 - 9.3 is not exactly
        3.0 in floating point, and 2.9999999 m may be read as narrower than the aisle)."""
        return self.units(self.rules.aisle_width_m) + (0 if self.exact_grid else 1)

    @property
    def max_row(self) -> int:
        """`max_row_m` in grid units, rounded down: the longest block C10 allows."""
        return math.floor(self.rules.max_row_m / self.g + 1e-9)

    @property
    def pavilion_reach(self) -> float:
        """Grid units within which each pavilion member's nearest fellow stands (CONTRACT.md
        rule 8: "each within one aisle of another member": across one aisle at most)."""
        return self.rules.aisle_width_m / self.g

    def units(self, metres: float) -> int:
        """Metres to grid units, rounded up (an aisle never shrinks below the rule)."""
        return math.ceil(metres / self.g - 1e-9)

    def local(self, geom: BaseGeometry) -> BaseGeometry:
        return _swap(geom) if self.transpose else geom

    @cached_property
    def fixed_rects(self) -> tuple[Rect, ...]:
        """The kept stands as local grid-unit rectangles (their bounding boxes)."""
        g = self.g
        out = []
        for f in self.fixed:
            x0, y0, x1, y1 = self.local(f).bounds
            out.append((round(x0 / g), round(y0 / g), round((x1 - x0) / g), round((y1 - y0) / g)))
        return tuple(out)

    @cached_property
    def outline(self) -> Polygon:
        return self.local(self.hall.shape)

    @cached_property
    def bounds(self) -> tuple[int, int, int, int]:
        """Grid-unit box inside the outline's bounding box."""
        x0, y0, x1, y1 = self.outline.bounds
        g = self.g
        return (
            math.ceil(x0 / g - 1e-9),
            math.ceil(y0 / g - 1e-9),
            math.floor(x1 / g + 1e-9),
            math.floor(y1 / g + 1e-9),
        )

    @cached_property
    def doors(self) -> tuple[LineString, ...]:
        return tuple(self.local(ex.door(self.hall.shape)) for ex in self.hall.exits)

    @cached_property
    def exits(self) -> BaseGeometry:
        """Every door as one geometry (distances to the nearest exit)."""
        return shapely.union_all(list(self.doors))

    def beyond_reach(self, rects: np.ndarray, limit: float) -> np.ndarray:
        """For each rect (grid units, an m x 4 array), whether one of its corners is farther
        than `limit` metres from every door in a straight line.

        A walk from a stand's farthest corner is at least that long (the walk raster never
        beats a straight line), so such a stand cannot keep the travel limit: a cheap test
        before the walk is sampled, for halls whose far floor is out of every exit's reach.
        """
        if not len(rects):
            return np.zeros(0, dtype=bool)
        g = self.g
        x0, y0 = rects[:, 0] * g, rects[:, 1] * g
        x1, y1 = x0 + rects[:, 2] * g, y0 + rects[:, 3] * g
        xs = np.stack([x0, x1, x0, x1], axis=1).ravel()
        ys = np.stack([y0, y0, y1, y1], axis=1).ravel()
        far = shapely.distance(self.exits, shapely.points(xs, ys)).reshape(-1, 4)
        out: np.ndarray = far.max(axis=1) > limit + 1e-6
        return out

    @cached_property
    def entrances(self) -> BaseGeometry:
        """The doors fairness measures nearness to: entrances, or every exit if none."""
        doors = [
            self.local(ex.door(self.hall.shape)) for ex in self.hall.exits if ex.kind == "entrance"
        ] or list(self.doors)
        return shapely.union_all(doors)

    def nearness(self, rect: Rect) -> float:
        """Minus the straight distance from a local rectangle's centre to the nearest door
        of `entrances`: what fairness (tau-b of tier against it) ranks stands by."""
        x, y, w, d = rect
        g = self.g
        return -float(self.entrances.distance(shapely.Point((x + w / 2) * g, (y + d / 2) * g)))

    @cached_property
    def macro_sizes(self) -> dict[tuple[str, int], tuple[int, int] | None]:
        """Memo of the macro stands' sizes by request id and band depth (`macro_band`): sizing
        the macro bands asks for the same stands at the same depths again for every depth it
        weighs (fuzzed seed 20300 ev06, 251 requests, dozens of them macro stands: 92,000
        asks for 34,000 sizes, most of a pack's time; memoised, its packs take 0.4-1.0 s
        instead of 0.6-1.9 s, the same packs)."""
        return {}

    @cached_property
    def macro_spans(self) -> dict[tuple[str, int], tuple[int, int] | None]:
        """Memo of the macro stands' width ranges by request id and depth, likewise."""
        return {}

    def __getstate__(self) -> dict[str, object]:
        """What a worker process sends back with a hall's solution: not the memos, which
        are rebuilt where they are asked (that hall's held 420 KB of a 600 KB solution)."""
        return {k: v for k, v in self.__dict__.items() if k not in _MEMOS}

    @cached_property
    def hard(self) -> BaseGeometry:
        """Where nobody walks and no stand goes: outside, columns, keep-outs, fixed stands."""
        x0, y0, x1, y1 = self.outline.bounds
        outside = box(x0 - 1, y0 - 1, x1 + 1, y1 + 1).difference(self.outline)
        parts = [outside, *(self.local(o) for o in self.hall.obstacles)]
        parts += [self.local(f) for f in self.fixed]
        return shapely.union_all(parts)

    @cached_property
    def clearance(self) -> BaseGeometry:
        """Exit clearance zones: walkable, but no stand may come this close to a door."""
        c = self.rules.exit_clearance_m
        if c <= 0:
            return shapely.union_all([d.buffer(1e-3) for d in self.doors])
        zones = [_zone(d, c) for d in self.doors]
        return shapely.union_all(zones).intersection(self.outline)

    @cached_property
    def blocked(self) -> BaseGeometry:
        """Where no stand may be: also an aisle's width round fixed stands, so that their
        open sides stay open and their rows do not grow."""
        a = self.rules.aisle_width_m
        margin = [self.local(f).buffer(a - 1e-6, join_style="mitre") for f in self.fixed]
        return shapely.union_all([self.hard, self.clearance, *margin])

    @cached_property
    def _blocked_tree(self) -> shapely.STRtree:
        parts = list(getattr(self.blocked, "geoms", [self.blocked]))
        return shapely.STRtree(parts)

    @cached_property
    def _blocked_boxes(self) -> list[tuple[float, float, float, float] | None]:
        """The bounds of each of `_blocked_tree`'s pieces that is an axis-parallel
        rectangle (four corners, each on its bounds, no hole); None for the others."""
        out: list[tuple[float, float, float, float] | None] = []
        for piece in self._blocked_tree.geometries:
            x0, y0, x1, y1 = piece.bounds
            rect = (
                piece.geom_type == "Polygon"
                and not piece.interiors
                and len(piece.exterior.coords) == 5
                and {x for x, _ in piece.exterior.coords} <= {x0, x1}
                and {y for _, y in piece.exterior.coords} <= {y0, y1}
            )
            out.append((x0, y0, x1, y1) if rect else None)
        return out

    @cached_property
    def hall_column_boxes(self) -> tuple[tuple[float, float, float, float], ...]:
        """Each column's bounds in the hall's own coordinates (metres), as notches are cut
        (`notch.py`): asked for every stand the packer tries over a column."""
        return tuple(tuple(c.bounds) for c in self.hall.column_shapes)  # type: ignore[misc]

    @cached_property
    def column_boxes(self) -> frozenset[tuple[float, float, float, float]]:
        """Each column's bounds in this orientation (metres), for telling a column apart
        from the other pieces of `blocked` (a column that touches a keep-out or an exit's
        clearance merges with it and is no longer one of these)."""
        return frozenset(
            tuple(round(v, 9) for v in self.local(c).bounds) for c in self.hall.column_shapes
        )

    def free_intervals(
        self,
        s0: int,
        s1: int,
        t0: int,
        t1: int,
        axis: str,
        notch: int = 0,
        spine: int | None = None,
    ) -> list[tuple[int, int]]:
        """Stretches [a, b) of [s0, s1) along `axis` where the band's whole depth is free.

        With `notch` (grid units), a column inside the band whose far side is at most that
        deep from one of the band's faces, or from the `spine` where two rows stand back
        to back, does not cut it: the stands there are notched round it (`notch.py`), as
        planners build round a column rather than lose the row's length and open ends
        beside it."""
        g = self.g
        if axis == "x":
            strip = box(s0 * g, t0 * g, s1 * g, t1 * g)
        else:
            strip = box(t0 * g, s0 * g, t1 * g, s1 * g)
        tree = self._blocked_tree
        sx0, sy0, sx1, sy1 = strip.bounds
        cuts: list[tuple[float, float]] = []
        for i in tree.query(strip).tolist():
            box_ = self._blocked_boxes[i]
            if box_ is not None and notch and self._notched(box_, t0, t1, axis, notch, spine):
                continue
            if box_ is not None:
                # An axis-parallel rectangle (a column, a square keep-out): the overlap of
                # the bounds is the intersection, without building it (a hall with 86
                # columns spent 60% of a pack cutting its macro bands' stretches).
                bx0, by0 = max(box_[0], sx0), max(box_[1], sy0)
                bx1, by1 = min(box_[2], sx1), min(box_[3], sy1)
                if bx1 > bx0 and by1 > by0 and (bx1 - bx0) * (by1 - by0) > 1e-9:
                    cuts.append((bx0, bx1) if axis == "x" else (by0, by1))
                continue
            inter = tree.geometries[i].intersection(strip)
            for part in getattr(inter, "geoms", [inter]):
                if part.is_empty or part.area <= 1e-9:
                    continue
                bx0, by0, bx1, by1 = part.bounds
                cuts.append((bx0, bx1) if axis == "x" else (by0, by1))
        cuts.sort()
        out: list[tuple[int, int]] = []
        cursor = s0
        for c0, c1 in cuts:
            end, beyond = on_grid(c0, c1, g)
            if end > cursor:
                out.append((cursor, end))
            cursor = max(cursor, beyond)
        if s1 > cursor:
            out.append((cursor, s1))
        return out

    def _notched(
        self,
        box_: tuple[float, float, float, float],
        t0: int,
        t1: int,
        axis: str,
        notch: int,
        spine: int | None,
    ) -> bool:
        """Whether the blocked piece `box_` is a column that the stands at one of the faces
        of the band [t0, t1), or at its spine, take in a notch (see `free_intervals`)."""
        if tuple(round(v, 9) for v in box_) not in self.column_boxes:
            return False
        g = self.g
        lo, hi = (box_[1], box_[3]) if axis == "x" else (box_[0], box_[2])
        # The notch is the column's box on the grid (`notch.notches`).
        lo, hi = on_grid(lo, hi, g)
        if lo < t0 or hi > t1:
            return False
        if spine is not None and spine - notch <= lo and hi <= spine + notch:
            return True
        return hi - t0 <= notch or t1 - lo <= notch

    @cached_property
    def rivals(self) -> dict[str, frozenset[str]]:
        """Keep-apart pairs both ways, whoever names whom: a rival may stand already (raw
        space, a stand seated first) without being packed with the other."""
        pairs: dict[str, set[str]] = {}
        for r in self.requests:
            for other in r.keep_apart:
                pairs.setdefault(r.id, set()).add(other)
                pairs.setdefault(other, set()).add(r.id)
        return {rid: frozenset(others) for rid, others in pairs.items()}

    def clear_of_rivals(self, rid: str, rect: Rect, where: dict[str, Rect]) -> bool:
        """`rid` at `rect` is at least `keep_apart_m` from each of its rivals in `where`."""
        need = self.rules.keep_apart_m / self.g
        return all(
            rect_gap(rect, where[other]) >= need + 1e-6
            for other in self.rivals.get(rid, ())
            if other in where
        )

    def to_world(self, rect: Rect) -> Rect:
        x, y, w, d = rect
        return (y, x, d, w) if self.transpose else rect


__all__ = ["Box", "HallProblem", "Rect", "block_labels", "blocks", "box_of", "gaps", "pieces"]
__all__ += ["rect_gap"]
