"""A quick, exact refusal of sight lines that run through a stand, before the exact test.

The walk's visibility graph tests every pair of reflex corners of the walkable
space: in a 360-stand hall about 200,000 segments, most of them crossing the
hall and blocked many times over. The exact test (does a segment touch the
boundary of the grown walkable space?) compares each with every boundary edge
its bounding box meets, tens of millions of pairs.

Most blocked segments can be refused for certain at far lower cost. Cells of a
raster that do not meet the grown walkable space at all are *solid*: every
point of them lies strictly outside it. A segment that starts strictly inside
the grown walkable space and has a point in a solid cell must leave the space,
so it crosses its boundary: it is not clear. Sampling each segment at the
a few metres' pitch finds most such points; nothing is concluded from a sample that is
not in a solid cell, so the exact test still decides every other segment, and
the answer is the exact test's for every segment.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

MAX_CELLS = 250_000
"""Most cells of the raster (its pitch grows with the hall)."""

MIN_CELL_M = 0.25
"""Finest pitch: a stand's interior is at least a few cells wide."""

SAMPLE_M = 3.0
"""Pitch of the samples along a segment (at least a cell): a blocked segment crosses
stands metres wide, so most are refused by a few samples; any it misses go to the exact
test."""

CHUNK = 2_000_000
"""Most sample points held at once."""


class Solid:
    """Raster of cells wholly outside `space` (a polygon: the grown walkable space)."""

    def __init__(self, space: BaseGeometry) -> None:
        self.space = space
        x0, y0, x1, y1 = space.bounds if not space.is_empty else (0.0, 0.0, 0.0, 0.0)
        area = max((x1 - x0) * (y1 - y0), 1e-9)
        self.cell = max(MIN_CELL_M, math.sqrt(area / MAX_CELLS))
        self.pitch = max(self.cell, SAMPLE_M)
        self.x0, self.y0 = x0, y0
        nx = max(1, math.ceil((x1 - x0) / self.cell))
        ny = max(1, math.ceil((y1 - y0) / self.cell))
        xs = x0 + np.arange(nx) * self.cell
        ys = y0 + np.arange(ny) * self.cell
        gx, gy = np.meshgrid(xs, ys)
        cells = shapely.box(gx, gy, gx + self.cell, gy + self.cell)
        shapely.prepare(space)
        self.solid: NDArray[np.bool_] = ~shapely.intersects(space, cells)
        """[row, column]: True where no point of the cell is in the space."""

    def blocked(self, segments: NDArray[np.float64]) -> NDArray[np.bool_]:
        """Segments (K, 2, 2) certainly not clear: an end strictly inside the space and a
        sample point in a solid cell. False says nothing."""
        out = np.zeros(len(segments), dtype=bool)
        if len(segments) == 0 or not self.solid.any():
            return out
        a, b = segments[:, 0], segments[:, 1]
        inside = shapely.contains_xy(self.space, a[:, 0], a[:, 1]) | shapely.contains_xy(
            self.space, b[:, 0], b[:, 1]
        )
        steps = np.ceil(np.hypot(*(b - a).T) / self.pitch).astype(np.int64) + 1
        ny, nx = self.solid.shape
        start = 0
        while start < len(segments):
            # As many segments as keep the samples under CHUNK (at least one).
            total = np.cumsum(steps[start:])
            stop = start + max(1, int(np.searchsorted(total, CHUNK, side="right")))
            n = steps[start:stop]
            seg = np.repeat(np.arange(start, stop), n)
            first = np.repeat(np.cumsum(n) - n, n)
            t = (np.arange(len(seg)) - first) / np.maximum(np.repeat(n, n) - 1, 1)
            pts = a[seg] + (b[seg] - a[seg]) * t[:, None]
            i = np.floor((pts[:, 0] - self.x0) / self.cell).astype(np.int64)
            j = np.floor((pts[:, 1] - self.y0) / self.cell).astype(np.int64)
            ok = (i >= 0) & (i < nx) & (j >= 0) & (j < ny)
            hit = np.zeros(len(seg), dtype=bool)
            hit[ok] = self.solid[j[ok], i[ok]]
            out[start:stop] = np.bincount(seg - start, weights=hit, minlength=stop - start) > 0
            start = stop
        result: NDArray[np.bool_] = out & inside
        return result


__all__ = ["Solid"]
