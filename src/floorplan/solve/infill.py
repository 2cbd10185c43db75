"""Floor the skeleton left over: waiting requests as free-standing stands, an aisle clear.

A skeleton's bands rarely cover a hall exactly. Floor is left beside the car
makers' raw space, round exit clearances, at the ends of bands cut short by
columns. While requests still wait, a planner would not call the hall full:
he puts a stand there with an aisle all round it, or backs it onto a wall.
This pass does the same after the packing, on a raster of the internal step:

- a stand keeps an aisle (the packer's gap) from every other stand, so it is
  a block of its own (C10), every other stand keeps the open sides it had,
  and the walkable space only gets an island more to walk round;
- it may stand against a column or keep-out but not on it, and stays out of
  exit clearances; it either backs onto the hall wall or keeps an aisle from
  it, never leaving a sliver that nobody can walk;
- among the spots a request fits, it takes one in a corner of the free floor
  (so the rest stays in one piece), nearest the entrance first;
- afterwards the walk is computed again with the new stands, and any new
  stand that made another stand's walk too long or took its open side is
  taken back.

Pavilion members must stand within one aisle of each other, which a stand an
aisle clear of everything cannot promise. A pavilion none of whose members the
bands took is seated whole (before or after the single stands, whichever order
holds more), as one free-standing block of rows (`pavilion_rows`), an aisle all round,
as a planner puts a national pavilion on the open floor; an island member, or a
third peninsula (every peninsula, where none can cap the block's ends), stands alone
diagonally off a corner of the block or an aisle beside it. It stays only
if every member keeps its access. In the last call (`parts`), a pavilion that does
not fit whole seats its best members as such a block, and a member of a pavilion
that stands in part continues a row flush beside a fellow.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from floorplan.geometry import grid_meeting
from floorplan.model.event import Request
from floorplan.sizes import exact_units, min_side_units, nominal_width, width_range
from floorplan.solve.extend import Rows
from floorplan.solve.pack import Placed, value
from floorplan.solve.params import Params
from floorplan.solve.pavilion_rows import Block, blocks, ragged, row_depth
from floorplan.solve.problem import HallProblem, Rect, rect_gap
from floorplan.solve.walk import Walk, build_walk

Shape = tuple[int, int]

OPEN_FLOOR = -2
"""`Placed.segment` of a stand seated here, on no segment (macros are -1)."""

CLEARANCE_MARGIN_M = 0.05
"""Kept beyond an exit clearance zone, whose round ends are drawn as polygons."""

SETTLE_TRIES = 4
"""Walks with the newcomers in place before `settle` gives up: the first three take back
only the newcomers nearest a stand that lost its access, the last all within 15 m."""

SATELLITE_MARGIN_M = 0.05
"""A pavilion's satellite stands diagonally off its block's corner by at least half an aisle
and this much along each axis, so that a walker's disc passes between the corners."""

SATELLITE_SPOTS = 400
"""Island spots per block shape weighed for a pavilion with satellites (`Free.spread`)."""

STATIC_KEPT = 8
"""Halls (orientation, step) whose fixed raster masks a process keeps."""

_STATIC: dict[tuple[object, ...], tuple[np.ndarray, ...]] = {}
"""The raster masks that only the hall decides (inside it; clear of columns, keep-outs and
exit clearances; an aisle from the wall; runs of cells outside it), by its geometry: every
candidate and seat trial of a hall fills its floor again, and in a 62,500 m2 hall these
masks were a third of it."""

_FIXED: dict[tuple[object, ...], np.ndarray] = {}
"""The cells near a hall's fixed stands (kept on a re-layout, or seated first), by hall and
stands: every candidate and round of the hall fills its floor round the same ones."""

_STATIC_LOCK = threading.Lock()


def _corners(ok: np.ndarray) -> list[tuple[int, int]]:
    """The corners of the spots `ok` (cells, as i, j): a spot that cannot move one way along
    x and one way along y; every spot where none is a corner."""
    if not ok.any():
        return []
    edge = np.pad(ok, 1, constant_values=False)
    left, right = ~edge[1:-1, :-2], ~edge[1:-1, 2:]
    down, up = ~edge[:-2, 1:-1], ~edge[2:, 1:-1]
    corner = ok & (left | right) & (down | up)
    js, is_ = np.nonzero(corner if corner.any() else ok)
    return list(zip(is_.tolist(), js.tolist(), strict=True))


