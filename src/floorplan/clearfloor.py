"""How big a rectangle a hall's floor holds between its columns and keep-outs.

A hall of 18,000 m2 with a column every 12 m cannot take a 1,400 m2 raw
space: no stand may stand on a column. The hall's outer size says nothing
about that, so without this check the hall knapsack sends car makers to
halls that cannot seat them, and the halls that could are filled with small
stands first.

The floor is a raster of cells, each free when it lies wholly inside the
outline and meets no column or keep-out. A stand `w` wide that stands clear
covers at least `floor(w / cell) - 1` whole cells along it, all free: so a
stand fits only if a window that many cells wide and deep is free. That is a
necessary condition, never a refusal of a stand that fits; the hall's layout
has the last word on the rest.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from floorplan.geometry import grid_meeting
from floorplan.model.event import Request, Rules
from floorplan.model.venue import Hall
from floorplan.sizes import EPS, area_bounds, exact_units, min_side_units

MAX_CELLS = 40_000
"""Most raster cells per hall (the cell grows with the hall)."""

MIN_CELL_M = 0.25
"""Finest cell: finer only tells apart stands a few centimetres from fitting."""

_CACHE: dict[tuple[int, float, float], tuple[Hall, ClearFloor]] = {}
"""Per hall object (kept alive with its floor, so an id is never reused): halls are
asked about every request several times over a solve."""


class ClearFloor:
    """The hall's free cells, and the tallest free window of each width (memoised)."""

    def __init__(self, hall: Hall, margin: float = 0.0, clearance: float = 0.0):
        """`margin` > 0: the floor that keeps that far from the walls and keep-outs (where a
        stand leaves an aisle all round them; a column may stand in that aisle, as the
        skeleton puts it). `clearance` > 0: no stand within that of a door either (the
        event's `exit_clearance_m`; fuzzed seed 7500 ev15 sent three 900 m2 islands to a
        hall whose only strip wide enough between its columns ran past four doors, and
        told them of "a free slot of 26 x 6 m")."""
        x0, y0, x1, y1 = hall.shape.bounds
        self.cell = max(MIN_CELL_M, math.sqrt((x1 - x0) * (y1 - y0) / MAX_CELLS))
        c = self.cell
        nx, ny = max(1, int((x1 - x0) / c)), max(1, int((y1 - y0) / c))
        eps = 1e-6

        def boxes(i: np.ndarray, j: np.ndarray) -> np.ndarray:
            """The cells of columns `i` and rows `j` as boxes, a hair inside."""
            xs, ys = x0 + i * c, y0 + j * c
            out: np.ndarray = shapely.box(xs + eps, ys + eps, xs + c - eps, ys + c - eps)
            return out

        def cells(j0: int, j1: int, i0: int, i1: int) -> np.ndarray:
            # Boxes only where something is asked: 40,000 per hall cost a fifth of a second.
            return boxes(*np.meshgrid(np.arange(i0, i1), np.arange(j0, j1)))

        outline = hall.shape
        obstacles = list(hall.obstacles)
        if margin > 0:
            outline = outline.buffer(-margin, join_style="mitre")
            grown = [k.shape.buffer(margin, join_style="mitre") for k in hall.keep_out]
            obstacles = [*hall.column_shapes, *grown]
        if clearance > 0:
            # A buffer's round ends are chords inside the true circle: the raster may
            # only err towards free.
            obstacles += [ex.door(hall.shape).buffer(clearance) for ex in hall.exits]
        # A cell that meets nothing of the bounds outside the outline lies within it; the
        # few that do (along a slanted or notched wall) are asked exactly.
        outside = shapely.box(x0, y0, x1, y1).difference(outline)
        edge = grid_meeting((ny, nx), (x0, y0, c), outside, cells)
        free = ~edge
        if edge.any():
            shapely.prepare(outline)
            js, is_ = np.nonzero(edge)
            free[js, is_] = shapely.within(boxes(is_, js), outline)
        if obstacles:
            free &= ~grid_meeting((ny, nx), (x0, y0, c), shapely.union_all(obstacles), cells)
        self.free: np.ndarray = free
        self._tallest: dict[int, int] = {}

    def tallest(self, width: int) -> int:
        """Most rows of a free window `width` cells wide (0 if none is)."""
        if width <= 0:
            return int(self.free.shape[0])
        if width not in self._tallest:
            ny, nx = self.free.shape
            if width > nx:
                self._tallest[width] = 0
            else:
                s = np.zeros((ny, nx + 1), dtype=np.int32)
                s[:, 1:] = np.cumsum(self.free, axis=1)
                rows = (s[:, width:] - s[:, :-width]) == width
                run = np.zeros(rows.shape[1], dtype=np.int32)
                best = 0
                for row in rows:
                    run = (run + 1) * row
                    best = max(best, int(run.max()))
                self._tallest[width] = best
        return self._tallest[width]

    def holds(self, w: float, d: float) -> bool:
        """Whether a w x d m rectangle (this orientation) may stand clear somewhere."""
        cw = math.floor(w / self.cell + EPS) - 1
        ch = math.floor(d / self.cell + EPS) - 1
        return ch <= 0 or self.tallest(cw) >= ch

    def largest(self) -> tuple[float, float]:
        """Sides (m) of the free window of most area, as whole cells (for reasons)."""
        nx = self.free.shape[1]
        best = (0, 0)
        # Some fifty widths: the figure is "about", and each width costs a pass.
        for w in sorted({*range(1, nx + 1, max(1, nx // 50)), nx}):
            h = self.tallest(w)
            if h == 0:
                break
            if w * h > best[0] * best[1]:
                best = (w, h)
        return (best[0] * self.cell, best[1] * self.cell)


def clear_floor(hall: Hall, margin: float = 0.0, clearance: float = 0.0) -> ClearFloor:
    key = (id(hall), margin, clearance)
    got = _CACHE.get(key)
    if got is None or got[0] is not hall:
        if len(_CACHE) > 256:
            _CACHE.clear()
        got = (hall, ClearFloor(hall, margin, clearance))
        _CACHE[key] = got
    return got[1]


def clear_size(request: Request, rules: Rules, floor: ClearFloor) -> tuple[float, float] | None:
    """A size (w, d in m, either orientation) of the request that the floor may hold clear
    of columns and keep-outs; None if no allowed size can."""
    g = rules.grid_m
    if request.exact_size is not None:
        units = exact_units(request, rules)
        if units is None:
            return None
        w, d = units[0] * g, units[1] * g
        return next(((a, b) for a, b in ((w, d), (d, w)) if floor.holds(a, b)), None)
    lo, hi = area_bounds(request, rules)
    smin = min_side_units(rules) * g
    top = math.sqrt(hi)
    c = floor.cell
    # Short sides in steps of a cell; within a step, the most hopeful size (the least
    # short side with the least long side of the step), so no size that fits is missed.
    short = smin
    while short <= top + EPS:
        long_ = max(short, lo / min(short + c, top))
        if long_ <= (short + c) * rules.max_aspect + EPS:
            for a, b in ((short, long_), (long_, short)):
                if floor.holds(a, b):
                    return (a, b)
        short += c
    return None


__all__ = ["ClearFloor", "clear_floor", "clear_size"]
