"""Shapely helpers shared by `info`, the solver and the renderer (never the validator)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import shapely
from shapely import Polygon, unary_union
from shapely.geometry.base import BaseGeometry

from floorplan.model.venue import Hall


def obstacle_union(hall: Hall) -> BaseGeometry:
    return unary_union(hall.obstacles)


def usable_area(hall: Hall) -> float:
    """Floor area left after columns and keep-outs."""
    return float(hall.shape.difference(obstacle_union(hall)).area)


def cells_meeting(
    cells: np.ndarray, geom: BaseGeometry, origin: tuple[float, float, float]
) -> np.ndarray:
    """Which cells of a raster of boxes (lower-left `origin` x, y and cell size, metres)
    meet `geom`: each part of it against only the cells under its bounds, so a hall of
    hundreds of columns costs a few cells per column, not the whole raster each."""
    return grid_meeting(cells.shape, origin, geom, lambda j0, j1, i0, i1: cells[j0:j1, i0:i1])


def grid_meeting(
    shape: tuple[int, int],
    origin: tuple[float, float, float],
    geom: BaseGeometry,
    boxes: Callable[[int, int, int, int], np.ndarray],
) -> np.ndarray:
    """`cells_meeting` for a raster whose boxes are made only under the parts' bounds
    (`boxes(j0, j1, i0, i1)`): a few held stands in a 62,500 m2 hall make a few boxes,
    not a quarter of a million."""
    x0, y0, c = origin
    ny, nx = shape
    out = np.zeros(shape, dtype=bool)
    for part in shapely.get_parts(geom):
        if part.is_empty:
            continue  # (an empty difference: a rectangle's outside within its bounds)
        bx0, by0, bx1, by1 = part.bounds
        i0, i1 = max(0, math.floor((bx0 - x0) / c)), min(nx, math.floor((bx1 - x0) / c) + 1)
        j0, j1 = max(0, math.floor((by0 - y0) / c)), min(ny, math.floor((by1 - y0) / c) + 1)
        if i0 < i1 and j0 < j1:
            out[j0:j1, i0:i1] |= shapely.intersects(boxes(j0, j1, i0, i1), part)
    return out


LABEL_STEPS = 8
"""Extra cut lines per axis when looking for the largest rectangle in a slanted polygon."""


def inscribed_box(shape: Polygon) -> tuple[float, float, float, float]:
    """The largest axis-aligned rectangle inside `shape` (x0, y0, x1, y1), where labels go.

    Candidate edges are the polygon's vertex coordinates plus `LABEL_STEPS`
    even cuts of its bounding box: exact for L-shapes and notched stands
    (edges along x and y), within one cut for slanted sides (trapezoids).
    """
    x0, y0, x1, y1 = shape.bounds
    coords = np.asarray(shape.exterior.coords)
    xs = np.unique(np.concatenate([coords[:, 0], np.linspace(x0, x1, LABEL_STEPS + 1)]))
    ys = np.unique(np.concatenate([coords[:, 1], np.linspace(y0, y1, LABEL_STEPS + 1)]))
    ia, ib = np.triu_indices(len(xs), k=1)
    ja, jb = np.triu_indices(len(ys), k=1)
    bx0, bx1 = np.repeat(xs[ia], len(ja)), np.repeat(xs[ib], len(ja))
    by0, by1 = np.tile(ys[ja], len(ia)), np.tile(ys[jb], len(ia))
    area = (bx1 - bx0) * (by1 - by0)
    order = np.argsort(-area, kind="stable")
    grown = shape.buffer(1e-9, join_style="mitre")
    shapely.prepare(grown)
    batch = 256
    for start in range(0, len(order), batch):
        k = order[start : start + batch]
        ok = shapely.covers(grown, shapely.box(bx0[k], by0[k], bx1[k], by1[k]))
        if ok.any():
            best = k[int(np.argmax(ok))]
            return (float(bx0[best]), float(by0[best]), float(bx1[best]), float(by1[best]))
    c = shape.representative_point()
    return (c.x, c.y, c.x, c.y)
