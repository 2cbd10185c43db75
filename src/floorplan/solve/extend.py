"""Rows continued at their ends: a planner's first move for a stand that is still waiting.

When the bands are full but the hall is not, a planner does not put a small
stand in the middle of an aisle: he adds it to the end of a row that has room
beyond it, as deep as the row, so the row's lines stay straight. That is the
move here, checked in the solver's grid units:

- the new stand is flush against one whole side of a stand already there and
  as deep as that side is long;
- it overlaps nothing, every stand of another block stays an aisle (the
  packer's gap) away (it never joins two rows, which would close the aisle
  between them), and the block it joins stays within `max_row_m` (C10);
- its floor is inside the hall, off columns and keep-outs and out of exit
  clearances;
- the stand it joins keeps the open sides it needs (the side it gives up was
  counted open only if it can spare it), the new stand has its own open
  sides (free floor an aisle deep in front, reaching past both ends: never
  a stand stopping an aisle between two rows) and its walk on the walk
  raster, and keep-apart rivals stay apart.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from floorplan.model.event import Request
from floorplan.sizes import nominal_width
from floorplan.solve.pack import Placed
from floorplan.solve.problem import HallProblem, Rect, block_labels, gaps


class Rows:
    """The stands of a hall as arrays, grouped into blocks as C10 groups them."""

    def __init__(self, p: HallProblem, placed: list[Placed], gap: int):
        self.p = p
        self.gap = gap
        self.aisle = p.units(p.rules.aisle_width_m)
        self.max_row = p.max_row
        self.placed = list(placed)
        self.rects = np.array([pl.rect for pl in placed], dtype=np.int64).reshape(-1, 4)
        self.block = block_labels(self.rects, self.aisle)

    def _dist(self, rect: Rect | np.ndarray) -> np.ndarray:
        return gaps(self.rects, rect)

    def _overlaps(self, rect: Rect, skip: Rect | None = None) -> bool:
        """Whether `rect` overlaps a stand (other than one at `skip`)."""
        x, y, w, d = rect
        r = self.rects
        hit = (
            (r[:, 0] < x + w)
            & (x < r[:, 0] + r[:, 2])
            & (r[:, 1] < y + d)
            & (y < r[:, 1] + r[:, 3])
        )
        if skip is not None and len(r):
            hit &= ~np.all(r == np.array(skip), axis=1)
        return bool(hit.any())

    def clear(self, cands: np.ndarray) -> np.ndarray:
        """For each rect (row of an m x 4 array), whether it overlaps no stand and leaves no
        sliver narrower than the gap to one: the first test of `joins`, for all candidates at
        once (most of a crowded hall's row ends fail it)."""
        r = self.rects
        if not len(r) or not len(cands):
            return np.ones(len(cands), dtype=bool)
        x, y = cands[:, 0:1], cands[:, 1:2]
        x1, y1 = x + cands[:, 2:3], y + cands[:, 3:4]
        rx, ry = r[None, :, 0], r[None, :, 1]
        rx1, ry1 = rx + r[None, :, 2], ry + r[None, :, 3]
        dx = np.maximum(0, np.maximum(rx - x1, x - rx1))
        dy = np.maximum(0, np.maximum(ry - y1, y - ry1))
        overlap = (rx < x1) & (x < rx1) & (ry < y1) & (y < ry1)
        dist = np.hypot(dx, dy)
        sliver = (dist > 0) & (dist < self.gap)
        out: np.ndarray = ~(overlap | sliver).any(axis=1)
        return out

    def candidates(
        self,
        req: Request,
        shapes: list[tuple[int, int]],
        walkable: Callable[[Rect], bool] | None = None,
    ) -> list[tuple[int, Rect]]:
        """Rects flush against a side of a stand (its index): as deep as that side is long,
        or a smaller size from `shapes` flush with one end of the side (the row's line).
        Only stands that can spare a side: by the sides they were counted, or by `faces`
        on the `walkable` floor when that says more (the count seated it, the floor may
        have more open now)."""
        rules = self.p.rules
        out: list[tuple[int, Rect]] = []
        for i, pl in enumerate(self.placed):
            need = max(1, pl.request.open_sides_needed)
            if pl.open_sides - 1 < need and (
                walkable is None or self.faces(pl.rect, walkable) - 1 < need
            ):
                continue  # it cannot spare a side
            x, y, w, d = pl.rect
            # Beside it (along x): the new stand's extent in y is at most d.
            beside = {(ww, dd) for ww, dd in shapes if dd < d}
            full = nominal_width(req, d, rules)
            if full is not None:
                beside.add((full, d))
            for ww, dd in sorted(beside):
                for yy in {y, y + d - dd}:
                    out.append((i, (x + w, yy, ww, dd)))
                    out.append((i, (x - ww, yy, ww, dd)))
            # Above or below it (along y): the new stand's extent in x is at most w.
            over = {(ww, dd) for ww, dd in shapes if ww < w}
            full = nominal_width(req, w, rules)
            if full is not None:
                over.add((w, full))
            for ww, dd in sorted(over):
                for xx in {x, x + w - ww}:
                    out.append((i, (xx, y + d, ww, dd)))
                    out.append((i, (xx, y - dd, ww, dd)))
        return out

    def joins(self, rect: Rect, walkable: Callable[[Rect], bool]) -> list[int] | None:
        """The stands `rect` would touch along a side, or None if it may not stand there:
        it overlaps a stand, leaves a sliver narrower than an aisle to one, takes a side
        a touched stand cannot spare, or makes its block longer than `max_row_m`."""
        if self._overlaps(rect):
            return None
        dist = self._dist(rect)
        if bool(((dist > 0) & (dist < self.gap)).any()):
            return None
        x, y, w, d = rect
        r = self.rects
        contact = np.nonzero(dist == 0)[0]
        touched: list[int] = []
        for j in contact.tolist():
            rx, ry, rw, rd = (int(v) for v in r[j])
            shared = max(min(x + w, rx + rw) - max(x, rx), min(y + d, ry + rd) - max(y, ry))
            if shared <= 0:
                continue  # a corner only
            pl = self.placed[j]
            # What it has open now, counted the same way, with `rect` standing there.
            if self.faces(pl.rect, walkable, rect) < max(1, pl.request.open_sides_needed):
                return None
            touched.append(j)
        if not touched:
            return None
        blocks = set(self.block[dist < self.aisle].tolist())
        if len(blocks) > 1:
            return None  # it would join two rows and close the aisle between them
        members = r[np.isin(self.block, list(blocks))]
        x0 = min(int(members[:, 0].min()), x)
        y0 = min(int(members[:, 1].min()), y)
        x1 = max(int((members[:, 0] + members[:, 2]).max()), x + w)
        y1 = max(int((members[:, 1] + members[:, 3]).max()), y + d)
        if max(x1 - x0, y1 - y0) > self.max_row:
            return None
        return touched

    def too_long(self, keep: set[str]) -> int | None:
        """A stand to take out of a block longer than `max_row_m`, or None if none is."""
        r = self.rects
        for b in sorted(set(self.block.tolist())):
            idx = np.nonzero(self.block == b)[0]
            if len(idx) < 2:
                continue
            m = r[idx]
            x0, y0 = int(m[:, 0].min()), int(m[:, 1].min())
            x1, y1 = int((m[:, 0] + m[:, 2]).max()), int((m[:, 1] + m[:, 3]).max())
            if max(x1 - x0, y1 - y0) <= self.max_row:
                continue
            links: list[int] = []
            for i in idx.tolist():
                dist = self._dist(r[i])[idx]
                if bool(((dist > 0) & (dist < self.aisle)).any()):
                    links.append(i)
            pool = [i for i in (links or idx.tolist()) if self.placed[i].request.id not in keep]
            if pool:
                return min(pool, key=lambda i: (self.placed[i].request.area_m2, i))
        return None

    def faces(self, rect: Rect, walkable: Callable[[Rect], bool], extra: Rect | None = None) -> int:
        """Sides of `rect` with an aisle's width of free floor in front, along their length
        and half an aisle beyond each end: walkers come from the sides too, so the side
        borders the walkable space all along (a pocket as wide as the side would not).
        `walkable`: whether floor is walkable, stands aside; an exit clearance is (fuzzed
        seed 7600 ev16: a peninsula facing one was counted a side short, and no 9 m2 stand
        could join its row)."""
        x, y, w, d = rect
        g = self.gap
        h = -(-g // 2)
        strips = [
            (x - g, y - h, g, d + 2 * h),
            (x + w, y - h, g, d + 2 * h),
            (x - h, y - g, w + 2 * h, g),
            (x - h, y + d, w + 2 * h, g),
        ]
        return sum(
            1
            for s in strips
            if walkable(s)
            and not self._overlaps(s, skip=rect)
            and (extra is None or not _meet(s, extra))
        )

    def add(self, touched: list[int] | None, pl: Placed) -> None:
        """Seat `pl` touching these stands (each gives up a side), or alone (None)."""
        for i in touched or []:
            old = self.placed[i]
            self.placed[i] = Placed(old.request, old.rect, old.open_sides - 1, old.segment)
        self.placed.append(pl)
        self.rects = np.vstack([self.rects, np.array([pl.rect], dtype=np.int64)])
        n = len(self.placed) - 1
        self.block = np.append(self.block, n)
        # It joins (and may merge) every block within an aisle.
        near = self._dist(pl.rect) < self.aisle
        near[n] = False
        for b in set(self.block[near].tolist()):
            self.block[self.block == b] = n


def _meet(a: Rect, b: Rect) -> bool:
    """Whether two rectangles overlap (not merely touch)."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def within_rows(
    p: HallProblem, placed: list[Placed], gap: int, keep: set[str]
) -> tuple[list[Placed], list[Placed]]:
    """The stands with no block longer than `max_row_m`, and those taken out to get there.

    The packer keeps each segment's blocks short, but stands on either side of a column
    that cuts a band are less than an aisle apart and so one block (C10) across two
    segments. Where that block is too long, a stand at such a link (the smallest one,
    never one in `keep`) is taken out until every block is short enough.
    """
    out = list(placed)
    dropped: list[Placed] = []
    for _ in range(len(placed)):
        rows = Rows(p, out, gap)
        victim = rows.too_long(keep)
        if victim is None:
            break
        dropped.append(out.pop(victim))
    return out, dropped


__all__ = ["Rows", "within_rows"]
