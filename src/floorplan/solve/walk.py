"""Where visitors can walk, and how far it is to an exit.

The solver needs two answers before it puts a stand anywhere: does this side
of the stand face an aisle, and is the walk from the stand to an exit short
enough? Both depend on the skeleton, not on which stand goes where, so they
are computed once per skeleton with every segment full (the worst case:
emptier floors only walk better). Walkable space is the free floor opened by
the aisle width (Shapely buffers, exact); walks go from cell centre to cell
centre of a raster of it (scipy's Dijkstra), which is never shorter than the
true walk.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra
from shapely import box
from shapely.geometry.base import BaseGeometry

from floorplan.solve.params import Params
from floorplan.solve.problem import HallProblem, Rect

SNUG = 1e-6
"""Metres by which an aisle may be narrower than the rule and still count: the
validator accepts an aisle of exactly the aisle width (its eroded core a sliver this
wide on both sides). At 5 mm a disc 1 cm narrower than the aisle passed between a
column's corner and a stand's where the validator's did not (fuzzed seed 6100 ev13)."""

ERODE_SEGMENTS = 32
"""Chords per quarter circle where the free floor is eroded: a chord cuts inside its
arc, so the eroded core reaches nearer a corner than the disc does (3.4 cm at 8 chords
and r = 1.75 m, 2 mm at 32). Between two corners that decides whether an aisle-wide disc
passes, so it is drawn as finely as the validator draws it; the growth back is drawn
coarser, and so a little smaller than the truth, never larger."""

GROW_SEGMENTS = 8
"""Chords per quarter circle where the eroded core grows back (cheap, and on the safe
side: walkable space a hair smaller than the validator's near corners)."""

SIDE_SAMPLE_M = 0.25
"""Spacing of the samples that measure how much of a side is open."""

SIDE_OFFSET_M = 0.02
"""How far outside a side those samples lie: near the side, where rounded aisle
corners take the most, as the validator looks (at 5 cm a side facing a pocket
an aisle wide counted 1.8 m of 3 open where the validator sees 1.3 m)."""

EXACT_BAND = 0.25
"""Sides whose sampled share lies this near one half are measured again, exactly."""

EXACT_SAMPLE_M = 0.01
"""Spacing of the samples of that second measure."""

EXACT_OFFSET_M = 0.001
"""How far outside a side that second measure looks: a rounded aisle corner of radius r
then reaches sqrt(2 r e) farther along the side than at the side (6 cm at r = 1.7 m)."""

DOOR_REACH = 0.1
"""Metres from a doorway within which walks start at it (the opened space's arcs come a
hair short of the wall)."""

DOOR_TOUCH = 0.01
"""Metres from a doorway within which the walkable space counts as bordering it: along
a wall the opened space lies within `SNUG` of it."""

DOOR_CONTACT = 0.25
"""Metres of a doorway a piece of opened floor must border to reach that exit. The
validator asks for 1 cm of contact; a rounded end of the space that only comes near a
door's end borders none of it, yet lies within `DOOR_TOUCH` of sqrt(2 r DOOR_TOUCH) of
the wall (0.19 m at r = 1.75 m): a pocket beside a door, cut off from the aisles by
columns, once counted as walkable and two stands' sides facing it as open."""

LINK_REACH = 0.8
"""Cells: a link between neighbouring cell centres both of whose ends lie this deep inside
the walkable space lies in it whole (each of its points is at most 0.71 cells from an
end). The inward buffer's corner arcs are drawn with 2 chords a quarter circle, which
come 8% of the reach nearer a corner than the arc: 0.8 leaves 0.74 cells, still beyond
0.71."""


@dataclass(eq=False)
class WalkWork:
    """Walks built (their raster cells) and stands measured on them (`Walk.access`): most
    of the open floor's work, counted so that a budget pays what it cost, the same on
    any machine (see `counted`)."""

    cells: int = 0
    accesses: int = 0

    def ms(self, params: Params) -> float:
        """In reference milliseconds (`Params.fill_ms_per_kcell`, `fill_ms_per_access`)."""
        return (
            self.cells / 1000 * params.fill_ms_per_kcell + self.accesses * params.fill_ms_per_access
        )


class _Counting(threading.local):
    """The counts open in this thread: a hall's threads hand out their packs side by side,
    and each counts only its own."""

    def __init__(self) -> None:
        self.open: list[WalkWork] = []


_COUNTING = _Counting()


