"""Stands notched round the columns inside them.

The skeleton leaves a column that stands just inside a row's face in the row
(`Params.notch_depth_m`) rather than cutting the row there, as planners do: the
stand at that face is built round the column. Here that stand gets its outline:
its rectangle less a notch, the column's box on the grid carried out to the
stand's nearest side (the contract's polygon stand, "a stand notched round a
column"). A stand whose notch would be deeper than the limit, leave a hole, or
take its area below the request's tolerance does not fit: the packer does not
put it there, and a pass that moved it there sends it back to the open floor
(`passes.misfits`) before anything is written.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from floorplan.model.event import Request
from floorplan.sizes import area_bounds
from floorplan.solve.problem import HallProblem, Rect, on_grid

EPS = 1e-9

Box = tuple[float, float, float, float]


def deepest(depth_m: float, g: float) -> int:
    """The deepest notch (grid units) for a limit of `depth_m`: the limit on the event's
    grid, rounded up. On a 1 m grid a 0.6 m column takes a box of 1 or 2 m, and a limit
    rounded down (1 m) left every column off the grid cutting its row (fuzzed seed 28000
    ev13: columns 12 x 14 m apart)."""
    return max(1, math.ceil(depth_m / g - EPS))


def notches(rect: Rect, columns: Iterable[Box], g: float) -> list[tuple[Rect, int]]:
    """The notches the stand `rect` (grid units, the hall's own frame) needs round the
    columns (bounds in metres) that overlap it, each with its depth from the side it
    opens on (grid units): the column's box on the grid, carried to the nearest side."""
    x, y, w, d = rect
    out: list[tuple[Rect, int]] = []
    for c in columns:
        (cx0, cx1), (cy0, cy1) = on_grid(c[0], c[2], g), on_grid(c[1], c[3], g)
        if not (cx0 < x + w and x < cx1 and cy0 < y + d and y < cy1):
            continue
        nx0, ny0, nx1, ny1 = max(cx0, x), max(cy0, y), min(cx1, x + w), min(cy1, y + d)
        # Depth of the notch opened on each side: to the column's far edge.
        depths = [(nx1 - x, 0), (x + w - nx0, 1), (ny1 - y, 2), (y + d - ny0, 3)]
        depth, side = min(depths)
        if side == 0:
            nx0 = x
        elif side == 1:
            nx1 = x + w
        elif side == 2:
            ny0 = y
        else:
            ny1 = y + d
        out.append(((nx0, ny0, nx1 - nx0, ny1 - ny0), depth))
    return out


def outline(rect: Rect, cuts: list[tuple[Rect, int]], g: float) -> BaseGeometry:
    """The stand's outline in metres: its rectangle less its notches."""
    x, y, w, d = rect
    shape: BaseGeometry = shapely.box(x * g, y * g, (x + w) * g, (y + d) * g)
    for (nx, ny, nw, nd), _ in cuts:
        shape = shape.difference(shapely.box(nx * g, ny * g, (nx + nw) * g, (ny + nd) * g))
    return shapely.simplify(shape, 0)


def points(shape: Polygon) -> list[list[float]]:
    """A simple polygon's corners (no repeat of the first), rounded as stands are written."""
    return [[round(px, 6), round(py, 6)] for px, py in list(shape.exterior.coords)[:-1]]


def fits(req: Request, rect: Rect, p: HallProblem, depth_m: float) -> bool:
    """Whether the stand `rect` (grid units, the solver's frame of the hall) is whole or
    notched as a planner would notch it: every notch at most `depth_m` deep (on the grid,
    `deepest`), the outline one polygon without holes, its area within the request's
    tolerance."""
    world = p.to_world(rect)
    cuts = notches(world, p.hall_column_boxes, p.g)
    if not cuts:
        return True
    if any(depth > deepest(depth_m, p.g) for _, depth in cuts):
        return False
    shape = outline(world, cuts, p.g)
    if not isinstance(shape, Polygon) or shape.interiors or shape.is_empty:
        return False
    lo, hi = area_bounds(req, p.rules)
    return bool(lo - EPS <= shape.area <= hi + EPS)


__all__ = ["deepest", "fits", "notches", "outline", "points"]