class Free:
    """Raster of internal-step cells where a new stand may lie (True: free)."""

    def __init__(self, p: HallProblem, placed: list[Rect], gap: int, step: int):
        self.p = p
        self.gap = gap
        self.step = step
        g = p.g
        bx0, by0, bx1, by1 = p.bounds
        self.x0, self.y0 = bx0, by0
        nx, ny = max(0, (bx1 - bx0) // step), max(0, (by1 - by0) // step)
        a = p.rules.aisle_width_m
        eps = 1e-6

        def boxes(j0: int, j1: int, i0: int, i1: int) -> np.ndarray:
            X, Y = np.meshgrid(
                (bx0 + np.arange(i0, i1) * step) * g, (by0 + np.arange(j0, j1) * step) * g
            )
            out: np.ndarray = shapely.box(X + eps, Y + eps, X + step * g - eps, Y + step * g - eps)
            return out

        origin = (bx0 * g, by0 * g, step * g)

        def meeting(geom: BaseGeometry) -> np.ndarray:
            return grid_meeting((ny, nx), origin, geom, boxes)

        key: tuple[object, ...] = (p.transpose, p.bounds, step, g, a, p.outline.wkb)
        key += (p.clearance.wkb, *(o.wkb for o in p.hall.obstacles))
        static = _STATIC.get(key)
        if static is None:
            # Whole-cell tests: a cell is free only when no part of it is forbidden.
            core = p.outline.buffer(-(a - eps), join_style="mitre")
            # A stand may stand against a column or keep-out (it is not walkable floor
            # either way). The clearance zones are buffers whose arcs are chords: a margin
            # covers the sag.
            near = shapely.union_all(
                [p.local(o) for o in p.hall.obstacles] + [p.clearance.buffer(CLEARANCE_MARGIN_M)]
            )
            # Within a shape = meeting nothing of a frame round it minus the shape; each
            # part is tested only on the cells under its bounds (fast with many columns).
            frame = shapely.box(*p.outline.buffer(1.0).bounds)
            inside = ~meeting(frame.difference(p.outline))
            clear = inside & ~meeting(near)
            outside = ~inside
            # Floor a side may open onto: inside, and no column or keep-out on it.
            obstacles = [p.local(o) for o in p.hall.obstacles]
            walkable = inside & ~meeting(shapely.union_all(obstacles)) if obstacles else inside
            # An aisle from every keep-out an aisle thick: all four sides of a stand here
            # face an aisle whatever is packed round it.
            thick = [o for o in obstacles if _thickness(o, g) >= gap]
            near_thick = (
                meeting(shapely.union_all(thick).buffer(a - eps, join_style="mitre"))
                if thick
                else np.zeros((ny, nx), dtype=bool)
            )
            off_wall = ~meeting(frame.difference(core))
            static = (
                walkable,
                clear,
                off_wall,
                off_wall & ~near_thick,
                _runs(outside),
                _runs(outside.T).T,
            )
            for mask in static:
                mask.flags.writeable = False  # shared by every raster of this hall
            with _STATIC_LOCK:  # halls are handed out by threads (`workers.side_by_side`)
                while len(_STATIC) >= STATIC_KEPT:
                    del _STATIC[next(iter(_STATIC))]
                _STATIC[key] = static
        self.walkable, clear, off_wall, aloof, self._along, self._across = static
        """`_along` (`_across`): from each cell, how many cells outside the hall follow in a
        line along x (along y): the walls never move."""
        # A fixed stand keeps an aisle from any new one. On a re-layout every candidate and
        # round of a hall fills its floor round the same kept stands: their mask is kept
        # too (`_FIXED`; half of a re-solved hall's open-floor work was this mask).
        fixed_mask = None
        if p.fixed:
            fixed_key = (*key, *(f.wkb for f in p.fixed))
            fixed_mask = _FIXED.get(fixed_key)
            if fixed_mask is None:
                buffered = [p.local(f).buffer(a - eps, join_style="mitre") for f in p.fixed]
                fixed_mask = meeting(shapely.union_all(buffered))
                fixed_mask.flags.writeable = False
                with _STATIC_LOCK:
                    while len(_FIXED) >= STATIC_KEPT:
                        del _FIXED[next(iter(_FIXED))]
                    _FIXED[fixed_key] = fixed_mask
        self.free = clear & ~fixed_mask if fixed_mask is not None else clear.copy()
        self.core = self.free & off_wall
        """Cells an aisle from the wall: an island may stand here."""
        self.aloof = self.free & aloof
        """Cells an aisle from the wall and from every keep-out: an island here keeps its
        four open sides whatever is packed round it."""
        self.floor = self.free.copy()
        """Cells a stand may cover whatever stands nearby (inside, clear of obstacles)."""
        local = [p.local(o) for o in p.hall.obstacles]
        thick_ones = [_thickness(o, p.g) >= gap for o in local]
        self._keepouts = np.array(
            [o for o, t in zip(local, thick_ones, strict=True) if t], dtype=object
        )
        """The obstacles thicker than an aisle: a stand backs onto one or keeps an aisle from
        it (a column in an aisle only narrows it where it stands)."""
        self._columns = np.array(
            [o for o, t in zip(local, thick_ones, strict=True) if not t], dtype=object
        )
        """The thinner ones: a column in the aisle before a side keeps the walkers from the
        side along its own width and what the walkers' disc clears round it."""
        self._outside: BaseGeometry | None = None
        """Beyond the walls (made when first asked): a wall past a side's end keeps the
        walkers' disc from the side's last half aisle, as a column does."""
        self._seen: dict[tuple[int, int, bool], list[tuple[int, int]]] = {}
        """Spots by stand size, until the next stand is taken."""
        self._sums: dict[str, np.ndarray] = {}
        """Summed-area tables of the masks, until the next stand is taken (each size asks
        for windows of the same masks: a table serves them all)."""
        for rect in placed:
            self.take(rect)

    def take(self, rect: Rect) -> None:
        """No other stand within the gap of this one."""
        x, y, w, d = rect
        g, s = self.gap, self.step
        i0 = max(0, (x - g - self.x0) // s)
        i1 = max(0, -(-(x + w + g - self.x0) // s))
        j0 = max(0, (y - g - self.y0) // s)
        j1 = max(0, -(-(y + d + g - self.y0) // s))
        self.free[j0:j1, i0:i1] = False
        self.core[j0:j1, i0:i1] = False
        self.aloof[j0:j1, i0:i1] = False
        self._seen.clear()
        self._sums.clear()

    def ban(self, rect: Rect) -> None:
        """No new stand on `rect` nor within the gap of it, at a row's end or alone."""
        self.take(rect)
        x, y, w, d = rect
        s = self.step
        i0, j0 = max(0, (x - self.x0) // s), max(0, (y - self.y0) // s)
        i1, j1 = max(0, -(-(x + w - self.x0) // s)), max(0, -(-(y + d - self.y0) // s))
        self.floor[j0:j1, i0:i1] = False

    def _table(self, name: str) -> np.ndarray:
        if name not in self._sums:
            self._sums[name] = _summed(getattr(self, name))
        return self._sums[name]

    def spots(self, w: int, d: int, aloof: bool = False) -> list[tuple[int, int]]:
        """Lower-left cells where a w x d stand lies on free cells only, corners of the free
        floor first: an island an aisle from the walls, or a stand with its back on a wall;
        `aloof`: only an island an aisle from the walls and the keep-outs too."""
        if (w, d, aloof) not in self._seen:
            self._seen[(w, d, aloof)] = self._spots(w, d, aloof)
        return self._seen[(w, d, aloof)]

    def _spots(self, w: int, d: int, aloof: bool) -> list[tuple[int, int]]:
        cw, ch = -(-w // self.step), -(-d // self.step)
        ny, nx = self.free.shape
        if cw > nx or ch > ny:
            return []
        fits = _windows(self.free, cw, ch, self._table("free"))
        if aloof:
            return _corners(fits & _windows(self.aloof, cw, ch, self._table("aloof")))
        island = fits & _windows(self.core, cw, ch, self._table("core"))
        # Backed: the whole line of cells just behind one side (below, above, left or
        # right) is outside the hall; a line beyond the raster's edge is outside too.
        behind = np.zeros((ny, nx), dtype=bool)
        behind[0, :] = behind[:, 0] = True
        behind[ny - ch :, :] = behind[:, nx - cw :] = True
        behind[1:, :] |= self._along[:-1, :] >= cw
        behind[: ny - ch, :] |= self._along[ch:, :] >= cw
        behind[:, 1:] |= self._across[:, :-1] >= ch
        behind[:, : nx - cw] |= self._across[:, cw:] >= ch
        return _corners(island | (fits & behind))

    def on_floor(self, rect: Rect) -> bool:
        """Every cell under `rect` is floor a stand may cover."""
        return self._all(self.floor, rect)

    def spread(self, w: int, d: int, most: int) -> list[tuple[int, int]]:
        """Up to `most` cells where a w x d island fits an aisle from the walls, spread evenly
        over every such cell (not only the free floor's corners)."""
        cw, ch = -(-w // self.step), -(-d // self.step)
        ny, nx = self.free.shape
        if cw > nx or ch > ny:
            return []
        fits = _windows(self.core, cw, ch, self._table("core"))
        js, is_ = np.nonzero(fits)
        every = max(1, -(-len(js) // most))
        return list(zip(is_[::every].tolist(), js[::every].tolist(), strict=True))

    def island_floor(self, rect: Rect) -> bool:
        """Every cell under `rect` may hold an island: free, and an aisle from the walls."""
        return self._all(self.core, rect)

    def walkable_under(self, rect: Rect) -> bool:
        """Every cell under `rect` is floor one may walk: inside, off columns and keep-outs
        (an exit clearance is walkable, though no stand may stand in it)."""
        return self._all(self.walkable, rect)

    def _all(self, mask: np.ndarray, rect: Rect) -> bool:
        x, y, w, d = rect
        s = self.step
        i0, j0 = (x - self.x0) // s, (y - self.y0) // s
        i1, j1 = -(-(x + w - self.x0) // s), -(-(y + d - self.y0) // s)
        ny, nx = mask.shape
        if i0 < 0 or j0 < 0 or i1 > nx or j1 > ny:
            return False
        return bool(mask[j0:j1, i0:i1].all())

    def fronts(self, rect: Rect, walls: bool = False) -> int:
        """Sides of `rect` with the hall's floor an aisle deep before at least half of them
        (a side backed onto a wall or a keep-out has none), less what a keep-out in that
        aisle pinches: the walkers' reach (half an aisle) is lost on either side of it.
        Fuzzed ev03: an island 1 m past a keep-out's corner, flush with its face, read
        four open sides and the validator saw three; ev11: one 0.5 m from a keep-out."""
        strips = self._strips(rect)
        return sum(1 for k in self._floored(strips) if self._clear(rect, k, strips[k], walls))

    def opens(self, rect: Rect, sides: int, walls: bool = False) -> bool:
        """Whether `fronts(rect, walls)` is at least `sides`, asking no more sides than it
        takes (the reasons ask it of a hundred spots per size, mostly in full halls)."""
        strips = self._strips(rect)
        floor = self._floored(strips)
        count = 0
        for i, k in enumerate(floor):
            if count + len(floor) - i < sides:
                return False
            count += self._clear(rect, k, strips[k], walls)
            if count >= sides:
                return True
        return count >= sides

    def _strips(self, rect: Rect) -> list[Rect]:
        """The aisle before each side of `rect` (left, right, bottom, top)."""
        x, y, w, d = rect
        a = self.gap
        return [(x - a, y, a, d), (x + w, y, a, d), (x, y - a, w, a), (x, y + d, w, a)]

    def _floored(self, strips: list[Rect]) -> list[int]:
        """The sides whose aisle (`strips`) is at least half the hall's floor."""
        return [k for k, strip in enumerate(strips) if self._walkable_share(strip) >= 0.5]

    def _clear(self, rect: Rect, k: int, strip: Rect, walls: bool) -> bool:
        """Whether what a keep-out pinches of side `k`'s aisle and what a column or a wall
        shades of the side leave at least half of it open."""
        return self._pinched(strip, k < 2) + self._shaded(rect, k, walls) <= 0.5

    def _shaded(self, rect: Rect, k: int, walls: bool = False) -> float:
        """Share of side `k` of `rect` (left, right, bottom, top) that a column or a wall in
        the aisle before it keeps the walkers from: the walkable space is the free floor
        opened by a disc an aisle across, and a disc touching the side at a point must
        clear every column (fuzzed seed 7700 ev06: 3 x 3 m islands seated flush with a 1 m
        column read four open sides and had three; every seat was taken back). With
        `walls`, the walls too: a 3 x 3 m peninsula backed onto a wall (3.5 m aisles) has
        one open side, not three (the disc reaches its sides that meet the wall along
        1.25 m of their 3 m). Only the reasons ask that: seating with it cost fuzzed seed
        7600 ev13 7% of its area and seed 7300 ev11 5%, with 0 violations either way:
        somewhere it closes sides the validator finds open, not yet found where)."""
        if not walls and not len(self._columns):
            return 0.0  # most halls: nothing to ask for any side
        g, r = self.p.g, self.p.rules.aisle_width_m / 2
        x, y, w, d = rect
        x0, y0, x1, y1 = x * g, y * g, (x + w) * g, (y + d) * g
        reach = self.gap * g
        along_x = k >= 2
        lo, hi = (x0, x1) if along_x else (y0, y1)
        face = (x0, x1, y0, y1)[k]
        out = 1.0 if k in (1, 3) else -1.0
        near, far = (face, face + out * reach)
        a0, a1 = min(near, far), max(near, far)
        box = (
            shapely.box(lo - r, a0, hi + r, a1) if along_x else shapely.box(a0, lo - r, a1, hi + r)
        )
        pieces = shapely.intersection(self._columns, box)
        if walls:
            if self._outside is None:
                self._outside = shapely.box(*self.p.outline.buffer(1.0).bounds).difference(
                    self.p.outline
                )
            beyond = shapely.get_parts(shapely.intersection(self._outside, box))
            pieces = np.concatenate([pieces, beyond])
        pieces = pieces[shapely.area(pieces) > 1e-9]
        spans = []
        for b in shapely.bounds(pieces).tolist():
            s0, s1 = (b[0], b[2]) if along_x else (b[1], b[3])
            c0, c1 = (b[1], b[3]) if along_x else (b[0], b[2])
            d0, d1 = sorted((abs(c0 - face), abs(c1 - face)))
            # The disc's centre is r out from the side: how far along it must stay away.
            gap_across = d0 - r if d0 > r else (r - d1 if d1 < r else 0.0)
            h = math.sqrt(max(0.0, r * r - gap_across * gap_across))
            spans.append((s0 - h, s1 + h))
        return _covered(spans, lo, hi)

    def _pinched(self, strip: Rect, across_x: bool) -> float:
        """Share of a side's length (its aisle `strip`, grid units) along which a keep-out in
        that aisle, widened by half an aisle each way, narrows it."""
        if not len(self._keepouts):
            return 0.0
        g, (x, y, w, d) = self.p.g, strip
        box = shapely.box(x * g, y * g, (x + w) * g, (y + d) * g)
        pieces = shapely.intersection(self._keepouts, box)
        pieces = pieces[shapely.area(pieces) > 1e-9]
        if not len(pieces):
            return 0.0
        half = self.p.rules.aisle_width_m / 2
        lo, hi = (y * g, (y + d) * g) if across_x else (x * g, (x + w) * g)
        spans = sorted(
            (b[1] - half, b[3] + half) if across_x else (b[0] - half, b[2] + half)
            for b in shapely.bounds(pieces).tolist()
        )
        return _covered(spans, lo, hi)

    def _walkable_share(self, rect: Rect) -> float:
        """Share of the cells wholly under `rect` that are floor, not wall, column or
        keep-out (0 if none)."""
        x, y, w, d = rect
        s = self.step
        i0, j0 = -(-(x - self.x0) // s), -(-(y - self.y0) // s)
        i1, j1 = (x + w - self.x0) // s, (y + d - self.y0) // s
        ny, nx = self.walkable.shape
        i0, j0, i1, j1 = max(0, i0), max(0, j0), min(nx, i1), min(ny, j1)
        if i1 <= i0 or j1 <= j0:
            return 0.0
        total = (i1 - i0) * (j1 - j0)
        return float(self.walkable[j0:j1, i0:i1].sum() / total)

    def rect(self, i: int, j: int, w: int, d: int) -> Rect:
        return (self.x0 + i * self.step, self.y0 + j * self.step, w, d)


def _covered(spans: list[tuple[float, float]], lo: float, hi: float) -> float:
    """Share of [lo, hi] the union of `spans` covers."""
    cut, end = 0.0, lo
    for u0, u1 in sorted(spans):
        u0, u1 = max(u0, end), min(u1, hi)
        if u1 > u0:
            cut += u1 - u0
            end = u1
    return cut / (hi - lo) if hi > lo else 0.0


def _thickness(geom: BaseGeometry, g: float) -> float:
    """The thinner side of a geometry's bounds, in grid units."""
    x0, y0, x1, y1 = geom.bounds
    return float(min(x1 - x0, y1 - y0) / g)


def _summed(mask: np.ndarray) -> np.ndarray:
    """Summed-area table: entry (j, i) counts the True cells below row j and left of column i."""
    ny, nx = mask.shape
    sat = np.zeros((ny + 1, nx + 1), dtype=np.int64)
    sat[1:, 1:] = np.cumsum(np.cumsum(mask, axis=0), axis=1)
    return sat


def _windows(mask: np.ndarray, cw: int, ch: int, sat: np.ndarray) -> np.ndarray:
    """Where a cw x ch window of cells (lower-left at each cell) is all True (`sat`: the
    mask's summed-area table)."""
    ny, nx = mask.shape
    total = sat[ch:, cw:] - sat[:-ch, cw:] - sat[ch:, :-cw] + sat[:-ch, :-cw]
    out = np.zeros_like(mask)
    out[: ny - ch + 1, : nx - cw + 1] = total == cw * ch
    return out


def _runs(mask: np.ndarray) -> np.ndarray:
    """For each cell, how many True cells start there in a row along axis 1; a run that
    reaches the raster's edge goes on beyond it (the floor beyond the raster is outside)."""
    ny, nx = mask.shape
    run = np.zeros((ny, nx + 1), dtype=np.int64)
    run[:, nx] = 1 << 40
    for i in range(nx - 1, -1, -1):
        run[:, i] = np.where(mask[:, i], run[:, i + 1] + 1, 0)
    return run[:, :nx]


def shapes(
    req: Request, p: HallProblem, step: int, most: int = 6, least: bool = False
) -> list[Shape]:
    """Stand sizes to try (both orientations of each, `most` in all): the most compact
    half, the other half spread evenly over the thinner ones down to the thinnest the
    aspect rule allows. A big island in a hall with a column grid fits only between two
    rows of columns: 14 x 26 m where no 19 x 19 m square fits anywhere. With `least`,
    each as small as the area tolerance allows instead of nearest the requested area."""
    rules = p.rules
    g = p.g
    if req.exact_size is not None:
        units = exact_units(req, rules)
        if units is None:
            return []
        w, d = units
        return [(w, d)] if w == d else [(w, d), (d, w)]
    smin = min_side_units(rules)
    side = math.sqrt(req.area_m2) / g
    square = max(smin, int(side) - int(side) % step)
    # Depths on the step from the square down to the thinnest allowed.
    sizes: set[Shape] = set()
    for depth in range(square + step, smin - 1, -step):
        span = width_range(req, depth, rules)
        width = (span[0] if span else None) if least else nominal_width(req, depth, rules)
        if width is not None:
            sizes.add((max(width, depth), min(width, depth)))
    ordered = sorted(sizes, key=lambda s: (s[0] / s[1], s))
    entries = list(dict.fromkeys(o for w, d in ordered for o in ((w, d), (d, w))))
    if len(entries) <= most or most <= 2:
        return entries[:most]
    head = entries[: most // 2]
    thinner = [s for s in ordered if s not in head and s[::-1] not in head]
    picks = max(1, (most - len(head)) // 2)
    chosen = [thinner[round((i + 1) * (len(thinner) - 1) / picks)] for i in range(picks)]
    return head + [o for w, d in dict.fromkeys(chosen) for o in ((w, d), (d, w))]


@dataclass
class OpenFloor:
    """What seating one stand on the open floor looks at: the hall, its free cells, the
    walk and where everyone stands."""

    p: HallProblem
    free: Free
    walk: Walk
    where: dict[str, Rect]
    params: Params
    step: int

    @property
    def limit(self) -> float:
        return self.p.rules.max_travel_m - self.params.walk_slack_m


def infill(
    p: HallProblem,
    placed: list[Placed],
    waiting: list[Request],
    params: Params,
    step: int,
    gap: int,
    walked_sides: bool = False,
    parts: bool = False,
    deadline: float | None = None,
    taken_back: set[str] | None = None,
) -> tuple[list[Placed], list[Request]]:
    """Seat what `waiting` can on the floor the bands left: at the end of a row first, else
    an aisle clear of everything. Returns every stand of the hall (a stand a row was
    continued from counts one open side fewer) and who still waits.

    `parts`: a pavilion that does not fit whole seats its best members together
    (`_seat_part`), and a member of a pavilion that stands in part here continues a row
    beside a fellow; only in the last call, when no other hall can take it whole any more.

    `walked_sides`: a row's end stand may give up a side it has open on the floor now,
    beyond those it was counted (a side onto an exit clearance, which is walkable; the
    last call, when everyone else is in place). In a hall's search, small stands that
    joined rows there took floor its later skeletons gave larger ones (fuzzed seed
    7600 ev13: 5.8% of the area lost, ev16 +3.5%).

    A stand taken back (it cost a neighbour its access or walk) tries again in the
    next round, away from where it stood: the first spot is only the one nearest its
    tier's place, and a large hall has many more.

    `deadline` (a `time.monotonic()` value) is an emergency stop only: past it, no more
    requests are tried (those seated stay, each with its access walked). `taken_back`
    collects who still waits after a round whose spots were taken back (for the reasons:
    the floor's spots that hold them cost them or a stand beside them an open side or its
    walk)."""
    out, left = list(placed), list(waiting)
    banned: list[Rect] = []
    trying = left
    for _ in range(params.infill_rounds):
        if _past(deadline):
            break
        out, still, dropped = _infill_round(
            p, out, trying, params, step, gap, banned, walked_sides, parts, deadline
        )
        # Who found no spot finds none now either (the floor only shrank): only those
        # taken back try again. (By id: every candidate fills its floor, and comparing
        # requests field by field in lists grew with the square of the waiting.)
        seated = {r.id for r in trying} - {r.id for r in still}
        left = [r for r in left if r.id not in seated]
        if not dropped:
            break
        banned += [pl.rect for pl in dropped]
        back = {pl.request.id for pl in dropped}
        if taken_back is not None:
            # Who found no spot this round may have lost it to a stand now taken back: the
            # spots banned with it are lost to all (fuzzed seed 19300 ev09: two corners of
            # 12 m2 taken back from the only two spots, two more like them found none).
            taken_back |= {r.id for r in still}
        trying = [r for r in left if r.id in back]
    if taken_back is not None:
        taken_back -= {r.id for r in waiting} - {r.id for r in left}  # seated after all
    return out, left


def _infill_round(
    p: HallProblem,
    placed: list[Placed],
    waiting: list[Request],
    params: Params,
    step: int,
    gap: int,
    banned: list[Rect],
    walked_sides: bool = False,
    parts: bool = False,
    deadline: float | None = None,
) -> tuple[list[Placed], list[Request], list[Placed]]:
    """One round of `infill`, clear of the `banned` spots of earlier rounds; also returns
    the stands taken back."""
    groups = _whole_pavilions(waiting, placed)
    whole = {r.pavilion for members in groups for r in members}
    # With `parts`, members of a pavilion that stands here take their turn as single
    # stands do, but only beside a fellow (`_extend`).
    todo = [r for r in waiting if not r.pavilion or (parts and r.pavilion not in whole)]
    if not todo and not groups:
        return list(placed), list(waiting), []
    walk = build_walk(p, [pl.rect for pl in placed], params)
    # Whole pavilions need floor in one piece, single stands fit round them; but single
    # stands first may hold more. Where both wait, both orders are tried and the one
    # worth more kept (fuzzed: pavilions first seated a pavilion of four beside 3,000 m2
    # of open floor in seed 7700 ev06, +4.6% of the area; singles first kept seed 7300
    # ev13's 3.4% more).
    best: tuple[list[Placed], list[Request], list[Placed]] | None = None
    for pavilions_first in (False, True) if todo and groups else (False,):
        got = _seated(
            p,
            placed,
            waiting,
            todo,
            groups,
            walk,
            params,
            step,
            gap,
            banned,
            walked_sides,
            pavilions_first,
            parts,
            deadline,
        )
        if best is None or value(got[0]) > value(best[0]) + 1e-9:
            best = got
    assert best is not None
    return best


def _seated(
    p: HallProblem,
    placed: list[Placed],
    waiting: list[Request],
    todo: list[Request],
    groups: list[list[Request]],
    walk: Walk,
    params: Params,
    step: int,
    gap: int,
    banned: list[Rect],
    walked_sides: bool,
    pavilions_first: bool,
    parts: bool,
    deadline: float | None = None,
) -> tuple[list[Placed], list[Request], list[Placed]]:
    """One round of `infill` in one order: the single stands `todo` and the whole
    pavilions `groups`, these first or last (with `parts`, in part if not whole)."""
    free = Free(p, [pl.rect for pl in placed], gap, step)
    for rect in banned:
        free.ban(rect)
    floor = OpenFloor(p, free, walk, {pl.request.id: pl.rect for pl in placed}, params, step)
    rows = Rows(p, placed, gap)
    new: list[Placed] = []
    failed = _Failed()

    def seat_pavilions() -> None:
        for members in groups:
            if _past(deadline):
                return
            aim = targets(p, rows.placed, max(m.tier for m in members))
            row = _seat_pavilion(floor, members, aim)
            if not row and parts:
                row = _seat_part(floor, members, aim, params.pavilion_least)
            for seat in row:
                floor.free.take(seat.rect)
                floor.where[seat.request.id] = seat.rect
                rows.add(None, seat)
                new.append(seat)

    if pavilions_first:
        seat_pavilions()
    tries = params.fill_tries
    for req in todo:
        if _past(deadline):
            break
        if failed.hopeless(req, p):
            continue
        if tries is not None:
            if tries <= 0:
                break
            tries -= 1
        aim = targets(p, rows.placed, req.tier)
        got = _extend(floor, req, rows, aim, walked_sides)
        if got is None and not req.pavilion:
            seats = _seat(floor, req, 1, aim)
            if not seats:
                failed.add(req, p)
                continue
            got = seats[0]
            rows.add(None, got)
        elif got is None:
            continue
        failed.clear()
        floor.free.take(got.rect)
        floor.where[req.id] = got.rect
        new.append(got)
    if not pavilions_first:
        seat_pavilions()
    kept = settle(p, placed, new, walk, params, floor.limit)
    # A pavilion's newcomers stay or go together: one that lost its access takes the rest
    # along.
    whole = {pl.request.pavilion for pl in new if pl.request.pavilion}
    whole -= {pl.request.pavilion for pl in new if pl.request.pavilion and pl not in kept}
    if any(pl.request.pavilion and pl.request.pavilion not in whole for pl in kept):
        kept = [pl for pl in kept if not pl.request.pavilion or pl.request.pavilion in whole]
    if len(kept) < len(new):
        dropped = [pl for pl in new if pl not in kept]
        return (*_without(placed, kept, waiting, rows), dropped)
    seated = {pl.request.id for pl in new}
    return rows.placed, [r for r in waiting if r.id not in seated], []


def _past(deadline: float | None) -> bool:
    """Whether the emergency deadline has passed."""
    return deadline is not None and time.monotonic() > deadline


def _whole_pavilions(waiting: list[Request], placed: list[Placed]) -> list[list[Request]]:
    """The pavilions waiting whole (none of their members stands in the hall), by id."""
    here = {pl.request.pavilion for pl in placed if pl.request.pavilion}
    groups: dict[str, list[Request]] = {}
    for r in waiting:
        if r.pavilion and r.pavilion not in here:
            groups.setdefault(r.pavilion, []).append(r)
    return [sorted(groups[k], key=lambda r: r.id) for k in sorted(groups)]


def _seat_pavilion(floor: OpenFloor, members: list[Request], target: float) -> list[Placed]:
    """A pavilion as one free-standing block on the open floor, an aisle all round, its
    distance from the entrance nearest `target`, its satellites (`_split_pavilion`) at
    its corners; [] when none fits (more than four satellites, sizes no row takes, no
    spot, or no corner for a satellite). A rectangular
    block where one fits; a row with a ragged back (`pavilion_rows.row_depth`) only
    where none does."""
    core, satellites = _split_pavilion(members)
    shapes = blocks(tuple(core), floor.p.rules, floor.step)
    if not shapes:
        # No block caps its ends with the peninsulas (a short `max_row_m` splits its rows,
        # and a cap through two rows is too thin): they stand alone too (fuzzed seed 18900
        # ev02: a pavilion of seven unplaced from a hall 26% full, rows at most 18 m).
        core, satellites = _split_pavilion(members, caps=0)
        shapes = blocks(tuple(core), floor.p.rules, floor.step) if core else ()
    # Planners draw pavilions as rectangles: a ragged back only when no rectangle stands.
    even = [b for b in shapes if not ragged(b)]
    return _seat_block(floor, even, target, satellites) or _seat_block(
        floor, [b for b in shapes if ragged(b)], target, satellites
    )


def _seat_part(floor: OpenFloor, members: list[Request], target: float, least: int) -> list[Placed]:
    """The most of a pavilion's members, best tiers and largest first, that `_seat_pavilion`
    seats as one block when the whole does not fit, at least `least` of them; [] when
    not even those fit. Fewer members make a smaller block, so the most that fit is
    searched by halving (a few tries, not one per member)."""
    best = sorted(members, key=lambda m: (-m.tier, -m.area_m2, m.id))
    lo, hi = least, len(best) - 1
    row: list[Placed] = []
    while lo <= hi:
        k = (lo + hi) // 2
        got = _seat_pavilion(floor, best[:k], target)
        if got:
            row, lo = got, k + 1
        else:
            hi = k - 1
    return row


def _split_pavilion(members: list[Request], caps: int = 2) -> tuple[list[Request], list[Request]]:
    """The members one block takes (at most `caps` peninsulas, its end caps; no island), and
    the satellites: islands and further peninsulas, each seated alone at a corner of the
    block, diagonally across less than an aisle (`_satellites`). Fuzzed seed 7700 ev06:
    two pavilions, each with an island, went unplaced from a hall 28% full."""
    ends = sorted(
        (m for m in members if m.open_sides_needed == 3), key=lambda m: (-m.area_m2, m.id)
    )
    alone = [m for m in members if m.open_sides_needed >= 4] + ends[caps:]
    if len(alone) > 4:
        return members, []  # more than the block has corners: `blocks` refuses it
    return [m for m in members if m not in alone], alone


def _diagonal(p: HallProblem) -> int:
    """Grid units a satellite stands off its block's corner along each axis: the corners are
    then at most one aisle apart."""
    return math.floor(p.pavilion_reach / math.sqrt(2) + 1e-9)


def _skewed(p: HallProblem) -> list[tuple[int, int]]:
    """Offsets (along x, along y) of a satellite off its block's corner, one more than half
    an aisle (every side then keeps its aisle: the walkers' disc touches the satellite's
    side that faces across the larger offset, and its other side looks past the block's
    corner), the other as large as keeps the corners within one aisle; [] when none does.
    For a grid on which no equal offset does both: a 2.5 m aisle on a 1 m grid takes 1 m
    (too little for the disc) or 2 m (2.8 m apart); 2 and 1 m are 2.2 m apart (fuzzed seed
    9300 ev12: a pavilion with two islands unplaced from a hall 28% full)."""
    half = p.rules.aisle_width_m / 2 + SATELLITE_MARGIN_M
    big = math.ceil(half / p.g - 1e-9)
    room = p.pavilion_reach**2 - big**2
    if room < 0:
        return []
    small = math.floor(math.sqrt(room) + 1e-9)
    return [(big, small), (small, big)]


def _satellites(
    floor: OpenFloor, block: list[Placed], rect: Rect, members: list[Request]
) -> list[Placed] | None:
    """`members` each alone at its own corner of the pavilion's block `rect`, offset
    diagonally by `o` along both axes: their nearest corners less than an aisle apart
    (rule 8: within one aisle of a member), yet with `o` more than half an aisle every side
    of each keeps its aisle (a walker's disc an aisle across passes between the corners).
    Where the grid holds no such `o`, beside the block, exactly an aisle across (`spots`);
    where it holds no aisle exactly either, off the corner by unequal offsets (`_skewed`).
    None if one finds no corner."""
    p, free, walk, params = floor.p, floor.free, floor.walk, floor.params
    g = p.g
    if not members:
        return []
    reach = p.pavilion_reach
    o = _diagonal(p)
    skewed = _skewed(p)
    x, y, w, h = rect
    a = p.passage

    def spots(sw: int, sh: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Where a satellite `sw` x `sh` may stand, with the block corner it takes."""
        # Beside the block, exactly an aisle across, flush with one of its ends, where the
        # grid holds an aisle exactly (0.5 m does, 0.1 m does not): a block of its own
        # (rule C10), where one diagonally closer than an aisle makes one block with the
        # pavilion's, which a short `max_row_m` may refuse (fuzzed seed 18900 ev02: rows at
        # most 18 m, no satellite stood off any corner of a 17 m block).
        across = (
            [
                ((cx, cy), spot)
                for cx, cy in corners
                for spot in (
                    (x - a - sw if cx < 0 else x + w + a, y if cy < 0 else y + h - sh),
                    (x if cx < 0 else x + w - sw, y - a - sh if cy < 0 else y + h + a),
                )
            ]
            if a <= reach + 1e-9
            else []
        )
        if o * g >= p.rules.aisle_width_m / 2 + SATELLITE_MARGIN_M:
            return [
                (
                    (cx, cy),
                    (x - o - sw if cx < 0 else x + w + o, y - o - sh if cy < 0 else y + h + o),
                )
                for cx, cy in corners
            ] + across
        if across:
            # No equal offset on the grid keeps both rules (2 m aisles on a 0.5 m grid: it
            # would be 1.05-1.41 m): only beside the block.
            return across
        # Nor an aisle exactly (2.5 m on a 1 m grid): off the corner by unequal offsets.
        return [
            (
                (cx, cy),
                (x - ox - sw if cx < 0 else x + w + ox, y - oy - sh if cy < 0 else y + h + oy),
            )
            for cx, cy in corners
            for ox, oy in skewed
        ]

    corners = [(-1, -1), (1, -1), (-1, 1), (1, 1)]
    max_row = p.max_row
    out: list[Placed] = []
    taken: list[Rect] = [pl.rect for pl in block]
    for req in sorted(members, key=lambda m: (-m.area_m2, m.id)):
        got = None
        for sw, sh in shapes(req, p, floor.step, most=4):
            for (cx, cy), (sx, sy) in spots(sw, sh):
                sat = (sx, sy, sw, sh)
                # The arithmetic first, the floor and the walk last: a pavilion's
                # satellites once weighed 961 spots in one pack, each measured.
                if min(rect_gap(sat, r) for r in taken) > reach + 1e-9:
                    continue
                if any(rect_gap(sat, r) < p.passage for r in taken[len(block) :]):
                    continue
                box = [*taken, sat]
                x0, y0 = min(r[0] for r in box), min(r[1] for r in box)
                x1 = max(r[0] + r[2] for r in box)
                y1 = max(r[1] + r[3] for r in box)
                if max(x1 - x0, y1 - y0) > max_row:
                    continue
                if not free.island_floor(sat) or free.fronts(sat) < 4:
                    continue
                if not p.clear_of_rivals(req.id, sat, floor.where):
                    continue
                if not _walkable(floor, sat):
                    continue
                acc = walk.access((sx * g, sy * g, sw * g, sh * g), params.open_share)
                deep = max(acc.inside, min(sw, sh) * g / 2)
                if acc.travel > floor.limit or deep > p.rules.max_to_aisle_m:
                    continue
                got = Placed(req, sat, 4, OPEN_FLOOR)
                corners.remove((cx, cy))
                break
            if got is not None:
                break
        if got is None:
            return None
        out.append(got)
        taken.append(got.rect)
    return out


def _walkable(floor: OpenFloor, rect: Rect) -> bool:
    """Whether a spot might keep the travel limit by the walk raster's bound
    (`Walk.least_travel`): one that fails would fail the sampled walk too, so it costs no
    try. In a hall whose middle is out of reach, the spots nearest a far tier's place were
    mostly beyond it, and the first 24 tried hid the reachable floor (fuzzed seed 8100
    ev06: 47 stands unplaced beside it)."""
    metres = np.array([rect], dtype=float) * floor.p.g
    return bool(floor.walk.least_travel(metres)[0] <= floor.limit)


def _seat_block(
    floor: OpenFloor, options: list[Block], target: float, satellites: Sequence[Request] = ()
) -> list[Placed]:
    """The first of `options` (blocks of one pavilion) that stands free on the open floor, at
    the spot nearest `target` among the 24 nearest, with its `satellites` at its corners;
    [] when none does."""
    p, free, walk, params = floor.p, floor.free, floor.walk, floor.params
    g = p.g
    best: list[tuple[float, Rect, Block]] = []
    # With satellites, also spots off the free floor's corners (they lie against walls and
    # columns, where no corner of the block is free): island spots spread over the hall.
    for rows in options:
        length = sum(w for _, (w, _) in rows[0])
        depth = sum(row_depth(row) for row in rows)
        for w, h in ((length, depth), (depth, length)):
            rects = [free.rect(i, j, w, h) for i, j in free.spots(w, h)]
            if satellites:
                rects += [free.rect(i, j, w, h) for i, j in free.spread(w, h, SATELLITE_SPOTS)]
            if not rects:
                continue
            cx = np.array([(x + w / 2) * g for x, _, _, _ in rects])
            cy = np.array([(y + h / 2) * g for _, y, _, _ in rects])
            key = _off(shapely.distance(p.entrances, shapely.points(cx, cy)), target)
            best.extend((float(key[k]), rects[k], rows) for k in range(len(rects)))
    best.sort(key=lambda t: (t[0], t[1]))
    # Satellites need a corner free too: more of the block's spots are weighed.
    tries = 24 * (1 + 3 * bool(satellites))
    for _, rect, rows in best:
        if tries == 0:
            break
        x, y, w, h = rect
        # An aisle all round: a single row's members keep front and back, a double row's
        # their front; the members at a row's ends one side more.
        if not _walkable(floor, rect):
            continue
        tries -= 1
        if free.fronts(rect) < 4:
            continue
        single = len(rows) == 1
        deep = max(row_depth(row) for row in rows) * g / (2 if single else 1)
        if deep > p.rules.max_to_aisle_m:
            continue
        acc = walk.access((x * g, y * g, w * g, h * g), params.open_share)
        if len(acc.open) < 4 or acc.travel > floor.limit:
            continue
        block: list[Placed] = []
        across = 0
        for row in rows:
            along = 0
            for k, (m, (mw, md)) in enumerate(row):
                part = (
                    (x + along, y + across, mw, md) if w >= h else (x + across, y + along, md, mw)
                )
                along += mw
                end = (k in (0, len(row) - 1)) + (len(row) == 1)
                # A member shallower than its single row has only its front to the aisle.
                faces = 2 if single and md == row_depth(row) else 1
                block.append(Placed(m, part, faces + end, OPEN_FLOOR))
            across += row_depth(row)
        if not all(p.clear_of_rivals(pl.request.id, pl.rect, floor.where) for pl in block):
            continue
        extra = _satellites(floor, block, rect, list(satellites))
        if extra is not None:
            return block + extra
    return []


class _Failed:
    """Requests that found no room since the last stand was seated, as what they needed.

    Nothing is freed until a stand is seated, so a request that needs at least as
    much as one that failed (as many open sides or more, as much area or more,
    flexible in size and without keep-apart rivals) fails too: in a hall whose open
    floor is all too far from an exit, each of a hundred leftovers would otherwise
    try every row end and spot again (most of a dense hall's solve).
    """

    def __init__(self) -> None:
        self.exact: set[tuple[object, ...]] = set()
        self.least: dict[int, float] = {}
        """Smallest failed area by open sides needed."""

    def _flexible(self, req: Request, p: HallProblem) -> bool:
        return req.exact_size is None and req.id not in p.rivals

    def hopeless(self, req: Request, p: HallProblem) -> bool:
        if not self._flexible(req, p):
            return self._kind(req, p) in self.exact
        need = req.open_sides_needed
        return any(n <= need and a <= req.area_m2 for n, a in self.least.items())

    def add(self, req: Request, p: HallProblem) -> None:
        if not self._flexible(req, p):
            self.exact.add(self._kind(req, p))
            return
        need = req.open_sides_needed
        self.least[need] = min(self.least.get(need, math.inf), req.area_m2)

    def clear(self) -> None:
        self.exact.clear()
        self.least.clear()

    @staticmethod
    def _kind(req: Request, p: HallProblem) -> tuple[object, ...]:
        return (req.area_m2, req.exact_size, req.open_sides_needed, req.id in p.rivals)


def _off(dist: np.ndarray, target: float) -> np.ndarray:
    """How far each distance is from the target (farthest first for an infinite one)."""
    out: np.ndarray = -dist if math.isinf(target) else np.abs(dist - target)
    return out


def targets(p: HallProblem, placed: list[Placed], tier: int) -> float:
    """How far from the entrance a newcomer of this tier belongs: where its tier's ranks
    would stand if the hall were perfectly fair. The stands' distances sorted nearest
    first, the higher tiers take the first places and this tier the next ones: the aim is
    the median of those (for a tier not yet here, between the neighbouring places: the
    entrance for a tier above all, the far end for one below all). Where a tier stands
    now is no aim: the lowest tier seated by the entrance (the only stands a shallow row
    there fits) would call its own tier back to the front (fuzzed seed 35000 ev06)."""
    dist = sorted(-p.nearness(pl.rect) for pl in placed)
    higher = sum(pl.request.tier > tier for pl in placed)
    same = sum(pl.request.tier == tier for pl in placed)
    if same:
        return float(np.median(dist[higher : higher + same]))
    if higher == 0:
        return 0.0
    if higher == len(dist):
        return math.inf
    return (dist[higher - 1] + dist[higher]) / 2


def _without(
    placed: list[Placed], kept: list[Placed], waiting: list[Request], rows: Rows
) -> tuple[list[Placed], list[Request]]:
    """The hall with only the `kept` newcomers; stands they no longer touch keep their sides."""
    ids = {pl.request.id for pl in kept}
    n = len(placed)
    old = {pl.request.id: pl for pl in placed}
    out: list[Placed] = []
    for pl in rows.placed[:n]:
        # Fewer open sides only where a kept newcomer touches it.
        touched = any(
            rect_gap(pl.rect, q.rect) == 0 for q in rows.placed[n:] if q.request.id in ids
        )
        out.append(pl if touched else old[pl.request.id])
    out += [q for q in rows.placed[n:] if q.request.id in ids]
    return out, [r for r in waiting if r.id not in ids]


def _extend(
    floor: OpenFloor, req: Request, rows: Rows, target: float, walked_sides: bool = False
) -> Placed | None:
    """`req` at the end of a row that keeps every rule, its distance from the entrance
    nearest `target` first (`walked_sides`: as for `infill`)."""
    p, free, walk, params = floor.p, floor.free, floor.walk, floor.params
    g = p.g
    walked = free.walkable_under if walked_sides else None
    cands = rows.candidates(req, shapes(req, p, floor.step, most=2), walked)
    if req.pavilion:
        # A pavilion's member continues a row only beside a fellow (C8: within an aisle).
        cands = [(i, rect) for i, rect in cands if rows.placed[i].request.pavilion == req.pavilion]
    sides_on = walked or free.on_floor
    if not cands:
        return None
    cx = np.array([(r[0] + r[2] / 2) * g for _, r in cands])
    cy = np.array([(r[1] + r[3] / 2) * g for _, r in cands])
    dist = shapely.distance(p.entrances, shapely.points(cx, cy))
    need = max(1, req.open_sides_needed)
    seen: set[Rect] = set()
    boxes = np.array([r for _, r in cands], dtype=np.int64)
    clear = rows.clear(boxes) & ~p.beyond_reach(boxes, floor.limit)
    for k in np.argsort(_off(dist, target), kind="stable").tolist():
        _, rect = cands[k]
        if not clear[k] or rect in seen:
            continue
        seen.add(rect)
        if not free.on_floor(rect):
            continue
        touched = rows.joins(rect, sides_on)
        if touched is None or not p.clear_of_rivals(req.id, rect, floor.where):
            continue
        x, y, w, d = rect
        wall = p.outline.exterior.distance(shapely.box(x * g, y * g, (x + w) * g, (y + d) * g))
        if 1e-9 < wall < p.rules.aisle_width_m - 1e-9:
            continue  # a sliver between the stand and the wall
        # Open sides from the floor in front of them now (newcomers included); the walk
        # to an exit from the raster of the hall before them.
        open_ = rows.faces(rect, sides_on)
        if open_ < need:
            continue
        _, travel = walk.serves((x * g, y * g, w * g, d * g), params.open_share)
        if travel > floor.limit or min(w, d) * g > p.rules.max_to_aisle_m:
            continue
        got = Placed(req, rect, open_, OPEN_FLOOR)
        rows.add(touched, got)
        return got
    return None


def open_floor(
    p: HallProblem, taken: dict[str, Rect], params: Params, step: int, gap: int
) -> OpenFloor:
    """The floor that holds only `taken` (rects by request), for `seats`: built once, it
    answers for every request a caller weighs on it."""
    rects = list(taken.values())
    return OpenFloor(
        p, Free(p, rects, gap, step), build_walk(p, rects, params), dict(taken), params, step
    )


def seats(floor: OpenFloor, req: Request, many: int, target: float = 0.0) -> list[Placed]:
    """Where `req` could stand on `floor` (`open_floor`): up to `many` corners of the free
    floor, those whose distance from the entrance is nearest `target` first (its tier's
    place, `targets`; 0: nearest the entrance) and each well apart from the others, an aisle clear
    of everything (or backed onto a wall), and clear of its keep-apart rivals. A stand open
    on four sides is seated an aisle from the keep-outs too where it can be: flush with one,
    a side reads open at first and closes when the bands are packed round it (fuzzed seed
    7300 ev06: an 852 m2 island beside a press centre, walled in by every trial)."""
    if req.open_sides_needed >= 4:
        found = _seat(floor, req, many, target, aloof=True)
        if found:
            return found
    return _seat(floor, req, many, target)


def _seat(
    floor: OpenFloor, req: Request, many: int, target: float, aloof: bool = False
) -> list[Placed]:
    """Up to `many` spots, those whose distance from the entrance is nearest `target` first:
    in the most compact shapes, or else in thinner ones (a long thin stand where a compact
    one fits would cut up the floor others need), or else as small as the area tolerance
    allows (a planner trims a 1,544 m2 island to 1,320 m2 before he leaves a hall it
    nearly fills empty)."""
    sizes = shapes(req, floor.p, floor.step, most=8)
    compact = sizes[:4]
    found = _seat_in(floor, req, many, target, compact, aloof) or _seat_in(
        floor, req, many, target, sizes[4:], aloof
    )
    if found or req.exact_size is not None:
        return found
    least = shapes(req, floor.p, floor.step, 8, least=True)
    return _seat_in(floor, req, many, target, least, aloof)


def _seat_in(
    floor: OpenFloor,
    req: Request,
    many: int,
    target: float,
    sizes: list[Shape],
    aloof: bool = False,
) -> list[Placed]:
    p, free, walk, params = floor.p, floor.free, floor.walk, floor.params
    g = p.g
    best: list[tuple[float, Rect]] = []
    for w, d in sizes:
        found = free.spots(w, d, aloof)
        if not found:
            continue
        rects = [free.rect(i, j, w, d) for i, j in found]
        cx = np.array([(x + w / 2) * g for x, _, _, _ in rects])
        cy = np.array([(y + d / 2) * g for _, y, _, _ in rects])
        dist = shapely.distance(p.entrances, shapely.points(cx, cy))
        key = _off(dist, target)
        best.extend((float(key[k]), rects[int(k)]) for k in range(len(rects)))
    best.sort()
    far = p.beyond_reach(np.array([r for _, r in best], dtype=np.int64), floor.limit)
    out: list[Placed] = []
    need = max(1, req.open_sides_needed)
    tried = 0
    for (_, rect), out_of_reach in zip(best, far.tolist(), strict=True):
        if len(out) >= many or tried >= 24 * many:
            break
        x, y, w, d = rect
        if any(rect_gap(rect, pl.rect) < max(w, d) // 2 for pl in out):
            continue
        # Too far from every exit in a straight line, or by the walk raster's bound, too
        # few sides with an aisle's floor before them on the raster (the walk raster does
        # not hold the stand yet: a side backed onto a wall can read open through a cell
        # under the stand), or too near a rival: the walk below would fail or not count,
        # and the spot costs no try. (Fuzzed seed 8100 ev02: the 24 tries of a 12 m2
        # island went to spots with two or three fronts, and every island after it that
        # needed as much was given up.)
        if out_of_reach or not _walkable(floor, rect):
            continue
        fronts = free.fronts(rect)
        if fronts < need or not p.clear_of_rivals(req.id, rect, floor.where):
            continue
        tried += 1
        acc = walk.access((x * g, y * g, w * g, d * g), params.open_share)
        open_ = min(len(acc.open), fronts)
        if open_ < need or acc.travel > floor.limit:
            continue
        # The walk inside to the nearest open side: a long thin stand open at one short
        # end only is as deep as it is long.
        deep = max(acc.inside, min(w, d) * g / (2 if open_ >= 2 else 1))
        if deep > p.rules.max_to_aisle_m:
            continue
        out.append(Placed(req, rect, open_, OPEN_FLOOR))
    return out


def settle(
    p: HallProblem,
    placed: list[Placed],
    new: list[Placed],
    before: Walk,
    params: Params,
    limit: float,
) -> list[Placed]:
    """Walk again with the new stands; take back those that cost another stand its access."""
    g = p.g

    def ok(walk: Walk, pl: Placed) -> bool:
        x, y, w, d = pl.rect
        open_, travel = walk.serves((x * g, y * g, w * g, d * g), params.open_share)
        return open_ >= max(1, pl.request.open_sides_needed) and travel <= limit

    fine = [pl for pl in placed if ok(before, pl)]
    for attempt in range(SETTLE_TRIES):
        if not new:
            return new
        walk = build_walk(p, [pl.rect for pl in placed + new], params)
        hurt = [pl for pl in fine if not ok(walk, pl)]
        bad = {pl.request.id for pl in new if not ok(walk, pl)}
        for victim in hurt:
            gaps = [rect_gap(pl.rect, victim.rect) for pl in new]
            # The newcomers nearest the victim first: one stand took the open side of an
            # island, and the 15 m round it once sent two others away with it.
            reach = min(gaps) if attempt < SETTLE_TRIES - 1 else 15 / g
            bad |= {pl.request.id for pl, gap in zip(new, gaps, strict=True) if gap <= reach}
        if not bad:
            return new
        if hurt and not any(pl.request.id in bad for pl in new):
            return []
        new = [pl for pl in new if pl.request.id not in bad]
    return []


__all__ = ["OPEN_FLOOR", "OpenFloor", "infill", "open_floor", "seats", "settle", "shapes"]