@contextmanager
def counted() -> Iterator[WalkWork]:
    """The walks built and stands measured in this thread while the block runs."""
    work = WalkWork()
    _COUNTING.open.append(work)
    try:
        yield work
    finally:
        _COUNTING.open.pop()  # the innermost: counts nest as the blocks do


def _count(cells: int = 0, accesses: int = 0) -> None:
    for work in _COUNTING.open:
        work.cells += cells
        work.accesses += accesses


_DI = np.array([-1, 0, 1] * 3)
_DJ = np.repeat([-1, 0, 1], 3)


@dataclass
class Walk:
    cell: float
    ox: float
    oy: float
    space: BaseGeometry
    """Walkable space that reaches a door."""
    dist: np.ndarray
    """Walk from each cell centre to the nearest door (inf where not walkable)."""

    def sample(self, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Whether each point is walkable, and an upper bound of its walk to a door."""
        ok = shapely.contains_xy(self.space, xs, ys)
        h, w = self.dist.shape
        # The 3 x 3 cells round each point at once: rows are the nine offsets.
        i = np.floor((xs - self.ox) / self.cell).astype(int)[None, :] + _DI[:, None]
        j = np.floor((ys - self.oy) / self.cell).astype(int)[None, :] + _DJ[:, None]
        valid = (i >= 0) & (i < w) & (j >= 0) & (j < h)
        d = np.where(valid, self.dist[np.clip(j, 0, h - 1), np.clip(i, 0, w - 1)], np.inf)
        cx = self.ox + (i + 0.5) * self.cell
        cy = self.oy + (j + 0.5) * self.cell
        best: np.ndarray = np.min(d + np.hypot(cx - xs[None, :], cy - ys[None, :]), axis=0)
        best[~ok] = np.inf
        return ok, best

    def least_travel(self, rects: np.ndarray) -> np.ndarray:
        """A lower bound of `access(rect).travel` for each rectangle (rows x, y, w, d in
        metres), from the raster alone: the shortest walk from any cell round the stand
        (every sample `access` takes draws on those) plus how far the farthest corner
        is from any point just outside a side. Cheap, so that a search over many spots
        spends its walks only on those that could keep the travel limit."""
        h, w = self.dist.shape
        out = np.empty(len(rects))
        pad = 2
        for k, (x, y, rw, rd) in enumerate(rects):
            i0 = max(0, math.floor((x - self.ox) / self.cell) - pad)
            i1 = min(w, math.floor((x + rw - self.ox) / self.cell) + pad + 1)
            j0 = max(0, math.floor((y - self.oy) / self.cell) - pad)
            j1 = min(h, math.floor((y + rd - self.oy) / self.cell) + pad + 1)
            window = self.dist[j0:j1, i0:i1]
            out[k] = float(window.min()) if window.size else math.inf
        corner = np.minimum(
            np.hypot(rects[:, 2] / 2, rects[:, 3]), np.hypot(rects[:, 3] / 2, rects[:, 2])
        )
        big = np.flatnonzero((rects[:, 2] > PIECE_M + 1e-9) | (rects[:, 3] > PIECE_M + 1e-9))
        for k in big.tolist():
            rw, rd = float(rects[k, 2]), float(rects[k, 3])
            nx, ny = _pieces(rw, rd)
            if nx > 1 or ny > 1:
                # Weighed in pieces: the grid point deepest inside walks at least that far.
                gx = rw * np.arange(nx + 1) / nx
                gy = rd * np.arange(ny + 1) / ny
                inside = np.minimum(
                    np.minimum(gx, rw - gx)[None, :], np.minimum(gy, rd - gy)[:, None]
                )
                corner[k] = float(inside.max())
        bound: np.ndarray = out + corner
        return bound

    def share(self, side: tuple[float, float, float, float]) -> float:
        """Share of a side (x0, y0, x1, y1; stand on its left) that borders walkable space.

        Sampled every `SIDE_SAMPLE_M` just outside the side: a column or a
        corner that cuts the aisle in front of a side takes its true share
        (eight samples along a 6 m side once counted 5/8 open where the
        validator measured less than half).
        """
        x0, y0, x1, y1 = side
        length = math.hypot(x1 - x0, y1 - y0)
        n = max(8, math.ceil(length / SIDE_SAMPLE_M))
        t = (np.arange(n) + 0.5) / n
        nx, ny = (y1 - y0) / length, -(x1 - x0) / length
        xs = x0 + (x1 - x0) * t + nx * SIDE_OFFSET_M
        ys = y0 + (y1 - y0) * t + ny * SIDE_OFFSET_M
        coarse = float(shapely.contains_xy(self.space, xs, ys).mean())
        if abs(coarse - 0.5) > EXACT_BAND:
            return coarse
        # Near half, where the verdict turns: closer and denser. A side meeting a wall
        # or column at right angles loses an aisle's half-width to the walkers' rounded
        # reach, which samples 2 cm out see 0.26 m of (a 3 m wall-row end, open at 1.72 m
        # by the samples, borders 1.47 m as the validator measures it).
        n = max(8, math.ceil(length / EXACT_SAMPLE_M))
        t = (np.arange(n) + 0.5) / n
        xs = x0 + (x1 - x0) * t + nx * EXACT_OFFSET_M
        ys = y0 + (y1 - y0) * t + ny * EXACT_OFFSET_M
        return float(shapely.contains_xy(self.space, xs, ys).mean())

    def serves(
        self, rect: tuple[float, float, float, float], open_share: float
    ) -> tuple[int, float]:
        """A rectangular stand (x, y, w, d in metres): its open sides, and its shortest walk
        to a door from its farthest corner through an open side (inf when none is open)."""
        a = self.access(rect, open_share)
        return len(a.open), a.travel

    def access(self, rect: tuple[float, float, float, float], open_share: float) -> Access:
        """Which sides of a rectangular stand (x, y, w, d in metres) are open, and its
        shortest walk to a door from its farthest corner through one of them."""
        _count(accesses=1)
        x, y, w, d = rect
        sides = [
            (x, y + d, x, y),
            (x, y, x + w, y),
            (x + w, y, x + w, y + d),
            (x + w, y + d, x, y + d),
        ]
        open_: list[int] = []
        doors: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        one = _pieces(w, d) == (1, 1)
        best = math.inf
        corners = np.array([[x, y], [x + w, y], [x, y + d], [x + w, y + d]])
        for k, side in enumerate(sides):
            if self.share(side) < open_share:
                continue
            open_.append(k)
            x0, y0, x1, y1 = side
            t = (np.arange(16) + 0.5) / 16
            # Sample just outside: the stand is on the left of each side as listed.
            length = math.hypot(x1 - x0, y1 - y0)
            nx, ny = (y1 - y0) / length, -(x1 - x0) / length
            xs = x0 + (x1 - x0) * t + nx * 0.05
            ys = y0 + (y1 - y0) * t + ny * 0.05
            _ok, dist = self.sample(xs, ys)
            if one:
                # One piece (most stands): its farthest corner, side by side, at less cost.
                far = np.max(
                    np.hypot(xs[:, None] - corners[None, :, 0], ys[:, None] - corners[None, :, 1]),
                    axis=1,
                )
                best = min(best, float(np.min(dist + far)))
            else:
                doors.append((xs, ys, dist))
        if doors:
            best = _travel(rect, doors)
        return Access(tuple(open_), best, _deepest(w, d, open_))


PIECE_M = 10.0
"""A stand longer than this on a side is weighed in pieces at most this long (`_travel`)."""


def _pieces(w: float, d: float) -> tuple[int, int]:
    """How many pieces across x and y `_travel` weighs a w x d stand in."""
    return max(1, math.ceil(w / PIECE_M - 1e-9)), max(1, math.ceil(d / PIECE_M - 1e-9))


def _travel(
    rect: tuple[float, float, float, float],
    doors: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> float:
    """An upper bound of the walk to a door from every point of a stand, given points just
    outside its open sides and their walks (`doors`: xs, ys, walks). A point walks
    straight to one of those points and on from there; every point of a piece of the stand
    is at most as far from it as the piece's farthest corner. In one piece, that is the
    stand's farthest corner through a single point of its sides: a 16 x 61 m island open
    on all four sides counted 71 m where the validator measured 51 (fuzzed seed 19300
    ev09: a car maker's raw space between two column lines refused), because its far end
    walks out through a nearer side than its near end does. In pieces (`PIECE_M`) each
    takes its own way out; a stand up to `PIECE_M` on both sides is one piece."""
    x, y, w, d = rect
    xs = np.concatenate([xs for xs, _, _ in doors])
    ys = np.concatenate([ys for _, ys, _ in doors])
    dist = np.concatenate([dist for _, _, dist in doors])
    nx, ny = _pieces(w, d)
    gx = x + w * np.arange(nx + 1) / nx
    gy = y + d * np.arange(ny + 1) / ny
    # Distance from each sample to each grid point: samples x (ny + 1) x (nx + 1).
    far = np.hypot(xs[:, None, None] - gx[None, None, :], ys[:, None, None] - gy[None, :, None])
    # Each piece's farthest corner from each sample: samples x ny x nx.
    corner = np.maximum(
        np.maximum(far[:, :-1, :-1], far[:, :-1, 1:]), np.maximum(far[:, 1:, :-1], far[:, 1:, 1:])
    )
    return float(np.max(np.min(dist[:, None, None] + corner, axis=0)))


def _deepest(w: float, d: float, open_: list[int]) -> float:
    """The longest straight walk inside a w x d stand to its nearest open side (sides 0
    left, 1 bottom, 2 right, 3 top). Across x it is w, or w/2 with both ends open, and
    likewise across y; the farthest point is as far as the nearer of the two."""

    def across(length: float, ends: int) -> float:
        return (math.inf, length, length / 2)[ends]

    return min(across(w, (0 in open_) + (2 in open_)), across(d, (1 in open_) + (3 in open_)))


@dataclass(frozen=True)
class Access:
    """How a stand reaches the aisles: its open sides (0 left, 1 bottom, 2 right, 3 top),
    its walk to a door, and a bound on the walk inside it to its nearest open side."""

    open: tuple[int, ...]
    travel: float
    inside: float


def build_walk(p: HallProblem, stands: list[Rect], params: Params) -> Walk:
    """The walkable space and walks of a hall in which `stands` (local rectangles) all stand."""
    g = p.g
    a = p.rules.aisle_width_m
    boxes = [box(x * g, y * g, (x + w) * g, (y + d) * g) for x, y, w, d in stands]
    free = p.outline.difference(shapely.union_all([p.hard, *boxes]))
    r = a / 2 - SNUG
    opened = free.buffer(-r, quad_segs=ERODE_SEGMENTS).buffer(r, quad_segs=GROW_SEGMENTS)
    doors = shapely.union_all([d.buffer(DOOR_REACH) for d in p.doors])
    parts = [
        q for q in getattr(opened, "geoms", [opened]) if q.intersects(doors) and _exits(q, p.doors)
    ]
    space = shapely.union_all(parts) if parts else shapely.Polygon()
    # Walks start where the walkable space meets a door, not anywhere near one: a column
    # less than an aisle from a door's end leaves that end behind a pinch.
    touched = space.intersection(doors).buffer(DOOR_REACH)
    reached = shapely.union_all(list(p.doors)).intersection(touched)
    shapely.prepare(space)
    x0, y0, x1, y1 = p.outline.bounds
    area = (x1 - x0) * (y1 - y0)
    cell = max(math.sqrt(area / params.raster_cells), min(params.max_cell_m, a / 4))
    nx, ny = math.ceil((x1 - x0) / cell) + 1, math.ceil((y1 - y0) / cell) + 1
    xs = x0 + (np.arange(nx) + 0.5) * cell
    ys = y0 + (np.arange(ny) + 0.5) * cell
    X, Y = np.meshgrid(xs, ys)
    _count(cells=nx * ny)
    inside = shapely.contains_xy(space, X, Y)
    dist = _distances(reached, inside, X, Y, cell, space)
    return Walk(cell, x0, y0, space, dist)


def _exits(part: BaseGeometry, doors: tuple[BaseGeometry, ...]) -> bool:
    """Whether a piece of opened floor borders `DOOR_CONTACT` of one door, as the
    validator asks (only the floor near the doors is grown: the piece may be large)."""
    for door in doors:
        near = part.intersection(door.buffer(DOOR_REACH, cap_style="flat"))
        if near.is_empty:
            continue
        if door.intersection(near.buffer(DOOR_TOUCH)).length >= DOOR_CONTACT:
            return True
    return False


def _distances(
    doors: BaseGeometry,
    walkable: np.ndarray,
    X: np.ndarray,
    Y: np.ndarray,
    cell: float,
    space: BaseGeometry,
) -> np.ndarray:
    """Walk from every walkable cell centre to the nearest of `doors` (the pieces of the
    doorways the walkable space meets; inf where none is reached).

    Two neighbouring centres are linked only when the straight line between them is
    walkable: a column in an aisle cuts it (the gaps beside it are narrower than an
    aisle), and the cut is often narrower than a cell, which a link from centre to centre
    would jump. Where a stand's corner stands less than an aisle from a column, the
    walkable space on either side comes within centimetres of the other's (or touches it
    at a point), and the validator walks round: so does the raster.
    """
    h, w = walkable.shape
    out = np.full((h, w), np.inf)
    count = int(walkable.sum())
    if count == 0:
        return out
    idx = np.full((h, w), -1, dtype=np.int64)
    idx[walkable] = np.arange(count)
    # A link both of whose ends lie this deep inside the space lies in it whole; the others
    # (near a wall, a stand or a pinch) are tested exactly. One test a cell, not a link.
    deep = space.buffer(-LINK_REACH * cell, quad_segs=2)
    shapely.prepare(deep)
    inner = np.zeros((h, w), dtype=bool)
    inner[walkable] = shapely.contains_xy(deep, X[walkable], Y[walkable])
    rim = _edges(space)
    rows, cols, wts = [], [], []
    for dj, di, wt in ((0, 1, 1.0), (1, 0, 1.0), (1, 1, math.sqrt(2)), (1, -1, math.sqrt(2))):
        a_ = idx[0 : h - dj, max(0, -di) : w - max(0, di)]
        b_ = idx[dj:h, max(0, di) : w - max(0, -di)]
        both = (a_ >= 0) & (b_ >= 0)
        ja, ka = np.nonzero(both)
        ca = ka + max(0, -di)  # the column of the link's first cell in the raster
        xa, ya = X[ja, ca], Y[ja, ca]
        ok = inner[ja, ca] & inner[ja + dj, ca + di]
        edge = np.nonzero(~ok)[0]
        if len(edge):
            links = shapely.linestrings(
                np.stack(
                    [
                        np.stack([xa[edge], ya[edge]], axis=1),
                        np.stack([xa[edge] + di * cell, ya[edge] + dj * cell], axis=1),
                    ],
                    axis=1,
                )
            )
            hit = rim.query(links, predicate="intersects")[0]
            ok[edge] = True
            ok[edge[np.unique(hit)]] = False
        both[ja, ka] = ok
        rows.append(a_[both])
        cols.append(b_[both])
        wts.append(np.full(int(both.sum()), wt * cell))
    src, near = _at_doors(doors, X[walkable], Y[walkable], 1.5 * cell)
    rows.append(np.full(len(src), count))
    cols.append(src)
    wts.append(near + 1e-9)
    n = count + 1
    graph = coo_matrix(
        (np.concatenate(wts), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)
    ).tocsr()
    d = dijkstra(graph, directed=False, indices=count)
    out[walkable] = d[:count]
    return out


def _at_doors(
    doors: BaseGeometry, xs: np.ndarray, ys: np.ndarray, reach: float
) -> tuple[np.ndarray, np.ndarray]:
    """The points within `reach` of `doors`, by index, and their distances to them.

    Only the points in a door piece's bounding box grown by `reach` are measured: the
    distance of every walkable cell of a hall to its doors took half of a walk (a
    raster of 88,000 cells in a 205 x 240 m hall, for a few dozen cells at the doors),
    and aligning blocks walks the hall once for every move it tries."""
    if doors.is_empty or not len(xs):
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    near_box = np.zeros(len(xs), dtype=bool)
    for part in shapely.get_parts(doors):
        x0, y0, x1, y1 = part.bounds
        near_box |= (
            (xs >= x0 - reach) & (xs <= x1 + reach) & (ys >= y0 - reach) & (ys <= y1 + reach)
        )
    cand = np.nonzero(near_box)[0]
    dist = shapely.distance(doors, shapely.points(xs[cand], ys[cand]))
    keep = dist <= reach
    return cand[keep], dist[keep]


def _edges(space: BaseGeometry) -> shapely.STRtree:
    """The straight pieces of the walkable space's outline, indexed: a link that meets
    none of them lies inside the space (its midpoint does)."""
    rings = shapely.get_rings(shapely.get_parts(space))
    coords = [shapely.get_coordinates(r) for r in rings]
    pieces = [np.stack([c[:-1], c[1:]], axis=1) for c in coords if len(c) > 1]
    segs = np.concatenate(pieces) if pieces else np.zeros((0, 2, 2))
    return shapely.STRtree(shapely.linestrings(segs))


__all__ = ["Access", "Walk", "WalkWork", "build_walk", "counted"]
